"""Daily anchors of the audit chain's head in a write-once file outside the database.

Each anchor is one JSON line appended to ``CESP_AUDIT_ANCHOR_FILE``: the day, the chain's
length, its last entry and that entry's hash, sealed by an HMAC under the audit key. The file
is only ever appended to (a deployment puts it on append-only storage: docs/deploy.md), so a
writer who rewrites the chain in the database, even one holding the key, cannot make the
rewritten entries agree with the anchors already written; ``cesp audit verify`` checks them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from .chain import canonical_json


@dataclass(frozen=True)
class Anchor:
    """The chain's head on a given day."""

    day: str
    length: int
    last_entry_id: int | None
    last_hash: str

    def seal(self, key: bytes) -> str:
        return hmac.new(key, canonical_json(asdict(self)).encode(), hashlib.sha256).hexdigest()

    @property
    def day_label(self) -> str:
        return date.fromisoformat(self.day).strftime("%d/%m/%Y")


class AnchorFileError(Exception):
    """A line of the anchor file cannot be read or its seal does not hold."""


def read_anchors(path: Path, key: bytes) -> list[Anchor]:
    """Every anchor of the file, oldest first; a line that does not hold is an error."""
    if not path.exists():
        return []
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            seal = data.pop("seal")
            anchor = Anchor(**data)
        except (ValueError, TypeError, KeyError) as exc:
            raise AnchorFileError(f"ligne {number} illisible ({exc.__class__.__name__})") from exc
        if not hmac.compare_digest(seal, anchor.seal(key)):
            raise AnchorFileError(f"ligne {number} : le sceau de l'ancrage ne correspond pas")
        anchors.append(anchor)
    return anchors


def append_anchor(path: Path, anchor: Anchor, key: bytes) -> None:
    """Append one sealed line (O_APPEND: never rewrites what is there), flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({**asdict(anchor), "seal": anchor.seal(key)}, sort_keys=True) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)

"""Hashing of audit entries: canonical JSON, HMAC-SHA256 chained on the previous hash.

The HMAC key (``CESP_AUDIT_KEY``) is kept outside the database, so whoever can write to the
database but does not hold the key cannot rehash a rewritten chain (issue 12 §4).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8: the same facts always give the same text."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def normalise(value: Any) -> Any:
    """What a JSON column will give back: hash exactly what is stored."""
    return None if value is None else json.loads(canonical_json(value))


def entry_digest(key: bytes, previous_hash: str, fields: dict[str, Any]) -> str:
    """HMAC-SHA256 under ``key`` of (previous hash + canonical JSON of the entry's fields)."""
    text = previous_hash + canonical_json(fields)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


#: Columns of ``AuditEntry`` covered by the hash, in the order of ``hashed_fields``.
HASHED_COLUMNS = (
    "actor_id", "actor_label", "action", "object_type", "object_id", "contract_id",
    "before", "after", "reason", "recorded_at",
)  # fmt: skip


def hashed_fields(entry) -> dict[str, Any]:
    """The fields of an ``AuditEntry`` that the hash covers."""
    return hashed_fields_of_row(tuple(getattr(entry, column) for column in HASHED_COLUMNS))


def hashed_fields_of_row(row: tuple) -> dict[str, Any]:
    """Same, from a ``values_list(*HASHED_COLUMNS)`` row (verification reads rows)."""
    actor, label, action, object_type, object_id, contract, before, after, reason, when = row
    return {
        "actor": actor,
        "actor_label": label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "contract_id": contract,
        "before": before,
        "after": after,
        "reason": reason,
        "recorded_at": when.astimezone(UTC).isoformat(),
    }

"""Writing to and verifying the audit chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .anchors import Anchor, AnchorFileError, append_anchor, read_anchors
from .chain import HASHED_COLUMNS, entry_digest, hashed_fields, hashed_fields_of_row, normalise
from .models import GENESIS_HASH, REASON_MAX_LENGTH, AuditEntry, AuditHead


def audit_key() -> bytes:
    """The chain's HMAC key, from the settings (kept outside the database)."""
    return settings.CESP_AUDIT_KEY.encode("utf-8")


def record(
    actor,
    action: str,
    obj: models.Model | None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    *,
    contract_id: int | None = None,
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction.

    The head row is locked (``select_for_update``) so two writers cannot both chain
    on the same previous hash (reliability.md: 821 forks naive, 0 locked).
    Only the username is kept beside the actor id: never a full name. A reason longer
    than ``REASON_MAX_LENGTH`` is refused (``ValidationError``), never stored.
    """
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": [f"Motif trop long : {REASON_MAX_LENGTH} caractères au plus."]}
        )
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            AuditHead.objects.get_or_create(pk=1)
            head = AuditHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=getattr(actor, "username", "") or "",
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            contract_id=contract_id,
            before=normalise(before),
            after=normalise(after),
            reason=reason,
            recorded_at=timezone.now(),
            previous_hash=head.last_hash,
        )
        entry.hash = entry_digest(audit_key(), head.last_hash, hashed_fields(entry))
        entry.save()
        AuditHead.objects.filter(pk=1).update(
            last_hash=entry.hash, last_entry_id=entry.pk, length=models.F("length") + 1
        )
        return entry


@dataclass(frozen=True)
class Break:
    """One place where the chain does not hold."""

    entry_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"entrée #{self.entry_id}" if self.entry_id is not None else "tête de chaîne"
        return f"{where} : {self.problem}"


def verify_chain(batch_size: int = 10000) -> tuple[int, list[Break]]:
    """Check every entry and every daily anchor; return (entries checked, breaks).

    An altered row breaks its own hash; a deleted row breaks the link of the next
    one; a deleted tail shows at the head. Each is reported once. A chain rewritten
    and rehashed from some row on (even with the key) no longer matches the anchors
    written before the rewrite.
    """
    key = audit_key()
    breaks: list[Break] = []
    try:
        anchors = read_anchors(settings.CESP_AUDIT_ANCHOR_FILE, key)
    except AnchorFileError as exc:
        anchors = []
        breaks.append(Break(None, f"fichier d'ancrage altéré : {exc}"))
    anchored = {a.last_entry_id for a in anchors}
    hashes: dict[int, str] = {}
    previous = GENESIS_HASH
    count = 0
    for pk, previous_hash, stored_hash, *fields in _rows(batch_size):
        count += 1
        if previous_hash != previous:
            breaks.append(
                Break(pk, "le maillon précédent est absent ou modifié (entrée supprimée ?)")
            )
        if entry_digest(key, previous_hash, hashed_fields_of_row(tuple(fields))) != stored_hash:
            breaks.append(Break(pk, "le contenu ne correspond plus à son empreinte"))
        if pk in anchored:
            hashes[pk] = stored_hash
        previous = stored_hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        breaks.append(Break(None, "la dernière entrée enregistrée manque ou a changé"))
    return count, breaks + _anchor_breaks(anchors, hashes, count)


def _anchor_breaks(anchors: list[Anchor], hashes: dict[int, str], count: int) -> list[Break]:
    """Each anchor must still name an entry with the hash it had that day."""
    return [
        Break(
            anchor.last_entry_id,
            f"ne correspond plus à l'ancrage du {anchor.day_label} "
            "(chaîne réécrite depuis cette date ?)",
        )
        for anchor in anchors
        if anchor.last_entry_id is not None
        and (hashes.get(anchor.last_entry_id) != anchor.last_hash or anchor.length > count)
    ]


def anchor_head(day: date, *, apply: bool) -> tuple[Anchor, bool]:
    """The day's anchor of the chain's head, appended once a day and only if ``apply``.

    Returns the anchor and whether that day was already anchored (then nothing is written).
    """
    head = AuditHead.objects.filter(pk=1).first()
    anchor = Anchor(
        day=day.isoformat(),
        length=head.length if head else 0,
        last_entry_id=head.last_entry_id if head else None,
        last_hash=head.last_hash if head else GENESIS_HASH,
    )
    path, key = settings.CESP_AUDIT_ANCHOR_FILE, audit_key()
    if any(existing.day == anchor.day for existing in read_anchors(path, key)):
        return anchor, True
    if apply:
        append_anchor(path, anchor, key)
    return anchor, False


def _rows(batch_size: int) -> Iterator[tuple]:
    """(id, previous_hash, hash, *hashed columns) in id order, in keyset batches."""
    columns = ("pk", "previous_hash", "hash", *HASHED_COLUMNS)
    last = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(pk__gt=last).order_by("pk").values_list(*columns)[:batch_size]
        )
        if not batch:
            return
        yield from batch
        last = batch[-1][0]


def history_for_contract(contract_id: int) -> models.QuerySet[AuditEntry]:
    """Audit entries about one contract, oldest first."""
    return AuditEntry.objects.filter(contract_id=contract_id).select_related("actor")

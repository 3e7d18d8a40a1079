"""The audit log: append-only, hash-chained entries, one locked chain head.

Each entry's hash is sha256(previous hash + canonical JSON of who/what/object/
before/after/why/when). The single ``AuditHead`` row is taken with
``select_for_update()`` in the transaction that appends, so concurrent writers
cannot fork the chain (reliability.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cesp.core.append_only import AppendOnly

GENESIS_HASH = "0" * 64
#: The longest reason an entry keeps: a few sentences, never a document (issue 12 §4).
REASON_MAX_LENGTH = 2000


class AuditAppendOnlyError(Exception):
    """Audit entries are never updated nor deleted."""


class AuditEntry(AppendOnly):
    """Who did what to which object, before/after, why and when."""

    append_only_error = AuditAppendOnlyError
    update_refused = "Le journal d'audit ne se modifie pas."
    delete_refused = "Le journal d'audit ne se supprime pas."

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField("identifiant de l'auteur", max_length=150, blank=True)
    action = models.CharField("action", max_length=64)
    object_type = models.CharField("type d'objet", max_length=64)
    object_id = models.CharField("identifiant de l'objet", max_length=64, db_index=True)
    contract_id = models.BigIntegerField("contrat concerné", null=True, blank=True, db_index=True)
    before = models.JSONField("avant", null=True, blank=True)
    after = models.JSONField("après", null=True, blank=True)
    reason = models.TextField("motif", blank=True)
    recorded_at = models.DateTimeField("horodatage")
    previous_hash = models.CharField("empreinte précédente", max_length=64)
    hash = models.CharField("empreinte", max_length=64, unique=True)

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The single row holding the chain's last hash; locked by every writer."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    last_entry_id = models.BigIntegerField(null=True, blank=True)
    length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tête de chaîne d'audit"

    def __str__(self) -> str:
        return f"{self.length} entrées, dernière {self.last_hash[:12]}…"

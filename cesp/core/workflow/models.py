"""The transition log: one append-only row per transition applied to an object."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cesp.core.append_only import AppendOnly, AppendOnlyQuerySet


class TransitionLogError(Exception):
    """A logged transition is never updated nor deleted."""


class TransitionLogQuerySet(AppendOnlyQuerySet):
    def for_object(self, obj: models.Model) -> TransitionLogQuerySet:
        """The transitions of one object, oldest first."""
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by(
            "at", "id"
        )


class TransitionLog(AppendOnly):
    """Who moved which object from which state to which, when and why."""

    append_only_error = TransitionLogError
    update_refused = "Le journal des étapes ne se modifie pas."
    delete_refused = "Le journal des étapes ne se supprime pas."

    workflow = models.CharField("circuit", max_length=64)
    object_type = models.CharField("type d'objet", max_length=64)
    object_id = models.CharField("identifiant de l'objet", max_length=64)
    transition = models.CharField("étape", max_length=64)
    transition_label = models.CharField("libellé de l'étape", max_length=200)
    source = models.CharField("état de départ", max_length=64)
    target = models.CharField("état d'arrivée", max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField("auteur (identifiant)", max_length=150, blank=True)
    at = models.DateTimeField("horodatage")
    reason = models.TextField("motif", blank=True)
    data = models.JSONField("données", default=dict, blank=True)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = "étape franchie"
        verbose_name_plural = "journal des étapes"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="transition_object_idx")]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} {self.source} → {self.target}"

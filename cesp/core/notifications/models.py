"""Facts of the notifications part: the outbox with the stored copy of every message,
and the opt-outs of users from optional kinds."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .enums import Status
from .registry import label_of


class Message(models.Model):
    """One message to one user: the outbox row, then the stored copy of what was sent.

    ``idempotency_key`` is unique, so a job run twice writes one message."""

    kind = models.CharField("type", max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name="destinataire",
    )
    to_email = models.CharField("adresse", max_length=254, blank=True)
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("message")
    link = models.CharField("lien", max_length=300, blank=True)
    context = models.JSONField("contexte", default=dict, blank=True, encoder=DjangoJSONEncoder)
    idempotency_key = models.CharField("clé d'idempotence", max_length=255, unique=True)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    next_attempt_at = models.DateTimeField("prochain essai", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    provider_answer = models.TextField("réponse du fournisseur", blank=True)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["recipient", "-created_at"], name="message_recipient"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)


class OptOut(models.Model):
    """A user does not want the messages of an optional kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    kind = models.CharField("type", max_length=64)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "refus de notification"
        verbose_name_plural = "refus de notifications"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_opt_out_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {label_of(self.kind)}"

"""Facts of the offers: who was offered a contract, when it went out and was received,
how the candidate answered and with what proof, the countersignature.

Nothing here is derived: an offer's deadline is ``cesp.rules.offers.signed_contract_due``
of its receipt, the order and the cascade are ``cesp.rules.cascade`` (``cascading.py``).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from cesp.rules.offers import signed_contract_due

from . import permissions
from .enums import PENDING, SIGNED, OfferState, Proof


class OfferRound(models.Model):
    """The offers of one pair of posted lists (campaign, category, profession), started by
    the national manager once the quota arrêté is known (R631-24-5; D6–D7)."""

    ranked_list = models.OneToOneField(
        "selection.RankedList",
        verbose_name="listes",
        on_delete=models.PROTECT,
        related_name="offer_round",
    )
    started_on = models.DateField("offres lancées le")
    channel = models.CharField(
        "envoi des offres", max_length=8, choices=Proof.choices, default=Proof.PORTAL
    )
    delivery_days = models.PositiveSmallIntegerField(
        "acheminement prévu (jours)",
        default=0,
        help_text="Délai prévu entre l'envoi et la réception (0 : portail). "
        "La réception prouvée de chaque offre l'emporte.",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField("lancées à", auto_now_add=True)

    class Meta:
        verbose_name = "lancement des offres"
        verbose_name_plural = "lancements des offres"
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Offres des listes {self.ranked_list_id} (depuis le {self.started_on:%d/%m/%Y})"


class OfferQuerySet(models.QuerySet):
    def pending(self) -> OfferQuerySet:
        return self.filter(state__in=PENDING)

    def signed(self) -> OfferQuerySet:
        return self.filter(state__in=SIGNED)

    def in_offer_order(self) -> OfferQuerySet:
        """Dispatch order; the same day, principal list first, then by rank (§4)."""
        return self.annotate(
            list_order=models.Case(
                models.When(entry__kind="principal", then=0),
                default=1,
                output_field=models.IntegerField(),
            )
        ).order_by("dispatched_on", "list_order", "entry__rank", "id")

    def visible_to(self, user) -> OfferQuerySet:
        """The offers ``user`` may see (``permissions.offer_scope``)."""
        scope = permissions.offer_scope(user)
        return self.none() if scope is None else self.filter(**scope)


class Offer(models.Model):
    """One offer of a contract to one ranked candidate (R631-24-5)."""

    round = models.ForeignKey(OfferRound, on_delete=models.PROTECT, related_name="offers")
    entry = models.OneToOneField(
        "selection.ListEntry", verbose_name="rang", on_delete=models.PROTECT, related_name="offer"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="candidat",
        on_delete=models.PROTECT,
        related_name="contract_offers",
    )
    state = models.CharField(
        "état", max_length=16, choices=OfferState.choices, default=OfferState.SENT
    )
    dispatched_on = models.DateField("envoyée le")
    dispatched_at = models.DateTimeField("envoyée à")
    channel = models.CharField("envoi", max_length=8, choices=Proof.choices)
    dispatch_reference = models.CharField("référence de l'envoi", max_length=100, blank=True)
    received_on = models.DateField("reçue le", null=True, blank=True)
    receipt_proof = models.CharField(
        "preuve de réception", max_length=8, choices=Proof.choices, blank=True
    )
    receipt_reference = models.CharField("référence de l'avis", max_length=100, blank=True)
    answered_on = models.DateField("réponse reçue le", null=True, blank=True)
    answer_proof = models.CharField(
        "preuve du retour", max_length=8, choices=Proof.choices, blank=True
    )
    answer_reference = models.CharField("référence du retour", max_length=100, blank=True)
    countersigned_on = models.DateField("contresigné le", null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contract = models.OneToOneField(
        "contracts.Contract",
        verbose_name="contrat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offer",
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre de contrat"
        verbose_name_plural = "offres de contrat"
        ordering = ["dispatched_on", "id"]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self) -> str:
        return f"Offre n° {self.pk} ({self.get_state_display()})"

    @property
    def deadline(self) -> date | None:
        """Last day to return the signed contract: receipt + 30 days (R631-24-5)."""
        if self.received_on is None:
            return None
        return signed_contract_due(self.received_on).value

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING

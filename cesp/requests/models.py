"""Facts of the requests app: a signatory's request, its proofs and the opinions given.

The state moves only through the declared workflow (``workflow.py``), which logs each
step; the decision's document is archived by the kernel and the contract event it
records lives in contracts. Nothing here has side effects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cesp.contracts.models import Contract, ContractEvent
from cesp.core.documents.models import Document

from .enums import OPEN_STATES, Body, Kind, ProofKind, State


class RequestQuerySet(models.QuerySet):
    def open(self) -> RequestQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def of_contract(self, contract: Contract) -> RequestQuerySet:
        return self.filter(contract=contract).exclude(state=State.DRAFT)

    def with_related(self) -> RequestQuerySet:
        return self.select_related("contract", "contract__ufr", "decision_document")

    def in_region(self, region: str) -> RequestQuerySet:
        return self.filter(Q(region_from=region) | Q(region_to=region))


class Request(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="+", verbose_name="contrat"
    )
    kind = models.CharField("nature", max_length=32, choices=Kind.choices)
    state = models.CharField("état", max_length=32, choices=State.choices, default=State.DRAFT)
    filed_on = models.DateField("déposée le")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    start = models.DateField("début", null=True, blank=True)
    end = models.DateField("fin", null=True, blank=True)
    ground = models.CharField("motif", max_length=32, blank=True)
    internship_start = models.DateField("prise de fonctions d'interne", null=True, blank=True)
    commune_code = models.CharField("commune", max_length=5, blank=True)
    specialty = models.CharField("spécialité", max_length=64, blank=True)
    #: The region whose ARS acts first (follow-up or practice region) and, for a change of
    #: place or a wish, the region of arrival (equal to ``region_from`` within a region).
    region_from = models.CharField("région d'origine", max_length=3, blank=True)
    region_to = models.CharField("région d'arrivée", max_length=3, blank=True)
    motive = models.TextField("motif de la demande", blank=True)
    # the decision (written by the decision's transition only)
    decided_on = models.DateField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision_reasons = models.TextField("motifs de la décision", blank=True)
    decision_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    event = models.ForeignKey(
        ContractEvent, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande"
        verbose_name_plural = "demandes"
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["state", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.contract.reference}"

    @property
    def across_regions(self) -> bool:
        return bool(self.region_to) and self.region_to != self.region_from


class Proof(models.Model):
    """A file the signatory joined, checked (type, size, that it opens) on upload."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="proofs")
    kind = models.CharField(
        "nature", max_length=16, choices=ProofKind.choices, default=ProofKind.SUPPORTING
    )
    name = models.CharField("nom du fichier", max_length=200)
    content_type = models.CharField("type", max_length=64)
    size = models.PositiveIntegerField("taille en octets")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    content = models.BinaryField("contenu")
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)

    class Meta:
        verbose_name = "justificatif"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Opinion(models.Model):
    """The reasoned opinion of a body consulted before the decision."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="opinions")
    body = models.CharField("instance", max_length=32, choices=Body.choices)
    favourable = models.BooleanField("favorable")
    reasons = models.TextField("motivation")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField("donné le")

    class Meta:
        verbose_name = "avis"
        verbose_name_plural = "avis"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "body"], name="one_opinion_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} : {'favorable' if self.favourable else 'défavorable'}"

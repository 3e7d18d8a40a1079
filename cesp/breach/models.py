"""Facts of the breach procedure: the case, what was sent (with its proof), what was
received, the statement of sums as notified, the instalment plan and the repayments.

No figure is stored twice: the sums come from the rules through ``contracts.figures``; a
``Statement`` keeps what a notified statement *said* (a legal fact: the amount the
signatory was notified), with the engine version and parameters that produced it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cesp.contracts.models import Contract
from cesp.core.documents.models import Document

from . import permissions
from .enums import AppealOutcome, CaseState, Channel, DispatchKind, Ground, Origin


class BreachCaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> BreachCaseQuerySet:
        """The cases ``user`` may see (``permissions.case_scope``); none out of scope."""
        scope = permissions.case_scope(user)
        if scope is None:
            return self.none()
        return self.filter(**scope)

    def in_region(self, region: str) -> BreachCaseQuerySet:
        return self.filter(contract__followup_region=region)

    def active(self) -> BreachCaseQuerySet:
        """Cases not over (neither dismissed nor paid) and past their opening."""
        return self.exclude(state__in=[CaseState.DISMISSED, CaseState.PAID, CaseState.DRAFT])

    def of_contract(self, contract: Contract) -> BreachCaseQuerySet:
        return self.filter(contract=contract)


class BreachCase(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.PROTECT, related_name="breach_cases"
    )
    origin = models.CharField("origine", max_length=16, choices=Origin.choices)
    ground = models.CharField("motif", max_length=32, choices=Ground.choices)
    state = models.CharField(
        "état", max_length=24, choices=CaseState.choices, default=CaseState.DRAFT
    )
    facts = models.TextField("faits", blank=True)
    letter_sent_on = models.DateField("lettre envoyée le", null=True, blank=True)
    letter_received_on = models.DateField(
        "lettre reçue le (réception prouvée)",
        null=True,
        blank=True,
        help_text="Date de réception prouvée : la rupture prend effet ce jour-là.",
    )
    letter_proof = models.CharField("numéro de l'envoi recommandé", max_length=40, blank=True)
    reported_on = models.DateField("signalé le", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ouvert par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField("ouvert le", default=timezone.now)
    decided_on = models.DateField("décidé le", null=True, blank=True)
    breach_date = models.DateField("date d'effet de la rupture", null=True, blank=True)
    due_on = models.DateField("échéance de paiement", null=True, blank=True)

    objects = BreachCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier de rupture"
        verbose_name_plural = "dossiers de rupture"
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"Dossier de rupture n° {self.pk} ({self.contract.reference})"

    @property
    def reference(self) -> str:
        return f"RUP-{self.opened_at:%Y}-{self.pk:05d}"

    def dispatch(self, kind: str) -> Dispatch | None:
        """The latest dispatch of that kind (prefetched ``dispatches`` if any)."""
        found = [d for d in self.dispatches.all() if d.kind == kind]
        return max(found, key=lambda d: (d.sent_on, d.pk)) if found else None

    def statement(self) -> Statement | None:
        rows = list(self.statements.all())
        return max(rows, key=lambda s: s.pk) if rows else None


class Dispatch(models.Model):
    """A document sent by registered letter, with its proof: the dispatch number and, once
    the acknowledgement comes back, the proven receipt date (which starts the periods)."""

    case = models.ForeignKey(
        BreachCase, verbose_name="dossier", on_delete=models.PROTECT, related_name="dispatches"
    )
    kind = models.CharField("envoi", max_length=24, choices=DispatchKind.choices)
    document = models.ForeignKey(
        Document, verbose_name="document", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("numéro de l'envoi recommandé", max_length=40, blank=True)
    sent_on = models.DateField("envoyé le")
    received_on = models.DateField("reçu le (avis de réception)", null=True, blank=True)

    class Meta:
        verbose_name = "envoi recommandé"
        verbose_name_plural = "envois recommandés"
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.sent_on:%d/%m/%Y}"


class Observation(models.Model):
    case = models.ForeignKey(
        BreachCase, verbose_name="dossier", on_delete=models.PROTECT, related_name="observations"
    )
    received_on = models.DateField("reçues le")
    channel = models.CharField("moyen", max_length=16, choices=Channel.choices)
    text = models.TextField("observations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrées par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("enregistrées le", default=timezone.now)

    class Meta:
        verbose_name = "observations"
        verbose_name_plural = "observations"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Observations du {self.received_on:%d/%m/%Y}"


class Statement(models.Model):
    """What a statement of sums said when it was issued (its figures come from the rules
    through ``contracts.figures``; kept here as notified, with the engine that made them)."""

    case = models.ForeignKey(
        BreachCase, verbose_name="dossier", on_delete=models.PROTECT, related_name="statements"
    )
    issued_on = models.DateField("établi le")
    refund = models.DecimalField("remboursement", max_digits=12, decimal_places=2)
    penalty = models.DecimalField("pénalité", max_digits=12, decimal_places=2)
    rate = models.CharField("taux dégressif", max_length=24)
    total = models.DecimalField("total dû", max_digits=12, decimal_places=2)
    payments_count = models.PositiveIntegerField("versements pris en compte", default=0)
    text_applied = models.CharField("texte appliqué", max_length=120, blank=True)
    engine_version = models.CharField("version du moteur", max_length=40)
    parameters_digest = models.CharField("empreinte des paramètres", max_length=80)
    explanation = models.JSONField("étapes du calcul", default=list)
    document = models.ForeignKey(
        Document, verbose_name="document", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "décompte des sommes"
        verbose_name_plural = "décomptes des sommes"
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"Décompte du {self.issued_on:%d/%m/%Y} : {self.total} €"


class Appeal(models.Model):
    """An amicable appeal, logged with its date-certain receipt (arrêté 26/05/2020 art. 3)."""

    case = models.ForeignKey(
        BreachCase, verbose_name="dossier", on_delete=models.PROTECT, related_name="appeals"
    )
    received_on = models.DateField("reçu le (date certaine)")
    channel = models.CharField("moyen", max_length=16, choices=Channel.choices)
    proof = models.CharField("preuve de la date (numéro, horodatage)", max_length=80, blank=True)
    text = models.TextField("motifs du recours")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistré par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)
    answered_on = models.DateField("répondu le", null=True, blank=True)
    outcome = models.CharField("issue", max_length=16, choices=AppealOutcome.choices, blank=True)
    answer = models.TextField("réponse", blank=True)

    class Meta:
        verbose_name = "recours amiable"
        verbose_name_plural = "recours amiables"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Recours amiable reçu le {self.received_on:%d/%m/%Y}"


class InstalmentPlan(models.Model):
    case = models.OneToOneField(
        BreachCase, verbose_name="dossier", on_delete=models.PROTECT, related_name="plan"
    )
    granted_on = models.DateField("accordé le")
    total = models.DecimalField("montant étalé", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "échéancier"

    def __str__(self) -> str:
        return f"Échéancier du {self.granted_on:%d/%m/%Y}"


class Instalment(models.Model):
    plan = models.ForeignKey(
        InstalmentPlan, verbose_name="échéancier", on_delete=models.PROTECT, related_name="items"
    )
    number = models.PositiveSmallIntegerField("n°")
    due_on = models.DateField("échéance")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "échéance"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="breach_instalment_number")
        ]

    def __str__(self) -> str:
        return f"Échéance n° {self.number} du {self.due_on:%d/%m/%Y}"


class Repayment(models.Model):
    """A repayment actually received from the signatory (its reference at the creditor)."""

    case = models.ForeignKey(
        BreachCase, verbose_name="dossier", on_delete=models.PROTECT, related_name="repayments"
    )
    received_on = models.DateField("reçu le")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)
    reference = models.CharField("référence du paiement", max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistré par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "remboursement reçu"
        verbose_name_plural = "remboursements reçus"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Remboursement de {self.amount} € reçu le {self.received_on:%d/%m/%Y}"

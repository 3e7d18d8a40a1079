"""Facts of the payments app: the ledger of monthly lines, the runs, the transfers, the
bank files and the signatories' bank accounts (issue 10, workflows-payments.md §2.8).

- ``PaymentLine`` is one month paid or claimed back, as the rule ``cesp.rules.payments``
  gives it, with its breakdown (gross, CSG, CRDS, net, net taxable, withholding). Unique
  on (contract, month, kind, sequence): a run made twice, or four at once, pays nothing
  twice (reliability.md, "Money and records").
- ``PaymentRun`` is the monthly run, a declared workflow (``runs.RUN_WORKFLOW``).
- ``Transfer`` is the money sent to one signatory by one run: the sum of the contract's
  lines not yet carried by a transfer (so a regularisation is offset on the next lines);
  one SEPA credit transfer, identified by its EndToEndId.
- ``PaymentFile`` is a file sent (pain.001) or received (pain.002, camt.054), stored
  with its SHA-256.
- ``BankAccount`` is an IBAN declared by the signatory, dated, confirmed, never edited.

Nothing derived is stored twice: the net received by a contract is the sum of its lines
paid (``PaymentLine.objects.received()``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cesp.contracts.models import Contract

from .enums import (
    AccountStatus,
    FileKind,
    LineKind,
    LineOrigin,
    Payer,
    RunStatus,
    TransferStatus,
)

MONEY = {"max_digits": 10, "decimal_places": 2}


class PaymentRunQuerySet(models.QuerySet):
    def latest_first(self) -> PaymentRunQuerySet:
        return self.order_by("-month")


class PaymentRun(models.Model):
    """The monthly run of one month (one a month, on the run day, interfaces.md §3)."""

    month = models.DateField("mois du versement", unique=True, help_text="Premier jour du mois.")
    run_date = models.DateField("date du versement")
    status = models.CharField(
        "étape", max_length=16, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    anomalies = models.JSONField(
        "anomalies relevées au contrôle",
        default=list,
        blank=True,
        help_text="Liste de {contract, reference, code, message} (payments.checks).",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    computed_at = models.DateTimeField("lignes calculées le", null=True, blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ordonnancé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ordered_at = models.DateTimeField("ordonnancé le", null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="fichier produit par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    exported_at = models.DateTimeField("fichier produit le", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = PaymentRunQuerySet.as_manager()

    class Meta:
        verbose_name = "versement mensuel"
        verbose_name_plural = "versements mensuels"
        ordering = ["-month"]
        permissions = [
            ("order_run", "Ordonnancer un versement mensuel"),
            ("export_run", "Produire et envoyer le fichier de virement"),
            ("import_returns", "Importer les retours de la banque"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="run_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"Versement {self.month:%m/%Y}"


class BankAccountQuerySet(models.QuerySet):
    def confirmed(self) -> BankAccountQuerySet:
        return self.filter(status=AccountStatus.CONFIRMED)

    def in_force(self, day) -> BankAccountQuerySet:
        """Confirmed accounts valid on ``day``, the latest first (the first is used: the
        latest valid from, then the latest confirmed)."""
        return (
            self.confirmed()
            .filter(valid_from__lte=day)
            .order_by("-valid_from", "-confirmed_at", "-id")
        )


class BankAccount(models.Model):
    """An account declared by the signatory for the allocation ("sur le compte bancaire
    désigné par l'allocataire", model contract art. 3). A change is a new row, dated and
    confirmed (workflows-payments.md §2.9-13); the holder's name is kept for the
    Verification of Payee (Reg. EU 2024/886)."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.PROTECT, related_name="bank_accounts"
    )
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11, blank=True)
    holder_name = models.CharField("titulaire du compte", max_length=140)
    valid_from = models.DateField("valable à partir du")
    status = models.CharField(
        "état", max_length=16, choices=AccountStatus.choices, default=AccountStatus.PENDING
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déclaré par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    declared_at = models.DateTimeField("déclaré le", auto_now_add=True)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)

    objects = BankAccountQuerySet.as_manager()

    class Meta:
        verbose_name = "compte bancaire"
        ordering = ["contract_id", "valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.masked_iban} ({self.holder_name})"

    @property
    def masked_iban(self) -> str:
        """The IBAN as shown to people: country, check digits and last 4 characters."""
        return f"{self.iban[:4]} •••• {self.iban[-4:]}" if self.iban else ""


class PaymentFile(models.Model):
    """A bank file: sent (pain.001, one per run and attempt) or received (a return)."""

    kind = models.CharField("nature", max_length=16, choices=FileKind.choices)
    run = models.ForeignKey(
        PaymentRun,
        verbose_name="versement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )
    attempt = models.PositiveSmallIntegerField("tentative", default=1)
    name = models.CharField("nom du fichier", max_length=120)
    message_id = models.CharField("identifiant du message (MsgId)", max_length=35)
    content = models.BinaryField("contenu")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    transactions = models.PositiveIntegerField("nombre de virements", default=0)
    total = models.DecimalField("montant total", default=0, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "fichier bancaire"
        verbose_name_plural = "fichiers bancaires"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "attempt"],
                condition=Q(kind=FileKind.PAIN001),
                name="payment_file_one_order_per_run_attempt",
            ),
            models.UniqueConstraint(
                fields=["kind", "sha256"], name="payment_file_unique_kind_sha256"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TransferQuerySet(models.QuerySet):
    def not_rejected(self) -> TransferQuerySet:
        return self.exclude(status=TransferStatus.REJECTED)


class Transfer(models.Model):
    """The money one run sends to one signatory: one SEPA credit transfer."""

    run = models.ForeignKey(
        PaymentRun, verbose_name="versement", on_delete=models.PROTECT, related_name="transfers"
    )
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.PROTECT, related_name="transfers"
    )
    bank_account = models.ForeignKey(
        BankAccount,
        verbose_name="compte crédité",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
    )
    amount = models.DecimalField("montant viré", **MONEY)
    end_to_end_id = models.CharField("référence de bout en bout", max_length=35, unique=True)
    status = models.CharField(
        "état", max_length=16, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    file = models.ForeignKey(
        PaymentFile,
        verbose_name="fichier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
    )
    file_line = models.PositiveIntegerField("rang dans le fichier", null=True, blank=True)
    return_file = models.ForeignKey(
        PaymentFile,
        verbose_name="fichier de retour",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returned_transfers",
    )
    return_code = models.CharField("code retour", max_length=8, blank=True)
    return_label = models.CharField("motif du retour", max_length=300, blank=True)
    returned_at = models.DateTimeField("retour reçu le", null=True, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = "virement"
        ordering = ["run_id", "contract_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "contract"], name="transfer_unique_run_contract"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.end_to_end_id


class PaymentLineQuerySet(models.QuerySet):
    def received(self) -> PaymentLineQuerySet:
        """The lines actually paid (or offset in a transfer paid): "net received"."""
        return self.filter(paid_on__isnull=False)

    def unsettled(self) -> PaymentLineQuerySet:
        """Lines no transfer carries yet (new, carried over, or of a rejected transfer)."""
        return self.filter(transfer__isnull=True, paid_on__isnull=True)

    def unsettled_for(self, run: PaymentRun) -> PaymentLineQuerySet:
        """The unsettled lines ``run``'s transfers carry: its own, those of earlier runs
        carried over, and those of no run (the history)."""
        return self.unsettled().filter(Q(run__isnull=True) | Q(run__month__lte=run.month))

    def for_contracts(self, contract_ids) -> PaymentLineQuerySet:
        return self.filter(contract_id__in=contract_ids)


class PaymentLine(models.Model):
    """One month paid or claimed back (interfaces.md §3), with its breakdown.

    Amounts are those of the month covered (P4); a regularisation is negative. ``pas``
    is the withholding at source applied at the rate received (§2.4); ``net - pas`` is
    what the transfer carries.
    """

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.PROTECT, related_name="payment_lines"
    )
    month = models.DateField("mois couvert", help_text="Premier jour du mois couvert.")
    kind = models.CharField(
        "nature", max_length=16, choices=LineKind.choices, default=LineKind.REGULAR
    )
    sequence = models.PositiveSmallIntegerField("rang", default=1)
    gross = models.DecimalField("brut", **MONEY)
    csg = models.DecimalField("CSG", null=True, blank=True, **MONEY)
    csg_deductible = models.DecimalField("dont CSG déductible", null=True, blank=True, **MONEY)
    crds = models.DecimalField("CRDS", null=True, blank=True, **MONEY)
    net = models.DecimalField("net", **MONEY)
    taxable = models.DecimalField("net imposable", null=True, blank=True, **MONEY)
    pas_rate = models.DecimalField(
        "taux du prélèvement à la source", max_digits=5, decimal_places=4, default=0
    )
    pas = models.DecimalField("prélèvement à la source", default=0, **MONEY)
    payer = models.CharField("gestionnaire payeur", max_length=8, choices=Payer.choices)
    origin = models.CharField(
        "origine", max_length=8, choices=LineOrigin.choices, default=LineOrigin.RUN
    )
    run = models.ForeignKey(
        PaymentRun,
        verbose_name="versement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
    )
    transfer = models.ForeignKey(
        Transfer,
        verbose_name="virement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines",
    )
    paid_on = models.DateField("payé le", null=True, blank=True)
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)

    objects = PaymentLineQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne de paiement"
        verbose_name_plural = "lignes de paiement"
        ordering = ["contract_id", "month", "kind", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "month", "kind", "sequence"],
                name="payment_line_unique_contract_month_kind_sequence",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="payment_line_month_is_first_day"
            ),
        ]
        indexes = [
            models.Index(fields=["run", "contract"], name="payment_line_run_idx"),
            models.Index(
                fields=["contract"],
                condition=Q(transfer__isnull=True, paid_on__isnull=True),
                name="payment_line_unsettled_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.month:%Y-%m} {self.kind} #{self.sequence}"

    @property
    def amount_paid(self):
        """What the signatory receives for this line: net minus the withholding."""
        return self.net - self.pas

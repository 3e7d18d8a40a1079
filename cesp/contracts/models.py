"""Contracts as facts: the contract and its append-only events (the payments made are
the payments app's ledger, read through ``figures.payments_made``).

Nothing here is derived: months, amounts owed and status are computed by
``cesp.rules`` from these facts (see ``situation.py``), never stored.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cesp.core.append_only import AppendOnly
from cesp.core.geography.validators import clean_commune_code

from . import payments_made, permissions, plausibility
from .enums import (
    BreachCause,
    Category,
    EventType,
    Profession,
    RegimeOverride,
    SuspensionReason,
)


class AppendOnlyError(ValidationError):
    """Raised when code tries to update or delete a recorded fact."""


#: The contract columns the rules read (``figures.build_situation``).
RULES_CONTRACT_FIELDS = (
    "id",
    "profession",
    "category",
    "campaign_year",
    "signature_date",
    "regime_override",
)
#: The event columns the rules read (``figures.build_situation``): not the
#: reason, legal basis, payload or author, which only the contract page shows.
RULES_EVENT_FIELDS = (
    "id",
    "contract_id",
    "type",
    "date",
    "start",
    "end",
    "zone_share",
    "cause",
    "suspension_reason",
    "commune_code",
    "supersedes_id",
    "recorded_at",
)


class ContractQuerySet(models.QuerySet):
    """The queries every page, export, API and job shares, written once."""

    def visible_to(self, user) -> ContractQuerySet:
        """The contracts ``user`` may see (none for anonymous users and researchers);
        the scope is ``permissions.contract_scope``, as for ``can_view_contract``."""
        scope = permissions.contract_scope(user)
        return self.none() if scope is None else self.filter(**scope)

    def matching(
        self,
        *,
        profession: str | None = None,
        category: str | None = None,
        campaign_year: int | None = None,
        ufr=None,
        ufr_code: str | None = None,
        region: str | None = None,
    ) -> ContractQuerySet:
        """The contracts whose stored facts match every filter given (empty ones are
        ignored): the contract list, its export and the API list filter alike."""
        wanted = {
            "profession": profession,
            "category": category,
            "campaign_year": campaign_year,
            "ufr": ufr,
            "ufr__code": ufr_code,
            "followup_region": region,
        }
        return self.filter(**{field: v for field, v in wanted.items() if v not in (None, "")})

    def search(self, text: str) -> ContractQuerySet:
        """Contracts whose reference or signatory (name on the contract, or account)
        contains every word of ``text`` ("Camille Martin", "martin 2021")."""
        contracts = self
        for word in text.split():
            contracts = contracts.filter(
                models.Q(reference__icontains=word)
                | models.Q(signatory_last_name__icontains=word)
                | models.Q(signatory_first_name__icontains=word)
                | models.Q(signatory__last_name__icontains=word)
                | models.Q(signatory__first_name__icontains=word)
                | models.Q(signatory__username__icontains=word)
            )
        return contracts

    def with_facts(self, *, rules_only: bool = False) -> ContractQuerySet:
        """The facts a contract's figures are computed from — its events (in recorded
        order, with their author) and the payments made (the payments app's ledger) —
        in three queries whatever the count. ``rules_only`` loads only the columns the
        rules read (list rows, exports, batch jobs)."""
        if rules_only:
            events = ContractEvent.objects.only(*RULES_EVENT_FIELDS)
        else:
            events = ContractEvent.objects.select_related("author")
        queryset = self.prefetch_related(models.Prefetch("events", queryset=events))
        queryset._with_payments = True
        return queryset

    def _clone(self) -> ContractQuerySet:
        clone = super()._clone()
        clone._with_payments = getattr(self, "_with_payments", False)
        return clone

    def _fetch_all(self) -> None:
        """With ``with_facts``, the payments made are read with the contracts (one query
        for the whole list, from the payments app's registered reader)."""
        loaded = self._result_cache is not None
        super()._fetch_all()
        if not loaded and getattr(self, "_with_payments", False) and self._result_cache:
            contracts = [item for item in self._result_cache if isinstance(item, Contract)]
            payments_made.attach(contracts)

    def iterator(self, chunk_size: int | None = None):
        """As Django's, reading the payments made per chunk under ``with_facts``."""
        if not getattr(self, "_with_payments", False):
            yield from super().iterator(chunk_size)
            return
        batch: list = []
        for item in super().iterator(chunk_size):
            batch.append(item)
            if len(batch) >= (chunk_size or 2000):
                payments_made.attach([c for c in batch if isinstance(c, Contract)])
                yield from batch
                batch = []
        payments_made.attach([c for c in batch if isinstance(c, Contract)])
        yield from batch


class Contract(models.Model):
    """One contrat d'engagement de service public, as signed."""

    reference = models.CharField("référence", max_length=40, unique=True)
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="signataire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        help_text="Le compte du signataire, quand il en a un (son identité est ci-dessous).",
    )
    # Who signed, with or without an account: facts of the contract, shown to the agents
    # who see it (never to researchers nor the observatory, which read pseudonyms).
    signatory_last_name = models.CharField("nom du signataire", max_length=100, blank=True)
    signatory_first_name = models.CharField("prénom du signataire", max_length=100, blank=True)
    pseudonym = models.CharField(
        "identifiant pseudonymisé", max_length=32, unique=True, editable=False
    )
    profession = models.CharField("profession", max_length=24, choices=Profession.choices)
    category = models.CharField("catégorie", max_length=16, choices=Category.choices)
    campaign_year = models.PositiveSmallIntegerField(
        "année de campagne",
        validators=[MinValueValidator(2009), MaxValueValidator(2100)],
        help_text="Année universitaire de la campagne de sélection : 2021 = 2021-2022.",
    )
    signature_date = models.DateField("date de signature")
    ufr = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="UFR",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        limit_choices_to={"kind": "ufr"},
    )
    followup_region = models.CharField(
        "région de suivi (code INSEE)", max_length=3, blank=True, db_index=True
    )
    regime_override = models.CharField(
        "régime imposé", max_length=8, choices=RegimeOverride.choices, blank=True, default=""
    )
    specialty = models.CharField("spécialité", max_length=64, blank=True)
    # Facts of the cohort format (interfaces.md §2), kept for the observatory.
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    bridge_entry = models.BooleanField("admission par passerelle", null=True, blank=True)
    bridge_origin = models.CharField("origine de la passerelle", max_length=16, blank=True)
    planned_region = models.CharField(
        "région d'installation envisagée (code INSEE)", max_length=3, blank=True
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat"
        ordering = ["-campaign_year", "reference"]
        indexes = [
            # Also the API list's order (by id): its page query reads 50 rows instead of
            # scanning the primary key (12 ms -> 0.1 ms on 100 000 contracts).
            models.Index(
                fields=["campaign_year", "profession", "id"], name="contract_year_prof_idx"
            ),
            models.Index(fields=["ufr", "campaign_year"]),
            # The list's order: its page query reads 25 rows instead of scanning the
            # reference index (16 ms -> 0.2 ms on 100 000 contracts, docs/platform.md).
            models.Index(fields=["-campaign_year", "reference"], name="contract_list_order_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs) -> None:
        if not self.pseudonym:
            self.pseudonym = pseudonym_for(self.reference)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Plausible facts only: a signature in the scheme's history, a plausible age,
        regions of the reference geography (``plausibility``)."""
        super().clean()
        problems = {
            **plausibility.signature_problems(self.signature_date, timezone.localdate()),
            **plausibility.birth_problems(self.birth_date, self.signature_date),
            **plausibility.region_problems(
                followup_region=self.followup_region, planned_region=self.planned_region
            ),
        }
        if problems:
            raise ValidationError(problems)

    @property
    def signatory_name(self) -> str:
        """The signatory as agents read it: "Prénom Nom" from the contract's facts, else
        the account's name, else "—"."""
        name = f"{self.signatory_first_name} {self.signatory_last_name}".strip()
        if name:
            return name
        account = self.signatory if self.signatory_id else None
        if account is not None:
            return account.get_full_name() or account.username
        return "—"

    def abilities(self, user) -> dict[str, bool]:
        """What ``user`` may do on this contract (``permissions.abilities``)."""
        return permissions.abilities(user, self)


def pseudonym_for(reference: str) -> str:
    """A stable pseudonymous id (keyed hash of the reference, never reversible alone)."""
    key = settings.SECRET_KEY.encode()
    return "P" + hashlib.blake2b(reference.encode(), key=key[:64], digest_size=12).hexdigest()


class ContractEvent(AppendOnly):
    """A fact of a contract's life, append-only; a correction is a new event that
    ``supersedes`` the earlier one."""

    append_only_error = AppendOnlyError
    update_refused = "Les événements ne se modifient pas : enregistrez une correction."
    delete_refused = "Les événements ne se suppriment pas : enregistrez une annulation."

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.PROTECT, related_name="events"
    )
    type = models.CharField("type", max_length=40, choices=EventType.choices)
    date = models.DateField("date", null=True, blank=True)
    start = models.DateField("début", null=True, blank=True)
    end = models.DateField("fin", null=True, blank=True)
    zone_share = models.DecimalField(
        "part d'exercice en zone",
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    cause = models.CharField("cause", max_length=32, choices=BreachCause.choices, blank=True)
    suspension_reason = models.CharField(
        "motif de suspension", max_length=16, choices=SuspensionReason.choices, blank=True
    )
    commune_code = models.CharField("commune (code INSEE)", max_length=5, blank=True)
    reason = models.TextField("motif", blank=True)
    legal_basis = models.CharField("fondement juridique", max_length=300, blank=True)
    payload = models.JSONField("compléments", default=dict, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name="corrige l'événement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["contract_id", "recorded_at", "id"]
        indexes = [models.Index(fields=["contract", "type"])]

    def __str__(self) -> str:
        when = self.date or self.start
        return f"{self.get_type_display()} ({when})"

    def clean(self) -> None:
        """Only a current commune code is stored (a postal code is refused by name);
        dates within the scheme's history and a reason of bounded length."""
        super().clean()
        clean_commune_code(self.commune_code)
        signature = self.contract.signature_date if self.contract_id else None
        problems = {
            **plausibility.event_date_problems(
                signature, date=self.date, start=self.start, end=self.end
            ),
            **plausibility.free_text_problems(reason=self.reason),
        }
        if problems:
            raise ValidationError(problems)

    @property
    def when(self):
        """The date that orders the event on a timeline."""
        return self.date or self.start


class ContractStatusProjection(models.Model):
    """A **derived, rebuildable projection** (not a fact): the status the rules computed
    for a contract on ``computed_on``, so the list can filter by status or phase without
    evaluating every candidate. Used only when fresh — same day, same last event, same
    contract facts (``updated_at``), same engine version and parameters — otherwise the
    list evaluates the contract (``projection.py``, docs/platform.md, Performance).
    Rebuilt by ``manage.py project_statuses`` and refreshed in ``record_event``'s
    transaction; deleting every row changes no figure."""

    contract = models.OneToOneField(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="status_projection",
    )
    last_event_id = models.BigIntegerField("dernier événement pris en compte", null=True)
    contract_updated_at = models.DateTimeField("contrat modifié le (pris en compte)")
    status = models.CharField("statut calculé", max_length=32, db_index=True)
    computed_on = models.DateField("calculé pour le")
    computed_at = models.DateTimeField("calculé à", auto_now=True)
    engine_version = models.CharField("version du moteur", max_length=16)
    parameters_digest = models.CharField("empreinte des paramètres", max_length=80)

    class Meta:
        verbose_name = "projection de statut (dérivée)"

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.status} ({self.computed_on})"

"""Facts of the selection: campaigns and their milestones, quota arrêtés and movements,
candidates' dossiers and pieces, the commission's sessions and decisions, the lists.

Nothing here is derived: a campaign's quota after movements, a dossier's missing pieces,
a list's cap or its deadline are computed (``quotas.py``, ``pieces.py``, ``lists.py``,
``cesp.rules.commission``). The offers app reads these facts through ``lists.py``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cesp.core.append_only import AppendOnly

from .enums import (
    ArreteKind,
    Category,
    DecisionKind,
    DossierState,
    ListKind,
    MemberQuality,
    MilestoneKind,
    MovementKind,
    PieceKind,
    PracticeMode,
    Profession,
    Schema,
)
from .querysets import (
    CampaignQuerySet,
    DossierQuerySet,
    ListEntryQuerySet,
    QuotaLineQuerySet,
    QuotaMovementQuerySet,
    RankedListQuerySet,
)

UFR_ONLY = {"kind": "ufr"}
ARS_ONLY = {"kind": "ars"}


class Campaign(models.Model):
    """The selection of one academic year at one UFR (R632-69, R632-70 C. éduc.)."""

    ufr = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="UFR",
        on_delete=models.PROTECT,
        related_name="selection_campaigns",
        limit_choices_to=UFR_ONLY,
    )
    academic_year = models.PositiveSmallIntegerField(
        "année universitaire",
        validators=[MinValueValidator(2010), MaxValueValidator(2100)],
        help_text="Première année de l'année universitaire : 2026 = 2026-2027.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne de sélection"
        verbose_name_plural = "campagnes de sélection"
        ordering = ["-academic_year", "ufr__name"]
        constraints = [
            models.UniqueConstraint(fields=["ufr", "academic_year"], name="campaign_ufr_year")
        ]

    def __str__(self) -> str:
        return f"{self.ufr} — {self.year_label}"

    @property
    def year_label(self) -> str:
        return f"{self.academic_year}-{self.academic_year + 1}"


class Milestone(models.Model):
    """One dated step of a campaign (D1–D11): data, edited by the UFR or the manager."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField("étape", max_length=32, choices=MilestoneKind.choices)
    date = models.DateField("date")
    note = models.CharField("précision", max_length=200, blank=True)

    class Meta:
        verbose_name = "échéance de campagne"
        ordering = ["date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="milestone_campaign_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.date:%d/%m/%Y}"


class QuotaArrete(models.Model):
    """A published arrêté fixing (annual) or moving (redistribution) contracts, as imported."""

    kind = models.CharField("nature", max_length=16, choices=ArreteKind.choices)
    academic_year = models.PositiveSmallIntegerField(
        "année universitaire", validators=[MinValueValidator(2010), MaxValueValidator(2100)]
    )
    reference = models.CharField("référence (NOR, date)", max_length=200)
    published_on = models.DateField("publié le")
    source_name = models.CharField("fichier importé", max_length=200, blank=True)
    source_sha256 = models.CharField("empreinte SHA-256 du fichier", max_length=64, blank=True)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "arrêté de quotas"
        verbose_name_plural = "arrêtés de quotas"
        ordering = ["-published_on", "id"]

    def __str__(self) -> str:
        return self.reference


class QuotaLine(models.Model):
    """Contracts opened by an annual arrêté for one UFR, category and profession."""

    arrete = models.ForeignKey(QuotaArrete, on_delete=models.PROTECT, related_name="lines")
    ufr = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="UFR",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=UFR_ONLY,
    )
    category = models.CharField("catégorie", max_length=16, choices=Category.choices)
    profession = models.CharField("profession", max_length=24, choices=Profession.choices)
    contracts = models.PositiveIntegerField("contrats ouverts")
    line = models.PositiveIntegerField("ligne du fichier", null=True, blank=True)

    objects = QuotaLineQuerySet.as_manager()

    class Meta:
        verbose_name = "quota par UFR"
        ordering = ["ufr__name", "profession", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrete", "ufr", "category", "profession"], name="quota_line_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.ufr} — {self.get_profession_display()}, {self.get_category_display()} : "
            f"{self.contracts}"
        )


class RecordedFactError(Exception):
    """A quota movement or a commission decision is a fact: corrected by a new one."""


class QuotaMovement(AppendOnly):
    """Contracts moved from one (UFR, category, profession) to another: fungibility inside
    a university during the arrêté's window, or redistribution between universities by a
    new arrêté (workflows-payments.md §1.5; digest R5/R11)."""

    append_only_error = RecordedFactError
    update_refused = "Un mouvement de quota ne se modifie pas : enregistrez un mouvement inverse."
    delete_refused = "Un mouvement de quota ne se supprime pas."

    kind = models.CharField("nature", max_length=16, choices=MovementKind.choices)
    academic_year = models.PositiveSmallIntegerField("année universitaire")
    source_ufr = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="UFR d'origine",
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_category = models.CharField(
        "catégorie d'origine", max_length=16, choices=Category.choices
    )
    source_profession = models.CharField(
        "profession d'origine", max_length=24, choices=Profession.choices
    )
    target_ufr = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="UFR cible",
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_category = models.CharField("catégorie cible", max_length=16, choices=Category.choices)
    target_profession = models.CharField(
        "profession cible", max_length=24, choices=Profession.choices
    )
    contracts = models.PositiveIntegerField("contrats déplacés", validators=[MinValueValidator(1)])
    effective_on = models.DateField("date d'effet")
    reference = models.CharField("référence (arrêté, décision)", max_length=200)
    arrete = models.ForeignKey(
        QuotaArrete,
        verbose_name="arrêté de redistribution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    reason = models.TextField("motif", blank=True)
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistré par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = QuotaMovementQuerySet.as_manager()

    class Meta:
        verbose_name = "mouvement de quota"
        ordering = ["effective_on", "id"]


class Dossier(models.Model):
    """A candidate's application to one campaign: identity, situation, project, pieces.

    The state moves only through ``workflow.DOSSIER`` (a logged transition). Its schema
    (which pieces) is the regime's on the day it is created (workflows-payments.md §1.2).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="dossiers")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="candidat",
        on_delete=models.PROTECT,
        related_name="selection_dossiers",
    )
    schema = models.CharField("version du dossier", max_length=16, choices=Schema.choices)
    state = models.CharField(
        "état", max_length=16, choices=DossierState.choices, default=DossierState.DRAFT
    )
    # Identity (the model contract's fields, arrêté du 27 juillet 2010, annexe).
    birth_name = models.CharField("nom de naissance", max_length=100, blank=True)
    usage_name = models.CharField("nom d'usage", max_length=100, blank=True)
    first_names = models.CharField("prénoms", max_length=150, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    birth_place = models.CharField("lieu de naissance", max_length=150, blank=True)
    nationality = models.CharField("nationalité", max_length=100, blank=True)
    address = models.TextField("adresse", blank=True)
    email = models.EmailField("courriel", blank=True)
    # Situation (what the eligibility rules read, cesp.rules.eligibility.Application).
    profession = models.CharField("profession", max_length=24, choices=Profession.choices)
    category = models.CharField("catégorie", max_length=16, choices=Category.choices)
    study_year = models.PositiveSmallIntegerField(
        "année d'études", null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    pharmacy_track = models.CharField("filière de pharmacie", max_length=16, blank=True)
    holds_comparable_engagement = models.BooleanField(
        "bénéficie d'une aide comparable (région, collectivité, établissement)", default=False
    )
    free_auditor = models.BooleanField("auditeur libre", default=False)
    ecn_rank = models.PositiveIntegerField("rang de classement (internes)", null=True, blank=True)
    # Project (motivation letter: specialty, mode and place of practice).
    specialty = models.CharField("spécialité envisagée", max_length=100, blank=True)
    practice_mode = models.CharField(
        "mode d'exercice envisagé", max_length=16, choices=PracticeMode.choices, blank=True
    )
    practice_place = models.CharField("lieu d'exercice envisagé", max_length=200, blank=True)
    wished_subdivision = models.CharField(
        "subdivision souhaitée (vœu d'avril-mai)", max_length=100, blank=True
    )
    social_situation = models.TextField("situation sociale (facultatif)", blank=True)
    agreement_ars = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="ARS ayant donné son accord écrit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=ARS_ONLY,
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("enregistré le", auto_now=True)
    filed_at = models.DateTimeField("déposé le", null=True, blank=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier de candidature"
        verbose_name_plural = "dossiers de candidature"
        ordering = ["campaign", "birth_name", "first_names", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "candidate"], name="dossier_one_per_campaign"
            )
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return self.display_name or f"Dossier n° {self.pk}"

    @property
    def display_name(self) -> str:
        name = self.usage_name or self.birth_name
        return f"{name.upper()} {self.first_names}".strip()

    @property
    def is_padhue(self) -> bool:
        return self.category == "padhue"


class Piece(models.Model):
    """One uploaded piece of a dossier, checked (type, size, opens) before it is kept."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pieces")
    kind = models.CharField("pièce", max_length=16, choices=PieceKind.choices)
    filename = models.CharField("nom du fichier", max_length=200)
    media_type = models.CharField("type", max_length=32)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    content = models.BinaryField("contenu")
    uploaded_at = models.DateTimeField("déposée le", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "pièce du dossier"
        verbose_name_plural = "pièces du dossier"
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename}"


class CommissionSession(models.Model):
    """A sitting of the selection commission of a campaign (R632-70; arrêté 2010 art. 2)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField("date de la séance")
    place = models.CharField("lieu", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "séance de commission"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Séance du {self.held_on:%d/%m/%Y}"


class SessionMember(models.Model):
    """A member present at a sitting, with the quality in which they sit."""

    session = models.ForeignKey(CommissionSession, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("nom", max_length=150)
    quality = models.CharField("qualité", max_length=16, choices=MemberQuality.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "membre présent"
        ordering = ["session", "quality", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_quality_display()})"


class Decision(AppendOnly):
    """The commission's decision on one dossier at a sitting, with the show-of-hands vote
    and whether the DG ARS's casting vote decided it (arrêté du 27 juillet 2010, art. 2)."""

    append_only_error = RecordedFactError
    update_refused = "Une décision de la commission ne se modifie pas."
    delete_refused = "Une décision de la commission ne se supprime pas."

    session = models.ForeignKey(
        CommissionSession, on_delete=models.PROTECT, related_name="decisions"
    )
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField("décision", max_length=16, choices=DecisionKind.choices)
    votes_for = models.PositiveSmallIntegerField("voix pour", default=0)
    votes_against = models.PositiveSmallIntegerField("voix contre", default=0)
    abstentions = models.PositiveSmallIntegerField("abstentions", default=0)
    casting_vote = models.BooleanField("voix prépondérante du DG ARS", default=False)
    reason = models.TextField("motif", blank=True)
    decided_at = models.DateTimeField("décidé le")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "décision de la commission"
        ordering = ["decided_at", "id"]


class RankedList(models.Model):
    """The principal and complementary lists of one campaign, category and profession.

    ``open_contracts`` is the number of contracts open when the lists are drawn (the cap
    of the principal list; k × it caps the complementary one, R8). Posted at once and
    valid for the academic year only (R632-70); transmitted to the manager before the
    campaign's D5 milestone (arrêté du 27 juillet 2010, art. 2).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="lists")
    category = models.CharField("catégorie", max_length=16, choices=Category.choices)
    profession = models.CharField("profession", max_length=24, choices=Profession.choices)
    open_contracts = models.PositiveIntegerField("contrats ouverts pris en compte")
    session = models.ForeignKey(
        CommissionSession,
        verbose_name="séance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lists",
    )
    drawn_on = models.DateField("arrêtées le")
    posted_at = models.DateTimeField("affichées le", null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    transmitted_at = models.DateTimeField("transmises au gestionnaire le", null=True, blank=True)
    transmitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    transmission_reference = models.CharField(
        "référence de la transmission", max_length=200, blank=True
    )

    objects = RankedListQuerySet.as_manager()

    class Meta:
        verbose_name = "listes de classement"
        verbose_name_plural = "listes de classement"
        ordering = ["campaign", "profession", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "category", "profession"], name="ranked_list_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_profession_display()} — {self.get_category_display()} "
            f"({self.campaign.year_label})"
        )

    @property
    def is_posted(self) -> bool:
        return self.posted_at is not None

    @property
    def valid_until(self) -> date:
        """Lists are valid for the academic year only (R632-70): until 30 September."""
        return date(self.campaign.academic_year + 1, 9, 30)


class ListEntry(models.Model):
    """One ranked candidate on the principal or complementary list."""

    ranked_list = models.ForeignKey(RankedList, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("liste", max_length=16, choices=ListKind.choices)
    rank = models.PositiveSmallIntegerField("rang", validators=[MinValueValidator(1)])
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="list_entries")

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "rang sur une liste"
        ordering = ["ranked_list", "kind", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["ranked_list", "kind", "rank"], name="entry_rank"),
            models.UniqueConstraint(fields=["ranked_list", "dossier"], name="entry_dossier"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.rank} : {self.dossier}"

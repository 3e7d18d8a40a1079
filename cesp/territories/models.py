"""Territories as facts: zoning versions and their classes, professional projects,
practice places and choices (their notifications are kernel messages,
``cesp.core.notifications``; kinds in ``notifications.py``).

Communes, departments and regions are not models: they are read from the files shipped
in ``cesp/core/geography/data`` by ``cesp.core.geography`` (a table would add
nothing but a copy to keep in sync; see docs/territories.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cesp.core.geography.validators import clean_commune_code

from .enums import (
    PlaceDecision,
    PracticeMode,
    Structure,
    ZoneClass,
    ZoningProfession,
)


class ZoningVersion(models.Model):
    """One zoning of a region for a profession, as set by an arrêté of the DG ARS
    (art. L1434-4 1° CSP), valid from ``valid_from`` to ``valid_to`` (inclusive; open
    when empty)."""

    region = models.CharField("région (code INSEE)", max_length=3, db_index=True)
    profession = models.CharField("profession", max_length=16, choices=ZoningProfession.choices)
    valid_from = models.DateField("en vigueur du")
    valid_to = models.DateField("jusqu'au", null=True, blank=True)
    act = models.CharField("arrêté ARS", max_length=300)
    is_demo = models.BooleanField("données de démonstration", default=False)
    label = models.CharField("libellé", max_length=300, blank=True)
    source_name = models.CharField("fichier source", max_length=300, blank=True)
    source_sha256 = models.CharField("empreinte du fichier", max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField("importé le", auto_now_add=True)

    class Meta:
        verbose_name = "version de zonage"
        verbose_name_plural = "versions de zonage"
        ordering = ["region", "profession", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "profession", "valid_from"],
                name="zoning_unique_region_profession_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="zoning_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        demo = " [DÉMONSTRATION]" if self.is_demo else ""
        return f"{self.act} ({self.region}, {self.profession}, dès {self.valid_from}){demo}"


class ZoneAssignment(models.Model):
    """The class of one commune in one zoning version."""

    version = models.ForeignKey(ZoningVersion, on_delete=models.CASCADE, related_name="assignments")
    commune_code = models.CharField("commune (code INSEE)", max_length=5)
    zone = models.CharField("zone", max_length=16, choices=ZoneClass.choices)

    class Meta:
        verbose_name = "classement d'une commune"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "commune_code"], name="zone_unique_version_commune"
            )
        ]
        indexes = [models.Index(fields=["commune_code"])]

    def __str__(self) -> str:
        return f"{self.commune_code}: {self.zone}"


class ProjectDeclaration(models.Model):
    """A commune named in the professional project sent to the ARS (décret 2010-735
    art. 5; art. L632-6 code de l'éducation). Stability is computed by the rules."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="project_declarations"
    )
    commune_code = models.CharField("commune (code INSEE)", max_length=5)
    declared_on = models.DateField("déclaré le")
    withdrawn_on = models.DateField("retiré le", null=True, blank=True)
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "projet professionnel (commune)"
        verbose_name_plural = "projets professionnels (communes)"
        ordering = ["contract", "declared_on", "id"]

    def __str__(self) -> str:
        return f"{self.commune_code} dès {self.declared_on}"

    def clean(self) -> None:
        """Only a current commune code is stored (a postal code is refused by name)."""
        super().clean()
        clean_commune_code(self.commune_code)


class PracticePlace(models.Model):
    """A place on the national list of practice places, published by an ARS."""

    commune_code = models.CharField("commune (code INSEE)", max_length=5, db_index=True)
    region = models.CharField("région (code INSEE)", max_length=3, db_index=True)
    name = models.CharField("nom", max_length=200)
    structure = models.CharField("structure", max_length=20, choices=Structure.choices)
    mode = models.CharField("mode d'exercice", max_length=10, choices=PracticeMode.choices)
    specialty = models.CharField("spécialité", max_length=100, default="médecine générale")
    profession = models.CharField(
        "profession", max_length=16, choices=ZoningProfession.choices, default="medecine"
    )
    published_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="publié par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_places",
    )
    published_on = models.DateField("publié le")
    withdrawn_on = models.DateField("retiré le", null=True, blank=True)

    class Meta:
        verbose_name = "lieu d'exercice"
        verbose_name_plural = "lieux d'exercice"
        ordering = ["region", "commune_code", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune_code})"

    def clean(self) -> None:
        """Only a current commune code is stored (a postal code is refused by name)."""
        super().clean()
        clean_commune_code(self.commune_code)


class PlaceChoice(models.Model):
    """A signatory's choice of a place; the ARS director decides when several
    signatories want the same liberal place (décret 2010-735 art. 7-1)."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="place_choices"
    )
    place = models.ForeignKey(PracticePlace, on_delete=models.PROTECT, related_name="choices")
    chosen_on = models.DateField("choisi le")
    decision = models.CharField(
        "décision", max_length=10, choices=PlaceDecision.choices, blank=True, default=""
    )
    decided_on = models.DateField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "choix de lieu"
        verbose_name_plural = "choix de lieux"
        ordering = ["place", "chosen_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "place"], name="place_choice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.contract} → {self.place}"

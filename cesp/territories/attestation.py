"""Attestation of the zoning in force at the signature of a contract (a proposal of the
2018 survey, seed 001: "la production d'un document attestant du zonage effectif au
moment de la signature du contrat"). Built from facts only: the contract's signature
date, profession and follow-up region, the stored zoning version, the project communes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from cesp.core import geography
from cesp.core.documents import kinds
from cesp.core.documents.models import Document
from cesp.core.documents.services import Fact, render_document

from . import maps, permissions
from .lookup import ZONE_LABELS, ZONING_OF_PROFESSION, LookupResult, VersionInfo
from .models import ProjectDeclaration, ZoneAssignment
from .services import current_index

#: Regions whose commune outlines are shipped (maps.commune_shapes): the PDF has a map.
SHIPPED_OUTLINES = frozenset({"76"})

ATTESTATION = kinds.register(
    "zoning_attestation",
    "Attestation du zonage à la signature",
    can_view=permissions.can_view_contract_territory,
)


@dataclass(frozen=True)
class Attestation:
    contract_reference: str
    signatory: str
    profession: str
    signature_date: date
    region: str
    region_name: str
    version: VersionInfo | None
    class_counts: dict[str, int] = field(default_factory=dict)
    communes: tuple[LookupResult, ...] = ()
    issued_on: date | None = None
    declaration_ids: tuple[int, ...] = ()

    @property
    def title(self) -> str:
        return "Attestation du zonage en vigueur à la signature du contrat"

    def lines(self) -> list[str]:
        out = [
            f"Contrat : {self.contract_reference} — signataire : {self.signatory}",
            f"Profession : {self.profession} — signé le {self.signature_date:%d/%m/%Y}",
            f"Région de suivi : {self.region_name} ({self.region})",
        ]
        if self.version is None:
            out.append(
                "Aucun zonage de cette région n'est enregistré à la date de signature : "
                "l'attestation ne peut pas indiquer de classement."
            )
            return out
        out.append(f"Zonage en vigueur à la signature : {self.version.describe()}")
        counts = ", ".join(
            f"{ZONE_LABELS.get(zone, zone)} : {n} communes"
            for zone, n in sorted(self.class_counts.items())
        )
        out.append(f"Classement des communes de la région : {counts}")
        for item in self.communes:
            zone = ZONE_LABELS.get(item.zone, "non classée") if item.zone else "non classée"
            counts_ = {True: "compte pour le CESP", False: "ne compte pas pour le CESP"}.get(
                item.cesp_eligible, "statut indéterminé"
            )
            out.append(
                f"Commune du projet {item.commune_name} ({item.commune_code}) : {zone}, {counts_}"
            )
        return out


def attestation_for(contract, issued_on: date) -> Attestation:
    index = current_index()
    region = contract.followup_region or ""
    zoning = ZONING_OF_PROFESSION.get(contract.profession, contract.profession)
    version = index.version_in_force(region, zoning, contract.signature_date) if region else None
    counts: dict[str, int] = {}
    communes: list[LookupResult] = []
    declaration_ids: list[int] = []
    if version is not None:
        counts = dict(
            Counter(
                ZoneAssignment.objects.filter(version_id=version.id).values_list("zone", flat=True)
            )
        )
        declared = ProjectDeclaration.objects.filter(
            contract=contract, declared_on__lte=contract.signature_date
        ).order_by("declared_on")
        for declaration in declared:
            declaration_ids.append(declaration.pk)
            communes.append(
                index.lookup(declaration.commune_code, contract.signature_date, contract.profession)
            )
    return Attestation(
        contract_reference=contract.reference,
        signatory=contract.signatory_name,
        profession=contract.get_profession_display(),
        signature_date=contract.signature_date,
        region=region,
        region_name=geography.region_name(region) or "non renseignée",
        version=version,
        class_counts=counts,
        communes=tuple(communes),
        issued_on=issued_on,
        declaration_ids=tuple(declaration_ids),
    )


def zones_of(attestation: Attestation) -> dict[str, str]:
    """Commune code -> class in the zoning version the attestation cites."""
    if attestation.version is None:
        return {}
    return dict(
        ZoneAssignment.objects.filter(version_id=attestation.version.id).values_list(
            "commune_code", "zone"
        )
    )


def archive_attestation(contract, user, issued_on: date) -> Document:
    """Render the attestation to PDF through the kernel, archived with the facts it cites."""
    attestation = attestation_for(contract, issued_on)
    zones = zones_of(attestation)
    svg, legend = "", []
    if zones and attestation.region in SHIPPED_OUTLINES:
        svg = maps.zoning_print_map(attestation.region, zones)
        present = set(zones.values())
        legend = [
            {"colour": colour, "label": ZONE_LABELS.get(zone, zone)}
            for zone, colour in maps.ZONE_COLOURS.items()
            if zone in present
        ]
    facts = [Fact.of("Contrat", [contract])]
    if attestation.version is not None:
        facts.append(
            Fact("Version de zonage", "territories.zoningversion", (attestation.version.id,))
        )
    if attestation.declaration_ids:
        facts.append(
            Fact(
                "Projet professionnel déclaré",
                "territories.projectdeclaration",
                attestation.declaration_ids,
            )
        )
    return render_document(
        ATTESTATION.code,
        "territories/attestation_pdf.html",
        {
            "lines": attestation.lines(),
            "issued_on": attestation.issued_on,
            "svg": svg,
            "legend": legend,
        },
        subject=contract,
        facts=facts,
        user=user,
        title=attestation.title,
        filename=f"attestation-zonage-{contract.reference}",
    )

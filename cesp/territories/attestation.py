"""Attestation of the zoning in force at the signature of a contract (a proposal of the
2018 survey, seed 001: "la production d'un document attestant du zonage effectif au
moment de la signature du contrat"). Built from facts only: the contract's signature
date, profession and follow-up region, the stored zoning version, the project communes.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from . import reference
from .lookup import ZONE_LABELS, ZONING_OF_PROFESSION, LookupResult, VersionInfo
from .services import current_index


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
    from .models import ProjectDeclaration, ZoneAssignment

    index = current_index()
    region = contract.followup_region or ""
    zoning = ZONING_OF_PROFESSION.get(contract.profession, contract.profession)
    version = index.version_in_force(region, zoning, contract.signature_date) if region else None
    counts: dict[str, int] = {}
    communes: list[LookupResult] = []
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
            communes.append(
                index.lookup(declaration.commune_code, contract.signature_date, contract.profession)
            )
    signatory = contract.signatory
    return Attestation(
        contract_reference=contract.reference,
        signatory=(signatory.get_full_name() or signatory.username) if signatory else "—",
        profession=contract.get_profession_display(),
        signature_date=contract.signature_date,
        region=region,
        region_name=reference.region_name(region) or "non renseignée",
        version=version,
        class_counts=counts,
        communes=tuple(communes),
        issued_on=issued_on,
    )


def attestation_pdf(attestation: Attestation, zones: dict[str, str] | None = None) -> bytes:
    """A one-page A4 PDF (matplotlib, no network): the text and, for a region whose
    commune outlines are shipped, the zoning map."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    from .maps import NO_DATA, ZONE_COLOURS, commune_shapes, ring_points

    figure = Figure(figsize=(8.27, 11.69))
    figure.text(0.08, 0.95, "République française — cesp", fontsize=9, color="#000091")
    figure.text(0.08, 0.92, attestation.title, fontsize=14, weight="bold")
    y = 0.88
    for line in attestation.lines():
        for chunk in _wrap(line, 105):
            figure.text(0.08, y, chunk, fontsize=8.5)
            y -= 0.018
    if attestation.issued_on:
        figure.text(
            0.08,
            0.04,
            f"Établie le {attestation.issued_on:%d/%m/%Y} à partir des "
            "faits enregistrés (zonage importé, date de signature).",
            fontsize=7,
        )
    if attestation.version is not None and zones:
        try:
            shapes = commune_shapes(attestation.region)
        except ValueError:
            shapes = {}
        if shapes:
            axes = figure.add_axes((0.08, 0.08, 0.84, max(0.1, y - 0.12)))
            polygons, colours = [], []
            for code, shape in shapes.items():
                for polygon in shape["polygons"]:
                    ring = polygon[0]
                    # One point in four is plenty at A4 size and keeps the PDF light.
                    polygons.append(ring_points(ring, 4 if len(ring) > 32 else 1))
                    colours.append(ZONE_COLOURS.get(zones.get(code, ""), NO_DATA))
            axes.add_collection(
                PolyCollection(polygons, facecolors=colours, edgecolors="white", linewidths=0.1)
            )
            axes.autoscale_view()
            axes.set_aspect(1.4)
            axes.axis("off")
            for i, zone in enumerate(z for z in ZONE_COLOURS if z in set(zones.values())):
                axes.text(
                    0.01,
                    0.02 + 0.04 * i,
                    f"■ {zone}",
                    color=ZONE_COLOURS[zone],
                    transform=axes.transAxes,
                    fontsize=9,
                )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf")
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines

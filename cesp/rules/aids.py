"""Installation aids: which apply to a place, on a date, for a profession and a mode of
practice, and which cannot be combined. Pure functions, no Django.

Source: the ARS Occitanie FAQ of 22 October 2024 (seed 003, "Quelles aides à
l'installation pour quelles zones ?", "Les aides sont-elles cumulables ?") and the
ministry FAQ (seed 004, ZIP/ZAC aids, CDE, 400 MG). The aids "évoluent très
régulièrement": each is a dated parameter ``aids.<id>`` (in force or not) and, when the
seeds give an amount, ``aids.amounts.<id>``; an unknown amount is ``None``, never a guess.
The ARS aids listed are those of ARS Occitanie (region 76); other regions' ARS aids are
not in the sources (the finder says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import Rejected, Step
from cesp.rules.money import format_euros, round_cents

OCCITANIE = "76"
PRIORITY_DEPARTMENTS = ("09", "32", "65")
MODES = ("liberal", "salarie", "mixte")
LIBERAL_MODES = ("liberal", "mixte")
DENTAL_UNDERSERVED = ("TRES_SOUS_DOTEE", "SOUS_DOTEE")
DOCTORS = ("medecine", "padhue_medecine")
DENTISTS = ("odontologie", "padhue_odontologie")
SEED_003 = "FAQ ARS Occitanie du 22/10/2024 (seed 003), « Quelles aides à l'installation »"
SEED_003_CUMUL = "FAQ ARS Occitanie du 22/10/2024 (seed 003), « Les aides sont-elles cumulables ? »"
SEED_004 = "FAQ ministère, médecine (seed 004), « Quelles aides sont associées à quelles zones ? »"

#: Pairs that cannot be combined (seed 003 "cumulables ?": the Assurance Maladie aid in
#: ZIP — doctors — or in très sous-dotée zone — dentists — excludes the ARS
#: Massif/Montagne/QPV/3-départements aids; the dentists' maintenance aid excludes the
#: ARS Massif/Montagne/09-32-65 aid). Everything else is combinable ("la plupart des aides
#: sont cumulables").
NOT_CUMULABLE: tuple[tuple[str, str, str], ...] = (
    ("am_installation_zip", "ars_massif_montagne", SEED_003_CUMUL),
    ("am_installation_zip", "ars_qpv", SEED_003_CUMUL),
    ("am_installation_zip", "ars_departements_09_32_65", SEED_003_CUMUL),
    ("am_caicd", "ars_massif_montagne", SEED_003_CUMUL),
    ("am_caicd", "ars_qpv", SEED_003_CUMUL),
    ("am_caicd", "ars_departements_09_32_65", SEED_003_CUMUL),
    ("am_maintien_dentiste", "ars_massif_montagne", SEED_003),
    ("am_maintien_dentiste", "ars_departements_09_32_65", SEED_003),
)


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """What the aids depend on, for one commune on one date.

    ``zone`` is the class of the commune in the zoning in force (None: unknown);
    ``in_frr`` None means the FRR class is not known for this region;
    ``guard_sector_has_zip`` None means the PDSa guard sector is not known.
    """

    commune_code: str
    department: str
    region: str
    zone: str | None
    in_massif: bool
    has_qpv: bool
    in_frr: bool | None
    guard_sector_has_zip: bool | None = None


#: Short French names of the aids, for sentences that list them (« non cumulable avec … »).
AID_NAMES: dict[str, str] = {
    "am_installation_zip": "aide à l'installation de l'Assurance Maladie en ZIP (CAIM)",
    "am_installation_zac": "aide à l'installation de l'Assurance Maladie en ZAC",
    "cde": "contrat de début d'exercice (CDE)",
    "dispositif_400_mg": "dispositif 400 MG",
    "ars_massif_montagne": "aide ARS Occitanie en commune de montagne ou de massif",
    "ars_departements_09_32_65": "aide ARS Occitanie en Ariège, Gers, Hautes-Pyrénées",
    "ars_qpv": "aide ARS Occitanie en quartier prioritaire (QPV)",
    "pdsa_exoneration": "exonération fiscale de la permanence des soins (PDSa)",
    "am_caicd": "contrat d'aide à l'installation des chirurgiens-dentistes (CAICD)",
    "am_maintien_dentiste": "aide de l'Assurance Maladie au maintien d'activité des dentistes",
    "frr_exoneration": "exonérations fiscales en zone France Ruralités Revitalisation",
}


def aid_name(aid_id: str) -> str:
    """The French name of an aid; an unknown id made readable (never shown raw)."""
    return AID_NAMES.get(aid_id) or aid_id.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Aid:
    """One aid that applies (``status`` "eligible") or may apply ("to_check")."""

    id: str
    label: str
    provider: str
    status: str
    amount: Decimal | None
    amount_basis: str
    conditions: tuple[str, ...]
    not_cumulable_with: tuple[str, ...]
    sources: tuple[str, ...]
    step: Step = field(repr=False, compare=False)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "provider": self.provider,
            "status": self.status,
            "amount": format_euros(self.amount) if self.amount is not None else None,
            "amount_basis": self.amount_basis,
            "conditions": list(self.conditions),
            "not_cumulable_with": list(self.not_cumulable_with),
            "not_cumulable_with_names": [aid_name(a) for a in self.not_cumulable_with],
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class AidsResult:
    aids: tuple[Aid, ...]
    not_applicable: tuple[Rejected, ...]
    notes: tuple[str, ...]

    def ids(self) -> list[str]:
        return [aid.id for aid in self.aids]

    def exclusive_pairs(self) -> list[tuple[str, str]]:
        """Pairs of aids found here that cannot be combined: choose one of each pair."""
        found = set(self.ids())
        return [(a, b) for a, b, _ in NOT_CUMULABLE if a in found and b in found]

    def to_dict(self) -> dict:
        return {
            "aids": [aid.to_dict() for aid in self.aids],
            "exclusive_choices": [list(pair) for pair in self.exclusive_pairs()],
            "exclusive_choice_names": [
                [aid_name(a), aid_name(b)] for a, b in self.exclusive_pairs()
            ],
            "not_applicable": [item.to_dict() for item in self.not_applicable],
            "notes": list(self.notes),
        }


def not_cumulable_with(aid_id: str) -> tuple[str, ...]:
    """The aids that cannot be combined with ``aid_id`` (seed 003)."""
    pairs = [b for a, b, _ in NOT_CUMULABLE if a == aid_id]
    pairs += [a for a, b, _ in NOT_CUMULABLE if b == aid_id]
    return tuple(dict.fromkeys(pairs))


def _in_force(aid_id: str, on: date) -> params.ParamValue | None:
    try:
        return params.value(f"aids.{aid_id}", on)
    except ParameterError:
        return None


def _amount(aid_id: str, on: date) -> params.ParamValue | None:
    try:
        return params.value(f"aids.amounts.{aid_id}", on)
    except ParameterError:
        return None


class _Finder:
    """Collects aids and rejections for one situation."""

    def __init__(self, place: PlaceFacts, on: date, profession: str, mode: str) -> None:
        self.place, self.on, self.profession, self.mode = place, on, profession, mode
        self.aids: list[Aid] = []
        self.rejected: list[Rejected] = []

    def reject(self, label: str, why: str) -> None:
        self.rejected.append(Rejected(label, why))

    def add(
        self,
        aid_id: str,
        label: str,
        provider: str,
        conditions: list[str],
        sources: tuple[str, ...],
        amount_basis: str = "",
        status: str = "eligible",
    ) -> None:
        in_force = _in_force(aid_id, self.on)
        if in_force is None:
            self.reject(label, f"pas en vigueur le {self.on:%d/%m/%Y}")
            return
        amount = _amount(aid_id, self.on)
        used = (in_force,) + ((amount,) if amount else ())
        step = Step(
            figure=f"aide.{aid_id}",
            value=status,
            rule=label,
            branch="; ".join(conditions),
            parameters=used,
            sources=sources,
        )
        self.aids.append(
            Aid(
                id=aid_id,
                label=label,
                provider=provider,
                status=status,
                amount=round_cents(amount.value) if amount else None,
                amount_basis=amount_basis if amount else "montant non précisé par les sources",
                conditions=tuple(conditions),
                not_cumulable_with=not_cumulable_with(aid_id),
                sources=(*sources, in_force.citation()),
                step=step,
            )
        )


def find_aids(place: PlaceFacts, on: date, profession: str, mode: str) -> AidsResult:
    """The installation aids for ``profession`` practising in ``mode`` at ``place``."""
    if mode not in MODES:
        raise SituationError("mode", mode, "aides", f"mode inconnu (attendu : {', '.join(MODES)})")
    finder = _Finder(place, on, profession, mode)
    notes = [
        "Aides valables selon les sources d'octobre 2024, « susceptibles d'évoluer » : "
        "vérifier auprès de l'ARS et de l'Assurance Maladie (seed 003).",
        "Installation protégée après un changement de zonage (R25) : l'installation reste "
        "possible mais les aides liées à l'ancien zonage ne sont plus ouvertes.",
    ]
    if place.zone is None:
        notes.append(
            "Zone de la commune inconnue à cette date : aides liées au zonage non évaluées."
        )
    if place.region != OCCITANIE:
        notes.append(
            "Aides de l'ARS : seules celles de l'ARS Occitanie figurent dans les sources ; "
            "celles de cette région ne sont pas renseignées."
        )
    if profession in DOCTORS:
        _doctor_aids(finder)
    elif profession in DENTISTS:
        _dentist_aids(finder)
    else:
        notes.append(
            "Aucune aide à l'installation n'est décrite par les sources pour cette profession."
        )
    _tax_aids(finder)
    return AidsResult(tuple(finder.aids), tuple(finder.rejected), tuple(notes))


def _doctor_aids(f: _Finder) -> None:
    p, liberal = f.place, f.mode in LIBERAL_MODES
    occitanie = p.region == OCCITANIE
    if p.zone == "ZIP" and liberal:
        f.add(
            "am_installation_zip",
            "Aide à l'installation de l'Assurance Maladie en ZIP (contrat CAIM ; forfait dès 2026)",
            "Assurance Maladie",
            ["commune classée ZIP", "installation libérale (la collaboration libérale compte)"],
            (SEED_003, SEED_004),
            amount_basis="plafond, selon le temps de travail"
            if f.on < date(2026, 1, 1)
            else "forfait",
        )
    elif p.zone == "ZIP":
        f.reject("Aide Assurance Maladie en ZIP", "réservée à l'installation libérale ou mixte")
    if p.zone == "ZAC" and liberal:
        f.add(
            "am_installation_zac",
            "Aide à l'installation de l'Assurance Maladie en ZAC",
            "Assurance Maladie",
            ["commune classée ZAC", "installation libérale", "à compter du 1er janvier 2026"],
            (SEED_003,),
            amount_basis="forfait",
        )
    if p.zone in ("ZIP", "ZAC") and liberal:
        # Choice: the FAQ lists the CDE under the ZAC, and says it can be combined with the
        # Assurance Maladie installation aids (ZIP): both zones (docs/territories.md).
        f.add(
            "cde",
            "Contrat de début d'exercice (CDE) : revenu garanti 12 mois",
            "ARS",
            [
                f"commune classée {p.zone}",
                "exercice libéral depuis moins de 12 mois",
                "engagement à rester 3 ans, à participer à la PDSa et à un exercice coordonné",
            ],
            (SEED_004,),
        )
    if p.zone == "ZAC" and f.mode in ("salarie", "mixte"):
        f.add(
            "dispositif_400_mg",
            "Dispositif 400 MG : salariat en centre de santé, revenus et charges garantis 24 mois",
            "ARS",
            [
                "commune classée ZAC",
                "salarié d'un centre de santé pluriprofessionnel",
                "engagement à rester 5 ans",
            ],
            (SEED_003, SEED_004),
        )
    if occitanie and p.in_massif:
        if p.zone == "ZAC":
            f.add(
                "ars_massif_montagne",
                "Aide ARS Occitanie à l'installation en commune de montagne ou de massif",
                "ARS Occitanie",
                ["commune de massif (loi Montagne)", "commune classée ZAC (CESP médecine)"],
                (SEED_003,),
            )
        else:
            f.reject(
                "Aide ARS Massif/Montagne",
                "accessible aux signataires CESP médecine seulement en ZAC (en ZIP : aide de "
                "l'Assurance Maladie, non cumulable)",
            )
    if occitanie and p.department in PRIORITY_DEPARTMENTS:
        if p.zone is not None and p.zone != "ZIP":
            f.add(
                "ars_departements_09_32_65",
                "Aide ARS Occitanie à l'installation en Ariège, Gers, Hautes-Pyrénées",
                "ARS Occitanie",
                [f"commune du département {p.department}", "commune hors ZIP"],
                (SEED_003, SEED_004),
            )
        elif p.zone == "ZIP":
            f.reject("Aide ARS départements 09, 32, 65", "toutes les communes hors ZIP")
    if occitanie and p.has_qpv:
        if p.zone == "ZAC":
            f.add(
                "ars_qpv",
                "Aide ARS Occitanie à l'installation dans un quartier prioritaire (QPV) en ZAC",
                "ARS Occitanie",
                [
                    "la commune compte au moins un QPV",
                    "installation effective dans le QPV, pas à proximité (adresse à vérifier "
                    "sur sig.ville.gouv.fr)",
                ],
                (SEED_003, SEED_004),
                status="to_check",
            )
        elif p.zone == "ZIP":
            f.reject("Aide ARS en QPV", "QPV en ZIP : c'est l'aide de l'Assurance Maladie")
    if liberal and (p.zone == "ZIP" or p.guard_sector_has_zip):
        f.add(
            "pdsa_exoneration",
            "Exonération fiscale de 60 jours de permanence des soins (PDSa)",
            "Services fiscaux",
            [
                "au moins une commune du secteur de garde classée en ZIP",
                "gardes et astreintes hors horaires normaux (nuits, week-ends, fériés), "
                "régulation et effection",
            ],
            (SEED_003, SEED_004),
        )
    elif liberal and p.guard_sector_has_zip is None and p.zone is not None:
        f.add(
            "pdsa_exoneration",
            "Exonération fiscale de 60 jours de permanence des soins (PDSa)",
            "Services fiscaux",
            [
                "possible si une commune du secteur de garde est en ZIP (secteur de garde "
                "non connu ici : à vérifier)",
            ],
            (SEED_003, SEED_004),
            status="to_check",
        )


def _dentist_aids(f: _Finder) -> None:
    p, liberal = f.place, f.mode in LIBERAL_MODES
    occitanie = p.region == OCCITANIE
    underserved = p.zone in DENTAL_UNDERSERVED
    if p.zone == "TRES_SOUS_DOTEE" and liberal:
        f.add(
            "am_caicd",
            "Contrat d'aide à l'installation des chirurgiens-dentistes (CAICD)",
            "Assurance Maladie",
            ["commune en zone très sous-dotée", "installé depuis moins de 12 mois"],
            (SEED_003, SEED_004),
            amount_basis="plafond",
        )
        f.add(
            "am_maintien_dentiste",
            "Aide de l'Assurance Maladie au maintien d'activité (dentistes déjà installés)",
            "Assurance Maladie",
            ["commune en zone très sous-dotée", "déjà installé", "3 ans, renouvelable une fois"],
            (SEED_003,),
            amount_basis="par an",
        )
    if occitanie and p.in_massif:
        if underserved:
            f.add(
                "ars_massif_montagne",
                "Aide ARS Occitanie à l'installation en commune de montagne ou de massif",
                "ARS Occitanie",
                ["commune de massif (loi Montagne)", "zone sous-dotée ou très sous-dotée"],
                (SEED_003,),
            )
        else:
            f.reject("Aide ARS Massif/Montagne", "dentistes : zone sous-dotée ou très sous-dotée")
    if occitanie and p.department in PRIORITY_DEPARTMENTS:
        if underserved:
            f.add(
                "ars_departements_09_32_65",
                "Aide ARS Occitanie à l'installation en Ariège, Gers, Hautes-Pyrénées",
                "ARS Occitanie",
                [f"commune du département {p.department}", "zone sous-dotée ou très sous-dotée"],
                (SEED_003,),
            )
        else:
            f.reject("Aide ARS départements 09, 32, 65", "dentistes : zone (très) sous-dotée")
    if occitanie and p.has_qpv and p.zone == "INTERMEDIAIRE":
        f.add(
            "ars_qpv",
            "Aide ARS Occitanie en QPV (dentistes, à titre dérogatoire)",
            "ARS Occitanie",
            [
                "QPV situé en zone intermédiaire du zonage dentaire",
                "uniquement à titre dérogatoire ; les QPV ne sont pas dans le zonage dentaire",
            ],
            (SEED_004,),
            status="to_check",
        )


def _tax_aids(f: _Finder) -> None:
    p = f.place
    if f.mode not in LIBERAL_MODES:
        return
    if p.in_frr:
        f.add(
            "frr_exoneration",
            "Exonérations fiscales en zone France Ruralités Revitalisation (bénéfices, CFE)",
            "Services fiscaux",
            ["commune classée FRR (ou ZRR maintenue)", "activité libérale"],
            (SEED_003,),
        )
    elif p.in_frr is None:
        f.add(
            "frr_exoneration",
            "Exonérations fiscales en zone France Ruralités Revitalisation (bénéfices, CFE)",
            "Services fiscaux",
            ["classement FRR de la commune non connu ici : à vérifier (service-public.fr)"],
            (SEED_003,),
            status="to_check",
        )
    else:
        f.reject("Exonérations FRR", "commune non classée FRR")

"""Which zone classes of an ARS zoning count for the CESP, per profession (R21).

A signatory serves the engagement in a zone of art. L1434-4 1° CSP (R631-24-6 v1 1°):
for doctors the zones *d'intervention prioritaire* (ZIP) and *d'action complémentaire*
(ZAC), not the ZAR, the zones de vigilance nor « hors zonage »; for dentists the zones
*très sous-dotées* and *sous-dotées*, not *intermédiaires*, *très dotées*, *sur-dotées*
nor *non prioritaires*. These classes rest on the FAQs (seeds 003 and 004), not on a
legal text read (open question Q15, docs/rules-choices.md). Pharmacy and midwifery
(from 16 January 2026) have no text naming their classes (Q7): the engine applies the
dentists' classes by analogy and says so.

The eligible classes are dated parameters ``zoning.cesp_classes_<profession>``; their
value lists the classes separated by commas. Zone codes are those of the territories
domain: ``ZIP``, ``ZAC``, ``ZAR``, ``ZV``, ``HZ``, ``TRES_SOUS_DOTEE``, ``SOUS_DOTEE``,
``INTERMEDIAIRE``, ``TRES_DOTEE``, ``SUR_DOTEE``, ``NON_PRIORITAIRE``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import Figure, Rejected, Step, choice_link

DOCTOR_CLASSES = ("ZIP", "ZAC", "ZAR", "ZV", "HZ")
DENTAL_CLASSES = (
    "TRES_SOUS_DOTEE",
    "SOUS_DOTEE",
    "INTERMEDIAIRE",
    "TRES_DOTEE",
    "SUR_DOTEE",
    "NON_PRIORITAIRE",
)
ZONE_CLASSES = DOCTOR_CLASSES + DENTAL_CLASSES

# The zoning a profession's engagement is served under (PADHUE follow their profession).
ZONING_OF_PROFESSION = {
    "medecine": "medecine",
    "padhue_medecine": "medecine",
    "odontologie": "odontologie",
    "padhue_odontologie": "odontologie",
    "maieutique": "maieutique",
    "pharmacie": "pharmacie",
}

CLASS_LABELS = {
    "ZIP": "zone d'intervention prioritaire (ZIP)",
    "ZAC": "zone d'action complémentaire (ZAC)",
    "ZAR": "zone d'accompagnement régional (ZAR)",
    "ZV": "zone de vigilance",
    "HZ": "hors zonage",
    "TRES_SOUS_DOTEE": "zone très sous-dotée",
    "SOUS_DOTEE": "zone sous-dotée",
    "INTERMEDIAIRE": "zone intermédiaire",
    "TRES_DOTEE": "zone très dotée",
    "SUR_DOTEE": "zone sur-dotée",
    "NON_PRIORITAIRE": "zone non prioritaire",
}

SOURCES = (
    "Code de la santé publique, art. L1434-4 1°",
    "Code de l'éducation, art. R631-24-6 (version du 20 mars 2020), 1°",
)
CHOICE_Q15 = (
    "Q15 — les classes retenues (ZIP et ZAC ; très sous-dotée et sous-dotée) reposent sur "
    f"les FAQ, aucun texte lu ne les nomme pour le CESP ({choice_link('q15')})"
)
CHOICE_Q7 = (
    "Q7 — pharmacie et maïeutique : aucun texte lu ne nomme les classes ; les classes des "
    f"chirurgiens-dentistes sont appliquées par analogie ({choice_link('q7')})"
)


def zoning_profession(profession: str) -> str:
    """The zoning (doctors, dentists, midwives, pharmacists) a profession serves under."""
    try:
        return ZONING_OF_PROFESSION[profession]
    except KeyError:
        raise SituationError(
            "profession",
            profession,
            SOURCES[0],
            f"profession inconnue (attendu : {', '.join(ZONING_OF_PROFESSION)})",
        ) from None


def normalise_class(zone: str) -> str:
    """``'zip'``, ``' ZIP '`` → ``'ZIP'``; unknown classes are refused, never guessed."""
    code = zone.strip().upper().replace("-", "_").replace(" ", "_")
    code = code.replace("É", "E").replace("È", "E")
    if code not in ZONE_CLASSES:
        raise SituationError(
            "zone",
            zone,
            SOURCES[0],
            f"classe de zonage inconnue (attendu : {', '.join(ZONE_CLASSES)})",
        )
    return code


OPENING = {
    "odontologie": "eligibility.odontologie_open",
    "maieutique": "eligibility.pharmacie_maieutique_open",
    "pharmacie": "eligibility.pharmacie_maieutique_open",
}


def _closed(zoning: str, on: date) -> Figure[frozenset[str]] | None:
    """No class counts where the CESP is not open to the profession on ``on``."""
    if zoning not in OPENING:
        return None
    try:
        opening = params.value(OPENING[zoning], on)
    except ParameterError:
        opening = None
    if opening is not None and opening.value == "oui":
        return None
    step = Step(
        figure="zone.classes_eligibles",
        value=[],
        rule=(
            f"Le CESP n'est pas ouvert à la profession « {zoning} » à cette date : aucune "
            "classe de zonage ne compte."
        ),
        parameters=(opening,) if opening else (),
        sources=SOURCES,
    )
    return Figure(frozenset(), step)


def eligible_classes(profession: str, on: date) -> Figure[frozenset[str]]:
    """The zone classes that count for the CESP of ``profession`` on ``on`` (R21).

    None before the CESP opens to the profession (dentists 2013, midwives and pharmacists
    16 January 2026); for doctors before the ZIP/ZAC zonings (13 November 2017) the engine
    refuses rather than guess the classes of the older regional plans.
    """
    zoning = zoning_profession(profession)
    closed = _closed(zoning, on)
    if closed is not None:
        return closed
    name = f"zoning.cesp_classes_{zoning}"
    try:
        parameter = params.value(name, on)
    except ParameterError:
        raise SituationError(
            "date",
            on.isoformat(),
            SOURCES[0],
            f"aucune classe de zonage n'est définie pour le CESP ({zoning}) à cette date",
        ) from None
    classes = frozenset(parameter.value.split(","))
    shown = ", ".join(CLASS_LABELS[code] for code in sorted(classes))
    step = Step(
        figure="zone.classes_eligibles",
        value=sorted(classes),
        rule=(f"Pour le zonage « {zoning} », l'engagement s'exécute dans les classes : {shown}."),
        parameters=(parameter,),
        sources=SOURCES,
        choice=CHOICE_Q7 if zoning in {"maieutique", "pharmacie"} else CHOICE_Q15,
    )
    return Figure(classes, step)


def zone_counts_for_cesp(zone: str, profession: str, on: date) -> Figure[bool]:
    """Does practice in a commune of class ``zone`` count for the CESP on ``on``? (R21).

    Oracles: T38 (a doctor in ZAR: no), T39 (a dentist in a zone intermédiaire: no; in a
    zone sous-dotée: yes).
    """
    code = normalise_class(zone)
    classes = eligible_classes(profession, on)
    counts = code in classes.value
    label = CLASS_LABELS[code]
    if not classes.value:
        branch = f"{label} : le CESP n'est pas ouvert à cette profession à cette date"
        rejected: tuple[Rejected, ...] = ()
    elif counts:
        branch = f"{label} : l'exercice y compte pour l'engagement"
        rejected = (Rejected("ne compte pas", f"{label} fait partie des classes retenues"),)
    else:
        branch = f"{label} : l'exercice n'y compte pas pour l'engagement"
        rejected = (Rejected("compte", f"{label} n'est pas une des classes retenues"),)
    step = Step(
        figure="zone.compte_pour_cesp",
        value=counts,
        rule="L'exercice compte quand la commune est classée dans une zone retenue pour le CESP.",
        branch=branch,
        rejected=rejected,
        sources=SOURCES,
        children=(classes.step,),
    )
    return Figure(counts, step)


def counts_for_cesp(zone: str, profession: str, on: date) -> tuple[bool, str]:
    """Fast path for bulk lookups: (counts, one French sentence saying why). Cached."""
    return _counts_cached(zone, profession, on)


@lru_cache(maxsize=65536)
def _counts_cached(zone: str, profession: str, on: date) -> tuple[bool, str]:
    figure = zone_counts_for_cesp(zone, profession, on)
    parameters = figure.step.children[0].parameters
    if not parameters or parameters[0].name.startswith("eligibility."):
        return figure.value, figure.step.branch
    classes = parameters[0]
    return figure.value, (
        f"{figure.step.branch} (classes retenues pour le zonage "
        f"« {zoning_profession(profession)} » : {classes.value.replace(',', ', ')} ; "
        f"{classes.citation()})"
    )

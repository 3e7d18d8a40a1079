"""Who may apply for a CESP, and when (R1–R4).

The conditions depend on the date the application is filed, which selects the regime:

- before 20 March 2020 (décret 2010-735, R632-66): medical students admitted beyond
  the first year of the first cycle, and interns; dentistry from the décret 2013-735;
- from 20 March 2020 (décret 2020-268, R631-24 I): second- and third-cycle students of
  medicine and odontology, and PADHUE in a skills-consolidation pathway; no first cycle;
- from 16 January 2026 (décret 2026-4, R631-24 I and III as amended): students of
  medicine, odontology, midwifery and pharmacy from the end of the first year, except the
  industrial-pharmacy track; PADHUE; and nobody holding a comparable engagement (a grant
  of a region, a collectivité, an establishment).

In every regime the candidate must be a student enrolled in a French faculty, not a free
auditor (R4, art. L811-1 C. éduc., seed 003). Oracles T40–T43.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cesp.rules import params
from cesp.rules.errors import SituationError
from cesp.rules.explain import Figure, Rejected, Step
from cesp.rules.params import ParamValue
from cesp.rules.situation import CATEGORIES, PROFESSIONS

PHARMACY_TRACKS = ("officine", "industrie", "internat", "recherche")

SOURCE_PRE2020 = "Décret n° 2010-735 du 29 juin 2010, art. 1 (R632-66 C. éduc.)"
SOURCE_POST2020 = "Code de l'éducation, art. R631-24 I (décret n° 2020-268)"
SOURCE_POST2025 = (
    "Décret n° 2025-270 du 24 mars 2025 (autorité administrative ; R631-24 I inchangé)"
)
SOURCE_POST2026 = "Décret n° 2026-4 du 5 janvier 2026, art. 1 (R631-24 I et III)"
RULE_ELIGIBILITY = (
    "R632-66 et R631-24 I du code de l'éducation (décrets 2010-735, 2020-268, 2026-4)"
)
SOURCE_STATUS = "Code de l'éducation, art. L811-1 (étudiants et auditeurs libres)"


@dataclass(frozen=True, slots=True)
class Application:
    """The facts of an application that the eligibility rules look at.

    ``study_year`` is the year of studies the candidate is in (2 = second year);
    ``pharmacy_track`` the pharmacy track (``industrie`` is excluded from 2026);
    ``holds_comparable_engagement``: a grant or contract of a region, a collectivité or an
    establishment with a practice obligation (R631-24 III from 2026).
    """

    profession: str
    category: str
    application_date: date
    study_year: int | None = None
    pharmacy_track: str | None = None
    holds_comparable_engagement: bool = False
    enrolled_in_french_faculty: bool = True
    free_auditor: bool = False

    def __post_init__(self) -> None:
        if self.profession not in PROFESSIONS:
            raise SituationError(
                "profession",
                self.profession,
                RULE_ELIGIBILITY,
                f"attendu : {', '.join(PROFESSIONS)}",
            )
        if self.category not in CATEGORIES:
            raise SituationError(
                "category", self.category, RULE_ELIGIBILITY, f"attendu : {', '.join(CATEGORIES)}"
            )
        if self.study_year is not None and not 1 <= self.study_year <= 12:
            raise SituationError(
                "study_year",
                self.study_year,
                RULE_ELIGIBILITY,
                "une année d'études est entre 1 et 12",
            )
        if self.pharmacy_track is not None and self.pharmacy_track not in PHARMACY_TRACKS:
            raise SituationError(
                "pharmacy_track",
                self.pharmacy_track,
                SOURCE_POST2026,
                f"attendu : {', '.join(PHARMACY_TRACKS)}",
            )
        opening = params.all_parameters()["eligibility.first_cycle_open"].values[0].start
        if self.application_date < opening:
            raise SituationError(
                "application_date",
                self.application_date.isoformat(),
                SOURCE_PRE2020,
                f"le CESP n'existe qu'à partir du {opening:%d/%m/%Y}",
            )
        if self.category == "padhue" and not self.profession.startswith("padhue"):
            raise SituationError(
                "category",
                self.category,
                SOURCE_POST2020,
                "la catégorie padhue va avec padhue_medecine ou padhue_odontologie",
            )


def application_regime(on: date) -> Figure[str]:
    """Which eligibility rules apply to an application filed on ``on``.

    ``post2025`` (décret 2025-270: the autorité administrative replaces the CNG) keeps the
    eligibility conditions of 2020; it is named so that the explanation says which texts
    were in force.
    """
    post2020 = _boundary("regime.post2020_start")
    post2025 = _boundary("regime.post2025_start")
    post2026 = _boundary("regime.post2026_start")
    boundaries = [("pre2020", None), ("post2020", post2020), ("post2025", post2025)]
    boundaries.append(("post2026", post2026))
    regime = "pre2020"
    for name, boundary in boundaries[1:]:
        if on >= boundary.value:
            regime = name
    sources = {
        "pre2020": (SOURCE_PRE2020,),
        "post2020": (SOURCE_POST2020,),
        "post2025": (SOURCE_POST2020, SOURCE_POST2025),
        "post2026": (SOURCE_POST2026,),
    }[regime]
    starts = [boundary.value for _, boundary in boundaries[1:]]
    windows = {
        "pre2020": f"candidatures déposées avant le {starts[0]:%d/%m/%Y}",
        "post2020": f"du {starts[0]:%d/%m/%Y} au {starts[1]:%d/%m/%Y} exclu",
        "post2025": f"du {starts[1]:%d/%m/%Y} au {starts[2]:%d/%m/%Y} exclu",
        "post2026": f"à partir du {starts[2]:%d/%m/%Y}",
    }
    rejected = tuple(
        Rejected(name, f"{windows[name]} ; candidature du {on:%d/%m/%Y}")
        for name, _ in boundaries
        if name != regime
    )
    step = Step(
        figure="eligibilite.regime",
        value=regime,
        rule="Les conditions sont celles en vigueur à la date de dépôt de la candidature.",
        branch=regime,
        rejected=rejected,
        parameters=(post2020, post2025, post2026),
        sources=sources,
    )
    return Figure(regime, step)


def _boundary(name: str) -> ParamValue:
    """A date parameter selected by ``any`` date: its (last) value is the boundary."""
    return params.all_parameters()[name].values[-1]


def _open(name: str, on: date) -> tuple[bool, ParamValue]:
    value = params.value(name, on)
    return value.value == "oui", value


def _profession_condition(app: Application, regime: str) -> Step:
    on = app.application_date
    base = app.profession.removeprefix("padhue_")
    used: list[ParamValue] = []
    if app.profession.startswith("padhue"):
        ok, value = _open("eligibility.padhue_open", on)
        used.append(value)
        why = "PADHUE en parcours de consolidation des compétences"
    elif base == "medecine":
        ok, why = True, "études médicales"
    elif base == "odontologie":
        ok, value = _open("eligibility.odontologie_open", on)
        used.append(value)
        why = "études d'odontologie"
    else:
        ok, value = _open("eligibility.pharmacie_maieutique_open", on)
        used.append(value)
        why = "études de pharmacie et de maïeutique"
    verdict = "y est ouvert" if ok else "n'y est pas ouvert"
    return Step(
        figure="eligibilite.filiere",
        value=ok,
        rule=f"Filière ({why}) : le CESP {verdict} à la date de la candidature.",
        parameters=tuple(used),
        sources=(_source(regime),),
    )


def _stage_condition(app: Application, regime: str) -> Step:
    on = app.application_date
    used: list[ParamValue] = []
    if app.category == "first_cycle":
        ok, value = _open("eligibility.first_cycle_open", on)
        used.append(value)
        if ok:
            minimum = params.value("eligibility.minimum_study_year", on)
            used.append(minimum)
            if app.study_year is None:
                raise SituationError(
                    "study_year",
                    None,
                    RULE_ELIGIBILITY,
                    "l'année d'études est nécessaire pour un candidat du premier cycle",
                )
            ok = app.study_year >= int(minimum.value)
            rule = (
                f"Premier cycle : candidature possible à partir de la {int(minimum.value)}e "
                f"année ; le candidat est en {app.study_year}e année."
            )
        else:
            rule = "Premier cycle : le CESP n'est ouvert qu'aux 2e et 3e cycles et aux PADHUE."
    elif app.category == "padhue":
        ok, rule = True, "PADHUE autorisé à suivre un parcours de consolidation des compétences."
    else:
        ok = True
        cycle = "deuxième" if app.category == "second_cycle" else "troisième"
        rule = f"Étudiant du {cycle} cycle : stade d'études admis."
    return Step(
        figure="eligibilite.stade_des_etudes",
        value=ok,
        rule=rule,
        parameters=tuple(used),
        sources=(_source(regime),),
    )


def _pharmacy_track_condition(app: Application) -> Step | None:
    if app.profession != "pharmacie":
        return None
    ok = app.pharmacy_track != "industrie"
    return Step(
        figure="eligibilite.parcours_pharmacie",
        value=ok,
        rule=(
            "Les étudiants du parcours de pharmacie industrielle sont exclus."
            + ("" if ok else " Le candidat suit ce parcours.")
        ),
        sources=(SOURCE_POST2026,),
    )


def _cumulation_condition(app: Application) -> Step:
    forbidden, value = _open("eligibility.no_cumulation", app.application_date)
    ok = not (forbidden and app.holds_comparable_engagement)
    if not forbidden:
        rule = "Aucun texte n'interdit le cumul avec un contrat comparable à cette date."
    elif app.holds_comparable_engagement:
        rule = (
            "Le CESP ne peut être cumulé avec un contrat comparable (établissement, "
            "collectivité territoriale) ; le candidat en détient un."
        )
    else:
        rule = "Non-cumul avec un contrat comparable : le candidat n'en détient pas."
    return Step(
        figure="eligibilite.non_cumul",
        value=ok,
        rule=rule,
        parameters=(value,),
        sources=(SOURCE_POST2026,) if forbidden else (),
    )


def _status_condition(app: Application) -> Step:
    ok = app.enrolled_in_french_faculty and not app.free_auditor
    if app.free_auditor:
        rule = "Un auditeur libre n'est pas un étudiant : il ne peut pas candidater."
    elif not app.enrolled_in_french_faculty:
        rule = "Le candidat doit être inscrit dans une UFR française."
    else:
        rule = "Étudiant inscrit dans une UFR française."
    return Step(figure="eligibilite.statut", value=ok, rule=rule, sources=(SOURCE_STATUS,))


def _source(regime: str) -> str:
    if regime == "pre2020":
        return SOURCE_PRE2020
    return SOURCE_POST2026 if regime == "post2026" else SOURCE_POST2020


def eligibility(app: Application) -> Figure[bool]:
    """May this candidate apply on the application date? Every condition is explained.

    Oracles: T40 (pharmacy, 2nd year, 2026-02-01: yes), T41 (industrial pharmacy: no),
    T42 (holder of a collectivité engagement grant, 2026-02-01: no), T43 (DFGSM3, 2023: no).
    """
    regime = application_regime(app.application_date)
    conditions = [
        _profession_condition(app, regime.value),
        _stage_condition(app, regime.value),
        _pharmacy_track_condition(app),
        _cumulation_condition(app),
        _status_condition(app),
    ]
    steps = tuple(step for step in conditions if step is not None)
    failed = [step for step in steps if not step.value]
    eligible = not failed
    step = Step(
        figure="eligibilite",
        value=eligible,
        rule="Le candidat est éligible quand toutes les conditions sont remplies.",
        branch=(
            "éligible" if eligible else "non éligible : " + " ; ".join(step.rule for step in failed)
        ),
        sources=(_source(regime.value),),
        children=(regime.step, *steps),
    )
    return Figure(eligible, step)

"""What a dossier needs before it is filed: eligibility (cesp.rules), identity, pieces,
and the campaign's calendar. Each refusal is a French sentence citing its text."""

from __future__ import annotations

from datetime import date

from cesp.rules import eligibility as rules
from cesp.rules.errors import SituationError

from . import pieces
from .enums import MilestoneKind, Schema
from .models import Milestone

IDENTITY_FIELDS = {
    "birth_name": "nom de naissance",
    "first_names": "prénoms",
    "birth_date": "date de naissance",
    "birth_place": "lieu de naissance",
    "nationality": "nationalité",
    "address": "adresse",
    "email": "courriel",
}
PROJECT_FIELDS = {"specialty": "spécialité envisagée", "practice_mode": "mode d'exercice envisagé"}
RULE_FILING = (
    "R632-69 et R631-24-2 du code de l'éducation (candidature auprès du directeur de l'UFR)"
)
RULE_CONTRACT = "arrêté du 27 juillet 2010, annexe (mentions du contrat)"
SCHEMA_OF_REGIME = {
    "pre2020": Schema.PRE2020,
    "post2020": Schema.POST2020,
    "post2025": Schema.POST2025,
    "post2026": Schema.POST2025,
}


def schema_on(on: date) -> str:
    """The dossier's contents version for a dossier started on ``on`` (choice S1)."""
    return str(SCHEMA_OF_REGIME[rules.application_regime(on).value])


def application(dossier, on: date) -> rules.Application:
    return rules.Application(
        profession=dossier.profession,
        category=dossier.category,
        application_date=on,
        study_year=dossier.study_year,
        pharmacy_track=dossier.pharmacy_track or None,
        holds_comparable_engagement=dossier.holds_comparable_engagement,
        free_auditor=dossier.free_auditor,
    )


def eligibility_refusals(dossier, on: date) -> list[str]:
    """The eligibility conditions the candidate does not meet on ``on``, with their texts."""
    try:
        figure = rules.eligibility(application(dossier, on))
    except SituationError as error:
        return [f"Situation incomplète ou incohérente : {error.message} ({error.rule})."]
    if figure.value:
        return []
    return [
        f"Non éligible : {step.rule} ({'; '.join(step.sources)})."
        for step in figure.step.children
        if step.value is False
    ]


def eligibility_explained(dossier, on: date) -> list[tuple[bool, str, str]]:
    """Each condition as (met, rule, sources) for the candidate's page."""
    try:
        figure = rules.eligibility(application(dossier, on))
    except SituationError as error:
        return [(False, f"Situation incomplète ou incohérente : {error.message}", error.rule)]
    return [
        (bool(step.value), step.rule, "; ".join(step.sources))
        for step in figure.step.children
        if isinstance(step.value, bool)
    ]


def calendar_refusals(dossier, on: date) -> list[str]:
    dates = dict(
        Milestone.objects.filter(
            campaign=dossier.campaign,
            kind__in=[MilestoneKind.OPENING, MilestoneKind.FILING_DEADLINE],
        ).values_list("kind", "date")
    )
    reasons = []
    opening = dates.get(MilestoneKind.OPENING)
    deadline = dates.get(MilestoneKind.FILING_DEADLINE)
    if opening and on < opening:
        reasons.append(
            f"La campagne n'ouvre que le {opening:%d/%m/%Y} (calendrier de la campagne, D1)."
        )
    if deadline and on > deadline:
        reasons.append(
            f"La date limite de dépôt du {deadline:%d/%m/%Y} est dépassée "
            f"(calendrier de la campagne, D2 ; {RULE_FILING})."
        )
    return reasons


def completeness_refusals(dossier) -> list[str]:
    reasons = [
        f"Champ à remplir : {label} ({RULE_CONTRACT})."
        for name, label in IDENTITY_FIELDS.items()
        if not getattr(dossier, name)
    ]
    reasons += [
        f"Champ à remplir : {label} ({pieces.RULE_PIECES}, lettre de motivation)."
        for name, label in PROJECT_FIELDS.items()
        if not getattr(dossier, name)
    ]
    return reasons + pieces.missing_messages(dossier)


def filing_refusals(dossier, on: date) -> list[str]:
    """Everything that stops this dossier from being filed on ``on`` (empty: it may)."""
    return (
        calendar_refusals(dossier, on)
        + eligibility_refusals(dossier, on)
        + completeness_refusals(dossier)
    )

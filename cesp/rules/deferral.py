"""Deferral of installation (*report d'installation*).

Once the diploma is obtained, the DG ARS may defer the installation (R632-74; POST2020
practice per the FAQs). The allocation continues during the deferral — its months are
paid and owed, so the engagement grows by as much — unless a third-cycle suspension is
running (FAQ du ministère). At most 12 months (FAQ ARS Occitanie; décret 2026-4; for
PRE2020, where R632-74 sets no cap, the same cap is applied: choice Q18). A longer
request is capped at 12 months (T36), and the explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cesp.rules import params
from cesp.rules.errors import SituationError
from cesp.rules.explain import NO_STEP, Figure, Step, choice_link, explaining
from cesp.rules.months import Month
from cesp.rules.situation import Situation

SOURCES = (
    "Code de l'éducation, art. R632-74",
    "FAQ ARS Occitanie du 22 octobre 2024",
    "FAQ du ministère (médecine)",
)


@dataclass(frozen=True, slots=True)
class DeferralPeriod:
    start: date
    end: date
    requested_end: date
    capped: bool


def cap_deferral(start: date, end: date) -> Figure[date]:
    """The end of a deferral once capped at the maximum length (T36: 18 months → 12)."""
    maximum = params.value("deferral.maximum_months", start)
    latest = (Month.of(start) + maximum.value).first_day()
    if start.day != 1:
        latest = date(latest.year, latest.month, min(start.day, Month.of(latest).last_day().day))
    latest -= timedelta(days=1)
    capped = end > latest
    effective = latest if capped else end
    if not explaining():
        return Figure(effective, NO_STEP)
    step = Step(
        figure="deferral.end_date",
        value=effective,
        rule=(
            "Le report d'installation ne peut dépasser 12 mois ; l'allocation continue pendant "
            "le report et l'engagement s'allonge d'autant."
        ),
        branch=(
            f"report demandé jusqu'au {end:%d/%m/%Y}, plafonné au {latest:%d/%m/%Y}"
            if capped
            else f"report du {start:%d/%m/%Y} au {end:%d/%m/%Y}, dans la limite de 12 mois"
        ),
        parameters=(maximum,),
        sources=SOURCES,
        choice=(
            "Plafond de 12 mois appliqué aussi à l'ancien régime, faute de plafond dans "
            f"R632-74 ({choice_link('Q18')})"
            if maximum.reference == "choix_cesp"
            else ""
        ),
    )
    return Figure(effective, step)


def deferral_periods(
    situation: Situation, diploma: date | None
) -> Figure[tuple[DeferralPeriod, ...]]:
    """The deferrals of the situation, checked (after the diploma, before practice) and capped."""
    periods = []
    children = []
    first_practice = situation.first("practice")
    for event in situation.of_type("deferral"):
        if diploma is None or event.start < diploma:
            raise SituationError(
                event.path("from"),
                event.start.isoformat(),
                "Code de l'éducation, art. R632-74",
                "un report d'installation suppose le diplôme obtenu"
                + (
                    f" (obtenu le {diploma:%d/%m/%Y})" if diploma else " (aucun diplôme enregistré)"
                ),
            )
        capped = cap_deferral(event.start, event.end)
        if first_practice is not None and first_practice.start <= capped.value:
            raise SituationError(
                event.path("to"),
                event.end.isoformat(),
                "Code de l'éducation, art. R632-74",
                f"le report chevauche l'exercice commencé le {first_practice.start:%d/%m/%Y}",
            )
        periods.append(
            DeferralPeriod(event.start, capped.value, event.end, capped.value < event.end)
        )
        children.append(capped.step)
    if not explaining():
        return Figure(tuple(periods), NO_STEP)
    step = Step(
        figure="allocation.deferral",
        value=len(periods),
        rule="Reports d'installation : l'allocation continue pendant le report.",
        sources=SOURCES if periods else (),
        children=tuple(children),
    )
    return Figure(tuple(periods), step)

"""Suspensions: during studies, for the whole third cycle, and during practice.

- Studies (arrêté du 27 juillet 2010, art. 3): at the signatory's express request, for
  leave (maternity, adoption, paternity, sickness, accident, availability…); counted in
  whole calendar months from the month of ``from`` through the month of ``to``; less
  than one month is refused. Suspended months are neither paid nor owed.
- Third cycle (art. 3, 2° c): requested within 30 days of the first day as an intern
  (day 30 included); takes effect on 1 January following; the allocation then stops
  until installation (it stays suspended during a deferral — ministry FAQ).
- Practice (art. 3, last paragraphs): 1 to 12 whole months; the engagement clock stops.
"""

from __future__ import annotations

from datetime import date, timedelta

from cesp.rules import params
from cesp.rules.errors import SituationError
from cesp.rules.explain import NO_STEP, Figure, Rejected, Step, choice_link, explaining
from cesp.rules.months import Month, whole_months_between
from cesp.rules.situation import Situation

ART3 = "Arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 3"
ART3_2C = "Arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 3, 2° c"
FAQ_MINISTRY = "FAQ du ministère (médecine)"


def whole_months_of(start: date, end: date) -> int:
    """Whole months in the period ``start``..``end`` (both days included)."""
    return whole_months_between(start, end + timedelta(days=1))


def first_day_months(start: date, end: date | None, last: int) -> range:
    """Indexes of the months whose first day lies in ``start``..``end`` (capped at ``last``)."""
    first = Month.of(start).index + (0 if start.day == 1 else 1)
    stop = last if end is None else min(Month.of(end).index, last)
    return range(first, stop + 1)


def studies_suspended_months(situation: Situation) -> Figure[frozenset[int]]:
    """Month indexes suspended at the signatory's request during studies (R16)."""
    months: set[int] = set()
    children = []
    minimum = None
    for event in situation.of_type("suspension"):
        minimum = params.value("suspensions.studies_minimum_months", event.start)
        length = whole_months_of(event.start, event.end)
        if length < minimum.value:
            raise SituationError(
                event.path("to"),
                event.end.isoformat(),
                ART3,
                f"une suspension couvre au moins {minimum.value} mois entier "
                f"(période du {event.start:%d/%m/%Y} au {event.end:%d/%m/%Y} trop courte)",
            )
        covered = range(Month.of(event.start).index, Month.of(event.end).index + 1)
        months.update(covered)
        if not explaining():
            continue
        children.append(
            Step(
                figure="allocation.suspension",
                value=len(covered),
                rule=(
                    "La suspension couvre les mois civils entiers du mois de début au mois "
                    "de fin inclus ; ces mois ne sont ni versés ni dus."
                ),
                branch=(
                    f"suspension {event.reason or ''} du {event.start:%d/%m/%Y} au "
                    f"{event.end:%d/%m/%Y} : {Month.of(event.start)} → {Month.of(event.end)}"
                ),
                parameters=(minimum,),
                sources=(ART3,),
            )
        )
    if not explaining():
        return Figure(frozenset(months), NO_STEP)
    step = Step(
        figure="allocation.suspended_months",
        value=len(months),
        rule="Mois suspendus à la demande du signataire pendant les études.",
        sources=(ART3,) if months else (),
        children=tuple(children),
    )
    return Figure(frozenset(months), step)


def third_cycle_decision(internship_start: date, request: date) -> Figure[date | None]:
    """Is a third-cycle suspension request in time? Its effect date, or None when refused.

    Arrêté du 27 juillet 2010, art. 3, 2° c: the request reaches the CNG within 30 days of
    the first day as an intern (day 30 included); effect on 1 January following the
    taking up of duties as an intern (FAQ du ministère: « au 1er janvier qui suit sa
    prise de fonctions d'interne »).
    """
    window = params.value("suspensions.third_cycle_request_window_days", request)
    effect_day = params.value("suspensions.third_cycle_effect_day", request)
    elapsed = (request - internship_start).days
    accepted = elapsed <= window.value
    month, day = (int(part) for part in effect_day.value.split("-"))
    effect = date(internship_start.year + 1, month, day) if accepted else None
    if not explaining():
        return Figure(effect, NO_STEP)
    if accepted:
        branch = (
            f"demande le {request:%d/%m/%Y}, {elapsed} jours après la prise de fonctions du "
            f"{internship_start:%d/%m/%Y} (≤ {window.value}) : acceptée, effet le {effect:%d/%m/%Y}"
        )
        rejected = (Rejected("refus", f"{elapsed} jours ≤ {window.value}"),)
    else:
        branch = (
            f"demande le {request:%d/%m/%Y}, {elapsed} jours après la prise de fonctions du "
            f"{internship_start:%d/%m/%Y} (> {window.value}) : refusée"
        )
        rejected = (Rejected("acceptation", f"{elapsed} jours > {window.value}"),)
    step = Step(
        figure="suspension.third_cycle_effective_date",
        value=effect,
        rule=(
            "La suspension pendant tout le troisième cycle est accordée si la demande parvient "
            "dans les 30 jours qui suivent le premier jour de fonctions d'interne (30e jour "
            "inclus) ; elle prend effet au 1er janvier suivant et court jusqu'à l'installation."
        ),
        branch=branch,
        rejected=rejected,
        parameters=(window, effect_day),
        sources=(ART3_2C, FAQ_MINISTRY),
        choice=(
            f"Effet au 1er janvier qui suit la prise de fonctions d'interne ({choice_link('C7')})"
        ),
    )
    return Figure(effect, step)


def third_cycle_suspension(situation: Situation) -> Figure[date | None]:
    """Effect date of the situation's third-cycle suspension (None without one).

    A request is a fact whatever its outcome: a late one, or one by a signatory who
    signed during the third cycle, is refused by the rules — the allocation goes on, and
    the explanation says why, citing art. 3, 2° c.
    """
    request = situation.first("third_cycle_suspension_request")
    if request is None:
        if not explaining():
            return Figure(None, NO_STEP)
        step = Step(
            figure="suspension.third_cycle_effective_date",
            value=None,
            rule="Aucune suspension du troisième cycle demandée.",
        )
        return Figure(None, step)
    if situation.category not in {"first_cycle", "second_cycle"}:
        if not explaining():
            return Figure(None, NO_STEP)
        step = Step(
            figure="suspension.third_cycle_effective_date",
            value=None,
            rule=(
                "Seul un étudiant ayant signé avant l'internat (1er ou 2e cycle) peut obtenir "
                "la suspension pendant tout le troisième cycle."
            ),
            branch=(
                f"demande du {request.date:%d/%m/%Y} refusée : contrat signé pendant le "
                "troisième cycle ; l'allocation continue"
            ),
            rejected=(Rejected("acceptation", "contrat signé pendant le troisième cycle"),),
            sources=(ART3_2C, FAQ_MINISTRY),
        )
        return Figure(None, step)
    start = situation.first("internship_start")
    decision = third_cycle_decision(start.date, request.date)
    if decision.value is None and explaining():
        refused = decision.step
        return Figure(
            None,
            Step(
                figure=refused.figure,
                value=None,
                rule=refused.rule,
                branch=(
                    f"{refused.branch} — demande hors délai : "
                    f"{(request.date - start.date).days} jours après la prise de fonctions "
                    "d'interne, le délai est de 30 jours ; l'allocation continue"
                ),
                rejected=refused.rejected,
                parameters=refused.parameters,
                sources=refused.sources,
                choice=refused.choice,
            ),
        )
    return decision


def practice_suspension_decision(start: date, end: date) -> Figure[int]:
    """Length in whole months of a practice suspension, refused outside 1–12 (T31, T32)."""
    minimum = params.value("suspensions.practice_minimum_months", start)
    maximum = params.value("suspensions.practice_maximum_months", start)
    length = whole_months_of(start, end)
    ok = minimum.value <= length <= maximum.value
    if not explaining():
        return Figure(length if ok else -1, NO_STEP)
    step = Step(
        figure="engagement.practice_suspension_months",
        value=length,
        rule=(
            "La suspension de l'engagement pendant l'exercice dure de 1 mois à 1 an, en mois "
            "entiers ; le décompte de l'engagement s'arrête pendant la suspension."
        ),
        branch=f"{length} mois entiers : {'accordée' if ok else 'refusée'}",
        parameters=(minimum, maximum),
        sources=(ART3,),
    )
    return Figure(length if ok else -1, step)


def practice_suspended_months(situation: Situation, last: int) -> Figure[frozenset[int]]:
    """Months (first day inside a practice suspension) when the engagement clock stops."""
    months: set[int] = set()
    children = []
    first_practice = situation.first("practice")
    for event in situation.of_type("practice_suspension"):
        decision = practice_suspension_decision(event.start, event.end)
        if decision.value < 0:
            raise SituationError(
                event.path("to"),
                event.end.isoformat(),
                ART3,
                f"une suspension d'exercice dure de 1 à 12 mois entiers ; "
                f"{whole_months_of(event.start, event.end)} mois demandés",
            )
        if first_practice is None or event.start < first_practice.start:
            raise SituationError(
                event.path("from"),
                event.start.isoformat(),
                ART3,
                "une suspension d'exercice suppose un exercice déjà commencé",
            )
        months.update(first_day_months(event.start, event.end, last))
        children.append(decision.step)
    if not explaining():
        return Figure(frozenset(months), NO_STEP)
    step = Step(
        figure="engagement.practice_suspended_months",
        value=len(months),
        rule="Mois d'exercice suspendus : ils ne comptent pas dans l'engagement.",
        sources=(ART3,) if months else (),
        children=tuple(children),
    )
    return Figure(frozenset(months), step)

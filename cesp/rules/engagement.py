"""The engagement: months due, months served, months remaining.

- Due = max(months of allocation, 24): « la durée de l'engagement est égale à celle
  pendant laquelle l'allocation a été versée et ne peut être inférieure à deux ans »
  (Code de l'éducation, art. L632-6; L634-2 for odontology; R631-24-6 v1 for POST2020).
- A practice month counts when the signatory practises on its first day; it credits
  ``zone_share`` of a month when ``zone_share`` ≥ 0.5 (« une partie, qui ne peut être
  inférieure au mi-temps » — R631-24-6 v1; applied to PRE2020 contracts too, choice Q4),
  nothing below. Practice suspensions stop the clock. Practice begins once the diploma
  is obtained: replacements before it do not count (FAQ ARS Occitanie).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from cesp.rules import params
from cesp.rules.errors import SituationError
from cesp.rules.explain import NO_STEP, Figure, Rejected, Step, choice_link, explaining, text_value
from cesp.rules.months import Month
from cesp.rules.situation import Situation
from cesp.rules.suspensions import first_day_months, practice_suspended_months

L632_6 = "Code de l'éducation, art. L632-6"
L634_2 = "Code de l'éducation, art. L634-2"
R631_24_6 = "Code de l'éducation, art. R631-24-6"


def months_due(allocation_months: int, signature: date, odontology: bool = False) -> Figure[int]:
    """Engagement due = max(months of allocation, minimum 24) (T1–T4, T37)."""
    minimum = params.value("engagement.minimum_months", signature)
    due = max(allocation_months, minimum.value)
    if not explaining():
        return Figure(due, NO_STEP)
    if allocation_months >= minimum.value:
        branch = (
            f"{allocation_months} mois d'allocation ≥ {minimum.value} : engagement = {due} mois"
        )
        rejected = (Rejected("minimum de deux ans", f"{allocation_months} ≥ {minimum.value}"),)
    else:
        branch = f"{allocation_months} mois d'allocation < {minimum.value} : minimum de {due} mois"
        rejected = (Rejected("durée de l'allocation", f"{allocation_months} < {minimum.value}"),)
    step = Step(
        figure="engagement.months_due",
        value=due,
        rule=(
            "L'engagement dure autant de mois que l'allocation a été versée, sans pouvoir être "
            "inférieur à deux ans."
        ),
        branch=branch,
        rejected=rejected,
        parameters=(minimum,),
        sources=(L634_2 if odontology else L632_6, R631_24_6),
    )
    return Figure(due, step)


def month_credit(zone_share: Decimal, signature: date) -> Figure[Decimal]:
    """Credit of one calendar month practised with ``zone_share`` of full time in zone (T5–T7)."""
    floor = params.value("engagement.half_time_floor", signature)
    credited = zone_share if zone_share >= floor.value else Decimal(0)
    if not explaining():
        return Figure(credited, NO_STEP)
    step = Step(
        figure="engagement.month_credit",
        value=credited,
        rule=(
            "Un mois exercé à temps partiel en zone compte au prorata de la part exercée en "
            "zone, si elle atteint au moins le mi-temps ; en dessous, il ne compte pas."
        ),
        branch=(
            f"part en zone {text_value(zone_share)} ≥ {text_value(floor.value)} : "
            f"{text_value(credited)} mois"
            if credited
            else f"part en zone {text_value(zone_share)} < {text_value(floor.value)} : 0 mois"
        ),
        parameters=(floor,),
        sources=(R631_24_6,),
        choice=(
            f"Prorata et plancher du mi-temps appliqués à l'ancien régime ({choice_link('Q4')})"
            if floor.reference == "choix_cesp"
            else ""
        ),
    )
    return Figure(credited, step)


def calendar_months_to_serve(remaining: int, zone_share: Decimal, signature: date) -> Figure[int]:
    """Calendar months needed to serve ``remaining`` months at ``zone_share`` (T5: 24, T6: 16)."""
    credit = month_credit(zone_share, signature)
    if credit.value == 0:
        needed = -1
        branch = "aucun mois n'est crédité : l'engagement ne peut pas être servi ainsi"
    else:
        quotient = Decimal(remaining) / credit.value
        needed = int(quotient.to_integral_value(rounding="ROUND_CEILING"))
        branch = f"{remaining} mois ÷ {text_value(credit.value)} = {needed} mois civils"
    step = Step(
        figure="engagement.calendar_months",
        value=needed,
        rule=(
            "Mois civils nécessaires = mois restants ÷ part exercée en zone "
            "(arrondi au mois supérieur)."
        ),
        branch=branch,
        sources=(R631_24_6,),
        children=(credit.step,),
    )
    return Figure(needed, step)


@dataclass(frozen=True, slots=True)
class Engagement:
    months_due: int
    months_served: Decimal
    months_remaining: Decimal
    first_practice: date | None
    completed_on: Month | None


def compute_engagement(
    situation: Situation,
    allocation_months: int,
    diploma: date | None,
    as_of: date,
    breach: date | None,
) -> Figure[Engagement]:
    """Months due, served (credited practice months) and remaining at ``as_of``."""
    due = months_due(allocation_months, situation.signature_date, situation.is_odontology)
    last = Month.of(as_of).index
    if breach is not None:
        last = min(last, Month.of(breach).index - (1 if breach.day == 1 else 0))
    stopped = practice_suspended_months(situation, last)
    practices = situation.of_type("practice")
    segments = _practice_segments(practices, diploma, last, stopped.value)
    served = Decimal(0)
    completed_on = None
    credit_steps: dict[Decimal, Figure[Decimal]] = {}
    counted: dict[Decimal, int] = {}
    for share, months in segments:
        if share not in credit_steps:
            credit_steps[share] = month_credit(share, situation.signature_date)
        credit = credit_steps[share].value
        if not credit or not months:
            continue
        missing = Decimal(due.value) - served
        if credit * len(months) >= missing:
            needed = int((missing / credit).to_integral_value(rounding="ROUND_CEILING"))
            counted[share] = counted.get(share, 0) + needed
            served = Decimal(due.value)
            completed_on = Month.from_index(months[needed - 1])
            break
        counted[share] = counted.get(share, 0) + len(months)
        served += credit * len(months)
    remaining = max(Decimal(0), Decimal(due.value) - served)
    result = Engagement(
        months_due=due.value,
        months_served=served,
        months_remaining=remaining,
        first_practice=practices[0].start if practices else None,
        completed_on=completed_on,
    )
    if not explaining():
        return Figure(result, NO_STEP)
    served_step = Step(
        figure="engagement.months_served",
        value=_months(served),
        rule=(
            "Un mois d'exercice compte quand le signataire exerce en zone le premier jour du "
            "mois, au prorata de la part exercée en zone (au moins le mi-temps) ; les mois de "
            "suspension d'exercice ne comptent pas."
        ),
        branch=(
            "aucun exercice enregistré"
            if not practices
            else " ; ".join(
                f"{count} mois à {text_value(share)}" for share, count in sorted(counted.items())
            )
            or "aucun mois crédité"
        ),
        sources=(R631_24_6, L632_6),
        children=(stopped.step, *(figure.step for figure in credit_steps.values())),
    )
    remaining_step = Step(
        figure="engagement.months_remaining",
        value=_months(remaining),
        rule="Mois restant à servir = mois dus − mois servis.",
        branch=f"{due.value} − {text_value(_months(served))}",
        sources=(L632_6,),
    )
    step = Step(
        figure="engagement",
        value=due.value,
        rule="Engagement d'exercice en zone sous-dotée.",
        children=(due.step, served_step, remaining_step),
    )
    return Figure(result, step)


def _months(value: Decimal) -> int | Decimal:
    """Whole months as ``int``; prorated months keep their fraction."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def _practice_segments(
    practices: tuple, diploma: date | None, last: int, stopped: frozenset[int]
) -> list[tuple[Decimal, list[int]]]:
    """Chronological runs (zone share, month indexes) of practice, suspended months removed.

    Simultaneous practices add their shares (practice may be split between places); more
    than a full time in zone is refused.
    """
    ranges = []
    for event in practices:
        if diploma is None or event.start < diploma:
            raise SituationError(
                event.path("from"),
                event.start.isoformat(),
                "Code de l'éducation, art. R632-73 ; FAQ ARS Occitanie",
                "l'exercice au titre du contrat commence après le diplôme"
                + (
                    f" (obtenu le {diploma:%d/%m/%Y})" if diploma else " (aucun diplôme enregistré)"
                ),
            )
        ranges.append((event, first_day_months(event.start, event.end, last)))
    filled = [months for _, months in ranges if months]
    overlapping = any(after.start < before.stop for before, after in pairwise(filled))
    if not overlapping:
        return [
            (event.zone_share, [index for index in months if index not in stopped])
            for event, months in ranges
        ]
    shares: dict[int, Decimal] = {}
    for event, months in ranges:
        for index in months:
            total = shares.get(index, Decimal(0)) + event.zone_share
            if total > 1:
                raise SituationError(
                    event.path("zone_share"),
                    str(event.zone_share),
                    R631_24_6,
                    "les parts en zone des exercices simultanés dépassent un temps plein en "
                    f"{Month.from_index(index)}",
                )
            shares[index] = total
    segments: list[tuple[Decimal, list[int]]] = []
    for index in sorted(shares):
        if index in stopped:
            continue
        if segments and segments[-1][0] == shares[index]:
            segments[-1][1].append(index)
        else:
            segments.append((shares[index], [index]))
    return segments

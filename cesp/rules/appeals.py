"""The amicable appeal (recours amiable) after a breach notification (R28).

The calculation, amount, due date and repayment terms of a breach are notified by
registered letter; the signatory has 2 months from receipt to file an amicable appeal
(arrêté du 26 mai 2020, art. 3). Oracle T48.

Counting (documented in docs/rules-docs.md): a period in months ends on the day with the
same number in the last month; when that month has no such day, on its last day
(received 31 December → 28 or 29 February). No extension for week-ends or holidays: the
arrêté provides none. Before 29 May 2020 no amicable-appeal period was found in the texts.
"""

from __future__ import annotations

import calendar
from datetime import date

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import Figure, Step
from cesp.rules.months import Month

SOURCE = "Arrêté du 26 mai 2020 relatif à l'indemnité et à la pénalité, art. 3"


def add_months(day: date, months: int) -> date:
    """Same day number ``months`` later, clamped to the end of a shorter month."""
    target = Month.of(day) + months
    last = calendar.monthrange(target.year, target.month)[1]
    return date(target.year, target.month, min(day.day, last))


def amicable_appeal_deadline(notification_received: date) -> Figure[date]:
    """Last day to file the amicable appeal (T48: received D → D + 2 months)."""
    try:
        period = params.value("appeals.amicable_appeal_months", notification_received)
    except ParameterError:
        raise SituationError(
            "notification_received",
            notification_received.isoformat(),
            SOURCE,
            "aucun délai de recours amiable n'est prévu par les textes lus avant le 29/05/2020",
        ) from None
    deadline = add_months(notification_received, period.value)
    step = Step(
        figure="rupture.date_limite_recours_amiable",
        value=deadline,
        rule=(
            f"Le recours amiable est formé dans les {period.value} mois de la réception de la "
            f"notification ({notification_received.strftime('%d/%m/%Y')})."
        ),
        branch=(
            "même quantième"
            if deadline.day == notification_received.day
            else "dernier jour du mois (quantième inexistant)"
        ),
        parameters=(period,),
        sources=(SOURCE,),
    )
    return Figure(deadline, step)


def appeal_in_time(notification_received: date, appeal_filed: date) -> Figure[bool]:
    """Was the appeal filed within the period? Day of the deadline included."""
    if appeal_filed < notification_received:
        raise SituationError(
            "appeal_filed",
            appeal_filed.isoformat(),
            SOURCE,
            "le recours ne peut précéder la réception de la notification",
        )
    deadline = amicable_appeal_deadline(notification_received)
    ok = appeal_filed <= deadline.value
    step = Step(
        figure="rupture.recours_amiable_recevable",
        value=ok,
        rule="Le recours est dans le délai s'il est formé au plus tard le dernier jour.",
        branch=f"formé le {appeal_filed.strftime('%d/%m/%Y')} : "
        + ("dans le délai" if ok else "hors délai"),
        sources=(SOURCE,),
        children=(deadline.step,),
    )
    return Figure(ok, step)

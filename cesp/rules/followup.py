"""The yearly follow-up of signatories by the ARS, and the convocation path (issue 11).

- **Yearly exchanges.** POST2020: « un an après la signature du contrat puis chaque année
  jusqu'à l'installation ou la prise de fonctions, un échange a lieu » (arrêté du 26 mai
  2020, JORFARTI000041923468). PRE2020: at least one year after signature, at the end of
  the 2nd cycle, then yearly in the 3rd cycle (arrêté du 27 juillet 2010, art. 2 bis). As
  in ``deadlines.ars_followup`` (docs/rules-choices.md#d2) the exchange is due on **each
  anniversary of the signature** until installation, for both regimes. An exchange held
  within ``followup.exchange_window_months`` of an anniversary (before or after) is that
  year's exchange: the windows tile the calendar, so each meeting counts for one year
  only (a documented choice: docs/followup.md).
- **Convocation of 3rd-cycle-suspended PRE2020 signatories** (art. 2 bis): reminder by
  LRAR within ``followup.absence_reminder_days`` (15) of an unjustified absence; after
  ``followup.unjustified_absences`` (2) such absences the DG ARS informs the manager; the
  termination is preceded by a formal notice leaving ``followup.formal_notice_days`` (15)
  from its receipt for observations (art. 4, 6°).

Pure: no Django; dates in, dates and French sentences out.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cesp.rules import params
from cesp.rules.deadlines import FOLLOWUP_MONTHS, FOLLOWUP_POST2020, FOLLOWUP_PRE2020

HELD, LATE, MISSED, UPCOMING = "held", "late", "missed", "upcoming"
EXCHANGE_STATUS_LABELS = {
    HELD: "tenu",
    LATE: "en retard",
    MISSED: "non tenu",
    UPCOMING: "à venir",
}
#: Longest schedule computed (a contract never runs this long before installation).
MAX_EXCHANGES = 40


@dataclass(frozen=True, slots=True)
class Exchange:
    """The yearly exchange ``number`` (1: one year after signature): due on ``due``,
    counted when held in [``opens``, ``closes``)."""

    number: int
    due: date
    opens: date
    closes: date
    status: str
    held_on: date | None = None

    @property
    def status_label(self) -> str:
        return EXCHANGE_STATUS_LABELS[self.status]

    @property
    def overdue(self) -> bool:
        return self.status == LATE


@dataclass(frozen=True, slots=True)
class Schedule:
    """The exchanges whose window has opened on ``as_of``, and the next one to hold."""

    exchanges: tuple[Exchange, ...]
    next: Exchange | None
    source: str

    @property
    def overdue(self) -> bool:
        return self.next is not None and self.next.overdue


def _add_months(day: date, months: int) -> date:
    """``appeals.add_months`` (same day number, clamped to a shorter month's end),
    without building ``Month`` objects: it runs a dozen times per contract in the jobs."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if day.day <= 28:
        return date(year, month, day.day)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_months(signature: date) -> int:
    return int(params.value("followup.exchange_window_months", signature).value)


def exchange_schedule(
    signature: date,
    as_of: date,
    held: Iterable[date] = (),
    *,
    ends: date | None = None,
    pre2020: bool | None = False,
) -> Schedule:
    """The yearly exchanges of a contract signed on ``signature``, seen on ``as_of``.

    ``held``: dates of the exchanges held; ``ends``: the day the yearly follow-up stops
    (installation or start of practice, or the end of the contract): no exchange is due
    on or after it; ``pre2020`` None when the regime was not read (same calendar, D2).
    Sources: arrêté du 26 mai 2020 (POST2020); arrêté du 27 juillet 2010,
    art. 2 bis (PRE2020); R631-24-15 (the DG ARS checks attendance)."""
    width = window_months(signature)
    dates = sorted(held)
    exchanges: list[Exchange] = []
    upcoming: Exchange | None = None
    for number in range(1, MAX_EXCHANGES + 1):
        due = _add_months(signature, FOLLOWUP_MONTHS * number)
        if ends is not None and due >= ends:
            break
        opens = max(_add_months(due, -width), signature)
        closes = _add_months(due, width)
        found = next((day for day in dates if opens <= day < closes), None)
        if found is not None:
            status = HELD
        elif as_of < due:
            status = UPCOMING
        elif as_of < closes:
            status = LATE
        else:
            status = MISSED
        exchange = Exchange(number, due, opens, closes, status, found)
        if opens <= as_of or status == HELD:
            exchanges.append(exchange)
        if status in (UPCOMING, LATE) and upcoming is None:
            upcoming = exchange
        if status == UPCOMING and opens > as_of:
            break
        if upcoming is not None and upcoming.status == UPCOMING:
            break
    if pre2020 is None:  # regime not read (batch jobs): both texts, same calendar (D2)
        source = f"{FOLLOWUP_POST2020} ; {FOLLOWUP_PRE2020}"
    else:
        source = FOLLOWUP_PRE2020 if pre2020 else FOLLOWUP_POST2020
    return Schedule(tuple(exchanges), upcoming, source)


def meeting_refusal(held_on: date, signature: date, today: date) -> str | None:
    """Why an exchange dated ``held_on`` cannot be recorded as held, in French (None: it
    can): it cannot be in the future, nor before the contract was signed."""
    if held_on > today:
        return (
            f"La date de l'échange ({held_on:%d/%m/%Y}) est dans le futur : un échange ne "
            "peut être enregistré comme tenu qu'une fois qu'il a eu lieu. Pour un échange à "
            "venir, planifiez-le."
        )
    if held_on < signature:
        return (
            f"La date de l'échange ({held_on:%d/%m/%Y}) est antérieure à la signature du "
            f"contrat ({signature:%d/%m/%Y}) : le suivi par l'ARS commence à la signature."
        )
    return None


def planning_refusal(planned_on: date, signature: date, today: date) -> str | None:
    """Why an exchange cannot be planned on ``planned_on`` (None: it can)."""
    if planned_on < today:
        return (
            f"La date prévue ({planned_on:%d/%m/%Y}) est passée : enregistrez plutôt "
            "l'échange comme tenu."
        )
    if planned_on < signature:
        return (
            f"La date prévue ({planned_on:%d/%m/%Y}) est antérieure à la signature du "
            f"contrat ({signature:%d/%m/%Y})."
        )
    return None


@dataclass(frozen=True, slots=True)
class Period:
    """A legal period: its last day and the text that sets it."""

    last_day: date
    days: int
    source: str


def absence_reminder_deadline(absence_on: date) -> Period:
    """Last day to send the LRAR reminder after an unjustified absence (day 15 included;
    arrêté du 27 juillet 2010, art. 2 bis)."""
    found = params.value("followup.absence_reminder_days", absence_on)
    days = int(found.value)
    return Period(absence_on + timedelta(days=days), days, found.citation())


def observations_deadline(notice_received: date) -> Period:
    """Last day of the observations after the formal notice, counted from its proven
    receipt (arrêté du 27 juillet 2010, art. 4, 6°): termination from the day after."""
    found = params.value("followup.formal_notice_days", notice_received)
    days = int(found.value)
    return Period(notice_received + timedelta(days=days), days, found.citation())


def absences_before_report(on: date) -> int:
    """Unjustified absences after which the DG ARS informs the manager (art. 2 bis)."""
    return int(params.value("followup.unjustified_absences", on).value)


def termination_refusal(notice_received: date | None, today: date) -> str | None:
    """Why the termination cannot be decided yet (None: it can), citing art. 4."""
    if notice_received is None:
        return (
            "La résiliation suppose une mise en demeure reçue par le signataire : "
            "enregistrez d'abord la date de réception (arrêté du 27 juillet 2010, art. 4)."
        )
    period = observations_deadline(notice_received)
    if today <= period.last_day:
        return (
            f"Le signataire peut présenter ses observations jusqu'au "
            f"{period.last_day:%d/%m/%Y} inclus ({period.days} jours après la réception de "
            f"la mise en demeure ; {period.source}) : la résiliation n'est possible qu'après."
        )
    return None

"""The payment schedule (interfaces.md §3): what each monthly run pays, from the facts known.

``payment_schedule(data, through=None, run_day=None)`` replays the monthly runs of one
situation: a run a month on ``run_day`` (the parameter ``payments.run_day``, 20 by
default), from the first one strictly after the signature to the ``through`` month. A run
sees the facts recorded on or before its date (``recorded_on``, default the event's date or
start), takes the months of allocation due under §1 with ``as_of`` = its date, and pays
the months due that no earlier run paid (``regular`` for its own month, ``arrears``
before), and claims back (``regularisation``, negative) the months paid and no longer due.

The months due and the net of each month are the engine's own (``compute_allocation``,
``net_monthly_amount``), never a second copy of the allocation rule. A run's facts only
change when a fact is recorded between two runs, so the allocation is computed once per
state of knowledge (with ``as_of`` = the last run of that state) and each run takes the
months up to its own month: the months due under §1 for fixed facts are the same whatever
``as_of``, up to ``as_of``'s month (checked against a per-run replay in the tests).
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cesp.rules import params
from cesp.rules.allocation import compute_allocation, gross_monthly_amount, net_monthly_amount
from cesp.rules.errors import ParameterError, SituationError, outside_known_texts
from cesp.rules.explain import quiet
from cesp.rules.money import format_euros, format_euros_fr
from cesp.rules.months import Month
from cesp.rules.situation import Situation, parse_date, parse_situation

RUN_DAY = "payments.run_day"
RUN_DAY_RANGE = (1, 28)
RULE = "interfaces.md §3 (échéancier des versements)"

REGULAR, ARREARS, REGULARISATION = "regular", "arrears", "regularisation"
KIND_LABELS = {
    REGULAR: "mensualité",
    ARREARS: "rappel",
    REGULARISATION: "régularisation (trop-perçu à récupérer)",
}
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
ZERO = Decimal("0.00")


@lru_cache(maxsize=4096)
def _month_key(index: int) -> str:
    return str(Month.from_index(index))


@lru_cache(maxsize=4096)
def _euros_text(amount: Decimal) -> str:
    return format_euros(amount)


@lru_cache(maxsize=4096)
def _month(index: int) -> Month:
    return Month.from_index(index)


def month_text(month: Month) -> str:
    """« octobre 2021 »."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


@dataclass(frozen=True, slots=True)
class Line:
    """One month paid (``regular``, ``arrears``) or claimed back (``regularisation``)."""

    period: Month
    kind: str
    gross: Decimal
    net: Decimal

    def to_dict(self) -> dict[str, str]:
        return {
            "period": _month_key(self.period.index),
            "kind": self.kind,
            "gross": _euros_text(self.gross),
            "net": _euros_text(self.net),
        }


@dataclass(frozen=True, slots=True)
class Run:
    month: Month
    date: date
    lines: tuple[Line, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": _month_key(self.month.index),
            "date": self.date.isoformat(),
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class Totals:
    months: int
    gross: Decimal
    net: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "months": self.months,
            "gross": format_euros(self.gross),
            "net": format_euros(self.net),
        }


@dataclass(frozen=True, slots=True)
class Schedule:
    """Every run of one contract, what was paid in total and what is due."""

    situation: Situation
    runs: tuple[Run, ...]
    paid: Totals
    due: Totals

    @property
    def balance_net(self) -> Decimal:
        return self.due.net - self.paid.net

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "runs": [run.to_dict() for run in self.runs],
            "paid": self.paid.to_dict(),
            "due": self.due.to_dict(),
            "balance_net": format_euros(self.balance_net),
        }
        if self.situation.id is not None:
            result = {"id": self.situation.id, **result}
        return result

    def to_text(self) -> str:
        """The schedule in French, for a person."""
        title = "Échéancier des versements de l'allocation"
        if self.situation.id:
            title += f" (dossier {self.situation.id})"
        lines = [title, ""]
        for run in self.runs:
            name = month_text(run.month)
            of = "d'" if name[0] in "ao" else "de "
            head = f"Versement {of}{name} (le {run.date:%d/%m/%Y})"
            if not run.lines:
                lines.append(f"{head} : aucune ligne.")
                continue
            lines.append(f"{head} :")
            for line in run.lines:
                lines.append(
                    f"  - {month_text(line.period)}, {KIND_LABELS[line.kind]} : brut "
                    f"{format_euros_fr(line.gross)}, net {format_euros_fr(line.net)}"
                )
        lines.append("")
        lines.append(
            f"Total versé, régularisations déduites : {self.paid.months} mois, brut "
            f"{format_euros_fr(self.paid.gross)}, net {format_euros_fr(self.paid.net)}."
        )
        lines.append(
            f"Total dû à la date du dernier versement : {self.due.months} mois, brut "
            f"{format_euros_fr(self.due.gross)}, net {format_euros_fr(self.due.net)}."
        )
        balance = self.balance_net
        if balance > 0:
            meaning = "reste à verser"
        elif balance < 0:
            meaning = "trop-perçu à récupérer"
        else:
            meaning = "à jour"
        lines.append(f"Solde net : {format_euros_fr(balance)} ({meaning}).")
        return "\n".join(lines)


def parse_schedule_input(data: Any) -> tuple[Situation, dict[int, date]]:
    """A situation of §1 whose events may carry ``recorded_on``; (situation, recorded dates
    by event index). Default: the event's ``date``, or its ``from`` for a period."""
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        recorded_raw: dict[int, Any] = {}
        events = []
        for index, event in enumerate(data["events"]):
            if isinstance(event, dict) and "recorded_on" in event:
                event = dict(event)
                recorded_raw[index] = event.pop("recorded_on")
            events.append(event)
        data = {**data, "events": events}
    else:
        recorded_raw = {}
    situation = parse_situation(data)
    recorded = {event.index: event.when for event in situation.events}
    for index, raw in recorded_raw.items():
        recorded[index] = parse_date(raw, f"events[{index}].recorded_on")
    return situation, recorded


def _run_day(month: Month, run_day: int | None) -> int:
    if run_day is not None:
        return run_day
    return _parameter_run_day(month.index)


@lru_cache(maxsize=4096)
def _parameter_run_day(index: int) -> int:
    value = params.value(RUN_DAY, Month.from_index(index).first_day()).value
    day = int(value)
    if day != value or not RUN_DAY_RANGE[0] <= day <= RUN_DAY_RANGE[1]:
        raise ParameterError(f"{RUN_DAY} : jour du mois de 1 à 28 attendu, reçu {value}")
    return day


def check_run_day(value: Any) -> int:
    """``--run-day``: a whole day of the month, 1 to 28 (every month has it)."""
    text = str(value).strip()
    digits = text.isascii() and text.isdigit()
    if isinstance(value, bool) or not digits or not 1 <= int(text) <= 28:
        raise SituationError(
            "--run-day",
            value,
            RULE,
            "jour du versement dans le mois : un entier de 1 à 28 (chaque mois a ce jour)",
        )
    return int(text)


def run_date(month: Month, run_day: int | None = None) -> date:
    """The day of ``month``'s run: ``run_day``, else the dated parameter
    ``payments.run_day`` in force on the first day of the month (interfaces.md §3;
    rules-choices.md P1)."""
    return month.first_day().replace(day=_run_day(month, run_day))


def run_dates(situation: Situation, through: Month, run_day: int | None = None) -> list[date]:
    """One run a month on its day: the first strictly after the signature, the last in
    the ``through`` month."""
    month = Month.of(situation.signature_date)
    first = run_date(month, run_day)
    if first <= situation.signature_date:
        month = month + 1
    dates = []
    for index in range(month.index, through.index + 1):
        day = run_day if run_day is not None else _parameter_run_day(index)
        dates.append(date(index // 12, index % 12 + 1, day))
    return dates


@lru_cache(maxsize=4096)
def _amounts(index: int) -> tuple[Decimal, Decimal]:
    month = Month.from_index(index)
    return gross_monthly_amount(month.first_day()), net_monthly_amount(month).value


def _month_amounts(index: int, overrides: dict[str, Any] | None) -> tuple[Decimal, Decimal]:
    if not overrides:
        return _amounts(index)
    month = Month.from_index(index)
    return (
        gross_monthly_amount(month.first_day(), overrides),
        net_monthly_amount(month, overrides).value,
    )


def months_due(situation: Situation, as_of: date) -> tuple[int, ...]:
    """The months of allocation due under §1 on ``as_of`` with these facts (sorted indexes)."""
    overrides = situation.overrides_dict or None
    breach = situation.first("breach")
    with quiet(), params.overriding(overrides):
        allocation = compute_allocation(
            situation, as_of, breach.date if breach else None, overrides
        ).value
    return allocation.months


def _known(situation: Situation, recorded: dict[int, date], day: date) -> Situation:
    events = tuple(event for event in situation.events if recorded[event.index] <= day)
    if len(events) == len(situation.events):
        return situation
    return dataclasses.replace(situation, events=events)


def _pay_and_claim(due_now: tuple[int, ...], paid: set[int]) -> tuple[list[int], list[int]]:
    """A run with new facts pays every month due not paid yet, and claims back every month
    paid that is no longer due (interfaces.md §3)."""
    due_set = set(due_now)
    return [index for index in due_now if index not in paid], sorted(paid - due_set)


def _line(index: int, kind: str, overrides: dict[str, Any] | None) -> Line:
    gross, net = _month_amounts(index, overrides)
    if kind == REGULARISATION:
        return Line(_month(index), kind, -gross, -net)
    return Line(_month(index), kind, gross, net)


def run_lines(data: Any, run_date: date, paid: Any) -> tuple[Line, ...]:
    """The lines of the run made on ``run_date`` (interfaces.md §3), given ``paid``: the
    months (``Month`` or index) that earlier runs paid and did not claim back, as the
    ledger records them. The run sees the facts recorded on or before its date (P2), takes
    the months due under §1 with ``as_of`` = its date up to its own month, pays those not
    paid (``regular`` for its own month, ``arrears`` before) and claims back the months
    paid and no longer due (``regularisation``). Replaying it run after run from an empty
    ledger gives ``payment_schedule``'s runs (the same rule; tests/rules).

    The payments app calls it on the platform's facts (in two halves, ``due_for_run`` then
    ``lines_for_run``, to share the first between contracts whose facts are the same);
    raises ``SituationError`` when the facts known that day are refused (P5)."""
    due, overrides = due_for_run(data, run_date)
    return lines_for_run(due, run_date, paid, overrides)


def due_for_run(data: Any, run_date: date) -> tuple[tuple[int, ...], dict[str, Any] | None]:
    """The months due under §1 (indexes) that a run on ``run_date`` sees, up to its own
    month, with the parameter overrides of the situation."""
    try:
        situation, recorded = parse_schedule_input(data)
        known = _known(situation, recorded, run_date)
        due = months_due(known, run_date)
    except ParameterError as error:
        raise outside_known_texts(error) from None
    month_index = run_date.year * 12 + run_date.month - 1
    return due[: bisect.bisect_right(due, month_index)], situation.overrides_dict or None


def lines_for_run(
    due: tuple[int, ...], run_date: date, paid: Any, overrides: dict[str, Any] | None = None
) -> tuple[Line, ...]:
    """The run's lines from the months due (``due_for_run``) and the months paid."""
    month = _month(run_date.year * 12 + run_date.month - 1)
    if isinstance(paid, set) and all(type(item) is int for item in paid):
        paid_set = paid  # the ledger's month indexes, read only
    else:
        paid_set = {item.index if isinstance(item, Month) else int(item) for item in paid}
    pay, claim = _pay_and_claim(due, paid_set)
    lines = [_line(i, REGULAR if i == month.index else ARREARS, overrides) for i in pay]
    lines += [_line(i, REGULARISATION, overrides) for i in claim]
    lines.sort(key=lambda line: (line.period, line.kind == REGULARISATION))
    return tuple(lines)


def payment_schedule(
    data: Any,
    *,
    through: Month | None = None,
    run_day: int | None = None,
    today: date | None = None,
) -> Schedule:
    """Replay the monthly runs of one situation (interfaces.md §3)."""
    try:
        return _schedule(data, through, run_day, today)
    except ParameterError as error:
        raise outside_known_texts(error) from None


def _schedule(
    data: Any, through: Month | None, run_day: int | None, today: date | None
) -> Schedule:
    situation, recorded = parse_schedule_input(data)
    if run_day is not None:
        run_day = check_run_day(run_day)
    field = "--through"
    if through is None:
        field = "as_of"
        through = Month.of(situation.as_of or today or date.today())
    dates = run_dates(situation, through, run_day)
    if not dates:
        raise SituationError(
            field,
            str(through),
            RULE,
            f"aucun versement jusqu'à {month_text(through)} : le premier versement suit la "
            f"signature du {situation.signature_date:%d/%m/%Y} ; choisissez un mois plus tardif",
        )
    overrides = situation.overrides_dict or None
    # Runs grouped by state of knowledge (the facts recorded on or before their date).
    recorded_days = sorted(set(recorded.values()))
    groups: list[tuple[int, list[date]]] = []
    for day in dates:
        state = bisect.bisect_right(recorded_days, day)
        if groups and groups[-1][0] == state:
            groups[-1][1].append(day)
        else:
            groups.append((state, [day]))
    paid: set[int] = set()
    runs: list[Run] = []
    paid_months, paid_gross, paid_net = 0, ZERO, ZERO
    for _, days in groups:
        known = _known(situation, recorded, days[-1])
        due = months_due(known, days[-1])
        previous: int | None = None
        for day in days:
            month = _month(day.year * 12 + day.month - 1)
            upto = bisect.bisect_right(due, month.index)
            if previous is None:  # new facts: compare with everything paid so far
                pay, claim = _pay_and_claim(due[:upto], paid)
            else:  # same facts: only the months since the previous run are new
                pay = list(due[previous:upto])
                claim = []
            previous = upto
            lines: list[Line] = []
            for index in pay:
                gross, net = _month_amounts(index, overrides)
                kind = REGULAR if index == month.index else ARREARS
                lines.append(Line(_month(index), kind, gross, net))
                paid.add(index)
                paid_gross += gross
                paid_net += net
            for index in claim:
                gross, net = _month_amounts(index, overrides)
                lines.append(Line(_month(index), REGULARISATION, -gross, -net))
                paid.discard(index)
                paid_gross -= gross
                paid_net -= net
            paid_months += len(pay) - len(claim)
            if pay and claim:
                lines.sort(key=lambda line: (line.period, line.kind == REGULARISATION))
            runs.append(Run(month, day, tuple(lines)))
    last = dates[-1]
    with quiet(), params.overriding(overrides):
        breach = situation.first("breach")
        allocation = compute_allocation(
            situation, last, breach.date if breach else None, overrides
        ).value
    due_totals = Totals(allocation.count, allocation.gross_total, allocation.net_total)
    return Schedule(situation, tuple(runs), Totals(paid_months, paid_gross, paid_net), due_totals)

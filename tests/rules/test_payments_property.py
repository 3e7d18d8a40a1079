"""Reconciliation over generated careers (issue 10, Checks): once every fact is recorded and
a run has seen it, the balance is 0.00 to the cent and each month was paid its engine net
exactly when due; the schedule equals a naive run-by-run replay; a replay is identical."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import event as observe
from hypothesis import strategies as st

from cesp.rules.allocation import net_monthly_amount
from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.payments import (
    ARREARS,
    REGULAR,
    REGULARISATION,
    months_due,
    parse_schedule_input,
    payment_schedule,
    run_dates,
)
from tests.rules.test_invariants import SETTINGS, contracts


def _when(event: dict) -> date:
    return date.fromisoformat(event.get("date") or event["from"])


@st.composite
def careers(draw):
    """A generated contract (test_invariants) whose facts are learned late, or in advance,
    maybe with a deferral after the diploma; ``through`` is after every recording."""
    data = draw(contracts())
    events = data["events"]
    kinds = {event["type"] for event in events}
    diplomas = [e for e in events if e["type"] in {"des", "thesis"}]
    if diplomas and not kinds & {"practice", "breach"} and draw(st.booleans()):
        start = max(_when(e) for e in diplomas) + timedelta(days=1)
        end = start + timedelta(days=draw(st.integers(40, 330)))
        events.append({"type": "deferral", "from": start.isoformat(), "to": end.isoformat()})
    signature = date.fromisoformat(data["signature_date"])
    for event in events:
        delay = draw(st.integers(-60, 400))
        event["recorded_on"] = max(signature, _when(event) + timedelta(days=delay)).isoformat()
    for event in events:  # a deferral is learned once its diploma is (rules-choices.md P5)
        if event["type"] == "deferral":
            event["recorded_on"] = max(
                [event["recorded_on"], *(e["recorded_on"] for e in diplomas)]
            )
    last_recorded = max([signature, *(date.fromisoformat(e["recorded_on"]) for e in events)])
    through = Month.of(last_recorded) + 1 + draw(st.integers(0, 3))
    run_day = draw(st.one_of(st.none(), st.integers(1, 28)))
    return data, through, run_day


def _naive(data: dict, through: Month, run_day: int | None) -> list[tuple]:
    """Run by run, from scratch: the facts recorded by the run, §1 on the run's date."""
    situation, recorded = parse_schedule_input(data)
    paid: set[int] = set()
    lines = []
    for day in run_dates(situation, through, run_day):
        known = tuple(e for e in situation.events if recorded[e.index] <= day)
        due = {m for m in months_due(replace(situation, events=known), day)}
        due = {m for m in due if m <= Month.of(day).index}
        for m in sorted(due - paid):
            kind = REGULAR if m == Month.of(day).index else ARREARS
            lines.append((day, m, kind))
        for m in sorted(paid - due):
            lines.append((day, m, REGULARISATION))
        paid = due
    return sorted(lines, key=lambda x: (x[0], x[1], x[2] == REGULARISATION))


def _paid_again(lines: list[tuple]) -> bool:
    claimed = {month for _, month, kind in lines if kind == REGULARISATION}
    return any(kind == ARREARS and month in claimed for _, month, kind in lines)


@SETTINGS
@given(careers())
def test_reconciliation_once_every_fact_is_seen(career) -> None:
    data, through, run_day = career
    try:
        schedule = payment_schedule(data, through=through, run_day=run_day)
    except SituationError:
        assume(False)
    assert schedule.balance_net == Decimal("0.00")
    assert schedule.paid == schedule.due
    situation, _ = parse_schedule_input(data)
    due = set(months_due(situation, schedule.runs[-1].date))
    per_month: dict[int, Decimal] = {}
    for run in schedule.runs:
        for line in run.lines:
            per_month[line.period.index] = per_month.get(line.period.index, 0) + line.net
    for index, total in per_month.items():
        expected = net_monthly_amount(Month.from_index(index)).value if index in due else 0
        assert total == expected, (Month.from_index(index), total, expected)
    assert due <= set(per_month)
    # The grouped computation is the naive per-run replay.
    produced = [
        (run.date, line.period.index, line.kind) for run in schedule.runs for line in run.lines
    ]
    assert produced == _naive(data, through, run_day)
    kinds = {kind for _, _, kind in produced}
    observe("regularisation" if REGULARISATION in kinds else "no regularisation")
    observe("arrears after regularisation" if _paid_again(produced) else "nothing paid twice")
    # Replaying twice gives identical output.
    again = payment_schedule(data, through=through, run_day=run_day)
    assert again.to_dict() == schedule.to_dict() and again.to_text() == schedule.to_text()

"""``run_lines`` is the schedule's rule, one run at a time against a ledger: replayed run
after run from an empty ledger it gives ``payment_schedule``'s runs, line for line."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given

from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.payments import (
    REGULARISATION,
    parse_schedule_input,
    payment_schedule,
    run_dates,
    run_lines,
)
from tests.rules.test_invariants import SETTINGS
from tests.rules.test_payments_property import careers


@SETTINGS
@given(careers())
def test_run_lines_replay_the_schedule(career) -> None:
    data, through, run_day = career
    try:
        schedule = payment_schedule(data, through=through, run_day=run_day)
    except SituationError:
        assume(False)
    situation, _ = parse_schedule_input(data)
    paid: set[int] = set()
    for run, day in zip(schedule.runs, run_dates(situation, through, run_day), strict=True):
        lines = run_lines(data, day, paid)
        assert lines == run.lines, (day, lines, run.lines)
        for line in lines:
            if line.kind == REGULARISATION:
                paid.discard(line.period.index)
            else:
                paid.add(line.period.index)


def test_run_lines_against_a_ledger_that_paid_too_much() -> None:
    data = {
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2021,
        "signature_date": "2021-09-15",
        "events": [
            {
                "type": "breach",
                "date": "2022-01-10",
                "cause": "voluntary",
                "recorded_on": "2022-03-02",
            }
        ],
    }
    paid = [Month(2021, m) for m in (10, 11, 12)] + [Month(2022, 1), Month(2022, 2)]
    lines = run_lines(data, date(2022, 3, 20), paid)  # January was in force on its 1st
    assert [(str(line.period), line.kind, str(line.net)) for line in lines] == [
        ("2022-02", REGULARISATION, "-1085.63"),
    ]

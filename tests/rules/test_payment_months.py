"""Month by month, due or not and why (cesp.rules.payment_months)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cesp.rules.months import Month
from cesp.rules.payment_months import (
    AFTER_DIPLOMA,
    BEFORE_EFFECT,
    BROKEN,
    SUSPENDED,
    THIRD_CYCLE,
    month_reasons,
)
from cesp.rules.payments import months_due
from cesp.rules.situation import parse_situation

BASE = {
    "profession": "medecine",
    "category": "second_cycle",
    "campaign_year": 2021,
    "signature_date": "2022-06-20",
}
AS_OF = dt.date(2026, 12, 2)
FIRST, LAST = Month(2021, 9), Month(2025, 3)


def reasons(events):
    return {r.month: r for r in month_reasons({**BASE, "events": events}, FIRST, LAST, AS_OF)}


def test_each_gap_names_its_fact_and_text():
    got = reasons(
        [
            {"type": "suspension", "from": "2023-02-01", "to": "2023-04-30"},
            {"type": "des", "date": "2024-10-18"},
            {"type": "thesis", "date": "2024-12-12"},
        ]
    )
    assert got[Month(2021, 9)].code == BEFORE_EFFECT
    assert got[Month(2021, 10)].due
    assert got[Month(2023, 3)].code == SUSPENDED
    assert "01/02/2023 au 30/04/2023" in got[Month(2023, 3)].reason
    assert "art. 3" in got[Month(2023, 3)].source
    assert got[Month(2024, 12)].due  # the month of the diploma is due
    assert got[Month(2025, 1)].code == AFTER_DIPLOMA
    assert "12/12/2024" in got[Month(2025, 1)].reason


def test_breach_and_third_cycle_suspension():
    got = reasons([{"type": "breach", "date": "2023-03-15", "cause": "voluntary"}])
    assert got[Month(2023, 3)].due  # in force on 1 March
    assert got[Month(2023, 4)].code == BROKEN
    got = reasons(
        [
            {"type": "internship_start", "date": "2023-11-02"},
            {"type": "third_cycle_suspension_request", "date": "2023-11-20"},
        ]
    )
    assert got[Month(2023, 12)].due
    assert got[Month(2024, 1)].code == THIRD_CYCLE
    assert "art. 3, 2° c" in got[Month(2024, 1)].source


@given(
    start=st.integers(min_value=0, max_value=30),
    length=st.integers(min_value=0, max_value=11),
)
def test_due_months_are_exactly_the_engine_s(start, length):
    first = Month(2022, 1) + start
    end = (first + length).last_day()
    events = [{"type": "suspension", "from": first.first_day().isoformat(), "to": end.isoformat()}]
    situation = parse_situation({**BASE, "events": events})
    got = month_reasons(situation, Month(2021, 1), Month(2025, 12), AS_OF)
    due = set(months_due(situation, AS_OF))
    assert {r.month.index for r in got if r.due} == {i for i in due if i <= Month(2025, 12).index}
    assert all(r.reason and r.source for r in got if not r.due)

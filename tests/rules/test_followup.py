"""The yearly exchanges and the convocation periods (cesp.rules.followup)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cesp.rules.appeals import add_months
from cesp.rules.followup import (
    HELD,
    LATE,
    MISSED,
    UPCOMING,
    _add_months,
    absence_reminder_deadline,
    absences_before_report,
    exchange_schedule,
    meeting_refusal,
    observations_deadline,
    planning_refusal,
    termination_refusal,
)

SIGNED = dt.date(2022, 6, 20)


def test_first_exchange_is_one_year_after_signature():
    schedule = exchange_schedule(SIGNED, dt.date(2022, 9, 1))
    assert schedule.next.due == dt.date(2023, 6, 20) and schedule.next.status == UPCOMING
    assert schedule.exchanges == () and not schedule.overdue


def test_overdue_then_missed_then_held_in_window():
    late = exchange_schedule(SIGNED, dt.date(2023, 7, 1))
    assert late.overdue and late.next.status == LATE and late.next.due == dt.date(2023, 6, 20)
    missed = exchange_schedule(SIGNED, dt.date(2024, 1, 5))
    assert [e.status for e in missed.exchanges] == [MISSED, UPCOMING]
    assert missed.next.due == dt.date(2024, 6, 20)
    held = exchange_schedule(SIGNED, dt.date(2023, 7, 1), [dt.date(2023, 3, 2)])
    assert held.exchanges[0].status == HELD and held.next.due == dt.date(2024, 6, 20)


def test_follow_up_stops_at_installation():
    schedule = exchange_schedule(SIGNED, dt.date(2026, 1, 1), ends=dt.date(2025, 1, 1))
    assert schedule.next is None and [e.due.year for e in schedule.exchanges] == [2023, 2024]


def test_leap_day_signature_falls_on_28_february():
    schedule = exchange_schedule(dt.date(2024, 2, 29), dt.date(2024, 3, 1))
    assert schedule.next.due == dt.date(2025, 2, 28)


@given(
    st.dates(dt.date(2011, 1, 1), dt.date(2030, 1, 1)),
    st.integers(0, 4000),
    st.lists(st.integers(0, 4000), max_size=8),
)
def test_a_meeting_counts_for_one_year_at_most(signed, offset, held_offsets):
    today = signed + dt.timedelta(days=offset)
    held = [signed + dt.timedelta(days=o) for o in held_offsets if o <= offset]
    schedule = exchange_schedule(signed, today, held)
    used = [e.held_on for e in schedule.exchanges if e.held_on]
    assert len(used) == len(set(used))
    dues = [e.due for e in schedule.exchanges]
    assert dues == sorted(dues) and all(d > signed for d in dues)
    if schedule.next is not None:
        assert schedule.next.status in (UPCOMING, LATE) and schedule.next.closes > today


@given(st.dates(dt.date(2010, 1, 1), dt.date(2060, 12, 31)), st.integers(-30, 500))
def test_fast_month_arithmetic_is_the_appeals_one(day, months):
    assert _add_months(day, months) == add_months(day, months)


def test_meeting_refusals_in_french():
    today = dt.date(2025, 1, 10)
    assert "dans le futur" in meeting_refusal(dt.date(2025, 1, 11), SIGNED, today)
    assert "antérieure à la signature" in meeting_refusal(dt.date(2022, 6, 19), SIGNED, today)
    assert meeting_refusal(today, SIGNED, today) is None
    assert "passée" in planning_refusal(dt.date(2025, 1, 9), SIGNED, today)
    assert planning_refusal(today, SIGNED, today) is None


def test_convocation_periods_cite_article_2_bis_and_4():
    reminder = absence_reminder_deadline(dt.date(2025, 3, 1))
    assert reminder.last_day == dt.date(2025, 3, 16) and "art. 2 bis" in reminder.source
    notice = observations_deadline(dt.date(2025, 3, 1))
    assert notice.last_day == dt.date(2025, 3, 16) and "art. 4" in notice.source
    assert absences_before_report(dt.date(2025, 3, 1)) == 2
    assert "jusqu'au 16/03/2025" in termination_refusal(dt.date(2025, 3, 1), dt.date(2025, 3, 16))
    assert termination_refusal(dt.date(2025, 3, 1), dt.date(2025, 3, 17)) is None
    assert "mise en demeure" in termination_refusal(None, dt.date(2025, 3, 17))

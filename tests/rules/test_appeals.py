"""Amicable appeal after a breach notification (R28; T48)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import appeals
from cesp.rules.errors import SituationError
from cesp.rules.months import whole_months_between

DAYS = st.dates(date(2020, 5, 29), date(2035, 1, 1))


@settings(deadline=None)
@given(received=DAYS)
def test_deadline_is_two_months_later(received: date) -> None:
    deadline = appeals.amicable_appeal_deadline(received).value
    assert whole_months_between(received, deadline) == 2
    assert whole_months_between(received, deadline + timedelta(days=1)) >= 2
    last_day = calendar.monthrange(deadline.year, deadline.month)[1]
    assert deadline.day == min(received.day, last_day)  # same day, clamped at month end


@settings(deadline=None)
@given(received=DAYS, delay=st.integers(0, 120))
def test_in_time_up_to_the_last_day_included(received: date, delay: int) -> None:
    filed = received + timedelta(days=delay)
    deadline = appeals.amicable_appeal_deadline(received).value
    assert appeals.appeal_in_time(received, filed).value == (filed <= deadline)


def test_oracle_t48() -> None:
    figure = appeals.amicable_appeal_deadline(date(2024, 3, 15))
    assert figure.value == date(2024, 5, 15)
    assert any("26 mai 2020" in source for source in figure.step.all_sources())
    assert appeals.amicable_appeal_deadline(date(2023, 12, 31)).value == date(2024, 2, 29)


def test_bad_input() -> None:
    with pytest.raises(SituationError) as error:
        appeals.amicable_appeal_deadline(date(2019, 1, 10))
    assert error.value.field == "notification_received"
    with pytest.raises(SituationError) as error:
        appeals.appeal_in_time(date(2024, 3, 15), date(2024, 3, 1))
    assert error.value.field == "appeal_filed"


@settings(deadline=None)
@given(
    received=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
    filed=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
)
def test_any_dates_are_decided_or_refused_by_name(received: date, filed: date) -> None:
    try:
        appeals.appeal_in_time(received, filed)
    except SituationError as error:
        assert error.field in {"notification_received", "appeal_filed"}

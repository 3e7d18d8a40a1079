"""Commission lists and quotas (R5, R8, R9; T34, T35, T47)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import commission
from cesp.rules.errors import SituationError

CAMPAIGNS = st.integers(2010, 2030)


@settings(deadline=None)
@given(n=st.integers(0, 500), campaign=CAMPAIGNS)
def test_cap_is_three_or_four_times_the_open_contracts(n: int, campaign: int) -> None:
    cap = commission.complementary_list_cap(n, campaign).value
    k = 3 if campaign <= 2013 else 4  # campaign 2013 opens 1 Oct 2013, before décret 2013-1080
    assert cap == k * n


@settings(deadline=None)
@given(
    n=st.integers(1, 200),
    day=st.dates(date(2010, 7, 2), date(2035, 1, 1)),
    later=st.integers(0, 4000),
)
def test_cap_never_decreases_over_time(n: int, day: date, later: int) -> None:
    first = commission.complementary_list_cap(n, 2015, lists_date=day).value
    second = commission.complementary_list_cap(n, 2015, lists_date=day + timedelta(later)).value
    assert second >= first


@settings(deadline=None)
@given(
    n=st.integers(0, 100),
    principal=st.integers(0, 150),
    complementary=st.integers(0, 500),
    campaign=CAMPAIGNS,
)
def test_check_lists_agrees_with_the_caps(n, principal, complementary, campaign) -> None:
    cap = commission.complementary_list_cap(n, campaign).value
    figure = commission.check_lists(n, principal, complementary, campaign)
    assert figure.value == (principal <= n and complementary <= cap)


@settings(deadline=None)
@given(campaign=CAMPAIGNS)
def test_deadline_follows_the_opening_of_the_campaign(campaign: int) -> None:
    deadline = commission.lists_deadline(campaign).value
    assert date(campaign, 10, 1) < deadline <= date(campaign + 1, 1, 15)


def test_oracles_and_sources() -> None:
    t34 = commission.complementary_list_cap(12, 2021)
    assert t34.value == 48
    assert any("R631-24-4" in source for source in t34.step.all_sources())
    t35 = commission.complementary_list_cap(12, 2011)
    assert t35.value == 36
    assert any("2010-735" in source for source in t35.step.all_sources())
    assert commission.national_quota_total(2023).value == 980  # T47


def test_bad_input() -> None:
    with pytest.raises(SituationError) as error:
        commission.complementary_list_cap(True, 2021)  # a boolean is not a count
    assert error.value.field == "open_contracts"
    with pytest.raises(SituationError) as error:
        commission.lists_deadline(2005)
    assert error.value.field == "campaign_year"
    with pytest.raises(SituationError) as error:
        commission.national_quota_total(2016)
    assert "pas été recueilli" in str(error.value)


@settings(deadline=None)
@given(
    n=st.integers(-5, 500),
    campaign=st.integers(1990, 2150),
    day=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2200, 1, 1))),
)
def test_any_input_is_decided_or_refused_by_name(n, campaign, day) -> None:
    for call in (
        lambda: commission.complementary_list_cap(n, campaign, day),
        lambda: commission.lists_deadline(campaign),
        lambda: commission.national_quota_total(campaign),
    ):
        try:
            call()
        except SituationError as error:
            assert error.field in {"open_contracts", "campaign_year", "lists_date"}

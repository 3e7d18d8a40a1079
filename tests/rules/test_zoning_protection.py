"""Protection of a project stable 3 years against a zoning change (R25; T24, T25)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules.errors import SituationError
from cesp.rules.months import whole_months_between
from cesp.rules.zoning_protection import Declaration, zoning_change_protection

X, Y = "34172", "31555"
DAYS = st.dates(date(2014, 1, 1), date(2030, 1, 1))


def project(*items: tuple[date, set[str]]) -> list[Declaration]:
    return [Declaration(day, frozenset(communes)) for day, communes in items]


@settings(deadline=None)
@given(filed=DAYS, gap=st.integers(0, 3000), regime=st.sampled_from(("pre2020", "post2020")))
def test_protected_iff_36_whole_months(filed: date, gap: int, regime: str) -> None:
    change = filed + timedelta(days=gap)
    figure = zoning_change_protection(project((filed, {X})), X, change, regime)
    assert figure.value == (whole_months_between(filed, change) >= 36)


@settings(deadline=None)
@given(filed=DAYS, other=st.integers(1, 900), gap=st.integers(0, 3000))
def test_adding_another_commune_does_not_reset(filed: date, other: int, gap: int) -> None:
    change = filed + timedelta(days=gap)
    alone = zoning_change_protection(project((filed, {X})), X, change).value
    extended = project((filed, {X}), (filed + timedelta(days=other), {X, Y}))
    assert zoning_change_protection(extended, X, change).value == alone


@settings(deadline=None)
@given(filed=DAYS, dropped=st.integers(1, 900), back=st.integers(1, 900), gap=st.integers(0, 3000))
def test_dropping_the_commune_resets(filed: date, dropped: int, back: int, gap: int) -> None:
    again = filed + timedelta(days=dropped + back)
    change = filed + timedelta(days=gap)
    declarations = project((filed, {X}), (filed + timedelta(days=dropped), {Y}), (again, {X}))
    figure = zoning_change_protection(declarations, X, change)
    if change < again:
        expected = (
            change < filed + timedelta(days=dropped) and whole_months_between(filed, change) >= 36
        )
    else:
        expected = whole_months_between(again, change) >= 36
    assert figure.value == expected


def test_examples_of_r25_and_effects() -> None:
    t25 = zoning_change_protection(project((date(2021, 9, 1), {X})), X, date(2025, 5, 16))
    assert t25.value is True
    assert "sans les aides" in t25.step.rule and "44 mois" in t25.step.branch
    short = zoning_change_protection(project((date(2023, 1, 1), {X})), X, date(2025, 5, 16))
    assert short.value is False
    t24 = zoning_change_protection(
        project((date(2014, 3, 1), {X})), X, date(2017, 11, 15), regime="pre2020"
    )
    assert t24.value is True and "pénalité" in t24.step.rule
    assert "Décret n° 2010-735 du 29 juin 2010, art. 5" in t24.step.all_sources()


def test_declarations_after_the_change_are_ignored() -> None:
    declarations = project((date(2018, 1, 1), {X}), (date(2024, 1, 1), {Y}))
    assert zoning_change_protection(declarations, X, date(2022, 1, 1)).value is True


def test_bad_input() -> None:
    with pytest.raises(SituationError) as error:
        zoning_change_protection([], X, date(2024, 1, 1))
    assert error.value.field == "declarations"
    with pytest.raises(SituationError):
        zoning_change_protection(project((date(2020, 1, 1), {X})), X, date(2024, 1, 1), "post2030")
    with pytest.raises(SituationError):
        zoning_change_protection(
            project((date(2020, 1, 1), {X}), (date(2020, 1, 1), {Y})), X, date(2024, 1, 1)
        )


@settings(deadline=None)
@given(
    filed=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
    change=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
)
def test_any_dates_are_decided_or_refused_by_name(filed: date, change: date) -> None:
    try:
        figure = zoning_change_protection(project((filed, {X})), X, change)
    except SituationError as error:
        assert error.field == "zoning_change"
    else:
        assert isinstance(figure.value, bool)

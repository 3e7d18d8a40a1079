"""Competent manager: CNG or autorité administrative (décret 2025-270 art. 3; T49, T50)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules.authority import competent_manager
from cesp.rules.errors import SituationError

OLD = st.dates(date(2010, 7, 2), date(2025, 3, 25))
NEW = st.dates(date(2025, 3, 26), date(2030, 1, 1))


@settings(deadline=None)
@given(signed=OLD, on=st.dates(date(2025, 3, 26), date(2030, 1, 1)))
def test_older_contracts_move_on_1_january_2026(signed: date, on: date) -> None:
    expected = "cng" if on < date(2026, 1, 1) else "autorite_administrative"
    assert competent_manager(signed, on).value == expected


@settings(deadline=None)
@given(signed=NEW, later=st.integers(0, 2000))
def test_contracts_from_26_march_2025_go_to_the_new_authority(signed: date, later: int) -> None:
    on = date.fromordinal(signed.toordinal() + later)
    figure = competent_manager(signed, on)
    assert figure.value == "autorite_administrative"
    assert "q16" in figure.step.choice


@settings(deadline=None)
@given(signed=OLD, filed=st.dates(date(2024, 1, 1), date(2027, 1, 1)))
def test_litigation_filed_until_end_2025_stays_with_the_cng(signed: date, filed: date) -> None:
    if filed < signed:
        return
    expected = "cng" if filed <= date(2025, 12, 31) else "autorite_administrative"
    assert competent_manager(signed, date(2027, 6, 1), litigation_filed=filed).value == expected


def test_oracles_t49_t50_and_source() -> None:
    t49 = competent_manager(date(2022, 6, 20), date(2026, 1, 5))
    assert t49.value == "autorite_administrative"
    assert "Décret n° 2025-270 du 24 mars 2025, art. 3" in t49.step.all_sources()
    t50 = competent_manager(
        date(2022, 6, 20), date(2026, 3, 1), litigation_filed=date(2025, 12, 15)
    )
    assert t50.value == "cng"


def test_bad_input() -> None:
    with pytest.raises(SituationError) as error:
        competent_manager(date(2009, 1, 1), date(2010, 1, 1))
    assert error.value.field == "signature_date"
    with pytest.raises(SituationError) as error:
        competent_manager(date(2022, 1, 1), date(2021, 1, 1))
    assert error.value.field == "on"


WIDE = st.dates(date(1900, 1, 1), date(2200, 1, 1))


@settings(deadline=None)
@given(signed=WIDE, on=WIDE, filed=st.one_of(st.none(), WIDE))
def test_any_dates_are_decided_or_refused_by_name(signed, on, filed) -> None:
    try:
        figure = competent_manager(signed, on, filed)
    except SituationError as error:
        assert error.field in {"signature_date", "on"}
    else:
        assert figure.value in {"cng", "autorite_administrative"}

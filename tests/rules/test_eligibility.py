"""Who may apply when (R1–R4; T40–T43)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules.eligibility import CATEGORIES, PROFESSIONS, Application, eligibility
from cesp.rules.errors import SituationError

POST2020 = st.dates(min_value=date(2020, 3, 20), max_value=date(2026, 1, 15))
POST2026 = st.dates(min_value=date(2026, 1, 16), max_value=date(2035, 1, 1))
ANY = st.dates(min_value=date(2010, 7, 2), max_value=date(2035, 1, 1))


def apply(**kwargs) -> bool:
    return eligibility(Application(**kwargs)).value


@settings(deadline=None)
@given(
    day=POST2020, year=st.integers(1, 3), profession=st.sampled_from(("medecine", "odontologie"))
)
def test_no_first_cycle_under_the_2020_decree(day: date, year: int, profession: str) -> None:
    """R2 / T43: the 2020 decree opens the CESP to the 2nd and 3rd cycles only."""
    assert not apply(
        profession=profession, category="first_cycle", application_date=day, study_year=year
    )


@settings(deadline=None)
@given(
    day=st.dates(min_value=date(2010, 7, 2), max_value=date(2026, 1, 15)),
    profession=st.sampled_from(("pharmacie", "maieutique")),
)
def test_pharmacy_and_midwifery_closed_before_16_january_2026(day: date, profession: str) -> None:
    assert not apply(profession=profession, category="second_cycle", application_date=day)


@settings(deadline=None)
@given(day=POST2026, category=st.sampled_from(("first_cycle", "second_cycle", "third_cycle")))
def test_industrial_pharmacy_always_excluded(day: date, category: str) -> None:
    """T41."""
    assert not apply(
        profession="pharmacie",
        category=category,
        application_date=day,
        study_year=3,
        pharmacy_track="industrie",
    )


@settings(deadline=None)
@given(day=POST2026, profession=st.sampled_from(("medecine", "odontologie", "maieutique")))
def test_no_cumulation_from_2026(day: date, profession: str) -> None:
    """T42: R631-24 III (décret 2026-4)."""
    assert not apply(
        profession=profession,
        category="second_cycle",
        application_date=day,
        holds_comparable_engagement=True,
    )
    assert apply(profession=profession, category="second_cycle", application_date=day)


@settings(deadline=None)
@given(day=ANY, profession=st.sampled_from(PROFESSIONS), category=st.sampled_from(CATEGORIES))
def test_a_free_auditor_is_never_eligible(day: date, profession: str, category: str) -> None:
    """R4."""
    if category == "padhue" and not profession.startswith("padhue"):
        return
    app = Application(
        profession=profession,
        category=category,
        application_date=day,
        study_year=4,
        free_auditor=True,
    )
    figure = eligibility(app)
    assert figure.value is False
    assert "auditeur libre" in figure.step.branch


def test_oracles_t40_to_t43_and_their_explanations() -> None:
    t40 = eligibility(
        Application(
            "pharmacie", "first_cycle", date(2026, 2, 1), study_year=2, pharmacy_track="officine"
        )
    )
    assert t40.value is True
    assert any("2026-4" in source for source in t40.step.all_sources())
    assert t40.step.find("eligibilite.regime").value == "post2026"
    t43 = eligibility(Application("medecine", "first_cycle", date(2023, 1, 15), study_year=3))
    assert t43.value is False
    assert t43.step.find("eligibilite.regime").value == "post2020"
    assert "Premier cycle" in t43.step.branch


def test_regime_boundaries() -> None:
    def regime(day: date) -> str:
        app = Application("medecine", "second_cycle", day)
        return eligibility(app).step.find("eligibilite.regime").value

    assert regime(date(2020, 3, 19)) == "pre2020"
    assert regime(date(2020, 3, 20)) == "post2020"
    assert regime(date(2025, 3, 25)) == "post2020"
    assert regime(date(2025, 3, 26)) == "post2025"
    assert regime(date(2026, 1, 15)) == "post2025"
    assert regime(date(2026, 1, 16)) == "post2026"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"profession": "kine", "category": "second_cycle"}, "profession"),
        ({"profession": "medecine", "category": "fourth_cycle"}, "category"),
        ({"profession": "medecine", "category": "first_cycle", "study_year": 0}, "study_year"),
        (
            {"profession": "pharmacie", "category": "first_cycle", "pharmacy_track": "x"},
            "pharmacy_track",
        ),
        ({"profession": "medecine", "category": "padhue"}, "category"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(SituationError) as error:
        Application(application_date=date(2026, 2, 1), **kwargs)
    assert error.value.field == field


def test_post2025_keeps_the_2020_conditions_and_says_so() -> None:
    figure = eligibility(Application("medecine", "second_cycle", date(2025, 6, 1)))
    assert figure.value is True
    regime = figure.step.find("eligibilite.regime")
    assert regime.value == "post2025"
    assert any("2025-270" in source for source in regime.sources)
    assert {p.name for p in regime.parameters} >= {"regime.post2025_start"}


WIDE = st.dates(date(1900, 1, 1), date(2200, 1, 1))


@settings(deadline=None)
@given(
    day=WIDE,
    profession=st.sampled_from(PROFESSIONS),
    category=st.sampled_from(CATEGORIES),
    year=st.integers(1, 12),
    holds=st.booleans(),
)
def test_any_date_is_decided_or_refused_by_name(day, profession, category, year, holds) -> None:
    """Bad input: a figure, or a SituationError naming the field — never another error."""
    try:
        figure = eligibility(
            Application(
                profession, category, day, study_year=year, holds_comparable_engagement=holds
            )
        )
    except SituationError as error:
        assert error.field in {"application_date", "category"}
    else:
        assert isinstance(figure.value, bool)

"""Zone classes that count for the CESP (R21; T38, T39; Q7, Q15)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import zones
from cesp.rules.errors import SituationError

DAYS = st.dates(min_value=date(2026, 1, 16), max_value=date(2035, 12, 31))


@settings(deadline=None)
@given(
    zone=st.sampled_from(zones.ZONE_CLASSES),
    profession=st.sampled_from(tuple(zones.ZONING_OF_PROFESSION)),
    day=DAYS,
)
def test_counts_iff_class_is_eligible(zone: str, profession: str, day: date) -> None:
    figure = zones.zone_counts_for_cesp(zone, profession, day)
    assert figure.value == (zone in zones.eligible_classes(profession, day).value)
    fast, why = zones.counts_for_cesp(zone, profession, day)
    assert fast == figure.value and why.startswith(zones.CLASS_LABELS[zone])


@pytest.mark.parametrize(
    ("zone", "profession", "expected"),
    [
        ("ZIP", "medecine", True),
        ("ZAC", "padhue_medecine", True),
        ("ZAR", "medecine", False),  # T38
        ("ZV", "medecine", False),
        ("HZ", "medecine", False),
        ("SOUS_DOTEE", "medecine", False),
        ("TRES_SOUS_DOTEE", "odontologie", True),
        ("SOUS_DOTEE", "padhue_odontologie", True),  # T39
        ("INTERMEDIAIRE", "odontologie", False),  # T39
        ("NON_PRIORITAIRE", "odontologie", False),
        ("ZIP", "odontologie", False),
    ],
)
def test_doctors_and_dentists_2024(zone: str, profession: str, expected: bool) -> None:
    assert zones.zone_counts_for_cesp(zone, profession, date(2024, 6, 1)).value is expected


def test_explanation_cites_the_zoning_act_and_says_it_is_a_choice() -> None:
    step = zones.zone_counts_for_cesp("ZAR", "medecine", date(2024, 6, 1)).step
    sources = step.all_sources()
    assert any("L1434-4" in source for source in sources)
    assert any("13 novembre 2017" in source for source in sources)
    assert "q15" in step.children[0].choice
    q7 = zones.eligible_classes("pharmacie", date(2026, 6, 1)).step
    assert "q7" in q7.choice


def test_labels_are_normalised_never_guessed() -> None:
    assert zones.normalise_class(" zip ") == "ZIP"
    assert zones.normalise_class("très sous-dotée") == "TRES_SOUS_DOTEE"
    with pytest.raises(SituationError) as error:
        zones.normalise_class("ZRR")
    assert error.value.field == "zone"


def test_no_class_before_the_zonings_exist() -> None:
    with pytest.raises(SituationError) as error:
        zones.eligible_classes("medecine", date(2015, 1, 1))
    assert error.value.field == "date"


@settings(deadline=None)
@given(
    zone=st.sampled_from(zones.ZONE_CLASSES),
    case=st.sampled_from(
        (
            ("maieutique", date(2026, 1, 15)),
            ("pharmacie", date(2024, 1, 1)),
            ("odontologie", date(2013, 8, 16)),
            ("padhue_odontologie", date(2009, 1, 1)),
        )
    ),
)
def test_nothing_counts_before_the_cesp_opens_to_the_profession(zone, case) -> None:
    profession, day = case
    counts, why = zones.counts_for_cesp(zone, profession, day)
    assert counts is False and "pas ouvert" in why


def test_unknown_profession_is_named() -> None:
    with pytest.raises(SituationError) as error:
        zones.zone_counts_for_cesp("ZIP", "kinesitherapie", date(2024, 1, 1))
    assert error.value.field == "profession"


@settings(deadline=None)
@given(
    zone=st.sampled_from(zones.ZONE_CLASSES),
    profession=st.sampled_from(tuple(zones.ZONING_OF_PROFESSION)),
    day=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
)
def test_any_date_is_decided_or_refused_by_name(zone, profession, day) -> None:
    try:
        counts, why = zones.counts_for_cesp(zone, profession, day)
    except SituationError as error:
        assert error.field == "date"
    else:
        assert isinstance(counts, bool) and why

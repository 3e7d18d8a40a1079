"""The rules' bounds and deadlines checked before filing (cesp.rules.requests)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cesp.rules import requests as rules
from cesp.rules.appeals import add_months
from cesp.rules.suspensions import whole_months_of

TODAY = dt.date(2026, 12, 2)
days = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2035, 12, 31))


def months_later(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` whole calendar months from the 1st."""
    return add_months(start.replace(day=1), months) - dt.timedelta(days=1)


@given(days, st.integers(min_value=1, max_value=30))
def test_practice_suspension_accepts_1_to_12_months_and_refuses_13_or_more(day, months):
    """Arrêté du 27 juillet 2010, art. 3: 1 to 12 whole months (T31)."""
    start = day.replace(day=1)
    verdict = rules.practice_suspension(start, months_later(start, months), start, TODAY)
    assert verdict.months == months
    assert verdict.ok is (months <= 12)
    if not verdict.ok:
        assert f"{months} mois demandés" in verdict.reasons[0]
        assert "art. 3" in verdict.reasons[0]


def test_practice_suspension_of_13_months_is_refused_and_says_why():
    start = dt.date(2027, 1, 1)
    verdict = rules.practice_suspension(start, dt.date(2028, 1, 31), start, TODAY)
    assert not verdict.ok
    assert verdict.reasons == (
        "Une suspension d'exercice dure de 1 à 12 mois entiers : 13 mois demandés "
        "(Arrêté du 27 juillet 2010 (SASH1020408A), art. 3).",
    )
    assert rules.practice_suspension(start, dt.date(2027, 12, 31), start, TODAY).ok


def test_practice_suspension_needs_practice_begun():
    verdict = rules.practice_suspension(dt.date(2027, 1, 1), dt.date(2027, 3, 31), None, TODAY)
    assert not verdict.ok and "exercice déjà commencé" in verdict.reasons[0]


@given(days, st.integers(min_value=0, max_value=120))
def test_third_cycle_request_is_in_time_through_day_30_only(start, elapsed):
    """Art. 3, 2° c: within 30 days of taking up the internship; day 31 refused (T28)."""
    verdict = rules.third_cycle_suspension(
        start, start + dt.timedelta(days=elapsed), "second_cycle"
    )
    assert verdict.ok is (elapsed <= 30)
    assert verdict.last_day == start + dt.timedelta(days=30)
    if verdict.ok:
        assert verdict.effect == dt.date(start.year + 1, 1, 1)
    else:
        assert verdict.effect is None
        assert f"{elapsed} jours" in verdict.reasons[0] and "2° c" in verdict.reasons[0]


def test_third_cycle_day_31_is_refused_and_day_30_accepted():
    start = dt.date(2026, 11, 2)
    assert rules.third_cycle_suspension(start, dt.date(2026, 12, 2), "second_cycle").ok
    late = rules.third_cycle_suspension(start, dt.date(2026, 12, 3), "second_cycle")
    assert not late.ok
    assert "31 jours" in late.reasons[0] and "2 décembre 2026" not in late.reasons[0]
    assert "02/12/2026" in late.reasons[0]


def test_third_cycle_is_for_signatories_of_the_first_two_cycles():
    start = dt.date(2026, 11, 2)
    verdict = rules.third_cycle_suspension(start, start, "third_cycle")
    assert not verdict.ok and "avant l'internat" in verdict.reasons[0]


@given(days, days)
def test_studies_suspension_needs_one_whole_month(start, end):
    verdict = rules.studies_suspension(start, end, TODAY)
    if end < start:
        assert not verdict.ok
    else:
        assert verdict.ok is (whole_months_of(start, end) >= 1)


@given(days, st.integers(min_value=1, max_value=30))
def test_deferral_is_at_most_12_months_after_the_diploma(start, months):
    """R632-74; FAQ ARS Occitanie: 12 months at most (refused beyond, before filing)."""
    start = start.replace(day=1)
    end = months_later(start, months)
    verdict = rules.deferral(start, end, start - dt.timedelta(days=10), TODAY)
    assert verdict.ok is (months <= 12)


def test_deferral_needs_the_diploma():
    verdict = rules.deferral(dt.date(2027, 1, 1), dt.date(2027, 6, 30), None, TODAY)
    assert not verdict.ok and "R632-74" in verdict.reasons[0]
    early = rules.deferral(dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 3, 1), TODAY)
    assert not early.ok and "avant l'obtention du diplôme" in early.reasons[0]


def test_change_of_place_circuit():
    """Décret 2010-735, art. 8: the DG ARS within a region; the manager across, after
    both DG ARS."""
    within = rules.change_of_place("76", "76")
    assert (within.decider, within.opinions, within.across_regions) == ("ars", (), False)
    across = rules.change_of_place("76", "53")
    assert across.decider == "manager"
    assert across.opinions == ("ars_origin", "ars_destination")


@given(days)
def test_wish_window_is_april_and_may(day):
    verdict = rules.sixth_year_wish(day, "medecine_generale", "76", "76", agreement=False)
    assert verdict.ok is (4 <= day.month <= 5)


def test_wish_needs_the_other_ars_agreement_for_a_specialty_or_another_region():
    day = dt.date(2027, 4, 15)
    assert rules.sixth_year_wish(day, "medecine_generale", "76", "76", False).ok
    assert not rules.sixth_year_wish(day, "psychiatrie", "76", "76", False).ok
    assert not rules.sixth_year_wish(day, "medecine_generale", "53", "76", False).ok
    assert rules.sixth_year_wish(day, "psychiatrie", "53", "76", True).ok


@given(days)
def test_appeal_deadline_is_two_months(day):
    """CJA R421-1: two months from notification."""
    deadline = rules.appeal_deadline(day)
    assert deadline == add_months(day, 2)
    assert (deadline - day).days in range(58, 63)


def test_deferral_ends_before_practice_begins():
    """R632-74: a deferral of installation precedes installation."""
    verdict = rules.deferral(
        dt.date(2027, 1, 1), dt.date(2027, 3, 31), dt.date(2026, 11, 20), TODAY, dt.date(2027, 2, 1)
    )
    assert not verdict.ok and "vous exercez depuis le 01/02/2027" in verdict.reasons[0]


def test_third_cycle_refused_to_a_third_cycle_signatory_even_without_a_date():
    verdict = rules.third_cycle_suspension(None, TODAY, "third_cycle")
    assert "avant l'internat" in verdict.reasons[0]

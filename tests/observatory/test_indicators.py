"""Live indicators: computed from facts when they exist, else "not available" with why."""

from datetime import date

from cesp.observatory.indicators import (
    PlatformFacts,
    from_cohort_file,
    informed_of_zoning_change,
    live_indicators,
    payment_delay,
    seen_by_referent,
)

AS_OF = date(2026, 11, 24)


def test_seen_by_referent_in_the_last_12_months():
    # A seen 2026-03-01 (in the window), B seen 2025-11-24 (exactly 365 days before:
    # outside, the window is (as_of − 365 d, as_of]), C never → 1/3.
    facts = PlatformFacts(
        signatories=["A", "B", "C"],
        followup_dates={"A": [date(2026, 3, 1)], "B": [date(2025, 11, 24)]},
    )
    result = seen_by_referent(facts, AS_OF)
    assert result["available"] is True
    assert (result["seen"], result["n"], result["value"]) == (1, 3, 0.3333)


def test_payment_delay_counts_payments_after_the_month_covered():
    # January 2026 paid 2026-01-28 (on time), February paid 2026-03-10 (10 days late),
    # March paid 2026-03-31 (on time, last day) → 1 late of 3; delays 0, 10, 0 days.
    facts = PlatformFacts(
        payments=[
            (date(2026, 1, 1), date(2026, 1, 28)),
            (date(2026, 2, 1), date(2026, 3, 10)),
            (date(2026, 3, 1), date(2026, 3, 31)),
        ]
    )
    result = payment_delay(facts)
    assert (result["late"], result["n"], result["value"]) == (1, 3, 0.3333)
    assert result["delay_days"]["mean"] == round(10 / 3, 4)


def test_informed_of_zoning_change():
    result = informed_of_zoning_change(PlatformFacts(zoning_changes={"A": True, "B": False}))
    assert result["value"] == 0.5 and result["n"] == 2


def test_not_available_says_why():
    indicators = live_indicators(from_cohort_file(), AS_OF)
    assert [i["available"] for i in indicators] == [False] * 7
    assert all("fichier de cohorte" in i["why"] and i["value"] is None for i in indicators)

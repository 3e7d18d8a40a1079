"""Offers, the 30-day reflection period and the cascade (R10; T33)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import offers
from cesp.rules.errors import SituationError

DAYS = st.dates(date(2010, 7, 2), date(2035, 1, 1))


@settings(deadline=None)
@given(received=DAYS)
def test_due_thirty_days_after_receipt(received: date) -> None:
    assert offers.signed_contract_due(received).value == received + timedelta(days=30)


@settings(deadline=None)
@given(received=DAYS, delay=st.integers(0, 90), wait=st.integers(0, 90))
def test_status_follows_the_period(received: date, delay: int, wait: int) -> None:
    today = received + timedelta(days=wait)
    pending = offers.offer_status(offers.Offer("A", received), today).value
    assert pending == ("pending" if wait <= 30 else "lapsed")
    returned = received + timedelta(days=delay)
    status = offers.offer_status(offers.Offer("A", received, returned), returned).value
    assert status == ("signed" if delay <= 30 else "lapsed")


@settings(deadline=None)
@given(
    n=st.integers(0, 6),
    principal=st.integers(0, 6),
    complementary=st.integers(0, 10),
    outcomes=st.lists(st.sampled_from(("pending", "signed", "lapsed", "declined")), max_size=8),
)
def test_cascade_invariants(n, principal, complementary, outcomes) -> None:
    names = [f"P{i}" for i in range(principal)] + [f"C{i}" for i in range(complementary)]
    today = date(2025, 8, 1)
    made = []
    for name, outcome in zip(names, outcomes, strict=False):
        if outcome == "pending":
            made.append(offers.Offer(name, today - timedelta(days=5)))
        elif outcome == "signed":
            made.append(offers.Offer(name, today - timedelta(days=40), today - timedelta(days=20)))
        elif outcome == "lapsed":
            made.append(offers.Offer(name, today - timedelta(days=40)))
        else:
            made.append(offers.Offer(name, today - timedelta(days=5), declined=True))
    chosen = offers.next_candidates(names[:principal], names[principal:], n, made, today).value
    offered = {offer.candidate for offer in made}
    taken = sum(1 for o in outcomes[: len(names)] if o in ("pending", "signed"))
    assert not offered & set(chosen)
    assert len(chosen) <= max(0, n - taken)
    waiting = [name for name in names if name not in offered]
    assert chosen == waiting[: len(chosen)]  # rank order, principal list first


def test_oracle_t33_and_sources() -> None:
    figure = offers.signed_contract_due(date(2025, 6, 10))
    assert figure.value == date(2025, 7, 10)
    assert any("R631-24-5" in source for source in figure.step.all_sources())


def test_bad_input() -> None:
    with pytest.raises(SituationError) as error:
        offers.Offer("A", date(2025, 6, 10), date(2025, 6, 1))
    assert error.value.field == "returned"
    with pytest.raises(SituationError):
        offers.next_candidates(["A", "A"], [], 1, [], date(2025, 6, 1))
    with pytest.raises(SituationError):
        offers.next_candidates(
            ["A"], [], 1, [offers.Offer("Z", date(2025, 6, 1))], date(2025, 6, 2)
        )


@settings(deadline=None)
@given(day=st.dates(date(1900, 1, 1), date(2200, 1, 1)))
def test_any_date_is_decided_or_refused_by_name(day: date) -> None:
    try:
        offers.signed_contract_due(day)
    except SituationError as error:
        assert error.field == "offer_received"

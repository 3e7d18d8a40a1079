"""Properties of the offer cascade over generated campaigns (issue 9, checks)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.rules import cascade

SETTINGS = settings(deadline=None, max_examples=150)


@st.composite
def campaigns(draw: st.DrawFn) -> dict[str, Any]:
    """A valid campaign: lists within their caps, answers never before their offer.

    An offer's dispatch depends only on the answers of the candidates ranked above it, so
    the answers are drawn in rank order, each relative to its candidate's dispatch as
    replayed with the answers drawn so far.
    """
    year = draw(st.integers(2010, 2030))
    quota = draw(st.integers(0, 5))
    lists_quota = draw(st.one_of(st.none(), st.integers(0, 5)))
    drawn_quota = quota if lists_quota is None else lists_quota
    k = 4 if year >= 2013 else 3
    n_principal = draw(st.integers(0, drawn_quota))
    n_complementary = draw(st.integers(0, min(k * drawn_quota, 8)))
    data: dict[str, Any] = {
        "campaign_year": year,
        "quota": quota,
        "quota_published": draw(st.dates(date(year + 1, 5, 1), date(year + 1, 8, 31))).isoformat(),
        "principal": [f"p{i}" for i in range(n_principal)],
        "complementary": [f"c{i}" for i in range(n_complementary)],
        "delivery_days": draw(st.integers(0, 4)),
        "answers": {},
    }
    if lists_quota is not None:
        data["lists_quota"] = lists_quota
    for name in data["principal"] + data["complementary"]:
        kind = draw(st.sampled_from(("signed", "declined", None)))
        if kind is None:
            continue
        offered = {o.candidate: o for o in cascade.replay(cascade.parse_campaign(data)).offers}
        if name not in offered:
            # Never offered: its answer is ignored, even one dated before any offer.
            day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
        else:
            day = offered[name].dispatched + timedelta(days=draw(st.integers(0, 45)))
        data["answers"][name] = {kind: day.isoformat()}
    return data


def replayed(data: dict[str, Any]) -> cascade.Cascade:
    return cascade.replay(cascade.parse_campaign(data))


@SETTINGS
@given(data=campaigns())
def test_no_candidate_is_offered_out_of_rank_order(data: dict[str, Any]) -> None:
    ranked = data["principal"] + data["complementary"]
    result = replayed(data)
    positions = [ranked.index(offer.candidate) for offer in result.offers]
    # Offered: a prefix of the lists, principal first; dispatched in that order.
    assert positions == list(range(len(positions)))
    dispatched = [offer.dispatched for offer in result.offers]
    assert dispatched == sorted(dispatched)
    assert list(result.not_offered) == ranked[len(positions) :]
    for offer in result.offers:
        assert offer.list == (
            "principal" if offer.candidate in data["principal"] else "complementary"
        )
        assert offer.rank == data[offer.list].index(offer.candidate) + 1


@SETTINGS
@given(data=campaigns())
def test_signed_plus_pending_never_exceed_the_quota(data: dict[str, Any]) -> None:
    result = replayed(data)
    if not result.offers:
        return
    start = date.fromisoformat(data["quota_published"])
    end = max(offer.ended for offer in result.offers)
    everyone = len(data["principal"]) + len(data["complementary"])
    day = start
    while day <= end:
        sent = [offer for offer in result.offers if offer.dispatched <= day]
        held = [o for o in sent if o.outcome == "signed" or day < o.ended]
        assert len(held) <= data["quota"]
        if len(sent) < everyone:  # candidates left: every free contract is on offer
            assert len(held) == data["quota"]
        day += timedelta(days=1)


@SETTINGS
@given(data=campaigns())
def test_every_candidate_offered_gets_exactly_one_outcome(data: dict[str, Any]) -> None:
    result = replayed(data)
    names = [offer.candidate for offer in result.offers]
    assert len(names) == len(set(names))
    assert set(names).isdisjoint(result.not_offered)
    assert set(names) | set(result.not_offered) == set(data["principal"] + data["complementary"])
    for offer in result.offers:
        answer = data["answers"].get(offer.candidate)
        kind, when = next(iter(answer.items())) if answer else (None, None)
        when = date.fromisoformat(when) if when else None
        assert offer.receipt == offer.dispatched + timedelta(days=data["delivery_days"])
        assert offer.deadline == offer.receipt + timedelta(days=30)
        if when is not None and when <= offer.deadline:
            assert (offer.outcome, offer.ended, offer.late) == (kind, when, False)
        else:
            assert offer.outcome == "lapsed"
            assert offer.ended == offer.deadline + timedelta(days=1)
            assert offer.late == (kind == "signed")
    assert result.signed == sum(1 for offer in result.offers if offer.outcome == "signed")
    assert result.signed + result.unfilled == data["quota"]
    assert result.unfilled == 0 or not result.not_offered


@SETTINGS
@given(data=campaigns(), seed=st.randoms(use_true_random=False))
def test_replaying_is_deterministic(data: dict[str, Any], seed: Any) -> None:
    first = replayed(data).to_dict()
    assert replayed(data).to_dict() == first
    shuffled = list(data["answers"].items())
    seed.shuffle(shuffled)
    again = json.loads(json.dumps({**data, "answers": dict(shuffled)}))
    assert replayed(again).to_dict() == first


@SETTINGS
@given(data=campaigns(), offset=st.integers(-5, 200))
def test_replay_on_the_answers_known_on_a_day_agrees_with_the_full_replay(
    data: dict[str, Any], offset: int
) -> None:
    """Day by day (the campaigns job): replaying with only the answers dated up to day D
    gives the same offers sent up to D, and the same outcomes for those ended by D."""
    day = date.fromisoformat(data["quota_published"]) + timedelta(days=offset)
    offered = {offer.candidate for offer in replayed(data).offers}
    known = {  # the answers a manager holds on day D (only offered candidates answer)
        name: answer
        for name, answer in data["answers"].items()
        if name in offered and date.fromisoformat(next(iter(answer.values()))) <= day
    }
    full = [o for o in replayed(data).offers if o.dispatched <= day]
    partial = [o for o in replayed({**data, "answers": known}).offers if o.dispatched <= day]
    assert [o.candidate for o in partial] == [o.candidate for o in full]
    assert [o.dispatched for o in partial] == [o.dispatched for o in full]
    for before, after in zip(partial, full, strict=True):
        if after.ended <= day:  # `late` is known only once the late signature arrives
            assert before == (after if after.candidate in known else replace(after, late=False))

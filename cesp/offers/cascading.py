"""The cascade applied day by day: the facts → the input of ``cesp.rules.cascade`` → its
decisions applied. There is no second copy of the rule here: who is offered, when, and
which offer lapses are the pure rule's answers (interfaces.md §4; rules-interfaces.md,
« Day by day »).

On day D the input is built from the facts known on D: the quota known on D, the day the
offers started (the rule's ``quota_published``), the posted lists in rank order, the
answers recorded (a withdrawal ends an offer as a decline does), and each offer's proven
receipt — or D for an offer whose receipt is not proven yet, whose 30 days cannot have run
(choice O7). Then, of the replay:

- an offer dispatched on or before D with no ``Offer`` yet is sent today (``dispatch``);
- an offer whose outcome is ``lapsed`` and ended on or before D is lapsed (``lapse``,
  no user, reason ``AUTO``).

Applying the decisions changes nothing the replay reads (a dispatch adds the offer the rule
already counted, a lapse the outcome it already gave): running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cesp.rules import cascade
from cesp.selection import lists

from .enums import AUTO, SIGNED, OfferState
from .models import Offer, OfferRound
from .workflow import OFFER


def key_of(entry_id: int) -> str:
    """The candidate's name in the rule's input: its list entry."""
    return f"e{entry_id}"


def entry_of(key: str) -> int:
    return int(key[1:])


@dataclass
class Facts:
    """What the rule reads of one round on one day."""

    round: OfferRound
    published: lists.PublishedList
    quota: int
    offers: dict[int, Offer]  # by list entry

    def candidate(self, entry_id: int) -> lists.ListedCandidate:
        return next(c for c in self.published.candidates if c.entry_id == entry_id)


def published_list(offer_round: OfferRound) -> lists.PublishedList:
    """The posted lists of a round (selection's public face)."""
    published = lists.published_list(offer_round.ranked_list_id)
    if published is None:
        raise LookupError("Ces listes ne sont plus affichées.")
    return published


def facts_of(offer_round: OfferRound, day: date) -> Facts:
    published = published_list(offer_round)
    campaign = offer_round.ranked_list.campaign
    quota = lists.quota(campaign, published.category, published.profession, day).contracts
    offers = {o.entry_id: o for o in Offer.objects.filter(round=offer_round)}
    return Facts(offer_round, published, quota, offers)


def rule_input(facts: Facts, day: date) -> dict[str, Any]:
    """The input of ``cesp rules offers`` built from the facts known on ``day``."""
    answers: dict[str, dict[str, str]] = {}
    receipts: dict[str, str] = {}
    for entry_id, offer in facts.offers.items():
        name = key_of(entry_id)
        if offer.state in SIGNED:
            answers[name] = {"signed": offer.answered_on.isoformat()}
        elif offer.state in (OfferState.DECLINED, OfferState.WITHDRAWN):
            answers[name] = {"declined": offer.answered_on.isoformat()}
        receipt = offer.received_on or max(day, offer.dispatched_on)
        receipts[name] = receipt.isoformat()
    published = facts.published
    return {
        "campaign_year": published.academic_year,
        "quota": facts.quota,
        "quota_published": facts.round.started_on.isoformat(),
        "lists_quota": published.open_contracts,
        "principal": [key_of(c.entry_id) for c in published.principal],
        "complementary": [key_of(c.entry_id) for c in published.complementary],
        "delivery_days": facts.round.delivery_days,
        "answers": answers,
        "receipts": receipts,
    }


def replay(facts: Facts, day: date) -> cascade.Cascade:
    """The pure rule on the facts of ``day`` (raises ``SituationError`` on bad facts)."""
    return cascade.replay(cascade.parse_campaign(rule_input(facts, day)))


@dataclass
class Decisions:
    """What the rule asks on one day: candidates to send an offer to, offers to lapse."""

    dispatch: list[int] = field(default_factory=list)  # list entries, in offer order
    lapse: list[Offer] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.dispatch or self.lapse)


def decisions(facts: Facts, day: date) -> Decisions:
    """The rule's decisions of ``day``: no dispatch once the lists have expired (valid for
    the academic year only, R632-70: the contracts left go to redistribution;
    docs/offers.md), so that the daily job's dry run says what ``apply`` does."""
    result = Decisions()
    expired = day > facts.published.valid_until
    for made in replay(facts, day).offers:
        if made.dispatched > day:
            continue
        entry_id = entry_of(made.candidate)
        offer = facts.offers.get(entry_id)
        if offer is None:
            if not expired:
                result.dispatch.append(entry_id)
        elif made.outcome == "lapsed" and made.ended <= day and offer.is_pending:
            result.lapse.append(offer)
    return result


Dispatcher = Callable[[Facts, int, date], Offer]


def apply(facts: Facts, day: date, dispatch: Dispatcher) -> Decisions:
    """Apply the rule's decisions of ``day`` (in the caller's transaction, round locked):
    lapses first (they free the contracts the replay already gave on), then dispatches."""
    todo = decisions(facts, day)
    for offer in todo.lapse:
        OFFER.apply(
            offer,
            None,
            "lapse",
            reason=AUTO,
            data={"today": day.isoformat()},
        )
        offer.state = OfferState.LAPSED
    for entry_id in todo.dispatch:
        facts.offers[entry_id] = dispatch(facts, entry_id, day)
    return todo

"""Properties of the offers applied day by day, over generated campaigns (issue 9 checks):
no candidate offered out of rank order; signed + pending offers never exceed the quota;
the daily job run twice changes nothing; the workflow and ``cesp rules offers`` agree."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.offers import cascading, services
from cesp.offers.enums import PENDING, SIGNED
from cesp.offers.models import Offer, OfferRound
from cesp.rules import cli
from tests.factories import UserFactory
from tests.offers.factories import make_lists, published

START = date(2027, 7, 2)
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ANSWER = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(["signed", "declined", "withdrawn"]), st.integers(0, 40)),
)


@dataclass
class Plan:
    quota: int
    principal: int
    complementary: int
    answers: list[Any]  # by position in the lists: None or (kind, days after dispatch)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    quota = draw(st.integers(0, 3))
    principal = draw(st.integers(0, quota))
    complementary = draw(st.integers(0, min(4 * quota, 5)))
    answers = draw(
        st.lists(ANSWER, min_size=principal + complementary, max_size=principal + complementary)
    )
    return Plan(quota, principal, complementary, answers)


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 12:00 +0200", tick=False)


def snapshot(offer_round: OfferRound) -> list[tuple]:
    return list(
        Offer.objects.filter(round=offer_round)
        .order_by("pk")
        .values_list("entry_id", "state", "dispatched_on", "received_on", "answered_on")
    )


def run(plan: Plan) -> dict[str, Any]:
    """Play the plan day by day through the services and the daily job; check the
    invariants on each day; return the facts and the rule's input of the plan."""
    national = UserFactory(national=True, username="national")
    lists = make_lists(
        principal=plan.principal,
        complementary=plan.complementary,
        open_contracts=plan.quota,
        quota_published=START,
    )
    position = {e.pk: i for i, e in enumerate(lists.entries)}
    with at(START):
        offer_round = services.start_offers(national, published(lists), lists.campaign)
    day = START
    intended: dict[int, tuple[str, date]] = {}  # entry -> (answer, date)
    for _ in range(200):
        offers = list(Offer.objects.filter(round=offer_round))
        for offer in offers:
            answer = plan.answers[position[offer.entry_id]]
            if answer is not None and offer.entry_id not in intended:
                intended[offer.entry_id] = (answer[0], offer.dispatched_on + timedelta(answer[1]))
        # the invariants of the day
        order = sorted(position[o.entry_id] for o in offers)
        assert order == list(range(len(offers))), "offered out of rank order"
        by_rank = sorted(offers, key=lambda o: position[o.entry_id])
        assert [o.dispatched_on for o in by_rank] == sorted(o.dispatched_on for o in offers)
        taken = sum(1 for o in offers if o.state in PENDING | SIGNED)
        assert taken <= plan.quota, "signed + pending offers above the quota"
        pending = [o for o in offers if o.state in PENDING]
        events = [
            intended[o.entry_id][1]
            for o in pending
            if o.entry_id in intended and intended[o.entry_id][1] > day - timedelta(1)
        ]
        events += [o.deadline + timedelta(1) for o in pending]
        if not events:
            break
        day = min(events)
        with at(day):
            for offer in pending:
                kind, when = intended.get(offer.entry_id, (None, None))
                if when != day:
                    continue
                offer.refresh_from_db()
                if not offer.is_pending:
                    continue
                with contextlib.suppress(ValidationError):  # late: refused, then lapsed
                    if kind == "signed":
                        services.record_signature(offer.candidate, offer, day, "portal")
                    elif kind == "declined":
                        services.record_decline(offer.candidate, offer, day)
                    else:
                        services.record_withdrawal(national, offer, day, "désistement")
            services.advance(offer_round, day)
            before = snapshot(offer_round)
            again = services.advance(offer_round, day)  # the daily job, twice
            assert not again and snapshot(offer_round) == before
    with at(day + timedelta(1)):
        before = snapshot(offer_round)
        call_command("cascade_offers", apply=True, stdout=StringIO())
        call_command("cascade_offers", apply=True, stdout=StringIO())
        assert snapshot(offer_round) == before
    names = {e.pk: cascading.key_of(e.pk) for e in lists.entries}
    answers = {}
    for entry_id, (kind, when) in intended.items():
        answers[names[entry_id]] = {"signed" if kind == "signed" else "declined": when}
    data = {
        "campaign_year": 2026,
        "quota": plan.quota,
        "quota_published": START,
        "principal": [names[e.pk] for e in lists.entries[: plan.principal]],
        "complementary": [names[e.pk] for e in lists.entries[plan.principal :]],
        "answers": answers,
    }
    valid_until = published(lists).valid_until
    return {"round": offer_round, "data": data, "names": names, "valid_until": valid_until}


def outcome(offer: Offer) -> str:
    if offer.state in SIGNED:
        return "signed"
    return "declined" if offer.state in ("declined", "withdrawn") else offer.state


@pytest.mark.django_db
@SETTINGS
@given(plan=plans())
def test_the_workflow_day_by_day_agrees_with_cesp_rules_offers(plan: Plan, tmp_path: Path) -> None:
    with transaction.atomic():
        played = run(plan)
        path = tmp_path / "campaign.yaml"
        path.write_text(yaml.safe_dump(played["data"], allow_unicode=True), encoding="utf-8")
        out = StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.main(["offers", str(path), "--format", "json"]) == 0
        expected = json.loads(out.getvalue())
        offers = Offer.objects.filter(round=played["round"]).in_offer_order()
        got = [
            {
                "candidate": cascading.key_of(o.entry_id),
                "dispatched": o.dispatched_on.isoformat(),
                "receipt": o.received_on.isoformat(),
                "deadline": o.deadline.isoformat(),
                "outcome": outcome(o),
            }
            for o in offers
        ]
        # The rule knows no end to the lists; the platform sends no offer once they have
        # expired (docs/offers.md F6): compare the offers the lists' validity allows.
        last_day = played["valid_until"].isoformat()
        allowed = [o for o in expected["offers"] if o["dispatched"] <= last_day]
        keys = ("candidate", "dispatched", "receipt", "deadline", "outcome")
        assert got == [{k: o[k] for k in keys} for o in allowed]
        assert sum(1 for o in offers if o.state in SIGNED) == sum(
            1 for o in allowed if o["outcome"] == "signed"
        )
        transaction.set_rollback(True)

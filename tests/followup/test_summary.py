"""Public functions and indicators of the follow-up, on a known dataset; the referent's
home in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cesp.contracts.models import Contract, pseudonym_for
from cesp.core.notifications.models import Message as Notice
from cesp.core.notifications.services import notify
from cesp.followup import services, summary
from cesp.followup.enums import Channel
from cesp.followup.models import Assignment, Meeting, Message, Thread
from cesp.territories.notifications import ZONING_CHANGE
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_indicators_on_a_known_dataset(ufr, referent):
    contracts = [ContractFactory(ufr=ufr, signature_date=dt.date(2021, 3, 1)) for _ in range(4)]
    # seen in the last 12 months: 2 of 4 (one seen 13 months ago does not count)
    services.record_meeting(contracts[0], by=referent, held_on=dt.date(2024, 3, 1), mode="phone")
    services.record_meeting(contracts[1], by=referent, held_on=dt.date(2025, 1, 10), mode="video")
    services.record_meeting(contracts[2], by=referent, held_on=dt.date(2023, 12, 9), mode="phone")
    # a referent for 3 of 4
    for c in contracts[:3]:
        services.assign_referent(c, referent, by=referent)
    scope = Contract.objects.filter(pk__in=[c.pk for c in contracts])
    assert summary.share_seen_last_12_months(scope) == Decimal("0.500")
    assert summary.share_with_referent(scope) == Decimal("0.750")
    assert summary.share_with_referent(Contract.objects.none()) is None
    # zoning version 7 touched 2 signatories, one informed (e-mail sent), one not
    for c, with_mail in ((contracts[0], True), (contracts[1], False)):
        c.signatory.email = "sig@etu.test" if with_mail else ""
        c.signatory.save()
        notify(
            ZONING_CHANGE,
            c.signatory,
            {"reference": c.reference, "body": "…", "contract_id": c.pk, "zoning_version_id": 7},
            idempotency_key=f"z{c.pk}",
        )
    Notice.objects.exclude(to_email="").update(status="sent")  # the worker sent it
    info = summary.zoning_information(scope)
    assert [(i.zoning_version_id, i.concerned, i.informed) for i in info] == [(7, 2, 1)]
    assert info[0].share == Decimal("0.500")
    # answers: 2 h and 10 h (a run of two messages waits from the first) → median 6 h
    t0 = timezone.now()
    for c, waits in ((contracts[0], 2), (contracts[1], 10)):
        thread = Thread.objects.create(
            contract=c, channel=Channel.ARS, subject="s", created_by=c.signatory, created_at=t0
        )
        Message.objects.create(
            thread=thread, author=c.signatory, from_signatory=True, body="q", sent_at=t0
        )
        Message.objects.create(
            thread=thread,
            author=c.signatory,
            from_signatory=True,
            body="q2",
            sent_at=t0 + dt.timedelta(hours=1),
        )
        Message.objects.create(
            thread=thread,
            author=referent,
            from_signatory=False,
            body="r",
            sent_at=t0 + dt.timedelta(hours=waits),
        )
    assert summary.median_answer_hours(Thread.objects.all()) == Decimal("6.0")
    assert sorted(summary.answer_delays(Thread.objects.all())) == [
        dt.timedelta(hours=2),
        dt.timedelta(hours=10),
    ]


def test_unseen_zoning_change_until_the_signatory_looks(client, contract):
    assert not summary.has_unseen_zoning_change(contract)
    notify(
        ZONING_CHANGE,
        contract.signatory,
        {"reference": contract.reference, "body": "…", "contract_id": contract.pk},
        idempotency_key="z",
    )
    assert summary.has_unseen_zoning_change(contract)
    client.force_login(contract.signatory)
    assert "zoning-unseen" in client.get(f"/suivi/contrat/{contract.pk}/").content.decode()
    assert not summary.has_unseen_zoning_change(contract)


def test_named_referent_is_told_of_a_zoning_change(contract, director):
    services.assign_referent(contract, director, by=director)
    context = {"reference": contract.reference, "body": "Nouveau zonage", "contract_id": 1}
    services.tell_referent_of_zoning_change(contract, context, "k", "/", told=set())
    services.tell_referent_of_zoning_change(contract, context, "k", "/", told=set())
    assert Notice.objects.filter(kind="followup_zoning_referent", recipient=director).count() == 1


def _home_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/suivi/").status_code == 200
    return len(queries)


def test_referent_home_queries_do_not_grow_with_signatories(client, ufr, referent):
    """3 signatories, then 500 (written in bulk): the same number of queries."""
    client.force_login(referent)
    for _ in range(3):
        services.assign_referent(ContractFactory(ufr=ufr), referent, by=referent)
    few = _home_queries(client, referent)
    now = timezone.now()
    contracts = [ContractFactory.build(ufr=ufr, signatory=None) for _ in range(497)]
    for c in contracts:
        c.pseudonym = pseudonym_for(c.reference)
    contracts = Contract.objects.bulk_create(contracts)
    Assignment.objects.bulk_create(
        Assignment(contract=c, referent=referent, started_at=now) for c in contracts
    )
    Meeting.objects.bulk_create(
        Meeting(contract=c, referent=referent, status="held", held_on=dt.date(2024, 7, 1))
        for c in contracts[::2]
    )
    assert Assignment.objects.current().filter(referent=referent).count() == 500
    many = _home_queries(client, referent)
    assert many == few

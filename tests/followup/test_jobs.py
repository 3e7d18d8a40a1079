"""Reminder and digest jobs: idempotent, nothing for ended contracts, digests on weekdays
only, only when non-empty, covering "since the last digest"."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from cesp.contracts.enums import EventType
from cesp.core.notifications.models import Message as Notice
from cesp.followup import services
from cesp.followup.enums import Channel
from cesp.followup.models import Marker
from tests.factories import ContractEventFactory, ContractFactory, UserFactory

pytestmark = pytest.mark.django_db


def _run(name: str, *args: str) -> None:
    call_command(name, *args, stdout=io.StringIO())


def test_reminders_twice_send_one_mail_each(
    contract, referent, ufr, django_capture_on_commit_callbacks
):
    # due 20 June 2025 for a contract signed on 20 June 2024: upcoming within 30 days
    soon = ContractFactory(
        ufr=ufr,
        signature_date=dt.date(2024, 1, 25),
        signatory=UserFactory(student=True, email="soon@etu.test"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_referent(contract, referent, by=referent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _run("followup_reminders")
    assert not Notice.objects.filter(kind__startswith="followup_exchange").exists()
    with django_capture_on_commit_callbacks(execute=True):
        _run("followup_reminders", "--apply")
        _run("followup_reminders", "--apply")
    upcoming = Notice.objects.filter(kind="followup_exchange_upcoming")
    assert [m.recipient_id for m in upcoming] == [soon.signatory_id]
    assert upcoming.get().subject == "Votre échange annuel de suivi est attendu le 25/01/2025"
    assert (
        Marker.objects.filter(kind="reminder").count()
        == Notice.objects.filter(kind__startswith="followup_exchange").count()
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        {m.to_email for m in Notice.objects.filter(kind__startswith="followup_exchange")}
    )


def test_overdue_goes_to_the_referent_and_ended_contracts_get_nothing(ufr, referent):
    late = ContractFactory(ufr=ufr, signature_date=dt.date(2023, 12, 1))  # due 1 Dec 2024
    ended = ContractFactory(ufr=ufr, signature_date=dt.date(2023, 12, 1))
    ContractEventFactory(
        contract=ended, type=EventType.BREACH, date=dt.date(2024, 6, 1), cause="voluntary"
    )
    for c in (late, ended):
        services.assign_referent(c, referent, by=referent)
    _run("followup_reminders", "--apply")
    overdue = Notice.objects.filter(kind="followup_exchange_overdue")
    assert [m.context["reference"] for m in overdue] == [late.reference]
    assert overdue.get().recipient == referent


def test_digest_weekdays_only_non_empty_since_last(contract, referent):
    services.assign_referent(contract, referent, by=referent)
    thread = services.start_thread(
        contract, by=contract.signatory, channel=Channel.ARS, subject="Projet", body="Bonjour"
    )
    _run("followup_digest", "--apply")  # Friday 10 January 2025
    digest = Notice.objects.get(kind="followup_digest", recipient=referent)
    assert "1 message(s) de vos signataires" in digest.body
    assert "1 signataire(s) vous ont été confiés" in digest.body
    _run("followup_digest", "--apply")
    assert Notice.objects.filter(kind="followup_digest").count() == 1
    with time_machine.travel(dt.datetime(2025, 1, 11, 9, tzinfo=dt.UTC), tick=False):
        services.post_message(thread, by=contract.signatory, body="Samedi")
        _run("followup_digest", "--apply")  # Saturday: nothing
    assert Notice.objects.filter(kind="followup_digest").count() == 1
    with time_machine.travel(dt.datetime(2025, 1, 13, 9, tzinfo=dt.UTC), tick=False):
        _run("followup_digest", "--apply")  # Monday: covers the weekend
    monday = Notice.objects.filter(kind="followup_digest").latest("pk")
    assert "depuis le 10/01/2025" in monday.subject and "1 message(s)" in monday.body
    with time_machine.travel(dt.datetime(2025, 1, 14, 9, tzinfo=dt.UTC), tick=False):
        _run("followup_digest", "--apply")  # nothing new: no mail
    assert Notice.objects.filter(kind="followup_digest").count() == 2

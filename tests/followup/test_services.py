"""Referents, exchanges and messages: the use cases (audited, notified, refused in French)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cesp.core.audit.models import AuditEntry
from cesp.core.notifications.models import Message as Notice
from cesp.followup import services, summary
from cesp.followup.enums import Channel, MeetingStatus
from cesp.followup.models import Assignment, Meeting
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_assign_then_hand_over_in_bulk_with_audit(contract, ufr, referent, colleague, director):
    others = [ContractFactory(ufr=ufr) for _ in range(3)]
    for c in [contract, *others]:
        services.assign_referent(c, referent, by=director)
    assert summary.referent_of(contract) == referent
    moved = services.hand_over(referent, colleague, by=director, reason="Départ en retraite")
    assert moved == 4
    assert summary.referent_of(contract) == colleague
    assert Assignment.objects.filter(referent=referent, ended_at__isnull=True).count() == 0
    assert AuditEntry.objects.filter(action="followup.hand_over").count() == 4
    assert AuditEntry.objects.filter(action="followup.hand_over", contract_id=contract.pk).exists()


def test_a_referent_outside_the_region_is_refused(contract, outsider, director):
    with pytest.raises(ValidationError, match="région de suivi"):
        services.assign_referent(contract, outsider, by=director)
    assert not Assignment.objects.exists()


def test_record_meeting_refuses_future_and_before_signature(contract, referent):
    with pytest.raises(ValidationError) as future:
        services.record_meeting(contract, by=referent, held_on=dt.date(2025, 1, 11), mode="phone")
    assert "dans le futur" in str(future.value)
    with pytest.raises(ValidationError) as early:
        services.record_meeting(contract, by=referent, held_on=dt.date(2022, 6, 1), mode="phone")
    assert "antérieure à la signature" in str(early.value)
    assert not Meeting.objects.exists()


def test_plan_then_hold_a_meeting_notifies_the_signatory(
    contract, referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.plan_meeting(
            contract, by=referent, planned_on=dt.date(2025, 1, 20), mode="video"
        )
    assert mail.outbox[-1].to == ["sam@etu.test"]
    assert "20/01/2025" in mail.outbox[-1].subject
    with pytest.raises(ValidationError):
        services.record_meeting(
            contract, by=referent, held_on=dt.date(2025, 1, 20), mode="video", meeting=meeting
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.record_meeting(
            contract,
            by=referent,
            held_on=dt.date(2025, 1, 9),
            mode="video",
            project_update="Projet à Foix",
            communes=["09122", "09122"],
            meeting=meeting,
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.target_communes == ["09122"]
    assert "échange de suivi du 09/01/2025" in mail.outbox[-1].subject
    # held within 6 months of the June 2025 anniversary: that year's exchange; the June
    # 2024 one was missed; the next is due in June 2026
    statuses = [(e.due.year, e.status) for e in summary.schedule_of(contract).exchanges]
    assert statuses == [(2023, "missed"), (2024, "missed"), (2025, "held")]
    assert summary.next_exchange(contract).due == dt.date(2026, 6, 20)


def test_next_exchange_agrees_with_the_contract_deadlines(contract):
    from cesp.contracts import figures

    rule = [d for d in figures.deadline_items(contract) if d["kind"] == "ars_followup"]
    assert summary.next_exchange(contract).due >= rule[0]["date"] - dt.timedelta(days=366)
    fresh = ContractFactory(signature_date=dt.date(2024, 6, 20))
    rule = [d for d in figures.deadline_items(fresh) if d["kind"] == "ars_followup"]
    assert summary.next_exchange(fresh).due == rule[0]["date"]


def test_messages_notify_the_other_side(
    contract, referent, national, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_referent(contract, referent, by=referent)
    assert mail.outbox[-1].subject == "Votre référent ARS : Rémi Ref"
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.start_thread(
            contract,
            by=contract.signatory,
            channel=Channel.ARS,
            subject="Mon projet",
            body="Bonjour, je souhaite changer de commune.",
        )
    assert mail.outbox[-1].to == ["ref@ars.test"]
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(thread, by=referent, body="Bien reçu.")
    assert mail.outbox[-1].to == ["sam@etu.test"]
    with django_capture_on_commit_callbacks(execute=True):
        services.start_thread(
            contract,
            by=contract.signatory,
            channel=Channel.NATIONAL,
            subject="Versements",
            body="Question sur mes versements.",
        )
    assert mail.outbox[-1].to == ["cng@test.test"]
    assert Notice.objects.filter(kind="followup_message_national").count() == 1
    with pytest.raises(ValidationError, match="vide"):
        services.post_message(thread, by=referent, body="   ")

"""The demonstration follow-up: idempotent, referents with overdue, held and planned
exchanges, threads, and the e-mails in the kernel outbox."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from cesp.contracts.demo import load_demo
from cesp.core.notifications.models import Message as Notice
from cesp.followup import summary
from cesp.followup.demo import load_demo_followup
from cesp.followup.models import Assignment, Meeting, Thread

pytestmark = pytest.mark.django_db


def test_demo_follow_up_is_idempotent_and_shows_every_case():
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC), tick=False):
        load_demo(total=300, today=dt.date(2026, 11, 24))
        first = load_demo_followup()
        assert not first.missing and len(first.created) == 2
        counts = (Assignment.objects.count(), Meeting.objects.count(), Notice.objects.count())
        assert load_demo_followup().already_loaded
        assert counts == (
            Assignment.objects.count(),
            Meeting.objects.count(),
            Notice.objects.count(),
        )
        occitanie = get_user_model().objects.get(username="ars-occitanie")
        load = summary.workload(occitanie)
        assert load.rows and load.overdue and load.upcoming
        assert Meeting.objects.filter(status="held").exists()
        assert Meeting.objects.filter(status="planned").exists()
        assert Thread.objects.filter(contract__signatory__username="etudiant").count() == 2
        assert Notice.objects.filter(kind="followup_message_ars", recipient=occitanie).exists()

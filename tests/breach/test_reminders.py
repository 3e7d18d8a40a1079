"""Instalment reminders: an idempotent job; run twice, one message per instalment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cesp.breach import collection, reminders
from cesp.core.jobs.models import JobRun
from cesp.core.notifications.models import Message
from tests.breach.factories import notified_case


def _plan(people):
    case = notified_case(people.contract, people.national, dt.date(2026, 8, 3), dt.date(2026, 9, 1))
    total = case.statement().total
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        collection.grant_plan(
            people.national,
            case,
            instalments=[
                (dt.date(2026, 11, 30), Decimal("500.00")),  # late on 2 December
                (dt.date(2026, 12, 10), Decimal("500.00")),  # due within 10 days
                (dt.date(2027, 3, 1), total - 1000),
            ],
        )
    return case


def test_late_and_coming_instalments(people) -> None:
    case = _plan(people)
    items = reminders.planned(dt.date(2026, 12, 2))
    assert [(i.kind, i.row.number) for i in items] == [
        ("breach_instalment_late", 1),
        ("breach_instalment_due", 2),
    ]
    collection.record_repayment(
        people.national, case, received_on=dt.date(2026, 12, 1), amount=Decimal("500.00")
    )
    assert [i.row.number for i in reminders.planned(dt.date(2026, 12, 2))] == [2]


def test_job_is_a_dry_run_by_default_and_idempotent(people) -> None:
    _plan(people)
    call_command("breach_reminders")
    assert not Message.objects.filter(kind__startswith="breach_instalment").exists()
    call_command("breach_reminders", apply=True)
    call_command("breach_reminders", apply=True)
    messages = Message.objects.filter(kind__startswith="breach_instalment")
    assert messages.count() == 2
    late = messages.get(kind="breach_instalment_late")
    assert "n° 1" in late.subject and "30/11/2026" in late.body
    assert JobRun.objects.filter(name="breach_reminders").count() == 3


def test_planning_reads_each_plan_without_a_query_per_case(people) -> None:
    _plan(people)
    with CaptureQueriesContext(connection) as one:
        reminders.planned(dt.date(2026, 12, 2))
    other = notified_case(people.other, people.national, dt.date(2026, 8, 3), dt.date(2026, 9, 1))
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        collection.grant_plan(
            people.national, other, instalments=[(dt.date(2026, 12, 5), other.statement().total)]
        )
    with CaptureQueriesContext(connection) as two:
        assert len(reminders.planned(dt.date(2026, 12, 2))) == 3
    assert len(two.captured_queries) == len(one.captured_queries)

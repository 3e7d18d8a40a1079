"""The outbox: written in the caller's transaction, sent after commit, once, with retries."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections, transaction

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.core.notifications import outbox
from cesp.core.notifications.enums import Status
from cesp.core.notifications.models import Message
from cesp.core.notifications.registry import Kind, register
from cesp.core.notifications.services import notify
from tests.core.notifications.conftest import NOTICE, REMINDER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 2, 8, tzinfo=dt.UTC)
CONTEXT = {"what": "Le rapport annuel", "day": "31/12/2026", "name": "Lou"}


class BrokenBackend:
    """An e-mail backend whose server refuses everything."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise ConnectionRefusedError("serveur SMTP injoignable")


def test_a_kind_is_rendered_and_declared_once():
    assert REMINDER.render(CONTEXT) == (
        "Rappel : Le rapport annuel avant le 31/12/2026",
        "Bonjour Lou,\nLe rapport annuel est attendu avant le 31/12/2026.",
    )
    register(REMINDER)  # the same declaration again: harmless
    with pytest.raises(ValueError, match="declared twice"):
        register(Kind("test_reminder", "Autre", REMINDER.audience, True, "x", "y"))


@time_machine.travel(NOW, tick=False)
def test_sent_after_commit_only_and_stored_with_the_answer(
    signatory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = notify(REMINDER, signatory, CONTEXT, idempotency_key="2026")
        assert message.status == Status.PENDING
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sig@example.org"] and email.subject.startswith("Rappel : Le rapport")
    message.refresh_from_db()
    assert (message.status, message.sent_at, message.attempts) == (Status.SENT, NOW, 1)
    assert "locmem" in message.provider_answer and "1 envoyé" in message.provider_answer
    assert message.body == email.body and message.kind == "test_reminder"


def test_a_rolled_back_transaction_sends_nothing(signatory, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(NOTICE, signatory, {"what": "payer"}, idempotency_key="n1")
        raise RuntimeError("the use case failed")
    assert callbacks == []
    assert not Message.objects.exists() and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_real_commit_and_rollback_with_the_worker(signatory):
    """No test transaction around: the on_commit hook really runs (ImmediateBackend)."""
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(NOTICE, signatory, {"what": "payer"}, idempotency_key="rolled-back")
        raise RuntimeError
    with transaction.atomic():
        notify(NOTICE, signatory, {"what": "payer"}, idempotency_key="committed")
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Mise en demeure"]
    assert Message.objects.get().status == Status.SENT


class ReminderJob(JobCommand):
    """A reminder job as a domain would write it: one message per signatory and day."""

    job_name = "test_reminders"

    def run(self, *, apply: bool, **options) -> JobResult:
        users = list(type(self).users)
        if apply:
            for user in users:
                notify(REMINDER, user, CONTEXT, idempotency_key="deadline:2026-12-31")
        return JobResult(f"{len(users)} rappel(s).", {"reminded": len(users)})


@pytest.mark.django_db(transaction=True)
def test_a_reminder_job_run_twice_sends_one_message_each():
    ReminderJob.users = [UserFactory(username=f"s{i}", email=f"s{i}@example.org") for i in range(3)]
    call_command(ReminderJob(), stdout=StringIO())  # dry run: nothing
    assert not Message.objects.exists()
    call_command(ReminderJob(), "--apply", stdout=StringIO())
    call_command(ReminderJob(), "--apply", stdout=StringIO())
    call_command("send_outbox", "--apply", stdout=StringIO())
    assert Message.objects.count() == 3 and len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{i}@example.org" for i in range(3)]


def test_failures_are_retried_with_backoff_then_given_up(signatory, settings):
    settings.EMAIL_BACKEND = "tests.core.notifications.test_outbox.BrokenBackend"
    with time_machine.travel(NOW, tick=False):
        message = notify(REMINDER, signatory, CONTEXT, idempotency_key="retry")
        assert outbox.send_one(message.pk) == Status.PENDING
    message.refresh_from_db()
    assert message.attempts == 1 and message.next_attempt_at == NOW + dt.timedelta(minutes=1)
    assert "injoignable" in message.last_error
    with time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False):
        assert outbox.send_due() == {"sent": 0, "pending": 0, "failed": 0}  # not yet due
    when = NOW
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        when += outbox.backoff(attempt - 1)
        with time_machine.travel(when, tick=False):
            outbox.send_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, outbox.MAX_ATTEMPTS)
    assert message.next_attempt_at is None and mail.outbox == []


def test_a_retry_that_succeeds_is_sent_once(signatory, settings):
    settings.EMAIL_BACKEND = "tests.core.notifications.test_outbox.BrokenBackend"
    with time_machine.travel(NOW, tick=False):
        message = notify(REMINDER, signatory, CONTEXT, idempotency_key="later")
        outbox.send_one(message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        out = StringIO()
        call_command("send_outbox", stdout=out)
        assert "Simulation : 1 message(s)" in out.getvalue() and mail.outbox == []
        call_command("send_outbox", "--apply", stdout=StringIO())
        call_command("send_outbox", "--apply", stdout=StringIO())
        assert outbox.send_one(message.pk) is None
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)


def test_a_recipient_without_address_keeps_the_stored_copy_only(db):
    user = UserFactory(username="noaddr", email="")
    message = notify(NOTICE, user, {"what": "payer"}, idempotency_key="x")
    assert message.status == Status.NO_ADDRESS and message.next_attempt_at is None
    assert outbox.due().count() == 0


@pytest.mark.postgres
def test_concurrent_senders_send_each_message_once(signatory):
    for i in range(20):
        Message.objects.create(
            kind="test_reminder",
            recipient=signatory,
            to_email=signatory.email,
            subject=f"m{i}",
            body="-",
            idempotency_key=f"k{i}",
            next_attempt_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        )
    barrier = threading.Barrier(4)

    def sender() -> None:
        try:
            barrier.wait()
            outbox.send_due()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(m.subject for m in mail.outbox) == sorted(f"m{i}" for i in range(20))
    assert Message.objects.filter(status=Status.SENT, attempts=1).count() == 20


@pytest.mark.django_db(transaction=True)
def test_the_production_worker_sends_what_was_enqueued_after_commit(signatory, settings):
    """Database backend of django-tasks, as in production: the commit enqueues a task
    row, the worker of ``db_worker`` runs it (built directly: the command would install
    its signal handlers in the test process)."""
    from django_tasks.backends.database.management.commands.db_worker import Worker
    from django_tasks.backends.database.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    other = UserFactory(username="other", email="other@example.org")
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back
            notify(NOTICE, other, {"what": "payer"}, idempotency_key="rolled-back")
            raise RuntimeError
        message = notify(NOTICE, signatory, {"what": "payer"}, idempotency_key="worker")
        notify(NOTICE, other, {"what": "payer"}, idempotency_key="worker")
        assert not DBTaskResult.objects.exists()  # not enqueued before the commit
    assert DBTaskResult.objects.count() == 1 and mail.outbox == []  # one task for both
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
    ).run()
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.org", "sig@example.org"]
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert Message.objects.filter(status=Status.SENT).count() == 2

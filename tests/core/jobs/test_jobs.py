"""Scheduled jobs: dry run by default, one run at a time, every run logged."""

from __future__ import annotations

import datetime as dt
import threading
import time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from cesp.core.jobs import locks
from cesp.core.jobs.base import JobCommand, JobResult
from cesp.core.jobs.enums import Outcome
from cesp.core.jobs.models import JobLock, JobRun

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 2, 8, tzinfo=dt.UTC)


class CountingJob(JobCommand):
    help = "Compte les éléments (simulation par défaut). Une phrase de plus."
    job_name = "counting"
    pause = 0.0

    def run(self, *, apply: bool, **options) -> JobResult:
        time.sleep(self.pause)
        if not apply:
            return JobResult("Simulation : 3 élément(s) à traiter.", {"todo": 3})
        return JobResult("3 élément(s) traité(s).", {"done": 3})


class FailingJob(JobCommand):
    job_name = "failing"

    def run(self, *, apply: bool, **options) -> JobResult:
        raise RuntimeError("boum")


@time_machine.travel(NOW, tick=False)
def test_a_run_is_a_dry_run_unless_apply_and_each_run_is_logged():
    out = StringIO()
    call_command(CountingJob(), stdout=out)
    assert "Simulation : 3" in out.getvalue()
    call_command(CountingJob(), "--apply", stdout=StringIO())
    dry, applied = JobRun.objects.order_by("id")
    assert (dry.name, dry.dry_run, dry.outcome, dry.counts) == (
        "counting",
        True,
        Outcome.SUCCESS,
        {"todo": 3},
    )
    assert (applied.dry_run, applied.counts, applied.summary) == (
        False,
        {"done": 3},
        "3 élément(s) traité(s).",
    )
    assert applied.finished_at == NOW
    assert JobLock.objects.get(name="counting").locked_until is None  # released


@time_machine.travel(NOW, tick=False)
def test_a_second_run_while_one_holds_the_lock_exits_cleanly():
    token = locks.acquire("counting", dt.timedelta(hours=1))
    assert token is not None
    out = StringIO()
    call_command(CountingJob(), "--apply", stdout=out)
    assert "déjà en cours" in out.getvalue()
    run = JobRun.objects.get()
    assert run.outcome == Outcome.ALREADY_RUNNING and run.counts == {}
    locks.release("counting", token)
    call_command(CountingJob(), "--apply", stdout=StringIO())
    assert JobRun.objects.filter(outcome=Outcome.SUCCESS).count() == 1


def test_an_expired_lease_of_a_crashed_run_is_taken_over():
    with time_machine.travel(NOW, tick=False):
        assert locks.acquire("counting", dt.timedelta(hours=1)) is not None
        assert locks.acquire("counting", dt.timedelta(hours=1)) is None
    with time_machine.travel(NOW + dt.timedelta(hours=1, seconds=1), tick=False):
        assert locks.acquire("counting", dt.timedelta(hours=1)) is not None


@time_machine.travel(NOW, tick=False)
def test_a_failing_run_is_logged_as_failed_and_releases_its_lock():
    with pytest.raises(RuntimeError):
        call_command(FailingJob(), "--apply", stdout=StringIO())
    run = JobRun.objects.get()
    assert run.outcome == Outcome.FAILED and "boum" in run.summary
    assert run.finished_at == timezone.now()
    assert locks.acquire("failing", dt.timedelta(hours=1)) is not None


@pytest.mark.postgres
def test_concurrent_runs_never_overlap():
    """Four runs started together: one works, the three others say it is running."""
    barrier = threading.Barrier(4)
    outputs: list[str] = []

    def start() -> None:
        try:
            out = StringIO()
            job = CountingJob()
            job.pause = 0.5
            barrier.wait()
            call_command(job, "--apply", stdout=out)
            outputs.append(out.getvalue())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum("traité" in o for o in outputs) == 1
    assert sum("déjà en cours" in o for o in outputs) == 3
    outcomes = sorted(JobRun.objects.values_list("outcome", flat=True))
    assert outcomes == [Outcome.ALREADY_RUNNING] * 3 + [Outcome.SUCCESS]


@time_machine.travel(NOW, tick=False)
def test_the_jobs_page_shows_the_last_runs_to_national_agents_and_admins(client):
    from tests.factories import UserFactory

    call_command(CountingJob(), "--apply", stdout=StringIO())
    client.force_login(UserFactory(national=True, username="nat"))
    html = client.get("/taches/").content.decode()
    assert 'data-job="counting"' in html and "3 élément(s) traité(s)." in html
    assert ">Compte les éléments</h2>" in html
    assert "02/12/2026 09:00:00" in html and "Réussie" in html and "Écriture" in html
    client.force_login(UserFactory(ars_referent=True, username="ref"))
    assert client.get("/taches/").status_code == 404
    client.force_login(UserFactory(admin=True, username="adm"))
    assert client.get("/taches/").status_code == 200


def test_prune_job_runs_keeps_the_recent_log():
    with time_machine.travel(NOW - dt.timedelta(days=100), tick=False):
        call_command(CountingJob(), stdout=StringIO())
    with time_machine.travel(NOW, tick=False):
        call_command(CountingJob(), stdout=StringIO())
        out = StringIO()
        call_command("prune_job_runs", stdout=out)
        assert "Simulation : 1 exécution(s)" in out.getvalue()
        call_command("prune_job_runs", "--apply", stdout=StringIO())
    assert list(JobRun.objects.values_list("name", flat=True)) == [
        "prune_job_runs",
        "prune_job_runs",
        "counting",
    ]


def test_a_read_only_job_has_no_apply_and_is_logged_as_a_real_run():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Chaîne d'audit intègre : 0 entrées vérifiées." in out.getvalue()
    run = JobRun.objects.get(name="verify_audit")
    assert (run.dry_run, run.outcome, run.counts) == (False, Outcome.SUCCESS, {"entries": 0})

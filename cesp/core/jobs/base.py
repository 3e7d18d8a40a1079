"""The base of scheduled management commands (docs/jobs.md).

A job subclasses ``JobCommand`` and implements ``run(apply=…, **options)``, returning a
``JobResult`` (counts and a French summary). The base gives it:

- ``--apply`` to write; without it the job is a dry run and must write nothing but its
  ``JobRun`` row (the convention of ``project_statuses``). A read-only job (a check)
  sets ``writes = False``: it has no ``--apply`` and each run is logged as a real one;
- a lock per job name (``locks``): a second run while one is going exits cleanly,
  saying so, and is logged as such;
- a ``JobRun`` row per run: name, start and end, dry run or not, outcome, counts, summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from . import locks
from .enums import Outcome
from .models import JobRun


@dataclass
class JobResult:
    summary: str
    counts: dict[str, int] = field(default_factory=dict)


class JobCommand(BaseCommand):
    """Base of a scheduled job; ``job_name`` defaults to the command's name."""

    job_name: str = ""
    label: str = ""  # French, shown on the jobs page; defaults to the help's first sentence
    lease: timedelta = timedelta(hours=2)
    writes: bool = True

    def add_arguments(self, parser: CommandParser) -> None:
        if self.writes:
            parser.add_argument("--apply", action="store_true", help="écrire (sinon simulation)")
        self.add_job_arguments(parser)

    def add_job_arguments(self, parser: CommandParser) -> None:
        """Arguments of the job itself (none by default)."""

    def run(self, *, apply: bool, **options: Any) -> JobResult:
        raise NotImplementedError

    @property
    def job(self) -> str:
        """The job's name (the command's name unless ``job_name`` says otherwise)."""
        return self.job_name or type(self).__module__.rsplit(".", 1)[-1]

    @property
    def job_label(self) -> str:
        if self.label:
            return self.label
        first = str(self.help or self.job).split(". ")[0].strip()
        return first.removesuffix(".").split(" (")[0].strip()

    def heartbeat(self) -> None:
        """Extend the lock of a long run (call it between batches)."""
        if getattr(self, "_token", None):
            locks.extend(self.job, self._token, self.lease)

    def handle(self, *args: Any, apply: bool = False, **options: Any) -> None:
        apply = apply or not self.writes
        started = timezone.now()
        token = locks.acquire(self.job, self.lease)
        if token is None:
            summary = f"La tâche « {self.job} » est déjà en cours : cette exécution s'arrête."
            JobRun.objects.create(
                name=self.job,
                label=self.job_label,
                started_at=started,
                finished_at=timezone.now(),
                dry_run=not apply,
                outcome=Outcome.ALREADY_RUNNING,
                summary=summary,
            )
            self.stdout.write(summary)
            return
        self._token = token
        run = JobRun.objects.create(
            name=self.job, label=self.job_label, started_at=started, dry_run=not apply
        )
        try:
            result = self.run(apply=apply, **options)
        except BaseException as exc:
            run.outcome = Outcome.FAILED
            run.summary = f"Échec : {exc.__class__.__name__} : {exc}"[:2000]
            raise
        else:
            run.outcome = Outcome.SUCCESS
            run.summary, run.counts = result.summary, result.counts
            self.stdout.write(result.summary)
        finally:
            run.finished_at = timezone.now()
            run.save(update_fields=["outcome", "summary", "counts", "finished_at"])
            locks.release(self.job, token)
            self._token = None

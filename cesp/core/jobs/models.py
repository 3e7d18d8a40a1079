"""Facts of the jobs part: one lock row per job name, one row per run."""

from __future__ import annotations

from django.db import models

from .enums import Outcome


class JobLock(models.Model):
    """The lock of a job: held while ``locked_until`` is in the future.

    Taken and released by conditional UPDATEs (``locks.acquire``), which are atomic on
    SQLite and PostgreSQL alike; a run that crashes leaves a lease that expires."""

    name = models.CharField("tâche", max_length=100, primary_key=True)
    holder = models.CharField("détenteur", max_length=64, blank=True)
    locked_until = models.DateTimeField("verrouillée jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "verrou de tâche"
        verbose_name_plural = "verrous de tâches"

    def __str__(self) -> str:
        return self.name


class JobRun(models.Model):
    """One run of a scheduled job, dry or not, with its outcome, counts and summary."""

    name = models.CharField("tâche", max_length=100)
    label = models.CharField("libellé", max_length=200, blank=True)
    started_at = models.DateTimeField("début")
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    dry_run = models.BooleanField("simulation", default=True)
    outcome = models.CharField(
        "résultat", max_length=20, choices=Outcome.choices, default=Outcome.RUNNING
    )
    counts = models.JSONField("décomptes", default=dict, blank=True)
    summary = models.TextField("résumé", blank=True)

    class Meta:
        verbose_name = "exécution de tâche"
        verbose_name_plural = "exécutions de tâches"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "-started_at"], name="jobrun_name_started")]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

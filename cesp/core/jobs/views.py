"""The jobs page: each job's last runs (national agents and administrators)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import JobRun
from .permissions import can_view_jobs

LAST_RUNS = 10


def runs(request: HttpRequest) -> HttpResponse:
    if not can_view_jobs(request.user):
        raise Http404
    names = sorted(set(JobRun.objects.values_list("name", flat=True)))
    jobs = []
    for name in names:
        last = list(JobRun.objects.filter(name=name)[:LAST_RUNS])
        jobs.append({"name": name, "label": last[0].label or name, "runs": last})
    jobs.sort(key=lambda job: job["label"])
    return render(request, "jobs/runs.html", {"jobs": jobs})

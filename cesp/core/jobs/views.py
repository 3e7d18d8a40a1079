"""The jobs page: each job's last runs (national agents and administrators)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cesp.core.audiences import is_national_or_admin

from .models import JobRun

LAST_RUNS = 10


def can_view_jobs(user) -> bool:
    return is_national_or_admin(user)


def runs(request: HttpRequest) -> HttpResponse:
    if not can_view_jobs(request.user):
        raise Http404
    names = sorted(set(JobRun.objects.values_list("name", flat=True)))
    jobs = [
        {"name": name, "runs": list(JobRun.objects.filter(name=name)[:LAST_RUNS])} for name in names
    ]
    return render(request, "jobs/runs.html", {"jobs": jobs})

"""Views of the UI kit: the commune suggestions of ``CommuneField`` (public reference data)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cesp.core import geography

from .forms import COMMUNE_MAX_LENGTH

MIN_QUERY = 2


@login_not_required  # the public lookup and the simulator use it; the data is public
@require_GET
def commune_suggestions(request: HttpRequest) -> HttpResponse:
    """``<li role="option">`` items for ``?q=`` (a name, a postal code or an INSEE code)."""
    query = request.GET.get("q", "")[:COMMUNE_MAX_LENGTH].replace("\x00", "")
    found = geography.search(query) if len(query.strip()) >= MIN_QUERY else []
    response = render(request, "ui/commune_suggestions.html", {"suggestions": found})
    response["Cache-Control"] = "public, max-age=3600"
    return response

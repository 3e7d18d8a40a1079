"""Territories pages: lookup, aids, maps, notifications, attestation.

Thin views: scope from ``permissions``, answers from ``services``/``lookup``/``aids``
(the rules), drawings from ``maps``. Management pages (zonings, places, project) are in
``views_manage.py``.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core import geography
from cesp.core.documents.models import Document
from cesp.core.documents.views import pdf_response
from cesp.core.notifications.permissions import own_messages
from cesp.rules.errors import SituationError

from . import maps, permissions, services
from .aids import aids_for
from .attestation import (
    ATTESTATION,
    SHIPPED_OUTLINES,
    archive_attestation,
    attestation_for,
    zones_of,
)
from .enums import ZoningProfession
from .forms import AidsForm, LookupForm, MapForm
from .lookup import ZONE_LABELS, counts_for_cesp
from .models import ZoneAssignment
from .notifications import KINDS


def _lookup_page(request: HttpRequest, public: bool) -> HttpResponse:
    form = LookupForm(request.GET or None)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = services.lookup(data["commune"], data["date"], data["profession"])
    context = {
        "form": form,
        "result": result.as_dict() if result else None,
        "public": public,
        "action": "/territoires/public/" if public else "/territoires/",
    }
    return render(request, "territories/index.html", context)


def index(request: HttpRequest) -> HttpResponse:
    """Zone of a commune on a date, with the explanation (GET form)."""
    return _lookup_page(request, public=False)


@login_not_required
def public_lookup(request: HttpRequest) -> HttpResponse:
    """The same lookup without an account: students check a commune before signing
    (seed 001: 42 % signed on outdated maps). Reads public data only."""
    return _lookup_page(request, public=True)


def aids(request: HttpRequest) -> HttpResponse:
    form = AidsForm(request.GET or None)
    answer = None
    if form.is_valid():
        data = form.cleaned_data
        guard = {"oui": True, "non": False}.get(data["guard_sector_zip"])
        answer = aids_for(
            data["commune"],
            data["date"],
            data["profession"],
            data["mode"],
            guard_sector_has_zip=guard,
        ).as_dict()
    return render(request, "territories/aids.html", {"form": form, "answer": answer})


def _zoning_for_map(request: HttpRequest, region: str):
    form = MapForm(request.GET or None)
    day, profession = timezone.localdate(), "medecine"
    if form.is_valid():
        day = form.cleaned_data["date"] or day
        profession = form.cleaned_data["profession"] or profession
    version = services.current_index().version_in_force(region, profession, day)
    zones = {}
    if version is not None:
        zones = dict(
            ZoneAssignment.objects.filter(version_id=version.id).values_list("commune_code", "zone")
        )
    return form, day, profession, version, zones


def _zoning_svg(region: str, day, profession: str, version, zones) -> str:
    region_label = geography.region_name(region) or region
    if version is None:
        subtitle = f"Aucun zonage {profession} enregistré au {day:%d/%m/%Y}"
    else:
        subtitle = f"Zonage en vigueur au {day:%d/%m/%Y} : {version.describe()}"
    title = f"Zonage {ZoningProfession(profession).label.lower()} — {region_label}"
    return maps.zoning_map(region, zones, title, subtitle, labels=ZONE_LABELS)


def eligible_share_by_department(day, profession: str) -> dict[str, float]:
    """Per department, the share (%) of classified communes whose class counts for the
    CESP on ``day`` (R21 via ``cesp.rules.zones``); departments without zoning are absent."""
    index = services.current_index()
    totals: Counter = Counter()
    eligible: Counter = Counter()
    for commune in geography.all_communes():
        zone = index.zone_of(commune.code, profession, day)
        if zone is None:
            continue
        try:
            counts = counts_for_cesp(zone, profession, day)[0]
        except SituationError:  # no CESP classes at that date (R21): leave it out
            continue
        totals[commune.department] += 1
        eligible[commune.department] += counts
    return {dep: round(100 * eligible[dep] / n, 1) for dep, n in totals.items()}


def zoning_map_page(request: HttpRequest) -> HttpResponse:
    """Interactive page: the SVG inline, hover shows the commune, click details it; below,
    the national picture by department."""
    region = "76"
    form, day, profession, version, zones = _zoning_for_map(request, region)
    svg = _zoning_svg(region, day, profession, version, zones)
    national = maps.departments_map(
        eligible_share_by_department(day, profession),
        "Part des communes où l'exercice compte pour le CESP "
        f"({ZoningProfession(profession).label.lower()})",
        f"Zonages enregistrés en vigueur au {day:%d/%m/%Y} ; blanc : aucun zonage",
        "%",
    )
    context = {
        "form": form,
        "svg": svg,
        "version": version.as_dict() if version else None,
        "day": day,
        "profession": profession,
        "query": request.GET.urlencode(),
        "national": national,
    }
    return render(request, "territories/map.html", context)


def zoning_map_svg(request: HttpRequest) -> HttpResponse:
    _form, day, profession, version, zones = _zoning_for_map(request, "76")
    return HttpResponse(
        _zoning_svg("76", day, profession, version, zones),
        content_type="image/svg+xml; charset=utf-8",
    )


def installation_counts(user) -> Counter:
    """Current place (latest effective installation or change of place) of each contract
    the user may see, by commune (``contracts.figures.current_places``)."""
    places = figures.current_places(Contract.objects.visible_to(user))
    return Counter(place.commune_code for place in places.values())


def installations_map_page(request: HttpRequest) -> HttpResponse:
    counts = installation_counts(request.user)
    region_counts = {
        c: n
        for c, n in counts.items()
        if (commune := geography.commune(c)) and commune.region == "76"
    }
    by_department: Counter = Counter()
    for code, n in counts.items():
        commune = geography.commune(code)
        if commune:
            by_department[commune.department] += n
    day = timezone.localdate()
    version = services.current_index().version_in_force("76", "medecine", day)
    zones = {}
    if version is not None:
        zones = dict(
            ZoneAssignment.objects.filter(version_id=version.id).values_list("commune_code", "zone")
        )
    svg = maps.installations_map(
        "76",
        region_counts,
        zones,
        title="Installations des signataires — Occitanie",
        subtitle=f"Lieu d'exercice actuel des contrats visibles, au {day:%d/%m/%Y}",
    )
    national = maps.departments_map(
        dict(by_department),
        "Installations des signataires par département",
        f"Contrats visibles, au {day:%d/%m/%Y}",
        "signataires",
    )
    return render(
        request,
        "territories/installations.html",
        {
            "svg": svg,
            "national": national,
            "total": sum(counts.values()),
        },
    )


def notifications(request: HttpRequest) -> HttpResponse:
    """The user's territories messages (kernel outbox; all messages: /notifications/)."""
    items = own_messages(request.user).filter(kind__in=[k.code for k in KINDS])[:200]
    return render(request, "territories/notifications.html", {"items": items})


def attestation(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.visible_to(request.user), pk=contract_id)
    if not permissions.can_view_contract_territory(request.user, contract):
        raise Http404
    if request.GET.get("format") == "pdf":
        return pdf_response(archive_attestation(contract, request.user, timezone.localdate()))
    document = attestation_for(contract, timezone.localdate())
    zones = zones_of(document)
    svg = ""
    if document.version is not None and document.region in SHIPPED_OUTLINES:
        svg = maps.zoning_map(
            document.region,
            zones,
            "Zonage en vigueur à la signature",
            document.version.describe(),
            labels=ZONE_LABELS,
        )
    return render(
        request,
        "territories/attestation.html",
        {
            "contract": contract,
            "document": document,
            "lines": document.lines(),
            "svg": svg,
            "archived": Document.objects.about(contract).filter(kind=ATTESTATION.code)[:20],
        },
    )

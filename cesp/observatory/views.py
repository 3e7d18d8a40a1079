"""Observatory dashboard: the cohort analysis on the platform's contracts (DSFR).

Thin: scope from ``permissions``, figures from ``services`` (which call the analysis and
the rules), drawing from ``figures``/``maps``. Out of scope → 404.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from cesp.observatory import (  # render_pdf imports matplotlib only when a PDF is made
    figures,
    maps,
    permissions,
    render_html,
    render_pdf,
    services,
    tables,
)
from cesp.observatory.forms import DashboardFilterForm
from cesp.observatory.live_view import cards
from cesp.observatory.platform import cohort_csv, month_precision
from cesp.rules.money import format_euros_fr


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, services.Filters]:
    """The filters asked for; the mode is the server's: ``?mode=internal`` from a user
    who may not use internal mode (a researcher) still gives publication mode."""
    user = request.user
    fixed = permissions.fixed_region(user)
    internal_allowed = permissions.can_use_internal_mode(user)
    default_mode = "internal" if internal_allowed else "publication"
    data = request.GET if request.GET else None
    form = DashboardFilterForm(
        data,
        fixed_region=fixed,
        internal_allowed=internal_allowed,
        initial={"region": fixed or "76", "mode": default_mode},
    )
    values = {"region": fixed or "76", "profession": "medecine", "mode": default_mode}
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        values.update({k: v for k, v in cleaned.items() if v not in (None, "") or k == "region"})
    filters = services.Filters(
        region=fixed or values["region"] or None,
        profession=values["profession"],
        campaign_from=values.get("campaign_from"),
        campaign_to=values.get("campaign_to"),
        publication=permissions.publication_mode(user, values["mode"] == "publication"),
    )
    return form, filters


def _allowed(request: HttpRequest) -> None:
    if not permissions.can_view_observatory(request.user):
        raise Http404("Page introuvable.")


def dashboard(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form, filters = _filters(request)
    report, _ = services.report_for(request.user, filters)
    svg = {
        "flow": figures.flow_diagram(report["flow"]),
        "signatures": figures.signatures_chart(report["population"]["signatures_per_year"]),
        "phases": figures.phases_chart(report["phases"]),
        "delays": figures.delays_chart(report["delays_months"]),
        "density": figures.density_chart(report["installations"]),
        "km": figures.step_curve(
            report["time_to_installation"]["curve"], "Part installée depuis le diplôme"
        ),
        "map": maps.installations_map(report),
        "national_map": maps.installations_map(report, national=True),
    }
    context = {
        "form": form,
        "report": report,
        "svg": {
            name: mark_safe(value) for name, value in svg.items()
        },  # SVG built with escaped text
        "tables": tables.report_tables(report),
        "live": cards(report),
        "query": request.GET.urlencode(),
        "can_extract": permissions.can_download_extract(request.user),
        "researcher": permissions.is_researcher(request.user),
        "quality": report["data_quality"],  # masked in publication mode
        "cost_all": _euros(report["cost"]["cost_all"]),
    }
    return render(request, "observatory/dashboard.html", context)


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Tables as CSV (one, ``?table=slug``) or XLSX (all), the JSON report, or the
    pseudonymised extract (month-precision dates) for researchers and national agents."""
    _allowed(request)
    _, filters = _filters(request)
    report, cohort = services.report_for(request.user, filters)
    if fmt == "json":
        body = json.dumps(report, ensure_ascii=False, indent=2)
        return _download(body.encode(), "application/json", "observatoire.json")
    if fmt == "html":
        body = render_html.render_html(report).encode()
        return _download(body, "text/html; charset=utf-8", "observatoire.html")
    if fmt == "pdf":
        buffer = io.BytesIO()
        render_pdf.render_pdf(report, buffer)
        return _download(buffer.getvalue(), "application/pdf", "observatoire.pdf")
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(
            tables.xlsx_bytes(tables.report_tables(report)), content_type, "observatoire.xlsx"
        )
    if fmt == "csv":
        wanted = request.GET.get("table", "flux")
        found = [t for t in tables.report_tables(report) if t.slug == wanted]
        if not found:
            raise Http404("Tableau inconnu.")
        return _download(found[0].csv_text().encode(), "text/csv; charset=utf-8", f"{wanted}.csv")
    if fmt == "extract":
        if not permissions.can_download_extract(request.user):
            raise Http404("Page introuvable.")
        rows = [month_precision(row) for row in cohort.rows]
        return _download(
            cohort_csv(rows).encode(), "text/csv; charset=utf-8", "cohorte-pseudonymisee.csv"
        )
    raise Http404("Format inconnu.")


def _euros(amount: str | None) -> str:
    return "masqué" if amount is None else format_euros_fr(Decimal(amount))


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

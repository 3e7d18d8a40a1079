"""Payments pages for people: the signatory's allocations and documents, the delays.
The national pages (runs, files, returns) are in ``views_runs.py``.

Thin views: scope from ``Contract.objects.visible_to`` and ``readers`` (out of scope:
404), months from ``history``, documents from ``documents``, delays from ``delays``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cesp.contracts.models import Contract
from cesp.contracts.permissions import can_view_payments
from cesp.core.documents.models import Document
from cesp.core.documents.views import pdf_response
from cesp.rules.months import Month

from . import delays, documents, permissions, readers
from .history import History, history

#: Years an attestation may be asked for (a path outside answers 404).
FIRST_YEAR, LAST_YEAR = 2010, 2100
DOCUMENT_KINDS = (documents.STATEMENT.code, documents.ATTESTATION.code, documents.CERTIFICATE.code)


def index(request: HttpRequest) -> HttpResponse:
    """The payments entry: a signatory's allocations, the payer's runs, an ARS's delays."""
    user = request.user
    if readers.can_view_own_allocations(user):
        return redirect("payments:mine")
    if permissions.can_view_runs(user):
        return redirect("payments:runs")
    if readers.can_view_delays(user):
        return redirect("payments:delays")
    raise Http404


def _payments_contract(request: HttpRequest, contract_id: int) -> Contract:
    contract = get_object_or_404(Contract.objects.visible_to(request.user), pk=contract_id)
    if not can_view_payments(request.user, contract):
        raise Http404
    return contract


def _with_archive(item: History) -> History:
    """The documents already generated about the contract (its « pourquoi » for a bank)."""
    item.archived = list(Document.objects.about(item.contract).filter(kind__in=DOCUMENT_KINDS)[:10])
    return item


def mine(request: HttpRequest) -> HttpResponse:
    """« Mes allocations »: each of the signatory's contracts, month by month."""
    if not readers.can_view_own_allocations(request.user):
        raise Http404
    today = timezone.localdate()
    contracts = list(
        Contract.objects.visible_to(request.user)
        .filter(signatory=request.user)
        .with_facts(rules_only=True)
        .order_by("signature_date", "pk")
    )
    return render(
        request,
        "payments/mine.html",
        {
            "histories": [_with_archive(history(c, today)) for c in contracts],
            "today": today,
        },
    )


def contract_payments(request: HttpRequest, contract_id: int) -> HttpResponse:
    """One contract's months (the signatory, or the payer answering a question)."""
    contract = _payments_contract(request, contract_id)
    today = timezone.localdate()
    item = _with_archive(history(contract, today))
    delay = delays.contract_delay(contract, today, lines=item.lines, situation=item.situation)
    return render(
        request,
        "payments/contract.html",
        {"item": item, "today": today, "delay": delay},
    )


def _month(text: str) -> Month:
    try:
        month = Month.parse(text)
    except ValueError:
        raise Http404 from None
    if len(text) != 7 or not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise Http404
    return month


def statement(request: HttpRequest, contract_id: int, month: str) -> HttpResponse:
    contract = _payments_contract(request, contract_id)
    period = _month(month)
    today = timezone.localdate()
    if request.GET.get("format") == "pdf":
        return pdf_response(documents.archive_statement(contract, period, request.user, today))
    doc = documents.statement_for(contract, period, today)
    return render(request, "payments/amounts.html", {"doc": doc, "pdf": "?format=pdf"})


def attestation(request: HttpRequest, contract_id: int, year: int) -> HttpResponse:
    contract = _payments_contract(request, contract_id)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    today = timezone.localdate()
    if request.GET.get("format") == "pdf":
        return pdf_response(documents.archive_attestation(contract, year, request.user, today))
    doc = documents.attestation_for(contract, year, today)
    return render(request, "payments/amounts.html", {"doc": doc, "pdf": "?format=pdf"})


def certificate(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _payments_contract(request, contract_id)
    today = timezone.localdate()
    if request.GET.get("format") == "pdf":
        return pdf_response(documents.archive_certificate(contract, request.user, today))
    return render(
        request,
        "payments/certificate.html",
        {"certificate": documents.certificate_for(contract, today)},
    )


def delays_page(request: HttpRequest) -> HttpResponse:
    """Delays of the first payment: every region for the payer, its own for an ARS."""
    region = readers.delays_region(request.user)
    if region is None:
        raise Http404
    today = timezone.localdate()
    if region:
        indicator = delays.regional_delay_indicator(region, today)
        regions = []
    else:
        indicator, regions = delays.national_and_regional_indicators(today)
    return render(
        request,
        "payments/delays.html",
        {"indicator": indicator, "regions": regions, "national": not region, "today": today},
    )

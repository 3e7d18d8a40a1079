"""Pages of the requests app: the signatory's « Mes demandes », filing with the bounds of
the rules shown first, the bodies' queues, a request's page and its steps. Anything out
of the user's scope answers 404."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cesp.accounts.enums import Role
from cesp.contracts.models import Contract
from cesp.core.workflow.engine import TransitionRefused

from . import checks, circuits, permissions, services
from .enums import OPEN_STATES, Body, Kind, ProofKind
from .forms import DecisionForm, FilingForm, KindForm, OpinionForm
from .models import Request
from .workflow import REQUESTS


def _own_contracts(user):
    return Contract.objects.visible_to(user).filter(signatory_id=user.pk).order_by("reference")


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    contracts = list(_own_contracts(user)) if getattr(user, "role", "") == Role.STUDENT else []
    if contracts:
        rows = [
            {"contract": contract, "requests": services.requests_of(contract)}
            for contract in contracts
        ]
        return render(request, "requests/mine.html", {"rows": rows, "kinds": Kind.choices})
    if services.has_queue(user):
        return render(
            request,
            "requests/queue.html",
            {
                "items": services.queue_for(user),
                "year": timezone.localdate().year,
                "can_export": services.can_export_wishes(user),
            },
        )
    raise Http404


def new(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = get_object_or_404(_own_contracts(request.user), pk=contract_id)
    if not permissions.can_file(request.user, contract):
        raise Http404
    kind = request.POST.get("nature") or request.GET.get("nature") or ""
    if kind not in Kind.values:
        return render(
            request,
            "requests/new.html",
            {"contract": contract, "kind_form": KindForm(), "form": None, "verdict": None},
        )
    verdict = services.bounds_for(contract, kind)
    standing = checks.standing_reasons(contract, kind, timezone.localdate())
    form = FilingForm(kind=kind)
    refused: list[str] = []
    if request.method == "POST":
        form = FilingForm(request.POST, request.FILES, kind=kind)
        if form.is_valid():
            data = dict(form.cleaned_data)
            proofs = [
                (proof_kind, data.pop(field))
                for field, proof_kind in (
                    ("proof", ProofKind.SUPPORTING),
                    ("agreement", ProofKind.AGREEMENT),
                )
                if data.get(field)
            ]
            try:
                filed = services.file_request(request.user, contract, kind, data, proofs)
            except TransitionRefused as refusal:
                refused = refusal.reasons
            else:
                messages.success(
                    request, "Votre demande a été déposée : un accusé de réception vous est envoyé."
                )
                return redirect("requests:detail", filed.pk)
    return render(
        request,
        "requests/new.html",
        {
            "contract": contract,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "kind_form": KindForm(initial={"kind": kind}),
            "form": form,
            "verdict": verdict,
            "refused": refused,
            "standing": standing,
            "circuit": _circuit_text(kind, contract.followup_region, ""),
        },
    )


def _circuit_text(kind: str, region_from: str, region_to: str) -> dict[str, str]:
    labels = dict(Body.choices)
    return {
        "decider": labels[circuits.decider(kind, region_from, region_to or region_from)],
        "opinions": ", ".join(
            circuits.lower_first(labels[b])
            for b in circuits.opinions_needed(kind, region_from, region_to or region_from)
        ),
    }


def _visible(request: HttpRequest, pk: int) -> Request:
    return get_object_or_404(
        permissions.visible_to(request.user).with_related().prefetch_related("opinions", "proofs"),
        pk=pk,
    )


def detail(
    request: HttpRequest,
    pk: int,
    *,
    errors: list[str] | None = None,
    opinion_form=None,
    decision_form=None,
) -> HttpResponse:
    item = _visible(request, pk)
    abilities = permissions.abilities(request.user, item)
    deadline, deadline_label = services.deadline_of(item)
    if item.state not in OPEN_STATES:
        deadline, deadline_label = None, ""
    return render(
        request,
        "requests/detail.html",
        {
            "item": item,
            "abilities": abilities,
            "history": REQUESTS.history(item),
            "opinions": item.opinions.all(),
            "proofs": item.proofs.all(),
            "circuit": _circuit_text(item.kind, item.region_from, item.region_to),
            "opinion_form": opinion_form or OpinionForm(),
            "decision_form": decision_form or DecisionForm(),
            "errors": errors or [],
            "deadline": deadline,
            "deadline_label": deadline_label,
            "outcome_granted": services.outcome_label(item.kind, True),
        },
    )


@require_POST
def opinion(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible(request, pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, opinion_form=form)
    try:
        services.give_opinion(
            request.user, item, form.cleaned_data["favourable"], form.cleaned_data["reasons"]
        )
    except TransitionRefused as refusal:
        return detail(request, pk, errors=refusal.reasons, opinion_form=form)
    messages.success(request, "Votre avis est enregistré.")
    return redirect("requests:detail", pk)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, decision_form=form)
    try:
        services.decide(
            request.user, item, form.cleaned_data["granted"], form.cleaned_data["reasons"]
        )
    except TransitionRefused as refusal:
        return detail(request, pk, errors=refusal.reasons, decision_form=form)
    messages.success(request, "La décision est enregistrée et notifiée au signataire.")
    return redirect("requests:detail", pk)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible(request, pk)
    try:
        services.withdraw(request.user, item)
    except TransitionRefused as refusal:
        return detail(request, pk, errors=refusal.reasons)
    messages.success(request, "Votre demande est retirée.")
    return redirect("requests:detail", pk)


def proof(request: HttpRequest, pk: int, proof_id: int) -> HttpResponse:
    item = _visible(request, pk)
    found = get_object_or_404(item.proofs.all(), pk=proof_id)
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    response["Content-Disposition"] = (
        f'attachment; filename="justificatif-{found.pk}.{extension.get(found.content_type, "bin")}"'
    )
    response["Cache-Control"] = "no-store"
    return response


def wishes_export(request: HttpRequest) -> HttpResponse:
    """The consolidated list of sixth-year wishes for the ministry (CSV)."""
    user = request.user
    if not services.can_export_wishes(user):
        raise Http404
    try:
        year = int(request.GET.get("annee") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(services.WISH_COLUMNS)
    writer.writerows(services.wish_rows(user, year))
    response = HttpResponse(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="voeux-6e-annee-{year}.csv"'
    return response

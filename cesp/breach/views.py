"""Breach pages: the list of cases (by scope), a case with the steps the user may take,
the opening forms (letter, ARS report), the export. Thin: scope from ``permissions``,
writes through ``services``/``collection``; out of scope answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cesp.contracts.models import Contract
from cesp.core.documents.models import Document
from cesp.core.workflow.engine import TransitionRefused
from cesp.rules.errors import SituationError

from . import collection, deadlines, exports, forms, permissions, schedule, services, statement
from .enums import CaseState, Creditor
from .models import BreachCase, Dispatch
from .workflow import BREACH, OPENINGS


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404("Page introuvable.")


def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(services.opens_menu(user))  # a signatory without a case has nothing here
    cases = (
        BreachCase.objects.visible_to(user)
        .exclude(state=CaseState.DRAFT)
        .select_related("contract", "contract__signatory")
        .prefetch_related("dispatches", "statements", "repayments", "plan__items")
    )
    state = request.GET.get("etat", "")
    if state in CaseState.values:
        cases = cases.filter(state=state)
    contract = request.GET.get("contrat", "")
    if contract.isdigit():
        cases = cases.filter(contract_id=int(contract))
    today = services.today()
    rows = [{"case": case, "next": deadlines.next_deadline(case, today)} for case in cases]
    return render(
        request,
        "breach/list.html",
        {
            "rows": rows,
            "states": [(v, label) for v, label in CaseState.choices if v != CaseState.DRAFT],
            "state": state,
            "today": today,
            "can_open": permissions.can_open_by_letter(user),
            "can_report": permissions.can_report(user),
            "can_export": permissions.can_export(user),
            "creditors": Creditor.choices,
        },
    )


def _contract_for(user, reference: str, region_bound: bool) -> Contract | None:
    contract = Contract.objects.visible_to(user).filter(reference=reference.strip()).first()
    if contract is None:
        return None
    if region_bound and not permissions.can_report(user, contract):
        return None
    return contract


def open_letter(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_open_by_letter(request.user))
    form = forms.LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contract = _contract_for(request.user, data["contract"], False)
        if contract is None:
            form.add_error("contract", f"Aucun contrat de référence « {data['contract']} ».")
        else:
            try:
                case = services.open_by_letter(
                    request.user,
                    contract,
                    received_on=data["received_on"],
                    sent_on=data["sent_on"],
                    proof=data["proof"],
                    facts=data["facts"],
                )
            except TransitionRefused as refused:
                for reason in refused.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, "Dossier de rupture ouvert ; accusé de réception établi.")
                return redirect("breach:case", pk=case.pk)
    return render(
        request, "breach/open.html", {"form": form, "title": "Enregistrer une lettre de rupture"}
    )


def report(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_report(request.user))
    initial = {"reported_on": services.today(), "contract": request.GET.get("contrat", "")}
    form = forms.ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contract = _contract_for(request.user, data["contract"], True)
        if contract is None:
            form.add_error(
                "contract",
                f"Aucun contrat de référence « {data['contract']} » suivi dans votre région.",
            )
        else:
            try:
                case = services.report(
                    request.user,
                    contract,
                    ground=data["ground"],
                    facts=data["facts"],
                    reported_on=data["reported_on"],
                )
            except TransitionRefused as refused:
                for reason in refused.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, "Signalement transmis au gestionnaire national.")
                return redirect("breach:case", pk=case.pk)
    return render(request, "breach/open.html", {"form": form, "title": "Signaler un manquement"})


# --- the case page ---------------------------------------------------------------------


def _step_form(name: str, case: BreachCase, user, data: Any = None) -> Any:
    """The form of step ``name`` for this user (the signatory writes only a text)."""
    signatory = permissions.files_in_person(user, case)
    today = services.today()
    if name in ("record_observations", "file_appeal") and signatory:
        return forms.SignatoryTextForm(data, prefix=name)
    form_class = {
        "send_notice": forms.DispatchForm,
        "record_observations": forms.ObservationForm,
        "decide": forms.DecisionForm,
        "dismiss": forms.ReasonForm,
        "notify": forms.NotifyForm,
        "file_appeal": forms.AppealForm,
        "answer_appeal": forms.AnswerForm,
        "grant_plan": forms.PlanForm,
        "declare_default": forms.ReasonForm,
    }.get(name, forms.EmptyForm)
    initial = {"sent_on": today, "decided_on": today, "received_on": today}
    return form_class(data, initial=initial, prefix=name)


def _steps(case: BreachCase, user, bound: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    bound = bound or {}
    out = []
    for transition in BREACH.available(case, user):
        if transition.name in OPENINGS:
            continue
        form = bound.get(transition.name) or _step_form(transition.name, case, user)
        out.append({"name": transition.name, "label": transition.label, "form": form})
    if case.state == CaseState.OBSERVATIONS and (
        permissions.can_manage(user) or permissions.is_signatory(user, case)
    ):
        form = bound.get("record_observations") or _step_form("record_observations", case, user)
        out.insert(
            0, {"name": "record_observations", "label": "Ajouter des observations", "form": form}
        )
    return out


def _page(request: HttpRequest, case: BreachCase, bound=None, status: int = 200) -> HttpResponse:
    user = request.user
    today = services.today()
    current = case.statement()
    estimate = None
    if current is None and case.state not in (CaseState.DISMISSED, CaseState.DRAFT):
        try:
            estimate = statement.estimate(case.contract, case.letter_received_on or today)
        except SituationError:
            estimate = None
    repaid = schedule.repaid(case)
    manage = permissions.can_manage(user, case)
    context = {
        "case": case,
        "abilities": permissions.abilities(user, case),
        "steps": _steps(case, user, bound),
        "deadlines": deadlines.deadlines(case, today),
        "dispatches": list(case.dispatches.select_related("document")),
        "receipt_form": forms.ReceiptForm(initial={"received_on": today}) if manage else None,
        "observations": list(case.observations.all()),
        "statement": current,
        "estimate": estimate,
        "appeals": list(case.appeals.all()),
        "instalments": schedule.rows(case, today),
        "repayments": list(case.repayments.all()),
        "repaid": repaid,
        "balance": (current.total - repaid) if current else None,
        "repayment_form": (
            forms.RepaymentForm(initial={"received_on": today})
            if manage and case.state in collection.REPAYING
            else None
        ),
        "documents": list(Document.objects.about(case).order_by("created_at", "pk")),
        "history": list(BREACH.history(case)),
        "today": today,
    }
    return render(request, "breach/case.html", context, status=status)


def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, services.get_visible_case(request.user, pk))


def _run(name: str, case: BreachCase, user, form: Any) -> None:
    """Call the use case of step ``name`` with the valid form's data."""
    data = form.cleaned_data
    if name == "send_notice":
        services.send_notice(user, case, sent_on=data["sent_on"], number=data["number"])
    elif name == "record_observations":
        services.add_observations(
            user,
            case,
            text=data["text"],
            received_on=data.get("received_on"),
            channel=data.get("channel") or "online",
        )
    elif name == "decide":
        services.decide(user, case, decided_on=data["decided_on"], reason=data["reason"])
    elif name == "dismiss":
        services.dismiss(user, case, reason=data["reason"])
    elif name == "notify":
        collection.notify_sums(
            user, case, sent_on=data["sent_on"], number=data["number"], due_on=data["due_on"]
        )
    elif name == "file_appeal":
        collection.file_appeal(
            user,
            case,
            text=data["text"],
            received_on=data.get("received_on"),
            channel=data.get("channel") or "online",
            proof=data.get("proof") or "",
        )
    elif name == "answer_appeal":
        collection.answer_appeal(user, case, outcome=data["outcome"], answer=data["answer"])
    elif name == "grant_plan":
        collection.grant_plan(user, case, instalments=data["instalments"])
    elif name == "declare_default":
        collection.declare_default(user, case, reason=data["reason"])
    elif name == "settle":
        collection.settle(user, case)
    else:
        raise Http404("Étape inconnue.")


@require_POST
def take_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = services.get_visible_case(request.user, pk)
    known = {s["name"] for s in _steps(case, request.user)}
    if name not in known:
        messages.error(request, "Cette étape n'est pas possible pour vous à ce stade du dossier.")
        return redirect("breach:case", pk=case.pk)
    form = _step_form(name, case, request.user, request.POST)
    if form.is_valid():
        try:
            _run(name, case, request.user, form)
        except TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, "Étape enregistrée.")
            return redirect("breach:case", pk=case.pk)
    case = services.get_visible_case(request.user, pk)
    return _page(request, case, bound={name: form}, status=400)


@require_POST
def receipt(request: HttpRequest, pk: int, dispatch: int) -> HttpResponse:
    case = services.get_visible_case(request.user, pk)
    _require(permissions.can_manage(request.user, case))
    sent = Dispatch.objects.filter(pk=dispatch, case=case).first()
    _require(sent is not None)
    form = forms.ReceiptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Date de réception invalide (JJ/MM/AAAA).")
    else:
        try:
            services.record_receipt(request.user, sent, form.cleaned_data["received_on"])
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, f"{sent.get_kind_display()} : {text}")
        else:
            messages.success(request, f"Réception de « {sent.get_kind_display()} » enregistrée.")
    return redirect("breach:case", pk=case.pk)


@require_POST
def repayment(request: HttpRequest, pk: int) -> HttpResponse:
    case = services.get_visible_case(request.user, pk)
    _require(permissions.can_manage(request.user, case))
    form = forms.RepaymentForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else "Remboursement"
            for text in errors:
                messages.error(request, f"{label} : {text}")
    else:
        data = form.cleaned_data
        try:
            collection.record_repayment(
                request.user,
                case,
                received_on=data["received_on"],
                amount=data["amount"],
                reference=data["reference"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, f"Remboursement : {text}")
        else:
            messages.success(request, "Remboursement enregistré.")
    return redirect("breach:case", pk=case.pk)


def export_csv(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_export(request.user))
    creditor = request.GET.get("creancier", "")
    if creditor and creditor not in Creditor.values:
        creditor = ""
    cases = exports.exported_cases(BreachCase.objects.visible_to(request.user))
    body = exports.to_csv(cases, services.today(), creditor)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"ruptures-{creditor or 'tous'}-{services.today():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

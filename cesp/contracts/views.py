"""Contract pages: list (filters, search, export), contract page, history, events.

Thin views: scope from ``permissions``, writes through ``services``, figures from
``figures`` (the rules engine, one memoised evaluation per page). Nothing here
computes a figure.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from cesp.accounts.enums import Role
from cesp.accounts.permissions import can_manage_users
from cesp.core.audit.models import AuditEntry
from cesp.core.geography import region_name
from cesp.core.ui.explain import normalise, steps_for
from cesp.rules.errors import SituationError
from cesp.rules.vocabulary import status_label, statuses_in_phase

from . import figures, permissions, projection, services
from .enums import EventType
from .exports import COLUMNS, to_csv, to_xlsx
from .figures import Row, effective_events
from .forms import ContractFilterForm, EventForm, ExportForm
from .models import Contract

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


def _filtered(user, form: ContractFilterForm) -> QuerySet[Contract]:
    """The contracts in ``user``'s scope matching the filters stored as facts."""
    contracts = Contract.objects.visible_to(user).select_related("ufr", "signatory")
    if not form.is_valid():
        return contracts.order_by("-campaign_year", "reference")
    data = form.cleaned_data
    contracts = permissions.narrow_list(user, data.get("suivi", ""), contracts)
    if data["q"]:
        contracts = contracts.search(data["q"])
    contracts = contracts.matching(
        profession=data["profession"],
        category=data["category"],
        campaign_year=data["campaign_year"],
        ufr=data["ufr"],
        region=data["region"],
    )
    return contracts.order_by("-campaign_year", "reference")


def _wanted_statuses(form: ContractFilterForm) -> set[str] | None:
    """Statuses asked for (status and phase are computed by the rules), or None."""
    if not form.is_valid():
        return None
    wanted: set[str] | None = None
    if form.cleaned_data["status"]:
        wanted = {form.cleaned_data["status"]}
    if form.cleaned_data["phase"]:
        phase = set(statuses_in_phase(form.cleaned_data["phase"]))
        wanted = phase if wanted is None else wanted & phase
    return wanted


#: What a list row reads: the contract facts the rules need and the columns shown.
ROW_CONTRACT_FIELDS = (
    "id",
    "reference",
    "profession",
    "category",
    "campaign_year",
    "signature_date",
    "regime_override",
    "followup_region",
    "specialty",
    "ufr__name",
    "signatory_last_name",
    "signatory_first_name",
    "signatory__username",
    "signatory__first_name",
    "signatory__last_name",
)


def _page_rows(ids: list[int], today: dt.date) -> list[Row]:
    """The rows of one page: only the displayed contracts are loaded (needed columns
    only) and evaluated by the rules, summary path (no explanation tree), memoised per
    situation (``figures``)."""
    contracts = (
        Contract.objects.select_related("ufr", "signatory")
        .only(*ROW_CONTRACT_FIELDS)
        .filter(pk__in=ids)
    )
    by_id = {c.pk: c for c in contracts}
    return figures.rows_of([by_id[i] for i in ids if i in by_id], today)


def filtered_rows(user, form: ContractFilterForm, today: dt.date) -> QuerySet[Contract] | list[int]:
    """The contracts matching every filter, as a queryset: only the displayed page (or
    the export) is evaluated. Status and phase are computed by the rules: with either
    filter, the ordered ids of the matching contracts, read from the status projection
    where it is fresh, else evaluated (``projection.matching``)."""
    contracts = _filtered(user, form)
    wanted = _wanted_statuses(form)
    if wanted is None:
        return contracts
    return projection.matching(contracts, wanted, today)


def contract_list(request: HttpRequest) -> HttpResponse:
    """The contracts in the user's scope, filtered, searched and paginated."""
    user = request.user
    if not permissions.can_list_contracts(user):
        raise Http404("Pas de liste de contrats pour ce rôle.")
    if user.role == Role.STUDENT and not request.GET:
        own = list(Contract.objects.visible_to(user).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            return redirect("contracts:detail", pk=own[0])
    form = ContractFilterForm(request.GET or None, user=user)
    today = timezone.localdate()  # one day for the filters and the rows
    matching = filtered_rows(user, form, today)
    if isinstance(matching, QuerySet):  # only the page's ids, then its rows
        matching = matching.values_list("pk", flat=True)
    page = Paginator(matching, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _page_rows(list(page.object_list), today)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [_row_view(row) for row in rows],
        "query": query.urlencode(),
        "can_export": permissions.can_export(user),
        "export_form": ExportForm(),
    }
    template = "contracts/_results.html" if request.htmx else "contracts/list.html"
    return render(request, template, context)


def _row_view(row: Row) -> dict:
    contract = row.contract
    result = row.result or {}
    return {
        "contract": contract,
        "region": region_name(contract.followup_region) or contract.followup_region,
        "status": status_label(row.status),
        "error": row.error,
        "months": (result.get("allocation") or {}).get("months", ""),
        # once the contract has ended nothing remains to serve (``figures.engagement_remaining``)
        "remaining": "" if not row.result else "—" if row.remaining is None else row.remaining,
    }


def contract_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV or XLSX, with the chosen columns (roles allowed only)."""
    if not permissions.can_export(request.user):
        raise Http404("Export non autorisé pour ce rôle.")
    filters = ContractFilterForm(request.GET, user=request.user)
    export = ExportForm(request.GET)
    if not export.is_valid():
        messages.error(
            request,
            "Export impossible : "
            + " ".join(
                f"{export.fields[f].label} : {' '.join(e)}" for f, e in export.errors.items()
            ),
        )
        return redirect("contracts:list")
    today = timezone.localdate()  # one day for the filters, the rows and the file's name
    matching = filtered_rows(request.user, filters, today)
    if not isinstance(matching, QuerySet):  # ids matching a status or phase
        matching = _filtered(request.user, filters).filter(pk__in=matching)
    rows = figures.rows(matching.with_facts(rules_only=True), today)
    columns = [c for c in export.cleaned_data["columns"] if c in COLUMNS]
    stamp = today.isoformat()
    if export.cleaned_data["format"] == "xlsx":
        response = HttpResponse(
            to_xlsx(rows, columns),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="contrats-{stamp}.xlsx"'
    else:
        response = HttpResponse(to_csv(rows, columns), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="contrats-{stamp}.csv"'
    return response


def _figures(contract: Contract, today) -> dict:
    """The engine's result for the contract today, and for a breach today."""
    context: dict = {"result": None, "breach_today": None, "engine_error": "", "text": ""}
    try:
        result = figures.figures(contract, today, explain=True)
        text = figures.explanation_text(contract, today)  # the same memoised evaluation
    except SituationError as exc:
        context["engine_error"] = str(exc)
        return context
    context.update(
        result=result,
        text=text,
        allocation_period=figures.allocation_period(result),
        remaining=figures.engagement_remaining(result),
        status_label=status_label(result["status"]),
        steps={
            "status": steps_for(result, "status", "regime"),
            "allocation": steps_for(result, "allocation"),
            "engagement": steps_for(result, "engagement"),
            "breach": steps_for(result, "breach"),
        },
    )
    if not result.get("breach"):
        try:
            data = figures.breach_today(contract, today)
        except SituationError as exc:
            context["breach_today_error"] = str(exc)
        else:
            if data is not None:
                context["breach_today"] = data["breach"]
                context["breach_today_steps"] = steps_for(data, "breach")
    return context


def _load(request: HttpRequest, pk: int) -> Contract:
    """The contract in the user's scope with its facts (one scoped query, not a scope
    check then a load); 404 otherwise, as ``services.get_visible_contract``."""
    contract = (
        Contract.objects.visible_to(request.user)
        .select_related("ufr", "signatory")
        .with_facts()
        .filter(pk=pk)
        .first()
    )
    if contract is None:
        raise Http404("Contrat introuvable.")
    return contract


def _timeline(contract: Contract, recordable: frozenset[str] = frozenset()) -> list[dict]:
    events = list(contract.events.all())
    in_force = {e.pk for e in effective_events(events)}
    corrected = {e.supersedes_id: e for e in events if e.supersedes_id}
    items = []
    for event in events:
        items.append(
            {
                "event": event,
                "in_force": event.pk in in_force or event.type == EventType.CANCELLATION,
                "corrected_by": corrected.get(event.pk),
                "correctable": event.pk in in_force
                and event.type in recordable
                and event.type != EventType.CANCELLATION,
            }
        )
    items.sort(key=lambda item: item["event"].when or item["event"].recorded_at.date())
    return items


def upcoming_deadlines(contract: Contract, today=None) -> list[dict]:
    """The regulatory deadlines still to come (``figures.deadline_items``), each with
    its "pourquoi ?" steps."""
    return [
        {**item, "steps": [normalise(item["step"])]}
        for item in figures.deadline_items(contract, today)
    ]


def simulator_query(contract: Contract) -> str:
    """The public simulator prefilled with the contract's recorded facts (a what-if
    starting point for the signatory: suspend, part-time, break…)."""
    query: dict[str, str] = {
        "profession": contract.profession,
        "category": contract.category,
        "campaign_year": str(contract.campaign_year),
        "signature_date": contract.signature_date.isoformat(),
    }
    for event in effective_events(contract.events.all()):
        if event.type == EventType.DES and event.date:
            query["des_date"] = event.date.isoformat()
        elif event.type == EventType.THESIS and event.date:
            query["thesis_date"] = event.date.isoformat()
        elif event.type == EventType.PRACTICE and event.start and "practice_start" not in query:
            query["practice_start"] = event.start.isoformat()
            if event.commune_code:
                query["commune"] = event.commune_code
    return urlencode(query)


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Facts, timeline of events and figures (each with its "pourquoi ?")."""
    contract = _load(request, pk)
    user = request.user
    today = timezone.localdate()
    deadlines = upcoming_deadlines(contract, today)
    context = {
        "deadlines": deadlines,
        "deadline": deadlines[0] if deadlines else None,
        "simulator_query": simulator_query(contract),
        "abilities": permissions.abilities(user, contract),
        "contract": contract,
        "region": region_name(contract.followup_region) or contract.followup_region,
        "timeline": _timeline(contract, permissions.recordable_event_types(user)),
        **_figures(contract, today),
    }
    return render(request, "contracts/detail.html", context)


def contract_explanation(request: HttpRequest, pk: int) -> HttpResponse:
    """The engine's full explanation of the contract's figures today, as a text file
    (to attach to a letter or keep with the file)."""
    contract = _load(request, pk)
    today = timezone.localdate()
    try:
        text = figures.explanation_text(contract, today)
    except SituationError as exc:
        text = f"Les chiffres ne peuvent pas être calculés : {exc}"
    header = f"Contrat {contract.reference} — explication au {today:%d/%m/%Y}\n\n"
    response = HttpResponse(header + text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="explication-{contract.reference}-{today.isoformat()}.txt"'
    )
    return response


def contract_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit log entries about this contract, newest first."""
    contract = services.get_visible_contract(request.user, pk)
    if not permissions.abilities(request.user, contract)["view_history"]:
        raise Http404("Contrat introuvable.")
    entries = AuditEntry.objects.filter(contract_id=contract.pk).select_related("actor")
    page = Paginator(entries.order_by("-id"), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"contract": contract, "page": page, "show_technical": can_manage_users(request.user)}
    return render(request, "contracts/history.html", context)


def event_types(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the type of event to record (only the types the role may record)."""
    contract = services.get_visible_contract(request.user, pk)
    allowed = permissions.recordable_event_types(request.user)
    if not permissions.abilities(request.user, contract)["record_event"]:
        raise Http404("Aucun événement ne peut être enregistré par ce rôle.")
    choices = [(value, label) for value, label in EventType.choices if value in allowed]
    return render(request, "contracts/event_types.html", {"contract": contract, "choices": choices})


def event_create(request: HttpRequest, pk: int, event_type: str) -> HttpResponse:
    """Record one event; the rules validate it (errors beside their field, in French)."""
    contract = services.get_visible_contract(request.user, pk)
    if event_type not in EventType.values:
        raise Http404("Type d'événement inconnu.")
    if not permissions.can_record_event(request.user, contract, event_type):
        raise Http404("Ce rôle ne peut pas enregistrer ce type d'événement.")
    cancellable = [
        e for e in effective_events(contract.events.all()) if e.type != EventType.CANCELLATION
    ]
    correcting = None
    target = request.POST.get("supersedes") or request.GET.get("corrige")
    if target and event_type != EventType.CANCELLATION:
        correcting = next(
            (e for e in cancellable if str(e.pk) == target and e.type == event_type), None
        )
        if correcting is None:
            raise Http404("Événement à corriger introuvable.")
    form = EventForm(
        request.POST if request.method == "POST" else None,
        event_type=event_type,
        cancellable=cancellable,
        correcting=correcting,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_event(request.user, contract, form.service_data())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"« {EventType(event_type).label} » enregistré ; les chiffres sont à jour."
            )
            return redirect("contracts:detail", pk=contract.pk)
    return render(
        request,
        "contracts/event_form.html",
        {
            "contract": contract,
            "form": form,
            "type_label": EventType(event_type).label,
            "correcting": correcting,
        },
    )


def _errors_to_form(form: EventForm, exc: ValidationError) -> None:
    """Put the service's errors beside their field (others above the form)."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in errors:
            if target is None and field != "__all__":
                message = f"{field} : {message}"
            form.add_error(target, message)

"""Pages of the follow-up: the referent's workload, a contract's follow-up, exchanges,
referent naming and handover, message threads. Thin: scope from ``permissions``, writes
through ``services``; anything out of scope answers 404."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cesp.accounts.permissions import ars_region, is_national
from cesp.contracts.models import Contract
from cesp.core import geography

from . import convocations, permissions, services, summary
from .enums import Channel, MeetingStatus
from .forms import (
    AssignForm,
    HandOverForm,
    MessageForm,
    PlanMeetingForm,
    RecordMeetingForm,
    ThreadForm,
)
from .models import Assignment, Meeting


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _contract(request: HttpRequest, pk: int) -> Contract:
    contract = get_object_or_404(
        Contract.objects.visible_to(request.user).select_related("signatory", "ufr"), pk=pk
    )
    if not permissions.can_view_followup(request.user, contract):
        raise Http404
    return contract


def _managed(request: HttpRequest, pk: int) -> Contract:
    contract = _contract(request, pk)
    if not permissions.can_manage_followup(request.user, contract):
        raise Http404
    return contract


def home(request: HttpRequest) -> HttpResponse:
    """/suivi/: the referent's workload; the signatory's follow-up; the manager's threads."""
    user = request.user
    if user.role == "student":
        contracts = Contract.objects.visible_to(user).order_by("-signature_date")
        if len(contracts) == 1:
            return redirect("followup:contract", pk=contracts[0].pk)
        return render(request, "followup/signatory_home.html", {"contracts": contracts})
    region = ars_region(user)
    if not region and not is_national(user):
        raise Http404
    today = timezone.localdate()
    load = summary.workload(user, today)
    context = {
        "today": today,
        "workload": load,
        "overdue": load.overdue,
        "upcoming": load.upcoming,
        "threads": summary.threads_of(user).order_by("-last_at")[:10],
        "can_hand_over": permissions.can_manage_referents(user),
        "unassigned": 0,
    }
    if region:
        context["unassigned"] = (
            permissions.followed_contracts(user)
            .exclude(referent_assignments__ended_at__isnull=True)
            .count()
        )
    return render(request, "followup/home.html", context)


def _communes(codes: list[str]) -> list[str]:
    names = []
    for code in codes:
        found = geography.commune(code)
        names.append(geography.label(found) if found else code)
    return names


def contract_followup(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    user = request.user
    today = timezone.localdate()
    manage = permissions.can_manage_followup(user, contract)
    unseen = summary.has_unseen_zoning_change(contract)
    if permissions.is_signatory_of(user, contract):
        services.mark_zoning_seen(contract, user)
    meetings = list(summary.meetings_of(contract))
    channels = permissions.channels_for(user, contract)
    context = {
        "contract": contract,
        "today": today,
        "schedule": summary.schedule_of(contract, today),
        "referent": summary.referent_of(contract),
        "meetings": [{"meeting": m, "communes": _communes(m.target_communes)} for m in meetings],
        "planned": [m for m in meetings if m.status == MeetingStatus.PLANNED],
        "threads": summary.threads_of(contract, user).order_by("-last_at"),
        "manage": manage,
        "unseen_zoning": unseen,
        "thread_form": ThreadForm(channels=channels) if channels else None,
        "plan_form": PlanMeetingForm() if manage else None,
        "record_form": RecordMeetingForm(initial={"held_on": today}) if manage else None,
        "assign_form": AssignForm(region=contract.followup_region) if manage else None,
        "convocations": convocations.of(contract),
        "can_convoke": manage and convocations.may_open(contract),
    }
    return render(request, "followup/contract.html", context)


@require_POST
def plan_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed(request, pk)
    form = PlanMeetingForm(request.POST)
    if form.is_valid():
        try:
            services.plan_meeting(
                contract,
                by=request.user,
                planned_on=form.cleaned_data["planned_on"],
                mode=form.cleaned_data["mode"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            flash.success(request, "L'échange est planifié ; le signataire en est informé.")
            return redirect("followup:contract", pk=contract.pk)
    return render(
        request, "followup/meeting_form.html", {"contract": contract, "form": form, "plan": True}
    )


def record_meeting(request: HttpRequest, pk: int, meeting_id: int | None = None) -> HttpResponse:
    contract = _managed(request, pk)
    meeting = None
    if meeting_id is not None:
        meeting = get_object_or_404(
            Meeting, pk=meeting_id, contract=contract, status=MeetingStatus.PLANNED
        )
    initial = {"held_on": meeting.planned_on, "mode": meeting.mode} if meeting else {}
    form = RecordMeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(
                contract,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                mode=form.cleaned_data["mode"],
                project_update=form.cleaned_data["project_update"],
                communes=form.communes(),
                meeting=meeting,
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            flash.success(request, "L'échange est enregistré.")
            return redirect("followup:contract", pk=contract.pk)
    return render(
        request,
        "followup/meeting_form.html",
        {"contract": contract, "form": form, "plan": False, "meeting": meeting},
    )


@require_POST
def cancel_meeting(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    contract = _managed(request, pk)
    meeting = get_object_or_404(Meeting, pk=meeting_id, contract=contract)
    try:
        services.cancel_meeting(meeting, by=request.user)
    except ValidationError as exc:
        flash.error(request, " ".join(exc.messages))
    return redirect("followup:contract", pk=contract.pk)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed(request, pk)
    form = AssignForm(request.POST, region=contract.followup_region)
    if form.is_valid():
        try:
            services.assign_referent(
                contract,
                form.cleaned_data["referent"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            flash.error(request, " ".join(exc.messages))
        else:
            flash.success(request, "Le référent est désigné ; le signataire en est informé.")
    else:
        flash.error(request, "Choisissez un référent de l'ARS de la région de suivi.")
    return redirect("followup:contract", pk=contract.pk)


def hand_over(request: HttpRequest) -> HttpResponse:
    """Bulk transfer of a leaving referent's signatories (ARS director)."""
    user = request.user
    region = ars_region(user)
    if not permissions.can_manage_referents(user) or not region:
        raise Http404
    form = HandOverForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.hand_over(
                form.cleaned_data["from_user"],
                form.cleaned_data["referent"],
                by=user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            flash.success(request, f"{count} signataire(s) confiés au nouveau référent.")
            return redirect("followup:home")
    counts = {
        row["referent"]: row["n"]
        for row in Assignment.objects.current()
        .filter(contract__followup_region=region)
        .values("referent")
        .annotate(n=Count("pk"))
    }
    referents = [
        {"user": u, "count": counts.get(u.pk, 0)} for u in form.fields["from_user"].queryset
    ]
    return render(request, "followup/handover.html", {"form": form, "referents": referents})


# --- threads ----------------------------------------------------------------------------


def threads(request: HttpRequest) -> HttpResponse:
    found = summary.threads_of(request.user).order_by("-last_at")[:200]
    return render(request, "followup/threads.html", {"threads": found})


@require_POST
def new_thread(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    channels = permissions.channels_for(request.user, contract)
    form = ThreadForm(request.POST, channels=channels)
    if form.is_valid():
        channel = form.cleaned_data["channel"]
        if channel == Channel.NATIONAL and not (
            permissions.is_signatory_of(request.user, contract) or is_national(request.user)
        ):
            raise Http404
        if channel == Channel.ARS and not (
            permissions.is_signatory_of(request.user, contract)
            or permissions.acts_for_ars(request.user, contract)
        ):
            raise Http404
        try:
            thread = services.start_thread(
                contract,
                by=request.user,
                channel=channel,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("followup:thread", pk=thread.pk)
    return render(request, "followup/thread_new.html", {"contract": contract, "form": form})


def thread(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        permissions.threads_visible_to(request.user).select_related("contract"), pk=pk
    )
    writable = permissions.can_write(request.user, found)
    form = MessageForm(request.POST or None) if writable else None
    if request.method == "POST":
        if not writable:
            raise Http404
        if form.is_valid():
            try:
                services.post_message(found, by=request.user, body=form.cleaned_data["body"])
            except ValidationError as exc:
                _errors(form, exc)
            else:
                form = MessageForm()
    context = {
        "thread": found,
        "contract": found.contract,
        "items": found.messages.select_related("author"),
        "form": form,
    }
    return render(request, "followup/thread.html", context)

"""The candidate's and the agents' pages of the selection (thin: services decide)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from cesp.accounts.enums import Role
from cesp.core.workflow.engine import TransitionRefused

from . import dossier_rules, permissions, pieces, progress, services
from .enums import DossierState, MilestoneKind
from .errors import Refused
from .forms import SECTIONS, DecisionForm, OpenCampaignForm, PieceForm, section_form
from .models import Campaign, Dossier, Milestone, Piece
from .workflow import DOSSIER

DECISIONS = {"shortlist", "not_shortlist", "rank", "not_rank"}


def visible_dossier(request: HttpRequest, dossier_id: int) -> Dossier:
    return get_object_or_404(
        Dossier.objects.visible_to(request.user).select_related("campaign", "campaign__ufr"),
        pk=dossier_id,
    )


def visible_campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("ufr"), pk=campaign_id
    )


def say_refusal(request: HttpRequest, error: Refused | TransitionRefused) -> None:
    for reason in error.reasons:
        messages.error(request, reason)


def index(request: HttpRequest) -> HttpResponse:
    """The candidate's applications, or the agent's week and campaigns."""
    user = request.user
    today = timezone.localdate()
    if user.role == Role.STUDENT:
        dossiers = Dossier.objects.filter(candidate=user).select_related(
            "campaign", "campaign__ufr"
        )
        mine = {d.campaign_id for d in dossiers}
        deadlines = dict(
            Milestone.objects.filter(
                kind=MilestoneKind.FILING_DEADLINE, date__gte=today
            ).values_list("campaign_id", "date")
        )
        open_campaigns = [
            c
            for c in Campaign.objects.filter(pk__in=deadlines).select_related("ufr")
            if c.pk not in mine
        ]
        return render(
            request,
            "selection/candidate_home.html",
            {
                "rows": [(d, progress.next_step(d)) for d in dossiers],
                "open_campaigns": [(c, deadlines[c.pk]) for c in open_campaigns],
            },
        )
    if permissions.campaign_scope(user) is None:
        raise Http404
    states = [s for s in DossierState if s != DossierState.DRAFT]
    return render(
        request,
        "selection/agent_home.html",
        {
            "due": progress.due_this_week(user, today),
            "campaigns": [
                (campaign, [counts.get(s.value, 0) for s in states])
                for campaign, counts in progress.campaign_counts(user)
            ],
            "states": states,
            "can_import_quotas": permissions.can_manage_quotas(user),
            "open_form": OpenCampaignForm(
                ufrs=permissions.ufrs_to_open(user),
                initial={"academic_year": today.year + (today.month >= 7)},
            )
            if permissions.ufrs_to_open(user).exists()
            else None,
        },
    )


@require_POST
def apply(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = visible_campaign(request, campaign_id)
    if request.user.role != Role.STUDENT:
        raise Http404
    dossier = services.start_dossier(campaign, request.user)
    return redirect("selection:dossier", dossier.pk)


def _dossier_context(request: HttpRequest, dossier: Dossier, **forms) -> dict:
    user = request.user
    today = timezone.localdate()
    can = permissions.abilities(user, dossier)
    present = {p.kind for p in dossier.pieces.all()}
    sessions = dossier.campaign.sessions.all()
    transitions = [t for t in DOSSIER.available(dossier, user) if t.name != "file"]
    return {
        "dossier": dossier,
        "can": can,
        "next": progress.next_step(dossier),
        "history": DOSSIER.history(dossier),
        "decisions": dossier.decisions.select_related("session"),
        "pieces": dossier.pieces.defer("content"),
        "required": [
            (pieces.PieceKind(k).label, k in present) for k in pieces.required_kinds(dossier)
        ],
        "eligibility": dossier_rules.eligibility_explained(dossier, today)
        if dossier.state == DossierState.DRAFT
        else [],
        "sections": [
            (key, title, forms.get(key) or section_form(key)(instance=dossier, prefix=key))
            for key, (title, _) in SECTIONS.items()
        ]
        if can["edit"]
        else [],
        "piece_form": forms.get("piece") or PieceForm(),
        "decision_transitions": [t for t in transitions if t.name in DECISIONS],
        "plain_transitions": [t for t in transitions if t.name not in DECISIONS],
        "decision_form": forms.get("decision") or DecisionForm(sessions=sessions),
        "has_sessions": sessions.exists(),
        "route": "l'ARS de la région" if dossier.is_padhue else "l'UFR",
        "summary": [] if can["edit"] else summary(dossier),
    }


def summary(dossier: Dossier) -> list[tuple[str, list[tuple[str, str]]]]:
    """The dossier's contents, section by section, as (label, shown value)."""
    out = []
    for title, fields in SECTIONS.values():
        rows = []
        for name in fields:
            field = Dossier._meta.get_field(name)
            value = getattr(dossier, name)
            if field.choices:
                shown = getattr(dossier, f"get_{name}_display")()
            elif isinstance(value, bool):
                shown = "oui" if value else "non"
            elif isinstance(value, date):
                shown = date_format(value, "j F Y")
            else:
                shown = "" if value is None else str(value)
            rows.append((str(field.verbose_name).capitalize(), shown or "—"))
        out.append((title, rows))
    return out


def dossier_page(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = visible_dossier(request, dossier_id)
    return render(request, "selection/dossier.html", _dossier_context(request, dossier))


@require_POST
def save_section(request: HttpRequest, dossier_id: int, section: str) -> HttpResponse:
    """Save one section of the draft; with htmx (autosave), answer the section alone."""
    dossier = visible_dossier(request, dossier_id)
    if section not in SECTIONS or not permissions.can_edit_dossier(request.user, dossier):
        raise Http404
    form = section_form(section)(request.POST, instance=dossier, prefix=section)
    if form.is_valid():
        services.save_section(dossier, request.user, form.cleaned_data)
        saved = True
    else:
        saved = False
    if request.headers.get("HX-Request"):
        return render(
            request,
            "selection/_section.html",
            {
                "dossier": dossier,
                "key": section,
                "title": SECTIONS[section][0],
                "form": form,
                "saved": saved,
                "now": timezone.localtime(),
            },
        )
    if saved:
        messages.success(request, f"Section « {SECTIONS[section][0]} » enregistrée.")
        return redirect("selection:dossier", dossier.pk)
    context = _dossier_context(request, dossier, **{section: form})
    return render(request, "selection/dossier.html", context, status=422)


@require_POST
def upload_piece(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = visible_dossier(request, dossier_id)
    if not permissions.can_edit_dossier(request.user, dossier):
        raise Http404
    form = PieceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_piece(
                dossier,
                request.user,
                form.cleaned_data["kind"],
                upload.name,
                upload.read(pieces.MAX_BYTES + 1),
            )
        except Refused as refusal:
            form.add_error("file", " ".join(refusal.reasons))
        else:
            messages.success(request, "Pièce enregistrée.")
            return redirect("selection:dossier", dossier.pk)
    context = _dossier_context(request, dossier, piece=form)
    return render(request, "selection/dossier.html", context, status=422)


@require_POST
def delete_piece(request: HttpRequest, dossier_id: int, piece_id: int) -> HttpResponse:
    dossier = visible_dossier(request, dossier_id)
    piece = get_object_or_404(dossier.pieces.defer("content"), pk=piece_id)
    if not permissions.can_edit_dossier(request.user, dossier):
        raise Http404
    services.remove_piece(piece, request.user)
    messages.success(request, "Pièce retirée.")
    return redirect("selection:dossier", dossier.pk)


def download_piece(request: HttpRequest, dossier_id: int, piece_id: int) -> HttpResponse:
    dossier = visible_dossier(request, dossier_id)
    piece: Piece = get_object_or_404(dossier.pieces, pk=piece_id)
    response = HttpResponse(bytes(piece.content), content_type=piece.media_type)
    response["Content-Disposition"] = (
        f'attachment; filename="piece-{piece.pk}.{piece.media_type.split("/")[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def file_dossier(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = visible_dossier(request, dossier_id)
    try:
        services.file_dossier(dossier, request.user)
    except TransitionRefused as refused:
        say_refusal(request, refused)
    else:
        messages.success(request, "Votre dossier est déposé.")
    return redirect("selection:dossier", dossier.pk)


@require_POST
def move(request: HttpRequest, dossier_id: int, name: str) -> HttpResponse:
    """Take a routing or commission step; decisions carry their vote."""
    dossier = visible_dossier(request, dossier_id)
    reason = request.POST.get("reason", "")
    data = None
    if name in DECISIONS:
        form = DecisionForm(request.POST, sessions=dossier.campaign.sessions.all())
        if not form.is_valid():
            context = _dossier_context(request, dossier, decision=form)
            return render(request, "selection/dossier.html", context, status=422)
        data, reason = form.data_for_workflow(), form.cleaned_data["reason"]
    try:
        services.move_dossier(dossier, request.user, name, reason=reason, data=data)
    except TransitionRefused as refused:
        say_refusal(request, refused)
    else:
        messages.success(request, f"Dossier : {dossier.get_state_display()}.")
    if dossier.state == DossierState.WITHDRAWN or request.user.role == Role.STUDENT:
        return redirect("selection:dossier", dossier.pk)
    return redirect("selection:campaign", dossier.campaign_id)

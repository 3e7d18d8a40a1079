"""Agents' pages of a campaign: calendar, sittings, ranking lists, quotas."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cesp.accounts.enums import Role
from cesp.rules import vocabulary

from . import permissions, quota_services, services
from .enums import DossierState
from .errors import Refused
from .forms import (
    FungibilityForm,
    ListsForm,
    MilestoneForm,
    OpenCampaignForm,
    QuotaImportForm,
    SessionForm,
    TransmitForm,
)
from .models import Dossier, RankedList
from .quotas import quota_table
from .views import say_refusal, visible_campaign


def campaign_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = visible_campaign(request, campaign_id)
    user = request.user
    if user.role == Role.STUDENT:
        raise Http404
    dossiers = (
        Dossier.objects.visible_to(user)
        .filter(campaign=campaign)
        .filed()
        .select_related("campaign")
    )
    streams = sorted(
        {(d.category, d.profession) for d in dossiers.filter(state=DossierState.RANKED)},
        key=lambda k: (k[1], k[0]),
    )
    return render(
        request,
        "selection/campaign.html",
        {
            "campaign": campaign,
            "can": permissions.abilities(user, campaign),
            "milestones": campaign.milestones.all(),
            "milestone_form": MilestoneForm(),
            "dossiers": dossiers,
            "sessions": campaign.sessions.prefetch_related("members"),
            "lists": RankedList.objects.filter(campaign=campaign).prefetch_related("entries"),
            "streams": [
                (c, p, vocabulary.CATEGORIES[c], vocabulary.PROFESSIONS[p]) for c, p in streams
            ],
            "quotas": [
                (vocabulary.PROFESSIONS[p], vocabulary.CATEGORIES[c], q)
                for c, p, q in quota_table(
                    campaign.ufr_id, campaign.academic_year, timezone.localdate()
                )
            ],
        },
    )


@require_POST
def open_campaign(request: HttpRequest) -> HttpResponse:
    ufrs = permissions.ufrs_to_open(request.user)
    if not ufrs.exists():
        raise Http404
    form = OpenCampaignForm(request.POST, ufrs=ufrs)
    if not form.is_valid():
        messages.error(request, "Campagne non ouverte : choisissez l'UFR et une année valide.")
        return redirect("selection:index")
    d = form.cleaned_data
    campaign = services.open_campaign(d["ufr"], d["academic_year"], request.user)
    messages.success(request, f"Campagne {campaign} ouverte : vérifiez son calendrier.")
    return redirect("selection:campaign", campaign.pk)


@require_POST
def set_milestone(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = visible_campaign(request, campaign_id)
    if not permissions.can_manage_campaign(request.user, campaign):
        raise Http404
    form = MilestoneForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.set_milestone(campaign, d["kind"], d["date"], request.user, d["note"])
        messages.success(request, "Calendrier mis à jour.")
    else:
        messages.error(request, "Échéance non enregistrée : indiquez l'étape et une date valide.")
    return redirect("selection:campaign", campaign.pk)


def new_session(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = visible_campaign(request, campaign_id)
    if not permissions.can_rank(request.user, campaign) and not permissions.can_manage_campaign(
        request.user, campaign
    ):
        raise Http404
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_session(
                campaign,
                request.user,
                form.cleaned_data["held_on"],
                form.members(),
                form.cleaned_data["place"],
            )
        except Refused as refused:
            form.add_error(None, " ".join(refused.reasons))
        else:
            messages.success(request, "Séance enregistrée avec ses membres présents.")
            return redirect("selection:campaign", campaign.pk)
    return render(request, "selection/session_form.html", {"campaign": campaign, "form": form})


def rank_lists(
    request: HttpRequest, campaign_id: int, category: str, profession: str
) -> HttpResponse:
    """The commission ranks: which ranked candidate goes on which list, at which rank."""
    campaign = visible_campaign(request, campaign_id)
    if category not in vocabulary.CATEGORIES or profession not in vocabulary.PROFESSIONS:
        raise Http404
    if request.user.role == Role.STUDENT:
        raise Http404  # agents of the campaign read the lists; the commission ranks
    ranked = RankedList.objects.filter(
        campaign=campaign, category=category, profession=profession
    ).first()
    dossiers = Dossier.objects.filter(
        campaign=campaign, category=category, profession=profession, state=DossierState.RANKED
    )
    initial = {"drawn_on": timezone.localdate()}
    if ranked is not None:
        initial |= {"open_contracts": ranked.open_contracts, "drawn_on": ranked.drawn_on}
        for entry in ranked.entries.all():
            initial |= {
                f"list_{entry.dossier_id}": entry.kind,
                f"rank_{entry.dossier_id}": entry.rank,
            }
    form = ListsForm(request.POST or None, dossiers=dossiers, initial=initial)
    can_rank = permissions.can_rank(request.user, campaign) and not (ranked and ranked.is_posted)
    if request.method == "POST":
        if not can_rank:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.draw_lists(
                    campaign,
                    request.user,
                    category=category,
                    profession=profession,
                    open_contracts=d["open_contracts"],
                    principal=d["principal"],
                    complementary=d["complementary"],
                    drawn_on=d["drawn_on"],
                    session=campaign.sessions.last(),
                )
            except Refused as refused:
                form.add_error(None, " ".join(refused.reasons))
            else:
                messages.success(request, "Listes enregistrées.")
                return redirect("selection:lists", campaign.pk, category, profession)
    return render(
        request,
        "selection/lists.html",
        {
            "campaign": campaign,
            "category_label": vocabulary.CATEGORIES[category],
            "profession_label": vocabulary.PROFESSIONS[profession],
            "ranked": ranked,
            "entries": ranked.entries.in_offer_order().select_related("dossier") if ranked else [],
            "form": form,
            "can_rank": can_rank,
            "can_post": permissions.can_post_lists(request.user, campaign),
            "transmit_form": TransmitForm(),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def post_lists(request: HttpRequest, list_id: int) -> HttpResponse:
    ranked = get_object_or_404(RankedList.objects.visible_to(request.user), pk=list_id)
    if not permissions.can_post_lists(request.user, ranked.campaign):
        raise Http404
    try:
        if request.POST.get("step") == "transmit":
            form = TransmitForm(request.POST)
            form.is_valid()
            services.transmit_lists(ranked, request.user, form.cleaned_data.get("reference", ""))
            messages.success(request, "Transmission au gestionnaire enregistrée.")
        else:
            services.post_lists(ranked, request.user)
            messages.success(request, "Listes affichées.")
    except Refused as refused:
        say_refusal(request, refused)
    return redirect("selection:lists", ranked.campaign_id, ranked.category, ranked.profession)


def import_quotas(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_quotas(request.user):
        raise Http404
    form = QuotaImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        use = (
            quota_services.import_annual
            if d["kind"] == "annual"
            else quota_services.import_redistribution
        )
        try:
            arrete = use(
                d["file"].read(),
                d["file"].name,
                academic_year=d["academic_year"],
                reference=d["reference"],
                published_on=d["published_on"],
                user=request.user,
            )
        except quota_services.ImportRefused as refused:
            report = refused.report
        else:
            messages.success(request, f"Arrêté importé : {arrete.reference}.")
            return redirect("selection:index")
    return render(
        request,
        "selection/quota_import.html",
        {"form": form, "report": report},
        status=422 if report else 200,
    )


def fungibility(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = visible_campaign(request, campaign_id)
    if not permissions.can_record_fungibility(request.user, campaign):
        raise Http404
    form = FungibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            quota_services.record_fungibility(
                campaign,
                request.user,
                source=(d["source_category"], d["source_profession"]),
                target=(d["target_category"], d["target_profession"]),
                contracts=d["contracts"],
                effective_on=d["effective_on"],
                reference=d["reference"],
                reason=d["reason"],
            )
        except Refused as refused:
            form.add_error(None, " ".join(refused.reasons))
        else:
            messages.success(request, "Mouvement de fongibilité enregistré.")
            return redirect("selection:campaign", campaign.pk)
    return render(request, "selection/fungibility.html", {"campaign": campaign, "form": form})

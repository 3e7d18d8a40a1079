"""Pages of the offers: the campaigns' lists and their offers (national manager, UFR,
ARS), one round's offers with the manager's actions, the candidate's own offer."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cesp.accounts.models import Organisation
from cesp.accounts.permissions import ars_region, is_national, ufr_of
from cesp.rules.errors import SituationError
from cesp.selection import lists
from cesp.selection.models import RankedList

from . import cascading, permissions, services, stats
from .contract_document import contract_for
from .forms import DateForm, FactForm, StartForm, WithdrawForm
from .models import Offer, OfferRound
from .workflow import OFFER


def _in_scope(user: Any, published: lists.PublishedList, ufrs: dict[int, Organisation]) -> bool:
    if is_national(user):
        return True
    if ufr := ufr_of(user):
        return published.ufr_id == ufr
    if region := ars_region(user):
        return ufrs[published.ufr_id].region_code == region
    return False


def quota_import_url() -> str:
    """The selection's quota import page (selection owns the import)."""
    return reverse("selection:quota_import")


def _row(published: lists.PublishedList, ufr: Organisation, today: date) -> dict[str, Any]:
    campaign = lists.campaign_for(published.ufr_id, published.academic_year)
    quota = lists.quota(campaign, published.category, published.profession, today)
    offer_round = OfferRound.objects.filter(ranked_list_id=published.list_id).first()
    counts = stats.outcome_counts(
        Offer.objects.filter(round=offer_round) if offer_round else Offer.objects.none()
    )
    return {
        "list": published,
        "ufr": ufr,
        "quota": quota if quota.published_on else None,
        "round": offer_round,
        "stream": services.stream_label(published),
        "counts": [counts[o] for o in stats.OUTCOMES],
        "startable": offer_round is None and not services.can_start(published, quota, today),
    }


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_follow_offers(user):
        raise Http404("Page introuvable.")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = today.year if today.month >= 10 else today.year - 1
    published = lists.posted_lists_of_year(year)
    ufrs = Organisation.objects.in_bulk({p.ufr_id for p in published})
    rows = [_row(p, ufrs[p.ufr_id], today) for p in published if _in_scope(user, p, ufrs)]
    campaigns: dict[int, dict[str, Any]] = {}
    for row in rows:
        total = campaigns.setdefault(
            row["ufr"].pk, {"ufr": row["ufr"], **dict.fromkeys([*stats.OUTCOMES, "total"], 0)}
        )
        for key, value in zip(stats.OUTCOMES, row["counts"], strict=True):
            total[key] += value
        total["total"] += sum(row["counts"])
    return render(
        request,
        "offers/index.html",
        {
            "year": year,
            "year_label": f"{year}-{year + 1}",
            "previous": year - 1,
            "next": year + 1,
            "rows": rows,
            "campaigns": [
                {"ufr": t["ufr"], "counts": [t[o] for o in stats.OUTCOMES], "total": t["total"]}
                for t in campaigns.values()
            ],
            "outcomes": [(o, stats.outcome_label(o)) for o in stats.OUTCOMES],
            "can_manage": permissions.can_manage_offers(user),
            "quota_import_url": quota_import_url(),
        },
    )


def _published_or_404(request: HttpRequest, list_id: int) -> lists.PublishedList:
    ranked = get_object_or_404(RankedList.objects.select_related("campaign__ufr"), pk=list_id)
    published = lists.published_list(ranked.pk)
    if published is not None and _in_scope(
        request.user, published, {ranked.campaign.ufr_id: ranked.campaign.ufr}
    ):
        return published
    raise Http404("Listes introuvables.")


def round_page(request: HttpRequest, list_id: int) -> HttpResponse:
    if not permissions.can_follow_offers(request.user):
        raise Http404("Page introuvable.")
    published = _published_or_404(request, list_id)
    today = timezone.localdate()
    campaign = lists.campaign_for(published.ufr_id, published.academic_year)
    offer_round = OfferRound.objects.filter(ranked_list_id=published.list_id).first()
    offers = (
        list(
            Offer.objects.filter(round=offer_round)
            .select_related("candidate", "contract", "entry")
            .in_offer_order()
        )
        if offer_round
        else []
    )
    offered = {o.entry_id for o in offers}
    manage = permissions.can_manage_offers(request.user)
    rows = [
        {
            "offer": o,
            "candidate": next(c for c in published.candidates if c.entry_id == o.entry_id),
            "actions": [t.name for t in OFFER.available(o, request.user)] if manage else [],
        }
        for o in offers
    ]
    quota = lists.quota(campaign, published.category, published.profession, today)
    projection = None
    if offer_round is not None:
        # the rule's facts are the ones this page already read (lists, quota, offers)
        facts = cascading.Facts(
            offer_round, published, quota.contracts, {o.entry_id: o for o in offers}
        )
        try:
            projection = cascading.replay(facts, today)
        except SituationError:  # the page shows the facts all the same
            projection = None
    counts = stats.outcome_counts(Offer.objects.filter(round=offer_round))
    return render(
        request,
        "offers/round.html",
        {
            "list": published,
            "ufr": Organisation.objects.get(pk=published.ufr_id),
            "quota": quota,
            "round": offer_round,
            "rows": rows,
            "waiting": [c for c in published.candidates if c.entry_id not in offered],
            "stream": services.stream_label(published),
            "counts": [(stats.outcome_label(o), counts[o]) for o in stats.OUTCOMES],
            "manage": manage,
            "fact_form": FactForm(),
            "withdraw_form": WithdrawForm(),
            "date_form": DateForm(initial={"on": today}),
            "start_form": StartForm() if manage and offer_round is None else None,
            "start_refusals": services.can_start(published, quota, today) if manage else [],
            "unfilled": projection.unfilled if projection else None,
            "quota_import_url": quota_import_url(),
            "today": today,
        },
    )


@require_POST
def start(request: HttpRequest, list_id: int) -> HttpResponse:
    if not permissions.can_manage_offers(request.user):
        raise Http404("Page introuvable.")
    published = _published_or_404(request, list_id)
    campaign = lists.campaign_for(published.ufr_id, published.academic_year)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Mode d'envoi ou délai d'acheminement invalide.")
    else:
        try:
            offer_round = services.start_offers(
                request.user,
                published,
                campaign,
                channel=form.cleaned_data["channel"],
                delivery_days=form.cleaned_data["delivery_days"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            count = offer_round.offers.count()
            messages.success(request, f"Offres lancées : {count} offre(s) envoyée(s).")
    return redirect("offers:round", list_id=list_id)


def _offer_or_404(request: HttpRequest, offer_id: int) -> Offer:
    return get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_id)


ACTIONS = {
    "receipt": ("Date de réception de l'offre", "Réception enregistrée."),
    "sign": ("Date de réception du contrat signé", "Contrat signé enregistré."),
    "decline": ("Date du refus", "Refus enregistré : le contrat est proposé au suivant."),
}


@require_POST
def act(request: HttpRequest, offer_id: int, action: str) -> HttpResponse:
    """The manager records a fact of an offer (receipt, return, decline, withdrawal,
    countersignature); a refusal says why and which text, nothing is written."""
    offer = _offer_or_404(request, offer_id)
    user = request.user
    back = redirect("offers:round", list_id=offer.round.ranked_list_id)
    if action in ACTIONS:
        form: Any = FactForm(request.POST)
    elif action == "withdraw":
        form = WithdrawForm(request.POST)
    elif action == "countersign":
        form = DateForm(request.POST)
    else:
        raise Http404("Étape inconnue.")
    if not form.is_valid():
        messages.error(request, "Saisie incomplète : indiquez une date valide et la preuve.")
        return back
    data = form.cleaned_data
    try:
        if action == "receipt":
            services.record_receipt(user, offer, data["on"], data["proof"], data["reference"])
        elif action == "sign":
            services.record_signature(user, offer, data["on"], data["proof"], data["reference"])
        elif action == "decline":
            services.record_decline(user, offer, data["on"], data["proof"])
        elif action == "withdraw":
            services.record_withdrawal(user, offer, data["on"], data["reason"])
        else:
            services.countersign(user, offer, data["on"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        done = {
            "withdraw": "Désistement enregistré : le contrat est proposé au suivant.",
            "countersign": "Contrat contresigné : il est créé et notifié au signataire.",
        }
        messages.success(request, ACTIONS[action][1] if action in ACTIONS else done[action])
    return back


def mine(request: HttpRequest) -> HttpResponse:
    """The candidate's offers: deadline, the contract to sign, accept or decline."""
    if not request.user.is_authenticated:
        raise Http404("Page introuvable.")
    offers = list(
        Offer.objects.filter(candidate=request.user)
        .select_related("round__ranked_list__campaign__ufr", "contract", "entry")
        .order_by("-dispatched_on", "-id")
    )
    if not offers:
        raise Http404("Aucune offre de contrat.")
    return render(request, "offers/mine.html", {"offers": offers, "today": timezone.localdate()})


@require_POST
def answer(request: HttpRequest, offer_id: int, action: str) -> HttpResponse:
    """The candidate answers on the portal: the portal's timestamp is the date certaine."""
    offer = _offer_or_404(request, offer_id)
    if not permissions.can_answer(request.user, offer) or action not in ("sign", "decline"):
        raise Http404("Page introuvable.")
    today = timezone.localdate()
    if action == "sign" and request.POST.get("approved") != "on":
        messages.error(request, "Cochez « Lu et approuvé » pour retourner le contrat signé.")
        return redirect("offers:mine")
    try:
        if action == "sign":
            services.record_signature(request.user, offer, today, "portal", "portail")
            messages.success(request, "Votre contrat signé est enregistré ; il sera contresigné.")
        else:
            services.record_decline(request.user, offer, today, "portal")
            messages.success(request, "Votre refus est enregistré.")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("offers:mine")


def contract_pdf(request: HttpRequest, offer_id: int) -> HttpResponse:
    """The contract of the offer (to sign, or countersigned), archived once, then served
    by the kernel's documents page."""
    offer = _offer_or_404(request, offer_id)
    document = contract_for(offer, request.user, timezone.localdate())
    return redirect("documents:pdf", pk=document.pk)

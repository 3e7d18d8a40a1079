"""Use cases of the offers: one transaction each, refused with a French reason citing
the text and nothing written (``ValidationError`` / ``TransitionRefused``).

- ``start_offers``: the national manager starts the offers of posted lists once their
  quota is known (R631-24-5; D6–D7); the first offers go out at once;
- ``advance``: the rule's decisions of a day for one round (``cascading``): lapses, then
  offers to the next candidates; run by the daily job and after every answer;
- ``record_receipt``, ``record_signature``, ``record_decline``, ``record_withdrawal``:
  the facts of an offer, each a declared transition (``workflow.OFFER``);
- ``countersign``: the contract is created through ``contracts.services`` (its effect
  date is the engine's: 1 October / 1 November of the campaign year, retroactively) and
  notified to the signatory (seed 004; workflows-payments.md §1.7 item 9).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cesp.contracts import figures as contract_figures
from cesp.contracts import services as contracts
from cesp.core.audit import services as audit
from cesp.core.notifications.services import notify
from cesp.core.workflow.engine import TransitionRefused
from cesp.rules import cascade, vocabulary
from cesp.rules.errors import SituationError
from cesp.selection import lists

from . import cascading, permissions
from .contract_document import render_contract
from .enums import OfferState, Proof
from .models import Offer, OfferRound
from .notifications import CONTRACT_COUNTERSIGNED, OFFER_LAPSED, OFFER_MADE
from .workflow import OFFER

ARTICLE = "Code de l'éducation, art. R631-24-5"


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def stream_label(published: lists.PublishedList) -> str:
    return (
        f"{vocabulary.PROFESSIONS[published.profession]} "
        f"({vocabulary.CATEGORIES[published.category].lower()})"
    )


# ---------------------------------------------------------------------------- start


def can_start(published: lists.PublishedList, quota: lists.Quota, day: date) -> list[str]:
    """Why the offers of these lists cannot start on ``day`` (empty: they can); ``quota``
    is the lists' quota known on ``day`` (``lists.quota``)."""
    reasons = []
    if quota.published_on is None:
        reasons.append(
            "Le quota de contrats de ces listes n'est pas encore connu : les offres "
            f"attendent la publication de l'arrêté de quotas ({ARTICLE} ; étape D6)."
        )
    if published.posted_at is None:
        reasons.append("Les listes ne sont pas encore affichées (art. R632-70).")
    if day > published.valid_until:
        reasons.append(
            f"Les listes ne sont valables que pour l'année universitaire (jusqu'au "
            f"{_day(published.valid_until)}, art. R632-70)."
        )
    if OfferRound.objects.filter(ranked_list_id=published.list_id).exists():
        reasons.append("Les offres de ces listes sont déjà lancées.")
    return reasons


@transaction.atomic
def start_offers(
    user: Any,
    published: lists.PublishedList,
    campaign: Any,
    *,
    channel: str = Proof.PORTAL,
    delivery_days: int = 0,
    day: date | None = None,
) -> OfferRound:
    """Start the offers of posted lists; the first ``quota`` candidates get one today."""
    if user is not None and not permissions.can_manage_offers(user):
        raise PermissionDenied("Seul le gestionnaire national lance les offres.")
    day = day or timezone.localdate()
    quota = lists.quota(campaign, published.category, published.profession, day)
    reasons = can_start(published, quota, day)
    if channel not in Proof.values:
        reasons.append("Mode d'envoi inconnu.")
    if reasons:
        raise ValidationError(reasons)
    offer_round = OfferRound.objects.create(
        ranked_list_id=published.list_id,
        started_on=day,
        channel=channel,
        delivery_days=delivery_days if channel != Proof.PORTAL else 0,
        started_by=user if getattr(user, "pk", None) else None,
    )
    audit.record(user, "offers.start", offer_round, None, {"started_on": day.isoformat()}, "")
    advance(offer_round, day)
    return offer_round


# ---------------------------------------------------------------------------- the cascade


def _dispatch(facts: cascading.Facts, entry_id: int, day: date) -> Offer:
    """Send one offer today (the rule chose it): a mandatory notice; on the portal the
    offer is received when it is put in the candidate's space (its timestamp)."""
    candidate = facts.candidate(entry_id)
    channel = facts.round.channel
    now = timezone.now()
    portal = channel == Proof.PORTAL
    offer = Offer.objects.create(
        round=facts.round,
        entry_id=entry_id,
        candidate_id=candidate.candidate_id,
        state=OfferState.RECEIVED if portal else OfferState.SENT,
        dispatched_on=day,
        dispatched_at=now,
        channel=channel,
        received_on=day if portal else None,
        receipt_proof=Proof.PORTAL if portal else "",
        receipt_reference=f"portail {now:%Y-%m-%dT%H:%M:%S%z}" if portal else "",
    )
    audit.record(None, "offers.dispatch", offer, None, {"dispatched_on": day.isoformat()}, "AUTO")
    published = facts.published
    notify(
        OFFER_MADE,
        offer.candidate,
        {
            "name": candidate.display_name,
            "list": cascade.LIST_LABELS[candidate.list_kind],
            "rank": candidate.rank,
            "stream": stream_label(published),
            "ufr": facts.round.ranked_list.campaign.ufr.name,
            "dispatched": _day(day),
            "deadline": _day(offer.deadline),
            "link": reverse("offers:mine"),
        },
        idempotency_key=f"offer-{offer.pk}",
        link=reverse("offers:mine"),
    )
    return offer


def advance(offer_round: OfferRound, day: date) -> cascading.Decisions:
    """Apply the rule's decisions of ``day`` to one round, its row locked (one transaction).
    Raises ``SituationError`` when the facts do not make a valid input of the rule."""
    with transaction.atomic():
        locked = OfferRound.objects.select_for_update().get(pk=offer_round.pk)
        facts = cascading.facts_of(locked, day)
        done = cascading.apply(facts, day, _dispatch)
        for offer in done.lapse:
            notify(
                OFFER_LAPSED,
                offer.candidate,
                {
                    "name": offer.candidate.get_full_name() or offer.candidate.username,
                    "deadline": _day(offer.deadline),
                    "dispatched": _day(offer.dispatched_on),
                },
                idempotency_key=f"offer-lapsed-{offer.pk}",
            )
    return done


# ---------------------------------------------------------------------------- answers


def _refused(exc: TransitionRefused) -> ValidationError:
    return ValidationError(exc.reasons)


def _take(
    user: Any,
    offer: Offer,
    name: str,
    on: date,
    *,
    proof: str = "",
    reference: str = "",
    reason: str = "",
    fields: dict[str, Any] | None = None,
    then: Any = None,
) -> Offer:
    """Take one transition with the dates of its fact; write the offer's fields with it;
    then advance the round the same day (an offer ended without a signature frees its
    contract for the next candidate that day, §4). All in one transaction."""
    today = timezone.localdate()
    data = {"on": on.isoformat(), "today": today.isoformat()}
    if proof:
        data["proof"] = proof

    def write(locked: Offer) -> None:
        for field, value in (fields or {}).items():
            setattr(locked, field, value)
        locked.save(update_fields=list(fields or {}))
        for field, value in (fields or {}).items():
            setattr(offer, field, value)
        if then is not None:
            then(locked)

    try:
        with transaction.atomic():
            OfferRound.objects.select_for_update().get(pk=offer.round_id)
            OFFER.apply(offer, user, name, reason=reason, data=data, on_apply=write)
            if offer.state in (OfferState.DECLINED, OfferState.WITHDRAWN):
                advance(offer.round, today)
    except TransitionRefused as exc:
        raise _refused(exc) from None
    return offer


def record_receipt(user: Any, offer: Offer, on: date, proof: str, reference: str = "") -> Offer:
    """The proven receipt of an offer sent by letter: the 30 days run from it."""
    return _take(
        user,
        offer,
        "receipt",
        on,
        proof=proof,
        fields={"received_on": on, "receipt_proof": proof, "receipt_reference": reference},
    )


def record_signature(user: Any, offer: Offer, on: date, proof: str, reference: str = "") -> Offer:
    """The signed contract came back on ``on`` (date certaine: ``proof``), in time."""
    return _take(
        user,
        offer,
        "sign",
        on,
        proof=proof,
        fields={"answered_on": on, "answer_proof": proof, "answer_reference": reference},
    )


def record_decline(user: Any, offer: Offer, on: date, proof: str = Proof.PORTAL) -> Offer:
    """The candidate declined: the offer ends that day, the next candidate is offered."""
    return _take(
        user,
        offer,
        "decline",
        on,
        proof=proof,
        fields={"answered_on": on, "answer_proof": proof},
    )


def record_withdrawal(user: Any, offer: Offer, on: date, reason: str) -> Offer:
    """The candidate withdrew before signing (désistement): counted apart from declines."""
    return _take(user, offer, "withdraw", on, reason=reason, fields={"answered_on": on})


# ---------------------------------------------------------------------------- countersignature


def contract_data(offer: Offer, on: date) -> dict[str, Any]:
    entry = offer.entry
    ranked = entry.ranked_list
    dossier = entry.dossier
    campaign = ranked.campaign
    return {
        "reference": f"CESP-{campaign.academic_year}-OFFRE-{offer.pk:06d}",
        "signatory": offer.candidate,
        "profession": ranked.profession,
        "category": ranked.category,
        "campaign_year": campaign.academic_year,
        "signature_date": on,
        "ufr": campaign.ufr,
        "followup_region": campaign.ufr.region_code,
        "signatory_last_name": dossier.usage_name or dossier.birth_name,
        "signatory_first_name": dossier.first_names,
        "birth_date": dossier.birth_date,
    }


def countersign(user: Any, offer: Offer, on: date | None = None) -> Offer:
    """Countersign: the platform's contract is created (its effect date and engagement are
    the engine's from then on), the countersigned PDF archived, the signatory notified."""
    on = on or timezone.localdate()

    def create(locked: Offer) -> None:
        try:
            contract = contracts.create_contract(
                user, contract_data(locked, on), reason="Contreseing de l'offre (R631-24-5)"
            )
        except SituationError as exc:
            raise ValidationError(str(exc)) from exc
        locked.contract = contract
        locked.countersigned_on = on
        locked.countersigned_by = user if getattr(user, "pk", None) else None
        locked.save(update_fields=["contract", "countersigned_on", "countersigned_by"])
        offer.contract, offer.countersigned_on = contract, on
        offer.countersigned_by = locked.countersigned_by
        render_contract(locked, user, on)
        result = contract_figures.figures(contract, on)
        notify(
            CONTRACT_COUNTERSIGNED,
            offer.candidate,
            {
                "name": contract.signatory_name,
                "reference": contract.reference,
                "countersigned": _day(on),
                "effect": _day(date.fromisoformat(result["allocation"]["effective_date"])),
                "link": reverse("contracts:detail", args=[contract.pk]),
            },
            idempotency_key=f"countersigned-{offer.pk}",
            link=reverse("contracts:detail", args=[contract.pk]),
        )

    return _take(user, offer, "countersign", on, then=create)

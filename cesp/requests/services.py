"""Use cases on requests: one transaction each (the workflow logs and audits every step).

Filing checks the rules and the proofs before anything is kept; an opinion is recorded
with its step; the decision archives its document, notifies the signatory and — only
when it grants — records the contract event through ``contracts.services``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.accounts.models import User
from cesp.accounts.permissions import ars_region, is_national
from cesp.contracts import services as contract_services
from cesp.contracts.models import Contract
from cesp.core import geography
from cesp.core.notifications.services import notify
from cesp.core.workflow.engine import TransitionRefused
from cesp.rules import requests as rules
from cesp.rules import vocabulary

from . import checks, circuits, decision, notifications, permissions
from .enums import EVENT_OF_KIND, Body, Kind, ProofKind, State
from .models import Opinion, Proof, Request
from .proofs import CheckedProof
from .workflow import REQUESTS

#: The fields a filing may carry (forms and demo).
REQUEST_FIELDS = ("start", "end", "ground", "internship_start", "commune_code", "specialty")


def requests_of(contract: Contract) -> list[Request]:
    """The filed requests of a contract, newest first (for the signatory's space)."""
    return list(Request.objects.of_contract(contract).with_related())


def _draft(user, contract: Contract, kind: str, data: Mapping[str, Any], on: date) -> Request:
    request = Request(contract=contract, kind=kind, filed_on=on, filed_by=user)
    for field in REQUEST_FIELDS:
        if data.get(field) not in (None, ""):
            setattr(request, field, data[field])
    request.motive = str(data.get("motive") or "")[:4000]
    request.region_from = contract.followup_region or ""
    if kind == Kind.CHANGE_OF_PLACE:
        request.region_to = checks.region_of(request.commune_code) or request.region_from
    elif kind == Kind.SIXTH_YEAR_WISH:
        request.region_to = str(data.get("region") or "")
    else:
        request.region_to = request.region_from
    return request


def preview(user, contract: Contract, kind: str, data: Mapping[str, Any]) -> rules.Verdict:
    """What the rules say of this request if filed today (nothing written)."""
    request = _draft(user, contract, kind, data, timezone.localdate())
    agreement = bool(data.get("agreement"))
    return checks.verdict(request, checks.facts_of(contract), request.filed_on, agreement)


def bounds_for(contract: Contract, kind: str) -> rules.Verdict:
    """The bounds and deadline the form shows before filing."""
    return preview(None, contract, kind, {})


def file_request(
    user,
    contract: Contract,
    kind: str,
    data: Mapping[str, Any],
    proofs: Iterable[tuple[str, CheckedProof]] = (),
    *,
    on: date | None = None,
) -> Request:
    """File a request with its checked proofs (``(proof kind, CheckedProof)`` pairs).

    ``Http404`` off the signatory's own contract; ``TransitionRefused`` (French reasons
    citing the texts) when the rules or the proofs refuse it — nothing is kept then.
    ``on``: the filing day, today unless the demo replays a past filing."""
    if not permissions.can_file(user, contract):
        raise Http404("Contrat introuvable.")
    if kind not in Kind.values:
        raise TransitionRefused(["Nature de demande inconnue."])
    today = on or timezone.localdate()
    with transaction.atomic():
        request = _draft(user, contract, kind, data, today)
        request.save()
        for proof_kind, proof in proofs:
            Proof.objects.create(
                request=request,
                kind=proof_kind if proof_kind in ProofKind.values else ProofKind.SUPPORTING,
                name=proof.name,
                content_type=proof.content_type,
                size=len(proof.content),
                sha256=proof.sha256,
                content=proof.content,
            )
        name = "file_for_opinion" if circuits.opinions_of(request) else "file"
        REQUESTS.apply(
            request,
            user,
            name,
            reason=request.motive,
            contract_id=contract.pk,
            on_apply=_notify_filed,
        )
    return request


def _context(request: Request) -> dict[str, Any]:
    return {
        "kind": request.get_kind_display(),
        "reference": request.contract.reference,
        "signatory": request.contract.signatory_name,
        "filed_on": f"{request.filed_on:%d/%m/%Y}",
    }


def _page(request: Request) -> str:
    return reverse("requests:detail", args=[request.pk])


def _consulted_users(request: Request, body: str):
    if body == Body.UFR:
        return User.objects.filter(
            role=Role.UFR_AGENT, organisation_id=request.contract.ufr_id, is_active=True
        )
    region = request.region_to if body == Body.ARS_DESTINATION else request.region_from
    return User.objects.filter(
        role=Role.ARS_DIRECTOR, organisation__region_code=region, is_active=True
    )


def _notify_filed(request: Request) -> None:
    labels = dict(Body.choices)
    opinions = circuits.opinions_of(request)
    signatory = request.contract.signatory
    if signatory is not None:
        notify(
            notifications.FILED,
            signatory,
            {
                **_context(request),
                "decider": circuits.lower_first(labels[circuits.decider_of(request)]),
                "opinions": ", ".join(circuits.lower_first(labels[b]) for b in opinions),
            },
            idempotency_key=f"request-{request.pk}-filed",
            link=_page(request),
        )
    for body in opinions:
        kind = notifications.OPINION_UFR if body == Body.UFR else notifications.OPINION_ARS
        for user in _consulted_users(request, body):
            notify(
                kind,
                user,
                _context(request),
                idempotency_key=f"request-{request.pk}-opinion-{body}",
                link=_page(request),
            )


def give_opinion(user, request: Request, favourable: bool, reasons: str) -> Opinion:
    """The reasoned opinion of a consulted body (404 out of scope)."""
    if not permissions.can_view_request(user, request):
        raise Http404("Demande introuvable.")
    body = permissions.opinion_body(user, request)
    if not body:
        raise TransitionRefused(["Aucun avis n'est attendu de vous sur cette demande."])
    name = "last_opinion" if len(circuits.missing_opinions(request)) == 1 else "opinion"
    created: list[Opinion] = []

    def record(locked: Request) -> None:
        created.append(
            Opinion.objects.create(
                request=locked,
                body=body,
                favourable=favourable,
                reasons=reasons.strip(),
                author=user,
                given_on=timezone.localdate(),
            )
        )

    REQUESTS.apply(
        request,
        user,
        name,
        reason=reasons,
        data={"body": body, "favourable": favourable},
        contract_id=request.contract_id,
        on_apply=record,
    )
    return created[0]


def event_items(request: Request) -> list[dict[str, Any]]:
    """The contract events a granted request records (none for a wish)."""
    kind = EVENT_OF_KIND.get(request.kind)
    if kind is None:
        return []
    base = {
        "type": kind,
        "legal_basis": decision.BASIS[request.kind],
        "reason": f"Décision sur la demande n° {request.pk} du {request.filed_on:%d/%m/%Y}",
    }
    if request.kind == Kind.THIRD_CYCLE_SUSPENSION:
        items = []
        if checks.facts_of(request.contract).internship_start is None:
            items.append({"type": "internship_start", "date": request.internship_start})
        return [*items, {**base, "date": request.filed_on}]
    if request.kind == Kind.CHANGE_OF_PLACE:
        return [{**base, "date": request.start, "commune_code": request.commune_code}]
    item = {**base, "start": request.start, "end": request.end}
    if request.kind == Kind.STUDIES_SUSPENSION:
        item["suspension_reason"] = request.ground or "conge"
    return [item]


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)


def decide(user, request: Request, granted: bool, reasons: str) -> Request:
    """The competent body decides. Granting records the contract event (refused by the
    contract's rules → nothing is written); either way the reasoned decision is archived
    as a document and notified to the signatory (mandatory, with the appeal routes)."""
    if not permissions.can_view_request(user, request):
        raise Http404("Demande introuvable.")
    today = timezone.localdate()

    def record(locked: Request) -> None:
        if granted:
            items = event_items(locked)
            if items:
                events = contract_services.record_events(user, locked.contract, items)
                locked.event = events[-1]
        locked.decided_on = today
        locked.decided_by = user
        locked.decision_reasons = reasons.strip()
        locked.decision_document = decision.archive_decision(
            locked, user, granted, locked.decision_reasons, today
        )
        locked.save(
            update_fields=[
                "event",
                "decided_on",
                "decided_by",
                "decision_reasons",
                "decision_document",
            ]
        )
        _notify_decided(locked, granted, today)

    try:
        REQUESTS.apply(
            request,
            user,
            "grant" if granted else "refuse",
            reason=reasons,
            contract_id=request.contract_id,
            on_apply=record,
        )
    except ValidationError as exc:
        raise TransitionRefused(_messages(exc)) from exc
    except (PermissionDenied, Http404) as exc:
        raise TransitionRefused([f"Le contrat refuse cette décision : {exc}"]) from exc
    request.refresh_from_db()
    return request


def _notify_decided(request: Request, granted: bool, on: date) -> None:
    signatory = request.contract.signatory
    if signatory is None:
        return
    document = request.decision_document
    link = reverse("documents:page", args=[document.pk])
    notify(
        notifications.DECIDED,
        signatory,
        {
            **_context(request),
            "outcome": outcome_label(request.kind, granted),
            "decided_on": f"{on:%d/%m/%Y}",
            "appeal_until": f"{rules.appeal_deadline(on):%d/%m/%Y}",
            "link": link,
        },
        idempotency_key=f"request-{request.pk}-decided",
        link=link,
    )


def outcome_label(kind: str, granted: bool) -> str:
    if kind == Kind.SIXTH_YEAR_WISH:
        return "enregistré" if granted else "non enregistré"
    return "accordée" if granted else "refusée"


def withdraw(user, request: Request) -> Request:
    if not permissions.can_view_request(user, request):
        raise Http404("Demande introuvable.")
    REQUESTS.apply(request, user, "withdraw", contract_id=request.contract_id)
    return request


# --- queues -------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    request: Request
    action: str  # "opinion" or "decide"
    deadline: date | None
    deadline_label: str


def deadline_of(request: Request) -> tuple[date | None, str]:
    """The date the body should act by, and why (French, citing the text)."""
    if request.kind == Kind.THIRD_CYCLE_SUSPENSION:
        facts = checks.facts_of(request.contract)
        start = facts.internship_start or request.internship_start
        effect = rules.third_cycle_suspension(start, request.filed_on, facts.category).effect
        if effect:
            return effect, f"prise d'effet au 1er janvier ({rules.ART3_2C})"
    if request.kind == Kind.SIXTH_YEAR_WISH:
        last = rules.wish_window(request.filed_on.year)[1]
        return last, f"fin du recueil des vœux d'avril-mai ({rules.FAQ_OCCITANIE})"
    if request.start:
        return request.start, "début demandé par le signataire"
    return None, ""


def queue_for(user) -> list[QueueItem]:
    """The open requests awaiting ``user``'s opinion or decision, earliest deadline first."""
    items = []
    for request in permissions.visible_to(user).open().with_related().prefetch_related("opinions"):
        if permissions.may_give_opinion(user, request):
            action = "opinion"
        elif request.state == State.TO_DECIDE and permissions.may_decide(user, request):
            action = "decide"
        else:
            continue
        deadline, label = deadline_of(request)
        items.append(QueueItem(request, action, deadline, label))
    return sorted(items, key=lambda item: (item.deadline or date.max, item.request.pk))


def has_queue(user) -> bool:
    """A body that may be consulted or decide (not a signatory)."""
    return permissions.can_open_requests(user) and getattr(user, "role", "") != Role.STUDENT


# --- the national list of sixth-year wishes -------------------------------------------


def can_export_wishes(user) -> bool:
    """The ARS (its region's list) and the manager (the national list)."""
    return is_national(user) or bool(ars_region(user))


WISH_COLUMNS = (
    "Référence du contrat",
    "Nom",
    "Prénom",
    "Région de rattachement",
    "Spécialité souhaitée",
    "Région de la subdivision souhaitée",
    "Accord écrit de l'autre ARS",
    "Enregistré le",
)


def wish_rows(user, year: int) -> list[list[str]]:
    """The wishes recorded for ``year`` that ``user`` may see (the ARS its region; the
    manager all), one row each: the consolidated list sent to the ministry."""
    wishes = (
        permissions.visible_to(user)
        .filter(kind=Kind.SIXTH_YEAR_WISH, state=State.GRANTED, filed_on__year=year)
        .select_related("contract")
        .prefetch_related("proofs")
        .order_by("region_to", "contract__reference")
    )
    return [
        [
            wish.contract.reference,
            wish.contract.signatory_last_name,
            wish.contract.signatory_first_name,
            geography.region_name(wish.region_from) or wish.region_from,
            vocabulary.WISH_SPECIALTIES.get(wish.specialty, wish.specialty),
            geography.region_name(wish.region_to) or wish.region_to,
            "oui" if any(p.kind == ProofKind.AGREEMENT for p in wish.proofs.all()) else "non",
            f"{wish.decided_on:%d/%m/%Y}" if wish.decided_on else "",
        ]
        for wish in wishes
    ]

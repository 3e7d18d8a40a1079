"""« Mon espace »: one place where a signatory finds everything about their own contract
(issue 11 item 6; workflows-payments.md §3.2: the 2018 survey found signatories without a
referent, not told of zoning changes, asking by e-mail what they were owed).

Sections, each built from the public face of the app that owns the facts:

- my contract and its figures, each with its « pourquoi ? » (``contracts.figures``);
- my timeline (the events in force) and next deadlines (``figures.deadline_items``);
- my referent, my next yearly exchange and our meetings (``cesp.followup.summary``);
- my professional project, the zone of each commune and its 3-year protection clock
  (``space_zoning``, from territories and the rules);
- my documents: the kernel's archived documents about this contract, its requests,
  breach cases and convocations, that I may read (attestations, statements, decisions,
  letters);
- my messages: the notices sent to me (kernel), and my conversations (followup);
- my requests and their decisions (``cesp.requests.services.requests_of``);
- my payments: the months of my allocation, each paid or why not (``cesp.payments.
  history``, the same rows as « Mes allocations »).

A section whose app has not landed yet says so in French (``Section.not_yet``) instead
of failing: the page is useful with what exists.

Scope: only the signatory's own contracts (``Contract.objects.visible_to`` of a student is
their contracts); any other contract, and any user who is not a signatory, gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.http import Http404

from cesp.accounts.enums import Role
from cesp.breach.models import BreachCase
from cesp.contracts import figures, permissions
from cesp.contracts.models import Contract
from cesp.core.documents.models import Document
from cesp.core.documents.services import can_view as can_view_document
from cesp.core.notifications.permissions import own_messages
from cesp.core.ui.explain import normalise, steps_for
from cesp.followup import summary as followup
from cesp.followup.models import Convocation
from cesp.payments.history import history
from cesp.requests import permissions as request_permissions
from cesp.requests.models import Request
from cesp.requests.services import requests_of
from cesp.rules.errors import SituationError
from cesp.rules.vocabulary import status_label

from .space_zoning import project_communes, zoning_notices

#: How many rows a section lists before linking to the full page.
SHOWN = 10


def is_signatory(user: object) -> bool:
    """Who has a space: an active signatory account (the menu entry's predicate)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", "") == Role.STUDENT
    )


@dataclass
class Section:
    """One block of the space: its anchor, title, and either content or why not yet."""

    key: str
    title: str
    not_yet: str = ""  # French: shown instead of the content while the app is absent
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return not self.not_yet


def own_contracts(user) -> list[Contract]:
    """The signatory's contracts, newest first (none for anyone else)."""
    if not is_signatory(user):
        return []
    return list(
        Contract.objects.visible_to(user)
        .filter(signatory_id=user.pk)
        .select_related("ufr")
        .order_by("-signature_date", "-pk")
    )


def chosen_contract(user, contract_id: int | None) -> tuple[Contract | None, list[Contract]]:
    """The contract the space shows (the newest unless one is asked) and the others;
    404 for a non-signatory or a contract that is not theirs."""
    if not is_signatory(user):
        raise Http404("Page introuvable.")
    contracts = own_contracts(user)
    if contract_id is None:
        return (contracts[0] if contracts else None), contracts
    found = next((c for c in contracts if c.pk == contract_id), None)
    if found is None:
        raise Http404("Contrat introuvable.")
    return found, contracts


# --- sections ----------------------------------------------------------------------


def contract_section(contract: Contract, today: date) -> Section:
    section = Section("contrat", "Mon contrat et ses chiffres")
    try:
        result = figures.figures(contract, today, explain=True)
    except SituationError as exc:
        section.data = {"error": str(exc), "result": None}
        return section
    section.data = {
        "error": "",
        "result": result,
        "status": status_label(result["status"]),
        "remaining": figures.engagement_remaining(result),
        "allocation_period": figures.allocation_period(result),
        "steps": {
            "status": steps_for(result, "status", "regime"),
            "allocation": steps_for(result, "allocation"),
            "engagement": steps_for(result, "engagement"),
            "breach": steps_for(result, "breach"),
        },
    }
    return section


def timeline_section(contract: Contract, today: date) -> Section:
    events = figures.effective_events(contract.events.all())
    past = sorted(
        (e for e in events if e.when is not None), key=lambda e: (e.when, e.pk), reverse=True
    )
    deadlines = [
        {**item, "steps": [normalise(item["step"])]}
        for item in figures.deadline_items(contract, today)
    ]
    return Section(
        "calendrier",
        "Mon calendrier et mes prochaines échéances",
        data={"events": past[:SHOWN], "more_events": len(past) > SHOWN, "deadlines": deadlines},
    )


def referent_section(contract: Contract, today: date) -> Section:
    """My named referent, my next yearly exchange (planned by the rules: one year after
    signature, then yearly) and our exchanges (``cesp.followup.summary``)."""
    referent = followup.referent_of(contract)
    meetings = list(followup.meetings_of(contract)[:SHOWN])
    return Section(
        "referent",
        "Mon référent ARS et nos entretiens",
        data={
            "referent": referent,
            "referent_name": (referent.get_full_name() or referent.username) if referent else "",
            "next": followup.next_exchange(contract, today),
            "meetings": meetings,
            "link": f"/suivi/contrat/{contract.pk}/",
        },
    )


def project_section(user, contract: Contract, today: date) -> Section:
    return Section(
        "projet",
        "Mon projet professionnel et le zonage",
        data={
            "communes": project_communes(contract, today),
            "notices": zoning_notices(user, [contract], today),
            "project_link": f"/territoires/projet/{contract.pk}/",
            "attestation_link": f"/territoires/attestation/{contract.pk}/",
        },
    )


def _subjects(contract: Contract, requests: list[Request]) -> list[models.Model]:
    """What the contract's documents are about: the contract, and the objects of the
    apps above that belong to it (its breach cases, convocations, ``requests``)."""
    return [
        contract,
        *BreachCase.objects.filter(contract=contract),
        *Convocation.objects.filter(contract=contract),
        *requests,
    ]


def documents_section(user, contract: Contract, requests: list[Request]) -> Section:
    """The archived documents about the contract or what belongs to it, newest first,
    that I may read (each kind's reader predicate, ``documents.services.can_view``)."""
    about = Q(pk__in=[])
    by_type: dict[ContentType, list[str]] = {}
    for subject in _subjects(contract, requests):
        by_type.setdefault(ContentType.objects.get_for_model(subject), []).append(str(subject.pk))
    for content_type, ids in by_type.items():
        about |= Q(subject_type=content_type, subject_id__in=ids)
    documents = [
        document
        for document in Document.objects.filter(about).defer("content")[:50]
        if can_view_document(user, document)
    ]
    return Section("documents", "Mes documents", data={"documents": documents[:SHOWN]})


def messages_section(user, contract: Contract) -> Section:
    """The notices sent to me (kernel) and my conversations with the ARS or the manager
    about this contract (``followup.summary.threads_of``, those I may read)."""
    notices = list(own_messages(user).order_by("-created_at", "-id")[:5])
    threads = list(followup.threads_of(contract, user).order_by("-created_at", "-pk")[:SHOWN])
    return Section(
        "messages",
        "Mes messages",
        data={
            "notices": notices,
            "threads": threads,
            "followup_page": f"/suivi/contrat/{contract.pk}/",
        },
    )


def requests_section(user, contract: Contract, requests: list[Request]) -> Section:
    """My requests (``requests_of``: newest first), each with its state and its decision
    (the archived decision document when there is one, which I may read)."""
    rows = []
    for request in requests[:SHOWN]:
        decision = request.decision_document
        if decision is not None and not can_view_document(user, decision):
            decision = None
        rows.append({"request": request, "decision": decision})
    return Section(
        "demandes",
        "Mes demandes et leurs décisions",
        data={
            "rows": rows,
            "can_file": request_permissions.can_file(user, contract),
            "new": f"/demandes/nouvelle/{contract.pk}/",
        },
    )


def payments_section(user, contract: Contract, today: date) -> Section:
    if not permissions.can_view_payments(user, contract):
        return Section("versements", "Mes versements", not_yet="Versements non consultables.")
    months = history(contract, today)
    return Section(
        "versements",
        "Mes versements",
        data={
            "rows": months.rows[:6],
            "more": len(months.rows) > 6,
            "received_net": months.received_net,
            "error": months.error,
            "link": f"/paiements/contrat/{contract.pk}/",
        },
    )


def space_context(user, contract_id: int | None, today: date) -> dict[str, Any]:
    """The context of the space page (raises ``Http404`` out of scope)."""
    contract, contracts = chosen_contract(user, contract_id)
    if contract is None:
        return {"contract": None, "contracts": [], "sections": []}
    contract = Contract.objects.with_facts().select_related("ufr").get(pk=contract.pk)
    requests = requests_of(contract)  # the documents' subjects and the requests' section
    sections = [
        contract_section(contract, today),
        timeline_section(contract, today),
        referent_section(contract, today),
        project_section(user, contract, today),
        documents_section(user, contract, requests),
        messages_section(user, contract),
        requests_section(user, contract, requests),
        payments_section(user, contract, today),
    ]
    return {
        "contract": contract,
        "contracts": contracts,
        "sections": sections,
        "by_key": {section.key: section for section in sections},
    }

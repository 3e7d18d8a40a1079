"""The declared circuit of a request: filed by the signatory (the rules and the proofs
checked), opinions when the text requires them, then decided by the competent body."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cesp.core.workflow.engine import Transition, Workflow

from . import checks, circuits, permissions
from .enums import Body, State


def filing_guard(request, data: dict[str, Any]) -> list[str]:
    """The rules' bounds and deadlines on the day of filing, and the required proofs."""
    facts = checks.facts_of(request.contract)
    on = request.filed_on or timezone.localdate()
    found = checks.verdict(request, facts, on, agreement=checks.has_agreement(request))
    return [*found.reasons, *checks.proof_reasons(request)]


def grant_guard(request, data: dict[str, Any]) -> list[str]:
    """The same bounds, read on the filing day (a deadline met then stays met), and
    every opinion the text requires given."""
    reasons = [
        f"L'avis de « {label} » manque."
        for label in (dict(Body.choices)[b] for b in circuits.missing_opinions(request))
    ]
    facts = checks.facts_of(request.contract)
    found = checks.verdict(
        request, facts, request.filed_on, agreement=checks.has_agreement(request)
    )
    return reasons + list(found.reasons)


def _opinion_leaves_more(request, data: dict[str, Any]) -> list[str]:
    if len(circuits.missing_opinions(request)) <= 1:
        return ["Cet avis est le dernier attendu."]
    return []


def _opinion_is_last(request, data: dict[str, Any]) -> list[str]:
    if len(circuits.missing_opinions(request)) != 1:
        return ["D'autres avis sont encore attendus."]
    return []


def _signatory(user, request) -> bool:
    return permissions.is_signatory(user, request)


def _decider(user, request) -> bool:
    return permissions.may_decide(user, request)


def _consulted(user, request) -> bool:
    return permissions.may_give_opinion(user, request)


OPEN = (State.AWAITING_OPINION, State.TO_DECIDE)

REQUESTS = Workflow(
    name="requests",
    state_field="state",
    states=dict(State.choices),
    transitions=[
        Transition(
            "file", "Déposer la demande", (State.DRAFT,), State.TO_DECIDE, _signatory, filing_guard
        ),
        Transition(
            "file_for_opinion",
            "Déposer la demande",
            (State.DRAFT,),
            State.AWAITING_OPINION,
            _signatory,
            filing_guard,
        ),
        Transition(
            "opinion",
            "Donner un avis",
            (State.AWAITING_OPINION,),
            State.AWAITING_OPINION,
            _consulted,
            _opinion_leaves_more,
            needs_reason=True,
        ),
        Transition(
            "last_opinion",
            "Donner un avis",
            (State.AWAITING_OPINION,),
            State.TO_DECIDE,
            _consulted,
            _opinion_is_last,
            needs_reason=True,
        ),
        Transition(
            "grant", "Accorder", (State.TO_DECIDE,), State.GRANTED, _decider, grant_guard, True
        ),
        Transition(
            "refuse", "Refuser", (State.TO_DECIDE,), State.REFUSED, _decider, needs_reason=True
        ),
        Transition("withdraw", "Retirer la demande", OPEN, State.WITHDRAWN, _signatory),
    ],
)

"""From facts to the rules: a contract's events and payments as an interfaces.md §1
situation, and the figures the rules compute from it. Nothing derived is stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from .enums import EventType
from .models import Contract, ContractEvent, Payment

#: How each recorded event type reaches the rules; ``None``: a decision with no
#: effect on the figures (installation decision, change of place: the practice
#: periods carry the effect). See docs/platform.md.
SITUATION_TYPE: dict[str, str | None] = {
    EventType.SUSPENSION: "suspension",
    EventType.INTERNSHIP_START: "internship_start",
    EventType.THIRD_CYCLE_SUSPENSION_REQUEST: "third_cycle_suspension_request",
    EventType.DES: "des",
    EventType.THESIS: "thesis",
    EventType.PATHWAY_END: "pathway_end",
    EventType.DEFERRAL: "deferral",
    EventType.DEFERRAL_GRANTED: "deferral",
    EventType.PRACTICE: "practice",
    EventType.PRACTICE_SUSPENSION: "practice_suspension",
    EventType.BREACH: "breach",
    EventType.INSTALLATION_DECISION: None,
    EventType.CHANGE_OF_PLACE: None,
    EventType.CANCELLATION: None,
}

#: Situation key → ContractEvent field, to put a rules error beside the right field.
SITUATION_FIELD_TO_MODEL = {
    "from": "start",
    "to": "end",
    "date": "date",
    "zone_share": "zone_share",
    "cause": "cause",
    "type": "type",
    "reason": "suspension_reason",
    "commune": "commune_code",
}


def effective_events(events: Iterable[ContractEvent]) -> list[ContractEvent]:
    """The events in force: a superseded event gives way to its correction, and a
    cancellation removes the event it supersedes (and itself carries no fact)."""
    events = list(events)
    superseded = {e.supersedes_id for e in events if e.supersedes_id}
    return [e for e in events if e.pk not in superseded and e.type != EventType.CANCELLATION]


def event_situation(event: ContractEvent) -> dict[str, Any] | None:
    """One event as the rules expect it, or ``None`` when it has no effect on figures."""
    kind = SITUATION_TYPE.get(event.type)
    if kind is None:
        return None
    if event.type in {
        EventType.SUSPENSION,
        EventType.DEFERRAL,
        EventType.DEFERRAL_GRANTED,
        EventType.PRACTICE,
        EventType.PRACTICE_SUSPENSION,
    }:
        item: dict[str, Any] = {"type": kind, "from": event.start, "to": event.end}
        if event.type == EventType.PRACTICE:
            share = event.zone_share if event.zone_share is not None else Decimal(1)
            item["zone_share"] = str(share)
            if event.commune_code:
                item["commune"] = event.commune_code
        if event.type == EventType.SUSPENSION and event.suspension_reason:
            item["reason"] = event.suspension_reason
        return item
    item = {"type": kind, "date": event.date}
    if event.type == EventType.BREACH:
        item["cause"] = event.cause or "voluntary"
    return item


def payments_situation(payments: Iterable[Payment]) -> list[dict[str, str]]:
    """Net actually paid, summed per month covered (all kinds of line)."""
    per_month: dict[date, Decimal] = defaultdict(Decimal)
    for payment in payments:
        per_month[payment.month] += payment.net
    return [{"month": f"{m:%Y-%m}", "net": str(net)} for m, net in sorted(per_month.items())]


def build_situation(
    contract: Contract,
    events: Iterable[ContractEvent],
    payments: Iterable[Payment] = (),
    as_of: date | None = None,
) -> dict[str, Any]:
    """The interfaces.md §1 situation of ``contract`` with the given facts."""
    situation: dict[str, Any] = {
        "profession": contract.profession,
        "category": contract.category,
        "campaign_year": contract.campaign_year,
        "signature_date": contract.signature_date,
        "regime": contract.regime_override or "auto",
        "events": [
            item for e in effective_events(events) if (item := event_situation(e)) is not None
        ],
    }
    if as_of is not None:
        situation["as_of"] = as_of
    paid = payments_situation(payments)
    if paid:
        situation["payments"] = paid
    return situation


def situation_for(contract: Contract, as_of: date | None = None) -> dict[str, Any]:
    """The situation of a stored contract (uses prefetched events/payments if any)."""
    return build_situation(contract, contract.events.all(), contract.payments.all(), as_of)


def evaluate_situation(situation: dict[str, Any], as_of: date | None = None):
    """Parse and evaluate with the rules engine (raises ``SituationError``).

    Returns ``None`` only while the engine's ``evaluate`` has not landed; the
    situation is still parsed and checked.
    """
    from cesp.rules import parse_situation

    parsed = parse_situation(situation)
    try:
        from cesp.rules.evaluate import evaluate
    except ModuleNotFoundError:
        return None
    return evaluate(parsed, as_of=as_of)


def figures_for(contract: Contract, as_of: date | None = None):
    """The rules ``Evaluation`` of a contract at ``as_of`` (default today)."""
    return evaluate_situation(situation_for(contract, as_of), as_of=as_of)

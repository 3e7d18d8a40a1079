"""A contract's figures: the only path from its stored facts to ``cesp.rules``.

Every figure of a contract (status, regime, allocation, engagement, breach, deadlines,
current place) is computed here from the facts — nothing derived is stored:

- ``situation_for(contract)``: the interfaces.md §1 situation of the contract's facts;
- ``figures(contract, as_of, explain=False)``: the rules' result, memoised;
- ``rows(contracts, as_of)``, ``rows_of``: the result of each contract of a list (or its error);
- ``explanation_text``, ``breach_today``, ``deadlines``: the contract page;
- ``current_place(s)``, ``milestones``, ``regime``: what other apps read of the facts;
- ``evaluate_situation`` / ``check``: facts not stored yet (services, importer, demo).

**The memo.** The engine is a pure function of the situation (facts, parameter
overrides), the date, and the engine's version and parameters. The worker process keeps
the results of the last situations, **keyed on all of these**: a new event, a
correction, a payment or a changed contract fact gives another situation, hence another
key. A memoised figure can never be stale, and nothing is invalidated, stored in the
database or shared between processes (docs/platform.md, Performance).
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from cesp.rules import ENGINE_VERSION, Evaluation, evaluate, params, parse_situation
from cesp.rules import deadlines as rules_deadlines
from cesp.rules.errors import SituationError
from cesp.rules.regime import determine_regime
from cesp.rules.whatif import with_breach

from . import payments_made as payments_registry
from .enums import EventType
from .models import RULES_EVENT_FIELDS, Contract, ContractEvent
from .payments_made import PaymentMade, PaymentsProvider

#: Summaries memoised per worker (a summary is ~2 KB: ~20 MB at most).
MEMO_SIZE = 10_000
#: Evaluations with their explanation memoised per worker (contract pages).
EXPLAINED_MEMO_SIZE = 256

# --- facts → situation -------------------------------------------------------------

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

#: Decisions that set where the signatory practises.
PLACE_TYPES = (EventType.INSTALLATION_DECISION, EventType.CHANGE_OF_PLACE)


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


# --- payments received: the payments app registers where they are read -----------


def register_payments_provider(provider: PaymentsProvider) -> None:
    """The payments app (above contracts) says where the payments made are read, from
    its ``AppConfig.ready()``; without it a contract has received nothing."""
    payments_registry.register(provider)


def payments_made(contract_ids: Sequence[int]) -> dict[int, list[PaymentMade]]:
    """The payments made to each contract (empty when no provider is registered)."""
    return payments_registry.read(contract_ids)


def payments_of(contract: Contract) -> list[PaymentMade]:
    """The payments made to ``contract``: those ``with_facts`` or ``attach_payments``
    left on the instance, else one query."""
    cached = getattr(contract, "_payments_made", None)
    if cached is not None:
        return cached
    return payments_made([contract.pk]).get(contract.pk, []) if contract.pk else []


def attach_payments(contracts: Sequence[Contract]) -> None:
    """Read the payments made to ``contracts`` in one query and leave them on each."""
    payments_registry.attach(contracts)


def payments_situation(payments: Iterable[PaymentMade]) -> list[dict[str, str]]:
    """Net actually paid, summed per month covered (all kinds of line)."""
    per_month: dict[date, Decimal] = defaultdict(Decimal)
    for payment in payments:
        per_month[payment.month] += payment.net
    return [{"month": f"{m:%Y-%m}", "net": str(net)} for m, net in sorted(per_month.items())]


def build_situation(
    contract: Contract,
    events: Iterable[ContractEvent],
    payments: Iterable[PaymentMade] = (),
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
    """The situation of a stored contract (uses prefetched events if any)."""
    return build_situation(contract, contract.events.all(), payments_of(contract), as_of)


def schedule_situation(
    contract: Contract, events: Iterable[ContractEvent], seen_on: date
) -> dict[str, Any]:
    """The situation a monthly run made on ``seen_on`` sees (interfaces.md §3): the
    events recorded by the end of that day, corrections included, each with its
    ``recorded_on`` (the day it was recorded, in local time); no payments (the run
    compares with the ledger)."""
    known = [
        e for e in events if e.recorded_at is None or timezone.localdate(e.recorded_at) <= seen_on
    ]
    items = []
    for event in effective_events(known):
        item = event_situation(event)
        if item is not None:
            recorded = timezone.localdate(event.recorded_at) if event.recorded_at else seen_on
            items.append({**item, "recorded_on": recorded})
    return {
        "profession": contract.profession,
        "category": contract.category,
        "campaign_year": contract.campaign_year,
        "signature_date": contract.signature_date,
        "regime": contract.regime_override or "auto",
        "events": items,
    }


def schedule_situations(contracts: Sequence[Contract], seen_on: date) -> dict[int, dict[str, Any]]:
    """``schedule_situation`` of each contract, their events read in one query (the
    columns the rules read): what a monthly run sees of a chunk of contracts."""
    events = _events_of([contract.pk for contract in contracts])
    return {c.pk: schedule_situation(c, events.get(c.pk, ()), seen_on) for c in contracts}


def _events_of(contract_ids: Sequence[int]) -> dict[int, list[ContractEvent]]:
    """The events of these contracts in one query, the columns the rules read, grouped
    per contract in recorded order (``Meta.ordering``)."""
    events: dict[int, list[ContractEvent]] = defaultdict(list)
    for event in ContractEvent.objects.filter(contract_id__in=contract_ids).only(
        *RULES_EVENT_FIELDS
    ):
        events[event.contract_id].append(event)
    return events


# --- facts not stored yet ----------------------------------------------------------


def evaluate_situation(situation: dict[str, Any], as_of: date | None = None) -> Evaluation:
    """Parse and evaluate a situation not stored yet (raises ``SituationError``)."""
    return evaluate(parse_situation(situation), as_of=as_of)


def check(
    contract: Contract,
    events: Iterable[ContractEvent] = (),
    payments: Iterable[PaymentMade] = (),
) -> None:
    """Raise ``SituationError`` when the rules refuse these facts of ``contract`` today."""
    evaluate_situation(build_situation(contract, events, payments), as_of=timezone.localdate())


# --- the memo ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def engine_stamp() -> tuple[str, str]:
    """(engine version, parameters digest) of this process."""
    return ENGINE_VERSION, params.parameters_digest()


def situation_key(situation: dict[str, Any], as_of: date) -> str:
    """The canonical text of a situation, a date and the engine (the memo's key). Today
    is part of it only for a projection (``as_of`` after today): the result is flagged
    from that day; on or before today it does not depend on the clock."""
    version, digest = engine_stamp()
    today = timezone.localdate()
    key = {
        "situation": situation,
        "as_of": as_of,
        "today": today if as_of > today else None,
        "engine": version,
        "parameters": digest,
    }
    return json.dumps(key, sort_keys=True, default=str)


def _evaluate_key(key: str, explain: bool) -> Evaluation:
    data = json.loads(key)
    as_of = date.fromisoformat(data["as_of"])
    today = date.fromisoformat(data["today"]) if data["today"] else as_of
    return evaluate(data["situation"], as_of=as_of, explain=explain, today=today)


@lru_cache(maxsize=MEMO_SIZE)
def _summary(key: str) -> dict[str, Any]:
    return _evaluate_key(key, explain=False).to_dict(explain=False)


@lru_cache(maxsize=EXPLAINED_MEMO_SIZE)
def _explained(key: str) -> Evaluation:
    return _evaluate_key(key, explain=True)


def clear() -> None:
    """Forget every memoised result (tests; never needed for correctness)."""
    _summary.cache_clear()
    _explained.cache_clear()


def _day(as_of: date | None) -> date:
    return as_of or timezone.localdate()


def summary(situation: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The rules' summary of ``situation`` on ``as_of`` (raises ``SituationError``).
    A copy: callers may not alter the memo."""
    return copy.deepcopy(_summary(situation_key(situation, as_of)))


def evaluation(contract: Contract, as_of: date | None = None) -> Evaluation:
    """The rules' ``Evaluation`` of the contract, explanation included (memoised; raises
    ``SituationError``). Read-only: shared by every caller of the same situation."""
    day = _day(as_of)
    return _explained(situation_key(situation_for(contract, day), day))


def figures(contract: Contract, as_of: date | None = None, explain: bool = False) -> dict:
    """The rules' result for the contract on ``as_of`` (default today): the JSON of
    interfaces.md §1, with the explanation when ``explain``. Memoised; a copy each time.
    Raises ``SituationError`` when the rules refuse the facts."""
    day = _day(as_of)
    if explain:
        return evaluation(contract, day).to_dict()
    return summary(situation_for(contract, day), day)


def explanation_text(contract: Contract, as_of: date | None = None) -> str:
    """The French explanation of the figures, for a person (raises ``SituationError``)."""
    return evaluation(contract, as_of).to_text()


def breach_today(contract: Contract, as_of: date | None = None) -> dict[str, Any] | None:
    """What a voluntary breach on ``as_of`` would cost (``cesp.rules.whatif``): the
    rules' result with its explanation, or ``None`` if the contract already has a
    breach. Raises ``SituationError`` when the rules refuse the what-if."""
    day = _day(as_of)
    situation = situation_for(contract, day)
    what_if = with_breach(situation, day)
    if what_if is situation:
        return None
    return _explained(situation_key(what_if, day)).to_dict()


# --- how a result reads ------------------------------------------------------------


def allocation_period(result: dict[str, Any]) -> tuple[date, date | None] | None:
    """The allocation period that actually ran, (first day, last day or None while it
    runs): ``None`` when no month was financed — a contract broken before its allocation
    took effect has an end before its start, which is no period (issue 12 §2)."""
    allocation = result.get("allocation") or {}
    start, end = allocation.get("effective_date"), allocation.get("end_date")
    if not start or not allocation.get("months"):
        return None
    start = start if isinstance(start, date) else date.fromisoformat(str(start))
    if end:
        end = end if isinstance(end, date) else date.fromisoformat(str(end))
        if end < start:
            return None
    return start, end or None


def engagement_remaining(result: dict[str, Any]) -> int | None:
    """Months of engagement still to serve; ``None`` once the contract has ended (a
    breach, whatever its cause): nothing remains to serve, what is owed is
    ``result["breach"]``."""
    if result.get("breach"):
        return None
    return (result.get("engagement") or {}).get("months_remaining")


# --- lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One contract and what the rules say of it (``result`` is None on error)."""

    contract: Contract
    result: dict[str, Any] | None
    error: str = ""

    @property
    def status(self) -> str:
        return self.result["status"] if self.result else ""

    @property
    def remaining(self) -> int | None:
        """Months still to serve, ``None`` on error or once the contract has ended."""
        return engagement_remaining(self.result) if self.result else None


def rows(contracts: Iterable[Contract], as_of: date | None = None) -> list[Row]:
    """The summary of each contract (events should be prefetched; the payments made are
    read in one query), or the rules' refusal; memoised per situation."""
    day = _day(as_of)
    contracts = list(contracts)
    attach_payments(contracts)  # no query when with_facts read them
    return [
        _row(contract, contract.events.all(), payments_of(contract), day) for contract in contracts
    ]


def rows_of(contracts: list[Contract], as_of: date | None = None) -> list[Row]:
    """``rows`` of contracts loaded without their facts (a page of a list): their events
    and payments are read in two queries, the columns the rules read only, and grouped
    here rather than by Django's prefetch, which builds two querysets per contract
    (~2 ms of a 25-row page, docs/platform.md, Performance)."""
    day = _day(as_of)
    ids = [contract.pk for contract in contracts]
    events = _events_of(ids)
    payments = payments_made(ids)
    return [_row(c, events.get(c.pk, ()), payments.get(c.pk, ()), day) for c in contracts]


def _row(
    contract: Contract,
    events: Iterable[ContractEvent],
    payments: Iterable[PaymentMade],
    day: date,
) -> Row:
    try:
        return Row(contract, summary(build_situation(contract, events, payments, day), day))
    except SituationError as exc:
        return Row(contract, None, str(exc))


# --- deadlines ---------------------------------------------------------------------


def deadlines(contract: Contract, as_of: date | None = None) -> list:
    """The regulatory deadlines still to come (``cesp.rules.deadlines``), sorted by
    date, each a ``Figure[Deadline]`` with its step. Uses the page's memoised
    evaluation; raises ``SituationError`` when the rules refuse the facts."""
    day = _day(as_of)
    situation = situation_for(contract, day)
    shared = _explained(situation_key(situation, day))
    return rules_deadlines.deadlines(situation, day, evaluation=shared)


def deadline_items(contract: Contract, as_of: date | None = None) -> list[dict[str, Any]]:
    """The deadlines still to come as plain items: kind, date, label, who acts (French),
    sources and the explanation ``step`` (its value the date, dd/mm/yyyy). An invalid
    situation gives none (a page shows the engine's message with the figures)."""
    try:
        found = deadlines(contract, as_of)
    except SituationError:
        return []
    return [
        {
            "kind": figure.value.kind,
            "date": figure.value.date,
            "label": figure.value.label,
            "actor": figure.value.actor_label,
            "actor_code": figure.value.actor,
            "source": " ; ".join(figure.step.all_sources()),
            "step": {**figure.step.to_dict(), "value": f"{figure.value.date:%d/%m/%Y}"},
        }
        for figure in found
    ]


# --- facts other apps read ---------------------------------------------------------


def regime(contract: Contract) -> str:
    """pre2020 / post2020, by ``cesp.rules.regime`` (the override recorded wins).
    Raises ``SituationError`` when the rules refuse the contract's facts."""
    parsed = parse_situation(build_situation(contract, ()))
    return determine_regime(parsed).value.regime


@dataclass(frozen=True)
class Place:
    """Where the signatory practises, as last decided."""

    commune_code: str
    since: date
    contract_id: int


def _latest_places(events: Iterable[ContractEvent], as_of: date | None) -> dict[int, Place]:
    """Latest effective place decision (installation, change of place) per contract,
    dated on or before ``as_of`` (any date when ``None``)."""
    latest: dict[int, Place] = {}
    ordered = sorted(
        effective_events(events), key=lambda e: (e.contract_id, e.date or date.min, e.pk or 0)
    )
    for event in ordered:
        if event.type not in PLACE_TYPES or not event.commune_code or event.date is None:
            continue
        if as_of is not None and event.date > as_of:
            continue
        latest[event.contract_id] = Place(event.commune_code, event.date, event.contract_id)
    return latest


def current_place(contract: Contract, as_of: date | None = None) -> Place | None:
    """Where the contract's signatory practises on ``as_of`` (prefetched events read)."""
    return _latest_places(contract.events.all(), as_of).get(contract.pk)


def current_places(contracts, as_of: date | None = None) -> dict[int, Place]:
    """``current_place`` of each contract of a queryset, in one query."""
    events = ContractEvent.objects.filter(
        contract__in=contracts, type__in=(*PLACE_TYPES, EventType.CANCELLATION)
    ).only("id", "contract_id", "type", "date", "commune_code", "supersedes_id")
    return _latest_places(events, as_of)


@dataclass(frozen=True)
class Milestones:
    """The dated facts in force that describe a contract's path (observatory, exports)."""

    thesis_date: date | None
    des_date: date | None
    breach_date: date | None
    breach_cause: str
    installation_date: date | None
    installation_commune: str


def _first(events: list[ContractEvent], kind: str) -> ContractEvent | None:
    found = [e for e in events if e.type == kind]
    return min(found, key=lambda e: e.when or date.max) if found else None


def milestones(contract: Contract) -> Milestones:
    """Thesis, DES and breach dates in force; installation from the first practice
    period (else the installation decision). Reads prefetched events."""
    return _milestones(contract.events.all())


MILESTONE_EVENT_FIELDS = ("id", "contract_id", "type", "date", "start", "cause", "commune_code")


def milestones_of(contract_ids: Iterable[int]) -> dict[int, Milestones]:
    """``milestones`` of many contracts, their events read in one query and grouped here
    (a job over every contract: no per-contract prefetch querysets)."""
    ids = list(contract_ids)
    grouped: dict[int, list[ContractEvent]] = defaultdict(list)
    fields = (*MILESTONE_EVENT_FIELDS, "supersedes_id")
    for event in ContractEvent.objects.filter(contract_id__in=ids).only(*fields):
        grouped[event.contract_id].append(event)
    return {pk: _milestones(grouped.get(pk, ())) for pk in ids}


def _milestones(events: Iterable[ContractEvent]) -> Milestones:
    events = effective_events(events)
    breach = _first(events, EventType.BREACH)
    thesis, des = _first(events, EventType.THESIS), _first(events, EventType.DES)
    place = _first(events, EventType.PRACTICE) or _first(events, EventType.INSTALLATION_DECISION)
    return Milestones(
        thesis_date=thesis.date if thesis else None,
        des_date=des.date if des else None,
        breach_date=breach.date if breach else None,
        breach_cause=breach.cause if breach else "",
        installation_date=place.when if place else None,
        installation_commune=place.commune_code if place else "",
    )


def deadline_candidates(contracts, today: date, horizon: date, limit: int) -> list[int]:
    """Ids (at most ``limit``) of the contracts whose recorded facts can bring a deadline
    between ``today`` and ``horizon``: an internship begun within the third-cycle window,
    a period ending, a diploma expected, a recent breach (amicable appeal). The windows
    come from the rules (``lookback_days``); only these contracts need evaluating."""
    lookback = rules_deadlines.lookback_days(today)
    return list(
        ContractEvent.objects.filter(contract__in=contracts)
        .filter(
            Q(
                type=EventType.INTERNSHIP_START,
                date__gte=today - timedelta(days=lookback["internship_start"]),
                date__lte=today,
            )
            | Q(end__gte=today, end__lte=horizon)
            | Q(type__in=[EventType.DES, EventType.THESIS], date__gte=today, date__lte=horizon)
            | Q(
                type=EventType.BREACH,
                date__gte=today - timedelta(days=lookback["breach"]),
                date__lte=today,
            )
        )
        .order_by("contract_id")
        .values_list("contract_id", flat=True)
        .distinct()[:limit]
    )


def facts_stamp(contracts) -> tuple[Any, ...]:
    """Changes whenever a fact of these contracts changes (for caches of aggregates)."""
    found = contracts.aggregate(n=Max("pk"), updated=Max("updated_at"))
    latest_event = ContractEvent.objects.filter(contract__in=contracts.values("pk")).aggregate(
        m=Max("pk")
    )
    return (contracts.count(), found["n"], found["updated"], latest_event["m"])

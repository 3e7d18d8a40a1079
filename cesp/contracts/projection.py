"""The status projection: a derived, rebuildable copy of each contract's status.

Not a fact (docs/platform.md, Performance): the list filters by status or phase with it
instead of evaluating every candidate, **only where it is fresh**, i.e. computed for
today, after the contract's last event (events are append-only: a new event or a
correction has a higher id), from the same contract facts (``updated_at``), by the same
engine version and parameters. Anything else — missing row, new event written by any
path, a new day, a new engine — falls back to the rules. Refreshed by ``record_event``
in the event's transaction and rebuilt by ``manage.py project_statuses``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .figures import engine_stamp, rows, rows_of
from .models import RULES_CONTRACT_FIELDS, Contract, ContractEvent, ContractStatusProjection


def _newer_event() -> Exists:
    """An event of the contract recorded after the projection (ids only grow: events
    are append-only, a correction or cancellation is a new event)."""
    seen = Coalesce(OuterRef("status_projection__last_event_id"), Value(0))
    return Exists(ContractEvent.objects.filter(contract=OuterRef("pk"), id__gt=seen))


def fresh_q(today: date) -> Q:
    """Contracts whose projection may be used on ``today``."""
    version, digest = engine_stamp()
    return Q(
        status_projection__computed_on=today,
        status_projection__engine_version=version,
        status_projection__parameters_digest=digest,
        status_projection__contract_updated_at=F("updated_at"),
    ) & ~Q(_newer_event())


def matching(contracts: QuerySet[Contract], wanted: set[str], today: date) -> list[int]:
    """The ids of ``contracts`` (in their order) whose status on ``today`` is in
    ``wanted``: read from the fresh projection rows, evaluated by the rules (memoised)
    for the others.

    One query reads each candidate with its projection and its last event id, through
    correlated subqueries (an index lookup each): a join lets the planner scan the
    whole projection table, and the list's count and page would run it twice more
    (docs/platform.md, Performance). The freshness test is ``fresh_q``'s, in Python."""
    version, digest = engine_stamp()
    row = ContractStatusProjection.objects.filter(
        contract=OuterRef("pk"),
        computed_on=today,
        engine_version=version,
        parameters_digest=digest,
        contract_updated_at=OuterRef("updated_at"),
    )
    last_event = (
        ContractEvent.objects.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(last=Max("id"))
        .values("last")
    )
    candidates = list(
        contracts.annotate(
            projected=Subquery(row.values("status")[:1]),
            projected_after=Subquery(row.values("last_event_id")[:1]),
            last_event=Subquery(last_event),
        ).values_list("pk", "projected", "projected_after", "last_event")
    )
    fresh = {
        pk: status
        for pk, status, after, last in candidates
        if status is not None and (last is None or last <= (after or 0))
    }
    stale = [pk for pk, *_ in candidates if pk not in fresh]
    evaluated: set[int] = set()
    if stale:
        facts = list(Contract.objects.filter(pk__in=stale).only(*RULES_CONTRACT_FIELDS))
        evaluated = {row.contract.pk for row in rows_of(facts, today) if row.status in wanted}
    return [pk for pk, *_ in candidates if pk in evaluated or fresh.get(pk) in wanted]


def refresh(contracts: Iterable[Contract], today: date) -> int:
    """Compute and store the projection of ``contracts`` (events and payments prefetched
    or not); a contract the rules refuse gets no row. Returns the rows written."""
    version, digest = engine_stamp()
    written = []
    contracts = list(contracts)
    last = dict(
        ContractEvent.objects.filter(contract__in=[c.pk for c in contracts])
        .order_by()
        .values("contract")
        .annotate(last=Max("id"))
        .values_list("contract", "last")
    )
    for row in rows(contracts, today):
        if row.result is None:
            continue
        written.append(
            ContractStatusProjection(
                contract_id=row.contract.pk,
                last_event_id=last.get(row.contract.pk),
                contract_updated_at=row.contract.updated_at,
                status=row.status,
                computed_on=today,
                engine_version=version,
                parameters_digest=digest,
            )
        )
    ContractStatusProjection.objects.filter(contract__in=[c.pk for c in contracts]).delete()
    ContractStatusProjection.objects.bulk_create(written, batch_size=2000)
    return len(written)


def stale(today: date) -> QuerySet[Contract]:
    """The contracts whose projection is missing or stale on ``today``."""
    return Contract.objects.exclude(fresh_q(today))

"""The yearly exchanges of contracts, from their facts: signature, installation or end
(``contracts.figures.milestones``), the regime (``contracts.figures.regime``) and the
exchanges held; the calendar itself is ``cesp.rules.followup.exchange_schedule``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.rules.errors import SituationError
from cesp.rules.followup import Schedule, exchange_schedule

from .enums import MeetingStatus
from .models import Meeting

#: Contracts read per batch when scheduling many (events prefetched per batch).
CHUNK = 2000


def follow_up_end(contract: Contract) -> date | None:
    """The day the yearly follow-up stops: installation (first practice, else the
    installation decision) or the breach of the contract, whichever comes first.
    Reads the contract's (prefetched) events."""
    marks = figures.milestones(contract)
    ends = [day for day in (marks.installation_date, marks.breach_date) if day]
    return min(ends) if ends else None


def is_pre2020(contract: Contract) -> bool:
    try:
        return figures.regime(contract) == "pre2020"
    except SituationError:
        return False


def schedule_of(
    contract: Contract, today: date | None = None, held: Iterable[date] | None = None
) -> Schedule:
    """The yearly exchanges of one contract on ``today``."""
    day = today or timezone.localdate()
    if held is None:
        held = Meeting.objects.filter(
            contract=contract, status=MeetingStatus.HELD, held_on__isnull=False
        ).values_list("held_on", flat=True)
    return exchange_schedule(
        contract.signature_date,
        day,
        held,
        ends=follow_up_end(contract),
        pre2020=is_pre2020(contract),
    )


def held_dates(contract_ids: Iterable[int]) -> dict[int, list[date]]:
    found: dict[int, list[date]] = defaultdict(list)
    rows = Meeting.objects.filter(
        contract_id__in=list(contract_ids), status=MeetingStatus.HELD, held_on__isnull=False
    ).values_list("contract_id", "held_on")
    for contract_id, day in rows:
        found[contract_id].append(day)
    return found


def schedules(contracts: QuerySet[Contract], today: date | None = None) -> dict[int, Schedule]:
    """``schedule_of`` for each contract of a queryset: four queries per ``CHUNK``
    contracts (ids, contracts, their events, the exchanges held), whatever their number.
    The regime is not read: it changes the texts cited, not the calendar (D2)."""
    day = today or timezone.localdate()
    result: dict[int, Schedule] = {}
    ids = list(contracts.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        batch = ids[start : start + CHUNK]
        held = held_dates(batch)
        marks = figures.milestones_of(batch)
        for contract in Contract.objects.filter(pk__in=batch).only("pk", "signature_date"):
            ends = [marks[contract.pk].installation_date, marks[contract.pk].breach_date]
            ends = [d for d in ends if d]
            result[contract.pk] = exchange_schedule(
                contract.signature_date,
                day,
                held.get(contract.pk, ()),
                ends=min(ends) if ends else None,
                pre2020=None,  # the calendar is the same for both regimes (D2)
            )
    return result

"""The follow-up's public face for the apps above (requests, observatory, web).

- ``referent_of(contract)``, ``meetings_of(contract)``, ``schedule_of`` /
  ``next_exchange(contract)``, ``threads_of(contract or user)``;
- ``has_unseen_zoning_change(contract, user)``: a zoning notice the signatory has not
  looked at yet (home page);
- ``workload(user)``: a referent's signatories with their next exchange (query-bounded);
- indicators on a set of contracts: ``share_seen_last_12_months``,
  ``share_with_referent``, ``zoning_information``, ``answer_delays``,
  ``median_answer_hours``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Max, QuerySet
from django.utils import timezone

from cesp.contracts.models import Contract
from cesp.core.notifications.enums import Status
from cesp.core.notifications.models import Message as Notice
from cesp.rules.appeals import add_months
from cesp.rules.followup import Exchange, Schedule

from .enums import MeetingStatus
from .models import Assignment, Meeting, Message, Thread, ZoningSeen
from .permissions import threads_visible_to
from .schedule import schedule_of, schedules

__all__ = [
    "Schedule",
    "answer_delays",
    "has_unseen_zoning_change",
    "median_answer_hours",
    "meetings_of",
    "next_exchange",
    "referent_of",
    "schedule_of",
    "share_seen_last_12_months",
    "share_with_referent",
    "threads_of",
    "workload",
    "zoning_information",
]

ZONING_KIND = "zoning_change"


def referent_of(contract: Contract):
    """The signatory's named referent (a user), or None."""
    current = Assignment.objects.current().filter(contract=contract).select_related("referent")
    found = current.first()
    return found.referent if found else None


def meetings_of(contract: Contract) -> QuerySet[Meeting]:
    """The contract's exchanges, latest first (planned, held and cancelled)."""
    return Meeting.objects.filter(contract=contract).select_related("referent")


def next_exchange(contract: Contract, today: date | None = None) -> Exchange | None:
    """The next yearly exchange to hold (overdue ones included), None after installation."""
    return schedule_of(contract, today).next


def threads_of(subject, user=None) -> QuerySet[Thread]:
    """The threads of a contract (those ``user`` may read when given), or of a user."""
    if isinstance(subject, Contract):
        threads = Thread.objects.filter(contract=subject)
        if user is not None:
            threads = threads.filter(pk__in=threads_visible_to(user).values("pk"))
    else:
        threads = threads_visible_to(subject)
    return threads.select_related("contract").annotate(last_at=Max("messages__sent_at"))


def has_unseen_zoning_change(contract: Contract, user=None) -> bool:
    """Whether the signatory (or ``user``) was sent a zoning-change notice about the
    contract after they last looked at its follow-up page."""
    recipient_id = getattr(user, "pk", None) or contract.signatory_id
    if recipient_id is None:
        return False
    notices = Notice.objects.filter(
        kind=ZONING_KIND, recipient_id=recipient_id, context__contract_id=contract.pk
    )
    seen = (
        ZoningSeen.objects.filter(contract=contract, user_id=recipient_id)
        .values_list("seen_at", flat=True)
        .first()
    )
    if seen is not None:
        notices = notices.filter(created_at__gt=seen)
    return notices.exists()


# --- a referent's workload ------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadRow:
    contract: Contract
    schedule: Schedule
    last_held: date | None

    @property
    def next(self) -> Exchange | None:
        return self.schedule.next

    @property
    def overdue(self) -> bool:
        return self.schedule.overdue


@dataclass(frozen=True)
class Workload:
    rows: list[WorkloadRow]

    @property
    def overdue(self) -> list[WorkloadRow]:
        return [row for row in self.rows if row.overdue]

    @property
    def upcoming(self) -> list[WorkloadRow]:
        return [row for row in self.rows if row.next is not None and not row.overdue]


def workload(user, today: date | None = None, contracts: QuerySet[Contract] | None = None):
    """The signatories whose named referent is ``user`` (or ``contracts``), each with the
    next exchange: overdue first, then by due date. A fixed number of queries."""
    day = today or timezone.localdate()
    if contracts is None:
        contracts = Contract.objects.filter(
            referent_assignments__referent=user, referent_assignments__ended_at__isnull=True
        )
    found = schedules(contracts, day)
    last = dict(
        Meeting.objects.filter(contract_id__in=list(found), status=MeetingStatus.HELD)
        .values("contract_id")
        .annotate(last=Max("held_on"))
        .values_list("contract_id", "last")
    )
    listed = Contract.objects.filter(pk__in=list(found)).select_related("signatory")
    rows = [WorkloadRow(c, found[c.pk], last.get(c.pk)) for c in listed]
    rows.sort(
        key=lambda r: (
            not r.overdue,
            r.next.due if r.next else date.max,
            r.contract.reference,
        )
    )
    return Workload(rows)


# --- indicators (observatory) ---------------------------------------------------------


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"))


def seen_last_12_months(contracts: QuerySet[Contract], today: date | None = None) -> int:
    """How many of the contracts' signatories had an exchange held in the 12 months up
    to ``today`` (included)."""
    day = today or timezone.localdate()
    since = add_months(day, -12)
    return (
        Meeting.objects.filter(
            contract__in=contracts,
            status=MeetingStatus.HELD,
            held_on__gt=since,
            held_on__lte=day,
        )
        .values("contract_id")
        .distinct()
        .count()
    )


def share_seen_last_12_months(
    contracts: QuerySet[Contract], today: date | None = None
) -> Decimal | None:
    """Share (0–1) of the contracts whose signatory had an exchange held in the 12 months
    up to ``today`` (included); None when there is no contract."""
    return _share(seen_last_12_months(contracts, today), contracts.count())


def with_referent(contracts: QuerySet[Contract]) -> int:
    """How many of the contracts' signatories have a named referent now."""
    return (
        Assignment.objects.current()
        .filter(contract__in=contracts)
        .values("contract_id")
        .distinct()
        .count()
    )


def share_with_referent(contracts: QuerySet[Contract]) -> Decimal | None:
    """Share (0–1) of the contracts whose signatory has a named referent now."""
    return _share(with_referent(contracts), contracts.count())


@dataclass(frozen=True)
class ZoningInformation:
    zoning_version_id: int
    concerned: int
    informed: int

    @property
    def share(self) -> Decimal | None:
        return _share(self.informed, self.concerned)


def zoning_information(contracts: QuerySet[Contract]) -> list[ZoningInformation]:
    """For each zoning change notified about these contracts' signatories: how many
    were concerned, and how many were informed (the e-mail went out, or they opened
    their follow-up page after the notice)."""
    ids = set(contracts.values_list("pk", flat=True))
    notices = Notice.objects.filter(kind=ZONING_KIND).values_list(
        "context", "status", "created_at", "recipient_id"
    )
    seen = {
        (contract_id, user_id): at
        for contract_id, user_id, at in ZoningSeen.objects.filter(contract_id__in=ids).values_list(
            "contract_id", "user_id", "seen_at"
        )
    }
    concerned: dict[int, set[int]] = {}
    informed: dict[int, set[int]] = {}
    for context, status, created_at, recipient_id in notices:
        contract_id, version = context.get("contract_id"), context.get("zoning_version_id")
        if contract_id not in ids or version is None:
            continue
        concerned.setdefault(version, set()).add(contract_id)
        viewed = seen.get((contract_id, recipient_id))
        if status == Status.SENT or (viewed is not None and viewed >= created_at):
            informed.setdefault(version, set()).add(contract_id)
    return [
        ZoningInformation(version, len(concerned[version]), len(informed.get(version, ())))
        for version in sorted(concerned)
    ]


def answer_delays(threads: QuerySet[Thread]) -> list[timedelta | None]:
    """For each run of a signatory's messages in these threads, the time from its first
    message to the first agent answer after it; the answered runs first, then one None
    per run still waiting."""
    rows = (
        Message.objects.filter(thread__in=threads)
        .order_by("thread_id", "sent_at", "pk")
        .values_list("thread_id", "from_signatory", "sent_at")
    )
    delays: list[timedelta | None] = []
    waiting: dict[int, datetime] = {}
    for thread_id, from_signatory, sent_at in rows:
        if from_signatory:
            waiting.setdefault(thread_id, sent_at)
        elif thread_id in waiting:
            delays.append(sent_at - waiting.pop(thread_id))
    return delays + [None] * len(waiting)


def median_answer_hours(threads: QuerySet[Thread]) -> Decimal | None:
    """Median time, in hours (one decimal), between a signatory's message and the first
    agent answer after it, over the answered messages of these threads; a run of
    signatory messages waits from its first one. None when nothing was answered."""
    hours = [d.total_seconds() / 3600 for d in answer_delays(threads) if d is not None]
    if not hours:
        return None
    return Decimal(str(statistics.median(hours))).quantize(Decimal("0.1"))

"""Reminders of the yearly exchanges and the agents' daily digest (idempotent jobs).

- **Upcoming exchange** (to the signatory): the next exchange is due within ``days``.
- **Overdue exchange** (to the named referent): the exchange's anniversary has passed and
  nothing is recorded in its window.
A contract whose follow-up has ended (installation, breach) has no next exchange, so no
reminder. Each reminder is written once per contract, kind and due date: a ``Marker``
(the les-emplois ``*_sent_at`` pattern) written in the same transaction as the kernel
message, whose own idempotency key is the same; running a job twice sends one e-mail.

- **Daily digest** (to each referent, weekdays only, only when non-empty): what happened
  since the last digest (messages from their signatories, signatories handed to them,
  exchanges that became overdue, zoning notices on their signatories). The "since" is
  the previous digest's marker (Monday's covers the weekend).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from cesp.contracts.models import Contract
from cesp.core.notifications.models import Message as Notice
from cesp.core.notifications.services import notify
from cesp.rules.followup import LATE, UPCOMING

from . import notifications as kinds
from .enums import Channel
from .models import Assignment, Marker, Message
from .schedule import CHUNK
from .schedule import schedules as schedules_of


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "à désigner"


@dataclass(frozen=True)
class Reminder:
    kind: str
    contract_id: int
    recipient_id: int
    due: date

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.contract_id}:{self.due.isoformat()}"


def planned(contracts: QuerySet[Contract], today: date, days: int = 30) -> list[Reminder]:
    """The reminders due on ``today`` for these contracts, markers not yet written (read
    by batches of ``CHUNK`` contracts)."""
    found: list[Reminder] = []
    ids = list(contracts.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        found += _planned(ids[start : start + CHUNK], today, days)
    return found


def _planned(ids: list[int], today: date, days: int) -> list[Reminder]:
    horizon = today + timedelta(days=days)
    found: list[Reminder] = []
    schedules = schedules_of(Contract.objects.filter(pk__in=ids), today)
    referents = dict(
        Assignment.objects.current()
        .filter(contract_id__in=ids)
        .values_list("contract_id", "referent_id")
    )
    signatories = dict(Contract.objects.filter(pk__in=ids).values_list("pk", "signatory_id"))
    for contract_id, schedule in schedules.items():
        upcoming = schedule.next
        if upcoming is None:
            continue
        if upcoming.status == UPCOMING and upcoming.due <= horizon:
            if signatories.get(contract_id):
                found.append(
                    Reminder(
                        kinds.EXCHANGE_UPCOMING.code,
                        contract_id,
                        signatories[contract_id],
                        upcoming.due,
                    )
                )
        elif upcoming.status == LATE and referents.get(contract_id):
            found.append(
                Reminder(
                    kinds.EXCHANGE_OVERDUE.code, contract_id, referents[contract_id], upcoming.due
                )
            )
    return _not_sent(found)


def _not_sent(reminders: list[Reminder]) -> list[Reminder]:
    fresh: list[Reminder] = []
    for start in range(0, len(reminders), CHUNK):
        batch = reminders[start : start + CHUNK]
        done = set(
            Marker.objects.filter(kind="reminder", key__in=[r.key for r in batch]).values_list(
                "key", flat=True
            )
        )
        fresh += [r for r in batch if r.key not in done]
    return fresh


def _write(reminder: Reminder, contract: Contract, recipient, referent) -> bool:
    """The marker and the kernel message of one reminder (False: written meanwhile)."""
    try:
        with transaction.atomic():
            Marker.objects.create(
                kind="reminder",
                key=reminder.key,
                user=recipient,
                contract=contract,
                sent_at=timezone.now(),
            )
            link = f"/suivi/contrat/{contract.pk}/"
            context = {
                "reference": contract.reference,
                "name": contract.signatory_name,
                "due": f"{reminder.due:%d/%m/%Y}",
                "referent": _name(referent),
                "source": "arrêté du 26 mai 2020 ; arrêté du 27 juillet 2010, art. 2 bis",
                "link": link,
            }
            notify(reminder.kind, recipient, context, idempotency_key=reminder.key, link=link)
    except IntegrityError:  # written meanwhile by a concurrent run
        return False
    return True


#: Reminders written per transaction (one commit, one enqueue of their e-mails).
WRITE_CHUNK = 500


def send(reminders: Iterable[Reminder], today: date) -> int:
    """Write the reminders, ``WRITE_CHUNK`` per transaction (a savepoint each); one whose
    marker exists (a concurrent run) is skipped."""
    written = 0
    reminders = list(reminders)
    for start in range(0, len(reminders), WRITE_CHUNK):
        batch = reminders[start : start + WRITE_CHUNK]
        contracts = Contract.objects.select_related("signatory").in_bulk(
            [r.contract_id for r in batch]
        )
        referents = dict(
            Assignment.objects.current()
            .filter(contract_id__in=list(contracts))
            .values_list("contract_id", "referent_id")
        )
        wanted = {r.recipient_id for r in batch} | set(referents.values())
        users = get_user_model().objects.in_bulk(list(wanted))
        with transaction.atomic():  # one commit per chunk; a savepoint per reminder
            for reminder in batch:
                contract = contracts.get(reminder.contract_id)
                recipient = users.get(reminder.recipient_id)
                if contract is None or recipient is None:
                    continue
                if _write(reminder, contract, recipient, users.get(referents.get(contract.pk))):
                    written += 1
    return written


# --- the daily digest ---------------------------------------------------------------


@dataclass(frozen=True)
class Digest:
    user_id: int
    since: datetime
    lines: list[str]


def _since(user_ids: list[int], now: datetime) -> dict[int, datetime]:
    last = dict(
        Marker.objects.filter(kind="digest", user_id__in=user_ids)
        .values("user_id")
        .annotate(last=Max("sent_at"))
        .values_list("user_id", "last")
    )
    return {pk: last.get(pk, now - timedelta(days=1)) for pk in user_ids}


def digests(today: date) -> list[Digest]:
    """The digests of the day, one per referent with something new (empty ones left out)."""
    now = timezone.now()
    by_referent: dict[int, list[int]] = defaultdict(list)
    for contract_id, referent_id in Assignment.objects.current().values_list(
        "contract_id", "referent_id"
    ):
        by_referent[referent_id].append(contract_id)
    since = _since(list(by_referent), now)
    done = set(
        Marker.objects.filter(kind="digest", key__endswith=f":{today.isoformat()}").values_list(
            "user_id", flat=True
        )
    )
    result = []
    for referent_id, contract_ids in by_referent.items():
        if referent_id in done:
            continue
        start = since[referent_id]
        lines = _lines(referent_id, contract_ids, start, now, today)
        if lines:
            result.append(Digest(referent_id, start, lines))
    return result


def _lines(
    referent_id: int, contract_ids: list[int], since: datetime, now: datetime, today: date
) -> list[str]:
    lines = []
    received = Message.objects.filter(
        thread__contract_id__in=contract_ids,
        thread__channel=Channel.ARS,
        from_signatory=True,
        sent_at__gt=since,
        sent_at__lte=now,
    ).count()
    if received:
        lines.append(f"- {received} message(s) de vos signataires")
    handed = Assignment.objects.filter(
        referent_id=referent_id, started_at__gt=since, started_at__lte=now
    ).count()
    if handed:
        lines.append(f"- {handed} signataire(s) vous ont été confiés")
    overdue = sum(
        1
        for schedule in schedules_of(Contract.objects.filter(pk__in=contract_ids), today).values()
        if schedule.overdue and since.date() < schedule.next.due <= today
    )
    if overdue:
        lines.append(f"- {overdue} échange(s) annuel(s) désormais en retard")
    zoning = Notice.objects.filter(
        kind="zoning_change",
        context__contract_id__in=contract_ids,
        created_at__gt=since,
        created_at__lte=now,
    ).count()
    if zoning:
        lines.append(f"- {zoning} signataire(s) touché(s) par un changement de zonage")
    return lines


def send_digests(items: list[Digest], today: date) -> int:
    users = get_user_model().objects.in_bulk([d.user_id for d in items])
    written = 0
    for item in items:
        user = users[item.user_id]
        key = f"digest:{user.pk}:{today.isoformat()}"
        try:
            with transaction.atomic():
                Marker.objects.create(kind="digest", key=key, user=user, sent_at=timezone.now())
                notify(
                    kinds.DIGEST,
                    user,
                    {
                        "count": len(item.lines),
                        "since": timezone.localtime(item.since).strftime("%d/%m/%Y à %H:%M"),
                        "lines": "\n".join(item.lines),
                        "link": "/suivi/",
                    },
                    idempotency_key=key,
                    link="/suivi/",
                )
        except IntegrityError:
            continue
        written += 1
    return written

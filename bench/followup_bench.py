"""Follow-up benchmark (issue 11, « Speed »).

On a throw-away SQLite database with ``SIGNATORIES`` synthetic contracts (default
10 000; 100 000 is the target size), each with its named referent, some installed or
ended, some exchanges held:

- ``scheduling``: the yearly-exchange schedule of every contract
  (``followup.schedule.schedules``: three queries per 2 000 contracts);
- ``first_run``: the reminder job on a database that never had one (the backlog: every
  upcoming and overdue exchange at once, kernel messages and markers written);
- ``same_day_again``: the job run again the same day: it must write nothing;
- ``next_day``: the daily run of the next day: every schedule read again, the day's new
  reminders written. The target (under 30 s for 100 000 signatories) is on this daily
  run; the figures are extrapolated linearly when run on fewer signatories (the work is
  per contract, in fixed-size batches).

Run: ``.venv/bin/python bench/run.py followup`` (``SIGNATORIES=100000`` for the full size).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SIGNATORIES = 100_000
TARGET_SECONDS = 30.0
TODAY = date(2026, 11, 24)


#: The development settings, with the production task queue: the job writes its messages
#: and enqueues them; sending them is the outbox worker's work, not the job's.
SETTINGS = """
from cesp.settings.dev import *  # noqa: F403
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
"""


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    folder = tempfile.mkdtemp()
    Path(folder, "followup_bench_settings.py").write_text(SETTINGS, encoding="utf-8")
    sys.path.insert(0, folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "followup_bench_settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _load(count: int) -> None:
    from django.utils import timezone

    from cesp.accounts.enums import OrganisationKind, Role
    from cesp.accounts.models import Organisation, User
    from cesp.contracts.enums import EventType
    from cesp.contracts.models import Contract, ContractEvent, pseudonym_for
    from cesp.followup.enums import MeetingStatus
    from cesp.followup.models import Assignment, Meeting

    rng = random.Random(11)
    ufr = Organisation.objects.create(
        kind=OrganisationKind.UFR, name="UFR", code="ufr", region_code="76"
    )
    ars = Organisation.objects.create(
        kind=OrganisationKind.ARS, name="ARS", code="ars", region_code="76"
    )
    referents = User.objects.bulk_create(
        User(username=f"ref{i}", role=Role.ARS_REFERENT, organisation=ars, email=f"r{i}@a.t")
        for i in range(50)
    )
    users = User.objects.bulk_create(
        (User(username=f"s{i}", role=Role.STUDENT, email=f"s{i}@e.t") for i in range(count)),
        batch_size=2000,
    )
    contracts = Contract.objects.bulk_create(
        (
            Contract(
                reference=f"CESP-B-{i:06d}",
                pseudonym=pseudonym_for(f"CESP-B-{i:06d}"),
                signatory=user,
                profession="medecine",
                category="second_cycle",
                campaign_year=2015 + i % 11,
                signature_date=date(2015, 1, 1) + timedelta(days=rng.randint(0, 4000)),
                ufr=ufr,
                followup_region="76",
            )
            for i, user in enumerate(users)
        ),
        batch_size=2000,
    )
    now = timezone.now()
    Assignment.objects.bulk_create(
        (
            Assignment(contract=c, referent=referents[i % 50], started_at=now)
            for i, c in enumerate(contracts)
        ),
        batch_size=2000,
    )
    events, meetings = [], []
    for i, c in enumerate(contracts):
        if i % 7 == 0:
            start = c.signature_date + timedelta(days=365 * 6)
            if start < TODAY:
                events.append(
                    ContractEvent(contract=c, type=EventType.PRACTICE, start=start, zone_share=1)
                )
        elif i % 13 == 0:
            events.append(
                ContractEvent(
                    contract=c,
                    type=EventType.BREACH,
                    date=c.signature_date + timedelta(days=500),
                    cause="voluntary",
                )
            )
        if rng.random() < 0.6:
            held = TODAY - timedelta(days=rng.randint(1, 600))
            if held > c.signature_date:
                meetings.append(
                    Meeting(
                        contract=c,
                        referent=referents[i % 50],
                        status=MeetingStatus.HELD,
                        held_on=held,
                        mode="phone",
                    )
                )
    ContractEvent.objects.bulk_create(events, batch_size=2000)
    Meeting.objects.bulk_create(meetings, batch_size=2000)


def main() -> dict:
    count = int(os.environ.get("SIGNATORIES", "10000"))
    _setup()
    import time_machine

    from cesp.contracts.models import Contract
    from cesp.followup import reminders
    from cesp.followup.schedule import schedules

    _load(count)
    with time_machine.travel(TODAY, tick=True):
        started = time.perf_counter()
        found = schedules(Contract.objects.all(), TODAY)
        scheduling = time.perf_counter() - started
        started = time.perf_counter()
        backlog = reminders.send(reminders.planned(Contract.objects.all(), TODAY), TODAY)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = reminders.send(reminders.planned(Contract.objects.all(), TODAY), TODAY)
        second = time.perf_counter() - started
    tomorrow = TODAY + timedelta(days=1)
    with time_machine.travel(tomorrow, tick=True):
        started = time.perf_counter()
        daily = reminders.send(reminders.planned(Contract.objects.all(), tomorrow), tomorrow)
        next_day = time.perf_counter() - started
    scale = TARGET_SIGNATORIES / count
    # a day's run: every schedule read, the day's new reminders written
    daily_at_target = next_day * scale
    return {
        "signatories": count,
        "scheduled": len(found),
        "overdue": sum(1 for s in found.values() if s.overdue),
        "scheduling_s": round(scheduling, 2),
        "first_run_s": round(first, 2),
        "first_run_written": backlog,
        "same_day_again_s": round(second, 2),
        "same_day_again_written": again,
        "next_day_s": round(next_day, 2),
        "next_day_written": daily,
        "scheduling_at_100000_s": round(scheduling * scale, 1),
        "daily_job_at_100000_s": round(daily_at_target, 1),
        "first_run_at_100000_s": round(first * scale, 1),
        "extrapolated": count != TARGET_SIGNATORIES,
        "target_s": TARGET_SECONDS,
        "target_met": daily_at_target < TARGET_SECONDS and again == 0,
    }


if __name__ == "__main__":
    print(main())

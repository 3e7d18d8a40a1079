"""The monthly payment run on PostgreSQL (issue 10, Speed): ``payments.runs.compute_run``
and the SEPA file of its transfers.

Setup (not measured): a fresh database ``cesp_bench_payments`` (``BENCH_DATABASE_URL``),
migrated, then N contracts (``BENCH_N``, default 20 000) written with ``bulk_create``:
medicine and odontology, 2nd and 3rd cycle, campaigns 2019–2025, a diploma recorded in
advance for some, one in the past (allocation over) for some, a suspension for some, a
confirmed account each (valid IBANs); their history paid through November 2026 (the
months the rule owed by then, as ``history`` lines, written with PostgreSQL's COPY).

Measured (wall clock and this process's CPU time; PostgreSQL runs on the same shared
machine, its time is in the wall clock only):

- ``monthly_run``: December 2026 (one line a contract, regularisations where a diploma
  passed, the transfers built);
- ``second_run``: December again (idempotent: must write nothing);
- ``file``: the pain.001 of December's transfers (schwifty on every account, sepaxml, the
  XSD validation, SHA-256);
- ``january_run_with_new_contracts``: January 2027 once ``BENCH_FIRST_N`` (default 500)
  contracts without history were added (their first run: arrears back to each effect
  date, ~45 lines a contract), for the record.

Each is also extrapolated linearly to 100 000 contracts (the work is per contract, in
chunks of 2 000 with a constant number of queries per chunk; contracts with the same
facts share their months due, so a larger N is a little cheaper per contract). Targets:
monthly run for 100 000 contracts < 60 s, file < 10 s. Run:
``.venv/bin/python bench/run.py payments_run``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cesp_bench_payments"
)
N = int(os.environ.get("BENCH_N", "20000"))
FIRST_N = int(os.environ.get("BENCH_FIRST_N", "500"))
FULL = 100_000
TARGET_RUN, TARGET_FILE = 60.0, 10.0


def _fresh_database() -> None:
    import psycopg

    name = DB_URL.rsplit("/", 1)[1]
    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    _fresh_database()
    os.environ["DATABASE_URL"] = DB_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "cesp.settings.dev"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _load(n: int, prefix: str = "CESP-BENCH") -> None:
    import time_machine
    from schwifty import IBAN

    from cesp.contracts.models import Contract, ContractEvent, pseudonym_for
    from cesp.payments.enums import AccountStatus
    from cesp.payments.models import BankAccount

    rng = random.Random(10)
    contracts = []
    for i in range(n):
        campaign = rng.randint(2019, 2025)
        reference = f"{prefix}-{i:06d}"
        contracts.append(
            Contract(
                reference=reference,
                pseudonym=pseudonym_for(reference),
                profession=rng.choice(["medecine", "medecine", "odontologie"]),
                category=rng.choice(["second_cycle", "second_cycle", "third_cycle"]),
                campaign_year=campaign,
                signature_date=date(campaign + 1, rng.randint(1, 6), rng.randint(1, 28)),
                signatory_last_name="Martin",
                signatory_first_name="Camille",
                followup_region="76",
            )
        )
    Contract.objects.bulk_create(contracts, batch_size=5000)
    events, accounts = [], []
    with time_machine.travel(datetime(2026, 10, 1, 12, tzinfo=UTC)):
        for contract in Contract.objects.filter(reference__startswith=prefix).order_by("pk"):
            draw = rng.random()
            if draw < 0.35:  # a diploma recorded in advance
                when = date(2027 + rng.randint(0, 2), rng.randint(1, 12), 15)
                if contract.profession == "medecine":
                    events.append(ContractEvent(contract=contract, type="des", date=when))
                events.append(ContractEvent(contract=contract, type="thesis", date=when))
            elif draw < 0.45 and contract.campaign_year <= 2021:  # allocation over
                when = date(2025, rng.randint(1, 12), 10)
                if contract.profession == "medecine":
                    events.append(ContractEvent(contract=contract, type="des", date=when))
                events.append(ContractEvent(contract=contract, type="thesis", date=when))
            if rng.random() < 0.1:
                start = date(contract.signature_date.year + 1, rng.randint(1, 6), 1)
                end = date(start.year, start.month + 3, 28)
                events.append(
                    ContractEvent(contract=contract, type="suspension", start=start, end=end)
                )
            iban = IBAN.generate(
                "FR", bank_code="30004", branch_code="00001", account_code=f"{contract.pk:011d}"
            )
            accounts.append(
                BankAccount(
                    contract=contract,
                    iban=iban.compact,
                    bic="BNPAFRPP",
                    holder_name="Camille Martin",
                    valid_from=contract.signature_date,
                    status=AccountStatus.CONFIRMED,
                    confirmed_at=datetime(2026, 10, 1, tzinfo=UTC),
                )
            )
        ContractEvent.objects.bulk_create(events, batch_size=5000)
        BankAccount.objects.bulk_create(accounts, batch_size=5000)


def _history(through: date) -> int:
    """The months the rule owed each contract by ``through``'s run, as lines paid
    (``history``), written with COPY: the ledger a monthly run starts from."""
    from django.db import connection

    from cesp.contracts import figures
    from cesp.contracts.models import Contract
    from cesp.payments.runs import payer_of
    from cesp.rules.errors import SituationError
    from cesp.rules.months import Month
    from cesp.rules.payments import due_for_run
    from cesp.rules.payslip import month_breakdown

    columns = (
        "contract_id, month, kind, sequence, gross, csg, csg_deductible, crds, net, "
        "taxable, pas_rate, pas, payer, origin, paid_on, recorded_at"
    )
    now = datetime(2026, 11, 20, 18, tzinfo=UTC)
    contracts = list(Contract.objects.order_by("pk"))
    rows = []
    for start in range(0, len(contracts), 2000):
        chunk = contracts[start : start + 2000]
        situations = figures.schedule_situations(chunk, through)
        for contract in chunk:
            try:
                due, _ = due_for_run(situations[contract.pk], through)
            except SituationError:
                continue
            for index in due:
                month = Month.from_index(index)
                b = month_breakdown(month)
                first_paid = (Month.of(contract.signature_date) + 1).first_day().replace(day=20)
                paid_on = max(month.first_day().replace(day=20), first_paid)
                payer = payer_of(contract.signature_date, paid_on)
                rows.append(
                    (
                        contract.pk,
                        month.first_day(),
                        "regular",
                        1,
                        b.gross,
                        b.csg,
                        b.csg_deductible,
                        b.crds,
                        b.net,
                        b.taxable,
                        0,
                        0,
                        payer,
                        "history",
                        paid_on,
                        now,
                    )
                )
    copy_sql = f"COPY payments_paymentline ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)
    written = len(rows)
    return written


def _timed(month, day: datetime):
    import time_machine

    from cesp.payments import runs

    with time_machine.travel(day):
        start, cpu = time.perf_counter(), time.process_time()
        outcome = runs.compute_run(month, apply=True)
        return time.perf_counter() - start, time.process_time() - cpu, outcome


def _figures(wall: float, cpu: float, n: int, outcome, target: float | None = None) -> dict:
    scale = FULL / n
    result = {
        "contracts": n,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "lines": outcome.lines,
        "transfers": outcome.transfers,
        "per_100k_seconds": round(wall * scale, 1),
        "per_100k_cpu_seconds": round(cpu * scale, 1),
    }
    if target is not None:
        result.update(target_seconds=target, target_met=wall * scale < target)
    return result


def main() -> dict:
    _setup()
    started = time.perf_counter()
    _load(N)
    history = _history(date(2026, 11, 20))
    load_seconds = time.perf_counter() - started

    from cesp.payments import sepa
    from cesp.payments.models import PaymentLine, PaymentRun, Transfer
    from cesp.rules.months import Month

    monthly_s, monthly_cpu, monthly = _timed(
        Month(2026, 12), datetime(2026, 12, 20, 18, tzinfo=UTC)
    )
    second_s, second_cpu, second = _timed(Month(2026, 12), datetime(2026, 12, 20, 19, tzinfo=UTC))
    run = PaymentRun.objects.get(month=date(2026, 12, 1))
    run.ordered_at = datetime(2026, 12, 20, 18, tzinfo=UTC)
    transfers = list(
        Transfer.objects.filter(run=run)
        .select_related("bank_account", "contract")
        .order_by("contract_id")
    )
    sepa.validate(sepa.build_pain001(run, transfers[:2]).content)  # XSD loaded once
    start, cpu = time.perf_counter(), time.process_time()
    built = sepa.build_pain001(run, transfers)
    file_s, file_cpu = time.perf_counter() - start, time.process_time() - cpu
    PaymentRun.objects.filter(month=date(2026, 12, 1)).update(status="sent")
    _load(FIRST_N, prefix="CESP-FIRST")
    first_s, first_cpu, first = _timed(Month(2027, 1), datetime(2027, 1, 20, 18, tzinfo=UTC))
    per_tx = FULL / max(built.transactions, 1)
    return {
        "n_contracts": N,
        "setup_seconds": round(load_seconds, 1),
        "history_lines": history,
        "monthly_run": _figures(monthly_s, monthly_cpu, N, monthly, TARGET_RUN),
        "second_run": {
            **_figures(second_s, second_cpu, N, second),
            "idempotent": second.lines == 0,
        },
        "file": {
            "seconds": round(file_s, 2),
            "cpu_seconds": round(file_cpu, 2),
            "transactions": built.transactions,
            "bytes": len(built.content),
            "per_100k_seconds": round(file_s * per_tx, 1),
            "per_100k_cpu_seconds": round(file_cpu * per_tx, 1),
            "target_seconds": TARGET_FILE,
            "target_met": file_s * per_tx < TARGET_FILE,
        },
        "january_run_with_new_contracts": {
            **_figures(first_s, first_cpu, N + FIRST_N, first),
            "new_contracts": FIRST_N,
        },
        "ledger_lines": PaymentLine.objects.count(),
        "load_average": os.getloadavg()[0],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(main(), indent=2, default=str))

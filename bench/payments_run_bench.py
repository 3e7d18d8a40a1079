"""The monthly payment run on PostgreSQL (issue 10, Speed): ``payments.runs.compute_run``
and the SEPA file of its transfers.

Setup: a fresh database ``cesp_bench_payments`` (``BENCH_DATABASE_URL``), migrated, then N
contracts (``BENCH_N``, default 5 000) written with ``bulk_create``: medicine and
odontology, 2nd and 3rd cycle, campaigns 2019–2025, a diploma recorded in advance for
some, one in the past (allocation over) for some, a suspension for some, a confirmed
account each (valid IBANs).

Measured (wall clock, this process and PostgreSQL on the same shared machine):

- ``first_run``: November 2026, the first run of every contract (arrears back to each
  effect date: ~25 lines a contract);
- ``monthly_run``: December 2026 (one line a contract, the transfers rebuilt);
- ``second_run``: December again (idempotent: must write nothing);
- ``file``: the pain.001 of December's transfers (schwifty on every account, sepaxml, the
  XSD validation, SHA-256).

Each is also extrapolated linearly to 100 000 contracts (the work is per contract, in
chunks of 2 000 with a constant number of queries per chunk). Targets: monthly run for
100 000 contracts < 60 s, file < 10 s. Run: ``.venv/bin/python bench/run.py payments_run``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cesp_bench_payments"
)
N = int(os.environ.get("BENCH_N", "5000"))
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


def _load(n: int) -> None:
    import time_machine
    from schwifty import IBAN

    from cesp.contracts.models import Contract, ContractEvent, pseudonym_for
    from cesp.payments.enums import AccountStatus
    from cesp.payments.models import BankAccount

    rng = random.Random(10)
    contracts = []
    for i in range(n):
        campaign = rng.randint(2019, 2025)
        reference = f"CESP-BENCH-{i:06d}"
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
        for contract in Contract.objects.order_by("pk"):
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


def _timed(month, day: datetime):
    import time_machine

    from cesp.payments import runs

    with time_machine.travel(day):
        start = time.perf_counter()
        outcome = runs.compute_run(month, apply=True)
        return time.perf_counter() - start, outcome


def main() -> dict:
    _setup()
    started = time.perf_counter()
    _load(N)
    load_seconds = time.perf_counter() - started

    from cesp.payments import sepa
    from cesp.payments.models import PaymentLine, PaymentRun, Transfer
    from cesp.rules.months import Month

    first_s, first = _timed(Month(2026, 11), datetime(2026, 11, 20, 18, tzinfo=UTC))
    PaymentRun.objects.filter(month=date(2026, 11, 1)).update(status="sent")
    monthly_s, monthly = _timed(Month(2026, 12), datetime(2026, 12, 20, 18, tzinfo=UTC))
    second_s, second = _timed(Month(2026, 12), datetime(2026, 12, 20, 19, tzinfo=UTC))
    run = PaymentRun.objects.get(month=date(2026, 12, 1))
    run.ordered_at = datetime(2026, 12, 20, 18, tzinfo=UTC)
    transfers = list(
        Transfer.objects.filter(run=run)
        .select_related("bank_account", "contract")
        .order_by("contract_id")
    )
    start = time.perf_counter()
    built = sepa.build_pain001(run, transfers)
    file_s = time.perf_counter() - start
    scale = FULL / N
    result = {
        "n_contracts": N,
        "load_seconds": round(load_seconds, 1),
        "first_run": {
            "seconds": round(first_s, 2),
            "lines": first.lines,
            "transfers": first.transfers,
            "per_100k_seconds": round(first_s * scale, 1),
        },
        "monthly_run": {
            "seconds": round(monthly_s, 2),
            "lines": monthly.lines,
            "transfers": monthly.transfers,
            "per_100k_seconds": round(monthly_s * scale, 1),
            "target_seconds": TARGET_RUN,
            "target_met": monthly_s * scale < TARGET_RUN,
        },
        "second_run": {
            "seconds": round(second_s, 2),
            "lines_written": second.lines,
            "idempotent": second.lines == 0,
        },
        "file": {
            "seconds": round(file_s, 2),
            "transactions": built.transactions,
            "bytes": len(built.content),
            "per_100k_seconds": round(file_s * FULL / max(built.transactions, 1), 1),
            "target_seconds": TARGET_FILE,
            "target_met": file_s * FULL / max(built.transactions, 1) < TARGET_FILE,
        },
        "ledger_lines": PaymentLine.objects.count(),
        "ledger_net": str(sum(PaymentLine.objects.values_list("net", flat=True), Decimal(0))),
        "load_average": os.getloadavg()[0],
    }
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(main(), indent=2, default=str))

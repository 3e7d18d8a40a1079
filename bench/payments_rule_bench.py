"""`cesp rules payments` throughput: contracts per second with a full career (issue 10, Speed).

The work, per contract: its JSON text → ``json.loads`` → ``payment_schedule`` (every monthly
run from the signature to two years after the diploma, each line) → ``to_dict`` → JSON text:
what ``cesp rules payments`` does for each situation of a list. N varied contracts (seeded):
medicine and odontology, 2nd/3rd cycle, campaigns 2012–2022, a suspension learned late for
some, diplomas learned up to a year late (regularisations), a deferral, a breach for some.
Every contract is replayed through a month after its last recorded fact, so every balance
must be 0.00 (checked: ``agreement.unbalanced``).

Measured per CPU second of this process (one core), wall-clock alongside; plus the command
itself on a list file of N contracts in a child process (start-up and file reading
included), wall and CPU.
Target: ≥ 1 000 contracts/s. Run: ``.venv/bin/python bench/run.py payments_rule``;
``BENCH_N`` sets N (default 3 000).
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1000


def career(rng: random.Random, number: int) -> dict:
    profession = rng.choice(["medecine", "medecine", "odontologie"])
    category = rng.choice(["second_cycle", "second_cycle", "third_cycle"])
    campaign = rng.randint(2012, 2022)
    signature = date(campaign + 1, 3, 1) + timedelta(days=rng.randint(0, 150))
    events: list[dict] = []

    def learned(day: date, late: int) -> str:
        return max(signature, day + timedelta(days=rng.randint(0, late))).isoformat()

    if rng.random() < 0.3:
        start = date(campaign + 2, rng.randint(1, 12), 1)
        end = start + timedelta(days=rng.randint(40, 200))
        events.append(
            {
                "type": "suspension",
                "from": start.isoformat(),
                "to": end.isoformat(),
                "recorded_on": learned(start, 90),
            }
        )
    diploma = date(campaign + rng.randint(4, 8), rng.randint(1, 12), rng.randint(1, 28))
    recorded = []
    if profession == "medecine":
        des = diploma - timedelta(days=rng.randint(0, 60))
        recorded.append(learned(des, 365))
        events.append({"type": "des", "date": des.isoformat(), "recorded_on": recorded[-1]})
    recorded.append(learned(diploma, 365))
    events.append({"type": "thesis", "date": diploma.isoformat(), "recorded_on": recorded[-1]})
    last = diploma
    if rng.random() < 0.3:
        start = diploma + timedelta(days=1)
        end = start + timedelta(days=rng.randint(60, 330))
        events.append(
            {
                "type": "deferral",
                "from": start.isoformat(),
                "to": end.isoformat(),
                "recorded_on": max([*recorded, start.isoformat()]),
            }
        )
        last = end
    elif rng.random() < 0.2:
        breach = diploma + timedelta(days=rng.randint(30, 400))
        events.append(
            {
                "type": "breach",
                "date": breach.isoformat(),
                "cause": "voluntary",
                "recorded_on": learned(breach, 120),
            }
        )
        last = breach
    seen = max([last.isoformat(), *(e["recorded_on"] for e in events)])
    through = date.fromisoformat(seen) + timedelta(days=400)
    return {
        "id": f"B{number}",
        "profession": profession,
        "category": category,
        "campaign_year": campaign,
        "signature_date": signature.isoformat(),
        "as_of": through.isoformat(),
        "events": events,
    }


def corpus(n: int) -> list[str]:
    rng = random.Random(20261202)
    return [json.dumps(career(rng, number)) for number in range(n)]


def main() -> dict:
    sys.path.insert(0, str(ROOT))
    from cesp.rules.payments import payment_schedule

    n = int(os.environ.get("BENCH_N", "3000"))
    texts = corpus(n)
    payment_schedule(json.loads(texts[0]))  # warm the parameter caches
    runs = lines = unbalanced = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        schedule = payment_schedule(json.loads(text))
        json.dumps(schedule.to_dict(), ensure_ascii=False)
        runs += len(schedule.runs)
        lines += sum(len(run.lines) for run in schedule.runs)
        unbalanced += schedule.balance_net != 0
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    rate = n / cpu

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "contracts.json"
        path.write_text("[" + ",\n".join(texts) + "]", encoding="utf-8")
        started = time.perf_counter()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [sys.executable, "-m", "cesp.cli", "rules", "payments", str(path)],
            cwd=ROOT,
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        command_seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        command_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return {
        "contracts": n,
        "runs_per_contract": round(runs / n, 1),
        "lines_per_contract": round(lines / n, 1),
        "agreement": {"unbalanced": unbalanced},
        "contracts_per_cpu_second": round(rate),
        "contracts_per_wall_second": round(n / wall),
        "command": {
            "exit": done.returncode,
            "seconds": round(command_seconds, 2),
            "contracts_per_wall_second": round(n / command_seconds),
            "contracts_per_cpu_second": round(n / command_cpu),
        },
        "load_average": round(os.getloadavg()[0], 1),
        "target": {"contracts_per_second": TARGET, "target_met": rate >= TARGET},
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))

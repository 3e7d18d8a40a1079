"""Rules engine throughput: cesp against OpenFisca on the same work (issue 2, « Speed »).

The work: for each of N varied contracts, build the situation from its JSON text and
compute the months of allocation and the total paid (gross). Measured, one core, in
one run:

- ``cesp_same_work``: ``json.loads`` → ``parse_situation`` → ``compute_allocation`` (no
  explanation) — exactly the work OpenFisca does; the 3× target is measured on this path;
- ``cesp_summary``: ``json.loads`` → ``evaluate(..., explain=False)`` → summary dict (figures
  without rendering the explanation);
- ``cesp_explained``: the same plus the full explanation (flat list and tree) as data;
  ``cesp_explained_json`` also serialises it to JSON text (the CLI's output);
- ``openfisca_per_situation``: a minimal OpenFisca system (bench/openfisca_cesp.py), one
  simulation per situation — the same unit of work as cesp's;
- ``openfisca_vectorised``: all N situations in one OpenFisca simulation, for reference
  (OpenFisca's strength; not the per-situation path of the target).

Both engines must agree on every contract's months and total (checked). Rates are per
CPU second of the benchmark process (one core: what the targets mean, and stable on a shared
machine), with wall-clock rates and the load average alongside. Peak memory is
measured with ``tracemalloc`` in a separate pass (tracing slows the code it measures),
plus the process's maximum resident set size. Targets: cesp ≥ 3× OpenFisca per
situation (same work), ≥ 5 000 situations/s (summary: every figure of interfaces.md §1),
≥ 1 000/s (with explanations).

Run: ``make bench`` or ``.venv/bin/python bench/run.py rules``; ``BENCH_N`` sets N.
"""

from __future__ import annotations

import gc
import json
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cesp.rules.allocation import compute_allocation
from cesp.rules.evaluate import evaluate
from cesp.rules.explain import quiet
from cesp.rules.situation import parse_situation

AS_OF = "2026-11-24"
TARGET_RATIO = 3.0
TARGET_SUMMARY = 5000
TARGET_EXPLAINED = 1000


def _day(start: date, low: int, high: int, rng: random.Random) -> date:
    return start + timedelta(days=rng.randint(low, high))


def make_situation(rng: random.Random, index: int) -> dict:
    """One plausible contract: studies, diplomas, maybe a suspension, practice, breach."""
    profession = rng.choice(("medecine", "medecine", "medecine", "odontologie"))
    category = rng.choice(("second_cycle", "second_cycle", "third_cycle"))
    campaign = rng.randint(2010, 2024)
    opening = date(campaign, 11 if category == "third_cycle" else 10, 1)
    signature = _day(date(campaign + 1, 5, 1), 0, 75, rng)
    events: list[dict] = []
    years = rng.randint(1, 4) if category == "third_cycle" else rng.randint(2, 8)
    diploma = _day(opening, 365 * years, 365 * years + 300, rng)
    if rng.random() < 0.25:
        first = _day(opening, 60, 300, rng).replace(day=1)
        last = first + timedelta(days=rng.randint(35, 150))
        events.append(
            {
                "type": "suspension",
                "from": first.isoformat(),
                "to": last.isoformat(),
                "reason": "maladie",
            }
        )
    if profession == "medecine":
        events.append({"type": "des", "date": (diploma - timedelta(days=40)).isoformat()})
    events.append({"type": "thesis", "date": diploma.isoformat()})
    practice = (diploma + timedelta(days=60)).replace(day=1)
    if rng.random() < 0.6:
        share = rng.choice((1.0, 1.0, 0.75, 0.5))
        events.append(
            {"type": "practice", "from": practice.isoformat(), "to": None, "zone_share": share}
        )
    if rng.random() < 0.15:
        breach = _day(signature, 30, 2500, rng)
        events.append({"type": "breach", "date": breach.isoformat(), "cause": "voluntary"})
    rng.shuffle(events)
    return {
        "id": f"C{index:06d}",
        "profession": profession,
        "category": category,
        "campaign_year": campaign,
        "signature_date": signature.isoformat(),
        "as_of": AS_OF,
        "events": events,
    }


def corpus(n: int, seed: int = 20261124) -> list[str]:
    """N situation JSON texts that the engine accepts (refused draws are redrawn)."""
    rng = random.Random(seed)
    texts: list[str] = []
    index = 0
    while len(texts) < n:
        situation = make_situation(rng, index)
        index += 1
        try:
            evaluate(situation)
        except ValueError:
            continue  # an implausible draw (e.g. a breach after the as_of date)
        texts.append(json.dumps(situation))
    return texts


def cesp_same_work(text: str) -> tuple[int, Decimal]:
    """Exactly the benchmark's work: parse the situation, compute the allocation only."""
    situation = parse_situation(json.loads(text))
    breach = situation.first("breach")
    with quiet():
        allocation = compute_allocation(
            situation, situation.as_of, breach.date if breach else None, None
        ).value
    return allocation.count, allocation.gross_total


def cesp_summary(text: str) -> tuple[int, Decimal]:
    result = evaluate(json.loads(text), explain=False).summary_dict()
    return result["allocation"]["months"], Decimal(result["allocation"]["gross_total"])


def cesp_explained(text: str) -> tuple[int, Decimal]:
    """The figures and the full explanation (flat list and tree) as data."""
    result = evaluate(json.loads(text)).to_dict(explain=True)
    return result["allocation"]["months"], Decimal(result["allocation"]["gross_total"])


def cesp_explained_json(text: str) -> tuple[int, Decimal]:
    """The same, serialised to JSON text (what ``cesp rules evaluate`` prints)."""
    result = evaluate(json.loads(text)).to_dict(explain=True)
    json.dumps(result, ensure_ascii=False)
    return result["allocation"]["months"], Decimal(result["allocation"]["gross_total"])


def throughput(function, texts: list[str]) -> tuple[float, list, float]:
    """Situations per second of ``function`` over ``texts`` — by CPU time of this process
    (one core; robust to other processes on a shared machine) and by wall-clock time —
    best of 2 runs each, and the results."""
    best_cpu, best_wall, results = 0.0, 0.0, []
    for _ in range(2):
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        results = [function(text) for text in texts]
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        best_cpu = max(best_cpu, len(texts) / max(cpu, 1e-9))
        best_wall = max(best_wall, len(texts) / wall)
    return best_cpu, results, best_wall


def peak_memory_mib(function, texts: list[str]) -> float:
    gc.collect()
    tracemalloc.start()
    for text in texts:
        function(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 2)


def secondary_rates() -> dict:
    """Throughput (per CPU second) of the secondary rules used in bulk by other modules."""
    from cesp.rules import zones
    from cesp.rules.eligibility import Application, eligibility

    rng = random.Random(7)
    days = [date(2018, 1, 1) + timedelta(days=30 * i) for i in range(100)]
    lookups = [
        (rng.choice(zones.DOCTOR_CLASSES), "medecine", rng.choice(days)) for _ in range(50000)
    ]
    started = time.process_time()
    for zone, profession, day in lookups:
        zones.counts_for_cesp(zone, profession, day)
    zone_rate = len(lookups) / (time.process_time() - started)
    applications = [
        Application("medecine", "second_cycle", rng.choice(days), study_year=4) for _ in range(5000)
    ]
    started = time.process_time()
    for application in applications:
        eligibility(application)
    return {
        "zone_lookups_cached": round(zone_rate),
        "eligibility_explained": round(len(applications) / (time.process_time() - started)),
    }


def main() -> dict:
    import openfisca_cesp as of

    n = int(os.environ.get("BENCH_N", "10000"))
    n_openfisca = min(n, int(os.environ.get("BENCH_N_OPENFISCA", "3000")))
    texts = corpus(n)
    evaluate(json.loads(texts[0])).to_dict()  # warm caches (parameters, digest)

    same_rate, same, same_wall = throughput(cesp_same_work, texts)
    summary_rate, summary, summary_wall = throughput(cesp_summary, texts)
    explained_rate, _, explained_wall = throughput(cesp_explained, texts)
    explained_json_rate, _, explained_json_wall = throughput(cesp_explained_json, texts)

    system = of.build_system()
    subset = texts[:n_openfisca]
    openfisca_rate, openfisca, openfisca_wall = throughput(
        lambda t: of.compute_one(system, t), subset
    )
    started = time.process_time()
    vectorised = of.compute_vectorised(system, texts, AS_OF[:7])
    vectorised_rate = n / (time.process_time() - started)

    mismatches = sum(
        1
        for (months, paid), (of_months, of_paid) in zip(summary, openfisca, strict=False)
        if months != of_months or paid != Decimal(str(of_paid)).quantize(Decimal("0.01"))
    )
    mismatches += sum(1 for (m, _), v in zip(summary, vectorised, strict=True) if m != v)
    mismatches += sum(1 for left, right in zip(summary, same, strict=True) if left != right)

    memory_sample = texts[: min(n, 2000)]
    ratio = same_rate / openfisca_rate
    return {
        "situations": n,
        "openfisca_situations": n_openfisca,
        "agreement": {"mismatches": mismatches},
        "situations_per_cpu_second": {
            "cesp_same_work": round(same_rate),
            "cesp_summary": round(summary_rate),
            "cesp_explained": round(explained_rate),
            "cesp_explained_json": round(explained_json_rate),
            "openfisca_per_situation": round(openfisca_rate),
            "openfisca_vectorised": round(vectorised_rate),
        },
        "situations_per_wall_second": {
            "cesp_same_work": round(same_wall),
            "cesp_summary": round(summary_wall),
            "cesp_explained": round(explained_wall),
            "cesp_explained_json": round(explained_json_wall),
            "openfisca_per_situation": round(openfisca_wall),
        },
        "load_average_1min": round(os.getloadavg()[0], 1),
        "ratio_cesp_same_work_vs_openfisca": round(ratio, 2),
        "ratio_cesp_summary_vs_openfisca": round(summary_rate / openfisca_rate, 2),
        "ratio_cesp_explained_vs_openfisca": round(explained_rate / openfisca_rate, 2),
        "peak_traced_mib_per_2000": {
            "cesp_summary": peak_memory_mib(cesp_summary, memory_sample),
            "cesp_explained": peak_memory_mib(cesp_explained, memory_sample),
            "openfisca_per_situation": peak_memory_mib(
                lambda t: of.compute_one(system, t), memory_sample[:500]
            ),
        },
        "secondary_rules_per_cpu_second": secondary_rates(),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {
            "ratio_ge_3": ratio >= TARGET_RATIO,
            "summary_ge_5000": summary_rate >= TARGET_SUMMARY,
            "explained_ge_1000": explained_rate >= TARGET_EXPLAINED,
        },
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))

"""Territories benchmark (issue 4, « Speed »).

- ``lookups``: in-process lookups per second on the index of stored zonings (target
  ≥ 50 000/s), both the fast path (``zone_of``) and the full answer with its explanation
  (``lookup``), on random communes of all regions and random dates;
- ``national_import``: importing one national zoning file of every commune of the 18
  regions (34 875 communes, CSV) into SQLite, validation report included (target < 10 s);
- ``occitanie_map``: rendering the commune-level zoning map of Occitanie (4 446
  communes) as SVG, cold (geometry read and projected) and warm (target < 2 s).

Runs on a throw-away SQLite database. Run: ``.venv/bin/python bench/run.py territories``.
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


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    handle, path = tempfile.mkstemp(suffix=".sqlite3")
    os.close(handle)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cesp.settings.dev"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _national_file() -> bytes:
    from cesp.core import geography

    classes = ("1_ZIP", "2_ZAC", "2_ZAC", "4_ZAR")
    rng = random.Random(4)
    lines = ["insee_com;nom;zonage"]
    lines += [
        f"{c.code};{c.name};{rng.choice(classes)}"
        for c in geography.all_communes()
        if c.zone != "com"
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def bench_import() -> dict:
    from cesp.territories.services import import_zoning

    data = _national_file()
    started = time.perf_counter()
    result = import_zoning(
        data,
        "national.csv",
        profession="medecine",
        valid_from=date(2025, 5, 16),
        act="Bench national",
        notify=False,
    )
    seconds = time.perf_counter() - started
    assert result.ok, result.report.as_text()
    communes = len(result.report.assignments)
    return {
        "communes": communes,
        "versions": len(result.versions),
        "seconds": round(seconds, 2),
        "target_seconds": 10,
        "target_met": seconds < 10,
    }


def bench_lookups(n: int = 200_000) -> dict:
    from cesp.core import geography
    from cesp.territories.services import current_index

    index = current_index()
    rng = random.Random(7)
    codes = [c.code for c in geography.all_communes() if c.zone != "com"]
    start = date(2025, 5, 16)
    queries = [(rng.choice(codes), start + timedelta(days=rng.randrange(700))) for _ in range(n)]
    started = time.perf_counter()
    found = sum(1 for code, day in queries if index.zone_of(code, "medecine", day))
    fast = n / (time.perf_counter() - started)
    sample = queries[: n // 4]
    started = time.perf_counter()
    for code, day in sample:
        index.lookup(code, day, "medecine")
    full = len(sample) / (time.perf_counter() - started)
    return {
        "fast_path_per_s": round(fast),
        "full_answer_per_s": round(full),
        "found": found,
        "lookups": n,
        "target_per_s": 50_000,
        "target_met": fast >= 50_000,
    }


def bench_map() -> dict:
    from cesp.core import geography
    from cesp.territories import maps

    zones = {
        c.code: random.Random(c.code).choice(["ZIP", "ZAC", "ZAR"])
        for c in geography.communes_in_region("76")
    }
    started = time.perf_counter()
    svg = maps.zoning_map("76", zones, "Zonage", "bench")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    maps.zoning_map("76", zones, "Zonage", "bench")
    warm = time.perf_counter() - started
    return {
        "communes": len(zones),
        "cold_seconds": round(cold, 3),
        "warm_seconds": round(warm, 3),
        "svg_bytes": len(svg),
        "target_seconds": 2,
        "target_met": cold < 2,
    }


def main() -> dict:
    _setup()
    national_import = bench_import()
    lookups = bench_lookups()
    occitanie_map = bench_map()
    return {
        "lookups": lookups,
        "national_import": national_import,
        "occitanie_map": occitanie_map,
        "target_met": all(x["target_met"] for x in (lookups, national_import, occitanie_map)),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(main(), indent=2))

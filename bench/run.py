"""Run every ``bench/*_bench.py`` and print a summary (``make bench``).

The pattern for a benchmark: a module ``bench/<topic>_bench.py`` with a function
``main() -> dict`` that does its own measuring and returns its figures, a flat or nested
dict of numbers and strings (include the targets and whether they were met, e.g.
``{"target_met": True}``). Nothing else is needed: this runner finds it.

Usage: ``.venv/bin/python bench/run.py [NAME ...] [--json OUT]``; NAME filters the
benchmarks by a substring of their file name (``rules`` runs ``rules_bench.py`` only).
Each benchmark runs in its own process, so that one benchmark's memory and warm caches
do not flatter or penalise the next. Exit status 1 when a benchmark fails to run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

CHILD = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("bench_module", sys.argv[1])
module = importlib.util.module_from_spec(spec)
sys.path.insert(0, sys.argv[2])
spec.loader.exec_module(module)
print("@@RESULT@@" + json.dumps(module.main(), default=str))
"""


def discover(filters: list[str]) -> list[Path]:
    """Every ``*_bench.py`` under ``bench/``, sorted, filtered by substrings."""
    found = sorted(BENCH_DIR.glob("*_bench.py"))
    if filters:
        found = [path for path in found if any(f in path.name for f in filters)]
    return found


def run_one(path: Path) -> dict:
    """Run one benchmark in a child process; its figures, or the error it raised."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(BENCH_DIR)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = round(time.perf_counter() - started, 1)
    for line in completed.stdout.splitlines():
        if line.startswith("@@RESULT@@"):
            return {"ok": True, "seconds": elapsed, "figures": json.loads(line[10:])}
    tail = (completed.stderr or completed.stdout).strip().splitlines()[-5:]
    return {"ok": False, "seconds": elapsed, "error": "\n".join(tail)}


def flatten(figures: dict, prefix: str = "") -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += flatten(value, name + ".")
        else:
            rows.append((name, value))
    return rows


def summary(results: dict[str, dict]) -> str:
    lines = []
    for name, result in results.items():
        if not result["ok"]:
            lines.append(f"== {name}: ÉCHEC ({result['seconds']} s)\n{result['error']}")
            continue
        lines.append(f"== {name} ({result['seconds']} s)")
        rows = flatten(result["figures"])
        width = max((len(key) for key, _ in rows), default=0)
        lines += [f"  {key:<{width}}  {value}" for key, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="sous-chaînes des noms de fichiers")
    parser.add_argument("--json", type=Path, help="écrire aussi les résultats en JSON")
    args = parser.parse_args(argv)
    paths = discover(args.names)
    if not paths:
        print("aucun benchmark trouvé (bench/*_bench.py)", file=sys.stderr)
        return 1
    results = {}
    for path in paths:
        print(f"… {path.name}", file=sys.stderr, flush=True)
        results[path.stem] = run_one(path)
    print(summary(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0 if all(result["ok"] for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Observatory benchmark (issue 5, « Speed »).

The full report on 100 000 synthetic profiles (``cesp observatory synth``), each run as
the real command in its own process, timed wall-clock from start to file written, with
the child's peak resident memory (``ru_maxrss``):

- ``json``: read + validate (commune codes included) + analyse + JSON (target < 10 s);
- ``pdf``: the same plus figures and tables in a PDF (target < 30 s);
- ``html``: self-contained HTML with inline SVG and maps (no target, reported);
- memory: peak of each run (target < 1 GB).

Run: ``.venv/bin/python bench/run.py observatory`` (``PROFILES`` overrides 100 000).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"json": 10.0, "pdf": 30.0, "html": None}
MEMORY_TARGET_MB = 1024

CHILD = """
import resource, sys
from cesp.cli import main
code = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"@@PEAK@@{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(code)
"""


def _run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds of ``cesp ARGS`` in a fresh
    interpreter (CPU time shows the cost when other work shares the machine)."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-2000:])
    peak_kb, cpu = completed.stdout.rsplit("@@PEAK@@", 1)[1].split()
    return round(elapsed, 2), round(int(peak_kb) / 1024, 1), round(float(cpu), 2)


def main() -> dict:
    profiles = int(os.environ.get("PROFILES", "100000"))
    with tempfile.TemporaryDirectory() as tmp:
        cohort = Path(tmp) / "cohort.csv"
        synth_seconds, synth_mb, synth_cpu = _run(
            [
                "observatory",
                "synth",
                "--profiles",
                str(profiles),
                "--seed",
                "1",
                "--out",
                str(cohort),
            ]
        )
        figures: dict = {
            "profiles": profiles,
            "synth": {"seconds": synth_seconds, "cpu_seconds": synth_cpu, "peak_mb": synth_mb},
            "cpu_count": os.cpu_count(),
            "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        }
        met = True
        for fmt, target in TARGETS.items():
            out = Path(tmp) / f"report.{fmt}"
            seconds, peak_mb, cpu = _run(
                [
                    "observatory",
                    "report",
                    str(cohort),
                    "--format",
                    fmt,
                    "--out",
                    str(out),
                    "--as-of",
                    "2023-09-30",
                ]
            )
            entry = {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_mb": peak_mb,
                "bytes": out.stat().st_size,
                "target_seconds": target,
                "memory_target_mb": MEMORY_TARGET_MB,
            }
            if target is not None:
                entry["target_met"] = seconds < target and peak_mb < MEMORY_TARGET_MB
                met = met and entry["target_met"]
            figures[fmt] = entry
        figures["target_met"] = met
        figures["max_rss_children_mb"] = round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        )
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(main(), indent=2))

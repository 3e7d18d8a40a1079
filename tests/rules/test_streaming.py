"""The command line streams its results (issue 12 §5): memory stays flat whatever N.

No timing here: ``tracemalloc`` peaks of the same command on N and 4N situations, and the
size of a result with its explanation (each step written once).
"""

from __future__ import annotations

import json
import sys
import tracemalloc
from datetime import date, timedelta

import pytest

from cesp.rules import cli, evaluate


def _situations(n: int) -> list[dict]:
    """N varied situations with explanations of some depth (studies, practice, breaches)."""
    items = []
    for index in range(n):
        campaign = 2012 + index % 12
        signature = date(campaign + 1, 5, 2) + timedelta(days=index % 60)
        thesis = date(campaign + 6, 10, 1) + timedelta(days=index % 90)
        events = [
            {"type": "des", "date": (thesis - timedelta(days=30)).isoformat()},
            {"type": "thesis", "date": thesis.isoformat()},
            {"type": "practice", "from": date(thesis.year + 1, 1, 1).isoformat()},
        ]
        if index % 3 == 0:
            breach = date(thesis.year + 2, 3, 1).isoformat()
            events.append({"type": "breach", "date": breach, "cause": "voluntary"})
        items.append(
            {
                "id": f"S{index}",
                "profession": "medecine",
                "category": "second_cycle",
                "campaign_year": campaign,
                "signature_date": signature.isoformat(),
                "as_of": "2026-11-24",
                "events": events,
            }
        )
    return items


def _peak(monkeypatch, tmp_path, argv_of, n: int) -> int:
    """Peak traced memory (bytes) of one command on n situations, input read beforehand."""
    data = _situations(n)
    source = tmp_path / f"in{n}.jsonl"
    source.write_text("\n".join(json.dumps(item) for item in data) + "\n", encoding="utf-8")
    monkeypatch.setattr(cli, "load_situations", lambda path: data)
    evaluate(data[0], explain=True).to_dict()  # warm every cache before measuring
    with open(tmp_path / f"out{n}.txt", "w", encoding="utf-8") as sink:
        monkeypatch.setattr(sys, "stdout", sink)
        tracemalloc.start()
        try:
            assert cli.main(argv_of(source, tmp_path / f"out{n}.jsonl")) == 0
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            monkeypatch.setattr(sys, "stdout", sys.__stdout__)


@pytest.mark.parametrize(
    "argv_of",
    [
        lambda source, out: ["evaluate", "situations.json", "--format", "json"],
        lambda source, out: ["evaluate", "situations.json", "--format", "text"],
        lambda source, out: ["batch", str(source), str(out), "--explain"],
    ],
    ids=["evaluate-json", "evaluate-text", "batch-explain"],
)
def test_memory_stays_flat_from_n_to_4n(monkeypatch, tmp_path, argv_of):
    small = _peak(monkeypatch, tmp_path, argv_of, 40)
    large = _peak(monkeypatch, tmp_path, argv_of, 160)
    # Holding every result would grow the peak fourfold; streaming keeps it bounded.
    assert large < small * 1.5 + 256 * 1024, (small, large)


def test_a_result_with_its_explanation_is_small_and_complete():
    """Each step once (no flat list plus tree), the tree recoverable from ``parent``.

    Sizes measured on the benchmark's corpus are in docs/bench.md (8 KB on average, from
    25 KB); these deeper situations (pre-2020 rates, breaches) stay under 12 KB."""
    for item in _situations(12):
        evaluation = evaluate(item)
        result = evaluation.to_dict()
        text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
        assert len(text.encode()) <= 12 * 1024
        steps = list(evaluation.tree.walk())
        assert len(result["explanation"]) == len(steps)
        for entry, step in zip(result["explanation"], steps, strict=True):
            assert entry["figure"] == step.figure and entry["rule"] == step.rule
            if "parent" in entry:
                parent = result["explanation"][entry["parent"]]
                assert (
                    step
                    in next(
                        s for s in steps if s.figure == parent["figure"] and step in s.children
                    ).children
                )

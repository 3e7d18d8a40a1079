"""The offer cascade of ``cesp rules offers`` (docs/interfaces.md §4): example, conventions,
invalid input, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cesp.rules import cascade, cli
from cesp.rules.errors import SituationError

EXAMPLE = """\
campaign_year: 2025          # academic year of the campaign
quota: 3                     # contracts open (quota arrêté, after any fungibility)
quota_published: 2026-07-17  # day the quota is known: offers start that day
lists_quota: 3               # contracts open when the lists were drawn (default: quota)
principal: [c1, c2, c3]      # ranked; at most `lists_quota` names
complementary: [c4, c5, c6]  # ranked; at most k × lists_quota names (R8: k = 4 from
                             # campaign 2013, whose lists date from December 2013; 3 before)
delivery_days: 0             # days from dispatch to proven receipt (0: portal)
answers:                     # by candidate, one answer each; absent = no answer
  c1: {signed: 2026-07-30}
  c2: {declined: 2026-07-20}
  c3: {signed: 2026-08-10}
  c4: {signed: 2026-08-01}
"""


def offer(candidate, list_name, rank, dispatched, receipt, deadline, outcome, ended, late=False):
    return {
        "candidate": candidate,
        "list": list_name,
        "rank": rank,
        "dispatched": dispatched,
        "receipt": receipt,
        "deadline": deadline,
        "outcome": outcome,
        "ended": ended,
        "late": late,
    }


EXPECTED = {
    "offers": [
        offer(
            "c1", "principal", 1, "2026-07-17", "2026-07-17", "2026-08-16", "signed", "2026-07-30"
        ),
        offer(
            "c2", "principal", 2, "2026-07-17", "2026-07-17", "2026-08-16", "declined", "2026-07-20"
        ),
        offer(
            "c3", "principal", 3, "2026-07-17", "2026-07-17", "2026-08-16", "signed", "2026-08-10"
        ),
        offer(
            "c4",
            "complementary",
            1,
            "2026-07-20",
            "2026-07-20",
            "2026-08-19",
            "signed",
            "2026-08-01",
        ),
    ],
    "signed": 3,
    "unfilled": 0,
    "not_offered": ["c5", "c6"],
}


def run(data: dict[str, Any]) -> dict[str, Any]:
    return cascade.replay(cascade.parse_campaign(data)).to_dict()


def base(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "campaign_year": 2025,
        "quota": 1,
        "quota_published": "2026-07-17",
        "principal": ["a"],
        "complementary": ["b", "c"],
    }
    data.update(changes)
    return data


def refused(data: dict[str, Any]) -> SituationError:
    with pytest.raises(SituationError) as error:
        run(data)
    return error.value


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------------- example


def test_worked_example_of_the_interface() -> None:
    from cesp.rules.params import load_yaml

    assert run(load_yaml(EXAMPLE)) == EXPECTED


# ---------------------------------------------------------------------------- conventions


def test_first_quota_candidates_on_quota_published_in_list_then_rank_order() -> None:
    result = run(base(quota=2, lists_quota=2, principal=["a", "b"], complementary=["c"]))
    # Nobody answers: both lapse the day after the deadline, then c alone is offered.
    assert [(o["candidate"], o["dispatched"]) for o in result["offers"]] == [
        ("a", "2026-07-17"),
        ("b", "2026-07-17"),
        ("c", "2026-08-17"),
    ]
    assert result["signed"] == 0 and result["unfilled"] == 2 and result["not_offered"] == []


def test_lists_quota_defaults_to_quota_and_principal_fills_first() -> None:
    result = run(base(quota=2, principal=["a"], complementary=["b", "c"]))
    assert [(o["candidate"], o["list"], o["rank"]) for o in result["offers"][:2]] == [
        ("a", "principal", 1),
        ("b", "complementary", 1),
    ]


def test_receipt_and_deadline_with_delivery_days() -> None:
    result = run(base(delivery_days=3, answers={"a": {"signed": "2026-08-19"}}))
    first = result["offers"][0]
    assert (first["receipt"], first["deadline"]) == ("2026-07-20", "2026-08-19")
    assert first["outcome"] == "signed" and first["ended"] == "2026-08-19"  # day 30 included


def test_signature_during_delivery_is_in_the_window() -> None:
    result = run(base(delivery_days=3, answers={"a": {"signed": "2026-07-17"}}))
    assert result["offers"][0]["outcome"] == "signed"


def test_late_signature_lapses_with_late_true() -> None:
    result = run(base(answers={"a": {"signed": "2026-08-17"}, "b": {"signed": "2026-08-20"}}))
    first, second = result["offers"]
    assert first == offer(
        "a", "principal", 1, "2026-07-17", "2026-07-17", "2026-08-16", "lapsed", "2026-08-17", True
    )
    # The next candidate is offered on the day the first offer ended.
    assert second["dispatched"] == "2026-08-17" and second["outcome"] == "signed"
    assert result["signed"] == 1 and result["not_offered"] == ["c"]


def test_late_decline_lapses_without_late() -> None:
    result = run(base(answers={"a": {"declined": "2026-08-20"}}))
    first = result["offers"][0]
    assert (first["outcome"], first["ended"], first["late"]) == ("lapsed", "2026-08-17", False)


def test_decline_ends_that_day_and_next_offer_same_day() -> None:
    result = run(base(answers={"a": {"declined": "2026-07-18"}}))
    assert result["offers"][1]["dispatched"] == "2026-07-18"


def test_unfilled_when_lists_are_exhausted() -> None:
    result = run(base(quota=3, lists_quota=1, answers={"b": {"signed": "2026-07-20"}}))
    assert result["signed"] == 1 and result["unfilled"] == 2 and result["not_offered"] == []


def test_answer_of_a_candidate_never_offered_is_ignored() -> None:
    result = run(
        base(
            answers={
                "a": {"signed": "2026-07-20"},
                "b": {"signed": "2020-01-01"},  # before any offer, but b is never offered
                "zz": {"declined": "2026-07-20"},  # not on the lists
            }
        )
    )
    assert result["signed"] == 1 and result["not_offered"] == ["b", "c"]


def test_quota_zero_offers_nothing() -> None:
    result = run(base(quota=0, lists_quota=1))
    assert result == {"offers": [], "signed": 0, "unfilled": 0, "not_offered": ["a", "b", "c"]}


def test_same_day_offers_in_list_order_then_rank() -> None:
    # a and b decline the same day: c and d are both offered that day, in rank order.
    result = run(
        base(
            quota=2,
            lists_quota=2,
            principal=["a", "b"],
            complementary=["c", "d"],
            answers={"b": {"declined": "2026-07-20"}, "a": {"declined": "2026-07-20"}},
        )
    )
    assert [o["candidate"] for o in result["offers"]] == ["a", "b", "c", "d"]


def test_offers_in_dispatch_order() -> None:
    # b declines before a: c is offered before d.
    result = run(
        base(
            quota=2,
            lists_quota=2,
            principal=["a", "b"],
            complementary=["c", "d"],
            answers={"a": {"declined": "2026-07-25"}, "b": {"declined": "2026-07-19"}},
        )
    )
    assert [(o["candidate"], o["dispatched"]) for o in result["offers"]] == [
        ("a", "2026-07-17"),
        ("b", "2026-07-17"),
        ("c", "2026-07-19"),
        ("d", "2026-07-25"),
    ]


# ---------------------------------------------------------------------------- invalid input


def test_answer_before_the_offer_is_refused() -> None:
    error = refused(base(answers={"a": {"declined": "2026-07-18"}, "b": {"signed": "2026-07-17"}}))
    assert error.field == "answers.b.signed"
    assert "18/07/2026" in error.full_message()


def test_candidate_named_twice_is_refused() -> None:
    assert refused(base(complementary=["b", "a"])).field == "complementary[1]"
    assert refused(base(quota=2, principal=["a", "a"])).field == "principal[1]"


def test_two_answers_are_refused() -> None:
    error = refused(base(answers={"a": {"signed": "2026-07-20", "declined": "2026-07-21"}}))
    assert error.field == "answers.a"


def test_principal_list_over_its_cap() -> None:
    error = refused(base(principal=["a", "x"]))
    assert error.field == "principal" and "R632-70" in error.rule


@pytest.mark.parametrize(("year", "k"), [(2012, 3), (2013, 4), (2025, 4)])
def test_complementary_cap_from_r8(year: int, k: int) -> None:
    names = [f"c{i}" for i in range(k)]
    run(base(campaign_year=year, quota_published=f"{year + 1}-07-01", complementary=names))
    error = refused(
        base(campaign_year=year, quota_published=f"{year + 1}-07-01", complementary=[*names, "x"])
    )
    assert error.field == "complementary" and f"plafond de {k}" in error.message


def test_cap_uses_lists_quota_not_quota() -> None:
    run(base(quota=1, lists_quota=2, principal=["a", "x"]))
    assert refused(base(quota=2, lists_quota=1, principal=["a", "x"])).field == "principal"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quota": -1}, "quota"),
        ({"quota": "3"}, "quota"),
        ({"quota": None}, "quota"),
        ({"campaign_year": 1999}, "campaign_year"),
        ({"quota_published": "2026-02-30"}, "quota_published"),
        ({"lists_quota": True}, "lists_quota"),
        ({"delivery_days": 400}, "delivery_days"),
        ({"principal": "a"}, "principal"),
        ({"complementary": ["b", 3]}, "complementary[1]"),
        ({"answers": {"a": {"signed": "17/07/2026"}}}, "answers.a.signed"),
        ({"answers": {"a": {"returned": "2026-07-20"}}}, "answers.a.returned"),
        ({"answers": {"a": None}}, "answers.a"),
        ({"answers": ["a"]}, "answers"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_invalid_fields_are_named(changes: dict[str, Any], field: str) -> None:
    assert refused(base(**changes)).field == field


# ---------------------------------------------------------------------------- CLI


def test_cli_json(tmp_path, capsys) -> None:
    assert cli.main(["offers", write(tmp_path, "c.yaml", EXAMPLE)]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_cli_json_input(tmp_path, capsys) -> None:
    from cesp.rules.params import load_yaml

    path = write(tmp_path, "c.json", json.dumps(load_yaml(EXAMPLE)))
    assert cli.main(["offers", path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_cli_text_in_french(tmp_path, capsys) -> None:
    assert cli.main(["offers", write(tmp_path, "c.yaml", EXAMPLE), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "c2 (liste principale, rang 2) : envoyée le 17/07/2026" in out
    assert "offre refusée le 20/07/2026" in out and "contrat signé le 01/08/2026" in out
    assert "Contrats signés : 3" in out and "Candidats sans offre : c5, c6" in out
    for code in ("signed", "declined", "lapsed", "complementary", "2026-07"):
        assert code not in out


def test_cli_text_lapse_and_late(tmp_path, capsys) -> None:
    text = "campaign_year: 2025\nquota: 1\nquota_published: 2026-07-17\nprincipal: [a]\n"
    text += "complementary: [b]\nanswers:\n  a: {signed: 2026-08-17}\n"
    assert cli.main(["offers", write(tmp_path, "c.yaml", text), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "offre caduque le 17/08/2026 (contrat signé reçu après la date limite)" in out
    assert "offre caduque le 17/09/2026 (aucune réponse dans le délai)" in out
    assert "Contrats non pourvus (fongibilité ou redistribution) : 1" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (EXAMPLE.replace("c4: {signed: 2026-08-01}", "c4: {signed: 2026-07-19}"), "answers.c4"),
        (EXAMPLE.replace("[c4, c5, c6]", "[c4, c5, c1]"), "complementary[2]"),
        (
            EXAMPLE.replace("{declined: 2026-07-20}", "{declined: 2026-07-20, signed: 2026-07-21}"),
            "answers.c2",
        ),
        (EXAMPLE.replace("[c1, c2, c3]", "[c1, c2, c3, c7]"), "principal"),
        ("quota: [\n", "YAML illisible"),
    ],
)
def test_cli_invalid_input_exits_2_in_french(tmp_path, capsys, text, expected) -> None:
    assert cli.main(["offers", write(tmp_path, "c.yaml", text)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("cesp rules : ") and expected in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("name", ["c.yaml", "c.json"])
def test_cli_answer_given_twice_in_the_file_is_refused(tmp_path, capsys, name) -> None:
    if name == "c.yaml":
        text = EXAMPLE + "  c2: {signed: 2026-07-25}\n"
    else:
        text = '{"campaign_year": 2025, "quota": 1, "quota_published": "2026-07-17", '
        text += '"principal": ["c1"], "answers": {"c1": {"signed": "2026-07-20"}, '
        text += '"c1": {"declined": "2026-07-21"}}}'
    assert cli.main(["offers", write(tmp_path, name, text)]) == 2
    err = capsys.readouterr().err
    assert "« c2 » figure deux fois ligne 14" in err or "« c1 » figure deux fois —" in err
    assert "Traceback" not in err


def test_cli_missing_file_and_bad_format(tmp_path, capsys) -> None:
    assert cli.main(["offers", str(tmp_path / "none.yaml")]) == 2
    assert "fichier introuvable" in capsys.readouterr().err
    assert cli.main(["offers", write(tmp_path, "c.yaml", EXAMPLE), "--format", "xml"]) == 2
    assert "option invalide" in capsys.readouterr().err


def test_cli_process_exit_codes(tmp_path) -> None:
    """The real entry point: 0 and JSON on stdout; 2 and one French line on stderr."""
    good = write(tmp_path, "c.yaml", EXAMPLE)
    done = subprocess.run(
        [sys.executable, "-m", "cesp.cli", "rules", "offers", good, "--format", "text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "Contrats signés : 3" in done.stdout
    bad = write(tmp_path, "b.yaml", EXAMPLE.replace("{signed: 2026-08-01}", "{signed: 2026-07-01}"))
    done = subprocess.run(
        [sys.executable, "-m", "cesp.cli", "rules", "offers", bad],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "answers.c4.signed" in done.stderr and "Traceback" not in done.stderr

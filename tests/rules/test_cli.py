"""``cesp rules``: evaluate, batch; invalid input exits 2 with a French message naming the field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cesp.rules import cli

VALID = """\
profession: medecine
category: second_cycle
campaign_year: 2021
signature_date: 2022-06-20
as_of: 2031-11-24
events:
  - {type: suspension, from: 2023-03-01, to: 2023-06-30, reason: maternite}
  - {type: des, date: 2027-10-15}
  - {type: thesis, date: 2027-12-10}
  - {type: practice, from: 2029-01-01, to: null, zone_share: 1.0}
  - {type: breach, date: 2031-05-01, cause: voluntary}
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_evaluate_json(tmp_path, capsys):
    assert cli.main(["evaluate", write(tmp_path, "s.yaml", VALID)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "broken"
    assert result["allocation"]["months"] == 71  # Oct 2021 → Dec 2027, minus 4
    assert result["explanation"]


def test_evaluate_text_and_as_of(tmp_path, capsys):
    path = write(tmp_path, "s.yaml", VALID)
    assert cli.main(["evaluate", path, "--format", "text", "--as-of", "2026-11-24"]) == 0
    out = capsys.readouterr().out
    assert "Statut : en études" in out and "En bref" in out and "Le détail du calcul" in out


def test_evaluate_a_list_gives_a_list(tmp_path, capsys):
    one = json.dumps(
        {
            "profession": "medecine",
            "category": "third_cycle",
            "campaign_year": 2023,
            "signature_date": "2024-06-20",
            "as_of": "2025-01-15",
        }
    )
    assert cli.main(["evaluate", write(tmp_path, "l.json", f"[{one}, {one}]"), "--summary"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["allocation"]["effective_date"] for r in results] == ["2023-11-01"] * 2
    assert "explanation" not in results[0]


def test_set_overrides_are_simulated(tmp_path, capsys):
    path = write(tmp_path, "s.yaml", VALID)
    assert cli.main(["evaluate", path, "--set", "breach.flat_penalty_after_diploma=10000"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["simulated"] is True
    assert result["breach"]["penalty"] == "10000.00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("to: 2023-06-30", "to: 2023-02-30"), "events[0].to"),  # impossible date
        (("type: des", "type: diploma_party"), "events[1].type"),  # unknown event type
        (("zone_share: 1.0", "zone_share: 1.5"), "events[3].zone_share"),
        (
            (
                "reason: maternite}",
                "reason: maternite}\n  - {type: suspension, from: 2023-05-01, to: 2023-08-31}",
            ),
            "events[1].from",
        ),  # overlapping suspensions
        (
            ("thesis, date: 2027-12-10", "thesis, date: 2021-12-10"),
            "events[2].date",
        ),  # thesis before signature
    ],
)
def test_invalid_input_exits_2_naming_the_field(tmp_path, capsys, change, field):
    path = write(tmp_path, "bad.yaml", VALID.replace(*change))
    assert cli.main(["evaluate", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert field in captured.err
    assert "règle" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "/nonexistent/s.yaml"], "introuvable"),
        (["evaluate", "{path}", "--as-of", "2023-02-30"], "--as-of"),
        (["evaluate", "{path}", "--set", "nope.nope=1"], "inconnu"),
        (["evaluate", "{path}", "--format", "pdf"], "option invalide"),
        (["frobnicate"], "option invalide"),
    ],
)
def test_bad_command_lines(tmp_path, capsys, args, message):
    path = write(tmp_path, "s.yaml", VALID)
    assert cli.main([a.replace("{path}", path) for a in args]) == 2
    assert message in capsys.readouterr().err


def test_malformed_yaml_names_the_line(tmp_path, capsys):
    path = write(tmp_path, "broken.yaml", "profession: medecine\nevents: [\n")
    assert cli.main(["evaluate", path]) == 2
    assert "YAML illisible ligne" in capsys.readouterr().err


def test_batch_jsonl_reports_invalid_lines(tmp_path, capsys):
    good = {
        "id": "a",
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2021,
        "signature_date": "2022-06-20",
        "as_of": "2023-01-15",
    }
    bad = {**good, "id": "b", "signature_date": "2022-02-30"}
    source = write(
        tmp_path, "in.jsonl", "\n".join(json.dumps(x) for x in (good, bad)) + "\nnot json\n"
    )
    out = tmp_path / "out.jsonl"
    assert cli.main(["batch", source, str(out)]) == 2
    err = capsys.readouterr().err
    assert "ligne 2" in err and "signature_date" in err and "ligne 3" in err
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[0]["id"] == "a" and records[0]["allocation"]["months"] == 16
    assert records[0]["engine_version"] and records[0]["parameters_digest"].startswith("sha256:")
    assert records[1]["error"]["field"] == "signature_date"
    assert records[2]["line"] == 3 and "error" in records[2]


def test_batch_csv(tmp_path, capsys):
    csv_text = (
        "id,profession,category,campaign_year,signature_date,as_of,des,thesis,breach_date,breach_cause\n"
        "p1,medecine,second_cycle,2021,2022-06-20,2027-01-15,2026-09-15,2026-09-20,,\n"
        "p2,odontologie,second_cycle,2021,2022-06-20,2027-01-15,,2026-06-30,2026-11-15,voluntary\n"
    )
    out = tmp_path / "out.jsonl"
    assert cli.main(["batch", write(tmp_path, "c.csv", csv_text), str(out)]) == 0
    first, second = (json.loads(line) for line in out.read_text().splitlines())
    assert first["allocation"]["months"] == 60 and first["status"] == "in_studies"
    assert second["breach"]["penalty"] == "20000.00"


def test_batch_rejects_unknown_columns(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert cli.main(["batch", write(tmp_path, "c.csv", "id,colour\n1,blue\n"), str(out)]) == 2
    assert "colonne inconnue" in capsys.readouterr().err


def test_cesp_command_end_to_end(tmp_path):
    """The installed entry point: no traceback, exit 2 and the field on stderr."""
    path = write(tmp_path, "bad.yaml", VALID.replace("zone_share: 1.0", "zone_share: 1.5"))
    done = subprocess.run(
        [sys.executable, "-m", "cesp.cli", "rules", "evaluate", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "events[3].zone_share" in done.stderr and "Traceback" not in done.stderr


def test_batch_non_utf8_and_quoted_carriage_return(tmp_path, capsys):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,profession\né,medecine\n".encode("latin-1"))
    assert cli.main(["batch", str(latin), str(tmp_path / "o.jsonl")]) == 2
    assert "UTF-8" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()  # nothing half-written
    quoted = tmp_path / "cr.csv"
    quoted.write_text(
        'id,profession,category,campaign_year,signature_date\n"p\r1",medecine,second_cycle,2021,2022-06-20\n',
        encoding="utf-8",
        newline="",
    )
    out = tmp_path / "cr.jsonl"
    assert cli.main(["batch", str(quoted), str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "p\r1"


def test_any_parameter_can_be_simulated(tmp_path, capsys):
    """What-if on a parameter read outside money (engagement minimum 24 → 36 months)."""
    short = (
        VALID.replace("thesis, date: 2027-12-10", "thesis, date: 2022-09-10")
        .replace("des, date: 2027-10-15", "des, date: 2022-09-01")
        .replace(
            "  - {type: suspension, from: 2023-03-01, to: 2023-06-30, reason: maternite}\n", ""
        )
    )
    short = short.replace("practice, from: 2029-01-01", "practice, from: 2023-01-01").replace(
        "breach, date: 2031-05-01", "breach, date: 2023-03-01"
    )
    path = write(tmp_path, "short.yaml", short)
    assert cli.main(["evaluate", path, "--summary"]) == 0
    assert json.loads(capsys.readouterr().out)["engagement"]["months_due"] == 24
    assert cli.main(["evaluate", path, "--set", "engagement.minimum_months=36"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["engagement"]["months_due"] == 36
    assert result["simulated"] is True
    due = next(e for e in result["explanation"] if e["figure"] == "engagement.months_due")
    assert due.get("simulated") is True

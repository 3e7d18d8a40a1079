"""The payment schedule of interfaces.md §3: runs, arrears, regularisations, balance, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cesp.rules import cli
from cesp.rules.errors import SituationError
from cesp.rules.evaluate import evaluate
from cesp.rules.months import Month
from cesp.rules.payments import months_due, parse_schedule_input, payment_schedule

NET = "1085.63"
BASE = {
    "profession": "medecine",
    "category": "second_cycle",
    "campaign_year": 2021,
    "signature_date": "2022-06-20",
}


def situation(*events: dict, **extra) -> dict:
    return {**BASE, **extra, "events": list(events)}


def lines_of(result: dict) -> list[tuple[str, str, str, str]]:
    return [
        (run["run"], line["period"], line["kind"], line["net"])
        for run in result["runs"]
        for line in run["lines"]
    ]


def test_worked_example_first_run_pays_arrears_back_to_the_effect_date() -> None:
    """§3's example: signed 2022-06-20, the first run is 2022-07-20 and pays from 2021-10."""
    result = payment_schedule(situation(), through=Month(2022, 9)).to_dict()
    first = result["runs"][0]
    assert (first["run"], first["date"]) == ("2022-07", "2022-07-20")
    assert first["lines"][0] == {
        "period": "2021-10",
        "kind": "arrears",
        "gross": "1200.00",
        "net": NET,
    }
    assert [line["kind"] for line in first["lines"]] == ["arrears"] * 9 + ["regular"]
    assert [line["period"] for line in first["lines"]][-1] == "2022-07"
    assert [run["run"] for run in result["runs"]] == ["2022-07", "2022-08", "2022-09"]
    assert lines_of(result)[-2:] == [
        ("2022-08", "2022-08", "regular", NET),
        ("2022-09", "2022-09", "regular", NET),
    ]
    assert result["paid"] == {"months": 12, "gross": "14400.00", "net": "13027.56"}
    assert result["due"] == result["paid"]
    assert result["balance_net"] == "0.00"


def test_due_is_the_engine_allocation_on_the_last_run_date() -> None:
    facts = situation({"type": "suspension", "from": "2023-03-01", "to": "2023-06-30"})
    result = payment_schedule(facts, through=Month(2024, 2)).to_dict()
    engine = evaluate(facts, as_of=date(2024, 2, 20), explain=False).summary_dict()
    assert result["due"]["net"] == engine["allocation"]["net_total"]
    assert result["due"]["months"] == engine["allocation"]["months"]
    assert result["due"]["gross"] == engine["allocation"]["gross_total"]


def test_net_of_the_month_covered_for_arrears_across_rate_changes() -> None:
    """A 2017 campaign paid in 2018: 2017 months at 1 105,67 €, 2018 months at 1 085,63 €."""
    facts = {**BASE, "campaign_year": 2017, "signature_date": "2018-02-10", "events": []}
    first = payment_schedule(facts, through=Month(2018, 2)).to_dict()["runs"][0]
    nets = {line["period"]: line["net"] for line in first["lines"]}
    assert nets["2017-10"] == nets["2017-12"] == "1105.67"
    assert nets["2018-01"] == nets["2018-02"] == NET


def test_late_diploma_is_regularised() -> None:
    """Odontology: thesis 2025-03-10 learned 2025-06-05 → April and May claimed back."""
    facts = {
        **BASE,
        "profession": "odontologie",
        "events": [{"type": "thesis", "date": "2025-03-10", "recorded_on": "2025-06-05"}],
    }
    result = payment_schedule(facts, through=Month(2025, 7)).to_dict()
    runs = {run["run"]: run["lines"] for run in result["runs"]}
    assert runs["2025-04"] == [
        {"period": "2025-04", "kind": "regular", "gross": "1200.00", "net": NET}
    ]
    assert runs["2025-06"] == [
        {"period": "2025-04", "kind": "regularisation", "gross": "-1200.00", "net": "-1085.63"},
        {"period": "2025-05", "kind": "regularisation", "gross": "-1200.00", "net": "-1085.63"},
    ]
    assert runs["2025-07"] == []
    assert result["balance_net"] == "0.00"
    assert result["paid"] == result["due"]


def test_diploma_not_yet_learned_leaves_a_negative_balance() -> None:
    facts = {
        **BASE,
        "profession": "odontologie",
        "events": [{"type": "thesis", "date": "2025-03-10", "recorded_on": "2025-09-01"}],
    }
    result = payment_schedule(facts, through=Month(2025, 5)).to_dict()
    assert result["balance_net"] == "-2171.26"  # April and May overpaid, not yet known


def test_medicine_stops_only_once_both_diplomas_are_seen() -> None:
    facts = situation(
        {"type": "des", "date": "2027-10-15", "recorded_on": "2027-10-16"},
        {"type": "thesis", "date": "2027-12-10", "recorded_on": "2028-02-01"},
    )
    result = payment_schedule(facts, through=Month(2028, 3)).to_dict()
    runs = {run["run"]: run["lines"] for run in result["runs"]}
    assert [line["kind"] for line in runs["2028-01"]] == ["regular"]  # DES seen, still paid
    assert [(line["period"], line["kind"]) for line in runs["2028-02"]] == [
        ("2028-01", "regularisation")
    ]
    assert runs["2028-03"] == []
    assert result["balance_net"] == "0.00"


def test_suspension_announced_in_advance_is_never_paid() -> None:
    facts = situation(
        {
            "type": "suspension",
            "from": "2023-03-25",
            "to": "2023-06-30",
            "recorded_on": "2023-01-10",
        }
    )
    result = payment_schedule(facts, through=Month(2023, 8)).to_dict()
    periods = {period for _, period, _, _ in lines_of(result)}
    assert not periods & {"2023-03", "2023-04", "2023-05", "2023-06"}
    assert all(kind != "regularisation" for _, _, kind, _ in lines_of(result))
    assert result["balance_net"] == "0.00"


def test_suspension_learned_late_is_regularised_then_arrears_when_it_ends() -> None:
    facts = situation(
        {
            "type": "suspension",
            "from": "2023-03-01",
            "to": "2023-04-30",
            "recorded_on": "2023-04-25",
        }
    )
    result = payment_schedule(facts, through=Month(2023, 5)).to_dict()
    runs = {run["run"]: run["lines"] for run in result["runs"]}
    assert [(x["period"], x["kind"]) for x in runs["2023-03"]] == [("2023-03", "regular")]
    assert [(x["period"], x["kind"]) for x in runs["2023-04"]] == [("2023-04", "regular")]
    assert [(x["period"], x["kind"]) for x in runs["2023-05"]] == [
        ("2023-03", "regularisation"),
        ("2023-04", "regularisation"),
        ("2023-05", "regular"),
    ]


def test_breach_learned_late_claims_back_the_months_from_its_date() -> None:
    facts = situation(
        {"type": "breach", "date": "2023-02-01", "cause": "voluntary", "recorded_on": "2023-04-02"}
    )
    result = payment_schedule(facts, through=Month(2023, 5)).to_dict()
    runs = {run["run"]: run["lines"] for run in result["runs"]}
    assert [(x["period"], x["kind"]) for x in runs["2023-04"]] == [
        ("2023-02", "regularisation"),
        ("2023-03", "regularisation"),
    ]
    assert runs["2023-05"] == []
    assert result["paid"]["months"] == result["due"]["months"] == 16  # 2021-10 … 2023-01
    assert result["balance_net"] == "0.00"


def test_breach_takes_effect_on_its_date_whatever_its_recording() -> None:
    """Announced before its date: the months before it are still paid."""
    facts = situation(
        {"type": "breach", "date": "2023-03-15", "cause": "voluntary", "recorded_on": "2023-01-05"}
    )
    result = payment_schedule(facts, through=Month(2023, 4)).to_dict()
    periods = [period for _, period, _, _ in lines_of(result)]
    assert periods[-1] == "2023-03" and "2023-04" not in periods


def test_month_regularised_then_due_again_is_paid_again_as_arrears() -> None:
    """Thesis learned late (April, May claimed back), then a deferral from the diploma
    learned in July: April and May are due again, paid again as arrears."""
    facts = {
        **BASE,
        "profession": "odontologie",
        "events": [
            {"type": "thesis", "date": "2025-03-10", "recorded_on": "2025-06-05"},
            {
                "type": "deferral",
                "from": "2025-03-11",
                "to": "2025-08-31",
                "recorded_on": "2025-07-10",
            },
        ],
    }
    result = payment_schedule(facts, through=Month(2025, 8)).to_dict()
    runs = {run["run"]: [(x["period"], x["kind"]) for x in run["lines"]] for run in result["runs"]}
    assert runs["2025-06"] == [("2025-04", "regularisation"), ("2025-05", "regularisation")]
    assert runs["2025-07"] == [
        ("2025-04", "arrears"),
        ("2025-05", "arrears"),
        ("2025-06", "arrears"),
        ("2025-07", "regular"),
    ]
    assert runs["2025-08"] == [("2025-08", "regular")]
    assert result["balance_net"] == "0.00"


def test_empty_runs_before_the_effect_date() -> None:
    """A third-cycle contract signed in July 2021 for campaign 2021: effect 2021-11-01."""
    facts = {**BASE, "category": "third_cycle", "signature_date": "2021-07-01"}
    result = payment_schedule({**facts, "events": []}, through=Month(2021, 12)).to_dict()
    assert [(run["run"], len(run["lines"])) for run in result["runs"]] == [
        ("2021-07", 0),
        ("2021-08", 0),
        ("2021-09", 0),
        ("2021-10", 0),
        ("2021-11", 1),
        ("2021-12", 1),
    ]


def test_first_run_strictly_after_signature_and_run_day() -> None:
    signed_on_run_day = payment_schedule(situation(), through=Month(2022, 8))
    assert signed_on_run_day.runs[0].date == date(2022, 7, 20)
    early = payment_schedule(situation(), through=Month(2022, 8), run_day=21)
    assert early.runs[0].date == date(2022, 6, 21)
    first = payment_schedule(situation(), through=Month(2022, 8), run_day=1)
    assert [run.date for run in first.runs] == [date(2022, 7, 1), date(2022, 8, 1)]
    assert payment_schedule(situation(), through=Month(2022, 8), run_day=28).runs[0].date == date(
        2022, 6, 28
    )


@pytest.mark.parametrize("day", [0, 29, 31, -1, "x", "2.5", True])
def test_run_day_out_of_bounds_is_invalid(day) -> None:
    with pytest.raises(SituationError) as caught:
        payment_schedule(situation(), through=Month(2022, 8), run_day=day)
    assert caught.value.field == "--run-day"


def test_through_before_the_first_run_is_invalid() -> None:
    with pytest.raises(SituationError) as caught:
        payment_schedule(situation(), through=Month(2022, 6))
    assert caught.value.field == "--through"


def test_run_day_may_be_written_with_a_leading_zero() -> None:
    schedule = payment_schedule(situation(), through=Month(2022, 8), run_day="05")
    assert schedule.runs[0].date == date(2022, 7, 5)


def test_as_of_before_the_first_run_names_as_of() -> None:
    with pytest.raises(SituationError) as caught:
        payment_schedule({**situation(), "as_of": "2022-06-30"})
    assert caught.value.field == "as_of"


def test_bad_recorded_on_names_the_field() -> None:
    facts = situation({"type": "des", "date": "2027-10-15", "recorded_on": "2027-02-30"})
    with pytest.raises(SituationError) as caught:
        payment_schedule(facts, through=Month(2028, 1))
    assert caught.value.field == "events[0].recorded_on"


def test_default_through_is_the_month_of_as_of() -> None:
    result = payment_schedule({**situation(), "as_of": "2022-10-03"})
    assert result.runs[-1].month == Month(2022, 10)


def test_months_due_is_the_engines() -> None:
    facts = parse_schedule_input(situation())[0]
    assert len(months_due(facts, date(2022, 7, 20))) == 10


# --- the command line -----------------------------------------------------------------

EXAMPLE = """\
profession: odontologie
category: second_cycle
campaign_year: 2021
signature_date: 2022-06-20
as_of: 2025-07-31
events:
  - {type: thesis, date: 2025-03-10, recorded_on: 2025-06-05}
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_json(tmp_path, capsys) -> None:
    assert cli.main(["payments", write(tmp_path, "s.yaml", EXAMPLE)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"runs", "paid", "due", "balance_net"}
    assert result["runs"][-1]["run"] == "2025-07" and result["balance_net"] == "0.00"


def test_cli_list_and_through_and_run_day(tmp_path, capsys) -> None:
    one = json.dumps({**situation(), "id": "A"})
    path = write(tmp_path, "l.json", f"[{one}, {one}]")
    assert cli.main(["payments", path, "--through", "2022-08", "--run-day", "5"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in results] == ["A", "A"]
    assert results[0]["runs"][0]["date"] == "2022-07-05"


def test_cli_text_is_french(tmp_path, capsys) -> None:
    assert cli.main(["payments", write(tmp_path, "s.yaml", EXAMPLE), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "octobre 2021, rappel : brut 1\u202f200,00\u00a0€, net 1\u202f085,63\u00a0€" in out
    assert "avril 2025, régularisation" in out and "-1\u202f085,63\u00a0€" in out
    assert "Versement d'août 2022 (le 20/08/2022)" in out
    assert "Solde net : 0,00\u00a0€ (à jour)." in out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--run-day", "29"], "--run-day"),
        (["--run-day", "abc"], "--run-day"),
        (["--through", "2025-13"], "--through"),
        (["--through", "2022-05"], "--through"),
        (["--format", "xml"], "--format"),
    ],
)
def test_cli_invalid_options(tmp_path, capsys, args, field) -> None:
    assert cli.main(["payments", write(tmp_path, "s.yaml", EXAMPLE), *args]) == 2
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err


def test_cli_invalid_situation_in_a_list_names_it(tmp_path, capsys) -> None:
    bad = {**situation({"type": "des", "date": "2027-10-15", "recorded_on": "hier"})}
    path = write(tmp_path, "l.json", json.dumps([situation(), bad]))
    assert cli.main(["payments", path, "--through", "2022-08"]) == 2
    err = capsys.readouterr().err
    assert "situation [1]" in err and "events[0].recorded_on" in err


def test_cli_end_to_end_no_traceback(tmp_path) -> None:
    path = write(tmp_path, "bad.yaml", EXAMPLE.replace("2025-06-05", "demain"))
    done = subprocess.run(
        [sys.executable, "-m", "cesp.cli", "rules", "payments", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "events[0].recorded_on" in done.stderr and "Traceback" not in done.stderr


def test_amounts_are_two_decimal_strings_with_minus_sign() -> None:
    facts = {
        **BASE,
        "profession": "odontologie",
        "events": [{"type": "thesis", "date": "2025-03-10", "recorded_on": "2025-06-05"}],
    }
    result = payment_schedule(facts, through=Month(2025, 6)).to_dict()
    nets = [line["net"] for run in result["runs"] for line in run["lines"]]
    assert "-1085.63" in nets
    assert all(Decimal(n).as_tuple().exponent == -2 for n in nets)

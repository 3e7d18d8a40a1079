"""`cesp observatory report|synth` end to end (interfaces.md §2)."""

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cesp.cli import main as cesp
from cesp.observatory.cohort import COLUMNS

HAND = Path(__file__).parent / "data" / "hand_cohort.csv"
INTERFACE_FIELDS = {
    "flow": {"profiles", "not_included", "excluded", "studied"},
    "population": {"age_at_signature", "bridge_entry_share", "bridge_health_social_share"},
    "phase_engagement_test": {"test", "p_value"},
    "installations": {"n", "in_region", "density"},
    "cost": {
        "months_financed_installed",
        "cost_installed",
        "cost_per_installation",
        "months_financed_all",
        "cost_all",
    },
}


def _report(tmp_path: Path, fmt: str, *extra: str, source: Path = HAND) -> tuple[int, Path]:
    out = tmp_path / f"report.{fmt}"
    code = cesp(
        [
            "observatory",
            "report",
            str(source),
            "--format",
            fmt,
            "--out",
            str(out),
            "--as-of",
            "2025-01-01",
            *extra,
        ]
    )
    return code, out


def test_json_has_every_interface_field(tmp_path):
    code, out = _report(tmp_path, "json", "--region", "76")
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    for section, fields in INTERFACE_FIELDS.items():
        assert fields <= set(report[section]), section
    for phase in ("completed", "installed", "studies", "broken"):
        assert {"n", "engagement_months", "specialties", "planned_in_region_share"} <= set(
            report["phases"][phase]
        )
    for delay in ("thesis_to_installation", "des_to_installation"):
        assert set(report["delays_months"][delay]) == {"completed", "installed", "all"}
    assert set(report["installations"]["density"]) == {"rural", "small_town", "urban"}
    assert report["cost"]["cost_all"] == "492000.00"
    assert report["privacy"]["mode"] == "internal"
    assert not any(i["available"] for i in report["indicators"])
    assert len(report["indicators"]) == 7


def test_html_is_self_contained(tmp_path):
    code, out = _report(tmp_path, "html")
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "<svg" in html and "Diagramme de flux" in html
    assert not re.search(r"https?://|src=|<link|<script", html, re.IGNORECASE)
    for leak in ("docs/observatory.md", "interfaces.md", "cesp.rules", "gross_monthly_amount"):
        assert leak not in html, leak
    assert "(médecine)</h1>" in html


def test_pdf_starts_with_magic(tmp_path):
    code, out = _report(tmp_path, "pdf", "--publication")
    assert code == 0
    assert out.read_bytes()[:4] == b"%PDF"


def test_tables_as_xlsx_and_csv(tmp_path):
    code, out = _report(tmp_path, "xlsx")
    assert code == 0
    workbook = load_workbook(out, read_only=True)
    assert "flux" in workbook.sheetnames and "couts" in workbook.sheetnames
    code = cesp(
        ["observatory", "report", str(HAND), "--format", "csv", "--out", str(tmp_path / "t")]
    )
    assert code == 0
    assert (tmp_path / "t" / "flux.csv").read_text(encoding="utf-8").startswith("Étape,Effectif")


def test_publication_flag_masks(tmp_path):
    code, out = _report(tmp_path, "json", "--publication")
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0 and report["privacy"]["mode"] == "publication"
    assert report["phases"]["installed"]["n"] is None


def test_strict_stops_lenient_sets_aside(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    text = HAND.read_text(encoding="utf-8").replace(
        "P03,medecine,signed,0,1996-03-01,2019-09-01", "P03,medecine,signed,0,1996-03-01,2019-02-30"
    )
    bad.write_text(text, encoding="utf-8")
    code, _ = _report(tmp_path, "json", "--strict", source=bad)
    err = capsys.readouterr().err
    assert code == 1
    assert "ligne 4" in err and "signature_date" in err and "Traceback" not in err
    code, out = _report(tmp_path, "json", source=bad)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0
    assert report["data_quality"]["set_aside_by_reason"] == {"bad_date": 1}
    assert report["flow"]["studied"] == 10


@pytest.mark.parametrize(
    "argv",
    [
        ["observatory", "report", "missing.csv", "--out", "x.json"],
        ["observatory", "report", str(HAND), "--format", "docx", "--out", "x"],
        ["observatory", "report", str(HAND), "--out", "x", "--as-of", "2023-02-30"],
        ["observatory", "synth", "--profiles", "-1", "--out", "x.csv"],
        ["observatory", "synth", "--profiles", "3", "--out", "/proc/nowhere/x.csv"],
        ["observatory", "report", str(HAND), "--format", "csv", "--out", str(HAND)],
    ],
)
def test_bad_usage_exits_2(argv, capsys):
    assert cesp(argv) == 2
    assert "cesp observatory" in capsys.readouterr().err


def test_synth_is_deterministic_and_passes_the_strict_reader(tmp_path):
    paths = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        path = tmp_path / f"{name}.csv"
        assert (
            cesp(
                [
                    "observatory",
                    "synth",
                    "--profiles",
                    "800",
                    "--seed",
                    str(seed),
                    "--out",
                    str(path),
                ]
            )
            == 0
        )
        paths.append(path)
    a, b, c = (p.read_bytes() for p in paths)
    assert a == b and a != c
    assert a.decode().splitlines()[0] == ",".join(COLUMNS)
    code, out = _report(tmp_path, "json", "--strict", source=paths[0])
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["flow"]["profiles"] == 800
    assert report["data_quality"]["rows_set_aside"] == 0

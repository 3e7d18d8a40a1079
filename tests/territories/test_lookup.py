"""Lookup: commune + date + profession → class, CESP eligibility (R21 via
cesp.rules.zones), the zoning act; never a default class (issue 4 §3)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cesp.territories import cli, services
from cesp.territories.lookup import VersionInfo, ZoningIndex
from cesp.territories.management.commands.load_territories import load_demo_zoning

from .conftest import zoning_csv

pytestmark = pytest.mark.django_db
JAN_2025 = dt.date(2025, 1, 15)


def test_zip_commune_counts_for_a_doctor(occitanie_zoning):
    result = services.lookup("09001", JAN_2025, "medecine")
    assert (result.status, result.zone, result.cesp_eligible) == ("found", "ZIP", True)
    assert result.version.act == "Arrêté ARS Occitanie du 4 mai 2022"
    assert "Arrêté ARS Occitanie du 4 mai 2022" in result.sources


def test_zar_does_not_count_r21_example(occitanie_zoning):
    # cesp-rules.md R21 example: commune classed ZAR → not eligible.
    result = services.lookup("31555", JAN_2025, "medecine")
    assert (result.zone, result.cesp_eligible) == ("ZAR", False)
    assert "n'y compte pas" in result.explanation[-1]


def test_padhue_medecine_uses_the_doctors_zoning(occitanie_zoning):
    assert services.lookup("34172", JAN_2025, "padhue_medecine").zone == "ZAC"


def test_unknown_commune_says_so(occitanie_zoning):
    result = services.lookup("99999", JAN_2025, "medecine")
    assert result.status == "unknown_commune"
    assert result.zone is None and result.cesp_eligible is None
    assert "99999" in result.message


def test_date_before_any_zoning_gives_no_class(occitanie_zoning):
    result = services.lookup("09001", dt.date(2019, 1, 1), "medecine")
    assert result.status == "no_zoning"
    assert result.zone is None and result.cesp_eligible is None
    assert "aucune classe par défaut" in result.message


def test_other_profession_has_no_zoning(occitanie_zoning):
    result = services.lookup("09001", JAN_2025, "odontologie")
    assert result.status == "no_zoning"


def test_unknown_profession(occitanie_zoning):
    assert services.lookup("09001", JAN_2025, "plombier").status == "unknown_profession"


def test_former_code_answers_for_the_current_commune(occitanie_zoning):
    result = services.lookup("12076", JAN_2025, "medecine")
    assert result.status == "found"
    assert result.commune_code == "12218"
    assert "12076" in result.explanation[0]


def test_versions_over_time_and_index_refresh(occitanie_zoning):
    services.import_zoning(
        zoning_csv(overrides={"09001": "4_ZAR"}),
        "z2025.csv",
        region="76",
        profession="medecine",
        valid_from=dt.date(2025, 5, 16),
        act="Arrêté ARS Occitanie 2025",
    )
    before = services.lookup("09001", dt.date(2025, 5, 15), "medecine")
    after = services.lookup("09001", dt.date(2025, 5, 16), "medecine")
    assert (before.zone, before.version.act) == ("ZIP", "Arrêté ARS Occitanie du 4 mai 2022")
    assert (after.zone, after.cesp_eligible) == ("ZAR", False)


def test_commune_missing_from_the_zoning_in_force_is_not_given_a_class():
    version = load_demo_zoning(apply=True)
    assert version.is_demo and "DÉMONSTRATION" in version.act
    result = services.lookup("12083", JAN_2025, "medecine")  # absent from the demo file
    assert result.status == "not_classified" and result.zone is None


def test_index_is_pure_and_respects_valid_to():
    version = VersionInfo(1, "76", "medecine", dt.date(2022, 1, 1), dt.date(2022, 12, 31), "A")
    index = ZoningIndex([version], [(1, "09001", "ZIP")])
    assert index.zone_of("09001", "medecine", dt.date(2022, 6, 1)) == "ZIP"
    assert index.zone_of("09001", "medecine", dt.date(2023, 1, 1)) is None
    assert index.zone_of("09001", "medecine", dt.date(2021, 12, 31)) is None


def test_cli_lookup_json(occitanie_zoning, capsys):
    code = cli.main(
        ["lookup", "09001", "--date", "2025-01-15", "--profession", "medecine", "--format", "json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {
        "commune",
        "date",
        "profession",
        "zone",
        "cesp_eligible",
        "zoning",
        "explanation",
    } <= data.keys()
    assert (data["zone"], data["cesp_eligible"], data["date"]) == ("ZIP", True, "2025-01-15")
    assert data["zoning"]["act"] == "Arrêté ARS Occitanie du 4 mai 2022"
    assert data["zoning"]["valid_from"] == "2022-05-04"


def test_cli_lookup_unknown_commune_text(occitanie_zoning, capsys):
    assert cli.main(["lookup", "00000", "--date", "2025-01-15"]) == 1
    assert "n'est pas une commune" in capsys.readouterr().out


def test_cli_bad_date_is_a_usage_error(capsys):
    assert cli.main(["lookup", "09001", "--date", "2025-02-30"]) == 2
    assert "date invalide" in capsys.readouterr().err


def test_cli_import_dry_run_then_apply(tmp_path, capsys):
    path = tmp_path / "zonage.csv"
    path.write_bytes(zoning_csv())
    args = [
        "import",
        str(path),
        "--region",
        "76",
        "--profession",
        "medecine",
        "--from",
        "2022-05-04",
        "--act",
        "Arrêté test",
    ]
    assert cli.main(args) == 0
    assert "Simulation" in capsys.readouterr().out
    assert services.lookup("09001", JAN_2025, "medecine").status == "no_zoning"
    assert cli.main([*args, "--apply"]) == 0
    assert services.lookup("09001", JAN_2025, "medecine").zone == "ZIP"


@given(
    gaps=st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 900), st.booleans()), min_size=1, max_size=6
    ),
    probe=st.integers(-100, 6000),
)
def test_index_agrees_with_a_naive_scan(gaps, probe):
    """Property: the bisect over sorted versions finds exactly the version covering the
    day, as a scan of every version would (non-overlapping versions, some with gaps)."""
    versions, start = [], dt.date(2010, 1, 1)
    for n, (gap, length, open_ended) in enumerate(gaps, start=1):
        start = start + dt.timedelta(days=gap)
        end = None if open_ended and n == len(gaps) else start + dt.timedelta(days=length)
        versions.append(VersionInfo(n, "76", "medecine", start, end, f"A{n}"))
        if end is None:
            break
        start = end + dt.timedelta(days=1)
    index = ZoningIndex(versions, [])
    day = dt.date(2010, 1, 1) + dt.timedelta(days=probe)
    naive = [v for v in versions if v.covers(day)]
    found = index.version_in_force("76", "medecine", day)
    assert found == (naive[0] if naive else None)


def test_zoning_before_any_cesp_class_parameter_gives_an_undetermined_status(db):
    # A 2012 zoning: the CESP classes of R21 are dated parameters starting in 2017.
    result = services.import_zoning(
        zoning_csv(),
        "z2012.csv",
        region="76",
        profession="medecine",
        valid_from=dt.date(2012, 1, 1),
        valid_to=dt.date(2016, 12, 31),
        act="Zonage 2012",
    )
    assert result.ok, result.report.as_text()
    answer = services.lookup("09001", dt.date(2014, 6, 1), "medecine")
    assert (answer.status, answer.zone, answer.cesp_eligible) == ("found", "ZIP", None)
    assert "indéterminé" in answer.explanation[-1]

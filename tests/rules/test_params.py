"""Dated parameters: the loader validates every file and answers by date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cesp.rules import params
from cesp.rules.errors import ParameterError


def test_every_parameter_loads_and_cites_a_known_reference():
    registry = params.references()
    parameters = params.all_parameters()
    assert len(parameters) >= 20
    for parameter in parameters.values():
        assert parameter.description
        starts = [item.start for item in parameter.values]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)
        for item in parameter.values:
            assert item.reference in registry, (parameter.name, item.reference)


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        # Arrêté du 27 juillet 2010 (montant), art. 1: 1 200 € brut.
        ("allocation.gross_monthly_amount", date(2015, 5, 1), Decimal("1200.00")),
        ("allocation.professional_expenses_allowance", date(2011, 12, 1), Decimal("0.03")),
        ("allocation.professional_expenses_allowance", date(2012, 1, 1), Decimal("0.0175")),
        ("allocation.csg_rate", date(2017, 12, 1), Decimal("0.075")),
        ("allocation.csg_rate", date(2018, 1, 1), Decimal("0.092")),
        ("allocation.crds_rate", date(2024, 1, 1), Decimal("0.005")),
        ("engagement.minimum_months", date(2022, 1, 1), 24),
        ("breach.penalty_per_month", date(2021, 1, 1), Decimal("200.00")),
        # Arrêté du 24 juin 2011: V1, V2 from 2012-03-28, V3 from 2013-11-08 (T19, T20, T21).
        ("breach.pre2020_medicine_version", date(2011, 12, 15), "V1"),
        ("breach.pre2020_medicine_version", date(2012, 3, 27), "V1"),
        ("breach.pre2020_medicine_version", date(2012, 3, 28), "V2"),
        ("breach.pre2020_medicine_version", date(2013, 11, 7), "V2"),
        ("breach.pre2020_medicine_version", date(2013, 11, 8), "V3"),
        ("breach.pre2020_medicine_version", date(2021, 1, 1), "V3"),
        ("regime.post2020_start", date(2030, 1, 1), date(2020, 3, 20)),
    ],
)
def test_value_on_a_date(name, on, expected):
    assert params.value(name, on).value == expected


def test_value_carries_its_period_and_reference():
    found = params.value("allocation.csg_rate", date(2015, 6, 1))
    assert found.start == date(2005, 1, 1)
    assert found.end == date(2017, 12, 31)
    assert found.reference == "css_l136_8"
    assert "L136-8" in found.citation()


def test_no_value_before_the_first_start_is_an_error():
    with pytest.raises(ParameterError, match="aucune valeur"):
        params.value("breach.penalty_per_month", date(2011, 1, 1))


def test_unknown_parameter_is_an_error():
    with pytest.raises(ParameterError, match="inconnu"):
        params.value("allocation.nope", date(2020, 1, 1))


def test_override_is_flagged_simulated():
    found = params.value(
        "allocation.gross_monthly_amount", date(2020, 1, 1), {"allocation.gross_monthly_amount": 1}
    )
    assert found.simulated and found.value == 1
    assert "simulée" in found.citation()


def test_parse_override_checks_the_unit():
    assert params.parse_override("engagement.minimum_months", "36") == 36
    with pytest.raises(ParameterError):
        params.parse_override("allocation.csg_rate", "1.5")
    with pytest.raises(ParameterError):
        params.parse_override("nope.nope", "1")


def test_digest_is_stable_and_prefixed():
    assert params.parameters_digest() == params.parameters_digest()
    assert params.parameters_digest().startswith("sha256:")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "description: x\nunit: rate\nselected_by: any\nvalues:\n"
            "  - {start: 2020-01-01, value: 0.5, reference: nowhere}\n",
            "absente de references",
        ),
        (
            "description: x\nunit: rate\nselected_by: any\nvalues:\n"
            "  - {start: 2020-01-01, value: 0.5, reference: css_l136_8}\n"
            "  - {start: 2019-01-01, value: 0.4, reference: css_l136_8}\n",
            "non croissantes",
        ),
        ("description: x\nunit: furlongs\nselected_by: any\nvalues: []\n", "unité inconnue"),
        (
            "description: x\nunit: rate\nselected_by: any\nvalues:\n"
            "  - {start: 2020-01-01, value: 3, reference: css_l136_8}\n",
            "entre 0 et 1",
        ),
        (
            "description: x\nunit: months\nselected_by: any\nvalues:\n"
            "  - {start: 2020-02-30, value: 3, reference: css_l136_8}\n",
            "date invalide",
        ),
        (
            "description: x\nunit: months\nselected_by: any\nextra: 1\nvalues:\n"
            "  - {start: 2020-01-01, value: 3, reference: css_l136_8}\n",
            "clés inconnues",
        ),
    ],
)
def test_broken_parameter_files_fail_loudly(tmp_path: Path, text, problem):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=problem):
        params._load_parameter(path, "broken", params.references())

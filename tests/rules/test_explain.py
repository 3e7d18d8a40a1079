"""Explanation tree: JSON-safe rendering, French text, sources gathered from the tree."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from cesp.rules import params
from cesp.rules.explain import Figure, Rejected, Step, explaining, quiet, text_value


def tree() -> Step:
    rate = params.value("allocation.csg_rate", date(2018, 1, 1))
    child = Step(
        figure="allocation.net_monthly",
        value=Decimal("1085.63"),
        rule="Net = brut − CSG − CRDS",
        parameters=(rate,),
        sources=("Code de la sécurité sociale, art. L136-8",),
    )
    return Step(
        figure="breach.total",
        value=Decimal("12345.60"),
        rule="Total = remboursement + pénalité",
        branch="avant le DES",
        rejected=(Rejected("après le DES", "DES non obtenu"),),
        sources=("Arrêté du 26 mai 2020, art. 1",),
        choice="Choix Q1 (docs/rules-choices.md#q1)",
        children=(child,),
    )


def test_to_dict_is_json_safe_with_amounts_as_strings():
    data = tree().to_dict()
    json.dumps(data)
    assert data["value"] == "12345.60"
    assert data["rejected"] == [{"branch": "après le DES", "why": "DES non obtenu"}]
    parameter = data["children"][0]["parameters"][0]
    assert parameter == {
        "name": "allocation.csg_rate",
        "value": "0.092",
        "start": "2018-01-01",
        "end": None,
        "reference": "lfss_2018_art8",
        "citation": params.references()["lfss_2018_art8"].citation(),
        "simulated": False,
    }


def test_summary_gathers_sources_of_the_subtree_and_the_parameters():
    summary = tree().summary()
    assert summary["sources"][0] == "Arrêté du 26 mai 2020, art. 1"
    assert "Code de la sécurité sociale, art. L136-8" in summary["sources"]
    assert any("2018" in s for s in summary["sources"])  # the LFSS 2018 of the CSG rate
    assert summary["choices"] == ["Choix Q1 (docs/rules-choices.md#q1)"]


def test_text_in_french():
    text = tree().to_text()
    assert "• Total dû en cas de rupture : 12\u202f345,60 €" in text
    assert "breach.total" not in text
    assert "Cas écarté : après le DES — DES non obtenu" in text
    assert "en vigueur depuis le 01/01/2018" in text
    assert "Choix documenté" in text


def test_text_value_formats():
    assert text_value(Decimal("1085.63")) == "1\u202f085,63"
    assert text_value(date(2020, 3, 20)) == "20/03/2020"
    assert text_value(None) == "—"
    assert text_value(True) == "oui"


def test_figure_and_quiet_mode():
    figure = Figure(3, tree())
    assert figure.to_dict()["value"] == 3
    assert explaining()
    with quiet():
        assert not explaining()
    assert explaining()

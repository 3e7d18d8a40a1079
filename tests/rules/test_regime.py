"""Regime: décret 2020-268 applies from 20 March 2020; 2020-01-01..03-19 flagged (Q13)."""

from __future__ import annotations

import pytest

from cesp.rules import SituationError, parse_situation
from cesp.rules.regime import determine_regime
from tests.rules.builders import situation


@pytest.mark.parametrize(
    ("signed", "regime", "review"),
    [
        ("2019-12-31", "pre2020", False),
        ("2020-01-01", "pre2020", True),
        ("2020-03-19", "pre2020", True),
        ("2020-03-20", "post2020", False),
        ("2024-06-20", "post2020", False),
    ],
)
def test_regime_from_signature_date(signed, regime, review):
    figure = determine_regime(parse_situation(situation(signature_date=signed, campaign_year=2019)))
    assert figure.value.regime == regime
    assert figure.value.review is review
    assert "#q13" in figure.step.choice
    if review:
        assert "vérifier" in figure.step.branch


def test_explicit_regime_wins():
    figure = determine_regime(
        parse_situation(
            situation(campaign_year=2019, signature_date="2020-02-01", regime="post2020")
        )
    )
    assert figure.value.regime == "post2020"
    assert figure.value.review is False


def test_markers_2025_2026():
    assert determine_regime(
        parse_situation(situation(signature_date="2025-06-01"))
    ).value.markers == ("post2025",)
    assert determine_regime(
        parse_situation(situation(signature_date="2026-06-01"))
    ).value.markers == (
        "post2025",
        "post2026",
    )


def test_pharmacy_cannot_be_pre2020():
    data = parse_situation(
        situation(profession="pharmacie", signature_date="2019-06-01", campaign_year=2018)
    )
    with pytest.raises(SituationError) as caught:
        determine_regime(data)
    assert caught.value.field == "regime"

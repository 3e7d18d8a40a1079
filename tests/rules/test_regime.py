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


@pytest.mark.parametrize(
    ("profession", "category", "signed", "field"),
    [
        ("pharmacie", "second_cycle", "2025-06-20", "signature_date"),
        ("maieutique", "first_cycle", "2026-01-15", "signature_date"),
        ("medecine", "first_cycle", "2021-06-20", "category"),
        ("odontologie", "first_cycle", "2025-12-01", "category"),
    ],
)
def test_contracts_that_could_not_be_signed_are_refused_on_evaluation(
    profession, category, signed, field
):
    """Issue 12 §1: eligibility facts the engine knows (pharmacy and midwifery open on
    2026-01-16; the 2020 regime opens the first cycle only then) are checked, like PADHUE
    before 2020."""
    from cesp.rules import evaluate

    data = situation(
        profession=profession,
        category=category,
        campaign_year=int(signed[:4]) - 1,
        signature_date=signed,
        as_of="2026-11-01",
    )
    with pytest.raises(SituationError) as caught:
        evaluate(data)
    assert caught.value.field == field
    assert "ne peut exister" in caught.value.message
    assert "_" not in caught.value.message  # no internal code in the message


@pytest.mark.parametrize(
    ("profession", "category", "signed"),
    [
        ("pharmacie", "first_cycle", "2026-01-16"),
        ("maieutique", "second_cycle", "2026-03-01"),
        ("medecine", "first_cycle", "2019-06-20"),  # pre2020: first cycle open
        ("medecine", "first_cycle", "2026-02-01"),
    ],
)
def test_contracts_signed_once_open_evaluate(profession, category, signed):
    from cesp.rules import evaluate

    data = situation(
        profession=profession,
        category=category,
        campaign_year=int(signed[:4]) - 1,
        signature_date=signed,
        as_of="2026-11-01",
    )
    assert evaluate(data).allocation.value.count > 0

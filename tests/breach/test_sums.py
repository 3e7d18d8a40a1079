"""The statement of sums: computed by the rules, through contracts.figures, from the
payments actually made, with every parameter and version cited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cesp.breach import services
from cesp.breach.enums import DispatchKind
from tests.breach.factories import letter_case, months, pay


def test_refund_is_the_sum_of_the_nets_actually_paid(people) -> None:
    pay(people.contract, months(dt.date(2022, 10, 1), 4), Decimal("1085.63"))
    pay(people.contract, months(dt.date(2023, 2, 1), 2), Decimal("1000.00"))
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    case = services.decide(people.national, case, decided_on=dt.date(2026, 11, 20))
    statement = case.statement()
    assert statement.refund == Decimal("6342.52")  # 4 × 1085.63 + 2 × 1000.00
    assert statement.penalty == Decimal("2000.00")  # max(200 × 6, 2 000), before the DES
    assert statement.total == Decimal("8342.52")
    assert statement.payments_count == 6
    assert statement.text_applied == "arrêté du 26 mai 2020"


def test_statement_cites_parameters_texts_and_engine(people) -> None:
    pay(people.contract, months(dt.date(2022, 10, 1), 2))
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    case = services.decide(people.national, case, decided_on=dt.date(2026, 11, 20))
    statement = case.statement()
    assert statement.engine_version and statement.parameters_digest
    penalty = next(s for s in statement.explanation if s["figure"] == "Pénalité")
    names = [p["name"] for p in penalty["parameters"]]
    assert any("Montant minimal de la pénalité" in n for n in names)
    assert all(p["citation"] and p["since"] for p in penalty["parameters"])
    assert any("Arrêté du 26 mai 2020" in s for s in penalty["sources"])
    text = bytes(statement.document.content).decode()
    assert "Paramètre : Montant minimal de la pénalité" in text
    assert "docs/" not in text
    assert case.dispatch(DispatchKind.DECISION) is not None


def test_a_payment_corrected_before_the_decision_changes_the_sums(people) -> None:
    pay(people.contract, months(dt.date(2022, 10, 1), 2))
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    before = services.statement.estimate(people.contract, dt.date(2026, 11, 2))
    pay(people.contract, [dt.date(2022, 12, 1)])
    after = services.statement.estimate(people.contract, dt.date(2026, 11, 2))
    assert after.refund - before.refund == Decimal("1085.63")
    assert case.statement() is None

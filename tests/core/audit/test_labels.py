"""French labels of the audit log: registered actions, fields and values; the rest hidden."""

from __future__ import annotations

import datetime as dt

from cesp.core.audit import labels


def test_unregistered_action_never_shows_its_code() -> None:
    assert labels.action_label("nowhere.secret_step") == "Opération enregistrée"


def test_registered_fields_and_values_are_french_the_rest_technical() -> None:
    labels.register_action("essai_labels.go", "Lancer l'essai")
    labels.register_field("essai_mode", "Mode de l'essai")
    labels.register_values("essai_mode", {"in_person": "en présentiel"}, prefix="essai_labels")
    labels.register_field("essai_amount", "Montant")
    snapshot = {
        "essai_mode": "in_person",
        "date": "2027-10-15",
        "essai_amount": "13027.5600000000",
        "state": "unknown_state",
        "raw_thing": 3,
        "empty": "",
    }
    described = labels.describe("essai_labels.go", snapshot)
    assert labels.action_label("essai_labels.go") == "Lancer l'essai"
    assert described.items == [
        ("Mode de l'essai", "en présentiel"),
        ("Date", "15 octobre 2027"),
        ("Montant", "13\u202f027,56"),
    ]
    assert described.technical == [("state", "unknown_state"), ("raw_thing", "3")]
    assert labels.value_label("x", "date", dt.date(2024, 1, 2)) == "2 janvier 2024"
    assert labels.value_label("x", "essai_amount", 2021) == "2021"

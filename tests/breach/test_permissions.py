"""The breach scope and abilities, predicate and queryset alike."""

from __future__ import annotations

import datetime as dt

from cesp.breach import permissions
from cesp.breach.models import BreachCase
from tests.breach.factories import letter_case


def test_scope_predicate_and_queryset_agree(people) -> None:
    own = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    other = letter_case(people.other, people.national, dt.date(2026, 11, 3))
    users = [
        people.national,
        people.ars,
        people.ars_other,
        people.student,
        people.other_student,
        people.ufr,
    ]
    for user in users:
        listed = set(BreachCase.objects.visible_to(user))
        assert listed == {c for c in (own, other) if permissions.can_view_case(user, c)}
    assert set(BreachCase.objects.visible_to(people.ars)) == {own}
    assert set(BreachCase.objects.visible_to(people.ufr)) == set()


def test_abilities(people) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    assert permissions.abilities(people.national, case) == {
        "view": True,
        "manage": True,
        "signatory": False,
    }
    assert permissions.abilities(people.student, case)["signatory"] is True
    assert permissions.abilities(people.ars, case)["manage"] is False
    assert permissions.abilities(people.ars_other, case) == {
        "view": False,
        "manage": False,
        "signatory": False,
    }


def test_report_only_in_the_region(people) -> None:
    assert permissions.can_report(people.ars, people.contract)
    assert not permissions.can_report(people.ars, people.other)
    assert not permissions.can_report(people.student, people.contract)
    assert permissions.can_report(people.national, people.other)


def test_only_the_signatory_files_in_person(people) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    assert permissions.files_in_person(people.student, case)
    assert not permissions.files_in_person(people.national, case)
    assert not permissions.files_in_person(people.other_student, case)
    assert not permissions.files_in_person(people.ars, case)

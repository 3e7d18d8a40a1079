"""Scopes (issue 3 §2): each role sees only its contracts; researchers none directly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from cesp.contracts import figures as contract_figures
from cesp.contracts import permissions
from cesp.contracts.enums import EventType
from cesp.contracts.models import Contract
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db

#: role → (sees own contract, sees other contract)
SCOPES = {
    "student": (True, False),
    "other_student": (False, True),
    "ufr_agent": (True, False),
    "commission": (True, False),
    "ars_referent": (True, False),
    "ars_director": (True, False),
    "ars_other": (False, True),
    "national": (True, True),
    "researcher": (False, False),
    "admin": (True, True),
}


@pytest.mark.parametrize("role", SCOPES)
def test_predicate_and_queryset_agree_on_each_scope(world, role):
    user = world.users[role]
    sees_own, sees_other = SCOPES[role]
    assert permissions.can_view_contract(user, world.own) is sees_own
    assert permissions.can_view_contract(user, world.other) is sees_other
    visible = set(Contract.objects.visible_to(user))
    assert (world.own in visible, world.other in visible) == (sees_own, sees_other)


def test_a_deactivated_user_sees_nothing(world):
    user = world.users["national"]
    user.is_active = False
    assert not permissions.can_view_contract(user, world.own)
    assert not Contract.objects.visible_to(user).exists()


def test_an_ars_without_region_sees_nothing(world):
    ars = world.orgs["ars_occ"]
    ars.region_code = ""
    ars.save()
    user = world.users["ars_referent"]
    user.refresh_from_db()
    assert not Contract.objects.visible_to(user).exists()
    assert not permissions.can_view_contract(user, world.own)


@pytest.mark.parametrize(
    ("role", "event_type", "allowed"),
    [
        ("ufr_agent", EventType.DES, True),
        ("ufr_agent", EventType.PRACTICE, False),
        ("ars_referent", EventType.INSTALLATION_DECISION, True),
        ("ars_referent", EventType.THESIS, False),
        ("ars_director", EventType.DEFERRAL_GRANTED, True),
        ("commission", EventType.DES, False),
        ("student", EventType.SUSPENSION, False),
        ("national", EventType.BREACH, True),
        ("admin", EventType.BREACH, True),
        ("researcher", EventType.DES, False),
        ("ars_other", EventType.PRACTICE, False),  # out of scope
    ],
)
def test_who_records_which_event(world, role, event_type, allowed):
    assert permissions.can_record_event(world.users[role], world.own, event_type) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("student", False),
        ("commission", False),
        ("researcher", False),
        ("ufr_agent", True),
        ("ars_referent", True),
        ("national", True),
        ("admin", True),
    ],
)
def test_export_is_for_agents(world, role, allowed):
    assert permissions.can_export(world.users[role]) is allowed


def test_payments_are_visible_to_signatory_and_national_only(world):
    assert permissions.can_view_payments(world.users["student"], world.own)
    assert permissions.can_view_payments(world.users["national"], world.own)
    assert not permissions.can_view_payments(world.users["ufr_agent"], world.own)
    assert not permissions.can_view_payments(world.users["ars_referent"], world.own)


def test_contract_creation_scope(world):
    assert permissions.can_create_contract(world.users["national"])
    assert permissions.can_create_contract(world.users["ufr_agent"], world.orgs["ufr_mtp"])
    assert not permissions.can_create_contract(world.users["ufr_agent"], world.orgs["ufr_rns"])
    assert not permissions.can_create_contract(world.users["ars_referent"], world.orgs["ufr_mtp"])


def test_with_facts_loads_events_and_payments_in_three_queries(world, django_assert_num_queries):
    for n in range(3):
        ContractFactory(reference=f"CESP-QS-{n}", ufr=world.orgs["ufr_mtp"])
    for rules_only in (False, True):
        with django_assert_num_queries(3):
            contracts = list(
                Contract.objects.visible_to(world.users["national"]).with_facts(
                    rules_only=rules_only
                )
            )
            for contract in contracts:
                list(contract.events.all())
                contract_figures.payments_of(contract)


def test_matching_ignores_empty_filters_and_combines_the_others(world):
    national = Contract.objects.visible_to(world.users["national"])
    assert set(national.matching(profession="", region=None)) == {world.own, world.other}
    assert list(national.matching(ufr_code="ufr-rennes")) == [world.other]
    assert list(national.matching(ufr=world.orgs["ufr_mtp"], region="76")) == [world.own]
    assert not national.matching(ufr=world.orgs["ufr_mtp"], region="53").exists()


@pytest.mark.parametrize("role", SCOPES)
def test_abilities_through_request_users_lazy_proxy_are_the_accounts(world, role):
    """``request.user`` is a lazy proxy: abilities read the account behind it (faster for
    each row of an API list) and say the same thing, whether the proxy was read or not."""
    user = world.users[role]
    for contract in (world.own, world.other):
        expected = permissions.abilities(user, contract)
        assert permissions.abilities(SimpleLazyObject(lambda: user), contract) == expected
    lazy_anonymous = SimpleLazyObject(AnonymousUser)
    assert not any(permissions.abilities(lazy_anonymous, world.own).values())

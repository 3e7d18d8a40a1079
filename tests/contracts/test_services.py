"""Use cases: permission, validation by the rules, event + audit in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404

from cesp.contracts import figures as situation_module
from cesp.contracts import services
from cesp.contracts.figures import situation_for
from cesp.contracts.models import Contract, ContractEvent
from cesp.core.audit.models import AuditEntry
from cesp.core.audit.services import verify_chain
from cesp.rules.errors import SituationError

pytestmark = pytest.mark.django_db


def test_recording_an_event_writes_the_fact_and_its_audit_entry(world):
    agent = world.users["ufr_agent"]
    event = services.record_event(
        agent, world.own, {"type": "des", "date": "2027-10-15", "reason": "Relevé de notes"}
    )
    assert event.author == agent and event.date == dt.date(2027, 10, 15)
    entry = AuditEntry.objects.get(object_id=str(event.pk))
    assert entry.action == "contract_event.create"
    assert entry.contract_id == world.own.pk
    assert entry.after["date"] == "2027-10-15" and entry.before is None
    assert entry.actor_label == agent.username
    assert verify_chain()[1] == []


def test_out_of_scope_is_404_and_forbidden_type_is_403(world):
    with pytest.raises(Http404):
        services.record_event(world.users["ars_other"], world.own, {"type": "practice"})
    with pytest.raises(PermissionDenied):
        services.record_event(
            world.users["commission"], world.own, {"type": "des", "date": "2027-10-15"}
        )
    assert not ContractEvent.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"type": "des"}, "date", "obligatoire"),
        ({"type": "des", "date": "2027-02-30"}, "date", "Date invalide"),
        ({"type": "suspension", "start": "2023-03-01"}, "end", "fin est obligatoire"),
        ({"type": "suspension", "start": "2023-03-01", "end": "2023-01-01"}, "end", "précède"),
        ({"type": "breach", "date": "2030-01-01", "cause": "ennui"}, "cause", "inconnue"),
        ({"type": "practice", "start": "2030-01-01", "zone_share": "1.5"}, "zone_share", ""),
        ({"type": "cancellation"}, "supersedes", "désigner"),
        ({"type": "des", "date": "2027-10-15", "colour": "x"}, NON_FIELD_ERRORS, "inconnu"),
    ],
)
def test_bad_facts_are_refused_beside_their_field_in_french(world, data, field, words):
    with pytest.raises(ValidationError) as caught:
        services.record_event(world.users["national"], world.own, data)
    messages = caught.value.message_dict
    assert field in messages, messages
    assert words in " ".join(messages[field])
    assert not ContractEvent.objects.exists()


def test_a_rules_refusal_names_the_field_and_the_rule(world, monkeypatch):
    def refuse(situation, as_of=None):
        index = len(situation["events"]) - 1
        raise SituationError(
            f"events[{index}].date",
            "2025-01-10",
            "R17 — art. R631-24-3",
            "demande hors du délai de 30 jours",
        )

    monkeypatch.setattr(services, "evaluate_situation", refuse)
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            world.users["national"],
            world.own,
            {"type": "third_cycle_suspension_request", "date": "2025-01-10"},
        )
    assert caught.value.message_dict == {
        "date": ["demande hors du délai de 30 jours (règle : R17 — art. R631-24-3)"]
    }
    assert not AuditEntry.objects.exists()


def test_the_rules_engine_parses_what_the_service_sends(world):
    """The real parser refuses a practice before the signature (no monkeypatch)."""
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            world.users["national"], world.own, {"type": "thesis", "date": "2001-01-01"}
        )
    assert caught.value.message_dict  # refused, with a message
    assert not ContractEvent.objects.exists()


def test_a_correction_supersedes_and_a_cancellation_withdraws(world):
    national = world.users["national"]
    first = services.record_event(national, world.own, {"type": "des", "date": "2027-10-15"})
    fixed = services.record_event(
        national, world.own, {"type": "des", "date": "2027-11-15", "supersedes": first.pk}
    )
    events = situation_for(world.own)["events"]
    assert events == [{"type": "des", "date": dt.date(2027, 11, 15)}]
    with pytest.raises(ValidationError) as caught:
        services.record_event(national, world.own, {"type": "cancellation", "supersedes": first.pk})
    assert "déjà" in caught.value.message_dict["supersedes"][0]
    services.record_event(national, world.own, {"type": "cancellation", "supersedes": fixed.pk})
    assert situation_for(world.own)["events"] == []
    assert ContractEvent.objects.count() == 3  # nothing deleted: the history stays


def test_a_correction_must_target_the_same_contract(world):
    national = world.users["national"]
    other = services.record_event(national, world.other, {"type": "des", "date": "2027-10-15"})
    with pytest.raises(ValidationError) as caught:
        services.record_event(national, world.own, {"type": "cancellation", "supersedes": other.pk})
    assert "supersedes" in caught.value.message_dict


def test_an_error_after_the_write_leaves_nothing(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.record_event(
            world.users["national"], world.own, {"type": "des", "date": "2027-10-15"}
        )
    assert not ContractEvent.objects.exists()


def test_create_contract_checks_scope_and_audits(world):
    data = {
        "reference": "CESP-2024-999",
        "profession": "medecine",
        "category": "third_cycle",
        "campaign_year": 2024,
        "signature_date": dt.date(2025, 1, 10),
        "ufr": world.orgs["ufr_mtp"],
        "followup_region": "76",
    }
    with pytest.raises(PermissionDenied):
        services.create_contract(world.users["ars_referent"], data)
    contract = services.create_contract(world.users["ufr_agent"], data, reason="liste principale")
    assert contract.pseudonym
    entry = AuditEntry.objects.get(action="contract.create")
    assert entry.after["reference"] == "CESP-2024-999" and entry.reason == "liste principale"
    with pytest.raises(ValidationError):
        services.create_contract(
            world.users["national"], {**data, "campaign_year": 1990, "reference": "X"}
        )
    assert Contract.objects.filter(reference="X").count() == 0


# The rules validate a new event as of today: a deferral in 2028 without a diploma is
# accepted in 2026 (a future fact), refused once 2028 is past.
@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False)
def test_situation_for_maps_facts_to_interfaces_format(world):
    national = world.users["national"]
    services.record_event(
        national,
        world.own,
        {
            "type": "suspension",
            "start": "2023-03-01",
            "end": "2023-06-30",
            "suspension_reason": "maternite",
        },
    )
    services.record_event(
        national,
        world.own,
        {"type": "installation_decision", "date": "2029-01-01", "commune_code": "34172"},
    )
    services.record_event(
        national,
        world.own,
        {"type": "deferral_granted", "start": "2028-01-01", "end": "2028-12-31"},
    )
    situation = situation_for(world.own, dt.date(2026, 11, 24))
    assert situation["profession"] == "medecine" and situation["regime"] == "auto"
    assert situation["as_of"] == dt.date(2026, 11, 24)
    assert situation["events"] == [
        {
            "type": "suspension",
            "from": dt.date(2023, 3, 1),
            "to": dt.date(2023, 6, 30),
            "reason": "maternite",
        },
        {"type": "deferral", "from": dt.date(2028, 1, 1), "to": dt.date(2028, 12, 31)},
    ]
    assert "payments" not in situation
    assert situation_module.payments_situation([]) == []


def test_recorded_payments_reach_the_situation_summed_per_month(world):
    from cesp.payments.enums import LineKind
    from tests.factories import PaymentFactory

    PaymentFactory(contract=world.own, month=dt.date(2021, 10, 1), net="1085.63")
    PaymentFactory(
        contract=world.own,
        month=dt.date(2021, 10, 1),
        kind=LineKind.REGULARISATION,
        net="10.00",
    )
    PaymentFactory(contract=world.own, month=dt.date(2021, 11, 1), net="1085.63")
    assert situation_for(world.own)["payments"] == [
        {"month": "2021-10", "net": "1095.63"},
        {"month": "2021-11", "net": "1085.63"},
    ]


def test_a_correction_keeps_the_type_and_a_cancellation_is_final(world):
    national = world.users["national"]
    des = services.record_event(national, world.own, {"type": "des", "date": "2027-10-15"})
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            national, world.own, {"type": "thesis", "date": "2027-12-10", "supersedes": des.pk}
        )
    assert "garde le type" in caught.value.message_dict["type"][0]
    cancel = services.record_event(
        national, world.own, {"type": "cancellation", "supersedes": des.pk}
    )
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            national, world.own, {"type": "cancellation", "supersedes": cancel.pk}
        )
    assert "ne se corrige pas" in caught.value.message_dict["supersedes"][0]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"type": "cancellation", "supersedes": "abc"}, "supersedes"),
        ({"type": "cancellation", "supersedes": True}, "supersedes"),
        ({"type": "des", "date": 20271015}, "date"),
        ({"type": "des", "date": "2027-10-15", "payload": ["x"]}, "payload"),
        ({"type": "practice", "start": "2030-01-01", "zone_share": "abc"}, "zone_share"),
        ({"type": None}, "type"),
    ],
)
def test_form_strings_of_any_shape_give_field_errors(world, data, field):
    with pytest.raises(ValidationError) as caught:
        services.record_event(world.users["national"], world.own, data)
    assert field in caught.value.message_dict

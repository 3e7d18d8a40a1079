"""Event validation declared per event type (``enums.EVENT_SPECS``): the service and the
form read the declaration, so a new event type is one line there."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cesp.contracts import services
from cesp.contracts.enums import EVENT_SPECS, EventShape, EventSpec, EventType
from cesp.contracts.forms import EventForm
from cesp.contracts.models import ContractEvent

pytestmark = pytest.mark.django_db


def test_every_event_type_is_declared():
    assert set(EVENT_SPECS) == set(EventType.values)
    for spec in EVENT_SPECS.values():
        assert spec.required <= set(spec.fields), spec


@pytest.mark.parametrize("kind", EventType.values)
def test_the_form_offers_the_declared_fields_only(kind):
    spec = EVENT_SPECS[kind]
    form = EventForm(event_type=kind, cancellable=[])
    expected = {"reason", "legal_basis", *spec.date_fields, *spec.fields}
    if spec.commune:
        expected.add("commune_code")
    assert set(form.fields) == expected
    if "end" in form.fields:
        assert form.fields["end"].required is spec.end_required


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        (kind, spec.date_fields[:1] if spec.shape is not EventShape.CORRECTION else ())
        for kind, spec in EVENT_SPECS.items()
    ],
)
def test_the_service_requires_what_the_shape_declares(world, kind, missing):
    with pytest.raises(ValidationError) as caught:
        services.record_event(world.users["national"], world.own, {"type": kind})
    errors = caught.value.message_dict
    for field in missing:
        assert "obligatoire" in " ".join(errors[field])
    for field in EVENT_SPECS[kind].required:
        assert field in errors
    assert not ContractEvent.objects.exists()


@pytest.mark.parametrize("kind", [k for k, spec in EVENT_SPECS.items() if not spec.commune])
def test_a_commune_is_refused_where_the_type_does_not_allow_one(world, kind):
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            world.users["national"], world.own, {"type": kind, "commune_code": "34172"}
        )
    assert caught.value.message_dict["commune_code"] == [
        "Ce type d'événement ne désigne pas de commune."
    ]


def test_a_declared_required_choice_is_checked_by_the_declaration(world, monkeypatch):
    """A new type is one declaration: a suspension that required its reason would be
    checked with no other change."""
    spec = EventSpec(
        EventShape.BOUNDED_PERIOD,
        fields=("suspension_reason",),
        required=frozenset({"suspension_reason"}),
    )
    monkeypatch.setitem(EVENT_SPECS, EventType.SUSPENSION, spec)
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            world.users["national"],
            world.own,
            {"type": "suspension", "start": "2023-03-01", "end": "2023-04-30"},
        )
    (message,) = caught.value.message_dict["suspension_reason"]
    assert message.startswith("Motif de suspension inconnu")


def test_every_event_but_a_cancellation_proposes_a_legal_basis_from_the_registry() -> None:
    from cesp.contracts.forms import LEGAL_BASIS, legal_basis_for
    from cesp.rules import params

    registry = params.references()
    assert set(LEGAL_BASIS) == set(EventType.values) - {EventType.CANCELLATION}
    for event_type, ref_id in LEGAL_BASIS.items():
        assert ref_id in registry, event_type
        assert legal_basis_for(event_type) == registry[ref_id].citation()
    assert legal_basis_for(EventType.CANCELLATION) == ""

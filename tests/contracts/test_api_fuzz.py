"""Schema fuzzing (reliability.md): whatever JSON arrives, the API answers a documented
status — never a server error, never a lenient coercion that writes something."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.contracts.enums import EventType
from cesp.contracts.services import EVENT_FIELDS

pytestmark = pytest.mark.django_db

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["2027-10-15", "2027-02-30", "1.5", "0.5", "voluntary", "maternite"]),
)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
# The event fields the service knows, plus one it must refuse.
EVENT_KEYS = [*EVENT_FIELDS, "extra"]
EVENT_BODIES = st.dictionaries(
    st.sampled_from(EVENT_KEYS),
    st.one_of(JSON, st.sampled_from(EventType.values)),
    max_size=6,
)
SITUATION_KEYS = [
    "regime",
    "as_of",
    "events",
    "payments",
    "overrides",
    "extra",
]
SITUATIONS = st.fixed_dictionaries(
    {
        "profession": st.sampled_from(["medecine", "odontologie", "x"]),
        "category": st.sampled_from(["second_cycle", "third_cycle", "padhue"]),
        "campaign_year": st.one_of(st.integers(2000, 2030), st.booleans()),
        "signature_date": st.sampled_from(["2022-06-20", "2019-01-10", "2022-13-01", 5]),
    },
    optional={key: JSON for key in SITUATION_KEYS},
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.one_of(EVENT_BODIES, JSON))
def test_event_creation_never_errors(world, body):
    client = Client()
    client.force_login(world.users["national"])
    response = client.post(
        f"/api/contracts/{world.own.pk}/events", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in {201, 422}, response.content
    if response.status_code == 422:
        assert all("loc" in item and item["msg"] for item in response.json()["detail"])


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.one_of(SITUATIONS, JSON))
def test_evaluate_never_errors(body):
    response = Client().post("/api/evaluate", json.dumps(body), content_type="application/json")
    assert response.status_code in {200, 422}, response.content

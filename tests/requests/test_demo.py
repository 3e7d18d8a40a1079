"""The requests' demo: requests at every step, through the real use cases, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cesp.contracts.demo import load_demo
from cesp.requests import demo
from cesp.requests.enums import State
from cesp.requests.models import Request

from .factories import TODAY

pytestmark = pytest.mark.django_db


def test_demo_requests_at_every_step_and_idempotent():
    load_demo(total=12, today=TODAY)
    summary = demo.load(TODAY)
    assert summary.skipped == []
    states = set(Request.objects.values_list("state", flat=True))
    assert {
        State.AWAITING_OPINION,
        State.TO_DECIDE,
        State.GRANTED,
        State.REFUSED,
        State.WITHDRAWN,
    } <= states
    regions = set(Request.objects.values_list("region_from", flat=True))
    assert {"76", "53"} <= regions
    count = Request.objects.count()
    call_command("load_demo_requests")
    assert Request.objects.count() == count
    assert demo.load(TODAY).already_loaded

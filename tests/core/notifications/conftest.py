"""Kinds used by the notification tests (registered once, codes prefixed ``test_``)."""

from __future__ import annotations

import pytest

from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register

REMINDER = Kind(
    code="test_reminder",
    label="Rappel d'échéance (test)",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Rappel : {{ what }} avant le {{ day }}",
    body="Bonjour {{ name }},\n{{ what }} est attendu avant le {{ day }}.",
)
NOTICE = Kind(
    code="test_notice",
    label="Mise en demeure (test)",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Mise en demeure",
    body="Vous êtes mis en demeure de {{ what }}.",
)
register(REMINDER, NOTICE)


@pytest.fixture
def signatory(db):
    from tests.factories import UserFactory

    return UserFactory(student=True, username="sig", email="sig@example.org", first_name="Lou")

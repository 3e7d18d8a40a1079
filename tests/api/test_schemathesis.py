"""A bounded schemathesis run against the OpenAPI schema (issue 12 §4), in process through
the WSGI application (no network), authenticated with a national organisation's token:
every operation, positive and negative inputs, a fixed number of examples, derandomised.
Checks: no server error, and every status code the schema documents."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

#: Examples per operation and generation mode: the whole run stays under a minute.
EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance]


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, keeping the test's database connection open between
    requests (as Django's test client does): each test runs in one transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_api_answers_as_its_schema_says(world, wsgi_app):
    headers = {"Authorization": f"Bearer {api_token_for(world.orgs['national'])}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app, headers=headers)
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8, [op.label for op in operations]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case) -> None:
                response = case.call(headers=headers)
                statuses[response.status_code] += 1
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                run()
            except (Exception, BaseExceptionGroup) as error:  # reported together below
                failures.append(f"{operation.label} [{mode.value}]: {error}")
    assert not failures, "\n\n".join(failures)
    # The token worked (reads answered 200) and bad input met the checks (422).
    assert {200, 422} <= set(statuses), statuses
    assert statuses[401] == 0, statuses

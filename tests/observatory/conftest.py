"""Observatory test guardrails."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_report_cache():
    """The dashboard caches reports per process: no test sees another test's report."""
    from cesp.observatory import services

    services.clear_cache()
    yield
    services.clear_cache()

"""The DSFR site configuration is read once per worker and delay, not on every page;
a configuration saved or deleted is shown at once (docs/platform.md, Performance)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from dsfr.models import DsfrConfig

from cesp.core.ui import site_config

pytestmark = pytest.mark.django_db


def _page(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/accessibilite/").content.decode()
    return html, sum("dsfr_dsfrconfig" in q["sql"] for q in queries)


@override_settings(CESP_SITE_CONFIG_SECONDS=60)
def test_the_site_configuration_is_memoised_and_follows_a_change(client):
    site_config.clear()
    try:
        assert _page(client)[1] == 2  # none in French, then none at all: both read
        html, reads = _page(client)
        assert reads == 0 and "Maintenance ce soir" not in html
        config = DsfrConfig.objects.create(language="fr", notice_title="Maintenance ce soir")
        html, reads = _page(client)
        assert reads == 1 and "Maintenance ce soir" in html
        assert _page(client) == (html, 0)
        config.delete()
        html, reads = _page(client)
        assert reads == 2 and "Maintenance ce soir" not in html
    finally:
        site_config.clear()


def test_without_the_memo_every_page_reads_it(client):
    """The tests' setting (0 s): a page's query count does not depend on earlier tests."""
    assert _page(client)[1] == 2
    assert _page(client)[1] == 2

"""Opt-out for optional kinds only; the mailbox and preferences pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cesp.core.notifications.models import Message, OptOut
from cesp.core.notifications.services import notify, set_opt_outs
from tests.core.notifications.conftest import NOTICE, REMINDER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_optional_kind_can_be_opted_out_a_mandatory_one_cannot(signatory):
    set_opt_outs(signatory, {"test_reminder"})
    assert notify(REMINDER, signatory, {}, idempotency_key="a") is None
    with pytest.raises(ValidationError) as refused:
        set_opt_outs(signatory, {"test_reminder", "test_notice"})
    assert refused.value.messages == [
        "« Mise en demeure (test) » est une notification obligatoire : "
        "elle ne peut pas être désactivée."
    ]
    assert list(OptOut.objects.values_list("kind", flat=True)) == ["test_reminder"]
    OptOut.objects.create(user=signatory, kind="test_notice")  # even if one slipped in
    assert notify(NOTICE, signatory, {"what": "payer"}, idempotency_key="b") is not None


def test_the_preferences_page(client, signatory):
    client.force_login(signatory)
    html = client.get("/notifications/preferences/").content.decode()
    assert "Mise en demeure (test)" in html and "Obligatoire" in html
    assert 'id="kind-test_notice" name="kind-test_notice" value="1" checked disabled' in html
    page = client.post("/notifications/preferences/", {}, follow=True)
    assert "préférences de notification sont enregistrées" in page.content.decode()
    assert set(OptOut.objects.values_list("kind", flat=True)) >= {"test_reminder"}
    assert "test_notice" not in set(OptOut.objects.values_list("kind", flat=True))
    page = client.post("/notifications/preferences/", {"opt_out": "test_notice"})
    assert "ne peut pas être désactivée" in page.content.decode()
    assert not OptOut.objects.filter(kind="test_notice").exists()
    client.post("/notifications/preferences/", {"kind-test_reminder": "1"})
    assert not OptOut.objects.filter(kind="test_reminder").exists()


def test_the_mailbox_shows_a_signatory_only_their_own_messages(client, signatory, settings):
    other = UserFactory(username="other", email="o@example.org")
    mine = notify(NOTICE, signatory, {"what": "payer"}, idempotency_key="1")
    theirs = notify(NOTICE, other, {"what": "rembourser"}, idempotency_key="1")
    client.force_login(signatory)
    html = client.get("/notifications/boite/").content.decode()
    assert "Mes messages" in html and f'data-message="{mine.pk}"' in html
    assert f'data-message="{theirs.pk}"' not in html
    assert client.get(f"/notifications/boite/{theirs.pk}/").status_code == 404
    detail = client.get(f"/notifications/boite/{mine.pk}/").content.decode()
    assert "Vous êtes mis en demeure de payer." in detail

    agent = UserFactory(ars_referent=True, username="ref")
    client.force_login(agent)
    html = client.get("/notifications/boite/").content.decode()
    assert "Boîte aux lettres" in html and f'data-message="{theirs.pk}"' in html  # demo
    settings.CESP_DEMO_MODE = False
    html = client.get("/notifications/boite/").content.decode()
    assert f'data-message="{theirs.pk}"' not in html
    client.force_login(UserFactory(admin=True, username="adm"))
    html = client.get("/notifications/boite/?etat=pending").content.decode()
    assert f'data-message="{theirs.pk}"' in html and "2 messages" in html
    assert Message.objects.count() == 2

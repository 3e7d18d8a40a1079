"""Sessions (reliability.md): absolute 12 h lifetime, deactivation ends sessions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from cesp.accounts.models import ApiToken
from cesp.accounts.sessions import LOGIN_AT_KEY
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)


def _logged_in(username: str = "agent") -> tuple[Client, object]:
    user = UserFactory(national=True, username=username)
    client = Client()
    assert client.login(username=username, password="demo")
    return client, user


def test_an_active_session_still_ends_after_12_hours():
    with time_machine.travel(START, tick=False) as clock:
        client, _ = _logged_in()
        assert LOGIN_AT_KEY in client.session
        for _ in range(23):  # active every 29 minutes: the idle timeout never fires
            clock.shift(dt.timedelta(minutes=29))
            assert client.get("/api/contracts/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))  # 11 h 36
        assert client.get("/api/contracts/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))  # 12 h 05
        assert client.get("/api/contracts/").status_code == 401
        assert "_auth_user_id" not in client.session


def test_deactivating_an_account_ends_its_sessions_only():
    client, user = _logged_in("agent")
    other_client, _ = _logged_in("collegue")
    assert Session.objects.count() == 2
    user.is_active = False
    user.save()
    assert Session.objects.count() == 1
    assert client.get("/api/contracts/").status_code == 401
    assert other_client.get("/api/contracts/").status_code == 200


def _sessions_of(user) -> int:
    return sum(
        str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
        for session in Session.objects.all()
    )


def test_reactivating_an_account_does_not_revive_its_sessions():
    client, user = _logged_in("agent")
    user.is_active = False
    user.save()
    assert _sessions_of(user) == 0
    user.is_active = True
    user.save()
    assert _sessions_of(user) == 0
    assert client.get("/api/contracts/").status_code == 401
    assert "_auth_user_id" not in client.session


def test_a_deactivation_that_bypasses_save_still_deletes_the_session_when_used():
    """A bulk ``update()`` sends no signal: the session is deleted at its next request,
    not merely refused, so a later reactivation finds nothing to revive."""
    from cesp.accounts.models import User

    client, user = _logged_in("agent")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert _sessions_of(user) == 1  # nothing saw it yet
    assert client.get("/api/contracts/").status_code == 401
    assert _sessions_of(user) == 0
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert client.get("/api/contracts/").status_code == 401


def test_reactivation_deletes_sessions_a_bulk_deactivation_left_behind():
    from cesp.accounts.models import User

    client, user = _logged_in("agent")
    _, colleague = _logged_in("collegue")
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert _sessions_of(user) == 0
    assert _sessions_of(colleague) == 1
    assert client.get("/api/contracts/").status_code == 401


def test_tokens_are_stored_hashed_and_revocable():
    org = OrganisationFactory(national=True, code="asp")
    token, raw = ApiToken.issue(org, "batch")
    assert ApiToken.authenticate(raw) == token
    assert raw not in {token.token_hash, token.name}
    assert ApiToken.authenticate(raw + "x") is None
    token.revoked_at = START
    token.save()
    assert ApiToken.authenticate(raw) is None


def test_issue_api_token_command_prints_the_raw_token_once():
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    OrganisationFactory(ufr=True, code="ufr-montpellier")
    out = io.StringIO()
    call_command("issue_api_token", "ufr-montpellier", "logiciel de scolarité", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.authenticate(raw).organisation.code == "ufr-montpellier"
    with pytest.raises(CommandError):
        call_command("issue_api_token", "inconnue", "x", stdout=io.StringIO())

"""The audit log: hash chain, append-only, verification reports exactly one break
per altered or deleted row (reliability.md), no fork under concurrent writers."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from cesp.core.audit import cli
from cesp.core.audit.models import GENESIS_HASH, AuditAppendOnlyError, AuditEntry, AuditHead
from cesp.core.audit.services import record, verify_chain
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entries(n: int, actor=None) -> list[AuditEntry]:
    org = OrganisationFactory()
    return [
        record(actor, "organisation.rename", org, {"name": f"v{i}"}, {"name": f"v{i + 1}"}, "test")
        for i in range(n)
    ]


def test_entries_chain_on_previous_hash_and_head_follows():
    actor = UserFactory(national=True)
    first, second = _entries(2, actor)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    head = AuditHead.objects.get(pk=1)
    assert (head.last_hash, head.last_entry_id, head.length) == (second.hash, second.pk, 2)
    assert first.actor_label == actor.username
    assert verify_chain() == (2, [])


def test_entries_cannot_be_updated_or_deleted_through_the_orm():
    (entry,) = _entries(1)
    entry.reason = "autre"
    with pytest.raises(AuditAppendOnlyError):
        entry.save()
    with pytest.raises(AuditAppendOnlyError):
        entry.delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEntry.objects.update(reason="x")


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_altered_row_is_exactly_one_break_at_that_row():
    entries = _entries(5)
    _sql("UPDATE audit_auditentry SET reason = %s WHERE id = %s", "falsifié", entries[2].pk)
    count, breaks = verify_chain()
    assert count == 5
    assert [b.entry_id for b in breaks] == [entries[2].pk]
    assert "empreinte" in breaks[0].problem


def test_a_deleted_row_is_exactly_one_break_at_the_next_row():
    entries = _entries(5)
    _sql("DELETE FROM audit_auditentry WHERE id = %s", entries[1].pk)
    count, breaks = verify_chain(batch_size=2)
    assert count == 4
    assert [b.entry_id for b in breaks] == [entries[2].pk]


def test_a_deleted_last_row_shows_at_the_head():
    entries = _entries(3)
    _sql("DELETE FROM audit_auditentry WHERE id = %s", entries[-1].pk)
    _, breaks = verify_chain()
    assert len(breaks) == 1 and breaks[0].entry_id is None


def test_cli_and_command_report_the_break():
    entries = _entries(3)
    out = io.StringIO()
    assert cli.verify(out) == 0
    assert "3 entrées vérifiées" in out.getvalue()
    _sql("UPDATE audit_auditentry SET action = %s WHERE id = %s", "x", entries[0].pk)
    out = io.StringIO()
    assert cli.verify(out) == 1
    assert f"entrée #{entries[0].pk}" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=io.StringIO())


@pytest.mark.postgres
def test_concurrent_writers_never_fork_the_chain():
    org = OrganisationFactory()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                record(None, "concurrent", org, None, {"writer": n, "i": i}, "")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    count, breaks = verify_chain()
    assert count == 90
    assert breaks == []
    previous = AuditEntry.objects.values_list("previous_hash", flat=True)
    assert len(set(previous)) == 90  # no two entries chained on the same hash: no fork


def test_cesp_audit_verify_entry_point(capsys):
    _entries(2)
    assert cli.main(["verify"]) == 0
    assert "2 entrées vérifiées" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("traits", "allowed"),
    [({"national": True}, True), ({"admin": True}, True), ({"ufr_agent": True}, False),
     ({"student": True}, False), ({"researcher": True}, False)],
)  # fmt: skip
def test_only_national_and_admin_read_the_whole_log(traits, allowed):
    from cesp.core.audit.permissions import can_view_audit_log, visible_entries

    _entries(2)
    user = UserFactory(**traits)
    assert can_view_audit_log(user) is allowed
    assert visible_entries(user).count() == (2 if allowed else 0)

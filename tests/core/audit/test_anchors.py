"""The audit chain resists a database writer (issue 12 §4): entries are keyed with a secret
kept outside the database, and the head is anchored daily in a write-once file."""

from __future__ import annotations

import io
import json

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cesp.core.audit.chain import entry_digest, hashed_fields
from cesp.core.audit.models import AuditEntry, AuditHead
from cesp.core.audit.services import record, verify_chain
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _entries(n: int) -> list[AuditEntry]:
    org = OrganisationFactory()
    return [record(None, "organisation.rename", org, None, {"i": i}, "test") for i in range(n)]


def _rewrite_from(entries: list[AuditEntry], start: int, digest) -> None:
    """What a database writer does: change row ``start``, rehash it and every later row,
    then move the head, all with plain SQL."""
    previous = entries[start - 1].hash
    with connection.cursor() as cursor:
        for index, entry in enumerate(entries[start:]):
            entry.refresh_from_db()
            if index == 0:
                entry.reason = "réécrit"
            fields = hashed_fields(entry)
            new_hash = digest(previous, fields)
            cursor.execute(
                "UPDATE audit_auditentry SET reason = %s, previous_hash = %s, hash = %s"
                " WHERE id = %s",
                [entry.reason, previous, new_hash, entry.pk],
            )
            previous = new_hash
        cursor.execute("UPDATE audit_audithead SET last_hash = %s WHERE id = 1", [previous])


def test_entries_are_keyed_by_the_audit_key():
    (entry,) = _entries(1)
    key = settings.CESP_AUDIT_KEY.encode()
    assert entry.hash == entry_digest(key, entry.previous_hash, hashed_fields(entry))
    assert entry.hash != entry_digest(b"another key", entry.previous_hash, hashed_fields(entry))


def test_rehashing_without_the_key_is_detected_at_every_rewritten_row():
    entries = _entries(8)

    def sha256_only(previous, fields):
        return entry_digest(b"", previous, fields)

    _rewrite_from(entries, 5, sha256_only)
    count, breaks = verify_chain()
    assert count == 8
    assert [b.entry_id for b in breaks] == [e.pk for e in entries[5:]]


def test_a_rewrite_with_the_key_is_caught_by_an_earlier_anchor():
    entries = _entries(6)
    with time_machine.travel("2026-11-30 12:00 +0000", tick=False):
        call_command("anchor_audit", "--apply", stdout=io.StringIO())
    key = settings.CESP_AUDIT_KEY.encode()

    def with_the_key(previous, fields):
        return entry_digest(key, previous, fields)

    _rewrite_from(entries, 2, with_the_key)
    _, breaks = verify_chain()
    assert len(breaks) == 1
    assert breaks[0].entry_id == entries[-1].pk
    assert "ancrage du 30/11/2026" in breaks[0].problem


def test_anchor_job_is_a_dry_run_by_default_and_writes_once_a_day():
    _entries(3)
    path = settings.CESP_AUDIT_ANCHOR_FILE
    with time_machine.travel("2026-12-01 08:00 +0000", tick=False):
        out = io.StringIO()
        call_command("anchor_audit", stdout=out)
        assert "Simulation" in out.getvalue()
        assert not path.exists()
        call_command("anchor_audit", "--apply", stdout=io.StringIO())
        out = io.StringIO()
        call_command("anchor_audit", "--apply", stdout=out)
        assert "existe déjà" in out.getvalue()
    lines = path.read_text().splitlines()
    assert len(lines) == 1
    anchored = json.loads(lines[0])
    head = AuditHead.objects.get(pk=1)
    assert (anchored["day"], anchored["length"], anchored["last_hash"]) == (
        "2026-12-01",
        3,
        head.last_hash,
    )
    assert verify_chain() == (3, [])


def test_an_altered_anchor_line_is_reported():
    _entries(2)
    with time_machine.travel("2026-12-01 08:00 +0000", tick=False):
        call_command("anchor_audit", "--apply", stdout=io.StringIO())
    path = settings.CESP_AUDIT_ANCHOR_FILE
    path.write_text(path.read_text().replace('"length": 2', '"length": 1'))
    _, breaks = verify_chain()
    assert [str(b) for b in breaks] == [
        "tête de chaîne : fichier d'ancrage altéré : "
        "ligne 1 : le sceau de l'ancrage ne correspond pas"
    ]

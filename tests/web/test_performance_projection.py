"""The status projection (derived, rebuildable, never stale) behind the list's status
and phase filters: same results with or without it, refreshed in ``record_event``'s
transaction, ignored when a new event, a new day or a contract change makes it stale,
rebuilt by an idempotent command with a dry run by default."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cesp.contracts import projection, services
from cesp.contracts.models import Contract, ContractStatusProjection
from tests.factories import ContractEventFactory, ContractFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def _refs(client, **params) -> list[str]:
    html = client.get("/contrats/", params).content.decode()
    return re.findall(r">(CESP-[A-Z0-9-]+)</a>", html)


def _broken(world, reference: str) -> Contract:
    """A contract with a breach recorded: the rules say « broken »."""
    contract = ContractFactory(reference=reference, ufr=world.orgs["ufr_mtp"])
    ContractEventFactory(contract=contract, type="breach", date=dt.date(2024, 3, 1))
    return contract


@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False)
def test_filters_give_the_same_contracts_with_or_without_the_projection(client, world):
    _broken(world, "CESP-PRJ-0001")
    client.force_login(world.users["national"])
    queries = [{"status": "broken"}, {"status": "in_studies"}, {"phase": "broken"}]
    without = [_refs(client, **q) for q in queries]
    assert without[0] == ["CESP-PRJ-0001"] and world.own.reference in without[1]
    out = StringIO()
    call_command("project_statuses", stdout=out)  # dry run: nothing written
    assert "Simulation : 3 contrat(s)" in out.getvalue()
    assert not ContractStatusProjection.objects.exists()
    call_command("project_statuses", "--apply", stdout=StringIO())
    assert ContractStatusProjection.objects.count() == 3
    assert projection.stale(TODAY).count() == 0
    assert [_refs(client, **q) for q in queries] == without
    out = StringIO()
    call_command("project_statuses", stdout=out)  # idempotent: nothing left to do
    assert "Simulation : 0 contrat(s)" in out.getvalue()


@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False)
def test_the_list_uses_a_fresh_projection_and_ignores_a_stale_one(client, world):
    """A projection row saying the wrong thing proves which path answered: while fresh it
    is read; once any fact is newer (an event written by any path), it is ignored."""
    contract = _broken(world, "CESP-PRJ-0002")
    projection.refresh([contract], TODAY)
    client.force_login(world.users["national"])
    assert _refs(client, status="broken") == ["CESP-PRJ-0002"]
    ContractStatusProjection.objects.filter(pk=contract.pk).update(status="completed")
    assert _refs(client, status="completed") == ["CESP-PRJ-0002"]  # fresh: read
    ContractEventFactory(contract=contract, type="internship_start", date=dt.date(2023, 11, 2))
    assert _refs(client, status="completed") == []  # a newer event: evaluated again
    assert _refs(client, status="broken") == ["CESP-PRJ-0002"]


def test_a_projection_of_another_day_or_engine_or_contract_state_is_not_used(client, world):
    contract = _broken(world, "CESP-PRJ-0003")
    client.force_login(world.users["national"])
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        projection.refresh([contract], dt.date(2026, 11, 23))
    ContractStatusProjection.objects.filter(pk=contract.pk).update(status="completed")
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False):
        assert _refs(client, status="completed") == []  # yesterday's: stale
        projection.refresh([contract], TODAY)
        ContractStatusProjection.objects.filter(pk=contract.pk).update(status="completed")
        assert _refs(client, status="completed") == ["CESP-PRJ-0003"]
        ContractStatusProjection.objects.filter(pk=contract.pk).update(engine_version="0.0.0")
        assert _refs(client, status="completed") == []  # another engine: stale
        projection.refresh([contract], TODAY)
        ContractStatusProjection.objects.filter(pk=contract.pk).update(status="completed")
        contract.regime_override = "post2020"
        contract.save()  # a contract fact changed (updated_at): stale
        assert _refs(client, status="completed") == []


@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False)
def test_record_event_refreshes_the_projection_in_its_transaction(world):
    services.record_event(
        world.users["ufr_agent"],
        world.own,
        {"type": "internship_start", "date": "2024-11-02", "reason": "Prise de fonctions"},
    )
    row = ContractStatusProjection.objects.get(pk=world.own.pk)
    assert row.computed_on == TODAY and row.last_event_id == world.own.events.latest("id").pk
    assert projection.stale(TODAY).filter(pk=world.own.pk).count() == 0
    refused = {"type": "thesis", "date": "2019-01-01", "reason": "x"}
    before = ContractStatusProjection.objects.get(pk=world.own.pk).computed_at
    with pytest.raises(ValidationError):  # refused by the rules (thesis before signature)
        services.record_event(world.users["ufr_agent"], world.own, refused)
    assert ContractStatusProjection.objects.get(pk=world.own.pk).computed_at == before


@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False)
def test_a_status_filter_on_a_fresh_projection_reads_its_candidates_in_one_query(client, world):
    """Each candidate's projection and last event are read in the query that lists the
    candidates (no join scanning the projection, no count nor page query running it
    again): a status filter costs fewer queries than no filter (its count)."""
    for i in range(6):
        _broken(world, f"CESP-PRJ-1{i:03d}")
    call_command("project_statuses", "--apply", stdout=StringIO())
    client.force_login(world.users["national"])
    with CaptureQueriesContext(connection) as plain:
        client.get("/contrats/")
    with CaptureQueriesContext(connection) as by_status:
        refs = _refs(client, status="broken", region="76")
    assert refs == [f"CESP-PRJ-1{i:03d}" for i in range(6)]
    assert len(by_status) == len(plain) - 1
    projected = [q["sql"] for q in by_status if "contracts_contractstatusprojection" in q["sql"]]
    assert len(projected) == 1 and "JOIN" not in projected[0]

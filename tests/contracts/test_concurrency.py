"""Two agents recording at the same time are validated in turn (row lock on the contract)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from cesp.contracts import services
from cesp.contracts.models import ContractEvent


@pytest.mark.postgres
def test_concurrent_events_cannot_both_pass_a_single_event_rule(world):
    """A contract has one DES at most (rules: ordre des évènements): of two concurrent
    recordings, exactly one is written, the other is refused by the rules."""
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def record(day: str) -> None:
        try:
            barrier.wait()
            services.record_event(world.users["national"], world.own, {"type": "des", "date": day})
            outcomes.append("written")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    days = ["2027-10-15", "2027-10-16", "2027-10-17", "2027-10-18"]
    threads = [threading.Thread(target=record, args=(day,)) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "written"]
    assert ContractEvent.objects.filter(contract=world.own, type="des").count() == 1

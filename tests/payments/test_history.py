"""« Mes allocations » month by month: every month from the effect date to today appears
once, in one row, with a French explanation (property over suspensions and diplomas)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cesp.contracts.enums import EventType
from cesp.payments.history import STATE_LABELS, history
from cesp.rules.months import Month
from tests.factories import ContractEventFactory, ContractFactory

TODAY = dt.date(2025, 6, 10)


class MonthsProperty(TestCase):
    @settings(max_examples=15)
    @given(
        start=st.integers(min_value=0, max_value=30),
        length=st.integers(min_value=0, max_value=8),
        diploma=st.one_of(st.none(), st.integers(min_value=20, max_value=40)),
    )
    def test_every_month_once_with_its_reason(self, start, length, diploma):
        contract = ContractFactory()
        first = Month(2022, 1) + start
        ContractEventFactory(
            contract=contract,
            type=EventType.SUSPENSION,
            date=None,
            start=first.first_day(),
            end=(first + length).last_day(),
            suspension_reason="maladie",
        )
        if diploma is not None:
            day = (Month(2022, 1) + diploma).first_day() + dt.timedelta(days=9)
            ContractEventFactory(contract=contract, type=EventType.DES, date=day)
            ContractEventFactory(contract=contract, type=EventType.THESIS, date=day)
        with time_machine.travel(dt.datetime(2025, 6, 10, 10, tzinfo=dt.UTC), tick=False):
            rows = history(contract, TODAY).rows
        covered = []
        for row in rows:
            assert row.explanation and row.state in STATE_LABELS
            covered += list(range(row.first.index, row.last.index + 1))
        effect = Month(contract.campaign_year, 10).index
        assert sorted(covered) == list(range(effect, Month.of(TODAY).index + 1))
        firsts = [row.first.index for row in rows]
        assert firsts == sorted(firsts, reverse=True)  # newest first


pytestmark = pytest.mark.django_db

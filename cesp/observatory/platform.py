"""The observatory on the platform's own contracts: facts → cohort rows (Django).

Each contract becomes one :class:`~cesp.observatory.cohort.CohortRow`, pseudonymised
(``profile_id`` = the research pseudonym, ``pseudonyms.research_pseudonym``: never the
reference, the signatory or the platform's pseudonym):

- phase from the rules' status (``cesp.rules.evaluate``, never re-derived here):
  ``in_studies``/``suspended``/``deferred`` → studies; ``practising``/
  ``practice_suspended`` → installed; ``completed`` → completed; ``broken`` → broken;
  ``ended_without_repayment`` → deceased when the cause is death, else broken;
- allocation months and engagement months due from the rules' figures;
- thesis, DES, breach dates from the events in force; installation date and commune from
  the first practice period (else the installation decision);
- signature region = region of the UFR (else the region of follow-up).

A contract the rules refuse (inconsistent facts) is set aside and counted.
Researchers' extracts have dates at month precision (reliability.md): the day becomes 1.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet

from cesp.contracts.enums import EventType
from cesp.contracts.models import Contract, ContractEvent
from cesp.contracts.situation import build_situation, effective_events
from cesp.observatory.cohort import COLUMNS, CohortRow
from cesp.observatory.cohort import DATE_COLUMNS as DATE_FIELDS
from cesp.observatory.indicators import PlatformFacts
from cesp.observatory.pseudonyms import research_pseudonym
from cesp.rules.errors import SituationError
from cesp.rules.vocabulary import PHASE_OF_STATUS


@dataclass
class PlatformCohort:
    rows: list[CohortRow]
    set_aside: Counter[str] = field(default_factory=Counter)
    facts: PlatformFacts = field(default_factory=PlatformFacts)

    def quality(self) -> dict[str, Any]:
        return {
            "rows_read": len(self.rows) + sum(self.set_aside.values()),
            "rows_used": len(self.rows),
            "rows_set_aside": sum(self.set_aside.values()),
            "set_aside_by_reason": dict(self.set_aside),
            "ignored_columns": [],
            "issues": [],
            "issues_total": sum(self.set_aside.values()),
            "notes": [],
            "notes_total": 0,
        }


def _first(events: list[ContractEvent], kind: str) -> ContractEvent | None:
    found = [e for e in events if e.type == kind]
    return min(found, key=lambda e: e.when or date.max) if found else None


def contract_row(contract: Contract, as_of: date) -> CohortRow:
    """One contract as a cohort row (raises ``SituationError`` on inconsistent facts)."""
    from cesp.rules.evaluate import evaluate

    events = effective_events(contract.events.all())
    situation = build_situation(contract, events, contract.payments.all(), as_of)
    evaluation = evaluate(situation, as_of=as_of, explain=False)
    status = evaluation.status.value
    breach = _first(events, EventType.BREACH)
    practice = _first(events, EventType.PRACTICE)
    decision = _first(events, EventType.INSTALLATION_DECISION)
    thesis, des = _first(events, EventType.THESIS), _first(events, EventType.DES)
    place = practice or decision
    deceased = (
        status == "ended_without_repayment" and breach is not None and breach.cause == "death"
    )
    ufr_region = getattr(contract.ufr, "region_code", "") if contract.ufr_id else ""
    return CohortRow(
        line=0,
        profile_id=research_pseudonym(contract.reference),
        profession=contract.profession,
        status="signed",
        deceased=deceased,
        birth_date=contract.birth_date,
        signature_date=contract.signature_date,
        bridge_entry=contract.bridge_entry,
        bridge_origin=contract.bridge_origin or None,
        signature_region=ufr_region or contract.followup_region or None,
        phase=PHASE_OF_STATUS.get(status),
        specialty=contract.specialty or None,
        allocation_months=evaluation.allocation.value.count,
        engagement_months=evaluation.engagement.value.months_due,
        planned_region=contract.planned_region or None,
        thesis_date=thesis.date if thesis else None,
        des_date=des.date if des else None,
        installation_date=place.when if place else None,
        breach_date=breach.date if breach else None,
        installation_commune=(place.commune_code or None) if place else None,
    )


def contracts_for(queryset: QuerySet[Contract]) -> QuerySet[Contract]:
    return queryset.select_related("ufr").with_facts(rules_only=True)


def platform_cohort(queryset: QuerySet[Contract], as_of: date) -> PlatformCohort:
    cohort = PlatformCohort(rows=[])
    for contract in contracts_for(queryset).iterator(chunk_size=500):
        try:
            cohort.rows.append(contract_row(contract, as_of))
        except SituationError:
            cohort.set_aside["rules_refused_facts"] += 1
    cohort.facts = platform_facts(queryset)
    return cohort


def platform_facts(queryset: QuerySet[Contract]) -> PlatformFacts:
    """Payments are recorded by the platform; follow-up interviews and zoning-change
    notifications are not (yet) recorded as facts here, and the indicators say so."""
    from cesp.contracts.models import Payment

    payments = list(
        Payment.objects.filter(contract__in=queryset.values("pk")).values_list("month", "paid_on")
    )
    return PlatformFacts(
        payments=payments or None,
        missing_because={
            "followup": (
                "le module de suivi annuel (entretiens avec le référent) "
                "n'est pas encore en service"
            ),
            "payments": "aucun versement enregistré pour ces contrats",
            "zoning": (
                "les notifications de changement de zonage ne sont pas encore reliées aux contrats"
            ),
        },
    )


def month_precision(row: CohortRow) -> CohortRow:
    """The row with every date moved to the first of its month (researchers' extracts)."""
    changes = {
        name: getattr(row, name).replace(day=1) for name in DATE_FIELDS if getattr(row, name)
    }
    return replace(row, **changes)


def cohort_csv(rows: list[CohortRow]) -> str:
    """Rows in the cohort format of interfaces.md §2."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = []
        for name in COLUMNS:
            value = getattr(row, name)
            if isinstance(value, bool):
                value = "1" if value else "0"
            cells.append("" if value is None else str(value))
        if row.status:
            cells[COLUMNS.index("status")] = row.status
        writer.writerow(cells)
    return buffer.getvalue()


def freshness_key(queryset: QuerySet[Contract]) -> tuple[Any, ...]:
    """Changes whenever a fact of these contracts changes (for the dashboard cache)."""
    contracts = queryset.aggregate(n=Max("pk"), updated=Max("updated_at"))
    latest_event = ContractEvent.objects.filter(contract__in=queryset.values("pk")).aggregate(
        m=Max("pk")
    )
    return (queryset.count(), contracts["n"], contracts["updated"], latest_event["m"])

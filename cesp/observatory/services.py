"""Use cases of the observatory dashboard: one report for a user and filters.

Reads only (no write, no audit entry needed). The report of a scope is cached in the
process and recomputed as soon as a fact of those contracts changes
(``platform.freshness_key``) or the day changes.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from cesp.contracts.models import Contract
from cesp.observatory import permissions
from cesp.observatory.platform import PlatformCohort, freshness_key, platform_cohort
from cesp.observatory.privacy import publication
from cesp.observatory.report import build_report

_CACHE: OrderedDict[tuple, tuple[dict[str, Any], PlatformCohort]] = OrderedDict()
_CACHE_SIZE = 4  # each entry keeps its rows: bounded memory per worker
_PUBLISHED: OrderedDict[tuple, dict[str, Any]] = OrderedDict()  # same keys, masked copies


@dataclass(frozen=True)
class Filters:
    region: str | None = "76"  # None: every region (national view)
    profession: str = "medecine"
    campaign_from: int | None = None
    campaign_to: int | None = None
    publication: bool = False

    def key(self) -> tuple:
        return (self.region, self.profession, self.campaign_from, self.campaign_to)


def scoped_contracts(user, filters: Filters) -> QuerySet[Contract]:
    """The contracts of the user's scope, filtered (the region filters the follow-up)."""
    contracts = permissions.observatory_contracts(user)
    region = permissions.fixed_region(user) or filters.region
    if region:
        contracts = contracts.filter(followup_region=region)
    if filters.campaign_from is not None:
        contracts = contracts.filter(campaign_year__gte=filters.campaign_from)
    if filters.campaign_to is not None:
        contracts = contracts.filter(campaign_year__lte=filters.campaign_to)
    return contracts


def report_for(
    user, filters: Filters, as_of: date | None = None
) -> tuple[dict[str, Any], PlatformCohort]:
    """The observatory report of the user's scope, masked for publication when asked
    and always for a user who may not use internal mode (``permissions.publication_mode``:
    whatever a view or the API passes, a researcher gets publication mode)."""
    as_of = as_of or date.today()
    region = permissions.fixed_region(user) or filters.region
    contracts = scoped_contracts(user, filters)
    scope = "ars" if permissions.fixed_region(user) else "all"
    key = (scope, filters.key(), region, as_of, freshness_key(contracts))
    cached = _CACHE.get(key)
    if cached is None:
        cohort = platform_cohort(
            contracts, as_of, region=region or None, profession=filters.profession
        )
        cached = (_internal_report(cohort, region, filters.profession, as_of), cohort)
        _CACHE[key] = cached
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    report, cohort = cached
    if permissions.publication_mode(user, filters.publication):
        return _published(key, report), cohort
    return report, cohort


def _published(key: tuple, report: dict[str, Any]) -> dict[str, Any]:
    """The publication copy of a cached report, computed once per report."""
    published = _PUBLISHED.get(key)
    if published is None:
        published = _PUBLISHED[key] = publication(report)
        while len(_PUBLISHED) > _CACHE_SIZE:
            _PUBLISHED.popitem(last=False)
    return published


def clear_cache() -> None:
    _CACHE.clear()
    _PUBLISHED.clear()


def _internal_report(
    cohort: PlatformCohort, region: str | None, profession: str, as_of: date
) -> dict:
    report = build_report(
        cohort.rows,
        region=region,
        profession=profession,
        as_of=as_of,
        facts=cohort.facts,
        source="contrats de la plateforme (pseudonymisés)",
    )
    report["data_quality"] = cohort.quality()
    return report

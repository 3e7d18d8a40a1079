"""The facts of the live indicators, read from the platform (Django).

``indicators.py`` computes the indicators from a :class:`PlatformFacts`; this module
fills it from the apps that record the facts, each through its public face:

- payments: ``contracts.services.payment_dates`` (month covered, day paid);
- zoning changes: for each zoning version that replaced another in a region followed
  by these contracts (the last ``ZONING_YEARS`` years, at most ``MAX_CHANGES``), the
  signatories it touched (``territories.impact.assess``, the assessment that sends the
  notices) and whether the notice of kind ``zoning_change`` was written to them (the
  kernel's stored copy: on the portal, and by e-mail when they have an address). A
  region's first zoning replaces nothing: it is no change;
- the first payment: the payments app's ``delays.delay_indicator`` on the same contracts
  (the contracts its payer watches: signed since its watch date);
- offers: the offers app's ``stats.outcome_counts`` on the offers of the lists of the
  UFR of the region in scope (every region nationally) and of the profession studied;
- follow-up (referents, yearly exchanges, written exchanges): from the followup app's
  indicator functions once it is in service; until then each indicator says why it is
  not available.

Keys are contract ids (counts only: nothing of them leaves the observatory).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from cesp.contracts import services
from cesp.contracts.models import Contract
from cesp.core.geography import region_name
from cesp.core.notifications.models import Message
from cesp.observatory.indicators import PlatformFacts
from cesp.offers.models import Offer
from cesp.offers.stats import outcome_counts
from cesp.payments.delays import delay_indicator
from cesp.territories.impact import assess, previous_version
from cesp.territories.models import ZoningVersion
from cesp.territories.notifications import ZONING_CHANGE

#: Zoning changes looked at: those in force within this many years before the report
#: date (the 2018 survey asks for "the installation year and the 3 years before").
ZONING_YEARS = 3
MAX_CHANGES = 12

NOT_YET = {
    "followup": "le suivi annuel (entretiens avec le référent) n'est pas encore en service",
    "referents": "la désignation des référents n'est pas encore en service",
    "messages": "les échanges écrits avec les signataires ne sont pas encore en service",
    "offers": "aucune offre de contrat enregistrée pour ce périmètre",
    "first_payment": "aucun contrat de ce périmètre n'est suivi par le payeur (signés depuis "
    "sa date de suivi)",
    "payments": "aucun versement enregistré pour ces contrats",
    "zoning": "aucun changement de zonage n'a touché ces contrats sur la période",
}


def zoning_versions(regions: set[str], as_of: date) -> list[ZoningVersion]:
    """The zoning versions of ``regions`` that came into force in the window, newest first."""
    since = as_of - timedelta(days=365 * ZONING_YEARS)
    versions = ZoningVersion.objects.filter(
        region__in=regions, valid_from__lte=as_of, valid_from__gt=since
    ).order_by("-valid_from", "-pk")
    return [v for v in versions[: MAX_CHANGES * 2] if previous_version(v) is not None][:MAX_CHANGES]


def zoning_by_change(
    contracts: QuerySet[Contract], as_of: date
) -> list[tuple[str, date, dict[str, bool]]]:
    """(change, day in force, contract → told) for each change touching ``contracts``."""
    ids = set(contracts.values_list("pk", flat=True))
    regions = set(contracts.values_list("followup_region", flat=True).distinct()) - {""}
    changes = []
    for version in zoning_versions(regions, as_of):
        touched = {i.contract_id for i in assess(version)} & ids
        if not touched:
            continue
        notices = Message.objects.filter(
            kind=ZONING_CHANGE.code, context__zoning_version_id=version.pk
        ).values_list("context", flat=True)
        told = {(context or {}).get("contract_id") for context in notices}
        name = f"{version.act} ({region_name(version.region) or version.region})"
        changes.append((name, version.valid_from, {str(pk): pk in told for pk in sorted(touched)}))
    return changes


def offers_outcomes(region: str | None, profession: str | None) -> dict[str, int] | None:
    """The offers' outcomes of the lists of ``region``'s UFR (all when None), for
    ``profession`` (all when None); None when there is no offer."""
    offers = Offer.objects.all()
    if region:
        offers = offers.filter(round__ranked_list__campaign__ufr__region_code=region)
    if profession:
        offers = offers.filter(round__ranked_list__profession=profession)
    counts = outcome_counts(offers)
    total = counts.pop("total")
    return counts if total else None


def platform_facts(
    contracts: QuerySet[Contract],
    as_of: date,
    *,
    region: str | None = None,
    profession: str | None = None,
) -> PlatformFacts:
    """Every live fact the platform holds on ``contracts`` (``None``: not recorded); the
    offers, made before any contract, are those of ``region`` and ``profession``."""
    payments = services.payment_dates(contracts)
    changes = zoning_by_change(contracts, as_of)
    first = delay_indicator(contracts, as_of, "périmètre de l'observatoire").as_dict()
    return PlatformFacts(
        payments=payments or None,
        zoning_by_change=changes or None,
        offer_outcomes=offers_outcomes(region, profession),
        first_payment=first if first["contracts"] else None,
        missing_because=dict(NOT_YET),
    )

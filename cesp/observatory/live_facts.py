"""The facts of the live indicators, read from the platform (Django).

``indicators.py`` computes the indicators from a :class:`PlatformFacts`; this module
fills it from the apps that record the facts, each through its public face:

- follow-up (``cesp.followup.summary``): how many were seen in the last 12 months and
  how many have a named referent (one count query each), each
  zoning change notified about these contracts with how many were concerned and how
  many informed (``zoning_information``: the e-mail went out, or the signatory opened
  their space or follow-up page after the notice); the ``MAX_CHANGES`` latest versions;
- answers: ``followup.answer_delays`` on the conversations of these contracts, each run
  of a signatory's messages waiting from its first until the first answer of an agent
  (the delays ``followup.summary.median_answer_hours`` takes the median of);
- payments: ``payments.ledger.payment_dates`` (month covered, day paid), and the
  payments app's ``delays.delay_indicator`` on the same contracts (first payment);
- offers: the offers app's ``stats.outcome_counts`` on the offers of the lists of the
  UFR of the region in scope (every region nationally) and of the profession studied.

Keys are contract ids (counts only: nothing of them leaves the observatory).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from cesp.contracts.models import Contract
from cesp.core.geography import region_name
from cesp.followup import summary as followup
from cesp.followup.models import Thread
from cesp.observatory.indicators import PlatformFacts
from cesp.offers.models import Offer
from cesp.offers.stats import outcome_counts
from cesp.payments import ledger
from cesp.payments.delays import delay_indicator
from cesp.territories.models import ZoningVersion

#: Zoning changes listed one by one at most (the latest in force first).
MAX_CHANGES = 12

NOT_YET = {
    "followup": "aucun contrat dans ce périmètre",
    "referents": "aucun contrat dans ce périmètre",
    "messages": "aucun message de signataire dans ce périmètre",
    "offers": "aucune offre de contrat enregistrée pour ce périmètre",
    "first_payment": "aucun contrat de ce périmètre n'est suivi par le payeur (signés depuis "
    "sa date de suivi)",
    "payments": "aucun versement enregistré pour ces contrats",
    "zoning": "aucun changement de zonage notifié à ces signataires",
}


def zoning_by_change(
    contracts: QuerySet[Contract], as_of: date
) -> list[tuple[str, date, dict[str, bool]]]:
    """(change, day in force, person → informed) for each zoning change notified about
    ``contracts`` that came into force in the window (``followup.zoning_information``)."""
    found = {info.zoning_version_id: info for info in followup.zoning_information(contracts)}
    versions = ZoningVersion.objects.filter(pk__in=list(found)).order_by("-valid_from", "-pk")
    versions = versions[:MAX_CHANGES]
    changes = []
    for version in versions:
        info = found[version.pk]
        name = f"{version.act} ({region_name(version.region) or version.region})"
        people = {str(i): i < info.informed for i in range(info.concerned)}
        changes.append((name, version.valid_from, people))
    return changes


def answer_delays(contracts: QuerySet[Contract]) -> list[float | None]:
    """Days from each run of a signatory's messages to the first answer (None: waiting)."""
    threads = Thread.objects.filter(contract__in=contracts)
    return [
        None if delay is None else delay.total_seconds() / 86400
        for delay in followup.answer_delays(threads)
    ]


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
    payments = ledger.payment_dates(contracts)
    changes = zoning_by_change(contracts, as_of)
    total = contracts.count()
    seen = followup.seen_last_12_months(contracts, as_of)
    named = followup.with_referent(contracts)
    delays = answer_delays(contracts)
    first = delay_indicator(contracts, as_of, "périmètre de l'observatoire").as_dict()
    return PlatformFacts(
        payments=payments or None,
        zoning_by_change=changes or None,
        seen_last_12_months=(seen, total) if total else None,
        referents={str(i): i < named for i in range(total)} if total else None,
        answer_delays=delays or None,
        offer_outcomes=offers_outcomes(region, profession),
        first_payment=first if first["contracts"] else None,
        missing_because=dict(NOT_YET),
    )

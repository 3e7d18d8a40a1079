"""The daily job of the offers: lapse the offers whose 30 days have run and offer their
contracts to the next candidates, by the pure rule ``cesp.rules.cascade`` (R631-24-5).
A scheduled job: dry run unless ``--apply``; idempotent (run twice, it changes nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cesp.core.jobs.base import JobCommand, JobResult
from cesp.offers import cascading, services
from cesp.offers.enums import PENDING
from cesp.offers.models import Offer, OfferRound
from cesp.rules.errors import SituationError
from cesp.rules.offers import signed_contract_due


def active_rounds(day: date) -> list[int]:
    """Every round started by ``day`` whose lists are still valid (for the academic year
    only, R632-70: until 30 September after the campaign year), and older rounds that
    still have a pending offer to lapse (``--all``)."""
    first_year = day.year - 1 if (day.month, day.day) <= (9, 30) else day.year
    valid = Q(ranked_list__campaign__academic_year__gte=first_year)
    pending = Q(offers__state__in=PENDING)
    return list(
        OfferRound.objects.filter(started_on__lte=day)
        .filter(valid | pending)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def rounds_due(day: date) -> list[int]:
    """The rounds with an offer whose deadline (the rule's, ``Offer.deadline``) has
    passed on ``day`` and is still pending: the daily run's subjects. The other events
    of a round — its start, an answer, a withdrawal — apply the rule at once
    (``services.advance``); a quota changed by a movement is applied by ``--all``."""
    pending = Offer.objects.pending().filter(received_on__lt=day, round__started_on__lte=day)
    due = {
        round_id
        for round_id, received in pending.values_list("round_id", "received_on")
        if signed_contract_due(received).value < day
    }
    return sorted(due)


class Command(JobCommand):
    help = (
        "Constate la caducité des offres sans retour dans les trente jours et propose les "
        "contrats aux candidats suivants (simulation par défaut)."
    )
    label = "Cascade quotidienne des offres de contrat"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", dest="day", help="jour traité, AAAA-MM-JJ (par défaut : aujourd'hui)"
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="sweep",
            help="examiner tous les lancements en cours (après un mouvement de quota)",
        )

    def run(
        self, *, apply: bool, day: str | None = None, sweep: bool = False, **options: Any
    ) -> JobResult:
        day = _parse_day(day)
        counts = {"rounds": 0, "lapsed": 0, "dispatched": 0, "skipped": 0, "errors": 0}
        errors: list[str] = []
        for pk in active_rounds(day) if sweep else rounds_due(day):
            with transaction.atomic():
                offer_round = (
                    OfferRound.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
                )
                if offer_round is None:  # another run holds it: it does this one
                    counts["skipped"] += 1
                    continue
                try:
                    if apply:
                        done = services.advance(offer_round, day)
                    else:
                        done = cascading.decisions(cascading.facts_of(offer_round, day), day)
                except (SituationError, LookupError) as exc:
                    counts["errors"] += 1
                    errors.append(f"lancement n° {pk} : {exc}")
                    continue
            counts["rounds"] += 1
            counts["lapsed"] += len(done.lapse)
            counts["dispatched"] += len(done.dispatch)
            self.heartbeat()
        prefix = "" if apply else "Simulation : "
        summary = (
            f"{prefix}{counts['rounds']} lancement(s) d'offres examiné(s) au "
            f"{day:%d/%m/%Y} : {counts['lapsed']} offre(s) caduque(s), "
            f"{counts['dispatched']} nouvelle(s) offre(s)."
        )
        if counts["skipped"]:
            summary += f" {counts['skipped']} en cours de traitement ailleurs."
        if errors:
            summary += " Erreurs : " + " ; ".join(errors[:5])
        return JobResult(summary, counts)


def _parse_day(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    return date.fromisoformat(value)

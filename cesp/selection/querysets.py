"""Querysets of the selection's facts: scopes (``visible_to``) and the queries used twice."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q, Sum

from . import permissions


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        """The campaigns ``user`` acts on or follows (``permissions.campaign_scope``)."""
        scope = permissions.campaign_scope(user)
        return self.none() if scope is None else self.filter(scope)

    def of_year(self, academic_year: int) -> CampaignQuerySet:
        return self.filter(academic_year=academic_year)


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user) -> DossierQuerySet:
        """The dossiers ``user`` may open: their own, or those filed in their scope."""
        scope = permissions.dossier_scope(user)
        return self.none() if scope is None else self.filter(scope)

    def filed(self) -> DossierQuerySet:
        return self.exclude(state="draft")

    def in_state(self, *states: str) -> DossierQuerySet:
        return self.filter(state__in=states)


class QuotaLineQuerySet(models.QuerySet):
    def known_on(self, on: date) -> QuotaLineQuerySet:
        """Lines of annual arrêtés published on or before ``on``."""
        return self.filter(arrete__kind="annual", arrete__published_on__lte=on)

    def total(self) -> int:
        return self.aggregate(n=Sum("contracts"))["n"] or 0


class QuotaMovementQuerySet(models.QuerySet):
    def effective_on_or_before(self, on: date) -> QuotaMovementQuerySet:
        return self.filter(effective_on__lte=on)

    def touching(self, ufr_id: int, category: str, profession: str) -> QuotaMovementQuerySet:
        return self.filter(
            Q(source_ufr_id=ufr_id, source_category=category, source_profession=profession)
            | Q(target_ufr_id=ufr_id, target_category=category, target_profession=profession)
        )


class RankedListQuerySet(models.QuerySet):
    def posted(self) -> RankedListQuerySet:
        return self.filter(posted_at__isnull=False)

    def not_transmitted(self) -> RankedListQuerySet:
        return self.filter(transmitted_at__isnull=True)

    def visible_to(self, user) -> RankedListQuerySet:
        scope = permissions.campaign_scope(user, prefix="campaign__")
        return self.none() if scope is None else self.filter(scope)


class ListEntryQuerySet(models.QuerySet):
    def in_offer_order(self) -> ListEntryQuerySet:
        """Principal list first, then complementary, each by rank (interfaces.md §4)."""
        return self.annotate(
            list_order=models.Case(
                models.When(kind="principal", then=0), default=1, output_field=models.IntegerField()
            )
        ).order_by("list_order", "rank")

"""The public face read by offers: published lists and quotas after movements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cesp.selection import lists
from cesp.selection.models import QuotaMovement
from tests.factories import OrganisationFactory
from tests.selection.factories import (
    CampaignFactory,
    DossierFactory,
    ListEntryFactory,
    MilestoneFactory,
    QuotaLineFactory,
    RankedListFactory,
)

pytestmark = pytest.mark.django_db


def test_published_lists_are_posted_only_in_offer_order():
    campaign = CampaignFactory()
    posted = RankedListFactory(campaign=campaign, posted_at=timezone.now())
    draft = RankedListFactory(campaign=campaign, category="third_cycle")  # not published
    d = {n: DossierFactory(campaign=campaign, state="ranked") for n in ("a", "b", "c")}
    ListEntryFactory(ranked_list=posted, kind="complementary", rank=1, dossier=d["c"])
    ListEntryFactory(ranked_list=posted, kind="principal", rank=2, dossier=d["b"])
    ListEntryFactory(ranked_list=posted, kind="principal", rank=1, dossier=d["a"])

    (published,) = lists.published_lists(campaign)

    assert [(c.dossier_id, c.list_kind, c.rank) for c in published.candidates] == [
        (d["a"].pk, "principal", 1),
        (d["b"].pk, "principal", 2),
        (d["c"].pk, "complementary", 1),
    ]
    assert published.principal[0].ufr_id == campaign.ufr_id
    assert published.complementary[0].candidate_id == d["c"].candidate_id
    assert published.valid_until == dt.date(2027, 9, 30)
    assert lists.published_list(posted.pk) == published
    assert lists.published_list(draft.pk) is None


def test_quota_counts_arrete_then_movements_known_on_the_day():
    ufr, other = OrganisationFactory(ufr=True), OrganisationFactory(ufr=True)
    campaign = CampaignFactory(ufr=ufr)
    QuotaLineFactory(ufr=ufr, contracts=5)
    QuotaMovement.objects.create(
        kind="redistribution",
        academic_year=2026,
        source_ufr=ufr,
        source_category="second_cycle",
        source_profession="medecine",
        target_ufr=other,
        target_category="second_cycle",
        target_profession="medecine",
        contracts=2,
        effective_on=dt.date(2027, 9, 1),
        reference="Arrêté de redistribution",
    )

    assert lists.quota(campaign, "second_cycle", "medecine", dt.date(2027, 7, 9)).contracts == 0
    assert lists.quota(campaign, "second_cycle", "medecine", dt.date(2027, 8, 1)).contracts == 5
    assert lists.quota(campaign, "second_cycle", "medecine", dt.date(2027, 9, 1)).contracts == 3
    other_campaign = CampaignFactory(ufr=other)
    assert (
        lists.quota(other_campaign, "second_cycle", "medecine", dt.date(2027, 9, 1)).contracts == 2
    )
    assert lists.quota_published_on(campaign, "second_cycle", "medecine") == dt.date(2027, 7, 10)


def test_milestone_and_campaign_lookup():
    m = MilestoneFactory()
    assert lists.milestone(m.campaign, "lists_deadline") == dt.date(2027, 1, 15)
    assert lists.milestone(m.campaign, "commission") is None
    assert lists.campaign_for(m.campaign.ufr_id, 2026) == m.campaign

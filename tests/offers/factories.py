"""Posted lists and quotas for the offers' tests (selection's facts, written directly:
the offers read them only through ``cesp.selection.lists``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from cesp.accounts.models import Organisation, User
from cesp.selection import lists as selection_lists
from cesp.selection.models import (
    Campaign,
    Dossier,
    ListEntry,
    QuotaArrete,
    QuotaLine,
    RankedList,
)
from tests.factories import OrganisationFactory, UserFactory


@dataclass
class Lists:
    campaign: Campaign
    ranked: RankedList
    entries: list[ListEntry]  # principal then complementary, by rank
    candidates: list[User]

    def entry(self, index: int) -> ListEntry:
        return self.entries[index]


def make_quota(
    ufr: Organisation,
    year: int,
    contracts: int,
    published_on: date,
    profession: str = "medecine",
    category: str = "second_cycle",
) -> QuotaLine:
    arrete, _ = QuotaArrete.objects.get_or_create(
        kind="annual",
        academic_year=year,
        published_on=published_on,
        defaults={"reference": f"Arrêté de quotas {year}-{year + 1}"},
    )
    return QuotaLine.objects.create(
        arrete=arrete, ufr=ufr, category=category, profession=profession, contracts=contracts
    )


def make_lists(
    *,
    ufr: Organisation | None = None,
    year: int = 2026,
    principal: int = 2,
    complementary: int = 3,
    open_contracts: int | None = None,
    quota: int | None = None,
    quota_published: date | None = date(2027, 7, 1),
    profession: str = "medecine",
    category: str = "second_cycle",
    prefix: str = "cand",
) -> Lists:
    """Posted lists of ``principal`` + ``complementary`` candidates; a quota line when
    ``quota_published`` is given (``quota`` defaults to ``open_contracts``)."""
    ufr = ufr or OrganisationFactory(
        ufr=True,
        code="ufr-montpellier",
        region_code="76",
        name="Faculté de médecine Montpellier-Nîmes",
    )
    campaign, _ = Campaign.objects.get_or_create(ufr=ufr, academic_year=year)
    open_contracts = principal if open_contracts is None else open_contracts
    ranked = RankedList.objects.create(
        campaign=campaign,
        category=category,
        profession=profession,
        open_contracts=open_contracts,
        drawn_on=date(year, 12, 10),
        posted_at=datetime.combine(date(year, 12, 11), time(9), tzinfo=UTC),
        transmitted_at=datetime.combine(date(year, 12, 12), time(9), tzinfo=UTC),
    )
    entries, users = [], []
    for kind, count in (("principal", principal), ("complementary", complementary)):
        for rank in range(1, count + 1):
            n = len(users)
            user = UserFactory(
                username=f"{prefix}-{profession}-{category}-{n}",
                first_name=f"Prénom{n}",
                last_name=f"Nom{n}",
                email=f"{prefix}{n}@example.org",
            )
            dossier = Dossier.objects.create(
                campaign=campaign,
                candidate=user,
                schema="post2020",
                state="ranked",
                birth_name=f"Nom{n}",
                first_names=f"Prénom{n}",
                birth_date=date(2004, 5, 1),
                birth_place="Montpellier",
                nationality="française",
                address="1 rue de la Paix",
                email=user.email,
                profession=profession,
                category=category,
                study_year=3,
            )
            entries.append(
                ListEntry.objects.create(ranked_list=ranked, kind=kind, rank=rank, dossier=dossier)
            )
            users.append(user)
    if quota_published is not None:
        make_quota(
            ufr,
            year,
            open_contracts if quota is None else quota,
            quota_published,
            profession,
            category,
        )
    return Lists(campaign, ranked, entries, users)


def published(lists: Lists) -> selection_lists.PublishedList:
    published = selection_lists.published_list(lists.ranked.pk)
    assert published is not None
    return published

"""The selection's public face for the apps above it (offers, observatory).

Read-only functions over the selection's facts, so that no other app reads its models'
internals:

- ``published_lists(campaign)``: the posted lists of a campaign (``PublishedList``), each
  with its ranked candidates in offer order (``ListedCandidate``: principal, then
  complementary, by rank; interfaces.md §4);
- ``published_list(list_id)``: the same for one stream's lists, or ``None`` (a draft);
- ``posted_lists_of_year(academic_year)``: the same for every campaign of a year;
- ``quota(campaign, category, profession, on)``: contracts open after the arrêtés and
  the movements known on that day (``Quota`` with its make-up and publication date);
- ``quota_published_on(campaign, category, profession)``: the first publication of an
  arrêté for it (the day offers may start, D6), or ``None``;
- ``milestone(campaign, kind)``: the date of one of the campaign's milestones or ``None``;
- ``campaign_for(ufr, academic_year)``: the campaign of a UFR and year, or ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from .models import Campaign, ListEntry, Milestone, RankedList
from .quotas import Quota, quota_on

__all__ = [
    "ListedCandidate",
    "PublishedList",
    "Quota",
    "campaign_for",
    "milestone",
    "posted_lists_of_year",
    "published_lists",
    "quota",
    "quota_published_on",
]


@dataclass(frozen=True, slots=True)
class ListedCandidate:
    """One ranked candidate, with what an offer and a contract need."""

    entry_id: int
    dossier_id: int
    candidate_id: int
    list_kind: str  # "principal" | "complementary"
    rank: int
    category: str
    profession: str
    ufr_id: int
    campaign_id: int
    academic_year: int
    birth_name: str
    usage_name: str
    first_names: str
    birth_date: date | None
    birth_place: str
    nationality: str
    address: str
    email: str

    @property
    def display_name(self) -> str:
        return f"{(self.usage_name or self.birth_name).upper()} {self.first_names}".strip()


@dataclass(frozen=True, slots=True)
class PublishedList:
    """The two lists of one campaign, category and profession, as posted."""

    list_id: int
    campaign_id: int
    ufr_id: int
    academic_year: int
    category: str
    profession: str
    open_contracts: int
    drawn_on: date
    posted_at: object
    transmitted_at: object
    valid_until: date
    candidates: tuple[ListedCandidate, ...]

    @property
    def principal(self) -> tuple[ListedCandidate, ...]:
        return tuple(c for c in self.candidates if c.list_kind == "principal")

    @property
    def complementary(self) -> tuple[ListedCandidate, ...]:
        return tuple(c for c in self.candidates if c.list_kind == "complementary")


def _candidate(entry: ListEntry, ranked: RankedList) -> ListedCandidate:
    d = entry.dossier
    return ListedCandidate(
        entry_id=entry.pk,
        dossier_id=d.pk,
        candidate_id=d.candidate_id,
        list_kind=entry.kind,
        rank=entry.rank,
        category=ranked.category,
        profession=ranked.profession,
        ufr_id=ranked.campaign.ufr_id,
        campaign_id=ranked.campaign_id,
        academic_year=ranked.campaign.academic_year,
        birth_name=d.birth_name,
        usage_name=d.usage_name,
        first_names=d.first_names,
        birth_date=d.birth_date,
        birth_place=d.birth_place,
        nationality=d.nationality,
        address=d.address,
        email=d.email,
    )


def _published(lists) -> list[PublishedList]:
    out = []
    in_order = ListEntry.objects.select_related("dossier").in_offer_order()
    for ranked in lists.select_related("campaign").prefetch_related(
        Prefetch("entries", queryset=in_order)
    ):
        out.append(
            PublishedList(
                list_id=ranked.pk,
                campaign_id=ranked.campaign_id,
                ufr_id=ranked.campaign.ufr_id,
                academic_year=ranked.campaign.academic_year,
                category=ranked.category,
                profession=ranked.profession,
                open_contracts=ranked.open_contracts,
                drawn_on=ranked.drawn_on,
                posted_at=ranked.posted_at,
                transmitted_at=ranked.transmitted_at,
                valid_until=ranked.valid_until,
                candidates=tuple(_candidate(e, ranked) for e in ranked.entries.all()),
            )
        )
    return out


def published_lists(campaign: Campaign) -> list[PublishedList]:
    """The posted lists of ``campaign`` (drafts are not lists yet)."""
    return _published(RankedList.objects.filter(campaign=campaign).posted())


def published_list(list_id: int) -> PublishedList | None:
    """The posted lists of one stream (``None`` while they are a draft)."""
    found = _published(RankedList.objects.filter(pk=list_id).posted())
    return found[0] if found else None


def posted_lists_of_year(academic_year: int) -> list[PublishedList]:
    return _published(RankedList.objects.filter(campaign__academic_year=academic_year).posted())


def quota(campaign: Campaign, category: str, profession: str, on: date) -> Quota:
    """Contracts open for this campaign, category and profession, as known on ``on``."""
    return quota_on(campaign.ufr_id, campaign.academic_year, category, profession, on)


def quota_published_on(campaign: Campaign, category: str, profession: str) -> date | None:
    return quota_on(
        campaign.ufr_id, campaign.academic_year, category, profession, date.max
    ).published_on


def milestone(campaign: Campaign, kind: str) -> date | None:
    return (
        Milestone.objects.filter(campaign=campaign, kind=kind)
        .values_list("date", flat=True)
        .first()
    )


def campaign_for(ufr_id: int, academic_year: int) -> Campaign | None:
    return Campaign.objects.filter(ufr_id=ufr_id, academic_year=academic_year).first()

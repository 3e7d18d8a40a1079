"""The commission: decisions with votes (casting vote), lists within the caps (R8)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cesp.core.notifications.models import Message
from cesp.core.workflow.engine import TransitionRefused
from cesp.selection import lists, services
from cesp.selection.errors import Refused
from cesp.selection.models import Decision, ListEntry
from tests.factories import UserFactory
from tests.selection.factories import CampaignFactory, DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return CampaignFactory()


@pytest.fixture
def member(campaign):
    return UserFactory(commission=True, organisation=campaign.ufr)


@pytest.fixture
def session(campaign, member):
    return services.open_session(
        campaign,
        member,
        dt.date(2026, 12, 10),
        [
            ("Pr Doyen", "dean"),
            ("M. DG ARS", "dg_ars"),
            ("Dr Ordre", "ordre"),
            ("Mme URPS", "urps"),
        ],
    )


def at_interview(campaign, member, session, **kwargs):
    dossier = DossierFactory(campaign=campaign, state="screening", **kwargs)
    services.move_dossier(dossier, member, "shortlist", data={"session_id": session.pk})
    services.move_dossier(dossier, member, "hear")
    return dossier


def test_screening_to_ranked_records_decisions(campaign, member, session):
    dossier = at_interview(campaign, member, session)
    services.move_dossier(
        dossier, member, "rank", data={"session_id": session.pk, "votes_for": 3, "votes_against": 1}
    )
    assert dossier.state == "ranked"
    assert list(Decision.objects.values_list("kind", "votes_for")) == [
        ("shortlist", 0),
        ("rank", 3),
    ]


def test_tie_needs_the_dg_ars_casting_vote(campaign, member, session):
    dossier = at_interview(campaign, member, session)
    tie = {"session_id": session.pk, "votes_for": 2, "votes_against": 2}
    with pytest.raises(TransitionRefused, match="voix prépondérante"):
        services.move_dossier(dossier, member, "rank", data=tie)
    services.move_dossier(dossier, member, "rank", data={**tie, "casting_vote": True})
    assert Decision.objects.get(kind="rank").casting_vote


def test_casting_vote_without_dg_ars_present_is_refused(campaign, member):
    session = services.open_session(
        campaign, member, dt.date(2026, 12, 10), [("A", "dean"), ("B", "ordre")]
    )
    dossier = at_interview(campaign, member, session)
    with pytest.raises(TransitionRefused, match="sans directeur général"):
        services.move_dossier(
            dossier,
            member,
            "rank",
            data={
                "session_id": session.pk,
                "votes_for": 1,
                "votes_against": 1,
                "casting_vote": True,
            },
        )


def test_vote_against_cannot_rank_and_refusal_needs_reason(campaign, member, session):
    dossier = at_interview(campaign, member, session)
    with pytest.raises(TransitionRefused, match="ne porte pas"):
        services.move_dossier(
            dossier, member, "rank", data={"session_id": session.pk, "votes_against": 3}
        )
    with pytest.raises(TransitionRefused, match="motif"):
        services.move_dossier(dossier, member, "not_rank", data={"session_id": session.pk})
    services.move_dossier(
        dossier,
        member,
        "not_rank",
        reason="Projet imprécis",
        data={"session_id": session.pk, "votes_against": 3},
    )
    assert dossier.state == "not_ranked"


def test_ufr_agent_cannot_decide(campaign, session):
    agent = UserFactory(ufr_agent=True, organisation=campaign.ufr)
    dossier = DossierFactory(campaign=campaign, state="screening")
    with pytest.raises(TransitionRefused, match="pas le droit"):
        services.move_dossier(dossier, agent, "shortlist", data={"session_id": session.pk})


def ranked(campaign, n, **kwargs):
    return [DossierFactory(campaign=campaign, state="ranked", **kwargs).pk for _ in range(n)]


def test_lists_over_the_cap_are_refused_with_the_rule(campaign, member):
    ids = ranked(campaign, 11)
    with pytest.raises(Refused) as refused:
        services.draw_lists(
            campaign,
            member,
            category="second_cycle",
            profession="medecine",
            open_contracts=2,
            principal=ids[:2],
            complementary=ids[2:],
            drawn_on=dt.date(2026, 12, 10),
        )
    text = refused.value.reasons[-1]
    assert "liste complémentaire de 9 candidats au-delà du plafond de 8" in text
    assert "R632-70" in text
    assert not ListEntry.objects.exists()


def test_cap_was_three_times_before_december_2013():
    campaign = CampaignFactory(academic_year=2012)
    assert services.list_cap_refusals(campaign, 2, 2, 7, dt.date(2012, 12, 1))
    assert not services.list_cap_refusals(campaign, 2, 2, 6, dt.date(2012, 12, 1))


def test_draw_post_transmit_then_lists_are_published_and_fixed(campaign, member):
    ids = ranked(campaign, 3)
    kwargs = {
        "category": "second_cycle",
        "profession": "medecine",
        "drawn_on": dt.date(2026, 12, 10),
    }
    rl = services.draw_lists(
        campaign, member, open_contracts=1, principal=ids[:1], complementary=ids[1:], **kwargs
    )
    assert lists.published_lists(campaign) == []
    with pytest.raises(Refused, match="Affichez"):
        services.transmit_lists(rl, member)
    services.post_lists(rl, member)
    told = Message.objects.filter(kind="selection_lists_posted")
    assert told.count() == 3
    assert "liste complémentaire" in told.get(recipient__selection_dossiers__pk=ids[2]).body
    services.transmit_lists(rl, member, "courriel du 12/12/2026")
    (published,) = lists.published_lists(campaign)
    assert [c.dossier_id for c in published.candidates] == ids
    with pytest.raises(Refused, match="ne se modifient plus"):
        services.draw_lists(
            campaign, member, open_contracts=1, principal=ids[:1], complementary=[], **kwargs
        )


def test_unranked_or_other_category_dossiers_cannot_be_listed(campaign, member):
    other = DossierFactory(campaign=campaign, state="interview").pk
    padhue = ranked(campaign, 1, category="padhue", profession="padhue_medecine")
    with pytest.raises(Refused) as refused:
        services.draw_lists(
            campaign,
            member,
            category="second_cycle",
            profession="medecine",
            open_contracts=3,
            principal=[other, *padhue],
            complementary=[],
            drawn_on=dt.date(2026, 12, 10),
        )
    assert len(refused.value.reasons) == 2


@given(
    open_contracts=st.integers(0, 6), principal=st.integers(0, 8), complementary=st.integers(0, 30)
)
def test_cap_refusal_matches_the_rule(open_contracts, principal, complementary):
    campaign = CampaignFactory.build(academic_year=2026)
    refused = services.list_cap_refusals(
        campaign, open_contracts, principal, complementary, dt.date(2026, 12, 10)
    )
    assert bool(refused) == (principal > open_contracts or complementary > 4 * open_contracts)

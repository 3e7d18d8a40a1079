"""A whole selection campaign through the selection's own use cases — file, rank, lists,
quota — up to where the offers start (for the browser test of issue 9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import time_machine

from cesp.accounts.models import Organisation, User
from cesp.selection import pieces, quota_services, services
from cesp.selection.models import Campaign, RankedList
from tests.factories import OrganisationFactory, UserFactory
from tests.selection.conftest import pdf_bytes

YEAR = 2026
MEMBERS = [("Pr Michel Laurent", "dean"), ("Mme Claire Dubois", "dg_ars")]


@dataclass
class Ranked:
    ufr: Organisation
    campaign: Campaign
    ranked: RankedList
    candidates: list[User]
    national: User


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 11, tzinfo=dt.UTC))


def ranked_campaign(names: list[tuple[str, str]], open_contracts: int, quota: int) -> Ranked:
    """Candidates file on 20 Nov, are ranked on 10 Dec in the given order (the first
    ``open_contracts`` on the principal list), the lists are posted and transmitted, and the
    quota arrêté is imported as published on 11 Dec."""
    ufr = OrganisationFactory(
        ufr=True,
        code="ufr-montpellier",
        region_code="76",
        name="Faculté de médecine Montpellier-Nîmes",
    )
    agent = UserFactory(ufr_agent=True, username="ufr-montpellier", organisation=ufr)
    commission = UserFactory(commission=True, username="commission-mtp", organisation=ufr)
    national = UserFactory(national=True, username="national")
    candidates = []
    with _at(dt.date(YEAR, 11, 20)):
        campaign = services.open_campaign(ufr, YEAR, agent)
        dossiers = []
        for index, (last, first) in enumerate(names):
            user = UserFactory(
                student=True,
                username=f"candidat-{index}",
                last_name=last,
                first_name=first,
                email=f"candidat-{index}@example.org",
            )
            candidates.append(user)
            dossier = services.start_dossier(campaign, user)
            services.save_section(
                dossier,
                user,
                {
                    "birth_name": last,
                    "first_names": first,
                    "birth_date": dt.date(2001, 3, 14),
                    "birth_place": "Montpellier",
                    "nationality": "française",
                    "address": "2 rue de l'École de médecine, 34000 Montpellier",
                    "email": user.email,
                    "profession": "odontologie",
                    "category": "second_cycle",
                    "study_year": 5,
                    "specialty": "Odontologie",
                    "practice_mode": "liberal",
                    "practice_place": "Lodève (Hérault)",
                },
            )
            dossier.refresh_from_db()
            for kind in pieces.required_kinds(dossier):
                services.add_piece(dossier, user, kind, f"{kind}.pdf", pdf_bytes())
            dossiers.append(services.file_dossier(dossier, user))
    with _at(dt.date(YEAR, 12, 10)):
        session = services.open_session(campaign, commission, dt.date(YEAR, 12, 10), MEMBERS)
        vote = {"session_id": session.pk, "votes_for": 2, "votes_against": 0, "abstentions": 0}
        for dossier in dossiers:
            services.move_dossier(dossier, agent, "receive")
            services.move_dossier(dossier, commission, "shortlist", data=vote)
            services.move_dossier(dossier, commission, "hear")
            services.move_dossier(dossier, commission, "rank", data=vote)
        ids = [d.pk for d in dossiers]
        ranked = services.draw_lists(
            campaign,
            commission,
            category="second_cycle",
            profession="odontologie",
            open_contracts=open_contracts,
            principal=ids[:open_contracts],
            complementary=ids[open_contracts:],
            drawn_on=dt.date(YEAR, 12, 10),
            session=session,
        )
        services.post_lists(ranked, agent)
        services.transmit_lists(ranked, agent, "Courriel au gestionnaire national")
    with _at(dt.date(YEAR, 12, 11)):
        quota_services.import_annual(
            f"ufr,categorie,profession,contrats\nufr-montpellier,second_cycle,odontologie,"
            f"{quota}\n".encode(),
            "quotas.csv",
            academic_year=YEAR,
            reference="Arrêté de quotas (essai)",
            published_on=dt.date(YEAR, 12, 11),
            user=national,
        )
    return Ranked(ufr, campaign, ranked, candidates, national)

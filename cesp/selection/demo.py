"""Demo data of the selection: the 2026-2027 campaign of Montpellier, in progress.

Dossiers at every stage (draft, filed with the UFR or, PADHUE, with the ARS, screening,
shortlisted, heard, ranked, not retained), a sitting with its members, and:
- medicine 2nd cycle: ranked candidates without lists yet, so that
  ``commission-montpellier`` ranks them;
- odontology 2nd cycle: lists drawn, posted and transmitted (the offers' input).
The ``candidat`` account (password ``demo``) follows its own dossier, shortlisted.
Everything goes through the use cases (filing, decisions, lists): logs and audit are real.
Idempotent: nothing is loaded when the campaign already has dossiers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from pypdf import PdfWriter

from cesp.accounts.enums import Role
from cesp.accounts.models import Organisation, User
from cesp.rules import commission as commission_rules

from . import pieces, services
from .enums import MilestoneKind
from .models import Campaign, Dossier

UFR_CODE = "ufr-montpellier"
COMMISSION_USER = "commission-montpellier"
UFR_USER = "ufr-montpellier"
ARS_USER = "ars-occitanie"
CANDIDATE = "candidat"
YEAR = 2026

#: (last name, first name, profession, category, study year, target state)
PEOPLE = [
    ("Fabre", "Inès", "medecine", "second_cycle", 5, "shortlisted"),  # the candidat account
    ("Roux", "Hugo", "medecine", "second_cycle", 4, "draft"),
    ("Vidal", "Manon", "medecine", "second_cycle", 5, "filed"),
    ("Bousquet", "Louis", "medecine", "third_cycle", 7, "filed"),
    ("Haddad", "Samir", "padhue_medecine", "padhue", None, "filed"),
    ("Cazals", "Chloé", "medecine", "second_cycle", 6, "screening"),
    ("Vaysse", "Jules", "odontologie", "second_cycle", 5, "screening"),
    ("Garcia", "Lina", "medecine", "second_cycle", 5, "not_shortlisted"),
    ("Morel", "Arthur", "medecine", "second_cycle", 6, "shortlisted"),
    ("Blanc", "Zoé", "medecine", "second_cycle", 5, "interview"),
    ("Roche", "Adam", "medecine", "third_cycle", 8, "interview"),
    ("Fournier", "Léa", "medecine", "second_cycle", 6, "ranked"),
    ("Girard", "Nathan", "medecine", "second_cycle", 5, "ranked"),
    ("Lambert", "Emma", "medecine", "second_cycle", 6, "ranked"),
    ("Mercier", "Paul", "medecine", "second_cycle", 4, "ranked"),
    ("Rey", "Jade", "medecine", "second_cycle", 5, "ranked"),
    ("Robin", "Théo", "medecine", "second_cycle", 6, "not_ranked"),
    ("Faure", "Lou", "odontologie", "second_cycle", 5, "ranked"),
    ("Brunet", "Tom", "odontologie", "second_cycle", 6, "ranked"),
    ("Arnaud", "Alice", "odontologie", "second_cycle", 5, "ranked"),
]
ROUTE = {
    "filed": [],
    "screening": ["receive"],
    "shortlisted": ["receive", "shortlist"],
    "not_shortlisted": ["receive", "not_shortlist"],
    "interview": ["receive", "shortlist", "hear"],
    "ranked": ["receive", "shortlist", "hear", "rank"],
    "not_ranked": ["receive", "shortlist", "hear", "not_rank"],
}
MEMBERS = [
    ("Pr Michel Laurent", "dean"),
    ("Mme Claire Dubois (DG ARS Occitanie)", "dg_ars"),
    ("Dr Anne Meunier", "ordre"),
    ("Dr Marc Colin", "urps"),
    ("M. Paul Lemoine", "fhf"),
    ("Mme Sarah Picard", "students"),
]


@dataclass
class Summary:
    already_loaded: bool = False
    dossiers: int = 0
    skipped: str = ""


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _candidate(index: int, last: str, first: str) -> User:
    username = CANDIDATE if index == 0 else f"candidat-demo-{index:02d}"
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "role": Role.STUDENT,
            "last_name": last,
            "first_name": first,
            "email": f"{username}@demo.cesp.invalid",
            "is_active": True,
        },
    )
    if index == 0:
        user.set_password("demo")
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _fill(dossier: Dossier, user: User, person: tuple) -> Dossier:
    last, first, profession, category, year, _ = person
    services.save_section(
        dossier,
        user,
        {
            "birth_name": last,
            "first_names": first,
            "birth_date": date(2001 if category != "padhue" else 1988, 3, 14),
            "birth_place": "Montpellier" if category != "padhue" else "Alger",
            "nationality": "française" if category != "padhue" else "algérienne",
            "address": f"{len(last)} rue de l'École de médecine, 34000 Montpellier",
            "email": user.email,
            "profession": profession,
            "category": category,
            "study_year": year,
            "specialty": "Médecine générale" if profession != "odontologie" else "Odontologie",
            "practice_mode": "liberal",
            "practice_place": "Lodève (Hérault)",
        },
    )
    dossier.refresh_from_db()
    pdf = _pdf()
    for kind in pieces.required_kinds(dossier):
        services.add_piece(dossier, user, kind, f"{kind}.pdf", pdf)
    return dossier


def load() -> Summary:
    if not settings.CESP_DEMO_MODE:
        return Summary(skipped="mode démonstration désactivé")
    ufr = Organisation.objects.filter(code=UFR_CODE).first()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[COMMISSION_USER, UFR_USER, ARS_USER])
    }
    if ufr is None or len(users) < 3:
        return Summary(skipped="comptes de démonstration des contrats absents")
    existing = Campaign.objects.filter(ufr=ufr, academic_year=YEAR).first()
    if existing is not None and existing.dossiers.exists():
        return Summary(already_loaded=True)
    campaign, _ = Campaign.objects.get_or_create(ufr=ufr, academic_year=YEAR)
    commission, agent, ars = users[COMMISSION_USER], users[UFR_USER], users[ARS_USER]
    session = services.open_session(
        campaign, commission, date(YEAR, 12, 1), MEMBERS, "Faculté de médecine, salle du conseil"
    )
    count = 0
    by_state: dict[tuple[str, str], list[int]] = {}
    for index, person in enumerate(PEOPLE):
        user = _candidate(index, person[0], person[1])
        dossier = _fill(services.start_dossier(campaign, user), user, person)
        count += 1
        target = person[5]
        if target == "draft":
            continue
        services.file_dossier(dossier, user)
        for name in ROUTE[target]:
            actor = commission
            if name == "receive":
                actor = ars if dossier.is_padhue else agent
            data = {"session_id": session.pk, "votes_for": 5, "votes_against": 1, "abstentions": 0}
            reason = ""
            if name.startswith("not_"):
                data |= {"votes_for": 1, "votes_against": 5}
                reason = "Projet professionnel encore imprécis."
            if name == "hear":
                data = None
            services.move_dossier(dossier, actor, name, reason=reason, data=data)
        if target == "ranked":
            by_state.setdefault((dossier.category, dossier.profession), []).append(dossier.pk)
    ids = by_state.get(("second_cycle", "odontologie"), [])
    if ids:
        ranked = services.draw_lists(
            campaign,
            commission,
            category="second_cycle",
            profession="odontologie",
            open_contracts=1,
            principal=ids[:1],
            complementary=ids[1:],
            drawn_on=date(YEAR, 12, 1),
            session=session,
        )
        services.post_lists(ranked, agent)
        services.transmit_lists(ranked, agent, "Courriel à l'ASP du 1er décembre 2026")
    calendar = services.default_milestones(YEAR) | {
        MilestoneKind.COMMISSION: date(YEAR, 12, 15),
        MilestoneKind.LISTS_DEADLINE: commission_rules.lists_deadline(YEAR).value,
    }
    for kind, day in calendar.items():
        services.set_milestone(campaign, kind, day, agent)
    return Summary(dossiers=count)

"""Use cases of the selection, one transaction each, audited; refusals say why and cite.

Campaigns and their milestones, the candidate's dossier (sections, pieces, filing), the
commission (sittings, decisions with votes) and the lists (drawn, posted, transmitted).
Quota imports and movements are in ``quota_services.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cesp.core.audit import services as audit
from cesp.rules import commission as commission_rules

from . import dossier_rules, notifications, pieces
from .enums import DossierState, ListKind, MilestoneKind
from .errors import Refused
from .models import (
    Campaign,
    CommissionSession,
    Decision,
    Dossier,
    ListEntry,
    Milestone,
    Piece,
    RankedList,
    SessionMember,
)
from .workflow import DECISION_OF_TRANSITION, DOSSIER

RULE_LISTS = "art. R632-70 du code de l'éducation (listes principale et complémentaire)"
RULE_POSTING = "art. R632-70 du code de l'éducation (listes affichées, valables pour l'année)"


def default_milestones(academic_year: int) -> dict[str, date]:
    """A starting calendar, to be edited per UFR (§1.6; the D5 date is the rules')."""
    y = academic_year
    return {
        MilestoneKind.OPENING: date(y, 10, 1),
        MilestoneKind.FILING_DEADLINE: date(y, 11, 30),
        MilestoneKind.ARS_AGREEMENT_DEADLINE: date(y, 12, 5),
        MilestoneKind.COMMISSION: date(y, 12, 10),
        MilestoneKind.LISTS_DEADLINE: commission_rules.lists_deadline(y).value,
        MilestoneKind.LISTS_EXPIRY: date(y + 1, 9, 30),
    }


@transaction.atomic
def open_campaign(ufr, academic_year: int, user) -> Campaign:
    """The campaign of a UFR and year, created with its default milestones if new."""
    campaign, created = Campaign.objects.get_or_create(ufr=ufr, academic_year=academic_year)
    if created:
        for kind, day in default_milestones(academic_year).items():
            Milestone.objects.create(campaign=campaign, kind=kind, date=day)
        audit.record(user, "selection.campaign.open", campaign, after={"year": academic_year})
    return campaign


@transaction.atomic
def set_milestone(campaign: Campaign, kind: str, day: date, user, note: str = "") -> Milestone:
    """Edit one milestone (campaigns are data: workflows-payments.md §1.7 req. 1)."""
    if kind not in MilestoneKind.values:
        raise Refused(["Étape de calendrier inconnue."])
    milestone = Milestone.objects.filter(campaign=campaign, kind=kind).first()
    before = {"date": milestone.date.isoformat()} if milestone else None
    if milestone is None:
        milestone = Milestone(campaign=campaign, kind=kind)
    milestone.date, milestone.note = day, note
    milestone.save()
    audit.record(
        user, "selection.milestone.set", milestone, before=before, after={"date": day.isoformat()}
    )
    return milestone


@transaction.atomic
def start_dossier(campaign: Campaign, user) -> Dossier:
    """The candidate's draft for this campaign (created once; never lost)."""
    existing = Dossier.objects.filter(campaign=campaign, candidate=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                campaign=campaign,
                candidate=user,
                schema=dossier_rules.schema_on(timezone.localdate()),
                profession="medecine",
                category="second_cycle",
                birth_name=user.last_name,
                first_names=user.first_name,
                email=user.email,
            )
    except IntegrityError:  # a second click at the same time
        return Dossier.objects.get(campaign=campaign, candidate=user)
    audit.record(user, "selection.dossier.start", dossier)
    return dossier


def _editable(dossier: Dossier, user) -> None:
    if dossier.candidate_id != getattr(user, "pk", None):
        raise Refused(["Seul le candidat modifie son dossier."])
    if dossier.state != DossierState.DRAFT:
        raise Refused(["Le dossier est déposé : il ne se modifie plus."])


@transaction.atomic
def save_section(dossier: Dossier, user, values: dict[str, Any]) -> Dossier:
    """Save one section of the draft (fields already validated by its form)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _editable(dossier, user)
    for name, value in values.items():
        setattr(dossier, name, value)
    dossier.save()
    return dossier


@transaction.atomic
def add_piece(dossier: Dossier, user, kind: str, filename: str, content: bytes) -> Piece:
    """Keep a checked file as a piece; a new file of a single kind replaces the old one."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _editable(dossier, user)
    if kind not in pieces.PieceKind.values:
        raise Refused(["Type de pièce inconnu."])
    try:
        checked = pieces.check_file(filename, content)
    except pieces.PieceRefused as refusal:
        raise Refused([refusal.message]) from None
    if kind in pieces.SINGLE_KINDS:
        dossier.pieces.filter(kind=kind).delete()
    piece = Piece.objects.create(
        dossier=dossier,
        kind=kind,
        filename=checked.filename,
        media_type=checked.media_type,
        size=checked.size,
        sha256=checked.sha256,
        content=checked.content,
        uploaded_by=user,
    )
    audit.record(user, "selection.piece.add", piece, after={"kind": kind, "sha256": checked.sha256})
    return piece


@transaction.atomic
def remove_piece(piece: Piece, user) -> None:
    _editable(piece.dossier, user)
    audit.record(user, "selection.piece.remove", piece, before={"kind": piece.kind})
    piece.delete()


def file_dossier(dossier: Dossier, user) -> Dossier:
    """File the dossier: refused with every reason (pieces, eligibility, calendar) if not."""

    def filed(locked: Dossier) -> None:
        locked.filed_at = timezone.now()
        locked.save(update_fields=["filed_at"])
        notifications.dossier_filed(locked)

    DOSSIER.apply(dossier, user, "file", on_apply=filed)
    dossier.refresh_from_db()
    return dossier


def move_dossier(
    dossier: Dossier, user, name: str, *, reason: str = "", data: dict[str, Any] | None = None
) -> Dossier:
    """Take a commission or routing transition; decisions keep their vote."""
    data = dict(data or {})

    def record(locked: Dossier) -> None:
        kind = DECISION_OF_TRANSITION.get(name)
        if kind is None:
            return
        Decision.objects.create(
            session_id=data["session_id"],
            dossier=locked,
            kind=kind,
            votes_for=int(data.get("votes_for") or 0),
            votes_against=int(data.get("votes_against") or 0),
            abstentions=int(data.get("abstentions") or 0),
            casting_vote=bool(data.get("casting_vote")),
            reason=reason,
            decided_at=timezone.now(),
            decided_by=user if getattr(user, "pk", None) else None,
        )
        notifications.dossier_decided(locked, kind)

    DOSSIER.apply(dossier, user, name, reason=reason, data=data, on_apply=record)
    dossier.refresh_from_db()
    return dossier


@transaction.atomic
def open_session(
    campaign: Campaign,
    user,
    held_on: date,
    members: list[tuple[str, str]],
    place: str = "",
) -> CommissionSession:
    """A sitting with the members present (name, quality)."""
    members = [(name.strip(), quality) for name, quality in members if name.strip()]
    if not members:
        raise Refused(["Indiquez au moins un membre présent (arrêté du 27 juillet 2010, art. 2)."])
    session = CommissionSession.objects.create(
        campaign=campaign, held_on=held_on, place=place, created_by=user
    )
    for name, quality in members:
        SessionMember.objects.create(session=session, name=name, quality=quality)
    audit.record(
        user, "selection.session.open", session, after={"members": [m[0] for m in members]}
    )
    return session


def list_cap_refusals(
    campaign: Campaign, open_contracts: int, principal: int, complementary: int, drawn_on: date
) -> list[str]:
    """The caps of R8, by the engine (cesp.rules.commission.check_lists)."""
    figure = commission_rules.check_lists(
        open_contracts, principal, complementary, campaign.academic_year, drawn_on
    )
    if figure.value:
        return []
    detail = figure.step.branch.removeprefix("non conformes : ")
    cap = figure.step.children[0]
    return [f"Listes refusées : {detail}. {cap.rule} ({'; '.join(cap.sources)})."]


@transaction.atomic
def draw_lists(
    campaign: Campaign,
    user,
    *,
    category: str,
    profession: str,
    open_contracts: int,
    principal: list[int],
    complementary: list[int],
    drawn_on: date,
    session: CommissionSession | None = None,
) -> RankedList:
    """Draw (or redraw, until posted) the two lists of a category and profession.

    ``principal`` and ``complementary`` are dossier ids in rank order; each must be a
    ranked dossier of this campaign, category and profession, on one list only.
    """
    reasons: list[str] = []
    ids = [*principal, *complementary]
    if len(ids) != len(set(ids)):
        reasons.append(f"Un candidat figure deux fois sur les listes ({RULE_LISTS}).")
    dossiers = {
        d.pk: d for d in Dossier.objects.filter(pk__in=ids, campaign=campaign).select_for_update()
    }
    for pk in ids:
        d = dossiers.get(pk)
        if d is None:
            reasons.append("Un dossier inscrit n'appartient pas à cette campagne.")
        elif d.state != DossierState.RANKED:
            reasons.append(f"{d} n'est pas classé par la commission ({RULE_LISTS}).")
        elif (d.category, d.profession) != (category, profession):
            reasons.append(f"{d} relève d'une autre catégorie ou profession ({RULE_LISTS}).")
    reasons += list_cap_refusals(
        campaign, open_contracts, len(principal), len(complementary), drawn_on
    )
    ranked = (
        RankedList.objects.select_for_update()
        .filter(campaign=campaign, category=category, profession=profession)
        .first()
    )
    if ranked is not None and ranked.is_posted:
        reasons.append(f"Les listes sont affichées : elles ne se modifient plus ({RULE_POSTING}).")
    if reasons:
        raise Refused(reasons)
    if ranked is None:
        ranked = RankedList(campaign=campaign, category=category, profession=profession)
    ranked.open_contracts, ranked.drawn_on, ranked.session = open_contracts, drawn_on, session
    try:
        with transaction.atomic():
            ranked.save()
    except IntegrityError:  # the same lists drawn at the same moment by another member
        raise Refused(
            ["Ces listes viennent d'être enregistrées par un autre membre : rechargez la page."]
        ) from None
    ranked.entries.all().delete()
    for kind, chosen in ((ListKind.PRINCIPAL, principal), (ListKind.COMPLEMENTARY, complementary)):
        for rank, pk in enumerate(chosen, start=1):
            ListEntry.objects.create(ranked_list=ranked, kind=kind, rank=rank, dossier_id=pk)
    audit.record(
        user,
        "selection.lists.draw",
        ranked,
        after={"principal": principal, "complementary": complementary, "open": open_contracts},
    )
    return ranked


@transaction.atomic
def post_lists(ranked: RankedList, user) -> RankedList:
    """Post the lists (timestamped); they are then fixed (R632-70)."""
    ranked = RankedList.objects.select_for_update().get(pk=ranked.pk)
    if ranked.is_posted:
        raise Refused([f"Ces listes sont déjà affichées ({RULE_POSTING})."])
    if not ranked.entries.exists():
        raise Refused(["Les listes sont vides : classez d'abord des candidats."])
    ranked.posted_at, ranked.posted_by = timezone.now(), user
    ranked.save(update_fields=["posted_at", "posted_by"])
    audit.record(user, "selection.lists.post", ranked, after={"posted_at": str(ranked.posted_at)})
    notifications.lists_posted(ranked)
    return ranked


@transaction.atomic
def transmit_lists(ranked: RankedList, user, reference: str = "") -> RankedList:
    """Record the transmission to the manager (arrêté du 27 juillet 2010, art. 2)."""
    ranked = RankedList.objects.select_for_update().get(pk=ranked.pk)
    if not ranked.is_posted:
        raise Refused(["Affichez les listes avant de les transmettre au gestionnaire."])
    if ranked.transmitted_at is not None:
        raise Refused(["Ces listes ont déjà été transmises au gestionnaire."])
    ranked.transmitted_at, ranked.transmitted_by = timezone.now(), user
    ranked.transmission_reference = reference.strip()[:200]
    ranked.save(update_fields=["transmitted_at", "transmitted_by", "transmission_reference"])
    audit.record(
        user, "selection.lists.transmit", ranked, after={"reference": ranked.transmission_reference}
    )
    return ranked

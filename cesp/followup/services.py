"""Use cases of the follow-up, one transaction each, audited: name a referent, hand over
a referent's signatories, plan and record exchanges, write messages, mark zoning notices
seen. Notices go through the kernel (``notify``: e-mail after commit)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.contracts.models import Contract
from cesp.core.audit.services import record
from cesp.core.notifications.services import notify
from cesp.rules.followup import meeting_refusal, planning_refusal

from . import notifications as kinds
from .enums import Channel, MeetingMode, MeetingStatus, ReferentLevel
from .models import Assignment, Meeting, Message, Referent, Thread, ZoningSeen
from .permissions import acts_for_ars, is_signatory_of
from .summary import referent_of


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _link(contract: Contract) -> str:
    return f"/suivi/contrat/{contract.pk}/"


def make_referent(user, *, level: str, department_code: str = "", ufr=None, by=None) -> Referent:
    """Declare an ARS agent as referent, for a department or a faculty."""
    if user.role not in (Role.ARS_REFERENT, Role.ARS_DIRECTOR):
        raise ValidationError("Seul un agent d'ARS peut être référent.")
    if level == ReferentLevel.DEPARTMENT and not department_code:
        raise ValidationError({"department_code": "Indiquez le département du référent."})
    if level == ReferentLevel.FACULTY and ufr is None:
        raise ValidationError({"ufr": "Indiquez la faculté (UFR) du référent."})
    with transaction.atomic():
        referent, _ = Referent.objects.update_or_create(
            user=user,
            defaults={
                "level": level,
                "department_code": department_code,
                "ufr": ufr,
                "active": True,
            },
        )
        record(by, "followup.referent", referent, after={"level": level})
    return referent


def assign_referent(contract: Contract, referent, *, by, reason: str = "") -> Assignment:
    """Name ``referent`` for the contract's signatory (ending the previous naming)."""
    if not acts_for_ars(referent, contract):
        raise ValidationError(
            "Le référent doit être un agent de l'ARS de la région de suivi du contrat."
        )
    now = timezone.now()
    with transaction.atomic():
        current = Assignment.objects.select_for_update().current().filter(contract=contract).first()
        if current is not None and current.referent_id == referent.pk:
            return current
        if current is not None:
            current.ended_at = now
            current.save(update_fields=["ended_at"])
        assignment = Assignment.objects.create(
            contract=contract, referent=referent, started_at=now, assigned_by=by, reason=reason
        )
        record(
            by,
            "followup.assign_referent",
            assignment,
            before={"referent": current.referent.username if current else None},
            after={"referent": referent.username},
            reason=reason,
            contract_id=contract.pk,
        )
        if contract.signatory_id:
            notify(
                kinds.REFERENT_NAMED,
                contract.signatory,
                {
                    "referent": _name(referent),
                    "reference": contract.reference,
                    "link": _link(contract),
                },
                idempotency_key=f"assignment:{assignment.pk}",
                link=_link(contract),
            )
    return assignment


def hand_over(
    from_user, to_user, *, by, reason: str, contract_ids: Iterable[int] | None = None
) -> int:
    """Transfer ``from_user``'s signatories (all, or those listed) to ``to_user``: each
    naming ends and a new one starts, each audited; one transaction. Returns the count."""
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif de la passation."})
    if from_user.pk == to_user.pk:
        raise ValidationError({"to_user": "Choisissez un autre référent."})
    now = timezone.now()
    with transaction.atomic():
        current = Assignment.objects.select_for_update().current().filter(referent=from_user)
        if contract_ids is not None:
            current = current.filter(contract_id__in=list(contract_ids))
        moved = list(current.select_related("contract"))
        for assignment in moved:
            if not acts_for_ars(to_user, assignment.contract):
                raise ValidationError(
                    f"{_name(to_user)} n'est pas un agent de l'ARS de la région de suivi du "
                    f"contrat {assignment.contract.reference} : aucune passation enregistrée."
                )
        for assignment in moved:
            assignment.ended_at = now
            assignment.save(update_fields=["ended_at"])
            new = Assignment.objects.create(
                contract=assignment.contract,
                referent=to_user,
                started_at=now,
                assigned_by=by,
                reason=reason,
            )
            record(
                by,
                "followup.hand_over",
                new,
                before={"referent": from_user.username},
                after={"referent": to_user.username},
                reason=reason,
                contract_id=assignment.contract_id,
            )
        if moved:
            notify(
                kinds.SIGNATORIES_HANDED_OVER,
                to_user,
                {"count": len(moved), "by": _name(by), "reason": reason, "link": "/suivi/"},
                idempotency_key=f"handover:{moved[0].pk}:{len(moved)}",
                link="/suivi/",
            )
    return len(moved)


def _meeting_context(meeting: Meeting) -> dict:
    contract = meeting.contract
    day = meeting.held_on or meeting.planned_on
    return {
        "reference": contract.reference,
        "day": f"{day:%d/%m/%Y}",
        "mode": MeetingMode(meeting.mode).label.lower(),
        "referent": _name(meeting.referent),
        "update": meeting.project_update or "—",
        "link": _link(contract),
    }


def _tell_signatory(contract: Contract, meeting: Meeting, kind, event: str) -> None:
    """Notify the contract's signatory (if any) of this exchange's ``event``."""
    if contract.signatory_id:
        notify(
            kind,
            contract.signatory,
            _meeting_context(meeting),
            idempotency_key=f"meeting:{meeting.pk}:{event}",
            link=_link(contract),
        )


def plan_meeting(contract: Contract, *, by, planned_on: date, mode: str, referent=None) -> Meeting:
    """Plan an exchange (the signatory is told)."""
    today = timezone.localdate()
    refusal = planning_refusal(planned_on, contract.signature_date, today)
    if refusal:
        raise ValidationError({"planned_on": refusal})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            contract=contract,
            referent=referent or by,
            status=MeetingStatus.PLANNED,
            planned_on=planned_on,
            mode=mode,
            recorded_by=by,
        )
        record(
            by,
            "followup.plan_meeting",
            meeting,
            after={"planned_on": planned_on.isoformat(), "mode": mode},
            contract_id=contract.pk,
        )
        _tell_signatory(contract, meeting, kinds.MEETING_PLANNED, "planned")
    return meeting


def record_meeting(
    contract: Contract,
    *,
    by,
    held_on: date,
    mode: str,
    project_update: str = "",
    communes: Sequence[str] = (),
    meeting: Meeting | None = None,
) -> Meeting:
    """Record an exchange as held (a planned one, or a new one): refused when dated in
    the future or before the signature, nothing saved."""
    today = timezone.localdate()
    refusal = meeting_refusal(held_on, contract.signature_date, today)
    if refusal:
        raise ValidationError({"held_on": refusal})
    codes = [code for code in dict.fromkeys(communes) if code]
    with transaction.atomic():
        if meeting is None:
            meeting = Meeting(contract=contract, referent=by, recorded_by=by)
        else:
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, contract=contract)
            if meeting.status != MeetingStatus.PLANNED:
                raise ValidationError("Cet échange a déjà été enregistré ou annulé.")
        before = {"status": meeting.status} if meeting.pk else None
        meeting.status = MeetingStatus.HELD
        meeting.held_on = held_on
        meeting.mode = mode
        meeting.project_update = project_update.strip()
        meeting.target_communes = codes
        meeting.recorded_by = by
        meeting.save()
        record(
            by,
            "followup.record_meeting",
            meeting,
            before=before,
            after={"held_on": held_on.isoformat(), "mode": mode, "communes": codes},
            contract_id=contract.pk,
        )
        _tell_signatory(contract, meeting, kinds.MEETING_RECORDED, "held")
    return meeting


def cancel_meeting(meeting: Meeting, *, by, reason: str = "") -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.PLANNED:
            raise ValidationError("Seul un échange planifié peut être annulé.")
        meeting.status = MeetingStatus.CANCELLED
        meeting.save(update_fields=["status", "updated_at"])
        record(
            by,
            "followup.cancel_meeting",
            meeting,
            after={"status": "cancelled"},
            reason=reason,
            contract_id=meeting.contract_id,
        )
    return meeting


# --- messages -----------------------------------------------------------------------


def _recipients(thread: Thread, author) -> list:
    """Who is told of a new message: the signatory when an agent writes; when the
    signatory writes, their named referent (else the region's ARS referents) or the
    national agents."""
    contract = thread.contract
    if not is_signatory_of(author, contract):
        return [contract.signatory] if contract.signatory_id else []
    users = get_user_model().objects.filter(is_active=True)
    if thread.channel == Channel.ARS:
        referent = referent_of(contract)
        if referent is not None:
            return [referent]
        return list(
            users.filter(role=Role.ARS_REFERENT, organisation__region_code=contract.followup_region)
        )
    return list(users.filter(role=Role.NATIONAL_AGENT))


def _kind_for(thread: Thread, author):
    if not is_signatory_of(author, thread.contract):
        return kinds.MESSAGE_TO_SIGNATORY
    return kinds.MESSAGE_TO_ARS if thread.channel == Channel.ARS else kinds.MESSAGE_TO_NATIONAL


def post_message(thread: Thread, *, by, body: str) -> Message:
    """Add a message to a thread and tell the other side (kernel notification)."""
    text = body.strip()
    if not text:
        raise ValidationError({"body": "Le message est vide : écrivez votre message."})
    if len(text) > 5000:
        raise ValidationError({"body": "Le message dépasse 5 000 caractères."})
    with transaction.atomic():
        message = Message.objects.create(
            thread=thread,
            author=by,
            from_signatory=is_signatory_of(by, thread.contract),
            body=text,
            sent_at=timezone.now(),
        )
        link = f"/suivi/conversation/{thread.pk}/"
        context = {
            "author": _name(by),
            "subject": thread.subject,
            "reference": thread.contract.reference,
            "body": text,
            "link": link,
        }
        for recipient in _recipients(thread, by):
            notify(
                _kind_for(thread, by),
                recipient,
                context,
                idempotency_key=f"message:{message.pk}",
                link=link,
            )
    return message


def start_thread(contract: Contract, *, by, channel: str, subject: str, body: str) -> Thread:
    """Open a conversation on the contract with its first message."""
    title = subject.strip()
    if not title:
        raise ValidationError({"subject": "Indiquez l'objet de la conversation."})
    with transaction.atomic():
        thread = Thread.objects.create(
            contract=contract,
            channel=channel,
            subject=title[:200],
            created_by=by,
            created_at=timezone.now(),
        )
        post_message(thread, by=by, body=body)
    return thread


def mark_zoning_seen(contract: Contract, user) -> None:
    ZoningSeen.objects.update_or_create(
        contract=contract, user=user, defaults={"seen_at": timezone.now()}
    )


def tell_referent_of_zoning_change(contract: Contract, context: dict, key: str, link: str, told):
    """Territories' zoning-change listener: the signatory's named referent is told too
    (mandatory information, workflows-payments §3.4), unless already told as one of the
    region's referents."""
    referent = referent_of(contract)
    if referent is None or referent.pk in told:
        return
    notify(kinds.ZONING_REFERENT, referent, context, idempotency_key=key, link=link)

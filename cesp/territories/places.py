"""Practice places, choices, professional projects: use cases (one transaction each)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cesp.accounts.enums import Role
from cesp.core import geography
from cesp.core.audit.services import record
from cesp.core.notifications.services import notify

from . import permissions
from .enums import PlaceDecision, PracticeMode
from .models import PlaceChoice, PracticePlace, ProjectDeclaration
from .notifications import PLACE_CONFLICT


def _commune(code: str, field: str = "commune_code"):
    """The current commune of ``code``; a postal code or a former code is refused by name."""
    error = geography.commune_code_error(code or "")
    if error:
        raise ValidationError({field: error})
    return geography.commune(code)


def publish_place(
    user,
    *,
    commune_code: str,
    name: str,
    structure: str,
    mode: str,
    specialty: str,
    profession: str,
    published_on: date,
) -> PracticePlace:
    commune = _commune(commune_code)
    if not permissions.can_manage_places(user, commune.region):
        raise PermissionDenied("Seule l'ARS de la région publie ses lieux d'exercice.")
    with transaction.atomic():
        place = PracticePlace(
            commune_code=commune.code,
            region=commune.region,
            name=name.strip(),
            structure=structure,
            mode=mode,
            specialty=specialty.strip() or "médecine générale",
            profession=profession,
            published_on=published_on,
            published_by=user.organisation if user.organisation_id else None,
        )
        place.full_clean()
        place.save()
        record(
            user,
            "territories.place.publish",
            place,
            after={"commune": place.commune_code, "name": place.name, "mode": place.mode},
        )
    return place


def competing_choices(place: PracticePlace) -> list[PlaceChoice]:
    """Choices of one liberal place by two signatories or more, still undecided: the
    ARS director decides (décret 2010-735 art. 7-1: "l'ARS décide … dans un délai de
    trois mois")."""
    if place.mode != PracticeMode.LIBERAL:
        return []
    choices = [c for c in place.choices.all() if c.decision != PlaceDecision.REFUSED]
    if len({c.contract_id for c in choices}) < 2:
        return []
    return [c for c in choices if c.decision == PlaceDecision.PENDING]


def choose_place(user, contract, place: PracticePlace, chosen_on: date) -> PlaceChoice:
    if not permissions.can_choose_place(user, contract):
        raise PermissionDenied("Vous ne pouvez pas choisir un lieu pour ce contrat.")
    if place.withdrawn_on and place.withdrawn_on <= chosen_on:
        raise ValidationError({"place": "Ce lieu a été retiré de la liste."})
    if PlaceChoice.objects.filter(contract=contract, place=place).exists():
        raise ValidationError({"place": "Ce lieu est déjà choisi pour ce contrat."})
    with transaction.atomic():
        choice = PlaceChoice.objects.create(contract=contract, place=place, chosen_on=chosen_on)
        record(
            user,
            "territories.place.choose",
            choice,
            contract_id=contract.pk,
            after={"place": place.pk, "chosen_on": chosen_on},
        )
        conflict = competing_choices(place)
        if conflict:
            _notify_directors(place, conflict)
    return choice


def _notify_directors(place: PracticePlace, choices: list[PlaceChoice]) -> None:
    directors = get_user_model().objects.filter(
        role=Role.ARS_DIRECTOR, organisation__region_code=place.region, is_active=True
    )
    context = {
        "place": place.name,
        "commune": place.commune_code,
        "references": ", ".join(c.contract.reference for c in choices),
        "place_id": place.pk,
    }
    for director in directors:
        for choice in choices:
            notify(
                PLACE_CONFLICT,
                director,
                {**context, "contract_id": choice.contract_id},
                idempotency_key=f"place:{place.pk}:contract:{choice.contract_id}",
                link="/territoires/lieux/",
            )


def decide_choice(user, choice: PlaceChoice, decision: str, decided_on: date) -> PlaceChoice:
    if not permissions.can_decide_choice(user, choice):
        raise PermissionDenied(
            "Seul le directeur de l'ARS de la région qui suit le contrat et où se trouve le "
            "lieu décide ; un changement de région est décidé au niveau national."
        )
    if decision not in (PlaceDecision.GRANTED, PlaceDecision.REFUSED):
        raise ValidationError({"decision": "Décision attendue : accordé ou refusé."})
    if choice.decision:
        raise ValidationError({"decision": "Ce choix a déjà été décidé."})
    with transaction.atomic():
        choice.decision, choice.decided_on, choice.decided_by = decision, decided_on, user
        choice.save(update_fields=["decision", "decided_on", "decided_by"])
        record(
            user,
            "territories.place.decide",
            choice,
            contract_id=choice.contract_id,
            after={"decision": decision, "decided_on": decided_on},
        )
    return choice


def declare_project(user, contract, commune_code: str, declared_on: date) -> ProjectDeclaration:
    """Record a commune of the professional project as received by the ARS."""
    commune = _commune(commune_code)
    if not permissions.can_declare_project(user, contract):
        raise PermissionDenied("Vous ne pouvez pas déclarer de projet pour ce contrat.")
    active = ProjectDeclaration.objects.filter(
        contract=contract, commune_code=commune.code, withdrawn_on__isnull=True
    )
    if active.exists():
        raise ValidationError({"commune_code": "Cette commune figure déjà dans le projet."})
    with transaction.atomic():
        declaration = ProjectDeclaration.objects.create(
            contract=contract, commune_code=commune.code, declared_on=declared_on
        )
        record(
            user,
            "territories.project.declare",
            declaration,
            contract_id=contract.pk,
            after={"commune": commune.code, "declared_on": declared_on},
        )
    return declaration


def withdraw_project(user, declaration: ProjectDeclaration, withdrawn_on: date) -> None:
    if not permissions.can_declare_project(user, declaration.contract):
        raise PermissionDenied("Vous ne pouvez pas modifier ce projet.")
    if declaration.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": "Cette commune est déjà retirée du projet."})
    if withdrawn_on <= declaration.declared_on:
        raise ValidationError({"withdrawn_on": "Le retrait doit suivre la déclaration."})
    with transaction.atomic():
        declaration.withdrawn_on = withdrawn_on
        declaration.save(update_fields=["withdrawn_on"])
        record(
            user,
            "territories.project.withdraw",
            declaration,
            contract_id=declaration.contract_id,
            after={"withdrawn_on": withdrawn_on},
        )

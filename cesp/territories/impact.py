"""Impact of a new zoning version on signatories (issue 4 §4; R25).

For every contract bound by the zoning's profession whose declared project commune or
current place lies in the region, compare the class under the previous version (in
force the day before) with the new one. When the status changes, list it, apply the
protection of a project stable for 3 years (``cesp.rules.zoning_protection``) and
notify the signatory and the region's ARS referents (idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q

from cesp.accounts.enums import Role
from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core import geography
from cesp.core.notifications.services import notify
from cesp.rules.errors import SituationError
from cesp.rules.zoning_protection import Declaration, zoning_change_protection

from .lookup import ZONE_LABELS, ZONING_OF_PROFESSION, counts_for_cesp
from .models import PlaceChoice, ProjectDeclaration, ZoneAssignment, ZoningVersion
from .notifications import ZONING_CHANGE, ZONING_CHANGE_REFERENT


@dataclass(frozen=True)
class Impact:
    contract_id: int
    contract_reference: str
    commune_code: str
    kind: str  # "projet" | "lieu d'exercice"
    old_zone: str | None
    new_zone: str | None
    old_eligible: bool | None
    new_eligible: bool | None
    protected: bool | None
    explanation: str

    @property
    def summary(self) -> str:
        commune = geography.commune(self.commune_code)
        name = commune.name if commune else self.commune_code
        old = ZONE_LABELS.get(self.old_zone, "non classée") if self.old_zone else "non classée"
        new = ZONE_LABELS.get(self.new_zone, "non classée") if self.new_zone else "non classée"
        where = f"{self.kind} à {name} ({self.commune_code})"
        return f"{self.contract_reference} — {where} : {old} → {new}"

    def as_dict(self) -> dict:
        return {
            "contract": self.contract_reference,
            "commune": self.commune_code,
            "kind": self.kind,
            "old_zone": self.old_zone,
            "new_zone": self.new_zone,
            "old_eligible": self.old_eligible,
            "new_eligible": self.new_eligible,
            "protected": self.protected,
            "explanation": self.explanation,
        }


def previous_version(version: ZoningVersion) -> ZoningVersion | None:
    """The version of the same region and profession in force the day before."""
    day_before = version.valid_from - timedelta(days=1)
    return (
        ZoningVersion.objects.filter(region=version.region, profession=version.profession)
        .exclude(pk=version.pk)
        .filter(valid_from__lte=day_before)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day_before))
        .order_by("-valid_from")
        .first()
    )


def _zones(version: ZoningVersion | None, codes: set[str]) -> dict[str, str]:
    if version is None or not codes:
        return {}
    rows = ZoneAssignment.objects.filter(version=version, commune_code__in=codes)
    return dict(rows.values_list("commune_code", "zone"))


def _eligible(zone: str | None, profession: str, day: date) -> bool | None:
    if zone is None:
        return None
    try:
        return counts_for_cesp(zone, profession, day)[0]
    except SituationError:  # no CESP classes defined at that date: unknown, not "no"
        return None


def project_versions(records: list[ProjectDeclaration]) -> list:
    """The successive versions of the professional project, as the rules read them: at
    each date a commune is declared or withdrawn, the set of communes then named."""
    dates = sorted(
        {r.declared_on for r in records} | {r.withdrawn_on for r in records if r.withdrawn_on}
    )
    return [
        Declaration(
            day,
            frozenset(
                r.commune_code
                for r in records
                if r.declared_on <= day and (r.withdrawn_on is None or r.withdrawn_on > day)
            ),
        )
        for day in dates
    ]


def _protection(contract, records: list[ProjectDeclaration], commune: str, change: date):
    """(protected, explanation) from the rules (R25, décret 2010-735 art. 5; L632-6);
    (None, why) when the rules refuse the contract's facts (regime unknown)."""
    try:
        regime = figures.regime(contract)
    except SituationError as exc:
        return None, f"Régime du contrat indéterminé : {exc}"
    figure = zoning_change_protection(project_versions(records), commune, change, regime=regime)
    return figure.value, f"{figure.step.rule} ({figure.step.branch})"


def _subjects(version: ZoningVersion) -> list[tuple[object, str, str]]:
    """(contract, commune, kind) pairs in the region of the version."""
    region_codes = {c.code for c in geography.communes_in_region(version.region)}
    professions = [p for p, z in ZONING_OF_PROFESSION.items() if z == version.profession]
    day = version.valid_from
    subjects: dict[tuple[int, str, str], object] = {}
    contracts = Contract.objects.filter(profession__in=professions)
    declarations = ProjectDeclaration.objects.filter(
        contract__in=contracts, commune_code__in=region_codes, declared_on__lte=day
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    # each project's whole history, for the protection (one query, not one per contract)
    declarations = declarations.select_related("contract").prefetch_related(
        "contract__project_declarations"
    )
    for declaration in declarations:
        key = (declaration.contract_id, declaration.commune_code, "projet")
        subjects[key] = declaration.contract
    places = figures.current_places(contracts, day)
    by_id = Contract.objects.in_bulk(places)
    latest: dict[int, tuple[date, str, object]] = {
        contract_id: (place.since, place.commune_code, by_id[contract_id])
        for contract_id, place in places.items()
    }
    choices = PlaceChoice.objects.filter(contract__in=contracts, chosen_on__lte=day).exclude(
        decision="refused"
    )
    for choice in choices.select_related("contract", "place"):
        current = latest.get(choice.contract_id)
        if current is None or choice.chosen_on >= current[0]:
            latest[choice.contract_id] = (
                choice.chosen_on,
                choice.place.commune_code,
                choice.contract,
            )
    for contract_id, (_, commune, contract) in latest.items():
        if commune in region_codes:
            subjects[(contract_id, commune, "lieu d'exercice")] = contract
    return [(contract, commune, kind) for (_, commune, kind), contract in sorted(subjects.items())]


def assess(version: ZoningVersion) -> list[Impact]:
    """Every signatory whose project commune or current place changes status."""
    previous = previous_version(version)
    subjects = _subjects(version)
    codes = {commune for _, commune, _ in subjects}
    old_zones, new_zones = _zones(previous, codes), _zones(version, codes)
    day = version.valid_from
    impacts = []
    for contract, commune, kind in subjects:
        old_zone, new_zone = old_zones.get(commune), new_zones.get(commune)
        old_ok = _eligible(old_zone, contract.profession, day - timedelta(days=1))
        new_ok = _eligible(new_zone, contract.profession, day)
        if old_ok == new_ok:
            continue
        protected, why = None, ""
        if old_ok and not new_ok:
            if kind == "projet":
                records = list(contract.project_declarations.all())
                protected, why = _protection(contract, records, commune, day)
            else:
                protected, why = (
                    True,
                    (
                        "Un médecin déjà installé dont le lieu sort du zonage n'a pas à "
                        "changer de lieu et conserve les aides déjà obtenues "
                        "(FAQ ministère, seed 004 ; R25)."
                    ),
                )
        elif new_ok:
            why = "La commune entre dans les zones retenues pour le CESP."
        impacts.append(
            Impact(
                contract.pk,
                contract.reference,
                commune,
                kind,
                old_zone,
                new_zone,
                old_ok,
                new_ok,
                protected,
                why,
            )
        )
    return impacts


#: Apps above territories that also tell someone of a contract's zoning change (the
#: follow-up's named referent): ``listener(contract, context, key, link, told)`` where
#: ``told`` holds the ids of the users already notified. Registered from ``ready()``.
_LISTENERS: list = []


def register_impact_listener(listener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _referents(region: str):
    return get_user_model().objects.filter(
        role=Role.ARS_REFERENT, organisation__region_code=region, is_active=True
    )


def notify_impacts(version: ZoningVersion, user=None) -> list[Impact]:
    """Assess, then notify each impact to the signatory (a mandatory kind) and to each
    referent of the region (kernel outbox, e-mail after commit; one message per key, so
    running twice notifies once)."""
    impacts = assess(version)
    referents = list(_referents(version.region))
    by_contract: dict[int, list[Impact]] = {}
    for impact in impacts:
        by_contract.setdefault(impact.contract_id, []).append(impact)
    for contract_id, items in by_contract.items():
        contract = Contract.objects.get(pk=contract_id)
        context = {
            "reference": contract.reference,
            "body": _message(version, items),
            "contract_id": contract.pk,
            "zoning_version_id": version.pk,
        }
        key = f"zoning:{version.pk}:contract:{contract.pk}"
        link = f"/territoires/attestation/{contract.pk}/"
        if contract.signatory_id:
            notify(ZONING_CHANGE, contract.signatory, context, idempotency_key=key, link=link)
        for referent in referents:
            notify(ZONING_CHANGE_REFERENT, referent, context, idempotency_key=key, link=link)
        told = {referent.pk for referent in referents} | {contract.signatory_id}
        for listener in _LISTENERS:
            listener(contract, context, key, link, told)
    return impacts


def _message(version: ZoningVersion, impacts: list[Impact]) -> str:
    lines = [
        f"Le zonage « {version.act} » entre en vigueur le {version.valid_from:%d/%m/%Y}.",
        "",
    ]
    for impact in impacts:
        lines.append(f"- {impact.summary}")
        if impact.protected is True:
            lines.append(
                "  Protection : l'installation reste possible dans cette commune ; les aides "
                "liées à l'ancien zonage ne sont plus ouvertes (R25)."
            )
        elif impact.protected is False:
            lines.append(
                "  Pas de protection : le projet n'est pas stable depuis 3 ans ; prenez contact "
                "avec votre référent ARS pour choisir un autre lieu."
            )
        if impact.explanation:
            lines.append(f"  {impact.explanation}")
    return "\n".join(lines)

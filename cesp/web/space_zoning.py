"""The signatory's professional project as they see it: the communes named, their zone
today, the 3-year protection clock of each (R25), and the zoning changes they were told
of (issue 11 items 6 and 7; workflows-payments.md §3.5 point 7).

Nothing is computed here that the rules or territories do not already compute:

- the zone of a commune today: ``territories.services.lookup`` (the zoning index);
- the project's successive versions: ``territories.impact.project_versions``;
- the clock: ``cesp.rules.zoning_protection`` (pure; the 3 years are its dated
  parameter), asked "would a zoning change *today* find the project protected?"; the
  date protection starts is the start of the run of declarations naming the commune
  plus that parameter (the rule counts whole months, so the same calendar day);
- the changes: the kernel notices of kind ``zoning_change`` sent to the signatory by
  ``territories.impact.notify_impacts`` (each carries the contract and the zoning
  version, its link is the attestation page); new until the signatory looks at them
  (the space or their follow-up page: ``followup.services.mark_zoning_seen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core.notifications.permissions import own_messages
from cesp.core.ui.explain import Step, normalise
from cesp.followup import summary as followup
from cesp.rules.appeals import add_months
from cesp.rules.errors import SituationError
from cesp.rules.months import whole_months_between
from cesp.rules.zoning_protection import stable_since, zoning_change_protection
from cesp.territories import services as territory_services
from cesp.territories.impact import project_versions
from cesp.territories.lookup import ZONE_LABELS
from cesp.territories.notifications import ZONING_CHANGE

#: Zoning changes shown on the signatory's home: notices of the last so many days.
RECENT_CHANGE_DAYS = 365


@dataclass(frozen=True)
class ProjectCommune:
    """One commune of the current project, its zone today and its protection clock."""

    code: str
    name: str
    declared_on: date
    zone_label: str
    counts_for_cesp: bool | None
    zoning: str  # the zoning version in force, in words ("" when none)
    stable_since: date | None
    months_stable: int
    months_needed: int | None
    protected_from: date | None
    protected: bool | None  # None: the rules cannot say (no protection before 2013…)
    why: list[Step]

    @property
    def months_to_go(self) -> int:
        if self.months_needed is None:
            return 0
        return max(self.months_needed - self.months_stable, 0)


def _regime(contract: Contract) -> str:
    try:
        return figures.regime(contract)
    except SituationError:
        return "post2020"  # the rules' default reading; the clock itself does not depend on it


def _zone_today(code: str, today: date, profession: str) -> tuple[str, str, bool | None, str]:
    found = territory_services.lookup(code, today, profession)
    name = found.commune_name or code
    label = ZONE_LABELS.get(found.zone, "non classée") if found.zone else "non classée"
    zoning = found.version.describe() if found.version else ""
    return name, label, found.cesp_eligible, zoning


def project_communes(contract: Contract, today: date) -> list[ProjectCommune]:
    """The communes named in the project in force today, each with its clock."""
    records = list(contract.project_declarations.all())
    versions = project_versions(records)
    current = {
        r.commune_code: r
        for r in sorted(records, key=lambda r: r.declared_on)
        if r.declared_on <= today and (r.withdrawn_on is None or r.withdrawn_on > today)
    }
    regime = _regime(contract)
    out = []
    for code, record in sorted(current.items()):
        name, zone_label, eligible, zoning = _zone_today(code, today, contract.profession)
        since = stable_since(versions, code, today)
        protected, needed, why = None, None, []
        try:
            figure = zoning_change_protection(versions, code, today, regime=regime)
        except SituationError:
            figure = None
        if figure is not None:
            protected = figure.value
            years = figure.step.parameters[0].value if figure.step.parameters else None
            needed = 12 * int(years) if years is not None else None
            why = [normalise(figure.step.to_dict())]
        months = whole_months_between(since, today) if since else 0
        out.append(
            ProjectCommune(
                code=code,
                name=name,
                declared_on=record.declared_on,
                zone_label=zone_label,
                counts_for_cesp=eligible,
                zoning=zoning,
                stable_since=since,
                months_stable=months,
                months_needed=needed,
                protected_from=add_months(since, needed) if since and needed else None,
                protected=protected,
                why=why,
            )
        )
    return out


def zoning_notices(user, contracts: list[Contract], today: date) -> list[dict]:
    """The zoning changes the signatory was told of (kernel notices), newest first, each
    with the contract it concerns, its attestation page and whether it is new (sent
    after the signatory last looked: ``followup.summary.has_unseen_zoning_change``)."""
    by_id = {contract.pk: contract for contract in contracts}
    since = today - timedelta(days=RECENT_CHANGE_DAYS)
    notices = own_messages(user).filter(kind=ZONING_CHANGE.code, created_at__date__gte=since)
    rows = []
    unseen = {pk: followup.has_unseen_zoning_change(c, user) for pk, c in by_id.items()}
    for message in notices.order_by("-created_at", "-id")[:10]:
        contract = by_id.get((message.context or {}).get("contract_id"))
        if contract is None:
            continue
        rows.append(
            {
                "message": message,
                "contract": contract,
                "attestation": f"/territoires/attestation/{contract.pk}/",
                "new": unseen[contract.pk],
            }
        )
    return rows

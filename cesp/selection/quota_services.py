"""Quota arrêtés imported from a file, and quota movements (fungibility, redistribution).

- An annual arrêté fixes, per UFR, category and profession, the contracts opened
  (R631-24-1 C. éduc.; digest R5). Its file is read by ``cesp.core.tabular``; a line
  naming an unknown UFR (or category, profession, number) refuses the whole file with
  its line and column: nothing is saved.
- A redistribution arrêté moves unsigned contracts between universities (digest R5/R11;
  R631-24-5 al. 2): imported the same way, each line becomes an audited movement.
- Fungibility moves contracts inside a university between professions or categories,
  within the window set by the quota arrêté (the campaign's D10 milestones).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from cesp.accounts.enums import OrganisationKind
from cesp.accounts.models import Organisation
from cesp.core.audit import services as audit
from cesp.core.tabular import Report, TabularError, read_table
from cesp.rules import vocabulary

from .enums import ArreteKind, MilestoneKind, MovementKind
from .errors import Refused
from .models import Campaign, Milestone, QuotaArrete, QuotaLine, QuotaMovement
from .quotas import quota_on

RULE_QUOTA = "art. R631-24-1 du code de l'éducation (arrêté fixant le nombre de contrats)"
RULE_FUNGIBILITY = "arrêté annuel de quotas (fongibilité au sein de l'université ; digest R11)"
ANNUAL_COLUMNS = ("ufr", "categorie", "profession", "contrats")
REDISTRIBUTION_COLUMNS = ("ufr_origine", "ufr_cible", "categorie", "profession", "contrats")


class ImportRefused(Exception):
    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__("; ".join(str(i) for i in report.errors))


@dataclass
class ImportResult:
    arrete: QuotaArrete | None
    report: Report
    rows: list[dict] = field(default_factory=list)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace(" ", "_")


def _choice(value: str, vocab: dict[str, str]) -> str | None:
    key = _key(value)
    for code, label in vocab.items():
        if key in (code, _key(label)):
            return code
    return None


def _parse(data: bytes, filename: str, columns: tuple[str, ...]) -> tuple[list[dict], Report]:
    report = Report()
    try:
        table = read_table(data, filename)
    except TabularError as error:
        report.add(error.issue)
        return [], report
    rows = [row for row in table.rows if not row.blank]
    if not rows:
        report.error(None, None, "Le fichier est vide.")
        return [], report
    header = [_key(cell) for cell in rows[0].cells]
    missing = [c for c in columns if c not in header]
    if missing:
        report.error(
            rows[0].line,
            None,
            f"Colonnes attendues : {', '.join(columns)} ; manquantes : {', '.join(missing)}.",
        )
        return [], report
    ufrs = {o.code: o for o in Organisation.objects.filter(kind=OrganisationKind.UFR)}
    parsed = []
    for row in rows[1:]:
        cells = dict(zip(header, [c.strip() for c in row.cells], strict=False))
        item = {"line": row.line}
        for column in columns:
            value = cells.get(column, "")
            if column.startswith("ufr"):
                ufr = ufrs.get(value)
                if ufr is None:
                    report.error(
                        row.line, column, "UFR inconnue (code d'organisation).", value=value
                    )
                item[column] = ufr
            elif column == "categorie":
                item[column] = _choice(value, vocabulary.CATEGORIES)
                if item[column] is None:
                    report.error(row.line, column, "Catégorie inconnue.", value=value)
            elif column == "profession":
                item[column] = _choice(value, vocabulary.PROFESSIONS)
                if item[column] is None:
                    report.error(row.line, column, "Profession inconnue.", value=value)
            else:
                if not value.isdigit():
                    report.error(row.line, column, "Nombre entier positif attendu.", value=value)
                item[column] = int(value) if value.isdigit() else None
        parsed.append(item)
    return parsed, report


def _arrete(kind, academic_year, reference, published_on, filename, data, user) -> QuotaArrete:
    return QuotaArrete.objects.create(
        kind=kind,
        academic_year=academic_year,
        reference=reference.strip()[:200],
        published_on=published_on,
        source_name=filename[:200],
        source_sha256=hashlib.sha256(data).hexdigest(),
        imported_by=user,
    )


@transaction.atomic
def import_annual(
    data: bytes, filename: str, *, academic_year: int, reference: str, published_on: date, user
) -> QuotaArrete:
    """Import an annual arrêté; ``ImportRefused`` (nothing saved) on any error."""
    rows, report = _parse(data, filename, ANNUAL_COLUMNS)
    seen: dict[tuple, int] = {}
    for row in rows:
        key = (getattr(row["ufr"], "pk", None), row["categorie"], row["profession"])
        if None not in key and key in seen:
            report.error(
                row["line"], None, f"Même UFR, catégorie et profession qu'à la ligne {seen[key]}."
            )
        seen.setdefault(key, row["line"])
    if not reference.strip():
        report.error(None, None, f"Indiquez la référence de l'arrêté ({RULE_QUOTA}).")
    if rows == [] and report.ok:
        report.error(None, None, "Aucune ligne de quota dans le fichier.")
    if not report.ok:
        raise ImportRefused(report)
    arrete = _arrete(
        ArreteKind.ANNUAL, academic_year, reference, published_on, filename, data, user
    )
    for row in rows:
        QuotaLine.objects.create(
            arrete=arrete,
            ufr=row["ufr"],
            category=row["categorie"],
            profession=row["profession"],
            contracts=row["contrats"],
            line=row["line"],
        )
    audit.record(user, "selection.quota.import", arrete, after={"lines": len(rows)})
    return arrete


def _movement(**fields) -> QuotaMovement:
    movement = QuotaMovement.objects.create(**fields)
    audit.record(
        fields.get("recorded_by"),
        f"selection.quota.{fields['kind']}",
        movement,
        after={
            "from": [
                fields["source_ufr"].code,
                fields["source_category"],
                fields["source_profession"],
            ],
            "to": [
                fields["target_ufr"].code,
                fields["target_category"],
                fields["target_profession"],
            ],
            "contracts": fields["contracts"],
            "reference": fields["reference"],
        },
    )
    return movement


@transaction.atomic
def import_redistribution(
    data: bytes, filename: str, *, academic_year: int, reference: str, published_on: date, user
) -> QuotaArrete:
    """Import a redistribution arrêté: one movement per line; all or nothing."""
    rows, report = _parse(data, filename, REDISTRIBUTION_COLUMNS)
    if not reference.strip():
        report.error(None, None, "Indiquez la référence de l'arrêté de redistribution.")
    for row in rows:
        if row["ufr_origine"] is not None and row["ufr_origine"] == row["ufr_cible"]:
            report.error(row["line"], "ufr_cible", "La redistribution va d'une UFR à une autre.")
    if not report.ok:
        raise ImportRefused(report)
    arrete = _arrete(
        ArreteKind.REDISTRIBUTION, academic_year, reference, published_on, filename, data, user
    )
    for row in rows:
        _movement(
            kind=MovementKind.REDISTRIBUTION,
            academic_year=academic_year,
            source_ufr=row["ufr_origine"],
            source_category=row["categorie"],
            source_profession=row["profession"],
            target_ufr=row["ufr_cible"],
            target_category=row["categorie"],
            target_profession=row["profession"],
            contracts=row["contrats"],
            effective_on=published_on,
            reference=arrete.reference,
            arrete=arrete,
            recorded_by=user,
        )
    return arrete


@transaction.atomic
def record_fungibility(
    campaign: Campaign,
    user,
    *,
    source: tuple[str, str],
    target: tuple[str, str],
    contracts: int,
    effective_on: date,
    reference: str,
    reason: str = "",
) -> QuotaMovement:
    """Move contracts between (category, profession) inside the campaign's university."""
    reasons = []
    window = dict(
        Milestone.objects.filter(
            campaign=campaign,
            kind__in=[MilestoneKind.FUNGIBILITY_START, MilestoneKind.FUNGIBILITY_END],
        ).values_list("kind", "date")
    )
    start, end = (
        window.get(MilestoneKind.FUNGIBILITY_START),
        window.get(MilestoneKind.FUNGIBILITY_END),
    )
    if start is None or end is None:
        reasons.append(
            f"La fenêtre de fongibilité n'est pas fixée au calendrier ({RULE_FUNGIBILITY})."
        )
    elif not start <= effective_on <= end:
        reasons.append(
            f"Hors de la fenêtre de fongibilité du {start:%d/%m/%Y} au {end:%d/%m/%Y} "
            f"({RULE_FUNGIBILITY})."
        )
    if source == target:
        reasons.append("L'origine et la cible sont identiques.")
    if contracts < 1:
        reasons.append("Déplacez au moins un contrat.")
    available = quota_on(campaign.ufr_id, campaign.academic_year, *source, effective_on).contracts
    if contracts > available:
        reasons.append(f"Seuls {available} contrat(s) ouverts à l'origine ({RULE_QUOTA}).")
    if not reference.strip():
        reasons.append("Indiquez la référence de la décision.")
    if reasons:
        raise Refused(reasons)
    return _movement(
        kind=MovementKind.FUNGIBILITY,
        academic_year=campaign.academic_year,
        source_ufr=campaign.ufr,
        source_category=source[0],
        source_profession=source[1],
        target_ufr=campaign.ufr,
        target_category=target[0],
        target_profession=target[1],
        contracts=contracts,
        effective_on=effective_on,
        reference=reference.strip()[:200],
        reason=reason,
        recorded_by=user,
    )

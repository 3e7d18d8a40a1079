"""Use cases of the territories domain, one transaction each.

Importing a zoning writes the version, every class, the audit entry, the impact
notifications together — or nothing at all when the validation report has an error.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q

from cesp.core import geography
from cesp.core.audit.services import record
from cesp.core.tabular import Issue, TabularError, text_problem

from .enums import ZoningProfession
from .impact import notify_impacts
from .importers import ColumnMapping, ValidationReport, load_rows, validate_rows
from .lookup import LookupResult, VersionInfo, ZoningIndex
from .models import ZoneAssignment, ZoningVersion

BULK_BATCH = 300  # rows per INSERT (SQLite allows 999 parameters per query)


@dataclass
class ImportResult:
    report: ValidationReport
    versions: list[ZoningVersion] = field(default_factory=list)
    impacts: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.report.ok


def _check_parameters(
    report: ValidationReport,
    region: str | None,
    profession: str,
    valid_from: date | None,
    valid_to: date | None,
    act: str,
    label: str = "",
) -> None:
    if profession not in ZoningProfession.values:
        report.error(
            None,
            None,
            f"profession inconnue « {profession} » "
            f"(attendu : {', '.join(ZoningProfession.values)})",
        )
    if region and (geography.region_name(region) is None or len(region) != 2):
        report.error(
            None,
            None,
            f"région inconnue « {region} » (code INSEE d'une des 18 régions, ex. 76 ; "
            "les collectivités d'outre-mer n'ont pas de zonage ARS)",
        )
    if valid_from is None:
        report.error(None, None, "date d'entrée en vigueur manquante")
    if valid_from and valid_to and valid_to < valid_from:
        report.error(
            None,
            None,
            f"fin de validité {valid_to.isoformat()} antérieure au début {valid_from.isoformat()}",
        )
    if not act.strip():
        report.error(None, None, "référence de l'arrêté ARS manquante")
    texts = (("act", act, "référence de l'arrêté"), ("label", label, "libellé"))
    for name, value, what in texts:
        problem = text_problem(value, ZoningVersion._meta.get_field(name).max_length)
        if problem:
            report.error(None, None, f"{what} : {problem}")


def _overlaps(
    report: ValidationReport,
    region: str,
    profession: str,
    valid_from: date,
    valid_to: date | None,
    close_previous: bool,
) -> list[ZoningVersion]:
    """Report overlaps with stored versions; return the open predecessor to close."""
    to_close = []
    existing = ZoningVersion.objects.filter(region=region, profession=profession)
    end = valid_to or date.max
    for other in existing.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)):
        if other.valid_from > end:
            continue
        if close_previous and other.valid_to is None and other.valid_from < valid_from:
            to_close.append(other)
            report.info(
                None,
                None,
                f"le zonage « {other.act} » (région {region}) sera clos au "
                f"{(valid_from - timedelta(days=1)).isoformat()}, veille du nouveau",
            )
            continue
        other_end = other.valid_to.isoformat() if other.valid_to else "sans fin"
        report.error(
            None,
            "valid_from",
            f"chevauchement de validité avec le zonage « {other.act} » de la région {region} "
            f"(du {other.valid_from.isoformat()} au {other_end})",
        )
    return to_close


def import_zoning(
    data: bytes,
    filename: str,
    *,
    profession: str,
    valid_from: date | None,
    act: str,
    region: str | None = None,
    valid_to: date | None = None,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
    allow_missing: bool = False,
    is_demo: bool = False,
    label: str = "",
    close_previous: bool = True,
    notify: bool = True,
    user=None,
    dry_run: bool = False,
) -> ImportResult:
    """Validate then store a zoning file; a national file makes one version per region."""
    report = ValidationReport()
    _check_parameters(report, region, profession, valid_from, valid_to, act, label)
    rows: list[list[str]] = []
    try:
        rows = load_rows(data, filename, sheet)
    except TabularError as error:
        report.add(error.issue)
    if not report.ok:
        return ImportResult(report, dry_run=dry_run)
    checked = validate_rows(rows, mapping or ColumnMapping(), region, allow_missing)
    checked.issues[:0] = report.issues
    report = checked
    regions = sorted({region} if region else report.regions)
    closing: list[ZoningVersion] = []
    for region_code in regions:
        closing += _overlaps(report, region_code, profession, valid_from, valid_to, close_previous)
    result = ImportResult(report, dry_run=dry_run)
    if not report.ok or dry_run:
        return result
    zoning = _NewZoning(
        regions=regions,
        profession=profession,
        valid_from=valid_from,
        valid_to=valid_to,
        act=act,
        is_demo=is_demo,
        label=label,
        close_previous=close_previous,
        notify=notify,
        user=user,
        filename=filename,
        digest=hashlib.sha256(data).hexdigest(),
    )
    try:
        with transaction.atomic():
            _store(result, report, closing, zoning)
    except _ConcurrentOverlap:
        result.versions, result.impacts = [], []
    return result


class _ConcurrentOverlap(Exception):
    """Another import committed an overlapping version meanwhile: roll back."""


@dataclass(frozen=True)
class _NewZoning:
    """What an import writes, once validated: the versions' common attributes."""

    regions: list[str]
    profession: str
    valid_from: date
    valid_to: date | None
    act: str
    is_demo: bool
    label: str
    close_previous: bool
    notify: bool
    user: object
    filename: str
    digest: str


def _store(result, report, closing, zoning: _NewZoning) -> None:
    # The first audit entry locks the audit chain head until commit (select_for_update in
    # cesp.core.audit.services.record): concurrent imports are serialised here, and the
    # overlap check is repeated under that lock (reliability.md: SQLite hides races).
    record(
        zoning.user,
        "territories.zoning.import.start",
        None,
        after={"profession": zoning.profession, "regions": zoning.regions, "sha256": zoning.digest},
    )
    recheck = ValidationReport()
    expected = {v.pk for v in closing}
    closing = []
    for region_code in zoning.regions:
        closing += _overlaps(
            recheck,
            region_code,
            zoning.profession,
            zoning.valid_from,
            zoning.valid_to,
            zoning.close_previous,
        )
    if recheck.errors or {v.pk for v in closing} != expected:
        report.issues += recheck.errors or [
            Issue(None, None, "un autre zonage de la région a été importé entre-temps")
        ]
        raise _ConcurrentOverlap
    for previous in closing:
        before = previous.valid_to
        previous.valid_to = zoning.valid_from - timedelta(days=1)
        previous.save(update_fields=["valid_to"])
        record(
            zoning.user,
            "territories.zoning.close",
            previous,
            before={"valid_to": before},
            after={"valid_to": previous.valid_to},
            reason=f"remplacé par « {zoning.act} »",
        )
    for region_code in zoning.regions:
        version = ZoningVersion.objects.create(
            region=region_code,
            profession=zoning.profession,
            valid_from=zoning.valid_from,
            valid_to=zoning.valid_to,
            act=zoning.act.strip(),
            is_demo=zoning.is_demo,
            label=zoning.label,
            source_name=zoning.filename[:300],
            source_sha256=zoning.digest,
            imported_by=zoning.user if getattr(zoning.user, "pk", None) else None,
        )
        codes = [c.code for c in geography.communes_in_region(region_code)]
        _insert_assignments(
            version.pk,
            [(code, report.assignments[code]) for code in codes if code in report.assignments],
        )
        record(
            zoning.user,
            "territories.zoning.import",
            version,
            after={
                "region": region_code,
                "profession": zoning.profession,
                "act": version.act,
                "valid_from": zoning.valid_from,
                "valid_to": zoning.valid_to,
                "is_demo": zoning.is_demo,
                "sha256": zoning.digest,
            },
        )
        result.versions.append(version)
    invalidate_index()
    if zoning.notify:
        for version in result.versions:
            result.impacts += notify_impacts(version, user=zoning.user)


def _insert_assignments(version_id: int, items: list[tuple[str, str]]) -> None:
    """Plain multi-row INSERTs (portable SQL, same transaction): the ORM's per-object
    overhead dominated the import of a national file (bench/territories_bench.py)."""
    quote = connection.ops.quote_name
    table = quote(ZoneAssignment._meta.db_table)
    columns = ", ".join(quote(c) for c in ("version_id", "commune_code", "zone"))
    with connection.cursor() as cursor:
        for start in range(0, len(items), BULK_BATCH):
            batch = items[start : start + BULK_BATCH]
            placeholders = ", ".join(["(%s, %s, %s)"] * len(batch))
            params = [value for code, zone in batch for value in (version_id, code, zone)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", params)


# In-process index, rebuilt when the stored versions change (cheap stamp query).
_index_lock = threading.Lock()
_index: tuple[tuple, ZoningIndex] | None = None


def _stamp() -> tuple:
    return tuple(ZoningVersion.objects.order_by("id").values_list("id", "valid_to"))


def invalidate_index() -> None:
    global _index
    with _index_lock:
        _index = None


def build_index() -> ZoningIndex:
    versions = [
        VersionInfo(
            v.id, v.region, v.profession, v.valid_from, v.valid_to, v.act, v.is_demo, v.label
        )
        for v in ZoningVersion.objects.all()
    ]
    assignments = ZoneAssignment.objects.values_list("version_id", "commune_code", "zone")
    return ZoningIndex(versions, list(assignments))


def current_index() -> ZoningIndex:
    """The index of the stored zonings (one small query to check it is up to date)."""
    global _index
    stamp = _stamp()
    with _index_lock:
        if _index is not None and _index[0] == stamp:
            return _index[1]
    index = build_index()
    with _index_lock:
        _index = (stamp, index)
    return index


def lookup(commune_code: str, day: date, profession: str) -> LookupResult:
    return current_index().lookup(commune_code, day, profession)

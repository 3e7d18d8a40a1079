"""Which zone a commune is in, on a date, for a profession — and does it count for the
CESP. Pure Python over an in-process index (no query per lookup).

The index is built from the stored zoning versions (``services.current_index``); a
lookup never falls back to a default class: an unknown commune, a date without zoning
or a commune absent from the zoning in force each get their own clear answer.
Whether a class counts for the CESP is decided by ``cesp.rules.zones`` (R21).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from cesp.core import geography
from cesp.rules import zones
from cesp.rules.errors import SituationError
from cesp.rules.zones import CLASS_LABELS, ZONING_OF_PROFESSION

# The zone labels and the zoning each profession is bound by are the rules' (cesp.rules.zones).
ZONE_LABELS = CLASS_LABELS


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    region: str
    profession: str
    valid_from: date
    valid_to: date | None
    act: str
    is_demo: bool = False
    label: str = ""

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "act": self.act,
            "region": self.region,
            "profession": self.profession,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "is_demo": self.is_demo,
            "label": self.label,
        }

    def describe(self) -> str:
        end = f"au {self.valid_to:%d/%m/%Y}" if self.valid_to else "sans date de fin"
        demo = " — DONNÉES DE DÉMONSTRATION, pas le zonage légal" if self.is_demo else ""
        return f"{self.act}, en vigueur du {self.valid_from:%d/%m/%Y} {end}{demo}"


@dataclass(frozen=True)
class LookupResult:
    """The answer to one lookup; ``status`` says which kind of answer it is."""

    status: str  # found | unknown_commune | unknown_profession | no_zoning | not_classified
    commune_code: str
    day: date
    profession: str
    commune_name: str | None = None
    region: str | None = None
    zone: str | None = None
    cesp_eligible: bool | None = None
    version: VersionInfo | None = None
    explanation: tuple[str, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def message(self) -> str:
        return self.explanation[-1] if self.explanation else ""

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "commune": {
                "code": self.commune_code,
                "name": self.commune_name,
                "region": self.region,
            },
            "date": self.day.isoformat(),
            "profession": self.profession,
            "zone": self.zone,
            "zone_label": ZONE_LABELS.get(self.zone) if self.zone else None,
            "cesp_eligible": self.cesp_eligible,
            "zoning": self.version.as_dict() if self.version else None,
            "explanation": list(self.explanation),
            "sources": list(self.sources),
        }

    def as_text(self) -> str:
        zoning = self.version.describe() if self.version else "aucun"
        lines = [
            f"commune       : {self.commune_code} {self.commune_name or '(inconnue)'}",
            f"date          : {self.day.isoformat()}",
            f"profession    : {self.profession}",
            f"zone          : {self.zone or '—'}",
            f"cesp_eligible : {_yes_no(self.cesp_eligible)}",
            f"zoning        : {zoning}",
            "explanation   :",
            *(f"  - {step}" for step in self.explanation),
        ]
        return "\n".join(lines)


def _yes_no(value: bool | None) -> str:
    return "indéterminé" if value is None else ("oui" if value else "non")


def counts_for_cesp(zone: str, profession: str, day: date) -> tuple[bool, str]:
    """Delegates to the rules (R21): does ``zone`` count for the CESP of ``profession``."""
    return zones.counts_for_cesp(zone, profession, day)


class ZoningIndex:
    """Versions by (region, profession) and classes by (version, commune), in memory."""

    def __init__(
        self,
        versions: Iterable[VersionInfo],
        assignments: Iterable[tuple[int, str, str]],
    ) -> None:
        self.versions: dict[int, VersionInfo] = {v.id: v for v in versions}
        by_key: dict[tuple[str, str], list[VersionInfo]] = {}
        for version in self.versions.values():
            by_key.setdefault((version.region, version.profession), []).append(version)
        self._by_key = {
            key: sorted(items, key=lambda v: v.valid_from) for key, items in by_key.items()
        }
        self._starts = {key: [v.valid_from for v in items] for key, items in self._by_key.items()}
        self.zones: dict[tuple[int, str], str] = {
            (version_id, commune): zone for version_id, commune, zone in assignments
        }

    def version_in_force(self, region: str, profession: str, day: date) -> VersionInfo | None:
        """The zoning of a region in force on ``day`` (the latest started, if it covers)."""
        key = (region, profession)
        starts = self._starts.get(key)
        if not starts:
            return None
        position = bisect.bisect_right(starts, day) - 1
        if position < 0:
            return None
        version = self._by_key[key][position]
        return version if version.covers(day) else None

    def zone_of(self, commune_code: str, zoning_profession: str, day: date) -> str | None:
        """Fast path (no explanation): the class or ``None``."""
        commune = geography.commune(commune_code)
        if commune is None:
            return None
        version = self.version_in_force(commune.region, zoning_profession, day)
        return self.zones.get((version.id, commune_code)) if version else None

    def lookup(self, commune_code: str, day: date, profession: str) -> LookupResult:
        """Class, CESP eligibility and the explanation, citing the zoning act."""
        code = (commune_code or "").strip()
        base = {"commune_code": code, "day": day, "profession": profession}
        zoning_profession = ZONING_OF_PROFESSION.get(profession)
        if zoning_profession is None:
            known = ", ".join(ZONING_OF_PROFESSION)
            return LookupResult(
                "unknown_profession",
                **base,
                explanation=(f"Profession inconnue « {profession} » (attendu : {known}).",),
            )
        commune = geography.commune(code)
        steps: list[str] = []
        if commune is None:
            former = geography.current_code(code)
            if former is None:
                return LookupResult(
                    "unknown_commune",
                    **base,
                    explanation=(
                        f"{geography.commune_code_error(code)} Aucune zone ne peut être donnée.",
                    ),
                )
            commune = geography.commune(former[0])
            steps.append(
                f"Le code {code} est un {former[1]} : la commune actuelle est "
                f"{commune.code} {commune.name} (COG 2026)."
            )
            base["commune_code"] = commune.code
        base |= {"commune_name": commune.name, "region": commune.region}
        region_name = geography.region_name(commune.region) or commune.region
        steps.append(
            f"{commune.name} ({commune.code}) est dans le département "
            f"{geography.department_name(commune.department)} ({commune.department}), "
            f"région {region_name} ({commune.region})."
        )
        version = self.version_in_force(commune.region, zoning_profession, day)
        if version is None:
            steps.append(
                f"Aucun zonage {zoning_profession} de la région {region_name} n'est enregistré "
                f"pour le {day:%d/%m/%Y} : la zone ne peut pas être déterminée "
                "(aucune classe par défaut)."
            )
            return LookupResult("no_zoning", **base, explanation=tuple(steps))
        steps.append(f"Zonage en vigueur à cette date : {version.describe()}.")
        zone = self.zones.get((version.id, commune.code))
        if zone is None:
            steps.append(
                "La commune ne figure pas dans ce zonage : sa zone n'est pas connue "
                "(aucune classe par défaut) ; s'adresser à l'ARS."
            )
            return LookupResult("not_classified", **base, version=version, explanation=tuple(steps))
        steps.append(f"La commune y est classée {ZONE_LABELS.get(zone, zone)}.")
        try:
            eligible, rule = counts_for_cesp(zone, profession, day)
        except SituationError as error:  # no CESP classes defined at that date (R21)
            eligible, rule = None, f"Statut CESP indéterminé : {error.message} (R21)."
        steps.append(rule)
        return LookupResult(
            "found",
            **base,
            zone=zone,
            cesp_eligible=eligible,
            version=version,
            explanation=tuple(steps),
            sources=(version.act, "Code de la santé publique, art. L1434-4 1°"),
        )

"""Glue between the stored zonings, the shipped reference data and the pure aids rules
(``cesp.rules.aids``): the function the simulator and the views call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cesp.core import geography
from cesp.rules.aids import AidsResult, PlaceFacts, find_aids

from .lookup import LookupResult, ZoningIndex
from .services import current_index


@dataclass(frozen=True)
class AidsAnswer:
    lookup: LookupResult
    result: AidsResult | None
    mode: str

    def as_dict(self) -> dict:
        base = {
            "commune": self.lookup.as_dict()["commune"],
            "date": self.lookup.day.isoformat(),
            "profession": self.lookup.profession,
            "mode": self.mode,
            "zone": self.lookup.zone,
            "cesp_eligible": self.lookup.cesp_eligible,
            "zoning": self.lookup.version.as_dict() if self.lookup.version else None,
        }
        if self.result is None:
            return base | {
                "aids": [],
                "exclusive_choices": [],
                "exclusive_choice_names": [],
                "not_applicable": [],
                "notes": list(self.lookup.explanation),
            }
        data = base | self.result.to_dict()
        if self.lookup.cesp_eligible is False:
            data["notes"].insert(
                0,
                f"Attention : cette commune ({self.lookup.zone}) n'est pas dans une zone où "
                "l'exercice compte pour le CESP (R21).",
            )
        elif self.lookup.status != "found":
            data["notes"].insert(0, self.lookup.message)
        return data


def place_facts(lookup: LookupResult, guard_sector_has_zip: bool | None = None) -> PlaceFacts:
    commune = geography.commune(lookup.commune_code)
    assert commune is not None
    return PlaceFacts(
        commune_code=commune.code,
        department=commune.department,
        region=commune.region,
        zone=lookup.zone,
        in_massif=bool(commune.massif),
        has_qpv=commune.has_qpv,
        in_frr=commune.in_frr,
        guard_sector_has_zip=guard_sector_has_zip,
    )


def aids_for(
    commune_code: str,
    day: date,
    profession: str,
    mode: str,
    index: ZoningIndex | None = None,
    guard_sector_has_zip: bool | None = None,
) -> AidsAnswer:
    """Aids at a commune on a date; an unknown commune gets no aids and says why."""
    if index is None:
        index = current_index()
    lookup = index.lookup(commune_code, day, profession)
    if lookup.status in {"unknown_commune", "unknown_profession"}:
        return AidsAnswer(lookup, None, mode)
    facts = place_facts(lookup, guard_sector_has_zip)
    return AidsAnswer(lookup, find_aids(facts, day, profession, mode), mode)

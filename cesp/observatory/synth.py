"""A realistic synthetic cohort in the cohort format (interfaces.md §2), no Django.

Deterministic per seed. Calibrated on the 2025 Occitanie study (seed 000): of 560
profiles, 120 dental students and 32 withdrawn before signature (not included), 1
deceased and 1 without data (excluded), 406 studied; phases 7 completed, 150 installed,
224 in studies, 25 broken; age at signature 25,6 (SD 4,3); 10,8 % bridge entries,
47,7 % of them from health/social; engagement 3 years (completed), 5,1 (installed, in
studies), 5,8 (broken); mostly general practice; 63,3 % of those in studies plan to
settle in the region (41 of 224 unknown), 36 % of those broken; delays thesis →
installation about 7 months, end of DES → installation about 6 (SD 7); 75,3 % of the
installed settled in the region, 6 of 7 completed; density of the installation commune
in the region: rural 70,3 %, small town 9,9 %, urban 19,8 %. Commune codes are real
(kernel reference geography). No person is real.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import IO

from cesp.observatory import geo
from cesp.observatory.cohort import COLUMNS
from cesp.rules.months import Month

STUDY_END = date(2023, 9, 30)
STUDY_START_YEAR = 2010
FLOW_WEIGHTS = {
    "odontologie": 120,
    "withdrawn": 32,
    "deceased": 1,
    "without_data": 1,
    "studied": 406,
}
PHASE_WEIGHTS = {"completed": 7, "installed": 150, "studies": 224, "broken": 25}
ENGAGEMENT_MEAN = {"completed": 36, "installed": 61, "studies": 61, "broken": 70}
SPECIALTIES = {
    "completed": {"medecine_generale": 6, "medecine_urgence": 1},
    "installed": {
        "medecine_generale": 140,
        "anesthesie_reanimation": 2,
        "pediatrie": 2,
        "geriatrie": 2,
        "ophtalmologie": 2,
        "psychiatrie": 1,
        "medecine_urgence": 1,
    },
    "studies": {
        "medecine_generale": 180,
        "psychiatrie": 8,
        "pediatrie": 6,
        "ophtalmologie": 5,
        "geriatrie": 4,
        "medecine_urgence": 4,
        "anesthesie_reanimation": 3,
    },
    "broken": {"medecine_generale": 21, "ophtalmologie": 3, "psychiatrie": 1},
}
PLANNED_IN_REGION = {"completed": 0.86, "installed": 0.8, "studies": 0.633, "broken": 0.36}
PLANNED_MISSING = {"completed": 0.0, "installed": 0.05, "studies": 41 / 224, "broken": 0.0}
INSTALLED_IN_REGION = {"completed": 6 / 7, "installed": 0.753}
DENSITY_WEIGHTS = {"rural": 70.3, "small_town": 9.9, "urban": 19.8}
OTHER_REGIONS = ("75", "84", "93", "11", "44", "52")


@cache
def _communes_by_class(region: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {"rural": [], "small_town": [], "urban": []}
    for item in geo.communes_in_region(region):
        density = geo.density_class(item.code)
        if density:
            grouped[density].append(item.code)
    return {k: sorted(v) for k, v in grouped.items()}


@cache
def _communes_in(region: str) -> list[str]:
    return sorted(c.code for c in geo.communes_in_region(region))


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _add_months(day: date, months: int) -> date:
    target = Month.of(day) + months
    return target.first_day() + timedelta(days=min(day.day, target.last_day().day) - 1)


def _day_in_year(rng: random.Random, year: int, last: date) -> date:
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), last)
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


class _Generator:
    def __init__(self, seed: int, region: str, as_of: date) -> None:
        self.rng = random.Random(seed)
        self.region = region
        self.as_of = as_of
        self.years = list(range(STUDY_START_YEAR, as_of.year + 1))
        # More signatures each year (the scheme grew), as in the study's yearly chart.
        self.year_weights = [1 + i for i in range(len(self.years))]

    def maybe(self, probability: float) -> bool:
        return self.rng.random() < probability

    def row(self, index: int) -> dict[str, str]:
        rng = self.rng
        row = dict.fromkeys(COLUMNS, "")
        row["profile_id"] = f"P{index:07d}"
        kind = _pick(rng, FLOW_WEIGHTS)
        if kind == "without_data":
            return row
        phase = _pick(rng, PHASE_WEIGHTS)
        row.update(self.contract(phase))
        row["profession"] = "odontologie" if kind == "odontologie" else "medecine"
        row["status"] = "withdrawn_before_signature" if kind == "withdrawn" else "signed"
        row["deceased"] = "1" if kind == "deceased" else "0"
        if kind == "withdrawn":
            for column in (
                "signature_date",
                "phase",
                "allocation_months",
                "engagement_months",
                "thesis_date",
                "des_date",
                "installation_date",
                "breach_date",
                "installation_commune",
            ):
                row[column] = ""
        return row

    def contract(self, phase: str) -> dict[str, str]:
        rng = self.rng
        engagement = max(24, min(120, round(rng.gauss(ENGAGEMENT_MEAN[phase], 14))))
        allocation = engagement if engagement > 24 else rng.randint(10, 24)
        out: dict[str, str] = {"phase": phase}
        if phase in ("completed", "installed"):
            dates = self.installed_dates(phase, allocation, engagement)
        elif phase == "studies":
            dates = self.studies_dates(allocation)
        else:
            dates = self.broken_dates(allocation)
        signature = dates["signature_date"]
        age = max(18.5, min(48.0, rng.gauss(25.6, 4.3)))
        birth = signature - timedelta(days=round(age * 365.25))
        bridge = self.maybe(0.108)
        out.update(
            {
                "birth_date": birth.isoformat(),
                "bridge_entry": "1" if bridge else "0",
                "bridge_origin": ("health_social" if self.maybe(0.477) else "other")
                if bridge
                else "",
                "signature_region": self.region if self.maybe(0.9) else rng.choice(OTHER_REGIONS),
                "specialty": _pick(rng, SPECIALTIES[phase]),
                "allocation_months": str(allocation),
                "engagement_months": str(engagement),
                "planned_region": self.planned(phase),
            }
        )
        if phase == "studies" and self.maybe(0.2):
            out["specialty"] = ""  # not chosen yet (first and second cycles)
        out.update({k: v if isinstance(v, str) else v.isoformat() for k, v in dates.items() if v})
        if self.maybe(0.01):
            out["birth_date"] = ""
        return out

    def planned(self, phase: str) -> str:
        if self.maybe(PLANNED_MISSING[phase]):
            return ""
        return (
            self.region if self.maybe(PLANNED_IN_REGION[phase]) else self.rng.choice(OTHER_REGIONS)
        )

    def installed_dates(
        self, phase: str, allocation: int, engagement: int
    ) -> dict[str, date | None]:
        rng = self.rng
        delay = max(0, round(abs(rng.gauss(4.5, 7))))
        served = engagement if phase == "completed" else rng.randint(0, max(engagement - 1, 0))
        latest_signature = _add_months(self.as_of, -(allocation + delay + served + 1))
        years = [y for y in self.years if y <= latest_signature.year] or [STUDY_START_YEAR]
        year = rng.choices(years, weights=self.year_weights[: len(years)])[0]
        signature = _day_in_year(rng, year, max(latest_signature, date(year, 1, 1)))
        des = _add_months(signature, allocation) + timedelta(days=rng.randint(-20, 20))
        thesis = des - timedelta(days=rng.randint(-40, 90))
        installation = _add_months(max(des, thesis), delay) + timedelta(days=rng.randint(0, 27))
        installation = min(installation, self.as_of)
        return {
            "signature_date": signature,
            "des_date": None if self.maybe(0.09) else des,
            "thesis_date": None if self.maybe(0.07) else thesis,
            "installation_date": installation,
            "installation_commune": self.commune(phase),
        }

    def studies_dates(self, allocation: int) -> dict[str, date | None]:
        earliest = max(date(STUDY_START_YEAR, 1, 1), _add_months(self.as_of, -allocation + 1))
        span = max((self.as_of - earliest).days, 0)
        return {"signature_date": earliest + timedelta(days=self.rng.randint(0, span))}

    def broken_dates(self, allocation: int) -> dict[str, date | None]:
        rng = self.rng
        year = rng.choices(self.years[:-1], weights=self.year_weights[:-1])[0]
        signature = _day_in_year(rng, year, self.as_of)
        breach = _add_months(signature, rng.randint(3, max(allocation, 4)))
        breach = min(breach, self.as_of)
        return {"signature_date": signature, "breach_date": breach}

    def commune(self, phase: str) -> str | None:
        if self.maybe(0.02):
            return None
        if self.maybe(INSTALLED_IN_REGION[phase]):
            candidates = _communes_by_class(self.region)[_pick(self.rng, DENSITY_WEIGHTS)]
        else:
            candidates = _communes_in(self.rng.choice(OTHER_REGIONS))
        return self.rng.choice(candidates)


def synthetic_rows(
    profiles: int, seed: int, region: str = "76", as_of: date = STUDY_END
) -> Iterator[dict[str, str]]:
    generator = _Generator(seed, region, as_of)
    for index in range(1, profiles + 1):
        row = generator.row(index)
        yield {k: ("" if v is None else v) for k, v in row.items()}


def write_synthetic(
    out: str | Path | IO[str], profiles: int, seed: int, region: str = "76", as_of: date = STUDY_END
) -> int:
    """Write ``profiles`` rows; returns the count. Same seed, same file, byte for byte."""
    handle = open(out, "w", encoding="utf-8", newline="") if isinstance(out, (str, Path)) else out  # noqa: SIM115
    try:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        count = 0
        for row in synthetic_rows(profiles, seed, region, as_of):
            writer.writerow(row)
            count += 1
        return count
    finally:
        if handle is not out:
            handle.close()

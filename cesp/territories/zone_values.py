"""Normalise the zone labels found in official and third-party zoning files.

Carto Santé exports use numbered codes (``1_ZIP``, ``2_ZAC``, ``3_QPV_ZIP``, ``5_ZV``,
``6_HZ``, ``7_GQ_ZAC``…; ``/work/shared/data/README.md`` §6); the DREES workbook uses
words (``Zone de vigilance``, ``Hors vivier``); dental zonings (convention of
July 2023) use five classes. A QPV or "GQ" sub-zone keeps its main class: the per-commune
model cannot hold sub-commune detail (documented in docs/territories.md).
"""

from __future__ import annotations

import re
import unicodedata

from .enums import ZoneClass

_ALIASES: dict[str, str] = {
    "zip": ZoneClass.ZIP,
    "zone d intervention prioritaire": ZoneClass.ZIP,
    "qpv zip": ZoneClass.ZIP,
    "gq zip": ZoneClass.ZIP,
    "zac": ZoneClass.ZAC,
    "zone d action complementaire": ZoneClass.ZAC,
    "qpv zac": ZoneClass.ZAC,
    "gq zac": ZoneClass.ZAC,
    "zar": ZoneClass.ZAR,
    "zone d accompagnement regional": ZoneClass.ZAR,
    "zone d appui regional": ZoneClass.ZAR,
    "zv": ZoneClass.ZV,
    "zone de vigilance": ZoneClass.ZV,
    "hz": ZoneClass.HZ,
    "hors zonage": ZoneClass.HZ,
    "hors vivier": ZoneClass.HZ,
    "hv": ZoneClass.HZ,
    "tres sous dotee": ZoneClass.TRES_SOUS_DOTEE,
    "zone tres sous dotee": ZoneClass.TRES_SOUS_DOTEE,
    "sous dotee": ZoneClass.SOUS_DOTEE,
    "zone sous dotee": ZoneClass.SOUS_DOTEE,
    "intermediaire": ZoneClass.INTERMEDIAIRE,
    "zone intermediaire": ZoneClass.INTERMEDIAIRE,
    "tres dotee": ZoneClass.TRES_DOTEE,
    "zone tres dotee": ZoneClass.TRES_DOTEE,
    "sur dotee": ZoneClass.SUR_DOTEE,
    "zone sur dotee": ZoneClass.SUR_DOTEE,
    "non prioritaire": ZoneClass.NON_PRIORITAIRE,
    "zone non prioritaire": ZoneClass.NON_PRIORITAIRE,
}
for _value in ZoneClass.values:
    _ALIASES[_value.lower().replace("_", " ")] = _value


def _simplify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^\s*\d+\s*[_\-.]\s*", "", text)  # "1_ZIP" -> "zip"
    return re.sub(r"[^a-z]+", " ", text).strip()


def normalise_zone(raw: str) -> str | None:
    """The ``ZoneClass`` value for a label of a zoning file, or ``None`` if unknown."""
    return _ALIASES.get(_simplify(raw or ""))

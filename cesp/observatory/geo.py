"""Geography for the observatory, through the kernel's reference geography (no Django).

Every commune fact (region, department, density level) comes from
``cesp.core.geography``; this module only adds the observatory's grouping of
the INSEE 7-level communal density grid into three classes (interfaces.md §2):

- urban = 1 grands centres urbains, 2 centres urbains intermédiaires, 4 ceintures urbaines;
- small_town = 3 petites villes;
- rural = 5 bourgs ruraux, 6 rural à habitat dispersé, 7 rural à habitat très dispersé.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cesp.core import geography

DENSITY_CLASSES: dict[int, str] = {
    1: "urban",
    2: "urban",
    4: "urban",
    3: "small_town",
    5: "rural",
    6: "rural",
    7: "rural",
}
DENSITY_CLASS_LABELS = {"urban": "Urbaine", "small_town": "Petite ville", "rural": "Rurale"}


@cache
def commune(code: str) -> Any | None:
    """The reference commune for an INSEE code, or None when the code is unknown."""
    return geography.commune(code)


def is_known_commune(code: str) -> bool:
    return commune(code) is not None


@cache
def current_code(code: str) -> tuple[str, str] | None:
    """For a former commune code (merger, commune déléguée, PLM arrondissement): the
    current code and the kind of link; None when the code was never a commune."""
    return geography.current_code(code)


def region_of(code: str) -> str | None:
    found = commune(code)
    return None if found is None else found.region


def department_of(code: str) -> str | None:
    found = commune(code)
    return None if found is None else found.department


def density_class(code: str) -> str | None:
    """``urban``, ``small_town`` or ``rural`` for a commune, None when not graded."""
    found = commune(code)
    if found is None or found.density_level is None:
        return None
    return DENSITY_CLASSES[int(found.density_level)]


def region_name(code: str) -> str:
    try:
        return geography.region_name(code) or code
    except (KeyError, LookupError):
        return code


def department_name(code: str) -> str:
    try:
        return geography.department_name(code) or code
    except (KeyError, LookupError):
        return code


def communes_in_region(region: str) -> list[Any]:
    return list(geography.communes_in_region(region))

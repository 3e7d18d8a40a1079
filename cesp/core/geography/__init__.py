"""Reference geography: communes, departments and regions, found by name or postal code.

Pure Python (no Django, no network), read from the files shipped in ``data/``
(sources and licences: ``data/README.md``). Codes are INSEE strings (``01001``,
``2A004``), never integers. Use it as ``from cesp.core import geography``::

    geography.commune("09122").name          # "Foix"
    geography.search("st girons")[0].value   # "Saint-Girons (09261)"
    geography.resolve("09000")               # refused: 23 communes share it (named)
"""

from .reference import (
    DATA_DIR,
    DENSITY_LABELS,
    FRR_LABELS,
    MASSIF_LABELS,
    Commune,
    all_communes,
    commune,
    communes_in_department,
    communes_in_region,
    communes_with_postal_code,
    current_code,
    department_name,
    department_region,
    departments,
    postal_code_list,
    postal_codes,
    region_name,
    regions,
)
from .search import (
    CommuneNotFound,
    Suggestion,
    commune_code_error,
    communes_named,
    label,
    normalize,
    resolve,
    search,
)

__all__ = [
    "DATA_DIR",
    "DENSITY_LABELS",
    "FRR_LABELS",
    "MASSIF_LABELS",
    "Commune",
    "CommuneNotFound",
    "Suggestion",
    "all_communes",
    "commune",
    "commune_code_error",
    "communes_in_department",
    "communes_in_region",
    "communes_named",
    "communes_with_postal_code",
    "current_code",
    "department_name",
    "department_region",
    "departments",
    "label",
    "normalize",
    "postal_code_list",
    "postal_codes",
    "region_name",
    "regions",
    "resolve",
    "search",
]

"""The DSFR site configuration (notice banner, mourning, titles), read once a minute.

``dsfr.context_processors.site_config`` reads ``DsfrConfig`` on every page, twice when no
configuration exists in the language (the usual case): two queries for a row that changes
a few times a year. This context processor gives the same object, read at most once per
``CESP_SITE_CONFIG_SECONDS`` (setting) per worker; a change saved or deleted in this
process is seen at once (signals), in the other workers within that delay
(docs/platform.md, Performance).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from dsfr.context_processors import site_config as dsfr_site_config

_cached: tuple[float, str, Any] | None = None  # (read at, language, config or None)


def site_config(request: HttpRequest) -> dict[str, Any]:
    """``{"SITE_CONFIG": …}`` as the dsfr context processor, memoised per worker."""
    global _cached
    language = get_language()
    now = time.monotonic()
    cached = _cached
    if (
        cached is not None
        and cached[1] == language
        and now - cached[0] < settings.CESP_SITE_CONFIG_SECONDS
    ):
        return {"SITE_CONFIG": cached[2]}
    config = dsfr_site_config(request)["SITE_CONFIG"]
    _cached = (now, language, config)
    return {"SITE_CONFIG": config}


def clear(**_: Any) -> None:
    """Forget the configuration read (a ``DsfrConfig`` saved or deleted; tests)."""
    global _cached
    _cached = None

"""Research pseudonyms: the ids of the observatory's extracts (issue 12 §3).

The platform's own pseudonym (``Contract.pseudonym``) is returned by the contracts API
to UFR, ARS and national tokens; an extract keyed by it would let anyone holding both
link a research row to a named contract. Research ids are therefore a separate keyed
hash: HMAC-SHA256 of the contract's reference under ``CESP_RESEARCH_PSEUDONYM_KEY``, a
secret distinct from ``SECRET_KEY``, kept outside the database (docs/observatory.md).
Stable for a given key (a researcher can follow a contract across extracts);
without the key, not linkable to anything the platform publishes.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

PREFIX = "R"
_DOMAIN = b"cesp-research-pseudonym-v1\x00"


def research_pseudonym(reference: str) -> str:
    """The research id of the contract with this reference (``R`` + 24 hex digits)."""
    key = settings.CESP_RESEARCH_PSEUDONYM_KEY.encode()
    digest = hmac.new(key, _DOMAIN + reference.encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:24]

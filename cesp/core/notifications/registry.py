"""The registry of notification kinds.

Each app declares its kinds once, in its own ``notifications.py``, and registers them from
its ``AppConfig.ready()``; the kernel never imports a domain app. Subject and body are
Django template strings rendered with the context given to ``notify`` (plain text, no
HTML escaping); write dates already formatted, or with ``|date:"d/m/Y"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.template import Context, Engine

from cesp.core.audiences import Audience


@cache
def _engine() -> Engine:
    """Plain-text templates; an undefined variable is treated as the site's templates
    treat it (``string_if_invalid`` of the settings: visible under the test settings)."""
    invalid = settings.TEMPLATES[0].get("OPTIONS", {}).get("string_if_invalid", "")
    return Engine(autoescape=False, string_if_invalid=invalid)


@dataclass(frozen=True)
class Kind:
    """A kind of notification. ``mandatory``: a legal notice, which no one can opt out of."""

    code: str
    label: str
    audience: Audience
    mandatory: bool
    subject: str
    body: str

    def render(self, context: dict) -> tuple[str, str]:
        """(subject, body) for ``context``; the subject on one line."""
        ctx = Context(context, autoescape=False)
        subject = " ".join(_engine().from_string(self.subject).render(ctx).split())
        return subject[:200], _engine().from_string(self.body).render(ctx).strip()


_KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Register kinds; registering the same declaration again is harmless, a different
    declaration under a code already taken is an error."""
    for kind in kinds:
        known = _KINDS.get(kind.code)
        if known is not None and known != kind:
            raise ValueError(f"Notification kind {kind.code!r} is declared twice.")
        _KINDS[kind.code] = kind


def get(code: str) -> Kind:
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"Unknown notification kind {code!r}: is it registered?") from None


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def label_of(code: str) -> str:
    """The French label of a kind, or the code when the kind is no longer declared."""
    return _KINDS[code].label if code in _KINDS else code

"""The kinds of document: declared once by the app that owns them, with their reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: ``can_view(user, subject) -> bool``: may this user read a document about ``subject``?
Predicate = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str  # French, shown to users
    can_view: Predicate


_KINDS: dict[str, DocumentKind] = {}


def register(code: str, label: str, can_view: Predicate) -> DocumentKind:
    """Declare a kind (idempotent for the same declaration, an error for a clash)."""
    kind = DocumentKind(code, label, can_view)
    existing = _KINDS.get(code)
    if existing is not None and existing != kind:
        raise ValueError(f"document kind {code!r} is already declared differently")
    _KINDS[code] = kind
    return kind


def get(code: str) -> DocumentKind | None:
    return _KINDS.get(code)

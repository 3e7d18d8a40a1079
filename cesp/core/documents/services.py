"""Render an HTML template to PDF and archive it: the one use case of the kernel's documents.

Rendering needs no network: only ``data:`` URLs are fetched, so a template embeds its
images (inline SVG or data URLs) and its CSS. WeasyPrint is imported on first use: it
needs Pango and HarfBuzz from Debian (the Makefile installs them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils.text import slugify

from . import kinds
from .models import Document


@dataclass(frozen=True)
class Fact:
    """Facts a document was made from: a French label, a model, the rows' ids."""

    label: str
    model: str  # "app_label.modelname"
    ids: tuple[Any, ...]

    @classmethod
    def of(cls, label: str, rows: Iterable[models.Model]) -> Fact:
        rows = list(rows)
        if not rows:
            return cls(label, "", ())
        return cls(label, rows[0]._meta.label_lower, tuple(row.pk for row in rows))

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "model": self.model, "ids": list(self.ids)}


def render_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """The PDF of a Django template (print CSS: see ``documents/pdf_base.html``)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, dict(context))
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def render_document(
    kind: str,
    template: str,
    context: Mapping[str, Any],
    *,
    subject: models.Model,
    facts: Sequence[Fact],
    user: Any,
    title: str,
    filename: str = "",
) -> Document:
    """Render ``template`` to PDF and archive it; the kind must be declared."""
    declared = kinds.get(kind)
    if declared is None:
        raise LookupError(f"undeclared document kind {kind!r}")
    content = render_pdf(template, {**context, "document_title": title})
    with transaction.atomic():
        return Document.objects.create(
            kind=kind,
            title=title[:200],
            filename=_safe_filename(filename or title),
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            created_by=user if getattr(user, "pk", None) else None,
            subject=subject,
            facts=[fact.as_dict() for fact in facts],
        )


def can_view(user: Any, document: Document) -> bool:
    """The owning app's predicate on the document's subject; an unknown kind is closed."""
    declared = kinds.get(document.kind)
    subject = document.subject
    return declared is not None and subject is not None and bool(declared.can_view(user, subject))


def _safe_filename(name: str) -> str:
    """ASCII, no quotes or separators: safe inside a Content-Disposition header."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{slugify(stem)[:180] or 'document'}.pdf"

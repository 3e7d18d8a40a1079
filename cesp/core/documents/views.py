"""The page of an archived document (title, date, author, SHA-256, facts) and its PDF.

Who may read it is the owning app's predicate (``kinds.register``); anyone else gets 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import kinds
from .models import Document
from .services import can_view


def _readable(request: HttpRequest, pk: int) -> Document:
    document = get_object_or_404(Document.objects.select_related("created_by"), pk=pk)
    if not can_view(request.user, document):
        raise Http404
    return document


def pdf_response(document: Document) -> HttpResponse:
    """The archived bytes, exactly as generated."""
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    response["ETag"] = f'"{document.sha256}"'
    response["X-Document-Id"] = str(document.pk)
    return response


def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    document = _readable(request, pk)
    kind = kinds.get(document.kind)
    author = document.created_by
    return render(
        request,
        "documents/document.html",
        {
            "document": document,
            "kind_label": kind.label if kind else "",
            "author": (author.get_full_name() or author.username) if author else "cesp",
            "facts": [
                {"label": fact.get("label", ""), "ids": ", ".join(str(i) for i in fact["ids"])}
                for fact in document.facts
                if fact.get("ids")
            ],
        },
    )


def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return pdf_response(_readable(request, pk))

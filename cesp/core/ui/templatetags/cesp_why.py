"""``{% why steps "why-id" "label" %}``: a "pourquoi ?" disclosure written in Python.

First a short summary in plain French (one line per figure), then the detailed steps
folded away in a nested disclosure. The same markup as ``ui/why.html`` +
``why_step.html`` (a test compares
them), without one template include per explanation step: the contract page shows five
explanation trees of ~25 steps, which cost ~25 ms of template rendering per page and
now ~1 ms (docs/platform.md, Performance). Presentation only: the steps come from
``cesp.core.ui.explain`` (the engine's explanation), nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cesp.core.ui.explain import Step

register = template.Library()


def _step(step: Step) -> str:
    head = "" if step.value == "—" else f"<strong>{escape(step.value)}</strong> — "
    text = f" {escape(step.text)}" if step.text else ""
    parts = [
        f'<li title="{escape(step.label)}">',
        f'<p class="fr-mb-0">{head}{escape(step.rule)}{text}</p>',
    ]
    parts += [f'<p class="fr-mb-0 cesp-note">{escape(note)}</p>' for note in step.notes]
    if step.parameters:
        items = "".join(
            f"<li>{escape(p.name)} = <strong>{escape(p.value)}</strong>"
            + (f" — {escape(p.reference)}" if p.reference else "")
            + "</li>"
            for p in step.parameters
        )
        parts.append(f'<ul class="cesp-params">{items}</ul>')
    if step.sources:
        sources = " ; ".join(escape(s) for s in step.sources)
        parts.append(f'<p class="fr-mb-0 cesp-sources">Sources : {sources}</p>')
    if step.children:
        children = "".join(_step(child) for child in step.children)
        parts.append(f'<ol class="cesp-steps">{children}</ol>')
    parts.append("</li>")
    return "".join(parts)


@register.simple_tag
def why(steps: Iterable[Step] | None, why_id: str, label: str = "") -> SafeString:
    """The disclosure of ``steps`` (nothing when there is no step)."""
    steps = list(steps or [])
    if not steps:
        return mark_safe("")
    body = "".join(_step(step) for step in steps)
    summary = "".join(f"<li>{escape(step.summary)}</li>" for step in steps)
    return mark_safe(
        f'<details class="cesp-why" id="{escape(why_id)}">'
        f"<summary>{escape(label or 'Pourquoi ?')}</summary>"
        f'<ul class="cesp-why-summary fr-text--sm">{summary}</ul>'
        '<details class="cesp-why-detail"><summary>Le détail du calcul</summary>'
        f'<ol class="cesp-steps fr-text--sm">{body}</ol></details></details>'
    )

"""The "pourquoi ?" disclosures read as plain French (issue 12 §1): a summary first, the
detailed steps folded away, no internal code, French numbers."""

from __future__ import annotations

import re

from django.template import Context, Template

from cesp.core.ui.explain import steps_for
from cesp.rules import evaluate

SITUATION = {
    "profession": "medecine",
    "category": "second_cycle",
    "campaign_year": 2016,
    "signature_date": "2017-06-20",
    "as_of": "2024-06-01",
    "events": [
        {"type": "suspension", "from": "2018-03-01", "to": "2018-06-30", "reason": "maternite"},
        {"type": "des", "date": "2021-10-15"},
        {"type": "thesis", "date": "2021-12-10"},
        {"type": "practice", "from": "2022-01-01", "zone_share": "0.75"},
        {"type": "breach", "date": "2024-05-01", "cause": "voluntary"},
    ],
}
CODES = re.compile(
    r"post2020|pre2020|voluntary|maternite\b|allocation\.\w|breach\.\w|engagement\.\w|"
    r"regime\.\w|_rate\b|docs/|\.md\b|seed \d"
)


def test_why_disclosure_is_plain_french_with_the_summary_first():
    result = evaluate(SITUATION).to_dict()
    steps = (
        steps_for(result, "status", "regime")
        + steps_for(result, "allocation")
        + steps_for(result, "breach")
    )
    html = Template('{% load cesp_why %}{% why steps "why-x" %}').render(Context({"steps": steps}))
    assert html.index("cesp-why-summary") < html.index("Le détail du calcul")
    assert html.index("Le détail du calcul") < html.index('class="cesp-steps')
    assert not CODES.search(html), CODES.search(html).group(0)
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\d\.\d", text), re.search(r".{30}\d\.\d.{30}", text)
    assert "€" in text and "Régime du contrat : régime antérieur à 2020" in text

"""SVG figures and maps: valid XML, every commune drawn, masked cells shown as such."""

import xml.etree.ElementTree as ET

from cesp.observatory import figures, maps

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_commune_map_of_occitanie_draws_every_commune_with_its_count():
    report = {
        "parameters": {"region": "76"},
        "installations": {"by_commune_in_region": {"48095": 3, "09001": None}, "by_department": {}},
    }
    root = _parse(maps.installations_map(report, xmlns=True))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Mende (48095) : 3" in titles
    assert "Aigues-Juntes (09001) : masqué" in titles
    drawn = {t.split("(")[1].split(")")[0] for t in titles if t and "(" in t}
    assert len(drawn) == 4446  # every Occitanie commune (COG 2026)
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "masqué (< 11)" in legend and "1–3" in legend


def test_region_without_commune_geometry_falls_back_to_its_departments():
    report = {
        "parameters": {"region": "53"},
        "installations": {"by_commune_in_region": {}, "by_department": {"29": 12, "75": 2}},
    }
    root = _parse(maps.installations_map(report, xmlns=True))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert titles[0] == "Installations dans la région Bretagne, par département"
    assert {t.split("(")[1][:2] for t in titles[1:]} == {"22", "29", "35", "56"}


def test_bar_chart_escapes_labels_and_shows_masked_values():
    svg = figures.bar_chart([("<b>&", 3), ("caché", None)], "Titre <x>", xmlns=True)
    root = _parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>&" in texts and "masqué" in texts and "Titre <x>" in texts


def test_flow_diagram_says_masked_counts():
    flow = {
        "profiles": 560,
        "not_included": {
            "profession": {"odontologie": 115, "padhue_medecine": 5},
            "withdrawn_before_signature": 32,
        },
        "excluded": {"deceased": None, "without_data": None},
        "studied": 406,
    }
    texts = [t.text for t in _parse(figures.flow_diagram(flow, xmlns=True)).iter(f"{SVG}text")]
    assert "560 profils dans les données initiales" in texts
    assert "408 profils inclus" in texts
    assert "– < 11 décès" in texts
    joined = " ".join(t or "" for t in texts)
    assert "5 étudiants en PADHUE médecine" in joined and "padhue_medecine" not in joined
    assert "115 étudiants en odontologie" in joined


def test_outer_rings_read_flat_integer_and_pair_rings():
    # territories ships flat rings in thousandths of a degree; plain pairs are accepted.
    flat = {"polygons": [[[1507, 43043, 1505, 43040, 1501, 43042]]]}
    pairs = {"polygons": [[[[1.507, 43.043], [1.505, 43.04]]]]}
    assert maps.outer_rings(flat) == [[(1.507, 43.043), (1.505, 43.04), (1.501, 43.042)]]
    assert maps.outer_rings(pairs) == [[(1.507, 43.043), (1.505, 43.04)]]


def test_names_with_apostrophes_keep_the_svg_valid():
    # Provence-Alpes-Côte d'Azur: the title goes into an attribute quoted with '.
    report = {
        "parameters": {"region": "93"},
        "installations": {"by_commune_in_region": {}, "by_department": {"06": 12}},
    }
    root = _parse(maps.installations_map(report, xmlns=True))
    assert "Côte d'Azur" in root.attrib["aria-label"]
    svg = figures.bar_chart([("L'Aiguillon", 1)], "Titre d'essai", xmlns=True)
    assert _parse(svg).attrib["aria-label"] == "Titre d'essai"

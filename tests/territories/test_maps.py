"""SVG maps: valid XML, one shape per commune/department, legend and date."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from cesp.core import geography
from cesp.territories import maps

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_occitanie_zoning_map_has_every_commune_legend_and_date():
    zones = {
        c.code: "ZIP" if c.department == "09" else "ZAC" for c in geography.communes_in_region("76")
    }
    del zones["31555"]
    root = parse(maps.zoning_map("76", zones, "Zonage médecins", "Zonage en vigueur au 01/01/2025"))
    shapes = root.findall(f".//{SVG}path[@data-code]")
    assert len(shapes) == 4446
    by_code = {p.get("data-code"): p for p in shapes}
    assert by_code["09001"].get("fill") == maps.ZONE_COLOURS["ZIP"]
    assert by_code["31555"].get("fill") == maps.NO_DATA
    assert by_code["31555"].get("data-value") == "non classée"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Zonage en vigueur au 01/01/2025" in texts
    assert {"ZIP", "ZAC", "non classée / inconnue"} <= set(texts)
    for path in shapes[:50]:
        assert path.get("d").startswith("M") and path.find(f"{SVG}title") is not None


def test_national_department_map_includes_drom_insets():
    root = parse(
        maps.departments_map({"31": 12, "971": 3, "2A": 1}, "Signataires", "2025", "signataires")
    )
    codes = {p.get("data-code") for p in root.findall(f".//{SVG}path[@data-code]")}
    assert len(codes) == 101 and {"971", "976", "2A", "75"} <= codes
    toulouse = root.find(f".//{SVG}path[@data-code='31']")
    assert toulouse.get("data-value") == "12 signataires"


def test_installations_map_draws_circles_at_communes():
    root = parse(maps.installations_map("76", {"31555": 10, "09122": 1, "99999": 4}))
    circles = root.findall(f".//{SVG}circle")
    assert {c.get("data-code") for c in circles} == {"31555", "09122"}
    big = next(c for c in circles if c.get("data-code") == "31555")
    small = next(c for c in circles if c.get("data-code") == "09122")
    assert float(big.get("r")) > float(small.get("r"))


def test_names_are_escaped():
    root = parse(maps.zoning_map("76", {}, "A & B <test>", "d'après"))
    assert root.find(f"{SVG}title").text == "A & B <test>"


def test_no_commune_geometry_outside_occitanie():
    with pytest.raises(ValueError, match="seule l'Occitanie"):
        maps.zoning_map("84", {}, "t", "s")


def test_centroid_of_a_square():
    square = [[[0, 0, 2000, 0, 2000, 2000, 0, 2000, 0, 0]]]  # thousandths of a degree
    assert maps.centroid(square) == pytest.approx((1, 1))


def test_toulouse_centroid_is_in_toulouse():
    lon, lat = maps.centroid(maps.commune_shapes("76")["31555"]["polygons"])
    assert 1.35 < lon < 1.52 and 43.53 < lat < 43.67

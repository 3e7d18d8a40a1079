"""Zoning files built from the shipped reference geography."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

import pytest

from cesp.core import geography
from cesp.territories import services

OCCITANIE = "76"


def zoning_csv(
    region: str = OCCITANIE,
    overrides: dict[str, str] | None = None,
    drop: set[str] = frozenset(),
    extra_lines: list[str] = (),
    header: str = "insee_com;nom;zonage",
) -> bytes:
    """A CSV zoning of every commune of ``region``: ZIP in 09, ZAR in 31, ZAC elsewhere."""
    overrides = overrides or {}
    lines = [header]
    for commune in geography.communes_in_region(region):
        if commune.code in drop:
            continue
        default = {"09": "1_ZIP", "31": "4_ZAR"}.get(commune.department, "2_ZAC")
        lines.append(f"{commune.code};{commune.name};{overrides.get(commune.code, default)}")
    lines += list(extra_lines)
    return ("\n".join(lines) + "\n").encode("utf-8")


def occitanie_zoning_change(change: dt.date, travel=None) -> None:
    """Two Occitanie zonings: the 2022 one, then from ``change`` the one where 09001 leaves
    the CESP zones (ZAR); each imported on its own day when ``travel(day)`` is given."""
    for valid_from, overrides, act in (
        (dt.date(2022, 5, 4), {}, "Arrêté ARS Occitanie du 4 mai 2022"),
        (change, {"09001": "4_ZAR"}, "Arrêté ARS Occitanie 2025"),
    ):
        with travel(valid_from) if travel else contextlib.nullcontext():
            result = services.import_zoning(
                zoning_csv(overrides=overrides),
                "z.csv",
                region=OCCITANIE,
                profession="medecine",
                valid_from=valid_from,
                act=act,
            )
        assert result.ok, result.report.as_text()


@pytest.fixture
def occitanie_zoning(db):
    """The 2022 doctors' zoning of Occitanie (synthetic classes), open-ended."""
    result = services.import_zoning(
        zoning_csv(),
        "zonage-2022.csv",
        region=OCCITANIE,
        profession="medecine",
        valid_from=dt.date(2022, 5, 4),
        act="Arrêté ARS Occitanie du 4 mai 2022",
    )
    assert result.ok, result.report.as_text()
    return result.versions[0]


def xlsx_bytes(rows: list[list], sheet: str = "Data", title_rows: int = 3) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for index in range(title_rows):
        worksheet.append([f"Titre {index}"])
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Fixtures of the selection tests: a frozen day, files that open and files that lie."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from PIL import Image
from pypdf import PdfWriter

TODAY = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_today():
    """Today is 20 November 2026: the 2026-2027 campaign is open to filing."""
    with time_machine.travel(TODAY, tick=False):
        yield


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def pdf() -> bytes:
    return pdf_bytes()


@pytest.fixture
def png() -> bytes:
    return png_bytes()

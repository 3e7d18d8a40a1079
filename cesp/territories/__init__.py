"""Territories: zonings, places, professional projects, aids and maps (floor 4)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Files shipped with the territories app: geometry and the demo zoning (``data/README.md``)."""

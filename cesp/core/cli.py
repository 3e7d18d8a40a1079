"""Command-line kit shared by the ``cesp`` sub-commands: a parser with French messages
and exit code 2, and a strict ISO date type."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from cesp.rules.situation import ISO_DATE


def setup_django(settings: str = "cesp.settings.dev") -> None:
    """Configure Django for commands that read or write the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


class FrenchArgumentParser(argparse.ArgumentParser):
    """A parser whose errors print the usage and a French message, then exit 2 (no traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog} : {message}", file=sys.stderr)
        raise SystemExit(2)


def iso_date(text: str) -> date:
    """An ``AAAA-MM-JJ`` date that exists; anything else is refused with the value named."""
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (attendu AAAA-MM-JJ)") from None

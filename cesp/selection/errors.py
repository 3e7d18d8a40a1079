"""The refusal of a selection use case."""

from __future__ import annotations

from collections.abc import Iterable


class Refused(Exception):
    """A use case refused; ``reasons`` are French sentences citing their text."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))

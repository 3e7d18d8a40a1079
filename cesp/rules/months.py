"""The one month type of the project.

Every count of months (allocation, engagement, suspensions, delays) goes through
``Month``: never ad-hoc arithmetic on dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month, e.g. ``Month(2024, 11)`` for November 2024."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"mois invalide : {self.month} (attendu 1 à 12)")

    @classmethod
    def of(cls, day: date) -> Month:
        """The month that contains ``day``."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``YYYY-MM``."""
        year, _, month = text.partition("-")
        return cls(int(year), int(month))

    @property
    def index(self) -> int:
        """Months since year 0: differences of indexes count months."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def __sub__(self, other: int | Month) -> Month | int:  # type: ignore[override]
        if isinstance(other, Month):
            return self.index - other.index
        return Month.from_index(self.index - other)

    def months_until(self, other: Month) -> int:
        """Number of months from ``self`` (included) to ``other`` (excluded)."""
        return other.index - self.index

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_range(first: Month, last: Month) -> Iterator[Month]:
    """Every month from ``first`` through ``last``, both included."""
    for index in range(first.index, last.index + 1):
        yield Month.from_index(index)


def first_of_next_month(day: date) -> date:
    """The first day of the month after the one containing ``day``."""
    return (Month.of(day) + 1).first_day()


def next_first_of_month(day: date) -> date:
    """``day`` itself when it is a first of month, else the first of the next month."""
    return day if day.day == 1 else first_of_next_month(day)


def whole_months_between(start: date, end: date) -> int:
    """Whole months elapsed from ``start`` to ``end`` (2024-01-15 → 2024-03-14 is 1).

    interfaces.md §2: delays count whole months from the first date to the second.
    Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + end.month - start.month
    if _day_in_month(end) < _day_in_month_clamped(start, end):
        months -= 1
    return months


def _day_in_month(day: date) -> int:
    return day.day


def _day_in_month_clamped(start: date, end: date) -> int:
    """Day of ``start`` clamped to the length of ``end``'s month (31 Jan → 28 Feb)."""
    return min(start.day, calendar.monthrange(end.year, end.month)[1])


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)

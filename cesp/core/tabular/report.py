"""One report of issues for every import: where (line, column) and what, in French."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"
    INFO = "information"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem of a file. Line 1 is the first line (a header, usually); ``None`` or 0
    is the whole file. ``value`` is the cell shown back; ``reason`` a stable key for
    counting (e.g. ``bad_date``), never shown."""

    line: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR
    value: str = ""
    reason: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def where(self) -> str:
        parts = []
        if self.line:
            parts.append(f"ligne {self.line}")
        if self.column:
            parts.append(f"colonne « {self.column} »")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        shown = f" (valeur « {self.value} »)" if self.value else ""
        return f"{where} : {self.message}{shown}" if where else f"{self.message}{shown}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": str(self.severity),
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class Report:
    """The issues of one file, in the order found."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> Issue:
        self.issues.append(issue)
        return issue

    def error(self, line: int | None, column: str | None, message: str, **extra: str) -> Issue:
        return self.add(Issue(line, column, message, Severity.ERROR, **extra))

    def warning(self, line: int | None, column: str | None, message: str, **extra: str) -> Issue:
        return self.add(Issue(line, column, message, Severity.WARNING, **extra))

    def info(self, line: int | None, column: str | None, message: str, **extra: str) -> Issue:
        return self.add(Issue(line, column, message, Severity.INFO, **extra))

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def notices(self) -> list[Issue]:
        """Warnings and information: what was changed or left aside, said."""
        return [issue for issue in self.issues if not issue.is_error]

    @property
    def ok(self) -> bool:
        return not any(issue.is_error for issue in self.issues)

    def lines(self) -> list[str]:
        """One French line per issue, its severity first."""
        return [f"[{issue.severity}] {issue}" for issue in self.issues]


def text_problem(value: str, max_length: int | None) -> str | None:
    """Why a text cannot be stored as is (NUL byte, over a column's length), else None."""
    if "\x00" in value:
        return "caractère nul (\\0) interdit."
    if max_length is not None and len(value) > max_length:
        return f"{len(value)} caractères : {max_length} au plus."
    return None

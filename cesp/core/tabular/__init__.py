"""Tabular input: one reader for CSV, XLSX and their ``.gz``, with limits, and one report
of issues (line, column, French message). Pure Python, no models.

- ``reader.read_table(data, filename)`` -> ``Table`` of ``Row(line, cells)``, or raises
  ``TabularError`` (a located French message, never a traceback) for a file it cannot
  read: over a limit, not UTF-8, a truncated archive, a corrupt workbook, a NUL byte.
- ``report.Report`` collects ``Issue`` s; every import fills one and writes nothing
  while it holds an error.
- ``limits.Limits`` bounds bytes, decompressed bytes and rows (settings
  ``CESP_TABULAR_MAX_BYTES``, ``CESP_TABULAR_MAX_DECOMPRESSED_BYTES``,
  ``CESP_TABULAR_MAX_ROWS``).
"""

from .limits import Limits
from .reader import Row, Table, TabularError, read_file, read_table, read_text
from .report import Issue, Report, Severity, text_problem

__all__ = [
    "Issue",
    "Limits",
    "Report",
    "Row",
    "Severity",
    "Table",
    "TabularError",
    "read_file",
    "read_table",
    "read_text",
    "text_problem",
]

"""One reader for CSV (UTF-8, with or without BOM; ``,`` ``;`` or tab sniffed), XLSX
(openpyxl, read-only) and the ``.gz`` of either, within ``Limits``.

Whatever the bytes, it returns a ``Table`` or raises ``TabularError`` whose ``issue``
says in French what is wrong and where, and states the limit when one is passed.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from os import PathLike
from pathlib import PurePath

from .limits import Limits, count_fr, size_fr, too_big
from .report import Issue

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
EXPECTED = "attendu : .csv ou .xlsx, éventuellement compressé en .gz"


class TabularError(Exception):
    """The file cannot be read; ``issue`` is the French, located reason."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None):
        self.issue = Issue(line, column, message)
        super().__init__(str(self.issue))


@dataclass(frozen=True, slots=True)
class Row:
    """One record: the line it starts on (1 = first line) and its cells, as text."""

    line: int
    cells: list[str]

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    kind: str = "csv"  # "csv" | "xlsx"
    delimiter: str = ","
    compressed: bool = False


def read_table(
    data: bytes,
    filename: str = "",
    *,
    sheet: str | None = None,
    limits: Limits | None = None,
    fallback_encoding: str | None = None,
) -> Table:
    """Read a CSV or XLSX file (or its .gz); the format comes from the name, else the bytes.

    ``fallback_encoding`` (e.g. ``cp1252`` for official exports) is tried when the bytes
    are not UTF-8; without it such a file is refused.
    """
    limits = limits or Limits.from_settings()
    if refusal := too_big(len(data), limits):
        raise TabularError(refusal)
    suffixes = [s.lower() for s in PurePath(filename or "").suffixes]
    suffix = suffixes[-1] if suffixes else ""
    compressed = suffix == ".gz" or (not suffix and data[:2] == b"\x1f\x8b")
    if compressed:
        data = _gunzip(data, limits.max_decompressed_bytes)
        suffix = suffixes[-2] if suffix == ".gz" and len(suffixes) > 1 else ""
    if not suffix:
        suffix = ".xlsx" if data[:4] == b"PK\x03\x04" else ".csv"
    if suffix in XLSX_SUFFIXES:
        table = _read_xlsx(data, sheet, limits)
    elif suffix in CSV_SUFFIXES:
        if len(data) > limits.max_decompressed_bytes:
            raise TabularError(
                f"fichier trop volumineux une fois décompressé : plus de "
                f"{size_fr(limits.max_decompressed_bytes)} (limite)."
            )
        table = read_text(_decode(data, fallback_encoding), limits=limits)
    else:
        raise TabularError(f"format non pris en charge « {suffix} » ({EXPECTED}).")
    table.compressed = compressed
    return table


def read_file(path: str | PathLike[str], limits: Limits | None = None) -> bytes:
    """The bytes of a file, refused by its size before it is read when over the limit."""
    limits = limits or Limits.from_settings()
    if refusal := too_big(os.stat(path).st_size, limits):
        raise TabularError(refusal)
    with open(path, "rb") as handle:
        return handle.read(limits.max_bytes + 1)


def read_text(text: str, *, limits: Limits | None = None, delimiter: str | None = None) -> Table:
    """Read CSV text already decoded (the delimiter is sniffed from the first line)."""
    limits = limits or Limits.from_settings()
    if len(text) > limits.max_decompressed_bytes:
        raise TabularError(
            f"fichier trop volumineux : plus de {size_fr(limits.max_decompressed_bytes)} "
            "de texte (limite)."
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise TabularError("le fichier est vide : la ligne d'en-tête manque.", line=1)
    _refuse_stray_controls(text)
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise TabularError(f"CSV mal formé : {_csv_error_fr(error)}.", line=start) from None
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(limits)
        rows.append(Row(start, cells))
        start = reader.line_num + 1
    return Table(rows=rows, kind="csv", delimiter=delimiter)


def sniff_delimiter(text: str) -> str:
    """``;``, tab or ``,``: whichever the first line holds most of (``,`` on a tie)."""
    first = text.split("\n", 1)[0]
    counts = {",": first.count(","), ";": first.count(";"), "\t": first.count("\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _refuse_stray_controls(text: str) -> None:
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        raise TabularError(
            "caractère nul (\\0) : le fichier est endommagé ou n'est pas un CSV texte.",
            line=line,
        )
    stray = text.replace("\r\n", "\n").find("\r")
    if stray >= 0:
        line = text.replace("\r\n", "\n").count("\n", 0, stray) + 1
        raise TabularError(
            "retour chariot isolé (\\r) : enregistrez le fichier en « CSV UTF-8 ».", line=line
        )


def _csv_error_fr(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"cellule de plus de {count_fr(csv.field_size_limit())} caractères"
    if "unexpected end of data" in text:
        return "guillemet non refermé avant la fin du fichier"
    if "expected" in text and "after" in text:
        return "guillemet mal placé dans une cellule"
    return "ligne illisible"


def _decode(data: bytes, fallback: str | None) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TabularError("le fichier est en UTF-16 : enregistrez-le en « CSV UTF-8 ».")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if fallback:
            try:
                return data.decode(fallback)
            except UnicodeDecodeError:
                pass
        line = data.count(b"\n", 0, error.start) + 1
        raise TabularError(
            f"le fichier n'est pas en UTF-8 (octet {error.start + 1} illisible) : "
            "enregistrez-le en « CSV UTF-8 ».",
            line=line,
        ) from None


def _gunzip(data: bytes, limit: int) -> bytes:
    """Every member of a gzip stream, refusing past ``limit`` bytes or a truncated end."""
    out = bytearray()
    rest = data
    try:
        while True:
            stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += stream.decompress(rest, limit + 1 - len(out))
            if len(out) > limit or stream.unconsumed_tail:
                raise TabularError(
                    f"archive trop volumineuse une fois décompressée : plus de "
                    f"{size_fr(limit)} (limite)."
                )
            if not stream.eof:
                raise TabularError(
                    "archive .gz tronquée : le fichier s'arrête avant la fin ; "
                    "envoyez-le à nouveau."
                )
            rest = stream.unused_data
            if not rest.strip(b"\x00"):
                return bytes(out)
    except zlib.error:
        raise TabularError(
            "archive .gz illisible : ce n'est pas un fichier gzip, ou il est endommagé."
        ) from None


def _read_xlsx(data: bytes, sheet: str | None, limits: Limits) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise TabularError(
            "classeur XLSX illisible : le fichier est tronqué ou endommagé "
            "(enregistrez-le à nouveau au format .xlsx)."
        ) from None
    if unpacked > limits.max_decompressed_bytes:
        raise TabularError(
            f"classeur trop volumineux une fois décompressé : {size_fr(unpacked)}, la limite "
            f"est de {size_fr(limits.max_decompressed_bytes)}."
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any corruption inside the archive: say so, never crash
        raise TabularError(
            "classeur XLSX illisible : une partie du fichier est endommagée "
            "(enregistrez-le à nouveau au format .xlsx)."
        ) from None
    try:
        if sheet and sheet not in workbook.sheetnames:
            names = ", ".join(f"« {name} »" for name in workbook.sheetnames)
            raise TabularError(f"la feuille « {sheet} » n'existe pas dans le classeur ({names}).")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows: list[Row] = []
        try:
            for line, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if len(rows) >= limits.max_rows:
                    raise _too_many_rows(limits)
                rows.append(Row(line, [_cell_text(value) for value in values]))
        except TabularError:
            raise
        except Exception:
            raise TabularError(
                "classeur XLSX illisible : une feuille est endommagée "
                "(enregistrez-le à nouveau au format .xlsx).",
                line=len(rows) + 1,
            ) from None
    finally:
        workbook.close()
    if not any(not row.blank for row in rows):
        raise TabularError("la feuille est vide : la ligne d'en-tête manque.", line=1)
    return Table(rows=rows, kind="xlsx")


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold (dates in ISO, integers without .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _too_many_rows(limits: Limits) -> TabularError:
    return TabularError(f"fichier trop long : plus de {count_fr(limits.max_rows)} lignes (limite).")

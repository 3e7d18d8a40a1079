"""How much a tabular upload may hold; each limit is stated in the refusal."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB  # the file as received (compressed or not)
    max_decompressed_bytes: int = 100 * MB  # after gunzip, or the parts of an XLSX
    max_rows: int = 200_000  # records, the header included

    @classmethod
    def from_settings(cls) -> Limits:
        """The limits set in Django's settings, else the defaults (also without Django)."""
        try:
            from django.conf import settings

            configured = settings.configured
        except ImportError:  # pragma: no cover - Django is a dependency
            configured = False
        if not configured:
            return cls()
        default = cls()
        return cls(
            max_bytes=getattr(settings, "CESP_TABULAR_MAX_BYTES", default.max_bytes),
            max_decompressed_bytes=getattr(
                settings, "CESP_TABULAR_MAX_DECOMPRESSED_BYTES", default.max_decompressed_bytes
            ),
            max_rows=getattr(settings, "CESP_TABULAR_MAX_ROWS", default.max_rows),
        )


def too_big(size: int, limits: Limits) -> str | None:
    """The French refusal of a file of ``size`` bytes, or None when it is within limits."""
    if size <= limits.max_bytes:
        return None
    return (
        f"fichier trop volumineux : {size_fr(size)}, la limite est de {size_fr(limits.max_bytes)}."
    )


def size_fr(n: int) -> str:
    """A size in French: « 50 Mo », « 1,5 Ko », « 800 octets »."""
    for unit, factor in (("Go", 1024**3), ("Mo", MB), ("Ko", 1024)):
        if n >= factor:
            value = n / factor
            text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
            return f"{text} {unit}"
    return f"{n} octet{'s' if n > 1 else ''}"


def count_fr(n: int) -> str:
    """An integer with French digit groups: « 200 000 »."""
    return f"{n:,}".replace(",", "\u202f")

"""How much an import may read: records, bytes, unpacked bytes (XLSX) and seconds (GeoPackage).

The limits are settings (:class:`veekompas.settings.Settings`); each format checks them while it
reads, so a file past a limit is refused before it is loaded, with one line that names the
limit and its setting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from veekompas.errors import InputError
from veekompas.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class ImportLimits:
    max_records: int = 100_000
    max_bytes: int = 20 * 1024 * 1024
    max_unpacked_bytes: int = 256 * 1024 * 1024
    gpkg_seconds: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ImportLimits:
        s = settings or Settings()
        return cls(
            max_records=s.import_max_records,
            max_bytes=s.import_max_bytes,
            max_unpacked_bytes=s.import_max_unpacked_bytes,
            gpkg_seconds=s.gpkg_read_seconds,
        )


def resolved(bounds: ImportLimits | None) -> ImportLimits:
    return bounds if bounds is not None else ImportLimits.from_settings()


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def too_many_records(limit: int) -> InputError:
    return InputError(
        "FILE",
        f"more than {limit} records (farm, housing, animal and crop rows); at most {limit} are "
        "imported at once (setting VEEKOMPAS_IMPORT_MAX_RECORDS): split the file, e.g. per "
        "gemeente",
    )


def check_size(size: int, lim: ImportLimits) -> None:
    """Refuse a file larger than the import's byte limit."""
    if size > lim.max_bytes:
        raise InputError(
            "FILE",
            f"{megabytes(size)} is larger than the {megabytes(lim.max_bytes)} an import may be "
            "(setting VEEKOMPAS_IMPORT_MAX_BYTES): split the file, e.g. per gemeente",
        )


def counted(records: Iterable[T], limit: int) -> Iterator[T]:
    """``records`` as they are read; the one past ``limit`` stops the reading at once."""
    for number, record in enumerate(records, start=1):
        if number > limit:
            raise too_many_records(limit)
        yield record


# The farm list's CSV/XLSX export (/bedrijven.csv, /bedrijven.xlsx) holds at most this many
# farms: a larger selection is refused with one line asking to filter further.
LIST_EXPORT_MAX_FARMS = 10_000

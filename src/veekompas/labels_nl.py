"""Dutch labels of the registry's coded values (sector, voornemen, opvolger), one set for the
pages, the exports and the CLI."""

from __future__ import annotations

SECTOR_LABELS = {
    "vleeskalveren": "Vleeskalveren",
    "melkvee": "Melkvee",
    "varkens": "Varkens",
    "pluimvee": "Pluimvee",
    "overig": "Overig",
}
INTENT_LABELS = {"stopper": "Stopper", "blijver": "Blijver", "onbekend": "Onbekend"}
SUCCESSOR_LABELS = {"ja": "Ja", "nee": "Nee", "onbekend": "Onbekend"}

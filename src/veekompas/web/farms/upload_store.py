"""Uploads kept between the two steps of an import (check, then confirm).

An upload is written to a private temporary directory under a random token (32 bytes from
``secrets``) with a small JSON note of its owner, format and file name. Only the owner can use
it, it expires after :data:`UPLOAD_TTL_S` seconds, it is deleted once imported, and expired ones
are removed at every new upload. The token is checked against a strict pattern before it is
used in a path."""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

UPLOAD_TTL_S = 30 * 60
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True)
class Upload:
    token: str
    owner: str
    fmt: str
    filename: str
    data: bytes
    created: float


def upload_dir() -> Path:
    path = Path(tempfile.gettempdir()) / f"veekompas-uploads-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _purge(directory: Path, now: float) -> None:
    for note in directory.glob("*.json"):
        try:
            if now - note.stat().st_mtime > UPLOAD_TTL_S:
                note.with_suffix(".bin").unlink(missing_ok=True)
                note.unlink(missing_ok=True)
        except OSError:
            continue


def save(owner: str, fmt: str, filename: str, data: bytes) -> str:
    """Keep ``data`` for ``owner``; returns the token that names it."""
    directory = upload_dir()
    now = time.time()
    _purge(directory, now)
    token = secrets.token_urlsafe(32)
    (directory / f"{token}.bin").write_bytes(data)
    note = {"owner": owner, "fmt": fmt, "filename": filename, "created": now}
    (directory / f"{token}.json").write_text(json.dumps(note))
    return token


def load(token: str, owner: str) -> Upload | None:
    """The upload of ``token`` if it belongs to ``owner`` and has not expired; else None."""
    if not TOKEN_RE.match(token):
        return None
    directory = upload_dir()
    try:
        note = json.loads((directory / f"{token}.json").read_text())
        data = (directory / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None
    if note.get("owner") != owner or time.time() - note["created"] > UPLOAD_TTL_S:
        return None
    return Upload(token, owner, note["fmt"], note["filename"], data, note["created"])


def discard(token: str) -> None:
    if TOKEN_RE.match(token):
        directory = upload_dir()
        (directory / f"{token}.bin").unlink(missing_ok=True)
        (directory / f"{token}.json").unlink(missing_ok=True)

"""The one file store: the bytes of attached files under a workspace folder, written atomically and read
back checked against their recorded SHA-256.

Two layouts, both kept as existing workspaces have them:

- :class:`ContentStore` (application materials): ``<root>/materials/<sha[:2]>/<sha256>``; the same file
  handed in twice is stored once;
- :class:`FolderStore` with a folder per owner (evidence): ``<root>/evidence/<sheet id>/<sha[:16]><ext>``.

A reader never sees half a file (temp file in the same folder, fsync, rename). An ``OSError`` while writing
or reading becomes a domain error worded for people (``files.<what>_…`` in the message catalogue); the OS
error stays chained for the log.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path, PurePosixPath

from ..errors import InvalidState
from .messages import refusal

#: The domain error of a file that cannot be written or read back (a policy choice: the operation cannot go
#: on in the state the server's disk is in).
FAILED = InvalidState
_SHA256 = re.compile(r"[0-9a-f]{64}")


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that ``path`` holds either nothing (or its old content) or all of it:
    a temporary file in the same folder, flushed to disk, then renamed over ``path``. On any failure the
    temporary file is removed and the ``OSError`` raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a system that cannot open a folder skips it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class FolderStore:
    """Files under ``<root>/<folder>``. ``what`` ("evidence" or "material") words the errors."""

    def __init__(self, root: Path, folder: str, what: str):
        self.root = Path(root) / folder
        self.what = what

    def path(self, relative: str | PurePosixPath) -> Path:
        rel = PurePosixPath(relative)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ValueError(f"not a path inside the store: {relative!s}")
        return self.root.joinpath(*rel.parts)

    def write(self, relative: str | PurePosixPath, content: bytes, name: str = "") -> Path:
        """Keep ``content`` at ``relative`` (atomic). A file already there is kept as it is: names carry the
        content's hash, so it holds the same bytes."""
        target = self.path(relative)
        try:
            if not target.is_file():
                write_atomic(target, content)
        except OSError as exc:
            raise refusal(f"{self.what}_not_saved", FAILED, name=name or target.name) from exc
        return target

    def read(self, relative: str | PurePosixPath, name: str = "", sha256: str | None = None) -> bytes:
        """The bytes at ``relative``; a missing or unreadable file, or one whose SHA-256 is not ``sha256``,
        is a domain error naming ``name``."""
        label = name or PurePosixPath(relative).name
        try:
            data = self.path(relative).read_bytes()
        except FileNotFoundError:
            raise refusal(f"{self.what}_missing", FAILED, name=label) from None
        except OSError as exc:
            raise refusal(f"{self.what}_unreadable", FAILED, name=label) from exc
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise refusal(f"{self.what}_altered", FAILED, name=label)
        return data


class ContentStore(FolderStore):
    """Content-addressed: ``<root>/<folder>/<sha[:2]>/<sha256>``; a file changed on disk no longer matches
    its name and is refused when read."""

    def path(self, sha256: str) -> Path:   # type: ignore[override]  (the layout is the content's hash)
        if not _SHA256.fullmatch(str(sha256)):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, sha256: str, content: bytes, name: str = "") -> Path:
        if hashlib.sha256(content).hexdigest() != sha256:
            raise ValueError(f"the content's SHA-256 is not {sha256}")
        return self.write(sha256, content, name)

    def get(self, sha256: str, filename: str = "") -> bytes:
        return self.read(sha256, filename, sha256)

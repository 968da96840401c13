"""Compiled-MIB cache: marshal files in the user's cache directory.

Two kinds of entries, both validated on read and rebuilt when anything is off
(wrong version, key mismatch, truncated or corrupt data):

- per folder of MIB files: each file's parsed module ASTs, by its path, size and mtime;
- per load (search path files + module selection): the resolved store records, so
  a warm start does no parsing or resolving at all.

Every entry starts with a magic line and the SHA-256 of the rest, checked before
the payload is unmarshalled: a changed byte is caught before it can become a wrong
name or a failure later. A damaged entry is reported once (``MibCache.notices``, one
line each) and the caller rebuilds it from the MIB files. An entry that is a
symbolic link, a device or anything but a regular file is never read (it is
reported too, and replaced by the rebuilt entry, never followed).

Writes go to a temporary file in the same directory and are renamed into place
(``os.replace``), so concurrent writers and crashes never leave a partial entry.
Cache problems never fail a load: the cache is then simply not used.

Entries of edited MIB files, other module selections and older cache formats
would pile up: a load that wrote entries prunes the directory to
``CACHE_SIZE_LIMIT``, least recently used first (a read refreshes an entry's
modification time), along with temporary files a crash left behind.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from core.mib.builtin import BUILTIN_SOURCE

__all__ = ["CACHE_FORMAT", "CACHE_SIZE_LIMIT", "default_cache_dir", "MibCache"]

# Bump when the parser, resolver or record layout changes meaning.
CACHE_FORMAT = "snmptui-mib-8-" + hashlib.sha1(BUILTIN_SOURCE.encode()).hexdigest()[:12]


# The whole corpus under ../shared/mibs compiles to ~50 MB: room for a few generations.
CACHE_SIZE_LIMIT = 200 * 2**20
# A temporary file older than this was left by a writer that died.
_STALE_TEMP_SECONDS = 3600
_MAGIC = b"snmptui-mib-cache\n"
_DIGEST_SIZE = hashlib.sha256().digest_size
# Never read more than this from one entry (the whole corpus's store is ~10 MB).
_MAX_ENTRY = 1 << 30


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "snmptui" / "mib"


class MibCache:
    """Read and write cache entries; ``enabled=False`` makes every call a no-op."""

    def __init__(
        self, directory: Path | None = None, enabled: bool = True, size_limit: int | None = None
    ) -> None:
        self.directory = directory if directory is not None else default_cache_dir()
        self.enabled = enabled
        self.size_limit = CACHE_SIZE_LIMIT if size_limit is None else size_limit
        self.written = 0
        self.notices: list[str] = []

    def _path(self, kind: str, key: Any) -> Path:
        digest = hashlib.sha1(repr((kind, key)).encode("utf-8", "surrogateescape")).hexdigest()
        return self.directory / f"{kind}-{digest}.marshal"

    def get(self, kind: str, key: Any) -> Any:
        """The payload stored for ``key``, or None when absent or not trustworthy
        (damaged entries add a line to ``notices``)."""
        if not self.enabled:
            return None
        path = self._path(kind, key)
        data = self._read(path)
        if data is None:
            return None
        # A view, not a copy: the whole corpus's store entry is ~12 MB.
        body = memoryview(data)[len(_MAGIC) + _DIGEST_SIZE:]
        if data[:len(_MAGIC)] != _MAGIC:
            return None  # an older cache format: rebuilt quietly
        if hashlib.sha256(body).digest() != data[len(_MAGIC):len(_MAGIC) + _DIGEST_SIZE]:
            self.damaged(path, "its checksum does not match")
            return None
        try:
            stamp, stored_key, payload = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            self.damaged(path, "it cannot be decoded")
            return None
        if stamp != CACHE_FORMAT or stored_key != key:
            return None
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return payload

    def damaged(self, path: Path, why: str) -> None:
        """Note that the entry at ``path`` is not usable and is being rebuilt."""
        self.notices.append(f"MIB cache entry {path} ignored ({why}); rebuilt from the MIB files")

    def _read(self, path: Path) -> bytes | None:
        """An entry's bytes, never through a symlink or from anything but a regular file."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            return None
        except OSError:
            if path.is_symlink():
                self.damaged(path, "it is a symbolic link")
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                self.damaged(path, "it is not a regular file")
                return None
            if info.st_size > _MAX_ENTRY:
                self.damaged(path, "it is too large")
                return None
            with os.fdopen(fd, "rb") as handle:
                fd = -1
                return handle.read(_MAX_ENTRY + 1)
        except OSError:
            return None
        finally:
            if fd >= 0:
                os.close(fd)

    def put(self, kind: str, key: Any, payload: Any, *, references: bool = True) -> None:
        """Store ``payload`` for ``key``. ``references``: an object met twice is written
        once (marshal's format 3 on): smaller and quicker to read back, but slower to
        write; without them (format 2) ~40% less time writing parsed modules' many
        small objects, ~25% more reading them back."""
        if not self.enabled:
            return
        try:
            body = marshal.dumps((CACHE_FORMAT, key, payload), marshal.version if references else 2)
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_MAGIC + hashlib.sha256(body).digest())
                    handle.write(body)
                os.replace(temp, self._path(kind, key))
                self.written += 1
            except BaseException:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
                raise
        except (OSError, ValueError):
            return

    def prune(self) -> int:
        """Delete least recently used entries until the directory is within the
        size limit, and stale temporary files; return how many files went."""
        if not self.enabled:
            return 0
        entries: list[tuple[float, int, Path]] = []
        removed = 0
        now = time.time()
        try:
            with os.scandir(self.directory) as scan:
                for item in scan:
                    if not item.is_file(follow_symlinks=False):
                        continue
                    info = item.stat(follow_symlinks=False)
                    if item.name.startswith(".tmp-"):
                        if now - info.st_mtime > _STALE_TEMP_SECONDS:
                            removed += _unlink(Path(item.path))
                    elif item.name.endswith(".marshal"):
                        entries.append((info.st_mtime, info.st_size, Path(item.path)))
        except OSError:
            return removed
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.size_limit:
                break
            removed += _unlink(path)
            total -= size
        return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1

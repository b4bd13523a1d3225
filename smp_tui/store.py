"""The store: the only module that touches smp's files.

Layout of a store folder (created 0700, files 0600):

    team-<slug>-<hash>/                      one folder per team
        session-<created>-<uuid>.json        one TinyDB file per session
        .session-<...>.json.lock             that session's cross-process lock (names its holder)
        index.json, .index.json.lock         what a list shows of each session (a cache; see listing)
        .session-<...>.json.<random>.tmp     a write in progress (or left by a killed one)
    backups/team-<slug>-<hash>/session-<...>/<stamp>.json   the last few good versions of it
    (stores made before 2026-11-30 also have backups/team-<slug>-<hash>/session-<...>.json.<stamp>,
    still read by restore and removed with their session)

Stock TinyDB is unsafe with several processes and sudden kills; see SafeJSONStorage
and Store for what is done instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import operator
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import unicodedata
import uuid
import warnings
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple, cast

from pydantic import TypeAdapter, ValidationError
from tinydb import Query, TinyDB
from tinydb.storages import Storage

from smp_tui.models import SCHEMA_VERSION, Session, describe_errors

SESSIONS_TABLE = "sessions"
META_TABLE = "meta"
TEAM_PREFIX = "team-"
SESSION_PREFIX = "session-"
SESSION_FILE_GLOB_IN_TEAM = "session-*.json"
CREATED_FORMAT = "%Y%m%dT%H%M%S%fZ"
SESSION_FILE_GLOB = f"{TEAM_PREFIX}*/{SESSION_FILE_GLOB_IN_TEAM}"
TMP_SUFFIX = ".tmp"
IMPORT_PREFIX = ".import-"  # a staging folder of an import in progress (or left by a killed one)
IMPORT_LEFTOVER_SECONDS = 3600  # an import takes seconds: a staging folder this old was left by a killed one
BACKUP_DIR = "backups"
BACKUPS_KEPT = 5
LOCK_TIMEOUT_SECONDS = 30.0


class StoreError(Exception):
    """A store fault, with the file it concerns and a sentence about what is wrong."""

    def __init__(self, path: Path | str, fault: str) -> None:
        self.path = Path(path)
        self.fault = fault
        super().__init__(f"{self.path}: {fault}")


class SessionNotFound(StoreError, KeyError):
    def __init__(self, folder: Path, session_id: str) -> None:
        super().__init__(folder, f"no session with id {session_id!r} in this store")
        self.session_id = session_id

    def __str__(self) -> str:  # KeyError would quote the message
        return StoreError.__str__(self)


# --- SafeJSONStorage ----------------------------------------------------------------


# The data of a file written whole (and its size) is on disk after fdatasync, which
# skips the timestamps fsync also writes; platforms without it use fsync.
_sync_data = getattr(os, "fdatasync", os.fsync)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a folder; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(path: Path, payload: bytes, sync_folder: bool = True) -> None:
    """Write `payload` to a temporary file beside `path`, sync it, rename it over `path`,
    then fsync the folder (unless the caller does that later: see Store._transaction).
    Readers see the old file or the new one, never a mixture."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            _sync_data(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    if sync_folder:
        _fsync_folder(folder)


class SafeJSONStorage(Storage):
    """A drop-in for tinydb's JSONStorage that never leaves a half-written file.

    Same file format and keyword arguments (json.dumps options such as `indent` and
    `sort_keys`, `create_dirs`, `encoding`, `access_mode` including read-only "r"/"rb").
    Differences, all deliberate:
    - a write goes to a temporary file in the same folder, is fsynced and renamed over
      the old file, and the folder is fsynced;
    - the file is read by path each time, never through a handle kept open, so a file
      replaced by another process is seen;
    - a missing file is not created empty on open: it reads as an empty database, is
      created whole by the first write, and `close()` leaves an empty database (`{}`,
      valid JSON) if nothing was written — never a file of 0 bytes.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self._path = Path(path)
        self._mode = access_mode
        self._encoding = encoding
        self.kwargs = kwargs
        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' can cause data "
                "loss or corruption", stacklevel=2
            )
        writable = any(character in access_mode for character in ("+", "w", "a"))
        if writable:
            if create_dirs and self._path.parent != Path(""):
                self._path.parent.mkdir(parents=True, exist_ok=True)
            if not self._path.parent.is_dir():
                raise FileNotFoundError(2, "No such file or directory", str(self._path))
        elif not self._path.exists():
            # JSONStorage opens the file here and fails the same way.
            open(self._path, "rb").close()

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw:
            return None
        return self.parse(raw)

    def parse(self, raw: bytes) -> dict[str, dict[str, Any]]:
        if "b" in self._mode:
            return json.loads(raw)
        return json.loads(raw.decode(self._encoding or "utf-8"))

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not any(character in self._mode for character in ("+", "w", "a")):
            raise IOError('Cannot write to the database. Access mode is "{0}"'.format(self._mode))
        serialized = json.dumps(data, **self.kwargs)
        write_atomically(self._path, serialized.encode(self._encoding or "utf-8"))

    def close(self) -> None:
        """No handle is kept open; a writable storage whose file was never written leaves
        a valid empty database there (as JSONStorage leaves a file), without replacing a
        file another process made meanwhile."""
        if any(character in self._mode for character in ("+", "w", "a")) and not self._path.exists():
            _create_whole(self._path, json.dumps({}, **self.kwargs).encode(self._encoding or "utf-8"))


def _create_whole(path: Path, payload: bytes) -> None:
    """Create `path` holding `payload` at once, unless it exists by then."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp_name, path)  # unlike a rename, fails rather than replace
        except FileExistsError:
            return
    finally:
        os.unlink(tmp_name)
    _fsync_folder(path.parent)


# --- locks ------------------------------------------------------------------------------
#
# One lock file per file written under it: `.<name>.lock` beside `<name>`. A lock is an
# flock(2) on that file, so the kernel drops it when its process ends, however it ends;
# while held, the file names its holder (pid, host, since when, program) so that a
# process kept waiting can say who holds it. The holder empties the file when it lets go:
# a lock file still naming a holder when it is taken was left by a process that was
# killed while writing, and its temporary files are removed before anything else.

LOCK_SUFFIX = ".lock"
WAIT_NOTICE_SECONDS = 1.0  # after this long waiting for a lock, `on_wait` is told why
LockWait = Callable[[Path, str], None]


def lock_path_of(path: Path) -> Path:
    """The lock that guards writes to `path`."""
    return path.with_name(f".{path.name}{LOCK_SUFFIX}")


def _holder_record() -> bytes:
    since = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since,
                       "program": program}).encode("utf-8")


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def describe_holder(lock: Path) -> str:
    """Who holds a lock, in words, from what its holder wrote into it."""
    try:
        holder = json.loads(lock.read_bytes() or b"null")
        pid, host, since, program = holder["pid"], holder["host"], holder["since"], holder["program"]
    except (OSError, ValueError, TypeError, KeyError):
        return "another process (it has not said which)"
    who = f"process {pid} ({program}) on {host}, holding it since {since}"
    if host == socket.gethostname() and not _process_exists(int(pid)):
        who += "; that process has ended, so a process it started holds the lock"
    return who


def _files_named(folder: Path, start: str, end: str = "") -> list[Path]:
    """Files in `folder` whose names start and end so, sorted by name ([] if no folder).
    Not glob: a pattern made from a file's name is compiled anew on every save."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    if end:
        names = _names_ending(names, end)
    return [folder / name for name in sorted(names)
            if name.startswith(start) and name.endswith(end) and len(name) >= len(start) + len(end)]


def _names_ending(names: list[str], end: str) -> list[str]:
    """The names that end with `end`, found by searching them joined, in C: a save looks
    for its session's id in a team folder of thousands of names, one or two of which have it."""
    joined = "/".join(names) + "/"  # no file name holds a "/"
    found, at = [], joined.find(end + "/")
    while at != -1:
        found.append(joined[joined.rfind("/", 0, at) + 1:at + len(end)])
        at = joined.find(end + "/", at + 1)
    return found


def _remove_leftovers_of(path: Path) -> list[Path]:
    """Temporary files of writes to `path` (call with its lock held: none is in progress)."""
    removed = []
    for tmp in _files_named(path.parent, f".{path.name}.", TMP_SUFFIX):
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?[])", r"[\1]", name)


class LockBusy(StoreError):
    """A lock could not be taken in the time allowed; `holder` says who has it."""

    def __init__(self, path: Path, holder: str, fault: str) -> None:
        super().__init__(path, fault)
        self.holder = holder


@contextmanager
def file_lock(path: Path, timeout: float = 30.0, on_wait: LockWait | None = None) -> Iterator[None]:
    """Hold the lock that guards writes to `path` (see lock_path_of).

    Waits up to `timeout` seconds (0: one try), then raises LockBusy naming the holder.
    After WAIT_NOTICE_SECONDS of waiting, calls `on_wait(path, holder)` once, from the
    waiting thread, so a person can be told that a save is waiting and why."""
    lock = lock_path_of(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise StoreError(lock, f"cannot open the lock file ({error.strerror})") from None
    owned = True  # False once a waiter thread given up on owns the descriptor
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held, owned = _wait_for_lock(fd, lock, path, timeout, on_wait)
            if not held:
                holder = describe_holder(lock)
                raise LockBusy(path, holder, f"cannot save: the lock on this file has been held for over "
                               f"{timeout:.0f}s by {holder}" if timeout > 0 else
                               f"the lock on this file is held by {holder}") from None
        if os.pread(fd, 1, 0):  # its last holder was killed while holding it
            _remove_leftovers_of(path)
        os.ftruncate(fd, 0)
        os.pwrite(fd, _holder_record(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # let go cleanly: the next holder finds it empty
    finally:
        if owned:
            os.close(fd)  # closing the file lets go of the flock


def _wait_for_lock(fd: int, lock: Path, path: Path, timeout: float,
                   on_wait: LockWait | None) -> tuple[bool, bool]:
    """Block on the lock in a helper thread (the kernel wakes waiters when it is let go,
    which is quicker and fairer than polling), telling `on_wait` after a second.

    Returns (held, descriptor still ours): on timeout the helper keeps the descriptor and
    closes it, letting go of the lock, as soon as it gets the lock."""
    if timeout <= 0:
        return False, True
    got = threading.Event()
    guard = threading.Lock()
    state: dict[str, Any] = {"abandoned": False, "error": None}

    def block() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as error:
            state["error"] = error
        with guard:
            if state["abandoned"]:
                os.close(fd)
            else:
                got.set()

    threading.Thread(target=block, name="smp-lock-wait", daemon=True).start()
    if not got.wait(min(WAIT_NOTICE_SECONDS, timeout)):
        if on_wait is not None and timeout > WAIT_NOTICE_SECONDS:
            on_wait(path, describe_holder(lock))
        got.wait(max(0.0, timeout - WAIT_NOTICE_SECONDS))
    with guard:
        if got.is_set():
            if state["error"] is not None:
                raise StoreError(lock, f"cannot take the lock ({state['error'].strerror})")
            return True, True
        state["abandoned"] = True
    return False, False


# --- team files ---------------------------------------------------------------------------


def team_folder_name(team: str) -> str:
    """A folder name for a team that stays inside the store folder on every platform.

    Readable slug (ASCII letters, digits, dashes) plus a hash of the exact name, so
    that different names never share a file and `../x`, `con` or `a/b` stay harmless.
    """
    folded = unicodedata.normalize("NFKD", team).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40] or "team"
    digest = hashlib.sha256(team.encode("utf-8")).hexdigest()[:12]
    return f"{TEAM_PREFIX}{slug}-{digest}"


def _check_file(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse and check a team file's bytes; StoreError names the fault."""
    if not raw:
        raise StoreError(path, "the file is empty (0 bytes); smp never writes an empty file")
    if b"\x00" in raw:
        raise StoreError(path, f"the file contains NUL bytes (first at byte {raw.index(0)})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(path, f"the file is not UTF-8 text (bad byte at {error.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(
            path, f"the file is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}); "
            "it may have been cut short or had text added"
        ) from None
    if not isinstance(data, dict):
        raise StoreError(path, f"the file holds a JSON {type(data).__name__}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise StoreError(path, f"table {name!r} is a JSON {type(table).__name__}, not an object")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise StoreError(path, f"record {doc_id} of table {name!r} is not an object")
    version = _file_version(path, data)
    if version > SCHEMA_VERSION:
        raise StoreError(
            path, f"the file was written by a newer smp (schema {version}; this smp reads up to "
            f"{SCHEMA_VERSION}); upgrade smp to use it — it has not been changed"
        )
    return migrate(data, version)


def _file_version(path: Path, data: dict[str, Any]) -> int:
    meta = list(data.get(META_TABLE, {}).values())
    if not meta:
        return SCHEMA_VERSION if not data else 0
    version = meta[0].get("schema_version")
    if not isinstance(version, int) or version < 0:
        raise StoreError(path, f"the file's schema version {version!r} is not a whole number")
    return version


# Each step takes a file's data at version N and returns it at version N + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: lambda data: data,  # files written before the meta table existed: nothing to change
}


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


class _SessionFileStorage(SafeJSONStorage):
    """SafeJSONStorage for one transaction on one session file: it checks what it reads,
    parses the file once per transaction, and keeps each version it writes as a backup
    (see keep_backups)."""

    def __init__(self, path: str, backups: Path, checked: dict[str, Any], team: str | None = None) -> None:
        super().__init__(path, access_mode="r+")
        self._backups = backups
        self._checked = checked
        self._team = team
        self._raw: bytes | None = None
        self._data: dict[str, Any] | None = None
        self.validated: dict[str, Session] = {}  # sessions validated on reading, by id
        self._written: list[tuple[str, bytes]] = []  # (backup stamp, bytes) of each version written

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            try:
                self._raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as error:
                raise StoreError(self.path, f"cannot read the file ({error.strerror})") from None
            data = _check_file(self.path, self._raw)
            _check_records(self.path, data, self._checked, self.validated)  # never write back a bad record
            self._data = data
        # TinyDB changes what it reads in place and then writes it: one parse per transaction.
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        old_meta: dict[str, Any] = next(iter(data.get(META_TABLE, {}).values()), {})
        team = self._team if self._team is not None else old_meta.get("team")
        data[META_TABLE] = {"1": {"schema_version": SCHEMA_VERSION, "team": team}}
        payload = _session_file_bytes(data)
        write_atomically(self.path, payload, sync_folder=False)  # the transaction syncs it, unlocked
        self._written.append((_backup_stamp(), payload))  # stamped in the order of the writes
        self._data = data

    def keep_backups(self) -> None:
        """Keep the versions written as backups, once the lock is let go (writing them does
        not hold up the next save): each is named by when it was written under the lock,
        so the newest backup is the newest version whichever process copies it first."""
        if not self._written:
            return
        if self._raw is not None and not _files_named(_own_backups(self.path, self._backups), ""):
            _keep_backup(self.path, self._backups, self._raw, "0")  # a file from before backups: oldest
        for stamp, payload in self._written:
            _keep_backup(self.path, self._backups, payload, stamp)

    def close(self) -> None:
        pass  # a session file exists only once a session is written into it


_FILE_DATA = TypeAdapter(dict[str, dict[str, Any]])


def _session_file_bytes(data: dict[str, dict[str, Any]]) -> bytes:
    """A session file's tables as UTF-8 JSON, written by pydantic's serializer: a quarter
    of the time json.dumps takes, and every save runs it under the session's lock. Keys
    keep the order of the model's fields (the same for every file). A string it cannot
    write as UTF-8 (a lone surrogate, which JSON can spell as an escape and only a table
    smp does not validate can hold) is written as json.dumps writes it, escaped."""
    try:
        return _FILE_DATA.dump_json(data)
    except ValueError:  # pydantic_core.PydanticSerializationError
        return json.dumps(data).encode("utf-8")


def _file_payload(session: Session) -> bytes:
    """A session file's bytes, exactly as _SessionFileStorage writes a file of one session."""
    return _session_file_bytes({SESSIONS_TABLE: {"1": session.model_dump(mode="json")},
                                META_TABLE: {"1": {"schema_version": SCHEMA_VERSION, "team": session.team}}})


def _remove_empty(folder: Path) -> None:
    """Remove a team folder made for an import that was undone (with its lock files)."""
    try:
        for lock in folder.glob(f".*{LOCK_SUFFIX}"):
            lock.unlink(missing_ok=True)
        folder.rmdir()
    except OSError:
        pass  # something else is in it now: leave it


def _backups_of(path: Path, backups: Path) -> list[Path]:
    """Backups of a session file, oldest first: its own folder's, after any kept beside
    the other sessions' by a store from before 2026-11-30 (all older than its own)."""
    return _files_named(backups, f"{path.name}.") + _files_named(_own_backups(path, backups), "")


def _own_backups(path: Path, backups: Path) -> Path:
    """The folder of a session file's backups (named as the file without .json, so no
    search for session files finds it)."""
    return backups / path.stem


def _remove_backups(path: Path, backups: Path) -> None:
    for backup in _backups_of(path, backups):
        backup.unlink(missing_ok=True)
    try:
        _own_backups(path, backups).rmdir()
    except OSError:
        pass  # none, or a backup written meanwhile




def _backup_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _keep_backup(path: Path, backups: Path, payload: bytes, stamp: str | None = None) -> None:
    """Keep a good version of a session file, and only the last few of them.

    Each session file has its own backup folder, so keeping one lists a handful of files,
    not every backup of a team of thousands of sessions.
    A copy, not a hard link: a link would share any change made to the file in place."""
    own = _own_backups(path, backups)
    for folder in (backups.parent, backups, own):
        folder.mkdir(mode=0o700, exist_ok=True)  # (parents=True would not set the mode)
    stamp = stamp or _backup_stamp()
    fd = os.open(own / f"{stamp}.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
    for old in _files_named(own, "")[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)


@dataclass
class Survey:
    """Every session that loads, and a StoreError for every file that does not."""

    sessions: list[Session] = field(default_factory=list)
    faults: list[StoreError] = field(default_factory=list)


@dataclass
class FileCheck:
    path: Path
    sessions: int = 0
    fault: str | None = None
    restored_from: Path | None = None
    kept_broken_as: Path | None = None


# --- the per-team index ------------------------------------------------------------------
#
# Each team folder keeps `index.json`: for every session file, what a list shows (title,
# mode, dates, people) and the file's stat when it was read. The files stay the truth:
# an entry is used only while its file's inode, mtime and size are unchanged and the file
# is older than the index's scan (a file changed in the same clock tick as the scan is
# read again), files it does not name are read, names whose file is gone are dropped, and
# an index that is missing or does not parse is rebuilt from the files. The index is a
# cache: it is written (atomically, under its own lock) by whoever lists the team and
# finds it out of date; saves never wait for it, and a failure to write it is ignored.

INDEX_NAME = "index.json"
INDEX_KIND = "smp-team-index"
INDEX_FORMAT = 3
RACY_NANOSECONDS = 100_000_000  # files changed this close to a scan are read again next time


class Listed(NamedTuple):
    """One session as a list shows it, without reading its file (a tuple: ten thousand
    of them are made in a blink)."""

    id: str
    team: str
    title: str
    mode: str
    created_at: datetime
    updated_at: datetime
    people: int
    join_code: str | None
    tool: str | None  # a workbook tool's id; None for team sessions and check-ins
    folder: str
    name: str

    @property
    def file(self) -> Path:
        return Path(self.folder, self.name)


@dataclass
class Listing:
    """Every session a list shows (newest first) and a StoreError for every file that does not load."""

    entries: list[Listed] = field(default_factory=list)
    faults: list[StoreError] = field(default_factory=list)


@dataclass
class IndexCheck:
    """What `smp doctor` found of one team's index; `fault` is None when it was up to date."""

    path: Path
    sessions: int = 0
    fault: str | None = None


# An entry is a JSON array (parsed faster than an object, and smaller): the file's stat
# then what is listed, or the stat then the fault of a file that does not load.
STAMP = 3  # inode, mtime in ns, size


def _index_entry(session: Session, stamp: list[int]) -> list[Any]:
    return [*stamp, session.id, session.team, session.title, session.mode, session.created_at.isoformat(),
            session.updated_at.isoformat(), len(session.participants), session.join_code, session.workbook.tool]


_TEXT_OR_NONE = (str, type(None))


def _listed(folder: str, name: str, entry: list[Any]) -> Listed:
    """An index entry as a Listed; TypeError or ValueError if it is malformed (the times
    are checked by fromisoformat, which takes only text)."""
    _, _, _, id_, team, title, mode, created, updated, people, join_code, tool = entry  # ValueError if not 12
    if type(people) is not int or not (type(id_) is type(team) is type(title) is type(mode) is str) \
            or type(join_code) not in _TEXT_OR_NONE or type(tool) not in _TEXT_OR_NONE:
        raise TypeError("a field of the wrong type")
    return Listed(id_, team, title, mode, datetime.fromisoformat(created), datetime.fromisoformat(updated),
                  people, join_code, tool, folder, name)


_NEWEST_FIRST = operator.attrgetter("updated_at", "created_at")  # (reversed) in C: no Python call per entry


def _scan_team_folder(folder: Path) -> tuple[list[tuple[str, os.stat_result]], list[Path]]:
    """The session files of a team folder with their stat, and its temporary files.
    Each stat is made relative to the open folder (not by walking the whole path again):
    this is most of what a listing of ten thousand sessions costs."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        files, leftovers = [], []
        for name in os.listdir(fd):
            if name.startswith(SESSION_PREFIX) and name.endswith(".json"):
                try:
                    files.append((name, os.stat(name, dir_fd=fd, follow_symlinks=False)))
                except FileNotFoundError:
                    continue  # removed meanwhile
            elif name.endswith(TMP_SUFFIX) and name.startswith("."):
                leftovers.append(folder / name)
        return files, leftovers
    finally:
        os.close(fd)


def _read_index(path: Path) -> tuple[dict[str, list[Any]], int, str | None]:
    """A team index's entries by file name, when it was scanned, and what is wrong with
    it (None if nothing): a missing or broken index reads as empty, so it is rebuilt."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, 0, "there is no index"
    except OSError as error:
        return {}, 0, f"cannot read the index ({error.strerror})"
    try:
        data = json.loads(raw)
        if data.get("kind") != INDEX_KIND or data.get("format") != INDEX_FORMAT:
            return {}, 0, "the index is not an smp team index of this version"
        files, scanned = data["files"], data["scanned_at_ns"]
        if not isinstance(files, dict) or not isinstance(scanned, int) or \
                not all(isinstance(entry, list) and len(entry) > STAMP for entry in files.values()):
            raise TypeError
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}, 0, "the index is damaged (it does not parse as an smp team index)"
    return files, scanned, None


class Store:
    """Sessions kept in a folder: one sub-folder per team, one TinyDB file per session.

    One file per session keeps a save as fast with ten thousand sessions as with one, and
    one team's save never touches another team's (or another session's) file. Every
    change is a read-modify-write under a cross-process lock on that session's file (see
    file_lock), on a fresh TinyDB (so its query cache and next-id cache start empty),
    keyed by the session's uuid, and written by SafeJSONStorage. Lists read the team
    indexes (see listing and INDEX_NAME), not every file.

    Waiting for a lock: set `on_wait` to a function `(path, holder)`; a save that has
    waited about a second (WAIT_NOTICE_SECONDS) for the lock on `path` calls it once, from
    the saving thread, with who holds the lock in words ("process 4242 (smp) on host,
    holding it since ..."). After `lock_timeout` seconds the save raises LockBusy, a
    StoreError naming the holder. Reading and listing never wait for a lock.
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder).expanduser()
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(self.folder, "this is a file, not a store folder; choose a folder with --db")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(self.folder, f"cannot create the store folder ({error.strerror})") from None
        if not self.folder.is_dir():
            raise StoreError(self.folder, "this is not a folder")
        self._checked: dict[str, Any] = {}  # session id -> last record seen to validate
        self._where: dict[str, Path] = {}  # session id -> its file, checked before use
        self.on_wait: LockWait | None = None  # see file_lock: told when a save waits for a lock
        self.lock_timeout = LOCK_TIMEOUT_SECONDS  # then a save gives up with LockBusy, naming the holder
        # Leftover temporary files are removed by listing (each team it lists) and doctor,
        # not here: opening a store of a hundred teams reads no folder.

    # -- files and locks --

    def team_folder(self, team: str) -> Path:
        return self.folder / team_folder_name(team)

    def session_path(self, session: Session) -> Path:
        """session-<created, UTC>-<uuid>.json: sorting names sorts a team's sessions by
        when they started, so the previous session is found without reading them all."""
        created = session.created_at.strftime(CREATED_FORMAT)
        return self.team_folder(session.team) / f"{SESSION_PREFIX}{created}-{uuid.UUID(session.id)}.json"

    def session_files(self) -> list[Path]:
        return sorted(self.folder.glob(SESSION_FILE_GLOB))

    def path_of(self, session_id: str, team: str | None = None) -> Path:
        """The file holding a session; SessionNotFound if there is none. Knowing the team
        means looking in one folder, not in every team's."""
        known = self._where.get(session_id)
        if known is not None and known.exists():
            return known
        try:
            name = f"{SESSION_PREFIX}*-{uuid.UUID(session_id)}.json"
        except ValueError:
            raise SessionNotFound(self.folder, session_id) from None
        found = sorted(self.team_folder(team).glob(name)) if team is not None else []
        found = found or sorted(self.folder.glob(f"{TEAM_PREFIX}*/{name}"))
        if not found:
            raise SessionNotFound(self.folder, session_id)
        self._where[session_id] = found[0]
        return found[0]

    @property
    def backups(self) -> Path:
        return self.folder / BACKUP_DIR

    def _backups_for(self, path: Path) -> Path:
        return self.backups / path.parent.name

    def _locked(self, path: Path, timeout: float | None = None):
        """The lock on one file of the store: saves into different sessions never wait
        for each other. While waiting, `self.on_wait` is told after about a second."""
        return file_lock(path, self.lock_timeout if timeout is None else timeout, self.on_wait)

    def clear_leftovers(self) -> list[Path]:
        """Remove temporary files of writes that were killed before they finished, in
        every team (listing a team does the same for that team), and the staging folders
        of imports that were killed (their sessions are either in place or were never
        placed; the folder holds only copies)."""
        removed = self._clear(sorted(self.folder.glob(f"{TEAM_PREFIX}*/.*{TMP_SUFFIX}")))
        for staging in sorted(self.folder.glob(f"{IMPORT_PREFIX}*")):
            try:
                if time.time() - staging.stat().st_mtime > IMPORT_LEFTOVER_SECONDS:
                    shutil.rmtree(staging)
                    removed.append(staging)
            except OSError:
                continue  # gone already, or not ours to remove: looked at next time
        return removed

    def _clear(self, leftovers: list[Path]) -> list[Path]:
        """A writer holds the lock on the file it writes while its temporary file exists,
        so one found while that lock is free is a leftover. A lock held now (a save in
        progress, or a stuck process) is not waited for: its file is looked at next time."""
        removed = []
        for tmp in leftovers:
            target = tmp.with_name(tmp.name[1:].rsplit(".", 2)[0])
            try:
                with self._locked(target, timeout=0):
                    if tmp.exists():
                        tmp.unlink()
                        removed.append(tmp)
            except StoreError:
                continue
        return removed

    # -- reading --

    def _read(self, path: Path) -> Session | None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(path, f"cannot read the file ({error.strerror})") from None
        found = _sessions_of(path, _check_file(path, raw))
        return found[0] if found else None

    def survey(self, team: str | None = None) -> Survey:
        """Every session that loads (of one team, or all), newest first, and a StoreError
        for every file that does not."""
        survey = Survey()
        files = self.session_files() if team is None else sorted(self.team_folder(team).glob(SESSION_FILE_GLOB_IN_TEAM))
        for path in files:
            try:
                session = self._read(path)
            except StoreError as error:
                survey.faults.append(error)
                continue
            if session is not None:
                survey.sessions.append(session)
        survey.sessions.sort(key=lambda s: (s.updated_at, s.created_at), reverse=True)
        return survey

    def sessions(self, team: str | None = None) -> list[Session]:
        """Sessions newest first (of one team, or of all). StoreError if a file is faulty."""
        survey = self.survey(team)
        if survey.faults:
            raise survey.faults[0]
        return survey.sessions

    def teams(self) -> list[str]:
        """Names of the teams with at least one session, sorted."""
        return sorted({session.team for session in self.sessions()}, key=str.casefold)

    # -- listing, from the per-team index --

    def listing(self, team: str | None = None) -> Listing:
        """Every session (of one team, or of all) as light entries, newest first, read
        from the team indexes and only those session files that changed since (see
        INDEX_NAME). Never waits for a lock; a file that does not load is a fault."""
        listing = Listing()
        if team is not None:
            folders = [self.team_folder(team)]
        else:
            try:
                with os.scandir(self.folder) as found:
                    folders = [Path(entry.path) for entry in found
                               if entry.name.startswith(TEAM_PREFIX) and entry.is_dir()]
            except OSError as error:
                raise StoreError(self.folder, f"cannot list the store folder ({error.strerror})") from None
        for folder in folders:
            entries, faults, _ = self._team_listing(folder)
            listing.entries.extend(entries)
            listing.faults.extend(faults)
        listing.entries.sort(key=_NEWEST_FIRST, reverse=True)
        return listing

    def _team_listing(self, folder: Path) -> tuple[list[Listed], list[StoreError], IndexCheck]:
        """One team's sessions from its index, re-reading the files that changed since it
        was written (and writing it again if any did); leftover temporary files seen on
        the way are removed when their lock is free."""
        index_path = folder / INDEX_NAME
        known, scanned_at, fault = _read_index(index_path)
        check = IndexCheck(index_path, fault=fault)
        scan_began = time.time_ns()
        try:
            files, leftovers = _scan_team_folder(folder)
        except FileNotFoundError:
            return [], [], IndexCheck(index_path)
        except OSError as error:
            return [], [StoreError(folder, f"cannot list the team folder ({error.strerror})")], check
        if leftovers:
            self._clear(leftovers)
        if not files and not known:
            check.fault = None  # an empty team needs no index
        where = str(folder)
        trusted_before = scanned_at - RACY_NANOSECONDS
        fresh: dict[str, list[Any]] = {}
        entries: list[Listed] = []
        faults: list[StoreError] = []
        reread = 0
        for name, info in files:
            entry = known.get(name)
            if entry is not None and entry[1] == info.st_mtime_ns < trusted_before and entry[0] == info.st_ino \
                    and entry[2] == info.st_size:
                try:
                    if len(entry) == STAMP + 1:
                        faults.append(StoreError(folder / name, str(entry[STAMP])))
                    else:
                        entries.append(_listed(where, name, entry))
                    fresh[name] = entry
                    continue
                except (TypeError, ValueError):
                    pass  # a damaged entry: read its file
            reread += 1
            stamp = [info.st_ino, info.st_mtime_ns, info.st_size]
            try:
                session = self._read(folder / name)
            except StoreError as error:
                fresh[name] = [*stamp, error.fault]
                faults.append(error)
                continue
            if session is not None:
                fresh[name] = entry = _index_entry(session, stamp)
                entries.append(_listed(where, name, entry))
        gone = len(known.keys() - fresh.keys())
        # with nothing read again and nothing gone, every entry is one the index held
        if fault is None and (gone or reread and any(known.get(name) != entry for name, entry in fresh.items())):
            check.fault = f"the index was out of date ({reread} files read again, {gone} gone)"
        if fault is not None or reread or gone:
            self._write_index(index_path, fresh, scan_began)
        check.sessions = len(entries)
        return entries, faults, check

    def _write_index(self, path: Path, files: dict[str, list[Any]], scanned_at: int) -> None:
        """Write a team index if its lock is free; a cache, so failing is harmless."""
        payload = json.dumps({"kind": INDEX_KIND, "format": INDEX_FORMAT, "scanned_at_ns": scanned_at,
                              "files": files}, sort_keys=True).encode("utf-8")
        try:
            with self._locked(path, timeout=0):
                write_atomically(path, payload)
        except (StoreError, OSError):
            pass

    def check_indexes(self) -> list[IndexCheck]:
        """Check every team's index against its files, rebuilding any that is missing,
        broken or out of date (for `smp doctor`)."""
        checks = []
        for folder in sorted(self.folder.glob(f"{TEAM_PREFIX}*")):
            if folder.is_dir():
                checks.append(self._team_listing(folder)[2])
        return checks

    def find_by_code(self, code: str) -> Session:
        """The remote session with this join code; StoreError naming the code if none."""
        for session in self.survey().sessions:
            if session.join_code == code:
                return session
        raise StoreError(self.folder, f"no session has the join code {code!r}; check it with the facilitator")

    def signature(self, team: str) -> tuple[int, int] | None:
        """Changes whenever a file of the team is replaced (a rename changes the folder):
        a cheap way to notice other processes' saves, one stat and no reading."""
        try:
            info = self.team_folder(team).stat()
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns)

    def session_signature(self, session_id: str, team: str | None = None) -> tuple[int, int, int] | None:
        """Changes whenever this session's file is replaced (every save writes a new file,
        so a new inode): one stat, and saves into the team's other sessions leave it be."""
        try:
            info = self.path_of(session_id, team).stat()
        except (SessionNotFound, FileNotFoundError):
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    def get(self, session_id: str) -> Session:
        path = self.path_of(session_id)
        session = self._read(path)
        if session is None or session.id != session_id:
            raise StoreError(path, f"the file does not hold session {session_id!r}")
        return session

    # -- changing --

    def _transaction(self, path: Path, change: Callable[[TinyDB], Any], team: str | None = None) -> Any:
        """Run `change` on the session file's TinyDB under its lock. The folder is fsynced
        (making the rename durable) and the backups are written after the lock is let go,
        so the next writer does not wait for them; this call still returns only once the
        save is durable."""
        storage: _SessionFileStorage | None = None
        try:
            with self._locked(path):
                db = TinyDB(str(path), storage=_SessionFileStorage, backups=self._backups_for(path),
                            checked=self._checked, team=team)
                storage = cast(_SessionFileStorage, db.storage)
                try:
                    return change(db)
                finally:
                    db.close()
        finally:
            _fsync_folder(path.parent)
            if storage is not None:
                storage.keep_backups()

    def _team_folder_ready(self, team: str) -> Path:
        folder = self.team_folder(team)
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder

    def save(self, session: Session) -> Session:
        """Insert or replace a session, by its id."""
        session = Session.model_validate(session.model_dump())
        self._team_folder_ready(session.team)
        path = self.session_path(session)
        existed = path.exists()
        self._transaction(path, lambda db: _replace_or_insert(db, session), team=session.team)
        self._where[session.id] = path
        if not existed:  # new, or its team or start time changed: only the new file stays
            others = (other for folder in _files_named(self.folder, TEAM_PREFIX)
                      for other in _files_named(folder, SESSION_PREFIX, f"-{session.id}.json"))
            for other in others:
                if other != path:
                    self._remove(other)
        return session

    def previous(self, session: Session) -> Session | None:
        """The same team's latest session started before this one (check-ins apart, and a
        workbook tool's earlier session of that tool),
        reading only the files it must. Files that do not load are passed over."""
        mine = self.session_path(session).name
        earlier = sorted((p for p in self.team_folder(session.team).glob(SESSION_FILE_GLOB_IN_TEAM)
                          if p.name < mine), reverse=True)
        for path in earlier:
            try:
                found = self._read(path)
            except StoreError:
                continue
            if found is not None and found.id != session.id and \
                    (found.mode == "check-in") == (session.mode == "check-in") and \
                    found.workbook.tool == session.workbook.tool:  # a check-in's is a check-in
                return found
        return None

    def import_sessions(self, sessions: list[Session]) -> list[Session]:
        """Add sessions that are new to the store, all or none; returns those added.

        A session the store already holds exactly as imported is left as it is, so an
        import that was killed half-way, or a file imported twice, can be run again; one
        the store holds with other content refuses the whole import. Each new session is
        first written whole to a staging folder inside the store, then linked into its
        team's folder (a link never replaces a file). If any step fails, every session
        already placed is removed again, and StoreError says what failed."""
        new = []
        for session in sessions:
            try:
                found = self.get(session.id)
            except SessionNotFound:
                new.append(session)
                continue
            if found.model_dump(mode="json") != Session.model_validate(session.model_dump()).model_dump(mode="json"):
                raise StoreError(self.path_of(session.id), f"session {session.id} is already in the store "
                                 f"({found.team} | {found.title}), and differs from the one imported")
        sessions = new
        staging = self.folder / f"{IMPORT_PREFIX}{uuid.uuid4().hex}"
        placed: list[tuple[str, Path]] = []
        made_folders: list[Path] = []
        try:
            staging.mkdir(mode=0o700)
            staged = []
            for number, session in enumerate(sessions):
                payload = _file_payload(Session.model_validate(session.model_dump()))
                write_atomically(staging / f"{number}.json", payload)
                staged.append((session, staging / f"{number}.json", payload))
            for session, path, payload in staged:
                folder = self.team_folder(session.team)
                if not folder.is_dir():
                    folder.mkdir(mode=0o700)
                    made_folders.append(folder)
                target = self.session_path(session)
                with self._locked(target):
                    os.link(path, target)  # FileExistsError rather than replacing a file
                    placed.append((session.id, target))
                    _keep_backup(target, self._backups_for(target), payload)
                    _fsync_folder(folder)
                self._where[session.id] = target
        except (OSError, StoreError) as error:
            for session_id, target in placed:  # only this import has seen them: no lock needed
                self._where.pop(session_id, None)
                target.unlink(missing_ok=True)
                _remove_backups(target, self._backups_for(target))
            for folder in made_folders:
                _remove_empty(folder)
            if isinstance(error, StoreError):
                raise
            where = Path(error.filename) if error.filename else self.folder
            raise StoreError(where, f"cannot import ({error.strerror or error}); nothing was imported") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return sessions

    def save_many(self, sessions: list[Session]) -> None:
        """Insert or replace many sessions (imports, demos, benchmark stores)."""
        for session in sessions:
            self.save(session)

    def update(self, session_id: str, change: Callable[[Session], Session], team: str | None = None) -> Session:
        """Apply `change` to the freshly read session under its lock and save the result,
        so that two processes changing one session never undo each other. The session
        `change` is given was read for it alone: it may change it in place and return it.
        A change that leaves the session as it was writes nothing."""
        path = self.path_of(session_id, team)

        def apply(db: TinyDB) -> Session:
            docs = db.table(SESSIONS_TABLE).search(Query().id == session_id)
            if not docs:
                raise SessionNotFound(self.folder, session_id)
            storage = cast(_SessionFileStorage, db.storage)  # the storage this store opens every session file with
            current = storage.validated.pop(session_id, None) or _validate(path, docs[0])
            # The session just read is no one else's: `change` may have it (no deep copy,
            # which cost more than the rest of a save); what it was is kept as a dump.
            before = current.model_dump()
            after = change(current).model_dump()
            if after == before:
                return Session.model_validate(before)  # nothing changed: no write, no new stamp, no backup pushed out
            changed = Session.model_validate(after).touched()  # a change is checked whole before it is written
            if changed.id != session_id or changed.team != current.team:
                raise ValueError("update() cannot change a session's id or team; use save()")
            _replace_or_insert(db, changed)
            return changed

        return self._transaction(path, apply)

    def delete(self, session_id: str) -> None:
        """Remove a session and its backups."""
        self._remove(self.path_of(session_id))

    def _remove(self, path: Path) -> None:
        with self._locked(path):
            path.unlink(missing_ok=True)
            _remove_backups(path, self._backups_for(path))

    # -- checking and repairing --

    def doctor(self, restore: bool = False) -> list[FileCheck]:
        """Check every session file; with `restore`, put the newest backup that loads in
        place of each faulty file, keeping the faulty one beside it."""
        self.clear_leftovers()
        checks = []
        for path in self.session_files():
            check = FileCheck(path)
            try:
                check.sessions = int(self._read(path) is not None)
            except StoreError as error:
                check.fault = error.fault
                if restore:
                    self._restore(check)
            checks.append(check)
        return checks

    def _restore(self, check: FileCheck) -> None:
        path = check.path
        with self._locked(path):
            for backup in reversed(_backups_of(path, self._backups_for(path))):
                try:
                    raw = backup.read_bytes()
                    _sessions_of(backup, _check_file(backup, raw))
                except (StoreError, OSError):
                    continue
                stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
                kept = path.with_name(f"{path.name}.broken-{stamp}")
                if not kept.exists():
                    os.link(path, kept)
                write_atomically(path, raw)
                check.restored_from, check.kept_broken_as = backup, kept
                return


def _replace_or_insert(db: TinyDB, session: Session) -> None:
    """One write: replace the record with this session's id, or add it."""
    table = db.table(SESSIONS_TABLE)
    doc = session.model_dump(mode="json")
    found = [match.doc_id for match in table.search(Query().id == session.id)]
    if not found:
        table.insert(doc)
        return

    def replace(record: MutableMapping[str, Any]) -> None:
        record.clear()
        record.update(doc)

    table.update(replace, doc_ids=found)


def _validate(path: Path, doc: dict[str, Any]) -> Session:
    try:
        return Session.model_validate(doc)
    except ValidationError as error:
        record = doc.get("id", "?")
        raise StoreError(path, f"record {record} does not validate:\n{describe_errors(error, '  ')}") from None


def _check_records(path: Path, data: dict[str, Any], checked: dict[str, Any],
                   validated: dict[str, Session] | None = None) -> None:
    """Validate every session record, skipping one equal to a record already validated
    (a dict comparison costs a fraction of a validation). Cached records are only ever
    changed in place by TinyDB to a validated session's dump, so they stay valid.
    Sessions made by validating are put in `validated`, so they are not made twice."""
    for doc in data.get(SESSIONS_TABLE, {}).values():
        key = doc.get("id")
        if isinstance(key, str) and checked.get(key) == doc:
            continue
        session = _validate(path, doc)
        if isinstance(key, str):
            checked[key] = doc
            if validated is not None:
                validated[key] = session


def _sessions_of(path: Path, data: dict[str, Any]) -> list[Session]:
    return [_validate(path, doc) for doc in data.get(SESSIONS_TABLE, {}).values()]


def default_folder() -> Path:
    """SMP_DB if set, else the user's data folder."""
    configured = os.environ.get("SMP_DB")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("smp", appauthor=False) / "store"

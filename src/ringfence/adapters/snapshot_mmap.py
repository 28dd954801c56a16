"""A risk snapshot as one memory-mapped file, for screening inside the switch's worker processes.

Kamailio runs many worker processes; each one screening in-process must see the same snapshot without
loading a copy per worker or reading a file per call. ringfence writes the snapshot into one file
(temporary name, fsync, atomic rename); each worker maps it read-only, so the pages are shared by all
workers through the page cache, and looks numbers up by binary search over sorted 64-bit keys. A new
file is noticed by a ``stat`` at most every ``check_s`` seconds (never per call), mapped, and swapped
in one reference assignment; the old mapping stays valid for whoever still holds it.

Layout (little-endian)::

    b"RFSNAP01" | u32 meta length | meta JSON (version, built_at, counts, extra keys) | pad to 8
    callers:   u64 keys[n] | f64 scores[n] (NaN: none) | u32 flags[n] | pad | i32 strings[n][2k]
    protected: u64[n]  do_not_call: u64[n]  roaming: u64[n] (absent list: count -1)
    pool: UTF-8 bytes the string (offset, length) pairs point into

Every field of ``CallerEntry`` is carried: booleans as flag bits, text fields (and the trusted trunks,
as JSON) as ``k`` (offset, length) pairs; the meta names the fields, and a reader whose ``CallerEntry``
has other fields refuses the file rather than misreading it. Keys are canonical numbers as integers:
``+`` and up to 17 digits become ``1<digits>``, bare digit strings ``2<digits>``; anything else
(never produced by the numbering plan today) goes to the meta's ``extra`` map, so no number is ever
dropped.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import struct
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import fields
from pathlib import Path
from typing import Any, Final

from ringfence.errors import InputFileError
from ringfence.screening.snapshot import CallerEntry, RiskSnapshot

__all__ = ["MAGIC", "MappedSnapshotReader", "SnapshotPublisher", "key_of", "open_mapped", "write_mapped"]

MAGIC: Final = b"RFSNAP01"
_NONE: Final = -1
_FIELDS: Final = {f.name: str(f.type) for f in fields(CallerEntry)}
_BOOLS: Final = tuple(name for name, kind in _FIELDS.items() if kind == "bool")
# optional numbers other than the score (a tag's confidence) travel as their shortest round-trip text
_FLOATS: Final = tuple(name for name, kind in _FIELDS.items() if kind == "float | None" and name != "score")
_TEXTS: Final = (
    *(name for name, kind in _FIELDS.items() if kind in ("str", "str | None")),
    *_FLOATS,
    "trusted_trunks",
)
_K: Final = len(_TEXTS)
if set(_FIELDS) != {*_BOOLS, *_TEXTS, "score"} or len(_BOOLS) > 32:  # pragma: no cover - a new field's kind
    raise TypeError(f"snapshot_mmap cannot carry CallerEntry fields {_FIELDS}")


def key_of(number: str) -> int | None:
    """The 64-bit key of a canonical number, or None when it has no integer form."""
    if number.startswith("+"):
        digits, lead = number[1:], 1
    else:
        digits, lead = number, 2
    if not digits or len(digits) > 17 or not digits.isascii() or not digits.isdigit():
        return None
    return int(f"{lead}{digits}")


def _pad8(n: int) -> int:
    return (8 - n % 8) % 8


class _Pool:
    def __init__(self) -> None:
        self.data = bytearray()

    def add(self, text: str | None) -> tuple[int, int]:
        if text is None:
            return _NONE, 0
        raw = text.encode("utf-8")
        start = len(self.data)
        self.data += raw
        return start, len(raw)


def _number_keys(numbers: AbstractSet[str] | None) -> tuple[list[int], list[str]]:
    if numbers is None:
        return [], []
    keys, extra = [], []
    for n in numbers:
        k = key_of(n)
        if k is None:
            extra.append(n)
        else:
            keys.append(k)
    return sorted(keys), sorted(extra)


def _entry_json(e: CallerEntry) -> dict[str, Any]:
    out = {name: getattr(e, name) for name in _FIELDS}
    out["trusted_trunks"] = None if e.trusted_trunks is None else sorted(e.trusted_trunks)
    return out


def _texts(e: CallerEntry) -> Iterator[str | None]:
    for name in _TEXTS:
        if name == "trusted_trunks":
            yield (
                None if e.trusted_trunks is None else json.dumps(sorted(e.trusted_trunks), ensure_ascii=False)
            )
        else:
            value = getattr(e, name)
            yield None if value is None else str(value)


def write_mapped(snapshot: RiskSnapshot, path: Path) -> int:
    """Write ``snapshot`` to ``path`` atomically (a reader maps the old file or the new, never a mix);
    returns the file's size in bytes."""
    keyed: list[tuple[int, CallerEntry]] = []
    extra_callers: dict[str, dict[str, Any]] = {}
    for number, entry in snapshot.callers.items():
        k = key_of(number)
        if k is None:
            extra_callers[number] = _entry_json(entry)
        else:
            keyed.append((k, entry))
    keyed.sort(key=lambda p: p[0])
    sets = {
        "protected": _number_keys(snapshot.protected),
        "do_not_call": _number_keys(snapshot.do_not_call),
        "roaming": _number_keys(snapshot.roaming),
    }
    meta = {
        "version": snapshot.version,
        "built_at": snapshot.built_at,
        "callers": len(keyed),
        "protected": len(sets["protected"][0]),
        "do_not_call": len(sets["do_not_call"][0]),
        "roaming": -1 if snapshot.roaming is None else len(sets["roaming"][0]),
        "extra": {"callers": extra_callers, **{name: sets[name][1] for name in sets}},
        "fields": {"bools": list(_BOOLS), "texts": list(_TEXTS)},
    }
    head = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    pool = _Pool()
    n = len(keyed)
    strings: list[int] = []
    flags: list[int] = []
    scores: list[float] = []
    for _, e in keyed:
        for text in _texts(e):
            strings.extend(pool.add(text))
        flags.append(sum(1 << b for b, name in enumerate(_BOOLS) if getattr(e, name)))
        scores.append(math.nan if e.score is None else e.score)
    parts = [MAGIC, struct.pack("<I", len(head)), head, b"\0" * _pad8(len(MAGIC) + 4 + len(head))]
    parts += [
        struct.pack(f"<{n}Q", *(k for k, _ in keyed)),
        struct.pack(f"<{n}d", *scores),
        struct.pack(f"<{n}I", *flags),
        b"\0" * _pad8(4 * n),
        struct.pack(f"<{2 * _K * n}i", *strings),
    ]
    for name in ("protected", "do_not_call", "roaming"):
        keys = sets[name][0]
        parts.append(struct.pack(f"<{len(keys)}Q", *keys))
    parts.append(bytes(pool.data))
    data = b"".join(parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return len(data)


class _MappedNumbers(AbstractSet[str]):
    """A set of canonical numbers in the mapped file (sorted keys), plus the few without a key."""

    __slots__ = ("_extra", "_keys")

    def __init__(self, keys: Sequence[int], extra: Sequence[str]) -> None:
        self._keys = keys
        self._extra = frozenset(extra)

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, str):
            return False
        k = key_of(number)
        if k is None:
            return number in self._extra
        keys = self._keys
        i = bisect_left(keys, k)
        return i < len(keys) and keys[i] == k

    def __len__(self) -> int:
        return len(self._keys) + len(self._extra)

    def __iter__(self) -> Iterator[str]:
        for k in self._keys:
            text = str(k)
            yield ("+" if text[0] == "1" else "") + text[1:]
        yield from self._extra


class _MappedCallers(Mapping[str, CallerEntry]):
    """The snapshot's callers, decoded only on a hit (a miss costs one binary search)."""

    __slots__ = ("_extra", "_flags", "_keys", "_pool", "_scores", "_strings")

    def __init__(
        self,
        keys: Sequence[int],
        scores: Sequence[float],
        flags: Sequence[int],
        strings: Sequence[int],
        pool: memoryview,
        extra: Mapping[str, CallerEntry],
    ) -> None:
        self._keys, self._scores, self._flags, self._strings = keys, scores, flags, strings
        self._pool, self._extra = pool, extra

    def _text(self, at: int) -> str | None:
        start = self._strings[at]
        if start == _NONE:
            return None
        return bytes(self._pool[start : start + self._strings[at + 1]]).decode("utf-8")

    def _entry(self, i: int) -> CallerEntry:
        base = 2 * _K * i
        values: dict[str, Any] = {}
        for j, name in enumerate(_TEXTS):
            values[name] = self._text(base + 2 * j)
        trunks = values["trusted_trunks"]
        values["trusted_trunks"] = None if trunks is None else frozenset(json.loads(trunks))
        for name in _FLOATS:
            values[name] = None if values[name] is None else float(values[name])
        for name in _TEXTS:
            if _FIELDS.get(name) == "str" and values[name] is None:
                values[name] = ""
        f = self._flags[i]
        for b, name in enumerate(_BOOLS):
            values[name] = bool(f >> b & 1)
        score = self._scores[i]
        values["score"] = None if math.isnan(score) else score
        return CallerEntry(**values)

    def _index(self, number: str) -> int:
        k = key_of(number)
        if k is None:
            return -1
        keys = self._keys
        i = bisect_left(keys, k)
        return i if i < len(keys) and keys[i] == k else -1

    def get(self, number: str, default: Any = None) -> Any:
        i = self._index(number)
        if i >= 0:
            return self._entry(i)
        return self._extra.get(number, default)

    def __getitem__(self, number: str) -> CallerEntry:
        found = self.get(number)
        if found is None:
            raise KeyError(number)
        return found  # type: ignore[no-any-return]

    def __contains__(self, number: object) -> bool:
        return isinstance(number, str) and (self._index(number) >= 0 or number in self._extra)

    def __len__(self) -> int:
        return len(self._keys) + len(self._extra)

    def __iter__(self) -> Iterator[str]:
        yield from _MappedNumbers(self._keys, ())
        yield from self._extra


def _from_json(raw: Mapping[str, Any]) -> CallerEntry:
    values = {name: raw[name] for name in _FIELDS}
    trunks = values["trusted_trunks"]
    values["trusted_trunks"] = None if trunks is None else frozenset(trunks)
    return CallerEntry(**values)


def open_mapped(path: Path) -> RiskSnapshot:
    """Map the snapshot file at ``path`` read-only. Raises ``InputFileError`` if it is absent or not
    a snapshot file (a truncated or foreign file is refused whole, never half-read)."""
    try:
        with path.open("rb") as fh:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:
        raise InputFileError(f"{path}: cannot map the snapshot ({exc})") from exc
    try:
        return _parse(memoryview(mapped), path)
    except (ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: not a ringfence snapshot file ({exc})") from exc


def _parse(view: memoryview, path: Path) -> RiskSnapshot:
    if bytes(view[:8]) != MAGIC:
        raise ValueError("bad magic")
    (head_len,) = struct.unpack_from("<I", view, 8)
    meta = json.loads(bytes(view[12 : 12 + head_len]).decode("utf-8"))
    if meta.get("fields") != {"bools": list(_BOOLS), "texts": list(_TEXTS)}:
        raise ValueError(f"written for caller fields {meta.get('fields')}, this reader has {_BOOLS + _TEXTS}")
    at = 12 + head_len
    at += _pad8(at)
    n = int(meta["callers"])

    def take(count: int, size: int) -> memoryview:
        nonlocal at
        end = at + count * size
        if end > len(view):
            raise ValueError("truncated")
        part = view[at:end]
        at = end
        return part

    # Native byte order: the file is written little-endian, as every platform the switch runs on is.
    keys = take(n, 8).cast("Q")
    scores = take(n, 8).cast("d")
    flags = take(n, 4).cast("I")
    at += _pad8(4 * n)
    strings = take(2 * _K * n, 4).cast("i")
    counts = {name: int(meta[name]) for name in ("protected", "do_not_call", "roaming")}
    numbers = {name: take(max(count, 0), 8).cast("Q") for name, count in counts.items()}
    pool = view[at:]
    extra = meta["extra"]
    callers = _MappedCallers(
        keys, scores, flags, strings, pool, {k: _from_json(v) for k, v in extra["callers"].items()}
    )
    built_at = meta.get("built_at")
    return RiskSnapshot(
        version=str(meta["version"]),
        built_at=None if built_at is None else float(built_at),
        callers=callers,
        protected=_MappedNumbers(numbers["protected"], extra["protected"]),
        do_not_call=_MappedNumbers(numbers["do_not_call"], extra["do_not_call"]),
        roaming=None if counts["roaming"] < 0 else _MappedNumbers(numbers["roaming"], extra["roaming"]),
    )


class MappedSnapshotReader:
    """A worker's view of the published snapshot file: the current mapping, checked for a newer file
    at most every ``check_s`` seconds. ``current()`` is None when the file is absent or unreadable
    (screening then applies the policy's fail mode) and recovers when a good file appears."""

    def __init__(self, path: Path, check_s: float = 0.5, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.check_s = check_s
        self._clock = clock
        self._identity: tuple[int, int, int] | None = None
        self._snapshot: RiskSnapshot | None = None
        self._next_check = -math.inf
        self.swaps = 0
        self.error: str | None = None

    def current(self) -> RiskSnapshot | None:
        now = self._clock()
        if now >= self._next_check:
            self._next_check = now + self.check_s
            self._refresh()
        return self._snapshot

    def _refresh(self) -> None:
        try:
            st = os.stat(self.path)
        except OSError as exc:
            self._snapshot, self._identity, self.error = None, None, f"{self.path}: {exc.strerror}"
            return
        identity = (st.st_ino, st.st_mtime_ns, st.st_size)
        if identity == self._identity:
            return
        try:
            snapshot = open_mapped(self.path)
        except InputFileError as exc:
            self._snapshot, self._identity, self.error = None, identity, str(exc)
            return
        self._snapshot, self._identity, self.error = snapshot, identity, None
        self.swaps += 1


class SnapshotPublisher:
    """Writes the snapshot a server screens with to the file in-switch workers map, whenever its
    version changes (a refresh that changed nothing writes nothing)."""

    def __init__(self, path: Path, org: str | None = None) -> None:
        self.path = path
        self.org = org  # whose view the switch screens with (None: the platform-wide view)
        self.published: str | None = None
        self.writes = 0

    def publish(self, snapshot: RiskSnapshot | None) -> bool:
        if snapshot is None or snapshot.version == self.published:
            return False
        write_mapped(snapshot, self.path)
        self.published = snapshot.version
        self.writes += 1
        return True

"""A content-addressed cache of the shipped rule files' parsed data.

Parsing ~65 YAML files with ruamel.yaml's pure-Python loader (the C extension is optional
and often absent) took ~0.55 s of every ``advisor recommend``; reading the same data back
from one JSON file takes ~1 ms (docs/benchmarks.md). What is cached is the *parsed data* of
each file — the plain dicts and lists ``yaml_source.load`` returns — keyed by the SHA-256 of
the file's bytes. Validation, condition compiling and the frozen :class:`RuleSet` still come
from the same loader code on every run (~8 ms), so a cached load cannot differ from an
uncached one, and a file that changed in any byte is simply parsed again: the cache is never
stale. Problems are still located by re-reading the file itself (``yaml_source.locate``).

Where entries come from, in order:

1. ``advisor/_data/rules-cache.json`` in a wheel, compiled by ``hatch_build.py`` when the
   wheel is built, after the shipped rules loaded without a problem;
2. a per-checkout file in the user's cache folder (``$ADVISOR_CACHE_DIR``, else
   ``$XDG_CACHE_HOME/agent-advisor``, else ``~/.cache/agent-advisor``), rewritten after a
   load that parsed something new *and* validated — so only valid packs are cached.

Only files under the shipped ``rules/`` folder go through the cache; organisation packs
(``--rules``) and answers files are parsed as before. ``ADVISOR_NO_CACHE=1`` turns the cache
off (nothing is read or written), which is how the uncached path is measured and tested.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from advisor import resources, yaml_source

FORMAT = 1  # bump when the encoding changes; files of another format are ignored
DATE_TAG = "$date"  # YAML dates (facts' as_of) have no JSON type: {"$date": "2026-01-31"}
MAX_CACHE_BYTES = 8_000_000  # the full shipped pack is ~140 kB
ENV_DIR, ENV_OFF = "ADVISOR_CACHE_DIR", "ADVISOR_NO_CACHE"


class Uncacheable(ValueError):
    """A value JSON cannot carry exactly (a set, a timestamp, a non-text key, ...)."""


def encode(value: Any) -> Any:
    """``value`` as JSON data that :func:`decode_text` turns back into an equal value.

    Raises :class:`Uncacheable` rather than approximate: such a file is just parsed each run.
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Uncacheable(value)
        return value
    if isinstance(value, dt.datetime):  # a date subclass that would lose its time
        raise Uncacheable(value)
    if isinstance(value, dt.date):
        return {DATE_TAG: value.isoformat()}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        if DATE_TAG in value or not all(isinstance(k, str) for k in value):
            raise Uncacheable(value)
        return {k: encode(v) for k, v in value.items()}
    raise Uncacheable(value)


def _tagged(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and DATE_TAG in obj:
        return dt.date.fromisoformat(obj[DATE_TAG])
    return obj


def decode_text(text: str) -> dict[str, Any]:
    """The entries (content hash → parsed data) of a cache file's text; empty if unusable."""
    try:
        doc = json.loads(text, object_hook=_tagged)
    except ValueError:
        return {}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return {}
    files = doc.get("files")
    return files if isinstance(files, dict) else {}


def _read_cache(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return {}
    if len(data) > MAX_CACHE_BYTES:
        return {}
    return decode_text(data.decode("utf-8", errors="replace"))


def write_cache(path: Path, entries: dict[str, Any]) -> None:
    """Write entries (already encoded) atomically: readers see the old file or the new one."""
    import tempfile  # only when writing: it imports random, which a cache hit never needs

    path.parent.mkdir(parents=True, exist_ok=True)
    # key order is data (choices, effects are shown in file order): never sort_keys
    text = json.dumps({"format": FORMAT, "files": entries}, ensure_ascii=False)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=".rules-", suffix=".tmp", delete=False
    ) as handle:
        try:
            handle.write(text)
            handle.close()
            os.chmod(handle.name, 0o644)  # a wheel ships it: readable by all, like the rules
            os.replace(handle.name, path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise


def content_key(text: str) -> str:
    """The cache key of a file: SHA-256 of its bytes (its text encoded back as UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedReader:
    """``yaml_source.load`` with a cache for the files under ``root``.

    Call it like ``yaml_source.load``; call :meth:`save` once the load has validated. The data
    returned for a hit is shared with the cache's decoded copy: callers treat parsed data as
    read-only (the loaders copy what they keep, e.g. ``{**defaults, **example}``).
    """

    def __init__(self, root: Path, sources: Iterable[Path], store: Path | None) -> None:
        self.root = root
        self.store = store
        self._sources = tuple(sources)
        self._known: dict[str, Any] | None = None  # read on first use
        self._used: dict[str, Any] = {}  # every entry this load read, hit or parsed
        self._new: set[str] = set()  # keys parsed in this load (not found in any source)
        self.hits = 0
        self.misses = 0

    def _entries(self) -> dict[str, Any]:
        if self._known is None:
            self._known = {}
            for source in self._sources:
                for key, value in _read_cache(source).items():
                    self._known.setdefault(key, value)
        return self._known

    def __call__(self, path: Path) -> Any:
        if not path.is_relative_to(self.root):
            return yaml_source.load(path)
        text = yaml_source.read_text(path)
        key = content_key(text)
        known = self._entries()
        if key in known:
            self.hits += 1
            self._used[key] = known[key]
            return known[key]
        self.misses += 1
        data = yaml_source.load_text(path, text)  # raises InputError: nothing is recorded
        self._used[key] = data
        self._new.add(key)
        return data

    def parsed(self) -> dict[str, Any]:
        """The parsed data of every file this load read under ``root``, by content hash."""
        return dict(self._used)

    def entries(self) -> dict[str, Any]:
        """The encoded entries of this load, uncacheable files left out."""
        encoded = {}
        for key, data in self._used.items():
            try:
                encoded[key] = encode(data)
            except Uncacheable:
                continue
        return encoded

    def save(self) -> None:
        """After a load that validated: store what this load read, if it parsed anything new.

        The store then holds exactly the current files, so entries of edited versions do not
        accumulate. A cache that cannot be written (read-only home, full disk) costs only speed.
        """
        if self.store is None or not self._new:
            return
        entries = self.entries()
        if not self._new & entries.keys():
            return  # only uncacheable files were new: rewriting would change nothing
        with contextlib.suppress(OSError):
            write_cache(self.store, entries)


def user_cache_dir() -> Path | None:
    """Where caches written at run time go; None when there is no home to put them in."""
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "agent-advisor"
    try:
        return Path.home() / ".cache" / "agent-advisor"
    except RuntimeError:  # no HOME and no passwd entry
        return None


def reader() -> CachedReader:
    """The reader for the shipped rules: wheel cache, then this checkout's user cache."""
    root = resources.rules_dir()
    if os.environ.get(ENV_OFF):
        return CachedReader(root, (), None)
    folder = user_cache_dir()
    store = None
    if folder is not None:
        # one file per rules folder: two checkouts never evict each other's entries
        store = folder / f"rules-{content_key(str(root.resolve()))[:16]}.json"
    shipped = resources.compiled_rules_cache()
    return CachedReader(root, [p for p in (shipped, store) if p is not None], store)


def compile_shipped(dest: Path) -> int:
    """Load and validate the shipped rules, parsing every file, and write their cache to dest.

    Used by ``hatch_build.py`` when a wheel is built; raises InputError (the usual
    ``path:line: CODE: message`` list) when the shipped rules have any problem.
    """
    from advisor.rules.loader import load_shipped

    read = CachedReader(resources.rules_dir(), (), dest)
    load_shipped((), read)
    entries = read.entries()
    write_cache(dest, entries)
    written = _read_cache(dest)
    for key, data in read.parsed().items():
        if key in entries and not same(written.get(key), data):
            raise ValueError(f"rules cache entry {key} does not read back as it was parsed")
    return len(entries)


def same(left: Any, right: Any) -> bool:
    """Equal *and* alike: same types (True is not 1) and same key order in every mapping."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    return bool(left == right)

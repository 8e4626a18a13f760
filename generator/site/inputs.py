"""A page's inputs, for a build that renders only the pages whose inputs changed.

A page is made of the build's global inputs (the generator, its templates and strings, the
settings, the as-of date: the same for every page), its path and template, its view (the
planned values) and what the register answered to the look-ups its templates made while it
rendered (`party_label('ldld-nghe-an')`, `agreement_row('van-ban-1')`…). `Digests` gives a
stable digest of a view or an answer; `Lookups` records, while a page renders, each look-up
it made and a digest of the answer, and answers the same look-ups again in a later build: a
page whose view is the same and whose every look-up gets the same answer is the page the
last build made (dependency tracking, as Salsa or Bazel do it). A value the digest cannot
describe, or a look-up it cannot name again, makes the page one that is always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath
from types import FunctionType, MappingProxyType
from typing import Any

from markupsafe import Markup

Key = tuple[tuple[object, ...], tuple[tuple[str, object], ...]]
"""A look-up's arguments: positional, then keyword (name, value) in order of name; each a
string, an integer, a boolean or None."""
Dependency = tuple[str, Key, bytes]
"""A look-up a page made: its name, its arguments and the digest of its answer."""
PLAIN = (str, int, bool, type(None))
"""What a look-up's argument may be to be named again in a later build."""


class Untracked(Exception):
    """A value the digests cannot describe, or a look-up that cannot be named again: the
    page is rendered by every build."""


SIZE = 16
"""Bytes of every digest."""


class Digests:
    """Stable digests of the values pages are planned and rendered from: the same value
    gives the same digest in any process and any build, two values a template could tell
    apart give two. Records (frozen dataclasses) are digested once per build, by identity:
    a list page shares its rows' records with every other page."""

    def __init__(self) -> None:
        self._records: dict[int, tuple[object, bytes]] = {}

    def of(self, value: object) -> bytes:
        """The digest of `value`; Untracked when it holds a value of a kind not known here
        (anything else could hide what a template reads)."""
        digest = hashlib.blake2b(digest_size=SIZE)
        try:
            self._feed(digest, value)
        except RecursionError as error:
            raise Untracked("nested too deep") from error
        return digest.digest()

    def _record(self, value: object) -> bytes:
        known = self._records.get(id(value))
        if known is not None:
            return known[1]
        digest = hashlib.blake2b(digest_size=SIZE)
        kind = type(value)
        digest.update(f"{kind.__module__}.{kind.__qualname__}\0".encode())
        for item in dataclasses.fields(value):  # type: ignore[arg-type]
            digest.update(item.name.encode() + b"\0")
            self._feed(digest, getattr(value, item.name))
        made = digest.digest()
        self._records[id(value)] = (value, made)  # kept alive: its id stays its own
        return made

    def _feed(self, digest: Any, value: object) -> None:  # noqa: C901, PLR0912 - one case a kind
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
            digest.update(b"s%d:" % len(data) + data)
        elif kind is bool:
            digest.update(b"T" if value else b"F")
        elif kind is int:
            digest.update(f"i{value};".encode())
        elif value is None:
            digest.update(b"N")
        elif isinstance(value, enum.Enum):
            # Before str and int: a StrEnum is a str, and shows as its value or its name.
            digest.update(f"e{kind.__module__}.{kind.__qualname__}.{value.name}\0".encode())
        elif kind is bytes:
            digest.update(b"b%d:" % len(value) + value)  # type: ignore[arg-type, operator]
        elif kind is Markup:
            data = str(value).encode("utf-8", "surrogatepass")
            digest.update(b"m%d:" % len(data) + data)
        elif kind in (tuple, list):
            digest.update(b"(%d:" % len(value))  # type: ignore[arg-type]
            for item in value:  # type: ignore[attr-defined]
                self._feed(digest, item)
        elif kind in (dict, MappingProxyType):
            digest.update(b"{%d:" % len(value))  # type: ignore[arg-type]
            for key, item in value.items():  # type: ignore[attr-defined]
                self._feed(digest, key)
                self._feed(digest, item)
        elif kind in (set, frozenset):
            digest.update(b"<%d:" % len(value))  # type: ignore[arg-type]
            for item in sorted(self.of(item) for item in value):  # type: ignore[attr-defined]
                digest.update(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            digest.update(b"@" + self._record(value))
        elif kind is float:
            digest.update(f"f{value!r};".encode())
        elif kind in (dt.date, dt.datetime):
            digest.update(f"d{kind.__name__}{value.isoformat()};".encode())  # type: ignore[attr-defined]
        elif isinstance(value, PurePath):
            digest.update(f"p{kind.__name__}:".encode())
            self._feed(digest, value.as_posix())
        elif kind is FunctionType:
            # Code is a global input of every page (the generator's digest): its name
            # tells which function it is.
            digest.update(f"c{value.__module__}.{value.__qualname__}\0".encode())  # type: ignore[attr-defined]
        elif kind is functools.partial:
            digest.update(b"P")
            self._feed(digest, (value.func, value.args, value.keywords))  # type: ignore[attr-defined]
        elif isinstance(value, Mapping) and isinstance(value, Iterable):
            digest.update(f"M{kind.__module__}.{kind.__qualname__}".encode())
            self._feed(digest, dict(value.items()))
        else:
            raise Untracked(f"a value of type {kind.__qualname__}")


class Lookups:
    """The register's look-ups as templates call them, each recorded while a page renders
    (`recording`), and answered again for a later build (`answer`).

    A look-up made while another is being answered (a row's own look-ups, inside
    `agreement_row`) is not recorded: the outer answer's digest holds it."""

    def __init__(self, digests: Digests) -> None:
        self.digests = digests
        self._functions: dict[str, tuple[Callable[..., Any], Callable[..., Key] | None]] = {}
        self._decode: dict[str, Callable[[Key], Key]] = {}
        self._answers: dict[tuple[str, Key], bytes | None] = {}
        self._made: dict[tuple[str, Key], bytes] | None = None
        self._untracked = False
        self._depth = 0

    def track(
        self,
        name: str,
        function: Callable[..., Any],
        *,
        encode: Callable[..., Key] | None = None,
        decode: Callable[[Key], Key] | None = None,
    ) -> Callable[..., Any]:
        """`function` as templates call it: recorded under `name` while a page renders.
        Its arguments are named as they are (strings, numbers, booleans) or by `encode`,
        which raises Untracked for an argument it cannot name; `decode` gives the
        arguments back from the names."""
        self._functions[name] = (function, encode)
        if decode is not None:
            self._decode[name] = decode

        def tracked(*args: Any, **keywords: Any) -> Any:
            if self._made is None or self._depth:
                return function(*args, **keywords)
            self._depth += 1
            try:
                answer = function(*args, **keywords)
            finally:
                self._depth -= 1
            self._note(name, args, keywords, answer)
            return answer

        return tracked

    def _note(self, name: str, args: tuple[Any, ...], keywords: dict[str, Any], answer: Any) -> None:
        assert self._made is not None
        try:
            _, encode = self._functions[name]
            key = encode(*args, **keywords) if encode else _plain_key(args, keywords)
            if (name, key) in self._made:
                return
            digest = self._answers.get((name, key))
            if digest is None:
                digest = self._answers[(name, key)] = self.digests.of(answer)
            self._made[(name, key)] = digest
        except (Untracked, TypeError):
            self._untracked = True

    def forget(self) -> None:
        """Forget every answer given so far (the register changed under the renderer)."""
        self._answers.clear()

    def recording(self) -> _Recording:
        """A `with` block in which every look-up is recorded (one page's render)."""
        return _Recording(self)

    def answer(self, name: str, key: Key) -> bytes | None:
        """The digest of what look-up `name` answers now to the arguments `key` (as a
        page's record names them, from an earlier build: untrusted); None when it cannot
        be answered (a name not tracked, arguments it refuses, a record no longer there)."""
        if (name, key) in self._answers:
            return self._answers[(name, key)]
        digest: bytes | None = None
        known = self._functions.get(name)
        if known is not None:
            try:
                args, keywords = self._decode[name](key) if name in self._decode else key
                digest = self.digests.of(known[0](*args, **dict(keywords)))
            except Exception:  # noqa: BLE001 - a look-up that fails now: render the page
                digest = None
        self._answers[(name, key)] = digest
        return digest


class _Recording:
    def __init__(self, lookups: Lookups) -> None:
        self._lookups = lookups
        self.made: tuple[Dependency, ...] | None = None
        """Once the block ends: every look-up made, in the order first made, with the
        digest of its answer; None when one of them could not be named."""

    def __enter__(self) -> _Recording:
        if self._lookups._made is not None:
            raise RuntimeError("one page is recorded at a time")
        self._lookups._made, self._lookups._untracked = {}, False
        return self

    def __exit__(self, *exc: object) -> None:
        made, self._lookups._made = self._lookups._made, None
        assert made is not None
        if not self._lookups._untracked:
            self.made = tuple((name, key, digest) for (name, key), digest in made.items())


def _plain_key(args: tuple[Any, ...], keywords: Mapping[str, Any]) -> Key:
    """A look-up's arguments as a later build can give them again; Untracked unless each
    is a string, an integer, a boolean or None."""
    key = (tuple(args), tuple(sorted(keywords.items())))
    if not all(type(value) in PLAIN for value in (*key[0], *(v for _, v in key[1]))):
        raise Untracked("an argument that cannot be named again")
    return key


def page_inputs(
    digests: Digests,
    everything: str,
    path: str,
    template: str,
    view: bytes,
    made: Iterable[tuple[str, Key, bytes]],
) -> bytes:
    """The digest of all a page is made from: the build's global inputs (`everything`), its
    path and template, its view's digest and each look-up it made with its answer."""
    return digests.of((everything, path, template, view, tuple(made)))

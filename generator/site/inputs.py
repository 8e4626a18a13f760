"""What a page is made from, for a build that renders only the pages whose inputs changed.

A page is made of the build's global inputs (the generator, its templates and strings, the
settings, the as-of date: the same for every page), its path and template, its view (the
planned values) and what the register answered to the look-ups its templates made while it
rendered (`party_label('ldld-nghe-an')`, `standing_of('van-ban-1')`…). `Digests` gives a
stable digest of a view or an answer; `Lookups` records, while a page renders, each look-up
it made and a digest of the answer, and answers the same look-ups again in a later build: a
page whose view is the same and whose every look-up gets the same answer is the page the
last build made (dependency tracking, as Salsa or Bazel do it). A value the digest cannot
describe, or a look-up it cannot name again, makes the page one that every build renders.

A derived look-up (`agreement_row`: a table row drawn from its record and its parties'
names) is itself made of look-ups: its answer's digest is that of the look-ups it made and
their answers, so a later build checks it by answering those, without drawing the row.
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
Lookup = tuple[str, Key]
"""A look-up: its name and its arguments."""
Dependency = tuple[str, Key, bytes]
"""A look-up a page made: its name, its arguments and the digest of its answer."""
PLAIN = (str, int, bool, type(None))
"""What a look-up's argument may be to be named again in a later build."""
SIZE = 16
"""Bytes of every digest."""
DEEPEST = 4
"""The most derived look-ups a later build answers one inside another (a record nesting
them deeper, or in a cycle, renders the page)."""


class Untracked(Exception):
    """A value the digests cannot describe, or a look-up that cannot be named again: the
    page is rendered by every build."""


_FIELDS: dict[type, tuple[bytes, tuple[tuple[str, bytes], ...]]] = {}
"""Each dataclass's name and its fields' names, as digested."""


def _layout(kind: type) -> tuple[bytes, tuple[tuple[str, bytes], ...]]:
    known = _FIELDS.get(kind)
    if known is None:
        names = tuple(
            (item.name, item.name.encode() + b"\0")
            for item in dataclasses.fields(kind)
            if item.metadata.get("page_input", True)
        )
        known = _FIELDS[kind] = (f"{kind.__module__}.{kind.__qualname__}\0".encode(), names)
    return known


class Digests:
    """Stable digests of the values pages are planned and rendered from: the same value
    gives the same digest in any process and any build, two values a template could tell
    apart give two. Records (dataclass instances) are digested once per build, by
    identity: a list page shares its rows' records with every other page. A record's field
    that no page shows (`page_input=False` in its metadata: where the file was read from) is
    left out."""

    def __init__(self) -> None:
        self._records: dict[int, tuple[object, bytes]] = {}

    def of(self, value: object) -> bytes:
        """The digest of `value`; Untracked when it holds a value of a kind not known here
        (anything else could hide what a template reads)."""
        digest = hashlib.blake2b(digest_size=SIZE)
        try:
            self._feed(digest.update, value)
        except RecursionError as error:
            raise Untracked("nested too deep") from error
        return digest.digest()

    def _record(self, value: object) -> bytes:
        known = self._records.get(id(value))
        if known is not None:
            return known[1]
        digest = hashlib.blake2b(digest_size=SIZE)
        update = digest.update
        name, fields = _layout(type(value))
        update(name)
        for field, label in fields:
            update(label)
            self._feed(update, getattr(value, field))
        made = digest.digest()
        self._records[id(value)] = (value, made)  # kept alive: its id stays its own
        return made

    def _feed(self, update: Callable[[bytes], object], value: object) -> None:  # noqa: C901, PLR0912
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
            update(b"s%d:" % len(data))
            update(data)
        elif value is None:
            update(b"N")
        elif kind is int:
            update(b"i%d;" % value)  # type: ignore[str-format]
        elif kind is tuple or kind is list:
            update(b"(%d:" % len(value))  # type: ignore[arg-type]
            for item in value:  # type: ignore[attr-defined]
                self._feed(update, item)
        elif kind is bool:
            update(b"T" if value else b"F")
        elif isinstance(value, enum.Enum):
            # Before str and int: a StrEnum is a str, and shows as its value or its name.
            update(f"e{kind.__module__}.{kind.__qualname__}.{value.name}\0".encode())
        elif hasattr(kind, "__dataclass_fields__") and not isinstance(value, type):
            update(b"@")
            update(self._record(value))
        elif kind is dict or kind is MappingProxyType:
            update(b"{%d:" % len(value))  # type: ignore[arg-type]
            for key, item in value.items():  # type: ignore[attr-defined]
                self._feed(update, key)
                self._feed(update, item)
        elif kind is Markup:
            data = str(value).encode("utf-8", "surrogatepass")
            update(b"m%d:" % len(data))
            update(data)
        elif kind is bytes:
            update(b"b%d:" % len(value))  # type: ignore[arg-type]
            update(value)  # type: ignore[arg-type]
        elif kind is set or kind is frozenset:
            update(b"<%d:" % len(value))  # type: ignore[arg-type]
            for item in sorted(self.of(item) for item in value):  # type: ignore[attr-defined]
                update(item)
        elif kind is float:
            update(f"f{value!r};".encode())
        elif kind is dt.date or kind is dt.datetime:
            update(f"d{kind.__name__}{value.isoformat()};".encode())  # type: ignore[attr-defined]
        elif isinstance(value, PurePath):
            update(f"p{kind.__name__}:".encode())
            self._feed(update, value.as_posix())
        elif kind is FunctionType:
            # Code is a global input of every page (the generator's digest): its name
            # tells which function it is.
            update(f"c{value.__module__}.{value.__qualname__}\0".encode())  # type: ignore[attr-defined]
        elif kind is functools.partial:
            update(b"P")
            self._feed(update, (value.func, value.args, value.keywords))  # type: ignore[attr-defined]
        else:
            raise Untracked(f"a value of type {kind.__qualname__}")


class Lookups:
    """The register's look-ups as templates call them, each recorded while a page renders
    (`recording`), and answered again for a later build (`answer`).

    A look-up made while another is being answered (inside `party_label`) is not recorded:
    the outer answer's digest holds it. A derived look-up (`derive`) records the look-ups
    it makes, and is answered from them."""

    def __init__(self, digests: Digests) -> None:
        self.digests = digests
        self._functions: dict[str, Callable[..., Any]] = {}
        self._encode: dict[str, Callable[..., Key]] = {}
        self._decode: dict[str, Callable[[Key], Key]] = {}
        self._derived: set[str] = set()
        self._answers: dict[Lookup, bytes | None] = {}
        self._results: dict[Lookup, tuple[Any, tuple[Dependency, ...] | None, bytes]] = {}
        self._made: dict[Lookup, bytes] | None = None
        self._untracked = False
        self._depth = 0
        self.kept: Mapping[Lookup, tuple[Lookup, ...]] = {}
        """The look-ups each derived look-up made in the last build (from its record:
        untrusted), by which it is answered."""
        self.used: dict[Lookup, tuple[Lookup, ...]] = {}
        """The look-ups each derived look-up answered or made in this process made (a
        later build answers it from them)."""

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
        self._functions[name] = function
        if encode is not None:
            self._encode[name] = encode
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

    def derive(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function` as templates call it, made once per build and arguments: a page that
        calls it records the look-ups it made (through `track`) rather than its answer."""
        self._functions[name] = function
        self._derived.add(name)

        def derived(*args: Any, **keywords: Any) -> Any:
            try:
                key = _plain_key(args, keywords)
            except Untracked:
                if self._made is not None and not self._depth:
                    self._untracked = True
                return function(*args, **keywords)
            known = self._results.get((name, key))
            if known is None:
                known = self._results[(name, key)] = self._make(name, key, function)
            answer, made, digest = known
            if self._made is not None and not self._depth:
                if made is None:
                    self._untracked = True
                else:
                    self._made.setdefault((name, key), digest)
            return answer

        return derived

    def _make(
        self, name: str, key: Key, function: Callable[..., Any]
    ) -> tuple[Any, tuple[Dependency, ...] | None, bytes]:
        """A derived look-up's answer, with the look-ups it made (recorded whether or not a
        page is) and their digest."""
        outer = self._made, self._untracked, self._depth
        self._made, self._untracked, self._depth = {}, False, 0
        try:
            answer = function(*key[0], **dict(key[1]))
            made = None if self._untracked else tuple((n, k, d) for (n, k), d in self._made.items())
        finally:
            self._made, self._untracked, self._depth = outer
        if made is None:
            return answer, None, b""
        self.used[(name, key)] = tuple((n, k) for n, k, _ in made)
        return answer, made, made_digest(made)

    def _note(
        self, name: str, args: tuple[Any, ...], keywords: dict[str, Any], answer: Any
    ) -> None:
        assert self._made is not None
        try:
            encode = self._encode.get(name)
            key = encode(*args, **keywords) if encode else _plain_key(args, keywords)
            if (name, key) in self._made:
                return
            digest = self._answers.get((name, key))
            if digest is None:
                digest = self._answers[(name, key)] = self.digests.of(answer)
            self._made[(name, key)] = digest
        except (Untracked, TypeError):
            self._untracked = True

    def take_used(self) -> dict[Lookup, tuple[Lookup, ...]]:
        """The look-ups of each derived look-up answered or made since the last call (a
        worker hands them to the build with each page)."""
        used, self.used = self.used, {}
        return used

    def forget(self) -> None:
        """Forget every answer given so far (the register changed under the renderer)."""
        self._answers.clear()
        self._results.clear()
        self.used.clear()

    def recording(self) -> Recording:
        """A `with` block in which every look-up is recorded (one page's render)."""
        return Recording(self)

    def answer(self, name: str, key: Key, depth: int = 0) -> bytes | None:
        """The digest of what look-up `name` answers now to the arguments `key` (as a
        page's record names them, from an earlier build: untrusted); None when it cannot
        be answered (a name not tracked, arguments it refuses, a record no longer there).
        A derived look-up is answered from the look-ups it made in the last build
        (`kept`)."""
        if (name, key) in self._answers:
            return self._answers[(name, key)]
        self._answers[(name, key)] = None  # while it is answered: a cycle has no answer
        digest: bytes | None = None
        if name in self._derived:
            digest = self._answer_derived(name, key, depth)
        elif name in self._functions:
            try:
                args, keywords = self._decode[name](key) if name in self._decode else key
                digest = self.digests.of(self._functions[name](*args, **dict(keywords)))
            except Exception:  # noqa: BLE001 - a look-up that fails now: render the page
                digest = None
        self._answers[(name, key)] = digest
        return digest

    def _answer_derived(self, name: str, key: Key, depth: int) -> bytes | None:
        made = self.kept.get((name, key))
        if made is None or depth >= DEEPEST:
            return None
        answers = []
        for inner, arguments in made:
            answer = self.answer(inner, arguments, depth + 1)
            if answer is None:
                return None
            answers.append((inner, arguments, answer))
        self.used.setdefault((name, key), made)
        return made_digest(answers)


class Recording:
    """One page's render, every look-up it makes recorded."""

    def __init__(self, lookups: Lookups) -> None:
        self._lookups = lookups
        self.made: tuple[Dependency, ...] | None = None
        """Once the block ends: every look-up made, in the order first made, with the
        digest of its answer; None when one of them could not be named."""

    def __enter__(self) -> Recording:
        lookups = self._lookups
        if lookups._made is not None:
            raise RuntimeError("one page is recorded at a time")
        lookups._made, lookups._untracked, lookups._depth = {}, False, 0
        return self

    def __exit__(self, *exc: object) -> None:
        lookups = self._lookups
        made, lookups._made = lookups._made, None
        assert made is not None
        if not lookups._untracked:
            self.made = tuple((name, key, digest) for (name, key), digest in made.items())


def _plain_key(args: tuple[Any, ...], keywords: Mapping[str, Any]) -> Key:
    """A look-up's arguments as a later build can give them again; Untracked unless each
    is a string, an integer, a boolean or None."""
    key = (tuple(args), tuple(sorted(keywords.items())))
    if not all(type(value) in PLAIN for value in (*key[0], *(v for _, v in key[1]))):
        raise Untracked("an argument that cannot be named again")
    return key


def made_digest(made: Iterable[Dependency], *before: str | bytes) -> bytes:
    """The digest of look-ups with their answers (after the strings or digests `before`):
    a look-up's arguments are plain values (`PLAIN`), whose `repr` names them exactly."""
    digest = hashlib.blake2b(digest_size=SIZE)
    update = digest.update
    for value in before:
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
        update(b"%d:" % len(data))
        update(data)
    for name, key, answer in made:
        text = f"{name}\0{key!r}".encode("utf-8", "surrogatepass")
        update(b"%d:" % len(text))
        update(text)
        update(answer)
    return digest.digest()


def page_inputs(
    everything: str, path: str, template: str, view: bytes, made: Iterable[Dependency]
) -> bytes:
    """The digest of all a page is made from: the build's global inputs (`everything`), its
    path and template, its view's digest and each look-up it made with its answer."""
    return made_digest(made, everything, path, template, view)

"""The editors' tools under random arguments: `new` and `new-party` end with 0, 1 or 2,
never a traceback, and whatever they write `check` accepts."""

from __future__ import annotations

import io
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from generator.core import provinces
from generator.editing.cli import main
from tests.conftest import TODAY, assemble, tree_hashes
from tests.fuzzing import fuzz

# No max_examples here: the settings profile in force (tests/conftest.py) decides how many.
TOOLS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What a shell can pass: any text but NUL, from every Unicode category (controls, marks,
# format characters, emoji), sometimes huge.
TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=40)
HUGE = st.builds(lambda text, times: text * times, TEXT, st.integers(100, 3_000))
ANY_TEXT = st.one_of(TEXT, TEXT, HUGE)


def _some(values: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(values), ANY_TEXT)


DATES = _some(
    [
        "2016-10-26",
        "2016",
        "2016-02",
        "XXXX-10-26",
        "unknown",
        "chưa rõ",
        "khoảng 2013",
        "trước 2016-12-09",
        "sau 2025-06",
        "không muộn hơn 2025-09-20",
        "sau 2025-06, không muộn hơn 2025-09-20",
        "không sớm hơn 2025-07-01, trước 2026",
        "sau 9999",
        "trước 0001",
        "26/10",
        "26.10",
        "2023-02-29",
        "0000",
    ]
)
KINDS = _some(["regulation", "program", "quy chế phối hợp", "Tổ chức Công đoàn", "other"])
PARTY_KINDS = _some(
    ["labour-federation", "Tổ chức Công đoàn", "CO QUAN NHA NUOC", "Doanh nghiệp", "group"]
)
PARTIES = _some(["ldld-nghe-an", "UBND tỉnh Nghệ An", "Công đoàn Nghệ An", "LĐLĐ tỉnh Nghệ An"])
NAMES = _some(
    [
        "Liên đoàn Lao động tỉnh Thanh Hóa",
        "Thanh tra tỉnh Nghệ An",
        "LĐLĐ tỉnh Nghệ An",
        "...///",
        "🔥🎉",
        "Công an tỉnh An Giang",
    ]
)
PROVINCES = _some([p.name for p in provinces.after_2025()] + ["toàn quốc", "tỉnh Gia lai"])
SLUGS = _some(["quy-che-moi", "quy-che-nghe-an", "Quy_Che", "ldld-nghe-an", "a--b"])


def _optional(values: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), values)


@contextmanager
def _register() -> Iterator[Path]:
    """A fresh copy of the minimal register (a party, a committee, an agreement)."""
    with tempfile.TemporaryDirectory() as folder:
        yield assemble(Path(folder))


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, today=TODAY, out=out, err=err)
    return code, err.getvalue()


def _flags(pairs: list[tuple[str, str | None]]) -> list[str]:
    return [item for flag, value in pairs if value is not None for item in (flag, value)]


def _holds(content: Path, argv: list[str]) -> None:
    """The tool ends in 0, 1 or 2 without a traceback; it writes exactly one file when it
    succeeds and nothing otherwise; `check` accepts the content it leaves."""
    before = tree_hashes(content)
    code, err = _run(argv)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    after = tree_hashes(content)
    added = set(after) - set(before)
    if code == 0:
        assert len(added) == 1 and all(after[k] == v for k, v in before.items())
        check, problems = _run(["check", "--content", str(content), "--lang", "en"])
        assert check == 0, problems
    else:
        assert after == before, err


@TOOLS
@fuzz(
    title=_optional(ANY_TEXT),
    kind=_optional(KINDS),
    parties=st.lists(PARTIES, max_size=3),
    signed=_optional(DATES),
    inferred=_optional(st.sampled_from(["year", "date"])),
    reason=_optional(ANY_TEXT),
    slug=_optional(SLUGS),
)
def test_new_with_any_arguments_writes_only_what_check_accepts(
    title: str | None,
    kind: str | None,
    parties: list[str],
    signed: str | None,
    inferred: str | None,
    reason: str | None,
    slug: str | None,
) -> None:
    """`agreements new` with random titles, kinds, parties, dates, reasons and slugs."""
    flags = _flags(
        [
            ("--title", title),
            ("--kind", kind),
            ("--signed", signed),
            ("--inferred", inferred),
            ("--reason", reason),
            ("--slug", slug),
        ]
    )
    for party in parties:
        flags += ["--party", party]
    terminal, sys.stdin = sys.stdin, io.StringIO("")  # missing flags are not asked for
    try:
        with _register() as content:
            _holds(content, ["new", "--content", str(content), *flags])
    finally:
        sys.stdin = terminal


@TOOLS
@fuzz(
    name=_optional(NAMES),
    kind=_optional(PARTY_KINDS),
    short=_optional(NAMES),
    province=_optional(PROVINCES),
    parent=_optional(PARTIES),
    party_id=_optional(SLUGS),
    second=_optional(NAMES),
)
def test_new_party_with_any_arguments_writes_only_what_check_accepts(
    name: str | None,
    kind: str | None,
    short: str | None,
    province: str | None,
    parent: str | None,
    party_id: str | None,
    second: str | None,
) -> None:
    """`agreements new-party` with random names, kinds, short names, provinces, parents and
    ids, then a second party with another random name: each run keeps `check` green."""
    flags = _flags(
        [
            ("--name", name),
            ("--kind", kind),
            ("--short", short),
            ("--province", province),
            ("--parent", parent),
            ("--id", party_id),
        ]
    )
    with _register() as content:
        _holds(content, ["new-party", "--content", str(content), *flags])
        if second is not None:
            again = ["--name", second, "--kind", "enterprise"]
            _holds(content, ["new-party", "--content", str(content), *again])

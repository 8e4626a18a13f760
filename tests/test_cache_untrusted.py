"""The cache is untrusted input (issue 28): whatever `.agreements-cache/` holds — a link to
/dev/zero, a FIFO, JSON nested 200,000 deep, a huge file, values of the wrong kind — the
build ignores it with one warning naming the file and why, builds everything, ends in
bounded time and memory, and the next build finds a good record again."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.publish import cache
from tests.conftest import FIXTURES, TODAY, assemble, run_cli, run_limited

PEAK_KIB = 400 * 1024
"""A build of a small register takes about 60 MiB; a runaway read takes gigabytes."""
TIME_LIMIT = 120
"""Seconds: a build of a small register takes about one on a busy machine."""


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A small register that warns, built once (its output folder is `site` beside it)."""
    content = assemble(tmp_path, FIXTURES / "warnings")
    _build(content)
    return content


def _build(content: Path, *extra: str) -> tuple[int, str]:
    site = content.parent / "site"
    run = run_cli("build", "--content", str(content), "--output", str(site), *extra)
    return run.code, run.err


def _edit(content: Path) -> None:
    """Change the content, so the next build cannot keep the site as it is."""
    page = content / "agreements" / "quy-che-nghe-an.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")


def _record(content: Path, kind: str) -> Path:
    return cache.record_path(content.parent / "site", kind)


def _build_limited(content: Path) -> tuple[int | None, str, int]:
    site = content.parent / "site"
    done = run_limited(
        "build", "--content", str(content), "--output", str(site), timeout=TIME_LIMIT
    )
    return done.code, done.err, done.peak


@pytest.mark.parametrize("kind", ["build", "conversions", "pages"])
def test_a_record_linked_to_dev_zero_is_ignored_in_bounded_time_and_memory(
    built: Path, kind: str
) -> None:
    """`ln -sf /dev/zero` at a record's name: the real command ends with the site built,
    one warning naming the file, its peak memory a few tens of megabytes (it used to read
    without end)."""
    record = _record(built, kind)
    record.unlink()
    record.symlink_to("/dev/zero")
    _edit(built)
    code, err, peak = _build_limited(built)
    assert code == 0, err
    assert peak < PEAK_KIB
    assert err.count("ignored") == 1 and f"'{record}': a symbolic link" in err
    assert record.is_file() and not record.is_symlink()  # replaced by a good record
    assert "ignored" not in _build(built)[1]


@pytest.mark.parametrize("kind", ["build", "conversions", "pages"])
def test_a_record_that_is_a_fifo_is_ignored_without_blocking(built: Path, kind: str) -> None:
    """A FIFO at a record's name: the real command ends (it used to wait forever for a
    writer), warns that the record is not a regular file, and replaces it."""
    record = _record(built, kind)
    record.unlink()
    os.mkfifo(record)
    _edit(built)
    code, err, peak = _build_limited(built)
    assert code == 0, err
    assert peak < PEAK_KIB
    assert f"'{record}': not a regular file" in err
    assert record.is_file()
    assert "ignored" not in _build(built)[1]


@pytest.mark.parametrize("kind", ["build", "conversions", "pages"])
def test_a_record_nested_200000_deep_is_ignored_and_replaced(built: Path, kind: str) -> None:
    """JSON nested far deeper than a record's own layout is refused (the parser's bound
    stops it): one warning, not a RecursionError traceback; and the next build is clean
    (a bad record used to fail every build until it was deleted by hand)."""
    record = _record(built, kind)
    record.write_text("[" * 200_000, encoding="utf-8")
    _edit(built)
    code, err = _build(built)
    assert code == 0
    assert f"'{record}': nested deeper than {cache.RECORD_DEPTH} levels" in err
    code, err = _build(built)
    assert code == 0 and "ignored" not in err


@pytest.mark.parametrize("kind", ["build", "conversions", "pages"])
def test_a_record_larger_than_the_content_could_make_is_not_read(built: Path, kind: str) -> None:
    """A record larger than `record_limit` of the content is refused by its size, before it
    is read; the warning says the limit."""
    record = _record(built, kind)
    _edit(built)
    limit = cache.record_limit(built)
    record.write_text(json.dumps({"format": cache.FORMAT, "x": "a" * limit}), encoding="utf-8")
    code, err = _build(built)
    assert code == 0
    assert f"'{record}': larger than {limit} bytes" in err
    assert record.stat().st_size < limit


def test_the_warning_is_in_vietnamese_by_default(built: Path) -> None:
    """Without `--lang en`, the warning names the file and the reason in Vietnamese."""
    record = _record(built, "build")
    record.write_text("[" * 100 + "]" * 100, encoding="utf-8")
    code, err = _build(built, "--lang", "vi")
    assert code == 0
    assert f"đã bỏ qua bản ghi của lần dựng trước ('{record}': lồng sâu hơn 8 cấp)" in err


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The record a build of a small register that warns keeps (read only)."""
    content = assemble(tmp_path_factory.mktemp("kept"), FIXTURES / "warnings")
    assert _build(content)[0] == 0
    return json.loads(_record(content, "build").read_text(encoding="utf-8"))


WRONG_VALUES = [
    # A phrase that would be filled in when printed (a format field, a huge width).
    lambda r: r["notes"].append({"phrase": {"en": "{0}", "vi": "{0}"}}),
    lambda r: r["notes"].append({"phrase": {"en": "{x:>999999999}", "vi": "x"}}),
    lambda r: r["diagnostics"].append({**r["diagnostics"][0], "params": {}}),
    lambda r: r["diagnostics"].append({**r["diagnostics"][0], "line": [1]}),
    # Paths out of the output folder.
    lambda r: r["files"].append(["../content/site.yaml", 1, 1, True]),
    lambda r: r["files"].append(["/etc/hostname", 1, 1, True]),
    lambda r: r["files"].append(["a", "1", 1, True]),
    lambda r: r.update(search=[1]),
    lambda r: r.update(as_of="2024-02-30"),
]


@pytest.mark.parametrize("change", WRONG_VALUES)
def test_a_record_with_values_no_build_writes_is_refused_when_read(
    kept: dict, tmp_path: Path, change
) -> None:
    """A record whose values are not what a build writes is refused as a whole when it is
    read, before any of it is used or printed."""
    data = json.loads(json.dumps(kept))
    assert data["diagnostics"] and data["notes"]
    change(data)
    site = tmp_path / "site"
    record = cache.record_path(site)
    record.parent.mkdir()
    record.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(cache.CacheIgnored) as refused:
        cache.last_build(site, 10**7)
    assert "not laid out as a record" in str(refused.value)


def test_a_record_of_the_right_build_that_cannot_be_printed_is_ignored(built: Path) -> None:
    """A record whose fingerprint matches (anyone can compute it) with a note that cannot be
    said: the build ignores it with a warning and builds (a kept build used to print it,
    and end in an IndexError traceback); the next build keeps the site."""
    record = _record(built, "build")
    data = json.loads(record.read_text(encoding="utf-8"))
    WRONG_VALUES[0](data)
    record.write_text(json.dumps(data), encoding="utf-8")
    code, err = _build(built)
    assert code == 0
    assert f"'{record}': not laid out as a record" in err
    site = str(built.parent / "site")
    assert "nothing changed" in run_cli("build", "--content", str(built), "--output", site).out


def test_a_cache_folder_that_is_a_link_is_not_used(built: Path, tmp_path: Path) -> None:
    """`.agreements-cache` replaced by a link to another folder: the build warns, runs
    without a cache, and writes nothing through the link."""
    folder = built.parent / cache.FOLDER
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    folder.symlink_to(elsewhere)
    _edit(built)
    code, err = _build(built)
    assert code == 0
    assert f"the cache folder was not used ('{folder}': a symbolic link)" in err
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert folder.is_symlink()


def test_a_cache_folder_inside_the_output_folder_is_refused(tmp_path: Path) -> None:
    """The folder beside an output that leads back to its own parent would be published:
    it is refused."""
    (tmp_path / cache.FOLDER).mkdir()
    output = tmp_path / "out"
    output.symlink_to(tmp_path)
    with pytest.raises(cache.CacheIgnored) as refused:
        cache.check_folder(output)
    assert "inside the output folder" in str(refused.value)
    cache.check_folder(tmp_path / "site")  # the same folder beside a real output is fine


def test_a_record_is_never_written_larger_than_it_may_be_read(built: Path) -> None:
    """A build whose record would exceed the limit keeps none (and drops the old one), so
    that it never writes what the next build would refuse."""
    record = _record(built, "build")
    assert record.is_file()
    _edit(built)
    cache.remember(built.parent / "site", "key", [], [], [], TODAY, ["x" * 100], limit=50)
    assert not record.exists()


@pytest.mark.parametrize("kind", ["build", "conversions", "pages"])
def test_a_folder_at_a_record_s_name_is_ignored_and_replaced(built: Path, kind: str) -> None:
    """A folder where a record should be: the build warns that it is not a regular file,
    and replaces it with a record the next build uses (it could not be replaced, so every
    build after it did everything again; found by the cache fuzzer)."""
    record = _record(built, kind)
    record.unlink()
    (record / "inside").mkdir(parents=True)
    _edit(built)
    code, err = _build(built)
    assert code == 0, err
    assert f"'{record}': not a regular file" in err
    assert record.is_file()
    code, err = _build(built)
    assert code == 0 and "ignored" not in err


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=4), st.lists(_JSON, max_size=2100) | _JSON, max_size=4))
@settings(max_examples=60, deadline=None)
@example({"pages": [[str(n), n, [n]] for n in range(2500)], "entries": {"k": ["é", None]}})
def test_a_record_is_written_as_the_json_of_its_value(record: dict) -> None:
    """A record is written in pieces (its lists a chunk of items at a time, each chunk by
    the C encoder): the text read back is the record, whatever it holds."""
    out = io.StringIO()
    cache._dump(record, out)
    assert json.loads(out.getvalue()) == record


def _depth(value: object) -> int:
    """How deep lists and objects nest in a JSON value (a scalar: 0)."""
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


@given(_JSON, st.integers(0, 10))
@settings(max_examples=300, deadline=None)
def test_a_record_deeper_than_the_bound_is_found_level_by_level(value: object, bound: int) -> None:
    """The depth check walks a parsed record level by level; it finds exactly the values
    that nest deeper than the bound."""
    assert cache._deeper_than(value, bound) == (_depth(value) > bound)

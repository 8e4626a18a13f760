"""A build does each piece of work once (issue "Fast builds"): measured by counting the work
done, never by timing it."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import markdown
import pytest

from benchmarks.synthetic import write_register
from generator.publish import parallel
from generator.site import files, markup, search_text
from tests.conftest import build_site

CONTENT = Path(__file__).parent.parent / "content"


def test_each_body_is_converted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page, the summary, the open data, the feeds and the search index all read one
    conversion of each Markdown text."""
    converted: Counter[str] = Counter()
    convert = markdown.Markdown.convert

    def counting(self: markdown.Markdown, source: str) -> str:
        converted[source] += 1
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    markup.forget()
    build_site(CONTENT, tmp_path / "site")
    bodies = [
        text.split("\n---\n", 1)[1]
        for path in sorted((CONTENT / "agreements").rglob("*.md"))
        if (text := path.read_text(encoding="utf-8")).count("\n---\n")
    ]
    written = [body for body in bodies if body.strip()]
    assert len(written) >= 10
    # Every body was converted (what the loader keeps may differ in its outer blank lines).
    sources = {source.strip() for source in converted}
    assert all(body.strip() in sources for body in written)
    twice = {source[:60]: count for source, count in converted.items() if count > 1}
    assert not twice


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_workers_write_the_same_bytes_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendered in forked workers or in this process, the site is the same, file for file."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    markup.forget()
    build_site(CONTENT, tmp_path / "one")
    forked: list[int] = []
    in_order = parallel.in_order

    def watched(
        job: Callable[[int], str],
        count: int,
        weight: int | None = None,
        started: Callable[[], object] | None = None,
    ) -> Iterator[str]:
        forked.append(count)
        return in_order(job, count, weight, started)

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "in_order", watched)
    markup.forget()
    build_site(CONTENT, tmp_path / "two")
    assert forked and max(forked) > 100  # the pages went through the pool
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return set()
    return {int(word) for word in text.split()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return False
    return state[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_killed_build_leaves_no_worker_behind(tmp_path: Path) -> None:
    """SIGKILL the build while its workers render: they die with it (else they would hang,
    holding the staging folder's lock, and the next build could not tidy up)."""
    big = write_register(tmp_path / "big", 1200)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--content", str(big),
         "--output", str(tmp_path / "site")],
        cwd=Path(__file__).parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline and len(workers) < 2:
            workers = {p for p in _children(process.pid) if _alive(p)}
            time.sleep(0.01)
        assert len(workers) >= 2, "the build never started its workers"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in workers if _alive(p)]


def test_each_table_row_is_rendered_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An agreement's row is the same on the ten or so pages that list it: it is rendered
    once, and every table reuses it."""
    rendered: Counter[str] = Counter()
    render = jinja2.Template.render

    def counting(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        if self.name == "partials/_agreement_row.html":
            rendered[kwargs["agreement"].slug] += 1  # type: ignore[attr-defined]
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    build_site(CONTENT, tmp_path / "site")
    listed = list(
        (tmp_path / "site" / "agreements" / "index.html").read_text("utf-8").split("<tr>")
    )
    assert len(rendered) >= 10 and len(listed) > 10
    assert max(rendered.values()) == 1


def _slow(index: int) -> int:
    time.sleep(0.001)
    return index


def _done(folder: Path, index: int) -> int:
    time.sleep(0.001)
    (folder / str(index)).touch()
    return index


def test_a_signal_while_workers_run_stops_them_and_is_raised_where_the_build_waits(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A signal handler that raised while the workers ran could land inside the pool's own
    code, holding its lock, and the build then waited forever: the signal is deferred
    instead, and the build raises `Stopped` at its next result, the work not started
    cancelled (not done first)."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert parallel.defer(signal.SIGTERM) is False  # no pool: the handler raises itself
    results = parallel.in_order(functools.partial(_done, tmp_path), 5000)
    seen = []
    with pytest.raises(parallel.Stopped) as stopped:
        for index in results:
            seen.append(index)
            if index == 100:
                assert parallel.defer(signal.SIGTERM) is True
    assert stopped.value.signal == signal.SIGTERM
    assert seen == list(range(101))  # raised at the next result
    assert len(list(tmp_path.iterdir())) < 1000  # the rest was cancelled, never run
    deadline = time.monotonic() + 10
    while parallel.multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert parallel.multiprocessing.active_children() == []
    assert parallel.defer(signal.SIGTERM) is False  # and none is left deferred


def test_a_signal_after_the_last_result_is_raised_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A signal deferred once every result is in still stops the build, when the pool
    ends."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    results = parallel.in_order(_slow, 400)
    for _ in range(400):
        next(results)
    assert parallel.defer(signal.SIGINT) is True
    with pytest.raises(parallel.Stopped) as stopped:
        next(results)
    assert stopped.value.signal == signal.SIGINT


def test_the_commands_signal_handler_defers_while_workers_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SIGTERM and SIGINT raise at once when no worker runs (Stopped, KeyboardInterrupt),
    and are left to the wait for the workers when they run."""
    from generator.editing import cli

    with pytest.raises(parallel.Stopped):
        cli._stop(signal.SIGTERM, None)
    with pytest.raises(KeyboardInterrupt):
        cli._stop(signal.SIGINT, None)
    monkeypatch.setattr(parallel, "_pools", [object()])
    cli._stop(signal.SIGTERM, None)  # deferred: nothing raised here
    with pytest.raises(parallel.Stopped):
        parallel._raise_deferred()


def test_a_signal_while_bodies_convert_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """A signal deferred while the bodies convert in workers is raised when the build next
    hands them work or leaves them, whether or not it asked for their results."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    texts = [f"Đoạn văn số {number}." for number in range(parallel.PARALLEL_FROM + 40)]
    with pytest.raises(parallel.Stopped), parallel.Conversions() as bodies:
        for text in texts:
            bodies.add(text)
        assert parallel.defer(signal.SIGTERM) is True
    assert parallel.defer(signal.SIGTERM) is False


def test_the_search_documents_and_feeds_are_made_while_the_workers_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search documents, the feeds and the calendars are made once the page workers
    run, not before them (never copied into them) nor after (rendering does not wait for
    them, nor they for it)."""
    made_with: dict[str, list[int]] = {}

    def watch(module: object, name: str) -> None:
        function = getattr(module, name)

        def watched(*args: Any, **keywords: Any) -> Any:
            # The pools whose workers run now.
            made_with.setdefault(name, []).append(len(parallel._pools))
            return function(*args, **keywords)

        monkeypatch.setattr(module, name, watched)

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    watch(search_text, "search_documents")
    watch(files, "feed_files")
    watch(files, "calendar_files")
    markup.forget()
    build_site(CONTENT, tmp_path / "site")
    assert made_with == {"search_documents": [1], "feed_files": [1], "calendar_files": [1]}

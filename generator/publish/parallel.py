"""Both cores: a large register's bodies are converted and its pages rendered in worker
processes, in the order given, so the output is the same bytes as a build on one core.

Workers are forked: they start with the parent's renderer and register already in memory
(nothing is pickled but a page's index and its rendered text), and with the bodies the
parent has converted. A small register is done in-process, where a pool would cost more
than it saves; so is every build where `fork` is not available.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from generator.site import markup

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 300
"""Items (bodies or pages) below which the work is done in-process."""
CHUNK = 32
"""Items a worker takes at a time: enough to keep the hand-over cheap."""

_work: Callable[[int], Any] | None = None
"""The job the forked workers run, set just before the pool forks them."""
_parent = 0
"""The build's process id, for its workers."""
_PR_SET_PDEATHSIG = 1
"""Linux prctl(2): the signal a process gets when its parent dies."""
_pools: list[ProcessPoolExecutor] = []
"""The pools whose workers are running now."""
_deferred: int | None = None
"""The signal `defer` took while a pool ran, until the wait for the pool raises it."""


class Stopped(BaseException):
    """A signal (SIGTERM: a CI job cancelled, `kill`; SIGINT: Ctrl-C) stops the build (a
    BaseException, so that no `except Exception` on the way swallows it)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


def defer(number: int) -> bool:
    """For a signal handler: while workers run, keep the signal, to be raised as `Stopped`
    by the build itself as soon as it next takes or hands over work (True); otherwise
    False, and the handler raises at once.

    An exception raised by a handler lands wherever the build happens to be, and while
    workers run that is often inside the pool's own code, holding one of its locks: the
    pool's thread then waits on that lock forever, and so does the build, at its end,
    waiting for that thread. Nor may the handler touch the pool (it may interrupt the
    pool's code holding a lock it would take) or end the workers (one ended while it
    writes a result leaves the pool's thread reading half a message forever). Raised by
    the build between two results, `Stopped` leaves the pool the usual way: the work not
    started is cancelled, the chunks being done are finished (a few pages each)."""
    global _deferred
    if not _pools:
        return False
    _deferred = number
    return True


def _raise_deferred() -> None:
    """Raise the signal `defer` kept, if any (and forget it)."""
    global _deferred
    number, _deferred = _deferred, None
    if number is not None:
        raise Stopped(number)


def workers() -> int:
    """How many worker processes to use: the cores this process may run on, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 4)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _started() -> None:
    """In each worker: die with the build (a killed build leaves no worker behind, holding
    its staging folder's lock), and leave Ctrl-C to the build, which stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _parent:  # the build died before the line above
        os._exit(1)


def _run(index: int) -> Any:
    assert _work is not None, "the pool's job is set before it forks"
    return _work(index)


def in_order(
    job: Callable[[int], T],
    count: int,
    weight: int | None = None,
    started: Callable[[], object] | None = None,
) -> Iterator[T]:
    """`job(0)`, …, `job(count - 1)`, in that order, each as soon as it and those before it
    are done (the caller writes one while the workers render the next); in forked workers
    when it pays: when the work is `PARALLEL_FROM` items or more (`weight` items' worth
    when given: some items cost far less than others). `started()` is called in this
    process once the workers run (before the first job when there are none): what it
    makes meanwhile is not copied into them."""
    global _work, _parent
    if (count if weight is None else weight) < PARALLEL_FROM or workers() < 2 or not _can_fork():
        if started is not None:
            started()
        yield from (job(index) for index in range(count))
        return
    _work, _parent = job, os.getpid()
    # The objects made so far are left out of garbage collection while the workers live:
    # a collection in a worker would write to each of them, copying the parent's memory.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=workers(), mp_context=context, initializer=_started)
        _pools.append(pool)
        try:
            with pool:
                results = pool.map(_run, range(count), chunksize=CHUNK)
                assert isinstance(results, Generator)  # closing it cancels what is left
                try:
                    if started is not None:  # the workers were forked by the first submit
                        started()
                    for result in results:
                        _raise_deferred()
                        yield result
                finally:
                    results.close()  # what has not started is cancelled, not waited for
        finally:
            _pools.remove(pool)
        _raise_deferred()
    finally:
        _work = None
        gc.unfreeze()


def _convert_all(texts: list[str]) -> list[markup.Converted]:
    """In a worker: convert each text of one chunk."""
    return [markup.convert(text) for text in texts]


class Conversions:
    """Bodies converted in workers while the build is still reading and checking the
    content (one core would sit idle otherwise): each is handed over as it is read
    (`add`), and once there are enough to pay for the workers they convert CHUNK texts at
    a time. `finish` keeps every conversion in this process (`markup.remember`); a body
    never handed over, or whose chunk failed, is converted where it is needed."""

    def __init__(self) -> None:
        self._waiting: list[str] = []
        self._seen: set[str] = set()
        self._pool: ProcessPoolExecutor | None = None
        self._sent: list[tuple[list[str], Future[list[markup.Converted]]]] = []

    def __enter__(self) -> Conversions:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close()
        if kind is None:  # a signal deferred while the workers ran stops the build here
            _raise_deferred()

    def add(self, text: str) -> None:
        """Convert `text` (once, however often it is added)."""
        _raise_deferred()
        if text in self._seen:
            return
        self._seen.add(text)
        self._waiting.append(text)
        if self._pool is None and len(self._waiting) >= PARALLEL_FROM:
            self._start()
        if self._pool is not None and len(self._waiting) >= CHUNK:
            self._send()

    def _start(self) -> None:
        global _parent
        if workers() < 2 or not _can_fork():
            return
        _parent = os.getpid()
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(
            max_workers=workers(), mp_context=context, initializer=_started
        )
        _pools.append(self._pool)

    def _send(self) -> None:
        assert self._pool is not None
        chunk, self._waiting = self._waiting, []
        self._sent.append((chunk, self._pool.submit(_convert_all, chunk)))

    def finish(self, texts: Sequence[str]) -> None:
        """Keep the conversion of every text added and of every one of `texts`."""
        for text in texts:
            self.add(text)
        if self._pool is None:  # too few to pay for workers
            for text in self._waiting:
                markup.convert(text)
            self._waiting = []
            return
        if self._waiting:
            self._send()
        for chunk, job in self._sent:
            _raise_deferred()
            try:
                markup.remember(dict(zip(chunk, job.result(), strict=True)))
            except Exception:  # noqa: BLE001 - converted again where needed, and fails there
                continue
        self.close()  # a signal deferred meanwhile is raised on leaving (`__exit__`)

    def close(self) -> None:
        """Stop the workers (what they have not done is dropped)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            _pools.remove(pool)


def render_pages(
    render: Callable[[T], R],
    pages: Sequence[T],
    weight: int | None = None,
    started: Callable[[], object] | None = None,
) -> Iterator[R]:
    """Each page rendered, in the order given, as soon as it is ready (`weight`, `started`:
    see `in_order`)."""
    return in_order(lambda index: render(pages[index]), len(pages), weight, started)

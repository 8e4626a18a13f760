"""The raw record on an agreement page: behind a disclosure, and without the editors'
comments (the notes `agreements new` writes are for editors, not citizens)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.sources import without_comments
from tests.conftest import REPO, Site, build_site, run_cli

FRONT_MATTERS = sorted((REPO / "content").rglob("*.md")) + sorted(
    (REPO / "tests" / "fixtures" / "showcase").rglob("*.md")
)


def _front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[1]


@pytest.mark.parametrize("path", FRONT_MATTERS, ids=lambda p: p.stem)
def test_taking_comments_out_keeps_every_value(path: Path) -> None:
    """YAML reads the same data with and without the comments."""
    text = _front_matter(path) + "# a last note\n"
    assert yaml.safe_load(without_comments(text)) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("title: Quy chế  # ghi chú\n", "title: Quy chế\n"),
        ('title: "Quy chế # 1"  # x\n', 'title: "Quy chế # 1"\n'),
        ("note: 'it''s # not' # yes\n", "note: 'it''s # not'\n"),
        ('note: "a \\" # b" # c\n', 'note: "a \\" # b"\n'),
        ("url: https://x.org/a#b\n", "url: https://x.org/a#b\n"),
        ("  # period:\n", ""),
    ],
)
def test_a_comment_is_what_yaml_calls_one(line: str, kept: str) -> None:
    assert without_comments(line) == kept


def test_the_page_keeps_the_record_closed_and_without_comments(
    tmp_path: Path, content_tree
) -> None:
    content_tree()
    written = run_cli(
        "new",
        "--title",
        "Quy chế phối hợp mới",
        "--kind",
        "regulation",
        "--party",
        "ldld-nghe-an",
        "--party",
        "ubnd-nghe-an",
        "--signed",
        "2024-03-05",
    )
    assert written.code == 0, written.err
    from generator.build import build
    from tests.conftest import TODAY

    built = build(Path("content"), tmp_path / "site", today=TODAY, publishing=False)
    assert built.written
    page = Site(tmp_path / "site").page("/agreements/ldld-ubnd-nghe-an-quy-che-2024/")
    block = page.find(id="ban_ghi").find_parent("section")
    details = block.select_one("details.record__raw")
    assert details is not None and not details.has_attr("open")
    assert details.summary.get_text(strip=True)
    shown = details.select_one("pre").get_text()
    assert "title: Quy chế phối hợp mới" in shown
    assert "#" not in shown and "Bắt buộc" not in shown
    assert "Liên đoàn Lao động tỉnh Nghệ An" not in shown  # the id's comment is gone


def test_the_seed_pages_show_no_comment(tmp_path: Path) -> None:
    build_site(REPO / "content", tmp_path / "site")
    site = Site(tmp_path / "site")
    for path in sorted((tmp_path / "site" / "agreements").glob("*/index.html"))[:5]:
        block = site.soup(path.relative_to(tmp_path / "site").as_posix()).select_one(
            "details.record__raw pre"
        )
        assert block is not None
        assert not any(line.lstrip().startswith("#") for line in block.get_text().splitlines())

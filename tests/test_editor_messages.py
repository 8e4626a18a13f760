"""Messages that used to mislead an editor now say what to write, on the line at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli, write

HEAD = """---
title: Quy chế phối hợp
kind: regulation
parties:
  - UBND tỉnh Nghệ An
  - LĐLĐ tỉnh Nghệ An
signed: 2023-03-15
{extra}sources:
  - publisher: Báo thử nghiệm
---
Nội dung.
"""


def _check(content: Path, extra: str, *options: str) -> list[str]:
    write(content / "agreements" / "quy-che-nghe-an.md", HEAD.format(extra=extra))
    result = run_cli("check", "--content", "content", *options)
    assert result.code == 1
    return result.err_lines[:-1]


@pytest.mark.parametrize("written", ["2025–2030", "2025-2030", "2025 - 2030", "2025 đến 2030"])
def test_a_period_written_as_in_the_report_shows_the_two_lines_to_type(
    written: str, content: Path
) -> None:
    (line,) = _check(content, f"period: {written}\n")
    assert line.startswith("content/agreements/quy-che-nghe-an.md:8: period: ")
    assert line.endswith("'  start: 2025' and '  end: 2030'")
    (vietnamese,) = _check(content, f"period: {written}\n", "--lang", "vi")
    assert vietnamese.endswith("'  start: 2025' và '  end: 2030'")


def test_a_relation_written_as_a_file_path_suggests_that_files_slug(content: Path) -> None:
    extra = "related:\n  - rel: follows\n    slug: 2017/bo-cong-an-tong-ldld-viet-nam-2017.md\n"
    (line,) = _check(content, extra)
    assert line.startswith("content/agreements/quy-che-nghe-an.md:10: related[0].slug: ")
    assert line.endswith("such as 'bo-cong-an-tong-ldld-viet-nam-2017'")


@pytest.mark.parametrize(
    ("extra", "number"),
    [
        ("topics:\n  - chăm lo đời sống\n  tuyên truyền pháp luật\n  - thi đua\n", 10),
    ],
)
def test_a_list_item_without_its_dash_is_reported_on_its_own_line(
    extra: str, number: int, content: Path
) -> None:
    (line,) = _check(content, extra)
    assert line.startswith(f"content/agreements/quy-che-nghe-an.md:{number}: front matter: ")
    assert "is its '- ' missing?" in line


def test_a_first_item_without_its_dash_makes_the_list_one_text(content: Path) -> None:
    """YAML reads `topics:` then a dashless line as one text: the list's own line says
    a list is wanted, one '- ' line each."""
    (line,) = _check(content, "topics:\n  tuyên truyền pháp luật\n  - thi đua\n")
    assert line.startswith("content/agreements/quy-che-nghe-an.md:8: topics: ")
    assert line.endswith("a list of topics, one '- ' line each")


def test_a_file_committed_as_new_wrote_it_is_checked_but_never_published(
    content_tree,
) -> None:
    """`check` warns of the template's words; `--strict` and `build` refuse them; the
    preview (`serve`) still shows the page."""
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
    check = run_cli("check", "--content", "content")
    assert check.code == 0
    (placeholder,) = [line for line in check.err_lines if "template's text" in line]
    assert placeholder.startswith("content/agreements/2024/ldld-ubnd-nghe-an-quy-che-2024.md:")
    assert ": body: warning: 'Thay đoạn này bằng nội dung văn bản'" in placeholder
    assert run_cli("check", "--content", "content", "--strict").code == 1
    build = run_cli("build", "--content", "content", "--output", "site")
    assert build.code == 1
    assert any(": body: 'Thay đoạn này" in line for line in build.err_lines)  # an error now
    assert not Path("site").exists()
    from generator.publish.build import build as build_site

    preview = build_site(Path("content"), Path("preview"), today=TODAY, publishing=False)
    assert (
        preview.written
        and Path("preview/agreements/ldld-ubnd-nghe-an-quy-che-2024/index.html").exists()
    )


@pytest.mark.parametrize(
    ("role", "warned"),
    [("Chức vụ", True), ("  Chức vụ ", True), ("Chức vụ Chủ tịch Công đoàn", False)],
)
def test_a_short_placeholder_counts_only_as_a_whole_value(
    role: str, warned: bool, content: Path
) -> None:
    extra = f'signatories:\n  - name: Nguyễn Văn A\n    role: "{role}"\n'
    write(content / "agreements" / "quy-che-nghe-an.md", HEAD.format(extra=extra))
    result = run_cli("check", "--content", "content")
    assert result.code == 0
    assert any("template's text" in line for line in result.err_lines) == warned

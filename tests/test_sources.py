"""Reading files: odd encodings, huge or hostile input and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assemble, run_cli

AGREEMENT = "content/agreements/quy-che-nghe-an.md"


def _replace_agreement(tmp_path: Path, raw: bytes) -> None:
    content = assemble(tmp_path)
    (content / "agreements" / "quy-che-nghe-an.md").write_bytes(raw)


def test_a_ten_megabyte_file_is_refused_with_a_located_error(tmp_path, monkeypatch) -> None:
    """A 10 MB body is reported as too large instead of being parsed."""
    monkeypatch.chdir(tmp_path)
    head = "---\ntitle: Quy chế\nkind: regulation\n---\n".encode()
    _replace_agreement(tmp_path, head + b"Noi dung dai. " * (10 * 1024 * 1024 // 14))
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert result.err_lines[0] == (
        f"{AGREEMENT}:1: file: file is 10.0 MB — at most 2 MB; put long texts in "
        "content/files/ and link them under 'documents'"
    )


@pytest.mark.parametrize("depth", [20, 5000])
def test_deeply_nested_yaml_is_refused(depth: int, tmp_path, monkeypatch) -> None:
    """Deeply nested brackets give a located error, not a RecursionError or a crash."""
    monkeypatch.chdir(tmp_path)
    _replace_agreement(tmp_path, b"---\ntitle: " + b"[" * depth + b"]" * depth + b"\n---\n")
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert result.err_lines[0].startswith(f"{AGREEMENT}:2: front matter: ")
    assert "nested" in result.err_lines[0] or "nesting" in result.err_lines[0]
    assert "Traceback" not in result.err


def test_windows_line_ends_and_a_byte_order_mark_are_accepted(tmp_path, monkeypatch) -> None:
    """A file saved by Notepad (BOM, CRLF) reads like any other, with the same lines."""
    monkeypatch.chdir(tmp_path)
    text = (
        "---\r\ntitle: Quy chế\r\nkind: regulation\r\nparties:\r\n  - UBND tỉnh Nghệ An\r\n"
        "  - LĐLĐ tỉnh Nghệ Ann\r\nsigned: 2023-03-15\r\n---\r\nNội dung.\r\n"
    )
    _replace_agreement(tmp_path, b"\xef\xbb\xbf" + text.encode())
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert any(
        line.startswith(f"{AGREEMENT}:6: parties[1]: no party is called")
        for line in result.err_lines
    )


def test_lines_count_from_the_file_not_from_the_front_matter(tmp_path, monkeypatch) -> None:
    """Blank lines after the opening fence do not shift reported line numbers."""
    monkeypatch.chdir(tmp_path)
    text = "---\n\n\ntitle: Quy chế\nkind: regulations\n---\nNội dung.\n"
    _replace_agreement(tmp_path, text.encode())
    result = run_cli("check", "--content", "content")
    assert f"{AGREEMENT}:5: kind: 'regulations' is not allowed" in result.err


def test_horizontal_rules_in_the_body_are_body_text(tmp_path, monkeypatch) -> None:
    """A `---` line in the body does not end or reopen the front matter."""
    monkeypatch.chdir(tmp_path)
    content = assemble(tmp_path)
    path = content / "agreements" / "quy-che-nghe-an.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n---\n\nPhần hai.\n", encoding="utf-8")
    result = run_cli("check", "--content", "content")
    assert result.code == 0, result.err


def test_hidden_files_and_folders_are_ignored(tmp_path, monkeypatch) -> None:
    """Editor backups such as .DS_Store or .git folders are not content."""
    monkeypatch.chdir(tmp_path)
    content = assemble(tmp_path)
    (content / "agreements" / ".DS_Store").write_bytes(b"\x00\x01")
    (content / "agreements" / ".git").mkdir()
    (content / "agreements" / ".git" / "HEAD").write_text("ref: x\n")
    assert run_cli("check", "--content", "content").code == 0


def test_control_characters_are_located_even_far_into_the_front_matter(
    tmp_path, monkeypatch
) -> None:
    """An escape character pasted from a PDF is reported on its own line."""
    monkeypatch.chdir(tmp_path)
    summary = "summary: " + "Nội dung dài. " * 200 + "\n"
    text = f"---\ntitle: Quy chế\n{summary}place: Vinh\x1b\n---\nNội dung.\n"
    _replace_agreement(tmp_path, text.encode())
    result = run_cli("check", "--content", "content")
    assert result.err_lines[0] == (
        f"{AGREEMENT}:4: front matter: the invisible character U+001B is not allowed "
        "in front matter — plain text: delete the character "
        "(it often comes from copying out of a PDF)"
    )

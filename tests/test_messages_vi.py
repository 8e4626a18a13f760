"""Messages in Vietnamese by default, English on request: every catalogue entry has both,
with the same placeholders, and what `check` prints in Vietnamese has no English left in
it (apart from what the file itself says, field names and codes)."""

from __future__ import annotations

import re
import string

import pytest

from generator.core.messages import CATALOGUE, message_words
from tests.conftest import BROKEN, FIXTURES, TODAY, run_cli, write

CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(code: str) -> None:
    what, expected = message_words(code, "vi")
    english = message_words(code, "en")
    assert what.strip() and expected.strip(), code
    assert not what.isascii() or not expected.isascii(), code  # written in Vietnamese
    assert _fields(what) == _fields(english[0]), code
    assert _fields(expected) == _fields(english[1]), code


@pytest.fixture
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command as an editor runs it: no language setting at all."""
    monkeypatch.delenv("AGREEMENTS_LANG", raising=False)


# Words of English prose; a Vietnamese message holds none outside quotes and brackets.
ENGLISH = re.compile(
    r"\b(the|is|are|of|an?|and|or|with|not|one|did|you|mean|list|text|number|empty|"
    r"expected|field|fields|file|files|party|parties|agreement|date|line|must|should|"
    r"error|errors|warning|warnings|only|no|in|to|at|least|each|every)\b"
)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\{[^}]*\}|\([a-z0-9 ,.-]*\)")
# Codes and field names listed for the editor to choose from, paths and ids: as written.
CODES = re.compile(r"\b[a-z_][a-z0-9_-]*(?:, [a-z_][a-z0-9_-]*)+|\S*[/.]\S*|\b\w+(?:-\w+)+\b")


def _prose(line: str) -> str:
    """The message part of `path:line: field: what — expected`, quotes, listed codes,
    paths and ids taken out."""
    message = line.split(": ", 2)[-1]
    return CODES.sub(" ", QUOTED.sub(" ", message))


@pytest.mark.parametrize("case", [*CASES, "../warnings"])
def test_check_speaks_vietnamese_by_default(case: str, content_tree, vietnamese: None) -> None:
    content_tree(BROKEN / case)
    result = run_cli("check", "--content", "content")
    lines = result.err_lines
    assert lines, case
    for line in lines[:-1]:
        leftover = ENGLISH.findall(_prose(line))
        assert not leftover, f"{line}\n  English left: {leftover}"
    assert re.fullmatch(r"agreements check: \d+ lỗi, \d+ cảnh báo trong \d+ tệp", lines[-1])


def test_the_three_usual_mistakes_read_in_vietnamese(content_tree, vietnamese: None) -> None:
    content = content_tree()
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    text = agreement.read_text(encoding="utf-8")
    text = text.replace("kind: regulation", "kind: quy chế phối hợp")
    text = text.replace("signed: 2023-03-15", "signed: 20/5/2022")
    text = text.replace("LĐLĐ tỉnh Nghệ An", "LĐLĐ tỉnh Nghệ Anh")
    write(agreement, text)
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    kind, party, signed, summary = result.err_lines
    assert kind.startswith("content/agreements/quy-che-nghe-an.md:3: kind: ")
    assert "không phải giá trị được phép" in kind and "có phải 'regulation'?" in kind
    assert "không có bên ký nào tên là 'LĐLĐ tỉnh Nghệ Anh'" in party and "gần nhất" in party
    assert signed.startswith("content/agreements/quy-che-nghe-an.md:7: signed: ")
    assert summary == "agreements check: 3 lỗi, 0 cảnh báo trong 1 tệp"
    github = run_cli("check", "--content", "content", "--format", "github")
    annotations = github.out.splitlines()
    assert len(annotations) == 3
    assert all(line.startswith("::error file=") for line in annotations)
    assert "không phải giá trị được phép" in annotations[0]


def test_english_on_request(content_tree, vietnamese: None) -> None:
    content_tree(BROKEN / "missing-fields")
    english = run_cli("check", "--content", "content", "--lang", "en")
    assert "required field is missing" in english.err
    assert english.err_lines[-1].startswith("agreements check: ")
    assert " errors, " in english.err_lines[-1]
    vietnamese = run_cli("check", "--content", "content")
    assert "required field is missing" not in vietnamese.err
    assert len(vietnamese.err_lines) == len(english.err_lines)


def test_warnings_say_canh_bao(content_tree, vietnamese: None) -> None:
    content_tree(FIXTURES / "warnings")
    result = run_cli("check", "--content", "content")
    assert result.code == 0
    assert all(": cảnh báo: " in line for line in result.err_lines[:-1])
    assert result.out.startswith("agreements check: đã kiểm tra ")


def test_usage_errors_and_the_build_speak_vietnamese(tmp_path, vietnamese: None) -> None:
    missing = run_cli("check", "--content", str(tmp_path / "khong-co"))
    assert missing.code == 2
    assert "agreements check: lỗi: không có thư mục nội dung" in missing.err
    from tests.conftest import assemble

    content = assemble(tmp_path)
    built = run_cli("build", "--content", str(content), "--output", str(tmp_path / "site"))
    assert built.code == 0, built.err
    assert re.match(r"agreements build: đã ghi \d+ trang \(\d+ tệp\) vào ", built.out)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("20/5/2022", "2022-05-20"),
        ("20-05-2022", "2022-05-20"),
        ("15.3.2023", "2023-03-15"),
        ("ngày 2 tháng 9 năm 2017", "2017-09-02"),
        ("5/2022", "2022-05"),
    ],
)
def test_a_date_written_day_first_is_answered_with_its_iso_form(
    written: str, meant: str, content_tree
) -> None:
    content = content_tree()
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    text = agreement.read_text(encoding="utf-8").replace("2023-03-15", f'"{written}"')
    write(agreement, text)
    english = run_cli("check", "--content", "content", "--lang", "en")
    vietnamese = run_cli("check", "--content", "content", "--lang", "vi")
    assert english.err_lines[0].endswith(f"; here: {meant}")
    assert vietnamese.err_lines[0].endswith(f"; ở đây là {meant}")


@pytest.mark.parametrize("written", ["31/2/2022", "2022/5/20", "hôm qua"])
def test_no_suggestion_when_the_date_cannot_be_read_day_first(written: str, content_tree) -> None:
    """A date that reads as no day gets no guess, only the uncertain forms a record takes."""
    content = content_tree()
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    text = agreement.read_text(encoding="utf-8").replace("2023-03-15", f'"{written}"')
    write(agreement, text)
    line = run_cli("check", "--content", "content", "--lang", "en").err_lines[0]
    assert "; here:" not in line
    assert line.endswith(
        "khoảng 2013, trước 2025-09-20, sau 2025-06, không muộn hơn 2025-09-20, "
        "không sớm hơn 2025-07-01, chưa rõ"
    )
    vietnamese = run_cli("check", "--content", "content", "--lang", "vi").err_lines[0]
    assert "; nguồn tin không ghi đủ thì: XXXX-05-20 (chưa rõ năm), khoảng 2013" in vietnamese


@pytest.mark.parametrize(
    ("written", "quoted", "meant"),
    [
        (
            "26.10",
            "'26.10'",
            "XXXX-10-26 (chưa rõ năm), hoặc, nếu suy ra được năm, 'date: "
            "YYYY-10-26' kèm 'inferred: year' và 'reason'",
        ),
        ("26/10", "'26/10'", "XXXX-10-26 (chưa rõ năm)"),
        ("2016.10", "'2016.10'", None),
        ("khoảng năm 2013", "'khoảng năm 2013'", "khoảng 2013"),
        ("trước ngày 20/9/2025", "'trước ngày 20/9/2025'", "trước 2025-09-20"),
        ("2013?", "'2013?'", "khoảng 2013, hoặc 'date: 2013' kèm 'inferred: date'"),
    ],
)
def test_a_date_message_quotes_what_was_typed_and_the_forms_that_fit(
    written: str, quoted: str, meant: str | None, content_tree
) -> None:
    """`signed: 26.10` is quoted as typed, not as the number YAML reads (26.1), and each
    date is answered with the uncertain form it most likely means."""
    content = content_tree()
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    text = agreement.read_text(encoding="utf-8").replace("signed: 2023-03-15", f"signed: {written}")
    write(agreement, text)
    line = run_cli("check", "--content", "content", "--lang", "vi").err_lines[0]
    assert f"signed: {quoted} không phải một ngày" in line
    assert "26.1'" not in line and "số" not in line
    if meant is not None:
        assert f"; ở đây là {meant}" in line


def test_a_number_where_text_belongs_is_quoted_as_typed(content_tree) -> None:
    """A title YAML reads as a number is described with the digits the editor typed."""
    content = content_tree()
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    text = agreement.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    write(agreement, text.replace(title, "title: 1.50"))
    line = run_cli("check", "--content", "content", "--lang", "vi").err_lines[0]
    assert "title: là số 1.50 —" in line


def test_new_speaks_vietnamese_from_flags(content_tree, vietnamese: None) -> None:
    content_tree()
    result = run_cli(
        "new",
        "--title",
        "Quy chế thử",
        "--kind",
        "quy chế",
        "--party",
        "ldld-nghe-an",
        "--party",
        "Sở Lao động Nghệ An",
        "--signed",
        "20/5/2022",
    )
    assert result.code == 1 or result.code == 2
    lines = result.err_lines
    assert lines[-1] == "agreements new: không ghi gì"
    assert any(
        line.startswith("agreements new: lỗi: signed: '20/5/2022' không phải") for line in lines
    )
    assert any(
        "parties[1]: không có bên ký nào tên là 'Sở Lao động Nghệ An'" in line for line in lines
    )
    for line in lines:
        message = line.split(": ", 3)[-1]  # after `agreements new: lỗi: field: `
        assert not ENGLISH.findall(CODES.sub(" ", QUOTED.sub(" ", message))), line


def test_new_asks_in_vietnamese(content_tree, vietnamese: None) -> None:
    from generator.content.scaffold import Given, ask_answers, known_from
    from generator.publish.build import load

    content = content_tree()
    register = load(content, today=TODAY).register
    assert register is not None
    known = known_from(register.parties, register.agreements.values(), ())
    answers = iter(
        ["Quy chế thử", "xyz", "regulation", "ldld-nghe-an", "ubnd-nghe-an", "", "2022", ""]
    )
    asked: list[str] = []
    said: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    result = ask_answers(Given(), known, ask, said.append, "vi")
    assert result.kind.value == "regulation" and result.slug == "ldld-ubnd-nghe-an-quy-che-2022"
    assert asked[0] == "Tên văn bản (đầy đủ, có dấu): "
    assert "Loại: " in asked and "Bên thứ 1: " in asked and "Bên thứ 3 (Enter để xong): " in asked
    assert any(line.startswith("kind: 'xyz' không phải giá trị được phép") for line in said)

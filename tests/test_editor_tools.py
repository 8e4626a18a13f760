"""The editors' tools accept what the content accepts: every date form, every word of a
name, the kinds as the guide labels them, suggestions that help, help in Vietnamese, one
set of exit codes, and never a file that `check` refuses."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest
import yaml
from slugify import slugify
from yamlcore import CoreLoader

from generator.content import scaffold
from generator.content.references import PartyNames
from generator.content.scaffold import party_kind_labels
from generator.core import provinces
from generator.core.dates import parse_scalar
from generator.core.interface import languages
from generator.editing.cli import main, make_parser, run_new
from tests.conftest import REPO, TODAY, run_cli, tree_hashes, write

pytestmark = pytest.mark.usefixtures("no_terminal")


def _front_matter(path: Path) -> dict:
    """The front matter as YAML 1.2 reads it (dates stay text), as check reads it."""
    return yaml.load(path.read_text(encoding="utf-8").split("---\n")[1], Loader=CoreLoader)


def _new(*flags: str) -> list[str]:
    return ["new", "--content", "content", "--title", "Quy chế phối hợp", "--kind", "regulation",
            "--party", "ldld-nghe-an", "--party", "ubnd-nghe-an", *flags]  # fmt: skip


def _checked() -> None:
    check = run_cli("check", "--content", "content")
    assert check.code == 0, check.err


# 1. `new --signed` takes every one-line form the content takes.


@pytest.mark.parametrize(
    ("signed", "path", "line"),
    [
        ("2016-10-26", "2016/ldld-ubnd-nghe-an-quy-che-2016", "signed: 2016-10-26"),
        ("2016", "2016/ldld-ubnd-nghe-an-quy-che-2016", "signed: 2016"),
        ("XXXX-10-26", "chua-ro/ldld-ubnd-nghe-an-quy-che", "signed: XXXX-10-26"),
        ("unknown", "chua-ro/ldld-ubnd-nghe-an-quy-che", "signed: chưa rõ"),
        ("chưa rõ", "chua-ro/ldld-ubnd-nghe-an-quy-che", "signed: chưa rõ"),
        ("khoảng 2013", "2013/ldld-ubnd-nghe-an-quy-che-2013", "signed: khoảng 2013"),
        ("trước 2016-12-09", "chua-ro/ldld-ubnd-nghe-an-quy-che", "signed: trước 2016-12-09"),
        ("sau 2025-06", "chua-ro/ldld-ubnd-nghe-an-quy-che", "signed: sau 2025-06"),
        (
            "sau 2025-06, không muộn hơn 2025-09-20",
            "2025/ldld-ubnd-nghe-an-quy-che-2025",
            "signed: sau 2025-06, không muộn hơn 2025-09-20",
        ),
        (
            "khong som hon 2025-07-01, KHÔNG MUỘN HƠN 2025-09-20",
            "2025/ldld-ubnd-nghe-an-quy-che-2025",
            "signed: không sớm hơn 2025-07-01, không muộn hơn 2025-09-20",
        ),
    ],
)
def test_new_takes_every_one_line_date_form(
    content: Path, signed: str, path: str, line: str
) -> None:
    """Each form is written as the record's date, in the folder of its certain year (else
    chua-ro/), with a slug that names a year only when every possible day lies in it."""
    run = run_cli(*_new("--signed", signed))
    assert run.code == 0, run.err
    written = Path(f"content/agreements/{path}.md")
    assert f"wrote {written}" in run.out
    assert line in written.read_text(encoding="utf-8").splitlines()
    _checked()


def test_new_writes_an_inferred_year_with_its_reason(content: Path) -> None:
    """`--inferred year --reason` writes the date, which part is inferred and why."""
    reason = 'Bản tin chỉ ghi "sáng 26-10"; năm suy ra từ thời hạn 2016–2020.'
    run = run_cli(*_new("--signed", "2016-10-26", "--inferred", "year", "--reason", reason))
    assert run.code == 0, run.err
    data = _front_matter(Path("content/agreements/2016/ldld-ubnd-nghe-an-quy-che-2016.md"))
    assert data["signed"] == {"date": "2016-10-26", "inferred": "year", "reason": reason}
    _checked()


def test_a_reason_goes_with_any_form_and_an_inference_needs_one(content: Path) -> None:
    """A bound with a reason is written as its mapping; an inferred date without a reason,
    or an inferred bound, is refused with exit 2 and nothing is written."""
    run = run_cli(*_new("--signed", "không muộn hơn 2025-09-20", "--reason", "Ngày đăng bài."))
    assert run.code == 0, run.err
    data = _front_matter(Path("content/agreements/chua-ro/ldld-ubnd-nghe-an-quy-che.md"))
    assert data["signed"] == {"latest": "2025-09-20", "reason": "Ngày đăng bài."}
    before = tree_hashes(content)
    no_reason = run_cli(*_new("--signed", "2016-10-26", "--inferred", "year"))
    assert no_reason.code == 2
    assert "an inferred date needs the reason it was inferred" in no_reason.err
    bound = run_cli(*_new("--signed", "trước 2016", "--inferred", "year", "--reason", "x"))
    assert bound.code == 2
    assert "'inferred' goes with a date such as 2016-11-30" in bound.err
    assert tree_hashes(content) == before


def test_the_prompt_takes_the_uncertain_forms(content: Path) -> None:
    """At the prompt, a day-first date is explained with the forms that fit, and a bound is
    taken as it is typed."""
    args = make_parser("en").parse_args(["new", "--content", "content"])
    answers = iter(
        [
            "Quy chế",
            "regulation",
            "ldld-nghe-an",
            "ubnd-nghe-an",
            "",
            "26/10",
            "trước 2016-12-09",
            "",
        ]  # fmt: skip
    )
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    out, err = io.StringIO(), io.StringIO()
    assert run_new(args, TODAY, out, err, ask=ask) == 0, err.getvalue()
    assert "khoảng 2013, trước 2025-09-20, sau 2025-06" in out.getvalue()
    assert "'26/10' is not a date" in out.getvalue()
    assert "here: XXXX-10-26 (the year unknown)" in out.getvalue()
    assert prompts[-1] == "Slug (file name) [ldld-ubnd-nghe-an-quy-che]: "
    data = _front_matter(Path("content/agreements/chua-ro/ldld-ubnd-nghe-an-quy-che.md"))
    assert parse_scalar(data["signed"]) == parse_scalar("trước 2016-12-09")


def test_a_date_typed_as_papers_do_is_answered_with_the_form_to_write(content: Path) -> None:
    """`--signed 26/10` quotes what was typed and offers XXXX-10-26, or the year inferred."""
    run = run_cli(*_new("--signed", "26/10"), "--lang", "vi")
    assert run.code == 2
    assert "signed: '26/10' không phải một ngày" in run.err
    assert "ở đây là XXXX-10-26 (chưa rõ năm)" in run.err
    assert "'inferred: year'" in run.err


# 2. Ids and slugs keep every word of a name.

BODIES = (
    ("Liên đoàn Lao động {level} {name}", "ldld-{slug}"),
    ("Ủy ban nhân dân {level} {name}", "ubnd-{slug}"),
    ("Hội đồng nhân dân {level} {name}", "hdnd-{slug}"),
    ("Bảo hiểm xã hội {level} {name}", "bhxh-{slug}"),
    ("Tỉnh ủy {name}", "tinh-uy-{slug}"),
    ("Thành ủy {name}", "thanh-uy-{slug}"),
    ("Tỉnh đoàn {name}", "tinh-doan-{slug}"),
    ("Công an {level} {name}", "cong-an-{slug}"),
    ("Tòa án nhân dân {level} {name}", "toa-an-nhan-dan-{slug}"),
    ("Thanh tra {level} {name}", "thanh-tra-{slug}"),
    ("Viện kiểm sát nhân dân {level} {name}", "vien-kiem-sat-nhan-dan-{slug}"),
    ("Công đoàn ngành Giáo dục {level} {name}", "cong-doan-nganh-giao-duc-{slug}"),
    ("Công đoàn Khu kinh tế {level} {name}", "cong-doan-khu-kinh-te-{slug}"),
)


def test_ids_of_every_provinces_bodies_keep_every_word() -> None:
    """On all 34 provinces' bodies the id keeps every word (the province's own tỉnh or thành
    phố aside), and no two bodies get the same id."""
    made: dict[str, str] = {}
    for province in provinces.after_2025():
        for template, expected in BODIES:
            name = template.format(level=province.kind, name=province.name)
            party_id = scaffold.propose_party_id(name, None, ())
            assert party_id == expected.format(slug=slugify(province.name)), name
            assert made.setdefault(party_id, name) == name
    assert len(made) == 34 * len(BODIES)


@pytest.mark.parametrize(
    ("name", "short", "expected"),
    [
        ("Liên đoàn Lao động tỉnh Thanh Hóa", None, "ldld-thanh-hoa"),
        ("Thanh tra tỉnh Nghệ An", None, "thanh-tra-nghe-an"),
        ("Liên đoàn Lao động tỉnh Nghệ An", "LĐLĐ tỉnh Nghệ An", "ldld-nghe-an"),
        ("Tổng Liên đoàn Lao động Việt Nam", "Tổng LĐLĐ Việt Nam", "tong-ldld-viet-nam"),
        ("Công an tỉnh An Giang", None, "cong-an-an-giang"),
        ("Liên đoàn Lao động huyện Đại Lộc", "LĐLĐ Đại Lộc", "ldld-huyen-dai-loc"),
        ("Liên đoàn Lao động thành phố Vinh", "LĐLĐ Vinh", "ldld-thanh-pho-vinh"),
        ("Công đoàn Khu kinh tế Quảng Bình", "CĐKKT Quảng Bình", "cdkkt-quang-binh"),
        ("Thành ủy Hà Nội", None, "thanh-uy-ha-noi"),
        ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND TP. Hồ Chí Minh", "ubnd-ho-chi-minh"),
        ("Công an tỉnh Thừa Thiên Huế", None, "cong-an-thua-thien-hue"),
        ("Đảng uỷ khối Doanh nghiệp tỉnh Ninh Thuận", None, "dang-uy-khoi-doanh-nghiep-ninh-thuan"),
        ("Ban Quản lý Khu kinh tế tỉnh Gia Lai", None, "ban-quan-ly-khu-kinh-te-gia-lai"),
        ("Bảo hiểm xã hội tỉnh Gia Lai", "BHXH tỉnh Gia Lai", "bhxh-gia-lai"),
        ("Công đoàn Công Thương Việt Nam", "CĐ Công Thương Việt Nam", "cd-cong-thuong-viet-nam"),
        ("Bộ Công an", None, "bo-cong-an"),
    ],
)
def test_ids_of_real_bodies(name: str, short: str | None, expected: str) -> None:
    """Real bodies' ids: the short form LĐLĐ, UBND, BHXH for those bodies, every other word
    kept (even twice in a row), the short name only when it writes every word of the name."""
    assert scaffold.propose_party_id(name, short, ()) == expected


def test_new_party_writes_the_id_that_keeps_every_word(content: Path) -> None:
    """`Liên đoàn Lao động tỉnh Thanh Hóa` is written as ldld-thanh-hoa.md, and check passes."""
    run = run_cli(
        "new-party", "--content", "content", "--name", "Liên đoàn Lao động tỉnh Thanh Hóa",
        "--kind", "labour-federation", "--province", "Thanh Hóa",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "wrote content/parties/ldld-thanh-hoa.md" in run.out
    assert not any(
        "hoa" in p.name and p.name != "ldld-thanh-hoa.md" for p in Path("content/parties").iterdir()
    )


def test_a_name_without_a_letter_gets_no_placeholder_id(content: Path) -> None:
    """No id is made up for a name with no letter: the tool asks for --id and writes nothing."""
    before = tree_hashes(content)
    run = run_cli("new-party", "--content", "content", "--name", "...///", "--kind", "enterprise")
    assert run.code == 2
    assert "no id can be made of the name '...///'" in run.err
    assert "--id" in run.err
    assert tree_hashes(content) == before


def test_an_agreement_slug_says_a_shared_body_or_place_once() -> None:
    """Two federations share `ldld` once, two bodies of one province its name once."""
    known = scaffold.known_from({}, [], [])
    signed = parse_scalar("2022-05-20")
    kind = scaffold.AgreementKind.PROGRAM
    assert scaffold.propose_slug(kind, ("ldld-ha-noi", "ldld-nghe-an"), signed, known) == (
        "ldld-ha-noi-nghe-an-chuong-trinh-2022"
    )
    assert scaffold.propose_slug(
        kind, ("ubnd-huyen-dai-loc", "ldld-huyen-dai-loc"), signed, known
    ) == ("ubnd-ldld-huyen-dai-loc-chuong-trinh-2022")


@pytest.mark.parametrize(
    ("ids", "joined"),
    [
        (("ldld-nghe-an", "bo-cong-an"), "ldld-nghe-an-bo-cong-an"),
        (
            ("cong-doan-nganh-y-te", "cong-an-tinh-ha-giang"),
            "cong-doan-nganh-y-te-cong-an-tinh-ha-giang",
        ),
        (("ubnd-hue", "ldld-hue"), "ubnd-ldld-hue"),
    ],
)
def test_a_slug_never_cuts_a_name_that_only_shares_a_word(
    ids: tuple[str, str], joined: str
) -> None:
    """Ids that merely end or begin with the same word (`an` of Nghệ An and of Công an) keep
    every word; a place or a body said by one word (`hue`, `ldld`) is still said once."""
    known = scaffold.known_from({}, [], [])
    slug = scaffold.propose_slug(scaffold.AgreementKind.PROGRAM, ids, parse_scalar("2022"), known)
    assert slug == f"{joined}-chuong-trinh-2022"


# 3. `new-party --kind` takes the labels the guide shows.

LABELS = yaml.safe_load((REPO / "templates" / "strings" / "vi.yaml").read_text(encoding="utf-8"))[
    "party_kinds"
]
EVERY_LABEL = sorted(
    {
        (code, label)
        for language in languages()
        for code, label in party_kind_labels(language).items()
    }
)
"""Each kind's label in every language of the interface: `new-party` takes any of them."""


@pytest.mark.parametrize(("code", "label"), EVERY_LABEL)
def test_new_party_takes_each_kinds_label(content: Path, code: str, label: str) -> None:
    """Each label, as written, upper-cased and without marks, gives its kind's code."""
    for number, written in enumerate((label, label.upper(), slugify(label, separator=" "))):
        run = run_cli(
            "new-party", "--content", "content", "--name", f"Cơ quan thử {code} số {number}",
            "--kind", written,
        )  # fmt: skip
        assert run.code == 0, run.err
        path = Path(run.out.split("wrote ")[1].strip())
        assert _front_matter(path)["kind"] == code


def test_a_wrong_kind_is_answered_with_the_labels(content: Path) -> None:
    """The error lists every label with its code, and exits 2."""
    run = run_cli("new-party", "--content", "content", "--name", "Bộ Tư pháp", "--kind", "Bộ")
    assert run.code == 2
    assert ", ".join(f"{label} ({code})" for code, label in LABELS.items()) in run.err


# 4. An unknown party is answered with how to add it and the parties that matter.


def _unknown(content: Path, name: str) -> str:
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    text = agreement.read_text(encoding="utf-8").replace("  - UBND tỉnh Nghệ An", f"  - {name}")
    write(agreement, text)
    run = run_cli("check", "--content", "content", "--lang", "vi")
    (line,) = [line for line in run.err_lines if "không có bên ký nào tên là" in line]
    return line


def test_an_unknown_party_is_answered_with_the_new_party_line(content: Path) -> None:
    """The message gives the `agreements new-party` line, shell-quoted, with the name, the
    kind and the province its words give; the line runs and then check passes."""
    line = _unknown(content, "LĐLĐ tỉnh Quảng Ngãi")
    command = line.split("chưa có trong sổ thì thêm bằng lệnh: ")[1]
    assert command == (
        "agreements new-party --name 'LĐLĐ tỉnh Quảng Ngãi' --kind labour-federation "
        "--province 'Quảng Ngãi'"
    )
    assert "gần nhất: ldld-nghe-an" in line
    argv = shlex.split(command)[1:]
    assert run_cli(*argv[:1], "--content", "content", *argv[1:]).code == 0
    assert run_cli("check", "--content", "content").code == 0


def test_suggestions_never_cross_the_kind_of_body(content: Path) -> None:
    """`Sở Lao động` proposes no federation and no committee; `Công đoàn` no ministry."""
    line = _unknown(content, "Sở Lao động tỉnh Nghệ An")
    assert "gần nhất" not in line
    assert "--kind government-agency --province 'Nghệ An'" in line
    names = PartyNames()
    for party_id, kind, province, name in (
        ("bo-cong-an", "government-agency", "toàn quốc", "Bộ Công an"),
        ("cong-doan-cong-thuong", "labour-federation", "toàn quốc", "Công đoàn Công Thương"),
        ("cong-an-nghe-an", "government-agency", "Nghệ An", "Công an tỉnh Nghệ An"),
    ):
        names.describe(party_id, kind, province)
        names.add(name, party_id)
    said = names.hint("Công đoàn").say("en")
    assert "cong-doan-cong-thuong" in said
    assert "bo-cong-an" not in said and "cong-an-nghe-an" not in said


def test_suggestions_rank_the_same_province_first() -> None:
    """Of two federations spelt alike, the one of the province the name gives comes first."""
    names = PartyNames()
    for party_id, province, name in (
        ("ldld-ha-tinh", "Hà Tĩnh", "Liên đoàn Lao động tỉnh Hà Tĩnh"),
        ("ldld-nghe-an", "Nghệ An", "Liên đoàn Lao động tỉnh Nghệ An"),
        ("ubnd-nghe-an", "Nghệ An", "Ủy ban nhân dân tỉnh Nghệ An"),
    ):
        names.describe(
            party_id, "peoples-committee" if "ubnd" in party_id else "labour-federation", province
        )
        names.add(name, party_id)
    said = names.hint("Liên đoàn Lao động huyện Nghi Lộc, Nghệ An").say("en")
    listed = said.split("nearest: ")[1].split(";")[0]
    assert listed.startswith("ldld-nghe-an") and "ldld-ha-tinh" in listed
    assert "ubnd-nghe-an" not in listed


@pytest.mark.parametrize("field", ["parent: ldld-nghe-ann", "succeeded_by: ubnd-nghe-ann",
                                   "members:\n  - ldld-nghe-ann"])  # fmt: skip
def test_a_bad_party_reference_gets_the_nearest_ids(content: Path, field: str) -> None:
    """A `parent`, `succeeded_by` or `members` that names no party is answered with the
    nearest ids."""
    kind = "group" if field.startswith("members") else "labour-federation"
    write(
        content / "parties" / "ldld-vinh.md",
        f"---\nname: Liên đoàn Lao động thành phố Vinh\nkind: {kind}\n{field}\n---\nCấp dưới.\n",
    )
    run = run_cli("check", "--content", "content")
    (line,) = [line for line in run.err_lines if "does not exist" in line]
    assert "; nearest: " in line
    assert line.split("; nearest: ")[1].split(", ")[0] in ("ldld-nghe-an", "ubnd-nghe-an")


def test_new_with_an_unknown_party_exits_1_with_the_line_to_add_it(content: Path) -> None:
    """The tool answers an unknown party as check does, and exits 1 (the content lacks it)."""
    run = run_cli(
        "new", "--content", "content", "--title", "Quy chế", "--kind", "plan", "--signed",
        "2024", "--party", "ldld-nghe-an", "--party", "Công an tỉnh Nghệ An",
    )  # fmt: skip
    assert run.code == 1
    assert "agreements new-party --name 'Công an tỉnh Nghệ An' --kind government-agency" in run.err


# 5. Help in Vietnamese by default, English on request.

COMMANDS = ([], ["check"], ["build"], ["new"], ["new-party"], ["serve"])
ENGLISH = ("usage:", "options:", "show this help message and exit", "positional arguments")


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_vietnamese_by_default(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no language set, every `--help`, argparse's own words included, is Vietnamese."""
    monkeypatch.delenv("AGREEMENTS_LANG", raising=False)
    shown = _help([*command, "--help"], capsys)
    assert shown.startswith("cách dùng: agreements")
    assert "tùy chọn:" in shown and "hiện hướng dẫn này rồi thoát" in shown
    assert not any(word in shown for word in ENGLISH)


@pytest.mark.parametrize("command", COMMANDS[1:])
def test_help_is_english_on_request(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--lang en` after the command or before it, or AGREEMENTS_LANG=en, gives English."""
    monkeypatch.delenv("AGREEMENTS_LANG", raising=False)
    after = _help([*command, "--lang", "en", "--help"], capsys)
    before = _help(["--lang", "en", *command, "--help"], capsys)
    monkeypatch.setenv("AGREEMENTS_LANG", "en")
    variable = _help([*command, "--help"], capsys)
    for shown in (after, before, variable):
        assert shown.startswith("usage: agreements")
        assert "show this help message and exit" in shown and "cách dùng" not in shown


def test_argparse_errors_are_vietnamese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flag argparse does not know, or a bad choice, is explained in Vietnamese, exit 2."""
    monkeypatch.delenv("AGREEMENTS_LANG", raising=False)
    assert main(["check", "--bogus"]) == 2
    assert "agreements: lỗi: tham số không nhận ra: --bogus" in capsys.readouterr().err
    assert main(["check", "--format", "xml"]) == 2
    assert "lựa chọn không hợp lệ: 'xml'" in capsys.readouterr().err


# 6. `build --strict` and the README agree.


def test_build_fails_on_what_the_readme_says(content: Path) -> None:
    """Build fails on template text (a warning for check), with --strict on any warning, and
    never on a remark about its settings; the README's build row says exactly that."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `agreements build"))
    assert "`placeholder-text`" in row and "with `--strict` on every warning" in row
    assert "never fail it" in row
    assert run_cli("build", "--content", "content", "--output", "site", "--strict").code == 0
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    text = agreement.read_text(encoding="utf-8")
    write(agreement, text.replace("sources:\n  - publisher: Báo thử nghiệm\n", ""))
    assert "no sources are given" in run_cli("check", "--content", "content").err
    assert run_cli("build", "--content", "content", "--output", "site").code == 0
    assert run_cli("build", "--content", "content", "--output", "site", "--strict").code == 1
    write(agreement, text + "\nThay đoạn này bằng nội dung văn bản\n")
    assert run_cli("check", "--content", "content").code == 0
    assert run_cli("build", "--content", "content", "--output", "site").code == 1


# 7. One set of exit codes; nothing written that check refuses.


def test_a_bad_flag_value_exits_2_in_both_tools(content: Path) -> None:
    """An invalid --slug for new and an invalid --id for new-party are both usage errors."""
    slug = run_cli(*_new("--signed", "2024", "--slug", "Quy_Che"))
    party = run_cli("new-party", "--content", "content", "--name", "Sở Y tế", "--kind", "other",
                    "--id", "So_Y_Te")  # fmt: skip
    assert (slug.code, party.code) == (2, 2)
    assert "'So_Y_Te' is not a valid party id" in party.err


def test_two_names_that_fold_alike_are_refused_before_writing(content: Path) -> None:
    """`...///` then `🔥🎉` (both without a letter) cannot both name a party: the second is
    refused, and check still passes."""
    first = run_cli("new-party", "--content", "content", "--name", "...///", "--kind",
                    "enterprise", "--id", "cham-gach")  # fmt: skip
    assert first.code == 0, first.err
    second = run_cli("new-party", "--content", "content", "--name", "🔥🎉", "--kind",
                     "enterprise", "--id", "bieu-tuong")  # fmt: skip
    assert second.code == 2
    assert "also identifies party 'cham-gach'" in second.err
    assert not Path("content/parties/bieu-tuong.md").exists()
    _checked()


@pytest.mark.parametrize("flag", ["--title", "--reason"])
def test_an_invisible_character_is_refused_before_writing(content: Path, flag: str) -> None:
    """A control character in a value is refused (exit 2) as check would refuse it."""
    before = tree_hashes(content)
    extra = [flag, "a\x01b"]
    if flag == "--reason":
        extra += ["--inferred", "year"]
    run = run_cli(*_new("--signed", "2024-05-20", *extra))
    assert run.code == 2
    assert "U+0001" in run.err
    assert tree_hashes(content) == before


def test_a_name_clash_with_an_existing_party_is_refused(content: Path) -> None:
    """A new party named like an existing one (any case, any marks) is refused, exit 2."""
    run = run_cli("new-party", "--content", "content", "--name", "lien doan lao dong tinh nghe an",
                  "--kind", "labour-federation")  # fmt: skip
    assert run.code == 2
    assert "also identifies party 'ldld-nghe-an'" in run.err
    assert sorted(p.name for p in Path("content/parties").iterdir()) == [
        "ldld-nghe-an.md",
        "ubnd-nghe-an.md",
    ]

"""The words of the `agreements` command line in both languages: each command's help, and
argparse's own words ("usage:", "options:", its error texts), Vietnamese by default.

argparse says its words through `gettext`, which has no Vietnamese catalogue; `speaking`
stands in for it while a parser is made and used, so that `--help`, usage lines and errors
are in the language of the messages.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence

from generator.core.messages import LANGUAGES, Phrase, phrase

LANGUAGE_VARIABLE = "AGREEMENTS_LANG"
"""Environment variable naming the messages' default language (`vi` or `en`)."""

ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "the following arguments are required: %s": "thiếu các tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn không rõ: %(option)s có thể là %(matches)s"
    ),
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"
    ),
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "subcommands": "các lệnh",
}
"""argparse's words (Python 3.11 to 3.13) in Vietnamese; a text it adds later stays English."""


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """argparse's own words in `language` while the block runs (parsers made, help and
    errors printed), then as they were."""
    if language == "en":
        yield
        return
    said = argparse._  # type: ignore[attr-defined]
    counted = argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: ARGPARSE_VI.get(  # type: ignore[attr-defined]
        one if n == 1 else many, one if n == 1 else many
    )
    try:
        yield
    finally:
        argparse._ = said  # type: ignore[attr-defined]
        argparse.ngettext = counted  # type: ignore[attr-defined]


def language_of(argv: Sequence[str], environment: str | None) -> str:
    """The language asked for: `--lang X` (or `--lang=X`) anywhere on the command line,
    before the command or after it, else the environment variable, else Vietnamese."""
    chosen = environment if environment in LANGUAGES else LANGUAGES[0]
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            chosen = argv[index + 1]
        elif word.startswith("--lang=") and word.removeprefix("--lang=") in LANGUAGES:
            chosen = word.removeprefix("--lang=")
    return chosen


HELP: dict[str, Phrase] = {
    "prog": phrase(
        "Check and publish a register of coordination agreements.",
        "Kiểm tra và xuất bản sổ đăng ký chương trình, quy chế phối hợp.",
    ),
    "lang": phrase(
        "language of the messages and of this help: vi (Vietnamese, the default) or en "
        "(English); the {variable} environment variable changes the default",
        "ngôn ngữ của thông báo và của phần hướng dẫn này: vi (tiếng Việt, mặc định) hoặc en "
        "(tiếng Anh); biến môi trường {variable} đổi ngôn ngữ mặc định",
        variable=LANGUAGE_VARIABLE,
    ),
    "content": phrase(
        "content folder to read (default: content/)",
        "thư mục nội dung cần đọc (mặc định: content/)",
    ),
    "as-of": phrase(
        "date statuses are computed against (default: site.yaml's as_of, else today)",
        "ngày dùng để tính tình trạng hiệu lực (mặc định: as_of trong site.yaml, không có thì "
        "hôm nay)",
    ),
    "base-url": phrase(
        "public address of the site, overriding site.yaml's base_url",
        "địa chỉ công khai của trang web, thay cho base_url trong site.yaml",
    ),
    "commands": phrase("command", "lệnh"),
    "check": phrase(
        "validate the content and report every problem",
        "kiểm tra nội dung và báo mọi lỗi",
    ),
    "check.description": phrase(
        "Validate every file of the content folder and report every problem at once, as "
        "'path:line: field: what is wrong — what was expected'. Exit status: 0 no error, 1 "
        "content errors (with --strict, warnings too), 2 usage error.",
        "Kiểm tra mọi tệp của thư mục nội dung và báo mọi lỗi một lần, dạng 'đường dẫn:dòng: "
        "trường: sai gì — cần gì'. Mã thoát: 0 không có lỗi, 1 nội dung có lỗi (với --strict, "
        "cả cảnh báo), 2 dùng lệnh sai.",
    ),
    "strict": phrase(
        "fail on every warning as well as on errors",
        "báo thất bại khi có bất kỳ cảnh báo nào, không chỉ khi có lỗi",
    ),
    "format": phrase(
        "'github' prints GitHub Actions annotations on standard output",
        "'github' in chú thích cho GitHub Actions ra đầu ra chuẩn",
    ),
    "build": phrase(
        "check the content and write the whole site",
        "kiểm tra nội dung rồi dựng toàn bộ trang web",
    ),
    "build.description": phrase(
        "Check the content and, if it has no error, render the whole site into the output "
        "folder. The site is built beside the folder and swapped in at the end, so a failed "
        "build leaves the previous site untouched. A build fails on every error, and on the "
        "text a new file from 'agreements new' holds until it is replaced (a warning for "
        "'check'); with --strict, on every warning as well. Exit status: 0 built, 1 content "
        "errors, 2 usage error.",
        "Kiểm tra nội dung và, nếu không có lỗi, dựng toàn bộ trang web vào thư mục đầu ra. "
        "Trang được dựng bên cạnh thư mục đó và chỉ thay vào khi xong, nên lần dựng hỏng để "
        "nguyên trang cũ. Lệnh dựng thất bại khi có bất kỳ lỗi nào, và khi tệp còn chữ mẫu do "
        "lệnh 'agreements new' viết (với 'check' đó chỉ là cảnh báo); với --strict, thất bại "
        "cả khi có bất kỳ cảnh báo nào. Mã thoát: 0 đã dựng, 1 nội dung có lỗi, 2 dùng lệnh "
        "sai.",
    ),
    "output": phrase(
        "folder to write the site to (default: site/)",
        "thư mục ghi trang web (mặc định: site/)",
    ),
    "new": phrase(
        "scaffold a new agreement file from flags or prompts",
        "tạo tệp văn bản mới từ các tùy chọn hoặc bằng cách hỏi",
    ),
    "new.description": phrase(
        "Write CONTENT/agreements/<year>/<slug>.md (CONTENT/agreements/chua-ro/ when the "
        "possible signing days span several years or are unknown) with the required fields "
        "filled and the optional ones as commented placeholders. Party names are resolved "
        "as 'check' resolves them and written as party ids, which do not change when a name "
        "does. When standard input is a terminal, every value not given (or not valid) is "
        "asked for; otherwise --title, --kind, two --party and --signed are required. The "
        "file is checked as 'check' would check it before it is written; an existing file, "
        "or a slug another agreement already uses, is never overwritten. Exit status: 0 "
        "written, 1 unknown party, 2 a value that cannot be used.",
        "Ghi tệp CONTENT/agreements/<năm>/<mã>.md (CONTENT/agreements/chua-ro/ khi các ngày "
        "ký có thể trải qua nhiều năm hoặc chưa rõ) với các trường bắt buộc đã điền và các "
        "trường không bắt buộc để sẵn dưới dạng chú thích. Tên các bên được tra như lệnh "
        "'check' tra và ghi thành mã bên ký, mã không đổi khi tên đổi. Khi chạy trong cửa sổ "
        "dòng lệnh, giá trị nào chưa ghi (hoặc ghi sai) sẽ được hỏi; nếu không thì cần "
        "--title, --kind, hai --party và --signed. Tệp được kiểm tra như lệnh 'check' trước "
        "khi ghi; không bao giờ ghi đè tệp đã có hay mã một văn bản khác đang dùng. Mã thoát: "
        "0 đã ghi, 1 có bên ký chưa có trong sổ, 2 có giá trị không dùng được.",
    ),
    "new.content": phrase(
        "content folder to add the agreement to (default: content/)",
        "thư mục nội dung để thêm văn bản vào (mặc định: content/)",
    ),
    "title": phrase(
        "full title, Vietnamese with diacritics",
        "tên đầy đủ của văn bản, tiếng Việt có dấu",
    ),
    "new.kind": phrase(
        "one of: {kinds} (the Vietnamese name is accepted too)",
        "một trong: {kinds} (ghi tên tiếng Việt cũng được)",
    ),
    "party": phrase(
        "id, name, short name or alias of a party; repeat for each party (two or more)",
        "mã, tên, tên viết tắt hay tên khác của một bên ký; ghi lại cho từng bên (hai bên trở lên)",
    ),
    "signed": phrase(
        "signing date: YYYY-MM-DD, YYYY-MM or YYYY; when the source does not give it all: "
        "XXXX-MM-DD (year unknown), 'khoảng 2013', 'trước 2025-09-20', 'sau 2025-06', "
        "'không muộn hơn 2025-09-20', 'không sớm hơn 2025-07-01', 'chưa rõ'",
        "ngày ký: YYYY-MM-DD, YYYY-MM hoặc YYYY; nguồn tin không ghi đủ thì: XXXX-MM-DD (chưa "
        "rõ năm), 'khoảng 2013', 'trước 2025-09-20', 'sau 2025-06', 'không muộn hơn "
        "2025-09-20', 'không sớm hơn 2025-07-01', 'chưa rõ'",
    ),
    "inferred": phrase(
        "'year' when the signing date's year is inferred, 'date' when the whole date is "
        "(needs --reason)",
        "'year' khi năm ký là suy luận, 'date' khi cả ngày ký là suy luận (cần --reason)",
    ),
    "reason": phrase(
        "how the signing date is known, e.g. the year worked out from the term 2016–2020",
        "căn cứ của ngày ký, ví dụ năm suy ra từ thời hạn 2016–2020",
    ),
    "slug": phrase(
        "file name without .md (default: proposed from the parties, the kind and the signing year)",
        "tên tệp, bỏ .md (mặc định: đề xuất từ các bên ký, loại văn bản và năm ký)",
    ),
    "new-party": phrase(
        "scaffold a new party file from flags",
        "tạo tệp bên ký mới từ các tùy chọn",
    ),
    "new-party.description": phrase(
        "Write CONTENT/parties/<id>.md for a body that signs agreements: name and kind "
        "required, the province checked against the list of provinces (before and after "
        "1/7/2025, or 'toàn quốc'), the parent checked against the parties. The id is made "
        "of every word of the name (LĐLĐ, UBND, HĐND, BHXH for the bodies' names, the "
        "province's 'tỉnh' or 'thành phố' left out), from the short name when it writes "
        "them all, unless --id is given. The file is checked as 'check' would check it "
        "before it is written (its names against every other party's); an existing file is "
        "never overwritten. Exit status: 0 written, 1 unknown parent, 2 a value that cannot "
        "be used.",
        "Ghi tệp CONTENT/parties/<mã>.md cho một cơ quan ký văn bản: bắt buộc có tên và loại; "
        "tỉnh được đối chiếu với danh sách tỉnh, thành phố (trước và sau 1/7/2025, hoặc 'toàn "
        "quốc'), cơ quan cấp trên được đối chiếu với các bên ký. Mã được làm từ mọi chữ của "
        "tên (LĐLĐ, UBND, HĐND, BHXH thay cho tên đầy đủ của các cơ quan đó, bỏ chữ 'tỉnh' "
        "hay 'thành phố' trước tên tỉnh), lấy từ tên viết tắt khi tên này ghi đủ các chữ ấy, "
        "trừ khi có --id. Tệp được kiểm tra như lệnh 'check' trước khi ghi (các tên của nó đối "
        "chiếu với tên mọi bên ký khác); không bao giờ ghi đè tệp đã có. Mã thoát: 0 đã ghi, "
        "1 cơ quan cấp trên chưa có trong sổ, 2 có giá trị không dùng được.",
    ),
    "new-party.content": phrase(
        "content folder to add the party to (default: content/)",
        "thư mục nội dung để thêm bên ký vào (mặc định: content/)",
    ),
    "name": phrase("full name, Vietnamese with diacritics", "tên đầy đủ, tiếng Việt có dấu"),
    "new-party.kind": phrase(
        "kind: its code or its label as the guide shows it ({labels})",
        "loại: mã hoặc tên loại như trong hướng dẫn ({labels})",
    ),
    "short": phrase("short name, e.g. LĐLĐ tỉnh Nghệ An", "tên viết tắt, ví dụ LĐLĐ tỉnh Nghệ An"),
    "province": phrase("province, or 'toàn quốc'", "tỉnh, thành phố, hoặc 'toàn quốc'"),
    "parent": phrase("the body it sits under", "cơ quan cấp trên"),
    "id": phrase("file name without .md", "tên tệp, bỏ .md"),
    "serve": phrase(
        "preview the site locally, rebuilding and reloading on every change",
        "xem trước trang web trên máy, dựng lại và tải lại sau mỗi thay đổi",
    ),
    "serve.description": phrase(
        "Build the site into a temporary folder and serve it on 127.0.0.1 under its base "
        "path. Every change to the content folder or the templates rebuilds it and reloads "
        "the open page; when the content has errors, the terminal and the page list them "
        "until the next good save. Ctrl-C stops.",
        "Dựng trang web vào một thư mục tạm và phục vụ nó tại 127.0.0.1 dưới đường dẫn gốc "
        "của trang. Mỗi thay đổi trong thư mục nội dung hay các mẫu trang đều dựng lại trang "
        "và tải lại trang đang mở; khi nội dung có lỗi, cửa sổ dòng lệnh và trang web liệt kê "
        "lỗi cho tới lần lưu đúng tiếp theo. Ctrl-C để dừng.",
    ),
    "port": phrase(
        "port on 127.0.0.1 to serve on (default: 8000; 0 picks a free one)",
        "cổng trên 127.0.0.1 để phục vụ (mặc định: 8000; 0 để chọn một cổng trống)",
    ),
    "bad-as-of": phrase(
        "'{value}' is not a date — expected YYYY-MM-DD, such as 2024-01-31",
        "'{value}' không phải một ngày — cần dạng YYYY-MM-DD, ví dụ 2024-01-31",
    ),
    "bad-base-url": phrase(
        "'{value}' is not a base URL — expected https://host/path/ or /path/",
        "'{value}' không phải địa chỉ gốc — cần dạng https://tên-miền/đường-dẫn/ hoặc /đường-dẫn/",
    ),
}
"""Each help text of the command line, in both languages."""

METAVARS = {
    "COMMAND": "LỆNH",
    "DIR": "THƯ_MỤC",
    "TEXT": "CHỮ",
    "KIND": "LOẠI",
    "NAME": "TÊN",
    "DATE": "NGÀY",
    "SLUG": "MÃ",
    "PARTY": "BÊN_KÝ",
    "ID": "MÃ",
    "PART": "PHẦN",
}
"""The placeholders of the help's usage lines, in Vietnamese."""


class Words:
    """The command line's words in one language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **params: object) -> str:
        """A help text, filled with `params`."""
        said = HELP[key]
        if params:
            said = Phrase(said.en, said.vi, {**said.params, **params})
        return said.say(self.language)

    def metavar(self, name: str) -> str:
        """A placeholder of the usage lines (`DIR` → `THƯ_MỤC`)."""
        return name if self.language == "en" else METAVARS.get(name, name)

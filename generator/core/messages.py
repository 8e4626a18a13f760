"""The catalogue of every message `check` can print.

Each entry names one kind of problem: what is wrong and what was expected, as
format strings filled from the diagnostic's parameters. Codes are stable: the
editors' guide and tests refer to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

LANGUAGES = ("vi", "en")
"""The languages messages are printed in; the first is the default."""


@dataclass(frozen=True)
class Message:
    """One kind of content problem, in English and in Vietnamese."""

    what: str
    """What is wrong, a format string over the diagnostic's parameters."""
    expected: str
    """What was expected instead, a format string over the same parameters."""
    warning: bool = False
    """Whether the problem is only a warning: printed, failing the check only under --strict."""
    vi: tuple[str, str] = ("", "")
    """(what, expected) in Vietnamese, with the same parameters."""

    def text(self, language: str) -> tuple[str, str]:
        """(what, expected) in a language of `LANGUAGES`."""
        return (self.what, self.expected) if language == "en" else self.vi


@dataclass(frozen=True)
class Phrase:
    """Words code puts into a message (what a value is, what to write), in both
    languages; said in the language the message is printed in."""

    en: str
    vi: str
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def say(self, language: str) -> str:
        """The phrase in `language`, its own parameters said in it too."""
        template = self.en if language == "en" else self.vi
        return template.format(**{key: say(value, language) for key, value in self.params.items()})

    def __str__(self) -> str:
        return self.say("en")


def phrase(en: str, vi: str, **params: object) -> Phrase:
    """Words in English and Vietnamese, with parameters (which may be phrases too)."""
    return Phrase(en, vi, MappingProxyType(params))


def say(value: object, language: str) -> object:
    """A message parameter in `language`: a phrase said in it, anything else as it is."""
    return value.say(language) if isinstance(value, Phrase) else value


CATALOGUE: dict[str, Message] = {
    # Reading files.
    "not-utf8": Message(
        "file is not valid UTF-8 (byte {byte} at column {column})",
        "the file saved as UTF-8 text",
        vi=(
            "tệp không phải văn bản UTF-8 hợp lệ (byte {byte} ở cột {column})",
            "lưu lại tệp với bảng mã UTF-8",
        ),
    ),
    "binary-file": Message(
        "file is binary, not text",
        "a UTF-8 Markdown text file",
        vi=(
            "tệp nhị phân, không phải văn bản",
            "một tệp Markdown dạng văn bản, bảng mã UTF-8",
        ),
    ),
    "file-too-large": Message(
        "file is {size} MB",
        "at most {limit} MB; put long texts in content/files/ and link them under 'documents'",
        vi=(
            "tệp nặng {size} MB",
            "tối đa {limit} MB; văn bản dài thì đặt trong content/files/ và liên kết trong "
            "'documents'",
        ),
    ),
    "empty-file": Message(
        "file is empty",
        "front matter between two '---' lines, then the text",
        vi=(
            "tệp trống",
            "phần trường thông tin nằm giữa hai dòng '---', rồi đến phần nội dung",
        ),
    ),
    "no-front-matter": Message(
        "the file does not start with a '---' line",
        "front matter first: a '---' line, the fields, and a closing '---' line",
        vi=(
            "tệp không bắt đầu bằng dòng '---'",
            "phần trường thông tin đứng đầu tệp: một dòng '---', các trường, rồi một dòng '---' "
            "đóng lại",
        ),
    ),
    "unclosed-front-matter": Message(
        "front matter is not closed",
        "a '---' line after the last field",
        vi=(
            "phần trường thông tin chưa được đóng",
            "một dòng '---' sau trường cuối cùng",
        ),
    ),
    "yaml-syntax": Message(
        "YAML syntax error: {problem}",
        "'field: value' lines; quote values that contain ': ' or start with a special character",
        vi=(
            "lỗi cú pháp YAML: {problem}",
            "các dòng 'tên trường: giá trị'; giá trị có ': ' hoặc bắt đầu bằng ký tự đặc biệt thì "
            "đặt trong ngoặc kép",
        ),
    ),
    "yaml-character": Message(
        "the invisible character {character} is not allowed in front matter",
        "plain text: delete the character (it often comes from copying out of a PDF)",
        vi=(
            "không được có ký tự vô hình {character} trong phần trường thông tin",
            "chỉ chữ thông thường: xóa ký tự đó (nó hay lẫn vào khi chép từ tệp PDF)",
        ),
    ),
    "yaml-alias": Message(
        "YAML alias '*{name}' is not allowed",
        "every value written out in full",
        vi=(
            "không được dùng cách viết tắt YAML '*{name}'",
            "viết đầy đủ mọi giá trị",
        ),
    ),
    "yaml-too-deep": Message(
        "values are nested too deeply",
        "at most {limit} levels",
        vi=(
            "các giá trị lồng nhau quá nhiều cấp",
            "tối đa {limit} cấp",
        ),
    ),
    "markdown-too-deep": Message(
        "the text is nested {depth} levels deep",
        "at most {limit} levels of quotes, list items, emphasis, link brackets and HTML "
        "elements, one inside another",
        vi=(
            "phần nội dung lồng nhau tới {depth} cấp",
            "tối đa {limit} cấp trích dẫn, mục danh sách, chữ nhấn mạnh, ngoặc liên kết và "
            "thẻ HTML lồng vào nhau",
        ),
    ),
    "not-mapping": Message(
        "front matter is {found}, not fields",
        "'field: value' lines",
        vi=(
            "phần trường thông tin là {found}, không phải các trường",
            "các dòng 'tên trường: giá trị'",
        ),
    ),
    "duplicate-key": Message(
        "'{key}' is given twice (also on line {other})",
        "each field once",
        vi=(
            "'{key}' được ghi hai lần (cả ở dòng {other})",
            "mỗi trường chỉ ghi một lần",
        ),
    ),
    "bad-key": Message(
        "a field name must be text, but this one is {found}",
        "a field name such as 'title' before the ':'",
        vi=(
            "tên trường phải là chữ, nhưng ở đây là {found}",
            "một tên trường, ví dụ 'title', đứng trước dấu ':'",
        ),
    ),
    "bad-filename": Message(
        "file name '{name}' is not a valid {what}",
        "lowercase ASCII letters, digits and single hyphens, such as '{suggestion}'",
        vi=(
            "tên tệp '{name}' không phải {what} hợp lệ",
            "chỉ chữ thường không dấu, chữ số và dấu gạch ngang đơn, ví dụ '{suggestion}'",
        ),
    ),
    "reserved-slug": Message(
        "page name '{name}' is taken by the site's own '/{name}/' section",
        "another file name, such as '{suggestion}'",
        vi=(
            "tên trang '{name}' trùng với mục '/{name}/' sẵn có của trang web",
            "một tên tệp khác, ví dụ '{suggestion}'",
        ),
    ),
    "link-outside": Message(
        "this symbolic link leads outside the content folder; nothing is read through it",
        "a regular file inside the content folder: copy the file in instead of linking to it",
        vi=(
            "liên kết tượng trưng này trỏ ra ngoài thư mục nội dung; không có gì được đọc qua nó",
            "một tệp thường nằm trong thư mục nội dung: chép tệp vào đó thay vì liên kết tới nó",
        ),
    ),
    "broken-link": Message(
        "this symbolic link is broken or leads back into a folder that contains it",
        "a regular file, or a link to a file or folder inside the content folder",
        vi=(
            "liên kết tượng trưng này bị gãy hoặc trỏ ngược về một thư mục chứa nó",
            "một tệp thường, hoặc liên kết tới một tệp hay thư mục nằm trong thư mục nội dung",
        ),
    ),
    "not-regular-file": Message(
        "this is not a regular file (a pipe, a device or an unreadable folder)",
        "a regular text file",
        vi=(
            "đây không phải tệp thường (mà là ống dẫn, thiết bị hay thư mục không mở được)",
            "một tệp văn bản thường",
        ),
    ),
    "unreadable-file": Message(
        "the file cannot be read ({reason})",
        "a file the build can read",
        vi=(
            "không đọc được tệp ({reason})",
            "một tệp mà chương trình dựng trang đọc được",
        ),
    ),
    "not-markdown": Message(
        "'{name}' is not a Markdown file",
        "a file ending in '.md'",
        vi=(
            "'{name}' không phải tệp Markdown",
            "một tệp có đuôi '.md'",
        ),
    ),
    "missing-site-config": Message(
        "the content folder has no site.yaml",
        "a site.yaml file with at least 'title'",
        vi=(
            "thư mục nội dung không có tệp site.yaml",
            "một tệp site.yaml có ít nhất trường 'title'",
        ),
    ),
    # Fields.
    "missing-field": Message(
        "required field is missing",
        "{expected}",
        vi=(
            "thiếu trường bắt buộc",
            "{expected}",
        ),
    ),
    "unknown-field": Message(
        "unknown field '{key}'",
        "{hint}",
        vi=(
            "trường '{key}' không có trong danh sách trường",
            "{hint}",
        ),
    ),
    "wrong-type": Message(
        "is {found}",
        "{expected}",
        vi=(
            "là {found}",
            "{expected}",
        ),
    ),
    "empty-value": Message(
        "is empty",
        "{expected}",
        vi=(
            "để trống",
            "{expected}",
        ),
    ),
    "bad-date": Message(
        "'{value}' is not a date",
        "YYYY-MM-DD, YYYY-MM or YYYY, such as 2022-05-20, 2022-05 or 2022{suggestion}",
        vi=(
            "'{value}' không phải một ngày",
            "YYYY-MM-DD, YYYY-MM hoặc YYYY (năm viết trước), ví dụ 2022-05-20, 2022-05 hoặc "
            "2022{suggestion}",
        ),
    ),
    "impossible-date": Message(
        "'{value}' is not a real date ({reason})",
        "a date that exists, as YYYY-MM-DD, YYYY-MM or YYYY",
        vi=(
            "'{value}' không phải ngày có thật ({reason})",
            "một ngày có thật, viết dạng YYYY-MM-DD, YYYY-MM hoặc YYYY",
        ),
    ),
    "bad-date-shape": Message(
        "{problem}",
        "a date such as 2022-05-20; or 'date' (with 'inferred: year' or 'inferred: date' and "
        "a 'reason'), 'approximately', or one bound on each side at most: 'after' (the day "
        "excluded) or 'earliest' (included), 'before' (excluded) or 'latest' (included), "
        "such as 'sau 2025-06, không muộn hơn 2025-09-20'; or 'unknown'",
        vi=(
            "{problem}",
            "một ngày như 2022-05-20; hoặc 'date' (kèm 'inferred: year' hay 'inferred: date' và "
            "một 'reason'), 'approximately', hoặc mỗi phía nhiều nhất một mốc: 'after' (sau, "
            "không tính ngày đó) hay 'earliest' (không sớm hơn), 'before' (trước, không tính "
            "ngày đó) hay 'latest' (không muộn hơn), ví dụ 'sau 2025-06, không muộn hơn "
            "2025-09-20'; hoặc 'unknown'",
        ),
    ),
    "inferred-without-reason": Message(
        "an inferred date needs the reason it was inferred",
        "a 'reason' line saying how the date was worked out, such as "
        "'năm suy ra từ thời hạn 2016–2020'",
        vi=(
            "ngày suy luận phải ghi căn cứ suy ra",
            "một dòng 'reason' nói ngày được suy ra thế nào, ví dụ 'năm suy ra từ thời hạn "
            "2016–2020'",
        ),
    ),
    "bad-date-field": Message(
        "'{value}' is not a date",
        "YYYY-MM-DD, such as 2022-05-20",
        vi=(
            "'{value}' không phải một ngày",
            "YYYY-MM-DD, ví dụ 2022-05-20",
        ),
    ),
    "unknown-value": Message(
        "'{value}' is not allowed",
        "one of: {allowed}{suggestion}",
        vi=(
            "'{value}' không phải giá trị được phép",
            "một trong các giá trị: {allowed}{suggestion}",
        ),
    ),
    "bad-url": Message(
        "'{value}' is not a web address",
        "an address starting with https:// or http://",
        vi=(
            "'{value}' không phải địa chỉ web",
            "một địa chỉ bắt đầu bằng https:// hoặc http://",
        ),
    ),
    "slug-too-long": Message(
        "'{value}' is {length} characters long",
        "a {what} of at most {limit} characters, such as '{suggestion}'",
        vi=(
            "'{value}' dài {length} ký tự",
            "{what} dài tối đa {limit} ký tự, ví dụ '{suggestion}'",
        ),
    ),
    "control-character": Message(
        "holds the invisible character {character}",
        "plain text: delete the character (it often comes with text copied from a PDF or a "
        "web page); write a line break as a new line",
        vi=(
            "có ký tự vô hình {character}",
            "chỉ chữ thông thường: xóa ký tự đó (nó hay lẫn vào khi chép chữ từ tệp PDF hay trang "
            "web); muốn xuống dòng thì viết sang dòng mới",
        ),
    ),
    "bad-base-url": Message(
        "'{value}' is not a base URL",
        "a full address such as https://example.org/register/, or a path such as /register/",
        vi=(
            "'{value}' không phải địa chỉ gốc (base URL)",
            "một địa chỉ đầy đủ như https://example.org/register/, hoặc một đường dẫn như "
            "/register/",
        ),
    ),
    "bad-slug": Message(
        "'{value}' is not a valid {what}",
        "lowercase ASCII letters, digits and single hyphens, such as '{suggestion}'",
        vi=(
            "'{value}' không phải {what} hợp lệ",
            "chỉ chữ thường không dấu, chữ số và dấu gạch ngang đơn, ví dụ '{suggestion}'",
        ),
    ),
    "unsafe-path": Message(
        "'{value}' points outside content/files/",
        "a path inside content/files/, without '..' or a leading '/'",
        vi=(
            "'{value}' trỏ ra ngoài content/files/",
            "một đường dẫn bên trong content/files/, không có '..' và không bắt đầu bằng '/'",
        ),
    ),
    "too-few-parties": Message(
        "lists {count}",
        "at least two different parties",
        vi=(
            "số bên đã ghi: {count}",
            "ít nhất hai bên ký khác nhau",
        ),
    ),
    "period-reversed": Message(
        "period ends ({end}) before it starts ({start})",
        "an end on or after the start",
        vi=(
            "thời hạn kết thúc ({end}) trước khi bắt đầu ({start})",
            "ngày kết thúc trùng hoặc sau ngày bắt đầu",
        ),
    ),
    "unnamed-person": Message(
        "gives neither a name nor a role",
        "'name:' with the full name, or 'role:' alone when the source names no one",
        vi=(
            "không có cả họ tên lẫn chức vụ",
            "'name:' ghi họ tên đầy đủ, hoặc chỉ 'role:' khi nguồn tin không nêu tên ai",
        ),
    ),
    "reference-without-target": Message(
        "names no document",
        "'slug:' of a record in the register, or the 'number:' or 'title:' (and 'date:') "
        "of a document that has none",
        vi=(
            "không chỉ ra văn bản nào",
            "'slug:' của một bản ghi trong sổ, hoặc 'number:' hay 'title:' (và 'date:') của văn "
            "bản chưa có trong sổ",
        ),
    ),
    "period-as-text": Message(
        "is the text '{value}', not a period with its own fields",
        "two lines under 'period:', each indented by two spaces: '  start: {start}' and "
        "'  end: {end}'",
        vi=(
            "là đoạn chữ '{value}', chưa phải thời hạn gồm các trường riêng",
            "hai dòng dưới 'period:', mỗi dòng lùi vào hai dấu cách: '  start: {start}' và "
            "'  end: {end}'",
        ),
    ),
    "period-end-and-duration": Message(
        "the period gives both an end and a duration",
        "either 'end:' or 'years:'/'months:' (the end is then worked out)",
        vi=(
            "thời hạn ghi cả ngày kết thúc lẫn độ dài",
            "hoặc 'end:', hoặc 'years:'/'months:' (khi đó ngày kết thúc được tính ra)",
        ),
    ),
    "unknown-province": Message(
        "'{value}' is not a province or city of the list",
        "the name as the list writes it, nearest: {nearest}; 'toàn quốc' for a national body",
        vi=(
            "'{value}' không có trong danh sách tỉnh, thành phố",
            "tên viết đúng như trong danh sách, gần nhất: {nearest}; cơ quan cấp quốc gia ghi "
            "'toàn quốc'",
        ),
    ),
    "member-count-too-small": Message(
        "member_count is {count} but {listed} members are listed",
        "the number of bodies in the group, named or not: at least {listed}",
        vi=(
            "member_count là {count} nhưng có {listed} thành viên được liệt kê",
            "số cơ quan trong nhóm, kể cả cơ quan không được nêu tên: ít nhất {listed}",
        ),
    ),
    "dissolved-before-founded": Message(
        "the body is dissolved ({end}) before it is founded ({founded})",
        "a dissolution on or after the founding",
        vi=(
            "cơ quan thôi tồn tại ({end}) trước khi được thành lập ({founded})",
            "ngày thôi tồn tại trùng hoặc sau ngày thành lập",
        ),
    ),
    # Across files.
    "unknown-party": Message(
        "no party is called '{value}'",
        "{hint}",
        vi=(
            "không có bên ký nào tên là '{value}'",
            "{hint}",
        ),
    ),
    "duplicate-party": Message(
        "'{value}' is the same party as '{other}' ({party})",
        "each party listed once",
        vi=(
            "'{value}' là cùng một bên với '{other}' ({party})",
            "mỗi bên chỉ ghi một lần",
        ),
    ),
    "signatory-party": Message(
        "'{value}' is not one of this agreement's parties",
        "one of: {allowed}",
        vi=(
            "'{value}' không phải một bên ký của văn bản này",
            "một trong các bên: {allowed}",
        ),
    ),
    "duplicate-slug": Message(
        "{what} '{value}' is also used by {other}",
        "each {what} used by one file only",
        vi=(
            "{what} '{value}' cũng được dùng ở {other}",
            "mỗi {what} chỉ dùng cho một tệp",
        ),
    ),
    "ambiguous-name": Message(
        "name '{value}' also identifies party '{other}'",
        "names and aliases that identify one party each",
        vi=(
            "tên '{value}' cũng chỉ bên ký '{other}'",
            "mỗi tên, tên viết tắt hay tên khác chỉ dẫn tới một bên ký",
        ),
    ),
    "dangling-reference": Message(
        "'{value}' does not exist",
        "{expected}",
        vi=(
            "'{value}' không tồn tại",
            "{expected}",
        ),
    ),
    "self-reference": Message(
        "'{value}' refers to this file itself",
        "{expected}",
        vi=(
            "'{value}' trỏ tới chính tệp này",
            "{expected}",
        ),
    ),
    "reference-cycle": Message(
        "{relation} forms a cycle: {cycle}",
        "no cycle",
        vi=(
            "quan hệ {relation} tạo thành vòng tròn: {cycle}",
            "không có vòng tròn",
        ),
    ),
    "dangling-link": Message(
        "'{value}' links to {what} that does not exist",
        "a link to an existing record; nearest: {nearest}",
        vi=(
            "'{value}' liên kết tới {what} không có trong sổ",
            "liên kết tới một bản ghi có thật; gần nhất: {nearest}",
        ),
    ),
    "bad-internal-link": Message(
        "'{value}' is not a link to a record",
        "'@/agreements/<slug>', '@/parties/<id>' or '@/pages/<slug>', a '#…' allowed after it",
        vi=(
            "'{value}' không phải liên kết tới một bản ghi",
            "'@/agreements/<mã>', '@/parties/<mã>' hoặc '@/pages/<mã>', có thể thêm '#…' sau",
        ),
    ),
    "missing-attachment": Message(
        "'{value}' does not exist in content/files/",
        "the path of a file in content/files/",
        vi=(
            "không có '{value}' trong content/files/",
            "đường dẫn của một tệp có trong content/files/",
        ),
    ),
    "members-not-group": Message(
        "members are only for groups (this party is '{kind}')",
        "kind: group, or no 'members'",
        vi=(
            "chỉ nhóm cơ quan mới có thành viên (bên ký này thuộc loại '{kind}')",
            "kind: group, hoặc bỏ 'members'",
        ),
    ),
    "ambiguous-party": Message(
        "'{value}' may name any of {ids} (same name; the signing date does not settle which)",
        "the id of the party meant",
        vi=(
            "'{value}' có thể là bất kỳ bên nào trong {ids} (trùng tên; ngày ký không đủ để phân "
            "biệt)",
            "mã của bên ký muốn nói",
        ),
    ),
    "topic-spelling-taken": Message(
        "'{value}' is also a spelling of the topic '{other}' on line {other_line}",
        "each spelling under one topic only: two topics that read alike are one topic, so "
        "keep the spelling under one of them and delete it from the other",
        vi=(
            "'{value}' cũng là một cách viết của chủ đề '{other}' ở dòng {other_line}",
            "mỗi cách viết chỉ thuộc một chủ đề: hai chủ đề đọc giống nhau là một, nên giữ cách "
            "viết ấy ở một chủ đề và xóa nó ở chủ đề kia",
        ),
    ),
    # Warnings.
    "reference-has-record": Message(
        "document number '{number}' is the number of the record '{slug}'",
        "'slug: {slug}' so that the reference becomes a link",
        warning=True,
        vi=(
            "số hiệu '{number}' là số hiệu của bản ghi '{slug}'",
            "'slug: {slug}' để quan hệ thành liên kết",
        ),
    ),
    "event-before-signing": Message(
        "the event ({date}) is before the signing ({signed})",
        "an event on or after the signing date; check both dates",
        warning=True,
        vi=(
            "sự kiện ({date}) diễn ra trước ngày ký ({signed})",
            "sự kiện vào hoặc sau ngày ký; xem lại cả hai ngày",
        ),
    ),
    "event-outside-period": Message(
        "the event ({date}) is more than {years} years after the period's end ({end})",
        "an event within the period or soon after it; check the date",
        warning=True,
        vi=(
            "sự kiện ({date}) diễn ra hơn {years} năm sau khi thời hạn kết thúc ({end})",
            "sự kiện trong thời hạn hoặc ít lâu sau đó; xem lại ngày",
        ),
    ),
    "signed-with-differs": Message(
        "signed with '{slug}', but the signing dates differ ({signed} and {other})",
        "the same signing date on both records",
        warning=True,
        vi=(
            "ký cùng với '{slug}', nhưng ngày ký khác nhau ({signed} và {other})",
            "cùng một ngày ký ở cả hai bản ghi",
        ),
    ),
    "topic-outside-vocabulary": Message(
        "'{value}' is not a topic of the vocabulary",
        "{hint}",
        warning=True,
        vi=(
            "'{value}' không có trong danh mục chủ đề",
            "{hint}",
        ),
    ),
    "topic-variant": Message(
        "'{value}' differs from '{first}' ({other}) only in case, marks, punctuation or word order",
        "one spelling for one topic: '{first}', or both made spellings of one topic in topics.yaml",
        warning=True,
        vi=(
            "'{value}' chỉ khác '{first}' ({other}) ở chữ hoa, chữ thường, dấu, dấu câu hay thứ "
            "tự các từ",
            "mỗi chủ đề một cách viết: '{first}', hoặc ghi cả hai trong topics.yaml làm cách viết "
            "của cùng một chủ đề",
        ),
    ),
    "no-topic-vocabulary": Message(
        "the register has no topics.yaml, so no topic is checked against a vocabulary "
        "({count} in the records)",
        "a topics.yaml in the content folder giving each topic its key, label, explanation "
        "and other spellings (see the editors' guide)",
        warning=True,
        vi=(
            "sổ chưa có tệp topics.yaml nên chủ đề của các văn bản ({count}) chưa được đối chiếu "
            "với danh mục nào",
            "một tệp topics.yaml trong thư mục nội dung, ghi mỗi chủ đề với mã, tên, lời giải "
            "thích và các cách viết khác (xem hướng dẫn biên tập)",
        ),
    ),
    "placeholder-text": Message(
        "'{value}' is the template's text, still to be replaced",
        "your own words, or the line deleted; a file with template text is not published",
        warning=True,
        vi=(
            "'{value}' là chữ mẫu của tệp mới, chưa được thay",
            "viết nội dung thật, hoặc xóa dòng đó; tệp còn chữ mẫu sẽ không được đăng",
        ),
    ),
    "markdown-differs": Message(
        "'{form}' shows one way on GitHub and another on the site",
        "{instead}",
        warning=True,
        vi=(
            "'{form}' hiện trên GitHub một kiểu, trên trang web một kiểu",
            "{instead}",
        ),
    ),
    "no-sources": Message(
        "no sources are given",
        "at least one entry {{publisher, title, url, date}} saying where the facts come from",
        warning=True,
        vi=(
            "không ghi nguồn tin nào",
            "ít nhất một mục {{publisher, title, url, date}} cho biết thông tin lấy từ đâu",
        ),
    ),
    "no-summary": Message(
        "no summary and an empty body",
        "a 'summary' or a body text under the front matter",
        warning=True,
        vi=(
            "không có tóm tắt và phần nội dung trống",
            "trường 'summary' hoặc phần nội dung dưới phần trường thông tin",
        ),
    ),
    "party-unused": Message(
        "no agreement lists this party",
        "an agreement that names it, or removing the file",
        warning=True,
        vi=(
            "không văn bản nào ghi bên ký này",
            "một văn bản có ghi bên này, hoặc xóa tệp",
        ),
    ),
}

"""The catalogue of every message `check` can print.

Each entry names one kind of problem: what is wrong and what was expected, as
format strings filled from the diagnostic's parameters. Codes are stable: the
editors' guide and tests refer to them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One kind of content problem."""

    what: str
    """What is wrong, a format string over the diagnostic's parameters."""
    expected: str
    """What was expected instead, a format string over the same parameters."""
    warning: bool = False
    """Whether the problem is only a warning: printed, failing the check only under --strict."""


CATALOGUE: dict[str, Message] = {
    # Reading files.
    "not-utf8": Message(
        "file is not valid UTF-8 (byte {byte} at column {column})",
        "the file saved as UTF-8 text",
    ),
    "binary-file": Message("file is binary, not text", "a UTF-8 Markdown text file"),
    "file-too-large": Message(
        "file is {size} MB",
        "at most {limit} MB; put long texts in content/files/ and link them under 'documents'",
    ),
    "empty-file": Message("file is empty", "front matter between two '---' lines, then the text"),
    "no-front-matter": Message(
        "the file does not start with a '---' line",
        "front matter first: a '---' line, the fields, and a closing '---' line",
    ),
    "unclosed-front-matter": Message(
        "front matter is not closed", "a '---' line after the last field"
    ),
    "yaml-syntax": Message(
        "YAML syntax error: {problem}",
        "'field: value' lines; quote values that contain ': ' or start with a special character",
    ),
    "yaml-character": Message(
        "the invisible character {character} is not allowed in front matter",
        "plain text: delete the character (it often comes from copying out of a PDF)",
    ),
    "yaml-alias": Message("YAML alias '*{name}' is not allowed", "every value written out in full"),
    "yaml-too-deep": Message("values are nested too deeply", "at most {limit} levels"),
    "not-mapping": Message("front matter is {found}, not fields", "'field: value' lines"),
    "duplicate-key": Message("'{key}' is given twice (also on line {other})", "each field once"),
    "bad-key": Message(
        "a field name must be text, but this one is {found}",
        "a field name such as 'title' before the ':'",
    ),
    "bad-filename": Message(
        "file name '{name}' is not a valid {what}",
        "lowercase ASCII letters, digits and single hyphens, such as '{suggestion}'",
    ),
    "reserved-slug": Message(
        "page name '{name}' is taken by the site's own '/{name}/' section",
        "another file name, such as '{suggestion}'",
    ),
    "link-outside": Message(
        "this symbolic link leads outside the content folder; nothing is read through it",
        "a regular file inside the content folder: copy the file in instead of linking to it",
    ),
    "broken-link": Message(
        "this symbolic link is broken or leads back into a folder that contains it",
        "a regular file, or a link to a file or folder inside the content folder",
    ),
    "not-regular-file": Message(
        "this is not a regular file (a pipe, a device or an unreadable folder)",
        "a regular text file",
    ),
    "unreadable-file": Message("the file cannot be read ({reason})", "a file the build can read"),
    "not-markdown": Message("'{name}' is not a Markdown file", "a file ending in '.md'"),
    "missing-site-config": Message(
        "the content folder has no site.yaml", "a site.yaml file with at least 'title'"
    ),
    # Fields.
    "missing-field": Message("required field is missing", "{expected}"),
    "unknown-field": Message("unknown field '{key}'", "{hint}"),
    "wrong-type": Message("is {found}", "{expected}"),
    "empty-value": Message("is empty", "{expected}"),
    "bad-date": Message(
        "'{value}' is not a date",
        "YYYY-MM-DD, YYYY-MM or YYYY, such as 2022-05-20, 2022-05 or 2022",
    ),
    "impossible-date": Message(
        "'{value}' is not a real date ({reason})",
        "a date that exists, as YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    "bad-date-shape": Message(
        "{problem}",
        "a date such as 2022-05-20; or 'date' (with 'inferred: year' or 'inferred: date' and "
        "a 'reason'), 'approximately', or 'before' and/or 'after'; or 'unknown'",
    ),
    "inferred-without-reason": Message(
        "an inferred date needs the reason it was inferred",
        "a 'reason' line saying how the date was worked out, such as "
        "'năm suy ra từ thời hạn 2016–2020'",
    ),
    "bad-date-field": Message("'{value}' is not a date", "YYYY-MM-DD, such as 2022-05-20"),
    "unknown-value": Message("'{value}' is not allowed", "one of: {allowed}{suggestion}"),
    "bad-url": Message(
        "'{value}' is not a web address", "an address starting with https:// or http://"
    ),
    "slug-too-long": Message(
        "'{value}' is {length} characters long",
        "a {what} of at most {limit} characters, such as '{suggestion}'",
    ),
    "control-character": Message(
        "holds the invisible character {character}",
        "plain text: delete the character (it often comes with text copied from a PDF or a "
        "web page); write a line break as a new line",
    ),
    "bad-base-url": Message(
        "'{value}' is not a base URL",
        "a full address such as https://example.org/register/, or a path such as /register/",
    ),
    "bad-slug": Message(
        "'{value}' is not a valid {what}",
        "lowercase ASCII letters, digits and single hyphens, such as '{suggestion}'",
    ),
    "unsafe-path": Message(
        "'{value}' points outside content/files/",
        "a path inside content/files/, without '..' or a leading '/'",
    ),
    "too-few-parties": Message("lists {count}", "at least two different parties"),
    "period-reversed": Message(
        "period ends ({end}) before it starts ({start})", "an end on or after the start"
    ),
    "unnamed-person": Message(
        "gives neither a name nor a role",
        "'name:' with the full name, or 'role:' alone when the source names no one",
    ),
    "reference-without-target": Message(
        "names no document",
        "'slug:' of a record in the register, or the 'number:' or 'title:' (and 'date:') "
        "of a document that has none",
    ),
    "period-end-and-duration": Message(
        "the period gives both an end and a duration",
        "either 'end:' or 'years:'/'months:' (the end is then worked out)",
    ),
    "unknown-province": Message(
        "'{value}' is not a province or city of the list",
        "the name as the list writes it, nearest: {nearest}; 'toàn quốc' for a national body",
    ),
    "member-count-too-small": Message(
        "member_count is {count} but {listed} members are listed",
        "the number of bodies in the group, named or not: at least {listed}",
    ),
    "dissolved-before-founded": Message(
        "the body is dissolved ({end}) before it is founded ({founded})",
        "a dissolution on or after the founding",
    ),
    # Across files.
    "unknown-party": Message("no party is called '{value}'", "{hint}"),
    "duplicate-party": Message(
        "'{value}' is the same party as '{other}' ({party})", "each party listed once"
    ),
    "signatory-party": Message(
        "'{value}' is not one of this agreement's parties", "one of: {allowed}"
    ),
    "duplicate-slug": Message(
        "{what} '{value}' is also used by {other}", "each {what} used by one file only"
    ),
    "ambiguous-name": Message(
        "name '{value}' also identifies party '{other}'",
        "names and aliases that identify one party each",
    ),
    "dangling-reference": Message("'{value}' does not exist", "{expected}"),
    "self-reference": Message("'{value}' refers to this file itself", "{expected}"),
    "reference-cycle": Message("{relation} forms a cycle: {cycle}", "no cycle"),
    "missing-attachment": Message(
        "'{value}' does not exist in content/files/", "the path of a file in content/files/"
    ),
    "members-not-group": Message(
        "members are only for groups (this party is '{kind}')",
        "kind: group, or no 'members'",
    ),
    "ambiguous-party": Message(
        "'{value}' may name any of {ids} (same name; the signing date does not settle which)",
        "the id of the party meant",
    ),
    # Warnings.
    "reference-has-record": Message(
        "document number '{number}' is the number of the record '{slug}'",
        "'slug: {slug}' so that the reference becomes a link",
        warning=True,
    ),
    "event-before-signing": Message(
        "the event ({date}) is before the signing ({signed})",
        "an event on or after the signing date; check both dates",
        warning=True,
    ),
    "event-outside-period": Message(
        "the event ({date}) is more than {years} years after the period's end ({end})",
        "an event within the period or soon after it; check the date",
        warning=True,
    ),
    "signed-with-differs": Message(
        "signed with '{slug}', but the signing dates differ ({signed} and {other})",
        "the same signing date on both records",
        warning=True,
    ),
    "no-sources": Message(
        "no sources are given",
        "at least one entry {{publisher, title, url, date}} saying where the facts come from",
        warning=True,
    ),
    "no-summary": Message(
        "no summary and an empty body",
        "a 'summary' or a body text under the front matter",
        warning=True,
    ),
    "party-unused": Message(
        "no agreement lists this party",
        "an agreement that names it, or removing the file",
        warning=True,
    ),
}

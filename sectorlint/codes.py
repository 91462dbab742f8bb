"""Stable codes for problems found while reading files and validating them against the schema.

Cross-sector rules carry their own codes in `sectorlint.rules`; these are the ones the reader
(`Y`) and the schema validator (`S`) emit. Codes never change meaning once released.

Each code says why it matters, what fixes it, and shows a bad and a good example, as rules do.
The examples are tests too (tests/test_code_examples.py): the bad one must report the code, at
the place its markers say (`rules/examples.py` describes them; `sectorlint rule` never shows
them), and the good one must not. Schema examples show only the keys that matter and are filled
with neutral values like rule examples; reader examples are files exactly as written.
"""

from __future__ import annotations

from typing import NamedTuple

from sectorlint.problem import Severity


class Example(NamedTuple):
    files: dict[str, str]  # file name -> text
    filled: bool = True  # keys left out are filled with neutral values (`rules/examples.py`)
    options: tuple[str, ...] = ()  # what `sectorlint check` needs to show it (a lower cap)
    command: str = "check"  # or "fmt": the command that reports it
    made: str = ""  # how the first file is made, where its text cannot show it (see MADE)


# What a file can be that its text does not show, and how `sectorlint rule` says so.
MADE = {
    "latin-1": "saved as Latin-1, not UTF-8",
    "fifo": "a named pipe, made with mkfifo, not a regular file",
    "unreadable": "a file its reader may not read (chmod 000)",
}


class Code(NamedTuple):
    code: str
    name: str
    summary: str
    severity: Severity = Severity.ERROR
    rationale: str = ""
    fix: str = ""
    bad: Example | None = None  # None: no file brings it about (see the rationale)
    good: Example | None = None


def _whole(
    text: str,
    name: str = "help-desk.yaml",
    *,
    options: tuple[str, ...] = (),
    command: str = "check",
    made: str = "",
) -> Example:
    """A reader example: one file, exactly as written."""
    return Example({name: text}, False, options, command, made)


_GOOD_FILE = _whole(
    """\
id: help-desk
name: Help Desk
""",
)

_READER = [
    Code(
        "Y000",
        "internal-error",
        "sectorlint itself failed on this file; please report it.",
        rationale=(
            "A bug in sectorlint, never a mistake in the file. The file's own checks were cut "
            "short, so the run reports it rather than pass the file as clean; every other file "
            "is still checked. No example can show it: no file is meant to cause it."
        ),
        fix=(
            "Report it, with the message (it names what failed) and a file that shows it. "
            "Until it is fixed, `# sectorlint: disable-file=Y000` quiets it in that file."
        ),
    ),
    Code(
        "Y001",
        "yaml-syntax",
        "The file is not valid YAML (or JSON); located where the parser stopped.",
        rationale=(
            "A file that does not parse holds no data at all: nothing in it can be validated, "
            "compared or rendered. Parsing stops at the first error, as every YAML parser does, "
            "so fixing it may show another further down."
        ),
        fix=(
            "Correct the YAML where the problem points (the message says what the parser met); "
            "here, `summary` is indented as if it belonged to `name`."
        ),
        bad=_whole(
            """\
id: help-desk
name: Help Desk
  summary: First-line support.
# expect Y001 at 3:10
""",
        ),
        good=_whole(
            """\
id: help-desk
name: Help Desk
summary: First-line support.
""",
        ),
    ),
    Code(
        "Y002",
        "duplicate-key",
        "A mapping defines the same key twice; the first one is kept.",
        rationale=(
            "YAML parsers disagree about a repeated key: some keep the first value, some the "
            "last, some refuse the file. sectorlint keeps the first and checks the rest of the "
            "file, but the second value, usually the newer one, is silently ignored."
        ),
        fix="Keep one of the two: delete the other, or merge what each says into one value.",
        bad=_whole(
            """\
id: help-desk
name: Help Desk
name: Service Desk
# expect Y002 at 3:1
""",
        ),
        good=_GOOD_FILE,
    ),
    Code(
        "Y003",
        "empty-file",
        "The file holds no document (empty, or only comments).",
        rationale=(
            "An empty content file is usually a sector that was started and never written, or "
            "an accident of a merge; it would otherwise pass every check."
        ),
        fix="Write the sector (its required keys) or delete the file.",
        bad=_whole(
            """\
# The help desk, still to be written.
# expect Y003 at 1:1
""",
        ),
        good=_GOOD_FILE,
    ),
    Code(
        "Y004",
        "not-utf8",
        "The file's bytes are not UTF-8 text.",
        rationale=(
            "YAML is UTF-8 text. A file saved in another encoding (Latin-1, Windows-1252, "
            "UTF-16) turns every accented letter into something else, or into an error, "
            "depending on who reads it. A UTF-8 byte-order mark is fine."
        ),
        fix=(
            "Save the file as UTF-8 (in most editors: save with encoding UTF-8; on the command "
            "line: `iconv -f latin1 -t utf-8 FILE`)."
        ),
        bad=_whole(
            """\
id: cafe
name: Café
# expect Y004 at 2:10
""",
            "cafe.yaml",
            made="latin-1",
        ),
        good=_whole(
            """\
id: cafe
name: Café
""",
            "cafe.yaml",
        ),
    ),
    Code(
        "Y005",
        "not-a-mapping",
        "The document is a list or a scalar; a sector is a mapping.",
        rationale=(
            "A sector file describes one sector as keys and values. A list (a leading `- `) "
            "or a lone value has no keys to check or compare."
        ),
        fix="Write the sector's keys at the top level, one sector per file.",
        bad=_whole(
            """\
- id: help-desk
  name: Help Desk
# expect Y005 at 1:1
""",
        ),
        good=_GOOD_FILE,
    ),
    Code(
        "Y006",
        "forbidden-tag",
        "A YAML tag other than the standard ones (e.g. !!python/object).",
        rationale=(
            "Tags such as `!!python/object/apply` make some YAML loaders run code, and custom "
            "tags mean something only to the program that defined them. Content files hold "
            "plain data, so anything but the standard tags is refused (nothing is ever "
            "constructed), and so is a value its standard tag rejects (`!!int hello`)."
        ),
        fix="Remove the tag: write plain text, numbers, lists and mappings.",
        bad=_whole(
            """\
id: help-desk
name: !!python/object/apply:os.system [echo hi]
# expect Y006 at 2:7
""",
        ),
        good=_GOOD_FILE,
    ),
    Code(
        "Y007",
        "anchor-or-alias",
        "Anchors and aliases are refused before anything expands them.",
        rationale=(
            'Aliases let a few lines expand into billions of values (the "billion laughs" '
            "attack), and they hide from a reader what a key really holds. Content files are "
            "short enough to write each value where it belongs."
        ),
        fix="Write the value out in each place that uses it.",
        bad=_whole(
            """\
id: help-desk
core_functions: &work [Technical support]
examples: *work
# expect Y007 at 2:17
""",
        ),
        good=_whole(
            """\
id: help-desk
core_functions: [Technical support]
examples: [Technical support]
""",
        ),
    ),
    Code(
        "Y008",
        "file-too-large",
        "The file is larger than the size cap (--max-file-size).",
        rationale=(
            "A sector file is a few kilobytes. A much larger one is a mistake (a data dump, a "
            "generated file in the wrong folder) or an attempt to exhaust the checker; it is "
            "reported without being parsed. The example lowers the cap to show it."
        ),
        fix=(
            "Move what does not belong out of the file, or raise the cap (`--max-file-size`, "
            "or `max-file-size` in the configuration) if the file is meant to be that large."
        ),
        bad=_whole(
            """\
id: help-desk
name: Help Desk
summary: First-line technical support.
# expect Y008 at 1:1
""",
            options=("--max-file-size", "64"),
        ),
        good=_whole(
            """\
id: help-desk
name: Help Desk
""",
            options=("--max-file-size", "64"),
        ),
    ),
    Code(
        "Y009",
        "unreadable",
        "A file or directory could not be read.",
        rationale=(
            "A content file the checker cannot read is a file it cannot vouch for: passing the "
            "run without it would hide whatever is wrong in it, and every relation to it."
        ),
        fix=(
            "Let the user who runs sectorlint read it (`chmod a+r FILE`, or the folder's "
            "`chmod a+rx`), or move it out of the content folder."
        ),
        bad=_whole(
            """\
id: help-desk
name: Help Desk
""",
            made="unreadable",
        ),
        good=_GOOD_FILE,
    ),
    Code(
        "Y010",
        "multiple-documents",
        "The file holds more than one YAML document.",
        rationale=(
            "One file describes one sector. A second document after `---` would be ignored by "
            "tools that read only the first, and lost from the comparison."
        ),
        fix="Put each sector in its own file.",
        bad=_whole(
            """\
id: help-desk
name: Help Desk
---
id: service-desk
name: Service Desk
# expect Y010 at 3:1
""",
        ),
        good=_GOOD_FILE,
    ),
    Code(
        "Y011",
        "too-deep",
        "Nesting is deeper than the cap (--max-depth).",
        rationale=(
            "No sector needs deep nesting (four levels at most); very deep data is a mistake "
            "or an attempt to exhaust the parser's and validator's recursion. The top-level "
            "mapping counts as level 1. The example lowers the cap to show it."
        ),
        fix=(
            "Flatten the data: a value that needs a mapping of mappings belongs in its own "
            "key. If the depth is meant, raise `--max-depth` (at most 100)."
        ),
        bad=_whole(
            """\
id: help-desk
faqs:
  - question: Why?
    answer:
      text: Because.
# expect Y011 at 5:7
""",
            options=("--max-depth", "3"),
        ),
        good=_whole(
            """\
id: help-desk
faqs:
  - question: Why?
    answer: Because.
""",
            options=("--max-depth", "3"),
        ),
    ),
    Code(
        "Y012",
        "complex-key",
        "A mapping key is a list or mapping; keys must be plain strings.",
        rationale=(
            "YAML allows a list or a mapping as a key (`? [a, b]`), which no JSON tool, and no "
            "key of the schema, can represent."
        ),
        fix="Use a plain text key, and put the list or mapping in its value.",
        bad=_whole(
            """\
id: help-desk
? [front, back]
: office
# expect Y012 at 2:3
""",
        ),
        good=_whole(
            """\
id: help-desk
service_areas: [front-office, back-office]
""",
        ),
    ),
    Code(
        "Y013",
        "skipped-file",
        "A FIFO, device, socket, broken link or link loop was skipped.",
        Severity.WARNING,
        rationale=(
            "Reading a named pipe or a device would hang the run or read endless data, and a "
            "broken link has nothing to read. They are skipped, and reported so that a content "
            "file that should be there is not missed."
        ),
        fix=(
            "Nothing, if it is meant to be there; otherwise replace it with a regular file, "
            "or repair the link."
        ),
        bad=_whole("", "feed.yaml", made="fifo"),
        good=_whole(
            """\
id: feed
name: Feed
""",
            "feed.yaml",
        ),
    ),
    Code(
        "Y014",
        "too-many-items",
        "A list holds more items than the cap (--max-list-items).",
        rationale=(
            "A comparison lists a handful of items per aspect. A list of thousands is a "
            "mistake or an attempt to exhaust the checker; parsing stops at the cap. The "
            "example lowers the cap to show it."
        ),
        fix=(
            "Shorten the list to what readers need, or raise the cap (`--max-list-items`, or "
            "`max-list-items` in the configuration)."
        ),
        bad=_whole(
            """\
id: help-desk
examples: [Resets, Logins, Printers, Email]
# expect Y014 at 2:38
""",
            options=("--max-list-items", "3"),
        ),
        good=_whole(
            """\
id: help-desk
examples: [Resets, Logins, Printers]
""",
            options=("--max-list-items", "3"),
        ),
    ),
    Code(
        "Y015",
        "not-rewritable",
        "fmt could not rewrite the file without changing its data or losing a comment; it was "
        "left as it was.",
        rationale=(
            "`sectorlint fmt` (and `check --fix`) rewrite a file only when the new text reads "
            "back as the same data with every comment in place. Its round-trip reader "
            "(ruamel.yaml) is stricter than the checker's in places (an impossible date written "
            "without quotes, a trailing tab in a block) and drops comments inside multi-line "
            "flow collections; then only one-line values are changed where they stand, and a "
            "file that needs more is left untouched rather than changed."
        ),
        fix=(
            "Correct or quote the value the round-trip reader cannot take (here the date "
            "2024-02-30, which `check` reports as S005), then run `sectorlint fmt` again."
        ),
        bad=_whole(
            """\
id: help-desk
definition: >-
  Works like a call
  centre, by phone.
sources:
  - title: Notes
    date: 2024-02-30
# expect Y015 at 1:1
""",
            command="fmt",
        ),
        good=_whole(
            """\
id: help-desk
definition: >-
  Works like a call
  centre, by phone.
sources:
  - title: Notes
    date: 2024-02-28
""",
            command="fmt",
        ),
    ),
    Code(
        "Y016",
        "under-indented",
        "A line inside a flow collection or quoted text that spans lines (or the first line "
        "of a block scalar) is not indented as YAML 1.2 requires.",
        rationale=(
            "YAML 1.2 indents every line of a node past the block entries it belongs to "
            "(spec 8.2.3), and a block scalar's first line sets its indentation, which no blank "
            "line before it may pass (8.1.1.1). libyaml, which the checker reads with, does "
            "not check either and reads such a file as its writer meant; js-yaml 5, YAML::PP "
            "and the spec's reference parser refuse it. The data is still checked; `fmt` "
            "leaves the file as it is."
        ),
        fix="Indent the line past its key (one space more is enough).",
        bad=_whole(
            """\
id: help-desk
name: Help Desk
summary: "First-line
support."
# expect Y016 at 4:1
""",
        ),
        good=_whole(
            """\
id: help-desk
name: Help Desk
summary: "First-line
  support."
""",
        ),
    ),
    Code(
        "Y017",
        "bracket-at-key-indent",
        "The closing bracket of a flow collection that spans lines stands at its key's "
        "indentation.",
        Severity.WARNING,
        rationale=(
            "YAML 1.2 wants it indented past the key like the rest of the collection; libyaml, "
            "PyYAML, ruamel.yaml and eemeli/yaml allow it, and sectorlint reads it so, but "
            "js-yaml 5, YAML::PP and the spec's reference parser refuse the file. `fmt` "
            "formats the file and leaves the bracket where it stands."
        ),
        fix=(
            "Indent the closing bracket by one space or more, or end the collection on its "
            "last line."
        ),
        bad=_whole(
            """\
id: help-desk
name: Help Desk
aliases: [
  Service Desk,
]
# expect Y017 at 5:1
""",
        ),
        good=_whole(
            """\
id: help-desk
name: Help Desk
aliases: [
  Service Desk,
  ]
""",
        ),
    ),
]


def _sector(text: str) -> Example:
    """A schema example: one file, the keys it leaves out filled with neutral values."""
    return Example({"help-desk.yaml": text})


_SUMMARY = _sector("""\
id: help-desk
summary: First-line technical support.
""")

_SCHEMA = [
    Code(
        "S001",
        "missing-key",
        "A required key is missing; located at the mapping that lacks it.",
        rationale=(
            "The comparison shows the required keys (definition, scope, core functions, "
            "technology dependency, examples, sources, ...) for every sector; a sector without "
            "one leaves a hole next to its neighbours. One problem lists every key a mapping "
            "lacks; a key that is there but misspelt is reported as that (S002) instead."
        ),
        fix="Add the keys the message lists.",
        bad=_sector("""\
id: help-desk
# expect S001 at 1:1
# without: summary
"""),
        good=_SUMMARY,
    ),
    Code(
        "S002",
        "unknown-key",
        "A key the schema does not define (usually a typo).",
        rationale=(
            "A key the schema does not know is never shown, compared or checked, so a typo "
            "silently drops what it holds. When the key it most likely meant is a required "
            "one that is missing, the message says so, and that is the one problem reported."
        ),
        fix=(
            "Correct the spelling (the message suggests the key), or remove the key; "
            "`sectorlint schema` prints every key a sector may have."
        ),
        bad=_sector("""\
id: help-desk
summry: First-line technical support.
# expect S002 at 2:1
# without: summary
"""),
        good=_SUMMARY,
    ),
    Code(
        "S003",
        "wrong-type",
        "A value of the wrong type (a list where text is expected, ...).",
        rationale=(
            "Each key holds one kind of value: text, a list, a mapping. A list written as one "
            "line of text shows as one item, and an unquoted `2024` or `true` is a number or a "
            "yes/no, not text. Only the type is reported for such a value, not its other checks."
        ),
        fix=(
            "Write the value as the message says: a list of `- item` lines, `key: value` "
            "lines, or text in quotes."
        ),
        bad=_sector("""\
id: help-desk
core_functions: Technical support
#               ^ S003
"""),
        good=_sector("""\
id: help-desk
core_functions: [Technical support]
"""),
    ),
    Code(
        "S004",
        "invalid-value",
        "A value outside the allowed set (ordinal scales, enums).",
        rationale=(
            "Scales and categories (scope, technology dependency, service areas, channels, ...) "
            "take one of a few values, so that sectors compare and sort; any other value is "
            "shown as is, out of order, or not at all. The message lists the values and "
            "suggests the one meant."
        ),
        fix=(
            "Write one of the allowed values. A value spelt another way (`Very High` for "
            "`very-high`) is rewritten by `sectorlint fmt`."
        ),
        bad=_sector("""\
id: help-desk
tech_dependency: hihg
#                ^ S004
"""),
        good=_sector("""\
id: help-desk
tech_dependency: high
"""),
    ),
    Code(
        "S005",
        "bad-format",
        "Text that does not match the required format (slug, URL, date).",
        rationale=(
            "Ids are what relations and file names use, so they are lowercase words joined by "
            "hyphens; sources link to pages a browser opens (http or https); dates are real "
            "dates in one form (YYYY, YYYY-MM or YYYY-MM-DD), so that they sort. The message "
            "says what to write, with the value rewritten where it can be. A relation's "
            "`sector` is R001's to report, which also knows the sector that was meant."
        ),
        fix="Write the value in the form the message gives.",
        bad=_sector("""\
id: Help Desk
#   ^ S005
sources:
  - title: Notes
    url: www.example.org/help-desks
#        ^ S005
    date: 2024-02-30
#         ^ S005
"""),
        good=_sector("""\
id: help-desk
sources:
  - title: Notes
    url: https://www.example.org/help-desks
    date: 2024-02-29
"""),
    ),
    Code(
        "S006",
        "bad-length",
        "Empty text or list, or one that is too long.",
        rationale=(
            "An empty value shows as a blank cell that looks like missing content, and an "
            "over-long one (a summary of several sentences) breaks the comparison's layout. "
            "The limits are the schema's (a summary has at most 200 characters)."
        ),
        fix="Write the missing text or items (or remove an optional key), or shorten the text.",
        bad=_sector("""\
id: help-desk
summary: ''
#        ^ S006
"""),
        good=_SUMMARY,
    ),
    Code(
        "S007",
        "duplicate-item",
        "A list that must hold unique items repeats one.",
        rationale=(
            "A repeated item makes a list look longer than it is and shows twice in the "
            "comparison. Repeats that differ only in case or spacing are C002's."
        ),
        fix="Remove the repeat.",
        bad=_sector("""\
id: help-desk
examples: [Password resets, Logins, Password resets]
#                                   ^ S007
"""),
        good=_sector("""\
id: help-desk
examples: [Password resets, Logins]
"""),
    ),
    Code(
        "S099",
        "schema-violation",
        "Any other violation of the sector schema.",
        rationale=(
            "The codes above cover every check the shipped schema makes; S099 is for a check "
            "a changed schema adds that none of them covers, so that no violation goes "
            "unreported. No example can show it with the shipped schema."
        ),
        fix="Write the value as the schema requires (`sectorlint schema` prints it).",
    ),
]

CODES: dict[str, Code] = {c.code: c for c in [*_READER, *_SCHEMA]}

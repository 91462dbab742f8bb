"""One mistake, one problem, and a message that says what to write: relations that name a
sector by something else than its id, ids that are not well formed, and placeholders, in a copy
of the fixture project's content (tests/data/project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sectorlint import engine
from sectorlint.config import Config
from tests.conftest import run_cli
from tests.test_consistency import content_copy, mutate, where

# Every case twice: the spilled model must answer exactly as the one in memory does.
pytestmark = pytest.mark.usefixtures("model_kind")


def located(root: Path, *paths: str) -> list[tuple[str, str, int, int, str]]:
    """(file, code, line, column, message) of what `sectorlint check` reports for `root`."""
    result = run_cli("check", "--output-format", "json", *paths, cwd=root.parent)
    return [
        (Path(p["path"]).name, p["code"], p["line"], p["column"], p["message"])
        for p in json.loads(result.output)["problems"]
    ]


IT_TO_CALL_CENTER = "    - sector: call-center\n      how: Runs call center tools"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "Call Center",
            "'Call Center' is the name of sector 'call-center', not its id; write 'call-center'",
        ),
        (
            "contact center",
            "'contact center' is an alias of sector 'call-center', not its id; write 'call-center'",
        ),
        ("Call-Center", "'Call-Center' is not how the id is written; write 'call-center'"),
        ("call_center", "'call_center' is not how the id is written; write 'call-center'"),
        (
            "call center",
            "'call center' is not an id, but matches the name 'Call Center' of sector "
            "'call-center'; write 'call-center'",
        ),
    ],
)
def test_a_sector_named_instead_of_its_id_is_one_problem_with_the_id_to_write(
    tmp_path: Path, written: str, message: str
) -> None:
    root = content_copy(tmp_path)
    mutate(root, "it.yaml", IT_TO_CALL_CENTER, IT_TO_CALL_CENTER.replace("call-center", written))
    line, column = where(root, "it.yaml", f"sector: {written}\n")
    assert located(root) == [("it.yaml", "R001", line, column + len("sector: "), message)]


def test_a_short_name_is_no_id_either(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    support = "  supports:\n    - sector: BPO\n      how: Answers the phone for BPO clients.\n"
    mutate(root, "call-center.yaml", "\nsources:", f"{support}\nsources:")
    assert [(code, message) for _, code, _, _, message in located(root)] == [
        ("R001", "'BPO' is the short name of sector 'bpo', not its id; write 'bpo'")
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "Knowledge Process",
            "'Knowledge Process' is not a valid id, and no sector has that name; write the id "
            "of a sector (lowercase letters, digits and hyphens)",
        ),
        (
            "BPO Services",
            "'BPO Services' is not a valid id, and no sector has that name (did you mean 'bpo'?)",
        ),
        ("bpo-services", "'bpo-services' is not the id of any sector in the content set "
         "(did you mean 'bpo'?)"),
        ("services-bpo", "'services-bpo' is not the id of any sector in the content set "
         "(did you mean 'bpo'?)"),
        ("bpo-ops", "'bpo-ops' is not the id of any sector in the content set "
         "(did you mean 'bpo'?)"),
        ("Call centers", "'Call centers' is not a valid id, and no sector has that name "
         "(did you mean 'call-center'?)"),
        ("", "the relation names no sector; write the id of one"),
    ],
)  # fmt: skip
def test_a_value_that_names_no_sector_is_one_problem(
    tmp_path: Path, written: str, message: str
) -> None:
    root = content_copy(tmp_path)
    value = written or "''"
    mutate(root, "it.yaml", IT_TO_CALL_CENTER, IT_TO_CALL_CENTER.replace("call-center", value))
    [(name, code, _, _, text)] = located(root)
    assert (name, code, text) == ("it.yaml", "R001", message)


def test_a_renamed_id_is_reported_by_a_run_of_the_renamed_file_alone(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(root, "call-center.yaml", "id: call-center", "id: contact-centre")
    renamed = root / "call-center.yaml"
    report = engine.check([str(renamed)], engine.Options(config=Config(root=root.parent)))
    dangling = [p for p in report.problems if p.path.endswith("it.yaml") and p.code == "R001"]
    assert [p.message for p in dangling] == [
        "'call-center' is not an id, but matches the name 'Call Center' of sector "
        "'contact-centre'; write 'contact-centre'"
    ]
    assert dangling[0].related == (str(renamed),)


def test_a_relation_in_a_file_with_no_id_keeps_its_schema_problem(tmp_path: Path) -> None:
    """No id, no sector: R001 never sees the file's relations, so the schema reports them."""
    root = content_copy(tmp_path)
    mutate(root, "it.yaml", "id: it\n", "")
    mutate(root, "it.yaml", IT_TO_CALL_CENTER, IT_TO_CALL_CENTER.replace("call-center", "Call X"))
    at_value = [p for p in located(root, "content/it.yaml") if p[4].startswith("relations.")]
    assert [(code, message) for _, code, _, _, message in at_value] == [
        (
            "S005",
            "relations.supports[1].sector: 'Call X' is not a valid id; use lowercase letters, "
            "digits and single hyphens, e.g. 'call-x'",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "tbd", "Tbd", "TBA", "TODO handle refunds", "N/A", "n/a", "TODO", "FixMe", "xxx", "???",
        "Lorem ipsum",
        "Coming soon.", "Details: coming soon", "More details coming soon.",
        "To be confirmed.", "The fee is to be determined.", "Opening hours (to be announced)",
    ],
)  # fmt: skip
def test_placeholders_are_found_in_any_case(tmp_path: Path, text: str) -> None:
    root = content_copy(tmp_path)
    mutate(root, "bpo.yaml", "  - HR outsourcing\n", f"  - HR outsourcing\n  - '{text}'\n")
    found = located(root)
    assert [code for _, code, _, _, _ in found] == ["C003"]
    _, _, line, column, message = found[0]
    assert line == where(root, "bpo.yaml", f"  - '{text}'\n")[0]
    word = message.split("'")[1]
    assert word.lower() in text.lower()
    assert column == 6 + text.lower().index(word.lower())
    assert message.endswith("left in the text; write what belongs there")


@pytest.mark.parametrize(
    "text",
    [
        "Routes across the N/Atlantic", "Regulation is coming soon to outsourcing.",
        "The fee is to be determined by volume.", "Sizes up to XXXL", "A to-do list",
        "Xxxenon lighting",
    ],
)  # fmt: skip
def test_prose_that_only_resembles_a_placeholder_is_left_alone(tmp_path: Path, text: str) -> None:
    root = content_copy(tmp_path)
    mutate(root, "bpo.yaml", "  - HR outsourcing\n", f"  - HR outsourcing\n  - '{text}'\n")
    assert located(root) == []


def test_web_addresses_are_not_searched_for_placeholders(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    path = root / "bpo.yaml"
    source = "  - title: A list of sectors\n    url: https://example.org/todo/tbd\n"
    path.write_text(path.read_text(encoding="utf-8") + source, encoding="utf-8")
    assert located(root) == []
    mutate(root, "bpo.yaml", "/todo/tbd\n", "/todo/tbd\n    note: TBD\n")
    assert [code for _, code, _, _, _ in located(root)] == ["C003"]


def test_a_placeholder_inside_escapes_is_still_reported_at_its_value(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(root, "bpo.yaml", "  - HR outsourcing\n", '  - HR outsourcing\n  - "T\\x42D later"\n')
    [(_, code, line, column, message)] = located(root)
    assert (code, message.split("'")[1]) == ("C003", "TBD")
    assert (line, column) == where(root, "bpo.yaml", '"T\\x42D')


def test_a_parent_named_by_its_short_name_is_one_problem_not_also_r010(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(root, "call-center.yaml", "    - sector: bpo\n", "    - sector: BPO\n")
    assert [code for _, code, _, _, _ in located(root)] == ["R001"]


def test_a_misspelt_aspect_is_one_problem_not_also_c001(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(root, "it.yaml", "\nbenefits:\n", "\nbenefit:\n")
    assert [code for _, code, _, _, _ in located(root)] == ["S002"]


def test_a_dangling_relation_never_suggests_the_sectors_own_id(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(root, "it.yaml", "    - sector: call-center\n", "    - sector: itt\n")
    [(_, code, _, _, message)] = located(root)
    assert code == "R001" and "did you mean 'it'" not in message


def test_web_addresses_in_prose_are_not_searched_for_placeholders(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    mutate(
        root, "bpo.yaml", "  - HR outsourcing\n",
        "  - HR outsourcing\n  - 'See https://example.org/todo/tbd-list or www.example.org/tba'\n",
    )  # fmt: skip
    assert located(root) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [("  subset_of:\n", "  subsetof:\n"), ("    - sector: bpo\n", "    - sektor: bpo\n")],
)
def test_a_misspelt_relation_key_is_one_problem(tmp_path: Path, old: str, new: str) -> None:
    root = content_copy(tmp_path)
    mutate(root, "call-center.yaml", old, new)
    assert [code for _, code, _, _, _ in located(root)] == ["S002"]  # no R003, no R010

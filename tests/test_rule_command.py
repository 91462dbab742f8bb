"""`sectorlint rule CODE`: the explanation of any code, in any case; an unknown code is a
usage error."""

from __future__ import annotations

from sectorlint.catalog import explain
from tests.conftest import run_cli


def test_the_command_prints_the_explanation_of_any_code() -> None:
    for code in ("S004", "y013", "R001", "x001"):
        result = run_cli("rule", code)
        assert result.exit_code == 0
        assert result.output == explain(code)


def test_an_unknown_code_is_a_usage_error() -> None:
    result = run_cli("rule", "Z999")
    assert result.exit_code == 2
    assert "no code 'Z999'" in result.output

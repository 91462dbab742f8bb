"""Completion as an editor's user sees it, through a real client over standard input/output:
the keys, values and sector ids offered at places of a buffer being typed (half-typed, often not
parsing), a team's own fields from its configuration, and nothing in a comment or a text. Hover
on a key (`key_hover`, which the navigation module's hover falls back on) is asked through the
client, and, for the words at each kind of key, of the server's own objects in this process.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from sectorlint.schema import sector_schema
from sectorlint.server.app import EditorWorkspace, SectorServer, make_server
from sectorlint.server.completion import key_hover
from sectorlint.source import parse_text
from tests.conftest import PROJECT
from tests.test_server import change_file, open_file, run

DATA = Path(__file__).parent / "data" / "server-completion"
CURSOR = "‸"  # where the cursor is in a buffer below; not part of the text

# A team's own configuration: a field of its own, a text field with its values, a channel and a
# place on the scope scale the shipped model does not have.
EXTENDED = """\
content-roots = ["content"]

[schema.extend-values]
channels = ["ticketing"]
scope = ["global"]

[schema.fields.sla_hours]
type = "integer"
title = "First answer (hours)"
description = "Hours within which a ticket gets its first answer."

[schema.fields.tier]
type = "text"
description = "The support tier the sector sells."
values = ["gold", "silver"]

[taxonomy]
extend-scales = { scope = ["global"] }
"""


def split(buffer: str) -> tuple[str, types.Position]:
    """The text of a buffer written with a cursor mark, and the cursor's position (UTF-16)."""
    at = buffer.index(CURSOR)
    before = buffer[:at]
    line_start = before.rfind("\n") + 1
    units = len(before[line_start:].encode("utf-16-le")) // 2
    return buffer.replace(CURSOR, "", 1), types.Position(before.count("\n"), units)


class Editor:
    """One open file, typed into and asked for completion as a user's editor asks."""

    def __init__(self, client: LanguageClient, path: Path) -> None:
        self.client, self.path, self.version = client, path, 1
        self.original = path.read_text(encoding="utf-8")
        open_file(client, path, self.original)

    async def offered(self, buffer: str, typed: str | None = None) -> list[types.CompletionItem]:
        """The items offered at the cursor of `buffer`, in the order the list shows them;
        `typed`: the trigger character just typed (else the user asked, or typed a letter)."""
        text, position = split(buffer)
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(self.version, self.path.as_uri()),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        if typed is None:
            context = types.CompletionContext(types.CompletionTriggerKind.Invoked)
        else:
            context = types.CompletionContext(types.CompletionTriggerKind.TriggerCharacter, typed)
        found = await self.client.text_document_completion_async(
            types.CompletionParams(
                types.TextDocumentIdentifier(self.path.as_uri()), position, context
            )
        )
        items = found.items if isinstance(found, types.CompletionList) else list(found or [])
        return sorted(items, key=lambda item: item.sort_text or item.label)

    async def labels(self, buffer: str, typed: str | None = None) -> list[str]:
        return [item.label for item in await self.offered(buffer, typed)]

    def replaced(self, old: str, new: str) -> str:
        """The file's text with `old` (once) written as `new`: a buffer being typed."""
        assert old in self.original, old
        return self.original.replace(old, new, 1)


def accepted(buffer: str, item: types.CompletionItem) -> str:
    """The text once the user takes `item` (its edit applied, the cursor mark gone)."""
    text, _ = split(buffer)
    edit = item.text_edit
    assert isinstance(edit, types.TextEdit)
    lines = text.split("\n")
    start, end = edit.range.start, edit.range.end
    assert start.line == end.line
    line = lines[start.line]
    lines[start.line] = line[: start.character] + edit.new_text + line[end.character :]
    return "\n".join(lines)


def add_sector_on_disk(root: Path) -> None:
    """A sector the editor never opens: its file is only in the set on disk."""
    shutil.copy(DATA / "kpo.yaml", root / "content" / "kpo.yaml")


def test_keys_offered_at_each_place_of_a_half_typed_buffer(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        editor = Editor(client, root / "content" / "call-center.yaml")
        at_top = editor.replaced("tech_dependency: high\n", f"tech_dependency: high\nsk{CURSOR}\n")
        assert parse_text("call-center.yaml", split(at_top)[0]).document is None  # no parse
        unwritten = [k for k in sector_schema()["properties"] if f"\n{k}:" not in f"\n{at_top}"]
        assert await editor.labels(at_top) == unwritten  # in the schema's order
        assert {"skill_level", "short_name", "$schema"} <= set(unwritten)
        assert not {"id", "scope", "tech_dependency", "relations"} & set(unwritten)

        item = next(i for i in await editor.offered(at_top) if i.label == "skill_level")
        assert "\ntech_dependency: high\nskill_level: \n" in accepted(at_top, item)
        # this client names no markup it shows: the schema's words come as plain text
        described = sector_schema()["properties"]["skill_level"]["description"]
        assert item.documentation == f"Skill level\n\n{described}"

        new_item = editor.replaced("\n\nsources:", f"\n    - sec{CURSOR}\n\nsources:")
        assert await editor.labels(new_item) == ["sector", "note"]
        note = "      note: Customer interaction"
        beside_sector = editor.replaced(note, f"      no{CURSOR}\n{note[:6]}# {note[6:]}")
        assert await editor.labels(beside_sector) == ["note"]
        kinds = editor.replaced("relations:\n", f"relations:\n  {CURSOR}\n")
        assert await editor.labels(kinds) == ["overlaps_with", "supports"]
        item = next(i for i in await editor.offered(kinds) if i.label == "supports")
        assert "\n  supports:\n    - \n  subset_of:" in accepted(kinds, item)  # as fmt indents

    run(tmp_path, scenario)


def test_values_offered_for_closed_lists_scales_and_relation_targets(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        editor = Editor(client, root / "content" / "call-center.yaml")
        focus = editor.replaced("industry_focus: specialized", f"industry_focus: {CURSOR}")
        assert await editor.labels(focus) == ["specialized", "cross-industry"]

        channels = editor.replaced("  - chat\n", f"  - chat\n  - {CURSOR}\n")
        assert await editor.labels(channels) == ["sms", "video", "web", "messaging"]  # unwritten

        scope = editor.replaced("scope: narrow", f"scope: {CURSOR}")
        offered = await editor.offered(scope)
        assert [i.label for i in offered] == ["narrow", "moderate", "broad"]  # narrow to broad
        assert offered[0].detail is not None and "1 of 3" in offered[0].detail
        half = editor.replaced("scope: narrow", f"scope: mod{CURSOR}row")
        broad = next(i for i in await editor.offered(half) if i.label == "broad")
        assert "\nscope: broad\n" in accepted(half, broad)
        just_colon = editor.replaced("scope: narrow", f"scope:{CURSOR}")
        broad = next(i for i in await editor.offered(just_colon, typed=":") if i.label == "broad")
        assert "\nscope: broad\n" in accepted(just_colon, broad)

        target = editor.replaced("    - sector: bpo", f"    - sector: {CURSOR}")
        offered = await editor.offered(target)
        assert [i.label for i in offered] == ["bpo", "it", "kpo"]  # not call-center itself
        assert [i.detail for i in offered] == [
            "Business Process Outsourcing",
            "Information Technology",
            "Knowledge Process Outsourcing",
        ]
        typed = editor.replaced("    - sector: bpo", f"    - sector: k{CURSOR}")
        assert "kpo" in await editor.labels(typed)

    run(tmp_path, scenario, prepare=add_sector_on_disk)


def test_nothing_offered_in_a_comment_a_text_or_for_a_space_in_indentation(
    tmp_path: Path,
) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        editor = Editor(client, root / "content" / "call-center.yaml")
        comment = editor.replaced("scope: narrow\n", f"scope: narrow\n# sco{CURSOR}\n")
        assert await editor.labels(comment) == []
        after_value = editor.replaced("scope: narrow", f"scope: narrow  # {CURSOR}")
        assert await editor.labels(after_value) == []
        summary = "summary: A part of BPO"
        assert await editor.labels(editor.replaced(summary, f"{summary} {CURSOR}")) == []
        in_text = editor.replaced("  Call centers form", f"  sc{CURSOR}\n  Call centers form")
        assert await editor.labels(in_text) == []  # a line of the definition's text
        assert await editor.labels(editor.replaced(summary, f"{summary} {CURSOR}"), " ") == []

        indenting = editor.replaced("relations:\n", f"relations:\n  {CURSOR}\n")
        assert await editor.labels(indenting, typed=" ") == []
        assert await editor.labels(indenting) == ["overlaps_with", "supports"]  # when asked
        scope = editor.replaced("scope: narrow", f"scope: {CURSOR}")
        assert await editor.labels(scope, typed=" ") == ["narrow", "moderate", "broad"]

    run(tmp_path, scenario)


def write_extended_config(root: Path) -> None:
    (root / ".sectorlint.toml").write_text(EXTENDED, encoding="utf-8")


def test_a_teams_own_fields_and_values_from_its_configuration(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        editor = Editor(client, root / "content" / "it.yaml")
        at_top = editor.replaced("scope: broad\n", f"scope: broad\n{CURSOR}\n")
        offered = {i.label: i for i in await editor.offered(at_top)}
        assert {"sla_hours", "tier"} <= set(offered)
        assert offered["sla_hours"].documentation == (
            "First answer (hours)\n\nHours within which a ticket gets its first answer."
        )
        assert "\nsla_hours: \n" in accepted(at_top, offered["sla_hours"])
        assert "\nservice_areas:\n  - \n" in accepted(at_top, offered["service_areas"])

        tier = editor.replaced("scope: broad\n", f"scope: broad\ntier: {CURSOR}\n")
        assert await editor.labels(tier) == ["gold", "silver"]
        scope = editor.replaced("scope: broad", f"scope: {CURSOR}")
        assert await editor.labels(scope) == ["narrow", "moderate", "broad", "global"]
        channels = editor.replaced("scope: broad\n", f"scope: broad\nchannels:\n  - {CURSOR}\n")
        assert (await editor.labels(channels))[-1] == "ticketing"

    run(tmp_path, scenario, prepare=write_extended_config)


# --- hover on a key, asked of the server's objects ------------------------------------------


def server_over(root: Path) -> SectorServer:
    """A server as `initialize` leaves it for a client in `root` that shows markdown on
    hover (UTF-16 positions)."""
    server = make_server()
    hover = types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown])
    text = types.TextDocumentClientCapabilities(hover=hover)
    server.protocol.client_capabilities = types.ClientCapabilities(text_document=text)
    server.protocol._workspace = EditorWorkspace(root.as_uri())
    server.start_sessions([str(root)])
    return server


def hover_at(server: SectorServer, path: Path, buffer: str) -> str | None:
    text, position = split(buffer)
    server.workspace.put_text_document(types.TextDocumentItem(path.as_uri(), "yaml", 1, text))
    found = key_hover(server, path.as_uri(), position)
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    assert found.range is not None and found.range.start.line == position.line
    return found.contents.value


def test_hover_on_a_key_says_what_the_schema_says_of_it(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    write_extended_config(root)
    server = server_over(root)
    path = root / "content" / "it.yaml"
    text = path.read_text(encoding="utf-8")

    def at(old: str, new: str) -> str | None:
        return hover_at(server, path, text.replace(old, new, 1))

    subset = "relations:\n  subset_of:\n    - sector: bpo\n"
    with_subset = text.replace("relations:\n", subset, 1)
    said = hover_at(server, path, with_subset.replace("  subset_of", f"  subs{CURSOR}et_of", 1))
    assert said is not None and "**Subset of**" in said and "Broader sectors" in said
    said = hover_at(server, path, with_subset.replace("- sector: bpo", f"- sec{CURSOR}tor: bpo"))
    assert said is not None and "**Parent sector**" in said  # the relation's words, not the id's
    said = at("scope: broad", f"sco{CURSOR}pe: broad")
    assert said is not None and "ordinal scale" in said
    assert "`narrow`, `moderate`, `broad`, `global`" in said  # the team's scale
    said = at("scope: broad", f"scope: broad\nsla_h{CURSOR}ours: 4")
    assert said is not None and "**First answer (hours)**" in said
    assert at("scope: broad", f"scope: br{CURSOR}oad") is None  # a value, not a key
    assert at("scope: broad", f"# sco{CURSOR}pe: broad") is None
    # a half-typed buffer: its keys still say what they are
    broken = text.replace("scope: broad", f"scope: [broad\ntech_dep{CURSOR}endency: high", 1)
    assert parse_text("it.yaml", split(broken)[0]).document is None
    said = hover_at(server, path, broken)
    assert said is not None and "**Dependency on technology**" in said


def test_hover_through_the_client_on_a_teams_key_and_a_relation_kind(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        editor = Editor(client, root / "content" / "it.yaml")

        async def hovered(buffer: str) -> str | None:
            text, position = split(buffer)
            editor.version += 1
            change_file(client, editor.path, text, editor.version)
            found = await client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(editor.path.as_uri()), position)
            )
            if found is None:
                return None
            assert isinstance(found.contents, types.MarkupContent)
            return found.contents.value

        said = await hovered(editor.replaced("scope: broad", f"scope: broad\nsla_h{CURSOR}ours: 4"))
        assert said == "First answer (hours)\n\nHours within which a ticket gets its first answer."
        said = await hovered(editor.replaced("  supports:", f"  supp{CURSOR}orts:"))
        assert said is not None and said.startswith("Supports\n\nSectors whose work this one")
        assert await hovered(editor.replaced("scope: broad", f"# sco{CURSOR}pe")) is None

    run(tmp_path, scenario, prepare=write_extended_config)


# --- keys written in quotes, or after a byte order mark -------------------------------------

BOM = "\ufeff"


def test_a_quoted_key_and_a_first_key_after_a_bom_count_as_written(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        editor = Editor(client, root / "content" / "call-center.yaml")
        quoted = editor.replaced("id: call-center\nname: Call Center\n", '"id": call-center\n')
        quoted = quoted.replace("summary:", "'name': Call Center\nsummary:", 1)
        at_top = quoted.replace("tech_dependency: high\n", f"tech_dependency: high\n{CURSOR}\n")
        offered = await editor.labels(at_top)
        assert "skill_level" in offered
        assert not {"id", "name", "summary"} & set(offered), "accepting one writes it twice"
        scope = quoted.replace("scope: narrow", f'"scope": {CURSOR}', 1)
        assert await editor.labels(scope) == ["narrow", "moderate", "broad"]

        first_line = editor.original.index("\n") + 1
        after_bom = BOM + editor.original[first_line:]  # `id:` first, after the mark
        at_top = after_bom.replace("tech_dependency: high\n", f"tech_dependency: high\n{CURSOR}\n")
        assert "id" not in await editor.labels(at_top)
        typing = after_bom.replace("id: call-center\n", f"sk{CURSOR}\n", 1)
        item = next(i for i in await editor.offered(typing) if i.label == "skill_level")
        assert accepted(typing, item).startswith(BOM + "skill_level: \n"), "the mark stays"

    run(tmp_path, scenario)


def test_hover_on_a_quoted_key_and_on_a_first_key_after_a_bom(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient, root: Path) -> None:
        editor = Editor(client, root / "content" / "call-center.yaml")
        described = sector_schema()["properties"]["id"]["description"]

        async def hovered(buffer: str) -> types.Hover | None:
            text, position = split(buffer)
            editor.version += 1
            change_file(client, editor.path, text, editor.version)
            return await client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(editor.path.as_uri()), position)
            )

        said = await hovered(editor.replaced("id: call-center", f'"i{CURSOR}d": call-center'))
        assert said is not None and isinstance(said.contents, types.MarkupContent)
        assert said.contents.value == f"Id\n\n{described}"
        assert said.range == types.Range(types.Position(1, 0), types.Position(1, 4))  # `"id"`
        said = await hovered(editor.replaced("name: Call Center", f"'na{CURSOR}me': Call Center"))
        assert said is not None and "The display name" in str(said.contents)

        first_line = editor.original.index("\n") + 1
        said = await hovered(BOM + "i" + CURSOR + editor.original[first_line + 1 :])
        assert said is not None and said.contents == types.MarkupContent(
            types.MarkupKind.PlainText, f"Id\n\n{described}"
        )
        assert said.range == types.Range(types.Position(0, 1), types.Position(0, 3))

    run(tmp_path, scenario)

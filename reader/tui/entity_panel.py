"""The entity panel: what a document names, by type, most mentioned first.

Enter on a name searches the corpus for it as that type (person:"…").
Names the document beside this one also mentions carry a ◆.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.display import Paragraph
from reader.entities.types import LABELS
from reader.tui.reading import ENTITY_COLOURS

SHARED_MARK = "◆"
LEGEND = {"PERS": "people", "LOC": "places", "ORG": "orgs", "MISC": "other", "DATE": "dates", "NUM": "numbers"}


def entity_query(kind: str, name: str) -> str:
    """The query that finds a name as its type (NUM has no field: the words)."""
    from reader.entities.types import FIELD_OF_TYPE

    words = " ".join(name.replace('"', " ").split())
    quoted = f'"{words}"' if " " in words else words
    field = FIELD_OF_TYPE.get(kind)
    return f"{field}:{quoted}" if field else quoted


def legend(show: bool, two: bool = False, note: str = "") -> Text:
    """One line naming each colour; with two documents, what underlining
    means; a note (how far the entity pass is) first."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if note:
        text.append(note + "  ", style="dim")
    if not show:
        return text.append("entities hidden (e shows them)", style="dim")
    for kind, colour in ENTITY_COLOURS.items():
        text.append(LEGEND[kind], style=colour)
        text.append("  ")
    if two:
        text.append("underlined", style="underline bold")
        text.append(": in both", style="dim")
    return text


class EntityPanel(OptionList):
    """Options are type headings (disabled) and names; ids are queries."""

    class Search(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def show_entities(self, entities: list, shared: set[tuple], shape: bool) -> None:
        """One document's entities; names in ``shared`` get the mark."""
        from reader.entities.features import name_key
        from reader.entities.grouping import group_entities

        self.clear_options()
        groups = group_entities(entities)
        if not groups:
            self.add_option(Option(Text("no entities in this document", style="dim"), disabled=True))
            return
        options = []
        for kind, names in groups.items():
            total = sum(len(g.mentions) for g in names)
            heading = Text(f"{LABELS[kind]} · {total} mentions", style=f"bold {ENTITY_COLOURS[kind]}")
            options.append(Option(heading, disabled=True))
            for g in names:
                row = Text(no_wrap=True, overflow="ellipsis")
                row.append(f"{len(g.mentions):>4} ", style="dim")
                # Names are short: laid out on one row, cropped by the Text.
                visual = Paragraph(g.name, 0, shape).lines(500)[0].text.strip()
                row.append(visual, style=ENTITY_COLOURS[kind])
                if (kind, name_key(g.name)) in shared:
                    row.append(f" {SHARED_MARK}")
                options.append(Option(row, id=f"{len(options)}:{entity_query(kind, g.name)}"))
        self.add_options(options)
        self.highlighted = 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Search(event.option.id.split(":", 1)[1]))

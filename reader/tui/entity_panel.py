"""The entity panel: what a document names, by type, most mentioned first.

Enter on a name searches the corpus for it as that type (person:"…").
Names the document beside this one also mentions carry a ◆. w lists the
names found with the highlighted one across the corpus (who appears with
whom), where Enter searches for one of them in turn.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.display.layout import Paragraph
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

    BINDINGS = [Binding("w", "companions", "With", tooltip="the names found with this one across the corpus")]

    class Search(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.names: dict[str, str] = {}  # option id -> the name it stands for
        self.companions_of = ""  # the name whose companions are listed, if they are

    def action_companions(self) -> None:
        option = self.get_option_at_index(self.highlighted) if self.highlighted is not None else None
        name = self.names.get(option.id) if option is not None and option.id else None
        if not name:
            return
        self.companions_of = name
        self.clear_options()
        self.add_option(Option(Text("finding the names found with it…", style="dim"), disabled=True))
        self._companions(self.app.library, name, self.app.shape)

    @work(thread=True, exclusive=True, group="companions", exit_on_error=False)
    def _companions(self, library, name: str, shape: bool) -> None:
        try:
            count, found, _notice = library.companions(name)
        except Exception as e:  # a worker's error would vanish with it: say it
            from reader.errors import reason

            self.app.call_from_thread(self._list_companions, name, 0, [], shape, reason(e))
            return
        self.app.call_from_thread(self._list_companions, name, count, found, shape, "")

    def _list_companions(self, name: str, count: int, found: list, shape: bool, error: str) -> None:
        from reader.display.safe import clean_line

        if name != self.companions_of:
            return
        self.clear_options()
        self.names = {}
        title = Paragraph(name, 0, shape).lines(500)[0].text.strip()
        if error or not count:
            what = f"cannot list them: {clean_line(error)}" if error else "no document names it (yet: reader index)"
            self.add_option(Option(Text(what, style="dim"), disabled=True))
            return
        heading = Text(f"with {title} · {count:,} document{'s' if count != 1 else ''}", style="bold",
                       no_wrap=True, overflow="ellipsis")  # OptionList would wrap it, in the wrong order
        options = [Option(heading, disabled=True)]
        for c in found[:200]:
            row = Text(no_wrap=True, overflow="ellipsis")
            row.append(f"{c.documents:>4} ", style="dim")
            row.append(Paragraph(c.name, 0, shape).lines(500)[0].text.strip(), style=ENTITY_COLOURS[c.type])
            months = list(c.months)
            if months:
                row.append(f"  {months[0]}" + (f"…{months[-1]}" if len(months) > 1 else ""), style="dim")
            oid = f"{len(options)}:{entity_query(c.type, c.name)}"
            self.names[oid] = c.name
            options.append(Option(row, id=oid))
        self.add_options(options)
        self.highlighted = 1 if len(options) > 1 else None

    def show_entities(self, entities: list, shared: set[tuple], shape: bool) -> None:
        """One document's entities; names in ``shared`` get the mark."""
        from reader.entities.features import name_id
        from reader.entities.grouping import group_entities

        self.clear_options()
        self.names, self.companions_of = {}, ""
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
                if (kind, name_id(g.name)) in shared:
                    row.append(f" {SHARED_MARK}")
                oid = f"{len(options)}:{entity_query(kind, g.name)}"
                self.names[oid] = g.name
                options.append(Option(row, id=oid))
        self.add_options(options)
        self.highlighted = 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Search(event.option.id.split(":", 1)[1]))

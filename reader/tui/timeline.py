"""The timeline panel: how many of the current results fall in each period,
one row a period with a bar, the first and last period in its border.

The periods are months; years when the matches span more than five years,
days when they span under two months (periods_for chooses). Enter on a
period asks for the query narrowed to it (with_period writes the
date: term); empty periods are shown, as gaps, but cannot be chosen.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.display.layout import bar

YEARS_AFTER = 5 * 366  # days: a longer span is shown by year
DAYS_UNDER = 62  # days: a shorter one by day
# a date: term that filters by day (not date:مارس, a word in the dates named in the text)
_DATE_TERM = re.compile(r"(?<![^\s(])date:(\S+)")


def periods_for(days: list[tuple[str, int]]) -> tuple[str, list[tuple[str, int]]]:
    """(day, month or year; the periods and their counts) from a timeline
    by day (labels 2019-03-15, every day from the first to the last)."""
    if len(days) < DAYS_UNDER:
        return "day", list(days)
    cut = 4 if len(days) > YEARS_AFTER else 7
    periods: dict[str, int] = {}
    for label, count in days:
        periods[label[:cut]] = periods.get(label[:cut], 0) + count
    return ("year" if cut == 4 else "month"), list(periods.items())


def with_period(query: str, label: str) -> str:
    """The query narrowed to a period: its date: filters (not a negated one,
    nor date: with a word) replaced by date:LABEL, or date:LABEL added."""
    from reader.index.files.dates import looks_like_date_filter

    out, replaced = [], False
    pos = 0
    for m in _DATE_TERM.finditer(query):
        if not looks_like_date_filter(m.group(1)) or query[:m.start()].rstrip().endswith("NOT"):
            continue
        out.append(query[pos:m.start()])
        if not replaced:
            out.append(f"date:{label}")
            replaced = True
        pos = m.end()
    out.append(query[pos:])
    text = " ".join("".join(out).split())
    return text if replaced else f"{text} date:{label}".strip()


class TimelinePanel(OptionList):
    """Options are periods (ids: their labels); empty ones are disabled."""

    class Selected(Message):
        """A period was chosen: narrow the results to it."""

        def __init__(self, panel: "TimelinePanel", label: str) -> None:
            super().__init__()
            self.panel, self.label = panel, label

        @property
        def control(self) -> "TimelinePanel":
            return self.panel

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.by = ""
        self.periods: list[tuple[str, int]] = []
        self.undated = 0
        self.query_text = ""  # the query the periods are for

    def count(self, library, query: str) -> None:
        """Count a query's matches per period, behind the screen; a line says so meanwhile."""
        self.query_text, self.periods, self.by = query, [], ""
        self.clear_options()
        self.border_title, self.border_subtitle = "timeline", ""
        self.add_option(Option(Text("counting the matches by date…", style="dim"), disabled=True))
        self._count(library, query)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _count(self, library, query: str) -> None:
        """By day, then by month or year (periods_for); never on the app's thread:
        on 30,000 articles it takes tens of ms to a few hundred."""
        from reader.tui.background import answer

        def counted(found) -> None:
            days, undated = found
            self._counted(query, *periods_for(days), undated)

        answer(self.app, lambda cancelled: library.timeline(query, by="day", cancelled=cancelled), counted,
               self._failed, "cannot count the matches by date")

    def _counted(self, query: str, by: str, periods: list[tuple[str, int]], undated: int) -> None:
        if query == self.query_text:  # not counted for an older query
            self.show_periods(query, by, periods, undated)

    def _failed(self, line: str) -> None:
        from reader.display.safe import clean_line

        self.clear_options()
        self.add_option(Option(Text(clean_line(line), style="dim"), disabled=True))

    def show_periods(self, query: str, by: str, periods: list[tuple[str, int]], undated: int) -> None:
        self.query_text, self.by, self.periods, self.undated = query, by, periods, undated
        self.border_title = f"by {by}" + (f" · {undated:,} undated" if undated else "")
        self.border_subtitle = f"{periods[0][0]} … {periods[-1][0]}" if periods else ""
        self._lay_out()

    def _lay_out(self) -> None:
        keep = self.highlighted
        self.clear_options()
        if not self.periods:
            if self.by:  # counted: none has a day
                what = f"none of the {self.undated:,} matches has a date" if self.undated else "no matches"
                self.add_option(Option(Text(what, style="dim"), disabled=True))
            return
        # Rows must fit the width (OptionList would wrap them): label, bar, count.
        width = max(12, self.content_region.width - 2)
        label_w = max(len(label) for label, _ in self.periods)
        count_w = max(len(f"{count:,}") for _, count in self.periods)
        cells = max(1, width - label_w - count_w - 3)
        most = max(count for _, count in self.periods)
        options = []
        for label, count in self.periods:
            row = Text(no_wrap=True, overflow="crop")
            row.append(label.ljust(label_w) + " ", style="" if count else "dim")
            row.append(bar(count, most, cells).ljust(cells), style="cyan")
            row.append(f" {count:>{count_w},}", style="" if count else "dim")
            options.append(Option(row, id=label, disabled=not count))
        self.add_options(options)
        first = next(i for i, (_, count) in enumerate(self.periods) if count)
        self.highlighted = keep if keep is not None and keep < len(options) and self.periods[keep][1] else first

    def on_resize(self) -> None:
        if self.periods:
            self._lay_out()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Selected(self, event.option.id))

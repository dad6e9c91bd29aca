"""The result list: one row per hit, laid out by the display layer, and the
copies folded under a hit, shown beneath it on x. It runs its searches: the
first page, then the next ones as the highlight nears the end of the list.

Rows are pre-laid (shaped, reordered, cut to the width) and no_wrap:
OptionList would re-wrap them in the wrong order. A new width lays them
out again. Each row is an option whose id is its document's, so Enter and
o open a copy as they open a hit.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.display.layout import Style, first_lines
from reader.tui.rows import clipped, copy_line, hit_line
from reader.tui.status import Say

PAGE = 50  # results loaded at a time


def repeats_title(snippet: str, title: str) -> bool:
    """The snippet is the title again: inside it, or the paragraph the
    title was cut from (the index cuts long titles with an ellipsis)."""
    s = " ".join(snippet.split()).strip(" …")
    t = " ".join(title.split()).strip(" …")
    return bool(s) and (s in t or bool(t) and s.startswith(t))


class ResultList(OptionList):
    """The hits of a search, loaded a page at a time; a hit's copies under
    it when unfolded."""

    BINDINGS = [
        Binding("o", "app.open_beside", "Beside", tooltip="open it beside the first document"),
        Binding("x", "toggle_copies", "Copies", show=False, tooltip="show or hide the copies folded under a result (+N copies)"),
    ]

    class Found(Message):
        """A search's first page, or the documents like one, came: the screen
        makes room for them (reveal: the user asked, so they are shown and
        focused), then they are listed."""

        def __init__(self, results, reveal: bool) -> None:
            super().__init__()
            self.results, self.reveal = results, reveal

    def __init__(self, library=None, **kwargs):
        super().__init__(**kwargs)
        self.library = library
        self.results = None  # the Results listed; their hits grow as pages come
        self.related_to = None  # the results are the documents most like this one (its id)
        self.hits: list = []
        self.unfolded: set[str] = set()  # ids of the hits whose copies are shown
        self._of_row: list[int] = []  # for each row, the index of its hit in hits
        self._coming: int | None = None  # the page on its way

    def on_resize(self) -> None:
        # after the resize's own layout: the rows are cut to the new width
        self.call_later(lambda: self.relayout() if self.results is not None else None)

    # --- searching --------------------------------------------------------------

    def search(self, request, reveal: bool = False) -> None:
        """Page 1 of a request (index.request.Request), behind the screen."""
        self._coming = None
        self._search(request, reveal)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, request, reveal: bool) -> None:
        from textual.worker import get_current_worker

        from reader.errors import ReaderError, reason
        from reader.index.errors import SearchCancelled

        worker = get_current_worker()
        try:
            # Escape or a newer search cancels the worker; the search itself
            # looks at that between terms and stops, so no work goes on.
            results = self.library.search(request, cancelled=lambda: worker.is_cancelled)
        except SearchCancelled:
            return
        except ReaderError as e:
            self.app.call_from_thread(self._failed, request.page, f"error: {e}")
            return
        except Exception as e:  # a worker's error would vanish with it: say it
            what = "the search failed" if request.page == 1 else f"cannot load more results (page {request.page})"
            self.app.call_from_thread(self._failed, request.page, f"{what}: {reason(e)}")
            return
        if not worker.is_cancelled:  # Escape, or a newer search
            self.app.call_from_thread(self._came, results, reveal)

    def _failed(self, page: int, line: str) -> None:
        self.post_message(Say(line))
        if page == self._coming:
            self._coming = None  # moving down the list asks for it again

    def _came(self, results, reveal: bool) -> None:
        if results.page == 1:
            self.related_to = None
            self.found(results, reveal)
        elif self.results is not None and results.page == self._coming and results.request == self.results.request.at(results.page):
            self._coming = None
            self.results.hits.extend(results.hits)
            self.results.page = results.page
            self.extend(results.hits)

    def found(self, results, reveal: bool) -> None:
        """New results: kept, and said to the screen, which lists them (list_results)."""
        self.results = results
        self.post_message(self.Found(results, reveal))

    def list_results(self) -> None:
        """List the kept results, laid out for the list's width now."""
        self.border_subtitle = "" if self.results.hits else f"0 of {self.results.total:,}"
        self.show(self.results.hits + self.results.also)

    def related(self, doc) -> None:
        """The documents most like doc in place of the results, behind the screen."""
        self._coming = None
        self._related(doc)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _related(self, doc) -> None:
        from reader.tui.background import answer

        def compute(_cancelled):
            results = self.library.related(doc, limit=PAGE)
            results.total = len(results.hits)  # one page: nothing more to load
            return results

        def done(results) -> None:
            self.related_to = doc.id
            self.found(results, True)

        answer(self.app, compute, done, lambda line: self.post_message(Say(line)), "cannot find related documents")

    def fold_copies(self) -> None:
        """The copies pass has found copies: results listed before are
        searched again, folded, unless the user has moved down them."""
        r = self.results
        if r is not None and not r.grouped and r.request is not None and self.highlighted in (None, 0):
            self.search(r.request.at(1))

    def cancel(self) -> bool:
        """Stop the search on its way (Escape); whether there was one."""
        running = any(w.is_running for w in self.app.workers if w.node is self and w.group == "search")
        self.app.workers.cancel_group(self, "search")
        return running

    @on(OptionList.OptionHighlighted)
    def _position(self, event: OptionList.OptionHighlighted) -> None:
        """Where the highlighted result is: "12 of 4,210" under the list (a
        copy's row counts as its hit's); nearing the end of what is loaded,
        the next page is asked for."""
        r, i = self.results, self.hit_at(event.option_index)
        if r is None or i is None:
            return
        self.border_subtitle = f"{i + 1:,} of {r.total:,}"
        if i >= len(r.hits) - 5 and len(r.hits) < r.total and self._coming is None and r.request is not None:
            self._coming = r.page + 1
            self._search(r.request.at(self._coming), False)

    # --- what is listed ---------------------------------------------------------

    def show(self, hits: list) -> None:
        """List these hits (a new search), the first highlighted."""
        self.hits = list(hits)
        self.unfolded = set()
        self._lay_out(0)

    def extend(self, hits: list) -> None:
        """The next page's hits, after the ones listed."""
        first = len(self.hits)
        self.hits.extend(hits)
        self.add_options(self._rows(range(first, len(self.hits))))

    def relayout(self) -> None:
        """Lay the rows out again (a new width), the same row highlighted."""
        self._lay_out(self.highlighted)

    def hit_at(self, row: int | None) -> int | None:
        """The index in hits of the hit a row belongs to (a copy's row: the hit it is folded under)."""
        return self._of_row[row] if row is not None and 0 <= row < len(self._of_row) else None

    def action_toggle_copies(self) -> None:
        i = self.hit_at(self.highlighted)
        if i is None:
            return
        hit = self.hits[i]
        if not hit.copies:
            self.app.notify("this result has no copies folded under it")
            return
        self.unfolded ^= {hit.id}
        row = self._of_row.index(i)
        # unfolded: the cursor steps onto the first copy (in view); folded: back on the hit
        self._lay_out(row + 1 if hit.id in self.unfolded else row)

    def _lay_out(self, highlighted: int | None) -> None:
        self.clear_options()
        self._of_row = []
        self.add_options(self._rows(range(len(self.hits))))
        if self.option_count and highlighted is not None:
            self.highlighted = min(highlighted, self.option_count - 1)

    def _rows(self, indices) -> list[Option]:
        # Room for OptionList's padding and scrollbar, so rows never re-wrap.
        width = max(10, self.content_region.width - 4)
        shape = self.app.shape
        rows = []
        for i in indices:
            hit = self.hits[i]
            rows.append(Option(hit_prompt(hit, width, shape, hit.id in self.unfolded), id=hit.id))
            self._of_row.append(i)
            if hit.id in self.unfolded:
                for c in hit.copies:
                    rows.append(Option(copy_prompt(c, width, shape), id=c.id))
                    self._of_row.append(i)
        return rows


def found_line(results, related_to: str | None, order: str) -> str:
    """The status line for new results: how many, copies folded, in which order, how fast."""
    if related_to is not None:
        return (f"{len(results.hits)} documents most like the open one; Enter opens one beside it" if results.hits
                else "no document is like this one: it shares no telling word with another")
    from reader.core.library import documents_match

    n = results.folded
    folded = f", {n} {'copy' if n == 1 else 'copies'} folded (x shows {'it' if n == 1 else 'them'})" if n else ""
    line = f"{documents_match(results.total + n)}{folded}, {order + ', ' if order else ''}{results.seconds * 1000:.0f} ms"
    if results.also:
        n = len(results.also)
        line += f"; {n} more {'holds' if n == 1 else 'hold'} all the words but one"
    notes = [results.notice] if results.notice else []  # what was searched, what may be missing
    if results.suggestion:
        notes.append(f"did you mean: {results.suggestion}")
    return "; ".join([line, *notes])


def hit_prompt(hit, width: int, shape: bool, unfolded: bool = False) -> Text:
    """A hit's row: its title in two rows at most, a snippet that is not
    the title again, its day, outlet, score and id; "+N copies" under it."""
    text = Text(no_wrap=True, overflow="crop")
    heading = hit.title + (f" — {hit.author}" if hit.author else "")
    for line in clipped(heading, width, shape, rows=2):  # "…" where it is cut
        text.append(line.text + "\n", style="bold")
    s = next((s for s in hit.snippets if not repeats_title(s.text, hit.title)), None)
    if s is not None:
        styles = [Style(a, b, "hit") for a, b in s.highlights]
        for line in first_lines(s.text, width, 2, shape, styles):
            for run, names in line.runs():
                text.append(run, style="reverse" if "hit" in names else "")
            text.append("\n")
    for run, style in hit_line(hit, width, shape):
        text.append(run, style=f"dim {style}".strip())
    if hit.missing:  # all the words but these: after the matches
        for line in clipped("without: " + ", ".join(hit.missing), width, shape, rows=1):
            text.append("\n" + line.text, style="yellow")
    if hit.copies:
        n = len(hit.copies)
        label = f"{'−' if unfolded else '+'}{n} {'copy' if n == 1 else 'copies'}{' (% alike)' if unfolded else ''}"
        text.append("\n" + label, style="green")
        hint = "  x hides them" if unfolded else "  x shows them"
        if len(label) + len(hint) <= width:  # whole, or not at all
            text.append(hint, style="dim")
    return text


def copy_prompt(copy, width: int, shape: bool) -> Text:
    """A copy's row under its hit: how alike, its day, outlet and id; its title."""
    text = Text(no_wrap=True, overflow="crop")
    for run, style in copy_line(copy, width, shape):
        text.append(run, style=style)
    for line in clipped(copy.title, max(4, width - 2), shape, rows=1):
        text.append("\n  " + line.text, style="dim")
    return text

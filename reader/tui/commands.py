"""Command palette entries: open a document by title, re-index, shaping."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from reader.display import one_line
from reader.safe import clean_line


class ReaderCommands(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        fixed = [
            ("Re-index the corpus (only what changed)", app.action_reindex),
            ("Shaping: on (join and reorder Arabic)", partial(app.set_shaping, True)),
            ("Shaping: off (the terminal does its own bidi)", partial(app.set_shaping, False)),
        ]
        for label, action in fixed:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), action)
        for doc in app.documents():
            # Matched on the text as written, shown cleaned and shaped:
            # nothing of a title or a file name reaches the terminal raw.
            label = f"Open: {doc.title}  ({doc.id})"
            score = matcher.match(label)
            if score > 0:
                # rich Text, not a str: a title holding [brackets] is no markup
                shown = Text(f"Open: {one_line(doc.title, app.shape)}  ({clean_line(doc.id)})")
                yield Hit(score, shown, partial(app.open_document, doc.id), text=clean_line(label))

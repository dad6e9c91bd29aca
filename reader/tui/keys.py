"""The app's keys, with the words the footer and the help panel show.

The keys of one part (the results' o and x, the pane's n, b and y) are
that part's BINDINGS; these are the app's, which run wherever the focus is.
"""

from __future__ import annotations

from textual.binding import Binding

# The footer must fit 80 columns, its palette key included: short
# descriptions, the keys of the focused part first (the results' o,
# the pane's n and b), the rest under ? (d and t too: no room left).
KEYS = [
    Binding("ctrl+q", "quit", "Quit", priority=True),
    Binding("q", "quit_unless_typing", "Quit", show=False),
    Binding("ctrl+z", "suspend_process", "Suspend", show=False, tooltip="back to the shell; fg returns"),
    # priority: run as the app reads the key, so the keys after it (a
    # paste, tmux send-keys) are passed to the query box, not the old focus
    Binding("slash", "focus_query", "Search", priority=True),
    # Tab too: the keys after it must go where the focus went, not into the box it left
    Binding("tab", "focus_next", "Next part", show=False, priority=True),
    Binding("shift+tab", "focus_previous", "Previous part", show=False, priority=True),
    Binding("escape", "cancel", "Cancel", show=False),
    Binding("b", "bookmark", "Bookmark the paragraph", show=False),
    Binding("B", "bookmarks", "Bookmarks", show=False),
    Binding("o", "open_beside", "Open beside", show=False),
    Binding("d", "sort", "Sort: relevance, newest, oldest", show=False, tooltip="the results' order, kept for the next launch"),
    Binding("t", "timeline", "Timeline", show=False, tooltip="the matches per period; Enter narrows the results to one"),
    Binding("r", "related", "Related", show=False,
            tooltip="the documents most like the open one, in the results; Enter opens one beside it"),
    Binding("c", "concordance", "Concordance", show=False,
            tooltip="every occurrence of the query in its context; Enter opens it there, S sorts"),
    Binding("w", "toggle_panes", "Panes", tooltip="one pane or two side by side"),
    Binding("s", "toggle_sync", "Sync scroll", show=False),
    Binding("e", "toggle_entities", "Names", tooltip="colour the names (entities) or not"),
    Binding("E", "entity_panel", "List", tooltip="the list of names in this document"),
    Binding("question_mark", "toggle_help", "Keys", tooltip="every key"),
]

# what the keys may do before the results and the panes are mounted
EARLY_ACTIONS = frozenset({"quit", "quit_unless_typing", "command_palette", "toggle_help", "cancel"})

"""What is the user's: config.toml (config), bookmarks with their anchors
and citations (bookmarks, anchoring, export), and the TUI's session. The
platform's folders, atomic writes and SQLite transactions they are kept
with are reader.paths, reader.atomic, reader.transaction and
reader.readonly_db, which the index and the entity wing use too."""

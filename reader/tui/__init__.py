"""The Textual TUI. The only part of reader that imports Textual."""

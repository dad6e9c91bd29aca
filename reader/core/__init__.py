"""The headless core the CLI and the TUI share (library), and its passes
over the corpus after the text index: wire copies (copies, shingles),
entities (enrich), two documents compared (alignment), who appears with
whom (cooccurrence)."""

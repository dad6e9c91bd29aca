"""Named entities: people, places, organisations, other names, dates and numbers.

A wing of its own beside the search layer: it uses the Arabic analysis of
reader.index but the index never imports it. The core runs it over indexed
documents (reader.core.enrich) and keeps what it finds by content hash.
"""

"""Below the core: what reader knows of Arabic (language/), how it reads
files (files/), and the search engine, the only code that imports Whoosh
(engine/); beside them, what all three share (errors, progress, the query
language and its plan, snippets, related documents, wire copies, locks and
worker processes).

Never imports Textual, nor Whoosh: the Arabic analysis and the entity
recognizer load without the engine.
"""

"""The corpus, the Arabic analysis, the Whoosh index and search.

Never imports Textual: the CLI and any other front end build on it.
"""

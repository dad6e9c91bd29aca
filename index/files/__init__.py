"""Reading files: the corpus and its walk, decoding, a text's title, byline
and paragraphs, days, metadata tables, the reader process (sandbox) and
the other formats (formats/). Imports no engine.
"""

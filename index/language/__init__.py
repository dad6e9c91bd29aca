"""What reader knows of Arabic: the analysis of a word (arabic), broken
plurals, transliterations, what a query word asks for (expansion), and the
month and weekday names. Imports no engine and no file reader.
"""

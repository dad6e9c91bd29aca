"""reader: read and search Arabic news in a terminal.

Kept empty of imports: `reader search` must not pay for Textual.
"""

__version__ = "0.1.0"


def _source_checkout() -> None:
    """In a source checkout, index/ and entities/ sit beside reader/ (the
    project's top-level folders); an install puts them inside it as
    reader.index and reader.entities (pyproject's package-dir). Let a
    checkout import them under the same names."""
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    if not os.path.isdir(os.path.join(here, "index")) and os.path.isfile(os.path.join(top, "index", "__init__.py")):
        __path__.append(top)  # noqa: F821 (a package's own __path__)


_source_checkout()

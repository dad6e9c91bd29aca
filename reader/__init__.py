"""reader: read and search Arabic news in a terminal.

Kept empty of imports: `reader search` must not pay for Textual.
"""

__version__ = "0.1.0"

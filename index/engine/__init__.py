"""The search engine: the only code that imports Whoosh (a contract in
pyproject.toml). The index's schema and segments, the parallel build, the
store of generations, ranking, search, the name index, the concordance's
reads, and the backend interface the core goes through.
"""

import sys as _sys
import types as _types


def _import_whoosh_without_urllib() -> None:
    """Import Whoosh without the 28 ms of urllib.request (http.client, ssl,
    email) that whoosh.compat pulls in for a urlretrieve nothing here calls:
    a tenth of the 250 ms `reader search` may take. The stand-in lives only
    for that one import; a later `import urllib.request` gets the real one.
    """
    if "whoosh.compat" in _sys.modules or "urllib.request" in _sys.modules:
        return

    def urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve as real

        return real(*args, **kwargs)

    stand_in = _types.ModuleType("urllib.request")
    stand_in.urlretrieve = urlretrieve
    _sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    except ImportError:
        pass  # Whoosh missing: the import that needs it will say so
    finally:
        if _sys.modules.get("urllib.request") is stand_in:
            del _sys.modules["urllib.request"]


_import_whoosh_without_urllib()

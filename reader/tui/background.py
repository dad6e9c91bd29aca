"""Work done behind the screen, in a thread worker, and its answer brought
back to the UI thread: one way for every worker of the TUI."""

from __future__ import annotations


def answer(app, compute, done, failed, what: str) -> None:
    """Run in a thread worker: compute(cancelled), then done(result) on the
    UI thread, unless the worker was cancelled meanwhile (Escape, a newer
    request). A cancelled search says nothing; any other failure is told
    through failed(f"{what}: {reason}") on the UI thread, since a worker's
    error would vanish with it."""
    from textual.worker import get_current_worker

    from reader.errors import reason
    from reader.index.errors import SearchCancelled

    worker = get_current_worker()
    try:
        result = compute(lambda: worker.is_cancelled)
    except SearchCancelled:
        return
    except Exception as e:  # noqa: BLE001 - said, never lost
        app.call_from_thread(failed, f"{what}: {reason(e)}")
        return
    if not worker.is_cancelled:
        app.call_from_thread(done, result)

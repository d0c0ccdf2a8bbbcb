"""Work that follows a transaction once, however many changes in it asked for it.

``OncePerCommit(run)`` collects keys (firm ids, say) while a transaction is open and, once it
commits, calls ``run`` with the set of them; outside a transaction ``run`` is called at once.
A rolled-back transaction drops its keys with it (its on-commit callback is discarded, and the
next ``add`` starts afresh). Keys are kept per thread, as Django keeps connections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable

from django.db import transaction


class OncePerCommit:
    def __init__(self, run: Callable[[set], None]) -> None:
        self.run = run
        self._local = threading.local()

    def add(self, *keys: Hashable) -> None:
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            self.run(set(keys))
            return
        if not self.is_registered(connection):
            self._local.keys = set()
            transaction.on_commit(self.flush)
        self._local.keys.update(keys)

    @property
    def pending(self) -> set:
        """The keys waiting for the commit of this thread's transaction."""
        return set(getattr(self._local, "keys", set()))

    def flush(self) -> None:
        keys: set = getattr(self._local, "keys", set())
        self._local.keys = set()
        self.run(keys)

    def owns(self, callback) -> bool:
        """Whether an on-commit callback is this one's flush."""
        return getattr(callback, "__self__", None) is self

    def is_registered(self, connection) -> bool:
        return any(self.owns(item[1]) for item in _callbacks(connection))


def _callbacks(connection) -> Iterable[tuple]:
    return (item for item in getattr(connection, "run_on_commit", ()) if len(item) > 1)

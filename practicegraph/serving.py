"""How `practicegraph serve` hands requests to its threads: writes first.

Waitress queues every request in one FIFO. Under a cluster's read load that queue holds
dozens of searches, and a write waited behind all of them (seconds) although it needs the
CPU for a few milliseconds of its own. Writes are rare, and they run one at a time in the
store anyway, so a request that can write goes to the front of the queue; reads still
run in arrival order among themselves and cannot be starved by a writer posting every
100 ms (each write holds one thread briefly).
"""

from __future__ import annotations

from waitress.task import ThreadedTaskDispatcher

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class WritesFirstDispatcher(ThreadedTaskDispatcher):
    """A waitress task dispatcher that serves channels with a pending write first."""

    def add_task(self, task) -> None:
        if not _is_write(task):
            super().add_task(task)
            return
        with self.lock:
            self.queue.appendleft(task)
            self.queue_cv.notify()


def _is_write(task) -> bool:
    # a task is a waitress channel; its `requests` are the parsed requests it will serve
    requests = getattr(task, "requests", None) or ()
    return any(getattr(r, "command", None) in WRITE_METHODS for r in requests)

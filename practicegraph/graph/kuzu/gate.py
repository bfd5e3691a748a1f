"""A writer-preferring read/write gate for one Kùzu database in one process.

Kùzu runs reads concurrently with an open write transaction, but a COMMIT that must
checkpoint (a COPY always does) waits for every active read transaction and gives up
after a few seconds: under steady reads a committed write was then reported as failed.
Reads are short, so the writer instead closes the gate for the moment of its commit:
new reads wait, reads in flight finish, the commit and its checkpoint run with nobody
inside, and the gate opens again. Waiting writers go first, so reads cannot starve them;
the gate is closed only for a commit, so writers cannot starve reads.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator


class ReadWriteGate:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writers_waiting = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()

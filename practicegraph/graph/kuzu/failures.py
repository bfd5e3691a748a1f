"""Kùzu's RuntimeErrors, sorted into the project's exceptions.

An I/O failure (disk full, file gone, permissions) is the store being unavailable — the
API answers 503 with Retry-After and the operator finds a clear log line — while any
other failure is a store error (a bug, or corruption)."""

from __future__ import annotations

from practicegraph.errors import StoreError, StoreUnavailable

_UNAVAILABLE_SIGNS = ("no space left", "io exception", "i/o error", "read-only file system",
                      "permission denied", "cannot open file", "buffer manager exception")


def translate(exc: BaseException, what: str) -> StoreError:
    message = str(exc)
    if any(sign in message.lower() for sign in _UNAVAILABLE_SIGNS):
        return StoreUnavailable(f"{what}: the database cannot be written or read right now ({message})")
    return StoreError(f"{what}: {message}")

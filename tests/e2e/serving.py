"""`practicegraph serve` in a subprocess on a free loopback port, for the e2e tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from typing import Iterator, Mapping

import pytest
import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(*args: str, env: Mapping[str, str] | None = None, timeout: float = 180) -> Iterator[str]:
    """The base URL of a server started with `practicegraph serve ARGS`, once it answers
    /api/v1/health; stopped (SIGTERM) when the block ends."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "practicegraph.cli", "serve", *args, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail("server exited: " + proc.stdout.read())
        try:
            if requests.get(base + "/api/v1/health", timeout=2).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("server did not start in time")
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)

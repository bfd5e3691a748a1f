"""A real Neo4j 5 Community server for the tests, built from Maven Central artifacts.

tests/neo4j_server is a tiny Maven project: the embedded Neo4j with its Bolt connector on a
free loopback port, authentication off. It is built once (`mvn compile`, offline when the
artifacts are already in ~/.m2), started once per test session, and stopped at the end by
closing its standard input. With NEO4J_URI set, that server is used instead, if its
database is empty (the tests wipe it), and left empty.

Without Java or Maven the Neo4j tests skip with the reason; under CI they fail instead,
since CI must run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent / "neo4j_server"
CLASSPATH = PROJECT / "target" / "classpath.txt"
MAIN_CLASS = "practicegraph.testserver.Main"
START_TIMEOUT_S = 240
# The C1 compiler only and a serial collector: a test server lives for minutes on a shared
# two-core machine, so warm-up matters more than peak speed (measured: start 41 s -> 19 s,
# first contract ingest 27 s -> 6 s, first evidence read 10 s -> 2.3 s, under load).
JVM_OPTIONS = ("-Xms256m", "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
# What a benchmark wants instead: the JVM's defaults (both compilers), a larger heap.
BENCH_JVM_OPTIONS = ("-Xms1g", "-Xmx2g")
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


@dataclass
class Neo4jServer:
    """Where the test server is, and how often it has been wiped (a test that wipes it bumps
    the generation, so fixtures that loaded data know to load it again)."""

    uri: str
    generation: int = 0

    def wipe(self) -> None:
        """Delete every node and relationship (Community has one user database, so tests
        share it; constraints and indexes stay, install() keeps them right)."""
        from neo4j import GraphDatabase

        with GraphDatabase.driver(self.uri, auth=_auth(), notifications_min_severity="OFF") as driver:
            with driver.session(database=os.environ.get("NEO4J_DATABASE") or None) as session:
                session.run(WIPE).consume()
        self.generation += 1


    def node_count(self) -> int:
        from neo4j import GraphDatabase

        with GraphDatabase.driver(self.uri, auth=_auth(), notifications_min_severity="OFF") as driver:
            records, _, _ = driver.execute_query("MATCH (n) RETURN count(n)",
                                                 database_=os.environ.get("NEO4J_DATABASE") or None)
        return records[0][0]


def _auth():
    user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
    return (user, password) if user and password else None


def unavailable(reason: str) -> None:
    """Skip with the reason, or fail under CI (where these tests must run)."""
    if os.environ.get("CI"):
        pytest.fail(f"Neo4j tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"Neo4j tests skipped: {reason}")


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _built() -> bool:
    if not CLASSPATH.exists():
        return False
    sources = [PROJECT / "pom.xml", *(PROJECT / "src").rglob("*.java")]
    return CLASSPATH.stat().st_mtime >= max(p.stat().st_mtime for p in sources)


def build() -> None:
    """`mvn compile`: offline first (the artifacts are usually in ~/.m2 already)."""
    if _built():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        unavailable("Maven (mvn) is not on PATH; it builds the test server in tests/neo4j_server")
    base = [mvn, "-q", "-B", "-f", str(PROJECT / "pom.xml"), "compile"]
    offline = subprocess.run(base + ["-o"], capture_output=True, text=True)
    if offline.returncode == 0:
        return
    online = subprocess.run(base, capture_output=True, text=True)
    if online.returncode != 0:
        unavailable("building tests/neo4j_server failed:\n" + (online.stdout + online.stderr)[-3000:])


def start(home: Path, jvm_options: tuple[str, ...] = JVM_OPTIONS) -> tuple[subprocess.Popen, str]:
    """Start the server; return it and its bolt URI once it answers."""
    java = _java()
    if java is None:
        unavailable("Java is not installed (Neo4j 5.26 needs Java 17 or 21)")
    build()
    classpath = str(PROJECT / "target" / "classes") + os.pathsep + CLASSPATH.read_text().strip()
    log = home / "server.out"
    home.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen([java, *jvm_options, "-cp", classpath, MAIN_CLASS, str(home / "neo4j")],
                                stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("NEO4J_URI="):
                return proc, line.split("=", 1)[1].strip()
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    stop(proc)
    unavailable("the test server did not start:\n" + log.read_text(errors="replace")[-3000:])
    raise AssertionError("unreachable")


def stop(proc: subprocess.Popen) -> None:
    """Close its input (it shuts down cleanly), then terminate if it lingers."""
    if proc.poll() is None and proc.stdin:
        proc.stdin.close()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """The Neo4j server for this session: NEO4J_URI if set, else one started here."""
    try:
        import neo4j  # noqa: F401
    except ImportError:
        unavailable("the neo4j Python driver is not installed (pip install -e '.[dev]')")
    if os.environ.get("NEO4J_URI"):
        server = Neo4jServer(os.environ["NEO4J_URI"])
        held = server.node_count()
        if held:  # the tests wipe the database: never one that holds someone's data
            unavailable(f"NEO4J_URI ({server.uri}) holds {held} nodes, and these tests wipe its database; "
                        "point NEO4J_URI at an empty database, or unset it to start a test server")
        yield server
        server.wipe()  # leave it empty, as found
        return
    proc, uri = start(tmp_path_factory.mktemp("neo4j-server"))
    try:
        yield Neo4jServer(uri)
    finally:
        stop(proc)

"""The Kùzu buffer pool is a setting: a 1M-practice index build needs more than the default."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from practicegraph import bootstrap as bootstrap_module
from practicegraph.cli import main
from practicegraph.config import BUFFER_ENV, DEFAULT_KUZU_BUFFER_MB, Settings
from practicegraph.errors import ConfigError


def test_the_buffer_pool_defaults_and_reads_its_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(BUFFER_ENV, raising=False)
    assert Settings.from_env(tmp_path / "g.kuzu").kuzu_buffer_mb == DEFAULT_KUZU_BUFFER_MB
    monkeypatch.setenv(BUFFER_ENV, " 6144 ")
    assert Settings.from_env(tmp_path / "g.kuzu").kuzu_buffer_mb == 6144


@pytest.mark.parametrize("value", ["lots", "0", "-5", "63", "1.5"])
def test_an_unusable_buffer_pool_is_refused_by_name(monkeypatch, tmp_path, value):
    monkeypatch.setenv(BUFFER_ENV, value)
    with pytest.raises(ConfigError, match=BUFFER_ENV + ".*at least 64"):
        Settings.from_env(tmp_path / "g.kuzu")


@pytest.mark.parametrize("command", [["init-schema"], ["backup", "BACKUPS"], ["migrate", "--to", "kuzu:COPY"]])
def test_the_cli_says_which_setting_is_wrong(monkeypatch, tmp_path, command):
    monkeypatch.setenv(BUFFER_ENV, "lots")
    args = [a.replace("BACKUPS", str(tmp_path / "b")).replace("COPY", str(tmp_path / "c.kuzu")) for a in command]
    where = ["--from", "kuzu:" + str(tmp_path / "g.kuzu")] if command[0] == "migrate" else ["--db", str(tmp_path / "g.kuzu")]
    result = CliRunner().invoke(main, args + where)
    assert result.exit_code == 1, result.output
    assert f"{BUFFER_ENV}='lots'" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean message, not a traceback


def test_the_store_is_opened_with_the_configured_pool(monkeypatch, tmp_path):
    opened = {}

    class Recording:
        def __init__(self, path, dimension, buffer_pool_mb):
            opened.update(path=path, dimension=dimension, buffer_pool_mb=buffer_pool_mb)

        def install(self):
            opened["installed"] = True

    monkeypatch.setattr("practicegraph.graph.kuzu.KuzuStore", Recording)
    settings = Settings(tmp_path / "g.kuzu", kuzu_buffer_mb=2048)
    bootstrap_module.open_store(settings, 384)
    assert opened == {"path": tmp_path / "g.kuzu", "dimension": 384, "buffer_pool_mb": 2048, "installed": True}

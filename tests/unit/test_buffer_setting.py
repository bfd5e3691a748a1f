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


def test_the_cli_says_which_setting_is_wrong(monkeypatch, tmp_path):
    monkeypatch.setenv(BUFFER_ENV, "lots")
    result = CliRunner().invoke(main, ["init-schema", "--db", str(tmp_path / "g.kuzu")])
    assert result.exit_code == 1
    assert f"{BUFFER_ENV}='lots'" in result.output and "Traceback" not in result.output


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

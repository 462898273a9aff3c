from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings, help_texts, load_settings
from storyline.errors import SettingsError


def test_every_setting_has_help_and_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "settings.md").read_text()
    for name, text in help_texts().items():
        assert text.strip(), name
        assert f"`{name}`" in docs, f"{name} missing from docs/settings.md"


def test_layers_file_env_then_set(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text("[summary]\nsentences = 7\n[timeline]\nentries_per_date = 2\n")
    s = load_settings(file=cfg, env={"STORYLINE_SUMMARY__SENTENCES": "9"}, overrides=["timeline.entries_per_date=4"])
    assert s.summary_sentences == 9
    assert s.timeline_entries_per_date == 4
    assert load_settings(env={}) == Settings()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("summary.sentence=3", "unknown setting 'summary.sentence'"),
        ("summary.sentences=many", "needs a int, got 'many'"),
        ("summary.sentences", "expected name=value"),
        ("quotes.include_scare=maybe", "needs a bool"),
    ],
)
def test_bad_settings_are_named(override: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        load_settings(env={}, overrides=[override])

"""Settings declared once as data, layered: defaults < user file < environment < --set."""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import SettingsError

ENV_PREFIX = "STORYLINE_"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every tunable of a run. Names are `section.key`; see `storyline settings`."""

    summary_sentences: int = _setting(5, "Sentences in the extractive summary.")
    timeline_entries_per_date: int = _setting(3, "Most entries shown per date in the timeline.")
    timeline_key_entries_per_date: int = _setting(
        2, "Most entries per date in the key timeline (what happened that day, one sentence each)."
    )
    events_include_past_references: bool = _setting(
        True, "Date sentences anchored to dates long before publication (history) too."
    )
    analyze_batch_size: int = _setting(32, "Documents per spaCy batch during analysis.")
    analyze_batch_chars: int = _setting(
        25_000, "Most characters per spaCy batch; a longer article is parsed in pieces of this size. Bounds peak memory."
    )
    clean_recurring_min_docs: int = _setting(
        3, "A line seen in this many documents (of one outlet or the whole input) is boilerplate."
    )
    quotes_include_scare: bool = _setting(False, "List 1-3 word scare quotes in the quote book.")
    read_max_file_mb: int = _setting(
        20, "Largest input file (text, HTML, JSON, manifest) read, in MB; a larger one is one warning."
    )
    read_max_line_mb: int = _setting(20, "Longest JSONL line (one record) read, in MB.")
    read_max_json_depth: int = _setting(100, "Deepest nesting of arrays and objects read from JSON.")
    read_max_number_digits: int = _setting(100, "Most digits of a number read from JSON.")

    @classmethod
    def names(cls) -> list[str]:
        """Dotted names of all settings (`summary.sentences`)."""
        return [_dotted(f.name) for f in dataclasses.fields(cls)]

    def as_dict(self) -> dict[str, Any]:
        """Settings as `{dotted name: value}`."""
        return {_dotted(f.name): getattr(self, f.name) for f in dataclasses.fields(self)}


def _dotted(name: str) -> str:
    section, _, key = name.partition("_")
    return f"{section}.{key}"


def _field_name(dotted: str) -> str:
    return dotted.replace(".", "_", 1)


def help_texts() -> dict[str, str]:
    """Help text of every setting by dotted name."""
    return {_dotted(f.name): str(f.metadata["help"]) for f in dataclasses.fields(Settings)}


def _cast(name: str, raw: Any, source: str) -> Any:
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    fname = _field_name(name)
    if fname not in fields:
        raise SettingsError(f"{source}: unknown setting '{name}' (see `storyline settings`)")
    kind: type[Any] = type(fields[fname].default)
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw).strip()
    try:
        if kind is bool:
            if text.lower() in {"1", "true", "yes", "on"}:
                return True
            if text.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(text)
        return kind(text)
    except ValueError:
        raise SettingsError(
            f"{source}: setting '{name}' needs a {kind.__name__}, got {text!r}"
        ) from None


def load_settings(
    *,
    file: Path | None = None,
    env: dict[str, str] | None = None,
    overrides: list[str] | None = None,
) -> Settings:
    """Resolve settings from defaults, a TOML or JSON file, STORYLINE_* variables and `key=value`s."""
    values: dict[str, Any] = {}
    if file is not None:
        try:
            raw = file.read_text(encoding="utf-8")
            data = json.loads(raw) if file.suffix == ".json" else tomllib.loads(raw)
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{file}: cannot read settings ({exc})") from exc
        for section, items in data.items():
            if not isinstance(items, dict):
                raise SettingsError(f"{file}: '{section}' must be a table of settings")
            for key, value in items.items():
                values[f"{section}.{key}"] = _cast(f"{section}.{key}", value, str(file))
    environ = os.environ if env is None else env
    for key, value in environ.items():
        if key.startswith(ENV_PREFIX) and "__" in key:
            dotted = key[len(ENV_PREFIX) :].lower().replace("__", ".", 1)
            values[dotted] = _cast(dotted, value, key)
    for item in overrides or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise SettingsError(f"--set {item}: expected name=value, e.g. summary.sentences=7")
        values[name.strip()] = _cast(name.strip(), value, f"--set {item}")
    return Settings(**{_field_name(k): v for k, v in values.items()})

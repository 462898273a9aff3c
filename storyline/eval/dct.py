"""Score publication-date inference by hiding the DCT of TimeML documents.

Reads TBAQ-style `.tml` files: the true date comes from `<DCT><TIMEX3 value=...>`, the
input is only the `<TEXT>` content with its inline tags stripped. The DOCID and file name
often spell the date (`APW19980213.1310`) and are never shown to the inference.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.models import DctGuess
from storyline.stages.dct import infer_dct, infer_story_dcts

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "TimemlDoc",
    "evaluate",
    "evaluate_story",
    "format_table",
    "in_split",
    "read_timeml",
    "split_paths",
]

SPLITS = ("tune", "report", "all")

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_DCT = re.compile(r"<DCT>.*?value=\"(\d{4})-(\d\d)-(\d\d)", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


@dataclass(frozen=True)
class TimemlDoc:
    """The parts of a TimeML file the DCT harness needs."""

    name: str
    text: str
    dct: dt.date


def read_timeml(path: Path) -> TimemlDoc:
    """Read the TEXT (tags stripped) and the creation date of one TimeML file."""
    raw = path.read_text(encoding="utf-8")
    text_match, dct_match = _TEXT.search(raw), _DCT.search(raw)
    if text_match is None or dct_match is None:
        raise ValueError(f"{path}: no <TEXT> or no <DCT> value; is it a TimeML file?")
    text = _TAG.sub("", text_match.group(1))
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    year, month, day = (int(g) for g in dct_match.groups())
    return TimemlDoc(path.name, text.strip(), dt.date(year, month, day))


def in_split(name: str, split: str) -> bool:
    """Whether file `name` belongs to `split` (`tune` ~70%, `report` ~30%, `all`)."""
    # The same rule as the timex harness, so both tune and report on the same files.
    from storyline.eval.timex import split_of

    return split == "all" or split_of(name) == split


def split_paths(paths: Iterable[Path], split: str) -> list[Path]:
    """The `.tml` files among `paths` (files or folders, searched recursively) in `split`."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.tml")) if path.is_dir() else [path])
    return [p for p in found if in_split(p.name, split)]


def _leading_date_gives_away(text: str, dct: dt.date) -> bool:
    """Whether the first line of the text already states the true date (a dateline leak)."""
    from storyline.stages.dct import find_date_refs

    head = text[:200].split("\n\n")[0]
    for ref in find_date_refs(head):
        if ref.kind == "ymd" and (ref.year, ref.month, ref.day) == (
            dct.year,
            dct.month,
            dct.day,
        ):
            return True
        if ref.kind == "md" and (ref.month, ref.day) == (dct.month, dct.day) and ref.start < 80:
            return True
    return False


def _score(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    inferred = [r for r in rows if r["date"] is not None]
    widths = [r["width"] for r in inferred]

    def share(key: str) -> float:
        return round(sum(1 for r in rows if r[key]) / n, 4) if n else 0.0

    return {
        "n": n,
        "exact": share("exact"),
        "within_3_days": share("within_3_days"),
        "within_interval": share("within_interval"),
        "no_inference": round((n - len(inferred)) / n, 4) if n else 0.0,
        "mean_interval_width": round(sum(widths) / len(widths), 1) if widths else None,
        "inferred_exact": round(sum(1 for r in inferred if r["exact"]) / len(inferred), 4)
        if inferred
        else None,
        "inferred_within_interval": round(
            sum(1 for r in inferred if r["within_interval"]) / len(inferred), 4
        )
        if inferred
        else None,
    }


def evaluate(
    paths: Iterable[Path],
    *,
    parse: Callable[[str], Doc] | None = None,
) -> dict[str, Any]:
    """Infer the hidden DCT of each TimeML file in `paths`; return scores and per-file rows.

    `parse`, when given (e.g. a spaCy pipeline), supplies the doc the inference reads tense
    from. Scores cover all files and, separately, those whose text does not begin with a
    dateline stating the date (`without_dateline_leak`).
    """
    rows: list[dict[str, Any]] = []
    for path in paths:
        item = read_timeml(Path(path))
        doc = parse(item.text) if parse is not None else None
        guess: DctGuess | None = infer_dct(item.text, doc=doc)
        row: dict[str, Any] = {
            "name": item.name,
            "true": item.dct.isoformat(),
            "date": None,
            "earliest": None,
            "latest": None,
            "source": None,
            "confidence": None,
            "width": None,
            "exact": False,
            "within_3_days": False,
            "within_interval": False,
            "dateline_leak": _leading_date_gives_away(item.text, item.dct),
        }
        if guess is not None:
            row.update(
                date=guess.date.isoformat(),
                earliest=guess.earliest.isoformat(),
                latest=guess.latest.isoformat(),
                source=guess.source,
                confidence=guess.confidence,
                width=(guess.latest - guess.earliest).days,
                exact=guess.date == item.dct,
                within_3_days=abs((guess.date - item.dct).days) <= 3,
                within_interval=guess.earliest <= item.dct <= guess.latest,
            )
        rows.append(row)
    return _summarise(rows)


def _summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores over all rows, without datelines that give the date away, and per source."""
    result = _score(rows)
    result["dateline_leaks"] = sum(1 for r in rows if r["dateline_leak"])
    result["without_dateline_leak"] = _score([r for r in rows if not r["dateline_leak"]])
    result["by_source"] = {
        source: _score([r for r in rows if r["source"] == source])
        for source in sorted({r["source"] for r in rows if r["source"]})
    }
    result["documents"] = rows
    return result


_COLUMNS = (
    ("n", "n"),
    ("exact", "exact"),
    ("within_3_days", "<=3 days"),
    ("within_interval", "in interval"),
    ("mean_interval_width", "mean width (days)"),
    ("no_inference", "no inference"),
)


def format_table(results: dict[str, dict[str, Any]]) -> str:
    """A plain-text table with one row per named result of `evaluate`."""
    lines = []
    header = ["set"] + [label for _, label in _COLUMNS]
    body = []
    for name, result in results.items():
        parts = [(name, result)]
        parts.append((f"{name} (no dateline leak)", result["without_dateline_leak"]))
        parts.extend((f"{name} [{src}]", sub) for src, sub in result.get("by_source", {}).items())
        for label, scores in parts:
            cells = [label]
            for key, _ in _COLUMNS:
                value = scores.get(key)
                if isinstance(value, float) and key != "mean_interval_width":
                    cells.append(f"{100 * value:.1f}%")
                else:
                    cells.append("-" if value is None else str(value))
            body.append(cells)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    for row in [header, *body]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def _row(name: str, true: dt.date, guess: DctGuess | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": name,
        "true": true.isoformat(),
        "date": None,
        "earliest": None,
        "latest": None,
        "source": None,
        "confidence": None,
        "width": None,
        "exact": False,
        "within_3_days": False,
        "within_interval": False,
        "dateline_leak": False,
    }
    if guess is not None:
        row.update(
            date=guess.date.isoformat(),
            earliest=guess.earliest.isoformat(),
            latest=guess.latest.isoformat(),
            source=guess.source,
            confidence=guess.confidence,
            width=(guess.latest - guess.earliest).days,
            exact=guess.date == true,
            within_3_days=abs((guess.date - true).days) <= 3,
            within_interval=guess.earliest <= true <= guess.latest,
        )
    return row


def evaluate_story(directory: Path, manifest: Path | None = None) -> dict[str, Any]:
    """Hide each dated document's date of a story in turn; infer it from its text and the rest.

    `manifest` (default `directory/manifest.csv`) has `file` and `published` columns; its
    plain-text files with a date are scored. The folder's other plain-text files (undated,
    or not in the manifest) stay in the story as context, as they do in a build, which reads
    every file of the folder: their events can date the others. Each text is cleaned first
    (the date line a page prints is metadata the pipeline keeps apart), so the date must
    come from the prose and from the other documents, as for an undated article in a run.
    """
    from storyline.stages.clean import clean

    manifest = manifest or directory / "manifest.csv"
    texts: dict[str, str] = {}
    dates: dict[str, dt.date] = {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            path = directory / record["file"]
            if path.suffix != ".txt" or not record.get("published") or not path.exists():
                continue
            texts[record["file"]] = clean(path.read_text(encoding="utf-8")).text
            dates[record["file"]] = dt.date.fromisoformat(record["published"])
    for path in sorted(directory.glob("*.txt")):
        name = path.relative_to(directory).as_posix()
        if name not in texts:
            texts[name] = clean(path.read_text(encoding="utf-8")).text
    rows = []
    for name, true in dates.items():
        known: dict[str, dt.date | DctGuess | None] = {
            k: v for k, v in dates.items() if k != name
        }
        guess = infer_story_dcts(texts, known).get(name)
        row = _row(name, true, guess)
        row["dateline_leak"] = _leading_date_gives_away(texts[name], true)
        rows.append(row)
    return _summarise(rows)

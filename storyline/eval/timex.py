"""TempEval-3 task A scoring of temporal taggers (storyline and peers) on TimeML files.

Definitions follow the TempEval-3 scorer: strict span match (same offsets), relaxed
span match (any overlap, each gold and system expression matched at most once), and
attribute F1 for type and value: among relaxed-matched pairs, the ones whose attribute
agrees, with precision over the system count and recall over the gold count.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.models import Timex
from storyline.timeml import TimemlDoc, find_tml, read_timeml

Tagger = Callable[[str, dt.date | None], list[Timex]]

SYSTEMS = ("storyline", "dateparser", "recognizers")
METRICS = (
    "strict_p",
    "strict_r",
    "strict_f1",
    "relaxed_p",
    "relaxed_r",
    "relaxed_f1",
    "type_acc",
    "type_f1",
    "value_acc",
    "value_f1",
)


@dataclass(frozen=True)
class Span:
    """A scored expression: offsets, type and value."""

    start: int
    end: int
    type: str
    value: str | None


@dataclass
class Counts:
    """Raw counts from which every metric is computed."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        """Add another document's counts to these."""
        self.gold += other.gold
        self.system += other.system
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.type_ok += other.type_ok
        self.value_ok += other.value_ok

    def metrics(self) -> dict[str, float]:
        """Precision, recall, F1 and accuracy figures of these counts."""

        def prf(hit: int) -> tuple[float, float, float]:
            p = hit / self.system if self.system else 0.0
            r = hit / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return p, r, f

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        _, _, tf = prf(self.type_ok)
        _, _, vf = prf(self.value_ok)
        return {
            "strict_p": sp,
            "strict_r": sr,
            "strict_f1": sf,
            "relaxed_p": rp,
            "relaxed_r": rr,
            "relaxed_f1": rf,
            "type_acc": self.type_ok / self.relaxed if self.relaxed else 0.0,
            "type_f1": tf,
            "value_acc": self.value_ok / self.relaxed if self.relaxed else 0.0,
            "value_f1": vf,
        }


def match(gold: Sequence[Span], system: Sequence[Span]) -> list[tuple[Span, Span]]:
    """One-to-one relaxed matching: largest overlaps first, each span used at most once."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, gi, si))
    # Exact matches first, then the larger overlap, then document order: deterministic.
    pairs.sort(
        key=lambda p: (
            -(gold[p[1]].start == system[p[2]].start and gold[p[1]].end == system[p[2]].end),
            -p[0],
            p[1],
            p[2],
        )
    )
    used_g: set[int] = set()
    used_s: set[int] = set()
    out: list[tuple[Span, Span]] = []
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gold[gi], system[si]))
    return out


def score(gold: Sequence[Span], system: Sequence[Span]) -> Counts:
    """Counts of one document's system expressions against its gold ones."""
    gold_keys = {(g.start, g.end) for g in gold}
    strict = sum(1 for s in {(x.start, x.end) for x in system} if s in gold_keys)
    pairs = match(gold, system)
    return Counts(
        gold=len(gold),
        system=len(system),
        strict=strict,
        relaxed=len(pairs),
        type_ok=sum(1 for g, s in pairs if g.type == s.type),
        value_ok=sum(1 for g, s in pairs if g.value is not None and g.value == s.value),
    )


def split_of(path: str | Path) -> str:
    """`tune` (~70%) or `report` (~30%), from a stable hash of the file name."""
    digest = hashlib.sha1(Path(path).name.encode("utf-8")).digest()
    return "tune" if digest[0] % 10 < 7 else "report"


def select(paths: Iterable[str | Path], split: str = "all", limit: int | None = None) -> list[Path]:
    """The paths of one split (`tune`, `report` or `all`), sorted, at most `limit`."""
    if split not in ("tune", "report", "all"):
        raise InputError(split, "unknown split: use tune, report or all")
    chosen = sorted(Path(p) for p in paths if split == "all" or split_of(p) == split)
    return chosen[:limit] if limit is not None else chosen


# ---------------------------------------------------------------- systems


def storyline_tagger(text: str, dct: dt.date | None) -> list[Timex]:
    """storyline's tagger, parsing the text with the pinned spaCy model as the product does."""
    from storyline import nlp
    from storyline.stages import timex

    return timex.tag(text, dct, nlp.load()(text))


_ISO_HOUR = re.compile(r"T(\d{2})$")


def _dateparser_value(hit: str, when: dt.datetime, settings: dict[str, Any]) -> tuple[str, str]:
    from dateparser.date import DateDataParser

    # search_dates drops the granularity; re-parsing the hit recovers it fairly.
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(hit)
    period = data.period if data and data.date_obj else "day"
    if period == "year":
        return "DATE", f"{when.year:04d}"
    if period == "month":
        return "DATE", f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        iso = when.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}"
    if period == "time" and (when.hour or when.minute):
        return "TIME", when.strftime("%Y-%m-%dT%H:%M")
    return "DATE", when.date().isoformat()


def dateparser_tagger(text: str, dct: dt.date | None) -> list[Timex]:
    """dateparser's `search_dates` with the DCT as base, hits mapped to spans in the text."""
    from dateparser.search import search_dates

    base = dt.datetime.combine(dct or dt.date.today(), dt.time())
    # Past preference suits news: "Friday" in a report is the Friday just gone.
    settings: dict[str, Any] = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
        "STRICT_PARSING": False,
    }
    hits = search_dates(text, languages=["en"], settings=settings) or []
    out: list[Timex] = []
    pos = 0
    for hit, when in hits:
        start = text.find(hit, pos)
        if start < 0:
            continue
        end = start + len(hit)
        pos = end
        kind, value = _dateparser_value(hit, when, settings)
        out.append(Timex(start, end, hit, kind, value, rule="dateparser"))
    return out


_RANGE = re.compile(r"^\((\d{4}-\d{2}-\d{2})(?:T[\d:]+)?,(\d{4}-\d{2}-\d{2})(?:T[\d:]+)?,(P\w+)\)$")


def _range_value(start: dt.date, end: dt.date, duration: str, ref: dt.date) -> tuple[str, str]:
    """TimeML value of a [start, end) range from recognizers."""
    days = (end - start).days
    if start.day == 1 and end.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month
        if months == 1:
            return "DATE", f"{start.year:04d}-{start.month:02d}"
        if months == 3 and start.month % 3 == 1:
            return "DATE", f"{start.year:04d}-Q{start.month // 3 + 1}"
        if months == 6 and start.month in (1, 7):
            return "DATE", f"{start.year:04d}-H{1 if start.month == 1 else 2}"
        if months == 12 and start.month == 1:
            return "DATE", f"{start.year:04d}"
    if days == 7 and start.weekday() == 0:
        iso = start.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}"
    if end == ref or start == ref:
        # "the past three years": a stretch ending at the reference is a duration.
        return "DURATION", duration
    return "DATE", start.isoformat()


def _recognizers_value(
    type_name: str, values: list[dict[str, str]], ref: dt.date
) -> tuple[str, str | None]:
    kind = type_name.rsplit(".", 1)[-1]
    if not values:
        return "DATE", None
    # Several readings ("Monday": past and next): news reports mostly the past one.
    past = [
        v for v in values if (v.get("value") or v.get("start") or "") <= ref.isoformat() + " 99"
    ]
    chosen = past[-1] if past else values[0]
    timex = chosen.get("timex", "")
    if kind == "duration":
        return "DURATION", timex
    if kind == "set":
        return "SET", timex
    m = _RANGE.match(timex)
    if m:
        start = dt.date.fromisoformat(chosen.get("start", m.group(1))[:10])
        end = dt.date.fromisoformat(chosen.get("end", m.group(2))[:10])
        return _range_value(start, end, m.group(3), ref)
    if "X" in timex and chosen.get("value", "") not in ("", "not resolved"):
        resolved = chosen["value"]
        if kind in ("datetime", "time"):
            return "TIME", resolved[:16].replace(" ", "T")
        return "DATE", resolved[:10]
    if kind in ("datetime", "time", "timerange", "datetimerange") and "T" in timex:
        return "TIME", _ISO_HOUR.sub(r"T\1:00", timex)
    return "DATE", timex or None


def recognizers_tagger(text: str, dct: dt.date | None) -> list[Timex]:
    """Microsoft Recognizers-Text date-time model with the DCT as reference."""
    import emoji

    # recognizers-text 1.0.2a2 imports a name emoji 2.x renamed; alias it before import.
    if not hasattr(emoji, "UNICODE_EMOJI"):
        emoji.UNICODE_EMOJI = emoji.EMOJI_DATA  # type: ignore[attr-defined]
    from recognizers_date_time import Culture, recognize_datetime

    ref = dct or dt.date.today()
    out: list[Timex] = []
    for r in recognize_datetime(
        text, Culture.English, reference=dt.datetime.combine(ref, dt.time(12))
    ):
        start, end = int(r.start), int(r.end) + 1
        values = list((r.resolution or {}).get("values", []))
        kind, value = _recognizers_value(str(r.type_name), values, ref)
        out.append(Timex(start, end, text[start:end], kind, value, rule="recognizers"))
    return out


TAGGERS: dict[str, Tagger] = {
    "storyline": storyline_tagger,
    "dateparser": dateparser_tagger,
    "recognizers": recognizers_tagger,
}


# ---------------------------------------------------------------- harness


def _spans(timexes: Iterable[Timex]) -> list[Span]:
    return [Span(t.start, t.end, t.type, t.value) for t in timexes]


def _gold(doc: TimemlDoc) -> list[Span]:
    return [Span(g.start, g.end, g.type, g.value) for g in doc.gold]


def evaluate(
    paths: Iterable[str | Path],
    systems: Sequence[str] = SYSTEMS,
    taggers: dict[str, Tagger] | None = None,
) -> dict[str, Any]:
    """Score each system on the TimeML files `paths`: overall and per-document metrics."""
    table = {**TAGGERS, **(taggers or {})}
    unknown = [s for s in systems if s not in table]
    if unknown:
        raise InputError(", ".join(unknown), f"unknown system: choose from {sorted(table)}")
    docs = [read_timeml(p) for p in paths]
    totals = {s: Counts() for s in systems}
    seconds = {s: 0.0 for s in systems}
    per_document: dict[str, dict[str, Any]] = {}
    for doc in docs:
        gold = _gold(doc)
        row: dict[str, Any] = {}
        for name in systems:
            began = time.perf_counter()
            found = table[name](doc.text, doc.dct)
            seconds[name] += time.perf_counter() - began
            counts = score(gold, _spans(found))
            totals[name].add(counts)
            row[name] = {**counts.metrics(), "gold": counts.gold, "system": counts.system}
        per_document[Path(doc.path).name] = row
    overall = {
        name: {
            **c.metrics(),
            "gold": c.gold,
            "system": c.system,
            "seconds": round(seconds[name], 3),
        }
        for name, c in totals.items()
    }
    return {"files": len(docs), "systems": overall, "per_document": per_document}


def errors(path: str | Path, tagger: Tagger | None = None) -> list[tuple[str, str, str, str]]:
    """Mismatches of one file as `(kind, text, gold value, system value)` for error analysis."""
    doc = read_timeml(path)
    found = _spans((tagger or storyline_tagger)(doc.text, doc.dct))
    gold = _gold(doc)
    pairs = match(gold, found)
    matched_g = {id(g) for g, _ in pairs}
    matched_s = {id(s) for _, s in pairs}
    out: list[tuple[str, str, str, str]] = []
    for g in gold:
        if id(g) not in matched_g:
            out.append(("miss", doc.text[g.start : g.end], f"{g.type}:{g.value}", ""))
    for s in found:
        if id(s) not in matched_s:
            out.append(("false", doc.text[s.start : s.end], "", f"{s.type}:{s.value}"))
    for g, s in pairs:
        if g.value != s.value or g.type != s.type or (g.start, g.end) != (s.start, s.end):
            kind = "value" if g.value != s.value else "type" if g.type != s.type else "span"
            out.append(
                (
                    kind,
                    f"{doc.text[g.start : g.end]} | {doc.text[s.start : s.end]}",
                    f"{g.type}:{g.value}",
                    f"{s.type}:{s.value}",
                )
            )
    return out


def format_table(result: dict[str, Any], metrics: Sequence[str] = METRICS) -> str:
    """A plain-text table, one row per system, one column per metric."""
    systems: dict[str, dict[str, float]] = result["systems"]
    header = ["system", *metrics, "gold", "sys", "sec"]
    rows = [header]
    for name, m in systems.items():
        rows.append(
            [
                name,
                *(f"{m[k]:.3f}" for k in metrics),
                str(m["gold"]),
                str(m["system"]),
                f"{m['seconds']:.1f}",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=False))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def find_files(root: str | Path, split: str = "all", limit: int | None = None) -> list[Path]:
    """The `.tml` files under `root` in `split`, at most `limit`."""
    return select(find_tml(root), split, limit)


def summary(result: dict[str, Any], split: str = "all") -> dict[str, Any]:
    """The JSON report: storyline's metrics at top level, then `per_document` and `peers`."""
    systems: dict[str, dict[str, Any]] = result["systems"]
    own = systems.get("storyline", {})
    return {
        **own,
        "files": result["files"],
        "split": split,
        "per_document": {
            doc: row.get("storyline", {}) for doc, row in result["per_document"].items()
        },
        "peers": {name: m for name, m in systems.items() if name != "storyline"},
    }

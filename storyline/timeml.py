"""Reading and writing TimeML (TempEval-3) files.

A TimeML file holds a DOCID, a DCT and a TEXT element whose content carries inline
TIMEX3, EVENT and SIGNAL tags. Reading strips every inline tag from TEXT, keeping the
remaining characters identical (entities such as `&amp;` stay as written, so offsets
map back to the file); gold TIMEX3 become offsets into that stripped text. Writing
puts storyline's TIMEX3 tags into the stripped text and leaves the rest of the file as is.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.dates import parse_day
from storyline.errors import InputError
from storyline.models import Timex

_DOCID = re.compile(r"<DOCID>\s*(.*?)\s*</DOCID>", re.DOTALL)
_DCT = re.compile(r"<DCT>\s*<TIMEX3\b([^>]*)>", re.DOTALL)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)\b([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3 of a TimeML TEXT, with offsets into the tag-stripped text."""

    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None
    tid: str = ""
    anchor_tid: str | None = None


@dataclass(frozen=True)
class TimemlDoc:
    """The parts of a TimeML file a temporal tagger needs."""

    path: str
    docid: str
    dct: dt.date | None
    text: str
    """TEXT content with every inline tag removed, otherwise byte-identical."""
    gold: tuple[GoldTimex, ...]

    def gold_spans(self) -> list[tuple[int, int, str, str | None]]:
        """Gold TIMEX3 as `(start, end, type, value)` tuples."""
        return [(g.start, g.end, g.type, g.value) for g in self.gold]


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def _read_source(path: str | Path) -> str:
    # newline="" keeps carriage returns: offsets must stay true to the file.
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _parse_date(value: str) -> dt.date | None:
    # TimeML files write the DCT as ISO or in the compact 19890102 form.
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    return parse_day(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


def strip_text(raw: str) -> tuple[str, list[GoldTimex]]:
    """Remove inline tags from a TEXT body; return the text and its TIMEX3 as offsets."""
    out: list[str] = []
    length = 0
    pos = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for m in _TAG.finditer(raw):
        chunk = raw[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
        if name != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timex = (length, _attrs(attrs))
        elif open_timex is not None:
            start, a = open_timex
            gold.append(
                GoldTimex(
                    start=start,
                    end=length,
                    type=a.get("type", ""),
                    value=a.get("value") or None,
                    mod=a.get("mod") or None,
                    tid=a.get("tid", ""),
                    anchor_tid=a.get("anchorTimeID") or None,
                )
            )
            open_timex = None
    out.append(raw[pos:])
    return "".join(out), gold


def read_timeml(path: str | Path) -> TimemlDoc:
    """Parse one TimeML file into its DOCID, DCT, stripped TEXT and gold TIMEX3."""
    source = _read_source(path)
    text_m = _TEXT.search(source)
    if text_m is None:
        raise InputError(str(path), "no <TEXT> element; is this a TimeML file?")
    docid_m = _DOCID.search(source)
    dct_m = _DCT.search(source)
    dct = _parse_date(_attrs(dct_m.group(1)).get("value", "")) if dct_m else None
    text, gold = strip_text(text_m.group(1))
    return TimemlDoc(
        path=str(path),
        docid=docid_m.group(1) if docid_m else Path(path).stem,
        dct=dct,
        text=text,
        gold=tuple(gold),
    )


def _timex_tag(t: Timex, tid: str, tids_by_start: dict[int, str]) -> str:
    parts = [f'tid="{tid}"', f'type="{t.type}"']
    parts.append(f'value="{html.escape(t.value or "", quote=True)}"')
    if t.mod:
        parts.append(f'mod="{t.mod}"')
    if t.anchor == "DCT":
        parts.append('anchorTimeID="t0"')
    elif t.anchor and t.anchor.startswith("timex:"):
        ref = tids_by_start.get(int(t.anchor.split(":", 1)[1]))
        if ref:
            parts.append(f'anchorTimeID="{ref}"')
    if t.type == "SET" and t.value and t.value.startswith("P"):
        parts.append('quant="EVERY"')
    return "<TIMEX3 " + " ".join(parts) + ">"


def render_text(text: str, timexes: Sequence[Timex]) -> str:
    """Insert TIMEX3 tags for `timexes` (sorted, non-overlapping) into `text`."""
    ordered = sorted(timexes, key=lambda t: t.start)
    tids = {t.start: f"t{i}" for i, t in enumerate(ordered, start=1)}
    out: list[str] = []
    pos = 0
    for t in ordered:
        if t.start < pos:
            continue  # overlapping: TimeML TIMEX3 do not nest
        out.append(text[pos : t.start])
        out.append(_timex_tag(t, tids[t.start], tids))
        out.append(text[t.start : t.end])
        out.append("</TIMEX3>")
        pos = t.end
    out.append(text[pos:])
    return "".join(out)


def render_timeml(src_path: str | Path, timexes: Sequence[Timex]) -> str:
    """The source TimeML file with its TEXT replaced by the stripped text tagged with `timexes`."""
    source = _read_source(src_path)
    text_m = _TEXT.search(source)
    if text_m is None:
        raise InputError(str(src_path), "no <TEXT> element; is this a TimeML file?")
    text, _ = strip_text(text_m.group(1))
    body = render_text(text, timexes)
    return source[: text_m.start(1)] + body + source[text_m.end(1) :]


def write_timeml(src_path: str | Path, timexes: Sequence[Timex], out_path: str | Path) -> None:
    """Write `src_path` with storyline's TIMEX3 in its TEXT to `out_path`."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        handle.write(render_timeml(src_path, timexes))


def find_tml(root: str | Path) -> list[Path]:
    """Every `.tml` file under `root` (or `root` itself if it is one), sorted."""
    base = Path(root)
    if base.is_file():
        return [base]
    if not base.is_dir():
        raise InputError(str(root), "no such file or folder")
    return sorted(p for p in base.rglob("*.tml") if p.is_file())


def annotate_dir(in_dir: str | Path, out_dir: str | Path) -> int:
    """Tag every `.tml` under `in_dir` with storyline and write it under `out_dir`; return the count."""
    from storyline import nlp
    from storyline.stages import timex

    base = Path(in_dir)
    n = 0
    for path in find_tml(base):
        doc = read_timeml(path)
        found = timex.tag(doc.text, doc.dct, nlp.load()(doc.text))
        rel = path.relative_to(base) if base.is_dir() else Path(path.name)
        write_timeml(path, found, Path(out_dir) / rel)
        n += 1
    return n

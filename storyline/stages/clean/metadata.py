"""Lines that are metadata: the headline by position and form, byline and authors, date
lines, outlet and copyright lines, tags, a header glued onto the opening sentence, the
place dateline."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from storyline.models import RemovedLine
from storyline.stages.clean.units import (
    _BULLET,
    _BY,
    _COPYRIGHT,
    _CREDIT_BY,
    _DATE_PATTERNS,
    _KNOWN_OUTLETS,
    _LABEL,
    _MONTH_NUM,
    _MONTHS,
    _NAME_WORD,
    _NUMBERED,
    _OUTLET_SUFFIX,
    _ROLE,
    _SEPARATORS,
    _TAGS_LABEL,
    _TIME,
    _URL,
    _WEEKDAY,
    _WORD,
    _ZONE,
    _norm,
    _Unit,
)
from storyline.text import DATELINE as _DATELINE
from storyline.text import dateline_length as dateline_length
from storyline.text import dateline_ok as _dateline_ok


def _metadata(
    units: list[_Unit], first: int, last: int, meta: dict[str, Any], outlet: str | None, title: str | None
) -> None:
    known = {o.casefold() for o in (outlet,) if o}
    title_key = _norm(title) if title else ""
    for i, unit in enumerate(units):
        if unit.reason is not None:
            continue
        in_top, in_bottom = i < first, i > last
        reason = _meta_line(unit, meta, known, anywhere=not (in_top or in_bottom))
        if reason:
            unit.remove(reason, 0.9)
            continue
        if title_key and _same_title(_norm(unit.text), title_key) and unit.strength < 2:
            unit.remove("title", 0.95)
            meta.setdefault("title", unit.text)
    seen_title = any(u.reason == "title" for u in units[:first])
    opening = True  # no kept line before this one but kickers
    for i in range(first):
        unit = units[i]
        if unit.reason is not None:
            seen_title = seen_title or unit.reason == "title"
            continue
        kicker = unit.n_words <= 3 and not unit.terminal and not re.search(r"\d", unit.text)
        if not seen_title and kicker and _kicker_above_headline(units, i, first):
            unit.remove("navigation", 0.5)  # a section label above the headline
            continue
        # The headline is the opening line in headline form. When the page's title is
        # known and no line repeats it, a later headline-form line is a subheading or
        # a lead sentence without its full stop, not the headline.
        # With the page's title known and not repeated, an opening line of running words
        # (a standfirst, a lead without its stop) is kept: the headline was taken out.
        standfirst = bool(title_key) and unit.n_words >= 8 and unit.lower_ratio >= 0.5
        if not seen_title and "title" not in meta and _headline_like(unit) and (
            (opening and not standfirst) or not title_key
        ):
            unit.remove("title", 0.7 if opening else 0.5)
            meta["title"] = _BULLET.sub("", unit.text)
            seen_title = True
        elif not seen_title and kicker:
            unit.remove("navigation", 0.5)  # section labels and kickers above the headline
            continue
        opening = False
    _tags(units, last)


def _meta_line(unit: _Unit, meta: dict[str, Any], known: set[str], *, anywhere: bool) -> str | None:
    text = _BULLET.sub("", unit.text).strip()
    if unit.strength == 2 or unit.n_words > 30:
        return None
    byline = _byline(text)
    if byline and (not anywhere or text.lower().startswith("by ")):
        meta.setdefault("byline", byline)
        return "byline"
    if anywhere:
        return None
    if _COPYRIGHT.search(text) and unit.n_words <= 20:
        name = _outlet_in_copyright(text)
        if name:
            meta.setdefault("outlet", name)
        return "copyright"
    parts = [p.strip() for p in _SEPARATORS.split(text) if p.strip()]
    kinds: list[str] = []
    found: dict[str, Any] = {}
    for part in parts:
        kind = _part_kind(part, known, found)
        if kind is None:
            return None
        kinds.append(kind)
    # Times alone (`9.30 A.M. / 7.00 P.M.`) are opening hours, not a date line.
    if not kinds or (set(kinds) == {"date"} and "date" not in found):
        return None
    for key in ("byline", "outlet", "dateline"):
        if key in found:
            meta.setdefault(key, found[key])
    if "date" in found:
        meta.setdefault("dates", []).append(found["date"])
    for kind in ("byline", "date", "outlet", "dateline"):
        if kind in kinds:
            return kind
    return None


def _part_kind(part: str, known: set[str], found: dict[str, Any]) -> str | None:
    byline = _byline(part)
    if byline:
        found.setdefault("byline", byline)
        return "byline"
    date = _date_line(part)
    if date:
        found.setdefault("date", date)
        return "date"
    if _TIME.search(part) and not _WORD.findall(_ZONE.sub(" ", _TIME.sub(" ", part))):
        return "date"  # the time part of `Dec 1, 2018 | 10:04 JST`
    name = _outlet_name(part, known)
    if name:
        found.setdefault("outlet", name)
        return "outlet"
    m = _DATELINE.match(part + " ")
    if m and m.end() >= len(part) and _dateline_ok(m):
        found.setdefault("dateline", m.group("dl").strip())
        if m.group("agency"):
            found.setdefault("outlet", m.group("agency").strip())
        return "dateline"
    return None


def _byline(text: str) -> str | None:
    inner = text.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1].strip()
        if _CREDIT_BY.search(inner) and len(inner.split()) <= 25:
            return inner
    m = _BY.match(inner)
    if m:
        names = [w for w in re.split(r"[\s,;|/]+", m.group(1)) if w]
        name_part = []
        for w in names:
            if _ROLE.search(w) or w.casefold() in _KNOWN_OUTLETS:
                break
            name_part.append(w)
        if (
            1 <= len(names) <= 14
            and name_part
            and name_part[0][0].isupper()
            and sum(1 for w in name_part if _NAME_WORD.match(w)) >= 0.8 * len(name_part)
            and not inner.endswith(".")
        ):
            return inner
        return None
    if _CREDIT_BY.match(inner) and len(inner.split()) <= 25:
        return inner
    m2 = re.match(r"^([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*(?:,|\||—|–)\s*(.+)$", inner)
    if m2 and len(inner.split()) <= 10 and not inner.endswith("."):
        tail = m2.group(2)
        if _ROLE.search(tail) or tail.strip().casefold() in _KNOWN_OUTLETS:
            return inner
    return None


_BYLINE_LEAD = re.compile(r"^\(?\s*(?:(?:written|story|words|text|reported|compiled|posted)\s+)?by:?\s+", re.IGNORECASE)


_NAME_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b)\s*")


def byline_authors(byline: str | None) -> list[str]:
    """The people a byline names (`By Jane Doe and John Roe, Staff Writers` -> two names)."""
    if not byline:
        return []
    names: list[str] = []
    for credit in byline.strip().strip("()").split(";"):
        # `Reporting by A; Editing by B`: the editors did not write it.
        if re.match(r"\s*(?:edit(?:ed|ing)|photos?|graphics?|translat\w+)\s+by\b", credit, re.IGNORECASE):
            continue
        names.extend(_names(re.sub(r"^\s*(?:additional\s+)?reporting\s+by\s+", "", credit, flags=re.IGNORECASE)))
    return names


def _names(credit: str) -> list[str]:
    text = _BYLINE_LEAD.sub("", credit.strip())
    names: list[str] = []
    for part in _NAME_SPLIT.split(text):
        words = part.split()
        if not words or _ROLE.search(part) or part.casefold() in _KNOWN_OUTLETS:
            continue
        if 1 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words) and words[0][0].isupper():
            names.append(" ".join(words))
    return names


def _outlet_name(text: str, known: set[str]) -> str | None:
    name = text.strip().strip("()[]").strip()
    name = re.sub(r"\s*[-–—:]$", "", name).strip()
    if not name or len(name.split()) > 5:
        return None
    folded = name.casefold()
    if folded in _KNOWN_OUTLETS or folded in known:
        return name
    if _OUTLET_SUFFIX.match(name):
        return name
    return None


def _outlet_in_copyright(text: str) -> str | None:
    m = re.search(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*([A-Z][^.,;|]{1,60})", text, re.IGNORECASE)
    if not m:
        return None
    name = re.sub(r"\ball rights reserved\b.*$", "", m.group(1), flags=re.IGNORECASE).strip(" .")
    return name or None


def _date_line(text: str) -> dt.date | None:
    """The date a short line consisting only of a date (with labels, weekday, time) states."""
    if len(text) > 80:
        return None
    rest = _LABEL.sub("", text.strip())
    date = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(rest)
        if m:
            date = _to_date(m.groupdict())
            if date:
                rest = rest[: m.start()] + " " + rest[m.end() :]
                break
    if date is None:
        return None
    rest = _TIME.sub(" ", rest)
    rest = _ZONE.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", rest)
    rest = re.sub(r"\b(?:at|on|updated|published|posted|local time|time)\b", " ", rest, flags=re.IGNORECASE)
    leftover = _WORD.findall(rest)
    return date if len(leftover) <= 1 else None


def _to_date(parts: dict[str, str | None]) -> dt.date | None:
    try:
        year = int(parts["y"] or 0)
        if parts.get("a"):
            a, b = int(parts["a"] or 0), int(parts["b"] or 0)
            if a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                month, day = a, b
            else:
                return None  # 03/04/2019 is ambiguous between US and European order
        else:
            m = parts["m"] or ""
            month = int(m) if m.isdigit() else _MONTH_NUM[m[:3].lower()]
            day = int(parts["d"] or 0)
        if not 1900 <= year <= 2100:
            return None
        return dt.date(year, month, day)
    except (ValueError, KeyError):
        return None


def _pick_date(dates: list[dt.date]) -> dt.date | None:
    # Published and updated lines both name dates; publication comes first.
    return min(dates) if dates else None


def _same_title(line: str, title: str) -> bool:
    if not line or not title:
        return False
    if line == title:
        return True
    short, long = sorted((line, title), key=len)
    # `Headline | Site` in the page title against `Headline` in the text.
    return len(short.split()) >= 3 and long.startswith(short) and len(short) >= 0.5 * len(long)


def _kicker_above_headline(units: list[_Unit], i: int, first: int) -> bool:
    for unit in units[i + 1 : first]:
        if unit.reason is None:
            return _headline_like(unit) and unit.n_words > units[i].n_words
    return False


def _headline_like(unit: _Unit) -> bool:
    text = unit.text
    if not 2 <= unit.n_words <= 30 or len(unit.lines) > 2:
        return False
    # A long line of mostly lowercase words is a sentence that lost its full stop; on
    # a page without letter case only a short line can be told for a headline.
    if (unit.n_words > 20 and unit.lower_ratio >= 0.5) or (unit.caseless and unit.n_words > 15):
        return False
    if text.endswith(".") and not text.endswith("..."):
        return False
    if _URL.search(text) or _SEPARATORS.search(text) and text.count(" ") < 4 * len(_SEPARATORS.findall(text)):
        # Menus ("Sections | Latest | Sign in") are short items between separators.
        return False
    return any(w[0].isupper() for w in unit.words)


_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+([^|–—-]{2,60})$")


def strip_site_name(title: str, sitename: str | None = None) -> str:
    """`Headline | Site Name` -> `Headline` when the tail is the site or a short name."""
    m = _SITE_SUFFIX.search(title)
    if not m:
        return title
    tail = m.group(1).strip()
    head = title[: m.start()].strip()
    words = tail.split()
    if (sitename and tail.casefold() == sitename.casefold()) or (
        len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha()) and len(head.split()) >= 3
    ):
        return head
    return title


def _tags(units: list[_Unit], last: int) -> None:
    run: list[_Unit] = []
    for unit in reversed(units[last + 1 :]):
        if unit.reason is not None:
            continue
        text = _BULLET.sub("", unit.text)
        # Table rows (`Net 1.1 mln vs 829,000`, aligned columns) end articles too; tags hold no figures.
        figures = re.search(r"\d[.,]\d|\s{3,}", text)
        if _NUMBERED.match(unit.text):
            break
        if _BULLET.match(unit.text) and unit.n_words >= 3 and unit.lower_ratio >= 0.5:
            break  # a bulleted line of prose words is a list item, not a keyword
        if _TAGS_LABEL.match(unit.text) or (
            unit.n_words <= 5 and not unit.terminal and not _URL.search(text) and not figures
        ):
            run.append(unit)
        else:
            break
    bulleted = sum(1 for u in run if _BULLET.match(u.text))
    labelled = any(_TAGS_LABEL.match(u.text) for u in run)
    if len(run) >= 2 or bulleted or labelled:
        for unit in run:
            unit.remove("tags", 0.8 if labelled or bulleted else 0.6)


_STAMP = re.compile(
    rf"(?:(?i:{_WEEKDAY.pattern}),?\s+)?"
    rf"(?:(?i:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?i:{_MONTHS})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r",?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[aApP]\.?[mM]\.?)?"
    rf"(?:\s+(?:{_ZONE.pattern}))?\s+"
)


def _glued_header(units: list[_Unit], meta: dict[str, Any]) -> RemovedLine | None:
    """Headline, byline and timestamp glued onto the first sentence, before its dateline.

    `Stocks fall Wed Apr 15, 2009 5:56 am EDT HONG KONG (Reuters) - Asian stocks ...`:
    the part up to the timestamp becomes the title and the date, and goes; the line
    keeps its text from the dateline on.
    """
    for i, unit in enumerate(units):
        if unit.reason is not None:
            continue
        n, line = unit.lines[0]
        for m in _STAMP.finditer(line):
            rest = line[m.end() :]
            if not dateline_length(rest):
                continue
            date = _date_line(m.group(0).strip())
            if date is None:
                continue
            head = line[: m.start()].strip()
            meta.setdefault("dates", []).append(date)
            by = re.search(r"\s(?=By\s+[A-Z])", head)
            if by:
                meta.setdefault("byline", head[by.end() :].strip())
                head = head[: by.start()].strip()
            if head and len(_WORD.findall(head)) >= 2:
                meta.setdefault("title", head)
            units[i] = _Unit([(n, rest.strip()), *unit.lines[1:]], unit.block, caseless=unit.caseless)
            return RemovedLine(text=line[: m.end()].strip(), reason="header", line_no=n, confidence=0.8)
        return None  # only the opening line carries such a header
    return None


def _dateline(units: list[_Unit], meta: dict[str, Any]) -> None:
    for unit in units:
        if unit.reason is not None:
            continue
        m = _DATELINE.match(unit.text)
        if m and dateline_length(unit.text):
            meta.setdefault("dateline", m.group("dl").strip())
            if m.group("agency"):
                meta.setdefault("dateline_outlet", m.group("agency").strip())
        return  # only the first body paragraph carries a dateline

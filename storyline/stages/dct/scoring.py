"""Scoring every candidate day against the clues; the point, interval and confidence."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from storyline.models import DctGuess
from storyline.stages.dct.dateline import dateline_log
from storyline.stages.dct.likelihood import INTERVAL_MASS, TEMPER, clue_likelihood
from storyline.stages.dct.refs import DateRef
from storyline.stages.dct.years import BOUNDING, year_log, year_pins, year_range, year_refs


@dataclass(frozen=True)
class StoryEvidence:
    """What the dated documents of a story say about an undated one."""

    span: tuple[dt.date, dt.date]
    """The earliest and latest date of the story's dated documents."""
    matches: tuple[tuple[DateRef, dt.date, float], ...] = ()
    """Relative expressions of the text matched to an event dated elsewhere, with strength."""


_STORY_MARGIN = 30
"""Days outside the story's span an undated document may still fall."""
_STORY_DECAY = 14.0
"""Days over which the prior falls by a factor e outside the span."""


def _year_days(year: int) -> list[dt.date]:
    start = dt.date(year, 1, 1)
    return [start + dt.timedelta(days=k) for k in range(366 if calendar.isleap(year) else 365)]


def resolve_relative(ref: DateRef, d: dt.date) -> dt.date | None:
    """The day a relative expression names if the text was published on `d`."""
    if ref.kind == "relative" and ref.offset is not None:
        return d + dt.timedelta(days=ref.offset)
    if ref.kind == "weekday" and ref.weekday is not None:
        if ref.tense == "future":
            return d + dt.timedelta(days=(ref.weekday - d.weekday()) % 7)
        return d - dt.timedelta(days=(d.weekday() - ref.weekday) % 7)
    return None


_NEAR_YEARS = 3
"""A month scores days beyond this many years from it alike (the table's tails); a full
date, beyond a year."""


@dataclass(frozen=True)
class _Block:
    """A run of consecutive candidate days: the log-score of day k is `const + logs[k]`.

    Years the clues cannot tell apart share one `logs` list; `const` holds what differs."""

    start: dt.date
    const: float
    logs: list[float]


def _clue_blocks(
    refs: Sequence[DateRef],
    years: range,
    dateline_md: tuple[int, int] | None,
    year_logs: Mapping[int, float],
) -> list[_Block]:
    """One block per year of `years`, scoring its days against the clues.

    The clues are summed per day; to stay cheap over decades of candidate years, each part is
    reused across years it cannot tell apart: year-less dates by leap year, weekday clues and
    weekday-fixed dates by the calendar, full dates and months by how far the year is from
    them (beyond `_NEAR_YEARS`, all alike).
    """
    # A clue repeated N times (the same date, kind and tense) scores N times once: a text
    # of thousands of dates costs its distinct dates, not its length.
    weekday_refs = _grouped(r for r in refs if r.kind == "weekday")
    plain_md = _grouped(r for r in refs if r.kind in ("md", "m") and r.weekday is None)
    pairs = _grouped(r for r in refs if r.kind == "md" and r.weekday is not None)
    dated = _grouped(r for r in refs if r.kind in ("ymd", "ym") and r.year)
    limits = [_NEAR_YEARS if r.kind == "ym" else 1 for r, _ in dated]
    week = [0.0] * 7
    for ref, n in weekday_refs:
        for wd in range(7):
            week[wd] += n * TEMPER * math.log(clue_likelihood(ref, dt.date(2001, 1, 1 + wd)))
    # Keyed by leap year and the weekday of 1 January: neighbouring years' leap days shift a
    # year-less date's gap by a day at most, where the tables are flat.
    static_cache: dict[bool, list[float]] = {}
    profile_cache: dict[tuple[int, bool], list[float]] = {}
    dated_cache: dict[tuple[int, ...], float] = {}
    blocks: list[_Block] = []
    for year in years:
        first = dt.date(year, 1, 1)
        leap = calendar.isleap(year)
        offsets = tuple(
            max(-limit - 1, min(limit + 1, year - (r.year or 0)))
            for (r, _), limit in zip(dated, limits, strict=True)
        )
        near = any(abs(o) <= limit for o, limit in zip(offsets, limits, strict=True))
        key = (first.weekday(), leap)
        profile = profile_cache.get(key)
        if profile is None or near:
            ydays = _year_days(year) if near or pairs or leap not in static_cache else []
            static = static_cache.get(leap)
            if static is None:
                static = static_cache[leap] = [
                    _log_sum(plain_md, d)
                    + (dateline_log(d, dateline_md) if dateline_md is not None else 0.0)
                    for d in ydays
                ]
            w0 = first.weekday()
            profile = [v + week[(w0 + k) % 7] for k, v in enumerate(static)]
            if pairs or near:
                extra = pairs + dated if near else pairs
                profile = [
                    v + _log_sum(extra, d)
                    for v, d in zip(profile, ydays, strict=True)
                ]
            if not near:
                profile_cache[key] = profile
        const = year_logs[year]
        if not near:
            far = dated_cache.get(offsets)
            if far is None:
                mid = dt.date(year, 7, 1)
                far = dated_cache[offsets] = _log_sum(dated, mid)
            const += far
        blocks.append(_Block(first, const, profile))
    return blocks


_MAX_DISTINCT_CLUES = 200
"""Distinct date clues of one text that are scored (in text order): each costs a pass over
every candidate day, and a text's opening holds its date. News articles have a few dozen;
a 10,000-date report would otherwise take minutes."""


def _first_distinct(refs: list[DateRef], limit: int) -> list[DateRef]:
    """`refs` whose clue (all but the place in the text) is among the first `limit` distinct ones."""
    seen: set[DateRef] = set()
    out = []
    for r in refs:
        key = replace(r, start=0, end=0, text="")
        if key not in seen:
            if len(seen) >= limit:
                continue
            seen.add(key)
        out.append(r)
    return out


def _grouped(refs: Iterable[DateRef]) -> list[tuple[DateRef, int]]:
    """Clues that score alike (all but their place in the text), each once with its count."""
    counts: Counter[DateRef] = Counter(replace(r, start=0, end=0, text="") for r in refs)
    return list(counts.items())


def _log_sum(groups: Sequence[tuple[DateRef, int]], d: dt.date) -> float:
    return sum(n * TEMPER * math.log(clue_likelihood(r, d)) for r, n in groups)


_POINT_WINDOW = 3
"""Days either side of the point that count towards choosing it."""


@dataclass(frozen=True)
class _Profile:
    """Sums over one shared `logs` list: its top, mass and week-long window masses."""

    top: float
    mass: float
    weights: list[float]
    windows: list[float]


def _profile(logs: list[float]) -> _Profile:
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    w = _POINT_WINDOW
    windows: list[float] = []
    running = sum(weights[: w + 1])
    for i in range(len(weights)):
        windows.append(running)
        if i + w + 1 < len(weights):
            running += weights[i + w + 1]
        if i - w >= 0:
            running -= weights[i - w]
    return _Profile(top, sum(weights), weights, windows)


def _summarise(blocks: Sequence[_Block]) -> tuple[dt.date, dt.date, dt.date, float]:
    """The point, the interval and the point's probability of the posterior over `blocks`.

    The point is the likeliest day of the week-long window that holds the most mass; among
    windows that hold the same (a year the clues cannot tell apart inside), the middle one,
    not the first. The interval leaves out an equal share of the mass on either side: on a
    long tail it reaches far, as it should.
    """
    profiles: dict[int, _Profile] = {}
    for b in blocks:
        if id(b.logs) not in profiles:
            profiles[id(b.logs)] = _profile(b.logs)
    shifts = [b.const + profiles[id(b.logs)].top for b in blocks]
    top = max(shifts)
    masses = [math.exp(v - top) * profiles[id(b.logs)].mass for v, b in zip(shifts, blocks, strict=True)]
    norm = sum(masses)

    def scale(i: int) -> float:
        return math.exp(shifts[i] - top) / norm

    best_block = max(
        range(len(blocks)), key=lambda i: scale(i) * max(profiles[id(blocks[i].logs)].windows)
    )
    prof = profiles[id(blocks[best_block].logs)]
    peak = max(prof.windows)
    tied = [i for i, v in enumerate(prof.windows) if v >= peak * (1 - 1e-9)]
    centre = tied[len(tied) // 2]
    window = range(max(0, centre - _POINT_WINDOW), min(len(prof.weights), centre + _POINT_WINDOW + 1))
    best = max(window, key=lambda i: (prof.weights[i], -abs(i - centre)))
    point = blocks[best_block].start + dt.timedelta(days=best)
    confidence = scale(best_block) * prof.weights[best]

    tail = (1.0 - INTERVAL_MASS) / 2

    def quantile(share: float) -> dt.date:
        cumulative = 0.0
        for i, b in enumerate(blocks):
            block_mass = masses[i] / norm
            if cumulative + block_mass < share:
                cumulative += block_mass
                continue
            k_scale = scale(i)
            for k, weight in enumerate(profiles[id(b.logs)].weights):
                cumulative += weight * k_scale
                if cumulative >= share:
                    return b.start + dt.timedelta(days=k)
        last = blocks[-1]
        return last.start + dt.timedelta(days=len(last.logs) - 1)

    earliest = min(quantile(tail), point)
    latest = max(quantile(1.0 - tail), point)
    return point, earliest, latest, confidence


def score(
    refs: Sequence[DateRef],
    story: StoryEvidence | None,
    dateline_md: tuple[int, int] | None,
) -> DctGuess | None:
    """Score every candidate day against the clues; the best day, its interval, confidence."""
    scored = _first_distinct([r for r in refs if r.kind not in ("relative", "y")], _MAX_DISTINCT_CLUES)
    years = year_refs(refs)
    pins = year_pins(refs)
    if story is not None:
        # The story's dates place the text; its own years only weigh the days near them.
        low = story.span[0] - dt.timedelta(days=_STORY_MARGIN)
        high = story.span[1] + dt.timedelta(days=_STORY_MARGIN)
        days = [low + dt.timedelta(days=k) for k in range((high - low).days + 1)]
        logs = []
        year_logs = {y: year_log(y, years, pins) for y in {d.year for d in days}}
        groups = _grouped(scored)
        matches: Counter[tuple[DateRef, dt.date, float]] = Counter(
            (replace(ref, start=0, end=0, text=""), event, strength) for ref, event, strength in story.matches
        )
        for d in days:
            lo, hi = story.span
            outside = (lo - d).days if d < lo else (d - hi).days if d > hi else 0
            total = year_logs[d.year] - outside / _STORY_DECAY
            for (ref, event, strength), n in matches.items():
                if resolve_relative(ref, d) == event:
                    total += n * strength
            total += _log_sum(groups, d)
            if dateline_md is not None:
                total += dateline_log(d, dateline_md)
            logs.append(total)
        blocks = [_Block(low, 0.0, logs)]
    else:
        bounds = year_range(years, pins)
        if bounds is None:
            return None
        span = range(bounds[0], bounds[1] + 1)
        year_logs = {y: year_log(y, years, pins) for y in span}
        blocks = _clue_blocks(scored, span, dateline_md, year_logs)
    if not blocks:
        return None
    point, earliest, latest, confidence = _summarise(blocks)
    low, high = _hard_bounds(scored, point)
    for ref, event, _ in story.matches if story is not None else ():
        # A matched event the point agrees with bounds the interval to the days that agree.
        if resolve_relative(ref, point) == event:
            agree = [d for d in days if resolve_relative(ref, d) == event]
            low, high = max(low, min(agree)), min(high, max(agree))
    earliest, latest = max(earliest, low), min(latest, high)
    source = "story" if story is not None else "dateline" if dateline_md else "references"
    return DctGuess(point, earliest, latest, round(min(1.0, confidence), 3), source)


def _hard_bounds(refs: Sequence[DateRef], point: dt.date) -> tuple[dt.date, dt.date]:
    """Full dates a text places before (past) or after (future) the point bound its interval."""
    low, high = dt.date.min, dt.date.max
    for ref in refs:
        if ref.kind != "ymd" or not (ref.year and ref.month and ref.day):
            continue
        d = dt.date(ref.year, ref.month, ref.day)
        if ref.tense == "past" and d <= point:
            low = max(low, d)
        elif ref.tense == "future" and d >= point:
            high = min(high, d)
    return low, high


def bounded(refs: Sequence[DateRef]) -> bool:
    """Whether the clues fix a year: an explicit year, month or date."""
    return any(r.kind in BOUNDING for r in refs)

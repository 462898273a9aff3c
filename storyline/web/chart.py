"""The coverage chart: articles per day, stacked by outlet, laid out for a server-rendered SVG.

Only geometry is computed here; the template writes the SVG elements, so every label
goes through Jinja's autoescaping like any other text of the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# Colour-blind-safe palette (Okabe-Ito); outlets past the last colour share "other outlets".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER = "other outlets"
OTHER_COLOUR = "#999999"
HEIGHT = 140
TOP = 10
# More days than this are drawn as weeks, so the bars stay wide enough to see and hover.
MAX_BARS = 120


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    rects: tuple[Rect, ...]
    legend: tuple[tuple[str, str], ...]
    first: str
    last: str
    peak: int
    unit: str


def coverage_chart(rows: Sequence[tuple[str, str, int]], width: float = 640.0) -> Chart | None:
    """Lay out (date, outlet, articles) rows as stacked bars, one per day (or week); None if no row."""
    dated = [(dt.date.fromisoformat(d), o, n) for d, o, n in rows if _is_date(d)]
    if not dated:
        return None
    first = min(d for d, _, _ in dated)
    last = max(d for d, _, _ in dated)
    weekly = (last - first).days + 1 > MAX_BARS
    if weekly:
        first = first - dt.timedelta(days=first.weekday())
    step = 7 if weekly else 1
    per_outlet: dict[str, int] = defaultdict(int)
    for _, o, n in dated:
        per_outlet[o] += n
    ranked = sorted(per_outlet, key=lambda o: (-per_outlet[o], o))
    colours = {o: PALETTE[i] for i, o in enumerate(ranked[: len(PALETTE) - 1])}
    if len(ranked) == len(PALETTE):
        colours[ranked[-1]] = PALETTE[-1]
    bars: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d, o, n in dated:
        bars[(d - first).days // step][o if o in colours else OTHER] += n
    n_bars = (last - first).days // step + 1
    bar_width = min(max(width / n_bars, 3.0), 24.0)
    peak = max(sum(b.values()) for b in bars.values())
    scale = (HEIGHT - TOP) / peak
    order = [*colours, OTHER]
    rects = []
    for i in sorted(bars):
        y = float(HEIGHT)
        day = first + dt.timedelta(days=i * step)
        for o in order:
            n = bars[i].get(o, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            when = f"week of {day.isoformat()}" if weekly else day.isoformat()
            rects.append(
                Rect(i * bar_width + 1, y, bar_width - 2, h, colours.get(o, OTHER_COLOUR), f"{when}, {o}: {n}")
            )
    legend = [(o, c) for o, c in colours.items()]
    if any(OTHER in b for b in bars.values()):
        legend.append((OTHER, OTHER_COLOUR))
    return Chart(
        width=max(n_bars * bar_width, 120.0),
        height=float(HEIGHT),
        rects=tuple(rects),
        legend=tuple(legend),
        first=first.isoformat(),
        last=last.isoformat(),
        peak=peak,
        unit="week" if weekly else "day",
    )


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True

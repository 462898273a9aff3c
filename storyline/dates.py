"""The one parser of ISO calendar days (`2019-01-22`) the stages and the store share."""

from __future__ import annotations

import datetime as dt
import re

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_day(value: str | None) -> dt.date | None:
    """The day an ISO `YYYY-MM-DD` string names, or None (empty, another shape, no such day)."""
    if not value:
        return None
    m = _DAY.fullmatch(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None

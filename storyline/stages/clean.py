"""Cleaning scraped article text: a clean body plus the metadata lines turned into fields.

Reads one raw text (as a scraper left it, or as `extract_html` made it from a page) and
returns a `Cleaned`: the body with paragraphs separated by blank lines, the headline,
byline, date line, place dateline and outlet, and every removed line with its reason.
Kept lines are never altered beyond stripping edge whitespace, so a user can audit and
restore what was taken out. Lines are judged by cheap features (length, final
punctuation, capitalisation, bullets, credits, weighted appeal keywords), by position
(before or after the run of body sentences) and by recurrence across the input
(`LineStats`, built in a first streaming pass).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storyline.dates import parse_day
from storyline.errors import InputError
from storyline.models import Cleaned, RemovedLine
from storyline.text import DATELINE as _DATELINE
from storyline.text import MONTHS_PATTERN as _MONTHS
from storyline.text import dateline_length
from storyline.text import dateline_ok as _dateline_ok

STAGE_NAME = "storyline.clean.v1"

# --- line features ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_](?:[\w'’.&-]*\w)?")
_BULLET = re.compile(r"^(?:[•·▪▸►‣◦○●■□*+>–—-]|\d{1,2}[.)])\s+")
# Final punctuation of a sentence, possibly inside closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”’][.!?]?$")
_URL = re.compile(r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w+|(?:^|\s)@\w{2,}")
_PAREN_END = re.compile(r"\(([^()]{1,120})\)\s*$")
_MONTH_NUM = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


@dataclass
class _Unit:
    """One logical line: a raw line, or several raw lines of a hard-wrapped paragraph."""

    lines: list[tuple[int, str]]
    block: int
    text: str = ""
    words: list[str] = field(default_factory=list)
    reason: str | None = None

    def __post_init__(self) -> None:
        self.text = " ".join(t for _, t in self.lines)
        self.words = _WORD.findall(_BULLET.sub("", self.text))

    @property
    def n_words(self) -> int:
        return len(self.words)

    @functools.cached_property
    def lower_ratio(self) -> float:
        """Share of words that start lowercase: high in running prose, low in titles and names."""
        if not self.words:
            return 0.0
        return sum(1 for w in self.words if w[0].islower()) / len(self.words)

    @functools.cached_property
    def terminal(self) -> bool:
        return bool(_TERMINAL.search(self.text))

    @functools.cached_property
    def strength(self) -> int:
        """How surely this is article prose: 2 a long sentence, 1 a sentence, 0 anything else."""
        if not self.terminal or self.lower_ratio < 0.35:
            return 0
        if self.n_words >= 25:
            return 2
        return 1 if self.n_words >= 8 else 0


# --- weighted keyword features -----------------------------------------------------------
# Each category scores a line by the weighted patterns it matches; no single phrase
# decides alone for prose-like lines, whose thresholds are higher (see `_debris`).

_Patterns = tuple[tuple[re.Pattern[str], float], ...]


def _pats(*pairs: tuple[str, float]) -> _Patterns:
    return tuple((re.compile(p, re.IGNORECASE), w) for p, w in pairs)


_NETWORKS = r"facebook|twitter|whatsapp|linkedin|reddit|pinterest|messenger|telegram|instagram|youtube|tiktok|threads|bluesky|mastodon|weibo|line|x"

_KEYWORDS: dict[str, _Patterns] = {
    "navigation": _pats(
        (r"\bskip(?:ping)?\b.{0,40}\b(?:content|menu|navigation|main|article|footer)\b", 3),
        (r"\b(?:main|site|primary) (?:menu|navigation)\b|\bnavigation menu\b", 2),
        (r"\bmain (?:text|content)(?: area)?\b", 1.5),
        (r"\bjump to\b|\bback to (?:top|home)\b|\byou are here\b", 2),
        (r"^(?:menu|search|home|sections?|close|open menu|toggle navigation|log ?in|sign ?in|log ?out|register|my account|account|edition|switch edition|back)$", 3),
        (r"^(?:home|news)\s*(?:>|»|›|/|\|)", 3),
        (r"\bview\b.{0,30}\b(?:page|menu)\b", 1),
        (r"^\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+(?:read|listen|watch)$", 3),
    ),
    "share": _pats(
        (r"^(?:share|print|e-?mail|tweet|save|copy link|link copied|pin it|gift(?: this)? article)"
         r"(?:\s+(?:this|article|story|page|on \w+|via \w+|to \w+)){0,2}\s*:?$", 2),
        (r"\bshare (?:this|on|via|the story|article|page)\b", 2.5),
        (r"\bprint (?:this|article|page)\b|\bsave (?:this )?(?:article|story)\b", 2),
        (r"^comments?\s*(?:\(\d+\)|\d+)?$|^\d+\s+comments?$", 2.5),
        (rf"\b(?:{_NETWORKS})\b.*\b(?:{_NETWORKS})\b", 1.5),
    ),
    "subscribe": _pats(
        (r"\bsubscri(?:be|bers?|bing|ption)\b", 1.5),
        (r"\b(?:subscribe (?:now|today|to)|by subscribing|to subscribe|subscription)\b", 1),
        (r"\bsign(?:ing)? up\b", 1.5),
        (r"\bnewsletters?\b", 1.5),
        (r"\b(?:inbox|your e-?mail(?: address)?|enter your e-?mail)\b", 1),
        (r"\b(?:support|help) (?:us|our (?:journalism|newsroom|work)|independent journalism)\b", 2),
        (r"\b(?:quality|independent|trusted|local) journalism\b", 1.5),
        (r"\bjournalism\b", 0.5),
        (r"\b(?:donate|donation|become a (?:member|subscriber)|free trial|already a subscriber|unlimited access|digital access|premium (?:content|article|member))\b", 2),
        (r"\b(?:thank you for reading|read (?:the )?full (?:article|story)|to continue reading|log in to (?:read|continue))\b", 2),
        (r"\bmisinformation\b|\bdisinformation\b", 0.5),
    ),
    "cookie": _pats(
        (r"\bcookies?\b", 2),
        (r"\b(?:privacy policy|terms of (?:use|service)|consent|accept all|manage (?:preferences|settings))\b", 1.5),
    ),
    "advertisement": _pats(
        (r"^(?:advertisement|advertising|ad|ads|sponsored(?: content)?|promoted|paid (?:content|post)|partner content)$", 4),
        (r"\b(?:story|article) continues (?:below|after)\b|\bcontinues? below (?:this )?(?:ad|advert|advertisement)\b", 3),
        (r"\badvertisement\b|\bskip ad\b", 2),
    ),
    "social": _pats(
        (r"\bon social media\b", 2.5),
        (r"\bfollow (?:us|@|\w+ on)\b|\b(?:join|like) us on\b|\bfind us on\b", 2),
        (r"(?:^|\s)@\w{2,}", 1),
        (rf"^(?:{_NETWORKS})$", 2.5),
    ),
    "related": _pats(
        (r"^(?:more|related|recommended|trending|latest|watch|listen|top stories|most (?:read|popular|viewed)|"
         r"editor'?s? picks?)\s*:?$", 2.5),
        (r"^(?:read more|see also|also read|also in|also on|more from|more on|more in|read next|further reading|"
         r"you (?:may|might) (?:also )?like|related (?:articles?|stories|coverage|content|topics|news)|"
         r"what to read next|most (?:read|popular|viewed) (?:in|on|from))\b", 2.5),
        (r"\b(?:read more|related (?:articles?|stories|coverage)|click here|full coverage)\b", 2),
    ),
}

_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photograph|image|picture|pool|file|via|courtesy|getty|ap|afp|reuters|epa|kyodo|jiji|xinhua|"
    r"tass|sputnik|yonhap|bloomberg|efe|anadolu|illustration|handout|screenshot|video|credit)\b",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^(?:\(?(?:photo|photograph|image|picture|video|illustration|graphic|credit|source|file photo|photo credit)s?"
    r"(?:\s+by)?\s*[:/|-]|\(?(?:photo|image|picture)s?\s+by\b|image copyright\b|image caption\b|"
    r"(?:photo|picture)\s*:)",
    re.IGNORECASE,
)

# Wire services and large outlets often named alone on a credit line. General
# knowledge of the news trade, matched whole-line only.
_KNOWN_OUTLETS = frozenset(
    s.lower()
    for s in (
        "AP", "Associated Press", "Reuter", "The Associated Press", "Reuters", "Thomson Reuters", "AFP", "Agence France-Presse",
        "Kyodo", "Kyodo News", "Jiji", "Jiji Press", "Xinhua", "Tass", "RIA Novosti", "Interfax", "Yonhap",
        "Bloomberg", "dpa", "ANSA", "EFE", "PTI", "IANS", "UPI", "Anadolu", "Anadolu Agency", "Bernama",
        "Antara", "NHK", "BBC", "CNN", "Sputnik", "Al Jazeera", "Nikkei", "Nikkei Asia", "Yomiuri", "Asahi",
    )
)
_OUTLET_SUFFIX = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w'’.&-]*\s+){0,3}(?:News|Press|Agency|Times|Post|Journal|Herald|Tribune|Daily|Wire|"
    r"Mail|Telegraph|Guardian|Gazette|Chronicle|Shimbun|Mainichi|Observer|Independent|Express|Review)$"
)

_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|staff|contributor|columnist|bureau|chief|analyst|journalist|"
    r"producer|news department|desk)\b",
    re.IGNORECASE,
)
_BY = re.compile(r"^(?:(?:written|story|words|text|reported|compiled|posted)\s+)?by\s+(.+)$", re.IGNORECASE)
_CREDIT_BY = re.compile(
    r"\b(?:original|reporting|additional reporting|writing|editing|compiled|translated|written)\s+by\s+[A-Z]",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|and|&|de|van|von|der|da|del|al|bin|la|le|in|of|the)$")

_LABEL = re.compile(
    r"^(?:first\s+)?(?:published|updated|last updated|last modified|modified|posted|date|created|issued)\b\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.IGNORECASE)
_ZONE = re.compile(r"\b(?:[A-Z]{2,4}T|UTC|GMT|JST|KST|MSK|IST|CET|CEST|BST|ET|PT|CT|UTC[+-]\d{1,2})\b|[+-]\d{2}:?\d{2}\b")
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?\b", re.IGNORECASE)
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<m>{_MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTHS})\.?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b"),
)
_SEPARATORS = re.compile(r"\s+[|·•]\s+|\s{3,}|\s+[—–]\s+")

_TAGS_LABEL = re.compile(r"^(?:tags?|topics?|keywords?|filed under|categories|more about)\s*[:|]", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", re.IGNORECASE)


# --- recurrence statistics -----------------------------------------------------------------


_DIGIT = re.compile(r"\d")
_NON_WORD = re.compile(r"[^\w@]+")


def _norm(line: str) -> str:
    text = _BULLET.sub("", line.strip()).casefold()
    text = _DIGIT.sub("0", text)  # `© 2018` and `© 2019` are the same boilerplate
    return " ".join(_NON_WORD.sub(" ", text).split())


# Lines are keyed once when counted and again when cleaned; boilerplate repeats often.
@functools.lru_cache(maxsize=65536)
def _key(line: str) -> int:
    return int.from_bytes(hashlib.blake2b(_norm(line).encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


class LineStats:
    """How many documents (per outlet and overall) contain each normalised line; hashes only."""

    def __init__(self, min_docs: int = 3) -> None:
        self.min_docs = max(2, min_docs)
        self._all: Counter[int] = Counter()
        self._by_outlet: dict[str, Counter[int]] = {}
        self._docs: Counter[str] = Counter()

    def add(self, text: str, outlet: str | None = None) -> None:
        """Count each distinct non-blank line of one document once."""
        keys = {_key(line) for line in text.splitlines() if _norm(line)}
        self._all.update(keys)
        self._docs[""] += 1
        if outlet:
            name = outlet.casefold()
            self._by_outlet.setdefault(name, Counter()).update(keys)
            self._docs[name] += 1

    def count(self, line: str, outlet: str | None = None) -> int:
        """Documents containing this line: of `outlet` if given, else of the whole input."""
        key = _key(line)
        if outlet:
            return self._by_outlet.get(outlet.casefold(), Counter())[key]
        return self._all[key]

    def documents(self, outlet: str | None = None) -> int:
        """Documents added, of `outlet` if given."""
        return self._docs[outlet.casefold() if outlet else ""]

    def recurrence(self, line: str, outlet: str | None = None) -> int:
        """The larger of the line's count within its outlet and across the whole input."""
        return max(self.count(line, outlet) if outlet else 0, self.count(line))

    def is_recurring(self, line: str, outlet: str | None = None) -> bool:
        """Whether the line is seen in at least `min_docs` documents (of its outlet or overall)."""
        return self.recurrence(line, outlet) >= self.min_docs


# --- the cleaner -------------------------------------------------------------------------


def clean(
    text: str, *, stats: LineStats | None = None, outlet: str | None = None, title: str | None = None
) -> Cleaned:
    """Split a scraped text into a clean body and its metadata, recording every removed line."""
    units = _units(text)
    if not units:
        return Cleaned(text="")
    meta: dict[str, Any] = {}
    _debris(units)
    _propagate(units)
    if stats is not None:
        _recurring(units, stats, outlet, *_body_range(units))
    first, last = _body_range(units)
    _related_lists(units)
    _metadata(units, first, last, meta, outlet, title)
    _dateline(units, meta)

    removed: list[RemovedLine] = []
    paragraphs: list[str] = []
    for unit in units:
        if unit.reason is None:
            paragraphs.append("\n".join(t for _, t in unit.lines))
        else:
            removed.extend(RemovedLine(text=t, reason=unit.reason, line_no=n) for n, t in unit.lines)
    return Cleaned(
        text="\n\n".join(paragraphs),
        title=meta.get("title"),
        byline=meta.get("byline"),
        dateline=meta.get("dateline"),
        date=_pick_date(meta.get("dates", [])),
        # The agency in the dateline names the author of the copy itself.
        outlet=meta.get("dateline_outlet") or meta.get("outlet"),
        removed=tuple(removed),
    )


def _units(text: str) -> list[_Unit]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for n, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if line:
            blocks[-1].append((n, line))
        elif blocks[-1]:
            blocks.append([])
    units: list[_Unit] = []
    for b, block in enumerate(blocks):
        if not block:
            continue
        wrapped = _hard_wrapped(block)
        current = [block[0]]
        for prev, nxt in zip(block, block[1:], strict=False):
            if _continues(prev[1], nxt[1], wrapped=wrapped):
                current.append(nxt)
            else:
                units.append(_Unit(current, b))
                current = [nxt]
        units.append(_Unit(current, b))
    return units


_CONNECTOR = re.compile(r"(?:[,;(–-]|\b(?:a|an|the|of|and|or|to|in|on|at|for|with|by|as|from|that|its|their|his|her))$", re.IGNORECASE)


_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.){2,}\)?$|\b(?:Corp|Inc|Co|Ltd|Jr|Sr|St|Mr|Mrs|Ms|Dr|Gov|Gen|Sen|Rep|No|vs|etc|approx|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\)?$"
)


def _continues(prev: str, nxt: str, *, wrapped: bool) -> bool:
    # A line broken mid-sentence continues on the next line of the same block.
    if _BULLET.match(nxt):
        return False
    if _TERMINAL.search(prev):
        # After an abbreviation (`U.S.`, `Corp.`) a sentence goes on in lowercase.
        return len(prev.split()) >= 3 and nxt[0].islower() and bool(_ABBREVIATION.search(prev))
    if wrapped:
        return True
    # Menus and breadcrumbs ("Sign in | Subscribe", "Home > News") and a following byline
    # are separate lines even when the previous one ends in a word like "in" or "on".
    if _SEPARATORS.search(prev) or _BYLINE_START.match(nxt):
        return False
    return len(prev.split()) >= 3 and (nxt[0].islower() or bool(_CONNECTOR.search(prev)))


_SEPARATORS = re.compile(r"\s[|>»/•·]\s")
_BYLINE_START = re.compile(r"(?:By|BY|Por|Von|Par)\s+[A-Z]")


def _hard_wrapped(block: list[tuple[int, str]]) -> bool:
    # Text wrapped at a fixed width: most lines but the last nearly as long as the longest,
    # most of them ending mid-sentence.
    if len(block) < 3:
        return False
    lengths = [len(t) for _, t in block]
    longest = max(lengths)
    if not 40 <= longest <= 100:
        return False
    head = block[:-1]
    full = sum(1 for _, t in head if len(t) >= 0.7 * longest)
    open_ends = sum(1 for _, t in head if not _TERMINAL.search(t))
    return full >= 0.7 * len(head) and open_ends >= 0.5 * len(head)


# One pass that rules out most lines (running prose) before the per-category patterns.
_ANY_KEYWORD = re.compile(
    "|".join(f"(?:{p.pattern})" for patterns in _KEYWORDS.values() for p, _ in patterns), re.IGNORECASE
)


def _score(text: str) -> tuple[str | None, float]:
    best: tuple[str | None, float] = (None, 0.0)
    if not _ANY_KEYWORD.search(text):
        return best
    for category, patterns in _KEYWORDS.items():
        score = sum(w for p, w in patterns if p.search(text))
        if score > best[1]:
            best = (category, score)
    return best


def _edge(index: int, total: int) -> bool:
    return index < 3 or index >= total - 5 or index < 0.15 * total or index >= 0.85 * total


def _debris(units: list[_Unit]) -> None:
    total = len(units)
    for i, unit in enumerate(units):
        text = _BULLET.sub("", unit.text)
        strength = unit.strength
        edge = _edge(i, total)
        # Prose-like lines need more evidence, and long sentences are removed only at
        # the edges with strong evidence: real paragraphs mention subscribers and cookies.
        if strength == 0:
            # A fragment of prose (a wrapped line, a sentence missing its stop) is mostly
            # lowercase words; debris lines are short or title-cased.
            prose_fragment = unit.n_words >= 8 and unit.lower_ratio >= 0.5
            needed = 3.5 if unit.n_words > 25 or prose_fragment else 2.0
            # At the top or bottom of a page an unpunctuated appeal is furniture.
            if edge and unit.n_words <= 15:
                needed = min(needed, 2.5)
        elif strength == 1:
            needed = 3.5 if edge else 5.0
        else:
            needed = 6.0 if edge else float("inf")
        # Long sentences inside the body are never debris: no need to score them.
        category, score = _score(text) if needed != float("inf") else (None, 0.0)
        if category and score >= needed:
            unit.reason = category
            continue
        if strength == 0 and _repeated_words(unit.words):
            unit.reason = "share"
            continue
        if strength == 0 and _menu_like(text):
            unit.reason = "navigation"
            continue
        if strength < 2:
            caption = _caption(unit)
            if caption:
                unit.reason = caption


def _repeated_words(words: list[str]) -> bool:
    # Widget labels doubled by the scraper (an icon's alt text and its label).
    return len(words) >= 2 and len({w.casefold() for w in words}) == 1


def _menu_like(text: str) -> bool:
    """Three or more short items between separators: a menu, not a sentence."""
    items = [p.strip() for p in re.split(r"\s[|•·]\s", text)]
    return len(items) >= 3 and all(0 < len(p.split()) <= 3 for p in items)


# A caption that ends by crediting the picture: "... quay on Saturday. Photograph: J. Berg/Agency".
_TRAILING_CREDIT = re.compile(
    r"(?:Photo(?:graph)?|Picture|Image|Foto|Credit)s?\s*(?::|by)\s*[A-Z][^!?]{1,60}$"
)


def _caption(unit: _Unit) -> str | None:
    text = _BULLET.sub("", unit.text)
    if _CREDIT_LINE.match(text) and unit.n_words <= 40:
        return "credit"
    if _TRAILING_CREDIT.search(text) and unit.n_words <= 60:
        return "caption"
    m = _PAREN_END.search(text)
    if not m or _byline(text):
        return None
    inner = m.group(1).strip()
    inner_words = _WORD.findall(inner)
    if not inner_words or len(inner_words) > 14:
        return None
    # `(Mainichi)` or `(Jane Doe)` credit a picture; `(U.S.)` or `(LDP)` are abbreviations.
    credit_like = bool(_CREDIT_WORDS.search(inner)) or "/" in inner or (
        len(inner_words) <= 4
        and all(w[0].isupper() for w in inner_words)
        and any(len(w) >= 3 and not w.isupper() for w in inner_words)
    )
    if not credit_like:
        return None
    before = text[: m.start()].strip()
    if not before:
        return "credit"
    # A caption describes the picture; it does not end in a full stop before the credit
    # more often than not, but many do, so only the credit parentheses decide.
    return "caption" if len(_WORD.findall(before)) >= 2 else "credit"


def _propagate(units: list[_Unit]) -> None:
    # An appeal box is several lines in one block; a line of it with weaker keywords goes
    # with the neighbour that was removed for the same reason.
    changed = True
    while changed:
        changed = False
        for i, unit in enumerate(units):
            if unit.reason is not None or unit.strength == 2:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(units) and units[j].block == unit.block and units[j].reason in _KEYWORDS:
                    category = units[j].reason
                    assert category is not None
                    score = sum(w for p, w in _KEYWORDS[category] if p.search(unit.text))
                    if score >= 1.0:
                        unit.reason = category
                        changed = True
                        break


def _recurring(units: list[_Unit], stats: LineStats, outlet: str | None, first: int, last: int) -> None:
    counts = [min(stats.recurrence(t, outlet) for _, t in u.lines) for u in units]
    prose = [c for u, c in zip(units, counts, strict=True) if u.strength >= 1 and u.reason is None]
    # A document repeated in the input (syndicated copy) makes its own sentences recur;
    # only lines recurring more than its prose typically does are boilerplate then.
    level = statistics.median(prose) if prose else 0
    threshold = max(stats.min_docs, int(level) + 1)
    for i, (unit, count) in enumerate(zip(units, counts, strict=True)):
        if unit.reason is not None or count < threshold:
            continue
        # A sentence between the article's first and last long sentences is the article's.
        if unit.strength == 2 or (unit.strength == 1 and first <= i <= last):
            continue
        unit.reason = "boilerplate-recurring"


def _related_lists(units: list[_Unit]) -> None:
    # Under a `Related articles` header come the linked headlines themselves.
    for i, unit in enumerate(units):
        if unit.reason != "related" or unit.n_words > 6 or unit.text.endswith((".", ":")) and unit.n_words > 4:
            continue
        for follower in units[i + 1 :]:
            if follower.reason is not None:
                if follower.reason == "related":
                    continue
                break
            if follower.strength >= 1 or follower.terminal or not _headline_like(follower):
                break
            if _COPYRIGHT.search(follower.text) or _byline(follower.text):
                break
            follower.reason = "related"


def _body_range(units: list[_Unit]) -> tuple[int, int]:
    core = [i for i, u in enumerate(units) if u.reason is None and u.strength >= 1 and u.n_words >= 12]
    if not core:
        core = [i for i, u in enumerate(units) if u.reason is None and u.strength >= 1]
    if not core:
        return len(units), len(units) - 1
    return core[0], core[-1]


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
            unit.reason = reason
            continue
        if title_key and _same_title(_norm(unit.text), title_key) and unit.strength < 2:
            unit.reason = "title"
            meta.setdefault("title", unit.text)
    seen_title = any(u.reason == "title" for u in units[:first])
    for i in range(first):
        unit = units[i]
        if unit.reason is not None:
            seen_title = seen_title or unit.reason == "title"
            continue
        if not seen_title and _headline_like(unit) and "title" not in meta:
            unit.reason = "title"
            meta["title"] = _BULLET.sub("", unit.text)
            seen_title = True
        elif not seen_title and unit.n_words <= 3 and not unit.terminal and not re.search(r"\d", unit.text):
            unit.reason = "navigation"  # section labels and kickers above the headline
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
    if not kinds:
        return None
    if "byline" in found:
        meta.setdefault("byline", found["byline"])
    if "outlet" in found:
        meta.setdefault("outlet", found["outlet"])
    if "date" in found:
        meta.setdefault("dates", []).append(found["date"])
    if "dateline" in found:
        meta.setdefault("dateline", found["dateline"])
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


def _headline_like(unit: _Unit) -> bool:
    text = unit.text
    if not 2 <= unit.n_words <= 30 or len(unit.lines) > 2:
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
            unit.reason = "tags"


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


# --- HTML ---------------------------------------------------------------------------------


def extract_html(html: str, url: str | None = None, item: str = "<html>") -> tuple[str, dict[str, Any]]:
    """Article text of a web page (trafilatura) and its metadata: title, author, sitename, date, url."""
    import trafilatura  # heavy; only HTML inputs need it
    from htmldate import find_date

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as err:  # trafilatura raises assorted errors on broken markup
        raise InputError(item, f"cannot parse the HTML page: {err}") from err
    data: dict[str, Any] = {}
    if doc is not None:
        data = doc if isinstance(doc, dict) else doc.as_dict()
    text = str(data.get("text") or "").strip()
    if not text:
        raise InputError(item, "no article text found in the HTML page")
    date: dt.date | None = None
    try:
        found = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # a date is optional; a failure to find one is not an error
        found = None
    for value in (found, data.get("date")):
        date = parse_day(value[:10]) if isinstance(value, str) else None
        if date is not None:
            break
    meta = {
        "title": data.get("title") or None,
        "author": data.get("author") or None,
        "sitename": data.get("sitename") or None,
        "date": date,
        "url": data.get("url") or url,
    }
    return text, meta

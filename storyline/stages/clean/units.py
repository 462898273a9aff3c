"""Line units and the patterns that judge them: words, final stops, bullets, appeal keywords,
credits, outlets, bylines and dates, as kinds of text (never strings of particular pages)."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

from storyline.text import MONTHS_PATTERN as _MONTHS

_WORD = re.compile(r"[^\W\d_](?:[\w'’.&-]*\w)?")


_BULLET = re.compile(r"^(?:[•·▪▸►‣◦○●■□*+>–—-]|\d{1,2}[.)])\s+")


# Final punctuation of a sentence, possibly inside closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*$|[\"”’][.!?]?$")


# Scripts written without spaces or letter case: a run of them is one `_WORD` match,
# so their length stands in for a word count (about two characters a word).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


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
    confidence: float = 0.0
    caseless: bool = False
    """The document writes (almost) no lowercase: all capitals, or a script without case."""

    def __post_init__(self) -> None:
        self.text = " ".join(t for _, t in self.lines)
        self.words = _WORD.findall(_BULLET.sub("", self.text))

    @functools.cached_property
    def n_words(self) -> int:
        unspaced = len(_UNSPACED.findall(self.text))
        return max(len(self.words), len(self.words) + unspaced // 2 - 1) if unspaced else len(self.words)

    def remove(self, reason: str, confidence: float) -> None:
        """Mark the unit removed for `reason`, with how sure the rule is (0..1)."""
        self.reason = reason
        self.confidence = round(min(max(confidence, 0.05), 0.99), 2)

    @functools.cached_property
    def lower_ratio(self) -> float:
        """Share of words that start lowercase: high in running prose, low in titles and names."""
        if not self.words:
            return 0.0
        cased = [w for w in self.words if w[0].islower() or w[0].isupper()]
        if not cased or self.caseless:
            # Without letter case, only length tells prose from a label.
            return 1.0 if self.n_words >= 8 else 0.0
        return sum(1 for w in cased if w[0].islower()) / len(cased)

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
        (r"\b(?:for|read|view|see|get) (?:the )?full (?:story|article|report|text)\b", 2),
        # App appeals: "download our app", "on iOS and Android".
        (r"\bdownload (?:the|our)\b[^.]{0,40}\bapps?\b", 2.5),
        (r"\b(?:app store|google play|ios and android|android and ios)\b", 1.5),
    ),
    # Appeals to write in: tips, letters, feedback.
    "contact": _pats(
        (r"\b(?:have|got) (?:a|any) (?:news |story )?tips?\b", 3.5),
        (r"\bwe(?:'d| would)? (?:want|like|love) to hear (?:from you|what you think)\b", 3.5),
        (r"\b(?:submit|send)(?: us)? (?:your|a) (?:letters?|story|stories|tips?|photos?|news|comments?|questions?)\b", 2.5),
        (r"\bletters? to the editor\b|\bget in touch\b", 1.5),
        (r"\b(?:contact|e-?mail|write to) us\b", 1.5),
        (r"\b(?:this|the following|our) (?:form|tip line)\b", 1),
    ),
    # Reuse notices: "copyrighted property of ...", "may not be reproduced".
    "copyright": _pats(
        (r"\ball rights reserved\b", 3),
        (r"\bcopyright(?:ed)?\b", 1.5),
        (r"\bwritten permission\b|\bwithout (?:the )?(?:prior )?permission\b", 2),
        (r"\b(?:reprints?|republish\w*|reproduc\w+|redistribut\w+)\b", 1.5),
        (r"\bproperty of\b", 1),
    ),
    "cookie": _pats(
        (r"\bcookies?\b", 2),
        (r"\b(?:privacy policy|terms of (?:use|service)|consent|accept all|manage (?:preferences|settings))\b", 1.5),
    ),
    "advertisement": _pats(
        (r"^(?:advertisement|advertising|ad|ads|sponsored(?: content)?|promoted|paid (?:content|post)|partner content)$", 4),
        (r"\b(?:story|article) continues (?:below|after)\b|\bcontinues? below (?:this )?(?:ad|advert|advertisement)\b", 3),
        (r"\badvertisement\b|\bskip ad\b", 2),
        # Affiliate disclosures.
        (r"\baffiliate (?:links?|commissions?|partners?|programs?)\b", 2.5),
        (r"\b(?:we|may) (?:earn|receive|get) (?:a )?(?:small )?(?:commission|compensation)\b", 3),
        (r"\bour (?:advertisers|advertising partners)\b", 2),
    ),
    "social": _pats(
        (r"\bon social media\b", 2.5),
        (r"\bfollow (?:us|@|\w+ on)\b|\b(?:join|like) us on\b|\bfind us on\b", 2),
        (rf"\bfollow\b[^.]{{0,40}}\bon (?:{_NETWORKS})\b", 2.5),
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


_TAGS_LABEL = re.compile(r"^(?:tags?|topics?|keywords?|filed under|categories|more about)\s*(?:[:|]|$)", re.IGNORECASE)


# An ordered list ("1. ...", "100) ...") is the article's own: rankings, steps.
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")


_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", re.IGNORECASE)


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


_SEPARATORS = re.compile(r"\s[|>»/•·]\s")


_BYLINE_START = re.compile(r"(?:By|BY|Por|Von|Par)\s+[A-Z]")

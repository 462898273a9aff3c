"""The Reuters-21578 newswire (1987) as a corpus of dated articles, read from its tarball.

The distribution is SGML in Latin-1, 1,000 `<REUTERS>` stories per `reut2-NNN.sgm`
file. `iter_stories` streams them in corpus order straight from the `.tar.gz` (nothing
is extracted); `write_corpus` turns stories into plain-text files plus a `manifest.csv`
so storyline ingests them exactly as it ingests a user's folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

OUTLET = "Reuters"

_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_NEWID = re.compile(r'\bNEWID="(\d+)"')
_DATE = re.compile(r"<DATE>\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.DOTALL)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.DOTALL)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.DOTALL)
# `&#N;` entities encode transmission control characters (SOH, STX, ETX...), not text.
_CONTROL_ENTITY = re.compile(r"&#(\d+);")
# This copy marks the start of each paragraph after the first with a literal `&\t`
# where the wire had an indent; it is a paragraph break, never text.
_PARA_MARK = re.compile(r"^&\\t", re.MULTILINE)
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


@dataclass(frozen=True)
class ReutersStory:
    """One dated story of the corpus, its text decoded."""

    newid: int
    date: dt.date
    title: str
    dateline: str
    """Place and date as the wire printed it (`SALVADOR, Feb 26`), without the dash."""
    body: str
    """Paragraphs separated by a blank line, lines as the wire wrapped them."""

    @property
    def words(self) -> int:
        """Whitespace-separated words of the body."""
        return len(self.body.split())

    def text(self) -> str:
        """The article as a user's text file would hold it: title line, then dateline and body."""
        lead = f"{self.dateline} - " if self.dateline else ""
        return f"{self.title}\n\n{lead}{self.body}\n"


def _decode(sgml: str) -> str:
    """SGML text with control-character entities dropped and character entities resolved."""
    def control(m: re.Match[str]) -> str:
        code = int(m.group(1))
        return chr(code) if code >= 32 and code != 127 else ""

    return html.unescape(_CONTROL_ENTITY.sub(control, sgml))


def _body_text(raw: str) -> str:
    text = _PARA_MARK.sub("\n", raw.replace("\r\n", "\n"))
    paragraphs = []
    for para in re.split(r"\n\s*\n", _decode(text)):
        lines = [line.rstrip() for line in para.split("\n")]
        para = "\n".join(line for line in lines if line.strip())
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


def parse_story(attrs: str, sgml: str) -> ReutersStory | None:
    """One `<REUTERS>` element as a story, or None when it has no date, title or body."""
    newid = _NEWID.search(attrs)
    date = _DATE.search(sgml)
    title = _TITLE.search(sgml)
    body = _BODY.search(sgml)
    if not (newid and date and title and body):
        return None
    month = _MONTHS.get(date.group(2).upper())
    if month is None:
        return None
    try:
        day = dt.date(int(date.group(3)), month, int(date.group(1)))
    except ValueError:
        return None
    dateline_m = _DATELINE.search(sgml)
    dateline = " ".join(_decode(dateline_m.group(1)).split()).rstrip(" -") if dateline_m else ""
    return ReutersStory(
        newid=int(newid.group(1)),
        date=day,
        title=" ".join(_decode(title.group(1)).split()),
        dateline=dateline,
        body=_body_text(body.group(1)),
    )


def iter_stories(tarball: Path, *, min_words: int = 0) -> Iterator[ReutersStory]:
    """Stream the dated stories with a body of at least `min_words` words, in corpus order."""
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar:
            if not (member.isfile() and re.search(r"reut2-\d+\.sgm$", member.name)):
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            # One file is ~1.3 MB; reading it whole keeps the regex simple and memory flat.
            data = handle.read().decode("latin-1")
            for m in _STORY.finditer(data):
                story = parse_story(m.group(1), m.group(2))
                if story is not None and story.words >= min_words:
                    yield story


def write_corpus(stories: Iterable[ReutersStory], folder: Path) -> list[Path]:
    """Write each story as `<newid>.txt` plus a `manifest.csv` (file, outlet, published) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "outlet", "published"])
        for story in stories:
            name = f"reuters-{story.newid:05d}.txt"
            path = folder / name
            path.write_text(story.text(), encoding="utf-8")
            writer.writerow([name, OUTLET, story.date.isoformat()])
            written.append(path)
    return written

"""Direct-quote extraction and speaker attribution scored on PolNeAR, with textacy as peer.

Gold: every PolNeAR attribution whose Content begins with a quotation mark (any style)
is one direct quote; its discontinuous pieces are joined. Where an article has several
annotators' `.ann` files the first in sorted order is used. Quotes are compared as
sets of character positions without quote marks and white space, so a gold span that
includes its marks (`“...,”`) and a system span without them compare equal.

Matching is one-to-one, best overlap first: lenient when the overlap covers >= 0.3
of the gold quote, strict when it covers >= 0.8 of both the gold and the system quote.
A system quote that matches no gold quote but lies inside a gold Content span that is
not a direct quote (a partial quote inside reported speech: `said he “uses ...”`) is
not counted as a false positive: PolNeAR marks it as part of an indirect attribution.
The number of such quotes is reported as `ignored`.

Speaker accuracy is computed on lenient matches whose gold attribution has a Source:
right when the system speaker span overlaps the gold Source, or when both end with the
same word (case-insensitive), e.g. `Clinton` for `Hillary Clinton`. Two conventions of
PolNeAR's are read for what they mean, for every system alike:
- A gold Content that holds its own attribution outside the quote marks
  (`“...,” O’Malley said at a press conference`, attributed in turn "according to the
  Las Vegas Sun") is a report of O’Malley's words: annotators marked only the outer
  attribution. The quoted words are those of the speaker named in that inner
  attribution, and the outer Source is the channel. A system speaker that overlaps
  the Content outside its quote marks is therefore right, as is one that matches the
  Source.
- A gold Source that is a relative pronoun (`who`, `which`, `that`) stands for the
  phrase it follows: a system speaker that ends right before it (`Mike Lee, who
  declared`) is right.
"""

from __future__ import annotations

import os
import re
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import InputError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.models import Quote

TARBALL_NAME = "PolNeAR-v1.0.0-train-dev.tar.gz"
_QUOTE_START = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a`"
_IGNORED_CHARS = frozenset(_QUOTE_START + " \t\r\n")
LENIENT = 0.3
STRICT = 0.8

Pieces = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ScoredQuote:
    """A quote reduced to what the scorer compares: pieces and a speaker span."""

    pieces: Pieces
    speaker: Pieces = ()
    speaker_text: str = ""
    resolved_name: str = ""
    """The cast entity a pronoun or role speaker resolves to (`he` -> `Vladimir Putin`)."""
    attribution: Pieces = ()
    """Gold only: the stretches of the Content outside its quote marks (an inner attribution)."""


@dataclass(frozen=True)
class Counts:
    """Match counts for one system over one or more documents."""

    gold: int = 0
    system: int = 0
    lenient: int = 0
    strict: int = 0
    ignored: int = 0
    speaker_total: int = 0
    speaker_right: int = 0
    speaker_right_resolved: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.gold + other.gold,
            self.system + other.system,
            self.lenient + other.lenient,
            self.strict + other.strict,
            self.ignored + other.ignored,
            self.speaker_total + other.speaker_total,
            self.speaker_right + other.speaker_right,
            self.speaker_right_resolved + other.speaker_right_resolved,
        )


def default_tarball() -> Path:
    """The PolNeAR tarball in `../shared` beside the checkout."""
    root = Path(__file__).resolve().parents[2]
    return root.parent / "shared" / "data" / "quotes" / "polnear" / TARBALL_NAME


def ensure_polnear(
    split: str, *, tarball: Path | None = None, cache_dir: Path | None = None
) -> Path:
    """Extract the PolNeAR tarball once into a cache dir and return `<split>/` (train or dev)."""
    tarball = tarball or default_tarball()
    cache = cache_dir or Path(tempfile.gettempdir()) / "storyline-polnear"
    split_dir = cache / "PolNeAR" / "data" / split
    if (split_dir / "text").is_dir() and (split_dir / "attributions").is_dir():
        return split_dir
    if not tarball.is_file():
        raise InputError(
            str(tarball), "PolNeAR tarball not found; clone shared/ beside the checkout"
        )
    cache.mkdir(parents=True, exist_ok=True)
    # Extract beside the target and rename, so a crash never leaves half a corpus.
    work = Path(tempfile.mkdtemp(dir=cache, prefix=".extract-"))
    try:
        with tarfile.open(tarball) as tar:
            tar.extractall(work, filter="data")
        if not (cache / "PolNeAR").exists():
            try:
                os.replace(work / "PolNeAR", cache / "PolNeAR")
            except OSError:
                # Another process finished the same extraction first: use theirs.
                if not (cache / "PolNeAR").is_dir():
                    raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not (split_dir / "text").is_dir():
        raise InputError(str(split_dir), f"no such split in {tarball.name}; use train or dev")
    return split_dir


def _spans(field_: str) -> Pieces:
    out = []
    for part in field_.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def read_gold(ann: str, text: str) -> tuple[list[ScoredQuote], list[Pieces]]:
    """Direct quotes (with their sources) and all Content spans of one brat `.ann` file."""
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        if cols[0].startswith("T"):
            label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (label, _spans(offsets))
        elif cols[0].startswith("E"):
            roles = dict(arg.split(":", 1) for arg in cols[1].split() if ":" in arg)
            events.append(roles)
    gold: list[ScoredQuote] = []
    contents: list[Pieces] = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        pieces = content[1]
        contents.append(pieces)
        first = text[pieces[0][0] : pieces[0][1]].lstrip()
        if not first or first[0] not in _QUOTE_START:
            continue
        source = spans.get(roles.get("Source", ""))
        src: Pieces = source[1] if source else ()
        gold.append(
            ScoredQuote(
                pieces,
                src,
                " ".join(text[a:b] for a, b in src),
                attribution=_outside_marks(text, pieces),
            )
        )
    return gold, contents


_DOUBLE_MARKS = '"\u201c\u201d\u00ab\u00bb\u201e\u201f'


# Reporting verbs that make a stretch of Content outside the quote marks an attribution.
_REPORTING_RE = re.compile(
    r"\b(?:said|says|say|told|tells|wrote|writes|asked|asks|added|adds|replied|replies"
    r"|continued|continues|explained|explains|declared|declares|noted|notes|argued|argues"
    r"|recalled|recalls|insisted|insists|tweeted|tweets|according|quoted)\b",
    re.IGNORECASE,
)


def _outside_marks(text: str, pieces: Pieces) -> Pieces:
    """The attributions a Content holds between or after its quotes, outside the marks.

    A stretch outside the quote marks that follows a closing mark within the same
    piece and holds a reporting verb (`“...,” O’Malley said at a press conference`)
    is an inner attribution; other words outside the marks (`“...” about Mr. Trump`)
    are part of what was reported. A mark opens when it is not glued to the word
    before it and closes when it is (straight marks and two apostrophes alike; curly
    marks by their shape); marks nest, and the outer quote's own mark reopening it at
    the start of a paragraph (or piece) changes nothing. Single marks count only in a Content that opens with
    one, an apostrophe inside a word (Clinton’s) being no mark.
    """
    out: list[tuple[int, int]] = []
    first = text[pieces[0][0] : pieces[0][1]].lstrip() if pieces else ""
    single = first[:1] in "'\u2018" and not first.startswith("''")
    depth = 0  # carried across pieces: a quote may run over several paragraphs
    outer = ""  # the mark that opened the outermost quote
    for a, b in pieces:
        body = text[a:b]
        closed = False
        start = -1
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(body):
            ch = body[i]
            step = 1 if single or not body.startswith("''", i) else 2
            if single:
                is_mark = ch in "'\u2018\u2019" and not (
                    ch != "\u2018" and body[i + 1 : i + 2].isalpha() and body[i - 1 : i].isalpha()
                )
            else:
                is_mark = step == 2 or ch in _DOUBLE_MARKS
            if not is_mark:
                if depth == 0 and start < 0 and closed and ch.isalnum():
                    start = i
                i += 1
                continue
            glued = i > 0 and not body[i - 1].isspace()
            opens = ch in "\u201c\u00ab\u201e\u2018" or (
                ch not in "\u201d\u00bb\u2019" and not glued
            )
            reopen = depth == 1 and body[i : i + step] == outer
            if opens and reopen and (i < 3 or "\n" in body[max(0, i - 3) : i]):
                pass  # a paragraph reopening the quote it continues
            elif opens:
                if depth == 0 and start >= 0:
                    found.append((start, i))
                    start = -1
                if depth == 0:
                    outer = body[i : i + step]
                depth += 1
            elif depth > 0:
                depth -= 1
                closed = closed or depth == 0
            i += step
        if depth == 0 and start >= 0:
            found.append((start, len(body)))
        out.extend((a + x, a + y) for x, y in found if _REPORTING_RE.search(body, x, y) is not None)
    return tuple(out)


def _chars(text: str, pieces: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(
        i for a, b in pieces for i in range(a, min(b, len(text))) if text[i] not in _IGNORED_CHARS
    )


_RELATIVES = frozenset(["who", "which", "that"])


def _last_word(name: str) -> str:
    words = re.findall(r"\w+", name.lower())
    # "Clinton's" should match "Clinton".
    while words and words[-1] in ("s",):
        words.pop()
    return words[-1] if words else ""


def speaker_right(gold: ScoredQuote, system: ScoredQuote, *, resolved: bool = False) -> bool:
    """Whether the system speaker overlaps the gold Source or ends with the same word.

    With `resolved`, a pronoun or role speaker also counts when the cast entity it
    resolves to ends with the gold Source's last word (it names the same person).
    """
    if not system.speaker:
        return False
    for a, b in system.speaker:
        # The gold Source, or the speaker named inside the Content (see the module doc).
        for c, d in (*gold.speaker, *gold.attribution):
            if a < d and c < b:
                return True
    if gold.speaker_text.strip().lower() in _RELATIVES and gold.speaker:
        start = gold.speaker[0][0]
        if any(b <= start <= b + 2 for _, b in system.speaker):
            return True  # "Mike Lee, who declared": the relative's antecedent
    gold_last = _last_word(gold.speaker_text)
    if not gold_last:
        return False
    if _last_word(system.speaker_text) == gold_last:
        return True
    return resolved and _last_word(system.resolved_name) == gold_last


def score_document(
    text: str,
    gold: Sequence[ScoredQuote],
    system: Sequence[ScoredQuote],
    contents: Sequence[Pieces] = (),
) -> Counts:
    """Match one document's system quotes to its gold quotes (one-to-one, best first)."""
    gchars = [_chars(text, g.pieces) for g in gold]
    schars = [_chars(text, s.pieces) for s in system]
    pairs = []
    for i, g in enumerate(gchars):
        if not g:
            continue
        for j, s in enumerate(schars):
            inter = len(g & s)
            if inter and inter / len(g) >= LENIENT:
                pairs.append((inter / len(g) + (inter / len(s) if s else 0.0), i, j, inter))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_s: set[int] = set()
    lenient = strict = spk_total = spk_right = spk_resolved = 0
    for _, i, j, inter in pairs:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        lenient += 1
        if inter / len(gchars[i]) >= STRICT and inter / len(schars[j]) >= STRICT:
            strict += 1
        if gold[i].speaker:
            spk_total += 1
            spk_right += speaker_right(gold[i], system[j])
            spk_resolved += speaker_right(gold[i], system[j], resolved=True)
    content_chars = [_chars(text, c) for c in contents]
    ignored = 0
    for j, s in enumerate(schars):
        if j in used_s or not s:
            continue
        if any(len(s & c) >= STRICT * len(s) for c in content_chars):
            ignored += 1
    return Counts(
        gold=sum(1 for g in gchars if g),
        system=sum(1 for s in schars if s) - ignored,
        lenient=lenient,
        strict=strict,
        ignored=ignored,
        speaker_total=spk_total,
        speaker_right=spk_right,
        speaker_right_resolved=spk_resolved,
    )


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(counts: Counts) -> dict[str, Any]:
    """Precision, recall and F1 (lenient and strict) and speaker accuracy from counts."""
    lp, lr = _ratio(counts.lenient, counts.system), _ratio(counts.lenient, counts.gold)
    sp, sr = _ratio(counts.strict, counts.system), _ratio(counts.strict, counts.gold)
    return {
        "lenient_precision": round(lp, 4),
        "lenient_recall": round(lr, 4),
        "lenient_f1": round(_f1(lp, lr), 4),
        "strict_precision": round(sp, 4),
        "strict_recall": round(sr, 4),
        "strict_f1": round(_f1(sp, sr), 4),
        "speaker_accuracy": round(_ratio(counts.speaker_right, counts.speaker_total), 4),
        "speaker_accuracy_resolved": round(
            _ratio(counts.speaker_right_resolved, counts.speaker_total), 4
        ),
        "gold": counts.gold,
        "system": counts.system,
        "ignored": counts.ignored,
        "speaker_scored": counts.speaker_total,
    }


def storyline_quotes(
    doc: Doc, *, resolve: bool = True, found: Sequence[Quote] | None = None
) -> list[ScoredQuote]:
    """storyline's direct quotes of a parsed doc, as scored quotes.

    With `resolve`, pronoun and role speakers are mapped to a name through the cast
    of the single document, as the product does (`resolved_name`). `found` is the
    stage's output when the caller already has it.
    """
    from storyline.stages.quotes import extract_quotes

    found = extract_quotes(doc) if found is None else found
    quotes = [q for q in found if q.kind == "direct"]
    cast = None
    if resolve and any(q.speaker_kind in ("pronoun", "role") for q in quotes):
        from storyline.stages.entities import build_cast, document_mentions

        cast = build_cast([document_mentions(doc, "doc")])
    out = []
    for q in quotes:
        spk: Pieces = ()
        resolved = ""
        if q.speaker_start is not None and q.speaker_end is not None:
            spk = ((q.speaker_start, q.speaker_end),)
            if cast is not None and q.speaker_kind in ("pronoun", "role"):
                eid = cast.resolve("doc", q.speaker_start, q.speaker_end)
                entity = cast.entity(eid) if eid is not None else None
                resolved = entity.name if entity is not None else ""
        out.append(
            ScoredQuote(q.pieces or ((q.start, q.end),), spk, q.speaker_name or "", resolved)
        )
    return out


def textacy_quotes(doc: Doc) -> list[ScoredQuote]:
    """textacy's `direct_quotations` on the same doc, as scored quotes."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except (ValueError, IndexError):
        # textacy raises on some unbalanced quote marks; it then finds nothing here.
        return []
    for t in triples:
        content = t.content
        spk: Pieces = ()
        name = ""
        if t.speaker:
            a = min(tok.idx for tok in t.speaker)
            b = max(tok.idx + len(tok) for tok in t.speaker)
            spk = ((a, b),)
            name = " ".join(tok.text for tok in sorted(t.speaker, key=lambda tok: tok.i))
        out.append(ScoredQuote(((content.start_char, content.end_char),), spk, name))
    return out


def _articles(split_dir: Path, limit: int | None) -> list[tuple[str, Path, Path]]:
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(str(split_dir), "not a PolNeAR split (needs text/ and attributions/)")
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        # `<article>_<annotator>.ann`: keep the first annotator in sorted order.
        stem = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, ann)
    out = []
    for txt in sorted(text_dir.glob("*.txt")):
        if txt.stem in anns:
            out.append((txt.stem, txt, anns[txt.stem]))
    return out[:limit] if limit is not None else out


def evaluate(
    split_dir: Path | str, *, peers: bool = True, limit: int | None = None
) -> dict[str, Any]:
    """Score storyline (and textacy) direct quotes and speakers on a PolNeAR split."""
    from storyline import nlp as nlp_module
    from storyline.stages.quotes import extract_quotes

    split_dir = Path(split_dir)
    articles = _articles(split_dir, limit)
    if not articles:
        raise InputError(str(split_dir), "no articles with annotations")
    texts = [p.read_text(encoding="utf-8") for _, p, _ in articles]
    nlp = nlp_module.load()
    ours = Counts()
    theirs = Counts()
    t_parse = t_ours = t_theirs = t_resolve = 0.0
    t0 = time.perf_counter()
    for (_, _, ann), text, doc in zip(articles, texts, nlp.pipe(texts, batch_size=16), strict=True):
        t1 = time.perf_counter()
        t_parse += t1 - t0
        gold, contents = read_gold(ann.read_text(encoding="utf-8"), text)
        found = extract_quotes(doc)
        t2 = time.perf_counter()
        t_ours += t2 - t1
        ours += score_document(text, gold, storyline_quotes(doc, found=found), contents)
        t2b = time.perf_counter()
        t_resolve += t2b - t2
        t2 = t2b
        if peers:
            theirs += score_document(text, gold, textacy_quotes(doc), contents)
        t0 = time.perf_counter()
        t_theirs += t0 - t2
    n = len(articles)
    result: dict[str, Any] = {"split": str(split_dir), "documents": n, **figures(ours)}
    result["ms_per_doc"] = {
        "spacy_parse": round(1000 * t_parse / n, 2),
        "storyline_quotes": round(1000 * t_ours / n, 2),
        "scoring_with_cast": round(1000 * t_resolve / n, 2),
    }
    result["peers"] = {}
    if peers:
        result["peers"]["textacy"] = figures(theirs)
        result["ms_per_doc"]["textacy_quotes"] = round(1000 * t_theirs / n, 2)
    return result


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of storyline's and the peers' figures."""
    cols = [
        ("lenient_precision", "L-P"),
        ("lenient_recall", "L-R"),
        ("lenient_f1", "L-F1"),
        ("strict_precision", "S-P"),
        ("strict_recall", "S-R"),
        ("strict_f1", "S-F1"),
        ("speaker_accuracy", "spk-acc"),
        ("speaker_accuracy_resolved", "spk-res"),
    ]
    rows = [("storyline", result)] + list(result.get("peers", {}).items())
    lines = [
        f"PolNeAR direct quotes: {result['documents']} documents, {result['gold']} gold quotes"
    ]
    lines.append(
        f"{'system':<10}" + "".join(f"{h:>9}" for _, h in cols) + f"{'sys':>7}{'ignored':>9}"
    )
    for name, fig in rows:
        lines.append(
            f"{name:<10}"
            + "".join(f"{fig.get(k, float('nan')):>9.3f}" for k, _ in cols)
            + f"{fig['system']:>7}{fig['ignored']:>9}"
        )
    ms = result.get("ms_per_doc", {})
    if ms:
        lines.append("ms/doc: " + ", ".join(f"{k} {v}" for k, v in ms.items()))
    return "\n".join(lines)

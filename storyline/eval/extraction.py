"""Score main-text extraction from web pages with `with`/`without` snippets.

Reads the layout of trafilatura's evaluation set (`evaldata*.json` mapping a URL to
`{"file", "with": [...], "without": [...]}`, pages in an `html/` folder beside it,
gzipped or not) and runs storyline's HTML path and its peers on every page. Snippets
are counted as trafilatura's `tests/evaluate.py` counts them: a `with` snippet found
in the output (plain substring) is a true positive, missed a false negative; a
`without` snippet found is a false positive, absent a true negative. An empty output
or a crash misses every `with` snippet and finds no `without` one.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.models import RawDocument

__all__ = [
    "HEADLINE_ROW",
    "SYSTEMS",
    "Counts",
    "EvalPage",
    "count",
    "evaluate",
    "format_table",
    "load_pages",
    "split_pages",
]

SYSTEMS = ("storyline", "trafilatura", "trafilatura precision", "readability-lxml")


@dataclass(frozen=True)
class EvalPage:
    """One page of an evaluation set and the snippets its main text must (not) hold."""

    url: str
    path: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]

    @property
    def name(self) -> str:
        """The page's file name, without `.gz`."""
        return self.path.name.removesuffix(".gz")

    def html_bytes(self) -> bytes:
        """The page as stored (gunzipped when it ends in `.gz`)."""
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.path.name.endswith(".gz") else data


@dataclass
class Counts:
    """A confusion matrix over snippets, with timing and empty-page bookkeeping."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    pages: int = 0
    empty: int = 0
    errors: int = 0
    seconds: float = 0.0
    empty_pages: list[str] = field(default_factory=list)

    def add(self, other: tuple[int, int, int, int]) -> None:
        """Add one page's (tp, fp, fn, tn)."""
        self.tp += other[0]
        self.fp += other[1]
        self.fn += other[2]
        self.tn += other[3]

    def scores(self) -> dict[str, float]:
        """Precision, recall, F1 and accuracy (0.0 when a denominator is empty)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "accuracy": (self.tp + self.tn) / total if total else 0.0,
        }

    def as_dict(self) -> dict[str, Any]:
        """Scores rounded to three places, counts and ms per page."""
        out: dict[str, Any] = {k: round(v, 3) for k, v in self.scores().items()}
        out.update(
            tp=self.tp, fp=self.fp, fn=self.fn, tn=self.tn, pages=self.pages, empty=self.empty,
            errors=self.errors, ms_per_page=round(1000 * self.seconds / self.pages, 1) if self.pages else 0.0,
            empty_pages=list(self.empty_pages),
        )
        return out


def count(page: EvalPage, output: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one output against one page's snippets."""
    if not output:
        return 0, 0, len(page.with_), len(page.without)
    tp = sum(1 for s in page.with_ if s in output)
    fp = sum(1 for s in page.without if s in output)
    return tp, fp, len(page.with_) - tp, len(page.without) - fp


def load_pages(directory: Path) -> list[EvalPage]:
    """Every page of the `evaldata*.json` files under `directory` (searched recursively)."""
    sources = sorted(directory.rglob("evaldata*.json")) if directory.is_dir() else [directory]
    if not sources:
        raise InputError(str(directory), "no evaldata*.json file here or below; is it an extraction set?")
    pages: list[EvalPage] = []
    for source in sources:
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(str(source), f"cannot read the snippet file: {err}") from err
        for url, item in data.items():
            path = source.parent / "html" / item["file"]
            if not path.is_file():
                raise InputError(str(path), "page named in the snippet file is missing")
            pages.append(EvalPage(url, path, tuple(item["with"]), tuple(item["without"])))
    return pages


def split_pages(pages: Iterable[EvalPage], split: str) -> list[EvalPage]:
    """The pages of one split: `tune` (~70%), `report` (~30%) by a hash of the file name, or `all`."""
    from storyline.eval.timex import split_of

    return [p for p in pages if split == "all" or split_of(p.name) == split]


# --- systems -------------------------------------------------------------------------

Output = str | None | dict[str, str | None]
Extractor = Callable[[bytes, Path], Output]
"""(page bytes, the page as a plain .html file) -> main text, or several named rows of it."""

HEADLINE_ROW = "storyline +headline"


def _storyline(data: bytes, path: Path) -> Output:
    # The way `storyline ingest page.html` reads and cleans a page, without the store.
    # Two rows: the body alone (the article text storyline stores), and the headline it
    # took out as the title with it, since a page's headline is counted as its text.
    from storyline.pipeline import to_article
    from storyline.stages import read

    for raw in read.iter_inputs([path]):
        if isinstance(raw, InputError):
            raise raw
        if not isinstance(raw, RawDocument):  # records a crawl passes over
            continue
        try:
            article = to_article(raw)
        except InputError:
            return {"storyline": None, HEADLINE_ROW: None}
        return {"storyline": article.text, HEADLINE_ROW: f"{article.title or ''}\n{article.text}"}
    return None


def _trafilatura(data: bytes, path: Path) -> str | None:
    import trafilatura

    result: str | None = trafilatura.extract(data)
    return result


def _trafilatura_precision(data: bytes, path: Path) -> str | None:
    import trafilatura

    result: str | None = trafilatura.extract(data, favor_precision=True)
    return result


def _readability(data: bytes, path: Path) -> str | None:
    from readability import Document
    from trafilatura.utils import decode_file

    from storyline.stages.clean.html import html_to_text

    # readability returns HTML; its text is scored, as storyline would read it.
    return html_to_text(Document(decode_file(data)).summary())


EXTRACTORS: dict[str, Extractor] = {
    "storyline": _storyline,
    "trafilatura": _trafilatura,
    "trafilatura precision": _trafilatura_precision,
    "readability-lxml": _readability,
}


def evaluate(
    pages: Sequence[EvalPage],
    systems: Sequence[str] = SYSTEMS,
    *,
    details: bool = False,
) -> dict[str, Any]:
    """Run each system on each page; scores per system, and per page when `details`."""
    unknown = [s for s in systems if s not in EXTRACTORS]
    if unknown:
        raise InputError(", ".join(unknown), f"unknown extractor; choose from {', '.join(EXTRACTORS)}")
    rows_of = {s: [s, HEADLINE_ROW] if s == "storyline" else [s] for s in systems}
    counts = {row: Counts() for s in systems for row in rows_of[s]}
    rows: list[dict[str, Any]] = []
    warm = b"<html><body><article><p>" + b"A warm-up paragraph of words. " * 10 + b"</p></article></body></html>"
    with tempfile.TemporaryDirectory() as tmp:
        warm_path = Path(tmp) / "warm-up.html"
        warm_path.write_bytes(warm)
        for system in systems:  # lazy imports and one-time set-up are not timed
            with contextlib.suppress(Exception):  # a failing system shows up per page below
                EXTRACTORS[system](warm, warm_path)
        for page in pages:
            data = page.html_bytes()
            path = Path(tmp) / page.name
            path.write_bytes(data)
            row: dict[str, Any] = {"file": page.name, "url": page.url}
            for system in systems:
                start = time.perf_counter()
                failed = False
                try:
                    produced = EXTRACTORS[system](data, path)
                except Exception:  # a crash counts as an empty output, as in evaluate.py
                    produced, failed = None, True
                seconds = time.perf_counter() - start
                outputs = produced if isinstance(produced, dict) else {system: produced}
                for name in rows_of[system]:
                    output = outputs.get(name)
                    c = counts[name]
                    c.errors += failed
                    c.seconds += seconds
                    c.pages += 1
                    if not output or not output.strip():
                        c.empty += 1
                        c.empty_pages.append(page.name)
                    c.add(count(page, output))
                    if details:
                        row[name] = {
                            "missed": [s for s in page.with_ if not output or s not in output],
                            "kept_boilerplate": [s for s in page.without if output and s in output],
                        }
            rows.append(row)
            path.unlink()
    result: dict[str, Any] = {
        "pages": len(pages),
        "snippets": {"with": sum(len(p.with_) for p in pages), "without": sum(len(p.without) for p in pages)},
        "systems": {s: c.as_dict() for s, c in counts.items()},
    }
    if details:
        result["documents"] = rows
    return result


def format_table(result: dict[str, Any]) -> str:
    """The systems side by side: P, R, F1, accuracy, empty pages, ms per page."""
    header = f"{'system':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'accuracy':>10}{'empty':>7}{'ms/page':>9}"
    lines = [header, "-" * len(header)]
    for name, s in result["systems"].items():
        lines.append(
            f"{name:<24}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}{s['accuracy']:>10.3f}"
            f"{s['empty']:>7}{s['ms_per_page']:>9.1f}"
        )
    return "\n".join(lines)


def speed(pages: Sequence[EvalPage], repeat: int = 2) -> dict[str, Any]:
    """CPU ms per page of trafilatura alone and of storyline's HTML path, best of `repeat`.

    Both read the same decoded page; storyline's side is what ingest does to a page
    (extraction with its second opinions, then the line cleaner). CPU time, not wall
    time: on a shared machine it is the steadier measure. The two alternate per round.
    """
    import trafilatura
    from trafilatura.utils import decode_file

    from storyline.models import RawDocument
    from storyline.stages import clean

    htmls = [decode_file(p.html_bytes()) for p in pages]

    def ours(html: str) -> None:
        try:
            text, meta = clean.page_text(RawDocument(path="page.html", html=html))
        except InputError:
            return
        clean.clean(text, title=meta.get("title"), outlet=meta.get("sitename"))

    def theirs(html: str) -> None:
        trafilatura.extract(html)

    best = {"trafilatura": float("inf"), "storyline": float("inf")}
    ours(htmls[0])  # lazy imports are not timed
    theirs(htmls[0])
    for _ in range(max(1, repeat)):
        for name, fn in (("trafilatura", theirs), ("storyline", ours)):
            start = time.process_time()
            for html in htmls:
                fn(html)
            best[name] = min(best[name], time.process_time() - start)
    ms = {k: 1000 * v / len(htmls) for k, v in best.items()}
    return {
        "pages": len(htmls),
        "trafilatura_ms_per_page": round(ms["trafilatura"], 1),
        "storyline_ms_per_page": round(ms["storyline"], 1),
        "ratio": round(ms["storyline"] / ms["trafilatura"], 2) if ms["trafilatura"] else 0.0,
        "ratio_target": 2.0,
    }

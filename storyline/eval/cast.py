"""ECB+ harness for the cast: cross-document entity linking scored against gold chains.

Each ECB+ topic (its `ecb` and `ecbplus` documents together) is run as one story: the
tokens of every document are joined by spaces (sentences by newlines) into a text whose
token offsets are remembered, the text is parsed, `document_mentions` and `build_cast`
link it, and the gold entity mentions are scored.

What is scored:
- gold entity mentions are the markables tagged `HUMAN_PART*`, `NON_HUMAN_PART*` and
  `LOC_*` (times and actions are not entities of a cast) that lie in the sentences
  ECB+ lists as annotated for coreference (`ECBplus_coreference_sentences.csv`);
- of those, the *named* ones are the target: the head of the mention (after leading
  prepositions and articles, which ECB+ often includes) is a proper noun by the parser.
  "Tara Reid", "in Athens" and "the Gulf of Aden" are named; "a Woodburn bank" and "an
  island off Iran's southern coast" are nominals that merely contain a name. The cast
  links names, role nouns and speaker pronouns, not every nominal;
- `mention_coverage` = named gold mentions overlapping a linked span / named gold mentions
  (`coverage_all` gives the same share over every gold entity mention);
- chains: a `CROSS_DOC_COREF` instance id, else an `INTRA_DOC_COREF` chain, else a
  singleton. MUC, B-cubed, CEAF-e and their CoNLL mean are computed over the covered
  named mentions only (each one assigned the entity of the linked span overlapping it most),
  pooled over the topics, so they score linking, not detection;
- missed merges = covered named mention pairs in one gold chain but two cast entities; wrong
  merges = pairs in one cast entity but two gold chains; each share is its count over
  missed + wrong;
- `same_string_conll_f1` scores the same covered mentions linked only when the surface
  keys of their spans are equal: what the cast's merging rules add over string identity.
"""

from __future__ import annotations

import csv
import hashlib
import re
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import InputError
from storyline.eval.coref_metrics import b_cubed, ceaf_e, conll_f1, muc, pair_errors
from storyline.stages.entities import build_cast, document_mentions, name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

ENTITY_TAGS = ("HUMAN_PART", "NON_HUMAN_PART", "LOC_")
DEFAULT_ZIP = (Path(__file__).resolve().parents[3] / "shared" / "data" / "ecbplus"
               / "ECB+-topics-1-35.zip")
SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
TUNE_TOPICS = tuple(range(1, 23))
REPORT_TOPICS = tuple(range(23, 36))


@dataclass(frozen=True)
class GoldMention:
    """One gold entity mention, as character offsets in the joined document text."""

    document: str
    start: int
    end: int
    tag: str
    chain: str
    selected: bool


@dataclass
class GoldDocument:
    """A document's joined token text and its gold entity mentions."""

    name: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


def ensure_ecbplus(source: Path | None = None) -> Path:
    """Return a folder of ECB+ topic folders, extracting the zip to a temp dir if needed."""
    src = Path(source) if source is not None else DEFAULT_ZIP
    if src.is_dir():
        nested = src / "ECB+"
        return nested if nested.is_dir() else src
    if not src.is_file():
        raise InputError(str(src), "no ECB+ zip or folder there; pass the path to "
                         "ECB+-topics-1-35.zip or to the folder of its topic folders")
    stat = src.stat()
    tag = hashlib.sha1(f"{src.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    dest = Path(tempfile.gettempdir()) / f"storyline-ecbplus-{tag[:12]}"
    done = dest / ".complete"
    if not done.exists():
        dest.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(src) as zf:
            zf.extractall(dest)
        done.touch()
    nested = dest / "ECB+"
    return nested if nested.is_dir() else dest


def parse_topics(spec: str) -> tuple[int, ...]:
    """`1-22`, `23-35`, `all` (1-35) or a comma list like `1,3,5-7`."""
    if spec == "all":
        return TUNE_TOPICS + REPORT_TOPICS
    out: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if m := re.fullmatch(r"(\d+)-(\d+)", part):
            out.extend(range(int(m.group(1)), int(m.group(2)) + 1))
        elif part.isdigit():
            out.append(int(part))
        elif part:
            raise InputError(spec, "not a topic list; use e.g. 1-22, 23-35, all or 1,3,5")
    return tuple(out)


def _selected_sentences(root: Path) -> dict[str, set[int]] | None:
    """Sentences ECB+ annotated for coreference, by document stem (`1_10ecbplus`)."""
    for folder in (root, root.parent, root.parent.parent, DEFAULT_ZIP.parent):
        path = folder / SENTENCES_CSV
        if path.is_file():
            out: dict[str, set[int]] = defaultdict(set)
            with path.open(newline="") as fh:
                for row in csv.DictReader(fh):
                    out[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
            return out
    return None


def read_document(path: Path, selected: set[int] | None) -> GoldDocument:
    """Join one ECB+ XML document's tokens into text and map its gold entity mentions."""
    tree = ET.parse(path)
    root = tree.getroot()
    is_plus = path.stem.endswith("ecbplus")
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int, int]] = {}
    pos = 0
    last_sent: int | None = None
    for tok in root.iter("token"):
        sent = int(tok.get("sentence", "0"))
        # Sentence 0 of the ecbplus documents is the tokenised source URL, not text.
        if is_plus and sent == 0:
            continue
        word = tok.text or ""
        if last_sent is not None:
            sep = "\n" if sent != last_sent else " "
            pieces.append(sep)
            pos += 1
        offsets[tok.get("t_id", "")] = (pos, pos + len(word), sent)
        pieces.append(word)
        pos += len(word)
        last_sent = sent
    doc = GoldDocument(path.stem, "".join(pieces))
    markables = root.find("Markables")
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations:
            if rel.tag == "CROSS_DOC_COREF":
                chain = rel.get("note", "")
            elif rel.tag == "INTRA_DOC_COREF":
                chain = f"{path.stem}:intra{rel.get('r_id')}"
            else:
                continue
            for src in rel.findall("source"):
                chain_of[src.get("m_id", "")] = chain
    if markables is None:
        return doc
    for mk in markables:
        if not mk.tag.startswith(ENTITY_TAGS):
            continue
        spans = [offsets[a.get("t_id", "")] for a in mk.findall("token_anchor")
                 if a.get("t_id", "") in offsets]
        if not spans:
            continue
        m_id = mk.get("m_id", "")
        sent = spans[0][2]
        doc.mentions.append(GoldMention(
            document=path.stem,
            start=min(s for s, _, _ in spans),
            end=max(e for _, e, _ in spans),
            tag=mk.tag,
            chain=chain_of.get(m_id, f"{path.stem}:m{m_id}"),
            selected=selected is None or sent in selected,
        ))
    return doc


def _topic_documents(root: Path, topic: int) -> list[Path]:
    folder = root / str(topic)
    if not folder.is_dir():
        return []

    def order(p: Path) -> tuple[int, int]:
        m = re.match(r"\d+_(\d+)(ecbplus|ecb)$", p.stem)
        return (0 if m and m.group(2) == "ecb" else 1, int(m.group(1)) if m else 0)

    return sorted(folder.glob("*.xml"), key=order)


def _is_named(doc: Doc, gm: GoldMention) -> bool:
    """Whether the head of a gold mention, past prepositions and articles, is a proper noun."""
    span = doc.char_span(gm.start, gm.end, alignment_mode="expand")
    if span is None:
        return False
    toks = [t for t in span if t.pos_ not in ("ADP", "DET", "PUNCT")]
    if not toks:
        return False
    head = doc[toks[0].i:toks[-1].i + 1].root
    return bool(head.pos_ == "PROPN")


def evaluate(root: Path | str | None, topics: Iterable[int]) -> dict[str, Any]:
    """Run the cast on each topic as one story and score it against ECB+ entity chains."""
    from storyline import nlp as nlp_module

    base = ensure_ecbplus(Path(root) if root is not None else None)
    selected = _selected_sentences(base)
    nlp = nlp_module.load()
    key: dict[str, set[str]] = defaultdict(set)
    response: dict[str, set[str]] = defaultdict(set)
    same_string: dict[str, set[str]] = defaultdict(set)
    named_total = named_covered = all_total = all_covered = 0
    n_docs = 0
    t_parse = t_mentions = t_cast = 0.0
    topics_done: list[int] = []
    for topic in topics:
        paths = _topic_documents(base, topic)
        if not paths:
            continue
        topics_done.append(topic)
        golds = [read_document(p, selected.get(p.stem) if selected is not None else None)
                 for p in paths]
        items = []
        propn: list[list[tuple[int, int]]] = []
        t0 = time.perf_counter()
        docs = list(nlp.pipe(g.text for g in golds))
        t_parse += time.perf_counter() - t0
        for gold, doc in zip(golds, docs, strict=True):
            t0 = time.perf_counter()
            items.append(document_mentions(doc, gold.name))
            t_mentions += time.perf_counter() - t0
            propn.append([(gm.start, gm.end) for gm in gold.mentions if _is_named(doc, gm)])
        t0 = time.perf_counter()
        cast = build_cast(items)
        t_cast += time.perf_counter() - t0
        n_docs += len(golds)
        linked: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
        for em in cast.mentions:
            linked[em.document].append((em.start, em.end, em.entity, em.text))
        for gold, props in zip(golds, propn, strict=True):
            for gm in gold.mentions:
                if not gm.selected:
                    continue
                named = (gm.start, gm.end) in props
                best: tuple[int, str, str] | None = None
                for s, e, ent, surface in linked.get(gold.name, ()):
                    overlap = min(e, gm.end) - max(s, gm.start)
                    if overlap > 0 and (best is None or overlap > best[0]):
                        best = (overlap, ent, surface)
                all_total += 1
                named_total += named
                if best is None:
                    continue
                all_covered += 1
                named_covered += named
                if not named:
                    continue
                mid = f"{gm.document}:{gm.start}-{gm.end}"
                key[f"{topic}:{gm.chain}"].add(mid)
                response[f"{topic}:{best[1]}"].add(mid)
                # Baseline: the same spans, linked only when their surface keys are equal.
                same_string[f"{topic}:{name_key(best[2])}"].add(mid)
    k, r = list(key.values()), list(response.values())
    scores = {"muc": muc(k, r), "b3": b_cubed(k, r), "ceafe": ceaf_e(k, r)}
    errors = pair_errors(k, r)
    wrong_or_missed = errors.missed + errors.wrong
    result: dict[str, Any] = {
        "topics": topics_done,
        "documents": n_docs,
        "gold_named_mentions": named_total,
        "covered_named_mentions": named_covered,
        "mention_coverage": named_covered / named_total if named_total else 0.0,
        "gold_entity_mentions": all_total,
        "covered_entity_mentions": all_covered,
        "coverage_all": all_covered / all_total if all_total else 0.0,
        "conll_f1": sum(prf.f1 for prf in scores.values()) / 3,
        "same_string_conll_f1": conll_f1(k, list(same_string.values())),
        "missed_merge_pairs": errors.missed,
        "wrong_merge_pairs": errors.wrong,
        "correct_pairs": errors.correct,
        "missed_merge_share": errors.missed / wrong_or_missed if wrong_or_missed else 0.0,
        "wrong_merge_share": errors.wrong / wrong_or_missed if wrong_or_missed else 0.0,
        "parse_ms_per_doc": 1000 * t_parse / n_docs if n_docs else 0.0,
        "mentions_ms_per_doc": 1000 * t_mentions / n_docs if n_docs else 0.0,
        "cast_ms_per_doc": 1000 * t_cast / n_docs if n_docs else 0.0,
    }
    for name, prf in scores.items():
        result[f"{name}_recall"] = prf.recall
        result[f"{name}_precision"] = prf.precision
        result[f"{name}_f1"] = prf.f1
    return result


def format_table(result: dict[str, Any]) -> str:
    """Render an `evaluate` result as a plain-text table."""
    topics: Sequence[int] = result.get("topics", ())
    span = f"{topics[0]}-{topics[-1]}" if topics else "none"
    lines = [
        f"ECB+ cast, topics {span} ({len(topics)} topics, {result['documents']} documents)",
        f"{'metric':<22}{'recall':>9}{'precision':>11}{'F1':>8}",
    ]
    for name, label in (("muc", "MUC"), ("b3", "B-cubed"), ("ceafe", "CEAF-e")):
        lines.append(f"{label:<22}{result[f'{name}_recall']:>9.3f}"
                     f"{result[f'{name}_precision']:>11.3f}{result[f'{name}_f1']:>8.3f}")
    lines += [
        f"{'CoNLL F1':<22}{'':>9}{'':>11}{result['conll_f1']:>8.3f}",
        f"{'same-string baseline':<22}{'':>9}{'':>11}{result['same_string_conll_f1']:>8.3f}",
        f"mention coverage (named): {result['mention_coverage']:.3f} "
        f"({result['covered_named_mentions']}/{result['gold_named_mentions']})",
        f"coverage (all entity mentions): {result['coverage_all']:.3f} "
        f"({result['covered_entity_mentions']}/{result['gold_entity_mentions']})",
        f"pairwise errors: missed merges {result['missed_merge_pairs']} "
        f"({result['missed_merge_share']:.1%}), wrong merges {result['wrong_merge_pairs']} "
        f"({result['wrong_merge_share']:.1%}), correct pairs {result['correct_pairs']}",
        f"time per document: parse {result['parse_ms_per_doc']:.1f} ms, mentions "
        f"{result['mentions_ms_per_doc']:.2f} ms, cast {result['cast_ms_per_doc']:.2f} ms",
    ]
    return "\n".join(lines)

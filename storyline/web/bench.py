"""Page times of the web app on a large story: part of `make bench`.

Builds (once, then reuses) a story of the first N dated Reuters-21578 stories with a real
body, as `storyline.bench` does, then times every page and its JSON twin in this process
through Starlette's app with no network in between (`app.fetch`): the time a request
spends in the app, rendering included, which is what a page costs the server.

Run it with `python -m storyline.web.bench [--docs 2000] [--repeat 5] [--json]`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyline.bench import DEFAULT_TARBALL, MIN_WORDS
from storyline.eval.reuters import iter_stories, write_corpus

DEFAULT_DOCS = 2000
GOAL_MS = 200.0


def build_store(tarball: Path, docs: int, db: Path) -> int:
    """Build the story of the first `docs` Reuters stories into `db` unless it is there; return its documents."""
    import storyline
    from storyline.errors import StoreError
    from storyline.store.browse import counts, open_readonly

    if db.exists():
        try:
            open_readonly(db).close()
        except StoreError as exc:  # made by an older storyline: built again from scratch
            print(f"{exc}; building it again", file=sys.stderr)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    if not db.exists():
        stories = list(itertools.islice(iter_stories(tarball, min_words=MIN_WORDS), docs))
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "docs"
            write_corpus(stories, folder)
            partial = db.with_name(db.name + ".partial")
            partial.unlink(missing_ok=True)
            storyline.build([folder], out=Path(tmp) / "out", db=partial, manifest=folder / "manifest.csv")
            for suffix in ("-wal", "-shm"):
                Path(str(partial) + suffix).unlink(missing_ok=True)
            partial.replace(db)
    with open_readonly(db) as store:
        return counts(store).articles


def pages(db: Path) -> list[str]:
    """Every page of the app, with filters and a late page where they apply, on this store."""
    from storyline.store import browse

    with browse.open_readonly(db) as store:
        first = browse.document_page(store, offset=0, limit=1)[0][0]["id"]
        ent = browse.top_entities(store, 1)
        speaker = browse.speakers(store, 1)
        outlet = browse.outlets(store)[0][0]
        word = (browse.story_title(store).split() or ["the"])[0]
    ent_id = ent[0][0] if ent else "e1"
    out = [
        "/", "/timeline", "/timeline?view=full", "/timeline?view=full&page=3",
        f"/timeline?view=full&entity={ent[0][1] if ent else 'x'}", f"/timeline?view=full&outlet={outlet}",
        "/timeline?view=full&status=planned&from=1987-03-01", "/cast", "/cast?page=5", f"/cast/{ent_id}",
        "/quotes", "/quotes?page=4", f"/quotes?speaker={speaker[0][0] if speaker else 'x'}",
        f"/quotes?outlet={outlet}&kind=direct", "/documents", "/documents?page=20", f"/documents/d{first}",
        "/outlets", f"/search?q={word}", "/search?q=oil+prices&page=2",
    ]
    return out + ["/api/story" if p == "/" else "/api" + p for p in out]


def time_pages(db: Path, repeat: int) -> list[dict[str, Any]]:
    """Per page: the first request to a fresh app (nothing cached), then the median and worst
    milliseconds of `repeat` more requests."""
    from storyline.web.app import create_app, fetch

    results = []
    for path in pages(db):
        app = create_app(db)
        t0 = time.perf_counter()
        status, body = fetch(app, path)
        cold = (time.perf_counter() - t0) * 1000
        if status != 200:
            raise RuntimeError(f"GET {path}: status {status}: {body[:200]}")
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fetch(app, path)
            times.append((time.perf_counter() - t0) * 1000)
        results.append({"path": path, "first_ms": cold, "median_ms": statistics.median(times),
                        "max_ms": max(times), "bytes": len(body.encode())})
    return results


def render(docs: int, results: list[dict[str, Any]]) -> str:
    """The page times as a Markdown table."""
    lines = [f"Web pages on a story of {docs} documents (ms: the first request to a fresh app, then the "
             "median and worst of the timed requests after it):", "",
             "| page | first ms | median ms | worst ms | KB |", "|---|---:|---:|---:|---:|"]
    for r in results:
        flag = "" if r["median_ms"] < GOAL_MS else " **over goal**"
        lines.append(f"| `{r['path']}` | {r['first_ms']:.0f} | {r['median_ms']:.1f}{flag} | {r['max_ms']:.1f} "
                     f"| {r['bytes'] / 1024:.0f} |")
    worst = max(results, key=lambda r: r["median_ms"])
    cold = max(results, key=lambda r: r["first_ms"])
    lines += ["", f"Slowest page: `{worst['path']}` at {worst['median_ms']:.1f} ms median "
              f"(goal: every page under {GOAL_MS:.0f} ms); slowest first request: `{cold['path']}` "
              f"at {cold['first_ms']:.0f} ms."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m storyline.web.bench`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="Stories in the timed story (default 2000).")
    parser.add_argument("--repeat", type=int, default=5, help="Timed requests per page (default 5).")
    parser.add_argument("--data", type=Path, default=DEFAULT_TARBALL, help="The Reuters-21578 tarball.")
    parser.add_argument("--db", type=Path, default=None,
                        help="Database to build once and reuse (default storyline-out/bench-web-N.db).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object instead of a table.")
    args = parser.parse_args(argv)
    db = args.db or Path("storyline-out") / f"bench-web-{args.docs}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if not db.exists():
        print(f"building a story of {args.docs} Reuters stories into {db} (once; reused afterwards)", file=sys.stderr)
    docs = build_store(args.data, args.docs, db)
    print(f"store ready: {docs} documents ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    results = time_pages(db, args.repeat)
    if args.json:
        print(json.dumps({"docs": docs, "goal_ms": GOAL_MS, "pages": results}, indent=2))
    else:
        print(render(docs, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

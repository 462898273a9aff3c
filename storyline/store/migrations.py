"""Versioned schema migrations, each applied in its own transaction and recorded."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    """Register a migration function under a version number and a name."""

    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((version, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


@migration(1, "initial schema")
def _initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            current INTEGER NOT NULL DEFAULT 1,
            raw_hash TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            title TEXT,
            outlet TEXT,
            url TEXT,
            byline TEXT,
            published TEXT,
            published_inferred INTEGER NOT NULL DEFAULT 0,
            published_earliest TEXT,
            published_latest TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            analyzed_with TEXT
        );
        CREATE UNIQUE INDEX documents_raw_hash ON documents(raw_hash);
        CREATE INDEX documents_path ON documents(path, version);

        CREATE TABLE removed_lines (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL,
            text TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX removed_lines_doc ON removed_lines(document_id);

        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX sentences_doc ON sentences(document_id, idx);

        CREATE VIRTUAL TABLE sentences_fts USING fts5(
            text, content='sentences', content_rowid='id', tokenize='porter unicode61'
        );
        CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
            INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
            INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;

        CREATE TABLE mentions (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL
        );
        CREATE INDEX mentions_doc ON mentions(document_id);

        -- Compact per-document input of the cast stage (a pickle until migration 2).
        CREATE TABLE cast_inputs (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            data BLOB NOT NULL
        );

        CREATE TABLE timexes (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            value TEXT,
            anchor TEXT,
            mod TEXT,
            rule TEXT
        );
        CREATE INDEX timexes_doc ON timexes(document_id);

        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            speaker_name TEXT,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_kind TEXT,
            cue TEXT,
            channel TEXT,
            pieces TEXT NOT NULL DEFAULT '[]',
            entity_id TEXT
        );
        CREATE INDEX quotes_doc ON quotes(document_id);

        -- Per-document event mentions: a sentence anchored to a resolved date.
        CREATE TABLE event_mentions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            planned INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            timex_start INTEGER NOT NULL,
            timex_end INTEGER NOT NULL,
            timex_text TEXT NOT NULL,
            anchor TEXT
        );
        CREATE INDEX event_mentions_doc ON event_mentions(document_id);

        -- Story-level results, rebuilt by every analysis.
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            documents TEXT NOT NULL,
            roles TEXT NOT NULL,
            first_seen TEXT,
            last_seen TEXT
        );
        CREATE TABLE entity_mentions (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            kind TEXT NOT NULL
        );
        CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            date TEXT NOT NULL,
            planned INTEGER NOT NULL,
            text TEXT NOT NULL,
            entities TEXT NOT NULL,
            timex_text TEXT NOT NULL,
            anchor TEXT NOT NULL,
            sort_key TEXT NOT NULL
        );
        CREATE TABLE event_sources (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL
        );
        CREATE TABLE summary (
            idx INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            sources TEXT NOT NULL
        );

        -- Items that could not be read or analysed, with the stage and the reason.
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            item TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        """
    )


@migration(2, "cast inputs as JSON")
def _cast_inputs_json(conn: sqlite3.Connection) -> None:
    # The cast stage's per-document input was a pickle, which runs code when loaded and
    # no other tool can read; it is now JSON. Stored pickles are not converted (SQL
    # cannot read them): every document is marked for analysis again instead, which
    # rebuilds its input from its stored text on the next `storyline analyze`.
    conn.executescript(
        """
        DROP TABLE cast_inputs;
        CREATE TABLE cast_inputs (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            data TEXT NOT NULL
        );
        UPDATE documents SET analyzed_with = NULL WHERE analyzed_with IS NOT NULL;
        """
    )


@migration(3, "stored timeline ranks; drop the unread mentions table")
def _timeline_rank(conn: sqlite3.Connection) -> None:
    # The timeline stage stores each event's place among its date's events, so an export
    # reads the timeline rather than building it. Stored events get the rank the stage
    # gives: most sources first, then most entities, then id. The `mentions` table
    # (raw NER spans) was written and never read: the cast input holds them.
    conn.executescript(
        """
        ALTER TABLE events ADD COLUMN rank INTEGER;
        UPDATE events SET rank = (
            SELECT r.rank FROM (
                SELECT e.id, ROW_NUMBER() OVER (
                    PARTITION BY e.date
                    ORDER BY (SELECT COUNT(*) FROM event_sources s WHERE s.event_id = e.id) DESC,
                             json_array_length(e.entities) DESC, e.id
                ) - 1 AS rank
                FROM events e
            ) r WHERE r.id = events.id
        );
        DROP TABLE mentions;
        """
    )


@migration(4, "documents: metadata hash; one input may be stored again with new metadata")
def _metadata_versions(conn: sqlite3.Connection) -> None:
    # The same bytes given a new date or outlet (manifest, --date, --outlet) become a new
    # version, so raw_hash is no longer unique on its own; duplicates are prevented by
    # checking under the write lock (repo.insert_document). NULL: stored before this
    # migration, metadata unknown.
    conn.executescript(
        """
        ALTER TABLE documents ADD COLUMN meta_hash TEXT;
        DROP INDEX documents_raw_hash;
        CREATE INDEX documents_raw_hash ON documents(raw_hash);
        """
    )


@migration(5, "page metadata and removal confidence")
def _page_metadata(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        -- Authors as a JSON list, update date, declared language, and the publication
        -- date each source gave (JSON object {source: date}).
        ALTER TABLE documents ADD COLUMN authors TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE documents ADD COLUMN updated TEXT;
        ALTER TABLE documents ADD COLUMN language TEXT;
        ALTER TABLE documents ADD COLUMN published_sources TEXT NOT NULL DEFAULT '{}';
        -- How sure the cleaner's rule was; lines stored before it was kept count as sure.
        ALTER TABLE removed_lines ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0;
        """
    )


def applied(conn: sqlite3.Connection) -> set[int]:
    """Versions already applied to this database (none when it has no migrations table)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if exists is None:
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
)


def migrate(
    conn: sqlite3.Connection,
    check: Callable[[], None] | None = None,
    *,
    application_id: int | None = None,
) -> list[int]:
    """Apply every pending migration in one immediate transaction; return those applied.

    Nothing is written when nothing is pending. Otherwise the write lock is taken first
    and the pending list read again under it: two processes creating one database at
    once serialise here, and the second finds the work done. `check` runs under the lock
    before anything is written (a file that changed identity meanwhile is refused); a
    failed migration rolls all of them back.
    """
    if not [v for v, _, _ in MIGRATIONS if v not in applied(conn)]:
        return []
    # executescript commits implicitly, so each migration's SQL is recorded and run
    # statement by statement inside the one transaction.
    conn.execute("BEGIN IMMEDIATE")
    ran: list[int] = []
    try:
        if check is not None:
            check()
        done = applied(conn)
        if application_id is not None:
            conn.execute(f"PRAGMA application_id = {int(application_id)}")
        conn.execute(_MIGRATIONS_TABLE)
        for version, name, fn in MIGRATIONS:
            if version in done:
                continue
            for statement in _split(fn, conn):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations(version, name) VALUES (?, ?)", (version, name))
            ran.append(version)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return ran


class _Recorder:
    """Collects the SQL a migration would run, so it can run inside one transaction."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def executescript(self, script: str) -> None:
        self.statements.extend(_statements(script))

    def execute(self, sql: str, *args: object) -> None:
        self.statements.append(sql)


def _split(fn: Migration, conn: sqlite3.Connection) -> list[str]:
    recorder = _Recorder()
    fn(recorder)  # type: ignore[arg-type]
    return recorder.statements


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers hold inner semicolons)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


@migration(6, "copies: each document's report and its fingerprint")
def _reports(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        -- The document whose analysis stands for this one (itself, or the first copy of
        -- its text); NULL for documents stored before copies were detected.
        ALTER TABLE documents ADD COLUMN report_id INTEGER;
        CREATE INDEX documents_report ON documents(report_id);

        -- MinHash signature (stages/dedup.py) of each document's clean body.
        CREATE TABLE copy_fingerprints (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            size INTEGER NOT NULL,
            day INTEGER,
            hashvalues BLOB NOT NULL
        );
        """
    )


@migration(7, "stories of a mixed pile")
def _stories(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        -- Stories found by stages/stories.py, with the state a later run continues from.
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            size INTEGER NOT NULL,
            first TEXT,
            last TEXT,
            centroid TEXT NOT NULL
        );
        CREATE TABLE story_members (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL,
            similarity REAL NOT NULL
        );
        CREATE INDEX story_members_story ON story_members(story_id);
        -- Document frequency of each term over the placed documents (the IDF of later runs).
        CREATE TABLE story_terms (
            term TEXT PRIMARY KEY,
            df INTEGER NOT NULL
        );
        """
    )


@migration(8, "documents: where each publication date came from")
def _published_source(conn: sqlite3.Connection) -> None:
    # `published_inferred` told a date given with the input from the rest, but a date an
    # analysis inferred and one read off a date line at ingest were both stored as
    # inferred, so a later analysis kept an inferred date as if it were evidence. Now
    # `given` | `stated` | `inferred` (NULL: no date). Old inferred rows are `stated` when
    # the cleaner removed a metadata line naming the date's year and the date is one day;
    # else `inferred`: the next analysis infers them again from the text, whose own date
    # lines the dct stage still reads, so a wrong `inferred` costs little and a wrong
    # `stated` would keep the bug.
    conn.executescript(
        """
        ALTER TABLE documents ADD COLUMN published_source TEXT;
        UPDATE documents SET published_source = CASE
            WHEN published IS NULL THEN NULL
            WHEN published_inferred = 0 THEN 'given'
            WHEN published_earliest = published AND published_latest = published AND EXISTS (
                SELECT 1 FROM removed_lines r
                WHERE r.document_id = documents.id
                  AND r.reason IN ('date', 'byline', 'dateline', 'outlet')
                  AND instr(r.text, substr(documents.published, 1, 4)) > 0
            ) THEN 'stated'
            ELSE 'inferred'
        END;
        """
    )


@migration(9, "stories: each story's names (stories.v2)")
def _story_names(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        -- Of each name: in how many of the story's reports it appears, and how often
        -- (JSON {name: [reports, mentions]}); NULL for stories stored before stories.v2,
        -- which `store/stories.py` fills from the story's documents when it loads them.
        ALTER TABLE stories ADD COLUMN names TEXT;
        """
    )

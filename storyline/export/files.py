"""Writing output files whole or not at all: a temporary file beside the target, renamed."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO

from storyline.errors import OutputError


def ensure_folder(folder: Path) -> None:
    """Create `folder` (and its parents), or raise OutputError naming why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: a file is in the way of the output folder; pick another --out") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({_why(exc)})") from None


def write_text_atomic(target: Path, content: str | Iterable[str]) -> None:
    """Write `content` to `target` through a temporary file; on any failure nothing is left behind.

    `content` is the text, or its pieces in order (written as they come, never joined).
    """
    with atomic_outputs([target]) as (out,):
        if isinstance(content, str):
            out.write(content)
        else:
            for piece in content:
                out.write(piece)


class Output:
    """One output file being written (through its temporary file): `write` a piece of text."""

    def __init__(self, target: Path, fh: TextIO) -> None:
        self.target = target
        self._fh = fh

    def write(self, text: str) -> None:
        """Append `text`; a failing write names this output."""
        try:
            self._fh.write(text)
        except OSError as exc:
            raise OutputError(f"{self.target}: cannot write ({_why(exc)})") from None

    def writelines(self, pieces: Iterable[str]) -> None:
        """Append each of `pieces`, in order."""
        for piece in pieces:
            self.write(piece)

    def append_from(self, source: IO[str]) -> None:
        """Append the whole text of `source`, from its start."""
        source.seek(0)
        while piece := source.read(1 << 16):
            self.write(piece)


@contextlib.contextmanager
def atomic_outputs(targets: Sequence[Path]) -> Iterator[list[Output]]:
    """Write several files at once, each through a temporary file beside it.

    The files are renamed into place when the block ends without error, each whole
    (`write_text_atomic`); on any failure, none of the temporary files is left behind and
    no target is touched.
    """
    for target in targets:
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; give a file name (e.g. {target / 'story.json'})")
        if not target.parent.is_dir():
            raise OutputError(f"{target}: folder {target.parent} does not exist; create it first")
    tmps = [t.parent / f".{t.name}.{os.getpid()}.tmp" for t in targets]
    handles: list[TextIO] = []
    try:
        try:
            for tmp in tmps:
                handles.append(tmp.open("w", encoding="utf-8"))
            yield [Output(t, fh) for t, fh in zip(targets, handles, strict=True)]
            for fh in handles:
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            for fh in handles:
                with contextlib.suppress(OSError):
                    fh.close()
        for tmp, target in zip(tmps, targets, strict=True):
            tmp.replace(target)  # atomic: a crash never leaves a half-written file
    except BaseException as exc:
        for tmp in tmps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if isinstance(exc, OSError):
            named = targets[0] if len(targets) == 1 else targets[0].parent
            raise OutputError(f"{named}: cannot write ({_why(exc)})") from None
        raise


def _why(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        return f"{reason}: free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{reason}: pick a folder you can write to"
    return reason

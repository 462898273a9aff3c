"""Writing output files whole or not at all: a temporary file beside the target, renamed."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable
from pathlib import Path

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
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name (e.g. {target / 'story.json'})")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{target}: folder {parent} does not exist; create it first")
    tmp = parent / f".{target.name}.{os.getpid()}.tmp"
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            if isinstance(content, str):
                fh.write(content)
            else:
                for piece in content:
                    fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(target)  # atomic: a crash never leaves a half-written file
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: cannot write ({_why(exc)})") from None
        raise


def _why(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        return f"{reason}: free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{reason}: pick a folder you can write to"
    return reason

"""dct reads the tagger's expressions; given them, it tags nothing again and guesses the same."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline.stages import dct, timex

if TYPE_CHECKING:
    from spacy.language import Language

DEMO = Path(__file__).parent.parent.parent / "examples" / "harbour-strike"


def _texts(example_dir: Path) -> list[str]:
    paths = sorted(example_dir.glob("*.txt")) + sorted(DEMO.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


@pytest.mark.slow
def test_passed_timexes_give_the_same_guess_without_tagging_again(
    example_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _texts(example_dir)
    assert len(texts) >= 6
    guessed = 0
    for text in texts:
        doc = nlp(text)
        own = dct.infer_dct(text, doc=doc)
        undated = timex.tag(text, None, doc)
        with monkeypatch.context() as m:
            m.setattr(timex, "tag", lambda *a, **k: pytest.fail("tagged twice"))
            assert dct.infer_dct(text, doc=doc, timexes=undated) == own
        guessed += own is not None
    assert guessed  # the comparison covered real guesses, not only None == None

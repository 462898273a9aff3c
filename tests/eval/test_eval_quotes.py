"""The PolNeAR quote scorer on tiny hand-made cases, and the CLI on a few dev articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from storyline.eval.quotes import (
    Counts,
    ScoredQuote,
    figures,
    read_gold,
    score_document,
    speaker_right,
    storyline_quotes,
)

if TYPE_CHECKING:
    from spacy.language import Language

TEXT = "Smith said “we will win the vote in the end.” Jones said it was “very bad” for all of us."
#       0         1         2         3         4         5         6         7         8
Q1_GOLD = (11, 45)  # with its quote marks
Q1_SYS = (12, 44)  # without
SMITH = (0, 5)


def _span(text: str) -> tuple[int, int]:
    a = TEXT.index(text)
    return a, a + len(text)


def test_fixture_offsets() -> None:
    assert TEXT[Q1_GOLD[0] : Q1_GOLD[1]] == "“we will win the vote in the end.”"
    assert TEXT[Q1_SYS[0] : Q1_SYS[1]] == "we will win the vote in the end."


def test_quote_marks_do_not_count_against_strict() -> None:
    gold = [ScoredQuote((Q1_GOLD,), (SMITH,), "Smith")]
    system = [ScoredQuote((Q1_SYS,), (SMITH,), "Smith")]
    c = score_document(TEXT, gold, system)
    assert c == Counts(
        gold=1,
        system=1,
        lenient=1,
        strict=1,
        speaker_total=1,
        speaker_right=1,
        speaker_right_resolved=1,
    )


def test_partial_overlap_is_lenient_not_strict() -> None:
    gold = [ScoredQuote((Q1_GOLD,), (SMITH,), "Smith")]
    system = [ScoredQuote((_span("we will win the vote"),), (SMITH,), "Smith")]
    c = score_document(TEXT, gold, system)
    assert (c.lenient, c.strict) == (1, 0)
    too_small = [ScoredQuote((_span("we will"),))]
    assert score_document(TEXT, gold, too_small).lenient == 0


def test_one_to_one_and_false_positive() -> None:
    gold = [ScoredQuote((Q1_GOLD,), (SMITH,), "Smith")]
    system = [
        ScoredQuote((Q1_SYS,), (SMITH,), "Smith"),
        ScoredQuote((_span("we will win the vote in the end"),)),
        ScoredQuote((_span("very bad"),)),
    ]
    c = score_document(TEXT, gold, system)
    assert (c.gold, c.system, c.lenient, c.strict, c.ignored) == (1, 3, 1, 1, 0)
    f = figures(c)
    assert f["lenient_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert f["lenient_recall"] == 1.0
    assert f["lenient_f1"] == pytest.approx(0.5)


def test_quote_inside_indirect_content_is_ignored() -> None:
    gold = [ScoredQuote((Q1_GOLD,), (SMITH,), "Smith")]
    content = (_span("it was “very bad” for all of us"),)
    system = [ScoredQuote((Q1_SYS,)), ScoredQuote((_span("very bad"),))]
    c = score_document(TEXT, gold, system, [((Q1_GOLD),), content])
    assert (c.system, c.ignored, c.lenient) == (1, 1, 1)
    assert c.speaker_total == 1 and c.speaker_right == 0  # no speaker given


@pytest.mark.parametrize(
    ("gold_speaker", "system_speaker", "right"),
    [
        (((0, 5), "Smith"), ((0, 5), "Smith"), True),
        (((0, 5), "Smith"), ((50, 55), "Mr. Smith"), True),  # same last word elsewhere
        (((0, 5), "Smith"), ((46, 51), "Jones"), False),
        (((0, 5), "Smith"), ((2, 4), "mi"), True),  # overlap
    ],
)
def test_speaker_rule(
    gold_speaker: tuple[tuple[int, int], str],
    system_speaker: tuple[tuple[int, int], str],
    right: bool,
) -> None:
    g = ScoredQuote((Q1_GOLD,), (gold_speaker[0],), gold_speaker[1])
    s = ScoredQuote((Q1_SYS,), (system_speaker[0],), system_speaker[1])
    assert speaker_right(g, s) is right


def test_resolved_speaker_names_the_same_person() -> None:
    gold = ScoredQuote((Q1_GOLD,), (SMITH,), "Smith")
    he = ScoredQuote((Q1_SYS,), ((46, 51),), "Jones", resolved_name="Anna Smith")
    assert not speaker_right(gold, he)
    assert speaker_right(gold, he, resolved=True)
    other = ScoredQuote((Q1_SYS,), ((46, 51),), "Jones", resolved_name="Bob Jones")
    assert not speaker_right(gold, other, resolved=True)
    c = score_document(TEXT, [gold], [he])
    assert (c.speaker_total, c.speaker_right, c.speaker_right_resolved) == (1, 0, 1)
    fig = figures(c)
    assert (fig["speaker_accuracy"], fig["speaker_accuracy_resolved"]) == (0.0, 1.0)


def test_storyline_quotes_resolve_a_pronoun_speaker_through_the_cast(nlp: Language) -> None:
    text = (
        "Senator Maria Alvarez spoke in Denver on Monday. "
        "\u201cWe will not back down on this bill,\u201d she said."
    )
    doc = nlp(text)
    [q] = storyline_quotes(doc)
    assert q.speaker_text == "she"
    assert q.resolved_name.split()[-1] == "Alvarez"
    assert storyline_quotes(doc, resolve=False)[0].resolved_name == ""


def test_read_gold_keeps_quoted_contents_and_joins_pieces() -> None:
    text = "“We will win,” Smith said, “and soon.” Jones said that they would lose."
    ann = "\n".join(
        [
            "T1\tSource 15 20\tSmith",
            "T2\tCue 21 25\tsaid",
            "T3\tContent 0 14;27 38\t“We will win,” “and soon.”",
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
            "T4\tSource 39 44\tJones",
            "T5\tCue 45 49\tsaid",
            "T6\tContent 50 70\tthat they would lose",
            "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4",
        ]
    )
    assert text[27:38] == "“and soon.”" and text[50:70] == "that they would lose"
    gold, contents = read_gold(ann, text)
    assert gold == [ScoredQuote(((0, 14), (27, 38)), ((15, 20),), "Smith")]
    assert contents == [((0, 14), (27, 38)), ((50, 70),)]


def test_speaker_named_inside_the_content_is_right() -> None:
    # PolNeAR annotates only the outer attribution ("according to the Ledger") and
    # keeps the inner one in the Content: the quoted words are Smith's.
    text = "\u201cWe will win,\u201d Smith said at a rally, according to the Ledger."
    ann = "\n".join(
        [
            "T1\tContent 0 36\t\u201cWe will win,\u201d Smith said at a rally",
            "T2\tCue 38 50\taccording to",
            "T3\tSource 51 61\tthe Ledger",
            "E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3",
        ]
    )
    assert text[51:61] == "the Ledger" and text[38:50] == "according to"
    [gold], _ = read_gold(ann, text)
    assert [text[a:b] for a, b in gold.attribution] == ["Smith said at a rally"]
    smith = ScoredQuote(((1, 13),), ((15, 20),), "Smith")
    ledger = ScoredQuote(((1, 13),), ((55, 61),), "Ledger")
    nobody = ScoredQuote(((1, 13),), ((0, 0),), "Jones")
    assert speaker_right(gold, smith) and speaker_right(gold, ledger)
    assert not speaker_right(gold, nobody)


def test_words_outside_the_marks_without_a_reporting_verb_are_no_attribution() -> None:
    text = "He said \u201csome good things\u201d about Mr. Jones at the rally."
    ann = "\n".join(
        [
            "T1\tSource 0 2\tHe",
            "T2\tCue 3 7\tsaid",
            "T3\tContent 8 40\t\u201csome good things\u201d about Mr. Jones",
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
        ]
    )
    [gold], _ = read_gold(ann, text)
    assert gold.attribution == ()
    jones = ScoredQuote(((9, 25),), ((35, 40),), "Jones")
    assert not speaker_right(gold, jones)


def test_relative_pronoun_source_is_its_antecedent() -> None:
    text = "Cruz won the backing of Mike Lee, who declared, \u201cIt is time to unite.\u201d"
    who = (text.index("who"), text.index("who") + 3)
    lee = (text.index("Mike"), text.index(","))
    cruz = (0, 4)
    q = (text.index("It"), text.index(".") + 1)
    gold = ScoredQuote((q,), (who,), "who")
    assert speaker_right(gold, ScoredQuote((q,), (lee,), "Mike Lee"))
    assert not speaker_right(gold, ScoredQuote((q,), (cruz,), "Cruz"))


def test_figures_zero_safe() -> None:
    f = figures(Counts())
    assert f["lenient_f1"] == 0.0 and f["speaker_accuracy"] == 0.0


@pytest.mark.slow
@pytest.mark.shared
def test_cli_json_on_three_dev_articles(data_dir: Path, tmp_path: Path) -> None:
    from storyline.cli import main
    from storyline.eval.quotes import ensure_polnear

    tarball = data_dir / "quotes" / "polnear" / "PolNeAR-v1.0.0-train-dev.tar.gz"
    split = ensure_polnear("dev", tarball=tarball)
    result = CliRunner().invoke(main, ["eval", "quotes", str(split), "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["documents"] == 3
    for key in (
        "lenient_f1",
        "strict_f1",
        "speaker_accuracy",
        "lenient_precision",
        "lenient_recall",
    ):
        assert 0.0 <= out[key] <= 1.0
    assert out["gold"] > 0
    assert out["lenient_f1"] > 0.5
    assert "textacy" in out["peers"]
    assert 0.0 <= out["peers"]["textacy"]["lenient_f1"] <= 1.0


def test_cli_rejects_a_folder_that_is_not_a_split(tmp_path: Path) -> None:
    from storyline.cli import main

    result = CliRunner().invoke(main, ["eval", "quotes", str(tmp_path), "--no-peers"])
    assert result.exit_code == 1
    assert "not a PolNeAR split" in result.output

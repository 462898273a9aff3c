"""MUC, B-cubed, CEAF-e and pairwise errors on worked examples."""

from __future__ import annotations

import pytest

from storyline.eval.coref_metrics import b_cubed, ceaf_e, conll_f1, muc, pair_errors

# Pradhan et al. (2014) running example: key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


@pytest.mark.parametrize(
    ("metric", "recall", "precision"),
    [
        # MUC: key needs 5 links, 2 found; response proposes 5 links, 2 right.
        (muc, 2 / 5, 2 / 5),
        # B3 recall: a,b 2/3; c 1/3; d,e 1/4; f,g 2/4. Precision: a,b 1; c,d 1/2; f,g 2/4; h,i 1/4.
        (b_cubed, (2 / 3 + 2 / 3 + 1 / 3 + 1 / 4 + 1 / 4 + 2 / 4 + 2 / 4) / 7,
         (1 + 1 + 1 / 2 + 1 / 2 + 2 / 4 + 2 / 4 + 1 / 4 + 1 / 4) / 8),
        # CEAF-e: best alignment {a,b,c}-{a,b} (phi4 0.8) + {d,e,f,g}-{f,g,h,i} (0.5).
        (ceaf_e, 1.3 / 2, 1.3 / 3),
    ],
)
def test_textbook_example(metric: object, recall: float, precision: float) -> None:
    score = metric(KEY, RESPONSE)  # type: ignore[operator]
    assert score.recall == pytest.approx(recall)
    assert score.precision == pytest.approx(precision)
    assert score.f1 == pytest.approx(2 * recall * precision / (recall + precision))


@pytest.mark.parametrize(
    ("key", "response", "recall", "precision"),
    [
        # Vilain et al. (1995): splitting one chain of four in two halves.
        ([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}], 2 / 3, 1.0),
        ([{"A", "B"}, {"C", "D"}], [{"A", "B", "C", "D"}], 1.0, 2 / 3),
        ([{"A", "B", "C"}], [{"A"}, {"B"}, {"C"}], 0.0, 0.0),
    ],
)
def test_muc_vilain(
    key: list[set[str]], response: list[set[str]], recall: float, precision: float
) -> None:
    score = muc(key, response)
    assert (score.recall, score.precision) == pytest.approx((recall, precision))


@pytest.mark.parametrize("metric", [muc, b_cubed, ceaf_e])
def test_identical_partitions_score_one(metric: object) -> None:
    clusters = [{1, 2, 3}, {4, 5}, {6}]
    score = metric(clusters, clusters)  # type: ignore[operator]
    assert score.f1 == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("key", "response", "value"),
    [
        ([{1, 2}, {3}], [{1, 2}, {3}], 1.0),
        # All singletons against one chain of two: MUC 0, B3 R 1/2 P 1, CEAF-e R 1/2 P 1/3.
        (
            [{1, 2}],
            [{1}, {2}],
            (0.0 + 2 * 0.5 * 1 / 1.5 + 2 * (2 / 3) * (1 / 3) / 1.0) / 3,
        ),
    ],
)
def test_conll_mean(key: list[set[int]], response: list[set[int]], value: float) -> None:
    assert conll_f1(key, response) == pytest.approx(value)


def test_ceaf_alignment_is_optimal_not_greedy() -> None:
    # Greedy would pair {1,2,3,4}-{1,2,3} (phi4 6/7) and leave {5,6}; optimal is the same
    # here, so build a case where the greedy first pick is worse overall.
    key = [{1, 2, 3}, {4, 5}]
    response = [{1, 2, 4, 5}, {3}]
    # Options: K1-R1 (4/7) + K2-R2 (0) = 0.571; K1-R2 (2/4=0.5) + K2-R1 (4/6=0.667) = 1.167.
    score = ceaf_e(key, response)
    assert score.recall == pytest.approx((0.5 + 4 / 6) / 2)


@pytest.mark.parametrize(
    ("key", "response", "missed", "wrong", "correct"),
    [
        # e, h and i are on one side only: over a,b,c,d,f,g the key has 6 pairs.
        (KEY, RESPONSE, 4, 1, 2),
        ([{1, 2, 3}], [{1, 2, 3}], 0, 0, 3),
        ([{1}, {2}], [{1, 2}], 0, 1, 0),
        # Mentions absent from the response are not counted.
        ([{1, 2, 3}], [{1, 2}], 0, 0, 1),
    ],
)
def test_pair_errors(
    key: list[set[str]] | list[set[int]],
    response: list[set[str]] | list[set[int]],
    missed: int,
    wrong: int,
    correct: int,
) -> None:
    errors = pair_errors(key, response)
    assert (errors.missed, errors.wrong, errors.correct) == (missed, wrong, correct)

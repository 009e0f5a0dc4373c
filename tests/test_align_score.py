from vocabgen.align.score import score_beads


def test_perfect_alignment_scores_one():
    gold = [[((0,), (0,)), ((1, 2), (1,)), ((), (2,))]]
    s = score_beads(gold, gold)
    assert (s.precision_strict, s.recall_strict, s.f1_strict, s.f1_lax) == (1, 1, 1, 1)


def test_strict_and_lax_differ_on_partial_overlap():
    gold = [[((0,), (0,)), ((1, 2), (1,))]]
    test = [[((0,), (0,)), ((1,), (1,)), ((2,), ())]]
    s = score_beads(gold, test)
    assert s.precision_strict == 1 / 3
    assert s.recall_strict == 1 / 2
    assert s.precision_lax == 2 / 3  # [1]:[1] overlaps a gold bead; [2]:[] does not
    assert s.recall_lax == 1.0


def test_empty_beads_ignored_and_counts_summed_over_documents():
    gold = [[((0,), (0,))], [((0,), (0,)), ((1,), (1,))]]
    test = [[((0,), (0,)), ((), ())], [((0, 1), (0, 1))]]
    s = score_beads(gold, test)
    assert s.precision_strict == 1 / 2
    assert s.recall_strict == 1 / 3

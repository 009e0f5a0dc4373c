"""Coverage figures: their definitions, and what --known/--hsk-known do to a build."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import build, manifests, seed
from vocabgen.cli import main


@pytest.fixture(scope="module")
def article_parts(seed_studies):
    return seed_studies[2].article, seed_studies[2]


def _measure(study, lexicon, known):
    from vocabgen.coverage import measure
    from vocabgen.segment import segment
    from vocabgen.vocabulary import collect
    from vocabgen.reading.pinyin import read_tokens

    tokenized = [(tokens := segment(p.zh), read_tokens(tokens, lexicon)) for p in study.pairs]
    vocabulary = collect(tokenized, 0, lexicon)
    return measure([t for t, _ in tokenized], vocabulary.occurrences, lexicon, known), vocabulary


def test_shares_grow_with_level_and_knowledge(article_parts, lexicon):
    from vocabgen.known import hsk_known

    _, study = article_parts
    c = study.coverage
    assert c.running_words > 300
    assert list(c.by_hsk) == sorted(c.by_hsk) and 0 < c.by_hsk[0] and c.by_hsk[-1] <= 1
    assert c.known <= c.by_hsk[0]  # nothing known but names and grammatical words
    level3, _ = _measure(study, lexicon, hsk_known(lexicon, 3))
    assert level3.known == pytest.approx(c.by_hsk[2])
    assert level3.new_words_for[1][1] < c.new_words_for[1][1]


def test_new_words_for_is_the_shortest_prefix_of_the_ranking(article_parts, lexicon):
    """Knowing the first n ranked words reaches the target; the first n-1 do not."""
    from vocabgen.known import hsk_known
    from vocabgen.rank import RankOptions, rank

    _, study = article_parts
    known = hsk_known(lexicon, 2)
    coverage, vocabulary = _measure(study, lexicon, known)
    ranked = [r.word for r in rank(vocabulary.occurrences, lexicon, RankOptions(max_terms=10_000, known=known))]
    for target, n in coverage.new_words_for:
        assert n is not None and n > 0
        reached, _ = _measure(study, lexicon, known | set(ranked[:n]))
        short, _ = _measure(study, lexicon, known | set(ranked[: n - 1]))
        assert reached.known * 100 >= target - 1e-6 > short.known * 100


def test_known_words_get_no_cards_and_coverage_changes(tmp_path):
    plain_out, learner_out = tmp_path / "plain", tmp_path / "learner"
    plain_output = build([seed(3)], plain_out)
    (plain,) = manifests(plain_out).values()
    mine = [t["hanzi"] for t in plain["terms"][:5]]
    words = tmp_path / "my_words.txt"
    words.write_text("# words I have learned\n" + "\n".join(mine) + "\n", encoding="utf-8")

    learner_output = build([seed(3)], learner_out, "--hsk-known", "3", "--known", str(words))
    (learner,) = manifests(learner_out).values()
    terms = [t["hanzi"] for t in learner["terms"]]
    assert not set(terms) & set(mine)
    assert all(t["hsk"] is None or t["hsk"] > 3 for t in learner["terms"])

    before, after = plain["coverage"], learner["coverage"]
    assert after["by_hsk"] == before["by_hsk"]  # a property of the article alone
    assert after["known"] > before["by_hsk"]["3"] >= before["known"]
    for target in ("90%", "95%", "98%"):
        assert after["new_words_for"][target] < before["new_words_for"][target]
    # The summary table shows the learner's share, once the learner has said what
    # they know; with nothing known it would only measure names and particles.
    assert "known (+new → 95%)" in learner_output
    assert f"{after['known']:.0%} (+{after['new_words_for']['95%']} → 95%)" in learner_output
    assert "known (+new" not in plain_output


def test_stats_prints_coverage_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("干部\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", str(seed(0)), str(seed(4)), "--hsk-known", "2", "--known", "mine.txt"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.rglob("*")] == ["mine.txt"]
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["article", "words", "HSK1"]
    assert "to 98%" in lines[0]
    assert any(line.startswith("1960-08-09") for line in lines)
    assert any(line.startswith("1957-01-30") for line in lines)
    assert "%" in lines[2]


def test_stats_without_articles_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["stats", str(tmp_path)])
    assert result.exit_code != 0 and "no articles" in result.output

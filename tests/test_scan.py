"""Reading the inputs of a build: IDs decided up front, texts read when built."""

from pathlib import Path

from vocabgen.ingest import Source, read_article
from vocabgen.batch import scan

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_5ad903a1dcf9d3b7.txt"


def test_same_titled_articles_get_distinct_ids_and_a_bad_file_is_reported(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    # Same title and date, different Chinese: a second printing with a correction.
    (tmp_path / "b.txt").write_text(text.replace("。", "！", 1), encoding="utf-8")
    (tmp_path / "c.txt").write_text("Title: no body\n", encoding="utf-8")
    sources = [Source(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")]

    refs, failures = scan(sources)

    own_id = read_article(sources[0]).id
    assert [r.source for r in refs] == sources[:2]
    assert len({r.id for r in refs}) == 2 and all(r.id.startswith(own_id + "-") for r in refs)
    assert [r.load().id for r in refs] == [r.id for r in refs]
    # What incremental builds key on: the bytes as scanned, so the two differ.
    assert len({r.digest for r in refs}) == 2 and all(len(r.digest) == 64 for r in refs)
    assert [f.source for f in failures] == [str(tmp_path / "c.txt")]


def test_an_article_keeps_its_own_id_when_no_other_shares_it():
    (ref,), _ = scan([Source(SEED)])
    assert ref.id == read_article(Source(SEED)).id
    assert ref.load() == read_article(Source(SEED))

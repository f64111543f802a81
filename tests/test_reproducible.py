"""The same text gives byte-identical JSON alone and inside a batch of other texts (scores rounded in the schema)."""

from __future__ import annotations

import pytest

import claimscope
from claimscope.export.analysis import doc_to_analysis
from tests.conftest import COMMENTARY

# Texts of very different lengths around the one under test, so that its claims share encoder batches (and
# padding) with claims of other lengths.
OTHERS = [
    "Japan has imposed new sanctions on Russia.",
    "The EU is divided. " * 3
    + "Analysts say that Beijing will not back Moscow, while Washington believes the talks may fail. " * 4,
    "Peskov said that the measures were unfriendly and that Russia would respond.",
]


def test_a_text_gives_the_same_json_alone_and_in_a_batch(nlp):
    alone = claimscope.analyze(COMMENTARY, nlp=nlp)
    assert len(alone.claims) >= 3 and any(c.verdict_score is not None for c in alone.claims)
    batch = list(claimscope.analyze_batch([OTHERS[0], COMMENTARY, *OTHERS[1:], COMMENTARY], nlp=nlp, batch_size=8))
    assert batch[1].to_json() == alone.to_json() == batch[4].to_json()
    assert batch[1].to_dict() == alone.to_dict()
    small_batches = list(claimscope.analyze_batch([*OTHERS, COMMENTARY], nlp=nlp, batch_size=2))
    assert small_batches[-1].to_json() == alone.to_json()


def test_every_score_in_the_output_has_at_most_four_decimals(nlp):
    [analysis] = list(claimscope.analyze_batch([COMMENTARY], nlp=nlp))
    scores = [
        x
        for c in analysis.claims
        for x in (c.verdict_score, c.checkworthiness, *(s.score for s in c.stances))
        if x is not None
    ]
    assert scores and all(x == round(x, 4) for x in scores)
    doc = nlp(COMMENTARY)
    raw = [s._.verdict_score for s in doc.spans["claims"] if s._.verdict_score is not None]
    assert any(x != round(x, 4) for x in raw)  # the rounding happens in the schema, not before
    assert doc_to_analysis(doc).to_json() == analysis.to_json()


def test_the_dataframes_hold_the_same_rounded_scores(nlp):
    pytest.importorskip("pandas")
    alone = claimscope.analyze(COMMENTARY, nlp=nlp)
    batched = list(claimscope.analyze_batch([OTHERS[1], COMMENTARY], nlp=nlp, batch_size=8))[1]
    frames = [claimscope.to_dataframe([a]) for a in (alone, batched)]
    assert frames[0].equals(frames[1])
    scores = [s for s in frames[0]["verdict_score"] if s == s]  # NaN-free
    assert scores == [c.verdict_score for c in alone.claims if c.verdict_score is not None]
    assert all(s == round(s, 4) for s in scores)
    entities = [claimscope.entities_dataframe([a]) for a in (alone, batched)]
    assert entities[0].equals(entities[1])


def test_the_batch_command_writes_the_scores_of_analyze(nlp, tmp_path):
    """The batch tables hold the very values of ``analyze`` for the same text (JSON lines, byte for byte)."""
    import json

    from claimscope.batch import run

    corpus = tmp_path / "corpus.jsonl"
    texts = [*OTHERS, COMMENTARY]
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    run(corpus, tmp_path / "out", output_format="jsonl", workers=1, nlp=nlp, progress=False)
    rows = [
        json.loads(line)
        for part in sorted((tmp_path / "out" / "claims").glob("*.jsonl"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    written = [r for r in rows if r["doc_id"] == f"d{len(texts) - 1}"]
    alone = claimscope.analyze(COMMENTARY, nlp=nlp).to_dict()["claims"]
    fields = ("text", "start", "end", "statement", "verdict", "verdict_score", "checkworthiness", "stances")
    assert len(written) == len(alone) >= 3
    for row, claim in zip(sorted(written, key=lambda r: r["claim_index"]), alone, strict=True):
        assert json.dumps({f: row[f] for f in fields}) == json.dumps({f: claim[f] for f in fields})

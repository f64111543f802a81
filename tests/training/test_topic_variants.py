"""Reworded topics: the training variants, their labels, and evaluation under a held-out wording."""

from __future__ import annotations

import json

import pytest
import typer
from datasets import Dataset
from typer.testing import CliRunner

from claimscope.training.cli import register
from claimscope.training.data import read_topic_stance
from claimscope.training.topic_variants import (
    EVALUATION_WORDINGS,
    FLIPPED,
    INVERTING,
    KEEPING,
    reword,
    split_pair,
    with_topic_variants,
)

AGAINST, NEUTRAL, FAVOR = 0, 1, 2
ROWS = [
    {"text": "Sanctions on Russia are a disgrace and must end.", "topic": "sanctions on Russia", "label": "against"},
    {"text": "The sanctions on Russia are working; tighten them.", "topic": "sanctions on Russia", "label": "favor"},
    {"text": "The ministers met in Rome on Monday.", "topic": "the Rome meeting", "label": "neutral"},
    {"text": "He lied to everyone about the deal.", "topic": "him", "label": "against"},
]


@pytest.fixture(scope="module")
def topic_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("topics") / "topics.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n")
    return path


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_reword_flips_favor_and_against_only_when_the_wording_inverts(topic_file) -> None:
    rows = read_topic_stance(topic_file)
    inverted = reword(rows[0], "opposition to {topic}", inverts=True)
    assert split_pair(inverted) == ("opposition to sanctions on Russia", ROWS[0]["text"])
    start, end = inverted["targets"][0]
    assert inverted["text"][start:end] == "opposition to sanctions on Russia"
    assert [reword(r, "opposition to {topic}", True)["labels"] for r in rows[:3]] == [[FAVOR], [AGAINST], [NEUTRAL]]
    assert [reword(r, "support for {topic}", False)["labels"] for r in rows[:3]] == [[AGAINST], [FAVOR], [NEUTRAL]]
    # the evaluation wordings are not among the training ones, and say whether they invert
    assert not set(EVALUATION_WORDINGS) & set(INVERTING + KEEPING)
    assert [reword(rows[1], w, inv)["labels"] for w, inv in EVALUATION_WORDINGS.items()] == [
        [AGAINST] if inv else [FAVOR] for inv in EVALUATION_WORDINGS.values()
    ]


def test_with_topic_variants_adds_seeded_reworded_copies_and_skips_pronouns(topic_file) -> None:
    rows = Dataset.from_list(read_topic_stance(topic_file) * 25)
    assert with_topic_variants(rows, 0.0, 13).to_list() == rows.to_list()
    every = with_topic_variants(rows, 1.0, 13)
    assert every.to_list()[: len(rows)] == rows.to_list()  # the original rows all stay, first
    originals = [r for r in rows if split_pair(r)[0] != "him"]  # a pronoun makes no topic once reworded
    copies = every.to_list()[len(rows) :]
    assert len(copies) == len(originals) == 75
    used = set()
    for copy, original in zip(copies, originals, strict=True):
        (topic, text), (old_topic, old_text) = split_pair(copy), split_pair(original)
        assert text == old_text
        wording = next(w for w in INVERTING + KEEPING if topic == w.format(topic=old_topic))
        used.add(wording)
        want = original["labels"][0]
        assert copy["labels"] == [FLIPPED[want] if wording in INVERTING else want]
    assert used & set(INVERTING) and used & set(KEEPING)
    some = with_topic_variants(rows, 0.3, 7)
    assert some.to_list() == with_topic_variants(rows, 0.3, 7).to_list()
    assert len(rows) < len(some) < len(every)
    with pytest.raises(ValueError, match="between 0 and 1"):
        with_topic_variants(rows, 1.5, 13)


def test_evaluate_with_an_inverting_template_swaps_the_gold_labels(topic_file) -> None:
    runner = CliRunner()
    plain = runner.invoke(_app(), ["evaluate", "topic-stance", "--data", str(topic_file)])
    assert plain.exit_code == 0, plain.output
    args = ["evaluate", "topic-stance", "--data", str(topic_file), "--topic-template", "objections to {topic}"]
    inverted = runner.invoke(_app(), [*args, "--inverts"])
    assert inverted.exit_code == 0, inverted.output
    plain_report, report = json.loads(plain.stdout), json.loads(inverted.stdout)
    assert report["topic_template"] == "objections to {topic}" and report["inverts"] is True
    assert "topic_template" not in plain_report
    gold_counts = [sum(row) for row in report["confusion_matrix"]["matrix"]]
    plain_counts = [sum(row) for row in plain_report["confusion_matrix"]["matrix"]]
    assert gold_counts == plain_counts[::-1] == [1, 1, 2]  # favor and against swapped, neutral kept
    kept = json.loads(runner.invoke(_app(), [*args, "--no-inverts"]).stdout)
    assert [sum(row) for row in kept["confusion_matrix"]["matrix"]] == plain_counts


@pytest.mark.parametrize(
    ("task", "template"),
    [
        ("topic-stance", "objections to the topic"),
        ("topic-stance", "objections to {topic} in {year}"),
        ("topic-stance", "objections to {topic.name}"),
        ("fact-opinion", "objections to {topic}"),
    ],
)
def test_a_bad_topic_template_is_a_coded_error(topic_file, task, template) -> None:
    res = CliRunner().invoke(_app(), ["evaluate", task, "--data", str(topic_file), "--topic-template", template])
    assert res.exit_code == 1 and "[E028]" in res.output and template in res.output


def test_train_records_the_fraction_of_topic_variants(topic_file, tmp_path) -> None:
    out = tmp_path / "tv"
    file = str(topic_file)
    args = ["train", "topic-stance", "--data", file, "--dev", file, "--output", str(out), "--epochs", "1"]
    res = CliRunner().invoke(_app(), [*args, "--trainable-layers", "1", "--topic-variants", "0.5"])
    assert res.exit_code == 0, res.output
    assert json.loads((out / "config.json").read_text())["training"]["topic_variants"] == 0.5
    res = CliRunner().invoke(_app(), [*args, "--topic-variants", "1.5"])
    assert res.exit_code == 2 and "topic-variants" in res.output


def test_report_scores_every_evaluation_wording_on_val_and_test(monkeypatch, tmp_path) -> None:
    from claimscope.training import topic_report

    monkeypatch.setenv("CLAIMSCOPE_DATA_DIR", str(tmp_path))

    calls: list[tuple[str, str | None, bool]] = []

    def fake_score(model, files, wording=None, inverts=False):
        split = "test" if files[0].endswith("test_text.txt") else "val"
        calls.append((split, wording, inverts))
        return {"score": 0.6 if split == "val" else 0.5}

    monkeypatch.setattr(topic_report, "_score", fake_score)
    rows = topic_report.reworded(tmp_path)
    assert list(rows) == list(EVALUATION_WORDINGS)
    assert rows["objections to {topic}"] == {"inverts": True, "dev": 0.6, "test": 0.5}
    assert {(w, inv) for _, w, inv in calls} == set(EVALUATION_WORDINGS.items()) and len(calls) == 12
    section = topic_report._reworded_section(rows)
    assert "| `enthusiasm for {topic}` | no | 0.600 | 0.500 |" in section
    assert topic_report._reworded_section(None) == "Not measured."
    assert "no better than chance" in topic_report._zero_shot_reading(0.27, 0.33, 0.35)
    assert "above chance" in topic_report._zero_shot_reading(0.40, 0.33, 0.35)
    assert "narrows the gap" in topic_report._zero_shot_reading(0.40, 0.33, 0.35)


def test_commentary_pairs_are_balanced_and_readable() -> None:
    """The 24 hand-written commentary pairs: 11 topics, each with as many claims for it as against it."""
    from pathlib import Path

    rows = read_topic_stance(Path(__file__).parents[1] / "data" / "topic_commentary_pairs.jsonl")
    assert len(rows) == 24
    by_topic: dict[str, list[int]] = {}
    for row in rows:
        by_topic.setdefault(split_pair(row)[0], []).append(row["labels"][0])
    assert len(by_topic) == 11
    assert all(labels.count(AGAINST) == labels.count(FAVOR) > 0 for labels in by_topic.values())


def test_evaluate_on_binary_gold_counts_the_neutral_answers_it_folds(topic_file) -> None:
    """Without neutral gold (P-Stance, the commentary pairs) a neutral answer is scored as the likelier of favor
    and against; the report says how many there were."""
    from pathlib import Path

    from claimscope.models import TopicStanceModel

    pairs = Path(__file__).parents[1] / "data" / "topic_commentary_pairs.jsonl"
    report = json.loads(CliRunner().invoke(_app(), ["evaluate", "topic-stance", "--data", str(pairs)]).stdout)
    rows = [json.loads(line) for line in pairs.read_text().splitlines()]
    labels = [p.label for p in TopicStanceModel.load().predict([(r["text"], r["topic"]) for r in rows])]
    assert report["metric"] == "macro_f1_favor_against"
    assert report["neutral_predictions_folded"] == labels.count("neutral")
    assert sum(map(sum, report["confusion_matrix"]["matrix"])) == 24
    with_neutral = json.loads(
        CliRunner().invoke(_app(), ["evaluate", "topic-stance", "--data", str(topic_file)]).stdout
    )
    assert "neutral_predictions_folded" not in with_neutral

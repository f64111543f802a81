"""Stance towards topics the caller names: the model, relevance, the API, the CLI and the spaCy component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimscope
from claimscope.classify.topics import DEFAULT_RELEVANCE_THRESHOLD, TopicRelevance, check_topics
from claimscope.cli import app
from claimscope.errors import ClaimscopeTypeError, ClaimscopeValueError, ClaimscopeWarning, ModelLoadError
from claimscope.models import TopicStanceModel, default_topic_model_path
from claimscope.models.topic import MAX_TOPIC_WORDS, pair_text

SANCTIONS = "sanctions against Russia"
TEXT = (
    "Japan joined the G7 in imposing new sanctions on Russia over the war in Ukraine. "
    "The sanctions are a disaster for Japanese companies and should be lifted at once. "
    "The new railway station in Osaka opened on Monday with a concert."
)


@pytest.fixture(scope="module")
def model() -> TopicStanceModel:
    return TopicStanceModel.load()


def test_check_topics() -> None:
    assert check_topics(None) == [] and check_topics("NATO expansion") == ["NATO expansion"]
    assert check_topics(["a b", "c", "a b"]) == ["a b", "c"]
    with pytest.raises(ClaimscopeValueError, match=r"\[E024\] Topic 1 .*empty"):
        check_topics(["fine", "   "])
    with pytest.raises(ClaimscopeValueError, match=r"\[E024\] Topic 0 .*int"):
        check_topics([3])
    with pytest.raises(ClaimscopeTypeError, match="E002"):
        check_topics(42)  # type: ignore[arg-type]
    with pytest.warns(ClaimscopeWarning, match="W006"):
        assert len(check_topics(["word " * 500])) == 1


def test_pair_text_puts_the_topic_first_and_cuts_long_topics() -> None:
    pair, span = pair_text("Japan imposed sanctions.", "  sanctions   on Russia ")
    assert (
        pair == "sanctions on Russia [SEP] Japan imposed sanctions."
        and pair[span[0] : span[1]] == "sanctions on Russia"
    )
    pair, (start, end) = pair_text("text", "w " * 500)
    assert len(pair[start:end].split()) == MAX_TOPIC_WORDS


def test_model_labels_scores_and_batching(model: TopicStanceModel) -> None:
    items = [
        ("Nuclear power is clean, safe and essential for our future.", "nuclear power"),
        ("Nuclear power is dangerous and should be phased out.", "nuclear power"),
        ("Hillary Clinton would be a great president for all of us.", "Hillary Clinton"),
        ("", "climate change"),
    ]
    preds = model.predict(items)
    assert [p.label for p in preds[:3]] == ["favor", "against", "favor"]
    for p in preds:
        assert p.label in {"favor", "against", "neutral"} and abs(sum(p.scores.values()) - 1) < 1e-5
        assert p.score == max(p.scores.values())
    one_by_one = [model.predict([item], batch_size=1)[0] for item in items]
    for a, b in zip(preds, one_by_one, strict=True):
        assert a.label == b.label and a.score == pytest.approx(b.score, abs=1e-4)
    assert model.predict([]) == []


def test_model_rejects_bad_items_naming_them(model: TopicStanceModel) -> None:
    with pytest.raises(ClaimscopeValueError, match=r"Item 1 .*topic is empty"):
        model.predict([("text", "topic"), ("text", " ")])
    with pytest.raises(ClaimscopeValueError, match=r"Item 0 .*str"):
        model.predict([("text", None)])  # type: ignore[list-item]
    with pytest.raises(ClaimscopeValueError, match=r"Item 0 .*tuple"):
        model.predict(["just a text"])  # type: ignore[list-item]


def test_missing_or_wrong_topic_model_folder(tmp_path) -> None:
    with pytest.raises(ModelLoadError, match=r"\[E008\].*claimscope train topic-stance"):
        TopicStanceModel.load(tmp_path / "nope")
    with pytest.raises(ModelLoadError, match="no 'topic_stance' head"):
        TopicStanceModel.load(default_topic_model_path().parent / "claimscope-multitask")


def test_shipped_topic_artefact_is_small_and_documented() -> None:
    folder = default_topic_model_path()
    for name in ("config.json", "metrics.json", "README.md", "model.safetensors"):
        assert (folder / name).is_file(), name
    assert (folder / "model.safetensors").stat().st_size <= 10 * 2**20
    config = json.loads((folder / "config.json").read_text())
    assert config["tasks"] == ["topic_stance"] and config["temperature"]["topic_stance"] > 0
    metrics = json.loads((folder / "metrics.json").read_text())
    assert {"dev", "test_many_topics", "relevance"} <= set(metrics)
    assert metrics["relevance"]["threshold"] == DEFAULT_RELEVANCE_THRESHOLD


def test_relevance_separates_related_from_unrelated_claims() -> None:
    relevance = TopicRelevance()
    sim = relevance.similarity(
        [
            "Tokyo imposed new sanctions on Moscow.",
            "The EU agreed a fresh package of restrictions on Russian banks.",
            "The recipe needs two eggs and a cup of flour.",
            "The football season starts in August.",
        ],
        [SANCTIONS, "cooking"],
    )
    about = relevance.relevant(sim)
    assert about[:, 0].tolist() == [True, True, False, False]
    assert about[2, 1] and not about[3, 1]


def test_analyze_adds_topic_stances_only_to_claims_about_the_topic(nlp) -> None:
    plain = claimscope.analyze(TEXT, nlp=nlp)
    analysis = claimscope.analyze(TEXT, topics=[SANCTIONS], nlp=nlp)
    assert [c.text for c in analysis.claims] == [c.text for c in plain.claims]
    by_claim = {c.text: [s for s in c.stances if s.target == SANCTIONS] for c in analysis.claims}
    about = [t for t, stances in by_claim.items() if stances]
    assert any("imposing new sanctions" in t for t in about)
    assert not any("railway station" in t for t in about)
    lifted = next(s for t, stances in by_claim.items() for s in stances if "lifted" in t)
    assert lifted.label == "against" and lifted.relevance >= DEFAULT_RELEVANCE_THRESHOLD
    # entity stances are untouched by topics
    for a, b in zip(plain.claims, analysis.claims, strict=True):
        assert [s for s in b.stances if s.relevance is None] == a.stances
    assert analysis.entity_stances() == plain.entity_stances()


def test_analyze_batch_with_topics_matches_analyze_and_survives_bad_items(nlp) -> None:
    texts = [TEXT, None, "", "The railway station opened on Monday."]
    results = list(claimscope.analyze_batch(texts, batch_size=2, topics=SANCTIONS, nlp=nlp))  # type: ignore[arg-type]
    assert results[1].error and "E001" in results[1].error and results[2].claims == []
    single = claimscope.analyze(TEXT, topics=[SANCTIONS], nlp=nlp)
    assert results[0].model_dump() == single.model_dump()
    assert all(s.relevance is None for c in results[3].claims for s in c.stances)


def test_many_topics_and_a_very_long_topic(nlp) -> None:
    topics = [SANCTIONS] + [f"the price of product number {i}" for i in range(99)]
    analysis = claimscope.analyze(TEXT, topics=topics, nlp=nlp)
    targets = {s.target for c in analysis.claims for s in c.stances if s.relevance is not None}
    assert SANCTIONS in targets and len(targets) < 10
    with pytest.warns(ClaimscopeWarning, match="W006"):
        claimscope.analyze(TEXT, topics=["sanctions " + "and more words " * 200], nlp=nlp)


def test_empty_topic_is_a_coded_error(nlp) -> None:
    with pytest.raises(ClaimscopeValueError, match="E024"):
        claimscope.analyze(TEXT, topics=[""], nlp=nlp)
    with pytest.raises(ClaimscopeValueError, match="E024"):
        list(claimscope.analyze_batch([TEXT], topics=["ok", ""], nlp=nlp))


def test_cli_topic_option(tmp_path) -> None:
    src = tmp_path / "piece.txt"
    src.write_text(TEXT)
    runner = CliRunner()
    res = runner.invoke(app, ["analyze", str(src), "--topic", SANCTIONS, "--topic", "cooking"])
    assert res.exit_code == 0, res.output
    stances = [s for c in json.loads(res.stdout)["claims"] for s in c["stances"] if s["relevance"] is not None]
    assert stances and {s["target"] for s in stances} == {SANCTIONS}
    table = runner.invoke(app, ["analyze", str(src), "--topic", SANCTIONS, "--format", "table"])
    assert "topic -" in table.stdout and SANCTIONS in table.stdout
    bad = runner.invoke(app, ["analyze", str(src), "--topic", " "])
    assert bad.exit_code == 2 and "E024" in bad.output


def test_topic_stance_is_the_pipelines_last_step_and_idle_without_topics(nlp) -> None:
    assert nlp.pipe_names[-1] == "claimscope_topic_stance"
    step = nlp.get_pipe("claimscope_topic_stance")
    doc = nlp(TEXT)
    assert all(s.get("relevance") is None for span in doc.spans["claims"] for s in span._.stances or [])
    # per call, through spaCy's component_cfg: the same stances as analyze(topics=...)
    cfg = {"claimscope_topic_stance": {"topics": [SANCTIONS]}}
    (piped,) = nlp.pipe([TEXT], component_cfg=cfg)
    called = nlp(TEXT, component_cfg=cfg)
    expected = [
        [(s.target, s.label, s.score) for s in c.stances if s.relevance is not None]
        for c in claimscope.analyze(TEXT, topics=[SANCTIONS], nlp=nlp).claims
    ]
    for doc in (piped, called):
        found = [
            [(s["target"], s["label"], round(s["score"], 4)) for s in span._.stances or [] if "relevance" in s]
            for span in doc.spans["claims"]
        ]
        assert found == expected and any(found)
    assert step.topics == []  # a call's topics do not stay with the step


def test_the_topic_model_loads_only_when_a_topic_is_asked_for() -> None:
    """spaCy reads each component's ``model`` attribute when a pipe is added; the step must not load its weights
    then (the accurate tier's are 0.9 GB), nor on a text without topics."""
    nlp = claimscope.load(tier="fast")
    nlp.add_pipe("sentencizer", first=True, name="extra_step")  # spaCy links the components again
    step = nlp.get_pipe("claimscope_topic_stance")
    nlp(TEXT)
    assert step._model is None
    nlp(TEXT, component_cfg={"claimscope_topic_stance": {"topics": [SANCTIONS]}})
    assert step._model is not None


def test_spacy_component_and_round_trip(tmp_path) -> None:
    nlp = claimscope.load()
    nlp.replace_pipe("claimscope_topic_stance", "claimscope_topic_stance", config={"topics": [SANCTIONS]})
    doc = nlp(TEXT)
    found = [s for span in doc.spans["claims"] for s in span._.stances or [] if s["target"] == SANCTIONS]
    assert found and all(0 <= s["score"] <= 1 and "relevance" in s for s in found)
    nlp.to_disk(tmp_path / "pipe")
    # the saved pipeline carries its own copy of the topic model and its topics
    assert (tmp_path / "pipe" / "claimscope_topic_stance" / "model.safetensors").is_file()
    again = claimscope.load(tmp_path / "pipe")(TEXT)
    reloaded = [s for span in again.spans["claims"] for s in span._.stances or [] if s["target"] == SANCTIONS]
    assert [s["label"] for s in reloaded] == [s["label"] for s in found]


def test_topics_on_a_text_longer_than_max_length(nlp) -> None:
    text = "\n\n".join([TEXT] * 3)
    limit = nlp.max_length
    nlp.max_length = len(TEXT) + 10  # processed in pieces, as a text over 1,000,000 characters would be
    try:
        long = claimscope.analyze(text, topics=[SANCTIONS], nlp=nlp)
    finally:
        nlp.max_length = limit
    single = claimscope.analyze(TEXT, topics=[SANCTIONS], nlp=nlp)
    assert any("W002" in w for w in long.warnings)
    topic_stances = [[s for s in c.stances if s.target == SANCTIONS] for c in long.claims]
    assert topic_stances == [[s for s in c.stances if s.target == SANCTIONS] for c in single.claims] * 3
    assert all(long.text[c.start : c.end] == c.text for c in long.claims)


def test_zero_shot_only_report_keeps_test_scores_and_the_first_stage_figure(tmp_path, monkeypatch) -> None:
    """A zero-shot run added after the report: only its artefact is scored; the card gives both stages."""
    from claimscope.training import topic_report

    monkeypatch.setenv("CLAIMSCOPE_DATA_DIR", str(tmp_path))  # the datasets are not read: scoring is faked

    # the config and metrics of the two-stage eight-target model this report was written for (the shipped fast
    # model is now scored by `claimscope report topics`)
    shipped = Path(__file__).parents[1] / "data" / "topic_report_v1"
    folder = tmp_path / "model"
    folder.mkdir()
    for name in ("config.json", "metrics.json"):
        (folder / name).write_text((shipped / name).read_text())
    (folder / "model.safetensors").write_bytes(b"\0" * 1024)
    metrics = json.loads((folder / "metrics.json").read_text())
    metrics["test"]["zero_shot"] = {"held_out": "feminist", "model": "s1", "test": 0.3, "in_target_model_test": 0.5}
    metrics["test"]["zero_shot"]["stage"] = "first stage only"
    scored: list[list[str]] = []

    def fake_score(model, files):
        scored.append(files)
        return {"score": 0.25, "confusion_matrix": {"labels": ["against", "neutral", "favor"], "matrix": matrix}}

    matrix = [[30, 0, 0], [0, 30, 0], [0, 0, 30]]  # balanced gold: a uniform guess scores 1/3 on each class
    assert topic_report.uniform_guess_f_avg({"labels": ["against", "neutral", "favor"], "matrix": matrix}) == (
        pytest.approx(1 / 3)
    )

    monkeypatch.setattr(topic_report, "_score", fake_score)
    test = topic_report.add_zero_shot(metrics, tmp_path / "zs", "feminist")
    assert [len(f) for f in scored] == [1] and scored[0][0].endswith("feminist/test_text.txt")
    assert test["semeval_test"] == metrics["test"]["semeval_test"]
    zs = test["zero_shot"]
    assert zs["test"] == 0.25 and zs["in_target_model_test"] == metrics["test"]["semeval_test_per_target"]["feminist"]
    assert zs["first_stage"] == {"model": "s1", "test": 0.3, "in_target_model_test": 0.5}
    card = topic_report.write_card(folder, test, metrics.get("relevance")).read_text()
    assert "Both stages repeated" in card and "**0.250**" in card and "first stage alone: 0.300" in card
    assert "would score 0.333" in card
    with pytest.raises(SystemExit):
        topic_report.add_zero_shot(metrics, None, "feminist")


def test_the_dataframe_and_the_html_view_show_a_topic_stance_with_its_relevance() -> None:
    from claimscope import to_dataframe, viz
    from claimscope.schema import Analysis, Claim, Stance

    stance = Stance(target="sanctions against Russia", label="favor", score=0.81, relevance=0.42)
    claim = Claim(text="The sanctions work.", start=0, end=19, statement="The sanctions work.", stances=[stance])
    analysis = Analysis(text="The sanctions work.", claims=[claim])
    row = to_dataframe([analysis]).iloc[0]
    assert row["stances"] == [
        {"target": "sanctions against Russia", "name": "sanctions against Russia", "label": "favor",
         "score": 0.81, "relevance": 0.42}
    ]  # fmt: skip
    assert "relevance 0.42" in viz.render(analysis, jupyter=False)

"""The attribution tagger (claimscope.models.attribution): brat reader, BIO windows, span scores, claim measures, a tiny
training run and its artefact. The data is a tiny PolNeAR-layout fixture written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from claimscope.errors import ClaimscopeError, ModelLoadError
from claimscope.evaluation.attribution import claim_measures, span_scores
from claimscope.models.attribution import LABELS, AttributionModel, SpanPrediction, claimer_from_spans, decode
from claimscope.training.attribution_data import (
    Attribution,
    Document,
    document_windows,
    piece_tags,
    pieces,
    read_ann,
    read_split,
    windows,
)

TEXT_A = (
    "Senate vote delayed\n\n"
    "The senator said that the bill would pass next week. "
    "Officials, according to the Post, expect a close vote.\n"
)
TEXT_B = 'Prices rose in May. "We are worried," the minister told reporters.\n'


def _span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _ann(text: str, atts: list[dict[str, list[str]]]) -> str:
    lines, t, e = [], 0, 0
    for att in atts:
        ids = {}
        for role in ("Source", "Cue", "Content"):
            if role not in att:
                continue
            frags = [_span(text, p) for p in att[role]]
            t += 1
            ids[role] = f"T{t}"
            offs = ";".join(f"{s} {e}" for s, e in frags)
            lines.append(f"T{t}\t{role} {offs}\t{' '.join(text[s:e] for s, e in frags)}")
        t += 1
        cue = _span(text, att["Cue"][0])
        lines.append(f"T{t}\tAttribution {cue[0]} {cue[1]}\t{att['Cue'][0]}")
        e += 1
        args = " ".join(f"{r}:{i}" for r, i in ids.items())
        lines.append(f"E{e}\tAttribution:T{t} {args}")
    return "\n".join(lines) + "\n"


A_ATTS = [
    {"Source": ["The senator"], "Cue": ["said"], "Content": ["that the bill would pass next week."]},
    # a discontinuous content around its source and cue
    {"Source": ["the Post"], "Cue": ["according to"], "Content": ["Officials", "expect a close vote."]},
]
B_ATTS = [{"Source": ["the minister"], "Cue": ["told"], "Content": ['"We are worried,"']}]


@pytest.fixture()
def polnear(tmp_path: Path) -> Path:
    root = tmp_path / "polnear"
    for split in ("train", "dev"):
        (root / split / "text").mkdir(parents=True)
        (root / split / "attributions").mkdir(parents=True)
        for name, text, atts in (("a", TEXT_A, A_ATTS), ("b", TEXT_B, B_ATTS)):
            (root / split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
            (root / split / "attributions" / f"{name}_0001.ann").write_text(_ann(text, atts), encoding="utf-8")
        # a second annotator: ignored (the first by annotator id is read)
        (root / split / "attributions" / "b_9999.ann").write_text("", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tokenizer():
    from claimscope.models.encoder import load_base_encoder

    return load_base_encoder()[1]


def test_read_ann_keeps_fragments_and_missing_source(tmp_path: Path) -> None:
    path = tmp_path / "x.ann"
    path.write_text(
        "T1\tCue 0 4\tsaid\nT2\tContent 5 9;12 20\tabcd efghijkl\nT3\tAttribution 0 4\tsaid\n"
        "E1\tAttribution:T3 Content:T2 Cue:T1\n",
        encoding="utf-8",
    )
    (att,) = read_ann(path)
    assert att.source == [] and att.cue == [(0, 4)] and att.content == [(5, 9), (12, 20)]
    assert att.extent == (0, 20)


def test_read_split_one_file_per_text(polnear: Path) -> None:
    with pytest.raises(ClaimscopeError, match="E061"):
        read_split(polnear.parent, "dev")
    docs = read_split(polnear, "dev")
    assert [d.name for d in docs] == ["a", "b"]
    assert docs[1].annotator == "0001" and len(docs[1].attributions) == 1
    contents = ["Officials", "that the bill would pass next week.", "expect a close vote."]
    assert docs[0].spans("CONTENT") == sorted(_span(TEXT_A, c) for c in contents)


def test_tags_decode_back_to_gold_character_spans(polnear: Path, tokenizer) -> None:
    doc = read_split(polnear, "train")[0]
    ids, offsets = pieces(tokenizer, doc.text)
    tags = piece_tags(doc.text, offsets, doc.attributions)
    labels = [LABELS[t] for t in tags]
    words = {doc.text[s:e]: lab for (s, e), lab in zip(offsets, labels, strict=True)}
    assert words["senator"] == "I-SOURCE" and words["said"] == "B-CUE" and words["Officials"] == "B-CONTENT"
    assert words["vote"] == "O" or labels.count("B-CONTENT") == 3  # 'vote' appears twice; contents start 3 times
    spans = decode(doc.text, offsets, torch.nn.functional.one_hot(torch.tensor(tags), len(LABELS)).float())
    for role in ("SOURCE", "CUE", "CONTENT"):
        assert sorted((s.start, s.end) for s in spans if s.role == role) == doc.spans(role)
    assert all(s.score == 1.0 for s in spans)


def test_decode_word_pieces_follow_the_first_piece() -> None:
    text = "Detoured quickly"
    offsets = [(0, 3), (3, 8), (9, 16)]  # "Det" "oured" "quickly"
    probs = torch.zeros(3, len(LABELS))
    probs[0, LABELS.index("B-CONTENT")] = 1
    probs[1, LABELS.index("O")] = 1  # a later piece of the word tagged O: still part of the span
    probs[2, LABELS.index("I-SOURCE")] = 1  # I- after another role starts a span
    spans = decode(text, offsets, probs)
    assert [(s.role, s.start, s.end) for s in spans] == [("CONTENT", 0, 8), ("SOURCE", 9, 16)]


def test_windows_fit_and_keep_attributions_whole(tokenizer) -> None:
    sent = "The senator said that the bill would pass next week. "
    text = sent * 40
    _, offsets = pieces(tokenizer, text)
    cut = windows(text, offsets, size=30)
    assert cut[0][0] == 0 and cut[-1][1] == len(offsets)
    assert all(e - s <= 30 for s, e in cut) and all(a[1] == b[0] for a, b in zip(cut, cut[1:], strict=False))
    # every cut falls at a sentence start
    assert all(text[offsets[s][0] - 2 : offsets[s][0]] == ". " for s, _ in cut[1:])
    # an attribution over sentences 2-3 is not cut when a window can hold it
    extent = (len(sent), 3 * len(sent) - 1)
    kept = windows(text, offsets, [extent], size=30)
    starts = [offsets[s][0] for s, _ in kept]
    assert not any(extent[0] < c < extent[1] for c in starts)


def test_document_windows_have_special_tokens(polnear: Path, tokenizer) -> None:
    docs = read_split(polnear, "train")
    wins = document_windows(tokenizer, docs)
    assert {w.doc for w in wins} == {0, 1}
    for w in wins:
        assert w.ids[0] == tokenizer.cls_token_id and w.ids[-1] == tokenizer.sep_token_id
        assert len(w.ids) == len(w.offsets) + 2 == len(w.tags) + 2


def test_span_scores_exact_and_overlap() -> None:
    text = "The senator said that taxes will rise."
    doc = Document(
        "x",
        text,
        [
            Attribution(
                cue=[_span(text, "said")],
                content=[_span(text, "that taxes will rise.")],
                source=[_span(text, "The senator")],
            )
        ],
    )
    preds = [
        [
            SpanPrediction("SOURCE", *_span(text, "The senator"), 0.9),
            SpanPrediction("CUE", *_span(text, "said that"), 0.9),
            SpanPrediction("CONTENT", *_span(text, "taxes will rise."), 0.9),
        ]
    ]
    scores = span_scores([doc], preds)
    assert scores["SOURCE"]["exact"]["f1"] == 1.0
    assert scores["CUE"]["exact"]["f1"] == 0.0 and scores["CUE"]["overlap"]["f1"] == 1.0
    assert scores["CONTENT"]["exact"]["f1"] == 0.0 and scores["CONTENT"]["overlap"]["recall"] == 1.0
    assert scores["selection"] == 0.5


def _claim(text: str, part: str, claimer: str | None = None) -> dict:
    s, e = _span(text, part)
    who = None
    if claimer:
        cs, ce = _span(text, claimer)
        who = {"text": claimer, "start": cs, "end": ce, "entity_id": None, "cue": None, "kind": "named"}
    return {"start": s, "end": e, "claimer": who}


def _attribution(text: str, cue: str, content: str, source: str) -> Attribution:
    """One gold attribution, each role given by its (first) words in ``text``."""
    return Attribution(cue=[_span(text, cue)], content=[_span(text, content)], source=[_span(text, source)])


def test_claim_measures_and_the_threshold_choice() -> None:
    text = "The senator said that taxes will rise. Prices fell. The mayor claims crime is down."
    doc = Document(
        "x",
        text,
        [
            _attribution(text, "said", "that taxes will rise.", "The senator"),
            _attribution(text, "claims", "crime is down.", "The mayor"),
        ],
    )
    claims = [
        [
            _claim(text, "taxes will rise", "The senator"),  # inside, claimer = gold source
            _claim(text, "Prices fell."),  # outside, author's voice
            _claim(text, "crime is down"),  # inside, no claimer
        ]
    ]
    m = claim_measures([doc], claims)
    assert m["a_content_recall"] == 1.0
    assert m["b_inside_with_claimer"] == 0.5
    assert m["c_claimer_matches_source"] == 1.0 and m["c_claimer_matches_source_all"] == 0.5
    assert m["d_outside_author_voice"] == 1.0
    # the threshold choice (training.attribution_thresholds): the tagger proposes the mayor for the third claim
    from claimscope.training.attribution_thresholds import apply, choose

    recorded = [[{**c, "proposals": []} for c in claims[0]]]
    start, end = _span(text, "The mayor")
    recorded[0][2]["proposals"] = [{"way": "unquoted", "confidence": 0.72, "start": start, "end": end}]
    assert apply(recorded, {"act": None, "quotation": None, "unquoted": 0.7})[0][2]["claimer"] is not None
    assert apply(recorded, {"act": None, "quotation": None, "unquoted": 0.8})[0][2]["claimer"] is None
    choice = choose([doc], recorded)
    assert choice["thresholds"]["unquoted"] == 0.7 and choice["b_inside_with_claimer"] == 1.0
    assert choice["c_claimer_matches_source_all"] == 1.0 and choice["qualified"] > 0


def test_claims_that_report_the_act_are_counted_apart() -> None:
    """A claim holding its attribution's source ("Republicans are urging Trump to ...") is the author's report of
    the act: with ``reports_apart`` it is counted apart, not as a content claim without a claimer."""
    text = (
        "Fellow Republicans are urging Trump to make the second debate a game-changer. "
        "The senator said that taxes will rise."
    )
    doc = Document(
        "x",
        text,
        [
            _attribution(text, "are urging", "Trump to make the second debate a game-changer.", "Fellow Republicans"),
            _attribution(text, "said", "that taxes will rise.", "The senator"),
        ],
    )
    # the report is more than half content, so as defined it is an inside claim without a claimer
    report = "Fellow Republicans are urging Trump to make the second debate a game-changer"
    claims = [[_claim(text, report), _claim(text, "taxes will rise", "The senator")]]
    as_defined = claim_measures([doc], claims)
    apart = claim_measures([doc], claims, reports_apart=True)
    assert as_defined["counts"]["inside"] == 2 and as_defined["b_inside_with_claimer"] == 0.5
    assert apart["counts"]["inside"] == 1 and apart["counts"]["reports_of_the_act"] == 1
    assert apart["b_inside_with_claimer"] == 1.0 and apart["c_claimer_matches_source_all"] == 1.0


def test_claimer_from_spans_picks_the_source_nearest_the_covering_content() -> None:
    text = "Trump said Clinton claimed the economy grew."
    spans = [
        SpanPrediction("SOURCE", *_span(text, "Trump"), 0.9),
        SpanPrediction("CUE", *_span(text, "said"), 0.9),
        SpanPrediction("SOURCE", *_span(text, "Clinton"), 0.8),
        SpanPrediction("CUE", *_span(text, "claimed"), 0.9),
        SpanPrediction("CONTENT", *_span(text, "the economy grew."), 0.5),
    ]
    found = claimer_from_spans(text, spans, _span(text, "the economy grew"))
    assert found["text"] == "Clinton" and found["cue"] == "claimed" and found["confidence"] == 0.4
    assert claimer_from_spans(text, spans, _span(text, "Trump said")) is None  # no content covers it


def test_tiny_training_run_writes_a_loadable_artefact(polnear: Path, tmp_path: Path) -> None:
    from claimscope.models.attribution import Tagger
    from claimscope.training.attribution import TrainConfig, train, write_card

    out = tmp_path / "artefact"
    result = train(
        TrainConfig(epochs=2, trainable_layers=1, head_lr=1e-2), out, polnear, cache_dir=None, log=lambda m: None
    )
    assert result["selected_epoch"] in (1, 2)
    metrics = json.loads((out / "metrics.json").read_text())
    assert len(metrics["history"]) == 2 and metrics["dev"]["epoch"] == result["selected_epoch"]
    assert (out / "model.safetensors").stat().st_size < 10_000_000
    config = json.loads((out / "config.json").read_text())
    assert config["format"] == "claimscope-attribution" and config["trained_layers"] == [5]
    card = write_card(out).read_text()
    assert "PolNeAR: no licence stated, research use" in card and "--seed 13" in card and "| SOURCE |" in card
    tagger = Tagger.load(out)
    (spans,) = tagger.predict([TEXT_A])
    assert all(s.role in ("SOURCE", "CUE", "CONTENT") and 0 <= s.start < s.end <= len(TEXT_A) for s in spans)

    # the command: span scores and the claim measures, rules only and with the tagger's claimers
    from typer.testing import CliRunner

    from claimscope.cli import app

    result = CliRunner().invoke(app, ["evaluate", "attribution", "--data-dir", str(polnear), "--model", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["documents"] == 2 and set(report["spans"]) == {"SOURCE", "CUE", "CONTENT", "selection"}
    assert report["claims_rules_only"]["counts"]["gold_attributions"] == 3
    assert report["claims_default"]["counts"]["gold_attributions"] == 3
    assert set(report["claimer_confidence"]) == {"act", "quotation", "unquoted"}
    bad = CliRunner().invoke(app, ["train", "attribution", "-o", str(tmp_path / "x"), "--trainable-layers", "7"])
    assert bad.exit_code != 0 and "--trainable-layers" in bad.output
    too_many = ["train", "attribution", "-o", str(tmp_path / "y"), "--trainable-layers", "2", "--lora-layers", "5"]
    bad = CliRunner().invoke(app, too_many)
    assert bad.exit_code != 0 and "--lora-layers" in bad.output


def test_a_run_with_adapters_stores_them_and_loads_them_merged(polnear: Path, tmp_path: Path) -> None:
    from safetensors import safe_open

    from claimscope.models import lora
    from claimscope.training.attribution import TrainConfig, train

    out = tmp_path / "adapters"
    cfg = TrainConfig(epochs=1, trainable_layers=1, lora_layers=2, lora_rank=4, head_lr=1e-2)
    train(cfg, out, polnear, cache_dir=None, log=lambda m: None)
    config = json.loads((out / "config.json").read_text())
    assert config["lora"] == {"layers": [3, 4], "rank": 4, "alpha": 16.0} and config["trained_layers"] == [5]
    with safe_open(str(out / "model.safetensors"), "pt") as f:
        keys = set(f.keys())
    assert {k for k in keys if k.startswith("lora.")} == {
        f"lora.{layer}.{path}.{part}" for layer in (3, 4) for path in lora.MODULES["bert"] for part in "AB"
    }
    model, _ = AttributionModel.load(out)
    assert lora.adapters(model.encoder, model.lora_spec) == {}  # merged: the encoder runs as the base one
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "config.json").write_text(json.dumps({**config, "lora": {**config["lora"], "rank": 8}}))
    (bad / "model.safetensors").write_bytes((out / "model.safetensors").read_bytes())
    with pytest.raises(ModelLoadError, match="wrong shape"):
        AttributionModel.load(bad)


def test_load_errors_are_coded(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="E008"):
        AttributionModel.load(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"format": "claimscope-multitask"}))
    with pytest.raises(ModelLoadError, match="not a claimscope-attribution config"):
        AttributionModel.load(tmp_path)


class _FakeTagger:
    """Tags fixed phrases wherever they occur in the text it is given (offsets local to that text)."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self.phrases = phrases
        self.seen: list[str] = []

    def predict(self, texts):
        self.seen.extend(texts)
        return [[SpanPrediction(role, *_span(t, p), 0.9) for p, role in self.phrases.items() if p in t] for t in texts]


def test_propose_claimer_reads_the_sentence_with_context_and_maps_offsets_back() -> None:
    import spacy

    from claimscope.models.attribution import propose_claimer

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Markets were calm. The minister spoke on Monday. He added: taxes will fall. Nothing else happened."
    doc = nlp(text)
    claim = doc.char_span(*_span(text, "taxes will fall"))
    fake = _FakeTagger({"He": "SOURCE", "added": "CUE", "taxes will fall.": "CONTENT"})
    found = propose_claimer(doc, claim, fake, context_sentences=1)
    assert (found["start"], found["end"], found["text"], found["cue"]) == (*_span(text, "He"), "He", "added")
    assert fake.seen == ["The minister spoke on Monday. He added: taxes will fall. Nothing else happened."]
    assert propose_claimer(doc, claim, fake, min_confidence=0.95) is None  # 0.9 x 0.9 = 0.81
    assert propose_claimer(doc, _span(text, "Markets were calm"), fake) is None

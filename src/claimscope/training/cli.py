"""The ``claimscope train`` and ``claimscope evaluate`` commands, added to the main app by ``register``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from claimscope.errors import ClaimscopeError, ClaimscopeValueError, Errors
from claimscope.training.data import (
    DATA_ENV,
    MULTITASK_HEADS,
    SEMEVAL_TOPICS,
    TASKS,
    TEST_FILES,
    data_root,
    default_files,
    using_data_root,
)

TRAIN_TASKS = [*TASKS, "multitask", "attribution"]  # attribution: claimscope.models.attribution (PolNeAR tagger)
# ``claimscope evaluate`` tasks scored against the hand-annotated gold files (claimscope.evaluation.rules).
GOLD_TASKS = ["entities", "claims"]
DEFAULT_MAX_TRAIN = ["checkworthiness=6000"]
DEFAULT_REPEAT = ["verdict=3"]


@contextmanager
def _coded_errors() -> Iterator[None]:
    """Print a coded error on stderr and exit with status 1 instead of a traceback."""
    try:
        yield
    except ClaimscopeError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(1) from None


def _heads(task: str) -> list[str]:
    if task == "multitask":
        return list(MULTITASK_HEADS)
    if task not in TASKS:
        raise ClaimscopeValueError(Errors.E010, value=task, choices=", ".join(TRAIN_TASKS))
    return [TASKS[task]]


def _pairs(values: list[str], option: str) -> dict[str, int]:
    out = {}
    for v in values:
        head, _, n = v.partition("=")
        if head not in TASKS.values() or not n.isdigit():
            raise typer.BadParameter(
                f"expected HEAD=N with HEAD in {list(TASKS.values())}, got {v!r}", param_hint=option
            )
        out[head] = int(n)
    return out


def _distill(values: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for v in values:
        head, _, path = v.partition("=")
        if head not in TASKS.values() or not path:
            raise typer.BadParameter(
                f"expected HEAD=FILE with HEAD in {list(TASKS.values())}, got {v!r}", param_hint="--distill"
            )
        out.setdefault(head, []).append(path)
    return out


def _files(task: str, heads: list[str], data: list[Path] | None, split: str) -> dict[str, list[str]]:
    """Explicit files for a single task; a folder is taken as the data root for the default layout."""
    if data and not (len(data) == 1 and data[0].is_dir()):
        if len(heads) > 1:
            raise typer.BadParameter("multitask training takes a data folder, not files", param_hint="--data")
        return {heads[0]: [str(p) for p in data]}
    folder = data[0] if data else None
    return {h: [str(p) for p in default_files(h, split, folder)] for h in heads}


def train_command(
    task: Annotated[str, typer.Argument(help=" | ".join(TRAIN_TASKS))],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the artefact to.")],
    data: Annotated[
        list[Path] | None,
        typer.Option(help=f"Training files, or the data folder (default ${DATA_ENV})."),
    ] = None,
    dev: Annotated[list[Path] | None, typer.Option(help="Dev files for epoch selection and calibration.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    epochs: Annotated[int, typer.Option(help="Training epochs (the best on dev is kept).")] = 3,
    trainable_layers: Annotated[int, typer.Option(help="Top MiniLM layers to fine-tune (stored in fp16).")] = 2,
    max_train: Annotated[
        list[str] | None,
        typer.Option(help="HEAD=N: cap a head's training sentences [checkworthiness=6000]."),
    ] = None,
    repeat: Annotated[
        list[str] | None, typer.Option(help="HEAD=N: repeat a head's data N times per epoch [verdict=3].")
    ] = None,
    init: Annotated[
        Path | None,
        typer.Option(help="Artefact to continue training from (same task and layers), e.g. a shorter run."),
    ] = None,
    distill: Annotated[
        list[str] | None,
        typer.Option(help="HEAD=FILE: also learn a teacher's probabilities (from `claimscope teacher label`)."),
    ] = None,
    distill_balance: Annotated[
        bool, typer.Option(help="Subsample the --distill rows to the class proportions of the gold training labels.")
    ] = False,
    topic_variants: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="topic-stance: add reworded copies of this fraction of training rows ('opposition to X', flipped).",
        ),
    ] = 0.0,
    lora_layers: Annotated[
        int, typer.Option(help="Low-rank adapters on this many layers below the fine-tuned ones ([E029] if too many).")
    ] = 0,
    lora_rank: Annotated[int, typer.Option(help="Rank of the --lora-layers adapters (stored in fp16).")] = 16,
    lora_lr: Annotated[float, typer.Option(help="Learning rate of the adapters (the layers' is 1e-4).")] = 1e-3,
    tier: Annotated[
        str,
        typer.Option(
            help="fast: MiniLM, top layers on cached states (CPU); accurate: mpnet, adapters on every layer "
            "(training.full; a GPU if there is one)."
        ),
    ] = "fast",
    data_dir: DataDir = None,
) -> None:
    """Train a claim classifier (one shared encoder, one head per task) reproducibly from a seed."""
    from claimscope.training.train import TrainConfig, train

    if tier != "fast" and task != "attribution":
        with _coded_errors(), using_data_root(data_dir):
            metrics = _train_accurate(task, output, seed, epochs, max_train, repeat, tier, init, topic_variants)
        typer.echo(json.dumps({"output": str(output), **metrics}, indent=2))
        return

    if task == "attribution":
        from claimscope.training.attribution import train_from_cli

        with _coded_errors():
            metrics = train_from_cli(
                output,
                data_dir or (data[0] if data else None),
                seed,
                epochs,
                trainable_layers,
                lora_layers,
                lora_rank,
                lora_lr,
            )
        typer.echo(json.dumps({"output": str(output), **metrics}, indent=2))
        return
    with _coded_errors():
        heads = _heads(task)
        # the options first, then the files (the default ones need the data folder)
        max_train_, repeat_ = (
            _pairs(DEFAULT_MAX_TRAIN if max_train is None else max_train, "--max-train"),
            _pairs(DEFAULT_REPEAT if repeat is None else repeat, "--repeat"),
        )
        distill_ = _distill(distill or [])
        cfg = TrainConfig(
            train_files=_files(task, heads, data, "train"),
            dev_files=_files(task, heads, dev or (data if data and data[0].is_dir() else None), "dev"),
            seed=seed,
            epochs=epochs,
            trainable_layers=trainable_layers,
            max_train=max_train_,
            repeat=repeat_,
            init=str(init) if init else None,
            distill=distill_,
            distill_balance=distill_balance,
            topic_variants=topic_variants,
            lora_layers=lora_layers,
            lora_rank=lora_rank,
            lora_lr=lora_lr,
        )
        if heads == ["topic_stance"]:  # many topics: long comments, and no text of a reported test split
            from claimscope.training.data import find_data_root

            cfg.max_length = 256
            root = find_data_root(data[0] if data and data[0].is_dir() else data_dir)
            if root is not None:
                cfg.exclude_files = [str(root / f) for f in TEST_FILES["topic_stance"] if (root / f).is_file()]
        metrics = train(cfg, output)
    typer.echo(json.dumps({"output": str(output), **metrics}, indent=2))


def _train_accurate(
    task: str,
    output: Path,
    seed: int,
    epochs: int,
    max_train: list[str] | None,
    repeat: list[str] | None,
    tier: str,
    init: Path | None = None,
    topic_variants: float = 0.0,
) -> dict:
    """The accurate tier's recipe (:mod:`.full`) on the default files of ``task``: prepare, then fit. With
    ``init``, a continuation of that artefact at the lower rates of :data:`.full.CONTINUATION`."""
    import tempfile

    from claimscope.models.tiers import check_tier
    from claimscope.training.data import DEFAULT_FILES, MANY_TOPICS_FILES, TEST_FILES
    from claimscope.training.full import CONTINUATION, FullConfig, fit, prepare

    check_tier(tier)
    heads = _heads(task)
    root = data_root()

    def files(names: list[str]) -> list[str]:
        return [str(root / n) for n in names]

    sets = {h: MANY_TOPICS_FILES if h == "topic_stance" else DEFAULT_FILES[h] for h in heads}
    topic = heads == ["topic_stance"]
    cfg = FullConfig(
        train_files={h: files(s[0]) for h, s in sets.items()},
        dev_files={h: files(s[1]) for h, s in sets.items()},
        exclude_files=files([f for h in heads for f in TEST_FILES[h]]),
        tier=tier,
        seed=seed,
        epochs=epochs,
        batch_size=64 if topic else 32,
        max_length=256 if topic else 128,
        max_train=_pairs(DEFAULT_MAX_TRAIN if max_train is None else max_train, "--max-train"),
        repeat=_pairs(DEFAULT_REPEAT if repeat is None else repeat, "--repeat"),
        topic_variants=topic_variants,
    )
    if init is not None:
        cfg.init = str(init)
        for name, value in CONTINUATION.items():
            setattr(cfg, name, value)
    with tempfile.TemporaryDirectory() as tmp:
        examples = Path(tmp) / "examples.pt"
        prepare(cfg, examples)
        return fit(examples, output, cfg)


def evaluate_command(
    task: Annotated[str, typer.Argument(help=" | ".join([*TASKS, *GOLD_TASKS, "attribution"]))],
    data: Annotated[
        list[Path] | None,
        typer.Option(
            help="Labelled file(s) (default: the task's dev files under $CLAIMSCOPE_DATA_DIR); for entities and "
            "claims one gold JSONL file such as tests/data/entities_gold.jsonl."
        ),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="Artefact folder (default: the shipped model); for entities and claims a saved pipeline."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Sentences per encoder batch.")] = 64,
    topic_template: Annotated[
        str | None,
        typer.Option(help="topic-stance: reword every topic first, e.g. 'objections to {topic}'."),
    ] = None,
    inverts: Annotated[
        bool, typer.Option(help="The --topic-template inverts the topic: favor and against swap in the gold labels.")
    ] = False,
    data_dir: DataDir = None,
    by_rule: Annotated[
        bool, typer.Option(help="claims: also count right and wrong claims and claimers per rule (span._.rule).")
    ] = False,
) -> None:
    """Print the dataset's official metric and a confusion matrix as JSON (entities and claims: the scores of
    the rule-based stages on a gold file, see claimscope.evaluation.rules)."""
    with _coded_errors():
        if task == "attribution":  # PolNeAR dev span F1 and claim/claimer measures (claimscope.models.attribution)
            from claimscope.evaluation.attribution import evaluate as evaluate_attribution

            result = evaluate_attribution(data_dir or (data[0] if data else None), model)
        elif task in GOLD_TASKS:
            result = _evaluate_gold(task, data, model, by_rule)
        else:
            from claimscope.training.evaluate import evaluate

            heads = _heads(task)
            if len(heads) != 1:
                raise ClaimscopeValueError(Errors.E010, value=task, choices=", ".join([*TASKS, *GOLD_TASKS]))
            files = [str(p) for p in data] if data else [str(p) for p in default_files(heads[0], "dev")]
            result = evaluate(task, files, model, batch_size, topic_template, inverts)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _evaluate_gold(task: str, data: list[Path] | None, model: Path | None, by_rule: bool = False) -> dict:
    """The scores of the entity or claim stage of the pipeline (``model``, else the default) on one gold file."""
    from claimscope import pipeline
    from claimscope.evaluation.rules import read_gold, score_claims, score_entities

    if not data or len(data) != 1:
        raise typer.BadParameter(f"{task} takes one gold file, e.g. tests/data/{task}_gold.jsonl", param_hint="--data")
    if task == "entities":
        return score_entities(pipeline.load(model), read_gold(data[0]))
    return score_claims(pipeline.load(model), read_gold(data[0]), by_rule=by_rule)


def soup_command(
    artefacts: Annotated[list[Path], typer.Argument(help="Two or more runs continued from one --init artefact.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the averaged artefact to.")],
) -> None:
    """Average the weights of runs from one starting point (a model soup); refit temperatures on dev."""
    from claimscope.training.soup import make_soup

    with _coded_errors():
        metrics = make_soup(artefacts, output)
    typer.echo(json.dumps({"output": str(output), **metrics}, indent=2))


teacher_app = typer.Typer(
    help="A large teacher for distillation (training time only; mpnet: see claimscope.training.teacher).",
    no_args_is_help=True,
)


@teacher_app.command("train")
def teacher_train_command(
    task: Annotated[str, typer.Argument(help="fact-opinion | checkworthiness")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the teacher (~420 MB for mpnet).")],
    base: Annotated[str, typer.Option(help="'mpnet' (all-mpnet-base-v2) or a Hugging Face model folder.")] = "mpnet",
    data: Annotated[list[Path] | None, typer.Option(help="Training files (default: the task's).")] = None,
    dev: Annotated[list[Path] | None, typer.Option(help="Dev files for epoch selection and calibration.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    epochs: Annotated[int, typer.Option(help="Epochs (the best on dev is kept).")] = 2,
    lr: Annotated[float, typer.Option(help="Learning rate (AdamW, linear warm-up and decay).")] = 2e-5,
) -> None:
    """Fine-tune a whole large encoder on a sentence task; keep the best dev epoch, calibrated on dev."""
    from claimscope.training.teacher import SENTENCE_TASKS, TeacherConfig, train_teacher

    with _coded_errors():
        head = _heads(task)[0]
        if head not in SENTENCE_TASKS:  # before the default files, which need the data folder
            raise ClaimscopeError(Errors.E010, value=head, choices=", ".join(SENTENCE_TASKS))
        cfg = TeacherConfig(
            task=head,
            train_files=_files(task, [head], data, "train")[head],
            dev_files=_files(task, [head], dev, "dev")[head],
            base=base,
            seed=seed,
            epochs=epochs,
            lr=lr,
        )
        metrics = train_teacher(cfg, output)
    typer.echo(json.dumps({"output": str(output), **metrics}, indent=2))


@teacher_app.command("label")
def teacher_label_command(
    teacher: Annotated[Path, typer.Argument(help="A folder written by `claimscope teacher train`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL file of texts and probabilities.")],
    text: Annotated[
        list[Path] | None,
        typer.Option("--input", help="Text (one sentence a line) or JSONL files; default: the news transfer corpus."),
    ] = None,
    limit: Annotated[int, typer.Option(help="Sentences taken from the transfer corpus.")] = 10000,
    seed: Annotated[int, typer.Option(help="Seed of the corpus sample.")] = 13,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help=f"The datasets folder, for the transfer corpus (default: ${DATA_ENV}).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Label sentences with the teacher's calibrated probabilities, for `claimscope train --distill`."""
    from claimscope.training.teacher import write_soft_labels

    with _coded_errors(), using_data_root(data_dir):
        inputs: list[Path] = list(text or [])
        if not inputs:
            inputs = [_transfer_file(teacher, output, limit, seed)]
        n = write_soft_labels(teacher, inputs, output)
    typer.echo(json.dumps({"output": str(output), "sentences": n}))


def _transfer_file(teacher: Path, output: Path, limit: int, seed: int) -> Path:
    """The transfer corpus written next to ``output``, without the teacher task's dev and test sentences."""
    from claimscope.training.data import load_files, transfer_sentences
    from claimscope.training.report import TEST_SPLITS
    from claimscope.training.teacher import load_info

    head = load_info(teacher)["task"]
    files = default_files(head, "dev") + [data_root() / t[3] for t in TEST_SPLITS if t[1] == head]
    exclude = list(load_files(head, [f for f in files if f.is_file()])["text"])
    path = output.with_suffix(".corpus.txt")
    path.write_text("\n".join(transfer_sentences(limit, seed, exclude)) + "\n", encoding="utf-8")
    return path


report_app = typer.Typer(
    help="Final reports on the test splits (touched only here) and the topic-relevance threshold (dev only).",
    no_args_is_help=True,
)
DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help=f"The datasets folder (default: ${DATA_ENV}).", show_default=False),
]


@report_app.command("multitask")
def report_multitask_command(
    model: Annotated[Path, typer.Option(help="The final multi-task artefact.")],
    command: Annotated[
        str, typer.Option(help="The training command to quote in the model card.")
    ] = "claimscope train multitask --output models/claimscope-multitask",
    data_dir: DataDir = None,
) -> None:
    """Score the artefact and a TF-IDF + logistic regression baseline on the test splits: add a 'test' section
    to its metrics.json, rewrite its model card and print the accuracy table as Markdown."""
    from claimscope.training.report import multitask_report

    with _coded_errors(), using_data_root(data_dir):
        data_root()
        table = multitask_report(model, command)
    typer.echo(table)


@report_app.command("topic-stance")
def report_topic_stance_command(
    model: Annotated[Path, typer.Option(help="The final topic-stance artefact.")],
    zero_shot: Annotated[
        Path | None, typer.Option(help="An artefact trained without one SemEval target.", show_default=False)
    ] = None,
    held_out: Annotated[
        str | None, typer.Option(help=f"The target --zero-shot was trained without: {' | '.join(SEMEVAL_TOPICS)}.")
    ] = None,
    relevance: Annotated[
        Path | None, typer.Option(help="JSON printed by `claimscope report relevance`.", show_default=False)
    ] = None,
    zero_shot_only: Annotated[
        bool,
        typer.Option(
            "--zero-shot-only",
            help="Score only the --zero-shot artefact and keep the test scores already in metrics.json "
            "(the shipped model's test splits are not touched again).",
        ),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Score the topic-stance artefact (and a zero-shot one) on SemEval-2016 and P-Stance test: add a 'test'
    section to its metrics.json, write its model card and print the test scores as JSON."""
    from claimscope.training.topic_report import final_report

    if held_out is not None and held_out not in SEMEVAL_TOPICS:
        raise typer.BadParameter(f"choose one of: {', '.join(SEMEVAL_TOPICS)}", param_hint="--held-out")
    with _coded_errors(), using_data_root(data_dir):
        data_root()
        test = final_report(model, zero_shot, held_out, relevance, zero_shot_only)
    typer.echo(json.dumps(test, indent=2))


@report_app.command("topics")
def report_topics_command(
    model: Annotated[Path, typer.Option(help="A topic-stance artefact (either tier).")],
    commentary: Annotated[
        Path | None,
        typer.Option(help="Folder of the hand-written commentary pair files (tests/data in the repository)."),
    ] = None,
    held_out_model: Annotated[
        Path | None, typer.Option(help="An artefact trained without one SemEval target.", show_default=False)
    ] = None,
    held_out: Annotated[
        str | None, typer.Option(help=f"The target it was trained without: {' | '.join(SEMEVAL_TOPICS)}.")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Score a topic-stance artefact on topics unseen in training (PERSPECTRUM, IBM, VAST dev), SemEval,
    P-Stance, inverted wordings and commentary pairs: add 'test_many_topics' to its metrics.json and print it."""
    from claimscope.training.topic_many import many_topics_report

    if held_out is not None and held_out not in SEMEVAL_TOPICS:
        raise typer.BadParameter(f"choose one of: {', '.join(SEMEVAL_TOPICS)}", param_hint="--held-out")
    with _coded_errors(), using_data_root(data_dir):
        data_root()
        result = many_topics_report(model, commentary, held_out_model, held_out)
    typer.echo(json.dumps(result, indent=2))


@report_app.command("relevance")
def report_relevance_command(data_dir: DataDir = None) -> None:
    """Choose the topic-relevance threshold on dev pairs (SemEval val, P-Stance val, NewsMTSC dev); print JSON
    for `claimscope report topic-stance --relevance`."""
    from claimscope.classify.topics import TopicRelevance
    from claimscope.training.relevance import choose_threshold, relevance_pairs

    with _coded_errors(), using_data_root(data_dir):
        data_root()
        result = choose_threshold(relevance_pairs(), TopicRelevance())
    typer.echo(json.dumps(result, indent=2))


def register(app: typer.Typer) -> None:
    """Add ``train``, ``evaluate``, ``soup``, ``teacher`` and ``report`` to the main ``claimscope`` app."""
    app.command("train")(train_command)
    app.command("evaluate")(evaluate_command)
    app.command("soup")(soup_command)
    app.add_typer(teacher_app, name="teacher")
    app.add_typer(report_app, name="report")


if __name__ == "__main__":  # python -m claimscope.training.cli train|evaluate|report ...
    _app = typer.Typer()
    register(_app)
    _app()

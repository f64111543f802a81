"""Scoring the pipeline's output against hand-annotated files (for contributors; ``claimscope evaluate``).

- :mod:`.rules`: the rule-based stages (entities, claims) against the gold files in ``tests/data/``;
- :mod:`.blind`: the whole output of ``analyze`` against the blind real-news set;
- :mod:`.attribution`: the attribution tagger and the claims' claimers on PolNeAR.
"""

"""From an annotated spaCy Doc to plain results: :mod:`.analysis` (Doc → :class:`~claimscope.schema.Analysis`,
merging the analyses of pieces of one text) and :mod:`.dataframes` (pandas tables, one row per claim or entity)."""

"""Training and evaluation of claimscope's classifiers (``claimscope train`` / ``claimscope evaluate``)."""

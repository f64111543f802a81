"""Integrations with other data tools: :mod:`.ray` (Ray Data actor and engine), :mod:`.datasets` (Dataset.map).

Each module imports its library only when used, so ``claimscope`` works without them.
"""

"""``python -m claimscope``: the same command line as ``claimscope``."""

from .cli import main

main()

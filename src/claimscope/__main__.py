"""``python -m claimscope``: the same command line as ``claimscope``."""

from claimscope.cli import main

main()

"""Torch threads in forked worker processes (``nlp.pipe(n_process=...)``, ``Dataset.map(num_proc=...)``)."""

from __future__ import annotations

import os

import torch

_pid = os.getpid()  # the process that imported claimscope's models: its thread pool is the one children inherit


def one_thread_after_fork() -> None:
    """In a process forked from the one that imported this module, use one torch thread, once: a child that
    inherited a used OpenMP pool deadlocks on its next parallel region (the processes are the parallelism)."""
    global _pid
    if os.getpid() != _pid:
        torch.set_num_threads(1)
        _pid = os.getpid()

"""What stops a batch run, and how the command reports it: I/O faults, a locked output folder, an interruption.

Exit statuses of ``claimscope batch`` (see docs/batch.md)::

    0   every record analysed            1   finished with failed records (errors.jsonl)
    2   could not start                  3   input/output fault; fix it and --resume
    4   output folder in use by another run                130 interrupted; finish with --resume

The output folder holds one writer at a time: :class:`OutputLock` takes an exclusive ``flock`` on ``OUT/.lock``
before anything is written there. The kernel drops the lock when its process dies, so a run killed with
``kill -9`` never blocks the ``--resume`` that follows.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from claimscope.errors import ClaimscopeError, Errors, Warnings, warn

EXIT_CLEAN = 0
EXIT_FAILED_RECORDS = 1
EXIT_CANNOT_RUN = 2
EXIT_IO_FAULT = 3
EXIT_LOCKED = 4
EXIT_INTERRUPTED = 130
LOCK_FILE = ".lock"
UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}
"""``flock`` errors that mean the file system cannot lock: the run goes on unlocked (W022)."""


class BatchError(ClaimscopeError):
    """A coded error that stops a batch run; picklable, so that worker processes can raise it."""

    exit_status = EXIT_CANNOT_RUN

    def __init__(self, code: Errors, **kwargs: object) -> None:
        self.kwargs = {k: str(v) for k, v in kwargs.items()}
        super().__init__(code, **self.kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), Errors[self.code], self.kwargs))


class BatchIOError(BatchError, OSError):
    """An input/output fault (disk full, unwritable folder, vanished input): the run can be resumed (E040, E041)."""

    exit_status = EXIT_IO_FAULT


class OutputInUseError(BatchError):
    """Another process holds the output folder's lock (E042)."""

    exit_status = EXIT_LOCKED


class BatchInterrupted(KeyboardInterrupt):
    """The run was interrupted (Ctrl-C): finished shards are in the manifest; ``--resume`` does the rest."""

    def __init__(self, output: str, done: int, total: int | None) -> None:
        super().__init__(f"interrupted: {done} of {total if total is not None else '?'} shards are done")
        self.output = output
        self.done = done
        self.total = total


def _rebuild(cls: type[BatchError], code: Errors, kwargs: dict[str, str]) -> BatchError:
    return cls(code, **kwargs)


def write_fault(path: Path | str, err: OSError) -> BatchIOError:
    """The coded error (E040) for a failed write of ``path`` (disk full, permission denied, read-only...)."""
    reason = err.strerror or str(err)
    if err.errno is not None:
        reason = f"{reason} ({errno.errorcode.get(err.errno, err.errno)})"
    return BatchIOError(Errors.E040, path=path, reason=reason)


def read_fault(path: Path | str, err: OSError | EOFError) -> BatchIOError:
    """The coded error (E041) for an input that could not be read during the run (it vanished, say)."""
    return BatchIOError(Errors.E041, path=path, reason=getattr(err, "strerror", None) or str(err))


class OutputLock:
    """An exclusive, non-blocking ``flock`` on ``OUT/.lock`` holding the writer's pid.

    Taking it creates ``out`` if needed (E040 when that fails); another process holding it gives E042 with its
    pid. Released (and the lock file removed) on exit; ``out`` is removed too when this lock created it and it
    is still empty then (a run that failed before writing anything leaves nothing behind).
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / LOCK_FILE
        self.fd: int | None = None
        self.created = False

    def acquire(self) -> OutputLock:
        """Take the lock (see the class)."""
        try:
            self.created = not self.out.exists()
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise write_fault(self.out, err) from err
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as err:
                self._forget_folder()
                raise write_fault(self.path, err) from err
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputInUseError(Errors.E042, path=self.out, pid=holder) from None
            except OSError as err:  # ENOLCK, EOPNOTSUPP: some network file systems
                if err.errno not in UNSUPPORTED:
                    os.close(fd)
                    raise write_fault(self.path, err) from err
                warn(Warnings.W022, stacklevel=4, path=self.out, reason=err.strerror or err)
            try:  # the holder before us may have removed the file between our open and our flock
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError as err:
            os.close(fd)
            raise write_fault(self.path, err) from err
        self.fd = fd
        return self

    def release(self) -> None:
        """Remove the lock file and drop the lock."""
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # a stale lock file blocks no one: flock is what counts
        os.close(self.fd)
        self.fd = None
        self._forget_folder()

    def _forget_folder(self) -> None:
        if self.created:
            try:
                self.out.rmdir()  # only when empty
            except OSError:
                pass

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()

"""Output files of the command line, written so that a failed or concurrent run never
loses or mixes data (issue 21).

The output is written to a temporary file beside the target (same folder, so the same
file system) and renamed over the target only when the run succeeded: a failed run leaves
any earlier file untouched and removes only its own temporary file, and two runs writing
the same `--out` each replace the target whole (the last to finish wins) instead of
interleaving their rows. An output that is the input (the same file, also through a link
or another path) is refused before anything is read.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from scoring import tabular
from scoring.tabular import UsageError


def same_file_message(path: str, out: str) -> str:
    return (
        f"{out}: is the input file ({path}); writing it would destroy the input. "
        "Write the output to another file"
    )


def refuse_same_file(path: str, out: str | None, stdin: TextIO | None = None) -> None:
    """UsageError when OUTPUT is INPUT (a path, a link to it, or standard input's file)."""
    if out is None or not os.path.exists(out):
        return
    if path != "-":
        try:
            same = os.path.samefile(path, out)
        except OSError:
            return  # the input cannot be read: the reader says so
    else:
        same = _stdin_is(out, stdin)
    if same:
        raise UsageError(same_file_message("standard input" if path == "-" else path, out))


def _stdin_is(out: str, stdin: TextIO | None) -> bool:
    """Standard input redirected from OUTPUT itself (`score - --out x.jsonl < x.jsonl`)."""
    stream = stdin if stdin is not None else sys.stdin
    try:
        here = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False  # not a file descriptor (a test's StringIO, a closed stream)
    there = os.stat(out)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


class AtomicOutput:
    """A temporary file beside `target`, renamed over it by `commit()`.

    `path` is the file to write (for writers that take a path, like Arrow's); `discard()`
    removes it and nothing else. A link is followed: the file it points to is replaced
    and the link kept. A target that is not a regular file (`/dev/null`, `/dev/stdout`, a
    named pipe) cannot be replaced by a rename and is written directly.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        real = os.path.realpath(target)
        self.done = False
        self.direct = os.path.exists(real) and not stat.S_ISREG(os.stat(real).st_mode)
        if self.direct:
            self.path, self.done = target, True
            return
        self.real = real
        try:
            descriptor, self.path = tempfile.mkstemp(
                dir=os.path.dirname(real), prefix=f".{Path(real).name}.", suffix=".partial"
            )
        except OSError as exc:
            raise UsageError(f"{target}: cannot write ({exc.strerror})") from None
        os.close(descriptor)

    def open_text(self) -> TextIO:
        try:
            return open(self.path, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise UsageError(f"{self.target}: cannot write ({exc.strerror})") from None

    def commit(self) -> None:
        """Rename into place, with the permissions a newly created file would get
        (mkstemp makes it private to the user)."""
        if self.direct:
            return
        umask = os.umask(0)
        os.umask(umask)
        try:
            os.chmod(self.path, 0o666 & ~umask)
            os.replace(self.path, self.real)
        except OSError as exc:
            self.discard()
            raise UsageError(f"{self.target}: cannot write ({exc.strerror})") from None
        self.done = True

    def discard(self) -> None:
        if not self.done:
            Path(self.path).unlink(missing_ok=True)
            self.done = True


def write_json(value: Any, out: str | None, stdout: TextIO) -> None:
    """One JSON document to OUTPUT (renamed into place when whole) or standard output."""
    if out is None:
        tabular.write_json(value, stdout)
        return
    file = AtomicOutput(out)
    try:
        with file.open_text() as handle:
            tabular.write_json(value, handle)
    except OSError as exc:
        file.discard()
        raise UsageError(f"{out}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        file.discard()
        raise
    file.commit()

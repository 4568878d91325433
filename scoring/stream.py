"""Reading and writing the command line's batches in chunks, in memory bounded by the
chunk, not the file (issue 14).

A CSV file is read with Arrow's streaming reader and re-cut into chunks of `chunk_rows`
rows; JSONL (a file or standard input) is read line by line. Each chunk is scored with
the vectorised path (scoring.batch) and written before the next is read, so the output
is the same bytes as scoring the whole file at once (tests/scoring/test_streaming.py).
A JSON array cannot be read piece by piece without a streaming parser: it stays whole,
below `MAX_JSON_BYTES`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.csv as pacsv

from scoring import batch, tabular

# 20,000 rows: measured with `score --out x.csv` on bench/batch_scoring.py's 1 M-row file
# (42 MB), peak RSS 167 MiB at 5,000 rows a chunk, 190 at 20,000, 216 at 50,000 and 345 at
# 200,000; run times differed less than the noise of the shared 2-core machine, and each
# chunk costs a fixed few milliseconds of Arrow calls, so much smaller chunks are slower.
DEFAULT_CHUNK_ROWS = 20_000
# Arrow parses CSV in blocks and reads several blocks ahead, so its memory is a multiple
# of the block: 128 KiB blocks keep it near 15 MiB (1 MiB blocks: ~60 MiB). One record
# must fit in one block: a larger record re-opens the reader with 8x larger blocks, up to
# MAX_CSV_BLOCK_BYTES, the largest record (row) this reader takes.
CSV_BLOCK_BYTES = 128 * 1024
MAX_CSV_BLOCK_BYTES = 512 * 1024 * 1024
# A header with more columns than this is not a cohort file (the contract's fields:
# scoring.fields.FIELDS).
MAX_COLUMNS = 5_000
# A JSON array is parsed whole (about 10 x its size in memory as Python objects).
MAX_JSON_BYTES = 50 * 1024 * 1024
# One JSONL line is one record: the contract's fields take under 1 KiB. A line is decoded
# whole (about 8 x its size in memory), so one line of 200 MB took 1.5 GB; 1 MiB of text
# is a thousand times a real record and keeps a line's cost to a few megabytes.
MAX_JSONL_LINE_CHARS = 2**20


@dataclass
class CsvSource:
    """A CSV file checked up to its header: its path and column names."""

    path: str
    header: list[str]


def open_csv(path: str) -> CsvSource:
    """Check a CSV file's header (readable, UTF-8, no column twice, not too wide)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = tabular.csv_header(handle)
    except UnicodeDecodeError:
        raise tabular.UsageError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise tabular.UsageError(f"{path}: cannot read ({exc.strerror})") from None
    except ValueError as exc:
        raise tabular.UsageError(f"{path}: malformed CSV ({exc})") from None
    if not header:
        raise tabular.UsageError(f"{path}: malformed CSV (no header line)")
    if any("\x00" in name for name in header):
        raise tabular.UsageError(f"{path}: {tabular.NUL_BYTES_REASON}")
    if len(header) > MAX_COLUMNS:
        raise tabular.UsageError(
            f"{path}: {len(header):,} columns; the limit is {MAX_COLUMNS:,} "
            "(drop the columns the scores do not use)"
        )
    duplicated = tabular.duplicated_column(header)
    if duplicated:
        raise tabular.UsageError(f"{path}: malformed CSV (column given twice: {duplicated})")
    return CsvSource(path, header)


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n // 2**10} KiB"


def _csv_error(path: str, exc: Exception) -> tabular.UsageError:
    text = str(exc)
    if _straddles(exc):
        return tabular.UsageError(
            f"{path}: a CSV record (row) is larger than {_size(MAX_CSV_BLOCK_BYTES)}, "
            "the largest this reader takes"
        )
    if "invalid UTF8" in text or "UTF-8" in text:
        return tabular.UsageError(f"{path}: not UTF-8 text ({text})")
    return tabular.UsageError(f"{path}: malformed CSV ({text})")


def _straddles(exc: Exception) -> bool:
    """Arrow's error for a record larger than its block."""
    return "straddling" in str(exc) or "block size" in str(exc)


def _open_reader(source: CsvSource, block: int, skip: int) -> tuple[Any, int]:
    """An Arrow streaming reader from record `skip` on, with the block size raised until
    the first block holds a whole record."""
    while True:
        try:
            reader = pacsv.open_csv(
                source.path,
                read_options=pacsv.ReadOptions(
                    block_size=block, use_threads=False, skip_rows_after_names=skip
                ),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=tabular.text_convert_options(source.header),
            )
            return reader, block
        except (pa.ArrowInvalid, OSError) as exc:
            # The header was read (open_csv), so an "empty block" is one too small for it.
            too_small = _straddles(exc) or "Empty CSV file or block" in str(exc)
            if not (too_small and block < MAX_CSV_BLOCK_BYTES):
                raise _csv_error(source.path, exc) from None
            block = min(block * 8, MAX_CSV_BLOCK_BYTES)


def csv_chunks(source: CsvSource, chunk_rows: int) -> Iterator[pa.Table]:
    """The file's rows as Arrow text tables of `chunk_rows` rows (the last may be shorter;
    an empty file with a header gives one empty table).

    Blocks start small (memory); a record larger than a block re-opens the file with
    larger blocks after the records already read, up to MAX_CSV_BLOCK_BYTES.
    """
    header_bytes = sum(len(name.encode("utf-8")) + 3 for name in source.header)
    reader, block = _open_reader(source, max(CSV_BLOCK_BYTES, 2 * header_bytes), 0)
    schema = reader.schema
    pending: list[pa.RecordBatch] = []
    held = 0
    read = 0  # records taken from the file so far
    sent = False
    while True:
        try:
            record_batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowInvalid, OSError) as exc:
            if not (_straddles(exc) and block < MAX_CSV_BLOCK_BYTES):
                raise _csv_error(source.path, exc) from None
            reader, block = _open_reader(source, min(block * 8, MAX_CSV_BLOCK_BYTES), read)
            continue
        pending.append(record_batch)
        held += record_batch.num_rows
        read += record_batch.num_rows
        while held >= chunk_rows:
            table = pa.Table.from_batches(pending, schema)
            yield table.slice(0, chunk_rows)
            sent = True
            rest = table.slice(chunk_rows)
            pending, held = rest.to_batches(), rest.num_rows
    if held or not sent:
        yield pa.Table.from_batches(pending, schema)


def jsonl_chunks(
    path: str, stdin: TextIO | None, chunk_rows: int
) -> Iterator[tuple[int, list[Any]]]:
    """(records before this chunk, decoded records) of a JSONL file or standard input."""
    where = "standard input" if path == "-" else path
    if path == "-":
        lines = _lines(tabular.standard_input(stdin), where)
        yield from _decoded(lines, where, chunk_rows)
        return
    try:
        handle = open(path, encoding="utf-8-sig")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise tabular.UsageError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        yield from _decoded(_lines(handle, where), where, chunk_rows)


def line_too_long_message(where: str, number: int) -> str:
    return (
        f"{where} line {number}: longer than {MAX_JSONL_LINE_CHARS:,} characters "
        f"({MAX_JSONL_LINE_CHARS // 2**20} MiB), the longest JSONL record this reader takes"
    )


def _lines(handle: TextIO, where: str) -> Iterator[str]:
    """The lines of `handle`, each at most MAX_JSONL_LINE_CHARS long (a longer line is a
    usage error: it is never held whole)."""
    first = True
    number = 0
    while True:
        number += 1
        try:
            line = handle.readline(MAX_JSONL_LINE_CHARS + 1)
        except UnicodeDecodeError:
            raise tabular.UsageError(f"{where}: not UTF-8 text") from None
        except OSError as exc:
            raise tabular.UsageError(f"{where}: cannot read ({exc.strerror})") from None
        if not line:
            return
        if len(line) > MAX_JSONL_LINE_CHARS and not line.endswith("\n"):
            raise tabular.UsageError(line_too_long_message(where, number))
        if first:  # a UTF-8 BOM is accepted on standard input as in a file
            line, first = line.removeprefix("\ufeff"), False
        yield line


def _decoded(lines: Iterator[str], where: str, chunk_rows: int) -> Iterator[tuple[int, list]]:
    records: list[Any] = []
    done = 0
    for number, text in enumerate(_split_lines(lines), start=1):
        if text.strip():
            records.append(tabular.loads(text, f"{where} line {number}"))
            if len(records) >= chunk_rows:
                yield done, records
                done += len(records)
                records = []
    if records or not done:
        yield done, records


def _split_lines(lines: Iterator[str]) -> Iterator[str]:
    """Lines as `str.splitlines` numbers them (the whole-file reader did): a file read line
    by line ends lines only at \\n, \\r and \\r\\n; splitlines also at \\v, \\f, \\x1c-\\x1e,
    \\x85, U+2028 and U+2029, which may occur only inside JSON strings."""
    for line in lines:
        yield from line.splitlines() or [""]


def read_json_array(path: str, stdin: TextIO | None) -> list[Any]:
    """A `.json` file (one object or a list), whole, below MAX_JSON_BYTES."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise tabular.UsageError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_JSON_BYTES:
        raise tabular.UsageError(
            f"{path}: {size / 2**20:.0f} MiB of JSON; a .json file is read whole, and the "
            f"limit is {MAX_JSON_BYTES // 2**20} MiB. Write one object per line (.jsonl), "
            "which is read in chunks at any size"
        )
    return tabular.read_records(path, "json", stdin)


@dataclass
class Progress:
    """A stderr line with rows done and rows/s, shown once a run has taken a few seconds."""

    stream: TextIO | None  # None: off
    start: float = field(default_factory=time.monotonic)
    last: float = 0.0
    rows: int = 0
    shown: bool = False
    AFTER_S = 2.0
    EVERY_S = 0.5

    def add(self, rows: int) -> None:
        self.rows += rows
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.start >= self.AFTER_S and now - self.last >= self.EVERY_S:
            self.last = now
            self._write(now)

    def _write(self, now: float) -> None:
        rate = self.rows / max(now - self.start, 1e-9)
        self.stream.write(f"\r{self.rows:,} rows done, {rate:,.0f} rows/s")  # type: ignore[union-attr]
        self.stream.flush()  # type: ignore[union-attr]
        self.shown = True

    def finish(self) -> None:
        if self.stream is not None and self.shown:
            self._write(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


class JsonArrayWriter:
    """Writes `json.dumps(list, indent=2)` element by element (the same bytes)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, obj: Any) -> None:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=2)
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + text.replace("\n", "\n  "))
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")


def result_rows(result: batch.BatchResult) -> Iterator[dict[str, Any]]:
    return (result.row(i) for i in range(result.n))

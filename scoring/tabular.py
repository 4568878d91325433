"""Reading and writing records for the command line (the only I/O in the engine).

Formats follow docs/cli-contract.md: `.csv`, `.jsonl` (one object per line),
`.json` (one object), or `-` for standard input.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("csv", "jsonl", "json")


class UsageError(Exception):
    """A problem with the invocation or the file as a whole (exit status 2)."""


class JsonObject(dict):
    """A decoded JSON object that remembers keys given more than once."""

    duplicate_keys: tuple[str, ...] = ()


def _object_with_duplicates(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject()
    seen: list[str] = []
    for key, value in pairs:
        if key in obj and key not in seen:
            seen.append(key)
        obj[key] = value
    obj.duplicate_keys = tuple(seen)
    return obj


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON; Python's decoder would accept them silently.
    raise ValueError(f"{name} is not valid JSON")


def loads(text: str, where: str) -> Any:
    """Strict JSON: no NaN/Infinity; duplicated keys are remembered, not lost."""
    try:
        return json.loads(
            text, object_pairs_hook=_object_with_duplicates, parse_constant=_reject_constant
        )
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{where}: malformed JSON ({exc})") from None


def input_format(path: str, stdin_format: str) -> str:
    if path == "-":
        return stdin_format
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UsageError(f"{path}: unknown input format '.{suffix}' (use .csv, .jsonl or .json)")
    return suffix


def read_text(path: str, stdin: TextIO | None = None) -> str:
    if path == "-":  # a BOM is accepted on standard input as in a file
        return (stdin or sys.stdin).read().removeprefix("\ufeff")
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None


def read_csv_text(text: str, where: str) -> Any:
    """CSV as text cells: an empty cell is "not known", nothing else is guessed."""
    import pandas as pd  # only when CSV records are read (alden); `score` reads with Arrow

    if not text.strip():
        return pd.DataFrame()
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise UsageError(f"{where}: malformed CSV ({exc})") from None
    duplicated = [c for c in frame.columns if "." in str(c) and str(c).rsplit(".", 1)[0] in frame]
    if duplicated:
        raise UsageError(f"{where}: malformed CSV (column given twice: {duplicated[0]})")
    return frame


def read_records(path: str, stdin_format: str, stdin: TextIO | None = None) -> list[Any]:
    """All records of a file as decoded values (dicts for well-formed records)."""
    fmt = input_format(path, stdin_format)
    where = "standard input" if path == "-" else path
    text = read_text(path, stdin)
    if fmt == "csv":
        return read_csv_text(text, where).to_dict(orient="records")
    if fmt == "jsonl":
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append(loads(line, f"{where} line {number}"))
        return records
    value = loads(text, where)
    return value if isinstance(value, list) else [value]


def json_default(value: Any) -> Any:
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, default=json_default)


def write_jsonl(objs: Iterable[Mapping[str, Any]], out: TextIO) -> None:
    for obj in objs:
        out.write(dumps(obj))
        out.write("\n")


def write_json(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=2))
    out.write("\n")


def csv_header(lines: Iterable[str]) -> list[str]:
    """Column names: the first CSV record of `lines` (a file or StringIO opened with
    newline=""), so CR-only line ends and a quoted name spanning lines read as Arrow reads
    them. Raises ValueError for a header the csv module cannot parse."""
    try:
        return next(csv.reader(lines), [])
    except csv.Error as exc:
        raise ValueError(f"malformed header ({exc})") from None


def duplicated_column(header: list[str]) -> str | None:
    """The first (alphabetically) name given twice; one pass, so a huge header is cheap."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for name in header:
        if name in seen:
            repeated.add(name)
        seen.add(name)
    return min(repeated) if repeated else None


def read_text_columns(source: str | BinaryIO, header: list[str]) -> Any:
    """A CSV (path or UTF-8 bytes) as Arrow text columns: only an empty cell is "not known".

    Nothing is guessed (no "NA", no numbers): the scorer reads each cell by the field's
    rules. Raises pyarrow.ArrowInvalid for a malformed file.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv  # the CSV reader, imported when a CSV is read

    return pacsv.read_csv(
        source,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


# OWASP CSV injection: a cell starting with one of these may run as a formula. Fullwidth
# forms are included because some spreadsheets (e.g. with East Asian input) fold them to
# ASCII; a line feed like tab and CR because a cell may be split into a new row or line.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Invisible or blank prefixes that some spreadsheets strip before deciding what a cell is:
# spaces, no-break and ideographic spaces, zero-width characters, word joiner and BOM.
FORMULA_PREFIXES = " \x0b\x0c\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"
# The one rule, usable by Python's re and by Arrow's RE2 (cli.safe_csv_table): any run of
# prefixes, then a trigger. Neutralising is the safe choice (SECURITY.md, "Command line").
FORMULA_PATTERN = f"^[{FORMULA_PREFIXES}]*[=+\\-@\t\r\n\uff1d\uff0b\uff0d\uff20]"
_FORMULA = re.compile(FORMULA_PATTERN)


def neutralise_formula(cell: Any) -> Any:
    """OWASP CSV-injection defence: a text cell that a spreadsheet would run is quoted."""
    if isinstance(cell, str) and _FORMULA.match(cell):
        return "'" + cell
    return cell


# A risky cell starts with a prefix or a trigger: a cheap first-character test lets the
# batch path skip the regex for a column with no such cell (the usual case).
_RISKY_FIRST_CHARACTERS = (*FORMULA_PREFIXES, *FORMULA_TRIGGERS)


def _neutralise_column(column: pa.Array) -> pa.Array:
    # The same rule as neutralise_formula (one pattern, SECURITY.md), as an Arrow kernel.
    import pyarrow as pa
    import pyarrow.compute as pc

    first = pc.utf8_slice_codeunits(column, 0, 1)
    if not pc.any(pc.is_in(first, value_set=pa.array(_RISKY_FIRST_CHARACTERS))).as_py():
        return column
    risky = pc.fill_null(pc.match_substring_regex(column, FORMULA_PATTERN), False)
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def safe_csv_table(table: pa.Table) -> pa.Table:
    """Every text cell that a spreadsheet would run as a formula gets a leading quote."""
    import pyarrow as pa

    for i, name in enumerate(table.column_names):
        if pa.types.is_string(table.schema.field(i).type):
            table = table.set_column(i, name, _neutralise_column(table.column(name)))
    return table

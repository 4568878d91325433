"""Reading and writing records for the command line (the only I/O in the engine).

Formats follow docs/cli-contract.md: `.csv`, `.jsonl` (one object per line),
`.json` (one object), or `-` for standard input.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from knowledge.i18n import Text
from scoring.fields import field_text
from scoring.words import english

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("csv", "jsonl", "json")


class UsageError(Exception):
    """A problem with the invocation or the file as a whole (exit status 2)."""


class JsonObject(dict):
    """A decoded JSON object that remembers keys given more than once, and the keys whose
    value held text that is not valid Unicode (see `_replace_invalid_text`)."""

    duplicate_keys: tuple[str, ...] = ()
    invalid_text_keys: tuple[str, ...] = ()


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


# Python refuses to convert integers of more than 4,300 digits (a CPU guard). JSON allows
# them: such a number is read as a float (infinite, so its field refuses it as a record
# error) instead of stopping the file with Python's own advice.
_MAX_INT_DIGITS = 4_000


def _parse_int(digits: str) -> int | float:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else float(digits)


# A lone surrogate (`"\ud800"`, valid JSON syntax) decodes to a str that cannot be written
# as UTF-8; so does a byte that is not UTF-8 read with Python's "surrogateescape". Such text
# is replaced by U+FFFD and the record remembers the key, so that it becomes an error for
# that record (scoring.case.record_issues) instead of stopping the run when written out.
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def invalid_text_message(key: str) -> str:
    """The CLI's English, naming the field by its key (engine.yaml)."""
    return english(Text("engine.record.invalid_text", {"field": key}))


def invalid_text_text(key: str) -> Text:
    """The same for the screen, naming the field as the screen does."""
    return Text("engine.record.invalid_text", {"field": field_text(key)})


def _clean(value: Any) -> tuple[Any, bool]:
    """`value` with every lone surrogate replaced, and whether there was one."""
    if isinstance(value, str):
        cleaned = _SURROGATE.sub(REPLACEMENT_CHARACTER, value)
        return cleaned, cleaned != value
    if isinstance(value, list):
        items = [_clean(item) for item in value]
        return [item for item, _ in items], any(bad for _, bad in items)
    if isinstance(value, dict):
        cleaned_obj = JsonObject()
        bad_keys = []
        for key, item in value.items():
            new_key, bad_key = _clean(key)
            new_item, bad_item = _clean(item)
            cleaned_obj[new_key] = new_item
            if bad_key or bad_item:
                bad_keys.append(new_key)
        cleaned_obj.duplicate_keys = tuple(
            _clean(k)[0] for k in getattr(value, "duplicate_keys", ())
        )
        cleaned_obj.invalid_text_keys = tuple(bad_keys)
        return cleaned_obj, bool(bad_keys)
    return value, False


def loads(text: str, where: str) -> Any:
    """Strict JSON: no NaN/Infinity; duplicated keys are remembered, not lost; text that
    is not valid Unicode is replaced and its key remembered (`JsonObject.invalid_text_keys`)."""
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object_with_duplicates,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
        )
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{where}: malformed JSON ({exc})") from None
    if _MAYBE_SURROGATE.search(text):
        value = _clean(value)[0]
    return value


def standard_input(stdin: TextIO | None) -> TextIO:
    """Standard input as strict UTF-8 text; a closed one is a usage error.

    `python -m scoring ... - <&-` starts with no standard input at all (sys.stdin is None).
    The real standard input is switched to strict decoding, so that bytes that are not
    UTF-8 are reported, whatever the locale (a C locale decodes them as surrogates).
    """
    stream = stdin if stdin is not None else sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise UsageError("standard input is closed: give a file, or send the records to it")
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(OSError, ValueError):  # already read from: keep it as is
            reconfigure(encoding="utf-8", errors="strict")
    return stream


def input_format(path: str, stdin_format: str) -> str:
    if path == "-":
        return stdin_format
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UsageError(f"{path}: unknown input format '.{suffix}' (use .csv, .jsonl or .json)")
    return suffix


def read_text(path: str, stdin: TextIO | None = None, limit: int | None = None) -> str:
    """The whole text of a file or standard input; with `limit` (characters), more than
    `limit` is a usage error naming it."""
    if path == "-":  # a BOM is accepted on standard input as in a file
        try:
            text = standard_input(stdin).read(-1 if limit is None else limit + 1)
        except UnicodeDecodeError:
            raise UsageError("standard input: not UTF-8 text") from None
        except OSError as exc:
            raise UsageError(f"standard input: cannot read ({exc.strerror})") from None
        if limit is not None and len(text) > limit:
            raise UsageError(too_long_message("standard input", limit))
        return text.removeprefix("\ufeff")
    try:
        if limit is not None and Path(path).stat().st_size > 4 * limit + 4:
            raise UsageError(too_long_message(path, limit))  # more than `limit` characters
        text = Path(path).read_text(encoding="utf-8-sig")
        if limit is not None and len(text) > limit:
            raise UsageError(too_long_message(path, limit))
        return text
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None


def too_long_message(where: str, limit: int) -> str:
    return (
        f"{where}: more than {limit:,} characters; the limit is {limit:,} "
        f"({limit // 2**20} MiB of text) for this input"
    )


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


# UTF-16 text without a byte order mark decodes as UTF-8 (ASCII letters with a NUL byte
# between them), then has no known column; no CSV of ours holds a NUL byte.
NUL_BYTES_REASON = (
    "the file holds NUL bytes: it looks like UTF-16 text, not UTF-8; save it as CSV UTF-8"
)


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


def text_convert_options(header: list[str]) -> Any:
    """Arrow's conversion for the batch path: every column text, only an empty cell is
    "not known" (nothing is guessed: no "NA", no numbers). Shared by the CLI's streaming
    reader (scoring.stream) and the Cohort upload (cohort.upload)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv  # the CSV reader, imported when a CSV is read

    return pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        null_values=[],
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )


def read_text_columns(
    source: str | BinaryIO, header: list[str], block_size: int | None = None
) -> Any:
    """A CSV (path or UTF-8 bytes) as Arrow text columns (`text_convert_options`).

    `block_size`: Arrow's parsing block; a record must fit in one (the CLI raises it until
    one does, scoring.stream). Raises pyarrow.ArrowInvalid for a malformed file.
    """
    import pyarrow.csv as pacsv

    return pacsv.read_csv(
        source,
        read_options=pacsv.ReadOptions(block_size=block_size) if block_size else None,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=text_convert_options(header),
    )


# OWASP CSV injection: a cell starting with one of these may run as a formula. Fullwidth
# forms are included because some spreadsheets (e.g. with East Asian input) fold them to
# ASCII; a line feed like tab and CR because a cell may be split into a new row or line.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _invisible_or_blank() -> str:
    """Every character a spreadsheet may strip or not show before a formula: whitespace
    (str.isspace: spaces, no-break, ideographic, line and paragraph separators...) and the
    invisible format characters (Unicode category Cf: zero-width characters, word joiner,
    BOM, soft hyphen U+00AD, Mongolian vowel separator U+180E, direction marks such as
    U+200E...). Cf characters lie in planes 0, 1 and 14 only."""
    candidates = (*range(0x20000), *range(0xE0000, 0xE1000))
    return "".join(
        chr(c) for c in candidates if chr(c).isspace() or unicodedata.category(chr(c)) == "Cf"
    )


def _character_class(characters: str) -> str:
    """`characters` as a regex class body of literal ranges (read alike by Python's re and
    Arrow's RE2); none of them is special inside a class (] \\ ^ -)."""
    codes = sorted(map(ord, characters))
    assert not set(codes) & set(map(ord, "]\\^-"))
    parts: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            parts.append(chr(start) if start == previous else f"{chr(start)}-{chr(previous)}")
            start = code
        previous = code
    return "".join(parts)


# Invisible or blank prefixes that some spreadsheets strip before deciding what a cell is.
FORMULA_PREFIXES = _invisible_or_blank()
# The one rule, usable by Python's re and by Arrow's RE2 (cli.safe_csv_table): any run of
# prefixes, then a trigger. Neutralising is the safe choice (SECURITY.md, "Command line").
FORMULA_PATTERN = f"^[{_character_class(FORMULA_PREFIXES)}]*[=+\\-@\t\r\n\uff1d\uff0b\uff0d\uff20]"
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

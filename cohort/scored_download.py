"""The Cohort page's download: each row's place in the file, its inputs as given, and its
results (issue 22: the download kept only id, results and died, so a row could not be
matched back to the file or checked against its inputs).

Columns: `row` (the data row's number, the header not counted, as the row report and
`validate` count), `line` (the spreadsheet line, the header being line 1; empty when the
file's lines could not be told apart), every column of the file as given, then
`cohort.upload.scored_csv`'s columns that the file does not already have. Text cells are
neutralised against formula injection, the inputs as well as the results.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.csv as pacsv

from cohort.upload import ScoredUpload, read_records, scored_csv
from scoring.tabular import safe_csv_table

ROW_COLUMN, LINE_COLUMN = "row", "line"


def _as_text_table(data: bytes) -> pa.Table:
    """CSV bytes read back with every column as text (nothing re-typed)."""
    names = pacsv.read_csv(io.BytesIO(data)).column_names
    convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in names})
    return pacsv.read_csv(io.BytesIO(data), convert_options=convert)


def scored_csv_with_inputs(upload: ScoredUpload, data: bytes) -> bytes:
    inputs, _ = read_records(data)  # the same reading as the scoring: rows line up
    results = _as_text_table(scored_csv(upload))
    if inputs.num_rows != results.num_rows:  # not expected; never misalign a row
        return scored_csv(upload)
    own = [name for name in (ROW_COLUMN, LINE_COLUMN) if name not in inputs.column_names]
    table = inputs
    if LINE_COLUMN in own:
        lines = [upload.line(i) for i in range(upload.n)]
        table = table.add_column(0, LINE_COLUMN, pa.array(lines, type=pa.int64()))
    if ROW_COLUMN in own:
        table = table.add_column(0, ROW_COLUMN, pa.array(range(1, upload.n + 1), pa.int64()))
    for name in results.column_names:
        if name not in table.column_names:
            table = table.append_column(name, results.column(name))
    sink = io.BytesIO()
    pacsv.write_csv(safe_csv_table(table), sink)
    return sink.getvalue()

"""The fast path of reading judgments: the whole file parsed into columns by pyarrow, then checked column-wise.

A million judgments read row by row in Python take minutes; pyarrow's JSON-lines reader parses them in C++
in seconds. It is only a fast path: every check of the row-by-row reader (validate.py, fields.py,
duplicates.py) is repeated here on whole columns, and when the file has anything the fast path cannot vouch
for (a parse error, a bad or unusual value, a nested field, a listwise row, a duplicate with another
verdict, a byte-order mark), :func:`fast_frame` returns None and the row-by-row reader reads the file,
locating every problem at its line and field exactly as before. So the fast path never decides what an
error says, only that there is none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from judgeaudit.contracts.judgments.fields import COUNTS, IDS, NUMBERS, OPTIONAL_TEXT, TEXT
from judgeaudit.contracts.judgments.row import COLUMNS, REQUIRED, WINNERS, Judgment, key_columns
from judgeaudit.io.files import BOM

if TYPE_CHECKING:
    import pyarrow as pa

VERDICT = ("winner", "score", "p_a")
BLOCK_BYTES = 64 << 20
PARSE_BYTES = 16 << 20  # pyarrow's unit of parallel parsing: four to a block, 30% faster than its 1 MB default


def fast_frame(path: Path) -> tuple[pd.DataFrame, int, tuple[str, ...]] | None:
    """The frame of a judgments file with no bad row, the number of identical duplicates and the columns of
    whole numbers (a frame shows them as floats where a row lacks one), or None when the row-by-row reader
    must read it (see the module docstring)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow comes with pandas' and datasets' dependencies
        return None
    try:
        with path.open("rb") as fh:
            if fh.read(len(BOM)) == BOM:
                return None
        table = _read_table(path)
    except (OSError, pa.ArrowException):
        return None
    if table.num_rows == 0:
        return None
    types = {name: _plain(table.schema.field(name).type) for name in table.column_names}
    for name, t in types.items():
        if not (pa.types.is_string(t) or pa.types.is_int64(t) or pa.types.is_float64(t) or pa.types.is_null(t)):
            return None  # booleans, lists, objects: the row-by-row reader keeps their JSON types exactly
        if name in TEXT + OPTIONAL_TEXT and not (pa.types.is_string(t) or pa.types.is_null(t)):
            return None
        if name in IDS and not (pa.types.is_string(t) or pa.types.is_int64(t)):
            return None
        if name in NUMBERS and pa.types.is_string(t):
            return None
        if name in COUNTS and not (pa.types.is_int64(t) or pa.types.is_null(t)):
            return None
    for name, t in types.items():  # pyarrow reads NaN and Infinity, which the contract refuses
        if name in NUMBERS and pa.types.is_float64(t) and not pc.all(pc.is_finite(table.column(name))).as_py():
            return None
    whole = tuple(name for name, t in types.items() if pa.types.is_int64(t))
    df = table.to_pandas()
    del table
    for name, t in types.items():  # a field null in every row: as the row-by-row reader makes it
        if pa.types.is_null(t):
            df[name] = np.nan
    for name in df.columns:  # every text column: one string object per distinct text, shared by its rows
        if isinstance(df[name].dtype, pd.CategoricalDtype):
            df[name] = df[name].astype(object)
    if not _valid(df):
        return None
    n_dup = _identical_duplicates(df)
    if n_dup is None:
        return None
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = None
    df["item_id"] = df["item_id"].astype(str)
    return df, n_dup, whole


def _plain(t: pa.DataType) -> pa.DataType:
    """A dictionary-encoded text (a long text, see _read_table) is a text."""
    import pyarrow as pa

    return t.value_type if pa.types.is_dictionary(t) else t


def _read_table(path: Path) -> pa.Table:
    """The file as one table, parsed a block of lines at a time, each block's texts dictionary-encoded: a text
    repeated in many rows (an item's answers in every order and variant; a judge's name in every row) is kept
    once, and the whole file's text is never held at once. Blocks whose types differ are unified as one read
    would (an integer column with a fraction becomes a fraction; a field null in one block takes the others'
    type); types that cannot be unified (a text and a number) raise, and the row-by-row reader reads the file."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    blocks: list[pa.Table] = []
    for lines in _line_blocks(path):
        table = pj.read_json(pa.py_buffer(lines), read_options=pj.ReadOptions(block_size=PARSE_BYTES))
        table.validate(full=True)  # invalid UTF-8 in any string: the row-by-row reader locates it
        for i, name in enumerate(table.column_names):
            if pa.types.is_string(table.schema.field(i).type):
                table = table.set_column(i, name, pc.dictionary_encode(table.column(i)))
        blocks.append(table)
    return pa.concat_tables(blocks, promote_options="permissive") if blocks else pa.table({})


def _line_blocks(path: Path) -> Iterator[memoryview]:
    """The file in blocks of whole lines, about BLOCK_BYTES each, read into one reused buffer (the parsed table
    copies what it keeps): no block is copied to join it to the end of its last line."""
    buf = bytearray(BLOCK_BYTES)
    kept = 0  # bytes at the start of buf: the line the previous block cut
    with path.open("rb", buffering=0) as fh:
        while True:
            with memoryview(buf) as free:
                n = fh.readinto(free[kept:])
            end = kept + n
            if end == 0:
                return
            cut = end if n == 0 else buf.rfind(b"\n", 0, end) + 1  # at the end of the file: all of it
            if cut == 0:  # one line longer than the buffer: make room for more of it
                grown = bytearray(2 * len(buf))
                grown[:end] = buf[:end]
                buf, kept = grown, end
                continue
            with memoryview(buf) as whole:
                yield whole[:cut]
            buf[: end - cut] = buf[cut:end]
            kept = end - cut


def frame_record(df: pd.DataFrame, i: int, whole: tuple[str, ...]) -> Judgment:
    """Row ``i`` (an index label) of a frame :func:`fast_frame` read, as :func:`fast_records` gives it: JSON
    values, without its null fields (the report's few examples, without a dict for every row)."""
    out: dict[str, object] = {}
    for name, value in df.loc[i].items():
        if value is None or (isinstance(value, float) and value != value):
            continue
        if isinstance(value, np.generic):
            value = value.item()
        out[str(name)] = int(value) if name in whole and isinstance(value, float) else value
    return cast("Judgment", out)


def fast_records(path: Path) -> list[Judgment]:
    """The rows of a file :func:`fast_frame` read, as dicts of JSON values without their null fields.

    A text repeated in many rows (an item's instruction and answers, in every order and variant) is one
    string object shared by those rows, not a copy per row.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    table = pj.read_json(path)
    columns: list[list[object]] = []
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_string(col.type):
            encoded = pc.dictionary_encode(col).combine_chunks()
            values = np.array([*encoded.dictionary.to_pylist(), None], dtype=object)
            columns.append(values[encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)].tolist())
        else:
            columns.append(col.to_pylist())
    keys = table.column_names
    del table
    return [
        cast("Judgment", {k: v for k, v in zip(keys, values) if v is not None}) for values in zip(*columns, strict=True)
    ]


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series(np.nan, index=df.index, dtype=float)


def _valid(df: pd.DataFrame) -> bool:
    """Every check of validate_row and check_field_types, on whole columns (the types were checked on the schema)."""
    for key in REQUIRED:
        col = _col(df, key)
        if col.isna().any() or (col.astype(object) == "").any():
            return False
    mode = df["mode"]
    if not mode.isin(("pairwise", "score")).all():
        return False  # listwise rows (whose k and chosen_slot the row-by-row reader derives) or a bad mode
    pairwise = mode == "pairwise"
    winner, label = _col(df, "winner"), _col(df, "label")
    if not _col(df, "order")[pairwise].isin(("ab", "ba")).all():
        return False
    if not (winner[pairwise].isna() | winner[pairwise].isin(WINNERS)).all():
        return False
    p_a = _col(df, "p_a")[pairwise]
    if not (p_a.isna() | ((p_a >= 0.0) & (p_a <= 1.0))).all():
        return False
    if not _col(df, "response")[~pairwise].isin(("a", "b")).all():
        return False
    if not (label.isna() | label.isin(WINNERS)).all():
        return False
    for key in COUNTS:
        if (_col(df, key) < 0).any():
            return False
    return True


def _identical_duplicates(df: pd.DataFrame) -> int | None:
    """Rows repeating an earlier row's judgment with exactly its verdict; None when some verdict differs
    (the row-by-row reader then names both rows, or decides that close numbers are the same)."""
    keys = key_columns(df).assign(item_id=df["item_id"].astype(str))
    dup = keys.duplicated(keep="first")
    n_dup = int(dup.sum())
    if n_dup == 0:
        return 0
    verdicts = pd.DataFrame({f: _col(df, f).astype(object) for f in VERDICT}, index=df.index)
    verdicts = verdicts.where(verdicts.notna(), None)
    with_verdict = pd.concat([keys, verdicts], axis=1)
    if int(with_verdict.duplicated(keep="first").sum()) != n_dup:
        return None
    return n_dup

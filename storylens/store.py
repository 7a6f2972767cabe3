"""Parquet tables on disk, written atomically, read back, and queried with DuckDB.

Why a whole-directory swap: a build writes a dozen tables that only make sense
together (mentions point to actors, quotes to sentences). Writing them one by one into
the live folder would let a crash leave new mentions beside old actors. Instead every
table of a build goes into a fresh sibling folder, which is then renamed into place:
    out.tmp-<pid>-<uuid>  --(complete)-->  out  (the previous out is moved to
                                                 out.old-<pid>-<uuid> first, then deleted)
A build killed at any point leaves either the old folder or the new one, never a mix.

Why a lock and names unique per build: two builds into one folder at once (two visitors
of one server process, two CLI runs) used to share `out.tmp-<pid>` and each other's
swap. Now one build per output folder holds `out.lock` (owner pid and host) for its whole
run, a second one waits for it (`build_lock`), every write has its own temp folder, and
`recover()` (run by the lock holder only) removes only temp folders whose owner process
is gone. Readers (`load`, `read_table`, `connect`) never rename or delete anything.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from storylens.tables import ALL_TABLES, conform, empty

BUILD_INFO = "build_info.json"


def _arrow_type(dtype: str) -> pa.DataType:
    return {
        "string": pa.string(),
        "Int64": pa.int64(),
        "float64": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }[dtype]


def to_arrow(df: pd.DataFrame, name: str) -> pa.Table:
    """Conform a frame to its declared table and convert with an explicit Arrow schema.

    An explicit schema keeps empty tables typed (an all-null column would otherwise be
    written as Arrow `null`, and DuckDB or a later pandas read would guess its type).
    """
    table = ALL_TABLES[name]
    df = conform(df, table)
    schema = pa.schema([pa.field(c.name, _arrow_type(c.dtype)) for c in table.columns])
    return pa.Table.from_arrays([_arrow_column(df[c.name], c.dtype) for c in table.columns], schema=schema)


def _arrow_column(col: pd.Series, dtype: str) -> pa.Array:
    """One conformed column as an Arrow array; a missing value (NA, or NaN in a float
    column) becomes null.

    Text, integer and boolean columns hand their Arrow or masked data to pyarrow
    directly: going through Python objects cost more than writing the files.
    """
    kind = _arrow_type(dtype)
    if dtype in {"list", "date"}:
        return pa.array(col.tolist(), type=kind)
    if dtype == "float64":
        return pa.array(col.to_numpy(dtype="float64", na_value=np.nan), type=kind, from_pandas=True)
    return pa.array(col, type=kind)


class BuildLocked(RuntimeError):
    """Another build holds the output folder's lock for longer than we wait."""


LOCK_WAIT = 60.0
"""Seconds a build waits for another build of the same output folder before giving up."""


def _lock_path(out: Path) -> Path:
    return out.parent / f"{out.name}.lock"


def _owner_alive(pid: int, host: str) -> bool:
    """Whether a process on this machine still runs (another host's owner: assume it does)."""
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def build_lock(out_dir: str | Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold `out.lock` (created exclusively, holding owner pid and host) for the block.

    A lock whose owner process is gone (a killed build) is taken over; a live one is waited
    for up to `wait` seconds, then `BuildLocked` says who holds it. Threads of one process
    exclude each other too: the file is created with O_EXCL, whoever creates it holds it."""
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock_path(out)
    key = (str(lock.resolve()), threading.get_ident())
    if key in _HELD:  # re-entered by the holder (a build's write_tables): already ours
        yield
        return
    owner = {"pid": os.getpid(), "host": socket.gethostname(), "token": uuid.uuid4().hex, "since": time.time()}
    give_up = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            held = _read_owner(lock)
            if held is not None and not _owner_alive(int(held.get("pid", -1)), str(held.get("host", ""))):
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()  # its owner was killed: take the lock over
                continue
            if time.monotonic() > give_up:
                who = f"process {held.get('pid')} on {held.get('host')}" if held else "another build"
                raise BuildLocked(f"{out} is being built by {who} (lock {lock}); try again when it is done") from None
            time.sleep(0.1)
            continue
        with os.fdopen(fd, "w") as fh:
            json.dump(owner, fh)
        break
    _HELD.add(key)
    try:
        yield
    finally:
        _HELD.discard(key)
        if (_read_owner(lock) or {}).get("token") == owner["token"]:
            lock.unlink()


_HELD: set[tuple[str, int]] = set()


def _read_owner(lock: Path) -> dict[str, Any] | None:
    try:
        return json.loads(lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return None  # being written this instant: treat as held


def _folder_owner_gone(p: Path) -> bool:
    """`out.tmp-<pid>-<uuid>` / `out.old-<pid>-<uuid>`: whether its pid no longer runs here."""
    try:
        pid = int(p.name.rsplit(".", 1)[1].split("-")[1])
    except (IndexError, ValueError):
        return True
    return not _owner_alive(pid, socket.gethostname())


def recover(out_dir: str | Path) -> None:
    """Finish or undo a swap interrupted by a kill, and remove temp folders of builds that are gone.

    Only the holder of the build lock calls this (`write_tables`): a temp folder whose
    owner still runs is never touched."""
    out = Path(out_dir)
    parent = out.parent
    if not parent.exists():
        return
    olds = sorted((p for p in parent.glob(f"{out.name}.old-*") if _folder_owner_gone(p)), key=lambda p: p.stat().st_mtime)
    if not out.exists() and olds:
        olds[-1].rename(out)
        olds = olds[:-1]
    for p in olds + [p for p in parent.glob(f"{out.name}.tmp-*") if _folder_owner_gone(p)]:
        shutil.rmtree(p, ignore_errors=True)


CACHE_DIR = "cache"


def write_tables(
    tables: dict[str, pd.DataFrame],
    out_dir: str | Path,
    build_info: dict[str, Any],
    cache: dict[str, pd.DataFrame] | None = None,
    cache_parts: Path | None = None,
    derived: Sequence[Callable[[Path, Path], None]] = (),
) -> Path:
    """Write every table plus build_info.json into `out_dir`, atomically as a whole.

    `cache` frames (the per-article stage's raw output, before the corpus steps) go to
    `out_dir/cache/`, inside the same swap, so the next build can reuse exactly what the
    per-article stage produced for unchanged articles. `cache_parts`, a staging folder of
    partitioned tables (`staging_folder`, `write_part`), is moved there instead.
    `derived` writers (the search index) are called as `writer(new_folder, out_dir)` once the
    tables are in the new folder and before the swap, so what they write from the tables
    is swapped in with them (and can reuse what the previous build in `out_dir` wrote).
    """
    out = Path(out_dir)
    with build_lock(out):
        return _write_locked(tables, out, build_info, cache, cache_parts, derived)


def _write_locked(
    tables: dict[str, pd.DataFrame],
    out: Path,
    build_info: dict[str, Any],
    cache: dict[str, pd.DataFrame] | None,
    cache_parts: Path | None,
    derived: Sequence[Callable[[Path, Path], None]] = (),
) -> Path:
    recover(out)
    stamp = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    tmp = out.parent / f"{out.name}.tmp-{stamp}"
    tmp.mkdir()
    # Test hook: slow the write phase down so a test can kill a build in the middle of it.
    pause = float(os.environ.get("STORYLENS_TEST_WRITE_PAUSE", "0") or 0)
    counts: dict[str, int] = {}
    for name in ALL_TABLES:
        df = tables.get(name)
        arrow = to_arrow(df if df is not None else empty(ALL_TABLES[name]), name)
        pq.write_table(arrow, tmp / f"{name}.parquet")
        counts[name] = arrow.num_rows
        if pause:
            time.sleep(pause)
    info = dict(build_info)
    info["counts"] = counts
    (tmp / BUILD_INFO).write_text(json.dumps(info, indent=2, sort_keys=True, default=str), encoding="utf-8")
    if cache_parts is not None and Path(cache_parts).is_dir():
        shutil.move(str(cache_parts), tmp / CACHE_DIR)
    elif cache:
        (tmp / CACHE_DIR).mkdir()
        for name, df in cache.items():
            pq.write_table(to_arrow(df, name), tmp / CACHE_DIR / f"{name}.parquet")
    for keep in _kept_files(out):
        shutil.copy2(keep, tmp / keep.name)
    for writer in derived:
        writer(tmp, out)
    if out.exists():
        old = out.parent / f"{out.name}.old-{stamp}"
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)
    return out


def _kept_files(out: Path) -> list[Path]:
    """Files a person put in the output folder (a README) survive rebuilds."""
    if not out.is_dir():
        return []
    return [p for p in out.iterdir() if p.is_file() and p.suffix in {".md", ".txt"}]


def read_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """One table as a DataFrame with its declared dtypes; an empty typed frame if absent."""
    path = Path(out_dir) / f"{name}.parquet"
    table = ALL_TABLES[name]
    try:
        # One open file, read whole: a build swapping a new folder in meanwhile cannot pull the
        # file out from under the read (pq.read_table(path) opens the path once for the footer
        # and again for the pages; a swap between the two read the new file at the old offsets).
        with path.open("rb") as f:
            df = pq.read_table(f).to_pandas()
    except FileNotFoundError:
        return empty(table)
    known = [c for c in df.columns if c in table.names]
    return conform(df[known], table)


def read_cache(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The per-article stage's raw output saved by the previous build (empty when none)."""
    folder = Path(out_dir) / CACHE_DIR
    if not folder.is_dir():
        return {}
    return {name: read_parts(folder, name) for name in cached_tables(out_dir)}


def cached_tables(out_dir: str | Path) -> set[str]:
    """Names of the tables in a build's cache folder (single files or partitioned folders)."""
    folder = Path(out_dir) / CACHE_DIR
    if not folder.is_dir():
        return set()
    return {p.stem if p.is_file() else p.name for p in folder.iterdir() if (p.stem if p.is_file() else p.name) in ALL_TABLES}


# Partitioned tables: one folder per table, one Parquet file per part, written as results
# arrive and read lazily (pyarrow datasets, DuckDB `read_parquet('<folder>/*.parquet')`).

PARTS_SUFFIX = ".parts-"


def staging_folder(out_dir: str | Path) -> Path:
    """A fresh folder beside `out_dir` for a build's partitioned tables before the swap.

    Named `<out>.parts-<pid>-<uuid>`; folders whose build process is gone are removed
    (a killed build leaves one behind, never a half-written `out`)."""
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    for old in out.parent.glob(f"{out.name}{PARTS_SUFFIX}*"):
        pid = old.name[len(out.name) + len(PARTS_SUFFIX) :].split("-")[0]
        if pid.isdigit() and not _owner_alive(int(pid), socket.gethostname()):
            shutil.rmtree(old, ignore_errors=True)
    folder = out.parent / f"{out.name}{PARTS_SUFFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


def write_part(folder: str | Path, name: str, df: pd.DataFrame, part: int | str) -> int:
    """Write one part of table `name` (conformed, typed) as `folder/name/part-<part>.parquet`; return its rows.

    Parts are read back in the order of their names: number them to keep the rows' order."""
    arrow = to_arrow(df, name)
    pq.write_table(arrow, _part_path(folder, name, part))
    return arrow.num_rows


def part_bytes(df: pd.DataFrame, name: str) -> bytes:
    """The bytes `write_part` would write for this frame (conformed, typed Parquet).

    Why: the per-article stage encodes its parts where it runs (a Dask worker), so the
    build process only writes bytes to disk instead of conforming, converting and
    compressing every chunk while the workers wait for it (`write_part_bytes`)."""
    sink = pa.BufferOutputStream()
    pq.write_table(to_arrow(df, name), sink)
    return sink.getvalue().to_pybytes()


def write_part_bytes(folder: str | Path, name: str, data: bytes, part: int | str) -> None:
    """Write the Parquet bytes of one part (`part_bytes`) where `write_part` writes it."""
    _part_path(folder, name, part).write_bytes(data)


def _part_path(folder: str | Path, name: str, part: int | str) -> Path:
    target = Path(folder) / name
    target.mkdir(parents=True, exist_ok=True)
    label = f"{part:06d}" if isinstance(part, int) else str(part)
    return target / f"part-{label}.parquet"


def part_files(folder: str | Path, name: str) -> list[Path]:
    """The Parquet files of table `name` under `folder`: its parts in name order, or its single file."""
    base = Path(folder)
    if (base / name).is_dir():
        return sorted((base / name).glob("*.parquet"))
    single = base / f"{name}.parquet"
    return [single] if single.exists() else []


def read_parts(folder: str | Path, name: str, article_ids: Any = None, columns: list[str] | None = None) -> pd.DataFrame:
    """Table `name` from its parts under `folder`, lazily filtered to `article_ids` and `columns`.

    Only the row groups and columns asked for are read (a pyarrow dataset), so a build can
    take the unchanged articles' rows of a large previous build without loading it whole."""
    table = ALL_TABLES[name]
    files = part_files(folder, name)
    if not files:
        return empty(table)
    dataset = pads.dataset([str(f) for f in files], format="parquet", schema=to_arrow(empty(table), name).schema)
    wanted = [c for c in (columns or table.names) if c in dataset.schema.names]
    condition = pads.field("article_id").isin(pa.array(sorted(set(article_ids)), type=pa.string())) if article_ids is not None else None
    df = dataset.to_table(columns=wanted, filter=condition).to_pandas()
    if columns is not None:
        return df
    return conform(df, table)


def iter_batches(
    folder: str | Path, name: str, columns: list[str], batch_rows: int = 20_000, article_ids: Sequence[str] | None = None
) -> Iterator[pa.RecordBatch]:
    """Table `name`'s `columns` a batch of rows at a time (its single file or its parts): for
    readers that must see every row of a large table without holding it; with `article_ids`,
    only those articles' rows (filtered by the scan, not after it)."""
    files = part_files(folder, name)
    if not files:
        return
    dataset = pads.dataset([str(f) for f in files], format="parquet", schema=to_arrow(empty(ALL_TABLES[name]), name).schema)
    where = pads.field("article_id").isin(pa.array([str(a) for a in article_ids], type=pa.string())) if article_ids is not None else None
    yield from dataset.to_batches(columns=[c for c in columns if c in dataset.schema.names], batch_size=batch_rows, filter=where)


def table_source(out_dir: str | Path, name: str) -> str:
    """What DuckDB's read_parquet takes for table `name` of a build: its file, or `<folder>/*.parquet`."""
    base = Path(out_dir)
    return str(base / name / "*.parquet") if (base / name).is_dir() else str(base / f"{name}.parquet")


def read_build_info(out_dir: str | Path) -> dict[str, Any]:
    path = Path(out_dir) / BUILD_INFO
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_cache_pickle(value: object, path: Path) -> None:
    """A corpus step's state into the build's own `cache/corpus/` folder (inside the swap).

    Why pickle: the states are the build's own Python objects (vectorisers, MinHash arrays,
    prepared records), written and read back only by this code in this output folder; the
    code fingerprint in their keys keeps a state from other code from being used."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)


def read_cache_pickle(path: Path, kind: type | tuple[type, ...] = object) -> Any:
    """What `write_cache_pickle` wrote (None when absent, unreadable or not of `kind`):
    a damaged or stale cache only means computing again, never a failed build."""
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            value = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return value if isinstance(value, kind) else None


def load(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a build, by name (the inverse of `write_tables`). Reads only: never
    renames or deletes (a build in progress owns its temp folders)."""
    return {name: read_table(out_dir, name) for name in ALL_TABLES}


def connect(out_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of the build.

    Lets the dashboard and notebooks ask SQL questions ("actors by outlet") straight
    from the Parquet files without loading every table into pandas first.
    """
    con = duckdb.connect()
    for name in ALL_TABLES:
        path = Path(out_dir) / f"{name}.parquet"
        if path.exists():
            literal = str(path).replace("'", "''")
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{literal}')")
    return con


def query(out_dir: str | Path, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    """Run one SQL query over a build's tables and return a DataFrame."""
    con = connect(out_dir)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()

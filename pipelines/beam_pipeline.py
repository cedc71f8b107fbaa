"""The Beam pipeline: staged items (Parquet) -> classifications, signals, mentions, window counts (Parquet).

Runner-agnostic: it reads and writes files only (DuckDB is written by the loader alone), so the same
graph runs on DirectRunner here and on Dataflow/Flink/Spark against object storage.

Elements are Arrow tables, one per classified batch, not single rows: per-element overhead in the
Python SDK dominated the run when every signal and mention was its own element (measured 6x slower
than the plain loop). Event-time window counts are pre-summed per hour inside the batch, then Beam's
the sums are combined per UTC day across batches.

The graph is one line (read slices, classify, write, sum per day, write the windows) so that Beam's
Dask runner, which computes only the last transform's graph and has no file sources, runs all of it.
"""

from __future__ import annotations

import gc
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import apache_beam as beam
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from apache_beam.options.pipeline_options import PipelineOptions
from fsspec.core import url_to_fs

from pipelines import revision
from pipelines.classifier import load_classifier
from pipelines.rows import Row, classification_rows, dead_letter_row, text_of, validate_item
from schemas.records import CLASSIFICATION_SCHEMA, DEAD_LETTER_SCHEMA, MENTION_SCHEMA, SIGNAL_SCHEMA
from schemas.tables import OUTPUT_TABLES, WINDOW_COUNT_SCHEMA, BatchTable
from schemas.taxonomy import DEFAULT_TAXONOMY_PATH

log = logging.getLogger(__name__)

DEFAULT_RUNNER = "DirectRunner"  # named explicitly: Beam's default first tries to download Prism
DASK_RUNNER = "apache_beam.runners.dask.dask_runner.DaskRunner"
RUNNER_ALIASES = {"dask": DASK_RUNNER, "daskrunner": DASK_RUNNER}  # Beam registers no short name for it
DASK_PARTITION_FLAGS = ("--dask_partition_size", "--dask_npartitions")
CLASSIFICATIONS, SIGNALS, MENTIONS, DEAD_LETTERS, PARTIALS, WINDOW_COUNTS = (
    "classifications", "signals", "mentions", "dead_letters", "partials", "window_counts")
HOUR_US = 3600 * 1_000_000
DAY_US = 24 * HOUR_US
PRODUCED = (CLASSIFICATIONS, SIGNALS, MENTIONS, DEAD_LETTERS, WINDOW_COUNTS)  # the outputs the graph makes itself

Output = tuple[str, Any]  # (output name, payload): the classifier's one stream
ItemSlice = tuple[str, int, int, int]  # (file, row group, first row, rows)


@dataclass(frozen=True)
class ClassifyOptions:
    taxonomy_path: str | None = None  # names the taxonomy; workers build it from taxonomy_yaml
    taxonomy_yaml: bytes | None = None  # the file's content, filled by run_classification
    model: str | None = None
    max_text_chars: int = 100_000
    min_batch: int = 64
    max_batch: int = 512


COUNT_KEYS = ["hour", "dimension", "key"]
COUNT_SCHEMA = pa.schema([("hour", pa.int64()), ("dimension", pa.string()), ("key", pa.string()),
                          ("signals", pa.int64()), ("escalation", pa.float64()), ("deescalation", pa.float64())])
_SUMS = [("signals", "sum"), ("escalation", "sum"), ("deescalation", "sum")]


def _counts(grouped: pa.Table, time_column: str, signals: str, escalation: str, deescalation: str) -> pa.Table:
    return pa.table([grouped[time_column], grouped["dimension"], grouped["key"], grouped[signals],
                     grouped[escalation], grouped[deescalation]], schema=COUNT_SCHEMA)


def hourly_counts(signals: pa.Table) -> pa.Table:
    """Sum indicator values per hour (start in µs since the epoch) and (dimension, key), in Arrow.

    A signal counts towards its category, each of its actors and its dyad; negated or hypothetical
    signals (contribution 0) count as signals but add no weight. Tables, not dicts: the sums cross
    Beam's shuffle and are merged in Arrow's C++ group-by instead of Python loops.
    """
    hour = pc.multiply(pc.divide(signals["published"].cast(pa.int64()), HOUR_US), HOUR_US)
    contribution = signals["contribution"]
    esc = pc.max_element_wise(contribution, 0.0)
    deesc = pc.max_element_wise(pc.negate(contribution), 0.0)
    base = pa.table({"hour": hour, "esc": esc, "deesc": deesc})
    source, target = signals["source_actor"], signals["target_actor"]

    def part(dimension: str, key: pa.ChunkedArray | pa.Array, mask: pa.ChunkedArray | None = None) -> pa.Table:
        t = base.append_column("dimension", pa.array([dimension] * len(base), pa.string())).append_column("key", key)
        return t.filter(mask) if mask is not None else t

    has_source, has_target = pc.is_valid(source), pc.is_valid(target)
    other_target = pc.and_(has_target, pc.or_(pc.invert(has_source), pc.not_equal(source, target)))
    parts = [
        part("category", signals["category"]),
        part("actor", source, has_source),
        part("actor", target, pc.fill_null(other_target, False)),
        part("dyad", pc.binary_join_element_wise(source, target, "-"), pc.and_(has_source, has_target)),
    ]
    grouped = pa.concat_tables(parts).group_by(COUNT_KEYS).aggregate(
        [("esc", "count"), ("esc", "sum"), ("deesc", "sum")])
    return _counts(grouped, "hour", "esc_count", "esc_sum", "deesc_sum")


def _day_of(hours: pa.Table) -> pa.Array:
    return pc.multiply(pc.divide(hours["hour"], DAY_US), DAY_US)


def day_partials(signals: pa.Table) -> list[tuple[int, pa.Table]]:
    """A batch's hourly counts split by UTC day (start in µs): one element per day and batch."""
    hours = hourly_counts(signals)
    day = _day_of(hours)
    return [(d, hours.filter(pc.equal(day, d))) for d in pc.unique(day).to_pylist()]


def sum_counts(tables: Iterable[pa.Table]) -> pa.Table:
    """CombineFn body: add up hourly count tables (inputs and partial sums have the same shape)."""
    tables = list(tables)
    if len(tables) == 1:
        return tables[0]
    grouped = pa.concat_tables(tables).group_by(COUNT_KEYS).aggregate(_SUMS)
    return _counts(grouped, "hour", "signals_sum", "escalation_sum", "deescalation_sum")


def _window_rows(kind: str, start: pa.Array, counts: pa.Table, suffix: str) -> pa.Table:
    return pa.table([pa.array([kind] * len(counts), pa.string()), start.cast(pa.timestamp("us", tz="UTC")),
                     counts["dimension"], counts["key"], counts[f"signals{suffix}"],
                     counts[f"escalation{suffix}"], counts[f"deescalation{suffix}"]], schema=WINDOW_COUNT_SCHEMA)


def window_counts_table(hours: pa.Table) -> pa.Table:
    """window_counts rows for summed hourly counts: every hour window and the UTC day windows they make up."""
    days = hours.append_column("day", _day_of(hours)).group_by(["day", "dimension", "key"]).aggregate(_SUMS)
    rows = pa.concat_tables([_window_rows("day", days["day"], days, "_sum"),
                             _window_rows("hour", hours["hour"], hours, "")])
    return rows.sort_by([("window_kind", "ascending"), ("window_start", "ascending"), ("dimension", "ascending"),
                         ("key", "ascending")])


class ClassifyBatchFn(beam.DoFn):
    """Classify a batch with nlp.pipe; the classifier is built once per worker process (`classifier_for`).

    Emits `(output name, payload)` pairs on its one output: a classifications table, a signals table, a
    mentions table, one dead-letter row per failed item, and `(day start in µs, hourly counts)` partials.
    One tagged stream instead of Beam's tagged outputs: the Dask runner mixes tagged outputs together and
    computes only the graph's last transform, so the graph is one line every runner executes whole.
    """

    def __init__(self, options: ClassifyOptions):
        self._options = options
        self._classifier: Any = None
        self._classified = beam.metrics.Metrics.counter("escmon", "items_classified")
        self._dead = beam.metrics.Metrics.counter("escmon", "dead_letters")

    def setup(self) -> None:
        opts = self._options
        self._classifier = classifier_for(opts.taxonomy_path, opts.taxonomy_yaml, opts.model)

    def process(self, batch: pa.Table | Sequence[Row]) -> Iterator[Output]:
        good: list[tuple[Row, str]] = []
        for item in batch.to_pylist() if isinstance(batch, pa.Table) else batch:
            try:
                text = text_of(item)
                problem = validate_item(item, text, self._options.max_text_chars)
            except Exception as exc:  # a malformed row (wrong types) is a dead letter, not a failed bundle
                problem = f"{type(exc).__name__}: {exc}"
            if problem:
                yield self._dead_letter(item, problem)
            else:
                good.append((item, text))
        if good:
            yield from self._classify(good)

    def _classify(self, items: list[tuple[Row, str]]) -> Iterator[Output]:
        try:
            results = list(self._classifier.classify_many([(text, i["published"]) for i, text in items]))
        except Exception:  # isolate the item that broke the batch instead of losing the batch
            log.warning("batch of %d failed; classifying one by one", len(items), exc_info=True)
            yield from self._classify_one_by_one(items)
            return
        yield from self._emit([(item, result) for (item, _), result in zip(items, results, strict=True)])

    def _classify_one_by_one(self, items: list[tuple[Row, str]]) -> Iterator[Output]:
        pairs = []
        for item, text in items:
            try:
                pairs.append((item, self._classifier.classify(text, item["published"])))
            except Exception as exc:
                yield self._dead_letter(item, f"{type(exc).__name__}: {exc}")
        if pairs:
            yield from self._emit(pairs)

    def _emit(self, pairs: list[tuple[Row, Any]]) -> Iterator[Output]:
        version = self._classifier.version
        now = datetime.now(UTC)
        classifications: list[Row] = []
        signals: list[Row] = []
        mentions: list[Row] = []
        for item, result in pairs:
            c, s, m = classification_rows(item, result, version, now)
            classifications.append(c)
            signals += s
            mentions += m
        self._classified.inc(len(classifications))
        yield CLASSIFICATIONS, pa.Table.from_pylist(classifications, schema=CLASSIFICATION_SCHEMA)
        if signals:
            table = pa.Table.from_pylist(signals, schema=SIGNAL_SCHEMA)
            yield SIGNALS, table
            for partial in day_partials(table):
                yield PARTIALS, partial
        if mentions:
            yield MENTIONS, pa.Table.from_pylist(mentions, schema=MENTION_SCHEMA)

    def _dead_letter(self, item: Row, error: str) -> Output:
        self._dead.inc()
        return DEAD_LETTERS, dead_letter_row(item, "classify", error)


def classifier_for(taxonomy_path: str | None, taxonomy_yaml: bytes | None, model: str | None) -> Any:
    """The classifier for the taxonomy's content shipped with the job (a worker opens no driver path),
    built once per process, taxonomy and rules: the Dask runner calls a DoFn's setup for every partition,
    and a long-lived worker (or `escmon serve`) keeps it from one run to the next."""
    return _built_classifier(taxonomy_path, taxonomy_yaml, model, revision.installed_rules())


@lru_cache(maxsize=2)
def _built_classifier(taxonomy_path: str | None, taxonomy_yaml: bytes | None, model: str | None,
                      rules: str) -> Any:
    """`rules` (the rules digest) only keys the cache: a classifier built under other rules stamps its rows
    with another classification version."""
    path = Path(taxonomy_path) if taxonomy_path else None
    classifier = load_classifier(path, model, taxonomy_yaml=taxonomy_yaml)
    # Load stage two's parser now: a missing one must fail the run at once with its message, not turn
    # every candidate item into a dead letter one by one.
    _ = classifier.parser
    # The classifier's long-lived objects (spaCy's vocab and matchers) leave the collector's view for the
    # process's life, so full collections stop rescanning them every few thousand docs (measured: the
    # pipeline/direct ratio went from 0.85 to 0.89 on 100k items).
    gc.freeze()
    return classifier


def item_slices(pattern: str, size: int) -> list[ItemSlice]:
    """The staged items as (file, row group, offset, rows) slices of at most `size` rows, read from the
    Parquet footers on the driver: the elements a distributed runner spreads over its workers."""
    fs, path = url_to_fs(pattern)
    files = sorted(fs.glob(path)) if any(c in path for c in "*?[") else [path]
    slices = []
    for file in files:
        with fs.open(file, "rb") as fh:
            meta = pq.ParquetFile(fh).metadata
        location = fs.unstrip_protocol(file) if _remote(fs) else file
        for group in range(meta.num_row_groups):
            rows = meta.row_group(group).num_rows
            slices += [(location, group, offset, min(size, rows - offset)) for offset in range(0, rows, size)]
    return slices


def _remote(fs: Any) -> bool:
    protocols = (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)
    return not {"file", "local"} & set(protocols)


def read_slice(piece: ItemSlice) -> pa.Table:
    """One slice of staged items as an Arrow table, read through fsspec (a local path, s3://, gs://)."""
    location, group, offset, rows = piece
    return _row_group(location, group).slice(offset, rows)


@lru_cache(maxsize=1)
def _row_group(location: str, group: int) -> pa.Table:
    """The last row group read in this process: the consecutive slices of one group (up to 40 of them, in
    separate Dask partitions) read it once. Staged files never change under a name (batch ids are unique)."""
    fs, path = url_to_fs(location)
    with fs.open(path, "rb") as fh:
        return pq.ParquetFile(fh).read_row_group(group)


class ReadItemBatches(beam.PTransform):
    """Staged items as Arrow tables of up to `batch_size` rows: no per-row elements before the classifier.

    The slices are listed on the driver and created in memory (the Dask runner has no file sources);
    the Reshuffle lets a runner that fuses stages spread the slices over its workers."""

    def __init__(self, pattern: str, batch_size: int):
        super().__init__()
        self._pattern, self._batch_size = pattern, batch_size

    def expand(self, p: beam.pvalue.PBegin) -> beam.PCollection:
        return (p
                | "Slices" >> beam.Create(item_slices(self._pattern, self._batch_size))
                | "Spread" >> beam.Reshuffle()
                | "Read" >> beam.Map(read_slice))


class BatchItems(beam.PTransform):
    """Row dicts -> lists of rows, for item sources that are not Parquet (tests, other readers)."""

    def __init__(self, options: ClassifyOptions):
        super().__init__()
        self._options = options

    def expand(self, items: beam.PCollection) -> beam.PCollection:
        return items | "Batch" >> beam.BatchElements(min_batch_size=self._options.min_batch,
                                                     max_batch_size=self._options.max_batch)


class ClassifyItems(beam.PTransform):
    """Item batches -> {output name: PCollection} (tables; dead-letter rows; (day, counts) partials).

    For readers of the separate outputs (tests); `build_pipeline` consumes the single tagged stream."""

    def __init__(self, options: ClassifyOptions):
        super().__init__()
        self._options = options

    def expand(self, batches: beam.PCollection) -> dict[str, beam.PCollection]:
        pairs = batches | "Classify" >> beam.ParDo(ClassifyBatchFn(self._options))
        return {name: pairs | f"Only{name}" >> beam.FlatMap(lambda kv, n=name: [kv[1]] if kv[0] == n else [])
                for name in (CLASSIFICATIONS, SIGNALS, MENTIONS, DEAD_LETTERS, PARTIALS)}


class CountIndicatorWindows(beam.PTransform):
    """Per day and hour (event time = published), sum signals per category, actor and dyad.

    Input: `(day start in µs, hourly counts)` per batch and UTC day; the day is the item's event time, so a
    late item lands in the day it belongs to, and hours are nested inside their day. Keyed by day in the
    global window: the local runner paid about 8 ms per window in windowed grouping, and one element per
    day instead of per hour cut the branch's cost about 15-fold on a year of backfill. Output: one Arrow
    table of window_counts rows per day.
    """

    def expand(self, partials: beam.PCollection) -> beam.PCollection:
        return (partials
                | "Sum" >> beam.CombinePerKey(sum_counts)
                | "HoursAndDay" >> beam.MapTuple(lambda _day, hours: window_counts_table(hours)))


class _BundleFiles:
    """Arrow tables buffered per output and written as `<out_dir>/<name>-<uuid>.parquet`, one file per
    output and bundle, through fsspec (a local folder, s3://, gs://).

    Small tables are buffered into row groups of about ROW_GROUP_ROWS rows. A file is written under a
    `.tmp` name and renamed when its bundle finishes, so a bundle that dies mid-write leaves no torn file
    for the loader; a retried bundle may leave a second copy of its rows, which the loader de-duplicates.
    """

    ROW_GROUP_ROWS = 50_000

    def __init__(self, out_dir: str, tables: Sequence[BatchTable]) -> None:
        self._fs, self._dir = url_to_fs(out_dir)
        self._dir = self._dir.rstrip("/")
        self._schemas = {t.name: t.schema for t in tables}
        # registered tables computed from a produced output's tables (schemas/tables.py `source`, `derive`)
        self._derived = [t for t in tables if t.name not in PRODUCED]
        self._writers: dict[str, tuple[Any, Any, str]] = {}
        self._pending: dict[str, list[pa.Table]] = {}

    def add(self, name: str, table: pa.Table) -> None:
        """One produced output's table, and the tables derived from it; an output not registered is not
        written."""
        for derived in self._derived:
            if derived.source == name:
                self._buffer(derived.name, derived.derive(table))
        if name in self._schemas:
            self._buffer(name, table)

    def _buffer(self, name: str, table: pa.Table) -> None:
        self._pending.setdefault(name, []).append(table)
        if sum(t.num_rows for t in self._pending[name]) >= self.ROW_GROUP_ROWS:
            self._flush(name)

    def _flush(self, name: str) -> None:
        tables = self._pending.pop(name, [])
        if not tables:
            return
        if name not in self._writers:
            path = f"{self._dir}/{name}-{uuid.uuid4().hex}.parquet"
            stream = self._fs.open(f"{path}.tmp", "wb")
            self._writers[name] = (stream, pq.ParquetWriter(stream, self._schemas[name]), path)
        self._writers[name][1].write_table(pa.concat_tables(tables))

    def close(self) -> None:
        for name in list(self._pending):
            self._flush(name)
        for stream, writer, path in self._writers.values():
            writer.close()
            stream.close()
            self._fs.mv(f"{path}.tmp", path)
        self._writers = {}


class WriteOutputsFn(beam.DoFn):
    """Write the classifier's tables (and dead letters) per bundle; pass the window partials on.

    One ParDo for every output, fused with the classifier: Beam's WriteToParquet adds four stages per
    output, and a Flatten of the outputs into one writer made the local runner encode every table
    across a stage boundary (measured 2 s and 0.6 s of a 100k-item run)."""

    def __init__(self, out_dir: str, tables: Sequence[BatchTable] = OUTPUT_TABLES):
        self._out_dir, self._tables = out_dir, tuple(tables)
        self._files: _BundleFiles | None = None

    def start_bundle(self) -> None:
        self._files = _BundleFiles(self._out_dir, self._tables)

    def process(self, pair: Output) -> Iterator[tuple[int, pa.Table]]:
        name, payload = pair
        if name == PARTIALS:
            yield payload
        elif name == DEAD_LETTERS:
            self._files.add(name, pa.Table.from_pylist([payload], schema=DEAD_LETTER_SCHEMA))
        else:
            self._files.add(name, payload)

    def finish_bundle(self) -> None:
        self._files.close()


class WriteWindowCountsFn(WriteOutputsFn):
    """The window_counts tables, the graph's last step (the Dask runner computes the last step's graph)."""

    def process(self, table: pa.Table) -> None:
        self._files.add(WINDOW_COUNTS, table)


def build_pipeline(p: beam.Pipeline, items_pattern: str, out_dir: str, options: ClassifyOptions,
                   tables: Sequence[BatchTable] = OUTPUT_TABLES) -> None:
    """Wire the graph, one line: read, classify, write the outputs, sum the windows, write them. Each
    registered table (schemas/tables.py) is written: one the graph makes, or one derived from it."""
    check_tables(tables)
    (p
     | "ReadItems" >> ReadItemBatches(items_pattern, options.max_batch)
     | "Classify" >> beam.ParDo(ClassifyBatchFn(options))
     | "WriteOutputs" >> beam.ParDo(WriteOutputsFn(out_dir, tables))
     | "CountWindows" >> CountIndicatorWindows()
     | "WriteWindowCounts" >> beam.ParDo(WriteWindowCountsFn(out_dir, tables)))


def check_tables(tables: Sequence[BatchTable]) -> None:
    """Every registered table is made by the graph or derived from what it makes: a table it cannot fill
    is refused before any item is classified."""
    for table in tables:
        if table.name not in PRODUCED and (table.source not in PRODUCED or table.derive is None):
            raise ValueError(f"output table {table.name!r}: the pipeline makes no {table.source!r} to derive it "
                             f"from (it makes {sorted(PRODUCED)})")


def runner_class(runner: str) -> str:
    """A runner name as Beam takes it: `dask` (whose short name Beam does not register) to its class path."""
    return RUNNER_ALIASES.get(runner.lower(), runner) if runner else DEFAULT_RUNNER


def pipeline_options(runner: str = DEFAULT_RUNNER, beam_args: Sequence[str] = ()) -> PipelineOptions:
    args = _joined_runner_flags(list(beam_args))
    if not any(a.startswith("--runner") for a in args):
        args.append(f"--runner={runner_class(runner)}")
    args = [f"--runner={runner_class(a.split('=', 1)[1])}" if a.startswith("--runner=") else a for a in args]
    if any(a == f"--runner={DASK_RUNNER}" for a in args) and not any(a.startswith(DASK_PARTITION_FLAGS)
                                                                     for a in args):
        # Dask puts 128 created elements in a partition by default: one worker would get every slice
        args.append("--dask_partition_size=1")
    return PipelineOptions(args)


def _joined_runner_flags(args: list[str]) -> list[str]:
    """`--runner X` as `--runner=X`, the one form the runner aliases are applied to."""
    out: list[str] = []
    for arg in args:
        if out and out[-1] == "--runner":
            out[-1] = f"--runner={arg}"
        else:
            out.append(arg)
    return out


def run_classification(items_pattern: str, out_dir: str, options: ClassifyOptions,
                       runner: str = DEFAULT_RUNNER, beam_args: Sequence[str] = (),
                       tables: Sequence[BatchTable] = OUTPUT_TABLES) -> dict[str, int]:
    """Run the pipeline to completion; returns its counts (items_classified, dead_letters)."""
    fs, path = url_to_fs(out_dir)
    fs.makedirs(path, exist_ok=True)
    if options.taxonomy_yaml is None:  # ship the taxonomy's content: workers need nothing from this disk
        options = replace(options, taxonomy_yaml=_taxonomy_bytes(options.taxonomy_path))
    p = beam.Pipeline(options=pipeline_options(runner, beam_args))
    build_pipeline(p, items_pattern, out_dir, options, tables)
    result = p.run()
    try:
        result.wait_until_finish()
        return _counters(result, out_dir)
    finally:
        client = getattr(result, "client", None)  # the Dask runner's connection, which it never closes
        if client is not None:
            client.close()


def _taxonomy_bytes(path: str | None) -> bytes:
    return Path(path or DEFAULT_TAXONOMY_PATH).read_bytes()


def _counters(result: Any, out_dir: str) -> dict[str, int]:
    """Beam's counters; from the written files on a runner that keeps none (the Dask runner)."""
    try:
        counters: dict[str, int] = {}
        for c in result.metrics().query()["counters"]:
            counters[c.key.metric.name] = counters.get(c.key.metric.name, 0) + int(c.committed or c.attempted or 0)
        return counters
    except NotImplementedError:
        return {"items_classified": _rows_written(out_dir, CLASSIFICATIONS),
                "dead_letters": _rows_written(out_dir, DEAD_LETTERS)}


def _rows_written(out_dir: str, name: str) -> int:
    fs, path = url_to_fs(out_dir)
    total = 0
    for file in fs.glob(f"{path.rstrip('/')}/{name}-*.parquet"):
        with fs.open(file, "rb") as fh:
            total += pq.ParquetFile(fh).metadata.num_rows
    return total

"""One run of the job: read a bronze partition, apply the rules, write silver and quarantine.

The io object is the only way out: StorageIO in Glue, a fake or local folders in tests. The
order of the steps is the job's safety: rejected rows are written first (to look at), then the
rejection threshold is checked, and silver is written only when the run passes it.
"""
from __future__ import annotations

import dataclasses

from pyspark.sql import SparkSession

from . import transforms
from .options import JobOptions


class TooManyRejected(RuntimeError):
    """More rows were rejected than --max_rejected_ratio allows; silver was not written."""


@dataclasses.dataclass(frozen=True)
class RunResult:
    bronze_rows: int
    silver_rows: int
    rejected_rows: int


def configure(spark: SparkSession) -> None:
    """Session settings the job's output depends on, set in code so tests use the same."""
    # Bronze timestamps have no zone: they are UTC, whatever the cluster's default zone.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    # Spark 3.5 still writes INT96 timestamps by default; the Parquet standard type reads
    # everywhere (Athena, DuckDB, pyarrow) and matches the contract's timestamp-micros.
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    # Spark 3's default policy (EXCEPTION) fails the whole job with SparkUpgradeException on a
    # value the new parser refuses but Spark 2's lenient one would read (an hour 25 rolls over
    # to the next day there); CORRECTED makes such a value an ordinary malformed record.
    spark.conf.set("spark.sql.legacy.timeParserPolicy", "CORRECTED")


def run(spark: SparkSession, options: JobOptions, pepper: bytes, io) -> RunResult:
    # Cached because it is counted and then written twice; caching also lets Spark filter on the
    # corrupt-record column of a raw CSV read.
    bronze = io.read_bronze(spark, options.bronze_partition).cache()
    try:
        silver, rejected = transforms.bronze_to_silver(bronze, pepper)
        total = bronze.count()
        rejected_rows = rejected.count()
        if rejected_rows:
            io.write_rejected(rejected, options.quarantine_partition)
        if total and rejected_rows / total > options.max_rejected_ratio:
            raise TooManyRejected(
                f"{rejected_rows} of {total} rows rejected (more than {options.max_rejected_ratio:.0%}); "
                f"see {options.quarantine_partition}"
            )
        io.write_silver(silver, options.silver_partition, options.output_files)
        return RunResult(bronze_rows=total, silver_rows=total - rejected_rows, rejected_rows=rejected_rows)
    finally:
        bronze.unpersist()

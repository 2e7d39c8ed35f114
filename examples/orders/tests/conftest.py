"""Shared test setup: one local Spark session for the whole run, the example's paths, the test key.

Spark takes seconds to start, so the session is created once (scope="session") and every test
uses it; tests stay independent by building their own DataFrames and writing only under pytest's
tmp_path. Without PySpark (a plain machine), the Spark tests are skipped and the pure-Python ones
still run; in the Glue 5 container (README.md) they all run.
"""
from __future__ import annotations

import pathlib
import sys

import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[1]
REPOSITORY = EXAMPLE.parents[1]
DATA = EXAMPLE / "data"
# The key the sample data was written with (data/make_data.cjs); a test key, not a secret.
PEPPER = b"example-pepper-not-a-secret"

sys.path.insert(0, str(EXAMPLE))


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from orders_job import job

    session = (
        SparkSession.builder.master("local[2]")
        .appName("orders-job-tests")
        .config("spark.sql.shuffle.partitions", "2")  # the default 200 makes tiny tests slow
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    job.configure(session)  # the settings the job runs with, not the test machine's defaults
    yield session
    session.stop()

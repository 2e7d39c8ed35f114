"""The Spark schemas of the job's input and output, generated from the schema registry.

orders_bronze.json and order_event.json are written by schemagate from the registry's versions
(the repository's schemas/ folder) and committed; CI regenerates them and fails when they differ
(docs/guide/04-schemas.md):

    schemagate convert schemas/orders_bronze/v1.yaml --to spark -o examples/orders/orders_job/schemas/orders_bronze.json
    schemagate convert schemas/order_event/v1.avsc --to spark -o examples/orders/orders_job/schemas/order_event.json
"""
from __future__ import annotations

import json
from importlib import resources

# Columns of the bronze table that live in folder names (dt=...), not in the files.
BRONZE_PARTITION_COLUMNS = ("dt",)
# Spark's PERMISSIVE CSV mode puts the text of a record it could not parse here.
CORRUPT_RECORD = "_corrupt_record"


def _load(name: str) -> dict:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def bronze_file_schema():
    """The columns of one bronze CSV file, in file order, plus the corrupt-record column."""
    from pyspark.sql.types import StringType, StructField, StructType

    table = StructType.fromJson(_load("orders_bronze.json"))
    fields = [f for f in table.fields if f.name not in BRONZE_PARTITION_COLUMNS]
    return StructType(fields + [StructField(CORRUPT_RECORD, StringType(), True)])


def silver_schema():
    """The silver row as the Avro contract (order_event) describes it, as Spark types."""
    from pyspark.sql.types import StructType

    return StructType.fromJson(_load("order_event.json"))


def order_statuses() -> tuple[str, ...]:
    """The statuses the contract allows. Spark has no enum type, so the generated Spark schema
    keeps only "string"; the symbols come from the Avro schema in the registry, which the unit
    tests read to check this list (tests/test_transforms.py)."""
    return ("PLACED", "PAID", "SHIPPED", "CANCELLED")

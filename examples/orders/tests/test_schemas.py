"""The job's schemas agree with the schema registry (the repository's schemas/ folder)."""
import json

from orders_job.schemas import order_statuses

from conftest import REPOSITORY


def test_statuses_are_the_contracts_enum_symbols():
    contract = json.loads((REPOSITORY / "schemas" / "order_event" / "v1.avsc").read_text())
    status = next(f for f in contract["fields"] if f["name"] == "status")
    assert order_statuses() == tuple(status["type"]["symbols"])


def test_bronze_file_schema_is_the_tables_columns_without_the_partition_key(spark):
    from orders_job.schemas import bronze_file_schema

    assert bronze_file_schema().fieldNames() == [
        "order_id", "customer_id", "customer_email", "order_ts", "status", "amount", "currency", "country",
        "_corrupt_record",
    ]

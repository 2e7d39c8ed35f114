"""The business rules, on rows built in memory: no files, no AWS."""
import datetime
from decimal import Decimal

import pytest

from conftest import PEPPER

pytest.importorskip("pyspark")

from orders_job import pii, transforms  # noqa: E402
from orders_job.schemas import bronze_file_schema, silver_schema  # noqa: E402

CLEAN = {
    "order_id": 1,
    "customer_id": "c0ffee00-0000-4000-8000-000000000001",
    "customer_email": "Ana.Silva@example.com",
    "order_ts": datetime.datetime(2026, 1, 1, 8, 5, 12),
    "status": " paid",
    "amount": Decimal("19.90"),
    "currency": "eur",
    "country": "pt",
    "_corrupt_record": None,
}


def bronze(spark, *changes):
    """A bronze DataFrame of one clean row per change, each with that change applied."""
    rows = [{**CLEAN, **change} for change in (changes or ({},))]
    schema = bronze_file_schema()
    return spark.createDataFrame([tuple(r[f] for f in schema.fieldNames()) for r in rows], schema)


def test_clean_row_becomes_the_contracts_row(spark):
    silver, rejected = transforms.bronze_to_silver(bronze(spark), PEPPER)
    assert rejected.count() == 0
    assert silver.schema.fieldNames() == silver_schema().fieldNames()
    row = silver.collect()[0]
    assert (row.status, row.currency, row.country) == ("PAID", "EUR", "PT")
    assert row.email_hmac == pii.hmac_hex(PEPPER, "ana.silva@example.com")
    assert "customer_email" not in silver.columns


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"_corrupt_record": "2003,...,gift wrap"}, "malformed"),
        ({"order_id": None}, "order_id is null"),
        ({"customer_id": "n/a"}, "customer_id is not a UUID"),
        ({"order_ts": None}, "order_ts is null"),
        ({"status": "REFUNDED"}, "unknown status"),
        ({"amount": Decimal("-1.00")}, "amount is missing or negative"),
        ({"currency": "EURO"}, "currency is not ISO 4217"),
        ({"country": None}, "country is not ISO 3166"),
    ],
)
def test_each_rule_rejects_with_its_reason(spark, change, reason):
    silver, rejected = transforms.bronze_to_silver(bronze(spark, change), PEPPER)
    assert silver.count() == 0
    assert [r.reject_reason for r in rejected.collect()] == [reason]


def test_every_row_lands_exactly_once(spark):
    changes = [{}, {"order_id": None}, {"status": "LOST"}, {"order_id": 2}]
    silver, rejected = transforms.bronze_to_silver(bronze(spark, *changes), PEPPER)
    assert (silver.count(), rejected.count()) == (2, 2)
    assert sorted(r.order_id for r in silver.collect()) == [1, 2]

"""The business rules: pure DataFrame -> DataFrame functions.

Nothing here reads or writes files, knows a path, a bucket or a job parameter, or calls AWS: every
function takes DataFrames and plain values and returns DataFrames, so a unit test builds a few
rows in memory, calls it and compares (tests/test_transforms.py).
"""
from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from . import pii
from .schemas import CORRUPT_RECORD, order_statuses, silver_schema

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
REJECT_REASON = "reject_reason"


def normalise(bronze: DataFrame) -> DataFrame:
    """Codes in upper case without surrounding spaces (the shop's export mixes `paid` and `PAID`)."""
    return bronze.select(
        *[
            F.upper(F.trim(F.col(name))).alias(name) if name in ("status", "currency", "country") else F.col(name)
            for name in bronze.columns
        ]
    )


def reject_reason() -> Column:
    """The first rule a row breaks, or null: the rules of the silver contract (order_event)
    that a Glue table cannot express, plus Spark's own verdict on unparseable records."""
    c = F.col
    return (
        F.when(c(CORRUPT_RECORD).isNotNull(), F.lit("malformed"))
        .when(c("order_id").isNull(), F.lit("order_id is null"))
        .when(c("customer_id").isNull() | ~c("customer_id").rlike(UUID_PATTERN), F.lit("customer_id is not a UUID"))
        .when(c("order_ts").isNull(), F.lit("order_ts is null"))
        .when(c("status").isNull() | ~c("status").isin(*order_statuses()), F.lit("unknown status"))
        .when(c("amount").isNull() | (c("amount") < 0), F.lit("amount is missing or negative"))
        .when(c("currency").isNull() | ~c("currency").rlike("^[A-Z]{3}$"), F.lit("currency is not ISO 4217"))
        .when(c("country").isNull() | ~c("country").rlike("^[A-Z]{2}$"), F.lit("country is not ISO 3166"))
    )


def to_silver(accepted: DataFrame, pepper: bytes) -> DataFrame:
    """The silver row: the contract's columns in its order and types; the e-mail address only
    as its keyed pseudonym."""
    with_hmac = accepted.withColumn("email_hmac", pii.hmac_hex_column(F.col("customer_email"), pepper))
    return with_hmac.select(*[F.col(f.name).cast(f.dataType).alias(f.name) for f in silver_schema().fields])


def bronze_to_silver(bronze: DataFrame, pepper: bytes) -> tuple[DataFrame, DataFrame]:
    """(silver, rejected): every bronze row lands in exactly one of them. Rejected rows keep
    their bronze columns (personal data included: the quarantine needs bronze's access rules)
    and say why in reject_reason."""
    checked = normalise(bronze).withColumn(REJECT_REASON, reject_reason())
    accepted = checked.filter(F.col(REJECT_REASON).isNull())
    rejected = checked.filter(F.col(REJECT_REASON).isNotNull())
    return to_silver(accepted, pepper), rejected

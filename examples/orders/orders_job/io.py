"""The edges: everything that touches storage or AWS. Kept small and free of business rules, so
tests replace it whole (tests/test_job.py's FakeIO) or point it at local folders."""
from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession

from .schemas import CORRUPT_RECORD, bronze_file_schema


class StorageIO:
    """Reads and writes the tables' partitions; paths may be s3:// or local."""

    def read_bronze(self, spark: SparkSession, path: str) -> DataFrame:
        # The dialect of the Glue table (schemas/orders_bronze/v1.yaml: LazySimpleSerDe, ',',
        # no quoting, one header line, empty = null), and the registry's column types instead
        # of inferSchema, which would guess from whatever this day's file happens to hold.
        return (
            spark.read.schema(bronze_file_schema())
            .option("header", True)
            .option("sep", ",")
            .option("quote", "")  # LazySimpleSerDe does not quote; "" turns Spark's quoting off
            .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
            .csv(path)
        )

    def write_silver(self, silver: DataFrame, path: str, files: int) -> None:
        # Overwrites exactly this run's partition folder (the reprocessing recipe explains why
        # and what it does not protect against).
        silver.repartition(files).write.mode("overwrite").parquet(path)

    def write_rejected(self, rejected: DataFrame, path: str) -> None:
        rejected.coalesce(1).write.mode("overwrite").json(path)


def read_secret(secret_id: str) -> bytes:
    """The HMAC key from AWS Secrets Manager (the job's role needs secretsmanager:GetSecretValue
    on this secret, and kms:Decrypt when it is encrypted with a customer key)."""
    import boto3

    response = boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)
    return response["SecretString"].encode("utf-8")

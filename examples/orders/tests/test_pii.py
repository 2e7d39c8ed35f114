"""The e-mail pseudonym: the Spark column equals the Python reference, which equals RFC 2104."""
import hashlib
import hmac

import pytest

from orders_job import pii

from conftest import PEPPER


def test_reference_is_hmac_sha256_of_the_normal_form():
    expected = hmac.new(PEPPER, b"ben.mueller@example.org", hashlib.sha256).hexdigest()
    assert pii.hmac_hex(PEPPER, "  Ben.Mueller@Example.ORG ") == expected


def test_same_key_same_pseudonym_other_key_other_pseudonym():
    assert pii.hmac_hex(PEPPER, "a@example.com") == pii.hmac_hex(PEPPER, "A@example.com")
    assert pii.hmac_hex(PEPPER, "a@example.com") != pii.hmac_hex(b"another key", "a@example.com")


def test_no_address_no_pseudonym():
    assert pii.hmac_hex(PEPPER, None) is None
    assert pii.hmac_hex(PEPPER, "   ") is None


def test_a_guessable_value_is_not_recoverable_without_the_key():
    # A plain SHA-256 of a 4-digit PIN falls to a 10,000-entry dictionary; the HMAC does not
    # match any entry of that dictionary.
    target = pii.hmac_hex(PEPPER, "4711")
    dictionary = {hashlib.sha256(f"{n:04d}".encode()).hexdigest() for n in range(10_000)}
    assert target not in dictionary


@pytest.mark.parametrize("key", [PEPPER, b"k" * 100])  # a key longer than a block is hashed first
def test_spark_column_equals_reference(spark, key):
    from pyspark.sql import functions as F

    emails = ["ana.silva@example.com", " Ben.Mueller@Example.org", "élodie@example.fr", "", "  ", None]
    df = spark.createDataFrame([(e,) for e in emails], "email string")
    got = [row.h for row in df.select(pii.hmac_hex_column(F.col("email"), key).alias("h")).collect()]
    assert got == [pii.hmac_hex(key, e) for e in emails]

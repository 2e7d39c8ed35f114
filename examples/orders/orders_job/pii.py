"""The pseudonym of an e-mail address: HMAC-SHA256 under a secret key, hexadecimal.

Not a plain hash: e-mail addresses are guessable, and anyone can hash a list of them and match
(docs/guide/cookbook/pii.md). The key (the "pepper") lives in AWS Secrets Manager; the same key
gives the same pseudonym, so silver tables stay joinable on it.

hmac_hex_column computes the HMAC inside Spark with built-in functions only (sha2, concat,
unhex): no Python UDF, so no rows travel to a Python worker. hmac_hex is the same in plain
Python, the reference the unit tests compare it with.
"""
from __future__ import annotations

import hashlib
import hmac

_BLOCK = 64  # SHA-256's block size in bytes (RFC 2104)


def normalise_email(text: str | None) -> str | None:
    """The form that is hashed: spaces trimmed, lower-cased; None when nothing is left."""
    if text is None:
        return None
    text = text.strip(" ").lower()  # Spark's trim removes spaces only
    return text or None


def hmac_hex(key: bytes, text: str | None) -> str | None:
    """HMAC-SHA256 of the normalised address in hexadecimal (None for no address)."""
    normal = normalise_email(text)
    if normal is None:
        return None
    return hmac.new(key, normal.encode("utf-8"), hashlib.sha256).hexdigest()


def key_pads(key: bytes) -> tuple[bytes, bytes]:
    """RFC 2104's inner and outer padded keys: K xor 0x36.., K xor 0x5c.. over one block."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def hmac_hex_column(column, key: bytes):
    """The Spark column of hmac_hex(key, column): H(K^opad || H(K^ipad || text))."""
    from pyspark.sql import functions as F

    inner_pad, outer_pad = key_pads(key)
    normal = F.lower(F.trim(column))
    text = F.when(normal != "", normal)  # empty -> null, as normalise_email
    inner = F.unhex(F.sha2(F.concat(F.lit(bytearray(inner_pad)), F.encode(text, "UTF-8")), 256))
    return F.sha2(F.concat(F.lit(bytearray(outer_pad)), inner), 256)

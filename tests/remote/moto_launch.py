"""tests/remote/moto_launch.py: runs moto_server (moto 5.2.1) with its SigV4 check canonicalising
the request the way AWS does. Arguments are moto_server's (-H HOST -p PORT ...).

Why: with INITIAL_NO_AUTH_ACTION_COUNT set, moto re-signs the request to compare signatures,
but it takes the path and query from werkzeug's `request.url`, which leaves RFC 3986
sub-delimiters (`= + : @ , ; ! $ & ' ( ) *`), `%` and `/` in a query value unencoded and turns
non-ASCII into an IRI. A client that signs the AWS canonical form (`dt%3D2026-01-01`,
`prefix=many%2F`) then gets 403 SignatureDoesNotMatch, and one that signs the raw characters
is accepted: the opposite of S3. Here the check gets the request target exactly as it arrived
(werkzeug's RAW_URI), decoded and re-encoded by SigV4's rules: every byte but A-Z a-z 0-9
`-_.~` percent-encoded, `/` kept in the path, query pairs encoded the same way (moto's signer
then sorts them). Nothing else in moto changes: wrong secrets, unsorted signed queries, stale
dates and unknown keys are still refused by moto's own code.

Run with the pyenv python3 (moto lives there), never /usr/bin/python3.
"""

import sys
from urllib.parse import quote, unquote_to_bytes, urlsplit

from moto.core import authorization, responses
from moto.server import main as moto_main


def aws_canonical_target(raw_target: str) -> str:
    """The path?query of RAW_URI re-encoded by SigV4's rules (path once, as S3 signs it)."""
    parts = urlsplit(raw_target)
    path = quote(unquote_to_bytes(parts.path or "/"), safe="/~")
    pairs = []
    for pair in parts.query.split("&"):
        if pair == "":
            continue
        key, _, value = pair.partition("=")
        pairs.append(
            quote(unquote_to_bytes(key), safe="-_.~") + "=" + quote(unquote_to_bytes(value), safe="-_.~")
        )
    return path + ("?" + "&".join(pairs) if pairs else "")


_original_setup_class = responses.BaseResponse.setup_class
_original_authenticate = authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action


def _setup_class_keeping_raw_target(self, request, full_url, headers, *args, **kwargs):
    environ = getattr(request, "environ", None)
    self._sg_raw_target = environ.get("RAW_URI") if isinstance(environ, dict) else None
    return _original_setup_class(self, request, full_url, headers, *args, **kwargs)


def _authenticate_on_raw_target(self, iam_request_cls, resource="*"):
    raw_target = getattr(self, "_sg_raw_target", None)
    if not raw_target:
        return _original_authenticate(self, iam_request_cls, resource)
    # moto builds the signed path from urlparse(self.uri); give it the canonical target for the
    # duration of the check only, so routing and parameter parsing keep moto's own view.
    kept_uri = self.uri
    self.uri = "http://canonical" + aws_canonical_target(raw_target)
    try:
        return _original_authenticate(self, iam_request_cls, resource)
    finally:
        self.uri = kept_uri


responses.BaseResponse.setup_class = _setup_class_keeping_raw_target
authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate_on_raw_target

if __name__ == "__main__":
    moto_main(sys.argv[1:])

"""The job's options as one typed, validated value (no Spark, no AWS: unit-tested in plain Python).

Glue passes job parameters as strings (`--process_date 2026-01-01`); getResolvedOptions returns
them as a dict of strings and fails on a missing one, but it cannot say that a date is not a
date or a ratio is not a number. JobOptions.from_arguments does, before any data is read, with a
message that names the parameter.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence

# Parameters every run must pass, and those with a default (see JobOptions).
REQUIRED = ("process_date", "bronze_path", "silver_path", "quarantine_path", "pepper_secret_id")
OPTIONAL = ("max_rejected_ratio", "output_files")


class OptionError(ValueError):
    """A job parameter is missing or malformed; the message names it."""


@dataclasses.dataclass(frozen=True)
class JobOptions:
    process_date: datetime.date  # the bronze partition (dt=) this run turns into silver
    bronze_path: str  # table roots, without dt=: s3://bucket/bronze/orders
    silver_path: str
    quarantine_path: str
    pepper_secret_id: str  # Secrets Manager id of the HMAC key for e-mail pseudonyms
    max_rejected_ratio: float = 0.0  # the run fails when more rows than this are rejected
    output_files: int = 1  # Parquet files per silver partition

    @classmethod
    def from_arguments(cls, args: Mapping[str, str]) -> JobOptions:
        missing = [name for name in REQUIRED if not args.get(name)]
        if missing:
            raise OptionError("missing job parameter(s): " + ", ".join("--" + m for m in missing))
        try:
            process_date = datetime.date.fromisoformat(args["process_date"])
        except ValueError:
            raise OptionError(f"--process_date: {args['process_date']!r} is not a date (YYYY-MM-DD)") from None
        ratio = _number(args, "max_rejected_ratio", float, "0")
        if not 0.0 <= ratio <= 1.0:
            raise OptionError(f"--max_rejected_ratio: {ratio} is not between 0 and 1")
        files = _number(args, "output_files", int, "1")
        if files < 1:
            raise OptionError(f"--output_files: {files} is not at least 1")
        paths = {}
        for name in ("bronze_path", "silver_path", "quarantine_path"):
            path = args[name].rstrip("/")
            if "dt=" in path:
                raise OptionError(f"--{name}: give the table's root, not a partition: {args[name]!r}")
            paths[name] = path
        return cls(process_date=process_date, pepper_secret_id=args["pepper_secret_id"],
                   max_rejected_ratio=ratio, output_files=files, **paths)

    def _partition(self, root: str) -> str:
        return f"{root}/dt={self.process_date.isoformat()}"

    @property
    def bronze_partition(self) -> str:
        return self._partition(self.bronze_path)

    @property
    def silver_partition(self) -> str:
        return self._partition(self.silver_path)

    @property
    def quarantine_partition(self) -> str:
        return self._partition(self.quarantine_path)


def _number(args: Mapping[str, str], name: str, kind: type, default: str):
    text = args.get(name) or default
    try:
        return kind(text)
    except ValueError:
        raise OptionError(f"--{name}: {text!r} is not {'an integer' if kind is int else 'a number'}") from None


def argument_names(argv: Sequence[str]) -> list[str]:
    """The names to give getResolvedOptions: the required ones and the optional ones present.

    getResolvedOptions fails on any name it is given that the run did not pass, so optional
    parameters are asked for only when they are on the command line."""
    return list(REQUIRED) + [name for name in OPTIONAL if f"--{name}" in argv]

"""The job's options: parsed and checked without Spark or AWS."""
import datetime

import pytest

from orders_job.options import JobOptions, OptionError, argument_names

ARGS = {
    "process_date": "2026-01-01",
    "bronze_path": "s3://lake/bronze/orders/",
    "silver_path": "s3://lake/silver/orders",
    "quarantine_path": "s3://lake/quarantine/orders",
    "pepper_secret_id": "orders/email-pepper",
}


def test_parses_types_and_defaults():
    options = JobOptions.from_arguments(ARGS)
    assert options.process_date == datetime.date(2026, 1, 1)
    assert options.max_rejected_ratio == 0.0 and options.output_files == 1
    assert options.bronze_partition == "s3://lake/bronze/orders/dt=2026-01-01"
    assert options.silver_partition == "s3://lake/silver/orders/dt=2026-01-01"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"process_date": "2026-13-01"}, "--process_date: '2026-13-01' is not a date"),
        ({"max_rejected_ratio": "5%"}, "--max_rejected_ratio: '5%' is not a number"),
        ({"max_rejected_ratio": "2"}, "--max_rejected_ratio: 2.0 is not between 0 and 1"),
        ({"output_files": "0"}, "--output_files: 0 is not at least 1"),
        ({"silver_path": "s3://lake/silver/orders/dt=2026-01-01"}, "--silver_path: give the table's root"),
        ({"pepper_secret_id": ""}, "missing job parameter(s): --pepper_secret_id"),
    ],
)
def test_refuses_bad_values_by_name(change, message):
    with pytest.raises(OptionError) as error:
        JobOptions.from_arguments({**ARGS, **change})
    assert str(error.value).startswith(message)


def test_asks_getresolvedoptions_only_for_optional_parameters_given():
    argv = ["script.py", "--JOB_NAME", "orders", "--output_files", "4"]
    assert argument_names(argv)[-1] == "output_files"
    assert "max_rejected_ratio" not in argument_names(argv)

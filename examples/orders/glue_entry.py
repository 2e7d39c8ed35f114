"""The Glue script of the orders job: the thin entry point (docs/guide/02-job-structure.md).

It parses the job parameters into typed options, builds the Spark session, fetches the key and
hands over to orders_job.job.run. Nothing in this file is worth a unit test, which is the point:
it runs only in Glue (or its container), and everything it calls is tested without it.

Job parameters: --process_date 2026-01-01 --bronze_path s3://B/bronze/orders
  --silver_path s3://B/silver/orders --quarantine_path s3://B/quarantine/orders
  --pepper_secret_id orders/email-pepper [--max_rejected_ratio 0.01] [--output_files 1]
"""
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

from orders_job import io, job
from orders_job.options import JobOptions, argument_names


def main(argv):
    args = getResolvedOptions(argv, ["JOB_NAME"] + argument_names(argv))
    options = JobOptions.from_arguments(args)  # fails here, before Spark work, on a bad value
    glue_context = GlueContext(SparkContext.getOrCreate())
    spark = glue_context.spark_session
    glue_job = Job(glue_context)
    glue_job.init(args["JOB_NAME"], args)
    job.configure(spark)
    result = job.run(spark, options, io.read_secret(options.pepper_secret_id), io.StorageIO())
    print(f"orders: {options.process_date}: {result}")
    glue_job.commit()


if __name__ == "__main__":
    main(sys.argv)

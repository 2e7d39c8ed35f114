"""The bronze-to-silver orders job (docs/guide/02-job-structure.md).

Modules, from the inside out:
  options     the job's typed options, parsed and checked before Spark starts
  pii         the keyed pseudonym of an e-mail address (HMAC-SHA256), in Spark and in Python
  transforms  pure DataFrame -> DataFrame business rules; no IO, no configuration
  io          everything that touches S3 or AWS: read bronze, write silver and quarantine, secrets
  job         one run: read, transform, check, write, through an io object tests can replace
glue_entry.py, beside this package, is the Glue script: it only parses arguments, builds the
Spark session and calls job.run.
"""

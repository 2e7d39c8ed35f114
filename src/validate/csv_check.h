/*
 * validate/csv_check.h: validating one CSV file against the columns of a schema: structure
 * (RFC 4180 with the dialect's quote/escape, quoted newlines, ragged rows, header checks) and a
 * typed parse of every field with the Spark-CSV-like syntax of docs/validate.md. Streams the
 * file; memory is one record plus the report.
 */
#ifndef SG_VALIDATE_CSV_CHECK_H
#define SG_VALIDATE_CSV_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "schemagate/validate.h"
#include "validate/report.h"

typedef struct sgp_csv_check_result {
    int64_t rows;  /* data records read */
    int64_t bytes; /* bytes read */
} sgp_csv_check_result;

/*
 * Checks path against root (a struct: the columns). Findings go to report (file names as given
 * in path). Returns SG_OK when the file could be read to the end (or *stop was set by reaching
 * max_errors: stop_after counts violations already found before this file), else the error
 * (SG_ENOTFOUND, SG_EIO, SG_EPARSE for a structure that cannot be resynchronised such as an
 * unclosed quote at end of file, SG_ELIMIT).
 */
int sgp_csv_check(sgp_report *report, const sg_type *root, const sg_validate_options *options,
                  const char *path, int64_t violations_before, sgp_csv_check_result *result,
                  sg_error *err);

/*
 * Checks one text value against a type with the CSV syntax (also used for Glue partition
 * values such as dt=2026-01-01). Returns NULL when it is valid, else the rule id and fills
 * message (at most 160 bytes) with why.
 */
const char *sgp_text_value_check(const sg_type *type, const char *text, size_t length,
                                 char *message);

#endif

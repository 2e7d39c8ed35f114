/*
 * validate/parquet_check.h: validating one Parquet file against the columns of a schema. File
 * level: columns matched by name (case-insensitively unless asked), missing/extra columns,
 * types readable under the spark-parquet rules (compat/reads.h). Record level, column by
 * column on the level/value streams (no record assembly): nulls where the schema says not
 * nullable at any nesting level, and value checks (integer ranges, decimal precision, string
 * length and UTF-8, enum symbols, UUID text, fixed sizes, timestamp units). Statistics and
 * dictionaries prove columns clean where they can; they never prove a violation.
 */
#ifndef SG_VALIDATE_PARQUET_CHECK_H
#define SG_VALIDATE_PARQUET_CHECK_H

#include <stdint.h>

#include "schemagate/validate.h"
#include "validate/report.h"

typedef struct sgp_parquet_check_result {
    int64_t rows;                 /* rows in the file */
    int64_t bytes;                /* file size */
    int64_t chunks_checked;       /* column chunks that needed a check */
    int64_t chunks_by_statistics; /* ... of which statistics proved clean without decoding */
    int64_t pages_decoded;        /* data pages decoded */
} sgp_parquet_check_result;

/*
 * Checks the Parquet file at path against root (a struct). Fields marked as partition keys are
 * not expected in the file. Returns SG_OK when the file was checked (violations are in the
 * report), else the error that made it unreadable (located).
 */
int sgp_parquet_check(sgp_report *report, const sg_type *root, const sg_validate_options *options,
                      const char *path, int64_t violations_before, sgp_parquet_check_result *result,
                      sg_error *err);

#endif

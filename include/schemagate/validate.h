/*
 * schemagate/validate.h: checking data files (Parquet, CSV) against a schema, record by record,
 * with a bounded report: per rule and column a count and the first N samples with their exact
 * location. docs/validate.md lists every rule, the CSV value syntax, and the report formats.
 *
 * A validation accumulates over many files: create it with the schema and options, feed it
 * files (sg_validate_file, in the order they should be reported), then render the report.
 * Violations are findings about the data (exit 1 in the CLI); a file that cannot be read at all
 * (missing, corrupt Parquet, unreadable CSV structure) is an error of the call (exit 2/3) and
 * is also recorded in the report as a failed file.
 */
#ifndef SCHEMAGATE_VALIDATE_H
#define SCHEMAGATE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemagate/common.h"
#include "schemagate/csv.h"
#include "schemagate/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_validate_options {
    int version;           /* SG_VALIDATE_OPTIONS_VERSION */
    bool case_sensitive;   /* match column names exactly (default: case-insensitively, as Glue) */
    bool strict;           /* columns the schema lacks are violations, not warnings */
    int samples;           /* samples kept per rule and column (default 5, 0..1000) */
    int64_t max_errors;    /* stop once this many violations were found; -1: never */
    bool use_statistics;   /* let Parquet statistics/dictionaries prove columns clean (default) */
    bool by_position;      /* CSV: match columns by position, not by header name */
    sg_csv_options csv;    /* CSV dialect; header SG_CSV_HEADER_AUTO means "yes" here */
    const char *split_dir; /* CSV: write valid.csv, invalid.csv, errors.csv there; NULL: no */
} sg_validate_options;

#define SG_VALIDATE_OPTIONS_VERSION 1
#define SG_VALIDATE_OPTIONS_INIT                                                                   \
    { SG_VALIDATE_OPTIONS_VERSION, false, false, 5, -1, true, false, SG_CSV_OPTIONS_INIT, NULL }

typedef struct sg_validation sg_validation;

/* The schema must be a struct (the columns); it is copied. */
int sg_validation_new(sg_validation **out, const sg_schema *schema,
                      const sg_validate_options *options, sg_error *err);
void sg_validation_free(sg_validation *validation);

/*
 * Validates one file (format from its content: "PAR1" is Parquet, else CSV). Violations go to
 * the report; the return is SG_OK even when there are some. An unreadable file returns its
 * error (and is recorded as a failed file). SG_ELIMIT... never: max_errors just stops early.
 */
int sg_validate_file(sg_validation *validation, const char *path, sg_error *err);

/* Called after each file of sg_validate_files: done of total files. */
typedef void (*sg_validate_progress_fn)(void *payload, size_t done, size_t total);

/*
 * Validates files with up to `jobs` threads (1: one after the other); the report lists them in
 * the given order whatever the timing. With max_errors set, files are checked one at a time
 * so that where the check stops does not depend on timing. Every file is attempted; the return
 * is the first unreadable file's error (err), SG_OK when all could be read.
 */
int sg_validate_files(sg_validation *validation, const char *const *paths, size_t n, int jobs,
                      sg_validate_progress_fn progress, void *payload, sg_error *err);

/*
 * For a Glue table given as glue://DATABASE/TABLE (validate with no data arguments): reads the
 * table and its partitions (GetTable, GetPartitions), reports each partition whose storage
 * descriptor the table cannot read under the table format's rule set (rule
 * partition-schema-mismatch: Athena fails queries on it with HIVE_PARTITION_SCHEMA_MISMATCH),
 * and returns where the data is: every partition's location, or the table's own when it has
 * no partitions (free with sg_remote_list_free).
 */
int sg_validation_glue_table(sg_validation *validation, const char *ref, char ***locations,
                             size_t *count, sg_error *err);

/* Parquet work counters: column chunks that needed a check, those proven clean by statistics
 * alone (not decoded), and data pages decoded. */
void sg_validation_statistics(const sg_validation *validation, int64_t *chunks_checked,
                              int64_t *chunks_by_statistics, int64_t *pages_decoded);

/* Totals so far. */
int64_t sg_validation_violation_count(const sg_validation *validation);
int64_t sg_validation_warning_count(const sg_validation *validation);
/* True once max_errors violations were found: the caller should stop feeding files. */
bool sg_validation_stopped(const sg_validation *validation);

/* Renders the report (malloc'd, sg_free); seconds is the wall time to state in the summary. */
int sg_validation_report(const sg_validation *validation, sg_report_format format, double seconds,
                         char **out);

#ifdef __cplusplus
}
#endif

#endif

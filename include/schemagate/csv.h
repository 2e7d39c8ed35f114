/*
 * schemagate/csv.h: a schema inferred from CSV data, column by column, the way Spark 3.5's CSV
 * reader infers one with inferSchema=true, and the header found the way AWS Glue's built-in CSV
 * classifier finds it. docs/csv-inference.md has the exact rules and where they differ from
 * Spark and from a Glue crawler.
 *
 * The inferred schema is a struct of one field per column, with int32, int64, decimal(p,0),
 * float64, date, timestamp(micros, utc), boolean or string types; a column is nullable when an
 * empty cell or the null token was seen in it. The schema's properties record the dialect the
 * data was read with ("csv.delimiter", "csv.quote", "csv.escape", "csv.header", "csv.null",
 * "csv.skip_rows"; an absent quote, escape or null token is ""), so the data can be read again
 * the same way.
 */
#ifndef SCHEMAGATE_CSV_H
#define SCHEMAGATE_CSV_H

#include <stddef.h>

#include "schemagate/common.h"
#include "schemagate/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SG_CSV_HEADER_AUTO (-1) /* decide from the data (Glue's classifier rule) */
#define SG_CSV_HEADER_NO   0    /* no header: columns are named _c0, _c1, ... (Spark's names) */
#define SG_CSV_HEADER_YES  1    /* the first record (after skip_rows) names the columns */

#define SG_CSV_SAMPLE_ALL (-1L) /* sample_rows: read every record */

/* How to read the CSV data. Start from SG_CSV_OPTIONS_INIT; NULL options mean these defaults. */
typedef struct sg_csv_options {
    int version;            /* SG_CSV_OPTIONS_VERSION */
    char delimiter;         /* ','; any ASCII character but NUL, CR and LF ('\t' for TSV) */
    char quote;             /* '"'; '\0' for no quoting at all */
    char escape;            /* '\0' for none: a quote inside quotes is doubled (RFC 4180);
                               '\\' makes the next character literal (OpenCSVSerde style) */
    int header;             /* SG_CSV_HEADER_AUTO (default), _NO or _YES */
    const char *null_token; /* a cell equal to it is null, quoted or not (e.g. "\\N"); NULL:
                               none (empty cells still count as null) */
    long skip_rows;         /* physical lines skipped before the first record; default 0 */
    long sample_rows;       /* data records read to infer types; default 10000;
                               SG_CSV_SAMPLE_ALL for all */
} sg_csv_options;

#define SG_CSV_OPTIONS_VERSION 1
#define SG_CSV_OPTIONS_INIT                                                                        \
    { SG_CSV_OPTIONS_VERSION, ',', '"', '\0', SG_CSV_HEADER_AUTO, NULL, 0, 10000 }

/*
 * Infers a schema from the CSV file at path ("-" is standard input), reading it as a stream:
 * only the sampled records are read, one at a time. The caller owns *out (sg_schema_free).
 * Errors, located in err (line, column in characters, err->row = the 0-based record number
 * counting every record after the skipped lines, the header included):
 *   SG_EUSAGE      bad options (unknown version, delimiter equal to the quote, ...)
 *   SG_ENOTFOUND   no such file
 *   SG_EPARSE      malformed CSV: unclosed quote, a quote inside an unquoted field, text after a
 *                  closing quote, invalid UTF-8, a NUL byte
 *   SG_EINVALID    no records; a record with another number of fields than the first; a blank
 *                  or repeated (case-insensitively) header name
 *   SG_ELIMIT      a record larger than 16 MiB or with more than 16384 fields
 *   SG_EIO, SG_ENOMEM
 */
int sg_csv_infer(sg_schema **out, const char *path, const sg_csv_options *options, sg_error *err);

/* The same on data in memory; source names it in errors and locations (NULL: "<string>"). */
int sg_csv_infer_buffer(sg_schema **out, const char *data, size_t length, const char *source,
                        const sg_csv_options *options, sg_error *err);

#ifdef __cplusplus
}
#endif

#endif

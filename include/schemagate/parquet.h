/*
 * schemagate/parquet.h: reading Parquet files. A handle holds the decoded footer and reads
 * pages on demand, one column chunk at a time, so memory stays bounded whatever the file size.
 *
 * What it gives: a report of the file's layout (inspect), the schema the data carries as a
 * schemagate model (infer), and the rows as canonical JSON lines (cat; the rendering is defined
 * in docs/parquet.md). Every malformed file yields a located error: err->source is the file,
 * err->row_group / err->row / err->path say where when known.
 */
#ifndef SCHEMAGATE_PARQUET_H
#define SCHEMAGATE_PARQUET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemagate/common.h"
#include "schemagate/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_parquet sg_parquet;

/*
 * Opens a Parquet file and decodes its footer. Errors: SG_ENOTFOUND (no such file), SG_EIO,
 * SG_EPARSE (not Parquet, truncated), SG_EINVALID (a footer that breaks the format's rules),
 * SG_EUNSUPPORTED (encrypted footer), SG_ELIMIT.
 */
int sg_parquet_open(sg_parquet **out, const char *path, sg_error *err);

/*
 * Whether the file or s3:// object at path starts with the Parquet magic "PAR1" (how validate
 * and infer tell Parquet from CSV). SG_ENOTFOUND or the remote error when it cannot be read.
 */
int sg_parquet_detect(const char *path, bool *parquet, sg_error *err);
void sg_parquet_free(sg_parquet *pq);

/* Rows according to the footer. */
int64_t sg_parquet_num_rows(const sg_parquet *pq);

#define SG_PARQUET_REPORT_TEXT 0
#define SG_PARQUET_REPORT_JSON 1

/*
 * The layout report: created_by, version, key/value metadata keys, the Parquet schema tree,
 * then per row group and column: type, codec, encodings, sizes, value counts and statistics.
 * *out is malloc'd text (sg_free).
 */
int sg_parquet_inspect(const sg_parquet *pq, int format, char **out, sg_error *err);

/* The file's schema as a model (docs/type-mapping.md, "Parquet"). The caller owns *out. */
int sg_parquet_schema(const sg_parquet *pq, sg_schema **out, sg_error *err);

/* What cat reads. Start from SG_PARQUET_CAT_OPTIONS_INIT. */
typedef struct sg_parquet_cat_options {
    int version;         /* SG_PARQUET_CAT_OPTIONS_VERSION */
    int64_t limit;       /* rows to write; -1 for all */
    const char *columns; /* comma-separated column paths ("a,b.c"); NULL for all */
} sg_parquet_cat_options;

#define SG_PARQUET_CAT_OPTIONS_VERSION 1
#define SG_PARQUET_CAT_OPTIONS_INIT                                                                \
    { SG_PARQUET_CAT_OPTIONS_VERSION, -1, NULL }

/* Receives one rendered row (no newline); a nonzero return stops cat with SG_EIO. */
typedef int (*sg_parquet_row_fn)(void *payload, const char *line, size_t length);

/* Reads every row (streaming, row group by row group) and passes it rendered as JSON. */
int sg_parquet_cat(sg_parquet *pq, const sg_parquet_cat_options *options, sg_parquet_row_fn row,
                   void *payload, sg_error *err);

#ifdef __cplusplus
}
#endif

#endif

/*
 * parquet/column.h: reading one column chunk page by page. Each call yields one data page as a
 * batch: its definition and repetition levels and its non-null values, decoded into arrays the
 * reader owns and reuses (no allocation per value). Memory is bounded by one page, its read
 * buffer and the chunk's dictionary.
 */
#ifndef SG_PARQUET_COLUMN_H
#define SG_PARQUET_COLUMN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet/decode.h"
#include "parquet/footer.h"
#include "parquet/schema.h"
#include "parquet/source.h"

/* One data page. Pointers stay valid until the next call on the same reader. */
typedef struct sgp_pq_batch {
    size_t n_levels;     /* entries: values and nulls (and empty lists) */
    const uint32_t *def; /* n_levels definition levels; NULL when the column's max is 0 */
    const uint32_t *rep; /* n_levels repetition levels; NULL when the column's max is 0 */
    size_t n_values;     /* entries whose def is the column's max: the values below */
    const void *values;  /* typed by physical type (parquet/decode.h); NULL for a dictionary-
                            encoded page of a reader set to indices only */
    int32_t encoding;    /* of the values */
    /* Dictionary-encoded pages: value i is dictionary[indices[i]]. NULL otherwise. */
    const uint32_t *indices;
    const void *dictionary;
    size_t dictionary_size;
} sgp_pq_batch;

typedef struct sgp_pq_column sgp_pq_column;

/*
 * Opens the chunk of leaf `column` in row group `row_group`. Errors: SG_EUNSUPPORTED for
 * encrypted columns and chunks stored in other files, SG_EINVALID when the chunk's metadata is
 * missing or contradicts the schema.
 */
int sgp_pq_column_open(sgp_pq_column **out, sgp_pq_source *src, const sgp_pq_file_meta *meta,
                       const sgp_pq_leaf *leaf, size_t row_group, size_t column, sg_error *err);

/*
 * Points an open reader at another chunk of the same file (same source and metadata), as
 * sgp_pq_column_open would, keeping its buffers: reading chunk after chunk then reuses their
 * memory instead of allocating (and faulting in) fresh buffers for each. The batches of the
 * previous chunk are invalid afterwards. On failure the reader points at no chunk (reading
 * from it fails) until a reopen succeeds; it must still be freed.
 */
int sgp_pq_column_reopen(sgp_pq_column *col, const sgp_pq_leaf *leaf, size_t row_group,
                         size_t column, sg_error *err);

/*
 * With indices_only, dictionary-encoded pages yield their indices and the dictionary but no
 * values (batch->values NULL): for callers that work on dictionary entries, it saves copying
 * every value out of the dictionary. Other pages are unaffected. Off when opened; kept by
 * reopen.
 */
void sgp_pq_column_indices_only(sgp_pq_column *col, bool indices_only);

/*
 * The next data page; batch->n_levels is 0 (and SG_OK returned) once the chunk's num_values
 * levels have been read. Errors name the file, row group, column path and page.
 */
int sgp_pq_column_next(sgp_pq_column *col, sgp_pq_batch *batch, sg_error *err);

void sgp_pq_column_free(sgp_pq_column *col);

#endif

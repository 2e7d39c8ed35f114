/*
 * parquet/page_index.h: the page index of a column chunk (PARQUET-922): the OffsetIndex (where
 * each data page starts and its first row) and the ColumnIndex (per page: all null or not,
 * min/max, null count), read from the ranges the footer names and checked against the chunk.
 * Readers use it to find pages by row and to learn what pages hold without decoding them.
 */
#ifndef SG_PARQUET_PAGE_INDEX_H
#define SG_PARQUET_PAGE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet/footer.h"
#include "parquet/source.h"

typedef struct sgp_pq_page_location {
    int64_t offset;
    int32_t compressed_page_size; /* header included */
    int64_t first_row_index;      /* within the row group */
} sgp_pq_page_location;

typedef struct sgp_pq_offset_index {
    sgp_pq_page_location *pages;
    size_t n_pages;
} sgp_pq_offset_index;

typedef struct sgp_pq_column_index {
    size_t n_pages;
    bool *null_pages;        /* the page holds only nulls (its min/max are meaningless) */
    sgp_pq_bytes *min, *max; /* n_pages each, encoded like statistics */
    int32_t boundary_order;  /* 0 UNORDERED, 1 ASCENDING, 2 DESCENDING */
    int64_t *null_counts;    /* NULL when absent */
} sgp_pq_column_index;

/*
 * Reads the offset index of chunk `column` of row group `row_group`; *present is false (and
 * SG_OK returned) when the chunk has none. Errors are located ("row group R, column C: offset
 * index: ...") and returned as SG_EPARSE/SG_EINVALID.
 */
int sgp_pq_offset_index_read(sgp_pq_offset_index *out, bool *present, sgp_pq_source *src,
                             const sgp_pq_file_meta *meta, size_t row_group, size_t column,
                             sg_error *err);
int sgp_pq_column_index_read(sgp_pq_column_index *out, bool *present, sgp_pq_source *src,
                             const sgp_pq_file_meta *meta, size_t row_group, size_t column,
                             sg_error *err);
void sgp_pq_offset_index_free(sgp_pq_offset_index *index);
void sgp_pq_column_index_free(sgp_pq_column_index *index);

#endif

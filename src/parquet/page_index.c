/* parquet/page_index.c: decoding and checking OffsetIndex and ColumnIndex (see page_index.h). */
#include "parquet/page_index.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/thrift.h"
#include "util/limits.h"
#include "util/util.h"

typedef struct dec {
    sgp_pq_thrift t;
    char msg[200];
} dec;

static int bad(dec *d, int code, const char *fmt, ...) SGP_PRINTF(3, 4);
static int bad(dec *d, int code, const char *fmt, ...) {
    if (d->t.code == SG_OK) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
        sgp_pq_thrift_fail(&d->t, code, d->msg);
    }
    return d->t.code;
}

static bool next_field(dec *d, int16_t *last, int *type, int16_t *id) {
    return sgp_pq_thrift_field_next(&d->t, last, type, id) == SG_OK && *type != SGP_PQ_T_STOP;
}

/* Reads the [offset, offset + length) range a chunk names into a malloc'd buffer and points a
 * decoder at it: the start both index readers share. */
static int read_index(sgp_pq_source *src, const sgp_pq_file_meta *meta, int64_t offset,
                      int32_t length, uint8_t **out, dec *d, const char *what, size_t row_group,
                      size_t column, sg_error *err) {
    uint64_t data_end = meta->file_size - 8u - meta->metadata_length;
    if (offset < 0 || length <= 0 || (uint64_t)offset > data_end ||
        (uint64_t)length > data_end - (uint64_t)offset) {
        return sgp_error(err, SG_EINVALID, src->name, NULL, 0, 0,
                         "row group %zu, column %zu: %s at offset %lld, %d bytes, is not inside "
                         "the file's data",
                         row_group, column, what, (long long)offset, (int)length);
    }
    *out = malloc((size_t)length);
    if (*out == NULL) {
        return sgp_error_nomem(err);
    }
    int rc = sgp_pq_source_read_at(src, (uint64_t)offset, (size_t)length, *out, err);
    if (rc != SG_OK) {
        free(*out);
        *out = NULL;
        return rc;
    }
    d->msg[0] = '\0';
    sgp_pq_thrift_init(&d->t, *out, (size_t)length);
    return SG_OK;
}

static int located_error(dec *d, sgp_pq_source *src, const char *what, size_t row_group,
                         size_t column, sg_error *err) {
    return sgp_error(err, d->t.code == SG_EINVALID ? SG_EINVALID : SG_EPARSE, src->name, NULL, 0, 0,
                     "row group %zu, column %zu: %s: %s", row_group, column, what,
                     d->msg[0] ? d->msg : d->t.msg);
}

static void page_location(dec *d, sgp_pq_page_location *p) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    unsigned seen = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        if (id == 1 && type == SGP_PQ_T_I64) {
            sgp_pq_thrift_i64(&d->t, &p->offset);
            seen |= 1;
        } else if (id == 2 && type == SGP_PQ_T_I32) {
            sgp_pq_thrift_i32(&d->t, &p->compressed_page_size);
            seen |= 2;
        } else if (id == 3 && type == SGP_PQ_T_I64) {
            sgp_pq_thrift_i64(&d->t, &p->first_row_index);
            seen |= 4;
        } else {
            sgp_pq_thrift_skip(&d->t, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    if (d->t.code == SG_OK && seen != 7) {
        bad(d, SG_EPARSE, "a PageLocation lacks its offset, size or first row");
    }
}

int sgp_pq_offset_index_read(sgp_pq_offset_index *out, bool *present, sgp_pq_source *src,
                             const sgp_pq_file_meta *meta, size_t row_group, size_t column,
                             sg_error *err) {
    memset(out, 0, sizeof *out);
    const sgp_pq_column_chunk *c = &meta->row_groups[row_group].columns[column];
    *present = c->has_offset_index_offset && c->has_offset_index_length;
    if (!*present) {
        return SG_OK;
    }
    uint8_t *bytes = NULL;
    dec d;
    int rc = read_index(src, meta, c->offset_index_offset, c->offset_index_length, &bytes, &d,
                        "the offset index", row_group, column, err);
    if (rc != SG_OK) {
        return rc;
    }
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d.t, &last);
    while (next_field(&d, &last, &type, &id)) {
        if (id == 1 && type == SGP_PQ_T_LIST && out->pages == NULL) {
            int elem = 0;
            uint32_t count = 0;
            if (sgp_pq_thrift_list_begin(&d.t, &elem, &count) != SG_OK) {
                break;
            }
            if (count > 0 && elem != SGP_PQ_T_STRUCT) {
                bad(&d, SG_EPARSE, "page_locations is not a list of structs");
            } else if (count > 0 && (out->pages = calloc(count, sizeof *out->pages)) == NULL) {
                bad(&d, SG_ENOMEM, "out of memory");
            }
            for (uint32_t i = 0; i < count && d.t.code == SG_OK; i++) {
                page_location(&d, &out->pages[i]);
                out->n_pages = i + 1;
            }
            sgp_pq_thrift_container_end(&d.t);
        } else {
            sgp_pq_thrift_skip(&d.t, type);
        }
    }
    sgp_pq_thrift_struct_end(&d.t);
    /* The pages must lie in order inside the chunk, their rows ascend from 0 below num_rows. */
    int64_t num_rows = meta->row_groups[row_group].num_rows;
    for (size_t i = 0; i < out->n_pages && d.t.code == SG_OK; i++) {
        const sgp_pq_page_location *p = &out->pages[i];
        bool rows_ok = i == 0 ? p->first_row_index == 0
                              : p->first_row_index > out->pages[i - 1].first_row_index;
        if (!rows_ok || p->first_row_index >= (num_rows > 0 ? num_rows : 1)) {
            bad(&d, SG_EINVALID, "page %zu starts at row %lld (row group of %lld rows)", i,
                (long long)p->first_row_index, (long long)num_rows);
        } else if (p->offset < 0 || p->compressed_page_size <= 0 ||
                   (i > 0 && p->offset < out->pages[i - 1].offset +
                                             out->pages[i - 1].compressed_page_size)) {
            bad(&d, SG_EINVALID, "page %zu at offset %lld, %d bytes, overlaps or precedes page %zu",
                i, (long long)p->offset, (int)p->compressed_page_size, i > 0 ? i - 1 : 0);
        }
    }
    free(bytes);
    if (d.t.code != SG_OK) {
        rc = d.t.code == SG_ENOMEM ? sgp_error_nomem(err)
                                   : located_error(&d, src, "offset index", row_group, column, err);
        sgp_pq_offset_index_free(out);
        return rc;
    }
    return SG_OK;
}

/* A list<bool>, list<binary> or list<i64> of the ColumnIndex; count must match n when set. */
static uint32_t list_header(dec *d, int want, size_t *n, const char *field) {
    int elem = 0;
    uint32_t count = 0;
    if (sgp_pq_thrift_list_begin(&d->t, &elem, &count) != SG_OK) {
        return 0;
    }
    if (count > 0 && elem != want && !(want == SGP_PQ_T_TRUE && elem == SGP_PQ_T_FALSE)) {
        bad(d, SG_EPARSE, "%s holds the wrong Thrift type", field);
    } else if (*n != SIZE_MAX && count != *n) {
        bad(d, SG_EINVALID, "%s has %u entries for %zu pages", field, count, *n);
    } else {
        *n = count;
    }
    return count;
}

static void bytes_list_free(sgp_pq_bytes *list, size_t n) {
    for (size_t i = 0; list != NULL && i < n; i++) {
        free(list[i].data);
    }
    free(list);
}

int sgp_pq_column_index_read(sgp_pq_column_index *out, bool *present, sgp_pq_source *src,
                             const sgp_pq_file_meta *meta, size_t row_group, size_t column,
                             sg_error *err) {
    memset(out, 0, sizeof *out);
    const sgp_pq_column_chunk *c = &meta->row_groups[row_group].columns[column];
    *present = c->has_column_index_offset && c->has_column_index_length;
    if (!*present) {
        return SG_OK;
    }
    uint8_t *bytes = NULL;
    dec d;
    int rc = read_index(src, meta, c->column_index_offset, c->column_index_length, &bytes, &d,
                        "the column index", row_group, column, err);
    if (rc != SG_OK) {
        return rc;
    }
    size_t n = SIZE_MAX;
    size_t allocated[2] = {0, 0}; /* entries of min and max, for freeing after an error */
    int16_t last;
    int type = 0;
    int16_t id = 0;
    unsigned seen = 0;
    sgp_pq_thrift_struct_begin(&d.t, &last);
    while (next_field(&d, &last, &type, &id)) {
        if (id == 1 && type == SGP_PQ_T_LIST && !(seen & 1)) {
            uint32_t count = list_header(&d, SGP_PQ_T_TRUE, &n, "null_pages");
            out->null_pages = calloc(count + 1, sizeof *out->null_pages);
            if (out->null_pages == NULL) {
                bad(&d, SG_ENOMEM, "out of memory");
            }
            for (uint32_t i = 0; i < count && d.t.code == SG_OK; i++) {
                sgp_pq_thrift_list_bool(&d.t, &out->null_pages[i]);
            }
            sgp_pq_thrift_container_end(&d.t);
            seen |= 1;
        } else if ((id == 2 || id == 3) && type == SGP_PQ_T_LIST && !(seen & (1u << id))) {
            sgp_pq_bytes **list = id == 2 ? &out->min : &out->max;
            uint32_t count =
                list_header(&d, SGP_PQ_T_BINARY, &n, id == 2 ? "min_values" : "max_values");
            *list = calloc(count + 1, sizeof **list);
            if (*list == NULL) {
                bad(&d, SG_ENOMEM, "out of memory");
            } else {
                allocated[id - 2] = count;
            }
            for (uint32_t i = 0; i < count && d.t.code == SG_OK; i++) {
                const uint8_t *p = NULL;
                size_t length = 0;
                if (sgp_pq_thrift_binary(&d.t, &p, &length) != SG_OK) {
                    break;
                }
                (*list)[i].data = malloc(length > 0 ? length : 1);
                if ((*list)[i].data == NULL) {
                    bad(&d, SG_ENOMEM, "out of memory");
                    break;
                }
                if (length > 0) {
                    memcpy((*list)[i].data, p, length);
                }
                (*list)[i].length = length;
                (*list)[i].present = true;
            }
            sgp_pq_thrift_container_end(&d.t);
            seen |= 1u << id;
        } else if (id == 4 && type == SGP_PQ_T_I32) {
            sgp_pq_thrift_i32(&d.t, &out->boundary_order);
            seen |= 16;
        } else if (id == 5 && type == SGP_PQ_T_LIST && out->null_counts == NULL) {
            uint32_t count = list_header(&d, SGP_PQ_T_I64, &n, "null_counts");
            out->null_counts = calloc(count + 1, sizeof *out->null_counts);
            if (out->null_counts == NULL) {
                bad(&d, SG_ENOMEM, "out of memory");
            }
            for (uint32_t i = 0; i < count && d.t.code == SG_OK; i++) {
                sgp_pq_thrift_i64(&d.t, &out->null_counts[i]);
            }
            sgp_pq_thrift_container_end(&d.t);
        } else {
            sgp_pq_thrift_skip(&d.t, type);
        }
    }
    sgp_pq_thrift_struct_end(&d.t);
    if (d.t.code == SG_OK && (seen & 29u) != 29u) { /* null_pages, min, max, order */
        bad(&d, SG_EPARSE, "a ColumnIndex lacks null_pages, min_values, max_values or its order");
    } else if (d.t.code == SG_OK && (out->boundary_order < 0 || out->boundary_order > 2)) {
        bad(&d, SG_EINVALID, "boundary order %d is not one of the format's", out->boundary_order);
    }
    out->n_pages = n == SIZE_MAX ? 0 : n;
    free(bytes);
    if (d.t.code != SG_OK) {
        rc = d.t.code == SG_ENOMEM ? sgp_error_nomem(err)
                                   : located_error(&d, src, "column index", row_group, column, err);
        bytes_list_free(out->min, allocated[0]);
        bytes_list_free(out->max, allocated[1]);
        out->min = out->max = NULL;
        sgp_pq_column_index_free(out);
        return rc;
    }
    return SG_OK;
}

void sgp_pq_offset_index_free(sgp_pq_offset_index *index) {
    free(index->pages);
    memset(index, 0, sizeof *index);
}

void sgp_pq_column_index_free(sgp_pq_column_index *index) {
    /* After a successful read every list has n_pages entries (errors free their own). */
    free(index->null_pages);
    bytes_list_free(index->min, index->n_pages);
    bytes_list_free(index->max, index->n_pages);
    free(index->null_counts);
    memset(index, 0, sizeof *index);
}

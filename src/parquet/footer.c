/* parquet/footer.c: reads the Parquet footer and decodes FileMetaData (see footer.h). */
#include "parquet/footer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/thrift.h"
#include "util/limits.h"
#include "util/util.h"

typedef struct dec {
    sgp_pq_thrift t;
    int64_t rg;  /* row group being decoded, -1 outside */
    int64_t col; /* column chunk being decoded, -1 outside */
    int code;
    char msg[256];
} dec;

static int bad(dec *d, int code, const char *fmt, ...) SGP_PRINTF(3, 4);

static int bad(dec *d, int code, const char *fmt, ...) {
    if (d->code == SG_OK && d->t.code == SG_OK) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
        d->code = code;
        d->t.code = code;
    }
    return d->t.code;
}

static int want(dec *d, int type, int expected, const char *field) {
    if (type != expected) {
        return bad(d, SG_EPARSE, "%s has Thrift type %s, expected %s", field,
                   sgp_pq_thrift_type_name(type), sgp_pq_thrift_type_name(expected));
    }
    return SG_OK;
}

static int get_i32(dec *d, int type, const char *field, int32_t *out) {
    int rc = want(d, type, SGP_PQ_T_I32, field);
    return rc != SG_OK ? rc : sgp_pq_thrift_i32(&d->t, out);
}

static int get_i64(dec *d, int type, const char *field, int64_t *out) {
    int rc = want(d, type, SGP_PQ_T_I64, field);
    return rc != SG_OK ? rc : sgp_pq_thrift_i64(&d->t, out);
}

static int get_string(dec *d, int type, const char *field, char **out) {
    int rc = want(d, type, SGP_PQ_T_BINARY, field);
    if (rc != SG_OK) {
        return rc;
    }
    char *s = NULL;
    rc = sgp_pq_thrift_string(&d->t, &s);
    if (rc == SG_OK) {
        free(*out); /* a repeated field replaces the earlier value */
        *out = s;
    }
    return rc;
}

static int get_bytes(dec *d, int type, const char *field, sgp_pq_bytes *out) {
    int rc = want(d, type, SGP_PQ_T_BINARY, field);
    const uint8_t *p = NULL;
    size_t n = 0;
    if (rc == SG_OK) {
        rc = sgp_pq_thrift_binary(&d->t, &p, &n);
    }
    if (rc != SG_OK) {
        return rc;
    }
    uint8_t *copy = malloc(n > 0 ? n : 1);
    if (copy == NULL) {
        return bad(d, SG_ENOMEM, "out of memory");
    }
    if (n > 0) {
        memcpy(copy, p, n);
    }
    free(out->data);
    out->data = copy;
    out->length = n;
    out->present = true;
    return SG_OK;
}

static int get_bool(dec *d, int type, bool *out) {
    return sgp_pq_thrift_field_bool(&d->t, type, out);
}

static int skip(dec *d, int type) {
    return sgp_pq_thrift_skip(&d->t, type);
}

/*
 * The optional fields added to the format later (page index, bloom filter, encoding stats, ...)
 * are read the way Thrift's generated code reads every field: a value of another type is
 * skipped as if absent. Forks reused some of those ids (Dremio's parquet-mr writes a list as
 * ColumnMetaData 15, data/dict-page-offset-zero.parquet), and such a file is otherwise sound.
 */
static bool opt_i64(dec *d, int type, int64_t *out) {
    if (type != SGP_PQ_T_I64) {
        skip(d, type);
        return false;
    }
    return sgp_pq_thrift_i64(&d->t, out) == SG_OK;
}

static bool opt_i32(dec *d, int type, int32_t *out) {
    if (type != SGP_PQ_T_I32) {
        skip(d, type);
        return false;
    }
    return sgp_pq_thrift_i32(&d->t, out) == SG_OK;
}

static bool opt_bool(dec *d, int type, bool *out) {
    if (type != SGP_PQ_T_TRUE && type != SGP_PQ_T_FALSE) {
        skip(d, type);
        return false;
    }
    return get_bool(d, type, out) == SG_OK;
}

/* Opens a list field whose elements must have type elem. */
static int list_of(dec *d, int type, int elem, const char *field, uint32_t *count) {
    int rc = want(d, type, SGP_PQ_T_LIST, field);
    int et = 0;
    if (rc == SG_OK) {
        rc = sgp_pq_thrift_list_begin(&d->t, &et, count);
        if (rc != SG_OK) {
            return rc;
        }
        if (*count > 0 && et != elem) {
            rc = bad(d, SG_EPARSE, "%s holds Thrift %s, expected %s", field,
                     sgp_pq_thrift_type_name(et), sgp_pq_thrift_type_name(elem));
        }
        sgp_pq_thrift_container_end(&d->t);
    }
    return rc;
}

/* Grows *array by one zeroed element; returns it or NULL (error recorded). */
static void *push(dec *d, void **array, size_t *n, size_t *cap, size_t size) {
    if (!sgp_reserve(array, cap, *n + 1, size)) {
        bad(d, SG_ENOMEM, "out of memory");
        return NULL;
    }
    char *el = (char *)*array + *n * size;
    memset(el, 0, size);
    (*n)++;
    return el;
}

/* Iterates the fields of a struct: `while (FIELD(d, &last, &type, &id))`. */
static bool next_field(dec *d, int16_t *last, int *type, int16_t *id) {
    if (sgp_pq_thrift_field_next(&d->t, last, type, id) != SG_OK) {
        return false;
    }
    return *type != SGP_PQ_T_STOP;
}

/* ---- LogicalType ---- */

static int decode_time_unit(dec *d, int *unit) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        if (id >= SGP_PQ_UNIT_MILLIS && id <= SGP_PQ_UNIT_NANOS && type == SGP_PQ_T_STRUCT) {
            *unit = id;
        } else {
            *unit = 0;
        }
        skip(d, type);
    }
    sgp_pq_thrift_struct_end(&d->t);
    return d->t.code;
}

static int decode_logical_member(dec *d, int kind, sgp_pq_logical_type *lt) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        if (kind == SGP_PQ_LT_DECIMAL && id == 1) {
            get_i32(d, type, "DECIMAL scale", &lt->scale);
        } else if (kind == SGP_PQ_LT_DECIMAL && id == 2) {
            get_i32(d, type, "DECIMAL precision", &lt->precision);
        } else if ((kind == SGP_PQ_LT_TIME || kind == SGP_PQ_LT_TIMESTAMP) && id == 1) {
            get_bool(d, type, &lt->adjusted_to_utc);
        } else if ((kind == SGP_PQ_LT_TIME || kind == SGP_PQ_LT_TIMESTAMP) && id == 2 &&
                   type == SGP_PQ_T_STRUCT) {
            decode_time_unit(d, &lt->unit);
        } else if (kind == SGP_PQ_LT_INTEGER && id == 1) {
            if (want(d, type, SGP_PQ_T_I8, "INTEGER bitWidth") == SG_OK) {
                sgp_pq_thrift_i8(&d->t, &lt->bit_width);
            }
        } else if (kind == SGP_PQ_LT_INTEGER && id == 2) {
            get_bool(d, type, &lt->is_signed);
        } else {
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    return d->t.code;
}

static int decode_logical(dec *d, sgp_pq_logical_type *lt) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    memset(lt, 0, sizeof *lt);
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        if (type == SGP_PQ_T_STRUCT && id > 0) {
            memset(lt, 0, sizeof *lt);
            lt->kind = id; /* unknown ids are kept: a newer type must not stop the read */
            decode_logical_member(d, id, lt);
        } else {
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    return d->t.code;
}

/* ---- SchemaElement ---- */

static int decode_schema_element(dec *d, sgp_pq_schema_element *el) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            el->has_type = get_i32(d, type, "SchemaElement.type", &el->type) == SG_OK;
            break;
        case 2:
            el->has_type_length =
                get_i32(d, type, "SchemaElement.type_length", &el->type_length) == SG_OK;
            break;
        case 3:
            el->has_repetition =
                get_i32(d, type, "SchemaElement.repetition_type", &el->repetition) == SG_OK;
            break;
        case 4:
            get_string(d, type, "SchemaElement.name", &el->name);
            break;
        case 5:
            el->has_num_children =
                get_i32(d, type, "SchemaElement.num_children", &el->num_children) == SG_OK;
            break;
        case 6:
            el->has_converted_type =
                get_i32(d, type, "SchemaElement.converted_type", &el->converted_type) == SG_OK;
            break;
        case 7:
            el->has_scale = get_i32(d, type, "SchemaElement.scale", &el->scale) == SG_OK;
            break;
        case 8:
            el->has_precision =
                get_i32(d, type, "SchemaElement.precision", &el->precision) == SG_OK;
            break;
        case 9:
            el->has_field_id = get_i32(d, type, "SchemaElement.field_id", &el->field_id) == SG_OK;
            break;
        case 10:
            if (want(d, type, SGP_PQ_T_STRUCT, "SchemaElement.logicalType") == SG_OK) {
                decode_logical(d, &el->logical);
            }
            break;
        default:
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    return d->t.code;
}

/* ---- Statistics, ColumnMetaData, ColumnChunk, RowGroup ---- */

static void bytes_free(sgp_pq_bytes *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int decode_statistics(dec *d, sgp_pq_statistics *st) {
    sgp_pq_bytes old_max = {0}, old_min = {0}, max = {0}, min = {0};
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_bytes(d, type, "Statistics.max", &old_max);
            break;
        case 2:
            get_bytes(d, type, "Statistics.min", &old_min);
            break;
        case 3:
            st->has_null_count =
                get_i64(d, type, "Statistics.null_count", &st->null_count) == SG_OK;
            break;
        case 4:
            st->has_distinct_count = opt_i64(d, type, &st->distinct_count);
            break;
        case 5:
            get_bytes(d, type, "Statistics.max_value", &max);
            break;
        case 6:
            get_bytes(d, type, "Statistics.min_value", &min);
            break;
        case 7:
            st->has_max_exact = opt_bool(d, type, &st->max_exact);
            break;
        case 8:
            st->has_min_exact = opt_bool(d, type, &st->min_exact);
            break;
        default:
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    bytes_free(&st->min);
    bytes_free(&st->max);
    st->present = true;
    if (min.present || max.present) {
        st->min = min;
        st->max = max;
        bytes_free(&old_min);
        bytes_free(&old_max);
        st->deprecated_min_max = false;
    } else {
        st->min = old_min;
        st->max = old_max;
        st->deprecated_min_max = old_min.present || old_max.present;
    }
    return d->t.code;
}

static void column_meta_free(sgp_pq_column_meta *m) {
    free(m->encodings);
    for (size_t i = 0; i < m->n_path; i++) {
        free(m->path[i]);
    }
    free(m->path);
    free(m->encoding_stats);
    bytes_free(&m->statistics.min);
    bytes_free(&m->statistics.max);
    memset(m, 0, sizeof *m);
}

static int decode_encoding_stats(dec *d, sgp_pq_encoding_stats *es) {
    bool has_page_type = false, has_encoding = false, has_count = false;
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        if (id == 1) {
            has_page_type =
                get_i32(d, type, "PageEncodingStats.page_type", &es->page_type) == SG_OK;
        } else if (id == 2) {
            has_encoding = get_i32(d, type, "PageEncodingStats.encoding", &es->encoding) == SG_OK;
        } else if (id == 3) {
            has_count = get_i32(d, type, "PageEncodingStats.count", &es->count) == SG_OK;
        } else {
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    if (d->t.code == SG_OK && !(has_page_type && has_encoding && has_count)) {
        return bad(d, SG_EINVALID, "PageEncodingStats has no %s",
                   !has_page_type  ? "page_type"
                   : !has_encoding ? "encoding"
                                   : "count");
    }
    if (d->t.code == SG_OK && es->count < 0) {
        return bad(d, SG_EINVALID, "PageEncodingStats count %d is negative", (int)es->count);
    }
    return d->t.code;
}

enum {
    CM_TYPE = 1 << 0,
    CM_ENCODINGS = 1 << 1,
    CM_PATH = 1 << 2,
    CM_CODEC = 1 << 3,
    CM_NUM_VALUES = 1 << 4,
    CM_UNCOMPRESSED = 1 << 5,
    CM_COMPRESSED = 1 << 6,
    CM_DATA_PAGE = 1 << 7,
    CM_REQUIRED = (1 << 8) - 1,
};

static int decode_column_meta(dec *d, sgp_pq_column_meta *m) {
    unsigned seen = 0;
    int16_t last;
    int type = 0;
    int16_t id = 0;
    uint32_t count = 0;
    size_t cap;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_i32(d, type, "ColumnMetaData.type", &m->type);
            seen |= CM_TYPE;
            break;
        case 2:
            if (list_of(d, type, SGP_PQ_T_I32, "ColumnMetaData.encodings", &count) != SG_OK) {
                break;
            }
            free(m->encodings);
            m->encodings = NULL;
            m->n_encodings = 0;
            cap = 0;
            for (uint32_t i = 0; i < count; i++) {
                int32_t *e =
                    push(d, (void **)&m->encodings, &m->n_encodings, &cap, sizeof *m->encodings);
                if (e == NULL || sgp_pq_thrift_i32(&d->t, e) != SG_OK) {
                    break;
                }
            }
            seen |= CM_ENCODINGS;
            break;
        case 3:
            if (list_of(d, type, SGP_PQ_T_BINARY, "ColumnMetaData.path_in_schema", &count) !=
                SG_OK) {
                break;
            }
            for (size_t i = 0; i < m->n_path; i++) {
                free(m->path[i]);
            }
            free(m->path);
            m->path = NULL;
            m->n_path = 0;
            cap = 0;
            for (uint32_t i = 0; i < count; i++) {
                char **s = push(d, (void **)&m->path, &m->n_path, &cap, sizeof *m->path);
                if (s == NULL || sgp_pq_thrift_string(&d->t, s) != SG_OK) {
                    break;
                }
            }
            seen |= CM_PATH;
            break;
        case 4:
            get_i32(d, type, "ColumnMetaData.codec", &m->codec);
            seen |= CM_CODEC;
            break;
        case 5:
            get_i64(d, type, "ColumnMetaData.num_values", &m->num_values);
            seen |= CM_NUM_VALUES;
            break;
        case 6:
            get_i64(d, type, "ColumnMetaData.total_uncompressed_size", &m->total_uncompressed_size);
            seen |= CM_UNCOMPRESSED;
            break;
        case 7:
            get_i64(d, type, "ColumnMetaData.total_compressed_size", &m->total_compressed_size);
            seen |= CM_COMPRESSED;
            break;
        case 9:
            get_i64(d, type, "ColumnMetaData.data_page_offset", &m->data_page_offset);
            seen |= CM_DATA_PAGE;
            break;
        case 11:
            m->has_dictionary_page_offset =
                get_i64(d, type, "ColumnMetaData.dictionary_page_offset",
                        &m->dictionary_page_offset) == SG_OK;
            break;
        case 12:
            if (want(d, type, SGP_PQ_T_STRUCT, "ColumnMetaData.statistics") == SG_OK) {
                decode_statistics(d, &m->statistics);
            }
            break;
        case 13:
            if (type != SGP_PQ_T_LIST) {
                skip(d, type);
                break;
            }
            if (list_of(d, type, SGP_PQ_T_STRUCT, "ColumnMetaData.encoding_stats", &count) !=
                SG_OK) {
                break;
            }
            free(m->encoding_stats);
            m->encoding_stats = NULL;
            m->n_encoding_stats = 0;
            m->has_encoding_stats = true;
            cap = 0;
            for (uint32_t i = 0; i < count; i++) {
                sgp_pq_encoding_stats *es =
                    push(d, (void **)&m->encoding_stats, &m->n_encoding_stats, &cap, sizeof *es);
                if (es == NULL || decode_encoding_stats(d, es) != SG_OK) {
                    break;
                }
            }
            break;
        case 14:
            m->has_bloom_filter_offset = opt_i64(d, type, &m->bloom_filter_offset);
            break;
        case 15:
            m->has_bloom_filter_length = opt_i32(d, type, &m->bloom_filter_length);
            break;
        default:
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    if (d->t.code == SG_OK && (seen & CM_REQUIRED) != CM_REQUIRED) {
        static const char *const names[] = {"type",
                                            "encodings",
                                            "path_in_schema",
                                            "codec",
                                            "num_values",
                                            "total_uncompressed_size",
                                            "total_compressed_size",
                                            "data_page_offset"};
        for (unsigned i = 0; i < 8; i++) {
            if ((seen & (1u << i)) == 0) {
                return bad(d, SG_EINVALID, "ColumnMetaData has no %s", names[i]);
            }
        }
    }
    return d->t.code;
}

static int decode_column_chunk(dec *d, sgp_pq_column_chunk *c) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_string(d, type, "ColumnChunk.file_path", &c->file_path);
            break;
        case 2:
            get_i64(d, type, "ColumnChunk.file_offset", &c->file_offset);
            break;
        case 3:
            if (want(d, type, SGP_PQ_T_STRUCT, "ColumnChunk.meta_data") == SG_OK) {
                column_meta_free(&c->meta);
                c->has_meta = true;
                decode_column_meta(d, &c->meta);
            }
            break;
        case 4:
            c->has_offset_index_offset = opt_i64(d, type, &c->offset_index_offset);
            break;
        case 5:
            c->has_offset_index_length = opt_i32(d, type, &c->offset_index_length);
            break;
        case 6:
            c->has_column_index_offset = opt_i64(d, type, &c->column_index_offset);
            break;
        case 7:
            c->has_column_index_length = opt_i32(d, type, &c->column_index_length);
            break;
        case 8:
        case 9:
            c->encrypted = true;
            skip(d, type);
            break;
        default:
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    return d->t.code;
}

static void row_group_free(sgp_pq_row_group *rg) {
    for (size_t i = 0; i < rg->n_columns; i++) {
        free(rg->columns[i].file_path);
        column_meta_free(&rg->columns[i].meta);
    }
    free(rg->columns);
    memset(rg, 0, sizeof *rg);
}

static int decode_row_group(dec *d, sgp_pq_row_group *rg) {
    bool has_columns = false;
    bool has_num_rows = false;
    int16_t last;
    int type = 0;
    int16_t id = 0;
    uint32_t count = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            if (list_of(d, type, SGP_PQ_T_STRUCT, "RowGroup.columns", &count) != SG_OK) {
                break;
            }
            row_group_free(rg);
            has_columns = true;
            {
                size_t cap = 0;
                for (uint32_t i = 0; i < count; i++) {
                    sgp_pq_column_chunk *c =
                        push(d, (void **)&rg->columns, &rg->n_columns, &cap, sizeof *rg->columns);
                    d->col = (int64_t)i;
                    if (c == NULL || decode_column_chunk(d, c) != SG_OK) {
                        break;
                    }
                }
            }
            if (d->t.code == SG_OK) {
                d->col = -1;
            }
            break;
        case 2:
            get_i64(d, type, "RowGroup.total_byte_size", &rg->total_byte_size);
            break;
        case 3:
            has_num_rows = get_i64(d, type, "RowGroup.num_rows", &rg->num_rows) == SG_OK;
            break;
        case 6:
            rg->has_total_compressed_size = opt_i64(d, type, &rg->total_compressed_size);
            break;
        default:
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    if (d->t.code == SG_OK && !has_columns) {
        return bad(d, SG_EINVALID, "RowGroup has no columns");
    }
    if (d->t.code == SG_OK && !has_num_rows) {
        return bad(d, SG_EINVALID, "RowGroup has no num_rows");
    }
    return d->t.code;
}

/* ---- FileMetaData ---- */

static void schema_free(sgp_pq_file_meta *m) {
    for (size_t i = 0; i < m->n_schema; i++) {
        free(m->schema[i].name);
    }
    free(m->schema);
    m->schema = NULL;
    m->n_schema = 0;
}

static void key_value_free(sgp_pq_file_meta *m) {
    for (size_t i = 0; i < m->n_key_value; i++) {
        free(m->key_value[i].key);
        free(m->key_value[i].value);
    }
    free(m->key_value);
    m->key_value = NULL;
    m->n_key_value = 0;
}

static void row_groups_free(sgp_pq_file_meta *m) {
    for (size_t i = 0; i < m->n_row_groups; i++) {
        row_group_free(&m->row_groups[i]);
    }
    free(m->row_groups);
    m->row_groups = NULL;
    m->n_row_groups = 0;
}

void sgp_pq_file_meta_free(sgp_pq_file_meta *m) {
    if (m == NULL) {
        return;
    }
    schema_free(m);
    row_groups_free(m);
    key_value_free(m);
    free(m->created_by);
    free(m);
}

static int decode_key_value(dec *d, sgp_pq_key_value *kv) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        if (id == 1) {
            get_string(d, type, "KeyValue.key", &kv->key);
        } else if (id == 2) {
            get_string(d, type, "KeyValue.value", &kv->value);
        } else {
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    if (d->t.code == SG_OK && kv->key == NULL) {
        return bad(d, SG_EINVALID, "key_value_metadata entry has no key");
    }
    return d->t.code;
}

/* EncryptionAlgorithm is a union: keeps the id of its member (the key material is skipped). */
static int decode_encryption_algorithm(dec *d, int *algorithm) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        if (type == SGP_PQ_T_STRUCT && id > 0) {
            *algorithm = id;
        }
        skip(d, type);
    }
    sgp_pq_thrift_struct_end(&d->t);
    return d->t.code;
}

enum { FM_VERSION = 1, FM_SCHEMA = 2, FM_NUM_ROWS = 4, FM_ROW_GROUPS = 8 };

static int decode_file_meta(dec *d, sgp_pq_file_meta *m) {
    unsigned seen = 0;
    int16_t last;
    int type = 0;
    int16_t id = 0;
    uint32_t count = 0;
    size_t cap;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_i32(d, type, "FileMetaData.version", &m->version);
            seen |= FM_VERSION;
            break;
        case 2:
            if (list_of(d, type, SGP_PQ_T_STRUCT, "FileMetaData.schema", &count) != SG_OK) {
                break;
            }
            schema_free(m);
            cap = 0;
            for (uint32_t i = 0; i < count; i++) {
                sgp_pq_schema_element *el =
                    push(d, (void **)&m->schema, &m->n_schema, &cap, sizeof *m->schema);
                if (el == NULL || decode_schema_element(d, el) != SG_OK) {
                    break;
                }
            }
            seen |= FM_SCHEMA;
            break;
        case 3:
            get_i64(d, type, "FileMetaData.num_rows", &m->num_rows);
            seen |= FM_NUM_ROWS;
            break;
        case 4:
            if (list_of(d, type, SGP_PQ_T_STRUCT, "FileMetaData.row_groups", &count) != SG_OK) {
                break;
            }
            row_groups_free(m);
            cap = 0;
            for (uint32_t i = 0; i < count; i++) {
                sgp_pq_row_group *rg =
                    push(d, (void **)&m->row_groups, &m->n_row_groups, &cap, sizeof *m->row_groups);
                d->rg = (int64_t)i;
                if (rg == NULL || decode_row_group(d, rg) != SG_OK) {
                    break;
                }
            }
            if (d->t.code == SG_OK) {
                d->rg = -1;
            }
            seen |= FM_ROW_GROUPS;
            break;
        case 5:
            if (list_of(d, type, SGP_PQ_T_STRUCT, "FileMetaData.key_value_metadata", &count) !=
                SG_OK) {
                break;
            }
            key_value_free(m);
            cap = 0;
            for (uint32_t i = 0; i < count; i++) {
                sgp_pq_key_value *kv =
                    push(d, (void **)&m->key_value, &m->n_key_value, &cap, sizeof *m->key_value);
                if (kv == NULL || decode_key_value(d, kv) != SG_OK) {
                    break;
                }
            }
            break;
        case 6:
            get_string(d, type, "FileMetaData.created_by", &m->created_by);
            break;
        case 8:
            if (type == SGP_PQ_T_STRUCT) {
                decode_encryption_algorithm(d, &m->encryption_algorithm);
            } else {
                skip(d, type);
            }
            break;
        default:
            skip(d, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
    if (d->t.code == SG_OK) {
        if ((seen & FM_VERSION) == 0) {
            return bad(d, SG_EINVALID, "FileMetaData has no version");
        }
        if ((seen & FM_SCHEMA) == 0) {
            return bad(d, SG_EINVALID, "FileMetaData has no schema");
        }
        if ((seen & FM_NUM_ROWS) == 0) {
            return bad(d, SG_EINVALID, "FileMetaData has no num_rows");
        }
        if ((seen & FM_ROW_GROUPS) == 0) {
            return bad(d, SG_EINVALID, "FileMetaData has no row_groups");
        }
    }
    return d->t.code;
}

/* ---- Validation ---- */

static const char *name_or(const sgp_pq_schema_element *el) {
    return el->name != NULL ? el->name : "?";
}

bool sgp_pq_schema_is_group(const sgp_pq_schema_element *el, size_t index) {
    /* A typed element with num_children 0 is a leaf (some writers set the field on leaves). */
    return index == 0 || (el->has_num_children && (el->num_children > 0 || !el->has_type));
}

/* Checks the schema tree; fills leaves[] (indexes of leaf elements, n_leaves of them). */
static int check_schema(dec *d, sgp_pq_file_meta *m, size_t *leaves) {
    if (m->n_schema == 0) {
        return bad(d, SG_EINVALID, "schema is empty");
    }
    int64_t remaining[SG_MAX_DEPTH + 1];
    size_t depth = 0;
    for (size_t i = 0; i < m->n_schema; i++) {
        const sgp_pq_schema_element *el = &m->schema[i];
        if (el->name == NULL) {
            return bad(d, SG_EINVALID, "schema element %zu has no name", i);
        }
        if (el->has_type && (el->type < 0 || el->type > 7)) {
            return bad(d, SG_EINVALID, "schema element %zu (%s): physical type %d is not valid", i,
                       el->name, (int)el->type);
        }
        if (el->has_repetition && (el->repetition < 0 || el->repetition > 2)) {
            return bad(d, SG_EINVALID, "schema element %zu (%s): repetition %d is not valid", i,
                       el->name, (int)el->repetition);
        }
        if (el->has_num_children && el->num_children < 0) {
            return bad(d, SG_EINVALID, "schema element %zu (%s): num_children %d is negative", i,
                       el->name, (int)el->num_children);
        }
        if (el->has_type && el->type == 7 && (!el->has_type_length || el->type_length < 0)) {
            return bad(d, SG_EINVALID,
                       "schema element %zu (%s): FIXED_LEN_BYTE_ARRAY without a valid "
                       "type_length",
                       i, el->name);
        }
        if (i > 0) {
            while (depth > 0 && remaining[depth - 1] == 0) {
                depth--;
            }
            if (depth == 0) {
                return bad(d, SG_EINVALID,
                           "schema element %zu (%s) lies outside the root's children", i, el->name);
            }
            remaining[depth - 1]--;
        }
        if (sgp_pq_schema_is_group(el, i)) {
            int64_t children = el->has_num_children ? el->num_children : 0;
            if ((uint64_t)children > m->n_schema - i - 1) {
                return bad(d, SG_EINVALID,
                           "schema element %zu (%s): num_children %lld exceeds the %zu elements "
                           "left",
                           i, name_or(el), (long long)children, m->n_schema - i - 1);
            }
            if (depth >= SG_MAX_DEPTH + 1) {
                return bad(d, SG_ELIMIT, "schema nests deeper than %d levels", SG_MAX_DEPTH);
            }
            remaining[depth++] = children;
        } else {
            if (!el->has_type) {
                return bad(d, SG_EINVALID, "schema element %zu (%s): leaf has no physical type", i,
                           el->name);
            }
            leaves[m->n_leaves++] = i;
        }
    }
    while (depth > 0 && remaining[depth - 1] == 0) {
        depth--;
    }
    if (depth > 0) {
        return bad(d, SG_EINVALID, "schema ends before all num_children elements are listed");
    }
    return SG_OK;
}

static int check_offset(dec *d, const char *what, int64_t offset, uint64_t data_end) {
    if (offset < 4 || (uint64_t)offset >= data_end) {
        return bad(d, SG_EINVALID, "%s %lld lies outside the data area [4, %llu)", what,
                   (long long)offset, (unsigned long long)data_end);
    }
    return SG_OK;
}

static int check_chunk(dec *d, const sgp_pq_file_meta *m, const sgp_pq_column_chunk *c,
                       const sgp_pq_schema_element *leaf) {
    if (!c->has_meta) {
        if (c->encrypted) {
            return SG_OK; /* refused when its data is read */
        }
        return bad(d, SG_EINVALID, "column chunk has no ColumnMetaData");
    }
    const sgp_pq_column_meta *cm = &c->meta;
    if (cm->type != leaf->type) {
        return bad(d, SG_EINVALID, "physical type %d differs from the schema's %d for %s",
                   (int)cm->type, (int)leaf->type, leaf->name);
    }
    if (cm->num_values < 0) {
        return bad(d, SG_EINVALID, "num_values %lld is negative", (long long)cm->num_values);
    }
    if (cm->total_compressed_size < 0 || cm->total_uncompressed_size < 0) {
        return bad(d, SG_EINVALID, "negative total size (compressed %lld, uncompressed %lld)",
                   (long long)cm->total_compressed_size, (long long)cm->total_uncompressed_size);
    }
    if (cm->statistics.has_null_count && cm->statistics.null_count < 0) {
        return bad(d, SG_EINVALID, "statistics null_count %lld is negative",
                   (long long)cm->statistics.null_count);
    }
    if (c->file_path != NULL) {
        return SG_OK; /* offsets refer to another file */
    }
    if (cm->num_values == 0 && cm->data_page_offset == 0) {
        return SG_OK; /* an empty chunk is never read (column_chunk_key_value_metadata.parquet) */
    }
    uint64_t data_end = m->file_size - 8 - m->metadata_length;
    if (check_offset(d, "data_page_offset", cm->data_page_offset, data_end) != SG_OK) {
        return d->t.code;
    }
    int64_t start = cm->data_page_offset;
    if (cm->has_dictionary_page_offset && cm->dictionary_page_offset > 0) {
        if (check_offset(d, "dictionary_page_offset", cm->dictionary_page_offset, data_end) !=
            SG_OK) {
            return d->t.code;
        }
        if (cm->dictionary_page_offset < start) {
            start = cm->dictionary_page_offset;
        }
    }
    if ((uint64_t)cm->total_compressed_size > data_end - (uint64_t)start) {
        return bad(d, SG_EINVALID,
                   "chunk at offset %lld with total_compressed_size %lld runs past the data "
                   "area (ends at %llu)",
                   (long long)start, (long long)cm->total_compressed_size,
                   (unsigned long long)data_end);
    }
    return SG_OK;
}

/* An optional structure [offset, offset + length) that must lie in the data area. */
static int check_range(dec *d, const char *what, bool has_offset, int64_t offset, bool has_length,
                       int32_t length, uint64_t data_end) {
    if (has_length && length < 0) {
        return bad(d, SG_EINVALID, "%s length %d is negative", what, (int)length);
    }
    if (!has_offset) {
        return SG_OK;
    }
    char field[64];
    snprintf(field, sizeof field, "%s offset", what);
    if (check_offset(d, field, offset, data_end) != SG_OK) {
        return d->t.code;
    }
    if (has_length && (uint64_t)length > data_end - (uint64_t)offset) {
        return bad(d, SG_EINVALID,
                   "%s at offset %lld with length %d runs past the data area (ends at %llu)", what,
                   (long long)offset, (int)length, (unsigned long long)data_end);
    }
    return SG_OK;
}

/* The page index and bloom filter, when the chunk says where they are. */
static int check_indexes(dec *d, const sgp_pq_file_meta *m, const sgp_pq_column_chunk *c) {
    if (c->file_path != NULL) {
        return SG_OK; /* offsets refer to another file */
    }
    uint64_t data_end = m->file_size - 8 - m->metadata_length;
    if (check_range(d, "offset index", c->has_offset_index_offset, c->offset_index_offset,
                    c->has_offset_index_length, c->offset_index_length, data_end) != SG_OK ||
        check_range(d, "column index", c->has_column_index_offset, c->column_index_offset,
                    c->has_column_index_length, c->column_index_length, data_end) != SG_OK) {
        return d->t.code;
    }
    if (c->has_meta) {
        const sgp_pq_column_meta *cm = &c->meta;
        return check_range(d, "bloom filter", cm->has_bloom_filter_offset, cm->bloom_filter_offset,
                           cm->has_bloom_filter_length, cm->bloom_filter_length, data_end);
    }
    return SG_OK;
}

static int validate(dec *d, sgp_pq_file_meta *m) {
    if (m->num_rows < 0) {
        return bad(d, SG_EINVALID, "num_rows %lld is negative", (long long)m->num_rows);
    }
    size_t *leaves = malloc(m->n_schema * sizeof *leaves);
    if (leaves == NULL) {
        return bad(d, SG_ENOMEM, "out of memory");
    }
    if (check_schema(d, m, leaves) != SG_OK) {
        free(leaves);
        return d->t.code;
    }
    for (size_t r = 0; r < m->n_row_groups; r++) {
        const sgp_pq_row_group *rg = &m->row_groups[r];
        d->rg = (int64_t)r;
        d->col = -1;
        if (rg->num_rows < 0) {
            bad(d, SG_EINVALID, "num_rows %lld is negative", (long long)rg->num_rows);
            break;
        }
        if (rg->n_columns != m->n_leaves) {
            bad(d, SG_EINVALID, "%zu column chunks for %zu leaf columns in the schema",
                rg->n_columns, m->n_leaves);
            break;
        }
        for (size_t c = 0; c < rg->n_columns; c++) {
            d->col = (int64_t)c;
            if (check_chunk(d, m, &rg->columns[c], &m->schema[leaves[c]]) != SG_OK ||
                check_indexes(d, m, &rg->columns[c]) != SG_OK) {
                break;
            }
        }
        if (d->t.code != SG_OK) {
            break;
        }
    }
    free(leaves);
    if (d->t.code == SG_OK) {
        d->rg = -1;
        d->col = -1;
    }
    return d->t.code;
}

static int report(dec *d, const char *source, sg_error *err) {
    const char *msg = d->code != SG_OK ? d->msg : d->t.msg;
    int code = d->t.code;
    if (d->rg >= 0 && d->col >= 0) {
        sgp_error(err, code, source, NULL, 0, 0, "row group %lld, column %lld: %s",
                  (long long)d->rg, (long long)d->col, msg);
    } else if (d->rg >= 0) {
        sgp_error(err, code, source, NULL, 0, 0, "row group %lld: %s", (long long)d->rg, msg);
    } else {
        sgp_error(err, code, source, NULL, 0, 0, "footer: %s", msg);
    }
    if (err != NULL && d->rg >= 0) {
        err->row_group = d->rg;
    }
    return code;
}

int sgp_pq_footer_decode(sgp_pq_file_meta **out, const uint8_t *data, size_t length,
                         uint64_t file_size, const char *source, sg_error *err) {
    *out = NULL;
    sgp_pq_file_meta *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return sgp_error_nomem(err);
    }
    m->file_size = file_size;
    m->metadata_length = (uint32_t)length;
    if (file_size < 12 || length > file_size - 12 || length > UINT32_MAX) {
        sgp_pq_file_meta_free(m);
        return sgp_error(err, SG_EPARSE, source, NULL, 0, 0,
                         "footer: metadata length %zu does not fit a file of %llu bytes", length,
                         (unsigned long long)file_size);
    }
    dec d;
    memset(&d, 0, sizeof d);
    sgp_pq_thrift_init(&d.t, data, length);
    d.rg = -1;
    d.col = -1;
    if (decode_file_meta(&d, m) == SG_OK) {
        d.rg = -1;
        d.col = -1;
        validate(&d, m);
    }
    if (d.t.code != SG_OK) {
        sgp_pq_file_meta_free(m);
        return report(&d, source, err);
    }
    *out = m;
    return SG_OK;
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int sgp_pq_footer_read(sgp_pq_file_meta **out, sgp_pq_source *src, sg_error *err) {
    *out = NULL;
    if (src == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no source given");
    }
    const char *name = src->name;
    uint64_t size = src->size;
    if (size < 12) {
        return sgp_error(err, SG_EPARSE, name, NULL, 0, 0,
                         "footer: file of %llu bytes is too small to be Parquet (at least 12)",
                         (unsigned long long)size);
    }
    uint8_t tail[8];
    uint8_t head[4];
    int rc = sgp_pq_source_read_at(src, size - 8, 8, tail, err);
    if (rc == SG_OK) {
        rc = sgp_pq_source_read_at(src, 0, 4, head, err);
    }
    if (rc != SG_OK) {
        return rc;
    }
    if (memcmp(tail + 4, "PARE", 4) == 0) {
        return sgp_error(err, SG_EUNSUPPORTED, name, NULL, 0, 0,
                         "footer: encrypted Parquet is not supported");
    }
    if (memcmp(tail + 4, "PAR1", 4) != 0) {
        return sgp_error(err, SG_EPARSE, name, NULL, 0, 0,
                         "footer: file does not end with \"PAR1\" (not Parquet, or truncated)");
    }
    if (memcmp(head, "PAR1", 4) != 0) {
        return sgp_error(err, SG_EPARSE, name, NULL, 0, 0,
                         "footer: file does not start with \"PAR1\"");
    }
    uint32_t length = le32(tail);
    if (length == 0 || length > size - 12) {
        return sgp_error(err, SG_EPARSE, name, NULL, 0, 0,
                         "footer: metadata length %lu does not fit a file of %llu bytes "
                         "(truncated?)",
                         (unsigned long)length, (unsigned long long)size);
    }
    if (length > SG_PQ_MAX_FOOTER_BYTES) {
        return sgp_error(err, SG_ELIMIT, name, NULL, 0, 0,
                         "footer: metadata of %lu bytes exceeds the limit of %u",
                         (unsigned long)length, SG_PQ_MAX_FOOTER_BYTES);
    }
    uint8_t *buf = malloc(length);
    if (buf == NULL) {
        return sgp_error_nomem(err);
    }
    rc = sgp_pq_source_read_at(src, size - 8 - length, length, buf, err);
    if (rc == SG_OK) {
        rc = sgp_pq_footer_decode(out, buf, length, size, name, err);
    }
    free(buf);
    return rc;
}

/* ---- Names ---- */

#define NAME_OF(table, value)                                                                      \
    ((value) >= 0 && (size_t)(value) < sizeof(table) / sizeof((table)[0]) ? (table)[(value)] : NULL)

const char *sgp_pq_type_name(int32_t type) {
    static const char *const names[] = {"BOOLEAN", "INT32",  "INT64",      "INT96",
                                        "FLOAT",   "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};
    return NAME_OF(names, type);
}

const char *sgp_pq_repetition_name(int32_t repetition) {
    static const char *const names[] = {"REQUIRED", "OPTIONAL", "REPEATED"};
    return NAME_OF(names, repetition);
}

const char *sgp_pq_converted_type_name(int32_t converted_type) {
    static const char *const names[] = {"UTF8",
                                        "MAP",
                                        "MAP_KEY_VALUE",
                                        "LIST",
                                        "ENUM",
                                        "DECIMAL",
                                        "DATE",
                                        "TIME_MILLIS",
                                        "TIME_MICROS",
                                        "TIMESTAMP_MILLIS",
                                        "TIMESTAMP_MICROS",
                                        "UINT_8",
                                        "UINT_16",
                                        "UINT_32",
                                        "UINT_64",
                                        "INT_8",
                                        "INT_16",
                                        "INT_32",
                                        "INT_64",
                                        "JSON",
                                        "BSON",
                                        "INTERVAL"};
    return NAME_OF(names, converted_type);
}

const char *sgp_pq_encoding_name(int32_t encoding) {
    static const char *const names[] = {"PLAIN",
                                        NULL,
                                        "PLAIN_DICTIONARY",
                                        "RLE",
                                        "BIT_PACKED",
                                        "DELTA_BINARY_PACKED",
                                        "DELTA_LENGTH_BYTE_ARRAY",
                                        "DELTA_BYTE_ARRAY",
                                        "RLE_DICTIONARY",
                                        "BYTE_STREAM_SPLIT"};
    return NAME_OF(names, encoding);
}

const char *sgp_pq_codec_name(int32_t codec) {
    static const char *const names[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO",
                                        "BROTLI",       "LZ4",    "ZSTD", "LZ4_RAW"};
    return NAME_OF(names, codec);
}

const char *sgp_pq_page_type_name(int32_t page_type) {
    static const char *const names[] = {"DATA_PAGE", "INDEX_PAGE", "DICTIONARY_PAGE",
                                        "DATA_PAGE_V2"};
    return NAME_OF(names, page_type);
}

const char *sgp_pq_encryption_name(int algorithm) {
    static const char *const names[] = {NULL, "AES_GCM_V1", "AES_GCM_CTR_V1"};
    return NAME_OF(names, algorithm);
}

const char *sgp_pq_logical_type_name(int kind) {
    static const char *const names[] = {NULL,      "STRING",  "MAP",      "LIST",      "ENUM",
                                        "DECIMAL", "DATE",    "TIME",     "TIMESTAMP", NULL,
                                        "INTEGER", "UNKNOWN", "JSON",     "BSON",      "UUID",
                                        "FLOAT16", "VARIANT", "GEOMETRY", "GEOGRAPHY"};
    return NAME_OF(names, kind);
}

/*
 * parquet/inspect.c: the layout report of a Parquet file (sg_parquet_inspect). The decoded
 * footer becomes one JSON tree, which is either dumped as is (2-space indent, keys in a fixed
 * order, every key present with null when the file does not say) or rendered as indented
 * text, so both formats always carry the same facts. The report never reads pages: it is the
 * footer, made readable. docs/cli.md ("inspect") describes the fields.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/file.h"
#include "parquet/page_index.h"
#include "parquet/render.h"
#include "util/limits.h"
#include "util/util.h"

/* Key/value metadata values are cut after this many characters: they are often whole
 * serialized schemas (ARROW:schema, pandas, Spark's row metadata) and are never interpreted. */
#define KV_VALUE_MAX_CHARS 200
/* The text rendering cuts statistics values after this many characters (JSON keeps them). */
#define TEXT_STAT_MAX_CHARS 64
/* Decimals wider than this are shown as hex (38 digits need 16 bytes; 64 is generous). */
#define DECIMAL_MAX_BYTES 64
#define DECIMAL_MAX_SCALE 255
/* Julian day of 1970-01-01, the epoch of INT96 timestamps. */
#define JULIAN_EPOCH_DAY 2440588

/*
 * ---- Building the JSON tree ----
 * A value that cannot be attached is freed (with what it holds), so after the first failure
 * put and add only release the values they are given and never touch the container, which may
 * be one of those freed values. The caller checks `failed` at the end.
 */

typedef struct builder {
    bool failed;
    sgp_pq_source *src; /* for the page indexes */
} builder;

static void put(builder *b, json_t *obj, const char *key, json_t *value) {
    if (b->failed || obj == NULL || value == NULL) {
        json_decref(value);
        b->failed = true;
    } else if (json_object_set_new(obj, key, value) != 0) {
        b->failed = true;
    }
}

static void add(builder *b, json_t *array, json_t *value) {
    if (b->failed || array == NULL || value == NULL) {
        json_decref(value);
        b->failed = true;
    } else if (json_array_append_new(array, value) != 0) {
        b->failed = true;
    }
}

static json_t *int_or_null(bool has, int64_t value) {
    return has ? json_integer((json_int_t)value) : json_null();
}

/* A known enum value's name, else its number (a newer writer's value stays visible). */
static json_t *enum_value(const char *name, int32_t value) {
    return name != NULL ? json_string(name) : json_integer(value);
}

/*
 * Text from the file (names, created_by, metadata) as a JSON string: bytes that are not UTF-8
 * become U+FFFD, and at most max_chars characters are kept (*cut says whether some were not).
 */
static json_t *file_text(const char *s, size_t len, size_t max_chars, bool *cut) {
    sgp_buf buf = SGP_BUF_INIT;
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;
    size_t i = 0;
    while (i < len && chars < max_chars) {
        size_t n = sgp_utf8_char((const char *)p + i, len - i);
        if (n == 0) {
            sgp_buf_append(&buf, "\xef\xbf\xbd", 3);
            n = 1;
        } else {
            sgp_buf_append(&buf, s + i, n);
        }
        i += n;
        chars++;
    }
    if (cut != NULL) {
        *cut = i < len;
    }
    if (buf.failed) {
        sgp_buf_free(&buf);
        return NULL;
    }
    json_t *value = json_stringn(buf.data != NULL ? buf.data : "", buf.len);
    sgp_buf_free(&buf);
    return value;
}

static json_t *name_value(const char *s) {
    return s != NULL ? file_text(s, strlen(s), SIZE_MAX, NULL) : json_null();
}

static json_t *hex_value(const uint8_t *data, size_t length) {
    char *hex = malloc(length * 2 + 1);
    if (hex == NULL) {
        return NULL;
    }
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < length; i++) {
        hex[2 * i] = digits[data[i] >> 4];
        hex[2 * i + 1] = digits[data[i] & 0xf];
    }
    hex[2 * length] = '\0';
    json_t *value = json_pack("{s:s}", "hex", hex);
    free(hex);
    return value;
}

/* ---- Statistics values, decoded by physical and logical type ---- */

static uint64_t le_bytes(const uint8_t *p, size_t n) {
    uint64_t v = 0;
    for (size_t i = n; i > 0; i--) {
        v = v << 8 | p[i - 1];
    }
    return v;
}

static int64_t as_signed(uint64_t v) {
    return v <= (uint64_t)INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

static int64_t sign_extend32(uint64_t v) {
    return v >= 0x80000000u ? (int64_t)v - 0x100000000 : (int64_t)v;
}

static json_t *real_value(double v) {
    if (isnan(v)) {
        return json_string("NaN");
    }
    if (isinf(v)) {
        return json_string(v > 0 ? "Infinity" : "-Infinity");
    }
    return json_real(v);
}

/* IEEE half precision; powers of two are exact, so no libm is needed. */
static double half_to_double(uint16_t h) {
    int exponent = (h >> 10) & 0x1f;
    double mantissa = h & 0x3ff;
    double v;
    if (exponent == 31) {
        v = mantissa != 0 ? NAN : INFINITY;
    } else {
        int shift = exponent == 0 ? -24 : exponent - 25;
        v = exponent == 0 ? mantissa : mantissa + 1024;
        for (; shift > 0; shift--) {
            v *= 2;
        }
        for (; shift < 0; shift++) {
            v /= 2;
        }
    }
    return (h & 0x8000) != 0 ? -v : v;
}

static bool decimal_fits(size_t n, int32_t scale) {
    return n > 0 && n <= DECIMAL_MAX_BYTES && scale >= 0 && scale <= DECIMAL_MAX_SCALE;
}

/* A big-endian two's complement integer of n bytes with scale digits after the point, as a
 * string. Call only when decimal_fits(n, scale). */
static json_t *decimal_value(const uint8_t *be, size_t n, int32_t scale) {
    char digits[SGP_PQ_DECIMAL_DIGITS_SIZE];
    bool negative;
    size_t nd = sgp_pq_decimal_digits(be, n, &negative, digits);
    char text[SGP_PQ_DECIMAL_DIGITS_SIZE + DECIMAL_MAX_SCALE + 4];
    size_t len = 0;
    if (negative) {
        text[len++] = '-';
    }
    size_t whole = nd > (size_t)scale ? nd - (size_t)scale : 0;
    if (whole == 0) {
        text[len++] = '0';
    }
    for (size_t i = 0; i < whole; i++) {
        text[len++] = digits[i];
    }
    if (scale > 0) {
        text[len++] = '.';
        for (size_t k = (size_t)scale; k > 0; k--) {
            text[len++] = k <= nd ? digits[nd - k] : '0';
        }
    }
    return json_stringn(text, len);
}

/* INT96: nanoseconds of the day (8 bytes LE), then the Julian day (4 bytes LE). The sum wraps
 * like the writers' int64 arithmetic does. */
static json_t *int96_value(const uint8_t *p) {
    uint64_t nanos_of_day = le_bytes(p, 8);
    int64_t julian = sign_extend32(le_bytes(p + 8, 4));
    uint64_t total = (uint64_t)(julian - JULIAN_EPOCH_DAY) * 86400000000000u + nanos_of_day;
    int64_t nanos = as_signed(total);
    int64_t seconds = nanos / 1000000000;
    int64_t fraction = nanos % 1000000000;
    if (fraction < 0) {
        fraction += 1000000000;
        seconds--;
    }
    int64_t days = seconds / 86400;
    int64_t in_day = seconds % 86400;
    if (in_day < 0) {
        in_day += 86400;
        days--;
    }
    int64_t year;
    int month, day;
    sgp_pq_civil_from_days(days, &year, &month, &day);
    char text[64];
    snprintf(text, sizeof text, "%04lld-%02d-%02dT%02d:%02d:%02d.%09lld", (long long)year, month,
             day, (int)(in_day / 3600), (int)(in_day / 60 % 60), (int)(in_day % 60),
             (long long)fraction);
    return json_string(text);
}

static json_t *uuid_value(const uint8_t *p) {
    char text[40];
    size_t len = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            text[len++] = '-';
        }
        snprintf(text + len, 3, "%02x", p[i]);
        len += 2;
    }
    return json_stringn(text, len);
}

static bool is_text_column(const sgp_pq_schema_element *leaf) {
    int lt = leaf->logical.kind;
    if (lt == SGP_PQ_LT_STRING || lt == SGP_PQ_LT_ENUM || lt == SGP_PQ_LT_JSON) {
        return true;
    }
    /* converted types UTF8 (0), ENUM (4), JSON (19) */
    return lt == SGP_PQ_LT_NONE && leaf->has_converted_type &&
           (leaf->converted_type == 0 || leaf->converted_type == 4 || leaf->converted_type == 19);
}

/* Scale of a DECIMAL column, or -1 when the column is not one. */
static int32_t decimal_scale(const sgp_pq_schema_element *leaf) {
    if (leaf->logical.kind == SGP_PQ_LT_DECIMAL) {
        return leaf->logical.scale;
    }
    if (leaf->logical.kind == SGP_PQ_LT_NONE && leaf->has_converted_type &&
        leaf->converted_type == 5) {
        return leaf->has_scale ? leaf->scale : 0;
    }
    return -1;
}

static bool is_unsigned(const sgp_pq_schema_element *leaf) {
    if (leaf->logical.kind == SGP_PQ_LT_INTEGER) {
        return !leaf->logical.is_signed;
    }
    /* converted types UINT_8 .. UINT_64 (11..14) */
    return leaf->logical.kind == SGP_PQ_LT_NONE && leaf->has_converted_type &&
           leaf->converted_type >= 11 && leaf->converted_type <= 14;
}

/*
 * A min or max value: a number, boolean or string when the bytes decode as the column's type,
 * else {"hex": "..."}. Unsigned 64-bit values above INT64_MAX and decimals are strings, so that
 * no digit is lost.
 */
static json_t *stat_value(const sgp_pq_bytes *b, int32_t type, const sgp_pq_schema_element *leaf) {
    const uint8_t *p = b->data;
    size_t n = b->length;
    int32_t scale = decimal_scale(leaf);
    json_t *value = NULL;
    /* false: the bytes are shown as hex (a wrong length, a type shown raw, an odd scale) */
    bool decoded = scale < 0 || decimal_fits(n, scale);
    switch (decoded ? type : -1) {
    case -1:
        break;
    case 0: /* BOOLEAN */
        decoded = n == 1 && p[0] <= 1;
        if (decoded) {
            value = json_boolean(p[0] == 1);
        }
        break;
    case 1: /* INT32 */
        decoded = n == 4;
        if (decoded) {
            uint64_t u = le_bytes(p, 4);
            if (scale >= 0) {
                uint8_t be[4] = {p[3], p[2], p[1], p[0]};
                value = decimal_value(be, 4, scale);
            } else if (is_unsigned(leaf)) {
                value = json_integer((json_int_t)u);
            } else {
                value = json_integer((json_int_t)sign_extend32(u));
            }
        }
        break;
    case 2: /* INT64 */
        decoded = n == 8;
        if (decoded) {
            uint64_t u = le_bytes(p, 8);
            if (scale >= 0) {
                uint8_t be[8];
                for (size_t i = 0; i < 8; i++) {
                    be[i] = p[7 - i];
                }
                value = decimal_value(be, 8, scale);
            } else if (is_unsigned(leaf) && u > (uint64_t)INT64_MAX) {
                char text[24];
                snprintf(text, sizeof text, "%llu", (unsigned long long)u);
                value = json_string(text);
            } else {
                value = json_integer((json_int_t)as_signed(u));
            }
        }
        break;
    case 3: /* INT96 */
        decoded = n == 12;
        if (decoded) {
            value = int96_value(p);
        }
        break;
    case 4: /* FLOAT */
        decoded = n == 4;
        if (decoded) {
            uint32_t bits = (uint32_t)le_bytes(p, 4);
            float f;
            memcpy(&f, &bits, sizeof f);
            value = real_value(f);
        }
        break;
    case 5: /* DOUBLE */
        decoded = n == 8;
        if (decoded) {
            uint64_t bits = le_bytes(p, 8);
            double d;
            memcpy(&d, &bits, sizeof d);
            value = real_value(d);
        }
        break;
    default: /* BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY */
        if (scale >= 0) {
            value = decimal_value(p, n, scale);
        } else if (leaf->logical.kind == SGP_PQ_LT_FLOAT16 && n == 2) {
            value = real_value(half_to_double((uint16_t)le_bytes(p, 2)));
        } else if (leaf->logical.kind == SGP_PQ_LT_UUID && n == 16) {
            value = uuid_value(p);
        } else if (is_text_column(leaf) && sgp_utf8_valid((const char *)p, n)) {
            value = json_stringn(n > 0 ? (const char *)p : "", n);
        } else {
            decoded = false;
        }
    }
    /* NULL when decoded is out of memory */
    return decoded ? value : hex_value(p != NULL ? p : (const uint8_t *)"", n);
}

static json_t *statistics(builder *b, const sgp_pq_statistics *st, int32_t type,
                          const sgp_pq_schema_element *leaf) {
    if (!st->present) {
        return json_null();
    }
    json_t *o = json_object();
    put(b, o, "null_count", int_or_null(st->has_null_count, st->null_count));
    put(b, o, "distinct_count", int_or_null(st->has_distinct_count, st->distinct_count));
    put(b, o, "min", st->min.present ? stat_value(&st->min, type, leaf) : json_null());
    put(b, o, "max", st->max.present ? stat_value(&st->max, type, leaf) : json_null());
    put(b, o, "min_max_deprecated", json_boolean(st->deprecated_min_max));
    put(b, o, "min_exact", st->has_min_exact ? json_boolean(st->min_exact) : json_null());
    put(b, o, "max_exact", st->has_max_exact ? json_boolean(st->max_exact) : json_null());
    return o;
}

/* ---- Schema, leaves, row groups ---- */

static json_t *logical_type(const sgp_pq_logical_type *lt) {
    if (lt->kind == SGP_PQ_LT_NONE) {
        return json_null();
    }
    const char *name = sgp_pq_logical_type_name(lt->kind);
    json_t *o = json_object();
    builder b = {false, NULL};
    put(&b, o, "type", enum_value(name, lt->kind));
    if (lt->kind == SGP_PQ_LT_DECIMAL) {
        put(&b, o, "precision", json_integer(lt->precision));
        put(&b, o, "scale", json_integer(lt->scale));
    } else if (lt->kind == SGP_PQ_LT_TIME || lt->kind == SGP_PQ_LT_TIMESTAMP) {
        static const char *const units[] = {NULL, "MILLIS", "MICROS", "NANOS"};
        put(&b, o, "unit",
            lt->unit > 0 && lt->unit <= 3 ? json_string(units[lt->unit]) : json_null());
        put(&b, o, "is_adjusted_to_utc", json_boolean(lt->adjusted_to_utc));
    } else if (lt->kind == SGP_PQ_LT_INTEGER) {
        put(&b, o, "bit_width", json_integer(lt->bit_width));
        put(&b, o, "is_signed", json_boolean(lt->is_signed));
    }
    if (b.failed) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *schema_element(builder *b, const sgp_pq_schema_element *el) {
    json_t *o = json_object();
    put(b, o, "name", name_value(el->name));
    put(b, o, "repetition",
        el->has_repetition ? enum_value(sgp_pq_repetition_name(el->repetition), el->repetition)
                           : json_null());
    put(b, o, "physical_type",
        el->has_type ? enum_value(sgp_pq_type_name(el->type), el->type) : json_null());
    put(b, o, "type_length", int_or_null(el->has_type_length, el->type_length));
    put(b, o, "converted_type",
        el->has_converted_type
            ? enum_value(sgp_pq_converted_type_name(el->converted_type), el->converted_type)
            : json_null());
    put(b, o, "scale", int_or_null(el->has_scale, el->scale));
    put(b, o, "precision", int_or_null(el->has_precision, el->precision));
    put(b, o, "logical_type", logical_type(&el->logical));
    put(b, o, "field_id", int_or_null(el->has_field_id, el->field_id));
    return o;
}

/* A group being walked: where its children go and what its descendants inherit. */
typedef struct frame {
    json_t *children;
    int64_t remaining;
    int def, rep;
    const char *name; /* NULL for the root, whose name is not part of column paths */
} frame;

/*
 * Walks the schema (a depth-first list; the footer checked its shape) into the nested "schema"
 * tree and the "columns" list of leaves with their maximum levels; leaves[i] is the schema
 * index of leaf i, the column chunks' order.
 */
static int walk_schema(builder *b, const sgp_pq_file_meta *m, json_t *report, size_t *leaves) {
    if (m->n_schema == 0) {
        return SG_EINTERNAL;
    }
    frame stack[SG_MAX_DEPTH + 2];
    size_t depth = 0;
    json_t *root = schema_element(b, &m->schema[0]);
    json_t *columns = json_array();
    put(b, report, "schema", root);
    put(b, report, "columns", columns);
    if (b->failed) {
        return SG_ENOMEM;
    }
    json_t *children = json_array();
    put(b, root, "children", children);
    stack[depth++] = (frame){
        children, m->schema[0].has_num_children ? m->schema[0].num_children : 0, 0, 0, NULL};
    size_t n_leaves = 0;
    for (size_t i = 1; i < m->n_schema && !b->failed; i++) {
        while (depth > 0 && stack[depth - 1].remaining <= 0) {
            depth--;
        }
        if (depth == 0) {
            return SG_EINTERNAL;
        }
        frame *parent = &stack[depth - 1];
        parent->remaining--;
        const sgp_pq_schema_element *el = &m->schema[i];
        json_t *node = schema_element(b, el);
        add(b, parent->children, node);
        bool optional = el->has_repetition && el->repetition != 0;
        bool repeated = el->has_repetition && el->repetition == 2;
        int def = parent->def + (optional ? 1 : 0);
        int rep = parent->rep + (repeated ? 1 : 0);
        if (sgp_pq_schema_is_group(el, i)) {
            if (depth >= sizeof stack / sizeof stack[0]) {
                return SG_EINTERNAL;
            }
            json_t *kids = json_array();
            put(b, node, "children", kids);
            stack[depth++] = (frame){kids, el->num_children, def, rep, el->name};
            continue;
        }
        if (n_leaves >= m->n_leaves) {
            return SG_EINTERNAL;
        }
        leaves[n_leaves++] = i;
        json_t *path = json_array();
        for (size_t k = 1; k < depth; k++) {
            add(b, path, name_value(stack[k].name));
        }
        add(b, path, name_value(el->name));
        json_t *column = json_object();
        put(b, column, "path", path);
        put(b, column, "physical_type", enum_value(sgp_pq_type_name(el->type), el->type));
        put(b, column, "max_definition_level", json_integer(def));
        put(b, column, "max_repetition_level", json_integer(rep));
        add(b, columns, column);
    }
    if (b->failed) {
        return SG_ENOMEM;
    }
    return n_leaves == m->n_leaves ? SG_OK : SG_EINTERNAL;
}

static json_t *located(builder *b, bool has_offset, int64_t offset, bool has_length,
                       int32_t length) {
    if (!has_offset) {
        return json_null();
    }
    json_t *o = json_object();
    put(b, o, "offset", json_integer(offset));
    put(b, o, "length", int_or_null(has_length, length));
    return o;
}

static json_t *column_chunk(builder *b, const sgp_pq_column_chunk *c,
                            const sgp_pq_schema_element *leaf, json_t *leaf_path) {
    const sgp_pq_column_meta *cm = &c->meta;
    json_t *o = json_object();
    if (c->has_meta) {
        json_t *path = json_array();
        for (size_t i = 0; i < cm->n_path; i++) {
            add(b, path, name_value(cm->path[i]));
        }
        put(b, o, "path", path);
    } else {
        put(b, o, "path", json_deep_copy(leaf_path));
    }
    int32_t type = c->has_meta ? cm->type : leaf->type;
    put(b, o, "physical_type", enum_value(sgp_pq_type_name(type), type));
    put(b, o, "file_path", name_value(c->file_path));
    put(b, o, "encrypted", json_boolean(c->encrypted));
    if (!c->has_meta) {
        static const char *const keys[] = {"codec",
                                           "encodings",
                                           "encoding_stats",
                                           "num_values",
                                           "total_compressed_size",
                                           "total_uncompressed_size",
                                           "data_page_offset",
                                           "dictionary_page_offset",
                                           "statistics",
                                           "bloom_filter"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            put(b, o, keys[i], json_null());
        }
    } else {
        put(b, o, "codec", enum_value(sgp_pq_codec_name(cm->codec), cm->codec));
        json_t *encodings = json_array();
        for (size_t i = 0; i < cm->n_encodings; i++) {
            add(b, encodings, enum_value(sgp_pq_encoding_name(cm->encodings[i]), cm->encodings[i]));
        }
        put(b, o, "encodings", encodings);
        if (cm->has_encoding_stats) {
            json_t *stats = json_array();
            for (size_t i = 0; i < cm->n_encoding_stats; i++) {
                const sgp_pq_encoding_stats *es = &cm->encoding_stats[i];
                json_t *e = json_object();
                put(b, e, "page_type",
                    enum_value(sgp_pq_page_type_name(es->page_type), es->page_type));
                put(b, e, "encoding", enum_value(sgp_pq_encoding_name(es->encoding), es->encoding));
                put(b, e, "count", json_integer(es->count));
                add(b, stats, e);
            }
            put(b, o, "encoding_stats", stats);
        } else {
            put(b, o, "encoding_stats", json_null());
        }
        put(b, o, "num_values", json_integer(cm->num_values));
        put(b, o, "total_compressed_size", json_integer(cm->total_compressed_size));
        put(b, o, "total_uncompressed_size", json_integer(cm->total_uncompressed_size));
        put(b, o, "data_page_offset", json_integer(cm->data_page_offset));
        put(b, o, "dictionary_page_offset",
            int_or_null(cm->has_dictionary_page_offset, cm->dictionary_page_offset));
        put(b, o, "statistics", statistics(b, &cm->statistics, cm->type, leaf));
        put(b, o, "bloom_filter",
            located(b, cm->has_bloom_filter_offset, cm->bloom_filter_offset,
                    cm->has_bloom_filter_length, cm->bloom_filter_length));
    }
    put(b, o, "column_index",
        located(b, c->has_column_index_offset, c->column_index_offset, c->has_column_index_length,
                c->column_index_length));
    put(b, o, "offset_index",
        located(b, c->has_offset_index_offset, c->offset_index_offset, c->has_offset_index_length,
                c->offset_index_length));
    return o;
}

/* The chunk's page index, decoded: page locations and what the column index says of them;
 * null when the chunk has none, {"error": ...} when it is malformed (the rest still reads). */
static json_t *page_index(builder *b, const sgp_pq_file_meta *m, size_t g, size_t c) {
    if (b->src == NULL) {
        return json_null();
    }
    sgp_pq_offset_index offsets;
    sgp_pq_column_index columns;
    bool has_offsets = false, has_columns = false;
    sg_error err;
    int rc = sgp_pq_offset_index_read(&offsets, &has_offsets, b->src, m, g, c, &err);
    if (rc == SG_OK) {
        rc = sgp_pq_column_index_read(&columns, &has_columns, b->src, m, g, c, &err);
        if (rc != SG_OK) {
            sgp_pq_offset_index_free(&offsets);
        }
    }
    if (rc != SG_OK) {
        json_t *o = json_object();
        put(b, o, "error", json_string(err.message));
        return o;
    }
    if (!has_offsets && !has_columns) {
        return json_null();
    }
    json_t *o = json_object();
    json_t *pages = json_array();
    size_t n = has_offsets ? offsets.n_pages : columns.n_pages;
    for (size_t i = 0; i < n; i++) {
        json_t *page = json_object();
        if (has_offsets) {
            put(b, page, "offset", json_integer(offsets.pages[i].offset));
            put(b, page, "compressed_page_size",
                json_integer(offsets.pages[i].compressed_page_size));
            put(b, page, "first_row_index", json_integer(offsets.pages[i].first_row_index));
        }
        if (has_columns && i < columns.n_pages) {
            put(b, page, "null_page", json_boolean(columns.null_pages[i]));
            put(b, page, "null_count",
                columns.null_counts ? json_integer(columns.null_counts[i]) : json_null());
        }
        add(b, pages, page);
    }
    static const char *const orders[] = {"UNORDERED", "ASCENDING", "DESCENDING"};
    put(b, o, "pages", pages);
    put(b, o, "boundary_order",
        has_columns ? json_string(orders[columns.boundary_order]) : json_null());
    if (has_offsets && has_columns && offsets.n_pages != columns.n_pages) {
        put(b, o, "error",
            json_sprintf("the offset index has %zu pages, the column index %zu", offsets.n_pages,
                         columns.n_pages));
    }
    if (has_offsets) {
        sgp_pq_offset_index_free(&offsets);
    }
    if (has_columns) {
        sgp_pq_column_index_free(&columns);
    }
    return o;
}

static json_t *row_group(builder *b, const sgp_pq_file_meta *m, const sgp_pq_row_group *rg,
                         const size_t *leaves, json_t *columns) {
    json_t *o = json_object();
    put(b, o, "num_rows", json_integer(rg->num_rows));
    put(b, o, "total_byte_size", json_integer(rg->total_byte_size));
    /* Older writers leave total_compressed_size out: the chunks' sum says the same. */
    int64_t compressed = rg->total_compressed_size;
    if (!rg->has_total_compressed_size) {
        compressed = 0;
        for (size_t c = 0; c < rg->n_columns; c++) {
            int64_t size = rg->columns[c].has_meta ? rg->columns[c].meta.total_compressed_size : 0;
            compressed = size <= INT64_MAX - compressed ? compressed + size : INT64_MAX;
        }
    }
    put(b, o, "total_compressed_size", json_integer(compressed));
    json_t *chunks = json_array();
    put(b, o, "columns", chunks);
    size_t g = (size_t)(rg - m->row_groups);
    for (size_t c = 0; c < rg->n_columns && c < m->n_leaves && !b->failed; c++) {
        json_t *chunk = column_chunk(b, &rg->columns[c], &m->schema[leaves[c]],
                                     json_object_get(json_array_get(columns, c), "path"));
        json_t *index = chunk != NULL ? page_index(b, m, g, c) : NULL;
        if (index != NULL && !json_is_null(index)) {
            put(b, chunk, "page_index", index); /* only for chunks that have one */
        } else {
            json_decref(index);
        }
        add(b, chunks, chunk);
    }
    return o;
}

static int build_report(const sg_parquet *pq, size_t *leaves, json_t **out) {
    const sgp_pq_file_meta *m = pq->meta;
    builder b = {false, pq->source};
    json_t *report = json_object();
    json_t *file = json_object();
    put(&b, report, "file", file);
    const char *name = pq->source != NULL && pq->source->name != NULL ? pq->source->name : "";
    put(&b, file, "name", name_value(name));
    put(&b, file, "size", json_integer((json_int_t)m->file_size));
    put(&b, report, "version", json_integer(m->version));
    put(&b, report, "created_by", name_value(m->created_by));
    put(&b, report, "num_rows", json_integer(m->num_rows));
    put(&b, report, "encryption",
        m->encryption_algorithm != 0
            ? enum_value(sgp_pq_encryption_name(m->encryption_algorithm), m->encryption_algorithm)
            : json_null());
    json_t *kvs = json_array();
    put(&b, report, "key_value_metadata", kvs);
    for (size_t i = 0; i < m->n_key_value && !b.failed; i++) {
        const sgp_pq_key_value *kv = &m->key_value[i];
        json_t *o = json_object();
        put(&b, o, "key", name_value(kv->key));
        if (kv->value != NULL) {
            size_t len = strlen(kv->value);
            bool cut = false;
            put(&b, o, "value", file_text(kv->value, len, KV_VALUE_MAX_CHARS, &cut));
            put(&b, o, "value_length", json_integer((json_int_t)len));
            put(&b, o, "value_truncated", json_boolean(cut));
        } else {
            put(&b, o, "value", json_null());
            put(&b, o, "value_length", json_null());
            put(&b, o, "value_truncated", json_false());
        }
        add(&b, kvs, o);
    }
    int rc = b.failed ? SG_ENOMEM : walk_schema(&b, m, report, leaves);
    json_t *groups = json_array();
    put(&b, report, "row_groups", groups);
    json_t *columns = json_object_get(report, "columns");
    for (size_t r = 0; r < m->n_row_groups && rc == SG_OK && !b.failed; r++) {
        add(&b, groups, row_group(&b, m, &m->row_groups[r], leaves, columns));
    }
    if (rc == SG_OK && b.failed) {
        rc = SG_ENOMEM;
    }
    if (rc != SG_OK) {
        json_decref(report);
        return rc;
    }
    *out = report;
    return SG_OK;
}

/* ---- Text rendering of the tree ---- */

/* Quoted text with control characters escaped, so that no byte of the file reaches a terminal
 * as a command; after max_chars characters, "…" and the full length follow. */
static void text_quoted(sgp_buf *out, const json_t *string, size_t max_chars) {
    const char *s = json_string_value(string);
    size_t len = json_string_length(string);
    sgp_buf_puts(out, "\"");
    size_t chars = 0;
    size_t i = 0;
    while (i < len && chars < max_chars) {
        unsigned char c = (unsigned char)s[i];
        size_t n = sgp_utf8_char(s + i, len - i);
        if (n == 0) {
            n = 1; /* cannot happen for jansson strings; keeps the loop moving */
        }
        if (c == '"' || c == '\\') {
            sgp_buf_printf(out, "\\%c", c);
        } else if (c == '\n') {
            sgp_buf_puts(out, "\\n");
        } else if (c == '\t') {
            sgp_buf_puts(out, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            sgp_buf_printf(out, "\\x%02x", c);
        } else if (c == 0xc2 && n == 2 && (unsigned char)s[i + 1] < 0xa0) {
            sgp_buf_printf(out, "\\u%04x", (unsigned char)s[i + 1]); /* C1 controls */
        } else {
            sgp_buf_append(out, s + i, n);
        }
        i += n;
        chars++;
    }
    sgp_buf_puts(out, "\"");
    if (i < len) {
        sgp_buf_printf(out, "... (%zu bytes in all)", len);
    }
}

/* A name or other text from the file, unquoted when it is plain; in a column path a dot is not
 * plain either, so that "a.b" stays one name. */
static void text_name_in(sgp_buf *out, const json_t *value, bool in_path) {
    const char *s = json_string_value(value);
    if (s == NULL) {
        sgp_buf_puts(out, "(none)");
        return;
    }
    bool plain = s[0] != '\0' && strlen(s) == json_string_length(value);
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x21 || c == 0x7f || c == '"' || c == '\\' || c == 0xc2 || (in_path && c == '.')) {
            plain = false;
        }
    }
    if (plain) {
        sgp_buf_puts(out, s);
    } else {
        text_quoted(out, value, SIZE_MAX);
    }
}

static void text_name(sgp_buf *out, const json_t *value) {
    text_name_in(out, value, false);
}

static void text_path(sgp_buf *out, const json_t *path) {
    size_t i;
    json_t *part;
    json_array_foreach(path, i, part) {
        if (i > 0) {
            sgp_buf_puts(out, ".");
        }
        text_name_in(out, part, true);
    }
}

/* Shortest decimal that reads back as the same float (is_float) or double. */
static void text_real(sgp_buf *out, double v, bool is_float) {
    char text[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, v);
        double back = strtod(text, NULL);
        if (is_float ? (float)back == (float)v : back == v) {
            break;
        }
    }
    sgp_buf_puts(out, text);
}

/* An enum value of the tree: its name, or the number a newer writer used. */
static void text_enum(sgp_buf *out, const json_t *value) {
    if (json_is_string(value)) {
        sgp_buf_puts(out, json_string_value(value));
    } else if (json_is_integer(value)) {
        sgp_buf_printf(out, "%lld", (long long)json_integer_value(value));
    } else {
        sgp_buf_puts(out, "-");
    }
}

static void text_int(sgp_buf *out, const json_t *value) {
    if (json_is_integer(value)) {
        sgp_buf_printf(out, "%lld", (long long)json_integer_value(value));
    } else {
        sgp_buf_puts(out, "-");
    }
}

static void text_stat(sgp_buf *out, const json_t *value, bool is_float, bool quoted) {
    if (json_is_integer(value)) {
        text_int(out, value);
    } else if (json_is_real(value)) {
        text_real(out, json_real_value(value), is_float);
    } else if (json_is_boolean(value)) {
        sgp_buf_puts(out, json_is_true(value) ? "true" : "false");
    } else if (json_is_string(value) && quoted) {
        text_quoted(out, value, TEXT_STAT_MAX_CHARS);
    } else if (json_is_string(value)) {
        sgp_buf_puts(out, json_string_value(value));
    } else if (json_is_object(value)) {
        const char *hex = json_string_value(json_object_get(value, "hex"));
        size_t len = hex != NULL ? strlen(hex) : 0;
        size_t cut = 2 * TEXT_STAT_MAX_CHARS;
        sgp_buf_puts(out, "0x");
        sgp_buf_append(out, hex != NULL ? hex : "", len < cut ? len : cut);
        if (len > cut) {
            sgp_buf_printf(out, "... (%zu bytes in all)", len / 2);
        }
    } else {
        sgp_buf_puts(out, "-");
    }
}

static void lower(sgp_buf *out, const char *s) {
    for (; *s != '\0'; s++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        sgp_buf_append(out, &c, 1);
    }
}

/* The annotation of a schema element: its logical type with parameters, else its converted
 * type, e.g. "INTEGER(64,true)", "DECIMAL(10,2)", "TIMESTAMP(MICROS,true)", "UTF8". */
static void text_annotation(sgp_buf *out, const json_t *el) {
    const json_t *lt = json_object_get(el, "logical_type");
    const json_t *ct = json_object_get(el, "converted_type");
    if (json_is_object(lt)) {
        const json_t *type = json_object_get(lt, "type");
        sgp_buf_puts(out, json_is_string(type) ? " (" : " (logical type ");
        text_enum(out, type);
        const char *name = json_string_value(type);
        if (name != NULL && strcmp(name, "DECIMAL") == 0) {
            sgp_buf_printf(out, "(%lld,%lld)",
                           (long long)json_integer_value(json_object_get(lt, "precision")),
                           (long long)json_integer_value(json_object_get(lt, "scale")));
        } else if (name != NULL && (strcmp(name, "TIME") == 0 || strcmp(name, "TIMESTAMP") == 0)) {
            sgp_buf_puts(out, "(");
            text_enum(out, json_object_get(lt, "unit"));
            sgp_buf_printf(out, ",%s)",
                           json_is_true(json_object_get(lt, "is_adjusted_to_utc")) ? "true"
                                                                                   : "false");
        } else if (name != NULL && strcmp(name, "INTEGER") == 0) {
            sgp_buf_printf(out, "(%lld,%s)",
                           (long long)json_integer_value(json_object_get(lt, "bit_width")),
                           json_is_true(json_object_get(lt, "is_signed")) ? "true" : "false");
        }
        sgp_buf_puts(out, ")");
    } else if (!json_is_null(ct) && ct != NULL) {
        sgp_buf_puts(out, " (");
        text_enum(out, ct);
        const char *name = json_string_value(ct);
        if (name != NULL && strcmp(name, "DECIMAL") == 0) {
            sgp_buf_puts(out, "(");
            text_int(out, json_object_get(el, "precision"));
            sgp_buf_puts(out, ",");
            text_int(out, json_object_get(el, "scale"));
            sgp_buf_puts(out, ")");
        }
        sgp_buf_puts(out, ")");
    }
}

/* One schema element per line, parquet-java style: "optional int64 id (INTEGER(64,true))". */
static void text_schema(sgp_buf *out, const json_t *el, size_t depth) {
    for (size_t i = 0; i < depth + 1; i++) {
        sgp_buf_puts(out, "  ");
    }
    const json_t *children = json_object_get(el, "children");
    if (depth == 0) {
        sgp_buf_puts(out, "message");
    } else {
        const json_t *rep = json_object_get(el, "repetition");
        if (json_is_string(rep)) {
            lower(out, json_string_value(rep));
            sgp_buf_puts(out, " ");
        } else if (json_is_integer(rep)) {
            sgp_buf_printf(out, "repetition(%lld) ", (long long)json_integer_value(rep));
        }
        const json_t *type = json_object_get(el, "physical_type");
        const char *tname = json_string_value(type);
        if (children != NULL) {
            sgp_buf_puts(out, "group");
        } else if (tname != NULL && strcmp(tname, "BYTE_ARRAY") == 0) {
            sgp_buf_puts(out, "binary");
        } else if (tname != NULL && strcmp(tname, "FIXED_LEN_BYTE_ARRAY") == 0) {
            sgp_buf_puts(out, "fixed_len_byte_array(");
            text_int(out, json_object_get(el, "type_length"));
            sgp_buf_puts(out, ")");
        } else if (tname != NULL) {
            lower(out, tname);
        } else {
            text_enum(out, type);
        }
    }
    sgp_buf_puts(out, " ");
    text_name(out, json_object_get(el, "name"));
    const json_t *field_id = json_object_get(el, "field_id");
    if (json_is_integer(field_id)) {
        sgp_buf_printf(out, " = %lld", (long long)json_integer_value(field_id));
    }
    text_annotation(out, el);
    sgp_buf_puts(out, "\n");
    size_t i;
    json_t *child;
    json_array_foreach(children, i, child) {
        text_schema(out, child, depth + 1);
    }
}

static void text_located(sgp_buf *out, const char *what, const json_t *value) {
    sgp_buf_printf(out, " %s=", what);
    if (!json_is_object(value)) {
        sgp_buf_puts(out, "no");
        return;
    }
    text_int(out, json_object_get(value, "offset"));
    const json_t *length = json_object_get(value, "length");
    if (json_is_integer(length)) {
        sgp_buf_puts(out, "+");
        text_int(out, length);
    }
}

/* One line per column chunk with its key facts. */
static void text_chunk(sgp_buf *out, const json_t *c, const sgp_pq_schema_element *leaf) {
    sgp_buf_puts(out, "    ");
    text_path(out, json_object_get(c, "path"));
    sgp_buf_puts(out, ": ");
    const json_t *type = json_object_get(c, "physical_type");
    text_enum(out, type);
    const char *tname = json_string_value(type);
    bool is_float = tname != NULL && strcmp(tname, "FLOAT") == 0;
    /* Values decoded from bytes of a text column are quoted; other strings are numbers,
     * decimals, timestamps or UUIDs that JSON carries as strings. */
    bool quoted = leaf != NULL && is_text_column(leaf);
    const json_t *file_path = json_object_get(c, "file_path");
    if (json_is_string(file_path)) {
        sgp_buf_puts(out, " file_path=");
        text_quoted(out, file_path, SIZE_MAX);
    }
    if (json_is_true(json_object_get(c, "encrypted"))) {
        sgp_buf_puts(out, " encrypted");
    }
    const json_t *codec = json_object_get(c, "codec");
    if (json_is_null(codec)) {
        sgp_buf_puts(out, " (no column metadata in the footer)");
    } else {
        sgp_buf_puts(out, " ");
        text_enum(out, codec);
        sgp_buf_puts(out, " encodings=");
        size_t i;
        json_t *e;
        const json_t *encodings = json_object_get(c, "encodings");
        if (json_array_size(encodings) == 0) {
            sgp_buf_puts(out, "none");
        }
        json_array_foreach(encodings, i, e) {
            sgp_buf_puts(out, i > 0 ? "," : "");
            text_enum(out, e);
        }
        const json_t *pages = json_object_get(c, "encoding_stats");
        if (json_is_array(pages)) {
            sgp_buf_puts(out, " pages=");
            json_array_foreach(pages, i, e) {
                sgp_buf_puts(out, i > 0 ? "," : "");
                text_enum(out, json_object_get(e, "page_type"));
                sgp_buf_puts(out, ":");
                text_enum(out, json_object_get(e, "encoding"));
                sgp_buf_puts(out, ":");
                text_int(out, json_object_get(e, "count"));
            }
        }
        sgp_buf_puts(out, " values=");
        text_int(out, json_object_get(c, "num_values"));
        sgp_buf_puts(out, " compressed=");
        text_int(out, json_object_get(c, "total_compressed_size"));
        sgp_buf_puts(out, " uncompressed=");
        text_int(out, json_object_get(c, "total_uncompressed_size"));
        sgp_buf_puts(out, " data_page=");
        text_int(out, json_object_get(c, "data_page_offset"));
        sgp_buf_puts(out, " dictionary_page=");
        text_int(out, json_object_get(c, "dictionary_page_offset"));
        const json_t *st = json_object_get(c, "statistics");
        if (!json_is_object(st)) {
            sgp_buf_puts(out, " statistics=absent");
        } else {
            const json_t *nulls = json_object_get(st, "null_count");
            sgp_buf_puts(out, " nulls=");
            if (json_is_integer(nulls)) {
                text_int(out, nulls);
            } else {
                sgp_buf_puts(out, "absent");
            }
            const json_t *distinct = json_object_get(st, "distinct_count");
            if (json_is_integer(distinct)) {
                sgp_buf_puts(out, " distinct=");
                text_int(out, distinct);
            }
            static const char *const ends[] = {"min", "max"};
            for (size_t k = 0; k < 2; k++) {
                const json_t *v = json_object_get(st, ends[k]);
                if (v != NULL && !json_is_null(v)) {
                    sgp_buf_printf(out, " %s=", ends[k]);
                    text_stat(out, v, is_float, quoted);
                    char exact[16];
                    snprintf(exact, sizeof exact, "%s_exact", ends[k]);
                    if (json_is_false(json_object_get(st, exact))) {
                        sgp_buf_puts(out, " (inexact)");
                    }
                }
            }
            if (json_is_true(json_object_get(st, "min_max_deprecated"))) {
                sgp_buf_puts(out, " (deprecated min/max)");
            }
        }
        text_located(out, "bloom_filter", json_object_get(c, "bloom_filter"));
    }
    text_located(out, "column_index", json_object_get(c, "column_index"));
    text_located(out, "offset_index", json_object_get(c, "offset_index"));
    const json_t *pi = json_object_get(c, "page_index");
    if (json_is_object(pi)) {
        const json_t *error = json_object_get(pi, "error");
        if (json_is_string(error)) {
            sgp_buf_printf(out, " page_index_error=\"%s\"", json_string_value(error));
        } else {
            size_t pages = json_array_size(json_object_get(pi, "pages")), all_null = 0;
            for (size_t i = 0; i < pages; i++) {
                all_null += json_is_true(
                    json_object_get(json_array_get(json_object_get(pi, "pages"), i), "null_page"));
            }
            sgp_buf_printf(out, " pages=%zu", pages);
            if (all_null > 0) {
                sgp_buf_printf(out, " null_pages=%zu", all_null);
            }
        }
    }
    sgp_buf_puts(out, "\n");
}

static char *render_text(const json_t *r, const sgp_pq_file_meta *m, const size_t *leaves) {
    sgp_buf out = SGP_BUF_INIT;
    const json_t *file = json_object_get(r, "file");
    sgp_buf_puts(&out, "file: ");
    text_name(&out, json_object_get(file, "name"));
    sgp_buf_printf(&out, " (%lld bytes)\n",
                   (long long)json_integer_value(json_object_get(file, "size")));
    sgp_buf_printf(&out, "version: %lld\n",
                   (long long)json_integer_value(json_object_get(r, "version")));
    const json_t *created_by = json_object_get(r, "created_by");
    sgp_buf_puts(&out, "created_by: ");
    if (json_is_string(created_by)) {
        text_quoted(&out, created_by, SIZE_MAX);
    } else {
        sgp_buf_puts(&out, "(none)");
    }
    sgp_buf_printf(&out, "\nnum_rows: %lld\n",
                   (long long)json_integer_value(json_object_get(r, "num_rows")));
    const json_t *encryption = json_object_get(r, "encryption");
    if (!json_is_null(encryption)) {
        sgp_buf_puts(&out, "encryption: ");
        text_enum(&out, encryption);
        sgp_buf_puts(&out, " (plaintext footer)\n");
    }
    const json_t *kvs = json_object_get(r, "key_value_metadata");
    sgp_buf_printf(&out, "key_value_metadata: %zu\n", json_array_size(kvs));
    size_t i;
    json_t *e;
    json_array_foreach(kvs, i, e) {
        sgp_buf_puts(&out, "  ");
        text_name(&out, json_object_get(e, "key"));
        sgp_buf_puts(&out, ": ");
        const json_t *value = json_object_get(e, "value");
        if (!json_is_string(value)) {
            sgp_buf_puts(&out, "(no value)\n");
            continue;
        }
        text_quoted(&out, value, SIZE_MAX);
        if (json_is_true(json_object_get(e, "value_truncated"))) {
            sgp_buf_printf(&out, "... (truncated; %lld bytes in all)",
                           (long long)json_integer_value(json_object_get(e, "value_length")));
        }
        sgp_buf_puts(&out, "\n");
    }
    sgp_buf_puts(&out, "schema:\n");
    text_schema(&out, json_object_get(r, "schema"), 0);
    const json_t *columns = json_object_get(r, "columns");
    sgp_buf_printf(&out, "columns: %zu\n", json_array_size(columns));
    json_array_foreach(columns, i, e) {
        sgp_buf_puts(&out, "  ");
        text_path(&out, json_object_get(e, "path"));
        sgp_buf_puts(&out, ": ");
        text_enum(&out, json_object_get(e, "physical_type"));
        sgp_buf_printf(&out, " max_definition_level=%lld max_repetition_level=%lld\n",
                       (long long)json_integer_value(json_object_get(e, "max_definition_level")),
                       (long long)json_integer_value(json_object_get(e, "max_repetition_level")));
    }
    const json_t *groups = json_object_get(r, "row_groups");
    sgp_buf_printf(&out, "row_groups: %zu\n", json_array_size(groups));
    json_array_foreach(groups, i, e) {
        sgp_buf_printf(&out,
                       "  row group %zu: num_rows=%lld total_byte_size=%lld "
                       "total_compressed_size=%lld\n",
                       i, (long long)json_integer_value(json_object_get(e, "num_rows")),
                       (long long)json_integer_value(json_object_get(e, "total_byte_size")),
                       (long long)json_integer_value(json_object_get(e, "total_compressed_size")));
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(e, "columns"), k, c) {
            text_chunk(&out, c, k < m->n_leaves ? &m->schema[leaves[k]] : NULL);
        }
    }
    return sgp_buf_take(&out);
}

int sg_parquet_inspect(const sg_parquet *pq, int format, char **out, sg_error *err) {
    sg_error_clear(err);
    if (out != NULL) {
        *out = NULL;
    }
    if (pq == NULL || pq->meta == NULL || out == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "sg_parquet_inspect: NULL argument");
    }
    const char *source = pq->source != NULL ? pq->source->name : NULL;
    if (format != SG_PARQUET_REPORT_TEXT && format != SG_PARQUET_REPORT_JSON) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0,
                         "sg_parquet_inspect: unknown report format %d", format);
    }
    json_t *report = NULL;
    size_t *leaves = calloc(pq->meta->n_leaves > 0 ? pq->meta->n_leaves : 1, sizeof *leaves);
    if (leaves == NULL) {
        return sgp_error_nomem(err);
    }
    int rc = build_report(pq, leaves, &report);
    if (rc != SG_OK) {
        free(leaves);
    }
    if (rc == SG_EINTERNAL) {
        return sgp_error(err, rc, source, NULL, 0, 0,
                         "inspect: the schema does not match the footer's leaf count");
    }
    if (rc != SG_OK) {
        return sgp_error_nomem(err);
    }
    char *text = NULL;
    if (format == SG_PARQUET_REPORT_JSON) {
        char *json = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (json != NULL) {
            sgp_buf buf = SGP_BUF_INIT;
            sgp_buf_puts(&buf, json);
            sgp_buf_puts(&buf, "\n");
            text = sgp_buf_take(&buf);
            free(json);
        }
    } else {
        text = render_text(report, pq->meta, leaves);
    }
    free(leaves);
    json_decref(report);
    if (text == NULL) {
        return sgp_error_nomem(err);
    }
    *out = text;
    return SG_OK;
}

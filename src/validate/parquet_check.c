/*
 * validate/parquet_check.c: the Parquet checker (see parquet_check.h). First a plan: the
 * schema and the file's tree are walked side by side, file-level findings are reported, and
 * each leaf column gets the checks its values and levels need. Then every row group runs the
 * plan column by column, skipping chunks whose statistics prove them clean and checking each
 * dictionary entry once instead of every value that refers to it.
 */
#include "validate/parquet_check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat/reads.h"
#include "parquet/column.h"
#include "parquet/file.h"
#include "parquet/render.h"
#include "parquet/schema.h"
#include "util/util.h"

/* A definition level at which a node the schema says is not nullable is null. */
typedef struct null_check {
    uint32_t def;
    char *column;
} null_check;

typedef struct leaf_plan {
    const sgp_pq_leaf *leaf;
    size_t leaf_index;
    null_check *nulls;
    size_t n_nulls;
    char *column;        /* schema path of the value checks */
    const sg_type *type; /* schema type of the values */
    bool values;         /* any value check below */
    bool int_range;
    int64_t lo, hi;
    int decimal_precision; /* 0: none */
    bool utf8;
    int64_t max_chars; /* 0: none */
    bool enumeration;
    bool uuid_text;
    int64_t fixed_size; /* 0: none */
    int64_t ts_factor; /* 0: none; > 0 file unit finer (value % f == 0); < 0 coarser (|value| <= max
                          / -f) */
} leaf_plan;

typedef struct checker {
    sgp_report *report;
    const sg_validate_options *options;
    const char *path;
    sg_parquet *pq;
    sgp_pq_schema *schema;
    leaf_plan *plans; /* one per file leaf, values unused when no check */
    int64_t violations_before;
    sg_error *err;
    sgp_parquet_check_result *result;
    sgp_pq_column *reader; /* reused from chunk to chunk: its buffers are allocated once */
    char column[1024];     /* schema path while planning */
} checker;

static bool stop_now(const checker *c) {
    return c->options->max_errors >= 0 &&
           c->violations_before + sgp_report_count(c->report, SGP_VIOLATION) >=
               c->options->max_errors;
}

static void file_finding(checker *c, const char *rule, sgp_severity severity, const char *column,
                         const char *fmt, ...) SGP_PRINTF(5, 6);
static void file_finding(checker *c, const char *rule, sgp_severity severity, const char *column,
                         const char *fmt, ...) {
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    sgp_where where = SGP_WHERE_INIT;
    where.file = c->path;
    where.column = column;
    sgp_report_add(c->report, rule, severity, &where, NULL, 0, message);
}

/* --- planning ------------------------------------------------------------------------------ */

static int add_null_check(checker *c, const sgp_pq_node *node) {
    leaf_plan *p = &c->plans[node->first_leaf];
    null_check *grown = realloc(p->nulls, (p->n_nulls + 1) * sizeof *grown);
    if (grown == NULL) {
        return sgp_error_nomem(c->err);
    }
    p->nulls = grown;
    char *column = sgp_strdup(c->column);
    if (column == NULL) {
        return sgp_error_nomem(c->err);
    }
    p->nulls[p->n_nulls].def = (uint32_t)(node->def - 1);
    p->nulls[p->n_nulls].column = column;
    p->n_nulls++;
    return SG_OK;
}

static const char *kind_word(const sg_type *type, char *buf, size_t size) {
    sg_kind k = sg_type_kind(type);
    if (k == SG_KIND_DECIMAL) {
        snprintf(buf, size, "decimal(%d,%d)", sg_type_precision(type), sg_type_scale(type));
    } else if (k == SG_KIND_TIMESTAMP || k == SG_KIND_TIME) {
        snprintf(buf, size, "%s(%s%s)", sg_kind_name(k), sg_time_unit_name(sg_type_time_unit(type)),
                 k == SG_KIND_TIMESTAMP ? (sg_type_utc(type) ? ", utc" : ", local") : "");
    } else if (k == SG_KIND_FIXED) {
        snprintf(buf, size, "fixed(%lld)", (long long)sg_type_size(type));
    } else if (k == SG_KIND_STRING && sg_type_max_length(type) > 0) {
        snprintf(buf, size, "%s(%lld)",
                 sg_type_string_flavor(type) == SG_STRING_CHAR ? "char" : "varchar",
                 (long long)sg_type_max_length(type));
    } else {
        snprintf(buf, size, "%s", sg_kind_name(k));
    }
    return buf;
}

static int integer_bits(sg_kind k) {
    switch (k) {
    case SG_KIND_INT8:
        return 8;
    case SG_KIND_INT16:
        return 16;
    case SG_KIND_INT32:
        return 32;
    case SG_KIND_INT64:
        return 64;
    default:
        return 0;
    }
}

static int64_t unit_nanos(sg_time_unit unit) {
    return unit == SG_UNIT_MILLIS ? 1000000 : unit == SG_UNIT_MICROS ? 1000 : 1;
}

/* Decides how the leaf's values are read as `want`: fine, fine with value checks, or a type
 * mismatch (reported). Returns SG_OK or SG_ENOMEM. */
static int plan_values(checker *c, const sgp_pq_node *node, const sg_type *want) {
    const sgp_pq_leaf *leaf = &c->schema->leaves[node->first_leaf];
    leaf_plan *p = &c->plans[node->first_leaf];
    sg_type *have = NULL;
    if (sgp_pq_leaf_model_type(leaf, &have) != SG_OK) {
        return sgp_error_nomem(c->err);
    }
    sg_kind hk = sg_type_kind(have), wk = sg_type_kind(want);
    int hb = integer_bits(hk), wb = integer_bits(wk);
    bool readable;
    if (hk == wk && hk != SG_KIND_DECIMAL && hk != SG_KIND_TIMESTAMP && hk != SG_KIND_FIXED &&
        hk != SG_KIND_TIME) {
        readable = true;
    } else if (hk == SG_KIND_TIME && wk == SG_KIND_TIME) {
        readable = sg_type_time_unit(have) == sg_type_time_unit(want);
    } else if (hk == SG_KIND_FIXED && wk == SG_KIND_FIXED) {
        readable = sg_type_size(have) == sg_type_size(want);
    } else if (hb && wb && hb > wb && leaf->physical == SGP_PQ_INT32) {
        /* Spark reads an INT32 column as byte or short without a range check: the values
         * must fit (integer-out-of-range). An INT64 column cannot be read as int32. */
        readable = true;
        p->int_range = true;
        p->hi = (int64_t)((UINT64_C(1) << (wb - 1)) - 1);
        p->lo = -p->hi - 1;
    } else if (hk == SG_KIND_TIMESTAMP && wk == SG_KIND_TIMESTAMP) {
        readable = sg_type_utc(have) == sg_type_utc(want) || sg_type_utc(want);
        int64_t hn = unit_nanos(sg_type_time_unit(have)), wn = unit_nanos(sg_type_time_unit(want));
        if (readable && hn != wn) {
            p->ts_factor = hn < wn ? wn / hn : -(hn / wn);
        }
    } else if (wk == SG_KIND_FIXED && (hk == SG_KIND_BINARY || hk == SG_KIND_FIXED)) {
        readable = true;
        p->fixed_size = sg_type_size(want);
    } else if (wk == SG_KIND_UUID && hk == SG_KIND_STRING) {
        readable = true;
        p->uuid_text = true;
    } else {
        readable = sgp_compat_reads(SG_RULES_SPARK_PARQUET, have, want);
    }
    if (!readable) {
        char hw[64], ww[64];
        file_finding(c, "type-mismatch", SGP_VIOLATION, c->column,
                     "the file's %s (%s) cannot be read as %s", kind_word(have, hw, sizeof hw),
                     sgp_pq_type_name(leaf->physical), kind_word(want, ww, sizeof ww));
        sg_type_free(have);
        return SG_OK;
    }
    if (wk == SG_KIND_DECIMAL) {
        /* A writer may store more digits than its own annotation allows. */
        p->decimal_precision = sg_type_precision(want);
    }
    if (wk == SG_KIND_STRING || wk == SG_KIND_ENUM || p->uuid_text) {
        p->utf8 = true;
        p->max_chars = wk == SG_KIND_STRING ? sg_type_max_length(want) : 0;
        p->enumeration = wk == SG_KIND_ENUM;
    }
    p->type = want;
    p->values = p->int_range || p->decimal_precision > 0 || p->utf8 || p->fixed_size > 0 ||
                p->ts_factor != 0;
    sg_type_free(have);
    if (p->values && p->column == NULL && (p->column = sgp_strdup(c->column)) == NULL) {
        return sgp_error_nomem(c->err);
    }
    return SG_OK;
}

static const sgp_pq_node *find_child(const checker *c, const sgp_pq_node *node, const char *name) {
    for (size_t i = 0; i < node->n_children; i++) {
        const char *have = node->children[i]->name;
        if (c->options->case_sensitive ? strcmp(have, name) == 0 : strcasecmp(have, name) == 0) {
            return node->children[i];
        }
    }
    return NULL;
}

static int plan_node(checker *c, const sgp_pq_node *node, const sg_type *want);

static int plan_struct(checker *c, const sgp_pq_node *node, const sg_type *want, bool top) {
    size_t n = sg_type_field_count(want);
    bool *matched = calloc(node->n_children + 1, sizeof *matched);
    if (matched == NULL) {
        return sgp_error_nomem(c->err);
    }
    int rc = SG_OK;
    for (size_t i = 0; i < n && rc == SG_OK; i++) {
        const sg_field *field = sg_type_field(want, i);
        if (top && sg_field_partition(field)) {
            continue; /* partition values live in the path, not in the file */
        }
        size_t mark = sgp_path_push(c->column, sizeof c->column, sg_field_name(field), true);
        const sgp_pq_node *child = find_child(c, node, sg_field_name(field));
        if (child == NULL) {
            if (sg_field_nullable(field)) {
                file_finding(c, "missing-nullable-column", SGP_WARNING, c->column,
                             "the file has no such column; it reads as null");
            } else {
                file_finding(c, "missing-column", SGP_VIOLATION, c->column,
                             "the file has no such column and the schema says it is not "
                             "nullable");
            }
        } else {
            for (size_t k = 0; k < node->n_children; k++) {
                if (node->children[k] == child) {
                    matched[k] = true;
                }
            }
            rc = plan_node(c, child, sg_field_type(field));
        }
        c->column[mark] = '\0';
    }
    for (size_t k = 0; k < node->n_children && rc == SG_OK; k++) {
        if (!matched[k]) {
            size_t mark = sgp_path_push(c->column, sizeof c->column, node->children[k]->name, true);
            file_finding(c, "extra-column", c->options->strict ? SGP_VIOLATION : SGP_WARNING,
                         c->column, "the schema has no such column");
            c->column[mark] = '\0';
        }
    }
    free(matched);
    return rc;
}

static int plan_node(checker *c, const sgp_pq_node *node, const sg_type *want) {
    if (node->nullable && !sg_type_nullable(want)) {
        int rc = add_null_check(c, node);
        if (rc != SG_OK) {
            return rc;
        }
    }
    sg_kind wk = sg_type_kind(want);
    static const char *const shapes[] = {"a primitive column", "a struct", "a list", "a map"};
    sgp_pq_node_kind expected = wk == SG_KIND_STRUCT ? SGP_PQ_NODE_STRUCT
                                : wk == SG_KIND_LIST ? SGP_PQ_NODE_LIST
                                : wk == SG_KIND_MAP  ? SGP_PQ_NODE_MAP
                                                     : SGP_PQ_NODE_PRIMITIVE;
    if (expected != node->kind) {
        char ww[64];
        file_finding(c, "type-mismatch", SGP_VIOLATION, c->column,
                     "the file has %s here, the schema %s", shapes[node->kind],
                     kind_word(want, ww, sizeof ww));
        return SG_OK;
    }
    switch (node->kind) {
    case SGP_PQ_NODE_PRIMITIVE:
        return plan_values(c, node, want);
    case SGP_PQ_NODE_STRUCT:
        return plan_struct(c, node, want, false);
    case SGP_PQ_NODE_LIST: {
        size_t mark = sgp_path_push(c->column, sizeof c->column, "[]", false);
        int rc = plan_node(c, node->children[0], sg_type_element(want));
        c->column[mark] = '\0';
        return rc;
    }
    default: {
        size_t mark = sgp_path_push(c->column, sizeof c->column, "{key}", false);
        int rc = plan_node(c, node->children[0], sg_type_map_key(want));
        c->column[mark] = '\0';
        if (rc == SG_OK && node->n_children > 1) {
            mark = sgp_path_push(c->column, sizeof c->column, "{}", false);
            rc = plan_node(c, node->children[1], sg_type_map_value(want));
            c->column[mark] = '\0';
        }
        return rc;
    }
    }
}

/* --- statistics ------------------------------------------------------------------------------ */

static bool stat_int(const sgp_pq_bytes *b, int32_t physical, int64_t *out) {
    if (!b->present) {
        return false;
    }
    if (physical == SGP_PQ_INT32 && b->length == 4) {
        uint32_t v = (uint32_t)b->data[0] | (uint32_t)b->data[1] << 8 | (uint32_t)b->data[2] << 16 |
                     (uint32_t)b->data[3] << 24;
        *out = (int32_t)v;
        return true;
    }
    if (physical == SGP_PQ_INT64 && b->length == 8) {
        uint64_t v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | b->data[i];
        }
        *out = (int64_t)v;
        return true;
    }
    return false;
}

static int64_t pow10_i64(int digits) {
    int64_t v = 1;
    for (int i = 0; i < digits && i < 18; i++) {
        v *= 10;
    }
    return v;
}

/* True when the chunk's statistics prove every check of the plan passes. */
static bool statistics_prove(const checker *c, const leaf_plan *p, const sgp_pq_column_chunk *cc) {
    if (!c->options->use_statistics || !cc->has_meta || !cc->meta.statistics.present) {
        return false;
    }
    const sgp_pq_statistics *st = &cc->meta.statistics;
    const sgp_pq_leaf *leaf = p->leaf;
    if (p->n_nulls > 0) {
        /* Only for flat columns, where every null of the chunk is a null of this column: then an
         * exact null_count of 0 proves there is none. */
        if (leaf->max_rep != 0 || leaf->max_def > 1 || !st->has_null_count || st->null_count != 0) {
            return false;
        }
    }
    if (!p->values) {
        return true;
    }
    if (p->utf8 || p->fixed_size > 0 || (p->ts_factor > 0)) {
        return false; /* bounds say nothing about bytes, lengths or divisibility */
    }
    int64_t min, max;
    /* Integer min/max are trustworthy under the signed sort order, deprecated fields included. */
    if (!stat_int(&st->min, leaf->physical, &min) || !stat_int(&st->max, leaf->physical, &max) ||
        leaf->kind == SGP_PQ_V_UINT) {
        return false;
    }
    if (p->int_range && (min < p->lo || max > p->hi)) {
        return false;
    }
    if (p->decimal_precision > 0 && p->decimal_precision < 19) {
        /* (19 digits or more hold any int64.) */
        int64_t bound = pow10_i64(p->decimal_precision);
        if (min <= -bound || max >= bound) {
            return false;
        }
    }
    if (p->ts_factor < 0) {
        int64_t limit = INT64_MAX / -p->ts_factor;
        if (min < -limit || max > limit) {
            return false;
        }
    }
    return true;
}

/* --- value checks ---------------------------------------------------------------------------- */

/* Characters of valid UTF-8 (counts lead bytes). */
static int64_t utf8_chars(const uint8_t *s, size_t n) {
    int64_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        chars += (s[i] & 0xc0) != 0x80;
    }
    return chars;
}

static bool is_uuid_text(const uint8_t *s, size_t n) {
    if (n != 36) {
        return false;
    }
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        char ch = (char)s[i];
        if (dash ? ch != '-'
                 : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
                     (ch >= 'A' && ch <= 'F'))) {
            return false;
        }
    }
    return true;
}

/* Has a big-endian two's complement decimal more than `digits` digits? */
static bool decimal_bytes_exceed(const uint8_t *b, size_t n, int digits) {
    char text[SGP_PQ_DECIMAL_DIGITS_SIZE];
    bool negative;
    size_t count = sgp_pq_decimal_digits(b, n, &negative, text);
    return count == 0 || count > (size_t)digits; /* 0: longer than any precision allows */
}

/* Checks value i of a batch; returns the rule broken (NULL if none) and fills message. */
static const char *check_value(const leaf_plan *p, const void *values, size_t i, char *message,
                               size_t size) {
    const sgp_pq_leaf *leaf = p->leaf;
    int64_t integer = 0;
    if (leaf->physical == SGP_PQ_INT32) {
        integer = ((const int32_t *)values)[i];
    } else if (leaf->physical == SGP_PQ_INT64) {
        integer = ((const int64_t *)values)[i];
    }
    const sgp_pq_span *span =
        (leaf->physical == SGP_PQ_BYTE_ARRAY || leaf->physical == SGP_PQ_FIXED_LEN_BYTE_ARRAY ||
         leaf->physical == SGP_PQ_INT96)
            ? &((const sgp_pq_span *)values)[i]
            : NULL;
    if (p->int_range && (integer < p->lo || integer > p->hi)) {
        snprintf(message, size, "outside %s (%" PRId64 "..%" PRId64 ")",
                 sg_kind_name(sg_type_kind(p->type)), p->lo, p->hi);
        return "integer-out-of-range";
    }
    if (p->decimal_precision > 0) {
        bool exceeds;
        if (span != NULL) {
            exceeds = decimal_bytes_exceed(span->ptr, span->len, p->decimal_precision);
        } else if (p->decimal_precision >= 19) {
            exceeds = false;
        } else {
            int64_t bound = pow10_i64(p->decimal_precision);
            exceeds = integer <= -bound || integer >= bound;
        }
        if (exceeds) {
            snprintf(message, size, "more than %d digits: does not fit decimal(%d,%d)",
                     p->decimal_precision, sg_type_precision(p->type), sg_type_scale(p->type));
            return "decimal-overflow";
        }
    }
    if (p->utf8 && span != NULL) {
        if (!sgp_utf8_valid((const char *)span->ptr, span->len)) {
            snprintf(message, size, "not valid UTF-8");
            return "invalid-utf8";
        }
        if (p->max_chars > 0) {
            int64_t chars = utf8_chars(span->ptr, span->len);
            if (chars > p->max_chars) {
                snprintf(message, size, "%" PRId64 " characters, more than %s(%" PRId64 ")", chars,
                         sg_type_string_flavor(p->type) == SG_STRING_CHAR ? "char" : "varchar",
                         p->max_chars);
                return "string-too-long";
            }
        }
        if (p->enumeration) {
            size_t n = sg_type_symbol_count(p->type);
            bool found = false;
            for (size_t k = 0; k < n && !found; k++) {
                const char *symbol = sg_type_symbol(p->type, k);
                found = strlen(symbol) == span->len && memcmp(symbol, span->ptr, span->len) == 0;
            }
            if (!found) {
                snprintf(message, size, "not one of the enum's %zu symbols", n);
                return "enum-value";
            }
        }
        if (p->uuid_text && !is_uuid_text(span->ptr, span->len)) {
            snprintf(message, size, "not a UUID (8-4-4-4-12 hexadecimal digits)");
            return "uuid-format";
        }
    }
    if (p->fixed_size > 0 && span != NULL && (int64_t)span->len != p->fixed_size) {
        snprintf(message, size, "%u bytes; fixed(%" PRId64 ") needs exactly %" PRId64, span->len,
                 p->fixed_size, p->fixed_size);
        return "fixed-size";
    }
    if (p->ts_factor > 0 && integer % p->ts_factor != 0) {
        snprintf(message, size, "finer than %s: digits would be lost",
                 sg_time_unit_name(sg_type_time_unit(p->type)));
        return "timestamp-out-of-range";
    }
    if (p->ts_factor < 0 &&
        (integer > INT64_MAX / -p->ts_factor || integer < -(INT64_MAX / -p->ts_factor))) {
        snprintf(message, size, "beyond the range of timestamp(%s)",
                 sg_time_unit_name(sg_type_time_unit(p->type)));
        return "timestamp-out-of-range";
    }
    return NULL;
}

static void report_value(checker *c, const leaf_plan *p, const char *rule, const void *values,
                         size_t i, int64_t row_group, int64_t row, const char *message) {
    sgp_where where = SGP_WHERE_INIT;
    where.file = c->path;
    where.row_group = row_group;
    where.row = row;
    where.column = p->column;
    if (p->leaf->kind == SGP_PQ_V_STRING) {
        /* The bytes as they are: the report escapes what needs escaping. */
        const sgp_pq_span *span = &((const sgp_pq_span *)values)[i];
        sgp_report_add(c->report, rule, SGP_VIOLATION, &where, (const char *)span->ptr, span->len,
                       message);
        return;
    }
    sgp_buf text = SGP_BUF_INIT;
    sgp_pq_render_value(&text, p->leaf, values, i);
    const char *value = text.failed ? "" : text.data;
    size_t length = text.failed ? 0 : text.len;
    if (length >= 2 && value[0] == '"' && value[length - 1] == '"') {
        value++; /* a date, timestamp or base64 text: without its JSON quotes */
        length -= 2;
    }
    sgp_report_add(c->report, rule, SGP_VIOLATION, &where, value, length, message);
    sgp_buf_free(&text);
}

/* --- scanning a page ------------------------------------------------------------------------ */

/*
 * A page is checked in passes that only look for violations: one over the definition levels
 * for nulls, one over the values (or over the dictionary's entries and the page's indices).
 * Each pass is a tight loop specialised for the plan; it records the positions of what it
 * finds. Only then are the findings put in the order the data was read, their rows worked
 * out and reported: clean data never pays for row numbers, rule lookups or messages.
 */

/* True when the n bytes at s are all ASCII (then they are valid UTF-8 of n characters). */
static bool ascii_only(const uint8_t *s, size_t n) {
    uint64_t high = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, sizeof word);
        high |= word;
    }
    for (; i < n; i++) {
        high |= s[i];
    }
    return (high & UINT64_C(0x8080808080808080)) == 0;
}

/* Fails the UTF-8 or varchar(n) checks? Characters are counted only when the bytes alone
 * exceed n, since a string never has more characters than bytes. ASCII bytes are stepped over
 * here; only the bytes of multi-byte characters go to the UTF-8 decoder. */
static bool string_bad(const sgp_pq_span *span, int64_t max_chars) {
    bool too_many_bytes = max_chars > 0 && (int64_t)span->len > max_chars;
    const uint8_t *s = span->ptr;
    size_t n = span->len;
    if (ascii_only(s, n)) {
        return too_many_bytes;
    }
    int64_t chars = 0;
    for (size_t i = 0; i < n; chars++) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = sgp_utf8_char((const char *)s + i, n - i);
        if (k == 0) {
            return true;
        }
        i += k;
    }
    return too_many_bytes && chars > max_chars;
}

/*
 * Writes to bad[] the indices of the values among values[0, n) that break a check of the plan,
 * in order, and returns how many. bad must hold n entries. The common plans get loops of their
 * own; the rest asks check_value.
 */
static size_t scan_values(const leaf_plan *p, const void *values, size_t n, uint32_t *bad) {
    size_t found = 0;
    int32_t physical = p->leaf->physical;
    bool only_range = p->int_range && p->decimal_precision == 0 && p->ts_factor == 0;
    bool only_decimal = p->decimal_precision > 0 && !p->int_range && p->ts_factor == 0;
    bool spans = physical == SGP_PQ_BYTE_ARRAY || physical == SGP_PQ_FIXED_LEN_BYTE_ARRAY;
    bool only_string = spans && p->utf8 && !p->enumeration && !p->uuid_text && p->fixed_size == 0 &&
                       p->decimal_precision == 0;
    if (physical == SGP_PQ_INT32 && only_range) {
        const int32_t *v = values;
        int64_t lo = p->lo, hi = p->hi;
        for (size_t i = 0; i < n; i++) {
            bad[found] = (uint32_t)i;
            found += (v[i] < lo) | (v[i] > hi);
        }
    } else if ((physical == SGP_PQ_INT64 || physical == SGP_PQ_INT32) && only_decimal) {
        if (p->decimal_precision >= 19) {
            return 0; /* 19 digits hold any int64 */
        }
        int64_t bound = pow10_i64(p->decimal_precision);
        if (physical == SGP_PQ_INT64) {
            const int64_t *v = values;
            for (size_t i = 0; i < n; i++) {
                bad[found] = (uint32_t)i;
                found += (v[i] <= -bound) | (v[i] >= bound);
            }
        } else {
            const int32_t *v = values;
            for (size_t i = 0; i < n; i++) {
                bad[found] = (uint32_t)i;
                found += (v[i] <= -bound) | (v[i] >= bound);
            }
        }
    } else if (only_string) {
        const sgp_pq_span *v = values;
        for (size_t i = 0; i < n; i++) {
            if (string_bad(&v[i], p->max_chars)) {
                bad[found++] = (uint32_t)i;
            }
        }
    } else {
        char message[256];
        for (size_t i = 0; i < n; i++) {
            if (check_value(p, values, i, message, sizeof message) != NULL) {
                bad[found++] = (uint32_t)i;
            }
        }
    }
    return found;
}

/* Levels counted at once before being walked one by one. */
#define SCAN_BLOCK 64

/* Rows of a page's levels, walked forward: a level with repetition level 0 starts a row. */
typedef struct row_cursor {
    const uint32_t *rep; /* NULL when the column's maximum is 0: every level is a row */
    size_t level;        /* levels consumed */
    int64_t row;         /* of the chunk, of the last level consumed (-1 before the first) */
} row_cursor;

/* Consumes levels up to `end` (exclusive). */
static void rows_to(row_cursor *cur, size_t end) {
    if (end <= cur->level) {
        return;
    }
    size_t n = end - cur->level;
    cur->row += (int64_t)(cur->rep == NULL ? n : sgp_pq_count_equal(cur->rep + cur->level, n, 0));
    cur->level = end;
}

/* Values of a page (levels at the maximum definition level) located, walked forward. */
typedef struct value_cursor {
    const uint32_t *def; /* NULL when the column's maximum is 0: every level is a value */
    size_t n_levels;
    uint32_t max_def;
    size_t level; /* levels passed */
    size_t value; /* values among them */
} value_cursor;

/* The level of value v (at least the values passed); the cursor moves past it. n_levels if
 * the page has no such value. */
static size_t level_of_value(value_cursor *cur, size_t v) {
    if (cur->def == NULL) {
        return v < cur->n_levels ? v : cur->n_levels;
    }
    size_t value = cur->value, i = cur->level;
    /* Whole blocks before the one holding value v are counted, not walked. */
    while (cur->n_levels - i >= SCAN_BLOCK) {
        size_t here = sgp_pq_count_equal(cur->def + i, SCAN_BLOCK, cur->max_def);
        if (value + here > v) {
            break;
        }
        value += here;
        i += SCAN_BLOCK;
    }
    for (; i < cur->n_levels; i++) {
        if (cur->def[i] == cur->max_def) {
            if (value == v) {
                cur->level = i + 1;
                cur->value = value + 1;
                return i;
            }
            value++;
        }
    }
    cur->level = cur->n_levels;
    cur->value = value;
    return cur->n_levels;
}

/* Reusable buffers of the page scan (grown to the largest page, kept for the whole file). */
typedef struct scan_buffers {
    uint32_t *null_at;    /* levels holding a forbidden null */
    uint32_t *bad_values; /* value (or dictionary entry) indices failing a check */
    uint8_t *entry_bad;   /* per dictionary entry: 1 if it fails a check */
    uint8_t *null_def;    /* per definition level: 1 if it is a forbidden null */
    size_t null_cap, bad_cap, entry_cap, null_def_cap;
    const void *dictionary; /* the dictionary entry_bad describes */
} scan_buffers;

static void report_null(checker *c, const leaf_plan *p, uint32_t def, size_t row_group,
                        int64_t row) {
    for (size_t k = 0; k < p->n_nulls; k++) {
        if (def == p->nulls[k].def) {
            sgp_where where = SGP_WHERE_INIT;
            where.file = c->path;
            where.row_group = (int64_t)row_group;
            where.row = row;
            where.column = p->nulls[k].column;
            sgp_report_add(c->report, "null-in-required", SGP_VIOLATION, &where, NULL, 0,
                           "null where the schema says the value is not nullable");
        }
    }
}

/* Scans one page and reports its findings in level order; *row is the chunk's last row before
 * the page and becomes the page's last. */
static int check_page(checker *c, const leaf_plan *p, const sgp_pq_batch *batch, scan_buffers *buf,
                      size_t row_group, int64_t *row) {
    uint32_t max_def = (uint32_t)p->leaf->max_def;
    size_t n_null = 0, n_bad = 0;
    if (p->n_nulls > 0 && batch->def != NULL) {
        if (!sgp_reserve((void **)&buf->null_at, &buf->null_cap, batch->n_levels,
                         sizeof *buf->null_at)) {
            return sgp_error_nomem(c->err);
        }
        const uint32_t *def = batch->def;
        if (p->n_nulls == 1) {
            /* Blocks without the null's level are skipped after counting. */
            uint32_t null_def = p->nulls[0].def;
            for (size_t start = 0; start < batch->n_levels; start += SCAN_BLOCK) {
                size_t end =
                    batch->n_levels - start < SCAN_BLOCK ? batch->n_levels : start + SCAN_BLOCK;
                if (sgp_pq_count_equal(def + start, end - start, null_def) == 0) {
                    continue;
                }
                for (size_t i = start; i < end; i++) {
                    buf->null_at[n_null] = (uint32_t)i;
                    n_null += def[i] == null_def;
                }
            }
        } else {
            /* Several nullable levels above the leaf: look each level up in a table. */
            if (!sgp_reserve((void **)&buf->null_def, &buf->null_def_cap, (size_t)max_def + 1, 1)) {
                return sgp_error_nomem(c->err);
            }
            memset(buf->null_def, 0, (size_t)max_def + 1);
            for (size_t k = 0; k < p->n_nulls; k++) {
                buf->null_def[p->nulls[k].def] = 1;
            }
            for (size_t i = 0; i < batch->n_levels; i++) {
                buf->null_at[n_null] = (uint32_t)i;
                n_null += buf->null_def[def[i]];
            }
        }
    }
    const void *values = batch->values;
    if (p->values && batch->n_values > 0) {
        size_t need = batch->n_values;
        if (batch->indices != NULL && batch->dictionary_size > need) {
            need = batch->dictionary_size;
        }
        if (!sgp_reserve((void **)&buf->bad_values, &buf->bad_cap, need, sizeof *buf->bad_values)) {
            return sgp_error_nomem(c->err);
        }
        if (batch->indices != NULL) {
            /* Each dictionary entry is checked once, then each index looks its verdict up. */
            if (batch->dictionary != buf->dictionary) {
                if (!sgp_reserve((void **)&buf->entry_bad, &buf->entry_cap,
                                 batch->dictionary_size + 1, 1)) {
                    return sgp_error_nomem(c->err);
                }
                memset(buf->entry_bad, 0, batch->dictionary_size + 1);
                size_t n =
                    scan_values(p, batch->dictionary, batch->dictionary_size, buf->bad_values);
                for (size_t i = 0; i < n; i++) {
                    buf->entry_bad[buf->bad_values[i]] = 1;
                }
                buf->dictionary = batch->dictionary;
            }
            const uint32_t *indices = batch->indices;
            for (size_t v = 0; v < batch->n_values; v++) {
                buf->bad_values[n_bad] = (uint32_t)v;
                n_bad += buf->entry_bad[indices[v]];
            }
            values = batch->dictionary;
        } else {
            n_bad = scan_values(p, batch->values, batch->n_values, buf->bad_values);
        }
    }
    /* The findings in the order of their levels. */
    row_cursor rows = {batch->rep, 0, *row};
    value_cursor located = {batch->def, batch->n_levels, max_def, 0, 0};
    size_t a = 0, b = 0;
    size_t value_level = n_bad > 0 ? level_of_value(&located, buf->bad_values[0]) : 0;
    char message[256];
    while (a < n_null || b < n_bad) {
        if (b == n_bad || (a < n_null && buf->null_at[a] < value_level)) {
            size_t level = buf->null_at[a++];
            rows_to(&rows, level + 1);
            report_null(c, p, batch->def[level], row_group, rows.row);
            continue;
        }
        size_t v = buf->bad_values[b++];
        if (value_level < batch->n_levels) {
            rows_to(&rows, value_level + 1);
            size_t i = batch->indices != NULL ? batch->indices[v] : v;
            const char *rule = check_value(p, values, i, message, sizeof message);
            if (rule != NULL) {
                report_value(c, p, rule, values, i, (int64_t)row_group, rows.row, message);
            }
        }
        if (b < n_bad) {
            value_level = level_of_value(&located, buf->bad_values[b]);
        }
    }
    rows_to(&rows, batch->n_levels);
    *row = rows.row;
    return SG_OK;
}

static int check_chunk(checker *c, leaf_plan *p, size_t row_group, scan_buffers *buf) {
    int rc = c->reader == NULL
                 ? sgp_pq_column_open(&c->reader, c->pq->source, c->pq->meta, p->leaf, row_group,
                                      p->leaf_index, c->err)
                 : sgp_pq_column_reopen(c->reader, p->leaf, row_group, p->leaf_index, c->err);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_pq_column *col = c->reader;
    /* Dictionary pages are checked entry by entry through their indices. */
    sgp_pq_column_indices_only(col, true);
    buf->dictionary = NULL; /* a new chunk's dictionary may reuse the old one's memory */
    int64_t row = -1;
    for (;;) {
        sgp_pq_batch batch;
        if ((rc = sgp_pq_column_next(col, &batch, c->err)) != SG_OK || batch.n_levels == 0) {
            break;
        }
        c->result->pages_decoded++;
        if ((rc = check_page(c, p, &batch, buf, row_group, &row)) != SG_OK || stop_now(c)) {
            break;
        }
    }
    int64_t num_rows = c->pq->meta->row_groups[row_group].num_rows;
    if (rc == SG_OK && !stop_now(c) && row + 1 != num_rows) {
        /* Every column of a row group holds the same rows; one that does not is corrupt, and
         * no row of it can be trusted to line up with the others. */
        rc = sgp_error(c->err, SG_EINVALID, c->path, p->leaf->path, 0, 0,
                       "row group %zu: the column holds %lld rows, the row group %lld", row_group,
                       (long long)(row + 1), (long long)num_rows);
        if (c->err != NULL) {
            c->err->row_group = (int64_t)row_group;
        }
    }
    return rc;
}

/* --- the file -------------------------------------------------------------------------------- */

static void free_plans(checker *c) {
    if (c->plans == NULL) {
        return;
    }
    for (size_t i = 0; i < c->schema->n_leaves; i++) {
        for (size_t k = 0; k < c->plans[i].n_nulls; k++) {
            free(c->plans[i].nulls[k].column);
        }
        free(c->plans[i].nulls);
        free(c->plans[i].column);
    }
    free(c->plans);
}

int sgp_parquet_check(sgp_report *report, const sg_type *root, const sg_validate_options *options,
                      const char *path, int64_t violations_before, sgp_parquet_check_result *result,
                      sg_error *err) {
    memset(result, 0, sizeof *result);
    checker c = {report, options, path, NULL, NULL, NULL, violations_before, err, result, NULL, ""};
    int rc = sg_parquet_open(&c.pq, path, err);
    if (rc == SG_OK) {
        rc = sgp_pq_schema_build(&c.schema, c.pq->meta, path, err);
    }
    if (rc != SG_OK) {
        sg_parquet_free(c.pq);
        return rc;
    }
    result->bytes = (int64_t)c.pq->source->size;
    for (size_t g = 0; g < c.pq->meta->n_row_groups; g++) {
        result->rows += c.pq->meta->row_groups[g].num_rows;
    }
    c.plans = calloc(c.schema->n_leaves + 1, sizeof *c.plans);
    if (c.plans == NULL) {
        rc = sgp_error_nomem(err);
    } else {
        for (size_t i = 0; i < c.schema->n_leaves; i++) {
            c.plans[i].leaf = &c.schema->leaves[i];
            c.plans[i].leaf_index = i;
        }
        rc = plan_struct(&c, c.schema->root, root, true);
    }
    scan_buffers buffers = {NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL};
    for (size_t g = 0; rc == SG_OK && g < c.pq->meta->n_row_groups && !stop_now(&c); g++) {
        for (size_t i = 0; rc == SG_OK && i < c.schema->n_leaves && !stop_now(&c); i++) {
            leaf_plan *p = &c.plans[i];
            if (p->n_nulls == 0 && !p->values) {
                continue;
            }
            result->chunks_checked++;
            if (statistics_prove(&c, p, &c.pq->meta->row_groups[g].columns[i])) {
                result->chunks_by_statistics++;
                continue;
            }
            rc = check_chunk(&c, p, g, &buffers);
        }
    }
    free(buffers.null_at);
    free(buffers.bad_values);
    free(buffers.entry_bad);
    free(buffers.null_def);
    sgp_pq_column_free(c.reader);
    free_plans(&c);
    sgp_pq_schema_free(c.schema);
    sg_parquet_free(c.pq);
    return rc;
}

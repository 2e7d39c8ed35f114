/*
 * tests/unit/pq_builder.h: hand-built Parquet inputs for the unit suites. A footer
 * (sgp_pq_file_meta) from parquet-mr's text form of a schema, and the bytes of pages: a Thrift
 * compact writer for PageHeader, RLE/bit-packed hybrid levels and dictionary indices, PLAIN
 * values. Header-only (static inline), so each suite takes what it uses.
 */
#ifndef SG_TESTS_PQ_BUILDER_H
#define SG_TESTS_PQ_BUILDER_H

#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/decode.h"
#include "parquet/footer.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- A footer from parquet-mr's text form of a schema ---- */

/*
 * Grammar: fields, each `REP TYPE NAME [(ANNOTATION)];` or `REP group NAME [(ANNOTATION)] {
 * fields }`. TYPE is boolean, int32, int64, int96, float, double, binary or
 * fixed_len_byte_array(N). ANNOTATION is a LogicalType (STRING, LIST, MAP, DECIMAL(p,s),
 * TIME(MICROS,true), INTEGER(8,false), LT(id) for an unknown id, ...), or a ConvertedType: the
 * names only ConvertedType has (UTF8, MAP_KEY_VALUE, INT_8, TIMESTAMP_MILLIS, INTERVAL, ...) or
 * CT_ before a shared name (CT_LIST, CT_DECIMAL(p,s), ...).
 */
typedef struct fixture {
    sgp_pq_schema_element el[256];
    sgp_pq_file_meta meta;
    const char *p; /* parse position */
} fixture;

static inline void skip_space(fixture *f) {
    while (isspace((unsigned char)*f->p)) {
        f->p++;
    }
}

/* The next word (letters, digits, _ and -) into out. */
static inline void word(fixture *f, char *out, size_t size) {
    skip_space(f);
    size_t n = 0;
    while (isalnum((unsigned char)*f->p) || *f->p == '_' || *f->p == '-') {
        ck_assert_uint_lt(n + 1, size);
        out[n++] = *f->p++;
    }
    out[n] = '\0';
    ck_assert_msg(n > 0, "a word expected at '%s'", f->p);
}

static inline bool accept(fixture *f, char c) {
    skip_space(f);
    if (*f->p == c) {
        f->p++;
        return true;
    }
    return false;
}

static inline void expect(fixture *f, char c) {
    ck_assert_msg(accept(f, c), "'%c' expected at '%s'", c, f->p);
}

static inline int number(fixture *f) {
    char w[32];
    word(f, w, sizeof w);
    return atoi(w);
}

static const struct {
    const char *name;
    int kind;
} logical_names[] = {
    {"STRING", SGP_PQ_LT_STRING},       {"MAP", SGP_PQ_LT_MAP},
    {"LIST", SGP_PQ_LT_LIST},           {"ENUM", SGP_PQ_LT_ENUM},
    {"DECIMAL", SGP_PQ_LT_DECIMAL},     {"DATE", SGP_PQ_LT_DATE},
    {"TIME", SGP_PQ_LT_TIME},           {"TIMESTAMP", SGP_PQ_LT_TIMESTAMP},
    {"INTEGER", SGP_PQ_LT_INTEGER},     {"UNKNOWN", SGP_PQ_LT_UNKNOWN},
    {"JSON", SGP_PQ_LT_JSON},           {"BSON", SGP_PQ_LT_BSON},
    {"UUID", SGP_PQ_LT_UUID},           {"FLOAT16", SGP_PQ_LT_FLOAT16},
    {"VARIANT", SGP_PQ_LT_VARIANT},     {"GEOMETRY", SGP_PQ_LT_GEOMETRY},
    {"GEOGRAPHY", SGP_PQ_LT_GEOGRAPHY}, {"LT", -1},
};

static inline int unit_of(const char *w) {
    return strcmp(w, "MILLIS") == 0   ? SGP_PQ_UNIT_MILLIS
           : strcmp(w, "MICROS") == 0 ? SGP_PQ_UNIT_MICROS
           : strcmp(w, "NANOS") == 0  ? SGP_PQ_UNIT_NANOS
                                      : 0;
}

static inline void annotation(fixture *f, sgp_pq_schema_element *el) {
    char w[64];
    word(f, w, sizeof w);
    const char *name = w;
    bool force_converted = strncmp(w, "CT_", 3) == 0;
    if (force_converted) {
        name += 3;
    }
    for (size_t i = 0; !force_converted && i < LEN(logical_names); i++) {
        if (strcmp(name, logical_names[i].name) != 0) {
            continue;
        }
        sgp_pq_logical_type *lt = &el->logical;
        lt->kind = logical_names[i].kind;
        if (lt->kind == -1) { /* LT(id): a union member this reader does not know */
            expect(f, '(');
            lt->kind = number(f);
            expect(f, ')');
        } else if (lt->kind == SGP_PQ_LT_DECIMAL) {
            expect(f, '(');
            lt->precision = number(f);
            expect(f, ',');
            lt->scale = number(f);
            expect(f, ')');
        } else if (lt->kind == SGP_PQ_LT_TIME || lt->kind == SGP_PQ_LT_TIMESTAMP) {
            expect(f, '(');
            word(f, w, sizeof w);
            lt->unit = unit_of(w);
            expect(f, ',');
            word(f, w, sizeof w);
            lt->adjusted_to_utc = strcmp(w, "true") == 0;
            expect(f, ')');
        } else if (lt->kind == SGP_PQ_LT_INTEGER) {
            expect(f, '(');
            lt->bit_width = (int8_t)number(f);
            expect(f, ',');
            word(f, w, sizeof w);
            lt->is_signed = strcmp(w, "true") == 0;
            expect(f, ')');
        }
        return;
    }
    /* The reader's own names of the converted types (NULL past the last one). */
    for (int32_t i = 0; sgp_pq_converted_type_name(i) != NULL; i++) {
        if (strcmp(name, sgp_pq_converted_type_name(i)) == 0) {
            el->has_converted_type = true;
            el->converted_type = i;
            if (i == 5 && accept(f, '(')) { /* DECIMAL(p,s) */
                el->has_precision = true;
                el->precision = number(f);
                if (accept(f, ',')) {
                    el->has_scale = true;
                    el->scale = number(f);
                }
                expect(f, ')');
            }
            return;
        }
    }
    ck_abort_msg("unknown annotation %s", w);
}

static const char *const type_names[] = {"boolean", "int32",  "int64",  "int96",
                                         "float",   "double", "binary", "fixed_len_byte_array"};

static inline void fields(fixture *f, sgp_pq_schema_element *parent);

static inline void field(fixture *f) {
    ck_assert_uint_lt(f->meta.n_schema, LEN(f->el));
    sgp_pq_schema_element *el = &f->el[f->meta.n_schema++];
    memset(el, 0, sizeof *el);
    char w[64];
    word(f, w, sizeof w);
    el->has_repetition = true;
    el->repetition = strcmp(w, "required") == 0   ? 0
                     : strcmp(w, "optional") == 0 ? 1
                     : strcmp(w, "repeated") == 0 ? 2
                                                  : -1;
    ck_assert_msg(el->repetition >= 0, "bad repetition %s", w);
    word(f, w, sizeof w);
    bool group = strcmp(w, "group") == 0;
    if (!group) {
        el->has_type = true;
        el->type = -1;
        for (size_t i = 0; i < LEN(type_names); i++) {
            if (strcmp(w, type_names[i]) == 0) {
                el->type = (int32_t)i;
            }
        }
        ck_assert_msg(el->type >= 0, "bad type %s", w);
        if (el->type == SGP_PQ_FIXED_LEN_BYTE_ARRAY && accept(f, '(')) {
            el->has_type_length = true;
            el->type_length = number(f);
            expect(f, ')');
        }
    }
    word(f, w, sizeof w);
    el->name = strdup(w);
    ck_assert_ptr_nonnull(el->name);
    if (accept(f, '(')) {
        annotation(f, el);
        expect(f, ')');
    }
    if (group) {
        fields(f, el);
    } else {
        expect(f, ';');
    }
}

/* `{ field... }` into the children of parent. */
static inline void fields(fixture *f, sgp_pq_schema_element *parent) {
    expect(f, '{');
    parent->has_num_children = true;
    while (!accept(f, '}')) {
        parent->num_children++;
        field(f);
    }
    accept(f, ';');
}

/* The footer of a file whose root (named "schema") has the fields of text. */
static inline fixture *parse(const char *text) {
    fixture *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    f->meta.schema = f->el;
    f->meta.n_schema = 1;
    f->el[0].name = strdup("schema");
    char *braced = malloc(strlen(text) + 3);
    ck_assert_ptr_nonnull(braced);
    sprintf(braced, "{%s}", text);
    f->p = braced;
    fields(f, &f->el[0]);
    skip_space(f);
    ck_assert_msg(*f->p == '\0', "trailing text '%s'", f->p);
    free(braced);
    f->p = NULL;
    for (size_t i = 0; i < f->meta.n_schema; i++) {
        f->meta.n_leaves += !sgp_pq_schema_is_group(&f->el[i], i);
    }
    return f;
}

static inline void fixture_free(fixture *f) {
    for (size_t i = 0; i < f->meta.n_schema; i++) {
        free(f->el[i].name);
    }
    free(f);
}

static inline sgp_pq_schema_element *element_named(fixture *f, const char *name) {
    for (size_t i = 0; i < f->meta.n_schema; i++) {
        if (strcmp(f->el[i].name, name) == 0) {
            return &f->el[i];
        }
    }
    ck_abort_msg("no element %s", name);
    return NULL;
}

/* ---- Bytes ---- */

typedef struct pqb_bytes {
    uint8_t *data;
    size_t n, cap;
} pqb_bytes;

static inline void pqb_put(pqb_bytes *b, uint8_t byte) {
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->data = realloc(b->data, b->cap);
        ck_assert_ptr_nonnull(b->data);
    }
    b->data[b->n++] = byte;
}

static inline void pqb_put_n(pqb_bytes *b, const void *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        pqb_put(b, ((const uint8_t *)p)[i]);
    }
}

static inline void pqb_le(pqb_bytes *b, uint64_t v, int n) {
    for (int i = 0; i < n; i++) {
        pqb_put(b, (uint8_t)(v >> (8 * i)));
    }
}

static inline void pqb_varint(pqb_bytes *b, uint64_t v) {
    while (v >= 0x80) {
        pqb_put(b, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    pqb_put(b, (uint8_t)v);
}

static inline void pqb_free(pqb_bytes *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- Values and levels ---- */

/*
 * The RLE/bit-packed hybrid as RLE runs only (one per run of equal values), without a length
 * prefix: v2 levels, and dictionary indices after their bit-width byte.
 */
static inline void pqb_rle(pqb_bytes *b, const uint32_t *values, size_t n, int bit_width) {
    for (size_t i = 0; i < n;) {
        size_t run = 1;
        while (i + run < n && values[i + run] == values[i]) {
            run++;
        }
        pqb_varint(b, (uint64_t)run << 1);
        pqb_le(b, values[i], (bit_width + 7) / 8);
        i += run;
    }
}

/* v1 levels: the hybrid after its 4-byte little-endian length. */
static inline void pqb_levels_v1(pqb_bytes *b, const uint32_t *levels, size_t n, int bit_width) {
    pqb_bytes runs = {0};
    pqb_rle(&runs, levels, n, bit_width);
    pqb_le(b, runs.n, 4);
    pqb_put_n(b, runs.data, runs.n);
    pqb_free(&runs);
}

/* Dictionary indices: the bit width, then the hybrid. */
static inline void pqb_indices(pqb_bytes *b, const uint32_t *indices, size_t n, int bit_width) {
    pqb_put(b, (uint8_t)bit_width);
    pqb_rle(b, indices, n, bit_width);
}

static inline void pqb_plain_i32(pqb_bytes *b, const int32_t *values, size_t n) {
    for (size_t i = 0; i < n; i++) {
        pqb_le(b, (uint32_t)values[i], 4);
    }
}

/* PLAIN BYTE_ARRAY values from C strings. */
static inline void pqb_plain_strings(pqb_bytes *b, const char *const *values, size_t n) {
    for (size_t i = 0; i < n; i++) {
        pqb_le(b, strlen(values[i]), 4);
        pqb_put_n(b, values[i], strlen(values[i]));
    }
}

/* ---- PageHeader (Thrift compact protocol) ---- */

typedef struct pqb_thrift {
    pqb_bytes *b;
    int16_t last[8];
    int depth;
} pqb_thrift;

static inline void pqb_t_field(pqb_thrift *t, int16_t id, int type) {
    int16_t delta = (int16_t)(id - t->last[t->depth]);
    if (delta > 0 && delta <= 15) {
        pqb_put(t->b, (uint8_t)(delta << 4 | type));
    } else {
        pqb_put(t->b, (uint8_t)type);
        pqb_varint(t->b, (uint64_t)(uint16_t)(((uint16_t)id << 1) ^ (uint16_t)(id >> 15)));
    }
    t->last[t->depth] = id;
}

static inline void pqb_t_i32(pqb_thrift *t, int16_t id, int32_t v) {
    pqb_t_field(t, id, 5);
    pqb_varint(t->b, (uint32_t)(((uint32_t)v << 1) ^ (uint32_t)(v >> 31)));
}

static inline void pqb_t_bool(pqb_thrift *t, int16_t id, bool v) {
    pqb_t_field(t, id, v ? 1 : 2);
}

static inline void pqb_t_struct(pqb_thrift *t, int16_t id) {
    pqb_t_field(t, id, 12);
    t->last[++t->depth] = 0;
}

static inline void pqb_t_end(pqb_thrift *t) {
    pqb_put(t->b, 0);
    t->depth--;
}

/* What a page header says; the sizes default to the body's length. */
typedef struct pqb_page {
    int32_t type; /* SGP_PQ_PAGE_* or any other number */
    int32_t num_values, encoding;
    int32_t num_nulls, num_rows, def_length, rep_length; /* DATA_PAGE_V2 */
    bool v2_not_compressed;
    bool crc;              /* write the body's CRC-32 */
    uint32_t crc_xor;      /* changes the CRC written (a corrupt page) */
    int32_t size_delta;    /* added to the compressed size written (a page running past) */
    bool omit_type_header; /* no DataPageHeader / DictionaryPageHeader */
} pqb_page;

/* CRC-32 (the zlib polynomial), bit by bit: the tests' own, independent of the reader's. */
static inline uint32_t pqb_crc32(const uint8_t *p, size_t n) {
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

/* Appends a page: its header, then body (stored uncompressed). */
static inline void pqb_page_add(pqb_bytes *out, const pqb_page *p, const pqb_bytes *body) {
    pqb_thrift t = {out, {0}, 0};
    pqb_t_i32(&t, 1, p->type);
    pqb_t_i32(&t, 2, (int32_t)body->n);
    pqb_t_i32(&t, 3, (int32_t)body->n + p->size_delta);
    if (p->crc) {
        pqb_t_i32(&t, 4, (int32_t)(pqb_crc32(body->data, body->n) ^ p->crc_xor));
    }
    if (!p->omit_type_header && p->type == SGP_PQ_PAGE_DATA) {
        pqb_t_struct(&t, 5);
        pqb_t_i32(&t, 1, p->num_values);
        pqb_t_i32(&t, 2, p->encoding);
        pqb_t_i32(&t, 3, SGP_PQ_ENC_RLE);
        pqb_t_i32(&t, 4, SGP_PQ_ENC_RLE);
        pqb_t_end(&t);
    } else if (!p->omit_type_header && p->type == SGP_PQ_PAGE_DICTIONARY) {
        pqb_t_struct(&t, 7);
        pqb_t_i32(&t, 1, p->num_values);
        pqb_t_i32(&t, 2, p->encoding);
        pqb_t_end(&t);
    } else if (!p->omit_type_header && p->type == SGP_PQ_PAGE_DATA_V2) {
        pqb_t_struct(&t, 8);
        pqb_t_i32(&t, 1, p->num_values);
        pqb_t_i32(&t, 2, p->num_nulls);
        pqb_t_i32(&t, 3, p->num_rows);
        pqb_t_i32(&t, 4, p->encoding);
        pqb_t_i32(&t, 5, p->def_length);
        pqb_t_i32(&t, 6, p->rep_length);
        if (p->v2_not_compressed) {
            pqb_t_bool(&t, 7, false);
        }
        pqb_t_end(&t);
    }
    pqb_put(out, 0); /* end of PageHeader */
    if (body->n > 0) {
        pqb_put_n(out, body->data, body->n);
    }
}

#endif

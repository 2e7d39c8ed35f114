/* tests/unit/test_parquet_inspect.c: sg_parquet_inspect, the layout report. Hand-built footers
 * (written here with a small Thrift compact encoder) check each fact of the report, the value
 * decoding of statistics, the escaping of text from the file, the range checks of the page
 * index and bloom filter fields, and allocation failures (malloc, calloc, realloc and jansson's
 * allocations wrapped to fail on demand). With "corpus": every file of the Apache
 * parquet-testing corpus is inspected in both formats, or refused with a clean error. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc_wrap.h"
#include "parquet/file.h"
#include "parquet/footer.h"
#include "parquet/page_index.h"
#include "parquet/source.h"
#include "pq_corpus.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- A Thrift compact-protocol writer for hand-built footers ---- */

typedef struct tw {
    uint8_t buf[8192];
    size_t n;
    int16_t last[32];
    int depth;
} tw;

static void tw_byte(tw *w, uint8_t b) {
    ck_assert_uint_lt(w->n, sizeof w->buf);
    w->buf[w->n++] = b;
}

static void tw_varint(tw *w, uint64_t v) {
    while (v >= 0x80) {
        tw_byte(w, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    tw_byte(w, (uint8_t)v);
}

static void tw_zigzag(tw *w, int64_t v) {
    tw_varint(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void tw_field(tw *w, int16_t id, int type) {
    int16_t delta = (int16_t)(id - w->last[w->depth]);
    if (delta > 0 && delta <= 15) {
        tw_byte(w, (uint8_t)(delta << 4 | type));
    } else {
        tw_byte(w, (uint8_t)type);
        tw_zigzag(w, id);
    }
    w->last[w->depth] = id;
}

static void tw_i32(tw *w, int16_t id, int32_t v) {
    tw_field(w, id, 5);
    tw_zigzag(w, v);
}

static void tw_i64(tw *w, int16_t id, int64_t v) {
    tw_field(w, id, 6);
    tw_zigzag(w, v);
}

static void tw_bin(tw *w, int16_t id, const void *data, size_t len) {
    tw_field(w, id, 8);
    tw_varint(w, len);
    for (size_t i = 0; i < len; i++) {
        tw_byte(w, ((const uint8_t *)data)[i]);
    }
}

static void tw_str(tw *w, int16_t id, const char *s) {
    tw_bin(w, id, s, strlen(s));
}

static void tw_bool(tw *w, int16_t id, bool v) {
    tw_field(w, id, v ? 1 : 2);
}

static void tw_open(tw *w) {
    w->last[++w->depth] = 0;
}

/* A struct field; close it with tw_end. */
static void tw_struct(tw *w, int16_t id) {
    tw_field(w, id, 12);
    tw_open(w);
}

static void tw_end(tw *w) {
    tw_byte(w, 0);
    w->depth--;
}

static void tw_list(tw *w, int16_t id, int elem, uint32_t count) {
    tw_field(w, id, 9);
    if (count < 15) {
        tw_byte(w, (uint8_t)(count << 4 | (uint32_t)elem));
    } else {
        tw_byte(w, (uint8_t)(0xf0 | elem));
        tw_varint(w, count);
    }
}

/* A leaf SchemaElement as a list element (open, fields, end). */
static void leaf(tw *w, const char *name, int type, int repetition) {
    tw_open(w);
    tw_i32(w, 1, type);
    tw_i32(w, 3, repetition);
    tw_str(w, 4, name);
}

/* The bytes of a little-endian integer. */
static void le(uint8_t *out, uint64_t v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        out[i] = (uint8_t)(v >> (8 * i));
    }
}

/* Statistics with min_value/max_value. */
static void stats(tw *w, const void *min, size_t min_len, const void *max, size_t max_len) {
    tw_struct(w, 12);
    tw_i64(w, 3, 0);
    tw_bin(w, 5, max, max_len);
    tw_bin(w, 6, min, min_len);
    tw_end(w);
}

/* ColumnChunk with meta_data: one chunk of 10 bytes per column, at 4 + 10 * index. */
static void chunk_begin(tw *w, int type, const char *name, int index) {
    tw_open(w);
    tw_i64(w, 2, 4 + 10 * index);
    tw_struct(w, 3);
    tw_i32(w, 1, type);
    tw_list(w, 2, 5, 2);
    tw_zigzag(w, 0); /* PLAIN */
    tw_zigzag(w, 3); /* RLE */
    tw_list(w, 3, 8, 1);
    tw_varint(w, strlen(name));
    for (const char *p = name; *p != '\0'; p++) {
        tw_byte(w, (uint8_t)*p);
    }
    tw_i32(w, 4, 1); /* SNAPPY */
    tw_i64(w, 5, 3);
    tw_i64(w, 6, 12);
    tw_i64(w, 7, 10);
    tw_i64(w, 9, 4 + 10 * index);
}

/* Closes meta_data and the ColumnChunk. */
static void chunk_end(tw *w) {
    tw_end(w);
    tw_end(w);
}

enum { DATA_BYTES = 300 };

/* A whole file around the FileMetaData in w: "PAR1", DATA_BYTES of data, footer, length. */
static uint8_t *file_of(const tw *w, size_t *size) {
    *size = 4 + DATA_BYTES + w->n + 8;
    uint8_t *f = calloc(1, *size);
    ck_assert_ptr_nonnull(f);
    memcpy(f, "PAR1", 4);
    memcpy(f + 4 + DATA_BYTES, w->buf, w->n);
    le(f + 4 + DATA_BYTES + w->n, w->n, 4);
    memcpy(f + *size - 4, "PAR1", 4);
    return f;
}

static int open_memory(sg_parquet **out, const uint8_t *data, size_t size, sg_error *err) {
    sg_parquet *pq = calloc(1, sizeof *pq);
    if (pq == NULL) {
        return SG_ENOMEM;
    }
    int rc = sgp_pq_source_open_memory(&pq->source, data, size, "mem.parquet", err);
    if (rc == SG_OK) {
        rc = sgp_pq_footer_read(&pq->meta, pq->source, err);
    }
    if (rc != SG_OK) {
        sg_parquet_free(pq);
        return rc;
    }
    *out = pq;
    return SG_OK;
}

/*
 * The test file: every kind of statistics value, key/value metadata to cut and escape, a
 * nested group, the page index, bloom filter and encoding stats, an encrypted column without
 * metadata, and a plaintext-footer encryption algorithm.
 */
static void build_rich(tw *w) {
    memset(w, 0, sizeof *w);
    tw_i32(w, 1, 2); /* version */
    tw_list(w, 2, 12, 15);
    tw_open(w); /* root */
    tw_str(w, 4, "root");
    tw_i32(w, 5, 12);
    tw_end(w);
    leaf(w, "d32", 1, 0); /* INT32 DECIMAL(9,2) */
    tw_struct(w, 10);
    tw_struct(w, 5);
    tw_i32(w, 1, 2);
    tw_i32(w, 2, 9);
    tw_end(w);
    tw_end(w);
    tw_end(w);
    leaf(w, "u64", 2, 1); /* INT64 INTEGER(64,false), field_id 7 */
    tw_i32(w, 9, 7);
    tw_struct(w, 10);
    tw_struct(w, 10);
    tw_field(w, 1, 3);
    tw_byte(w, 64);
    tw_bool(w, 2, false);
    tw_end(w);
    tw_end(w);
    tw_end(w);
    leaf(w, "ts", 3, 1); /* INT96 */
    tw_end(w);
    leaf(w, "id", 7, 0); /* FIXED_LEN_BYTE_ARRAY(16) UUID */
    tw_i32(w, 2, 16);
    tw_struct(w, 10);
    tw_struct(w, 14);
    tw_end(w);
    tw_end(w);
    tw_end(w);
    leaf(w, "h", 7, 1); /* FIXED_LEN_BYTE_ARRAY(2) FLOAT16 */
    tw_i32(w, 2, 2);
    tw_struct(w, 10);
    tw_struct(w, 15);
    tw_end(w);
    tw_end(w);
    tw_end(w);
    leaf(w, "s", 6, 1); /* BYTE_ARRAY STRING (converted UTF8 only) */
    tw_i32(w, 6, 0);
    tw_end(w);
    leaf(w, "b", 6, 1); /* BYTE_ARRAY, deprecated min/max */
    tw_end(w);
    leaf(w, "f", 4, 0); /* FLOAT */
    tw_end(w);
    leaf(w, "flag", 0, 0); /* BOOLEAN */
    tw_end(w);
    leaf(w, "dec", 7, 1); /* FIXED_LEN_BYTE_ARRAY(11) converted DECIMAL(25,2) */
    tw_i32(w, 2, 11);
    tw_i32(w, 6, 5);
    tw_i32(w, 7, 2);
    tw_i32(w, 8, 25);
    tw_end(w);
    tw_open(w); /* optional group tags (LIST) */
    tw_i32(w, 3, 1);
    tw_str(w, 4, "tags");
    tw_i32(w, 5, 1);
    tw_i32(w, 6, 3);
    tw_end(w);
    tw_open(w); /* repeated group list */
    tw_i32(w, 3, 2);
    tw_str(w, 4, "list");
    tw_i32(w, 5, 1);
    tw_end(w);
    leaf(w, "element", 6, 1); /* optional binary element */
    tw_end(w);
    leaf(w, "secret", 1, 1); /* encrypted */
    tw_end(w);
    tw_i64(w, 3, 3); /* num_rows */
    tw_list(w, 4, 12, 1);
    tw_open(w); /* row group */
    tw_list(w, 1, 12, 12);
    uint8_t a[16], z[16];
    chunk_begin(w, 1, "d32", 0);
    le(a, (uint64_t)(int64_t)-12345, 4);
    le(z, 5, 4);
    stats(w, a, 4, z, 4);
    chunk_end(w);
    chunk_begin(w, 2, "u64", 1);
    le(a, 0, 8);
    le(z, UINT64_MAX, 8);
    stats(w, a, 8, z, 8);
    tw_list(w, 13, 12, 2); /* encoding_stats */
    tw_open(w);
    tw_i32(w, 1, 2);
    tw_i32(w, 2, 0);
    tw_i32(w, 3, 1);
    tw_end(w);
    tw_open(w);
    tw_i32(w, 1, 0);
    tw_i32(w, 2, 8);
    tw_i32(w, 3, 4);
    tw_end(w);
    tw_i64(w, 14, 200); /* bloom filter */
    tw_i32(w, 15, 32);
    tw_end(w);         /* meta_data */
    tw_i64(w, 4, 240); /* offset index */
    tw_i32(w, 5, 12);
    tw_i64(w, 6, 260); /* column index */
    tw_i32(w, 7, 20);
    tw_end(w);
    chunk_begin(w, 3, "ts", 2);
    le(a, 3600000000001u, 8); /* 01:00:00.000000001 on Julian day 2440589, 1970-01-02 */
    le(a + 8, 2440589, 4);
    le(z, 0, 8);
    le(z + 8, 2440000, 4); /* 1968-05-23 */
    stats(w, a, 12, z, 12);
    chunk_end(w);
    chunk_begin(w, 7, "id", 3);
    for (int i = 0; i < 16; i++) {
        a[i] = (uint8_t)i;
        z[i] = 0xff;
    }
    stats(w, a, 16, z, 16);
    chunk_end(w);
    chunk_begin(w, 7, "h", 4);
    le(a, 0xc000, 2); /* -2 */
    le(z, 0x7e00, 2); /* NaN */
    stats(w, a, 2, z, 2);
    chunk_end(w);
    chunk_begin(w, 6, "s", 5);
    stats(w, "\xff\xfe", 2, "a\x1b[31mb\"", 8);
    chunk_end(w);
    chunk_begin(w, 6, "b", 6);
    tw_struct(w, 12); /* deprecated max (1) and min (2), no null_count */
    tw_bin(w, 1, "zz", 2);
    tw_bin(w, 2, "aa", 2);
    tw_bool(w, 7, false);
    tw_end(w);
    chunk_end(w);
    chunk_begin(w, 4, "f", 7);
    float f1 = 0.1f, f2 = 1e30f;
    memcpy(a, &f1, 4);
    memcpy(z, &f2, 4);
    stats(w, a, 4, z, 4);
    chunk_end(w);
    chunk_begin(w, 0, "flag", 8);
    stats(w, "\x00", 1, "\x01", 1);
    chunk_end(w);
    chunk_begin(w, 7, "dec", 9);
    memset(a, 0xff, 11); /* -1 -> -0.01 */
    memset(z, 0, 11);
    z[10] = 5; /* 0.05 */
    stats(w, a, 11, z, 11);
    chunk_end(w);
    /* tags.list.element: path_in_schema has three parts */
    tw_open(w);
    tw_i64(w, 2, 104);
    tw_struct(w, 3);
    tw_i32(w, 1, 6);
    tw_list(w, 2, 5, 1);
    tw_zigzag(w, 0);
    tw_list(w, 3, 8, 3);
    tw_varint(w, 4);
    memcpy(w->buf + w->n, "tags", 4);
    w->n += 4;
    tw_varint(w, 4);
    memcpy(w->buf + w->n, "list", 4);
    w->n += 4;
    tw_varint(w, 7);
    memcpy(w->buf + w->n, "element", 7);
    w->n += 7;
    tw_i32(w, 4, 0);
    tw_i64(w, 5, 3);
    tw_i64(w, 6, 10);
    tw_i64(w, 7, 10);
    tw_i64(w, 9, 104);
    tw_end(w);
    tw_end(w);
    /* secret: crypto_metadata only */
    tw_open(w);
    tw_i64(w, 2, 114);
    tw_struct(w, 8);
    tw_end(w);
    tw_end(w);
    tw_i64(w, 2, 120); /* total_byte_size */
    tw_i64(w, 3, 3);
    tw_end(w); /* row group */
    tw_list(w, 5, 12, 3);
    tw_open(w);
    tw_str(w, 1, "ARROW:schema");
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    tw_str(w, 2, big);
    tw_end(w);
    tw_open(w);
    tw_str(w, 1, "ctl\x1b");
    tw_str(w, 2, "\x1b]0;pwn\x07\n\xc2\x9b\xff");
    tw_end(w);
    tw_open(w);
    tw_str(w, 1, "novalue");
    tw_end(w);
    tw_str(w, 6, "hand \"built\"");
    tw_struct(w, 8); /* encryption_algorithm: AES_GCM_V1 {} */
    tw_struct(w, 1);
    tw_end(w);
    tw_end(w);
    tw_byte(w, 0);
}

static char *inspect_rich(int format) {
    tw w;
    build_rich(&w);
    size_t size;
    uint8_t *file = file_of(&w, &size);
    sg_parquet *pq = NULL;
    sg_error err;
    ck_assert_msg(open_memory(&pq, file, size, &err) == SG_OK, "%s", err.message);
    char *out = NULL;
    ck_assert_msg(sg_parquet_inspect(pq, format, &out, &err) == SG_OK, "%s", err.message);
    sg_parquet_free(pq);
    free(file);
    return out;
}

static json_t *chunk_json(json_t *report, size_t c) {
    return json_array_get(
        json_object_get(json_array_get(json_object_get(report, "row_groups"), 0), "columns"), c);
}

static void assert_json_eq(json_t *value, const char *expected_json) {
    json_error_t error;
    json_t *expected = json_loads(expected_json, JSON_DECODE_ANY, &error);
    ck_assert_msg(expected != NULL, "bad expectation %s: %s", expected_json, error.text);
    char *got = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
    if (!json_equal(value, expected)) {
        fprintf(stderr, "GOT %s\n", got);
    }
    ck_assert_msg(json_equal(value, expected), "got %.200s, expected %.200s", got, expected_json);
    free(got);
    json_decref(expected);
}

START_TEST(json_report_facts) {
    char *text = inspect_rich(SG_PARQUET_REPORT_JSON);
    json_error_t error;
    json_t *r = json_loads(text, 0, &error);
    ck_assert_msg(r != NULL, "%s", error.text);
    /* keys in a fixed order, and 2-space indentation */
    ck_assert_ptr_nonnull(strstr(text, "{\n  \"file\": {\n    \"name\": \"mem.parquet\",\n"));
    const char *order[] = {"file",     "version",    "created_by",
                           "num_rows", "encryption", "key_value_metadata",
                           "schema",   "columns",    "row_groups"};
    size_t i = 0;
    const char *key;
    json_t *value;
    json_object_foreach(r, key, value) {
        ck_assert_uint_lt(i, LEN(order));
        ck_assert_str_eq(key, order[i++]);
    }
    ck_assert_uint_eq(i, LEN(order));
    assert_json_eq(json_object_get(r, "version"), "2");
    assert_json_eq(json_object_get(r, "created_by"), "\"hand \\\"built\\\"\"");
    assert_json_eq(json_object_get(r, "encryption"), "\"AES_GCM_V1\"");
    json_t *kv = json_object_get(r, "key_value_metadata");
    ck_assert_uint_eq(json_array_size(kv), 3);
    json_t *arrow = json_array_get(kv, 0);
    ck_assert_uint_eq(strlen(json_string_value(json_object_get(arrow, "value"))), 200);
    assert_json_eq(json_object_get(arrow, "value_length"), "999");
    assert_json_eq(json_object_get(arrow, "value_truncated"), "true");
    /* not UTF-8: U+FFFD; control characters kept (JSON escapes them) */
    assert_json_eq(json_array_get(kv, 1),
                   "{\"key\":\"ctl\\u001b\",\"value\":\"\\u001b]0;pwn\\u0007\\n\\u009b\\ufffd\","
                   "\"value_length\":12,\"value_truncated\":false}");
    assert_json_eq(json_array_get(kv, 2), "{\"key\":\"novalue\",\"value\":null,"
                                          "\"value_length\":null,\"value_truncated\":false}");
    /* schema tree */
    json_t *schema = json_object_get(r, "schema");
    json_t *kids = json_object_get(schema, "children");
    ck_assert_uint_eq(json_array_size(kids), 12);
    assert_json_eq(json_array_get(kids, 0),
                   "{\"name\":\"d32\",\"repetition\":\"REQUIRED\",\"physical_type\":\"INT32\","
                   "\"type_length\":null,\"converted_type\":null,\"scale\":null,\"precision\":null,"
                   "\"logical_type\":{\"type\":\"DECIMAL\",\"precision\":9,\"scale\":2},"
                   "\"field_id\":null}");
    assert_json_eq(json_object_get(json_array_get(kids, 1), "logical_type"),
                   "{\"type\":\"INTEGER\",\"bit_width\":64,\"is_signed\":false}");
    assert_json_eq(json_object_get(json_array_get(kids, 1), "field_id"), "7");
    assert_json_eq(json_object_get(json_array_get(kids, 3), "type_length"), "16");
    json_t *tags = json_array_get(kids, 10);
    assert_json_eq(json_object_get(tags, "converted_type"), "\"LIST\"");
    ck_assert_str_eq(
        json_string_value(json_object_get(
            json_array_get(
                json_object_get(json_array_get(json_object_get(tags, "children"), 0), "children"),
                0),
            "name")),
        "element");
    /* leaf columns and their levels */
    json_t *columns = json_object_get(r, "columns");
    ck_assert_uint_eq(json_array_size(columns), 12);
    assert_json_eq(json_array_get(columns, 10),
                   "{\"path\":[\"tags\",\"list\",\"element\"],\"physical_type\":\"BYTE_ARRAY\","
                   "\"max_definition_level\":3,\"max_repetition_level\":1}");
    assert_json_eq(json_object_get(json_array_get(columns, 0), "max_definition_level"), "0");
    /* row group: total_compressed_size summed from the chunks (the footer has none) */
    json_t *rg = json_array_get(json_object_get(r, "row_groups"), 0);
    assert_json_eq(json_object_get(rg, "total_compressed_size"), "110");
    assert_json_eq(json_object_get(rg, "total_byte_size"), "120");
    /* statistics values by type */
    static const char *const mins[] = {"\"-123.45\"",
                                       "0",
                                       "\"1970-01-02T01:00:00.000000001\"",
                                       "\"00010203-0405-0607-0809-0a0b0c0d0e0f\"",
                                       "-2.0",
                                       "{\"hex\":\"fffe\"}",
                                       "{\"hex\":\"6161\"}",
                                       NULL,
                                       "false",
                                       "\"-0.01\""};
    static const char *const maxs[] = {"\"0.05\"",
                                       "\"18446744073709551615\"",
                                       "\"1968-05-23T00:00:00.000000000\"",
                                       "\"ffffffff-ffff-ffff-ffff-ffffffffffff\"",
                                       "\"NaN\"",
                                       "\"a\\u001b[31mb\\\"\"",
                                       "{\"hex\":\"7a7a\"}",
                                       NULL,
                                       "true",
                                       "\"0.05\""};
    for (size_t c = 0; c < LEN(mins); c++) {
        json_t *st = json_object_get(chunk_json(r, c), "statistics");
        if (mins[c] != NULL) {
            assert_json_eq(json_object_get(st, "min"), mins[c]);
            assert_json_eq(json_object_get(st, "max"), maxs[c]);
        }
    }
    json_t *fst = json_object_get(chunk_json(r, 7), "statistics");
    ck_assert(json_is_real(json_object_get(fst, "min")));
    ck_assert((float)json_real_value(json_object_get(fst, "min")) == 0.1f);
    /* deprecated min/max, no null_count, max not exact */
    assert_json_eq(json_object_get(chunk_json(r, 6), "statistics"),
                   "{\"null_count\":null,\"distinct_count\":null,\"min\":{\"hex\":\"6161\"},"
                   "\"max\":{\"hex\":\"7a7a\"},\"min_max_deprecated\":true,\"min_exact\":null,"
                   "\"max_exact\":false}");
    /* the chunk with everything */
    assert_json_eq(chunk_json(r, 1),
                   "{\"path\":[\"u64\"],\"physical_type\":\"INT64\",\"file_path\":null,"
                   "\"encrypted\":false,\"codec\":\"SNAPPY\",\"encodings\":[\"PLAIN\",\"RLE\"],"
                   "\"encoding_stats\":[{\"page_type\":\"DICTIONARY_PAGE\",\"encoding\":\"PLAIN\","
                   "\"count\":1},{\"page_type\":\"DATA_PAGE\",\"encoding\":\"RLE_DICTIONARY\","
                   "\"count\":4}],\"num_values\":3,\"total_compressed_size\":10,"
                   "\"total_uncompressed_size\":12,\"data_page_offset\":14,"
                   "\"dictionary_page_offset\":null,\"statistics\":{\"null_count\":0,"
                   "\"distinct_count\":null,\"min\":0,\"max\":\"18446744073709551615\","
                   "\"min_max_deprecated\":false,\"min_exact\":null,\"max_exact\":null},"
                   "\"bloom_filter\":{\"offset\":200,\"length\":32},"
                   "\"column_index\":{\"offset\":260,\"length\":20},"
                   "\"offset_index\":{\"offset\":240,\"length\":12},"
                   /* the index ranges hold no page index: reported, the rest still reads */
                   "\"page_index\":{\"error\":\"row group 0, column 1: column index: a "
                   "ColumnIndex lacks null_pages, min_values, max_values or its order\"}}");
    /* the encrypted chunk without metadata */
    assert_json_eq(chunk_json(r, 11),
                   "{\"path\":[\"secret\"],\"physical_type\":\"INT32\",\"file_path\":null,"
                   "\"encrypted\":true,\"codec\":null,\"encodings\":null,\"encoding_stats\":null,"
                   "\"num_values\":null,\"total_compressed_size\":null,"
                   "\"total_uncompressed_size\":null,\"data_page_offset\":null,"
                   "\"dictionary_page_offset\":null,\"statistics\":null,\"bloom_filter\":null,"
                   "\"column_index\":null,\"offset_index\":null}");
    json_decref(r);
    sg_free(text);
}
END_TEST

START_TEST(text_report_facts) {
    char *text = inspect_rich(SG_PARQUET_REPORT_TEXT);
    static const char *const lines[] = {
        "file: mem.parquet (",
        "\nversion: 2\ncreated_by: \"hand \\\"built\\\"\"\nnum_rows: 3\n"
        "encryption: AES_GCM_V1 (plaintext footer)\nkey_value_metadata: 3\n",
        "\n  ARROW:schema: \"xxxxxxxxxx",
        "xxx\"... (truncated; 999 bytes in all)\n",
        "\n  \"ctl\\x1b\": \"\\x1b]0;pwn\\x07\\n\\u009b\xef\xbf\xbd\"\n",
        "\n  novalue: (no value)\n",
        "\nschema:\n  message root\n    required int32 d32 (DECIMAL(9,2))\n"
        "    optional int64 u64 = 7 (INTEGER(64,false))\n    optional int96 ts\n"
        "    required fixed_len_byte_array(16) id (UUID)\n"
        "    optional fixed_len_byte_array(2) h (FLOAT16)\n    optional binary s (UTF8)\n"
        "    optional binary b\n    required float f\n    required boolean flag\n"
        "    optional fixed_len_byte_array(11) dec (DECIMAL(25,2))\n"
        "    optional group tags (LIST)\n      repeated group list\n"
        "        optional binary element\n    optional int32 secret\n",
        "\n  tags.list.element: BYTE_ARRAY max_definition_level=3 max_repetition_level=1\n",
        "\nrow_groups: 1\n  row group 0: num_rows=3 total_byte_size=120 "
        "total_compressed_size=110\n",
        "\n    d32: INT32 SNAPPY encodings=PLAIN,RLE values=3 compressed=10 uncompressed=12 "
        "data_page=4 dictionary_page=- nulls=0 min=-123.45 max=0.05 bloom_filter=no "
        "column_index=no offset_index=no\n",
        "\n    u64: INT64 SNAPPY encodings=PLAIN,RLE pages=DICTIONARY_PAGE:PLAIN:1,"
        "DATA_PAGE:RLE_DICTIONARY:4 values=3 compressed=10 uncompressed=12 data_page=14 "
        "dictionary_page=- nulls=0 min=0 max=18446744073709551615 bloom_filter=200+32 "
        "column_index=260+20 offset_index=240+12 page_index_error=\"row group 0, column 1: column "
        "index: a ColumnIndex lacks null_pages, min_values, max_values or its order\"\n",
        " min=1970-01-02T01:00:00.000000001 max=1968-05-23T00:00:00.000000000 ",
        " min=-2 max=NaN ",
        " min=0xfffe max=\"a\\x1b[31mb\\\"\" ",
        " nulls=absent min=0x6161 max=0x7a7a (inexact) (deprecated min/max) ",
        " min=0.1 max=1e+30 ",
        " min=false max=true ",
        " min=-0.01 max=0.05 ",
        "\n    secret: INT32 encrypted (no column metadata in the footer) column_index=no "
        "offset_index=no\n",
    };
    for (size_t i = 0; i < LEN(lines); i++) {
        ck_assert_msg(strstr(text, lines[i]) != NULL, "missing:\n%s\nin:\n%s", lines[i], text);
    }
    /* no raw escape or bell byte reaches the terminal */
    ck_assert_ptr_null(strchr(text, '\x1b'));
    ck_assert_ptr_null(strchr(text, '\x07'));
    sg_free(text);
}
END_TEST

START_TEST(arguments_checked) {
    tw w;
    build_rich(&w);
    size_t size;
    uint8_t *file = file_of(&w, &size);
    sg_parquet *pq = NULL;
    sg_error err;
    ck_assert_int_eq(open_memory(&pq, file, size, &err), SG_OK);
    char *out = (char *)"x";
    ck_assert_int_eq(sg_parquet_inspect(pq, 7, &out, &err), SG_EUSAGE);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(sg_parquet_inspect(NULL, SG_PARQUET_REPORT_TEXT, &out, &err), SG_EUSAGE);
    ck_assert_int_eq(sg_parquet_inspect(pq, SG_PARQUET_REPORT_TEXT, NULL, &err), SG_EUSAGE);
    sg_parquet_free(pq);
    free(file);
}
END_TEST

/* Footer bytes with one chunk whose ColumnChunk/ColumnMetaData extras are given by fill. */
static int decode_one(void (*fill_chunk)(tw *), void (*fill_meta)(tw *), sg_error *err) {
    tw w;
    memset(&w, 0, sizeof w);
    tw_i32(&w, 1, 1);
    tw_list(&w, 2, 12, 2);
    tw_open(&w);
    tw_str(&w, 4, "r");
    tw_i32(&w, 5, 1);
    tw_end(&w);
    leaf(&w, "a", 1, 0);
    tw_end(&w);
    tw_i64(&w, 3, 1);
    tw_list(&w, 4, 12, 1);
    tw_open(&w);
    tw_list(&w, 1, 12, 1);
    chunk_begin(&w, 1, "a", 0);
    if (fill_meta != NULL) {
        fill_meta(&w);
    }
    tw_end(&w);
    if (fill_chunk != NULL) {
        fill_chunk(&w);
    }
    tw_end(&w);
    tw_i64(&w, 2, 10);
    tw_i64(&w, 3, 1);
    tw_end(&w);
    tw_byte(&w, 0);
    size_t size;
    uint8_t *file = file_of(&w, &size);
    sg_parquet *pq = NULL;
    int rc = open_memory(&pq, file, size, err);
    sg_parquet_free(pq);
    free(file);
    return rc;
}

static void column_index_past_end(tw *w) {
    tw_i64(w, 6, 290);
    tw_i32(w, 7, 20); /* the data area ends at 304 */
}

static void offset_index_before_data(tw *w) {
    tw_i64(w, 4, 2);
}

static void column_index_negative_length(tw *w) {
    tw_i64(w, 6, 100);
    tw_i32(w, 7, -1);
}

static void bloom_filter_outside(tw *w) {
    tw_i64(w, 14, 400);
}

static void encoding_stats_negative(tw *w) {
    tw_list(w, 13, 12, 1);
    tw_open(w);
    tw_i32(w, 1, 0);
    tw_i32(w, 2, 0);
    tw_i32(w, 3, -2);
    tw_end(w);
}

static void encoding_stats_incomplete(tw *w) {
    tw_list(w, 13, 12, 1);
    tw_open(w);
    tw_i32(w, 1, 0);
    tw_end(w);
}

/* A writer's reuse of the ids with other types (Dremio writes a list as field 15). */
static void fields_of_other_types(tw *w) {
    tw_str(w, 13, "x");
    tw_list(w, 15, 5, 1);
    tw_zigzag(w, 1);
}

static void chunk_fields_of_other_types(tw *w) {
    tw_str(w, 4, "x");
    tw_i32(w, 6, 5);
}

START_TEST(index_fields_range_checked) {
    sg_error err;
    ck_assert_int_eq(decode_one(NULL, NULL, &err), SG_OK);
    ck_assert_int_eq(decode_one(column_index_past_end, NULL, &err), SG_EINVALID);
    ck_assert_msg(strstr(err.message, "row group 0, column 0: column index at offset 290 with "
                                      "length 20 runs past the data area (ends at 304)") != NULL,
                  "%s", err.message);
    ck_assert_int_eq(decode_one(offset_index_before_data, NULL, &err), SG_EINVALID);
    ck_assert_msg(strstr(err.message, "offset index offset 2 lies outside the data area") != NULL,
                  "%s", err.message);
    ck_assert_int_eq(decode_one(column_index_negative_length, NULL, &err), SG_EINVALID);
    ck_assert_msg(strstr(err.message, "column index length -1 is negative") != NULL, "%s",
                  err.message);
    ck_assert_int_eq(decode_one(NULL, bloom_filter_outside, &err), SG_EINVALID);
    ck_assert_msg(strstr(err.message, "bloom filter offset 400 lies outside") != NULL, "%s",
                  err.message);
    ck_assert_int_eq(decode_one(NULL, encoding_stats_negative, &err), SG_EINVALID);
    ck_assert_msg(strstr(err.message, "PageEncodingStats count -2 is negative") != NULL, "%s",
                  err.message);
    ck_assert_int_eq(decode_one(NULL, encoding_stats_incomplete, &err), SG_EINVALID);
    ck_assert_msg(strstr(err.message, "PageEncodingStats has no encoding") != NULL, "%s",
                  err.message);
    ck_assert_msg(decode_one(NULL, fields_of_other_types, &err) == SG_OK, "%s", err.message);
    ck_assert_msg(decode_one(chunk_fields_of_other_types, NULL, &err) == SG_OK, "%s", err.message);
}
END_TEST

/* Every allocation failure during inspect is a clean SG_ENOMEM, in both formats. */
START_TEST(inspect_runs_out_of_memory_cleanly) {
    tw w;
    build_rich(&w);
    size_t size;
    uint8_t *file = file_of(&w, &size);
    sg_parquet *pq = NULL;
    sg_error err;
    ck_assert_int_eq(open_memory(&pq, file, size, &err), SG_OK);
    for (int format = 0; format <= 1; format++) {
        for (long n = 0;; n++) {
            char *out = NULL;
            alloc_fail_after(n);
            int rc = sg_parquet_inspect(pq, format, &out, &err);
            alloc_fail_after(-1);
            if (rc == SG_OK) {
                ck_assert_ptr_nonnull(out);
                sg_free(out);
                if (!alloc_failed) {
                    break;
                }
                continue;
            }
            ck_assert_msg(alloc_failed, "failed (%d: %s) with memory to spare", rc, err.message);
            ck_assert_int_eq(rc, SG_ENOMEM);
            ck_assert_int_eq(err.code, SG_ENOMEM);
            ck_assert_ptr_null(out);
        }
    }
    sg_parquet_free(pq);
    free(file);
}
END_TEST

/* ---- The corpus ---- */

typedef struct tally {
    int ok, refused, encrypted;
} tally;

/* Inspects one file in both formats: a report that matches the footer, or a clean error of
 * the kinds the CLI turns into exit code 2, naming the file. */
static void inspect_file(const char *path, tally *t) {
    sg_parquet *pq = NULL;
    sg_error err;
    int rc = sg_parquet_open(&pq, path, &err);
    if (rc != SG_OK) {
        ck_assert_ptr_null(pq);
        ck_assert_msg(rc == SG_EPARSE || rc == SG_EINVALID || rc == SG_EUNSUPPORTED ||
                          rc == SG_ELIMIT,
                      "%s: code %d: %s", path, rc, err.message);
        ck_assert_str_eq(err.source, path);
        ck_assert_str_ne(err.message, "");
        t->refused++;
        t->encrypted += rc == SG_EUNSUPPORTED;
        return;
    }
    char *json_text = NULL;
    char *text = NULL;
    ck_assert_msg(sg_parquet_inspect(pq, SG_PARQUET_REPORT_JSON, &json_text, &err) == SG_OK,
                  "%s: %s", path, err.message);
    ck_assert_msg(sg_parquet_inspect(pq, SG_PARQUET_REPORT_TEXT, &text, &err) == SG_OK, "%s: %s",
                  path, err.message);
    json_error_t error;
    json_t *r = json_loads(json_text, 0, &error);
    ck_assert_msg(r != NULL, "%s: invalid JSON: %s", path, error.text);
    const sgp_pq_file_meta *m = pq->meta;
    ck_assert_int_eq(json_integer_value(json_object_get(r, "num_rows")), m->num_rows);
    ck_assert_uint_eq(json_array_size(json_object_get(r, "columns")), m->n_leaves);
    json_t *groups = json_object_get(r, "row_groups");
    ck_assert_uint_eq(json_array_size(groups), m->n_row_groups);
    for (size_t g = 0; g < m->n_row_groups; g++) {
        json_t *chunks = json_object_get(json_array_get(groups, g), "columns");
        ck_assert_uint_eq(json_array_size(chunks), m->n_leaves);
    }
    ck_assert_uint_eq(json_array_size(json_object_get(r, "key_value_metadata")), m->n_key_value);
    ck_assert_ptr_nonnull(strstr(text, "\nschema:\n  message "));
    ck_assert_ptr_null(strchr(text, '\x1b'));
    json_decref(r);
    sg_free(json_text);
    sg_free(text);
    sg_parquet_free(pq);
    t->ok++;
}

/* Every .parquet / .encrypted file under dir, subfolders included. */
static void inspect_tree(const char *dir, tally *t) {
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] == '.') {
            continue;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, n);
        struct stat st;
        ck_assert_int_eq(stat(path, &st), 0);
        size_t len = strlen(n);
        if (S_ISDIR(st.st_mode)) {
            inspect_tree(path, t);
        } else if ((len > 8 && strcmp(n + len - 8, ".parquet") == 0) ||
                   (len > 10 && strcmp(n + len - 10, ".encrypted") == 0)) {
            inspect_file(path, t);
        }
    }
    closedir(d);
}

START_TEST(corpus_every_data_file) {
    tally t = {0, 0, 0};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", corpus());
    inspect_tree(dir, &t);
    /* only encrypted footers are refused: 7 in data/, 4 more in data/aes256/ */
    ck_assert_int_eq(t.refused, t.encrypted);
    ck_assert_int_ge(t.encrypted, 7);
    ck_assert_int_ge(t.ok, 66);
}
END_TEST

START_TEST(corpus_every_bad_file) {
    tally t = {0, 0, 0};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/bad_data", corpus());
    inspect_tree(dir, &t);
    ck_assert_int_ge(t.ok + t.refused, 8);
    ck_assert_int_ge(t.refused, 3);
}
END_TEST

START_TEST(corpus_other_folders) {
    static const char *const subs[] = {"shredded_variant", "variant"};
    for (size_t i = 0; i < LEN(subs); i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", corpus(), subs[i]);
        DIR *d = opendir(dir);
        if (d == NULL) {
            continue; /* older checkouts of the corpus */
        }
        closedir(d);
        tally t = {0, 0, 0};
        inspect_tree(dir, &t);
        ck_assert_int_eq(t.refused, 0);
    }
}
END_TEST

/* A few facts of known files. */
START_TEST(corpus_known_reports) {
    char path[4096];
    snprintf(path, sizeof path, "%s/data/data_index_bloom_encoding_stats.parquet", corpus());
    sg_parquet *pq = NULL;
    sg_error err;
    ck_assert_msg(sg_parquet_open(&pq, path, &err) == SG_OK, "%s", err.message);
    char *text = NULL;
    ck_assert_int_eq(sg_parquet_inspect(pq, SG_PARQUET_REPORT_TEXT, &text, &err), SG_OK);
    ck_assert_msg(strstr(text, "    optional binary String (STRING)\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, " pages=DATA_PAGE:PLAIN:1 ") != NULL, "%s", text);
    ck_assert_msg(strstr(text, " min=\"Hello\" max=\"today\" bloom_filter=192 column_index=156+25 "
                               "offset_index=181+11 pages=1\n") != NULL,
                  "%s", text);
    sg_free(text);
    sg_parquet_free(pq);
    /* The page index: parquet-testing's README says alltypes_tiny_pages has many small pages
     * with their offsets and rows in the offset index. */
    snprintf(path, sizeof path, "%s/data/alltypes_tiny_pages.parquet", corpus());
    ck_assert_int_eq(sg_parquet_open(&pq, path, &err), SG_OK);
    sgp_pq_offset_index offsets;
    sgp_pq_column_index columns;
    bool has_offsets = false, has_columns = false;
    ck_assert_int_eq(
        sgp_pq_offset_index_read(&offsets, &has_offsets, pq->source, pq->meta, 0, 0, &err), SG_OK);
    ck_assert_int_eq(
        sgp_pq_column_index_read(&columns, &has_columns, pq->source, pq->meta, 0, 0, &err), SG_OK);
    ck_assert(has_offsets && has_columns);
    ck_assert_uint_eq(offsets.n_pages, 325);
    ck_assert_uint_eq(columns.n_pages, 325);
    ck_assert_int_eq(offsets.pages[0].first_row_index, 0);
    ck_assert_int_eq(offsets.pages[0].offset, 4); /* the chunk's first data page */
    for (size_t i = 1; i < offsets.n_pages; i++) {
        ck_assert_int_gt(offsets.pages[i].first_row_index, offsets.pages[i - 1].first_row_index);
        ck_assert(!columns.null_pages[i]);
    }
    ck_assert_int_le(columns.boundary_order, 2);
    sgp_pq_offset_index_free(&offsets);
    sgp_pq_column_index_free(&columns);
    sg_parquet_free(pq);
    snprintf(path, sizeof path, "%s/data/nested_lists.snappy.parquet", corpus());
    ck_assert_int_eq(sg_parquet_open(&pq, path, &err), SG_OK);
    ck_assert_int_eq(sg_parquet_inspect(pq, SG_PARQUET_REPORT_TEXT, &text, &err), SG_OK);
    ck_assert_msg(strstr(text, "  a.list.element.list.element.list.element: BYTE_ARRAY "
                               "max_definition_level=7 max_repetition_level=3\n") != NULL,
                  "%s", text);
    ck_assert_msg(strstr(text, "(deprecated min/max)") != NULL, "%s", text);
    sg_free(text);
    sg_parquet_free(pq);
}
END_TEST

/* Every single-byte change (a few values per byte) of a few footers: whatever decodes is
 * reported in both formats without error (the sanitizer build checks the reads). */
START_TEST(corpus_mutated_footers_inspect) {
    static const char *const files[] = {
        "data/data_index_bloom_encoding_stats.parquet", "data/nested_lists.snappy.parquet",
        "data/byte_array_decimal.parquet", "data/float16_nonzeros_and_nans.parquet",
        "data/int96_from_spark.parquet"};
    static const uint8_t values[] = {0x00, 0x01, 0x0f, 0x19, 0x7f, 0x80, 0xff};
    for (size_t f = 0; f < LEN(files); f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", corpus(), files[f]);
        FILE *fp = fopen(path, "rb");
        ck_assert_ptr_nonnull(fp);
        fseek(fp, 0, SEEK_END);
        long size = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        ck_assert_int_gt(size, 12);
        uint8_t *data = malloc((size_t)size);
        ck_assert_ptr_nonnull(data);
        ck_assert_uint_eq(fread(data, 1, (size_t)size, fp), (size_t)size);
        fclose(fp);
        size_t meta_length = (size_t)data[size - 8] | (size_t)data[size - 7] << 8 |
                             (size_t)data[size - 6] << 16 | (size_t)data[size - 5] << 24;
        ck_assert_uint_lt(meta_length, (size_t)size - 8);
        int reported = 0;
        for (size_t at = (size_t)size - 8 - meta_length; at < (size_t)size - 8; at++) {
            uint8_t saved = data[at];
            for (size_t v = 0; v < LEN(values); v++) {
                data[at] = values[v];
                sg_parquet *pq = NULL;
                sg_error err;
                if (open_memory(&pq, data, (size_t)size, &err) != SG_OK) {
                    continue;
                }
                for (int format = 0; format <= 1; format++) {
                    char *out = NULL;
                    ck_assert_msg(sg_parquet_inspect(pq, format, &out, &err) == SG_OK,
                                  "%s, byte %zu = %u: %s", files[f], at, values[v], err.message);
                    sg_free(out);
                }
                sg_parquet_free(pq);
                reported++;
            }
            data[at] = saved;
        }
        ck_assert_int_gt(reported, 0);
        free(data);
    }
}
END_TEST

int main(int argc, char **argv) {
    json_set_alloc_funcs(alloc_json_malloc, free);
    bool corpus_run = argc > 1 && strcmp(argv[1], "corpus") == 0;
    if (corpus_run && corpus() == NULL) {
        printf("1..0 # SKIP parquet-testing corpus not found (SG_PARQUET_TESTING)\n");
        return 0;
    }
    Suite *s = suite_create("parquet_inspect");
    TCase *tc = tcase_create(corpus_run ? "corpus" : "inspect");
    tcase_set_timeout(tc, 60);
    if (!corpus_run) {
        tcase_add_test(tc, json_report_facts);
        tcase_add_test(tc, text_report_facts);
        tcase_add_test(tc, arguments_checked);
        tcase_add_test(tc, index_fields_range_checked);
        tcase_add_test(tc, inspect_runs_out_of_memory_cleanly);
    } else {
        tcase_add_test(tc, corpus_every_data_file);
        tcase_add_test(tc, corpus_every_bad_file);
        tcase_add_test(tc, corpus_other_folders);
        tcase_add_test(tc, corpus_known_reports);
        tcase_add_test(tc, corpus_mutated_footers_inspect);
    }
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

/* tests/unit/test_parquet.c: the first layer of the Parquet reader: the byte source, the Thrift
 * compact decoder (hand-built bytes, truncations, huge lengths) and the footer over the Apache
 * parquet-testing corpus (SG_PARQUET_TESTING; skipped when absent). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/column.h"
#include "parquet/file.h"
#include "parquet/footer.h"
#include "parquet/schema.h"
#include "parquet/source.h"
#include "parquet/thrift.h"
#include "util/limits.h"
#include "pq_corpus.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Thrift ---- */

START_TEST(thrift_varints_and_zigzag) {
    static const uint8_t data[] = {0x00, 0x01, 0x02, 0x03, 0xac, 0x02, 0xfe, 0xff,
                                   0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f};
    sgp_pq_thrift t;
    sgp_pq_thrift_init(&t, data, sizeof data);
    int32_t v;
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK);
    ck_assert_int_eq(v, -1);
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK);
    ck_assert_int_eq(v, -2);
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK); /* 0xac 0x02 = 300 -> 150 */
    ck_assert_int_eq(v, 150);
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK);
    ck_assert_int_eq(v, INT32_MAX);
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK);
    ck_assert_int_eq(v, INT32_MIN);
    ck_assert_uint_eq(t.pos, sizeof data);

    /* i64 extremes */
    static const uint8_t big[] = {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    sgp_pq_thrift_init(&t, big, sizeof big);
    int64_t w;
    ck_assert_int_eq(sgp_pq_thrift_i64(&t, &w), SG_OK);
    ck_assert(w == INT64_MAX);
    ck_assert_int_eq(sgp_pq_thrift_i64(&t, &w), SG_OK);
    ck_assert(w == INT64_MIN);
}
END_TEST

START_TEST(thrift_varint_overflow_and_truncation) {
    sgp_pq_thrift t;
    uint64_t u;
    static const uint8_t eleven[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0x80, 0x80, 0x80, 0x80, 0x01};
    sgp_pq_thrift_init(&t, eleven, sizeof eleven);
    ck_assert_int_eq(sgp_pq_thrift_varint(&t, &u), SG_EPARSE);
    static const uint8_t over[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
    sgp_pq_thrift_init(&t, over, sizeof over);
    ck_assert_int_eq(sgp_pq_thrift_varint(&t, &u), SG_EPARSE);
    static const uint8_t cut[] = {0x80, 0x80};
    sgp_pq_thrift_init(&t, cut, sizeof cut);
    ck_assert_int_eq(sgp_pq_thrift_varint(&t, &u), SG_EPARSE);
    ck_assert_ptr_nonnull(strstr(t.msg, "truncated"));
    /* sticky: a later call fails too */
    ck_assert_int_eq(sgp_pq_thrift_varint(&t, &u), SG_EPARSE);
    /* i32 out of range: zigzag 2^32 */
    static const uint8_t wide[] = {0x80, 0x80, 0x80, 0x80, 0x10};
    sgp_pq_thrift_init(&t, wide, sizeof wide);
    int32_t v;
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_EPARSE);
    sgp_pq_thrift_init(&t, NULL, 0);
    ck_assert_int_eq(sgp_pq_thrift_varint(&t, &u), SG_EPARSE);
}
END_TEST

START_TEST(thrift_binary_lengths) {
    sgp_pq_thrift t;
    const uint8_t *p;
    size_t n;
    static const uint8_t ok[] = {0x03, 'a', 'b', 'c'};
    sgp_pq_thrift_init(&t, ok, sizeof ok);
    ck_assert_int_eq(sgp_pq_thrift_binary(&t, &p, &n), SG_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_mem_eq(p, "abc", 3);
    /* one byte short */
    sgp_pq_thrift_init(&t, ok, 3);
    ck_assert_int_eq(sgp_pq_thrift_binary(&t, &p, &n), SG_EPARSE);
    /* 2^63 bytes claimed */
    static const uint8_t huge[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 'x'};
    sgp_pq_thrift_init(&t, huge, sizeof huge);
    ck_assert_int_eq(sgp_pq_thrift_binary(&t, &p, &n), SG_ELIMIT);
    /* over the bytes left but under the limit */
    static const uint8_t big[] = {0x80, 0x80, 0x04, 'x'};
    sgp_pq_thrift_init(&t, big, sizeof big);
    ck_assert_int_eq(sgp_pq_thrift_binary(&t, &p, &n), SG_EPARSE);
    /* strings refuse NUL */
    static const uint8_t nul[] = {0x02, 'a', 0x00};
    sgp_pq_thrift_init(&t, nul, sizeof nul);
    char *s = NULL;
    ck_assert_int_eq(sgp_pq_thrift_string(&t, &s), SG_EINVALID);
    ck_assert_ptr_null(s);
    static const uint8_t empty[] = {0x00};
    sgp_pq_thrift_init(&t, empty, sizeof empty);
    ck_assert_int_eq(sgp_pq_thrift_string(&t, &s), SG_OK);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

START_TEST(thrift_struct_fields_and_skip) {
    /* struct { 1: i32 = 5, 3: true, 2 (long form, id 2 after 3): binary "hi",
     *          -16384 (08 FF FF 01 style extension): binary "x", 4: list<i32>[1,2],
     *          5: map<binary,i64>{"k": 1}, 6: struct { 1: double }, 7: set<bool>[t,f], 8: i8 }
     * then STOP. */
    static const uint8_t s[] = {
        0x15, 0x0a,                         /* 1: i32 5 */
        0x21,                               /* 3: true */
        0x08, 0x04, 0x02, 'h',  'i',        /* 2: binary "hi" */
        0x08, 0xff, 0xff, 0x01, 0x01, 'x',  /* -16384: binary "x" */
        0x09, 0x20, 0x25, 0x02, 0x04,       /* 16 (long form): list<i32> 1,2 */
        0x1b, 0x01, 0x86, 0x01, 'k',  0x02, /* 17: map<binary,i64> {"k": 1} */
        0x1c, 0x17, 0,    0,    0,    0,    0, 0, 0xf0, 0x3f, 0x00, /* 18: struct {1: double 1.0} */
        0x1a, 0x21, 0x01, 0x02, /* 19: set<bool> [true, false] */
        0x13, 0x7f,             /* 20: i8 127 */
        0x00};
    sgp_pq_thrift t;
    sgp_pq_thrift_init(&t, s, sizeof s);
    int16_t last;
    int type;
    int16_t id;
    ck_assert_int_eq(sgp_pq_thrift_struct_begin(&t, &last), SG_OK);
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &type, &id), SG_OK);
    ck_assert_int_eq(id, 1);
    ck_assert_int_eq(type, SGP_PQ_T_I32);
    int32_t v;
    ck_assert_int_eq(sgp_pq_thrift_i32(&t, &v), SG_OK);
    ck_assert_int_eq(v, 5);
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &type, &id), SG_OK);
    ck_assert_int_eq(id, 3);
    bool b = false;
    ck_assert_int_eq(sgp_pq_thrift_field_bool(&t, type, &b), SG_OK);
    ck_assert(b);
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &type, &id), SG_OK);
    ck_assert_int_eq(id, 2);
    ck_assert_int_eq(type, SGP_PQ_T_BINARY);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, type), SG_OK);
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &type, &id), SG_OK);
    ck_assert_int_eq(id, -16384);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, type), SG_OK);
    int expected_ids[] = {16, 17, 18, 19, 20};
    for (size_t i = 0; i < LEN(expected_ids); i++) {
        ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &type, &id), SG_OK);
        ck_assert_int_eq(id, expected_ids[i]);
        ck_assert_int_eq(sgp_pq_thrift_skip(&t, type), SG_OK);
    }
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &type, &id), SG_OK);
    ck_assert_int_eq(type, SGP_PQ_T_STOP);
    sgp_pq_thrift_struct_end(&t);
    ck_assert_uint_eq(t.pos, sizeof s);
    ck_assert_int_eq(t.depth, 0);

    /* The whole thing skipped as one struct, and every truncation of it fails cleanly. */
    sgp_pq_thrift_init(&t, s, sizeof s);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, SGP_PQ_T_STRUCT), SG_OK);
    for (size_t cut = 0; cut < sizeof s; cut++) {
        sgp_pq_thrift_init(&t, s, cut);
        ck_assert_int_ne(sgp_pq_thrift_skip(&t, SGP_PQ_T_STRUCT), SG_OK);
    }
}
END_TEST

START_TEST(thrift_containers_bounded) {
    sgp_pq_thrift t;
    int et;
    uint32_t count;
    /* list of 2^31 i32 in 6 bytes */
    static const uint8_t huge[] = {0xf5, 0x80, 0x80, 0x80, 0x80, 0x08};
    sgp_pq_thrift_init(&t, huge, sizeof huge);
    ck_assert_int_eq(sgp_pq_thrift_list_begin(&t, &et, &count), SG_ELIMIT);
    /* list of 100 i32 with 3 bytes left */
    static const uint8_t more[] = {0xf5, 0x64, 0x00, 0x00, 0x00};
    sgp_pq_thrift_init(&t, more, sizeof more);
    ck_assert_int_eq(sgp_pq_thrift_list_begin(&t, &et, &count), SG_EPARSE);
    /* list of 3 doubles needs 24 bytes */
    static const uint8_t dbl[] = {0x37, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    sgp_pq_thrift_init(&t, dbl, sizeof dbl);
    ck_assert_int_eq(sgp_pq_thrift_list_begin(&t, &et, &count), SG_EPARSE);
    /* map of 1000 entries in 2 bytes */
    static const uint8_t map[] = {0xe8, 0x07, 0x88};
    int kt;
    int vt;
    sgp_pq_thrift_init(&t, map, sizeof map);
    ck_assert_int_eq(sgp_pq_thrift_map_begin(&t, &kt, &vt, &count), SG_EPARSE);
    /* bad element type */
    static const uint8_t badtype[] = {0x1d, 0x00};
    sgp_pq_thrift_init(&t, badtype, sizeof badtype);
    ck_assert_int_eq(sgp_pq_thrift_list_begin(&t, &et, &count), SG_EPARSE);
    /* empty map has no type byte */
    static const uint8_t empty[] = {0x00};
    sgp_pq_thrift_init(&t, empty, sizeof empty);
    ck_assert_int_eq(sgp_pq_thrift_map_begin(&t, &kt, &vt, &count), SG_OK);
    ck_assert_uint_eq(count, 0);
    sgp_pq_thrift_container_end(&t);
    /* unknown field type 13 and a bad bool in a list */
    static const uint8_t badfield[] = {0x1d, 0x00};
    int16_t last = 0;
    int16_t id;
    sgp_pq_thrift_init(&t, badfield, sizeof badfield);
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &et, &id), SG_EPARSE);
    static const uint8_t badbool[] = {0x11, 0x07};
    sgp_pq_thrift_init(&t, badbool, sizeof badbool);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, SGP_PQ_T_LIST), SG_EPARSE);
    /* field id delta overflowing i16 */
    static const uint8_t idover[] = {0x05, 0xfe, 0xff, 0x03, 0x00, 0xf5, 0x00};
    sgp_pq_thrift_init(&t, idover, sizeof idover);
    last = 0;
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &et, &id), SG_OK);
    ck_assert_int_eq(id, 32767);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, et), SG_OK);
    ck_assert_int_eq(sgp_pq_thrift_field_next(&t, &last, &et, &id), SG_EPARSE);
}
END_TEST

START_TEST(thrift_nesting_limit) {
    /* Nested lists of lists: 0x19 = list of 1 list, repeated; and nested structs 0x1c. */
    enum { N = 10000 };
    uint8_t *buf = malloc(N + 1);
    ck_assert_ptr_nonnull(buf);
    memset(buf, 0x19, N);
    buf[N] = 0x00;
    sgp_pq_thrift t;
    sgp_pq_thrift_init(&t, buf, N + 1);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, SGP_PQ_T_LIST), SG_ELIMIT);
    memset(buf, 0x1c, N);
    sgp_pq_thrift_init(&t, buf, N + 1);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, SGP_PQ_T_STRUCT), SG_ELIMIT);
    /* Just under the limit works. */
    memset(buf, 0x1c, SG_PQ_MAX_THRIFT_DEPTH - 1);
    memset(buf + SG_PQ_MAX_THRIFT_DEPTH - 1, 0x00, SG_PQ_MAX_THRIFT_DEPTH);
    sgp_pq_thrift_init(&t, buf, 2 * SG_PQ_MAX_THRIFT_DEPTH - 1);
    ck_assert_int_eq(sgp_pq_thrift_skip(&t, SGP_PQ_T_STRUCT), SG_OK);
    ck_assert_uint_eq(t.pos, 2 * SG_PQ_MAX_THRIFT_DEPTH - 1);
    free(buf);
}
END_TEST

/* ---- Source ---- */

START_TEST(source_memory_and_missing_file) {
    static const uint8_t data[] = "0123456789";
    sgp_pq_source *src = NULL;
    sg_error err;
    ck_assert_int_eq(sgp_pq_source_open_memory(&src, data, 10, "mem", &err), SG_OK);
    ck_assert_uint_eq(src->size, 10);
    char buf[4];
    ck_assert_int_eq(sgp_pq_source_read_at(src, 6, 4, buf, &err), SG_OK);
    ck_assert_mem_eq(buf, "6789", 4);
    ck_assert_int_eq(sgp_pq_source_read_at(src, 7, 4, buf, &err), SG_EIO);
    ck_assert_int_eq(sgp_pq_source_read_at(src, UINT64_MAX, 4, buf, &err), SG_EIO);
    sgp_pq_source_free(src);
    ck_assert_int_eq(sgp_pq_source_open_file(&src, "/nonexistent/x.parquet", &err), SG_ENOTFOUND);
    ck_assert_ptr_null(src);
    ck_assert_int_eq(sgp_pq_source_open_file(&src, "/", &err), SG_EIO);
    sgp_pq_source_free(NULL);
}
END_TEST

/* ---- Footer ---- */

static int read_footer_bytes(const uint8_t *data, size_t length, sgp_pq_file_meta **out,
                             sg_error *err) {
    sgp_pq_source *src = NULL;
    int rc = sgp_pq_source_open_memory(&src, data, length, "mem.parquet", err);
    if (rc == SG_OK) {
        rc = sgp_pq_footer_read(out, src, err);
    }
    sgp_pq_source_free(src);
    return rc;
}

START_TEST(footer_magic_and_lengths) {
    sgp_pq_file_meta *m = NULL;
    sg_error err;
    ck_assert_int_eq(read_footer_bytes((const uint8_t *)"PAR1PAR1", 8, &m, &err), SG_EPARSE);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(err.message, "footer: "));
    static const uint8_t pare[] = "PARExxxx\x01\x00\x00\x00PARE";
    ck_assert_int_eq(read_footer_bytes(pare, 16, &m, &err), SG_EUNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(err.message, "encrypted Parquet is not supported"));
    static const uint8_t notpq[] = "PAR1xxxx\x01\x00\x00\x00PAR2";
    ck_assert_int_eq(read_footer_bytes(notpq, 16, &m, &err), SG_EPARSE);
    static const uint8_t badhead[] = "PAQ1xxxx\x01\x00\x00\x00PAR1";
    ck_assert_int_eq(read_footer_bytes(badhead, 16, &m, &err), SG_EPARSE);
    static const uint8_t toolong[] = "PAR1xxxx\x05\x00\x00\x00PAR1";
    ck_assert_int_eq(read_footer_bytes(toolong, 16, &m, &err), SG_EPARSE);
    static const uint8_t hugelen[] = "PAR1xxxx\xff\xff\xff\xffPAR1";
    ck_assert_int_eq(read_footer_bytes(hugelen, 16, &m, &err), SG_EPARSE);
    static const uint8_t zero[] = "PAR1xxxx\x00\x00\x00\x00PAR1";
    ck_assert_int_eq(read_footer_bytes(zero, 16, &m, &err), SG_EPARSE);
    /* a one-byte FileMetaData (STOP): required fields missing */
    static const uint8_t stop[] = "PAR1xxx\x00\x01\x00\x00\x00PAR1";
    ck_assert_int_eq(read_footer_bytes(stop, 16, &m, &err), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "footer: FileMetaData has no version"));
}
END_TEST

START_TEST(footer_hand_built_minimal) {
    /* FileMetaData {1: version 1, 2: schema [root(children 1), leaf "a" INT32 REQUIRED],
     * 3: num_rows 0, 4: row_groups [], 6: created_by "t"} */
    static const uint8_t fm[] = {
        0x15, 0x02,                                    /* version 1 */
        0x19, 0x2c,                                    /* schema: list of 2 structs */
        0x48, 0x01, 'r',  0x15, 0x02, 0x00,            /* root: 4 name "r", 5 children 1 */
        0x15, 0x02, 0x25, 0x00, 0x18, 0x01, 'a', 0x00, /* leaf: type 1, rep 0, name "a" */
        0x16, 0x00,                                    /* num_rows 0 */
        0x19, 0x0c,                                    /* row_groups: empty list */
        0x28, 0x01, 't',                               /* created_by "t" */
        0x00};
    uint8_t file[4 + sizeof fm + 8];
    memcpy(file, "PAR1", 4);
    memcpy(file + 4, fm, sizeof fm);
    uint32_t n = sizeof fm;
    file[4 + sizeof fm] = (uint8_t)n;
    file[5 + sizeof fm] = 0;
    file[6 + sizeof fm] = 0;
    file[7 + sizeof fm] = 0;
    memcpy(file + 8 + sizeof fm, "PAR1", 4);
    sgp_pq_file_meta *m = NULL;
    sg_error err;
    ck_assert_int_eq(read_footer_bytes(file, sizeof file, &m, &err), SG_OK);
    ck_assert_int_eq(m->version, 1);
    ck_assert_uint_eq(m->n_schema, 2);
    ck_assert_uint_eq(m->n_leaves, 1);
    ck_assert_str_eq(m->schema[1].name, "a");
    ck_assert_int_eq(m->schema[1].type, 1);
    ck_assert_str_eq(m->created_by, "t");
    sgp_pq_file_meta_free(m);
    /* Every truncation of the metadata fails cleanly. */
    for (size_t cut = 0; cut < sizeof fm; cut++) {
        m = NULL;
        int rc = sgp_pq_footer_decode(&m, fm, cut, 1000, "cut", &err);
        ck_assert_int_ne(rc, SG_OK);
        ck_assert_ptr_null(m);
    }
    /* Physical type 9 is refused with a located error. */
    uint8_t bad[sizeof fm];
    memcpy(bad, fm, sizeof fm);
    bad[11] = 0x12; /* type zigzag 9 */
    ck_assert_int_eq(sgp_pq_footer_decode(&m, bad, sizeof bad, 1000, "bad", &err), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "footer: schema element 1 (a): physical type 9"));
}
END_TEST

/* A footer with one row group of one column chunk at data_page_offset 60, 10 bytes long. */
static const uint8_t one_chunk[] = {
    0x15, 0x02,                                    /* version 1 */
    0x19, 0x2c,                                    /* schema: 2 elements */
    0x48, 0x01, 'r',  0x15, 0x02, 0x00,            /* root, 1 child */
    0x15, 0x02, 0x25, 0x00, 0x18, 0x01, 'a', 0x00, /* a: INT32 REQUIRED */
    0x16, 0x02,                                    /* num_rows 1 */
    0x19, 0x1c,                                    /* row_groups: 1 */
    0x19, 0x1c,                                    /*   columns: 1 */
    0x3c,                                          /*     3: meta_data */
    0x15, 0x02,                                    /*       type INT32 */
    0x19, 0x15, 0x00,                              /*       encodings [PLAIN] */
    0x19, 0x18, 0x01, 'a',                         /*       path ["a"] */
    0x15, 0x00,                                    /*       codec UNCOMPRESSED */
    0x16, 0x02,                                    /*       num_values 1 */
    0x16, 0x14, 0x16, 0x14,                        /*       sizes 10, 10 */
    0x26, 0x78,                                    /*       9: data_page_offset 60 */
    0x00, 0x00,                                    /*     end meta, end chunk */
    0x16, 0x14, 0x16, 0x02, 0x00,                  /*   total_byte_size 10, num_rows 1 */
    0x00};

START_TEST(footer_chunk_ranges_located) {
    sgp_pq_file_meta *m = NULL;
    sg_error err;
    uint64_t base = sizeof one_chunk + 8;
    ck_assert_int_eq(sgp_pq_footer_decode(&m, one_chunk, sizeof one_chunk, base + 100, "f", &err),
                     SG_OK);
    ck_assert_uint_eq(m->n_row_groups, 1);
    ck_assert_int_eq(m->row_groups[0].columns[0].meta.data_page_offset, 60);
    ck_assert_int_eq(m->row_groups[0].columns[0].meta.encodings[0], 0);
    ck_assert_str_eq(m->row_groups[0].columns[0].meta.path[0], "a");
    sgp_pq_file_meta_free(m);
    /* data area ends at 50: the offset lies outside */
    ck_assert_int_eq(sgp_pq_footer_decode(&m, one_chunk, sizeof one_chunk, base + 50, "f", &err),
                     SG_EINVALID);
    ck_assert_ptr_null(m);
    ck_assert_str_eq(err.source, "f");
    ck_assert_int_eq(err.row_group, 0);
    ck_assert_ptr_nonnull(strstr(err.message, "row group 0, column 0: data_page_offset 60"));
    /* data area ends at 65: the chunk runs past it */
    ck_assert_int_eq(sgp_pq_footer_decode(&m, one_chunk, sizeof one_chunk, base + 65, "f", &err),
                     SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "row group 0, column 0: chunk at offset 60"));
    /* root claims 2 children */
    uint8_t bad[sizeof one_chunk];
    memcpy(bad, one_chunk, sizeof bad);
    bad[8] = 0x04;
    ck_assert_int_eq(sgp_pq_footer_decode(&m, bad, sizeof bad, base + 100, "f", &err), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "footer: schema element 0 (r): num_children 2"));
    /* column type BOOLEAN differs from the schema's INT32 */
    memcpy(bad, one_chunk, sizeof bad);
    bad[26] = 0x00;
    ck_assert_int_eq(sgp_pq_footer_decode(&m, bad, sizeof bad, base + 100, "f", &err), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "row group 0, column 0: physical type 0"));
    /* every truncation fails cleanly */
    for (size_t cut = 0; cut < sizeof one_chunk; cut++) {
        ck_assert_int_ne(sgp_pq_footer_decode(&m, one_chunk, cut, base + 100, "f", &err), SG_OK);
        ck_assert_ptr_null(m);
    }
}
END_TEST

static sgp_pq_file_meta *load(const char *name, int *rc, sg_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", corpus(), name);
    sgp_pq_source *src = NULL;
    sgp_pq_file_meta *m = NULL;
    *rc = sgp_pq_source_open_file(&src, path, err);
    if (*rc == SG_OK) {
        *rc = sgp_pq_footer_read(&m, src, err);
    }
    sgp_pq_source_free(src);
    return m;
}

START_TEST(corpus_alltypes_plain) {
    int rc;
    sg_error err;
    sgp_pq_file_meta *m = load("data/alltypes_plain.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_int_eq(m->num_rows, 8);
    ck_assert_uint_eq(m->n_leaves, 11);
    ck_assert_uint_eq(m->n_schema, 12);
    ck_assert_uint_eq(m->n_row_groups, 1);
    ck_assert_uint_eq(m->row_groups[0].n_columns, 11);
    ck_assert_int_eq(m->row_groups[0].num_rows, 8);
    ck_assert_str_eq(m->schema[1].name, "id");
    ck_assert_int_eq(m->schema[1].type, 1); /* INT32 */
    ck_assert_str_eq(m->schema[2].name, "bool_col");
    ck_assert_str_eq(sgp_pq_type_name(m->schema[2].type), "BOOLEAN");
    ck_assert_str_eq(m->schema[11].name, "timestamp_col");
    ck_assert_str_eq(sgp_pq_type_name(m->schema[11].type), "INT96");
    ck_assert_ptr_nonnull(m->created_by);
    ck_assert_ptr_nonnull(strstr(m->created_by, "impala"));
    const sgp_pq_column_meta *c = &m->row_groups[0].columns[0].meta;
    ck_assert_uint_eq(c->n_path, 1);
    ck_assert_str_eq(c->path[0], "id");
    ck_assert_str_eq(sgp_pq_codec_name(c->codec), "UNCOMPRESSED");
    ck_assert_int_eq(c->num_values, 8);
    sgp_pq_file_meta_free(m);
}
END_TEST

START_TEST(corpus_known_facts) {
    int rc;
    sg_error err;
    sgp_pq_file_meta *m = load("data/alltypes_plain.snappy.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_int_eq(m->num_rows, 2);
    ck_assert_str_eq(sgp_pq_codec_name(m->row_groups[0].columns[0].meta.codec), "SNAPPY");
    sgp_pq_file_meta_free(m);

    m = load("data/unknown-logical-type.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    bool found = false;
    for (size_t i = 0; i < m->n_schema; i++) {
        found = found || m->schema[i].logical.kind == 2555;
    }
    ck_assert(found);
    sgp_pq_file_meta_free(m);

    m = load("data/repeated_no_annotation.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_int_eq(m->num_rows, 0);
    ck_assert_int_eq(m->row_groups[0].num_rows, 6);
    sgp_pq_file_meta_free(m);

    m = load("data/nation.dict-malformed.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_int_eq(m->num_rows, 25);
    ck_assert_uint_eq(m->n_leaves, 4);
    sgp_pq_file_meta_free(m);

    m = load("data/column_chunk_key_value_metadata.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_int_eq(m->num_rows, 0);
    sgp_pq_file_meta_free(m);

    m = load("data/uniform_encryption.parquet.encrypted", &rc, &err);
    ck_assert_int_eq(rc, SG_EUNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(err.message, "encrypted Parquet is not supported"));

    m = load("bad_data/PARQUET-1481.parquet", &rc, &err);
    ck_assert_int_ne(rc, SG_OK);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(err.message, "physical type -7"));
}
END_TEST

/* Facts stated by the corpus's data/README.md. */
START_TEST(corpus_readme_facts) {
    int rc;
    sg_error err;
    /* "513 UINT64 numbers": INT64 annotated INTEGER(64, unsigned) / UINT_64 */
    sgp_pq_file_meta *m = load("data/concatenated_gzip_members.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_int_eq(m->num_rows, 513);
    ck_assert_uint_eq(m->n_leaves, 1);
    const sgp_pq_schema_element *e = &m->schema[1];
    ck_assert_str_eq(sgp_pq_type_name(e->type), "INT64");
    ck_assert_str_eq(sgp_pq_converted_type_name(e->converted_type), "UINT_64");
    ck_assert_str_eq(sgp_pq_logical_type_name(e->logical.kind), "INTEGER");
    ck_assert_int_eq(e->logical.bit_width, 64);
    ck_assert(!e->logical.is_signed);
    ck_assert_str_eq(sgp_pq_codec_name(m->row_groups[0].columns[0].meta.codec), "GZIP");
    sgp_pq_file_meta_free(m);

    /* "message m { required int32 a; required int32 b; }" */
    m = load("data/datapage_v1-uncompressed-checksum.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_uint_eq(m->n_schema, 3);
    ck_assert_str_eq(m->schema[0].name, "m");
    for (size_t i = 1; i < 3; i++) {
        ck_assert_str_eq(m->schema[i].name, i == 1 ? "a" : "b");
        ck_assert_str_eq(sgp_pq_type_name(m->schema[i].type), "INT32");
        ck_assert_str_eq(sgp_pq_repetition_name(m->schema[i].repetition), "REQUIRED");
    }
    sgp_pq_file_meta_free(m);

    /* "INT64 and BYTE_ARRAY columns ... two row groups" */
    m = load("data/sort_columns.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_uint_eq(m->n_row_groups, 2);
    ck_assert_str_eq(sgp_pq_type_name(m->schema[1].type), "INT64");
    ck_assert_str_eq(sgp_pq_type_name(m->schema[2].type), "BYTE_ARRAY");
    sgp_pq_file_meta_free(m);

    /* "Float16 (logical type) column": FIXED_LEN_BYTE_ARRAY(2), 2-byte statistics */
    m = load("data/float16_zeros_and_nans.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    e = &m->schema[1];
    ck_assert_str_eq(sgp_pq_type_name(e->type), "FIXED_LEN_BYTE_ARRAY");
    ck_assert_int_eq(e->type_length, 2);
    ck_assert_str_eq(sgp_pq_logical_type_name(e->logical.kind), "FLOAT16");
    const sgp_pq_statistics *st = &m->row_groups[0].columns[0].meta.statistics;
    ck_assert(st->present && st->min.present && st->max.present);
    ck_assert_uint_eq(st->min.length, 2);
    ck_assert_uint_eq(st->max.length, 2);
    sgp_pq_file_meta_free(m);

    /* "two INT32 columns, one with column chunk key-value metadata" */
    m = load("data/column_chunk_key_value_metadata.parquet", &rc, &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
    ck_assert_uint_eq(m->n_leaves, 2);
    ck_assert_str_eq(sgp_pq_type_name(m->schema[1].type), "INT32");
    ck_assert_str_eq(sgp_pq_type_name(m->schema[2].type), "INT32");
    sgp_pq_file_meta_free(m);
}
END_TEST

/* Decodes every file of a corpus folder: success or a located error, never a crash or leak. */
static void every_file(const char *sub, bool strict, int *ok, int *failed) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", corpus(), sub);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        bool pq = (len > 8 && strcmp(n + len - 8, ".parquet") == 0) ||
                  (len > 10 && strcmp(n + len - 10, ".encrypted") == 0);
        if (!pq) {
            continue;
        }
        char rel[4096];
        snprintf(rel, sizeof rel, "%s/%s", sub, n);
        int rc;
        sg_error err;
        sgp_pq_file_meta *m = load(rel, &rc, &err);
        if (rc == SG_OK) {
            ck_assert_ptr_nonnull(m);
            (*ok)++;
        } else {
            ck_assert_ptr_null(m);
            ck_assert_msg(strncmp(err.message, "footer: ", 8) == 0 ||
                              strncmp(err.message, "row group ", 10) == 0,
                          "%s: unlocated error: %s", rel, err.message);
            ck_assert_str_ne(err.source, "");
            /* In data/ only encrypted footers may be refused. */
            ck_assert_msg(!strict || rc == SG_EUNSUPPORTED, "%s: %s", rel, err.message);
            (*failed)++;
        }
        sgp_pq_file_meta_free(m);
    }
    closedir(d);
}

START_TEST(corpus_every_data_file) {
    int ok = 0;
    int failed = 0;
    every_file("data", true, &ok, &failed);
    /* 65 plain files and the plaintext-footer encrypted one decode; 7 have encrypted footers. */
    ck_assert_int_ge(ok, 66);
    ck_assert_int_eq(failed, 7);
}
END_TEST

START_TEST(corpus_every_bad_file) {
    int ok = 0;
    int failed = 0;
    every_file("bad_data", false, &ok, &failed);
    ck_assert_int_ge(ok + failed, 8);
}
END_TEST

START_TEST(corpus_truncations) {
    static const char *const files[] = {"data/alltypes_plain.parquet",
                                        "data/nested_maps.snappy.parquet",
                                        "data/unknown-logical-type.parquet"};
    for (size_t f = 0; f < LEN(files); f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", corpus(), files[f]);
        FILE *fp = fopen(path, "rb");
        ck_assert_ptr_nonnull(fp);
        fseek(fp, 0, SEEK_END);
        long size = ftell(fp);
        ck_assert_int_gt(size, 12);
        fseek(fp, 0, SEEK_SET);
        uint8_t *data = malloc((size_t)size);
        ck_assert_ptr_nonnull(data);
        ck_assert_uint_eq(fread(data, 1, (size_t)size, fp), (size_t)size);
        fclose(fp);
        /* The tail moves with each cut: keep the original last 8 bytes after a shorter body,
         * so the footer length points at the wrong bytes, and also plain prefixes. */
        uint8_t *buf = malloc((size_t)size);
        ck_assert_ptr_nonnull(buf);
        uint32_t metalen = (uint32_t)data[size - 8] | (uint32_t)data[size - 7] << 8 |
                           (uint32_t)data[size - 6] << 16 | (uint32_t)data[size - 5] << 24;
        size_t meta_start = (size_t)size - 8 - metalen;
        for (size_t cut = 0; cut < (size_t)size; cut++) {
            sgp_pq_file_meta *m = NULL;
            sg_error err;
            ck_assert_int_ne(read_footer_bytes(data, cut, &m, &err), SG_OK);
            ck_assert_ptr_null(m);
            /* Drop bytes from inside the metadata (or before it), keeping the trailer. */
            if (cut < (size_t)size - 8) {
                memcpy(buf, data, cut);
                memcpy(buf + cut, data + size - 8, 8);
                size_t len = cut + 8;
                int rc = read_footer_bytes(buf, len, &m, &err);
                if (rc == SG_OK) {
                    sgp_pq_file_meta_free(m);
                } else {
                    ck_assert_ptr_null(m);
                }
            }
            /* Metadata cut short inside an intact file size. */
            if (cut >= meta_start && cut < (size_t)size - 8) {
                int rc = sgp_pq_footer_decode(&m, data + meta_start, cut - meta_start,
                                              (uint64_t)size, "cut", &err);
                ck_assert_int_ne(rc, SG_OK);
                ck_assert_ptr_null(m);
            }
        }
        free(buf);
        free(data);
    }
}
END_TEST

/* The delta_*_expect.csv files carry the contents independently of any reader: their line and
 * field counts must equal num_rows and the leaf columns. */
START_TEST(corpus_rows_match_expected_csv) {
    static const char *const names[] = {"delta_binary_packed", "delta_byte_array",
                                        "delta_encoding_optional_column",
                                        "delta_encoding_required_column"};
    for (size_t i = 0; i < LEN(names); i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/data/%s_expect.csv", corpus(), names[i]);
        FILE *fp = fopen(path, "rb");
        ck_assert_ptr_nonnull(fp);
        long lines = 0;
        long fields = 1;
        int ch;
        while ((ch = fgetc(fp)) != EOF) {
            if (ch == '\n') {
                lines++;
            } else if (ch == ',' && lines == 0) {
                fields++;
            }
        }
        fclose(fp);
        char rel[4096];
        snprintf(rel, sizeof rel, "data/%s.parquet", names[i]);
        int rc;
        sg_error err;
        sgp_pq_file_meta *m = load(rel, &rc, &err);
        ck_assert_msg(rc == SG_OK, "%s", err.message);
        ck_assert_int_eq(m->num_rows, lines - 1);
        ck_assert_int_eq((long)m->n_leaves, fields);
        sgp_pq_file_meta_free(m);
    }
}
END_TEST

/* Every single-byte change (a few values per byte) of a few footers decodes or fails cleanly. */
START_TEST(corpus_footer_mutations) {
    static const char *const files[] = {"data/alltypes_plain.parquet",
                                        "data/nested_maps.snappy.parquet",
                                        "data/unknown-logical-type.parquet"};
    static const uint8_t values[] = {0x00, 0x01, 0x0f, 0x19, 0x7f, 0x80, 0xff};
    for (size_t f = 0; f < LEN(files); f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", corpus(), files[f]);
        FILE *fp = fopen(path, "rb");
        ck_assert_ptr_nonnull(fp);
        fseek(fp, 0, SEEK_END);
        long size = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        uint8_t *data = malloc((size_t)size);
        ck_assert_ptr_nonnull(data);
        ck_assert_uint_eq(fread(data, 1, (size_t)size, fp), (size_t)size);
        fclose(fp);
        uint32_t metalen = (uint32_t)data[size - 8] | (uint32_t)data[size - 7] << 8 |
                           (uint32_t)data[size - 6] << 16 | (uint32_t)data[size - 5] << 24;
        size_t meta_start = (size_t)size - 8 - metalen;
        for (size_t at = meta_start; at < (size_t)size; at++) {
            uint8_t saved = data[at];
            for (size_t v = 0; v < LEN(values); v++) {
                data[at] = values[v];
                sgp_pq_file_meta *m = NULL;
                sg_error err;
                int rc = read_footer_bytes(data, (size_t)size, &m, &err);
                if (rc == SG_OK) {
                    ck_assert_ptr_nonnull(m);
                    sgp_pq_file_meta_free(m);
                } else {
                    ck_assert_ptr_null(m);
                    ck_assert_msg(strncmp(err.message, "footer: ", 8) == 0 ||
                                      strncmp(err.message, "row group ", 10) == 0,
                                  "unlocated error: %s", err.message);
                }
            }
            data[at] = saved;
        }
        free(data);
    }
}
END_TEST

/* One chunk read page by page into a flat record: levels, value bytes (dictionary pages
 * resolved through their indices) and the error, if any. */
typedef struct chunk_pages {
    size_t pages, levels, values;
    uint64_t digest; /* FNV-1a over levels and value bytes */
    int rc;
    char message[SG_ERROR_MESSAGE_MAX];
} chunk_pages;

static void fnv(uint64_t *h, const void *data, size_t n) {
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        *h = (*h ^ p[i]) * 1099511628211u;
    }
}

static void digest_value(uint64_t *h, int32_t physical, const void *values, size_t i) {
    if (physical == 6 || physical == 7 || physical == 3) { /* spans */
        const sgp_pq_span *span = &((const sgp_pq_span *)values)[i];
        fnv(h, &span->len, sizeof span->len);
        fnv(h, span->ptr, span->len);
        return;
    }
    size_t size = physical == 0 ? 1 : (physical == 1 || physical == 4) ? 4 : 8;
    fnv(h, (const uint8_t *)values + i * size, size);
}

static void read_chunk(sgp_pq_column *col, int32_t physical, chunk_pages *out) {
    memset(out, 0, sizeof *out);
    out->digest = 14695981039346656037u;
    sg_error err;
    for (;;) {
        sgp_pq_batch b;
        out->rc = sgp_pq_column_next(col, &b, &err);
        if (out->rc != SG_OK) {
            snprintf(out->message, sizeof out->message, "%s", err.message);
            return;
        }
        if (b.n_levels == 0) {
            return;
        }
        out->pages++;
        out->levels += b.n_levels;
        out->values += b.n_values;
        if (b.def != NULL) {
            fnv(&out->digest, b.def, b.n_levels * sizeof *b.def);
        }
        if (b.rep != NULL) {
            fnv(&out->digest, b.rep, b.n_levels * sizeof *b.rep);
        }
        for (size_t i = 0; i < b.n_values; i++) {
            if (b.indices != NULL) {
                ck_assert_uint_lt(b.indices[i], b.dictionary_size);
                digest_value(&out->digest, physical, b.dictionary, b.indices[i]);
            } else {
                ck_assert_ptr_nonnull(b.values);
                digest_value(&out->digest, physical, b.values, i);
            }
        }
    }
}

/* A reader reopened from chunk to chunk, yielding dictionary indices only, reads every chunk of
 * the corpus as a fresh reader does: same pages, levels, values and errors. */
START_TEST(corpus_column_reopen_and_indices_only) {
    char dir_path[4096];
    snprintf(dir_path, sizeof dir_path, "%s/data", corpus());
    DIR *d = opendir(dir_path);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    size_t chunks = 0, dictionary_chunks = 0;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 8 || strcmp(e->d_name + n - 8, ".parquet") != 0) {
            continue;
        }
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir_path, e->d_name);
        sg_error err;
        sg_parquet *pq = NULL;
        sgp_pq_schema *schema = NULL;
        if (sg_parquet_open(&pq, path, &err) != SG_OK ||
            sgp_pq_schema_build(&schema, pq->meta, path, &err) != SG_OK) {
            sg_parquet_free(pq);
            continue;
        }
        sgp_pq_column *reused = NULL;
        for (size_t g = 0; g < pq->meta->n_row_groups; g++) {
            for (size_t i = 0; i < schema->n_leaves; i++) {
                const sgp_pq_leaf *leaf = &schema->leaves[i];
                sgp_pq_column *fresh = NULL;
                int rc_fresh = sgp_pq_column_open(&fresh, pq->source, pq->meta, leaf, g, i, &err);
                int rc_reused = reused == NULL ? sgp_pq_column_open(&reused, pq->source, pq->meta,
                                                                    leaf, g, i, &err)
                                               : sgp_pq_column_reopen(reused, leaf, g, i, &err);
                ck_assert_int_eq(rc_fresh, rc_reused);
                if (rc_fresh != SG_OK) {
                    continue;
                }
                sgp_pq_column_indices_only(reused, true);
                chunk_pages a, b;
                read_chunk(fresh, leaf->physical, &a);
                read_chunk(reused, leaf->physical, &b);
                sgp_pq_column_free(fresh);
                ck_assert_msg(a.rc == b.rc && strcmp(a.message, b.message) == 0, "%s: %s / %s",
                              e->d_name, a.message, b.message);
                ck_assert_uint_eq(a.pages, b.pages);
                ck_assert_uint_eq(a.levels, b.levels);
                ck_assert_uint_eq(a.values, b.values);
                ck_assert_msg(a.digest == b.digest, "%s row group %zu column %s differs", e->d_name,
                              g, leaf->path);
                chunks++;
                dictionary_chunks +=
                    pq->meta->row_groups[g].columns[i].meta.has_dictionary_page_offset;
            }
        }
        /* A failed reopen leaves the reader unusable, and a later reopen recovers it. */
        if (reused != NULL) {
            ck_assert_int_ne(sgp_pq_column_reopen(reused, &schema->leaves[0], SIZE_MAX, 0, &err),
                             SG_OK);
            sgp_pq_batch b;
            ck_assert_int_ne(sgp_pq_column_next(reused, &b, &err), SG_OK);
            ck_assert_int_eq(sgp_pq_column_reopen(reused, &schema->leaves[0], 0, 0, &err), SG_OK);
            chunk_pages c;
            read_chunk(reused, schema->leaves[0].physical, &c);
        }
        sgp_pq_column_free(reused);
        sgp_pq_schema_free(schema);
        sg_parquet_free(pq);
    }
    closedir(d);
    ck_assert_uint_gt(chunks, 300);
    ck_assert_uint_gt(dictionary_chunks, 50);
}
END_TEST

/* Without arguments: the unit cases. With "corpus": the corpus cases, or a TAP skip of the
 * whole run when the corpus is absent. */
int main(int argc, char **argv) {
    bool corpus_run = argc > 1 && strcmp(argv[1], "corpus") == 0;
    if (corpus_run && corpus() == NULL) {
        printf("1..0 # SKIP parquet-testing corpus not found (SG_PARQUET_TESTING)\n");
        return 0;
    }
    Suite *s = suite_create("parquet");
    if (!corpus_run) {
        TCase *tc = tcase_create("parquet");
        tcase_set_timeout(tc, 30);
        tcase_add_test(tc, thrift_varints_and_zigzag);
        tcase_add_test(tc, thrift_varint_overflow_and_truncation);
        tcase_add_test(tc, thrift_binary_lengths);
        tcase_add_test(tc, thrift_struct_fields_and_skip);
        tcase_add_test(tc, thrift_containers_bounded);
        tcase_add_test(tc, thrift_nesting_limit);
        tcase_add_test(tc, source_memory_and_missing_file);
        tcase_add_test(tc, footer_magic_and_lengths);
        tcase_add_test(tc, footer_hand_built_minimal);
        tcase_add_test(tc, footer_chunk_ranges_located);
        suite_add_tcase(s, tc);
    } else {
        TCase *tc = tcase_create("corpus");
        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, corpus_alltypes_plain);
        tcase_add_test(tc, corpus_known_facts);
        tcase_add_test(tc, corpus_readme_facts);
        tcase_add_test(tc, corpus_every_data_file);
        tcase_add_test(tc, corpus_every_bad_file);
        tcase_add_test(tc, corpus_truncations);
        tcase_add_test(tc, corpus_rows_match_expected_csv);
        tcase_add_test(tc, corpus_footer_mutations);
        tcase_add_test(tc, corpus_column_reopen_and_indices_only);
        suite_add_tcase(s, tc);
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

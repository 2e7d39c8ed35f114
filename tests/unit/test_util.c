/* tests/unit/test_util.c: the private helpers: SHA-256 against FIPS 180-4 vectors, UTF-8
 * validation, the text buffer, names and error formatting. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sources/avro_internal.h"
#include "util/json.h"
#include "util/util.h"

START_TEST(sha256_fips_vectors) {
    char hex[65];
    sgp_sha256_hex("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sgp_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sgp_sha256_hex(two_blocks, strlen(two_blocks), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(sha256_incremental_million_a) {
    sgp_sha256 ctx;
    sgp_sha256_init(&ctx);
    char chunk[1024]; /* steps below never exceed 1009 bytes */
    memset(chunk, 'a', sizeof chunk);
    /* Odd-sized updates cross block boundaries at every offset. */
    size_t left = 1000000;
    size_t step = 1;
    while (left > 0) {
        size_t n = step < left ? step : left;
        sgp_sha256_update(&ctx, chunk, n);
        left -= n;
        step = step % 997 + 13;
    }
    uint8_t digest[32];
    sgp_sha256_final(&ctx, digest);
    static const uint8_t expected[32] = {0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92,
                                         0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
                                         0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e,
                                         0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    ck_assert_mem_eq(digest, expected, 32);
}
END_TEST

START_TEST(utf8_validation) {
    ck_assert(sgp_utf8_valid("plain", 5));
    ck_assert(sgp_utf8_valid("caf\xc3\xa9", 5));
    ck_assert(sgp_utf8_valid("\xf0\x9f\x98\x80", 4));
    ck_assert(!sgp_utf8_valid("\xc3", 1));             /* truncated */
    ck_assert(!sgp_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
    ck_assert(!sgp_utf8_valid("\xe0\x80\xaf", 3));     /* overlong */
    ck_assert(!sgp_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    ck_assert(!sgp_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    ck_assert(!sgp_utf8_valid("\xff", 1));
    ck_assert(!sgp_utf8_valid("a\x80", 2)); /* stray continuation */
}
END_TEST

START_TEST(buffer_grows_and_formats) {
    sgp_buf buf = SGP_BUF_INIT;
    for (int i = 0; i < 1000; i++) {
        sgp_buf_printf(&buf, "%d,", i);
    }
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sgp_buf_printf(&buf, "%s", big); /* longer than the small stack buffer */
    char *text = sgp_buf_take(&buf);
    ck_assert_ptr_nonnull(text);
    ck_assert(strncmp(text, "0,1,2,", 6) == 0);
    ck_assert_uint_eq(strlen(text), 3890 + 599);
    free(text);
    sgp_buf empty = SGP_BUF_INIT;
    text = sgp_buf_take(&empty);
    ck_assert_str_eq(text, "");
    free(text);
}
END_TEST

START_TEST(avro_names) {
    ck_assert(sgp_avro_name_valid("_a1"));
    ck_assert(!sgp_avro_name_valid("1a"));
    ck_assert(!sgp_avro_name_valid(""));
    ck_assert(!sgp_avro_name_valid("a-b"));
    ck_assert(!sgp_avro_name_valid("a.b"));
    ck_assert(sgp_avro_fullname_valid("a.b.C"));
    ck_assert(!sgp_avro_fullname_valid("a..C"));
    ck_assert(!sgp_avro_fullname_valid(".a"));
    ck_assert(!sgp_avro_fullname_valid("a."));
    ck_assert(sgp_avro_namespace_valid(""));
    ck_assert(!sgp_avro_namespace_valid("com.1x"));
    ck_assert(sgp_avro_is_primitive("bytes"));
    ck_assert(!sgp_avro_is_primitive("Bytes"));
}
END_TEST

START_TEST(error_format_parts) {
    sg_error err;
    sgp_error(&err, SG_EINVALID, "a.avsc", "/fields/0", 0, 0, "bad %s", "thing");
    char text[1024];
    sg_error_format(&err, text, sizeof text);
    ck_assert_str_eq(text, "a.avsc: /fields/0: bad thing");
    sgp_error(&err, SG_EPARSE, "a.avsc", NULL, 3, 7, "oops");
    sg_error_format(&err, text, sizeof text);
    ck_assert_str_eq(text, "a.avsc:3:7: oops");
    sgp_error(&err, SG_EIO, NULL, NULL, 0, 0, "plain");
    sg_error_format(&err, text, sizeof text);
    ck_assert_str_eq(text, "plain");
    err.row_group = 2;
    err.row = 17;
    sg_error_format(&err, text, sizeof text);
    ck_assert_str_eq(text, "row group 2, row 17: plain");
    ck_assert_str_eq(sg_code_name(SG_ELIMIT), "limit exceeded");
    ck_assert_str_eq(sg_code_name(12345), "unknown error");
    /* Long messages are cut, never overflow. */
    char long_text[2000];
    memset(long_text, 'm', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    sgp_error(&err, SG_EINVALID, long_text, long_text, 0, 0, "%s", long_text);
    ck_assert_uint_eq(strlen(err.message), SG_ERROR_MESSAGE_MAX - 1);
    ck_assert_uint_eq(strlen(err.source), SG_ERROR_SOURCE_MAX - 1);
    /* A NULL error record is allowed everywhere. */
    ck_assert_int_eq(sgp_error(NULL, SG_EIO, NULL, NULL, 0, 0, "x"), SG_EIO);
}
END_TEST

START_TEST(json_parse_limits_and_locations) {
    sg_error err;
    json_t *v = sgp_json_parse("{\"a\": 1,\n \"a\": 2}", 17, "x.json", &err);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(err.code, SG_EPARSE);
    ck_assert_int_eq(err.line, 2);
    char deep[4000];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) {
        deep[n++] = '[';
    }
    for (int i = 0; i < 1000; i++) {
        deep[n++] = ']';
    }
    v = sgp_json_parse(deep, n, "deep.json", &err);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(err.code, SG_ELIMIT);
    /* Brackets inside strings do not count towards depth. */
    const char *quoted = "[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]";
    v = sgp_json_parse(quoted, strlen(quoted), "q.json", &err);
    ck_assert_ptr_nonnull(v);
    json_decref(v);
    v = sgp_json_parse("  \n ", 4, "empty.json", &err);
    ck_assert_ptr_null(v);
    ck_assert_str_eq(err.message, "empty input: no JSON value");
}
END_TEST

START_TEST(json_pointer_escapes) {
    char p[64] = "";
    sgp_json_pointer_push(p, sizeof p, "a/b");
    sgp_json_pointer_push(p, sizeof p, "c~d");
    sgp_json_pointer_push_index(p, sizeof p, 12);
    ck_assert_str_eq(p, "/a~1b/c~0d/12");
    char tiny[6] = "";
    sgp_json_pointer_push(tiny, sizeof tiny, "abcdefgh");
    ck_assert_uint_lt(strlen(tiny), sizeof tiny);
}
END_TEST

int main(void) {
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("util");
    tcase_add_test(tc, sha256_fips_vectors);
    tcase_add_test(tc, sha256_incremental_million_a);
    tcase_add_test(tc, utf8_validation);
    tcase_add_test(tc, buffer_grows_and_formats);
    tcase_add_test(tc, avro_names);
    tcase_add_test(tc, error_format_parts);
    tcase_add_test(tc, json_parse_limits_and_locations);
    tcase_add_test(tc, json_pointer_escapes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

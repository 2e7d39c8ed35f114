/* tests/unit/test_alloc.c: what the library does when memory runs out. The library's calls to
 * malloc, calloc and realloc (and jansson's) are wrapped (-Wl,--wrap) so that from the n-th
 * one on they fail; for every n until a run needs no more, loading and writing must fail
 * cleanly: an error code that the filled sg_error repeats, no schema left behind, nothing
 * leaked or freed twice (the sanitizer build checks those). Avro C's allocations never fail,
 * and jansson's only while writing: its parser asserts on some allocation failures. */
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemagate/schemagate.h>

#include "alloc_wrap.h"

static void arm(long n, bool json) {
    alloc_fail_after(n);
    alloc_json_fails = json;
}

static bool disarm(void) {
    alloc_fail_after(-1);
    return alloc_failed;
}

static char *read_case(const char *format, const char *name, const char *file) {
    const char *dir = getenv("SG_CASES_DIR");
    ck_assert_ptr_nonnull(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/valid/%s/%s", dir, format, name, file);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *text = __real_calloc(1, 1 << 20);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    fclose(f);
    text[n] = '\0';
    return text;
}

/* Loads text with the n-th and later allocations failing, for every n; returns the schema of a
 * run with no failure. */
static sg_schema *load_under_pressure(const char *text, sg_format format) {
    for (long n = 0;; n++) {
        sg_schema *s = NULL;
        sg_error err;
        arm(n, false);
        int rc = sg_schema_load_buffer(&s, text, strlen(text), format, "t", &err);
        bool hit = disarm();
        if (rc == SG_OK) {
            ck_assert_ptr_nonnull(s);
            if (!hit) {
                return s;
            }
            sg_schema_free(s);
            continue;
        }
        ck_assert_msg(hit, "failed (%d: %s) although no allocation failed", rc, err.message);
        ck_assert_ptr_null(s);
        ck_assert_int_eq(err.code, rc);
        ck_assert_msg(err.message[0] != '\0', "error %d without a message", rc);
    }
}

/* Writes s as format with the n-th and later allocations failing, for every n. */
static void write_under_pressure(const sg_schema *s, sg_format format) {
    for (long n = 0;; n++) {
        char *text = NULL;
        sg_error err;
        sg_error_clear(&err);
        arm(n, true);
        int rc = sg_schema_write(s, format, &text, &err);
        bool hit = disarm();
        if (rc == SG_OK) {
            ck_assert_ptr_nonnull(text);
            sg_free(text);
            if (!hit) {
                return;
            }
            continue;
        }
        ck_assert_msg(hit, "write failed (%d: %s) although no allocation failed", rc, err.message);
        ck_assert_ptr_null(text);
        ck_assert_int_eq(err.code, rc);
    }
}

/* Copies s with the n-th and later allocations failing, for every n. */
static void copy_under_pressure(const sg_schema *s) {
    for (long n = 0;; n++) {
        sg_schema *copy = NULL;
        arm(n, true);
        int rc = sg_schema_copy(&copy, s);
        bool hit = disarm();
        if (rc == SG_OK) {
            ck_assert(sg_schema_equal(s, copy, SG_CMP_DEFAULT));
            sg_schema_free(copy);
            if (!hit) {
                return;
            }
            continue;
        }
        ck_assert_int_eq(rc, SG_ENOMEM);
        ck_assert_ptr_null(copy);
    }
}

static const char *const avro_cases[] = {
    "custom-properties",          "defaults-record",
    "enum-doc-aliases-default",   "logical-all-in-record",
    "logical-unknown-in-record",  "map-of-records",
    "named-reference-enum-fixed", "namespace-spec-example",
    "union-named-types",          "union-null-last",
    "field-doc-aliases",
};

START_TEST(avro_load_write_and_copy_run_out_of_memory_cleanly) {
    for (size_t i = 0; i < sizeof avro_cases / sizeof avro_cases[0]; i++) {
        char *text = read_case("avro", avro_cases[i], "input.avsc");
        sg_schema *s = load_under_pressure(text, SG_FORMAT_AVRO);
        write_under_pressure(s, SG_FORMAT_AVRO);
        copy_under_pressure(s);
        /* The model form of the same schema, read back under pressure too. */
        char *model = NULL;
        ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_MODEL, &model, NULL), SG_OK);
        sg_schema *again = load_under_pressure(model, SG_FORMAT_MODEL);
        ck_assert(sg_schema_equal(s, again, SG_CMP_DEFAULT));
        sg_schema_free(again);
        sg_free(model);
        sg_schema_free(s);
        free(text);
    }
}
END_TEST

START_TEST(spark_load_and_write_run_out_of_memory_cleanly) {
    static const char *const cases[] = {"map-complex-keys-and-values", "metadata-other-keys",
                                        "nested-structs", "primitives-all"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = read_case("spark", cases[i], "input.json");
        sg_schema *s = load_under_pressure(text, SG_FORMAT_SPARK);
        write_under_pressure(s, SG_FORMAT_SPARK);
        sg_schema_free(s);
        free(text);
    }
}
END_TEST

int main(void) {
    json_set_alloc_funcs(alloc_json_malloc, free);
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("alloc");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, avro_load_write_and_copy_run_out_of_memory_cleanly);
    tcase_add_test(tc, spark_load_and_write_run_out_of_memory_cleanly);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed_count = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed_count ? 1 : 0;
}

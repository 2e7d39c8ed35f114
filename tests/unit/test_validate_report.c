/* tests/unit/test_validate_report.c: the bounded report of a validation (validate/report.h):
 * counting, sample limits, truncation, merge order, a million adds on one key without one
 * allocation, allocation failures at every point (malloc, calloc, realloc and jansson's
 * allocations wrapped to fail on demand) leaving the report as it was, and each renderer's exact
 * output for a small report (tests/cases/report/; SG_REPORT_REGENERATE=1 rewrites them), with
 * the escaping of nasty values in text, JSON and XML. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc_wrap.h"
#include "schemagate/validate.h"
#include "util/escape.h"
#include "util/util.h"
#include "validate/report.h"

/* Sanitizers make everything a few times slower. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOW_FACTOR 10
#else
#define SLOW_FACTOR 1
#endif

/* ---- Helpers ---- */

static sgp_where parquet_at(const char *file, int64_t row_group, int64_t row, const char *column) {
    sgp_where w = SGP_WHERE_INIT;
    w.file = file;
    w.row_group = row_group;
    w.row = row;
    w.column = column;
    return w;
}

static sgp_where csv_at(const char *file, int64_t line, int64_t record, int64_t index,
                        const char *column) {
    sgp_where w = SGP_WHERE_INIT;
    w.file = file;
    w.line = line;
    w.row = record;
    w.column_index = index;
    w.column = column;
    return w;
}

static bool add_null(sgp_report *r, const char *file, int64_t rg, int64_t row) {
    sgp_where w = parquet_at(file, rg, row, "customer.id");
    return sgp_report_add(r, "null-in-required", SGP_VIOLATION, &w, NULL, 0,
                          "null where the schema says not nullable");
}

static json_t *render_json(const sgp_report *r) {
    char *text = sgp_report_render(r, SG_REPORT_JSON, 0.5);
    ck_assert_ptr_nonnull(text);
    json_error_t jerr;
    json_t *doc = json_loads(text, JSON_ALLOW_NUL, &jerr);
    ck_assert_msg(doc != NULL, "not JSON: %s\n%s", jerr.text, text);
    free(text);
    return doc;
}

static json_t *finding_at(json_t *doc, size_t i) {
    return json_array_get(json_object_get(doc, "findings"), i);
}

static const char *str_of(json_t *object, const char *key) {
    return json_string_value(json_object_get(object, key));
}

static json_int_t int_of(json_t *object, const char *key) {
    return json_integer_value(json_object_get(object, key));
}

static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    sgp_buf buf = SGP_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sgp_buf_append(&buf, chunk, n);
    }
    fclose(f);
    return sgp_buf_take(&buf);
}

/* Replaces every `from` in text with `to` (a new string). */
static char *replaced(const char *text, const char *from, const char *to) {
    sgp_buf buf = SGP_BUF_INIT;
    size_t from_length = strlen(from);
    for (const char *p = text;;) {
        const char *hit = strstr(p, from);
        if (!hit) {
            sgp_buf_puts(&buf, p);
            break;
        }
        sgp_buf_append(&buf, p, (size_t)(hit - p));
        sgp_buf_puts(&buf, to);
        p = hit + from_length;
    }
    return sgp_buf_take(&buf);
}

/* Compares text with tests/cases/report/<name> (the version as @VERSION@), or rewrites the
 * file when SG_REPORT_REGENERATE is set. */
static void expect_file(const char *name, const char *text) {
    const char *cases = getenv("SG_CASES_DIR") ? getenv("SG_CASES_DIR") : "tests/cases";
    char path[4096];
    snprintf(path, sizeof path, "%s/report/%s", cases, name);
    char *generic = replaced(text, sg_version(), "@VERSION@");
    ck_assert_ptr_nonnull(generic);
    if (getenv("SG_REPORT_REGENERATE")) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs(generic, f);
        fclose(f);
    }
    char *expected = read_all(path);
    ck_assert_msg(expected != NULL, "cannot read %s", path);
    ck_assert_msg(strcmp(expected, generic) == 0, "%s differs; got:\n%s", name, generic);
    free(expected);
    free(generic);
}

/* ---- Counting ---- */

START_TEST(counts_by_rule_severity_and_column) {
    sgp_report *r = sgp_report_new(5);
    ck_assert_ptr_nonnull(r);
    sgp_where w = parquet_at("a.parquet", 0, 1, "x");
    ck_assert(sgp_report_add(r, "extra-column", SGP_WARNING, &w, NULL, 0, "m"));
    ck_assert(sgp_report_add(r, "extra-column", SGP_VIOLATION, &w, NULL, 0, "m"));
    ck_assert(sgp_report_add(r, "extra-column", SGP_WARNING, &w, NULL, 0, "m"));
    w.column = "y";
    ck_assert(sgp_report_add(r, "extra-column", SGP_WARNING, &w, NULL, 0, "m"));
    w.column = "";
    ck_assert(sgp_report_add(r, "extra-column", SGP_WARNING, &w, NULL, 0, "m"));
    w.column = NULL;
    ck_assert(sgp_report_add(r, "extra-column", SGP_WARNING, &w, NULL, 0, "m"));
    /* A rule and column that together spell another pair's key stay apart. */
    w.column = "b";
    ck_assert(sgp_report_add(r, "a\x01", SGP_WARNING, &w, NULL, 0, "m"));
    w.column = "\x01"
               "b";
    ck_assert(sgp_report_add(r, "a", SGP_WARNING, &w, NULL, 0, "m"));
    ck_assert(sgp_report_add_many(r, "extra-column", SGP_VIOLATION, &w, 0, NULL, 0, "none"));
    ck_assert(!sgp_report_add_many(r, "extra-column", SGP_VIOLATION, &w, -1, NULL, 0, "bad"));
    ck_assert(!sgp_report_add(r, NULL, SGP_VIOLATION, &w, NULL, 0, "no rule"));
    ck_assert(!sgp_report_add(r, "x", (sgp_severity)7, &w, NULL, 0, "bad severity"));
    ck_assert(!sgp_report_add(NULL, "x", SGP_VIOLATION, &w, NULL, 0, "no report"));
    /* No location at all is allowed. */
    ck_assert(sgp_report_add(r, "file-error", SGP_VIOLATION, NULL, NULL, 0, NULL));

    ck_assert_int_eq(sgp_report_count(r, SGP_WARNING), 7);
    ck_assert_int_eq(sgp_report_count(r, SGP_VIOLATION), 2);
    ck_assert_int_eq(sgp_report_count(r, (sgp_severity)3), 0);
    ck_assert_int_eq(sgp_report_count(NULL, SGP_WARNING), 0);

    json_t *doc = render_json(r);
    json_t *findings = json_object_get(doc, "findings");
    ck_assert_uint_eq(json_array_size(findings), 8);
    static const char *const columns[] = {"x",
                                          "x",
                                          "y",
                                          "",
                                          NULL,
                                          "b",
                                          "\x01"
                                          "b",
                                          NULL};
    static const json_int_t counts[] = {2, 1, 1, 1, 1, 1, 1, 1};
    for (size_t i = 0; i < 8; i++) {
        json_t *f = finding_at(doc, i);
        if (columns[i]) {
            ck_assert_str_eq(str_of(f, "column"), columns[i]);
        } else {
            ck_assert(json_is_null(json_object_get(f, "column")));
        }
        ck_assert_int_eq(int_of(f, "count"), counts[i]);
    }
    ck_assert_str_eq(str_of(finding_at(doc, 1), "severity"), "violation");
    ck_assert_str_eq(str_of(finding_at(doc, 0), "severity"), "warning");
    ck_assert_str_eq(str_of(finding_at(doc, 5), "rule"), "a\x01");
    json_t *sample = json_array_get(json_object_get(finding_at(doc, 7), "samples"), 0);
    ck_assert_str_eq(str_of(sample, "message"), "");
    ck_assert_ptr_null(json_object_get(sample, "file"));
    ck_assert_ptr_null(json_object_get(sample, "row"));
    ck_assert(json_is_false(json_object_get(doc, "valid")));
    json_decref(doc);
    sgp_report_free(r);
    sgp_report_free(NULL);
}
END_TEST

START_TEST(counts_saturate) {
    sgp_report *r = sgp_report_new(1);
    sgp_where w = parquet_at("a.parquet", 0, 0, "c");
    ck_assert(sgp_report_add_many(r, "null-in-required", SGP_VIOLATION, &w, INT64_MAX - 1, NULL, 0,
                                  "page"));
    ck_assert(sgp_report_add_many(r, "null-in-required", SGP_VIOLATION, &w, 5, NULL, 0, "page"));
    ck_assert(sgp_report_add_many(r, "string-too-long", SGP_VIOLATION, &w, 3, "v", 1, "m"));
    ck_assert_int_eq(sgp_report_count(r, SGP_VIOLATION), INT64_MAX);
    ck_assert(sgp_report_file(r, "a.parquet", "parquet", INT64_MAX, INT64_MAX, NULL));
    ck_assert(sgp_report_file(r, "a.parquet", NULL, 7, -3, NULL));
    json_t *doc = render_json(r);
    ck_assert_int_eq(int_of(finding_at(doc, 0), "count"), INT64_MAX);
    json_t *file = json_array_get(json_object_get(doc, "files"), 0);
    ck_assert_int_eq(int_of(file, "rows"), INT64_MAX);
    ck_assert_int_eq(int_of(file, "violations"), INT64_MAX);
    ck_assert_int_eq(int_of(json_object_get(doc, "summary"), "violations"), INT64_MAX);
    json_decref(doc);
    sgp_report_free(r);
}
END_TEST

/* ---- Samples ---- */

START_TEST(samples_are_the_first_n) {
    sgp_report *r = sgp_report_new(2);
    for (int i = 0; i < 5; i++) {
        ck_assert(add_null(r, "a.parquet", 0, i * 10));
    }
    sgp_where w = parquet_at("a.parquet", 1, 0, "customer.id");
    ck_assert(sgp_report_add_many(r, "null-in-required", SGP_VIOLATION, &w, 1000, NULL, 0, "p"));
    json_t *doc = render_json(r);
    json_t *samples = json_object_get(finding_at(doc, 0), "samples");
    ck_assert_int_eq(int_of(finding_at(doc, 0), "count"), 1005);
    ck_assert_uint_eq(json_array_size(samples), 2);
    ck_assert_int_eq(int_of(json_array_get(samples, 0), "row"), 0);
    ck_assert_int_eq(int_of(json_array_get(samples, 1), "row"), 10);
    json_decref(doc);
    char *text = sgp_report_render(r, SG_REPORT_TEXT, 0);
    ck_assert_ptr_nonnull(strstr(text, "  ... and 1,003 more\n"));
    free(text);
    sgp_report_free(r);

    /* No samples at all; negative means none too. */
    r = sgp_report_new(-4);
    ck_assert(add_null(r, "a.parquet", 0, 1));
    ck_assert(add_null(r, "a.parquet", 0, 2));
    doc = render_json(r);
    ck_assert_int_eq(int_of(finding_at(doc, 0), "count"), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(finding_at(doc, 0), "samples")), 0);
    json_decref(doc);
    text = sgp_report_render(r, SG_REPORT_TEXT, 0);
    ck_assert_str_eq(text, "VIOLATION null-in-required  column customer.id  2 values\n\n"
                           "schemagate: 0 files, 0 rows, 0 bytes in 0.00 s: 2 violations in 1 "
                           "rule\nINVALID\n");
    free(text);
    sgp_report_free(r);
}
END_TEST

START_TEST(values_and_messages_are_cut) {
    sgp_report *r = sgp_report_new(3);
    char big[5000];
    memset(big, 'v', sizeof big);
    sgp_where w = csv_at("a.csv", 2, 0, 1, "name");
    ck_assert(sgp_report_add(r, "string-too-long", SGP_VIOLATION, &w, big, sizeof big, "long"));
    /* A two-byte character across byte 200 is not split. */
    memcpy(big + 199, "\xc3\xa9", 2);
    ck_assert(sgp_report_add(r, "string-too-long", SGP_VIOLATION, &w, big, 201, "cut before"));
    /* Exactly 200 bytes are kept whole; an empty value is a value. */
    memset(big, 'w', sizeof big);
    ck_assert(sgp_report_add(r, "string-too-long", SGP_VIOLATION, &w, big, 200, ""));
    char message[2000];
    memset(message, 'm', sizeof message - 1);
    message[sizeof message - 1] = '\0';
    ck_assert(sgp_report_add(r, "invalid-value", SGP_VIOLATION, &w, "", 0, message));
    json_t *doc = render_json(r);
    json_t *samples = json_object_get(finding_at(doc, 0), "samples");
    json_t *s0 = json_array_get(samples, 0), *s1 = json_array_get(samples, 1),
           *s2 = json_array_get(samples, 2);
    ck_assert_uint_eq(strlen(str_of(s0, "value")), 200);
    ck_assert(json_is_true(json_object_get(s0, "value_truncated")));
    ck_assert_int_eq(int_of(s0, "value_length"), 5000);
    ck_assert_uint_eq(strlen(str_of(s1, "value")), 199);
    ck_assert_int_eq(int_of(s1, "value_length"), 201);
    ck_assert_uint_eq(strlen(str_of(s2, "value")), 200);
    ck_assert(json_is_false(json_object_get(s2, "value_truncated")));
    ck_assert_ptr_null(json_object_get(s2, "value_length"));
    json_t *s3 = json_array_get(json_object_get(finding_at(doc, 1), "samples"), 0);
    ck_assert_str_eq(str_of(s3, "value"), "");
    ck_assert_uint_eq(strlen(str_of(s3, "message")), 500);
    json_decref(doc);
    char *text = sgp_report_render(r, SG_REPORT_TEXT, 0);
    ck_assert_ptr_nonnull(strstr(text, "vvv\"... (5000 bytes in all): long\n"));
    free(text);
    sgp_report_free(r);
}
END_TEST

/* ---- Merging ---- */

/* The findings of one file, in the order a checker would find them. */
static void add_part(sgp_report *r, const char *file, int variant) {
    for (int i = 0; i < 3 + variant; i++) {
        ck_assert(add_null(r, file, variant, i));
    }
    sgp_where w = parquet_at(file, -1, -1, variant ? "v" : "w");
    ck_assert(sgp_report_add(r, "extra-column", SGP_WARNING, &w, NULL, 0, "extra"));
    w = csv_at(file, 5 + variant, 3, 2, "amount");
    ck_assert(sgp_report_add(r, "decimal-overflow", SGP_VIOLATION, &w, "1.234", 5, "scale 3"));
    ck_assert(sgp_report_file(r, file, "parquet", 10 + variant, 100, NULL));
}

START_TEST(merge_appends_in_order) {
    static const char *const files[] = {"p0.parquet", "p1.parquet", "p2.parquet"};
    /* One report read in order, and one per file merged in order: the same report. */
    sgp_report *whole = sgp_report_new(4);
    sgp_report *merged = sgp_report_new(4);
    for (int i = 0; i < 3; i++) {
        add_part(whole, files[i], i);
        sgp_report *part = sgp_report_new(4);
        add_part(part, files[i], i);
        ck_assert(sgp_report_merge(merged, part));
        sgp_report_free(part);
    }
    for (int format = SG_REPORT_TEXT; format <= SG_REPORT_SARIF; format++) {
        char *a = sgp_report_render(whole, format, 1);
        char *b = sgp_report_render(merged, format, 1);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
    json_t *doc = render_json(merged);
    /* Keys in the order they first occurred: v after w, as p1 came after p0. */
    ck_assert_str_eq(str_of(finding_at(doc, 0), "rule"), "null-in-required");
    ck_assert_int_eq(int_of(finding_at(doc, 0), "count"), 3 + 4 + 5);
    ck_assert_str_eq(str_of(finding_at(doc, 1), "column"), "w");
    ck_assert_str_eq(str_of(finding_at(doc, 2), "rule"), "decimal-overflow");
    ck_assert_int_eq(int_of(finding_at(doc, 2), "count"), 3);
    ck_assert_str_eq(str_of(finding_at(doc, 3), "column"), "v");
    json_t *samples = json_object_get(finding_at(doc, 0), "samples");
    ck_assert_uint_eq(json_array_size(samples), 4);
    ck_assert_str_eq(str_of(json_array_get(samples, 3), "file"), "p1.parquet");
    json_t *files_json = json_object_get(doc, "files");
    ck_assert_uint_eq(json_array_size(files_json), 3);
    ck_assert_int_eq(int_of(json_array_get(files_json, 2), "violations"), 6);
    json_decref(doc);

    /* A smaller limit in the destination wins; the same file merged twice is one entry. */
    sgp_report *small = sgp_report_new(1);
    ck_assert(sgp_report_merge(small, merged));
    ck_assert(sgp_report_merge(small, merged));
    doc = render_json(small);
    ck_assert_uint_eq(json_array_size(json_object_get(finding_at(doc, 0), "samples")), 1);
    ck_assert_int_eq(int_of(finding_at(doc, 0), "count"), 24);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "files")), 3);
    ck_assert_int_eq(int_of(json_array_get(json_object_get(doc, "files"), 0), "rows"), 20);
    ck_assert_int_eq(int_of(json_object_get(doc, "summary"), "violations"), 30);
    json_decref(doc);
    ck_assert(!sgp_report_merge(small, small));
    ck_assert(!sgp_report_merge(NULL, small));
    ck_assert(!sgp_report_merge(small, NULL));
    sgp_report_free(small);
    sgp_report_free(whole);
    sgp_report_free(merged);
}
END_TEST

START_TEST(merge_keeps_findings_without_file) {
    sgp_report *src = sgp_report_new(1);
    sgp_where w = SGP_WHERE_INIT;
    w.column = "dt";
    ck_assert(sgp_report_add_many(src, "partition-value", SGP_VIOLATION, &w, 3, "2026-13-01", 10,
                                  "month 13"));
    ck_assert(add_null(src, "a.parquet", 0, 0));
    sgp_report *dst = sgp_report_new(0);
    ck_assert(sgp_report_merge(dst, src));
    char *a = sgp_report_render(dst, SG_REPORT_JSON, 0);
    ck_assert_ptr_nonnull(strstr(a, "\"count\": 3,\n      \"samples\": []"));
    free(a);
    ck_assert_int_eq(sgp_report_count(dst, SGP_VIOLATION), 4);
    sgp_report_free(src);
    sgp_report_free(dst);
}
END_TEST

/* ---- Speed and memory ---- */

START_TEST(million_adds_allocate_nothing) {
    sgp_report *r = sgp_report_new(5);
    char column[32] = "customer.id";
    for (int i = 0; i < 10; i++) {
        ck_assert(add_null(r, "a.parquet", 0, i));
    }
    sgp_where other = csv_at("b.csv", 1, 0, 0, "amount");
    for (int i = 0; i < 10; i++) {
        ck_assert(sgp_report_add(r, "invalid-decimal", SGP_VIOLATION, &other, "x", 1, "m"));
    }
    long before = alloc_count;
    clock_t start = clock();
    sgp_where w = parquet_at("a.parquet", 3, 0, column);
    for (int i = 0; i < 1000000; i++) {
        w.row = i;
        if (!sgp_report_add(r, "null-in-required", SGP_VIOLATION, &w, NULL, 0, "null")) {
            ck_abort_msg("add failed");
        }
    }
    /* Two keys and two files taking turns: the hash path, still without allocating. */
    for (int i = 0; i < 200000; i++) {
        if (!add_null(r, i % 2 ? "a.parquet" : "c.parquet", 0, i) ||
            !sgp_report_add(r, "invalid-decimal", SGP_VIOLATION, &other, "x", 1, "m")) {
            ck_abort_msg("add failed");
        }
    }
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    /* c.parquet is new once: its name and its per-file count. */
    ck_assert_int_le(alloc_count - before, 4);
    ck_assert_int_eq(sgp_report_count(r, SGP_VIOLATION), 10 + 10 + 1000000 + 400000);
    fprintf(stderr, "# 1.4 million adds: %.3f s\n", seconds);
    ck_assert_msg(seconds < SLOW_FACTOR * 1.0, "1.4 million adds took %.2f s", seconds);
    json_t *doc = render_json(r);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "findings")), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(finding_at(doc, 0), "samples")), 5);
    json_decref(doc);
    sgp_report_free(r);
}
END_TEST

/* ---- Allocation failures ---- */

static void build_small(sgp_report *r);

START_TEST(allocation_failures_leave_the_report_as_it_was) {
    /* Adds and file records, failed at every allocation in turn: each reports false and the
     * report renders exactly as before. */
    sgp_report *r = sgp_report_new(2);
    build_small(r);
    /* A known key in its last file (the hot path), in another file, with room for a sample;
     * new keys; new and known files. */
    const struct {
        const char *rule;
        sgp_where where;
        const char *file; /* for sgp_report_file instead of an add */
    } steps[] = {
        {"null-in-required", parquet_at("data/orders.parquet", 0, 99, "customer.id"), NULL},
        {"null-in-required", parquet_at("other.parquet", 0, 1, "customer.id"), NULL},
        {"decimal-overflow", csv_at("data/orders.csv", 30, 28, 2, "amount"), NULL},
        {"new-rule", parquet_at("data/orders.parquet", 0, 5, "customer.id"), NULL},
        {"new-rule", csv_at("new.csv", 4, 2, 1, "fresh"), NULL},
        {NULL, SGP_WHERE_INIT, "new.csv"},
        {NULL, SGP_WHERE_INIT, "data/orders.csv"},
    };
    for (size_t step = 0; step < sizeof steps / sizeof steps[0]; step++) {
        for (long n = 0;; n++) {
            char *before = sgp_report_render(r, SG_REPORT_JSON, 1);
            ck_assert_ptr_nonnull(before);
            alloc_fail_after(n);
            bool ok = steps[step].rule ? sgp_report_add(r, steps[step].rule, SGP_VIOLATION,
                                                        &steps[step].where, "value", 5, "message")
                                       : sgp_report_file(r, steps[step].file, "csv", 1, 1, "error");
            alloc_fail_after(-1);
            if (ok) {
                free(before);
                break;
            }
            ck_assert(alloc_failed);
            char *after = sgp_report_render(r, SG_REPORT_JSON, 1);
            ck_assert_str_eq(before, after);
            free(before);
            free(after);
        }
    }
    /* Renderers and merges fail cleanly too. */
    for (int format = SG_REPORT_TEXT; format <= SG_REPORT_SARIF; format++) {
        for (long n = 0;; n++) {
            alloc_fail_after(n);
            char *text = sgp_report_render(r, format, 1);
            alloc_fail_after(-1);
            if (!alloc_failed) {
                ck_assert_ptr_nonnull(text);
                free(text);
                break;
            }
            ck_assert_ptr_null(text);
        }
    }
    for (long n = 0;; n++) {
        sgp_report *dst = sgp_report_new(1);
        ck_assert(add_null(dst, "first.parquet", 0, 0));
        alloc_fail_after(n);
        bool ok = sgp_report_merge(dst, r);
        alloc_fail_after(-1);
        ck_assert(ok != alloc_failed);
        char *text = sgp_report_render(dst, SG_REPORT_TEXT, 1);
        ck_assert_ptr_nonnull(text);
        free(text);
        sgp_report_free(dst);
        if (ok) {
            break;
        }
    }
    sgp_report_free(r);
}
END_TEST

/* ---- Rendering ---- */

/* Parquet and CSV findings, a warning, a file that could not be read, a rule the table does not
 * know, a finding without a file, a cut value. */
static void build_small(sgp_report *r) {
    ck_assert(add_null(r, "data/orders.parquet", 0, 17));
    ck_assert(add_null(r, "data/orders.parquet", 0, 19));
    ck_assert(add_null(r, "data/orders.parquet", 1, 3));
    sgp_where w = parquet_at("data/orders.parquet", -1, -1, "notes");
    ck_assert(sgp_report_add(r, "extra-column", SGP_WARNING, &w, NULL, 0,
                             "the schema has no column notes"));
    w = csv_at("data/orders.csv", 18, 16, 2, "amount");
    ck_assert(sgp_report_add(r, "decimal-overflow", SGP_VIOLATION, &w, "12.345", 6,
                             "scale 3 exceeds decimal(10,2)"));
    char name[250];
    memset(name, 'n', sizeof name);
    w = csv_at("data/orders.csv", 20, 18, 1, "name");
    ck_assert(sgp_report_add(r, "string-too-long", SGP_VIOLATION, &w, name, sizeof name,
                             "250 characters exceed varchar(40)"));
    w = csv_at("data/orders.csv", 1, -1, -1, NULL);
    ck_assert(sgp_report_add(r, "bom-in-header", SGP_WARNING, &w, NULL, 0,
                             "the header starts with a byte order mark"));
    w = parquet_at(NULL, -1, -1, "dt");
    ck_assert(sgp_report_add(r, "partition-value", SGP_VIOLATION, &w, "2026-13-01", 10,
                             "month 13 is not 1 to 12"));
    ck_assert(sgp_report_file(r, "data/orders.parquet", "parquet", 1000, 36600000, NULL));
    ck_assert(sgp_report_file(r, "data/orders.csv", "csv", 20, 900, NULL));
    ck_assert(sgp_report_file(r, "data/broken file.parquet", "parquet", 0, 12,
                              "not a Parquet file: the footer magic is missing"));
    ck_assert(sgp_report_file(r, "data/clean.csv", "csv", 5, 100, NULL));
}

START_TEST(renderers_exact_output) {
    sgp_report *r = sgp_report_new(2);
    build_small(r);
    static const char *const names[] = {"small.txt", "small.json", "small.junit.xml",
                                        "small.sarif.json"};
    for (int format = SG_REPORT_TEXT; format <= SG_REPORT_SARIF; format++) {
        char *text = sgp_report_render(r, format, 0.41);
        ck_assert_ptr_nonnull(text);
        expect_file(names[format], text);
        free(text);
    }
    ck_assert_ptr_null(sgp_report_render(r, 9, 1));
    ck_assert_ptr_null(sgp_report_render(NULL, SG_REPORT_TEXT, 1));
    sgp_report_free(r);

    /* A clean run. */
    r = sgp_report_new(5);
    ck_assert(sgp_report_file(r, "a.csv", "csv", 1000000, 36600000, NULL));
    ck_assert(sgp_report_file(r, "b.csv", "csv", 1, 10, NULL));
    char *text = sgp_report_render(r, SG_REPORT_TEXT, 0.41);
    ck_assert_str_eq(text, "schemagate: 2 files, 1,000,001 rows, 36.6 MB in 0.41 s (89.3 MB/s): "
                           "no violations\nvalid\n");
    free(text);
    text = sgp_report_render(r, SG_REPORT_JUNIT, -1);
    ck_assert_ptr_nonnull(strstr(text, "<testcase classname=\"schemagate.validate\" "
                                       "name=\"b.csv\"/>\n"));
    ck_assert_ptr_nonnull(strstr(text, "tests=\"2\" failures=\"0\" errors=\"0\" time=\"0.000\""));
    free(text);
    json_t *doc = render_json(r);
    ck_assert(json_is_true(json_object_get(doc, "valid")));
    ck_assert_str_eq(str_of(json_array_get(json_object_get(doc, "files"), 0), "status"), "valid");
    json_decref(doc);
    sgp_report_free(r);
}
END_TEST

/* Bytes that each format must escape: quotes, markup, a NUL, control characters, DEL, a C1
 * control, U+FFFF, and bytes that are not UTF-8. */
static const char nasty[] = "a\"b\\<c>&d'\n\t\r\x01\x7f\xc2\x85\xef\xbf\xbf\xff\xc3(\xe2\x82\xac";
#define NASTY_LENGTH (sizeof nasty - 1)

static sgp_report *nasty_report(void) {
    sgp_report *r = sgp_report_new(2);
    sgp_where w = csv_at("dir/we<ird>&\"name\x01.csv", 3, 1, 0, "col\"<\x02>");
    char value[NASTY_LENGTH + 1];
    memcpy(value, nasty, NASTY_LENGTH);
    value[NASTY_LENGTH] = '\0';
    ck_assert(sgp_report_add(r, "invalid-utf8", SGP_VIOLATION, &w, value, NASTY_LENGTH,
                             "bad \x1b[31m <b>&amp;</b> \xff"));
    /* With a NUL inside. */
    ck_assert(sgp_report_add(r, "invalid-utf8", SGP_VIOLATION, &w, "x\0y", 3, "nul"));
    ck_assert(sgp_report_add(r, "invalid-utf8", SGP_WARNING, &w, "ok", 2, "fine\n"));
    ck_assert(sgp_report_file(r, w.file, "csv", 3, 30, "cannot <read> & \x03"));
    return r;
}

START_TEST(escaping_text) {
    sgp_report *r = nasty_report();
    char *text = sgp_report_render(r, SG_REPORT_TEXT, 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(
        text,
        "VIOLATION invalid-utf8  column col\"<\\x02>  2 values\n"
        "  dir/we<ird>&\"name\\x01.csv:3 (record 1, column 0 \"col\\\"<\\x02>\"): value "
        "\"a\\\"b\\\\<c>&d'\\n\\t\\x0d\\x01\\x7f\\u0085\xef\xbf\xbf\\xff\\xc3(\xe2\x82\xac\": "
        "bad \\x1b[31m <b>&amp;</b> \\xff\n"
        "  dir/we<ird>&\"name\\x01.csv:3 (record 1, column 0 \"col\\\"<\\x02>\"): value "
        "\"x\\x00y\": nul\n"
        "WARNING invalid-utf8  column col\"<\\x02>  1 value\n"
        "  dir/we<ird>&\"name\\x01.csv:3 (record 1, column 0 \"col\\\"<\\x02>\"): value "
        "\"ok\": fine\\n\n"
        "ERROR dir/we<ird>&\"name\\x01.csv: cannot <read> & \\x03\n"
        "\n"
        "schemagate: 1 file, 3 rows, 30 bytes in 1.00 s (0.0 MB/s): 2 violations in 1 "
        "rule, 1 warning, 1 file could not be read\n"
        "INVALID\n");
    /* Nothing reaches a terminal as a control character. */
    for (const char *p = text; *p; p++) {
        ck_assert(*p == '\n' || (unsigned char)*p >= 0x20);
        ck_assert(*p != 0x7f);
    }
    free(text);
    sgp_report_free(r);
}
END_TEST

START_TEST(escaping_json) {
    sgp_report *r = nasty_report();
    json_t *doc = render_json(r);
    json_t *sample = json_array_get(json_object_get(finding_at(doc, 0), "samples"), 0);
    ck_assert_str_eq(str_of(sample, "file"), "dir/we<ird>&\"name\x01.csv");
    ck_assert_str_eq(str_of(finding_at(doc, 0), "column"), "col\"<\x02>");
    /* Bytes that are not UTF-8 become U+FFFD; value_hex keeps them exactly. */
    ck_assert_str_eq(str_of(sample, "value"), "a\"b\\<c>&d'\n\t\r\x01\x7f\xc2\x85\xef\xbf\xbf"
                                              "\xef\xbf\xbd\xef\xbf\xbd(\xe2\x82\xac");
    ck_assert_str_eq(str_of(sample, "value_hex"), "6122625c3c633e2664270a090d017fc285efbfbfffc328"
                                                  "e282ac");
    ck_assert_str_eq(str_of(sample, "message"), "bad \x1b[31m <b>&amp;</b> \xef\xbf\xbd");
    json_t *second = json_array_get(json_object_get(finding_at(doc, 0), "samples"), 1);
    ck_assert_uint_eq(json_string_length(json_object_get(second, "value")), 3);
    ck_assert_mem_eq(json_string_value(json_object_get(second, "value")), "x\0y", 3);
    ck_assert_ptr_null(json_object_get(second, "value_hex"));
    json_t *file = json_array_get(json_object_get(doc, "files"), 0);
    ck_assert_str_eq(str_of(file, "status"), "error");
    ck_assert_str_eq(str_of(file, "error"), "cannot <read> & \x03");
    json_decref(doc);
    sgp_report_free(r);
}
END_TEST

/* XML 1.0 allows tab, newline, carriage return and characters from U+0020 on but U+FFFE and
 * U+FFFF; the text must be UTF-8. */
static void assert_xml_chars(const char *text) {
    size_t length = strlen(text);
    ck_assert(sgp_utf8_valid(text, length));
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        ck_assert_msg(c >= 0x20 || c == '\n', "control character %02x at %zu", c, i);
        ck_assert(!(c == 0xef && i + 2 < length && (unsigned char)text[i + 1] == 0xbf &&
                    (unsigned char)text[i + 2] >= 0xbe));
    }
}

START_TEST(escaping_xml) {
    sgp_report *r = nasty_report();
    char *text = sgp_report_render(r, SG_REPORT_JUNIT, 1);
    ck_assert_ptr_nonnull(text);
    assert_xml_chars(text);
    ck_assert_ptr_nonnull(strstr(text, "name=\"dir/we&lt;ird&gt;&amp;&quot;name\\x01.csv\""));
    ck_assert_ptr_nonnull(strstr(text,
                                 "<failure type=\"invalid-utf8\" message=\"invalid-utf8 column "
                                 "col&quot;&lt;\\x02&gt;: 2 values\">"));
    /* The value went through the text escapes, then XML's. */
    ck_assert_ptr_nonnull(strstr(text,
                                 "value &quot;a\\&quot;b\\\\&lt;c&gt;&amp;d&apos;\\n\\t"
                                 "\\x0d\\x01\\x7f\\u0085\\uFFFF\\xff\\xc3(\xe2\x82\xac&quot;"));
    ck_assert_ptr_nonnull(strstr(text, "<error type=\"file-error\" message=\"cannot &lt;read&gt; "
                                       "&amp; \\x03\">"));
    ck_assert_ptr_nonnull(strstr(text, "<system-out>WARNING invalid-utf8  column "
                                       "col&quot;&lt;\\x02&gt;  1 value&#10;"));
    /* A real XML parser agrees, where python3 is at hand. */
    FILE *probe = fopen("/usr/bin/python3", "rb");
    if (probe) {
        fclose(probe);
        char path[] = "/tmp/sg_report_junit_XXXXXX";
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        FILE *f = fdopen(fd, "wb");
        fputs(text, f);
        fclose(f);
        char command[256];
        snprintf(command, sizeof command,
                 "/usr/bin/python3 -c 'import sys, xml.dom.minidom; "
                 "xml.dom.minidom.parse(sys.argv[1])' %s",
                 path);
        ck_assert_int_eq(system(command), 0);
        remove(path);
    }
    free(text);
    sgp_report_free(r);
}
END_TEST

/* The helpers directly: each escape on its own. */
START_TEST(escape_helpers) {
    sgp_buf b = SGP_BUF_INIT;
    sgp_buf_xml(&b, "\xef\xbf\xbe|\xef\xbf\xbd|\t\r\n|\x80|\xed\xa0\x80", 17);
    char *s = sgp_buf_take(&b);
    ck_assert_str_eq(s, "\\uFFFE|\xef\xbf\xbd|&#9;&#13;&#10;|\\x80|\\xed\\xa0\\x80");
    free(s);
    ck_assert_uint_eq(sgp_utf8_char("\xf4\x8f\xbf\xbf", 4), 4);
    ck_assert_uint_eq(sgp_utf8_char("\xf4\x90\x80\x80", 4), 0);
    ck_assert_uint_eq(sgp_utf8_char("\xe0\x9f\xbf", 3), 0); /* overlong */
    ck_assert_uint_eq(sgp_utf8_char("\xe2\x82", 2), 0);
    ck_assert_uint_eq(sgp_utf8_char("a", 0), 0);
}
END_TEST

START_TEST(sarif_is_valid) {
    sgp_report *r = sgp_report_new(2);
    build_small(r);
    char *text = sgp_report_render(r, SG_REPORT_SARIF, 0.41);
    ck_assert_ptr_nonnull(text);
    json_error_t jerr;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    ck_assert_msg(doc != NULL, "%s", jerr.text);
    ck_assert_str_eq(str_of(doc, "version"), "2.1.0");
    ck_assert_str_eq(str_of(doc, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    json_t *runs = json_object_get(doc, "runs");
    ck_assert_uint_eq(json_array_size(runs), 1);
    json_t *run = json_array_get(runs, 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    ck_assert_str_eq(str_of(driver, "name"), "schemagate");
    json_t *rules = json_object_get(driver, "rules");
    /* The table's 29 rules and the one it does not know. */
    ck_assert_uint_eq(json_array_size(rules), 30);
    json_t *unknown = json_array_get(rules, 29);
    ck_assert_str_eq(str_of(unknown, "id"), "bom-in-header");
    ck_assert_str_eq(str_of(json_object_get(unknown, "shortDescription"), "text"),
                     "Rule bom-in-header (see docs/validate.md).");
    json_t *results = json_object_get(run, "results");
    size_t i;
    json_t *result;
    bool csv_line = false, parquet_logical = false;
    json_array_foreach(results, i, result) {
        json_t *rule = json_array_get(rules, (size_t)int_of(result, "ruleIndex"));
        ck_assert_str_eq(str_of(rule, "id"), str_of(result, "ruleId"));
        const char *level = str_of(result, "level");
        ck_assert(strcmp(level, "error") == 0 || strcmp(level, "warning") == 0);
        ck_assert_ptr_nonnull(str_of(json_object_get(result, "message"), "text"));
        json_t *location = json_array_get(json_object_get(result, "locations"), 0);
        json_t *physical = json_object_get(location, "physicalLocation");
        json_t *region = json_object_get(physical, "region");
        if (region) {
            ck_assert_int_ge(int_of(region, "startLine"), 1);
            csv_line = true;
        }
        json_t *logical = json_array_get(json_object_get(location, "logicalLocations"), 0);
        if (logical && strstr(str_of(logical, "fullyQualifiedName"), "row group")) {
            parquet_logical = true;
        }
    }
    ck_assert(csv_line && parquet_logical);
    /* The first result: a Parquet null, its logical location named as the brief says. */
    result = json_array_get(results, 0);
    json_t *location = json_array_get(json_object_get(result, "locations"), 0);
    ck_assert_str_eq(str_of(json_array_get(json_object_get(location, "logicalLocations"), 0),
                            "fullyQualifiedName"),
                     "row group 0, row 17, column customer.id");
    ck_assert_str_eq(
        str_of(json_object_get(json_object_get(location, "physicalLocation"), "artifactLocation"),
               "uri"),
        "data/orders.parquet");
    json_decref(doc);
    free(text);
    sgp_report_free(r);
}
END_TEST

/* docs/validate.md lists every rule of the table with the same description. */
START_TEST(rules_documented) {
    const char *cases = getenv("SG_CASES_DIR") ? getenv("SG_CASES_DIR") : "tests/cases";
    char path[4096];
    snprintf(path, sizeof path, "%s/../../docs/validate.md", cases);
    char *docs = read_all(path);
    ck_assert_msg(docs != NULL, "cannot read %s", path);
    sgp_report *r = sgp_report_new(0);
    char *text = sgp_report_render(r, SG_REPORT_SARIF, 0);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    json_t *rules = json_object_get(
        json_object_get(json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "tool"),
                        "driver"),
        "rules");
    ck_assert_uint_eq(json_array_size(rules), 29);
    /* The table of every rule (the sections before it have tables of their own). */
    const char *section = strstr(docs, "\n### Rules");
    ck_assert_msg(section != NULL, "docs/validate.md has no \"### Rules\" section");
    size_t i;
    json_t *rule;
    json_array_foreach(rules, i, rule) {
        char head[128];
        snprintf(head, sizeof head, "\n| `%s` | ", str_of(rule, "id"));
        const char *line = strstr(section, head);
        ck_assert_msg(line != NULL, "%s is not in docs/validate.md", str_of(rule, "id"));
        const char *end = strchr(line + 1, '\n');
        const char *description = str_of(json_object_get(rule, "shortDescription"), "text");
        const char *found = strstr(line, description);
        ck_assert_msg(found && found < end, "docs/validate.md describes %s otherwise",
                      str_of(rule, "id"));
    }
    json_decref(doc);
    free(text);
    free(docs);
    sgp_report_free(r);
}
END_TEST

int main(void) {
    json_set_alloc_funcs(alloc_json_malloc, free);
    Suite *s = suite_create("validate_report");
    TCase *tc = tcase_create("report");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, counts_by_rule_severity_and_column);
    tcase_add_test(tc, counts_saturate);
    tcase_add_test(tc, samples_are_the_first_n);
    tcase_add_test(tc, values_and_messages_are_cut);
    tcase_add_test(tc, merge_appends_in_order);
    tcase_add_test(tc, merge_keeps_findings_without_file);
    tcase_add_test(tc, million_adds_allocate_nothing);
    tcase_add_test(tc, allocation_failures_leave_the_report_as_it_was);
    tcase_add_test(tc, renderers_exact_output);
    tcase_add_test(tc, escaping_text);
    tcase_add_test(tc, escaping_json);
    tcase_add_test(tc, escaping_xml);
    tcase_add_test(tc, escape_helpers);
    tcase_add_test(tc, sarif_is_valid);
    tcase_add_test(tc, rules_documented);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

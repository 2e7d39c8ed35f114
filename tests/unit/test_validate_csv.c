/* tests/unit/test_validate_csv.c: the CSV checker (validate/csv_check.c) and the typed value
 * syntax (sgp_text_value_check): tables of accepted and refused spellings per type, then CSV
 * files written to a temporary folder and checked end to end: header matching by name and by
 * position, every structural and value rule with its location, null semantics, line endings,
 * BOM, empty and header-only files, limits, max_errors, and the split outputs byte for byte.
 *
 * The report module (validate/report.c) is built separately: this file has its own stand-in
 * for the report.h functions that records every finding in a list, so that the whole report.h
 * API used here comes from this file and the library's report is never linked in. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schemagate/schemagate.h"
#include "util/util.h"
#include "validate/csv_check.h"

/* The report stand-in ------------------------------------------------------------------------- */

typedef struct finding {
    char rule[48];
    sgp_severity severity;
    sgp_where where;
    char column[128];
    char value[256];
    bool has_value;
    char message[256];
} finding;

struct sgp_report {
    finding *items;
    size_t count;
    size_t cap;
    int samples;
};

static bool fail_adds; /* makes sgp_report_add fail, as when out of memory */

sgp_report *sgp_report_new(int samples) {
    sgp_report *r = calloc(1, sizeof *r);
    if (r) {
        r->samples = samples;
    }
    return r;
}

void sgp_report_free(sgp_report *report) {
    if (report) {
        free(report->items);
        free(report);
    }
}

bool sgp_report_add(sgp_report *r, const char *rule, sgp_severity severity, const sgp_where *where,
                    const char *value, size_t value_length, const char *message) {
    if (fail_adds || !sgp_reserve((void **)&r->items, &r->cap, r->count + 1, sizeof *r->items)) {
        return false;
    }
    finding *f = &r->items[r->count++];
    memset(f, 0, sizeof *f);
    snprintf(f->rule, sizeof f->rule, "%s", rule);
    f->severity = severity;
    f->where = *where;
    snprintf(f->column, sizeof f->column, "%s", where->column ? where->column : "-");
    f->where.column = NULL;
    f->has_value = value != NULL;
    snprintf(f->value, sizeof f->value, "%.*s", (int)(value_length < 200 ? value_length : 200),
             value ? value : "");
    snprintf(f->message, sizeof f->message, "%s", message);
    return true;
}

bool sgp_report_add_many(sgp_report *r, const char *rule, sgp_severity severity,
                         const sgp_where *where, int64_t count, const char *value,
                         size_t value_length, const char *message) {
    for (int64_t i = 0; i < count; i++) {
        if (!sgp_report_add(r, rule, severity, where, value, value_length, message)) {
            return false;
        }
    }
    return true;
}

bool sgp_report_merge(sgp_report *dst, const sgp_report *src) {
    for (size_t i = 0; i < src->count; i++) {
        const finding *f = &src->items[i];
        if (!sgp_report_add(dst, f->rule, f->severity, &f->where, f->value, strlen(f->value),
                            f->message)) {
            return false;
        }
    }
    return true;
}

int64_t sgp_report_count(const sgp_report *r, sgp_severity severity) {
    int64_t n = 0;
    for (size_t i = 0; i < r->count; i++) {
        n += r->items[i].severity == severity;
    }
    return n;
}

bool sgp_report_file(sgp_report *r, const char *path, const char *format, int64_t rows,
                     int64_t bytes, const char *error) {
    (void)r, (void)path, (void)format, (void)rows, (void)bytes, (void)error;
    return true;
}

char *sgp_report_render(const sgp_report *r, int format, double seconds) {
    (void)r, (void)format, (void)seconds;
    return NULL;
}

/* Helpers ------------------------------------------------------------------------------------- */

static char *temp_dir;

/* Outside any test (no ck_assert here): main's temporary folder for every test's files. */
static bool make_temp_dir(void) {
    char templ[] = "/tmp/sg-validate-csv-XXXXXX";
    char *dir = mkdtemp(templ);
    temp_dir = dir ? strdup(dir) : NULL;
    return temp_dir != NULL;
}

static bool remove_temp_dir(void) {
    char cmd[2100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", temp_dir);
    bool ok = system(cmd) == 0;
    free(temp_dir);
    temp_dir = NULL;
    return ok;
}

static char *temp_path(const char *name) {
    char *path = malloc(strlen(temp_dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", temp_dir, name);
    return path;
}

static char *write_file(const char *name, const char *data, size_t n) {
    char *path = temp_path(name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    sgp_buf b = SGP_BUF_INIT;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sgp_buf_append(&b, chunk, got);
    }
    fclose(f);
    sgp_buf_append(&b, "", 0);
    return sgp_buf_take(&b);
}

/* Asserts that the temporary file name holds exactly expected. */
static void expect_file(const char *name, const char *expected) {
    char *path = temp_path(name);
    char *text = read_file(path);
    ck_assert_str_eq(text, expected);
    free(text);
    free(path);
}

/* A schema from DDL ("a INT NOT NULL, b STRING") or canonical model JSON ("{..."). */
static sg_schema *schema_of(const char *text) {
    sg_schema *schema = NULL;
    sg_error err;
    sg_format format = text[0] == '{' ? SG_FORMAT_MODEL : SG_FORMAT_DDL;
    int rc = sg_schema_load_buffer(&schema, text, strlen(text), format, "schema", &err);
    ck_assert_msg(rc == SG_OK, "schema: %s", err.message);
    return schema;
}

/* Every finding, one a line: rule V|W Lline Rrow column#index [value]: message. */
static char *dump(const sgp_report *r) {
    sgp_buf out = SGP_BUF_INIT;
    for (size_t i = 0; i < r->count; i++) {
        const finding *f = &r->items[i];
        sgp_buf_printf(&out, "%s %s L%lld R%lld %s#%lld", f->rule,
                       f->severity == SGP_VIOLATION ? "V" : "W", (long long)f->where.line,
                       (long long)f->where.row, f->column, (long long)f->where.column_index);
        if (f->has_value) {
            sgp_buf_printf(&out, " [%s]", f->value);
        }
        sgp_buf_printf(&out, ": %s\n", f->message);
    }
    sgp_buf_append(&out, "", 0);
    return sgp_buf_take(&out);
}

typedef struct outcome {
    int rc;
    sg_error err;
    sgp_csv_check_result result;
    char *findings;
} outcome;

/* Checks data (written to a file) against the schema with options (NULL: defaults). */
static outcome check_with(const char *schema_text, const char *data, size_t n,
                          const sg_validate_options *options, int64_t before) {
    sg_schema *schema = schema_of(schema_text);
    sg_validate_options defaults = SG_VALIDATE_OPTIONS_INIT;
    char *path = write_file("data.csv", data, n);
    sgp_report *report = sgp_report_new(5);
    outcome o;
    memset(&o, 0, sizeof o);
    sg_error_clear(&o.err);
    o.rc = sgp_csv_check(report, sg_schema_root(schema), options ? options : &defaults, path,
                         before, &o.result, &o.err);
    o.findings = dump(report);
    sgp_report_free(report);
    sg_schema_free(schema);
    free(path);
    return o;
}

static outcome check(const char *schema_text, const char *data, const sg_validate_options *o) {
    return check_with(schema_text, data, strlen(data), o, 0);
}

/* Checks and compares the findings (the file name is the same every time: data.csv). */
static void expect(const char *schema_text, const char *data, const sg_validate_options *options,
                   const char *want) {
    outcome o = check(schema_text, data, options);
    ck_assert_msg(o.rc == SG_OK, "rc %d: %s", o.rc, o.err.message);
    ck_assert_str_eq(o.findings, want);
    free(o.findings);
}

/* Text values -----------------------------------------------------------------------------------
 */

/* Each case: a value, then the rule it breaks ("" when valid). */
typedef struct value_case {
    const char *text;
    const char *rule;
} value_case;

static void expect_values(const char *type_json, const value_case *cases, size_t n) {
    char json[1024];
    snprintf(json, sizeof json,
             "{\"schemagate_model\": 1, \"type\": {\"kind\": \"struct\", \"fields\": [{\"name\": "
             "\"v\", \"type\": %s}]}}",
             type_json);
    sg_schema *schema = schema_of(json);
    const sg_type *type = sg_field_type(sg_type_field(sg_schema_root(schema), 0));
    for (size_t i = 0; i < n; i++) {
        char message[200] = "";
        const char *rule =
            sgp_text_value_check(type, cases[i].text, strlen(cases[i].text), message);
        ck_assert_msg(strcmp(rule ? rule : "", cases[i].rule) == 0,
                      "%s: '%s' gives '%s' (%s), want '%s'", type_json, cases[i].text,
                      rule ? rule : "", message, cases[i].rule);
        ck_assert_msg(rule == NULL || (message[0] && strlen(message) < 160), "message '%s'",
                      message);
    }
    sg_schema_free(schema);
}

#define EXPECT_VALUES(type, ...)                                                                   \
    do {                                                                                           \
        static const value_case cases_[] = {__VA_ARGS__};                                          \
        expect_values(type, cases_, sizeof cases_ / sizeof cases_[0]);                             \
    } while (0)

START_TEST(values_booleans_and_integers) {
    EXPECT_VALUES("{\"kind\": \"boolean\"}", {"true", ""}, {"FALSE", ""}, {"True", ""},
                  {"1", "invalid-boolean"}, {"yes", "invalid-boolean"}, {"t", "invalid-boolean"},
                  {" true", "invalid-boolean"}, {"", "invalid-boolean"});
    EXPECT_VALUES("{\"kind\": \"int8\"}", {"127", ""}, {"-128", ""}, {"+5", ""}, {"007", ""},
                  {"128", "integer-out-of-range"}, {"-129", "integer-out-of-range"},
                  {"99999999999999999999999", "integer-out-of-range"}, {"1.0", "invalid-integer"},
                  {"1e2", "invalid-integer"}, {" 1", "invalid-integer"}, {"1 ", "invalid-integer"},
                  {"", "invalid-integer"}, {"-", "invalid-integer"}, {"+-1", "invalid-integer"},
                  {"0x10", "invalid-integer"}, {"1,000", "invalid-integer"});
    EXPECT_VALUES("{\"kind\": \"int16\"}", {"32767", ""}, {"-32768", ""},
                  {"32768", "integer-out-of-range"});
    EXPECT_VALUES("{\"kind\": \"int32\"}", {"2147483647", ""}, {"-2147483648", ""},
                  {"2147483648", "integer-out-of-range"}, {"-2147483649", "integer-out-of-range"});
    EXPECT_VALUES("{\"kind\": \"int64\"}", {"9223372036854775807", ""},
                  {"-9223372036854775808", ""}, {"9223372036854775808", "integer-out-of-range"},
                  {"-9223372036854775809", "integer-out-of-range"},
                  {"00000000000000000000000000001", ""});
    char message[200];
    sg_type *t = NULL;
    ck_assert_int_eq(sg_type_new(&t, SG_KIND_INT32), SG_OK);
    ck_assert_str_eq(sgp_text_value_check(t, "3000000000", 10, message), "integer-out-of-range");
    ck_assert_str_eq(message, "outside int32 (-2147483648..2147483647)");
    ck_assert_str_eq(sgp_text_value_check(t, " 1", 2, message), "invalid-integer");
    ck_assert_str_eq(message, "not an integer (spaces around it)");
    sg_type_free(t);
}
END_TEST

START_TEST(values_decimals) {
    EXPECT_VALUES(
        "{\"kind\": \"decimal\", \"precision\": 5, \"scale\": 2}", {"123.45", ""}, {"-123.45", ""},
        {"+1", ""}, {"0", ""}, {"000123.4500", ""}, {".5", ""}, {"5.", ""}, {"1.2e2", ""},
        {"12345e-2", ""}, {"1E+2", ""}, {"-0.00", ""},
        /* Spark removes every comma first (en-US locale). */
        {"1,23.4", ""}, {"1,000", "decimal-overflow"}, {",1,", ""}, {"123.456", "decimal-overflow"},
        {"1234.5", "decimal-overflow"}, {"1e3", "decimal-overflow"}, {"0.001", "decimal-overflow"},
        {"1.", ""}, {".", "invalid-decimal"}, {"", "invalid-decimal"}, {" 1", "invalid-decimal"},
        {"1 ", "invalid-decimal"}, {"1.2.3", "invalid-decimal"}, {"1e", "invalid-decimal"},
        {"e5", "invalid-decimal"}, {"NaN", "invalid-decimal"}, {"1e2147483648", "invalid-decimal"},
        {"0x10", "invalid-decimal"}, {",", "invalid-decimal"}, {"1d", "invalid-decimal"});
    EXPECT_VALUES("{\"kind\": \"decimal\", \"precision\": 38, \"scale\": 0}",
                  {"99999999999999999999999999999999999999", ""},
                  {"100000000000000000000000000000000000000", "decimal-overflow"},
                  {"1.5", "decimal-overflow"}, {"1.0", ""}, {"15e-1", "decimal-overflow"});
    char message[200];
    sg_type *t = NULL;
    ck_assert_int_eq(sg_type_new(&t, SG_KIND_DECIMAL), SG_OK);
    ck_assert_int_eq(sg_type_set_decimal(t, 10, 2), SG_OK);
    ck_assert_str_eq(sgp_text_value_check(t, "1.234", 5, message), "decimal-overflow");
    ck_assert_str_eq(message, "3 digits after the point: decimal(10,2) holds 2 (Spark would "
                              "round it)");
    ck_assert_str_eq(sgp_text_value_check(t, "123456789", 9, message), "decimal-overflow");
    ck_assert_str_eq(message, "9 digits before the point: decimal(10,2) holds 8");
    sg_type_free(t);
}
END_TEST

START_TEST(values_floats) {
    EXPECT_VALUES(
        "{\"kind\": \"float64\"}", {"1.5", ""}, {"-1", ""}, {".5", ""}, {"5.", ""}, {"1e308", ""},
        {"1.5E-400", ""}, {"NaN", ""}, {"Inf", ""}, {"-Inf", ""}, {"Infinity", ""},
        {"+Infinity", ""}, {"-Infinity", ""}, {"-NaN", ""}, {"1.5f", ""}, {"2d", ""},
        {"0x1.8p3", ""}, {" 1.5 ", ""}, {"1.7976931348623157e308", ""},
        {"1.7976931348623158e308", ""}, {"1.7976931348623159e308", "float-out-of-range"},
        {"-1e309", "float-out-of-range"}, {"1e999999999999", "float-out-of-range"},
        {"179769313486231580793728971405303415079934132710037826936173778980444968292764"
         "750946649017977587207096330286416692887910946555547851940402630657488671505820"
         "681908902000708383676273854845817711531764475730270069855571366959622842914819"
         "860834936475292719074168444365510704342711559699508093042880177904174497791",
         ""},
        {"179769313486231580793728971405303415079934132710037826936173778980444968292764"
         "750946649017977587207096330286416692887910946555547851940402630657488671505820"
         "681908902000708383676273854845817711531764475730270069855571366959622842914819"
         "860834936475292719074168444365510704342711559699508093042880177904174497792",
         "float-out-of-range"},
        {"0x1.fffffffffffffp1023", ""}, {"0x1.fffffffffffff7p1023", ""},
        {"0x1.fffffffffffff8p1023", "float-out-of-range"}, {"0x1p1024", "float-out-of-range"},
        {"0x0.0000001p1050", ""}, {"inf", "invalid-float"}, {"+Inf", "invalid-float"},
        {"nan", "invalid-float"}, {"1,5", "invalid-float"}, {"", "invalid-float"},
        {"1e", "invalid-float"}, {"--1", "invalid-float"}, {"0x1.8", "invalid-float"});
    EXPECT_VALUES(
        "{\"kind\": \"float32\"}", {"3.4028235e38", ""}, {"3.4028236e38", "float-out-of-range"},
        {"340282356779733661637539395458142568447", ""},
        {"340282356779733661637539395458142568448", "float-out-of-range"}, {"0x1.fffffep127", ""},
        {"0x1.ffffffp127", "float-out-of-range"}, {"1e-50", ""}, {"1e39", "float-out-of-range"});
}
END_TEST

START_TEST(values_dates_and_times) {
    EXPECT_VALUES("{\"kind\": \"date\"}", {"2024-02-29", ""}, {"0001-01-01", ""},
                  {"9999-12-31", ""}, {"2023-02-29", "invalid-date"},
                  {"2024-13-01", "invalid-date"}, {"2024-00-10", "invalid-date"},
                  {"0000-01-01", "invalid-date"}, {"2024-1-5", "invalid-date"},
                  {"2024-01", "invalid-date"}, {"2024-01-15 10:00:00", "invalid-date"},
                  {"2024-01-15T00:00", "invalid-date"}, {" 2024-01-15", "invalid-date"},
                  {"15/01/2024", "invalid-date"}, {"20240115", "invalid-date"},
                  {"", "invalid-date"}, {"+2024-01-15", "invalid-date"});
    EXPECT_VALUES(
        "{\"kind\": \"timestamp\", \"unit\": \"micros\", \"utc\": true}",
        {"2024-01-15 10:30:00", ""}, {"2024-01-15T10:30:00", ""}, {"2024-01-15T10:30", ""},
        {"2024-01-15T10:30:00Z", ""}, {"2024-01-15T10:30:00.123456+01:00", ""},
        {"2024-01-15T10:30:00-0530", ""}, {"2024-01-15T10:30:00+18", ""},
        {"2024-01-15T10:30:00.1234560", ""}, {"2024-01-15 23:59:59.999999Z", ""},
        {"2024-01-15T10:30:00.1234567", "timestamp-out-of-range"},
        {"2024-01-15T10:30:00.1234567891", "invalid-timestamp"},
        {"2024-01-15", "invalid-timestamp"}, {"2024-01-15T", "invalid-timestamp"},
        {"2024-01-15T10", "invalid-timestamp"}, {"2024-01-15T24:00:00", "invalid-timestamp"},
        {"2024-01-15T10:60", "invalid-timestamp"}, {"2024-01-15T10:30:60", "invalid-timestamp"},
        {"2024-01-15T10:30Z", ""}, {"2024-01-15T10:30:00.", "invalid-timestamp"},
        {"2024-01-15T10:30:00 Z", "invalid-timestamp"},
        {"2024-01-15T10:30:00+19:00", "invalid-timestamp"},
        {"2024-01-15T10:30:00UTC", "invalid-timestamp"},
        {"2024-02-30T10:30:00", "invalid-timestamp"}, {"2024-1-15T10:30:00", "invalid-timestamp"},
        {"2024-01-15t10:30:00", "invalid-timestamp"}, {"1705314600", "invalid-timestamp"},
        {"", "invalid-timestamp"});
    EXPECT_VALUES("{\"kind\": \"timestamp\", \"unit\": \"millis\", \"utc\": false}",
                  {"2024-01-15 10:30:00.123", ""}, {"2024-01-15 10:30:00.1230000", ""},
                  {"2024-01-15 10:30:00.1234", "timestamp-out-of-range"},
                  {"2024-01-15 10:30:00Z", "invalid-timestamp"},
                  {"2024-01-15 10:30:00+01:00", "invalid-timestamp"});
    EXPECT_VALUES("{\"kind\": \"timestamp\", \"unit\": \"nanos\", \"utc\": true}",
                  {"2024-01-15 10:30:00.123456789", ""}, {"1677-09-21T00:12:43.145224192Z", ""},
                  {"1677-09-21T00:12:43.145224191Z", "timestamp-out-of-range"},
                  {"2262-04-11T23:47:16.854775807Z", ""},
                  {"2262-04-11T23:47:16.854775808Z", "timestamp-out-of-range"},
                  {"2262-04-11T23:47:16.854775807-00:01", "timestamp-out-of-range"},
                  {"2262-04-11T23:47:16.854775807+01:00", ""},
                  {"9999-01-01T00:00:00", "timestamp-out-of-range"},
                  {"1600-01-01T00:00:00", "timestamp-out-of-range"});
    EXPECT_VALUES("{\"kind\": \"time\", \"unit\": \"millis\"}", {"10:30", ""}, {"10:30:59", ""},
                  {"23:59:59.999", ""}, {"00:00:00.5000", ""}, {"10:30:00.1234", "invalid-time"},
                  {"24:00", "invalid-time"}, {"10:3", "invalid-time"},
                  {"10:30:00Z", "invalid-time"}, {"", "invalid-time"}, {"1030", "invalid-time"});
}
END_TEST

START_TEST(values_strings_and_others) {
    EXPECT_VALUES("{\"kind\": \"string\"}", {"", ""}, {"anything at all", ""}, {" ", ""});
    EXPECT_VALUES("{\"kind\": \"string\", \"flavor\": \"varchar\", \"max_length\": 3}", {"abc", ""},
                  {"", ""}, {"\xC3\xA9\xC3\xA9\xC3\xA9", ""}, {"\xF0\x9F\x98\x80xy", ""},
                  {"abcd", "string-too-long"},
                  {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "string-too-long"});
    EXPECT_VALUES("{\"kind\": \"string\", \"flavor\": \"char\", \"max_length\": 2}", {"ab", ""},
                  {"a", ""}, {"abc", "string-too-long"});
    EXPECT_VALUES("{\"kind\": \"enum\", \"symbols\": [\"RED\", \"GREEN\"]}", {"RED", ""},
                  {"GREEN", ""}, {"red", "enum-value"}, {"", "enum-value"}, {"RED ", "enum-value"});
    EXPECT_VALUES("{\"kind\": \"uuid\"}", {"123e4567-e89b-12d3-a456-426614174000", ""},
                  {"123E4567-E89B-12D3-A456-426614174000", ""},
                  {"123e4567e89b12d3a456426614174000", "uuid-format"},
                  {"123e4567-e89b-12d3-a456-42661417400g", "uuid-format"},
                  {"{123e4567-e89b-12d3-a456-426614174000}", "uuid-format"}, {"", "uuid-format"});
    EXPECT_VALUES("{\"kind\": \"fixed\", \"size\": 4}", {"abcd", ""}, {"\xC3\xA9\xC3\xA9", ""},
                  {"abc", "fixed-size"}, {"abcde", "fixed-size"});
    EXPECT_VALUES("{\"kind\": \"binary\"}", {"", ""}, {"\xC3\xA9 anything", ""});
    EXPECT_VALUES("{\"kind\": \"null\", \"nullable\": true}", {"x", "invalid-value"});
    char message[200];
    sg_type *list = NULL, *element = NULL;
    ck_assert_int_eq(sg_type_new(&list, SG_KIND_LIST), SG_OK);
    ck_assert_int_eq(sg_type_new(&element, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_type_add_child(list, element), SG_OK);
    ck_assert_str_eq(sgp_text_value_check(list, "[1]", 3, message), "invalid-value");
    ck_assert_str_eq(message, "a list cannot be written as one text field");
    sg_type_free(list);
}
END_TEST

/* Files: header matching -------------------------------------------------------------------------
 */

#define ALL_TYPES                                                                                  \
    "id INT NOT NULL, name STRING, amount DECIMAL(10,2), day DATE, at TIMESTAMP, ok BOOLEAN, "     \
    "ratio DOUBLE, code VARCHAR(4)"

START_TEST(file_clean) {
    const char *data = "id,name,amount,day,at,ok,ratio,code\n"
                       "1,ann,12.50,2024-01-15,2024-01-15 10:30:00,true,0.5,AB\n"
                       "2,\"Smith, J\",-3,2024-02-29,2024-01-15T10:30:00Z,FALSE,1e10,\n"
                       "3,,,,,,,\n";
    outcome o = check(ALL_TYPES, data, NULL);
    ck_assert_int_eq(o.rc, SG_OK);
    ck_assert_str_eq(o.findings, "");
    ck_assert_int_eq(o.result.rows, 3);
    ck_assert_int_eq(o.result.bytes, (int64_t)strlen(data));
    free(o.findings);
}
END_TEST

START_TEST(file_header_by_name) {
    /* Any order, any ASCII case. */
    expect("id INT NOT NULL, name STRING", "NAME,Id\nann,1\nbob,x\n", NULL,
           "invalid-integer V L3 R1 id#1 [x]: not an integer\n");
    /* Missing columns (a violation when not nullable, else a warning), extra columns (a
     * warning, a violation when strict). */
    const char *schema = "id INT NOT NULL, name STRING, extra_nullable INT";
    expect(schema, "name,other\nann,1\n", NULL,
           "extra-column W L1 R-1 other#1: the schema has no column of this name\n"
           "missing-column V L1 R-1 id#-1: no field of the header has this name, and the column "
           "is not nullable\n"
           "missing-nullable-column W L1 R-1 extra_nullable#-1: no field of the header has this "
           "name (it reads as null)\n");
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    o.strict = true;
    o.case_sensitive = true;
    expect("id INT, name STRING", "ID,name\n1,ann\n", &o,
           "extra-column V L1 R-1 ID#0: the schema has no column of this name\n"
           "missing-nullable-column W L1 R-1 id#-1: no field of the header has this name (it "
           "reads as null)\n");
    /* An exact match wins over a case-insensitive one. */
    expect("{\"schemagate_model\": 1, \"type\": {\"kind\": \"struct\", \"fields\": ["
           "{\"name\": \"a\", \"type\": {\"kind\": \"int32\", \"nullable\": true}},"
           "{\"name\": \"A\", \"type\": {\"kind\": \"string\"}}]}}",
           "A\nx\n", NULL,
           "missing-nullable-column W L1 R-1 a#-1: no field of the header has this name (it "
           "reads as null)\n");
}
END_TEST

START_TEST(file_header_blank_and_duplicate) {
    expect("a INT, b INT", "a,,A, \n1,2,3,4\n", NULL,
           "blank-header V L1 R-1 -#1 []: header field 2 is blank\n"
           "duplicate-header V L1 R-1 A#2 [A]: the name of field 3 repeats field 1\n"
           "blank-header V L1 R-1 -#3 [ ]: header field 4 is blank\n"
           "missing-nullable-column W L1 R-1 b#-1: no field of the header has this name (it "
           "reads as null)\n");
    /* Only warnings when columns are matched by position. */
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    o.by_position = true;
    expect("a INT, b INT", "a,a\n1,2\n", &o,
           "duplicate-header W L1 R-1 a#1 [a]: the name of field 2 repeats field 1\n");
}
END_TEST

START_TEST(file_by_position) {
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    o.by_position = true;
    expect("id INT, name STRING", "ID,label\n1,ann\nx,bob\n", &o,
           "header-mismatch W L1 R-1 name#1 [label]: field 2 of the header is not named name\n"
           "invalid-integer V L3 R1 id#0 [x]: not an integer\n");
    expect("id INT, name STRING, n INT", "id,name\n1,ann\n", &o,
           "column-count V L1 R-1 -#-1: the header has 2 fields, the schema 3 columns\n");
    /* Without a header, always by position; the first record sets the width. */
    o.by_position = false;
    o.csv.header = SG_CSV_HEADER_NO;
    expect("id INT, name STRING", "1,ann\nx,bob\n3\n", &o,
           "invalid-integer V L2 R1 id#0 [x]: not an integer\n"
           "ragged-row V L3 R2 -#-1 [3]: 1 fields where the first record has 2\n");
    expect("id INT", "1,ann\n", &o,
           "column-count V L1 R0 -#-1: the first record has 2 fields, the schema 1 columns\n");
    /* Partition keys live in folder names, not in the file. */
    expect("{\"schemagate_model\": 1, \"type\": {\"kind\": \"struct\", \"fields\": ["
           "{\"name\": \"id\", \"type\": {\"kind\": \"int32\"}},"
           "{\"name\": \"dt\", \"partition\": true, \"type\": {\"kind\": \"date\"}},"
           "{\"name\": \"v\", \"type\": {\"kind\": \"string\"}}]}}",
           "1,a\n", &o, "");
}
END_TEST

/* Files: structure ------------------------------------------------------------------------------
 */

START_TEST(file_ragged_rows) {
    expect("a INT NOT NULL, b INT NOT NULL", "a,b\n1\n1,2,3\nx,\n4,5\r\n", NULL,
           "ragged-row V L2 R0 -#-1 [1]: 1 fields where the header has 2\n"
           "ragged-row V L3 R1 -#-1 [1,2,3]: 3 fields where the header has 2\n"
           "invalid-integer V L4 R2 a#0 [x]: not an integer\n"
           "null-in-required V L4 R2 b#1 []: an empty field (null) in a non-nullable column\n");
}
END_TEST

START_TEST(file_stray_quotes_and_utf8) {
    /* Each flaw is a violation at its field; the reader goes on with the next field and
     * record; a flawed field gets no typed check, the others do. */
    expect("a STRING, b INT", "a,b\n5\" screen,x\n\"ab\"c,1\nok,\xFF\n\"fine\",2\n", NULL,
           "stray-quote V L2 R0 a#0 [5\" screen]: a quote inside an unquoted field (line 2, "
           "column 2): quote the whole field and double the quote\n"
           "invalid-integer V L2 R0 b#1 [x]: not an integer\n"
           "stray-quote V L3 R1 a#0 [abc]: 'c' after the closing quote (line 3, column 5)\n"
           "invalid-utf8 V L4 R2 b#1 [\xFF]: invalid UTF-8: byte 0xFF (line 4, column 4)\n");
    /* In the header, too (row -1). */
    expect("a STRING", "\xC3(\nx\n", NULL,
           "invalid-utf8 V L1 R-1 \xC3(#0 [\xC3(]: invalid UTF-8: byte 0xC3 (line 1, column 1)\n"
           "missing-nullable-column W L1 R-1 a#-1: no field of the header has this name (it "
           "reads as null)\n");
}
END_TEST

START_TEST(file_unclosed_quote) {
    outcome o = check("a STRING, b INT", "a,b\nx,1\ny,\"2\nz,3\n", NULL);
    ck_assert_int_eq(o.rc, SG_EPARSE);
    ck_assert_str_eq(o.findings, "unclosed-quote V L3 R1 b#1 [2\nz,3\n]: the quote opened at "
                                 "line 3, column 3 is never closed: the rest of the file is one "
                                 "field\n");
    ck_assert_int_eq(o.err.line, 3);
    ck_assert_int_eq(o.err.column, 3);
    ck_assert_int_eq(o.err.row, 2);
    ck_assert_str_eq(o.err.message, "the quote opened here is never closed (the input ends inside "
                                    "quoted field 2)");
    ck_assert_int_eq(o.result.rows, 2);
    free(o.findings);
}
END_TEST

START_TEST(file_nul_and_limits) {
    static const char nul[] = "a\nx\0y\n";
    outcome o = check_with("a STRING", nul, sizeof nul - 1, NULL, 0);
    ck_assert_int_eq(o.rc, SG_EPARSE);
    ck_assert_int_eq(o.err.line, 2);
    free(o.findings);
    /* A long field within the limits, then one beyond them. */
    size_t n = 17u * 1024u * 1024u;
    char *big = malloc(n + 16);
    memcpy(big, "a\n", 2);
    memset(big + 2, 'x', n);
    memcpy(big + 2 + 1024 * 1024, "\n", 1);
    o = check_with("a VARCHAR(1048576)", big, 2 + 1024 * 1024 + 1, NULL, 0);
    ck_assert_int_eq(o.rc, SG_OK);
    ck_assert_str_eq(o.findings, "");
    free(o.findings);
    memset(big + 2, 'x', n);
    o = check_with("a STRING", big, n + 2, NULL, 0);
    ck_assert_int_eq(o.rc, SG_ELIMIT);
    ck_assert_int_eq(o.err.line, 2);
    free(o.findings);
    free(big);
}
END_TEST

START_TEST(file_line_endings_bom_and_blank_lines) {
    const char *want = "invalid-integer V L3 R1 a#0 [x]: not an integer\n";
    expect("a INT", "a\n1\nx\n", NULL, want);
    expect("a INT", "a\r\n1\r\nx\r\n", NULL, want);
    expect("a INT", "a\r1\rx", NULL, want);
    expect("a INT",
           "\xEF\xBB\xBF"
           "a\n1\nx",
           NULL, want);
    expect("a INT", "a\n\n1\n\r\nx\n", NULL, "invalid-integer V L5 R1 a#0 [x]: not an integer\n");
    /* A record over several lines: its line is where it starts. */
    expect("a STRING, b INT", "a,b\n\"1\n2\",x\ny,z\n", NULL,
           "invalid-integer V L2 R0 b#1 [x]: not an integer\n"
           "invalid-integer V L4 R1 b#1 [z]: not an integer\n");
    /* Skipped lines come before the header. */
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    o.csv.skip_rows = 2;
    expect("a INT", "junk \"\nmore\na\nx\n", &o,
           "invalid-integer V L4 R0 a#0 [x]: not an integer\n");
}
END_TEST

START_TEST(file_empty_and_header_only) {
    outcome o = check("a INT NOT NULL", "", NULL);
    ck_assert_int_eq(o.rc, SG_OK);
    ck_assert_str_eq(o.findings, "missing-header V L-1 R-1 -#-1: the file has no records: a "
                                 "header was expected\n");
    ck_assert_int_eq(o.result.rows, 0);
    free(o.findings);
    expect("a INT NOT NULL", "\xEF\xBB\xBF\n\n", NULL,
           "missing-header V L-1 R-1 -#-1: the file has no records: a header was expected\n");
    sg_validate_options no_header = SG_VALIDATE_OPTIONS_INIT;
    no_header.csv.header = SG_CSV_HEADER_NO;
    expect("a INT NOT NULL", "", &no_header, "");
    o = check("a INT NOT NULL", "a", NULL);
    ck_assert_int_eq(o.rc, SG_OK);
    ck_assert_str_eq(o.findings, "");
    ck_assert_int_eq(o.result.rows, 0);
    ck_assert_int_eq(o.result.bytes, 1);
    free(o.findings);
}
END_TEST

/* Files: values ------------------------------------------------------------------------------- */

START_TEST(file_nulls) {
    /* No null token: an empty field and "" are both null (Spark's nullValue default is ""). */
    const char *schema = "s STRING NOT NULL, n INT NOT NULL, o STRING";
    expect(schema, "s,n,o\n,1,\n\"\",\"\",\"\"\n", NULL,
           "null-in-required V L2 R0 s#0 []: an empty field (null) in a non-nullable column\n"
           "null-in-required V L3 R1 s#0 []: \"\" reads as null (no null token is set) in a "
           "non-nullable column\n"
           "null-in-required V L3 R1 n#1 []: \"\" reads as null (no null token is set) in a "
           "non-nullable column\n");
    /* With a null token: it is null quoted or not; an empty field is still null; "" is the
     * empty string, valid text but not a number. */
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    o.csv.null_token = "\\N";
    expect(schema, "s,n,o\n\\N,\"\\N\",\\N\n\"\",\"\",\"\"\n,,\n", &o,
           "null-in-required V L2 R0 s#0 [\\N]: the null token in a non-nullable column\n"
           "null-in-required V L2 R0 n#1 [\\N]: the null token in a non-nullable column\n"
           "invalid-integer V L3 R1 n#1 []: not an integer (an empty string)\n"
           "null-in-required V L4 R2 s#0 []: an empty field (null) in a non-nullable column\n"
           "null-in-required V L4 R2 n#1 []: an empty field (null) in a non-nullable column\n");
    /* An empty null token is no token. */
    o.csv.null_token = "";
    expect("n INT", "n\n\"\"\n", &o, "");
}
END_TEST

START_TEST(file_whitespace_and_dialects) {
    /* Spaces are content: numbers with spaces are invalid, except doubles (Java trims). */
    expect("i INT, d DOUBLE, s STRING", "i,d,s\n 1 , 1.5 , x \n", NULL,
           "invalid-integer V L2 R0 i#0 [ 1 ]: not an integer (spaces around it)\n");
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    o.csv.delimiter = ';';
    expect("a INT, b STRING", "a;b\n1;x,y\nz;\n", &o,
           "invalid-integer V L3 R1 a#0 [z]: not an integer\n");
    o.csv.delimiter = '\t';
    o.csv.quote = '\0';
    o.csv.escape = '\\';
    o.csv.null_token = "\\N";
    expect("a INT NOT NULL, b STRING", "a\tb\n1\t\"x\\\ty\"\n\\N\t\\N\n", &o,
           "null-in-required V L3 R1 a#0 [\\N]: the null token in a non-nullable column\n");
}
END_TEST

START_TEST(file_nested_types_unsupported) {
    sg_schema *schema = schema_of("id INT, tags ARRAY<STRING>");
    char *path = write_file("data.csv", "id\n1\n", 5);
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    sgp_report *report = sgp_report_new(5);
    sgp_csv_check_result result;
    sg_error err;
    ck_assert_int_eq(sgp_csv_check(report, sg_schema_root(schema), &o, path, 0, &result, &err),
                     SG_EUNSUPPORTED);
    ck_assert_str_eq(err.path, "tags");
    ck_assert_str_eq(err.message, "column tags: a list cannot be written as one text field; CSV "
                                  "data cannot hold it");
    /* Missing files; bad arguments. */
    ck_assert_int_eq(
        sgp_csv_check(report, sg_schema_root(schema), &o, "/nonexistent/x.csv", 0, &result, &err),
        SG_EUNSUPPORTED);
    sg_schema_free(schema);
    schema = schema_of("id INT");
    ck_assert_int_eq(
        sgp_csv_check(report, sg_schema_root(schema), &o, "/nonexistent/x.csv", 0, &result, &err),
        SG_ENOTFOUND);
    ck_assert_int_eq(sgp_csv_check(report, sg_schema_root(schema), NULL, path, 0, &result, &err),
                     SG_EUSAGE);
    const sg_type *not_struct = sg_field_type(sg_type_field(sg_schema_root(schema), 0));
    ck_assert_int_eq(sgp_csv_check(report, not_struct, &o, path, 0, &result, &err), SG_EUSAGE);
    o.csv.version = 99;
    ck_assert_int_eq(sgp_csv_check(report, sg_schema_root(schema), &o, path, 0, &result, &err),
                     SG_EUSAGE);
    o.csv.version = SG_CSV_OPTIONS_VERSION;
    o.csv.delimiter = '\n';
    ck_assert_int_eq(sgp_csv_check(report, sg_schema_root(schema), &o, path, 0, &result, &err),
                     SG_EUSAGE);
    ck_assert_int_eq(report->count, 0);
    sgp_report_free(report);
    sg_schema_free(schema);
    free(path);
}
END_TEST

START_TEST(file_max_errors) {
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    o.max_errors = 3;
    const char *data = "a,b\nx,y\nz,1\n1,w\nv,u\n";
    outcome r = check_with("a INT, b INT", data, strlen(data), &o, 0);
    ck_assert_int_eq(r.rc, SG_OK);
    ck_assert_str_eq(r.findings, "invalid-integer V L2 R0 a#0 [x]: not an integer\n"
                                 "invalid-integer V L2 R0 b#1 [y]: not an integer\n"
                                 "invalid-integer V L3 R1 a#0 [z]: not an integer\n");
    ck_assert_int_eq(r.result.rows, 2);
    free(r.findings);
    /* Violations found before this file count. */
    r = check_with("a INT, b INT", data, strlen(data), &o, 2);
    ck_assert_str_eq(r.findings, "invalid-integer V L2 R0 a#0 [x]: not an integer\n");
    free(r.findings);
    r = check_with("a INT, b INT", data, strlen(data), &o, 3);
    ck_assert_str_eq(r.findings, "");
    ck_assert_int_eq(r.result.rows, 0);
    free(r.findings);
    /* Warnings do not count. */
    o.max_errors = 1;
    r = check_with("a INT, c INT", data, strlen(data), &o, 0);
    ck_assert_str_eq(r.findings,
                     "extra-column W L1 R-1 b#1: the schema has no column of this name\n"
                     "missing-nullable-column W L1 R-1 c#-1: no field of the header "
                     "has this name (it reads as null)\n"
                     "invalid-integer V L2 R0 a#0 [x]: not an integer\n");
    free(r.findings);
}
END_TEST

START_TEST(file_report_failure) {
    fail_adds = true;
    outcome o = check("a INT", "a\nx\n", NULL);
    fail_adds = false;
    ck_assert_int_eq(o.rc, SG_ENOMEM);
    free(o.findings);
}
END_TEST

/* Files: split outputs ---------------------------------------------------------------------------
 */

START_TEST(file_split) {
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    char *dir = temp_path("out/nested");
    o.split_dir = dir;
    /* CRLF kept, blank lines and the BOM dropped, multi-line records whole, the last record
     * without its line break. */
    const char *data = "\xEF\xBB\xBFid,note\r\n1,\"a\r\nb\"\r\n\r\nx,\"say \"\"hi\"\", ok\"\r\n"
                       "2,\n3,";
    outcome r = check("id INT NOT NULL, note STRING", data, &o);
    ck_assert_int_eq(r.rc, SG_OK);
    free(r.findings);
    expect_file("out/nested/valid.csv", "id,note\r\n1,\"a\r\nb\"\r\n2,\n3,");
    expect_file("out/nested/invalid.csv", "id,note\r\nx,\"say \"\"hi\"\", ok\"\r\n");
    expect_file("out/nested/errors.csv",
                "line,record,column,rule,message\n5,1,id,invalid-integer,not an integer\n");
    /* Messages with commas and quotes are quoted; file-level findings have no record. */
    r = check("id INT NOT NULL, n INT", "n,x\n\"\"\n", &o);
    free(r.findings);
    expect_file("out/nested/errors.csv",
                "line,record,column,rule,message\n"
                "1,,id,missing-column,\"no field of the header has this name, and the "
                "column is not nullable\"\n"
                "2,0,,ragged-row,1 fields where the header has 2\n");
    expect_file("out/nested/invalid.csv", "n,x\n\"\"\n");
    /* An unclosed quote: the rest of the file is one invalid record. */
    r = check("id INT", "id\n1\n\"2\n3\n", &o);
    ck_assert_int_eq(r.rc, SG_EPARSE);
    free(r.findings);
    expect_file("out/nested/invalid.csv", "id\n\"2\n3\n");
    /* Skipped lines (Glue's skip.header.line.count) head both halves, line breaks as read. */
    o.csv.header = SG_CSV_HEADER_NO;
    o.csv.skip_rows = 2;
    r = check("id INT, note STRING", "# export\r\nid,note\n1,a\nx,b\n", &o);
    ck_assert_int_eq(r.rc, SG_OK);
    free(r.findings);
    expect_file("out/nested/valid.csv", "# export\r\nid,note\n1,a\n");
    expect_file("out/nested/invalid.csv", "# export\r\nid,note\nx,b\n");
    o.csv.header = SG_CSV_HEADER_AUTO;
    o.csv.skip_rows = 0;
    /* A folder that cannot be made. */
    char *file = write_file("plain", "x", 1);
    o.split_dir = file;
    r = check("id INT", "id\n1\n", &o);
    ck_assert_int_eq(r.rc, SG_EIO);
    free(r.findings);
    free(file);
    free(dir);
}
END_TEST

/* Every truncation and byte replacement of a seed, in two dialects: a documented result, never
 * a crash (the sanitizer build runs this too), and the same findings at every run. */
START_TEST(file_mutations) {
    static const char seed[] =
        "\xEF\xBB\xBFid,name,amount,day\r\n1,\"Smith, J\",12.50,2024-01-15\r\n"
        "2,\"say \"\"hi\"\"\",x,\n3,\xC3\xA9t\xC3\xA9,1e3,2024-02-30\n";
    static const unsigned char replacements[] = {'"', ',', '\n', '\r', '\\', 0, 0xFF, 0xC3, ' '};
    const char *schema = "id INT NOT NULL, name VARCHAR(3), amount DECIMAL(5,2), day DATE";
    size_t n = sizeof seed - 1;
    char copy[sizeof seed];
    for (int mode = 0; mode < 2; mode++) {
        sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
        o.csv.escape = mode ? '\\' : '\0';
        o.csv.null_token = mode ? "\\N" : NULL;
        o.by_position = mode == 1;
        for (size_t i = 0; i <= n; i++) {
            for (size_t k = 0; k <= sizeof replacements; k++) {
                size_t length = k == sizeof replacements ? i : n; /* the last: a truncation */
                memcpy(copy, seed, n);
                if (k < sizeof replacements && i < n) {
                    copy[i] = (char)replacements[k];
                }
                outcome a = check_with(schema, copy, length, &o, 0);
                ck_assert_msg(a.rc == SG_OK || a.rc == SG_EPARSE, "rc %d at %zu/%zu", a.rc, i, k);
                ck_assert_msg(a.rc == SG_OK || a.err.message[0], "no message");
                outcome b = check_with(schema, copy, length, &o, 0);
                ck_assert_str_eq(a.findings, b.findings);
                free(a.findings);
                free(b.findings);
            }
        }
    }
}
END_TEST

int main(void) {
    if (!make_temp_dir()) {
        printf("Bail out! cannot make a temporary folder\n");
        return 1;
    }
    Suite *s = suite_create("validate_csv");
    TCase *values = tcase_create("values");
    tcase_add_test(values, values_booleans_and_integers);
    tcase_add_test(values, values_decimals);
    tcase_add_test(values, values_floats);
    tcase_add_test(values, values_dates_and_times);
    tcase_add_test(values, values_strings_and_others);
    suite_add_tcase(s, values);
    TCase *files = tcase_create("files");
    tcase_set_timeout(files, 60);
    tcase_add_test(files, file_clean);
    tcase_add_test(files, file_header_by_name);
    tcase_add_test(files, file_header_blank_and_duplicate);
    tcase_add_test(files, file_by_position);
    tcase_add_test(files, file_ragged_rows);
    tcase_add_test(files, file_stray_quotes_and_utf8);
    tcase_add_test(files, file_unclosed_quote);
    tcase_add_test(files, file_nul_and_limits);
    tcase_add_test(files, file_line_endings_bom_and_blank_lines);
    tcase_add_test(files, file_empty_and_header_only);
    tcase_add_test(files, file_nulls);
    tcase_add_test(files, file_whitespace_and_dialects);
    tcase_add_test(files, file_nested_types_unsupported);
    tcase_add_test(files, file_max_errors);
    tcase_add_test(files, file_report_failure);
    tcase_add_test(files, file_split);
    tcase_add_test(files, file_mutations);
    suite_add_tcase(s, files);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return remove_temp_dir() && !failed ? 0 : 1;
}

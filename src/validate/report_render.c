/*
 * validate/report_render.c: the report of a validation as text (for people), JSON (for
 * programs), JUnit XML (for CI test views) and SARIF 2.1.0 (for code scanning), and the table
 * of rule ids with their one-line descriptions. docs/validate.md ("Report formats") shows each.
 * Text from data files (values, names, messages) is escaped for where it goes: terminal-safe in
 * text, entities in XML, and in JSON bytes that are not UTF-8 become U+FFFD.
 */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemagate/validate.h"
#include "util/escape.h"
#include "util/json.h"
#include "validate/report_internal.h"

#define NONE SIZE_MAX

/* Rules ---------------------------------------------------------------------------------------- */

/* What a finding's count counts, for "3 values", "1 file", "2 records". */
enum unit { VALUES, RECORDS, FILES, FINDINGS };

static const char *const unit_names[][2] = {
    {"value", "values"}, {"record", "records"}, {"file", "files"}, {"finding", "findings"}};

static const struct rule_info {
    const char *id;
    enum unit unit;
    const char *description;
} rule_table[] = {
    {"missing-column", FILES, "A column the schema says is not nullable is not in the file."},
    {"missing-nullable-column", FILES,
     "A nullable column of the schema is not in the file (readers see nulls)."},
    {"extra-column", FILES, "The file has a column that the schema does not have."},
    {"type-mismatch", FILES,
     "A column's type in the file cannot be read as the schema's type (spark-parquet rules)."},
    {"null-in-required", VALUES, "A null where the schema says the value is not nullable."},
    {"decimal-overflow", VALUES,
     "A decimal value has more digits or more decimal places than the schema's decimal type."},
    {"string-too-long", VALUES, "A string is longer than the schema's varchar(n) or char(n)."},
    {"invalid-utf8", VALUES, "A string is not valid UTF-8."},
    {"enum-value", VALUES, "A value is not one of the schema's enum symbols."},
    {"integer-out-of-range", VALUES, "An integer does not fit the schema's integer type."},
    {"timestamp-out-of-range", VALUES,
     "A timestamp or date does not fit the schema's type or unit."},
    {"fixed-size", VALUES, "A binary value's size differs from the schema's fixed size."},
    {"uuid-format", VALUES, "A UUID is not 16 bytes or not in the 8-4-4-4-12 hexadecimal form."},
    {"partition-value", FILES,
     "A partition directory's value (key=value) does not parse as the partition key's type."},
    {"partition-schema-mismatch", FILES,
     "A Glue partition's own columns cannot be read with the table's (Athena: "
     "HIVE_PARTITION_SCHEMA_MISMATCH)."},
    {"ragged-row", RECORDS, "A CSV record has more or fewer fields than the header."},
    {"unclosed-quote", RECORDS, "A quoted CSV field is not closed before the end of the file."},
    {"stray-quote", RECORDS,
     "A quote character inside an unquoted CSV field, or text after a closing quote."},
    {"blank-header", FILES, "A field of the CSV header is empty."},
    {"duplicate-header", FILES, "Two fields of the CSV header have the same name."},
    {"header-mismatch", FILES, "The CSV header does not name the schema's columns."},
    {"invalid-integer", VALUES, "A CSV field does not parse as the schema's integer type."},
    {"invalid-decimal", VALUES, "A CSV field does not parse as a decimal number."},
    {"invalid-float", VALUES, "A CSV field does not parse as a floating-point number."},
    {"invalid-boolean", VALUES, "A CSV field is not one of the accepted boolean spellings."},
    {"invalid-date", VALUES, "A CSV field does not parse as a date (yyyy-mm-dd)."},
    {"invalid-timestamp", VALUES, "A CSV field does not parse as a timestamp."},
    {"invalid-value", VALUES, "A CSV field does not parse as the schema's type."},
    {"file-error", FILES, "The file could not be read: missing, unreadable or corrupt."},
};
#define RULE_COUNT (sizeof rule_table / sizeof rule_table[0])

static const struct rule_info *rule_info(const char *id) {
    for (size_t i = 0; i < RULE_COUNT; i++) {
        if (strcmp(rule_table[i].id, id) == 0) {
            return &rule_table[i];
        }
    }
    return NULL;
}

static const char *unit_name(const char *rule, int64_t count) {
    const struct rule_info *info = rule_info(rule);
    return unit_names[info ? info->unit : FINDINGS][count != 1];
}

/* Per-file totals
 * --------------------------------------------------------------------------------*/

typedef struct file_totals {
    int64_t violations;
    int64_t warnings;
} file_totals;

/* The violations and warnings of each file name (an array parallel to names), NULL when out of
 * memory. */
static file_totals *totals_by_name(const sgp_report *r) {
    file_totals *totals = calloc(r->name_count ? r->name_count : 1, sizeof *totals);
    for (size_t i = 0; totals && i < r->finding_count; i++) {
        const sgp_finding *f = &r->findings[i];
        for (size_t k = 0; k < f->file_count; k++) {
            int64_t *total = f->severity == SGP_VIOLATION ? &totals[f->files[k].name].violations
                                                          : &totals[f->files[k].name].warnings;
            *total =
                *total > INT64_MAX - f->files[k].count ? INT64_MAX : *total + f->files[k].count;
        }
    }
    return totals;
}

typedef struct summary {
    int64_t rows;
    int64_t bytes;
    size_t failed_files; /* with violations or an error */
    size_t error_files;  /* could not be read */
    size_t violation_rules;
    double seconds;
    double mb_per_s;
} summary;

static bool is_valid(const sgp_report *r, const summary *s) {
    return r->totals[SGP_VIOLATION] == 0 && s->error_files == 0;
}

static void summarize(const sgp_report *r, const file_totals *totals, double seconds, summary *s) {
    *s = (summary){0, 0, 0, 0, 0, isfinite(seconds) && seconds > 0 ? seconds : 0, 0};
    for (size_t i = 0; i < r->file_count; i++) {
        const sgp_checked_file *f = &r->files[i];
        s->rows = s->rows > INT64_MAX - f->rows ? INT64_MAX : s->rows + f->rows;
        s->bytes = s->bytes > INT64_MAX - f->bytes ? INT64_MAX : s->bytes + f->bytes;
        s->error_files += f->error != NULL;
        s->failed_files += f->error != NULL || totals[f->name].violations > 0;
    }
    for (size_t i = 0; i < r->finding_count; i++) {
        const sgp_finding *f = &r->findings[i];
        bool first = f->severity == SGP_VIOLATION && f->count > 0;
        for (size_t k = 0; first && k < i; k++) {
            first = !(r->findings[k].severity == SGP_VIOLATION && r->findings[k].count > 0 &&
                      strcmp(r->findings[k].rule, f->rule) == 0);
        }
        s->violation_rules += first;
    }
    if (s->seconds > 0) {
        s->mb_per_s = (double)s->bytes / 1e6 / s->seconds;
    }
}

/* Text pieces shared by the formats -------------------------------------------------------------*/

/* 1234567 as "1,234,567". */
static void put_count(sgp_buf *out, int64_t n) {
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%" PRId64, n);
    int lead = digits[0] == '-' ? 1 : 0;
    for (int i = 0; i < len; i++) {
        if (i > lead && (len - i) % 3 == 0) {
            sgp_buf_append(out, ",", 1);
        }
        sgp_buf_append(out, &digits[i], 1);
    }
}

static void put_text(sgp_buf *out, const char *s) {
    sgp_buf_escaped(out, s, strlen(s), false);
}

/* "3 values", "1 file": the count of a finding with its rule's unit. */
static void put_count_of(sgp_buf *out, int64_t count, const char *rule) {
    put_count(out, count);
    sgp_buf_printf(out, " %s", unit_name(rule, count));
}

/* Where in the file, without the file: "row group 0, row 17" (Parquet), "record 16, column 2
 * "amount"" (CSV); with column_path, Parquet's column path is added. False when nothing. */
static bool put_details(sgp_buf *out, const sgp_sample *s, const char *column, bool column_path) {
    bool csv = s->line >= 0 || s->column_index >= 0;
    const char *sep = "";
    if (s->row_group >= 0) {
        sgp_buf_printf(out, "row group %" PRId64, s->row_group);
        sep = ", ";
    }
    if (s->row >= 0) {
        sgp_buf_printf(out, "%s%s %" PRId64, sep, csv ? "record" : "row", s->row);
        sep = ", ";
    }
    if (s->column_index >= 0) {
        sgp_buf_printf(out, "%scolumn %" PRId64, sep, s->column_index);
        if (column) {
            sgp_buf_puts(out, " \"");
            sgp_buf_escaped(out, column, strlen(column), true);
            sgp_buf_puts(out, "\"");
        }
        sep = ", ";
    } else if (column_path && column) {
        sgp_buf_printf(out, "%scolumn ", sep);
        put_text(out, column);
        sep = ", ";
    }
    return sep[0] != '\0';
}

/* value "12.345": the sample's value quoted and escaped, with the full length when cut. */
static void put_value(sgp_buf *out, const sgp_sample *s) {
    sgp_buf_puts(out, "value \"");
    sgp_buf_escaped(out, s->value, s->value_stored, true);
    sgp_buf_puts(out, "\"");
    if (s->value_stored < s->value_length) {
        sgp_buf_printf(out, "... (%zu bytes in all)", s->value_length);
    }
}

/* What is wrong without where: `value "12.345": scale 3 exceeds decimal(10,2)`. */
static void put_what(sgp_buf *out, const sgp_sample *s) {
    if (s->value) {
        put_value(out, s);
        if (s->message[0]) {
            sgp_buf_puts(out, ": ");
        }
    }
    put_text(out, s->message);
}

/* One sample for people: `orders.csv:18 (record 16, column 2 "amount"): value "12.345": scale 3
 * exceeds decimal(10,2)` or `orders.parquet: row group 0, row 17: null where ...`. */
static void put_sample(sgp_buf *out, const sgp_sample *s, const char *column) {
    sgp_buf details = SGP_BUF_INIT;
    bool any = put_details(&details, s, column, false);
    if (details.failed) {
        out->failed = true;
    }
    if (s->file) {
        put_text(out, s->file);
    }
    if (s->line >= 0) {
        sgp_buf_printf(out, "%s%" PRId64, s->file ? ":" : "line ", s->line);
    }
    if (any) {
        sgp_buf_printf(out, s->line >= 0 ? " (%s)" : s->file ? ": %s" : "%s", details.data);
    }
    sgp_buf_free(&details);
    if (s->file || s->line >= 0 || any) {
        sgp_buf_puts(out, ": ");
    }
    put_what(out, s);
}

/* VIOLATION null-in-required  column customer.id  3 values */
static void put_heading(sgp_buf *out, const sgp_finding *f, int64_t count) {
    sgp_buf_puts(out, f->severity == SGP_VIOLATION ? "VIOLATION " : "WARNING ");
    put_text(out, f->rule);
    if (f->column) {
        sgp_buf_puts(out, "  column ");
        put_text(out, f->column);
    }
    sgp_buf_puts(out, "  ");
    put_count_of(out, count, f->rule);
}

/*
 * The samples of a finding as indented lines (each ending in newline), only those in file (an
 * interned name) unless file is NULL, then "... and K more" when count is more than shown.
 */
static void put_samples(sgp_buf *out, const sgp_finding *f, const char *file, int64_t count) {
    int64_t shown = 0;
    for (size_t i = 0; i < f->sample_count; i++) {
        if (!file || f->samples[i].file == file) {
            sgp_buf_puts(out, "  ");
            put_sample(out, &f->samples[i], f->column);
            sgp_buf_puts(out, "\n");
            shown++;
        }
    }
    if (shown > 0 && count > shown) {
        sgp_buf_puts(out, "  ... and ");
        put_count(out, count - shown);
        sgp_buf_puts(out, " more\n");
    }
}

static void put_plural(sgp_buf *out, int64_t n, const char *one, const char *many) {
    put_count(out, n);
    sgp_buf_printf(out, " %s", n == 1 ? one : many);
}

/* schemagate: 3 files, 1,000,000 rows, 36.6 MB in 0.41 s (89.3 MB/s): 2 violations in 1 rule,
 * 1 warning */
static void put_summary(sgp_buf *out, const sgp_report *r, const summary *s) {
    sgp_buf_puts(out, "schemagate: ");
    put_plural(out, (int64_t)r->file_count, "file", "files");
    sgp_buf_puts(out, ", ");
    put_plural(out, s->rows, "row", "rows");
    sgp_buf_puts(out, ", ");
    if (s->bytes < 1000000) {
        put_plural(out, s->bytes, "byte", "bytes");
    } else {
        sgp_buf_printf(out, "%.1f MB", (double)s->bytes / 1e6);
    }
    sgp_buf_printf(out, " in %.2f s", s->seconds);
    if (s->seconds > 0 && s->bytes > 0) {
        sgp_buf_printf(out, " (%.1f MB/s)", s->mb_per_s);
    }
    sgp_buf_puts(out, ": ");
    if (r->totals[SGP_VIOLATION] == 0) {
        sgp_buf_puts(out, "no violations");
    } else {
        put_plural(out, r->totals[SGP_VIOLATION], "violation", "violations");
        sgp_buf_puts(out, " in ");
        put_plural(out, (int64_t)s->violation_rules, "rule", "rules");
    }
    if (r->totals[SGP_WARNING] > 0) {
        sgp_buf_puts(out, ", ");
        put_plural(out, r->totals[SGP_WARNING], "warning", "warnings");
    }
    if (s->error_files > 0) {
        sgp_buf_puts(out, ", ");
        put_plural(out, (int64_t)s->error_files, "file could not be read",
                   "files could not be read");
    }
    sgp_buf_puts(out, "\n");
}

/* Text ----------------------------------------------------------------------------------------- */

static char *render_text(const sgp_report *r, const summary *s) {
    sgp_buf out = SGP_BUF_INIT;
    sgp_buf_append(&out, "", 0);
    for (size_t i = 0; i < r->finding_count; i++) {
        const sgp_finding *f = &r->findings[i];
        if (f->count > 0) {
            put_heading(&out, f, f->count);
            sgp_buf_puts(&out, "\n");
            put_samples(&out, f, NULL, f->count);
        }
    }
    for (size_t i = 0; i < r->file_count; i++) {
        const sgp_checked_file *f = &r->files[i];
        if (f->error) {
            sgp_buf_puts(&out, "ERROR ");
            put_text(&out, r->names[f->name].path);
            sgp_buf_puts(&out, ": ");
            put_text(&out, f->error);
            sgp_buf_puts(&out, "\n");
        }
    }
    if (out.len > 0) {
        sgp_buf_puts(&out, "\n");
    }
    put_summary(&out, r, s);
    sgp_buf_puts(&out, is_valid(r, s) ? "valid\n" : "INVALID\n");
    return sgp_buf_take(&out);
}

/* JSON ----------------------------------------------------------------------------------------- */

static int set(json_t *object, const char *key, json_t *value) {
    return json_object_set_new(object, key, value);
}

static json_t *text_value(const char *s) {
    return s ? sgp_json_lossy_string(s, strlen(s), NULL) : json_null();
}

/* A location number, set only when known. */
static int set_known(json_t *object, const char *key, int64_t n) {
    return n >= 0 ? set(object, key, json_integer((json_int_t)n)) : 0;
}

static const char *severity_name(sgp_severity severity) {
    return severity == SGP_VIOLATION ? "violation" : "warning";
}

static json_t *sample_json(const sgp_sample *s) {
    json_t *o = json_object();
    int bad = !o;
    if (s->file) {
        bad |= set(o, "file", text_value(s->file));
    }
    bad |= set_known(o, "row_group", s->row_group);
    bad |= set_known(o, "row", s->row);
    bad |= set_known(o, "line", s->line);
    bad |= set_known(o, "column_index", s->column_index);
    bool replaced = false;
    bad |=
        set(o, "value",
            s->value ? sgp_json_lossy_string(s->value, s->value_stored, &replaced) : json_null());
    if (replaced) {
        /* The exact bytes, since the string above had to replace some. */
        sgp_buf hex = SGP_BUF_INIT;
        sgp_buf_append(&hex, "", 0);
        for (size_t i = 0; i < s->value_stored; i++) {
            sgp_buf_printf(&hex, "%02x", (unsigned char)s->value[i]);
        }
        bad |= hex.failed || set(o, "value_hex", json_string(hex.data));
        sgp_buf_free(&hex);
    }
    bad |= set(o, "value_truncated", json_boolean(s->value_stored < s->value_length));
    if (s->value_stored < s->value_length) {
        bad |= set(o, "value_length", json_integer((json_int_t)s->value_length));
    }
    bad |= set(o, "message", text_value(s->message));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *finding_json(const sgp_finding *f) {
    json_t *o = json_object(), *samples = json_array();
    int bad = !o || !samples;
    bad |= set(o, "rule", text_value(f->rule));
    bad |= set(o, "severity", json_string(severity_name(f->severity)));
    bad |= set(o, "column", text_value(f->column));
    bad |= set(o, "count", json_integer((json_int_t)f->count));
    for (size_t i = 0; !bad && i < f->sample_count; i++) {
        bad |= json_array_append_new(samples, sample_json(&f->samples[i]));
    }
    bad |= set(o, "samples", samples);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *file_status(const sgp_checked_file *f, const file_totals *totals) {
    return f->error ? "error" : totals[f->name].violations > 0 ? "violations" : "valid";
}

static json_t *summary_json(const sgp_report *r, const summary *s) {
    json_t *o = json_object();
    int bad = !o;
    bad |= set(o, "files", json_integer((json_int_t)r->file_count));
    bad |= set(o, "failed_files", json_integer((json_int_t)s->failed_files));
    bad |= set(o, "rows", json_integer(s->rows));
    bad |= set(o, "bytes", json_integer(s->bytes));
    /* Milliseconds and tenths of MB/s are what the numbers can tell. */
    bad |= set(o, "seconds", json_real(round(s->seconds * 1000) / 1000));
    bad |= set(o, "mb_per_s", json_real(round(s->mb_per_s * 10) / 10));
    bad |= set(o, "violations", json_integer(r->totals[SGP_VIOLATION]));
    bad |= set(o, "warnings", json_integer(r->totals[SGP_WARNING]));
    bad |= set(o, "parquet_chunks_checked", json_integer(r->work[0]));
    bad |= set(o, "parquet_chunks_proven_by_statistics", json_integer(r->work[1]));
    bad |= set(o, "parquet_pages_decoded", json_integer(r->work[2]));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *file_json(const sgp_report *r, const sgp_checked_file *f,
                         const file_totals *totals) {
    json_t *o = json_object();
    int bad = !o;
    bad |= set(o, "path", text_value(r->names[f->name].path));
    bad |= set(o, "format", text_value(f->format));
    bad |= set(o, "rows", json_integer(f->rows));
    bad |= set(o, "bytes", json_integer(f->bytes));
    bad |= set(o, "status", json_string(file_status(f, totals)));
    bad |= set(o, "violations", json_integer(totals[f->name].violations));
    bad |= set(o, "warnings", json_integer(totals[f->name].warnings));
    bad |= set(o, "error", text_value(f->error));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static char *render_json(const sgp_report *r, const file_totals *totals, const summary *s) {
    json_t *root = json_object(), *files = json_array(), *findings = json_array();
    int bad = !root || !files || !findings;
    bad |= set(root, "schemagate_report", json_integer(1));
    bad |= set(root, "valid", json_boolean(is_valid(r, s)));
    bad |= set(root, "summary", summary_json(r, s));
    for (size_t i = 0; !bad && i < r->file_count; i++) {
        bad |= json_array_append_new(files, file_json(r, &r->files[i], totals));
    }
    for (size_t i = 0; !bad && i < r->finding_count; i++) {
        if (r->findings[i].count > 0) {
            bad |= json_array_append_new(findings, finding_json(&r->findings[i]));
        }
    }
    bad |= set(root, "files", files);
    bad |= set(root, "findings", findings);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return sgp_json_dump_report(root);
}

/* JUnit ---------------------------------------------------------------------------------------- */

static void xml(sgp_buf *out, const char *s) {
    sgp_buf_xml(out, s, strlen(s));
}

/* The text of buf (for people) as XML, then buf is emptied. */
static void xml_of(sgp_buf *out, sgp_buf *text) {
    if (text->failed) {
        out->failed = true;
    } else if (text->data) {
        sgp_buf_xml(out, text->data, text->len);
    }
    sgp_buf_free(text);
}

/* The occurrences of f in a testcase: in file name (NONE: the findings not counted in any
 * checked file). */
static int64_t count_in_case(const sgp_report *r, const sgp_finding *f, size_t name) {
    if (name != NONE) {
        return sgp_report_file_count(f, name);
    }
    int64_t rest = f->count;
    for (size_t k = 0; k < f->file_count; k++) {
        if (r->names[f->files[k].name].file != NONE) {
            rest -= f->files[k].count;
        }
    }
    return rest > 0 ? rest : 0;
}

/*
 * The samples of f for a testcase (in file, an interned name or NULL for "without a checked
 * file"), as the text format's lines.
 */
static void case_samples(sgp_buf *text, const sgp_report *r, const sgp_finding *f, const char *file,
                         int64_t count) {
    if (file) {
        put_samples(text, f, file, count);
        return;
    }
    /* Samples whose file is not a checked file. */
    int64_t shown = 0;
    for (size_t i = 0; i < f->sample_count; i++) {
        const sgp_sample *s = &f->samples[i];
        size_t name = NONE;
        if (s->file) {
            for (size_t k = 0; k < r->name_count && name == NONE; k++) {
                name = r->names[k].path == s->file ? k : NONE;
            }
        }
        if (name == NONE || r->names[name].file == NONE) {
            sgp_buf_puts(text, "  ");
            put_sample(text, s, f->column);
            sgp_buf_puts(text, "\n");
            shown++;
        }
    }
    if (shown > 0 && count > shown) {
        sgp_buf_printf(text, "  ... and %" PRId64 " more\n", count - shown);
    }
}

/* One testcase: a checked file (name), or NONE for the findings of no checked file. */
static void junit_case(sgp_buf *out, const sgp_report *r, size_t name, const char *error) {
    const char *file = name != NONE ? r->names[name].path : NULL;
    sgp_buf_puts(out, "    <testcase classname=\"schemagate.validate\" name=\"");
    xml(out, file ? file : "(no checked file)");
    sgp_buf_puts(out, "\"");
    bool open = false, warnings = false;
    for (size_t i = 0; i < r->finding_count; i++) {
        const sgp_finding *f = &r->findings[i];
        int64_t count = count_in_case(r, f, name);
        if (count == 0 || f->severity != SGP_VIOLATION) {
            warnings |= count > 0;
            continue;
        }
        sgp_buf_puts(out, open ? "" : ">\n");
        open = true;
        sgp_buf text = SGP_BUF_INIT;
        put_text(&text, f->rule);
        if (f->column) {
            sgp_buf_puts(&text, " column ");
            put_text(&text, f->column);
        }
        sgp_buf_puts(&text, ": ");
        put_count_of(&text, count, f->rule);
        sgp_buf_puts(out, "      <failure type=\"");
        xml(out, f->rule);
        sgp_buf_puts(out, "\" message=\"");
        xml_of(out, &text);
        sgp_buf_puts(out, "\">");
        case_samples(&text, r, f, file, count);
        xml_of(out, &text);
        sgp_buf_puts(out, "</failure>\n");
    }
    if (error) {
        sgp_buf_puts(out, open ? "" : ">\n");
        open = true;
        sgp_buf_puts(out, "      <error type=\"file-error\" message=\"");
        xml(out, error);
        sgp_buf_puts(out, "\">");
        xml(out, error);
        sgp_buf_puts(out, "</error>\n");
    }
    if (warnings) {
        sgp_buf_puts(out, open ? "" : ">\n");
        open = true;
        sgp_buf_puts(out, "      <system-out>");
        for (size_t i = 0; i < r->finding_count; i++) {
            const sgp_finding *f = &r->findings[i];
            int64_t count = count_in_case(r, f, name);
            if (count > 0 && f->severity == SGP_WARNING) {
                sgp_buf text = SGP_BUF_INIT;
                put_heading(&text, f, count);
                sgp_buf_puts(&text, "\n");
                case_samples(&text, r, f, file, count);
                xml_of(out, &text);
            }
        }
        sgp_buf_puts(out, "</system-out>\n");
    }
    sgp_buf_puts(out, open ? "    </testcase>\n" : "/>\n");
}

static char *render_junit(const sgp_report *r, const file_totals *totals, const summary *s) {
    size_t tests = r->file_count, failures = 0, errors = 0;
    for (size_t i = 0; i < r->file_count; i++) {
        errors += r->files[i].error != NULL;
        failures += !r->files[i].error && totals[r->files[i].name].violations > 0;
    }
    bool others = false, other_violations = false;
    for (size_t i = 0; i < r->finding_count; i++) {
        bool here = count_in_case(r, &r->findings[i], NONE) > 0;
        others |= here;
        other_violations |= here && r->findings[i].severity == SGP_VIOLATION;
    }
    tests += others;
    failures += other_violations;
    sgp_buf out = SGP_BUF_INIT;
    sgp_buf_puts(&out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    char counts[160];
    snprintf(counts, sizeof counts, "tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\"",
             tests, failures, errors, s->seconds);
    sgp_buf_printf(&out, "<testsuites name=\"schemagate validate\" %s>\n", counts);
    sgp_buf_printf(&out, "  <testsuite name=\"schemagate validate\" %s skipped=\"0\">\n", counts);
    for (size_t i = 0; i < r->file_count; i++) {
        junit_case(&out, r, r->files[i].name, r->files[i].error);
    }
    if (others) {
        junit_case(&out, r, NONE, NULL);
    }
    sgp_buf_puts(&out, "  </testsuite>\n</testsuites>\n");
    return sgp_buf_take(&out);
}

/* SARIF ---------------------------------------------------------------------------------------- */

static json_t *message_json(sgp_buf *text) {
    json_t *o = json_object();
    json_t *value = text->failed ? NULL : sgp_json_lossy_string(text->data, text->len, NULL);
    sgp_buf_free(text);
    if (!o || set(o, "text", value) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *text_message(const char *s) {
    sgp_buf text = SGP_BUF_INIT;
    sgp_buf_puts(&text, s);
    return message_json(&text);
}

/* The rules: the table's, then ids the table lacks in the order findings first use them. */
static json_t *sarif_rules(const sgp_report *r, const char ***ids, size_t *count) {
    json_t *rules = json_array();
    const char **list = malloc((RULE_COUNT + r->finding_count) * sizeof *list);
    size_t n = 0;
    int bad = !rules || !list;
    for (size_t i = 0; !bad && i < RULE_COUNT + r->finding_count; i++) {
        const char *id = i < RULE_COUNT ? rule_table[i].id : r->findings[i - RULE_COUNT].rule;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++) {
            seen = strcmp(list[k], id) == 0;
        }
        if (seen) {
            continue;
        }
        list[n++] = id;
        const struct rule_info *info = rule_info(id);
        sgp_buf text = SGP_BUF_INIT;
        if (info) {
            sgp_buf_puts(&text, info->description);
        } else {
            sgp_buf_printf(&text, "Rule %s (see docs/validate.md).", id);
        }
        json_t *rule = json_object();
        bad |= !rule;
        bad |= set(rule, "id", text_value(id));
        bad |= set(rule, "shortDescription", message_json(&text));
        bad |= set(rule, "help",
                   text_message("See docs/validate.md in the schemagate repository "
                                "for the rules and their checks."));
        bad |= json_array_append_new(rules, rule);
    }
    if (bad) {
        json_decref(rules);
        free(list);
        return NULL;
    }
    *ids = list;
    *count = n;
    return rules;
}

/* A result's locations: the file (when known) with the CSV line as region, and where inside it
 * (row group, row, record, column) as a logical location. */
static json_t *sarif_locations(const char *file, const sgp_sample *s, const char *column) {
    json_t *locations = json_array(), *location = json_object();
    int bad = !locations || !location;
    if (file) {
        json_t *physical = json_object(), *artifact = json_object();
        char *uri = sgp_uri_of(file);
        bad |= !physical || !artifact || !uri;
        bad |= set(artifact, "uri", json_string(uri ? uri : ""));
        free(uri);
        bad |= set(physical, "artifactLocation", artifact);
        if (s && s->line >= 0) {
            json_t *region = json_object();
            bad |= !region;
            bad |= set(region, "startLine", json_integer(s->line > 0 ? s->line : 1));
            bad |= set(physical, "region", region);
        }
        bad |= set(location, "physicalLocation", physical);
    }
    sgp_buf details = SGP_BUF_INIT;
    if (s && put_details(&details, s, column, true)) {
        json_t *logical = json_object(), *logicals = json_array();
        bad |= !logical || !logicals || details.failed;
        bad |= set(logical, "fullyQualifiedName",
                   details.data ? sgp_json_lossy_string(details.data, details.len, NULL) : NULL);
        bad |= json_array_append_new(logicals, logical);
        bad |= set(location, "logicalLocations", logicals);
    }
    sgp_buf_free(&details);
    if (json_object_size(location) > 0) {
        bad |= json_array_append_new(locations, location);
    } else {
        json_decref(location);
    }
    if (bad) {
        json_decref(locations);
        return NULL;
    }
    return locations;
}

static size_t index_of(const char **ids, size_t count, const char *id) {
    for (size_t i = 0; i < count; i++) {
        if (strcmp(ids[i], id) == 0) {
            return i;
        }
    }
    return 0; /* cannot happen: every rule of a finding is listed */
}

/* Appends one result (taking message and locations). */
static int sarif_result(json_t *results, const char *rule, size_t rule_index, bool error,
                        sgp_buf *message, json_t *locations) {
    json_t *result = json_object();
    int bad = !result || !locations;
    bad |= set(result, "ruleId", text_value(rule));
    bad |= set(result, "ruleIndex", json_integer((json_int_t)rule_index));
    bad |= set(result, "level", json_string(error ? "error" : "warning"));
    bad |= set(result, "message", message_json(message));
    if (json_array_size(locations) > 0) {
        bad |= set(result, "locations", locations);
    } else {
        json_decref(locations);
    }
    bad |= json_array_append_new(results, result);
    return bad;
}

/* "3 values in column amount: <description>", or "2 more values ... (5 in this file): ..." */
static void put_rest(sgp_buf *text, const sgp_finding *f, int64_t rest, int64_t count,
                     bool in_file) {
    put_count(text, rest);
    sgp_buf_printf(text, "%s %s", rest < count ? " more" : "", unit_name(f->rule, rest));
    if (f->column) {
        sgp_buf_puts(text, " in column ");
        put_text(text, f->column);
    }
    if (rest < count) {
        sgp_buf_puts(text, " (");
        put_count(text, count);
        sgp_buf_puts(text, in_file ? " in this file)" : " without a file)");
    }
    const struct rule_info *info = rule_info(f->rule);
    sgp_buf_puts(text, ": ");
    put_text(text, info ? info->description : f->rule);
}

/*
 * The results of one finding: one per sample, then for each file the occurrences no sample
 * shows as one result, so that every file with occurrences has a result.
 */
static int sarif_finding(json_t *results, const sgp_report *r, const sgp_finding *f,
                         size_t rule_index) {
    bool error = f->severity == SGP_VIOLATION;
    int bad = 0;
    for (size_t i = 0; !bad && i < f->sample_count; i++) {
        const sgp_sample *s = &f->samples[i];
        sgp_buf text = SGP_BUF_INIT;
        put_what(&text, s);
        if (f->column) {
            sgp_buf_puts(&text, " (column ");
            put_text(&text, f->column);
            sgp_buf_puts(&text, ")");
        }
        bad |= sarif_result(results, f->rule, rule_index, error, &text,
                            sarif_locations(s->file, s, f->column));
    }
    int64_t unattributed = f->count;
    for (size_t k = 0; !bad && k <= f->file_count; k++) {
        const char *file = k < f->file_count ? r->names[f->files[k].name].path : NULL;
        int64_t count = k < f->file_count ? f->files[k].count : unattributed;
        int64_t shown = 0;
        for (size_t i = 0; i < f->sample_count; i++) {
            shown += f->samples[i].file == file;
        }
        unattributed -= k < f->file_count ? count : 0;
        if (count > shown) {
            sgp_buf text = SGP_BUF_INIT;
            put_rest(&text, f, count - shown, count, file != NULL);
            bad |= sarif_result(results, f->rule, rule_index, error, &text,
                                sarif_locations(file, NULL, NULL));
        }
    }
    return bad;
}

static char *render_sarif(const sgp_report *r, const summary *s) {
    const char **ids = NULL;
    size_t id_count = 0;
    json_t *rules = sarif_rules(r, &ids, &id_count);
    json_t *root = json_object(), *runs = json_array(), *run = json_object(), *tool = json_object(),
           *driver = json_object(), *results = json_array(), *properties = json_object();
    int bad = !rules || !root || !runs || !run || !tool || !driver || !results || !properties;
    for (size_t i = 0; !bad && i < r->finding_count; i++) {
        const sgp_finding *f = &r->findings[i];
        bad |= sarif_finding(results, r, f, index_of(ids, id_count, f->rule));
    }
    for (size_t i = 0; !bad && i < r->file_count; i++) {
        const sgp_checked_file *f = &r->files[i];
        if (f->error) {
            sgp_buf text = SGP_BUF_INIT;
            put_text(&text, f->error);
            bad |= sarif_result(results, "file-error", index_of(ids, id_count, "file-error"), true,
                                &text, sarif_locations(r->names[f->name].path, NULL, NULL));
        }
    }
    free(ids);
    bad |= set(driver, "name", json_string("schemagate"));
    bad |= set(driver, "version", json_string(sg_version()));
    bad |= set(driver, "rules", rules);
    bad |= set(tool, "driver", driver);
    bad |= set(run, "tool", tool);
    bad |= set(run, "results", results);
    bad |= set(properties, "valid", json_boolean(is_valid(r, s)));
    bad |= set(properties, "summary", summary_json(r, s));
    bad |= set(run, "properties", properties);
    bad |= json_array_append_new(runs, run);
    bad |= set(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    bad |= set(root, "version", json_string("2.1.0"));
    bad |= set(root, "runs", runs);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return sgp_json_dump_report(root);
}

char *sgp_report_render(const sgp_report *report, int format, double seconds) {
    if (!report) {
        return NULL;
    }
    file_totals *totals = totals_by_name(report);
    if (!totals) {
        return NULL;
    }
    summary s;
    summarize(report, totals, seconds, &s);
    char *text = NULL;
    switch (format) {
    case SG_REPORT_TEXT:
        text = render_text(report, &s);
        break;
    case SG_REPORT_JSON:
        text = render_json(report, totals, &s);
        break;
    case SG_REPORT_JUNIT:
        text = render_junit(report, totals, &s);
        break;
    case SG_REPORT_SARIF:
        text = render_sarif(report, &s);
        break;
    default:
        break;
    }
    free(totals);
    return text;
}

/*
 * validate/csv_check.c: one CSV file against a schema's columns (csv_check.h). The file is read
 * once with the streaming reader in lenient mode (so stray quotes and invalid UTF-8 are
 * findings, not the end of the check); the header is matched to the schema, then every record
 * is checked for structure and every field with the typed syntax of validate/text_value.h.
 * docs/validate-csv.md is the specification of each rule and decision here.
 *
 * With a split folder, each record's raw bytes are copied to valid.csv or invalid.csv as they
 * were read, and each violation becomes a line of errors.csv.
 */
#include "validate/csv_check.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv/reader.h"
#include "remote/s3_object.h"
#include "util/strmap.h"
#include "util/util.h"
#include "validate/text_value.h"

/* Bytes read from the file at a time: large enough that a read costs little per byte. */
#define CHUNK (256u * 1024u)

/* A column of the schema that the file holds (partition keys live in folder names instead). */
typedef struct column {
    const char *name;
    bool nullable;
    bool present; /* matched to a field of the file */
    sgp_value_plan plan;
} column;

typedef struct checker {
    sgp_report *report;
    const sg_validate_options *options;
    const char *path;
    sg_error *err;
    int64_t before;     /* violations found before this file */
    int64_t violations; /* in this file */
    bool stopped;       /* max_errors reached */
    int rc;             /* the first failure of a report or split write */

    column *columns;
    size_t count;
    bool null_token; /* a (non-empty) null token is set */
    bool header;

    /* The file's columns: width fields per record, each mapped to a column or -1. */
    size_t width;
    int64_t *map;
    char *names_text;   /* the header names, NUL-separated */
    const char **names; /* per field: the header name; NULL without a header */

    /* Where the current record's findings go. */
    bool bad;

    /* An unclosed quote: reported, then the check fails with SG_EPARSE. */
    bool unclosed;
    sg_error unclosed_error;

    /* The split outputs. */
    FILE *valid;
    FILE *invalid;
    FILE *errors;
} checker;

/* Findings --------------------------------------------------------------------------------------
 */

static bool fail_io(checker *c, const char *what) {
    if (c->rc == SG_OK) {
        c->rc = sgp_error(c->err, SG_EIO, c->path, NULL, 0, 0, "cannot write %s/%s: %s",
                          c->options->split_dir, what, strerror(errno));
    }
    c->stopped = true;
    return false;
}

/* One CSV field of errors.csv: quoted when it must be (RFC 4180). */
static void put_csv_field(FILE *f, const char *s, bool last) {
    bool quote = s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' ') || strpbrk(s, ",\"\r\n");
    if (quote) {
        putc('"', f);
        for (; *s; s++) {
            if (*s == '"') {
                putc('"', f);
            }
            putc(*s, f);
        }
        putc('"', f);
    } else {
        fputs(s, f);
    }
    putc(last ? '\n' : ',', f);
}

static void write_error_line(checker *c, const char *rule, const sgp_where *where,
                             const char *message) {
    char line[32] = "", record[32] = "";
    if (where->line > 0) {
        snprintf(line, sizeof line, "%" PRId64, where->line);
    }
    if (where->row >= 0) {
        snprintf(record, sizeof record, "%" PRId64, where->row);
    }
    put_csv_field(c->errors, line, false);
    put_csv_field(c->errors, record, false);
    put_csv_field(c->errors, where->column ? where->column : "", false);
    put_csv_field(c->errors, rule, false);
    put_csv_field(c->errors, message, true);
    if (ferror(c->errors)) {
        fail_io(c, "errors.csv");
    }
}

/* Records a finding; a violation also counts toward max_errors and makes the record invalid.
 * False once the check must stop. */
static bool finding(checker *c, const char *rule, sgp_severity severity, const sgp_where *where,
                    const char *value, size_t value_length, const char *message) {
    if (c->stopped) {
        return false;
    }
    if (!sgp_report_add(c->report, rule, severity, where, value, value_length, message)) {
        c->rc = sgp_error_nomem(c->err);
        c->stopped = true;
        return false;
    }
    if (severity == SGP_WARNING) {
        return true;
    }
    c->violations++;
    c->bad = true;
    if (c->errors) {
        write_error_line(c, rule, where, message);
    }
    int64_t max = c->options->max_errors;
    if (max >= 0 && c->before + c->violations >= max) {
        c->stopped = true;
    }
    return !c->stopped;
}

static sgp_where where_at(const checker *c, int64_t line, int64_t row, const char *column,
                          int64_t column_index) {
    sgp_where where = SGP_WHERE_INIT;
    where.file = c->path;
    where.line = line;
    where.row = row;
    where.column = column;
    where.column_index = column_index;
    return where;
}

/* The name findings about field i use: its schema column's, else its header name. */
static const char *field_name(const checker *c, size_t i) {
    if (i < c->width && c->map[i] >= 0) {
        return c->columns[c->map[i]].name;
    }
    return i < c->width && c->names ? c->names[i] : NULL;
}

/* Structure -------------------------------------------------------------------------------------
 */

static const char *show_byte(unsigned char b, char out[16]) {
    if (b > 0x20 && b < 0x7f) {
        snprintf(out, 16, "'%c'", b);
    } else {
        snprintf(out, 16, "byte 0x%02X", b);
    }
    return out;
}

/* The flaws the reader stepped over, each a violation at its field. */
static void report_flaws(checker *c, const sgp_csv_record *rec, int64_t row) {
    for (size_t k = 0; k < rec->flaw_count; k++) {
        const sgp_csv_flaw *w = &rec->flaws[k];
        const sgp_csv_field *f = &rec->fields[w->field];
        char message[SGP_VALUE_MESSAGE_MAX + 64], shown[16];
        const char *rule;
        switch (w->kind) {
        case SGP_CSV_FLAW_QUOTE:
            rule = "stray-quote";
            snprintf(message, sizeof message,
                     "a quote inside an unquoted field (line %" PRId64 ", column %" PRId64
                     "): quote the whole field and double the quote",
                     w->line, w->column);
            break;
        case SGP_CSV_FLAW_AFTER_QUOTE:
            rule = "stray-quote";
            snprintf(message, sizeof message,
                     "%s after the closing quote (line %" PRId64 ", column %" PRId64 ")",
                     show_byte(w->byte, shown), w->line, w->column);
            break;
        case SGP_CSV_FLAW_UTF8:
            rule = "invalid-utf8";
            snprintf(message, sizeof message,
                     "invalid UTF-8: byte 0x%02X (line %" PRId64 ", column %" PRId64 ")", w->byte,
                     w->line, w->column);
            break;
        default:
            rule = "unclosed-quote";
            snprintf(message, sizeof message,
                     "the quote opened at line %" PRId64 ", column %" PRId64
                     " is never closed: the rest of the file is one field",
                     w->line, w->column);
            c->unclosed = true;
            sgp_error(&c->unclosed_error, SG_EPARSE, c->path, NULL,
                      w->line > INT32_MAX ? INT32_MAX : (int)w->line,
                      w->column > INT32_MAX ? INT32_MAX : (int)w->column,
                      "the quote opened here is never closed (the input ends inside quoted "
                      "field %zu)",
                      w->field + 1);
            c->unclosed_error.row = rec->number;
            break;
        }
        sgp_where where = where_at(c, rec->line, row, field_name(c, w->field), (int64_t)w->field);
        if (!finding(c, rule, SGP_VIOLATION, &where, f->data, f->length, message)) {
            return;
        }
    }
}

/* The record's bytes without its line break, for a ragged row's sample. */
static size_t without_newline(const sgp_csv_record *rec) {
    size_t n = rec->raw_length;
    while (n > 0 && (rec->raw[n - 1] == '\n' || rec->raw[n - 1] == '\r')) {
        n--;
    }
    return n;
}

/* Records ----------------------------------------------------------------------------------------
 */

static void check_record(checker *c, const sgp_csv_record *rec, int64_t row) {
    if (rec->flaw_count) {
        report_flaws(c, rec, row);
        if (c->unclosed || c->stopped) {
            return;
        }
    }
    if (rec->count != c->width) {
        char message[128];
        snprintf(message, sizeof message, "%zu fields where the %s has %zu", rec->count,
                 c->header ? "header" : "first record", c->width);
        sgp_where where = where_at(c, rec->line, row, NULL, -1);
        finding(c, "ragged-row", SGP_VIOLATION, &where, rec->raw, without_newline(rec), message);
        return; /* which field is which is unknown */
    }
    for (size_t i = 0; i < c->width; i++) {
        int64_t m = c->map[i];
        const sgp_csv_field *f = &rec->fields[i];
        if (m < 0 || f->flaws) {
            continue;
        }
        const column *col = &c->columns[m];
        /* Spark: an empty unquoted field is null; a quoted empty one too when the null token
         * is the default (empty), else it is the empty string. */
        if (f->is_null || (f->length == 0 && (!f->quoted || !c->null_token))) {
            if (col->nullable) {
                continue;
            }
            sgp_where where = where_at(c, rec->line, row, col->name, (int64_t)i);
            const char *why = f->is_null   ? "the null token in a non-nullable column"
                              : !f->quoted ? "an empty field (null) in a non-nullable column"
                                           : "\"\" reads as null (no null token is set) in a "
                                             "non-nullable column";
            if (!finding(c, "null-in-required", SGP_VIOLATION, &where, f->data, f->length, why)) {
                return;
            }
            continue;
        }
        char message[SGP_VALUE_MESSAGE_MAX];
        const char *rule = sgp_value_check(&col->plan, f->data, f->length, message);
        if (rule) {
            sgp_where where = where_at(c, rec->line, row, col->name, (int64_t)i);
            if (!finding(c, rule, SGP_VIOLATION, &where, f->data, f->length, message)) {
                return;
            }
        }
    }
}

/* The header ------------------------------------------------------------------------------------
 */

static bool blank(const char *s) {
    for (; *s; s++) {
        if (*s != ' ' && *s != '\t') {
            return false;
        }
    }
    return true;
}

static void ascii_lower(char *s) {
    for (; *s; s++) {
        if (*s >= 'A' && *s <= 'Z') {
            *s = (char)(*s - 'A' + 'a');
        }
    }
}

static bool same_name(const checker *c, const char *a, const char *b) {
    if (c->options->case_sensitive) {
        return strcmp(a, b) == 0;
    }
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) {
            return false;
        }
    }
    return *a == *b;
}

/* Keeps copies of the header names (the record's buffer is reused), and their keys for
 * matching (lowercased unless case-sensitive) after them. */
static int keep_names(checker *c, const sgp_csv_record *rec, char ***keys) {
    size_t total = 0;
    for (size_t i = 0; i < rec->count; i++) {
        total += 2 * (rec->fields[i].length + 1);
    }
    c->names_text = malloc(total ? total : 1);
    c->names = calloc(rec->count ? rec->count : 1, sizeof *c->names);
    *keys = calloc(rec->count ? rec->count : 1, sizeof **keys);
    if (!c->names_text || !c->names || !*keys) {
        return sgp_error_nomem(c->err);
    }
    char *p = c->names_text;
    for (size_t i = 0; i < rec->count; i++) {
        memcpy(p, rec->fields[i].data, rec->fields[i].length + 1);
        c->names[i] = p;
        p += rec->fields[i].length + 1;
    }
    for (size_t i = 0; i < rec->count; i++) {
        memcpy(p, rec->fields[i].data, rec->fields[i].length + 1);
        if (!c->options->case_sensitive) {
            ascii_lower(p);
        }
        (*keys)[i] = p;
        p += rec->fields[i].length + 1;
    }
    return SG_OK;
}

/* Blank and repeated names: violations when names match columns, warnings by position. */
static int check_names(checker *c, const sgp_csv_record *rec, char **keys, bool *usable) {
    sgp_severity severity = c->options->by_position ? SGP_WARNING : SGP_VIOLATION;
    sgp_strmap seen = SGP_STRMAP_INIT;
    int rc = SG_OK;
    for (size_t i = 0; i < rec->count && rc == SG_OK; i++) {
        sgp_where where = where_at(c, rec->line, -1, NULL, (int64_t)i);
        char message[96];
        usable[i] = false;
        if (rec->fields[i].flaws) {
            continue; /* reported as a flaw */
        }
        if (blank(c->names[i])) {
            snprintf(message, sizeof message, "header field %zu is blank", i + 1);
            finding(c, "blank-header", severity, &where, c->names[i], rec->fields[i].length,
                    message);
            continue;
        }
        size_t first;
        rc = sgp_strmap_add(&seen, keys[i], i, &first);
        if (rc == SG_EINVALID) {
            rc = SG_OK;
            where.column = c->names[i];
            snprintf(message, sizeof message, "the name of field %zu repeats field %zu", i + 1,
                     first + 1);
            finding(c, "duplicate-header", severity, &where, c->names[i], rec->fields[i].length,
                    message);
            continue;
        }
        usable[i] = true;
    }
    sgp_strmap_free(&seen);
    return rc == SG_OK ? SG_OK : sgp_error_nomem(c->err);
}

static int match_by_name(checker *c, const sgp_csv_record *rec, char **keys, const bool *usable) {
    sgp_strmap exact = SGP_STRMAP_INIT, folded = SGP_STRMAP_INIT;
    char *folded_text = NULL;
    size_t total = 0;
    for (size_t k = 0; k < c->count; k++) {
        total += strlen(c->columns[k].name) + 1;
    }
    folded_text = malloc(total ? total : 1);
    int rc = folded_text ? SG_OK : SG_ENOMEM;
    char *p = folded_text;
    for (size_t k = 0; k < c->count && rc == SG_OK; k++) {
        rc = sgp_strmap_add(&exact, c->columns[k].name, k, NULL);
        if (rc == SG_OK && !c->options->case_sensitive) {
            strcpy(p, c->columns[k].name);
            ascii_lower(p);
            rc = sgp_strmap_add(&folded, p, k, NULL);
            p += strlen(p) + 1;
        }
        rc = rc == SG_EINVALID ? SG_OK : rc; /* names equal but for case: the first wins */
    }
    for (size_t i = 0; i < rec->count && rc == SG_OK; i++) {
        size_t k;
        if (!usable[i]) {
            continue;
        }
        if (sgp_strmap_get(&exact, c->names[i], &k) ||
            (!c->options->case_sensitive && sgp_strmap_get(&folded, keys[i], &k))) {
            c->map[i] = (int64_t)k;
            c->columns[k].present = true;
            continue;
        }
        sgp_where where = where_at(c, rec->line, -1, c->names[i], (int64_t)i);
        finding(c, "extra-column", c->options->strict ? SGP_VIOLATION : SGP_WARNING, &where, NULL,
                0, "the schema has no column of this name");
    }
    for (size_t k = 0; k < c->count && rc == SG_OK; k++) {
        const column *col = &c->columns[k];
        if (col->present) {
            continue;
        }
        sgp_where where = where_at(c, rec->line, -1, col->name, -1);
        if (col->nullable) {
            finding(c, "missing-nullable-column", SGP_WARNING, &where, NULL, 0,
                    "no field of the header has this name (it reads as null)");
        } else {
            finding(c, "missing-column", SGP_VIOLATION, &where, NULL, 0,
                    "no field of the header has this name, and the column is not nullable");
        }
    }
    sgp_strmap_free(&exact);
    sgp_strmap_free(&folded);
    free(folded_text);
    return rc == SG_OK ? SG_OK : sgp_error_nomem(c->err);
}

/* By position: field i is column i. */
static void match_by_position(checker *c, int64_t line, const bool *usable) {
    size_t n = c->width < c->count ? c->width : c->count;
    for (size_t i = 0; i < n; i++) {
        c->map[i] = (int64_t)i;
        c->columns[i].present = true;
        if (c->names && usable[i] && !same_name(c, c->names[i], c->columns[i].name)) {
            char message[SGP_VALUE_MESSAGE_MAX];
            snprintf(message, sizeof message, "field %zu of the header is not named %.100s", i + 1,
                     c->columns[i].name);
            sgp_where where = where_at(c, line, -1, c->columns[i].name, (int64_t)i);
            finding(c, "header-mismatch", SGP_WARNING, &where, c->names[i], strlen(c->names[i]),
                    message);
        }
    }
    if (c->width != c->count) {
        char message[128];
        snprintf(message, sizeof message, "the %s has %zu fields, the schema %zu columns",
                 c->names ? "header" : "first record", c->width, c->count);
        sgp_where where = where_at(c, line, c->names ? -1 : 0, NULL, -1);
        finding(c, "column-count", SGP_VIOLATION, &where, NULL, 0, message);
    }
}

/* Maps the file's fields to columns from the first record (the header, if there is one). */
static int map_columns(checker *c, const sgp_csv_record *first) {
    c->width = first->count;
    c->map = malloc((first->count ? first->count : 1) * sizeof *c->map);
    bool *usable = calloc(first->count ? first->count : 1, sizeof *usable);
    char **keys = NULL;
    int rc = c->map && usable ? SG_OK : sgp_error_nomem(c->err);
    for (size_t i = 0; rc == SG_OK && i < first->count; i++) {
        c->map[i] = -1;
    }
    if (rc == SG_OK && c->header) {
        if ((rc = keep_names(c, first, &keys)) == SG_OK) {
            if (first->flaw_count) {
                report_flaws(c, first, -1);
            }
            rc = check_names(c, first, keys, usable);
        }
        if (rc == SG_OK && !c->options->by_position) {
            rc = match_by_name(c, first, keys, usable);
        }
    }
    if (rc == SG_OK && (!c->header || c->options->by_position)) {
        match_by_position(c, first->line, usable);
    }
    free(usable);
    free(keys);
    return rc;
}

/* Setting up ------------------------------------------------------------------------------------
 */

static int plan_columns(checker *c, const sg_type *root) {
    size_t n = sg_type_field_count(root);
    c->columns = calloc(n ? n : 1, sizeof *c->columns);
    if (!c->columns) {
        return sgp_error_nomem(c->err);
    }
    for (size_t i = 0; i < n; i++) {
        const sg_field *field = sg_type_field(root, i);
        if (sg_field_partition(field)) {
            continue;
        }
        column *col = &c->columns[c->count];
        col->name = sg_field_name(field);
        col->nullable = sg_field_nullable(field);
        char message[SGP_VALUE_MESSAGE_MAX];
        if (sgp_value_plan_init(&col->plan, sg_field_type(field), message) != SG_OK) {
            return sgp_error(c->err, SG_EUNSUPPORTED, c->path, col->name, 0, 0,
                             "column %s: %s; CSV data cannot hold it", col->name, message);
        }
        c->count++;
    }
    return SG_OK;
}

/* mkdir -p. */
static int make_folder(const char *path, sg_error *err) {
    char *copy = sgp_strdup(path);
    if (!copy) {
        return sgp_error_nomem(err);
    }
    int rc = SG_OK;
    for (char *p = copy + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
                rc = sgp_error(err, SG_EIO, path, NULL, 0, 0, "cannot create the folder: %s",
                               strerror(errno));
                break;
            }
            *p = saved;
            if (saved == '\0') {
                break;
            }
        }
    }
    struct stat st;
    if (rc == SG_OK && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
        rc = sgp_error(err, SG_EIO, path, NULL, 0, 0, "not a folder");
    }
    free(copy);
    return rc;
}

static FILE *open_output(checker *c, const char *name) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", c->options->split_dir, name) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    return fopen(path, "wb");
}

static int open_split(checker *c) {
    int rc = make_folder(c->options->split_dir, c->err);
    if (rc != SG_OK) {
        return rc;
    }
    static const char *const names[] = {"valid.csv", "invalid.csv", "errors.csv"};
    FILE **files[] = {&c->valid, &c->invalid, &c->errors};
    for (size_t i = 0; i < 3; i++) {
        if (!(*files[i] = open_output(c, names[i]))) {
            return sgp_error(c->err, SG_EIO, c->options->split_dir, NULL, 0, 0,
                             "cannot create %s: %s", names[i], strerror(errno));
        }
    }
    if (fputs("line,record,column,rule,message\n", c->errors) == EOF) {
        fail_io(c, "errors.csv");
        return c->rc;
    }
    return SG_OK;
}

static void copy_text(checker *c, FILE *to, const char *name, const char *text, size_t length) {
    if (to && length && fwrite(text, 1, length, to) != length) {
        fail_io(c, name);
    }
}

static void copy_raw(checker *c, FILE *to, const char *name, const sgp_csv_record *rec) {
    copy_text(c, to, name, rec->raw, rec->raw_length);
}

static void close_output(checker *c, FILE **f, const char *name) {
    if (*f && fclose(*f) != 0) {
        fail_io(c, name);
    }
    *f = NULL;
}

static int dialect_from(sgp_csv_dialect *d, const sg_validate_options *o) {
    if (o->csv.version != SG_CSV_OPTIONS_VERSION) {
        return SG_EUSAGE;
    }
    sgp_csv_dialect_init(d);
    d->delimiter = o->csv.delimiter;
    d->quote = o->csv.quote;
    d->escape = o->csv.escape;
    d->header = o->csv.header != SG_CSV_HEADER_NO; /* AUTO means yes here */
    d->null_token = o->csv.null_token && o->csv.null_token[0] ? o->csv.null_token : NULL;
    d->skip_rows = o->csv.skip_rows;
    d->chunk_size = CHUNK;
    d->lenient = true;
    return SG_OK;
}

/* The check --------------------------------------------------------------------------------------
 */

static int read_records(checker *c, sgp_csv_reader *reader, sgp_csv_check_result *result) {
    sgp_csv_record rec;
    int got = sgp_csv_next(reader, &rec, c->err);
    if (got < 0) {
        return got;
    }
    /* Lines skipped before the records (skip.header.line.count: usually the header) belong at
     * the top of both halves of a split, so each reads like the original. */
    size_t skipped_length = 0;
    const char *skipped = sgp_csv_skipped_lines(reader, &skipped_length);
    copy_text(c, c->valid, "valid.csv", skipped, skipped_length);
    copy_text(c, c->invalid, "invalid.csv", skipped, skipped_length);
    if (got == 0) {
        if (c->header) {
            sgp_where where = where_at(c, -1, -1, NULL, -1);
            finding(c, "missing-header", SGP_VIOLATION, &where, NULL, 0,
                    "the file has no records: a header was expected");
        }
        return SG_OK;
    }
    int rc = map_columns(c, &rec);
    if (rc != SG_OK) {
        return rc;
    }
    if (c->header) {
        copy_raw(c, c->valid, "valid.csv", &rec);
        copy_raw(c, c->invalid, "invalid.csv", &rec);
        if (c->unclosed || c->stopped) {
            return SG_OK;
        }
        got = sgp_csv_next(reader, &rec, c->err);
    }
    int64_t row = 0;
    for (; got == 1; got = sgp_csv_next(reader, &rec, c->err)) {
        c->bad = false;
        check_record(c, &rec, row++);
        result->rows = row;
        if (c->bad) {
            copy_raw(c, c->invalid, "invalid.csv", &rec);
        } else {
            copy_raw(c, c->valid, "valid.csv", &rec);
        }
        if (c->stopped) {
            return SG_OK;
        }
    }
    return got < 0 ? got : SG_OK;
}

int sgp_csv_check(sgp_report *report, const sg_type *root, const sg_validate_options *options,
                  const char *path, int64_t violations_before, sgp_csv_check_result *result,
                  sg_error *err) {
    if (result) {
        result->rows = result->bytes = 0;
    }
    if (!report || !root || !options || !path || !result) {
        return sgp_error(err, SG_EUSAGE, path, NULL, 0, 0, "sgp_csv_check: NULL argument");
    }
    if (sg_type_kind(root) != SG_KIND_STRUCT || options->version != SG_VALIDATE_OPTIONS_VERSION) {
        return sgp_error(err, SG_EUSAGE, path, NULL, 0, 0,
                         "sgp_csv_check: the schema must be a struct and the options current");
    }
    checker c;
    memset(&c, 0, sizeof c);
    c.report = report;
    c.options = options;
    c.path = path;
    c.err = err;
    c.before = violations_before;
    c.stopped = options->max_errors >= 0 && violations_before >= options->max_errors;
    if (c.stopped) {
        return SG_OK;
    }
    sgp_csv_dialect dialect;
    if (dialect_from(&dialect, options) != SG_OK) {
        return sgp_error(err, SG_EUSAGE, path, NULL, 0, 0, "unknown CSV options version");
    }
    c.header = dialect.header;
    c.null_token = dialect.null_token != NULL;
    int rc = plan_columns(&c, root);
    FILE *file = NULL;
    sgp_s3_object *object = NULL;
    sgp_csv_reader *reader = NULL;
    if (rc == SG_OK && strncmp(path, "s3://", 5) == 0) {
        sgp_s3_object_options stream = SGP_S3_OPTIONS_STREAM;
        rc = sgp_s3_object_open(&object, path, &stream, err);
        if (rc == SG_OK && (file = sgp_s3_object_stream(object)) == NULL) {
            rc = sgp_error_nomem(err);
        }
    } else if (rc == SG_OK) {
        file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
        if (!file) {
            rc = sgp_error(err, errno == ENOENT ? SG_ENOTFOUND : SG_EIO, path, NULL, 0, 0,
                           "cannot open: %s", strerror(errno));
        }
    }
    if (rc == SG_OK) {
        rc = sgp_csv_reader_open_file(&reader, file, path, &dialect, err);
    }
    if (rc == SG_OK && options->split_dir) {
        rc = open_split(&c);
    }
    if (rc == SG_OK) {
        rc = read_records(&c, reader, result);
        result->bytes = sgp_csv_bytes_read(reader);
    }
    close_output(&c, &c.valid, "valid.csv");
    close_output(&c, &c.invalid, "invalid.csv");
    close_output(&c, &c.errors, "errors.csv");
    if (rc == SG_OK && c.rc != SG_OK) {
        rc = c.rc; /* a report or split write failure (err is filled) */
    }
    if (rc == SG_OK && c.unclosed) {
        rc = SG_EPARSE;
        if (err) {
            *err = c.unclosed_error;
        }
    }
    sgp_csv_reader_free(reader);
    if (object && rc != SG_OK && sgp_s3_object_error(object)->code != SG_OK && err) {
        *err = *sgp_s3_object_error(object); /* why the stream failed, not just that it did */
        rc = err->code;
    }
    if (file && file != stdin) {
        fclose(file);
    }
    sgp_s3_object_close(object);
    free(c.columns);
    free(c.map);
    free(c.names);
    free(c.names_text);
    return rc;
}

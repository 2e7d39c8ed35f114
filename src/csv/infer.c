/*
 * csv/infer.c: a schema from a sample of CSV records (schemagate/csv.h).
 *
 * Types follow Spark 3.5's CSVInferSchema with default options: every column starts with no
 * type; each non-empty cell is tried from the column's current type onwards along
 * int -> long -> decimal -> double -> date -> timestamp -> boolean -> string, and the result is
 * merged with the current type (int + double = double, date + timestamp = timestamp, anything +
 * string = string, ...). A column that never sees a value is a string. The header decision
 * follows the rule the AWS Glue documentation gives for its built-in CSV classifier.
 * docs/csv-inference.md is the reference for both.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv/reader.h"
#include "csv/values.h"
#include "schemagate/csv.h"
#include "util/limits.h"
#include "remote/s3_object.h"
#include "util/util.h"

/* The types a column can have, in the order Spark tries them. */
typedef enum guess {
    G_NONE = 0, /* no value seen yet (Spark's NullType) */
    G_INT,
    G_LONG,
    G_DECIMAL,
    G_DOUBLE,
    G_DATE,
    G_TIMESTAMP,
    G_BOOLEAN,
    G_STRING,
} guess;

typedef struct column {
    guess type;
    int precision; /* G_DECIMAL: digits; the scale is always 0 */
    bool nullable; /* an empty cell or the null token was seen */
} column;

#define MAX_DECIMAL_PRECISION 38

/* Cell types --------------------------------------------------------------------------------- */

/* The type of one cell, trying from `from` onwards (Spark's inferField for a non-empty cell
 * whose column has type `from` so far, before the merge). */
static guess cell_type(guess from, const char *s, size_t n, int *precision) {
    int64_t digits, scale;
    switch (from) {
    case G_NONE:
    case G_INT:
        if (sgp_csv_parse_integer(s, n, INT32_MIN, INT32_MAX)) {
            return G_INT;
        }
        /* fall through */
    case G_LONG:
        if (sgp_csv_parse_integer(s, n, INT64_MIN, INT64_MAX)) {
            return G_LONG;
        }
        /* fall through */
    case G_DECIMAL:
        /* Only integral values make decimals (scale 0); a negative scale (1E5) or more than 38
         * digits is no Spark DecimalType, and then the value is tried as a double. */
        if (sgp_csv_parse_bigdecimal(s, n, &digits, &scale) && scale == 0 &&
            digits <= MAX_DECIMAL_PRECISION) {
            *precision = (int)digits;
            return G_DECIMAL;
        }
        /* fall through */
    case G_DOUBLE:
        if (sgp_csv_parse_double(s, n) || (n == 3 && memcmp(s, "NaN", 3) == 0) ||
            (n == 3 && memcmp(s, "Inf", 3) == 0) || (n == 4 && memcmp(s, "-Inf", 4) == 0)) {
            return G_DOUBLE;
        }
        /* fall through */
    case G_DATE:
        if (sgp_csv_is_date(s, n)) {
            return G_DATE;
        }
        /* fall through */
    case G_TIMESTAMP:
        if (sgp_csv_is_timestamp(s, n)) {
            return G_TIMESTAMP;
        }
        /* fall through */
    case G_BOOLEAN:
        if (sgp_csv_is_boolean(s, n)) {
            return G_BOOLEAN;
        }
        /* fall through */
    case G_STRING:
        break;
    }
    return G_STRING;
}

static bool integral(guess g) {
    return g == G_INT || g == G_LONG;
}

/* Spark's compatibleType for the types above; what has no common type becomes a string. */
static void merge(column *col, guess type, int precision) {
    guess have = col->type;
    if (have == type) {
        if (type == G_DECIMAL && precision > col->precision) {
            col->precision = precision;
        }
        return;
    }
    if (have == G_NONE) {
        col->type = type;
        col->precision = precision;
        return;
    }
    if (have == G_STRING || type == G_STRING) {
        col->type = G_STRING;
    } else if ((have == G_DATE && type == G_TIMESTAMP) || (have == G_TIMESTAMP && type == G_DATE)) {
        col->type = G_TIMESTAMP; /* the lenient timestamp parser reads yyyy-MM-dd too */
    } else if (integral(have) && integral(type)) {
        col->type = G_LONG;
    } else if ((integral(have) || have == G_DOUBLE) && (integral(type) || type == G_DOUBLE)) {
        col->type = G_DOUBLE;
    } else if ((integral(have) && type == G_DECIMAL) || (have == G_DECIMAL && integral(type))) {
        /* An int is decimal(10,0), a long decimal(20,0); the wider one wins. */
        guess other = have == G_DECIMAL ? type : have;
        int width = other == G_INT ? 10 : 20;
        int digits = have == G_DECIMAL ? col->precision : precision;
        col->type = G_DECIMAL;
        col->precision = digits > width ? digits : width;
    } else if ((have == G_DOUBLE && type == G_DECIMAL) || (have == G_DECIMAL && type == G_DOUBLE)) {
        col->type = G_DOUBLE;
    } else {
        col->type = G_STRING;
    }
}

static void observe(column *col, const sgp_csv_field *cell) {
    if (cell->length == 0 || cell->is_null) {
        col->nullable = true;
        return;
    }
    if (col->type == G_STRING) {
        return;
    }
    int precision = 0;
    guess type = cell_type(col->type, cell->data, cell->length, &precision);
    merge(col, type, precision);
}

/* The inference -------------------------------------------------------------------------------- */

typedef struct first_cell {
    char *text;
    size_t length;
    bool empty; /* empty or the null token */
    int64_t line;
    int64_t column;
} first_cell;

typedef struct inferrer {
    const sg_csv_options *options;
    sgp_csv_reader *reader;
    const char *source;
    size_t width;
    first_cell *first; /* the first record, kept: it may be the header */
    int64_t first_line;
    column *all;   /* every sampled record: the types when there is no header */
    column *after; /* the records after the first: the types when it is a header */
    int64_t after_count;
    bool last_empty_after; /* the last column was empty in every record after the first */
    sg_error *err;
} inferrer;

static int nomem(inferrer *I) {
    return sgp_error_nomem(I->err);
}

static int keep_first(inferrer *I, const sgp_csv_record *record) {
    I->width = record->count;
    I->first_line = record->line;
    I->first = calloc(I->width, sizeof *I->first);
    I->all = calloc(I->width, sizeof *I->all);
    I->after = calloc(I->width, sizeof *I->after);
    if (!I->first || !I->all || !I->after) {
        return nomem(I);
    }
    for (size_t i = 0; i < I->width; i++) {
        const sgp_csv_field *f = &record->fields[i];
        first_cell *c = &I->first[i];
        c->text = sgp_strndup(f->data, f->length);
        if (!c->text) {
            return nomem(I);
        }
        c->length = f->length;
        c->empty = f->length == 0 || f->is_null;
        c->line = f->line;
        c->column = f->column;
    }
    I->last_empty_after = true;
    return SG_OK;
}

/* Reads the sample: the first record, then up to sample_rows data records (sample_rows - 1 after
 * the first when there is certainly no header). */
static int read_sample(inferrer *I) {
    const sg_csv_options *o = I->options;
    sgp_csv_record record;
    int rc = sgp_csv_next(I->reader, &record, I->err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        return sgp_error(I->err, SG_EINVALID, I->source, NULL, 0, 0,
                         "no records to infer a schema from: the input is empty%s",
                         o->skip_rows > 0 ? " after the skipped lines" : "");
    }
    if ((rc = keep_first(I, &record)) != SG_OK) {
        return rc;
    }
    if (o->header != SG_CSV_HEADER_YES) {
        for (size_t i = 0; i < I->width; i++) {
            observe(&I->all[i], &record.fields[i]);
        }
    }
    /* n counts the records after the first. */
    for (int64_t n = 1;; n++) {
        bool want_all = o->header != SG_CSV_HEADER_YES &&
                        (o->sample_rows == SG_CSV_SAMPLE_ALL || n < o->sample_rows);
        bool want_after = o->header != SG_CSV_HEADER_NO &&
                          (o->sample_rows == SG_CSV_SAMPLE_ALL || n <= o->sample_rows);
        if (!want_all && !want_after) {
            return SG_OK;
        }
        rc = sgp_csv_next(I->reader, &record, I->err);
        if (rc <= 0) {
            return rc;
        }
        if (record.count != I->width) {
            return sgp_csv_fail_at(
                I->reader, &record, NULL, I->err, SG_EINVALID,
                "record %lld has %zu field%s but the %s has %zu (every "
                "record needs the same number of fields)",
                (long long)record.number, record.count, record.count == 1 ? "" : "s",
                o->header == SG_CSV_HEADER_YES ? "header" : "first record", I->width);
        }
        for (size_t i = 0; i < I->width; i++) {
            if (want_all) {
                observe(&I->all[i], &record.fields[i]);
            }
            if (want_after) {
                observe(&I->after[i], &record.fields[i]);
            }
        }
        if (want_after) {
            I->after_count++;
            const sgp_csv_field *last = &record.fields[I->width - 1];
            I->last_empty_after = I->last_empty_after && (last->length == 0 || last->is_null);
        }
    }
}

/* Characters (not bytes) of UTF-8 text. */
static size_t char_count(const char *s, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return count;
}

/* Glue's column name pattern [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*, at most
 * 255 characters: no control characters but tab, no U+FFFE or U+FFFF (UTF-8 is already
 * checked, so surrogates cannot occur). */
static bool glue_name(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
                                        (unsigned char)s[i + 2] >= 0xBE)) {
            return false;
        }
    }
    return char_count(s, n) <= 255;
}

/*
 * Glue's built-in CSV classifier takes the first record as a header when (docs/csv-inference.md):
 *  1. every cell of it would be read as a string (not a number, date, timestamp or boolean),
 *     is not empty and fits Glue's column name rules; every cell but the last is shorter than
 *     150 characters; the last column may instead be empty in the first record and every data
 *     record (a trailing delimiter);
 *  2. the data records below it are "sufficiently different": at least one column of them has
 *     a type other than string (a column with no values at all does not count);
 * and there is at least one data record.
 */
static bool looks_like_header(const inferrer *I) {
    if (I->after_count == 0) {
        return false;
    }
    size_t checked = I->width;
    if (I->width > 1 && I->first[I->width - 1].empty && I->last_empty_after) {
        checked--; /* a trailing delimiter */
    }
    for (size_t i = 0; i < checked; i++) {
        const first_cell *c = &I->first[i];
        int precision;
        if (c->empty || cell_type(G_NONE, c->text, c->length, &precision) != G_STRING ||
            !glue_name(c->text, c->length) ||
            (i + 1 < I->width && char_count(c->text, c->length) >= 150)) {
            return false;
        }
    }
    for (size_t i = 0; i < I->width; i++) {
        if (I->after[i].type != G_NONE && I->after[i].type != G_STRING) {
            return true;
        }
    }
    return false;
}

static bool blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] > ' ') {
            return false;
        }
    }
    return true;
}

static bool same_name(const char *a, size_t na, const char *b, size_t nb) {
    if (na != nb) {
        return false;
    }
    for (size_t i = 0; i < na; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') {
            x = (char)(x - 'A' + 'a');
        }
        if (y >= 'A' && y <= 'Z') {
            y = (char)(y - 'A' + 'a');
        }
        if (x != y) {
            return false;
        }
    }
    return true;
}

static int header_error(const inferrer *I, const first_cell *c, int code, const char *fmt, ...)
    SGP_PRINTF(4, 5);

static int header_error(const inferrer *I, const first_cell *c, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(I->err, code, I->source, NULL, c->line > 0x7fffffff ? 0x7fffffff : (int)c->line,
               c->column > 0x7fffffff ? 0x7fffffff : (int)c->column, fmt, ap);
    va_end(ap);
    if (I->err) {
        I->err->row = 0;
    }
    return code;
}

static int check_header(const inferrer *I) {
    for (size_t i = 0; i < I->width; i++) {
        const first_cell *c = &I->first[i];
        if (blank(c->text, c->length)) {
            return header_error(I, c, SG_EINVALID,
                                "header field %zu is blank: every column needs a name%s", i + 1,
                                i + 1 == I->width && I->width > 1
                                    ? " (a delimiter at the end of each line makes an empty "
                                      "last column)"
                                    : "");
        }
        if (c->length > SG_MAX_NAME_BYTES) {
            return header_error(I, c, SG_ELIMIT,
                                "header field %zu is longer than the limit of %d bytes", i + 1,
                                SG_MAX_NAME_BYTES);
        }
        for (size_t j = 0; j < i; j++) {
            const first_cell *d = &I->first[j];
            if (same_name(c->text, c->length, d->text, d->length)) {
                return header_error(I, c, SG_EINVALID,
                                    "header field %zu \"%s\" repeats field %zu \"%s\" (column "
                                    "names are case-insensitive in Glue and Athena)",
                                    i + 1, c->text, j + 1, d->text);
            }
        }
    }
    return SG_OK;
}

static int column_type(sg_type **out, const column *col, bool no_data) {
    static const sg_kind kinds[] = {
        [G_NONE] = SG_KIND_STRING,         [G_INT] = SG_KIND_INT32,
        [G_LONG] = SG_KIND_INT64,          [G_DECIMAL] = SG_KIND_DECIMAL,
        [G_DOUBLE] = SG_KIND_FLOAT64,      [G_DATE] = SG_KIND_DATE,
        [G_TIMESTAMP] = SG_KIND_TIMESTAMP, [G_BOOLEAN] = SG_KIND_BOOLEAN,
        [G_STRING] = SG_KIND_STRING,
    };
    int rc = sg_type_new(out, kinds[col->type]);
    if (rc == SG_OK && col->type == G_DECIMAL) {
        rc = sg_type_set_decimal(*out, col->precision, 0);
    }
    if (rc == SG_OK) {
        /* Timestamps: sg_type_new's default, micros adjusted to UTC, is Spark's TimestampType. */
        rc = sg_type_set_nullable(*out, col->nullable || no_data);
    }
    return rc;
}

static const char *char_text(char c, char out[2]) {
    out[0] = c;
    out[1] = '\0';
    return out;
}

static int build(inferrer *I, bool header, sg_schema **out) {
    const column *cols = header ? I->after : I->all;
    bool no_data = header && I->after_count == 0;
    sg_type *root = NULL;
    int rc = sg_type_new(&root, SG_KIND_STRUCT);
    for (size_t i = 0; rc == SG_OK && i < I->width; i++) {
        char name[32];
        const char *field_name = name;
        if (header) {
            field_name = I->first[i].text;
        } else {
            snprintf(name, sizeof name, "_c%zu", i);
        }
        sg_type *type = NULL;
        sg_field *field = NULL;
        if ((rc = column_type(&type, &cols[i], no_data)) != SG_OK) {
            break;
        }
        if ((rc = sg_field_new(&field, field_name, type)) != SG_OK) {
            break;
        }
        rc = sg_field_set_location(field, I->source, NULL, (int)I->first[i].line,
                                   (int)I->first[i].column);
        if (rc == SG_OK) {
            rc = sg_type_add_field(root, field);
        }
        if (rc != SG_OK) {
            sg_field_free(field);
        }
    }
    if (rc != SG_OK) {
        sg_type_free(root);
        return rc == SG_ENOMEM ? nomem(I)
                               : sgp_error(I->err, rc, I->source, NULL, 0, 0,
                                           "cannot build the schema: %s", sg_code_name(rc));
    }
    if ((rc = sg_schema_new(out, root)) != SG_OK) {
        return nomem(I);
    }
    const sg_csv_options *o = I->options;
    char d[2], q[2], e[2], skip[32];
    snprintf(skip, sizeof skip, "%ld", o->skip_rows);
    const char *const props[][2] = {
        {"csv.delimiter", char_text(o->delimiter, d)},
        {"csv.quote", char_text(o->quote, q)},
        {"csv.escape", char_text(o->escape == o->quote ? '\0' : o->escape, e)},
        {"csv.header", header ? "true" : "false"},
        {"csv.null", o->null_token ? o->null_token : ""},
        {"csv.skip_rows", skip},
    };
    rc = sg_schema_set_source(*out, I->source);
    for (size_t i = 0; rc == SG_OK && i < sizeof props / sizeof props[0]; i++) {
        rc = sg_schema_set_property(*out, props[i][0], props[i][1]);
    }
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
        return nomem(I);
    }
    return SG_OK;
}

static int check_options(const sg_csv_options *o, const char *source, sg_error *err) {
    if (o->version != SG_CSV_OPTIONS_VERSION) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0,
                         "unknown sg_csv_options version %d (start from SG_CSV_OPTIONS_INIT)",
                         o->version);
    }
    if (o->header != SG_CSV_HEADER_AUTO && o->header != SG_CSV_HEADER_NO &&
        o->header != SG_CSV_HEADER_YES) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0,
                         "header must be SG_CSV_HEADER_AUTO, _NO or _YES");
    }
    if (o->sample_rows <= 0 && o->sample_rows != SG_CSV_SAMPLE_ALL) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0,
                         "sample_rows must be positive or SG_CSV_SAMPLE_ALL");
    }
    return SG_OK;
}

static int infer(sg_schema **out, FILE *file, const char *data, size_t length, const char *source,
                 const sg_csv_options *options, sg_error *err) {
    static const sg_csv_options defaults = SG_CSV_OPTIONS_INIT;
    const sg_csv_options *o = options ? options : &defaults;
    int rc = check_options(o, source, err);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_csv_dialect dialect;
    sgp_csv_dialect_init(&dialect);
    dialect.delimiter = o->delimiter;
    dialect.quote = o->quote;
    dialect.escape = o->escape;
    dialect.header = o->header == SG_CSV_HEADER_YES;
    dialect.null_token = o->null_token;
    dialect.skip_rows = o->skip_rows;
    inferrer I;
    memset(&I, 0, sizeof I);
    I.options = o;
    I.source = source;
    I.err = err;
    rc = file ? sgp_csv_reader_open_file(&I.reader, file, source, &dialect, err)
              : sgp_csv_reader_open_buffer(&I.reader, data, length, source, &dialect, err);
    if (rc == SG_OK) {
        rc = read_sample(&I);
    }
    if (rc == SG_OK) {
        bool header = o->header == SG_CSV_HEADER_YES ||
                      (o->header == SG_CSV_HEADER_AUTO && looks_like_header(&I));
        if (header) {
            rc = check_header(&I);
        }
        if (rc == SG_OK) {
            rc = build(&I, header, out);
        }
    }
    sgp_csv_reader_free(I.reader);
    for (size_t i = 0; I.first && i < I.width; i++) {
        free(I.first[i].text);
    }
    free(I.first);
    free(I.all);
    free(I.after);
    return rc;
}

int sg_csv_infer_buffer(sg_schema **out, const char *data, size_t length, const char *source,
                        const sg_csv_options *options, sg_error *err) {
    if (!out || (!data && length)) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "no output or no input given");
    }
    *out = NULL;
    return infer(out, NULL, data ? data : "", length, source ? source : "<string>", options, err);
}

int sg_csv_infer(sg_schema **out, const char *path, const sg_csv_options *options, sg_error *err) {
    if (!out || !path) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no output or no path given");
    }
    *out = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    sgp_s3_object *object = NULL;
    FILE *file = NULL;
    if (strncmp(path, "s3://", 5) == 0) {
        /* An object on S3, streamed. */
        sgp_s3_object_options stream = SGP_S3_OPTIONS_STREAM;
        int rc = sgp_s3_object_open(&object, path, &stream, err);
        if (rc != SG_OK) {
            return rc;
        }
        if ((file = sgp_s3_object_stream(object)) == NULL) {
            sgp_s3_object_close(object);
            return sgp_error_nomem(err);
        }
    } else {
        file = is_stdin ? stdin : fopen(path, "rb");
    }
    if (!file) {
        int code = errno == ENOENT || errno == ENOTDIR ? SG_ENOTFOUND : SG_EIO;
        return sgp_error(err, code, path, NULL, 0, 0, "cannot open: %s", strerror(errno));
    }
    int rc = infer(out, file, NULL, 0, is_stdin ? "<stdin>" : path, options, err);
    if (object && rc != SG_OK && sgp_s3_object_error(object)->code != SG_OK && err) {
        *err = *sgp_s3_object_error(object); /* why the stream failed, not just that it did */
        rc = err->code;
    }
    if (!is_stdin) {
        fclose(file);
    }
    sgp_s3_object_close(object);
    return rc;
}

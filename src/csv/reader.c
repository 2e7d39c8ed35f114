/*
 * csv/reader.c: the streaming CSV reader (see reader.h for what it accepts).
 *
 * Bytes come from the source in chunks into a small input buffer; a state machine moves them,
 * unescaped, into the record buffer, which is reset for every record and so holds at most one
 * record. Positions (line, column in characters, byte offset) are tracked byte by byte so that
 * every error can name where it happened; UTF-8 is checked as the bytes pass, including across
 * chunk boundaries.
 */
#include "csv/reader.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"

#define DEFAULT_CHUNK (64u * 1024u)

enum {
    END_OF_INPUT = -1,
    READ_FAILED = -2,
};

typedef enum state {
    FIELD_START,    /* before the first character of a field */
    UNQUOTED,       /* inside an unquoted field */
    UNQUOTED_ESC,   /* after an escape character in an unquoted field */
    QUOTED,         /* inside a quoted field */
    QUOTED_ESC,     /* after an escape character in a quoted field */
    QUOTE_IN_QUOTE, /* RFC mode: a quote inside a quoted field: closing, or the first of two */
    AFTER_QUOTE,    /* escape mode: after the closing quote */
} state;

struct sgp_csv_reader {
    sgp_csv_dialect d;
    bool rfc; /* quotes are escaped by doubling (no distinct escape character) */
    char *source;

    /* The source: a FILE* or memory. */
    FILE *file;
    const unsigned char *mem;
    size_t mem_len;
    size_t mem_pos;
    bool eof;

    /* Input chunk. */
    unsigned char *in;
    size_t in_cap;
    size_t in_len;
    size_t in_pos;

    /* Position of the next byte, and of the byte just fetched. */
    int64_t offset;
    int64_t line;
    int64_t column;
    bool last_cr;
    int64_t at_line;
    int64_t at_column;
    int64_t at_offset;

    bool started;       /* the BOM and the skipped lines are behind us */
    bool swallow_lf;    /* the previous line ended with CR: a LF now belongs to it */
    bool lf_is_content; /* an escaped CR was just read: a LF now is content too */

    /* UTF-8 sequence in progress. */
    int u_need;
    unsigned char u_lo;
    unsigned char u_hi;
    int64_t u_line;
    int64_t u_column;

    /* The record being read. */
    char *buf;
    size_t buf_len;
    size_t buf_cap;
    sgp_csv_field *fields;
    size_t fields_cap;
    size_t *starts; /* offset of each field in buf (buf may move while the record grows) */
    size_t starts_cap;
    size_t count;
    int64_t records; /* records returned so far */
    size_t expected;

    int failed;
    sg_error failure;
};

/* Dialect ------------------------------------------------------------------------------------ */

void sgp_csv_dialect_init(sgp_csv_dialect *dialect) {
    memset(dialect, 0, sizeof *dialect);
    dialect->delimiter = ',';
    dialect->quote = '"';
    dialect->escape = '\0';
    dialect->skip_blank_lines = true;
}

static bool bad_char(char c) {
    return c == '\r' || c == '\n' || (unsigned char)c >= 0x80;
}

int sgp_csv_dialect_check(const sgp_csv_dialect *d, sg_error *err) {
    if (!d) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no CSV dialect given");
    }
    if (d->delimiter == '\0' || bad_char(d->delimiter)) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "the delimiter must be one ASCII character other than NUL, CR and LF");
    }
    if (bad_char(d->quote) || bad_char(d->escape)) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "the quote and escape characters must be ASCII characters other than "
                         "CR and LF");
    }
    if (d->quote && d->quote == d->delimiter) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "the quote character and the delimiter must differ");
    }
    if (d->escape && d->escape == d->delimiter) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "the escape character and the delimiter must differ");
    }
    if (d->skip_rows < 0) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "skip_rows must not be negative");
    }
    if (d->null_token && strlen(d->null_token) > SG_MAX_NAME_BYTES) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "the null token is longer than %d bytes",
                         SG_MAX_NAME_BYTES);
    }
    return SG_OK;
}

/* Opening and closing ----------------------------------------------------------------------- */

static int open_reader(sgp_csv_reader **out, const char *source, const sgp_csv_dialect *dialect,
                       sg_error *err) {
    *out = NULL;
    int rc = sgp_csv_dialect_check(dialect, err);
    if (rc != SG_OK) {
        if (err) {
            snprintf(err->source, sizeof err->source, "%s", source ? source : "<string>");
        }
        return rc;
    }
    sgp_csv_reader *r = calloc(1, sizeof *r);
    if (!r) {
        return sgp_error_nomem(err);
    }
    r->d = *dialect;
    if (!r->d.max_record_bytes) {
        r->d.max_record_bytes = SG_MAX_CSV_RECORD_BYTES;
    }
    if (!r->d.max_columns) {
        r->d.max_columns = SG_MAX_CSV_COLUMNS;
    }
    if (!r->d.chunk_size) {
        r->d.chunk_size = DEFAULT_CHUNK;
    }
    if (r->d.escape == r->d.quote) {
        r->d.escape = '\0';
    }
    r->rfc = r->d.escape == '\0';
    r->in_cap = r->d.chunk_size < 4 ? 4 : r->d.chunk_size;
    r->source = sgp_strdup(source ? source : "<string>");
    r->in = malloc(r->in_cap);
    if (!r->source || !r->in) {
        sgp_csv_reader_free(r);
        return sgp_error_nomem(err);
    }
    r->line = 1;
    r->column = 1;
    *out = r;
    return SG_OK;
}

int sgp_csv_reader_open_file(sgp_csv_reader **out, FILE *file, const char *source,
                             const sgp_csv_dialect *dialect, sg_error *err) {
    if (!out || !file) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "no output or no file given");
    }
    int rc = open_reader(out, source, dialect, err);
    if (rc == SG_OK) {
        (*out)->file = file;
    }
    return rc;
}

int sgp_csv_reader_open_buffer(sgp_csv_reader **out, const char *data, size_t length,
                               const char *source, const sgp_csv_dialect *dialect, sg_error *err) {
    if (!out || (!data && length)) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "no output or no input given");
    }
    int rc = open_reader(out, source, dialect, err);
    if (rc == SG_OK) {
        (*out)->mem = (const unsigned char *)(data ? data : "");
        (*out)->mem_len = length;
    }
    return rc;
}

void sgp_csv_reader_free(sgp_csv_reader *r) {
    if (!r) {
        return;
    }
    free(r->source);
    free(r->in);
    free(r->buf);
    free(r->fields);
    free(r->starts);
    free(r);
}

size_t sgp_csv_expected_fields(const sgp_csv_reader *r) {
    return r ? r->expected : 0;
}

const char *sgp_csv_source(const sgp_csv_reader *r) {
    return r ? r->source : NULL;
}

/* Errors -------------------------------------------------------------------------------------- */

static int clamp(int64_t n) {
    return n > INT_MAX ? INT_MAX : (int)n;
}

static int fail(sgp_csv_reader *r, sg_error *err, int code, int64_t line, int64_t column,
                const char *fmt, ...) SGP_PRINTF(6, 7);

static int fail(sgp_csv_reader *r, sg_error *err, int code, int64_t line, int64_t column,
                const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(&r->failure, code, r->source, NULL, clamp(line), clamp(column), fmt, ap);
    va_end(ap);
    r->failure.row = code == SG_EPARSE || code == SG_ELIMIT ? r->records : -1;
    r->failed = code;
    if (err) {
        *err = r->failure;
    }
    return code;
}

int sgp_csv_fail_at(const sgp_csv_reader *r, const sgp_csv_record *record,
                    const sgp_csv_field *field, sg_error *err, int code, const char *fmt, ...) {
    int64_t line = field ? field->line : record ? record->line : 0;
    int64_t column = field ? field->column : 0;
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(err, code, r ? r->source : NULL, NULL, clamp(line), clamp(column), fmt, ap);
    va_end(ap);
    if (err && record) {
        err->row = record->number;
    }
    return code;
}

/* A character for a message: itself when printable ASCII, else its byte value. */
static const char *show_char(int c, char out[16]) {
    if (c > 0x20 && c < 0x7f && c != '\'') {
        snprintf(out, 16, "'%c'", c);
    } else if (c == ' ') {
        snprintf(out, 16, "a space");
    } else if (c == '\t') {
        snprintf(out, 16, "a tab");
    } else {
        snprintf(out, 16, "byte 0x%02X", (unsigned)c);
    }
    return out;
}

/* Input -----------------------------------------------------------------------------------------
 */

/* Appends up to one chunk to the input buffer (emptying it first when it is all read). Returns
 * false at the end of the input or on a read error (the caller tells them apart by ferror). */
static bool refill(sgp_csv_reader *r) {
    if (r->in_pos == r->in_len) {
        r->in_pos = r->in_len = 0;
    }
    size_t room = r->in_cap - r->in_len;
    size_t want = r->d.chunk_size < room ? r->d.chunk_size : room;
    if (r->eof || want == 0) {
        return false;
    }
    size_t got;
    if (r->file) {
        got = fread(r->in + r->in_len, 1, want, r->file);
    } else {
        size_t left = r->mem_len - r->mem_pos;
        got = left < want ? left : want;
        memcpy(r->in + r->in_len, r->mem + r->mem_pos, got);
        r->mem_pos += got;
    }
    if (got == 0) {
        r->eof = true;
        return false;
    }
    r->in_len += got;
    return true;
}

/* The next byte, with the position bookkeeping; END_OF_INPUT or READ_FAILED. */
static int fetch(sgp_csv_reader *r) {
    if (r->in_pos == r->in_len && !refill(r)) {
        return r->file && ferror(r->file) ? READ_FAILED : END_OF_INPUT;
    }
    unsigned char c = r->in[r->in_pos++];
    r->at_line = r->line;
    r->at_column = r->column;
    r->at_offset = r->offset;
    r->offset++;
    if (c == '\r') {
        r->line++;
        r->column = 1;
        r->last_cr = true;
    } else if (c == '\n') {
        if (!r->last_cr) {
            r->line++;
            r->column = 1;
        }
        r->last_cr = false;
    } else {
        if ((c & 0xC0) != 0x80) {
            r->column++; /* continuation bytes belong to the character before */
        }
        r->last_cr = false;
    }
    return c;
}

static int read_failed(sgp_csv_reader *r, sg_error *err) {
    return fail(r, err, SG_EIO, 0, 0, "read failed: %s", strerror(errno));
}

/* Skips the BOM and the first skip_rows physical lines. */
static int start(sgp_csv_reader *r, sg_error *err) {
    r->started = true;
    while (r->in_len - r->in_pos < 3 && refill(r)) {
    }
    if (r->file && ferror(r->file)) {
        return read_failed(r, err);
    }
    if (r->in_len - r->in_pos >= 3 && memcmp(r->in + r->in_pos, "\xEF\xBB\xBF", 3) == 0) {
        r->in_pos += 3;
        r->offset += 3;
    }
    for (long skipped = 0; skipped < r->d.skip_rows;) {
        int c = fetch(r);
        if (c == READ_FAILED) {
            return read_failed(r, err);
        }
        if (c == END_OF_INPUT) {
            break;
        }
        if (r->swallow_lf) {
            r->swallow_lf = false;
            if (c == '\n') {
                continue;
            }
        }
        if (c == '\n' || c == '\r') {
            skipped++;
            r->swallow_lf = c == '\r';
        }
    }
    return SG_OK;
}

/* The record buffer -----------------------------------------------------------------------------
 */

static bool buf_room(sgp_csv_reader *r, size_t n) {
    return r->buf_len + n <= r->buf_cap ||
           sgp_reserve((void **)&r->buf, &r->buf_cap, r->buf_len + n, 1);
}

static int begin_field(sgp_csv_reader *r, bool quoted, sg_error *err) {
    if (r->count >= r->d.max_columns) {
        return fail(r, err, SG_ELIMIT, r->at_line, r->at_column,
                    "the record has more than the limit of %zu fields", r->d.max_columns);
    }
    if (!sgp_reserve((void **)&r->fields, &r->fields_cap, r->count + 1, sizeof *r->fields) ||
        !sgp_reserve((void **)&r->starts, &r->starts_cap, r->count + 1, sizeof *r->starts)) {
        return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
    }
    sgp_csv_field *f = &r->fields[r->count];
    memset(f, 0, sizeof *f);
    f->quoted = quoted;
    f->line = r->at_line;
    f->column = r->at_column;
    r->starts[r->count] = r->buf_len;
    r->count++;
    return SG_OK;
}

static int end_field(sgp_csv_reader *r, sg_error *err) {
    if (!buf_room(r, 1)) {
        return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
    }
    r->fields[r->count - 1].length = r->buf_len - r->starts[r->count - 1];
    r->buf[r->buf_len++] = '\0';
    return SG_OK;
}

/* Fills record from the buffer once the record is complete. */
static void finish_record(sgp_csv_reader *r, sgp_csv_record *record, int64_t line, int64_t offset) {
    const char *token = r->d.null_token;
    size_t token_len = token ? strlen(token) : 0;
    for (size_t i = 0; i < r->count; i++) {
        sgp_csv_field *f = &r->fields[i];
        f->data = r->buf + r->starts[i];
        f->is_null = token && f->length == token_len && memcmp(f->data, token, token_len) == 0;
    }
    if (r->records == 0) {
        r->expected = r->count;
    }
    record->fields = r->fields;
    record->count = r->count;
    record->number = r->records;
    record->line = line;
    record->offset = offset;
    record->is_header = r->records == 0 && r->d.header;
    r->records++;
}

/* How many plain bytes (printable ASCII or tab, nothing the state machine must see) start the
 * unread input: they can be copied in one go. */
static size_t plain_run(const sgp_csv_reader *r) {
    const unsigned char *p = r->in + r->in_pos;
    const unsigned char *end = r->in + r->in_len;
    const unsigned char *q = p;
    const unsigned char delim = (unsigned char)r->d.delimiter;
    const unsigned char quote = (unsigned char)r->d.quote;
    const unsigned char escape = (unsigned char)r->d.escape;
    while (q < end && ((*q >= 0x20 && *q < 0x7f) || *q == '\t') && *q != delim && *q != quote &&
           *q != escape) {
        q++;
    }
    return (size_t)(q - p);
}

/* Appends one byte of field content to the record. */
static int push(sgp_csv_reader *r, int c, int64_t rec_line, sg_error *err) {
    const size_t max_bytes = r->d.max_record_bytes;
    if (r->buf_len >= max_bytes) {
        return fail(r, err, SG_ELIMIT, r->at_line, r->at_column,
                    "the record starting at line %lld is larger than the limit of %zu bytes (an "
                    "unclosed quote makes the rest of the file one field)",
                    (long long)rec_line, max_bytes);
    }
    if (!buf_room(r, 1)) {
        return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
    }
    r->buf[r->buf_len++] = (char)c;
    return SG_OK;
}

/* The state machine -----------------------------------------------------------------------------
 */

/* Starts a UTF-8 sequence at lead byte c, or says it cannot start one. */
static bool utf8_lead(sgp_csv_reader *r, unsigned char c) {
    r->u_lo = 0x80;
    r->u_hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        r->u_need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        r->u_need = 2;
        if (c == 0xE0) {
            r->u_lo = 0xA0; /* no overlongs */
        } else if (c == 0xED) {
            r->u_hi = 0x9F; /* no surrogates */
        }
    } else if (c >= 0xF0 && c <= 0xF4) {
        r->u_need = 3;
        if (c == 0xF0) {
            r->u_lo = 0x90;
        } else if (c == 0xF4) {
            r->u_hi = 0x8F; /* nothing above U+10FFFF */
        }
    } else {
        return false;
    }
    r->u_line = r->at_line;
    r->u_column = r->at_column;
    return true;
}

/* The 1-based number of the field the byte just read belongs to. */
static size_t field_number(const sgp_csv_reader *r, state st) {
    return st == FIELD_START ? r->count + 1 : r->count;
}

static int bad_utf8(sgp_csv_reader *r, sg_error *err, int64_t line, int64_t column, size_t field,
                    int c) {
    if (c < 0) {
        return fail(r, err, SG_EPARSE, line, column,
                    "invalid UTF-8 in field %zu: the input ends inside a character (the data "
                    "must be UTF-8 text)",
                    field);
    }
    return fail(r, err, SG_EPARSE, line, column,
                "invalid UTF-8 in field %zu: byte 0x%02X (the data must be UTF-8 text)", field,
                (unsigned)c);
}

static int after_quote(sgp_csv_reader *r, sg_error *err, int c) {
    char shown[16];
    show_char(c, shown);
    if (r->rfc) {
        return fail(r, err, SG_EPARSE, r->at_line, r->at_column,
                    "%s after the closing quote of field %zu (a quote inside a quoted field is "
                    "written twice)",
                    shown, r->count);
    }
    return fail(r, err, SG_EPARSE, r->at_line, r->at_column,
                "%s after the closing quote of field %zu%s", shown, r->count,
                c == (unsigned char)r->d.quote
                    ? " (with an escape character, a quote inside a quoted field is escaped, "
                      "not doubled)"
                    : "");
}

int sgp_csv_next(sgp_csv_reader *r, sgp_csv_record *record, sg_error *err) {
    if (!r || !record) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no reader or no record given");
    }
    if (r->failed) {
        if (err) {
            *err = r->failure;
        }
        return r->failed;
    }
    int rc;
    if (!r->started && (rc = start(r, err)) != SG_OK) {
        return rc;
    }
    const int delim = (unsigned char)r->d.delimiter;
    const int quote = r->d.quote ? (unsigned char)r->d.quote : -1;
    const int escape = r->d.escape ? (unsigned char)r->d.escape : -1;
    const size_t max_bytes = r->d.max_record_bytes;
    state st = FIELD_START;
    bool in_record = false;
    int64_t rec_line = 0, rec_offset = 0;
    r->buf_len = 0;
    r->count = 0;
    r->u_need = 0;
    for (;;) {
        /* Runs of plain bytes inside a field are copied without the byte-by-byte machinery (not
         * in the middle of a UTF-8 sequence or after an escaped CR, where the next byte
         * matters). */
        if ((st == UNQUOTED || st == QUOTED) && !r->u_need && !r->lf_is_content &&
            r->in_pos < r->in_len) {
            size_t n = plain_run(r);
            size_t room = r->buf_len < max_bytes ? max_bytes - r->buf_len : 0;
            if (n > room) {
                n = room; /* the byte loop reports the excess */
            }
            if (n > 0) {
                if (!buf_room(r, n)) {
                    return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
                }
                memcpy(r->buf + r->buf_len, r->in + r->in_pos, n);
                r->buf_len += n;
                r->in_pos += n;
                r->offset += (int64_t)n;
                r->column += (int64_t)n;
                r->last_cr = false;
                continue;
            }
        }
        int c = fetch(r);
        if (c == READ_FAILED) {
            return read_failed(r, err);
        }
        if (c == END_OF_INPUT) {
            if (r->u_need) {
                return bad_utf8(r, err, r->u_line, r->u_column, field_number(r, st), -1);
            }
            if (st == QUOTED || st == QUOTED_ESC) {
                const sgp_csv_field *f = &r->fields[r->count - 1];
                return fail(r, err, SG_EPARSE, f->line, f->column,
                            "the quote opened here is never closed (the input ends inside "
                            "quoted field %zu)",
                            r->count);
            }
            if (st == UNQUOTED_ESC && (rc = push(r, escape, rec_line, err)) != SG_OK) {
                return rc; /* an escape with nothing after it is itself */
            }
            if (!in_record) {
                return 0;
            }
            if (st == FIELD_START && (rc = begin_field(r, false, err)) != SG_OK) {
                return rc;
            }
            if ((rc = end_field(r, err)) != SG_OK) {
                return rc;
            }
            finish_record(r, record, rec_line, rec_offset);
            return 1;
        }
        if (r->swallow_lf) {
            r->swallow_lf = false;
            if (c == '\n') {
                continue;
            }
        }
        if (!in_record) {
            in_record = true;
            rec_line = r->at_line;
            rec_offset = r->at_offset;
        }
        /* UTF-8 and NUL first: no byte of a multi-byte character is structural. */
        if (r->u_need) {
            if (c < r->u_lo || c > r->u_hi) {
                return bad_utf8(r, err, r->u_line, r->u_column, field_number(r, st), c);
            }
            r->u_need--;
            r->u_lo = 0x80;
            r->u_hi = 0xBF;
        } else if (c >= 0x80) {
            if (!utf8_lead(r, (unsigned char)c)) {
                return bad_utf8(r, err, r->at_line, r->at_column, field_number(r, st), c);
            }
        } else if (c == 0) {
            return fail(r, err, SG_EPARSE, r->at_line, r->at_column,
                        "NUL byte in field %zu (is the file UTF-16 or compressed?)",
                        field_number(r, st));
        }
        if (r->lf_is_content) {
            r->lf_is_content = false;
            if (c == '\n') {
                goto append; /* the LF of an escaped CRLF */
            }
        }
        bool newline = c == '\n' || c == '\r';
        switch (st) {
        case FIELD_START:
            if (newline && r->count == 0 && r->d.skip_blank_lines) {
                r->swallow_lf = c == '\r'; /* a blank line: no record */
                in_record = false;
                continue;
            }
            if (c == quote) {
                if ((rc = begin_field(r, true, err)) != SG_OK) {
                    return rc;
                }
                st = QUOTED;
                continue;
            }
            if ((rc = begin_field(r, false, err)) != SG_OK) {
                return rc;
            }
            if (c == delim || newline) {
                break; /* an empty field */
            }
            if (c == escape) {
                st = UNQUOTED_ESC;
                continue;
            }
            st = UNQUOTED;
            goto append;
        case UNQUOTED:
            if (c == delim || newline) {
                break;
            }
            if (c == quote) {
                return fail(r, err, SG_EPARSE, r->at_line, r->at_column,
                            "quote character inside unquoted field %zu (RFC 4180: quote the "
                            "whole field and double the quote, or read with no quote "
                            "character)",
                            r->count);
            }
            if (c == escape) {
                st = UNQUOTED_ESC;
                continue;
            }
            goto append;
        case UNQUOTED_ESC:
        case QUOTED_ESC:
            /* The delimiter, the quote, the escape and line breaks become content; before any
             * other character the escape is itself content (so \N stays \N). */
            st = st == UNQUOTED_ESC ? UNQUOTED : QUOTED;
            r->lf_is_content = c == '\r';
            if (c != delim && c != quote && c != escape && !newline &&
                (rc = push(r, escape, rec_line, err)) != SG_OK) {
                return rc;
            }
            goto append;
        case QUOTED:
            if (c == quote) {
                st = r->rfc ? QUOTE_IN_QUOTE : AFTER_QUOTE;
                continue;
            }
            if (c == escape) {
                st = QUOTED_ESC;
                continue;
            }
            goto append;
        case QUOTE_IN_QUOTE:
            if (c == quote) {
                st = QUOTED; /* a doubled quote is one quote of content */
                goto append;
            }
            if (c == delim || newline) {
                break;
            }
            return after_quote(r, err, c);
        case AFTER_QUOTE:
            if (c == delim || newline) {
                break;
            }
            return after_quote(r, err, c);
        }
        /* The end of a field: c is the delimiter or a line break. */
        if ((rc = end_field(r, err)) != SG_OK) {
            return rc;
        }
        if (c == delim) {
            st = FIELD_START;
            continue;
        }
        r->swallow_lf = c == '\r';
        finish_record(r, record, rec_line, rec_offset);
        return 1;
    append:
        if ((rc = push(r, c, rec_line, err)) != SG_OK) {
            return rc;
        }
    }
}

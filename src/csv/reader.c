/*
 * csv/reader.c: the streaming CSV reader (see reader.h for what it accepts).
 *
 * Bytes come from the source in chunks into a window that always holds the current record from
 * its first byte (so its raw bytes can be handed out and content runs copied in one go); the
 * window is compacted before each read and grows only with the record. Scanning is a table
 * lookup per byte over runs of ordinary bytes: only the delimiter, the quote and escape
 * characters, line breaks, NUL and non-ASCII bytes (UTF-8 is checked as it passes) leave the
 * tight loop. Field contents are copied, unescaped, into a record buffer. Positions are kept as
 * byte offsets; a column (in characters) is the offset from the start of its line minus the
 * UTF-8 continuation bytes seen on that line.
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

/* Byte classes: where the fast scan of an unquoted (STOP_U) or quoted (STOP_Q) field stops. */
enum {
    STOP_U = 0x1,
    STOP_Q = 0x2,
};

/* How a field ended. */
typedef enum field_end {
    AT_DELIMITER,
    AT_NEWLINE,
    AT_END,
} field_end;

struct sgp_csv_reader {
    sgp_csv_dialect d;
    bool rfc; /* quotes are escaped by doubling (no distinct escape character) */
    char *source;
    unsigned char stop[256];

    /* The source: a FILE* or memory. */
    FILE *file;
    const unsigned char *mem;
    size_t mem_len;
    size_t mem_pos;
    bool eof;

    /* The window: in[0, len) holds input bytes from absolute offset base; rec is where the
     * current record starts (nothing before it is needed), pos the scan point. own is the
     * malloc'd window (NULL when in is the caller's whole buffer). */
    const unsigned char *in;
    unsigned char *own;
    size_t cap;
    size_t len;
    size_t pos;
    size_t rec;
    size_t seg; /* start of the content run of the current field not yet copied */
    int64_t base;

    /* The scan point's line, where that line starts, and the UTF-8 continuation bytes between
     * the two. */
    int64_t line;
    int64_t line_start;
    int64_t cont;

    bool started;    /* the BOM and the skipped lines are behind us */
    sgp_buf skipped; /* the skipped lines as read (up to max_record_bytes), for --split */

    /* The record being read. */
    char *buf;
    size_t buf_len;
    size_t buf_cap;
    sgp_csv_field *fields;
    size_t fields_cap;
    size_t *starts; /* offset of each field in buf (buf may move while the record grows) */
    size_t starts_cap;
    size_t count;
    sgp_csv_flaw *flaws;
    size_t flaw_count;
    size_t flaws_cap;
    int64_t records; /* records returned so far */
    size_t expected;
    int64_t rec_line;

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

static void build_stop_table(sgp_csv_reader *r) {
    memset(r->stop, 0, sizeof r->stop);
    for (int c = 0x80; c < 0x100; c++) {
        r->stop[c] = STOP_U | STOP_Q;
    }
    r->stop[0] = r->stop['\r'] = r->stop['\n'] = STOP_U | STOP_Q;
    r->stop[(unsigned char)r->d.delimiter] |= STOP_U;
    if (r->d.quote) {
        r->stop[(unsigned char)r->d.quote] |= STOP_U | STOP_Q;
    }
    if (r->d.escape) {
        r->stop[(unsigned char)r->d.escape] |= STOP_U | STOP_Q;
    }
}

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
    if (r->d.escape == r->d.quote) {
        r->d.escape = '\0';
    }
    r->rfc = r->d.escape == '\0';
    build_stop_table(r);
    r->source = sgp_strdup(source ? source : "<string>");
    if (!r->source) {
        sgp_csv_reader_free(r);
        return sgp_error_nomem(err);
    }
    r->line = 1;
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
        if (!(*out)->d.chunk_size) {
            (*out)->d.chunk_size = DEFAULT_CHUNK;
        }
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
        sgp_csv_reader *r = *out;
        r->mem = (const unsigned char *)(data ? data : "");
        r->mem_len = length;
        if (!r->d.chunk_size) {
            /* The whole buffer is the window: nothing is copied. */
            r->in = r->mem;
            r->len = length;
            r->mem_pos = length;
            r->eof = true;
        }
    }
    return rc;
}

void sgp_csv_reader_free(sgp_csv_reader *r) {
    if (!r) {
        return;
    }
    free(r->source);
    free(r->own);
    free(r->buf);
    free(r->fields);
    free(r->starts);
    free(r->flaws);
    sgp_buf_free(&r->skipped);
    free(r);
}

const char *sgp_csv_skipped_lines(const sgp_csv_reader *r, size_t *length) {
    *length = r->skipped.failed ? 0 : r->skipped.len;
    return r->skipped.failed || r->skipped.data == NULL ? "" : r->skipped.data;
}

size_t sgp_csv_expected_fields(const sgp_csv_reader *r) {
    return r ? r->expected : 0;
}

const char *sgp_csv_source(const sgp_csv_reader *r) {
    return r ? r->source : NULL;
}

int64_t sgp_csv_bytes_read(const sgp_csv_reader *r) {
    return r ? r->base + (int64_t)r->pos : 0;
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

/* The column (in characters) of the scan point. */
static int64_t column_here(const sgp_csv_reader *r) {
    return r->base + (int64_t)r->pos - r->line_start - r->cont + 1;
}

/* The line and column of window byte at, counted from the start of the current record (which
 * starts a line): only for error messages. */
static void locate(const sgp_csv_reader *r, size_t at, int64_t *line, int64_t *column) {
    int64_t l = r->rec_line, c = 1;
    for (size_t i = r->rec; i < at && i < r->len; i++) {
        unsigned char b = r->in[i];
        if (b == '\r' || b == '\n') {
            if (!(b == '\n' && i > r->rec && r->in[i - 1] == '\r')) {
                l++;
            }
            c = 1;
        } else if ((b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

static int read_failed(sgp_csv_reader *r, sg_error *err) {
    return fail(r, err, SG_EIO, 0, 0, "read failed: %s", strerror(errno));
}

/*
 * Appends the next chunk to the window, first dropping the bytes before the current record
 * and growing the window when the record fills it. Returns the number of bytes added, 0 at the
 * end of the input, or a negative sg_code (failed set).
 */
static int more(sgp_csv_reader *r, sg_error *err) {
    if (r->eof) {
        return 0;
    }
    size_t chunk = r->d.chunk_size;
    if (r->cap - r->len < chunk) {
        if (r->rec > 0) {
            size_t drop = r->rec;
            memmove(r->own, r->own + drop, r->len - drop);
            r->len -= drop;
            r->pos -= drop;
            r->seg -= drop;
            r->rec = 0;
            r->base += (int64_t)drop;
        }
        if (r->cap - r->len < chunk) {
            /* Raw record bytes are at most about twice its content plus three per field, so a
             * window beyond this bound means the record limits were not enforced. */
            size_t bound = 2 * r->d.max_record_bytes + 4 * r->d.max_columns + 2 * chunk + 64;
            size_t want = r->cap ? 2 * r->cap : (chunk < 4096 ? 4096 : 2 * chunk);
            if (want < r->len + chunk) {
                want = r->len + chunk;
            }
            if (want > bound) {
                want = bound;
            }
            if (want < r->len + chunk) {
                return fail(
                    r, err, SG_ELIMIT, r->rec_line, 1,
                    "the record starting at line %lld is larger than the limit of %zu bytes",
                    (long long)r->rec_line, r->d.max_record_bytes);
            }
            unsigned char *grown = realloc(r->own, want);
            if (!grown) {
                return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
            }
            r->own = grown;
            r->cap = want;
        }
        r->in = r->own;
    }
    size_t got;
    if (r->file) {
        got = fread(r->own + r->len, 1, chunk, r->file);
        if (got == 0 && ferror(r->file)) {
            return read_failed(r, err);
        }
    } else {
        size_t left = r->mem_len - r->mem_pos;
        got = left < chunk ? left : chunk;
        memcpy(r->own + r->len, r->mem + r->mem_pos, got);
        r->mem_pos += got;
    }
    if (got == 0) {
        r->eof = true;
        return 0;
    }
    r->len += got;
    return (int)(got > INT_MAX ? INT_MAX : got);
}

/* The byte at pos + ahead, reading more if needed: END_OF_INPUT, or READ_FAILED (failed set). */
static int peek(sgp_csv_reader *r, size_t ahead, sg_error *err) {
    while (r->pos + ahead >= r->len) {
        int rc = more(r, err);
        if (rc < 0) {
            return READ_FAILED;
        }
        if (rc == 0) {
            return END_OF_INPUT;
        }
    }
    return r->in[r->pos + ahead];
}

/* Steps over the line break at pos (CR LF counts once) and starts a new line. */
static int newline(sgp_csv_reader *r, sg_error *err) {
    int c = r->in[r->pos++];
    if (c == '\r') {
        int next = peek(r, 0, err);
        if (next == READ_FAILED) {
            return r->failed;
        }
        if (next == '\n') {
            r->pos++;
        }
    }
    r->line++;
    r->line_start = r->base + (int64_t)r->pos;
    r->cont = 0;
    return SG_OK;
}

/* Keeps a skipped line's bytes for sgp_csv_skipped_lines, up to the record limit. */
static void keep_skipped(sgp_csv_reader *r, const char *text) {
    size_t limit = r->d.max_record_bytes ? r->d.max_record_bytes : SG_MAX_CSV_RECORD_BYTES;
    if (r->skipped.len + strlen(text) > limit) {
        r->skipped.failed = true;
        return;
    }
    sgp_buf_puts(&r->skipped, text);
}

/* Skips the BOM and the first skip_rows physical lines. */
static int start(sgp_csv_reader *r, sg_error *err) {
    r->started = true;
    int c = peek(r, 2, err);
    if (c == READ_FAILED) {
        return r->failed;
    }
    if (r->len - r->pos >= 3 && memcmp(r->in + r->pos, "\xEF\xBB\xBF", 3) == 0) {
        r->pos += 3;
        r->line_start = r->base + (int64_t)r->pos;
    }
    for (long skipped = 0; skipped < r->d.skip_rows;) {
        c = peek(r, 0, err);
        if (c == READ_FAILED) {
            return r->failed;
        }
        if (c == END_OF_INPUT) {
            break;
        }
        if (c == '\n' || c == '\r') {
            int next = c == '\r' ? peek(r, 1, err) : END_OF_INPUT;
            if (next == READ_FAILED) {
                return r->failed;
            }
            keep_skipped(r, c == '\n' ? "\n" : next == '\n' ? "\r\n" : "\r");
            int rc = newline(r, err);
            if (rc != SG_OK) {
                return rc;
            }
            skipped++;
        } else {
            char byte[2] = {(char)c, '\0'};
            keep_skipped(r, byte);
            r->pos++;
        }
        r->rec = r->seg = r->pos; /* the window need not keep what was skipped */
    }
    r->cont = 0;
    return SG_OK;
}

/* The record buffer -------------------------------------------------------------------------- */

static bool buf_room(sgp_csv_reader *r, size_t n) {
    return r->buf_len + n <= r->buf_cap ||
           sgp_reserve((void **)&r->buf, &r->buf_cap, r->buf_len + n, 1);
}

static int too_large(sgp_csv_reader *r, int64_t line, int64_t column, sg_error *err) {
    return fail(r, err, SG_ELIMIT, line, column,
                "the record starting at line %lld is larger than the limit of %zu bytes (an "
                "unclosed quote makes the rest of the file one field)",
                (long long)r->rec_line, r->d.max_record_bytes);
}

/* The content run seg..pos stays within the record limit (else the error at the first byte
 * beyond it). */
static int check_run(sgp_csv_reader *r, sg_error *err) {
    size_t max = r->d.max_record_bytes;
    if (r->buf_len + (r->pos - r->seg) <= max) {
        return SG_OK;
    }
    int64_t line, column;
    locate(r, r->seg + (max - r->buf_len), &line, &column);
    return too_large(r, line, column, err);
}

/* Copies the content run seg..pos into the record. */
static int flush(sgp_csv_reader *r, sg_error *err) {
    size_t n = r->pos - r->seg;
    int rc = check_run(r, err);
    if (rc != SG_OK) {
        return rc;
    }
    if (n) {
        if (!buf_room(r, n)) {
            return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
        }
        memcpy(r->buf + r->buf_len, r->in + r->seg, n);
        r->buf_len += n;
    }
    r->seg = r->pos;
    return SG_OK;
}

/* Appends one byte of content that is not in the input as is (unescaped). */
static int push(sgp_csv_reader *r, int c, sg_error *err) {
    if (r->buf_len >= r->d.max_record_bytes) {
        return too_large(r, r->line, column_here(r), err);
    }
    if (!buf_room(r, 1)) {
        return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
    }
    r->buf[r->buf_len++] = (char)c;
    return SG_OK;
}

static int begin_field(sgp_csv_reader *r, bool quoted, sg_error *err) {
    if (r->count >= r->d.max_columns) {
        return fail(r, err, SG_ELIMIT, r->line, column_here(r),
                    "the record has more than the limit of %zu fields", r->d.max_columns);
    }
    if ((r->count >= r->fields_cap || r->count >= r->starts_cap) &&
        (!sgp_reserve((void **)&r->fields, &r->fields_cap, r->count + 1, sizeof *r->fields) ||
         !sgp_reserve((void **)&r->starts, &r->starts_cap, r->count + 1, sizeof *r->starts))) {
        return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
    }
    sgp_csv_field *f = &r->fields[r->count];
    f->quoted = quoted;
    f->is_null = false;
    f->flaws = 0;
    f->line = r->line;
    f->column = column_here(r);
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

/* Lenient mode: notes a flaw of the current field at the scan point. */
static int flaw(sgp_csv_reader *r, unsigned kind, int byte, sg_error *err) {
    sgp_csv_field *f = &r->fields[r->count - 1];
    if (f->flaws & kind) {
        return SG_OK;
    }
    f->flaws |= (uint8_t)kind;
    if (!sgp_reserve((void **)&r->flaws, &r->flaws_cap, r->flaw_count + 1, sizeof *r->flaws)) {
        return fail(r, err, SG_ENOMEM, 0, 0, "out of memory");
    }
    sgp_csv_flaw *w = &r->flaws[r->flaw_count++];
    w->field = r->count - 1;
    w->kind = kind;
    w->line = r->line;
    w->column = column_here(r);
    w->byte = (unsigned char)byte;
    return SG_OK;
}

/* Fills record once it is complete. */
static void finish_record(sgp_csv_reader *r, sgp_csv_record *record, int64_t offset) {
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
    record->line = r->rec_line;
    record->offset = offset;
    record->is_header = r->records == 0 && r->d.header;
    record->raw = (const char *)r->in + r->rec;
    record->raw_length = r->pos - r->rec;
    record->flaws = r->flaws;
    record->flaw_count = r->flaw_count;
    r->records++;
}

/* Scanning --------------------------------------------------------------------------------------
 */

static int bad_utf8(sgp_csv_reader *r, sg_error *err, int c) {
    if (c < 0) {
        return fail(r, err, SG_EPARSE, r->line, column_here(r),
                    "invalid UTF-8 in field %zu: the input ends inside a character (the data "
                    "must be UTF-8 text)",
                    r->count);
    }
    return fail(r, err, SG_EPARSE, r->line, column_here(r),
                "invalid UTF-8 in field %zu: byte 0x%02X (the data must be UTF-8 text)", r->count,
                (unsigned)c);
}

/*
 * The non-ASCII byte at pos starts a UTF-8 character: steps over it. Otherwise an error, or in
 * lenient mode a flaw and a step over the one byte.
 */
static int utf8_char(sgp_csv_reader *r, sg_error *err) {
    int c = r->in[r->pos];
    int need;
    int lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        lo = c == 0xE0 ? 0xA0 : lo; /* no overlongs */
        hi = c == 0xED ? 0x9F : hi; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi; /* nothing above U+10FFFF */
    } else {
        need = 0;
    }
    bool valid = need > 0;
    int bad = c;
    for (int i = 1; valid && i <= need; i++) {
        int b = peek(r, (size_t)i, err);
        if (b == READ_FAILED) {
            return r->failed;
        }
        if (b == END_OF_INPUT || b < lo || b > hi) {
            valid = false;
            bad = b;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    if (valid) {
        r->pos += (size_t)need + 1;
        r->cont += need;
        return SG_OK;
    }
    if (!r->d.lenient) {
        return bad_utf8(r, err, bad);
    }
    int rc = flaw(r, SGP_CSV_FLAW_UTF8, c, err);
    r->pos++;
    return rc;
}

static int nul_byte(sgp_csv_reader *r, sg_error *err) {
    return fail(r, err, SG_EPARSE, r->line, column_here(r),
                "NUL byte in field %zu (is the file UTF-16 or compressed?)", r->count);
}

/* The escape character at pos (outside a run): what follows it is content. */
static int escaped(sgp_csv_reader *r, bool quoted, sg_error *err) {
    int rc = flush(r, err);
    if (rc != SG_OK) {
        return rc;
    }
    int c = peek(r, 1, err);
    if (c == READ_FAILED) {
        return r->failed;
    }
    if (c == END_OF_INPUT) {
        if (quoted) {
            r->pos++;
            r->seg = r->pos;
            return SG_OK; /* the caller finds the quote unclosed */
        }
        rc = push(r, r->d.escape, err); /* an escape with nothing after it is itself */
        r->pos++;
        r->seg = r->pos;
        return rc;
    }
    const int delim = (unsigned char)r->d.delimiter;
    const int quote = r->d.quote ? (unsigned char)r->d.quote : -1;
    const int escape = (unsigned char)r->d.escape;
    if (c != delim && c != quote && c != escape && c != '\r' && c != '\n') {
        /* Before any other character the escape is itself content (so \N stays \N); the
         * character is scanned as usual. */
        rc = push(r, escape, err);
        r->pos++;
        r->seg = r->pos;
        return rc;
    }
    r->pos++;
    if ((rc = push(r, c, err)) != SG_OK) {
        return rc;
    }
    if (c == '\r' || c == '\n') {
        int next = c == '\r' ? peek(r, 1, err) : 0;
        if (next == READ_FAILED) {
            return r->failed;
        }
        if (next == '\n' && (rc = push(r, '\n', err)) != SG_OK) {
            return rc; /* the LF of an escaped CRLF is content too */
        }
        if ((rc = newline(r, err)) != SG_OK) {
            return rc;
        }
    } else {
        r->pos++;
    }
    r->seg = r->pos;
    return SG_OK;
}

/* An unquoted field (or the rest of a field after a flawed closing quote) from pos. */
static int unquoted(sgp_csv_reader *r, field_end *end, sg_error *err) {
    const int delim = (unsigned char)r->d.delimiter;
    const int quote = r->d.quote ? (unsigned char)r->d.quote : -1;
    int rc;
    for (;;) {
        const unsigned char *p = r->in + r->pos;
        const unsigned char *e = r->in + r->len;
        const unsigned char *stop = r->stop;
        while (p < e && !(stop[*p] & STOP_U)) {
            p++;
        }
        r->pos = (size_t)(p - r->in);
        if ((rc = check_run(r, err)) != SG_OK) {
            return rc;
        }
        if (p == e) {
            if ((rc = more(r, err)) < 0) {
                return rc;
            }
            if (rc == 0) {
                *end = AT_END;
                return flush(r, err);
            }
            continue;
        }
        int c = *p;
        if (c == delim) {
            rc = flush(r, err);
            r->pos++;
            *end = AT_DELIMITER;
            return rc;
        }
        if (c == '\n' || c == '\r') {
            if ((rc = flush(r, err)) != SG_OK) {
                return rc;
            }
            *end = AT_NEWLINE;
            return newline(r, err);
        }
        if (c == quote) {
            if (!r->d.lenient) {
                return fail(r, err, SG_EPARSE, r->line, column_here(r),
                            "quote character inside unquoted field %zu (RFC 4180: quote the "
                            "whole field and double the quote, or read with no quote "
                            "character)",
                            r->count);
            }
            if ((rc = flaw(r, SGP_CSV_FLAW_QUOTE, c, err)) != SG_OK) {
                return rc;
            }
            r->pos++; /* kept as content, as Spark's STOP_AT_DELIMITER does */
            continue;
        }
        if (c >= 0x80) {
            rc = utf8_char(r, err);
        } else if (c == 0) {
            rc = nul_byte(r, err);
        } else {
            rc = escaped(r, false, err); /* the only other byte that stops the scan */
        }
        if (rc != SG_OK) {
            return rc;
        }
    }
}

static int after_quote(sgp_csv_reader *r, sg_error *err, int c) {
    char shown[16];
    show_char(c, shown);
    if (r->rfc) {
        return fail(r, err, SG_EPARSE, r->line, column_here(r),
                    "%s after the closing quote of field %zu (a quote inside a quoted field is "
                    "written twice)",
                    shown, r->count);
    }
    return fail(r, err, SG_EPARSE, r->line, column_here(r),
                "%s after the closing quote of field %zu%s", shown, r->count,
                c == (unsigned char)r->d.quote
                    ? " (with an escape character, a quote inside a quoted field is escaped, "
                      "not doubled)"
                    : "");
}

/* A quoted field from pos, which is just after the opening quote. */
static int quoted(sgp_csv_reader *r, field_end *end, sg_error *err) {
    const int delim = (unsigned char)r->d.delimiter;
    const int quote = (unsigned char)r->d.quote;
    int rc;
    for (;;) {
        const unsigned char *p = r->in + r->pos;
        const unsigned char *e = r->in + r->len;
        const unsigned char *stop = r->stop;
        while (p < e && !(stop[*p] & STOP_Q)) {
            p++;
        }
        r->pos = (size_t)(p - r->in);
        if ((rc = check_run(r, err)) != SG_OK) {
            return rc;
        }
        if (p == e) {
            if ((rc = more(r, err)) < 0) {
                return rc;
            }
            if (rc == 0) {
                sgp_csv_field *f = &r->fields[r->count - 1];
                if (!r->d.lenient) {
                    return fail(r, err, SG_EPARSE, f->line, f->column,
                                "the quote opened here is never closed (the input ends inside "
                                "quoted field %zu)",
                                r->count);
                }
                /* The rest of the input is this field: a flawed last record. */
                if ((rc = flaw(r, SGP_CSV_FLAW_UNCLOSED, quote, err)) != SG_OK) {
                    return rc;
                }
                r->flaws[r->flaw_count - 1].line = f->line;
                r->flaws[r->flaw_count - 1].column = f->column;
                *end = AT_END;
                return flush(r, err);
            }
            continue;
        }
        int c = *p;
        if (c == quote) {
            if ((rc = flush(r, err)) != SG_OK) {
                return rc;
            }
            int next = peek(r, 1, err);
            if (next == READ_FAILED) {
                return r->failed;
            }
            if (r->rfc && next == quote) {
                r->pos += 2; /* a doubled quote is one quote of content */
                r->seg = r->pos;
                if ((rc = push(r, quote, err)) != SG_OK) {
                    return rc;
                }
                continue;
            }
            r->pos++;
            r->seg = r->pos;
            if (next == END_OF_INPUT) {
                *end = AT_END;
                return SG_OK;
            }
            if (next == delim) {
                r->pos++;
                r->seg = r->pos;
                *end = AT_DELIMITER;
                return SG_OK;
            }
            if (next == '\r' || next == '\n') {
                *end = AT_NEWLINE;
                return newline(r, err);
            }
            if (!r->d.lenient) {
                return after_quote(r, err, next);
            }
            if ((rc = flaw(r, SGP_CSV_FLAW_AFTER_QUOTE, next, err)) != SG_OK) {
                return rc;
            }
            return unquoted(r, end, err); /* the rest up to the delimiter is content */
        }
        if (c == '\r' || c == '\n') {
            /* A line break inside quotes is content: it stays in the run. */
            if ((rc = newline(r, err)) != SG_OK) {
                return rc;
            }
            continue;
        }
        if (c >= 0x80) {
            rc = utf8_char(r, err);
        } else if (c == 0) {
            rc = nul_byte(r, err);
        } else {
            rc = escaped(r, true, err);
        }
        if (rc != SG_OK) {
            return rc;
        }
    }
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
    r->buf_len = 0;
    r->count = 0;
    r->flaw_count = 0;
    /* Blank lines between records are no records (unless asked otherwise). */
    for (;;) {
        r->rec = r->seg = r->pos;
        int c = peek(r, 0, err);
        if (c == READ_FAILED) {
            return r->failed;
        }
        if (c == END_OF_INPUT) {
            return 0;
        }
        if (!r->d.skip_blank_lines || (c != '\n' && c != '\r')) {
            break;
        }
        if ((rc = newline(r, err)) != SG_OK) {
            return rc;
        }
    }
    r->rec_line = r->line;
    int64_t offset = r->base + (int64_t)r->pos;
    const int quote = r->d.quote ? (unsigned char)r->d.quote : -1;
    const int delim = (unsigned char)r->d.delimiter;
    for (;;) {
        if (r->pos < r->len && r->count < r->fields_cap && r->count < r->starts_cap &&
            r->count < r->d.max_columns && r->in[r->pos] != quote) {
            /* The common case without the machinery: a plain unquoted field that ends at a
             * delimiter inside the window, and room for it in the record. */
            const unsigned char *start = r->in + r->pos, *p = start, *e = r->in + r->len;
            while (p < e && !(r->stop[*p] & STOP_U)) {
                p++;
            }
            size_t n = (size_t)(p - start);
            if (p < e && *p == delim && r->buf_len + n < r->buf_cap &&
                r->buf_len + n <= r->d.max_record_bytes) {
                sgp_csv_field *f = &r->fields[r->count];
                f->quoted = false;
                f->flaws = 0;
                f->line = r->line;
                f->column = column_here(r);
                f->length = n;
                r->starts[r->count++] = r->buf_len;
                memcpy(r->buf + r->buf_len, start, n);
                r->buf_len += n;
                r->buf[r->buf_len++] = '\0';
                r->pos += n + 1;
                continue;
            }
        }
        int c = peek(r, 0, err);
        if (c == READ_FAILED) {
            return r->failed;
        }
        bool is_quoted = c >= 0 && c == quote;
        if ((rc = begin_field(r, is_quoted, err)) != SG_OK) {
            return rc;
        }
        field_end end = AT_END;
        if (is_quoted) {
            r->pos++;
            r->seg = r->pos;
            rc = quoted(r, &end, err);
        } else {
            r->seg = r->pos;
            rc = c == END_OF_INPUT ? SG_OK : unquoted(r, &end, err);
        }
        if (rc != SG_OK || (rc = end_field(r, err)) != SG_OK) {
            return rc;
        }
        if (end != AT_DELIMITER) {
            break;
        }
    }
    finish_record(r, record, offset);
    return 1;
}

/*
 * csv/reader.h: a streaming CSV reader. It reads a FILE* or a memory buffer in chunks and hands
 * out one record at a time; memory is bounded by the largest record (SG_MAX_CSV_RECORD_BYTES,
 * SG_MAX_CSV_COLUMNS). Private API (sgp_csv_ prefix) for schema inference and the CSV validator;
 * the validator also gets each record's raw bytes and, in lenient mode, reads on past the
 * structural flaws it can step over.
 *
 * What it accepts (docs/csv-inference.md, "Reading"):
 *  - Fields separated by a one-byte delimiter; records end at "\n", "\r\n" or "\r".
 *  - With a quote character: a field that starts with it is quoted; inside it delimiters and
 *    line breaks are content. Without an escape character a quote inside a quoted field is
 *    written twice (RFC 4180). With one ('\\' for OpenCSVSerde and LazySimpleSerDe data) the
 *    escape makes a following delimiter, quote, escape or line break content, in quoted and
 *    unquoted fields alike; before any other character, or at the end of the input, the escape
 *    is itself content (so "\\N" stays "\\N", as Hive reads it for its null token).
 *  - A UTF-8 byte order mark at the very start is skipped; skip_rows physical lines are then
 *    skipped without being parsed; blank lines are skipped (as Spark does) unless asked not to.
 *  - Structural errors, each located by line, column (1-based, in characters) and record:
 *    an unclosed quote at the end of the input (located at the opening quote), a quote inside
 *    an unquoted field (RFC 4180 strict: Spark's default unescapedQuoteHandling takes it as
 *    data; schemagate refuses it so that a mis-set dialect cannot pass unnoticed), characters
 *    between a closing quote and the delimiter, invalid UTF-8, a NUL byte.
 *  - Lenient mode (for validation): a quote inside an unquoted field, text after a closing
 *    quote and invalid UTF-8 do not stop the reader. The bytes are kept as content (a quote
 *    inside an unquoted field and the text after a closing quote as Spark's default
 *    STOP_AT_DELIMITER handling keeps them; the closing quote itself is dropped), the field is
 *    flagged, and the record lists each flaw with its place. A quote never closed makes the
 *    rest of the input one flawed field (located at the quote) of a last record. NUL bytes and
 *    the limits stay errors.
 *
 * Numbering: lines and columns are 1-based; a record's number is 0-based and counts every
 * record after the skipped lines, so a header, when there is one, is record 0. In an sg_error
 * the record number is err->row.
 */
#ifndef SG_CSV_READER_H
#define SG_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "schemagate/common.h"
#include "util/util.h"

/* How to read: start from sgp_csv_dialect_init(). */
typedef struct sgp_csv_dialect {
    char delimiter;          /* ',' by default; any ASCII byte but NUL, CR, LF */
    char quote;              /* '"' by default; '\0' = no quoting */
    char escape;             /* '\0' by default = none (RFC 4180 doubled quotes); escape equal
                                to quote means the same */
    bool header;             /* the first record is a header (only reported back, see
                                sgp_csv_record.is_header) */
    const char *null_token;  /* a field equal to it has is_null set (quoted or not); NULL: none */
    long skip_rows;          /* physical lines skipped, unparsed, before the first record */
    bool skip_blank_lines;   /* true by default: an empty line is no record (Spark) */
    size_t max_record_bytes; /* 0: SG_MAX_CSV_RECORD_BYTES */
    size_t max_columns;      /* 0: SG_MAX_CSV_COLUMNS */
    size_t chunk_size;       /* bytes read at a time; 0: 64 KiB from a file, the whole buffer at
                                once from memory (tests use tiny chunks) */
    bool lenient;            /* flag stray quotes and invalid UTF-8 instead of failing */
} sgp_csv_dialect;

void sgp_csv_dialect_init(sgp_csv_dialect *dialect);

/* Checks a dialect (distinct, allowed characters; skip_rows >= 0). SG_OK or SG_EUSAGE with a
 * message in err. */
int sgp_csv_dialect_check(const sgp_csv_dialect *dialect, sg_error *err);

/* One field of the current record. data is NUL-terminated (fields never hold NUL) and lives
 * until the next call to sgp_csv_next or sgp_csv_reader_free. */
typedef struct sgp_csv_field {
    const char *data;
    size_t length;  /* bytes */
    bool quoted;    /* it was written in quotes (so "" is an empty string that was quoted) */
    bool is_null;   /* equal to the dialect's null token */
    uint8_t flaws;  /* lenient mode: SGP_CSV_FLAW_* bits of the flaws in this field */
    int64_t line;   /* where the field starts (its opening quote, if quoted) */
    int64_t column; /* in characters, 1-based */
} sgp_csv_field;

/* Flaws the lenient mode steps over. */
#define SGP_CSV_FLAW_QUOTE       0x1u /* a quote character inside an unquoted field */
#define SGP_CSV_FLAW_AFTER_QUOTE 0x2u /* a character between a closing quote and the delimiter */
#define SGP_CSV_FLAW_UTF8        0x4u /* a byte that is not (part of) valid UTF-8 */
#define SGP_CSV_FLAW_UNCLOSED    0x8u /* a quote never closed: the field is the rest of the input */

/* The first flaw of each kind in a field, where it is. */
typedef struct sgp_csv_flaw {
    size_t field;       /* 0-based */
    unsigned kind;      /* one SGP_CSV_FLAW_* bit */
    int64_t line;       /* 1-based */
    int64_t column;     /* in characters, 1-based */
    unsigned char byte; /* the offending byte */
} sgp_csv_flaw;

/* The current record. */
typedef struct sgp_csv_record {
    const sgp_csv_field *fields;
    size_t count;
    int64_t number;    /* 0-based, see above */
    int64_t line;      /* physical line where the record starts, 1-based */
    int64_t offset;    /* byte offset of its first byte in the input (a BOM counts) */
    bool is_header;    /* record 0 of a dialect with header set */
    const char *raw;   /* the record's bytes as in the input, its line break included */
    size_t raw_length; /* (none after the last record of an input without a final line break) */
    const sgp_csv_flaw *flaws; /* lenient mode: the flaws in the record's fields, in order */
    size_t flaw_count;
} sgp_csv_record;

typedef struct sgp_csv_reader sgp_csv_reader;

/*
 * Opens a reader on a FILE* (not closed by the reader) or on memory (borrowed: it must outlive
 * the reader). source names the input in errors (NULL: "<string>"). The dialect is copied,
 * except null_token, which is borrowed. SG_OK, SG_EUSAGE (bad dialect), SG_ENOMEM.
 */
int sgp_csv_reader_open_file(sgp_csv_reader **out, FILE *file, const char *source,
                             const sgp_csv_dialect *dialect, sg_error *err);
int sgp_csv_reader_open_buffer(sgp_csv_reader **out, const char *data, size_t length,
                               const char *source, const sgp_csv_dialect *dialect, sg_error *err);
void sgp_csv_reader_free(sgp_csv_reader *reader);

/*
 * Reads the next record into *record. Returns 1 when there is one, 0 at the end of the input,
 * or a negative sg_code: SG_EPARSE (structural error), SG_ELIMIT, SG_EIO, SG_ENOMEM, located in
 * err (line, column, err->row = record number). After an error every further call returns the
 * same code without reading.
 */
int sgp_csv_next(sgp_csv_reader *reader, sgp_csv_record *record, sg_error *err);

/* The number of fields every record should have: the count of record 0 (the header, if any);
 * 0 before the first record. Ragged records are for the caller to report. */
size_t sgp_csv_expected_fields(const sgp_csv_reader *reader);

/* Bytes of the input consumed so far (a BOM and skipped lines included). */
int64_t sgp_csv_bytes_read(const sgp_csv_reader *reader);

/* The physical lines skip_rows skipped, as read (line breaks included), once the first record
 * was asked for; "" (length 0) when there were none or they exceeded max_record_bytes. */
const char *sgp_csv_skipped_lines(const sgp_csv_reader *reader, size_t *length);

/* The source name errors use. */
const char *sgp_csv_source(const sgp_csv_reader *reader);

/* Fills err with a located error about record (and field, if not NULL) and returns code. */
int sgp_csv_fail_at(const sgp_csv_reader *reader, const sgp_csv_record *record,
                    const sgp_csv_field *field, sg_error *err, int code, const char *fmt, ...)
    SGP_PRINTF(6, 7);

#endif

/*
 * util/util.h: small private helpers shared by every module: strings, growing arrays, error
 * filling and a growable text buffer. Private names use the sgp_ prefix.
 */
#ifndef SG_UTIL_UTIL_H
#define SG_UTIL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemagate/common.h"

#if defined(__GNUC__)
#define SGP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SGP_PRINTF(fmt, args)
#endif

/* strdup that passes NULL through. Returns NULL on allocation failure too: check the input. */
char *sgp_strdup(const char *s);
char *sgp_strndup(const char *s, size_t n);

/*
 * Makes room for need elements of size elem in *array (capacity *cap), doubling as it grows.
 * Returns false (leaving *array untouched) on overflow or allocation failure.
 */
bool sgp_reserve(void **array, size_t *cap, size_t need, size_t elem);

/*
 * Fills err (if not NULL) with code, source, path, line, column and a printf-style message,
 * truncating what does not fit. Returns code so callers can write `return sgp_error(...)`.
 */
int sgp_error(sg_error *err, int code, const char *source, const char *path, int line, int column,
              const char *fmt, ...) SGP_PRINTF(7, 8);
int sgp_verror(sg_error *err, int code, const char *source, const char *path, int line, int column,
               const char *fmt, va_list ap);
/* Sets err to SG_ENOMEM with a plain message. Returns SG_ENOMEM. */
int sgp_error_nomem(sg_error *err);

/*
 * Appends one step to a field path for messages (orders.items[].price): a field name after
 * a dot (is_field), or a suffix such as "[]" or "{}" directly. Truncates at cap. Returns the
 * previous length, to cut the path back to after the step.
 */
size_t sgp_path_push(char *path, size_t cap, const char *part, bool is_field);

/* A growable NUL-terminated text buffer. After a failed append, failed is set and stays set. */
typedef struct sgp_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} sgp_buf;

#define SGP_BUF_INIT                                                                               \
    { NULL, 0, 0, false }

void sgp_buf_append(sgp_buf *buf, const char *text, size_t length);
void sgp_buf_puts(sgp_buf *buf, const char *text);
void sgp_buf_printf(sgp_buf *buf, const char *fmt, ...) SGP_PRINTF(2, 3);
/* Hands the text to the caller (free with free/sg_free); NULL if any append failed. */
char *sgp_buf_take(sgp_buf *buf);
void sgp_buf_free(sgp_buf *buf);

/* SHA-256 (FIPS 180-4), incremental. */
typedef struct sgp_sha256 {
    uint32_t state[8];
    uint64_t total;
    uint8_t block[64];
    size_t used;
} sgp_sha256;

void sgp_sha256_init(sgp_sha256 *ctx);
void sgp_sha256_update(sgp_sha256 *ctx, const void *data, size_t length);
void sgp_sha256_final(sgp_sha256 *ctx, uint8_t digest[32]);
/* One-shot; writes 64 lowercase hex digits and a NUL. */
void sgp_sha256_hex(const void *data, size_t length, char hex[65]);

/* Length (1 to 4) of the valid UTF-8 character at s, which has avail bytes; 0 when the bytes
 * there are not one (or avail is 0). */
size_t sgp_utf8_char(const char *s, size_t avail);
/*
 * Reads a whole file ("-": standard input, named "<stdin>" in errors) of at most max bytes into
 * a malloc'd NUL-terminated buffer. SG_ENOTFOUND for a missing file or a folder, SG_ELIMIT past
 * max, SG_EIO otherwise.
 */
int sgp_read_file(const char *path, size_t max, char **data, size_t *length, sg_error *err);

/* Appends code point cp (at most U+10FFFF, checked by the caller) as UTF-8. */
void sgp_buf_put_utf8(sgp_buf *buf, uint32_t cp);

/* The value of one hexadecimal digit (either case), or -1. */
int sgp_hex_digit(int c);

/* True when s is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
bool sgp_utf8_valid(const char *s, size_t length);

#endif

/*
 * parquet/render.h: one Parquet value as canonical JSON text (docs/parquet.md, "cat output"):
 * exact decimals, ISO-8601 dates and times at the unit's precision, shortest round-trip floats,
 * base64 binary. Shared by `cat` and the validator's samples.
 */
#ifndef SG_PARQUET_RENDER_H
#define SG_PARQUET_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet/schema.h"
#include "util/util.h"

/* Appends value `index` of the typed value array `values` (parquet/decode.h) of leaf. */
void sgp_pq_render_value(sgp_buf *out, const sgp_pq_leaf *leaf, const void *values, size_t index);

/* Longest big-endian decimal sgp_pq_decimal_digits converts (256 bytes: 617 digits), and the
 * size of the digits buffer it needs. */
#define SGP_PQ_DECIMAL_MAX_BYTES   256
#define SGP_PQ_DECIMAL_DIGITS_SIZE 640

/*
 * The decimal digits (most significant first, NUL-terminated, "0" for zero) of a big-endian
 * two's complement integer; *negative says its sign. Returns the number of digits, or 0 when
 * the value is longer than SGP_PQ_DECIMAL_MAX_BYTES after dropping sign-extension bytes.
 */
size_t sgp_pq_decimal_digits(const uint8_t *bytes, size_t length, bool *negative, char *digits);

/* Days since 1970-01-01 to a proleptic Gregorian year, month (1-12) and day (1-31). */
void sgp_pq_civil_from_days(int64_t days, int64_t *year, int *month, int *day);

/* Appends bytes as a JSON string; invalid UTF-8 bytes become U+FFFD. */
void sgp_pq_render_string(sgp_buf *out, const uint8_t *bytes, size_t length);

/* Appends the shortest decimal text that reads back as the same double (ECMAScript style). */
void sgp_pq_render_double(sgp_buf *out, double value);
/* The same for a float (shortest text that reads back as the same float). */
void sgp_pq_render_float(sgp_buf *out, float value);

#endif

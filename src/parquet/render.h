/*
 * parquet/render.h: one Parquet value as canonical JSON text (docs/parquet.md, "cat output"):
 * exact decimals, ISO-8601 dates and times at the unit's precision, shortest round-trip floats,
 * base64 binary. Shared by `cat` and the validator's samples.
 */
#ifndef SG_PARQUET_RENDER_H
#define SG_PARQUET_RENDER_H

#include <stddef.h>

#include "parquet/schema.h"
#include "util/util.h"

/* Appends value `index` of the typed value array `values` (parquet/decode.h) of leaf. */
void sgp_pq_render_value(sgp_buf *out, const sgp_pq_leaf *leaf, const void *values, size_t index);

/* Appends bytes as a JSON string; invalid UTF-8 bytes become U+FFFD. */
void sgp_pq_render_string(sgp_buf *out, const uint8_t *bytes, size_t length);

/* Appends the shortest decimal text that reads back as the same double (ECMAScript style). */
void sgp_pq_render_double(sgp_buf *out, double value);
/* The same for a float (shortest text that reads back as the same float). */
void sgp_pq_render_float(sgp_buf *out, float value);

#endif

/*
 * parquet/decode.h: the value and level encodings of Parquet pages, each a pure function from a
 * bounded byte range to a caller-provided array of exactly `count` values. Every decoder checks
 * every length against the bytes it was given; none allocates per value. Errors return
 * SG_EINVALID (corrupt input) or SG_EUNSUPPORTED and fill msg (SGP_PQ_MSG bytes) with the reason.
 *
 * Value arrays by physical type: BOOLEAN uint8_t (0/1), INT32 int32_t, INT64 int64_t, FLOAT
 * float, DOUBLE double, INT96 / FIXED_LEN_BYTE_ARRAY / BYTE_ARRAY sgp_pq_span.
 */
#ifndef SG_PARQUET_DECODE_H
#define SG_PARQUET_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet/codec.h"

/* Physical types of the format. */
enum {
    SGP_PQ_BOOLEAN = 0,
    SGP_PQ_INT32 = 1,
    SGP_PQ_INT64 = 2,
    SGP_PQ_INT96 = 3,
    SGP_PQ_FLOAT = 4,
    SGP_PQ_DOUBLE = 5,
    SGP_PQ_BYTE_ARRAY = 6,
    SGP_PQ_FIXED_LEN_BYTE_ARRAY = 7,
};

/* Encodings of the format. */
enum {
    SGP_PQ_ENC_PLAIN = 0,
    SGP_PQ_ENC_PLAIN_DICTIONARY = 2,
    SGP_PQ_ENC_RLE = 3,
    SGP_PQ_ENC_BIT_PACKED = 4,
    SGP_PQ_ENC_DELTA_BINARY_PACKED = 5,
    SGP_PQ_ENC_DELTA_LENGTH_BYTE_ARRAY = 6,
    SGP_PQ_ENC_DELTA_BYTE_ARRAY = 7,
    SGP_PQ_ENC_RLE_DICTIONARY = 8,
    SGP_PQ_ENC_BYTE_STREAM_SPLIT = 9,
};

/* A borrowed byte string: points into a page buffer or a decoder's arena. */
typedef struct sgp_pq_span {
    const uint8_t *ptr;
    uint32_t len;
} sgp_pq_span;

/*
 * A growable byte arena for decoders that must build values (DELTA_BYTE_ARRAY). It never grows
 * beyond limit bytes (a decoding that needs more fails with SG_ELIMIT); reset keeps the memory.
 * Growing may move the data, so spans into the arena last until the next decode into it.
 */
typedef struct sgp_pq_arena {
    uint8_t *data;
    size_t length, capacity, limit;
} sgp_pq_arena;

void sgp_pq_arena_init(sgp_pq_arena *arena, size_t limit);
void sgp_pq_arena_reset(sgp_pq_arena *arena);
void sgp_pq_arena_free(sgp_pq_arena *arena);

/* Size in bytes of one value of a fixed-width physical type (BOOLEAN counts 1), 0 otherwise. */
size_t sgp_pq_value_size(int32_t type, int32_t type_length);

/* Bits needed for values 0..max_value (0 for 0): the bit width of levels. */
int sgp_pq_bit_width(uint32_t max_value);

/*
 * Unpacks count values of bit_width bits (0..64), LSB-first as in the RLE/bit-packed hybrid and
 * DELTA_BINARY_PACKED, from in (which must hold ceil(count * bit_width / 8) bytes).
 */
void sgp_pq_unpack_bits(const uint8_t *in, int bit_width, size_t count, uint64_t *out);

/*
 * RLE/bit-packed hybrid without a length prefix (v2 levels, dictionary indices after the bit
 * width byte): decodes exactly count values of bit_width (0..32) bits. A last bit-packed run may
 * be cut short by the end of the input as long as the values actually needed are all there.
 * Run lengths of 0 and headers over 5 bytes are corrupt; at bit width 0 runs hold no value bytes
 * (all values 0) but their headers are still read and checked.
 * *consumed (may be NULL) receives the bytes used. Every value is checked to be <= max_value
 * (pass UINT32_MAX for no check): a level above the column's maximum is corrupt.
 */
int sgp_pq_decode_rle(const uint8_t *in, size_t len, int bit_width, size_t count,
                      uint32_t max_value, uint32_t *out, size_t *consumed, char *msg);

/* v1 levels: 4-byte little-endian length, then the hybrid; *consumed includes the prefix. */
int sgp_pq_decode_levels_v1(const uint8_t *in, size_t len, int bit_width, size_t count,
                            uint32_t max_value, uint32_t *out, size_t *consumed, char *msg);

/* Legacy BIT_PACKED levels (MSB-first, no prefix, ceil(count * bit_width / 8) bytes). */
int sgp_pq_decode_levels_bit_packed(const uint8_t *in, size_t len, int bit_width, size_t count,
                                    uint32_t max_value, uint32_t *out, size_t *consumed, char *msg);

/* Dictionary indices: one bit-width byte (<= 32), then the hybrid. Indices are checked < dict_size.
 */
int sgp_pq_decode_dict_indices(const uint8_t *in, size_t len, size_t count, uint32_t dict_size,
                               uint32_t *out, char *msg);

/* How many of levels[0, n) equal value (the values or the rows of a page, say). */
size_t sgp_pq_count_equal(const uint32_t *levels, size_t n, uint32_t value);

/* PLAIN values of a physical type; spans point into in. */
int sgp_pq_decode_plain(int32_t type, int32_t type_length, const uint8_t *in, size_t len,
                        size_t count, void *out, char *msg);

/* RLE booleans (4-byte length prefix, then the hybrid with bit width 1). */
int sgp_pq_decode_rle_bool(const uint8_t *in, size_t len, size_t count, uint8_t *out, char *msg);

/*
 * DELTA_BINARY_PACKED for INT32 (out int32_t) or INT64 (out int64_t), with wrapping arithmetic
 * as the format requires. The stream's header must hold at least count values (count 0 with no
 * bytes is fine). *consumed (may be NULL) receives the bytes used: up to the end of the miniblock
 * holding the last value taken, which is the end of the stream when it holds exactly count.
 */
int sgp_pq_decode_delta_binary(int32_t type, const uint8_t *in, size_t len, size_t count, void *out,
                               size_t *consumed, char *msg);

/* DELTA_LENGTH_BYTE_ARRAY (exactly count lengths); spans point into in. */
int sgp_pq_decode_delta_length(const uint8_t *in, size_t len, size_t count, sgp_pq_span *out,
                               char *msg);

/*
 * DELTA_BYTE_ARRAY (incremental encoding) for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY (type_length
 * > 0: every value must have that length); values are built in arena and the spans point there.
 * Both length streams must hold exactly count values. On failure the arena is left as it was.
 */
int sgp_pq_decode_delta_byte_array(const uint8_t *in, size_t len, size_t count, int32_t type_length,
                                   sgp_pq_span *out, sgp_pq_arena *arena, char *msg);

/*
 * BYTE_STREAM_SPLIT for FLOAT, DOUBLE, INT32, INT64 and FIXED_LEN_BYTE_ARRAY; len must be exactly
 * width * count. FIXED_LEN_BYTE_ARRAY values are rebuilt in arena.
 */
int sgp_pq_decode_byte_stream_split(int32_t type, int32_t type_length, const uint8_t *in,
                                    size_t len, size_t count, void *out, sgp_pq_arena *arena,
                                    char *msg);

#endif

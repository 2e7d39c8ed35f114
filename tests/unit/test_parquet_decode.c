/* tests/unit/test_parquet_decode.c: the Parquet value and level decoders (parquet/decode.c). Every
 * vector is built by the small encoders below (bit writers LSB- and MSB-first, ULEB128, zigzag,
 * the hybrid's runs, DELTA_BINARY_PACKED) or copied from the examples of the format's
 * Encodings.md; decoders always read exact-size heap copies so that the sanitizer build catches
 * any read past the end. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/decode.h"
#include "schemagate/common.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a deterministic generator (xorshift64*) ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

static uint64_t mask_of(int w) {
    return w >= 64 ? UINT64_MAX : ((uint64_t)1 << w) - 1;
}

/* ---- byte buffer and encoders ---- */

typedef struct buf {
    uint8_t *data;
    size_t len, cap;
} buf;

static void put(buf *b, uint8_t byte) {
    if (b->len == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->data = realloc(b->data, b->cap);
        ck_assert_ptr_nonnull(b->data);
    }
    b->data[b->len++] = byte;
}

static void put_bytes(buf *b, const void *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        put(b, ((const uint8_t *)p)[i]);
    }
}

static void put_le32(buf *b, uint32_t v) {
    for (int i = 0; i < 4; i++) {
        put(b, (uint8_t)(v >> (8 * i)));
    }
}

static void put_le64(buf *b, uint64_t v) {
    for (int i = 0; i < 8; i++) {
        put(b, (uint8_t)(v >> (8 * i)));
    }
}

static void put_uleb(buf *b, uint64_t v) {
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        put(b, v ? byte | 0x80 : byte);
    } while (v);
}

static uint64_t zigzag(int64_t v) {
    uint64_t u = (uint64_t)v;
    return (u << 1) ^ (0 - (u >> 63));
}

static void put_zigzag(buf *b, int64_t v) {
    put_uleb(b, zigzag(v));
}

static void buf_free(buf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* An exact-size heap copy (NULL when empty): reading one byte past it is an ASan error. */
static uint8_t *exact(const buf *b) {
    if (b->len == 0) {
        return NULL;
    }
    uint8_t *p = malloc(b->len);
    ck_assert_ptr_nonnull(p);
    memcpy(p, b->data, b->len);
    return p;
}

/* LSB-first bit writer appending to a buffer (the hybrid's and DELTA's packing). */
typedef struct bits {
    buf *b;
    size_t pos; /* bits written */
} bits;

static void put_bits(bits *w, uint64_t v, int width) {
    for (int i = 0; i < width; i++, w->pos++) {
        if (w->pos % 8 == 0) {
            put(w->b, 0);
        }
        if ((v >> i) & 1) {
            w->b->data[w->b->len - 1] |= (uint8_t)(1u << (w->pos % 8));
        }
    }
}

/* MSB-first writer (legacy BIT_PACKED): the value's top bit goes to the byte's top bit. */
static void put_bits_msb(bits *w, uint64_t v, int width) {
    for (int i = width - 1; i >= 0; i--, w->pos++) {
        if (w->pos % 8 == 0) {
            put(w->b, 0);
        }
        if ((v >> i) & 1) {
            w->b->data[w->b->len - 1] |= (uint8_t)(0x80u >> (w->pos % 8));
        }
    }
}

/* The slow reference: one bit at a time. */
static uint64_t ref_value(const uint8_t *in, int width, size_t index) {
    uint64_t v = 0;
    for (int i = 0; i < width; i++) {
        size_t k = index * (size_t)width + (size_t)i;
        v |= (uint64_t)((in[k / 8] >> (k % 8)) & 1) << i;
    }
    return v;
}

/* Hybrid runs. */
static void rle_run(buf *b, uint32_t run, uint32_t value, int width) {
    put_uleb(b, (uint64_t)run << 1);
    for (int i = 0; i < (width + 7) / 8; i++) {
        put(b, (uint8_t)(value >> (8 * i)));
    }
}

/* A bit-packed run of ceil(n/8) groups; only the bytes of the first keep values when cut. */
static void bp_run(buf *b, const uint32_t *v, size_t n, int width, size_t keep) {
    size_t groups = (n + 7) / 8;
    put_uleb(b, (uint64_t)groups << 1 | 1);
    size_t start = b->len;
    bits w = {b, 0};
    for (size_t i = 0; i < groups * 8; i++) {
        put_bits(&w, i < n ? v[i] : 0, width);
    }
    if (keep < n) {
        b->len = start + (keep * (size_t)width + 7) / 8;
    }
}

/*
 * DELTA_BINARY_PACKED writer. Unused miniblocks of the last block get bit width unused_width
 * (0 is what the spec says writers should write; anything else tests readers ignore it).
 */
static void put_delta(buf *b, const int64_t *v, size_t n, uint64_t block, uint64_t minis,
                      int type_bits, uint8_t unused_width) {
    put_uleb(b, block);
    put_uleb(b, minis);
    put_uleb(b, n);
    put_zigzag(b, n ? v[0] : 0);
    uint64_t per_mini = block / minis;
    size_t i = 1;
    while (i < n) {
        size_t in_block = n - i < block ? n - i : (size_t)block;
        int64_t *d = calloc(in_block, sizeof *d);
        ck_assert_ptr_nonnull(d);
        int64_t min = INT64_MAX;
        for (size_t k = 0; k < in_block; k++) {
            uint64_t diff = (uint64_t)v[i + k] - (uint64_t)v[i + k - 1];
            if (type_bits == 32) {
                int32_t d32;
                uint32_t u32 = (uint32_t)diff;
                memcpy(&d32, &u32, 4);
                d[k] = d32;
            } else {
                memcpy(&d[k], &diff, 8);
            }
            if (d[k] < min) {
                min = d[k];
            }
        }
        put_zigzag(b, min);
        size_t used_minis = (in_block + per_mini - 1) / per_mini;
        uint8_t widths[64];
        for (size_t m = 0; m < minis; m++) {
            widths[m] = unused_width;
            if (m < used_minis) {
                uint64_t max = 0;
                for (size_t k = m * per_mini; k < in_block && k < (m + 1) * per_mini; k++) {
                    uint64_t rel = (uint64_t)d[k] - (uint64_t)min;
                    if (rel > max) {
                        max = rel;
                    }
                }
                int w = 0;
                while (w < 64 && (max >> w) != 0) {
                    w++;
                }
                widths[m] = (uint8_t)w;
            }
            put(b, widths[m]);
        }
        for (size_t m = 0; m < used_minis; m++) {
            bits w = {b, 0};
            for (size_t k = m * per_mini; k < (m + 1) * per_mini; k++) {
                put_bits(&w, k < in_block ? (uint64_t)d[k] - (uint64_t)min : 0, widths[m]);
            }
        }
        free(d);
        i += in_block;
    }
}

static void put_delta_u32(buf *b, const uint32_t *v, size_t n) {
    int64_t *w = calloc(n ? n : 1, sizeof *w);
    for (size_t i = 0; i < n; i++) {
        w[i] = v[i];
    }
    put_delta(b, w, n, 128, 4, 32, 0);
    free(w);
}

/* ---- sizes, arena ---- */

START_TEST(value_size_and_bit_width) {
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_BOOLEAN, 0), 1);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_INT32, 0), 4);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_INT64, 0), 8);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_INT96, 0), 12);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_FLOAT, 0), 4);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_DOUBLE, 0), 8);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_BYTE_ARRAY, 0), 0);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 16), 16);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 0), 0);
    ck_assert_uint_eq(sgp_pq_value_size(SGP_PQ_FIXED_LEN_BYTE_ARRAY, -3), 0);
    ck_assert_uint_eq(sgp_pq_value_size(99, 0), 0);
    ck_assert_int_eq(sgp_pq_bit_width(0), 0);
    ck_assert_int_eq(sgp_pq_bit_width(1), 1);
    ck_assert_int_eq(sgp_pq_bit_width(2), 2);
    ck_assert_int_eq(sgp_pq_bit_width(3), 2);
    ck_assert_int_eq(sgp_pq_bit_width(4), 3);
    ck_assert_int_eq(sgp_pq_bit_width(255), 8);
    ck_assert_int_eq(sgp_pq_bit_width(256), 9);
    ck_assert_int_eq(sgp_pq_bit_width(UINT32_MAX), 32);
}
END_TEST

START_TEST(arena_limit_and_reset) {
    sgp_pq_arena a;
    sgp_pq_arena_init(&a, 12);
    ck_assert_ptr_null(a.data);
    ck_assert_uint_eq(a.limit, 12);
    /* 3 FLBA values of 4 bytes fill the arena exactly; one more byte is over. */
    const uint8_t in[12] = {0};
    sgp_pq_span s[3];
    char msg[SGP_PQ_MSG];
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 4, in, 12, 3, s, &a, msg),
        SG_OK);
    ck_assert_uint_eq(a.length, 12);
    ck_assert_uint_le(a.capacity, 12);
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 1, in, 1, 1, s, &a, msg),
        SG_ELIMIT);
    ck_assert_ptr_nonnull(strstr(msg, "limit"));
    uint8_t *kept = a.data;
    sgp_pq_arena_reset(&a);
    ck_assert_uint_eq(a.length, 0);
    ck_assert_ptr_eq(a.data, kept);
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 1, in, 1, 1, s, &a, msg),
        SG_OK);
    sgp_pq_arena_free(&a);
    ck_assert_ptr_null(a.data);
    sgp_pq_arena_free(&a); /* twice is harmless */
}
END_TEST

/* ---- bit unpacking ---- */

static void check_unpack(int width, size_t count) {
    uint64_t *values = malloc(count * sizeof *values);
    uint64_t *got = malloc(count * sizeof *got);
    ck_assert_ptr_nonnull(values);
    ck_assert_ptr_nonnull(got);
    buf b = {0};
    bits w = {&b, 0};
    for (size_t i = 0; i < count; i++) {
        /* mix full-range values with all-ones and zeros, the edge patterns */
        uint64_t r = rnd();
        values[i] = (i % 7 == 3 ? UINT64_MAX : i % 11 == 5 ? 0 : r) & mask_of(width);
        put_bits(&w, values[i], width);
    }
    ck_assert_uint_eq(b.len, (count * (size_t)width + 7) / 8);
    uint8_t *in = exact(&b);
    sgp_pq_unpack_bits(in, width, count, got);
    for (size_t i = 0; i < count; i++) {
        if (got[i] != values[i] || got[i] != ref_value(b.data, width, i)) {
            ck_abort_msg("width %d count %zu value %zu: got %llx want %llx", width, count, i,
                         (unsigned long long)got[i], (unsigned long long)values[i]);
        }
    }
    free(in);
    buf_free(&b);
    free(values);
    free(got);
}

START_TEST(unpack_every_width_and_count) {
    for (int width = 0; width <= 64; width++) {
        for (size_t count = 1; count <= 70; count++) {
            check_unpack(width, count);
        }
        check_unpack(width, 1000);
        check_unpack(width, 1001);
    }
}
END_TEST

START_TEST(unpack_spec_example) {
    /* Encodings.md: 0..7 at width 3, LSB-first, is 10001000 11000110 11111010. */
    const uint8_t in[] = {0x88, 0xc6, 0xfa};
    uint64_t out[8];
    sgp_pq_unpack_bits(in, 3, 8, out);
    for (uint64_t i = 0; i < 8; i++) {
        ck_assert_uint_eq(out[i], i);
    }
    buf b = {0};
    bits w = {&b, 0};
    for (uint64_t i = 0; i < 8; i++) {
        put_bits(&w, i, 3);
    }
    ck_assert_mem_eq(b.data, in, 3);
    buf_free(&b);
    /* width 0 needs no bytes at all */
    out[0] = 99;
    sgp_pq_unpack_bits(NULL, 0, 8, out);
    ck_assert_uint_eq(out[0], 0);
    ck_assert_uint_eq(out[7], 0);
}
END_TEST

/* ---- RLE / bit-packed hybrid ---- */

static int decode_rle_buf(const buf *b, int width, size_t count, uint32_t max_value, uint32_t *out,
                          size_t *consumed, char *msg) {
    uint8_t *in = exact(b);
    int rc = sgp_pq_decode_rle(in, b->len, width, count, max_value, out, consumed, msg);
    free(in);
    return rc;
}

START_TEST(rle_runs) {
    buf b = {0};
    rle_run(&b, 5, 3, 2);
    rle_run(&b, 2, 0, 2);
    rle_run(&b, 300, 1, 2); /* a two-byte header */
    uint32_t out[307];
    size_t consumed = 0;
    char msg[SGP_PQ_MSG];
    ck_assert_int_eq(decode_rle_buf(&b, 2, 307, 3, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    for (size_t i = 0; i < 307; i++) {
        ck_assert_uint_eq(out[i], i < 5 ? 3 : i < 7 ? 0 : 1);
    }
    /* fewer values than the runs hold: the last run used is cut, the rest never read */
    ck_assert_int_eq(decode_rle_buf(&b, 2, 6, 3, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 4);
    ck_assert_uint_eq(out[5], 0);
    buf_free(&b);
    /* a multi-byte value: width 12 stores 2 bytes little-endian */
    rle_run(&b, 3, 0xabc, 12);
    ck_assert_uint_eq(b.len, 3);
    ck_assert_int_eq(decode_rle_buf(&b, 12, 3, UINT32_MAX, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(out[2], 0xabc);
    buf_free(&b);
}
END_TEST

START_TEST(rle_bit_packed_and_mixed) {
    for (int width = 1; width <= 32; width++) {
        uint32_t v[100], out[120];
        for (size_t i = 0; i < LEN(v); i++) {
            v[i] = (uint32_t)(rnd() & mask_of(width));
        }
        buf b = {0};
        rle_run(&b, 7, v[0], width);
        bp_run(&b, v, 40, width, 40);
        rle_run(&b, 13, v[1], width);
        bp_run(&b, v + 40, 60, width, 60); /* 60 values: a padded last group */
        size_t consumed = 0;
        char msg[SGP_PQ_MSG];
        ck_assert_int_eq(decode_rle_buf(&b, width, 120, UINT32_MAX, out, &consumed, msg), SG_OK);
        ck_assert_uint_eq(consumed, b.len);
        for (size_t i = 0; i < 120; i++) {
            uint32_t want = i < 7 ? v[0] : i < 47 ? v[i - 7] : i < 60 ? v[1] : v[40 + i - 60];
            ck_assert_uint_eq(out[i], want);
        }
        buf_free(&b);
    }
}
END_TEST

START_TEST(rle_width_0_and_32) {
    uint32_t out[64];
    size_t consumed = 0;
    char msg[SGP_PQ_MSG];
    buf b = {0};
    /* width 0: an RLE run has no value bytes, a bit-packed run no data; any run length works */
    rle_run(&b, 10, 0, 0);
    put_uleb(&b, 2 << 1 | 1);
    put_uleb(&b, (uint64_t)0x7fffffff << 1); /* an RLE run of 2^31-1 zeros, 5-byte header */
    ck_assert_uint_eq(b.len, 7);
    memset(out, 0xff, sizeof out);
    ck_assert_int_eq(decode_rle_buf(&b, 0, 64, 0, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 7);
    for (size_t i = 0; i < 64; i++) {
        ck_assert_uint_eq(out[i], 0);
    }
    buf_free(&b);
    put_uleb(&b, (uint64_t)0x0fffffff << 1 | 1); /* 2^28-1 bit-packed groups of nothing */
    ck_assert_int_eq(decode_rle_buf(&b, 0, 64, 0, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    buf_free(&b);
    /* width 32: values up to 2^32-1 both ways */
    uint32_t v[16];
    for (size_t i = 0; i < 16; i++) {
        v[i] = i % 3 == 0 ? UINT32_MAX : (uint32_t)rnd();
    }
    rle_run(&b, 3, UINT32_MAX, 32);
    bp_run(&b, v, 16, 32, 16);
    ck_assert_int_eq(decode_rle_buf(&b, 32, 19, UINT32_MAX, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    ck_assert_uint_eq(out[0], UINT32_MAX);
    for (size_t i = 0; i < 16; i++) {
        ck_assert_uint_eq(out[3 + i], v[i]);
    }
    buf_free(&b);
    ck_assert_int_eq(sgp_pq_decode_rle(NULL, 0, 33, 1, UINT32_MAX, out, NULL, msg), SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_rle(NULL, 0, -1, 1, UINT32_MAX, out, NULL, msg), SG_EINVALID);
    /* no values wanted: nothing read */
    ck_assert_int_eq(sgp_pq_decode_rle(NULL, 0, 3, 0, UINT32_MAX, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 0);
}
END_TEST

START_TEST(rle_truncations) {
    uint32_t v[24], out[24];
    for (size_t i = 0; i < 24; i++) {
        v[i] = i % 8;
    }
    size_t consumed = 0;
    char msg[SGP_PQ_MSG];
    /* three groups declared, the buffer ends after the 10 values needed (30 bits: 4 bytes) */
    buf b = {0};
    bp_run(&b, v, 24, 3, 10);
    ck_assert_uint_eq(b.len, 5);
    ck_assert_int_eq(decode_rle_buf(&b, 3, 10, 7, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 5);
    for (size_t i = 0; i < 10; i++) {
        ck_assert_uint_eq(out[i], i % 8);
    }
    /* 11 values need 33 bits: one byte more than there is */
    ck_assert_int_eq(decode_rle_buf(&b, 3, 11, 7, out, &consumed, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "RLE bit-packed run at byte 0"));
    ck_assert_ptr_nonnull(strstr(msg, "5 bytes, 4 left"));
    buf_free(&b);
    /* the runs end before count */
    rle_run(&b, 4, 1, 3);
    ck_assert_int_eq(decode_rle_buf(&b, 3, 5, 7, out, &consumed, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "RLE data ends at byte 2 after 4 of 5 values");
    /* an RLE value cut short (width 9 needs 2 bytes) */
    buf_free(&b);
    put_uleb(&b, 4 << 1);
    put(&b, 0x01);
    ck_assert_int_eq(decode_rle_buf(&b, 9, 4, UINT32_MAX, out, &consumed, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "value truncated"));
    /* a header cut short */
    buf_free(&b);
    put(&b, 0x80);
    ck_assert_int_eq(decode_rle_buf(&b, 1, 4, UINT32_MAX, out, &consumed, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "truncated"));
    /* empty input */
    ck_assert_int_eq(sgp_pq_decode_rle(NULL, 0, 1, 1, UINT32_MAX, out, NULL, msg), SG_EINVALID);
    buf_free(&b);
}
END_TEST

START_TEST(rle_bad_runs) {
    uint32_t out[8];
    char msg[SGP_PQ_MSG];
    buf b = {0};
    rle_run(&b, 3, 1, 1);
    put(&b, 0x00); /* RLE run of 0: an error, not an endless loop */
    ck_assert_int_eq(decode_rle_buf(&b, 1, 8, 1, out, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "RLE run at byte 2: run length 0");
    buf_free(&b);
    put(&b, 0x01); /* bit-packed run of 0 groups */
    ck_assert_int_eq(decode_rle_buf(&b, 1, 8, 1, out, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "RLE run at byte 0: run length 0");
    buf_free(&b);
    /* width 0 does not excuse a zero-length run */
    put(&b, 0x00);
    ck_assert_int_eq(decode_rle_buf(&b, 0, 8, 0, out, NULL, msg), SG_EINVALID);
    buf_free(&b);
    /* a header of six bytes, and one of five whose value passes 32 bits */
    const uint8_t six[] = {0x82, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01};
    put_bytes(&b, six, sizeof six);
    ck_assert_int_eq(decode_rle_buf(&b, 1, 1, 1, out, NULL, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "longer than 32 bits"));
    buf_free(&b);
    const uint8_t wide[] = {0x82, 0x80, 0x80, 0x80, 0x10, 0x01};
    put_bytes(&b, wide, sizeof wide);
    ck_assert_int_eq(decode_rle_buf(&b, 1, 1, 1, out, NULL, msg), SG_EINVALID);
    buf_free(&b);
    const uint8_t widest_ok[] = {0xfe, 0xff, 0xff, 0xff, 0x0f, 0x01}; /* run 2^31-1 of 1 */
    put_bytes(&b, widest_ok, sizeof widest_ok);
    ck_assert_int_eq(decode_rle_buf(&b, 1, 8, 1, out, NULL, msg), SG_OK);
    ck_assert_uint_eq(out[7], 1);
    buf_free(&b);
    /* an RLE value wider than the bit width */
    rle_run(&b, 2, 2, 1);
    ck_assert_int_eq(decode_rle_buf(&b, 1, 2, UINT32_MAX, out, NULL, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "wider than 1 bits"));
    buf_free(&b);
}
END_TEST

START_TEST(rle_levels_above_maximum) {
    uint32_t out[16];
    char msg[SGP_PQ_MSG];
    buf b = {0};
    rle_run(&b, 2, 1, 2);
    rle_run(&b, 2, 3, 2);
    ck_assert_int_eq(decode_rle_buf(&b, 2, 4, 2, out, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "RLE run at byte 2: value 3 exceeds maximum 2");
    ck_assert_int_eq(decode_rle_buf(&b, 2, 4, 3, out, NULL, msg), SG_OK);
    buf_free(&b);
    const uint32_t v[8] = {0, 1, 2, 2, 1, 3, 0, 0};
    rle_run(&b, 1, 0, 2);
    bp_run(&b, v, 8, 2, 8);
    ck_assert_int_eq(decode_rle_buf(&b, 2, 9, 2, out, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "RLE value 3 at index 6 exceeds maximum 2");
    /* the padding of a group is never checked: 5 values wanted, index 5 holds the 3 */
    ck_assert_int_eq(decode_rle_buf(&b, 2, 6, 2, out, NULL, msg), SG_OK);
    buf_free(&b);
}
END_TEST

START_TEST(levels_v1_prefix) {
    uint32_t out[16];
    size_t consumed = 0;
    char msg[SGP_PQ_MSG];
    buf body = {0};
    rle_run(&body, 10, 1, 1);
    put(&body, 0xee); /* inside the declared length but unused: still skipped */
    buf b = {0};
    put_le32(&b, (uint32_t)body.len);
    put_bytes(&b, body.data, body.len);
    put(&b, 0x42); /* the values that follow */
    uint8_t *in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_levels_v1(in, b.len, 1, 10, 1, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 4 + body.len);
    ck_assert_uint_eq(out[9], 1);
    /* the length claims one byte more than there is */
    b.data[0] = (uint8_t)(b.len - 4 + 1);
    free(in);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_levels_v1(in, b.len, 1, 10, 1, out, &consumed, msg),
                     SG_EINVALID);
    ck_assert_str_eq(msg, "RLE levels: length 5 but 4 bytes left");
    /* length 2^32-1 */
    memset(in, 0xff, 4);
    ck_assert_int_eq(sgp_pq_decode_levels_v1(in, b.len, 1, 10, 1, out, &consumed, msg),
                     SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_levels_v1(in, 3, 1, 10, 1, out, &consumed, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "too short"));
    /* runs shorter than the declared length: an error inside the body, offsets from the prefix */
    memset(in, 0, 4);
    in[0] = 2;
    ck_assert_int_eq(sgp_pq_decode_levels_v1(in, b.len, 1, 11, 1, out, &consumed, msg),
                     SG_EINVALID);
    ck_assert_str_eq(msg, "RLE data ends at byte 6 after 10 of 11 values");
    free(in);
    buf_free(&b);
    buf_free(&body);
}
END_TEST

START_TEST(levels_bit_packed_msb_first) {
    /* Encodings.md: 0..7 at width 3, MSB-first, is 00000101 00111001 01110111. */
    const uint8_t spec[] = {0x05, 0x39, 0x77};
    uint32_t out[64];
    size_t consumed = 0;
    char msg[SGP_PQ_MSG];
    uint8_t *in = malloc(3);
    memcpy(in, spec, 3);
    ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(in, 3, 3, 8, 7, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 3);
    for (uint32_t i = 0; i < 8; i++) {
        ck_assert_uint_eq(out[i], i);
    }
    /* the writer agrees with the spec */
    buf b = {0};
    bits w = {&b, 0};
    for (uint64_t i = 0; i < 8; i++) {
        put_bits_msb(&w, i, 3);
    }
    ck_assert_mem_eq(b.data, spec, 3);
    buf_free(&b);
    /* max level 6: the 7 at index 7 is corrupt */
    ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(in, 3, 3, 8, 6, out, &consumed, msg),
                     SG_EINVALID);
    ck_assert_str_eq(msg, "BIT_PACKED level 7 at index 7 exceeds maximum 6");
    /* 9 values need 27 bits: 4 bytes */
    ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(in, 3, 3, 9, 7, out, &consumed, msg),
                     SG_EINVALID);
    ck_assert_str_eq(msg, "BIT_PACKED levels: 9 values need 4 bytes, 3 left");
    free(in);
    /* two hand vectors at width 1 and 2 */
    const uint8_t one[] = {0xa5}; /* 1 0 1 0 0 1 0 1 */
    ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(one, 1, 1, 8, 1, out, &consumed, msg), SG_OK);
    const uint32_t want_one[] = {1, 0, 1, 0, 0, 1, 0, 1};
    ck_assert_mem_eq(out, want_one, sizeof want_one);
    const uint8_t two[] = {0x1b, 0x80}; /* 00 01 10 11 | 10 */
    ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(two, 2, 2, 5, 3, out, &consumed, msg), SG_OK);
    const uint32_t want_two[] = {0, 1, 2, 3, 2};
    ck_assert_mem_eq(out, want_two, sizeof want_two);
    ck_assert_uint_eq(consumed, 2);
    /* random vectors at every width */
    for (int width = 1; width <= 32; width++) {
        uint32_t v[61];
        bits bw = {&b, 0};
        for (size_t i = 0; i < LEN(v); i++) {
            v[i] = (uint32_t)(rnd() & mask_of(width));
            put_bits_msb(&bw, v[i], width);
        }
        in = exact(&b);
        ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(in, b.len, width, LEN(v), UINT32_MAX, out,
                                                         &consumed, msg),
                         SG_OK);
        ck_assert_uint_eq(consumed, b.len);
        ck_assert_mem_eq(out, v, sizeof v);
        free(in);
        buf_free(&b);
    }
    /* width 0: no bytes, all zeros */
    ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(NULL, 0, 0, 5, 0, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 0);
    ck_assert_uint_eq(out[4], 0);
    ck_assert_int_eq(sgp_pq_decode_levels_bit_packed(NULL, 0, 33, 5, 0, out, &consumed, msg),
                     SG_EINVALID);
}
END_TEST

START_TEST(dictionary_indices) {
    uint32_t out[40];
    char msg[SGP_PQ_MSG];
    uint32_t v[24];
    for (size_t i = 0; i < LEN(v); i++) {
        v[i] = (uint32_t)(i * 7 % 20);
    }
    buf b = {0};
    put(&b, 5);
    bp_run(&b, v, 24, 5, 24);
    rle_run(&b, 16, 19, 5);
    uint8_t *in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_dict_indices(in, b.len, 40, 20, out, msg), SG_OK);
    ck_assert_mem_eq(out, v, sizeof v);
    ck_assert_uint_eq(out[39], 19);
    /* one entry fewer: index 19 is out of range (compared unsigned) */
    ck_assert_int_eq(sgp_pq_decode_dict_indices(in, b.len, 40, 19, out, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "dictionary index 19 at position 17 but the dictionary has 19 entries");
    ck_assert_int_eq(sgp_pq_decode_dict_indices(in, b.len, 40, 0, out, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "empty"));
    free(in);
    buf_free(&b);
    /* bit width 33 */
    put(&b, 33);
    rle_run(&b, 1, 0, 32);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_dict_indices(in, b.len, 1, 5, out, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "dictionary indices: bit width 33 over 32");
    free(in);
    buf_free(&b);
    /* width 32 with the largest index */
    put(&b, 32);
    rle_run(&b, 2, UINT32_MAX - 1, 32);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_dict_indices(in, b.len, 2, UINT32_MAX, out, msg), SG_OK);
    ck_assert_uint_eq(out[1], UINT32_MAX - 1);
    ck_assert_int_eq(sgp_pq_decode_dict_indices(in, b.len, 2, UINT32_MAX - 1, out, msg),
                     SG_EINVALID);
    free(in);
    buf_free(&b);
    /* bit width 0 (a one-entry dictionary: ARROW-GH-43605) */
    put(&b, 0);
    rle_run(&b, 30, 0, 0);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_dict_indices(in, b.len, 30, 1, out, msg), SG_OK);
    ck_assert_uint_eq(out[29], 0);
    free(in);
    buf_free(&b);
    /* no bit-width byte; nothing wanted */
    ck_assert_int_eq(sgp_pq_decode_dict_indices(NULL, 0, 1, 1, out, msg), SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_dict_indices(NULL, 0, 0, 0, out, msg), SG_OK);
}
END_TEST

/* ---- PLAIN ---- */

START_TEST(plain_fixed_types) {
    char msg[SGP_PQ_MSG];
    buf b = {0};
    const int32_t i32[] = {0, -1, INT32_MIN, INT32_MAX, 123456};
    for (size_t i = 0; i < LEN(i32); i++) {
        put_le32(&b, (uint32_t)i32[i]);
    }
    uint8_t *in = exact(&b);
    int32_t o32[5];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_INT32, 0, in, b.len, 5, o32, msg), SG_OK);
    ck_assert_mem_eq(o32, i32, sizeof i32);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_INT32, 0, in, b.len - 1, 5, o32, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "PLAIN INT32: 5 values need more than the 19 bytes left");
    /* the same bytes as FLOAT */
    float f[5];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_FLOAT, 0, in, b.len, 5, f, msg), SG_OK);
    ck_assert_mem_eq(f, i32, sizeof f);
    free(in);
    buf_free(&b);

    const int64_t i64[] = {INT64_MIN, INT64_MAX, -2, 1};
    for (size_t i = 0; i < LEN(i64); i++) {
        put_le64(&b, (uint64_t)i64[i]);
    }
    in = exact(&b);
    int64_t o64[4];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_INT64, 0, in, b.len, 4, o64, msg), SG_OK);
    ck_assert_mem_eq(o64, i64, sizeof i64);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_INT64, 0, in, b.len, 5, o64, msg), SG_EINVALID);
    free(in);
    buf_free(&b);

    const double d[] = {1.5, -0.0, 1e300};
    for (size_t i = 0; i < LEN(d); i++) {
        uint64_t u;
        memcpy(&u, &d[i], 8);
        put_le64(&b, u);
    }
    in = exact(&b);
    double od[3];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_DOUBLE, 0, in, b.len, 3, od, msg), SG_OK);
    ck_assert(od[0] == 1.5 && od[2] == 1e300);
    free(in);
    buf_free(&b);

    /* INT96: 12-byte spans */
    for (int i = 0; i < 24; i++) {
        put(&b, (uint8_t)i);
    }
    in = exact(&b);
    sgp_pq_span s[2];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_INT96, 0, in, b.len, 2, s, msg), SG_OK);
    ck_assert_ptr_eq(s[1].ptr, in + 12);
    ck_assert_uint_eq(s[1].len, 12);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_INT96, 0, in, 23, 2, s, msg), SG_EINVALID);
    /* FIXED_LEN_BYTE_ARRAY of 5 */
    sgp_pq_span fs[4];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 5, in, b.len, 4, fs, msg),
                     SG_OK);
    ck_assert_ptr_eq(fs[3].ptr, in + 15);
    ck_assert_uint_eq(fs[3].len, 5);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 5, in, b.len, 5, fs, msg),
                     SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 0, in, b.len, 1, fs, msg),
                     SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_FIXED_LEN_BYTE_ARRAY, -1, in, b.len, 1, fs, msg),
                     SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_plain(42, 0, in, b.len, 1, fs, msg), SG_EINVALID);
    free(in);
    buf_free(&b);
}
END_TEST

START_TEST(plain_boolean) {
    char msg[SGP_PQ_MSG];
    const uint8_t in[] = {0x0d, 0x02}; /* 1 0 1 1 0 0 0 0 | 0 1 */
    uint8_t out[10];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BOOLEAN, 0, in, 2, 10, out, msg), SG_OK);
    const uint8_t want[] = {1, 0, 1, 1, 0, 0, 0, 0, 0, 1};
    ck_assert_mem_eq(out, want, 10);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BOOLEAN, 0, in, 1, 9, out, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "PLAIN BOOLEAN: 9 values need 2 bytes, 1 left");
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BOOLEAN, 0, in, 1, 8, out, msg), SG_OK);
}
END_TEST

START_TEST(plain_byte_array) {
    char msg[SGP_PQ_MSG];
    buf b = {0};
    const char *words[] = {"", "a", "hello", ""};
    for (size_t i = 0; i < LEN(words); i++) {
        put_le32(&b, (uint32_t)strlen(words[i]));
        put_bytes(&b, words[i], strlen(words[i]));
    }
    uint8_t *in = exact(&b);
    sgp_pq_span s[5];
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BYTE_ARRAY, 0, in, b.len, 4, s, msg), SG_OK);
    for (size_t i = 0; i < LEN(words); i++) {
        ck_assert_uint_eq(s[i].len, strlen(words[i]));
        ck_assert_mem_eq(s[i].ptr, words[i], s[i].len);
    }
    /* a fifth value is missing its length */
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BYTE_ARRAY, 0, in, b.len, 5, s, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "PLAIN BYTE_ARRAY value 4: length truncated, 0 bytes left");
    /* cut inside "hello" */
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BYTE_ARRAY, 0, in, 15, 4, s, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "PLAIN BYTE_ARRAY value 2: length 5 but 2 bytes left");
    free(in);
    buf_free(&b);
    /* a length of 4000000 with 12 bytes behind it, and one of 2^32-1 */
    put_le32(&b, 4000000);
    put_bytes(&b, "twelve bytes", 12);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BYTE_ARRAY, 0, in, b.len, 1, s, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "PLAIN BYTE_ARRAY value 0: length 4000000 but 12 bytes left");
    memset(in, 0xff, 4);
    ck_assert_int_eq(sgp_pq_decode_plain(SGP_PQ_BYTE_ARRAY, 0, in, b.len, 1, s, msg), SG_EINVALID);
    free(in);
    buf_free(&b);
}
END_TEST

START_TEST(rle_booleans) {
    char msg[SGP_PQ_MSG];
    const uint32_t v[16] = {1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1};
    buf body = {0};
    rle_run(&body, 20, 1, 1);
    bp_run(&body, v, 16, 1, 16);
    rle_run(&body, 3, 0, 1);
    buf b = {0};
    put_le32(&b, (uint32_t)body.len);
    put_bytes(&b, body.data, body.len);
    uint8_t *in = exact(&b);
    uint8_t out[39];
    ck_assert_int_eq(sgp_pq_decode_rle_bool(in, b.len, 39, out, msg), SG_OK);
    for (size_t i = 0; i < 39; i++) {
        ck_assert_uint_eq(out[i], i < 20 ? 1 : i < 36 ? v[i - 20] : 0);
    }
    ck_assert_int_eq(sgp_pq_decode_rle_bool(in, b.len, 40, out, msg), SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_rle_bool(NULL, 0, 0, out, msg), SG_OK);
    ck_assert_int_eq(sgp_pq_decode_rle_bool(in, b.len - 1, 39, out, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "RLE booleans: length"));
    free(in);
    buf_free(&b);
    /* an RLE "boolean" of 2 */
    put_le32(&b, 2);
    rle_run(&b, 1, 2, 1);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_rle_bool(in, b.len, 1, out, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "RLE run at byte 4: value 2 wider than 1 bits");
    free(in);
    buf_free(&b);
    buf_free(&body);
}
END_TEST

/* ---- DELTA_BINARY_PACKED ---- */

static int decode_delta_buf(int32_t type, const buf *b, size_t count, void *out, size_t *consumed,
                            char *msg) {
    uint8_t *in = exact(b);
    int rc = sgp_pq_decode_delta_binary(type, in, b->len, count, out, consumed, msg);
    free(in);
    return rc;
}

START_TEST(delta_spec_examples) {
    char msg[SGP_PQ_MSG];
    size_t consumed = 0;
    int32_t out[8];
    /* Example 1: 1..5, min delta 1, bit width 0. The spec uses block size 8 for brevity; a
     * reader must refuse it, so the same stream is built with the smallest valid block. */
    const uint8_t ex1_spec[] = {8, 1, 5, 2, 2, 0};
    ck_assert_int_eq(
        sgp_pq_decode_delta_binary(SGP_PQ_INT32, ex1_spec, sizeof ex1_spec, 5, out, &consumed, msg),
        SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "block size 8"));
    const int64_t ex1[] = {1, 2, 3, 4, 5};
    buf b = {0};
    put_delta(&b, ex1, 5, 128, 1, 32, 0);
    const uint8_t ex1_bytes[] = {0x80, 0x01, 1, 5, 2, /* block: */ 2, 0};
    ck_assert_uint_eq(b.len, sizeof ex1_bytes);
    ck_assert_mem_eq(b.data, ex1_bytes, sizeof ex1_bytes);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 5, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(out[i], i + 1);
    }
    buf_free(&b);
    /* Example 2: 7,5,3,1,2,3,4,5: min delta -2, relative 0,0,0,3,3,3,3 at 2 bits */
    const int64_t ex2[] = {7, 5, 3, 1, 2, 3, 4, 5};
    put_delta(&b, ex2, 8, 128, 1, 32, 0);
    ck_assert_uint_eq(b.len, 5 + 2 + 32);
    ck_assert_uint_eq(b.data[4], 14); /* zigzag(7) */
    ck_assert_uint_eq(b.data[5], 3);  /* zigzag(-2) */
    ck_assert_uint_eq(b.data[6], 2);  /* bit width */
    ck_assert_uint_eq(b.data[7], 0xc0);
    ck_assert_uint_eq(b.data[8], 0x3f); /* 3,3,3 and a padding 0 */
    ck_assert_uint_eq(b.data[9], 0x00);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 8, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(out[i], (int32_t)ex2[i]);
    }
    /* trailing bytes after the stream are not consumed */
    put(&b, 0x99);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 8, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len - 1);
    buf_free(&b);
}
END_TEST

static void delta_round_trip(const int64_t *v, size_t n, uint64_t block, uint64_t minis, int bits,
                             uint8_t unused_width) {
    buf b = {0};
    put_delta(&b, v, n, block, minis, bits, unused_width);
    char msg[SGP_PQ_MSG] = "";
    size_t consumed = 0;
    if (bits == 32) {
        int32_t *out = calloc(n + 1, sizeof *out);
        int rc = decode_delta_buf(SGP_PQ_INT32, &b, n, out, &consumed, msg);
        ck_assert_msg(rc == SG_OK, "n %zu block %llu/%llu: %s", n, (unsigned long long)block,
                      (unsigned long long)minis, msg);
        for (size_t i = 0; i < n; i++) {
            ck_assert_int_eq(out[i], (int32_t)v[i]);
        }
        free(out);
    } else {
        int64_t *out = calloc(n + 1, sizeof *out);
        int rc = decode_delta_buf(SGP_PQ_INT64, &b, n, out, &consumed, msg);
        ck_assert_msg(rc == SG_OK, "n %zu block %llu/%llu: %s", n, (unsigned long long)block,
                      (unsigned long long)minis, msg);
        for (size_t i = 0; i < n; i++) {
            ck_assert(out[i] == v[i]);
        }
        free(out);
    }
    ck_assert_uint_eq(consumed, b.len);
    buf_free(&b);
}

START_TEST(delta_extremes_and_wrapping) {
    int64_t v[300];
    /* INT32_MIN/INT32_MAX alternating: deltas of -1 and +1 modulo 2^32 */
    for (size_t i = 0; i < LEN(v); i++) {
        v[i] = i % 2 ? INT32_MAX : INT32_MIN;
    }
    delta_round_trip(v, LEN(v), 128, 4, 32, 0);
    /* INT64 likewise */
    for (size_t i = 0; i < LEN(v); i++) {
        v[i] = i % 2 ? INT64_MAX : INT64_MIN;
    }
    delta_round_trip(v, LEN(v), 128, 4, 64, 0);
    /* deltas INT64_MIN and INT64_MAX: relative 2^64-1, bit width 64 */
    const int64_t w64[] = {0, INT64_MIN, -1, INT64_MIN, -1, 0};
    buf b = {0};
    put_delta(&b, w64, LEN(w64), 128, 4, 64, 0);
    ck_assert_uint_eq(b.data[b.len - 4 - 256], 64); /* first miniblock's width */
    buf_free(&b);
    delta_round_trip(w64, LEN(w64), 128, 4, 64, 0);
    /* full-range random values: widths 32 and 64 */
    for (size_t i = 0; i < LEN(v); i++) {
        uint64_t r = rnd();
        int64_t s;
        memcpy(&s, &r, 8);
        v[i] = s;
    }
    delta_round_trip(v, LEN(v), 128, 4, 64, 0);
    for (size_t i = 0; i < LEN(v); i++) {
        v[i] = (int32_t)(uint32_t)rnd();
    }
    delta_round_trip(v, LEN(v), 256, 8, 32, 0);
    /* a first value of INT32_MIN alone, and a single INT64_MIN */
    const int64_t lone32[] = {INT32_MIN};
    delta_round_trip(lone32, 1, 128, 4, 32, 0);
    const int64_t lone64[] = {INT64_MIN};
    delta_round_trip(lone64, 1, 128, 4, 64, 0);
}
END_TEST

START_TEST(delta_random_shapes) {
    const uint64_t shapes[][2] = {{128, 1}, {128, 4}, {256, 8}, {512, 4}, {1024, 32}, {128, 2}};
    int64_t *v = malloc(2000 * sizeof *v);
    for (size_t round = 0; round < 120; round++) {
        size_t n = 1 + rnd() % 1500;
        int bits = round % 2 ? 64 : 32;
        int spread = (int)(rnd() % 40);
        int64_t x = (int64_t)(rnd() % 1000) - 500;
        for (size_t i = 0; i < n; i++) {
            x += (int64_t)(rnd() & mask_of(spread)) - (int64_t)(mask_of(spread) / 2);
            v[i] = bits == 32 ? (int32_t)(uint32_t)(uint64_t)x : x;
        }
        const uint64_t *shape = shapes[round % LEN(shapes)];
        delta_round_trip(v, n, shape[0], shape[1], bits, round % 3 == 0 ? 0xee : 0);
    }
    free(v);
}
END_TEST

START_TEST(delta_bad_headers) {
    char msg[SGP_PQ_MSG];
    int32_t out[4];
    const int64_t v[] = {1, 2, 3};
    const uint64_t bad[][2] = {{0, 1}, {100, 1}, {8, 1}, {128, 0}, {128, 3}, {128, 8}, {384, 8}};
    for (size_t i = 0; i < LEN(bad); i++) {
        buf b = {0};
        put_uleb(&b, bad[i][0]);
        put_uleb(&b, bad[i][1]);
        put_uleb(&b, 3);
        put_zigzag(&b, 1);
        put_zigzag(&b, 1);
        put(&b, 0);
        ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 3, out, NULL, msg), SG_EINVALID);
        buf_free(&b);
    }
    /* a block size past 2^31 */
    buf b = {0};
    put_uleb(&b, (uint64_t)1 << 40);
    put_uleb(&b, 1);
    put_uleb(&b, 3);
    put_zigzag(&b, 1);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 3, out, NULL, msg), SG_EINVALID);
    buf_free(&b);
    /* more values asked for than the header holds */
    put_delta(&b, v, 3, 128, 4, 32, 0);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 4, out, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "DELTA_BINARY_PACKED at byte 0: header holds 3 values, asked for 4");
    /* fewer is fine */
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 2, out, NULL, msg), SG_OK);
    ck_assert_int_eq(out[1], 2);
    /* truncated header, and a header alone for zero values */
    for (size_t cut = 0; cut < 5; cut++) {
        buf c = {0};
        put_bytes(&c, b.data, cut);
        ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 1, out, NULL, msg), SG_EINVALID);
        buf_free(&c);
    }
    size_t consumed = 99;
    ck_assert_int_eq(sgp_pq_decode_delta_binary(SGP_PQ_INT32, NULL, 0, 0, out, &consumed, msg),
                     SG_OK);
    ck_assert_uint_eq(consumed, 0);
    /* only INT32 and INT64 */
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_FLOAT, &b, 3, out, NULL, msg), SG_EINVALID);
    buf_free(&b);
    /* an 11-byte varint */
    const uint8_t eleven[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    put_bytes(&b, eleven, sizeof eleven);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT64, &b, 1, out, NULL, msg), SG_EINVALID);
    buf_free(&b);
}
END_TEST

START_TEST(delta_bit_widths_and_truncation) {
    char msg[SGP_PQ_MSG];
    int32_t out[200];
    int64_t out64[200];
    size_t consumed = 0;
    /* INT32 stream with a miniblock of width 33 */
    buf b = {0};
    put_uleb(&b, 128);
    put_uleb(&b, 4);
    put_uleb(&b, 2);
    put_zigzag(&b, 0);
    put_zigzag(&b, 0);
    put(&b, 33);
    put(&b, 0);
    put(&b, 0);
    put(&b, 0);
    for (int i = 0; i < 32 * 33 / 8; i++) {
        put(&b, 0);
    }
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 2, out, NULL, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "bit width 33 over 32"));
    /* ... which an INT64 stream accepts */
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT64, &b, 2, out64, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    b.data[6] = 65;
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT64, &b, 2, out64, NULL, msg), SG_EINVALID);
    buf_free(&b);

    /* 40 values, 128/4: the second miniblock holds values 33..39; the third and fourth have
     * garbage widths and no bodies */
    int64_t v[40];
    for (size_t i = 0; i < LEN(v); i++) {
        v[i] = (int64_t)(i * i);
    }
    put_delta(&b, v, 40, 128, 4, 32, 0xee);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 40, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    ck_assert_int_eq(out[39], 39 * 39);
    /* the padded last miniblock cut short: the values in it still decode when asked for fewer */
    size_t full = b.len;
    buf c = {0};
    put_bytes(&c, b.data, full - 1);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 40, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, full - 1);
    /* cut into the wanted values: the second miniblock (7 values of 7 bits) starts at byte 34 */
    ck_assert_uint_eq(full, 62);
    buf_free(&c);
    put_bytes(&c, b.data, full - 21);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 40, out, &consumed, msg), SG_OK);
    buf_free(&c);
    put_bytes(&c, b.data, full - 22);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 40, out, &consumed, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "miniblock at byte"));
    /* asked for 33 values only: the second miniblock is never touched */
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 33, out, &consumed, msg), SG_OK);
    ck_assert_int_eq(out[32], 32 * 32);
    buf_free(&c);
    /* the block's bit widths cut */
    put_bytes(&c, b.data, 8);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 40, out, &consumed, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "bit widths"));
    buf_free(&c);
    buf_free(&b);

    /* two blocks; the second block header missing */
    int64_t w[200];
    for (size_t i = 0; i < LEN(w); i++) {
        w[i] = (int64_t)i * 3;
    }
    put_delta(&b, w, 200, 128, 4, 32, 0);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &b, 200, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, b.len);
    ck_assert_int_eq(out[199], 597);
    /* header 6 bytes (0x80 0x01, 4, 0xc8 0x01, 0), then two blocks of a min delta and 4 widths (all
     * 0) */
    ck_assert_uint_eq(b.len, 6 + 5 + 5);
    put_bytes(&c, b.data, 11);
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 200, out, &consumed, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "truncated min delta"));
    ck_assert_int_eq(decode_delta_buf(SGP_PQ_INT32, &c, 128, out, &consumed, msg), SG_OK);
    ck_assert_uint_eq(consumed, 11);
    buf_free(&c);
    buf_free(&b);
}
END_TEST

/* ---- DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY ---- */

static void put_delta_length(buf *b, const char *const *words, size_t n) {
    uint32_t lens[64];
    for (size_t i = 0; i < n; i++) {
        lens[i] = (uint32_t)strlen(words[i]);
    }
    put_delta_u32(b, lens, n);
    for (size_t i = 0; i < n; i++) {
        put_bytes(b, words[i], strlen(words[i]));
    }
}

START_TEST(delta_length_byte_array) {
    char msg[SGP_PQ_MSG];
    const char *const words[] = {"Hello", "World", "Foobar", "ABCDEF"};
    buf b = {0};
    put_delta_length(&b, words, 4);
    ck_assert_mem_eq(b.data + b.len - 22, "HelloWorldFoobarABCDEF", 22);
    uint8_t *in = exact(&b);
    sgp_pq_span s[5];
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len, 4, s, msg), SG_OK);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_uint_eq(s[i].len, strlen(words[i]));
        ck_assert_mem_eq(s[i].ptr, words[i], s[i].len);
    }
    ck_assert_ptr_eq(s[3].ptr + 6, in + b.len);
    /* one data byte short */
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len - 1, 4, s, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(
        strstr(msg, "DELTA_LENGTH_BYTE_ARRAY lengths total 22 bytes but 21 bytes left"));
    /* the header holds 4 lengths: 3 or 5 values do not match it */
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len, 3, s, msg), SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len, 5, s, msg), SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len, 0, s, msg), SG_OK);
    free(in);
    buf_free(&b);
    /* a negative length */
    const int64_t neg[] = {3, -1, 2};
    put_delta(&b, neg, 3, 128, 4, 32, 0);
    put_bytes(&b, "abcdefgh", 8);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len, 3, s, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "DELTA_LENGTH_BYTE_ARRAY lengths: value 1 has length -1");
    free(in);
    buf_free(&b);
    /* lengths of 2^31-1 each: the sum is stopped long before it could wrap */
    const int64_t huge[] = {INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX};
    put_delta(&b, huge, 4, 128, 4, 32, 0);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len, 4, s, msg), SG_EINVALID);
    free(in);
    buf_free(&b);
    /* all empty: spans are empty, not NULL */
    const char *const empties[] = {"", "", ""};
    put_delta_length(&b, empties, 3);
    in = exact(&b);
    ck_assert_int_eq(sgp_pq_decode_delta_length(in, b.len, 3, s, msg), SG_OK);
    ck_assert_uint_eq(s[2].len, 0);
    ck_assert_ptr_nonnull(s[2].ptr);
    free(in);
    buf_free(&b);
}
END_TEST

/* The incremental encoding of words: prefix lengths, then suffixes as DELTA_LENGTH. */
static void put_delta_byte_array(buf *b, const char *const *words, size_t n) {
    uint32_t prefix[64];
    const char *suffixes[64];
    for (size_t i = 0; i < n; i++) {
        size_t p = 0;
        if (i > 0) {
            while (words[i][p] != '\0' && words[i][p] == words[i - 1][p]) {
                p++;
            }
        }
        prefix[i] = (uint32_t)p;
        suffixes[i] = words[i] + p;
    }
    put_delta_u32(b, prefix, n);
    put_delta_length(b, suffixes, n);
}

static int decode_dba_buf(const buf *b, size_t count, int32_t type_length, sgp_pq_span *out,
                          sgp_pq_arena *arena, char *msg) {
    uint8_t *in = exact(b);
    int rc = sgp_pq_decode_delta_byte_array(in, b->len, count, type_length, out, arena, msg);
    free(in);
    return rc;
}

START_TEST(delta_byte_array_spec_example) {
    char msg[SGP_PQ_MSG];
    const char *const words[] = {"axis", "axle", "babble", "babyhood"};
    buf b = {0};
    put_delta_byte_array(&b, words, 4);
    ck_assert_mem_eq(b.data + b.len - 17, "axislebabbleyhood", 17);
    sgp_pq_arena a;
    sgp_pq_arena_init(&a, 1024);
    sgp_pq_span s[4];
    ck_assert_int_eq(decode_dba_buf(&b, 4, 0, s, &a, msg), SG_OK);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_uint_eq(s[i].len, strlen(words[i]));
        ck_assert_mem_eq(s[i].ptr, words[i], s[i].len);
    }
    ck_assert_uint_eq(a.length, 4 + 4 + 6 + 8);
    /* the arena limit: 21 bytes is one short; the arena is left as it was */
    sgp_pq_arena small;
    sgp_pq_arena_init(&small, 21);
    ck_assert_int_eq(decode_dba_buf(&b, 4, 0, s, &small, msg), SG_ELIMIT);
    ck_assert_str_eq(msg, "DELTA_BYTE_ARRAY value 3: decoded values exceed the 21-byte limit");
    ck_assert_uint_eq(small.length, 0);
    sgp_pq_arena_free(&small);
    /* FIXED_LEN_BYTE_ARRAY: every value must have the type length */
    ck_assert_int_eq(decode_dba_buf(&b, 4, 4, s, &a, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "DELTA_BYTE_ARRAY value 2: length 6, not the type length");
    buf_free(&b);
    const char *const fixed[] = {"abcd", "abce", "abde", "xyzw"};
    put_delta_byte_array(&b, fixed, 4);
    ck_assert_int_eq(decode_dba_buf(&b, 4, 4, s, &a, msg), SG_OK);
    ck_assert_mem_eq(s[2].ptr, "abde", 4);
    ck_assert_mem_eq(s[3].ptr, "xyzw", 4);
    /* count must match both streams */
    ck_assert_int_eq(decode_dba_buf(&b, 3, 4, s, &a, msg), SG_EINVALID);
    buf_free(&b);
    sgp_pq_arena_free(&a);
}
END_TEST

START_TEST(delta_byte_array_bad_prefixes) {
    char msg[SGP_PQ_MSG];
    sgp_pq_arena a;
    sgp_pq_arena_init(&a, 1 << 20);
    sgp_pq_span s[3];
    const char *const suffixes[] = {"ab", "cdef", "g"};
    /* prefix 3 after a value of 2 bytes */
    const uint32_t long_prefix[] = {0, 3, 0};
    buf b = {0};
    put_delta_u32(&b, long_prefix, 3);
    put_delta_length(&b, suffixes, 3);
    ck_assert_int_eq(decode_dba_buf(&b, 3, 0, s, &a, msg), SG_EINVALID);
    ck_assert_str_eq(
        msg, "DELTA_BYTE_ARRAY value 1: prefix length 3 but the previous value has 2 bytes");
    ck_assert_uint_eq(a.length, 0);
    buf_free(&b);
    /* the first prefix must be 0 */
    const uint32_t first[] = {1, 0, 0};
    put_delta_u32(&b, first, 3);
    put_delta_length(&b, suffixes, 3);
    ck_assert_int_eq(decode_dba_buf(&b, 3, 0, s, &a, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "value 0: prefix length 1"));
    buf_free(&b);
    /* a prefix of 2 then of 6 (the previous value "abcdef" has 6 bytes): fine */
    const uint32_t ok[] = {0, 2, 6};
    put_delta_u32(&b, ok, 3);
    put_delta_length(&b, suffixes, 3);
    ck_assert_int_eq(decode_dba_buf(&b, 3, 0, s, &a, msg), SG_OK);
    ck_assert_uint_eq(s[2].len, 7);
    ck_assert_mem_eq(s[2].ptr, "abcdefg", 7);
    /* suffix bytes cut short */
    b.len--;
    ck_assert_int_eq(decode_dba_buf(&b, 3, 0, s, &a, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "suffix lengths"));
    /* no suffix stream at all */
    buf c = {0};
    put_delta_u32(&c, ok, 3);
    ck_assert_int_eq(decode_dba_buf(&c, 3, 0, s, &a, msg), SG_EINVALID);
    buf_free(&c);
    /* a negative prefix */
    const int64_t neg[] = {0, -5, 0};
    put_delta(&c, neg, 3, 128, 4, 32, 0);
    put_delta_length(&c, suffixes, 3);
    ck_assert_int_eq(decode_dba_buf(&c, 3, 0, s, &a, msg), SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(msg, "prefix lengths: value 1 has length -5"));
    buf_free(&c);
    buf_free(&b);
    sgp_pq_arena_free(&a);
}
END_TEST

START_TEST(delta_byte_array_arena_growth) {
    /* 60 words sharing prefixes, decoded after other data already in the arena: the arena
     * grows (and moves) while the values are built. */
    enum { N = 60 };
    char store[N][80];
    const char *words[N];
    for (size_t i = 0; i < N; i++) {
        size_t len = 20 + rnd() % 50;
        size_t keep = i > 0 ? rnd() % (strlen(store[i - 1]) + 1) : 0;
        for (size_t k = 0; k < len; k++) {
            store[i][k] = k < keep ? store[i - 1][k] : (char)('a' + rnd() % 3);
        }
        store[i][len] = '\0';
        words[i] = store[i];
    }
    buf b = {0};
    put_delta_byte_array(&b, words, N);
    sgp_pq_arena a;
    sgp_pq_arena_init(&a, 1 << 20);
    /* fill the arena close to its first capacity first */
    uint8_t filler[4000] = {0};
    sgp_pq_span fs[1];
    char msg[SGP_PQ_MSG];
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 4000, filler,
                                                     4000, 1, fs, &a, msg),
                     SG_OK);
    sgp_pq_span s[N];
    ck_assert_int_eq(decode_dba_buf(&b, N, 0, s, &a, msg), SG_OK);
    ck_assert_uint_gt(a.capacity, 4096);
    for (size_t i = 0; i < N; i++) {
        ck_assert_uint_eq(s[i].len, strlen(words[i]));
        ck_assert_mem_eq(s[i].ptr, words[i], s[i].len);
    }
    buf_free(&b);
    sgp_pq_arena_free(&a);
}
END_TEST

/* ---- BYTE_STREAM_SPLIT ---- */

START_TEST(byte_stream_split) {
    char msg[SGP_PQ_MSG];
    sgp_pq_arena a;
    sgp_pq_arena_init(&a, 1 << 16);
    /* Encodings.md: AA BB CC DD, 00 11 22 33, A3 B4 C5 D6 become AA 00 A3 BB 11 B4 CC 22 C5 ... */
    const uint8_t split[] = {0xaa, 0x00, 0xa3, 0xbb, 0x11, 0xb4,
                             0xcc, 0x22, 0xc5, 0xdd, 0x33, 0xd6};
    const uint8_t values[] = {0xaa, 0xbb, 0xcc, 0xdd, 0x00, 0x11,
                              0x22, 0x33, 0xa3, 0xb4, 0xc5, 0xd6};
    float f[3];
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_FLOAT, 0, split, 12, 3, f, &a, msg),
                     SG_OK);
    int32_t i32[3];
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_INT32, 0, split, 12, 3, i32, &a, msg),
                     SG_OK);
    for (size_t i = 0; i < 3; i++) {
        uint32_t want = (uint32_t)values[4 * i] | (uint32_t)values[4 * i + 1] << 8 |
                        (uint32_t)values[4 * i + 2] << 16 | (uint32_t)values[4 * i + 3] << 24;
        uint32_t got_f, got_i;
        memcpy(&got_f, &f[i], 4);
        memcpy(&got_i, &i32[i], 4);
        ck_assert_uint_eq(got_f, want);
        ck_assert_uint_eq(got_i, want);
    }
    /* FIXED_LEN_BYTE_ARRAY of 4: the original bytes, rebuilt in the arena */
    sgp_pq_span s[4];
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 4, split, 12, 3, s, &a, msg),
        SG_OK);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(s[i].len, 4);
        ck_assert_mem_eq(s[i].ptr, values + 4 * i, 4);
    }
    /* FIXED_LEN_BYTE_ARRAY of 3 (four values) */
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 3, split, 12, 4, s, &a, msg),
        SG_OK);
    ck_assert_uint_eq(s[1].ptr[0], split[1]);
    ck_assert_uint_eq(s[1].ptr[1], split[5]);
    ck_assert_uint_eq(s[1].ptr[2], split[9]);
    /* DOUBLE and INT64 round trips */
    const double d[] = {3.25, -1e-300, 0.0, 12345.678};
    const int64_t l[] = {INT64_MIN, -1, 0, INT64_MAX};
    uint8_t ds[32], ls[32];
    for (size_t i = 0; i < 4; i++) {
        uint64_t ud, ul;
        memcpy(&ud, &d[i], 8);
        memcpy(&ul, &l[i], 8);
        for (size_t k = 0; k < 8; k++) {
            ds[k * 4 + i] = (uint8_t)(ud >> (8 * k));
            ls[k * 4 + i] = (uint8_t)(ul >> (8 * k));
        }
    }
    double od[4];
    int64_t ol[4];
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_DOUBLE, 0, ds, 32, 4, od, &a, msg),
                     SG_OK);
    ck_assert_mem_eq(od, d, sizeof d);
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_INT64, 0, ls, 32, 4, ol, &a, msg),
                     SG_OK);
    ck_assert_mem_eq(ol, l, sizeof l);
    /* wrong lengths: one byte more or less, a count that does not match */
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_DOUBLE, 0, ds, 31, 4, od, &a, msg),
                     SG_EINVALID);
    ck_assert_str_eq(msg, "BYTE_STREAM_SPLIT DOUBLE: 31 bytes for 4 values of 8 bytes");
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_FLOAT, 0, split, 12, 4, f, &a, msg),
                     SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_FLOAT, 0, split, 12, 2, f, &a, msg),
                     SG_EINVALID);
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 5, split, 12, 2, s, &a, msg),
        SG_EINVALID);
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_FIXED_LEN_BYTE_ARRAY, 0, split, 12, 2, s, &a, msg),
        SG_EINVALID);
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_BYTE_ARRAY, 0, split, 12, 2, s, &a, msg),
        SG_EINVALID);
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_BOOLEAN, 0, split, 12, 12, s, &a, msg),
                     SG_EINVALID);
    /* a count whose byte size overflows */
    ck_assert_int_eq(
        sgp_pq_decode_byte_stream_split(SGP_PQ_DOUBLE, 0, ds, 32, SIZE_MAX / 4, od, &a, msg),
        SG_EINVALID);
    /* zero values, zero bytes */
    ck_assert_int_eq(sgp_pq_decode_byte_stream_split(SGP_PQ_FLOAT, 0, NULL, 0, 0, f, &a, msg),
                     SG_OK);
    sgp_pq_arena_free(&a);
}
END_TEST

/* ---- robustness ---- */

static bool clean(int rc) {
    return rc == SG_OK || rc == SG_EINVALID || rc == SG_ELIMIT;
}

/* Every decoder on one input: it may fail, never crash, hang or read past the end (ASan). */
static void decode_everything(const buf *b, size_t count, int width, sgp_pq_arena *a) {
    enum { MAX = 300 };
    static uint32_t u32[MAX];
    static uint8_t u8[MAX];
    static union {
        int64_t i;
        sgp_pq_span s; /* the widest value of any type */
    } any[MAX];
    static sgp_pq_span sp[MAX];
    char msg[SGP_PQ_MSG];
    size_t consumed = 0;
    uint8_t *in = exact(b);
    size_t n = b->len;
    ck_assert(count <= MAX);
    ck_assert(
        clean(sgp_pq_decode_rle(in, n, width, count, (uint32_t)rnd() % 8, u32, &consumed, msg)));
    ck_assert(clean(sgp_pq_decode_levels_v1(in, n, width, count, UINT32_MAX, u32, &consumed, msg)));
    ck_assert(clean(sgp_pq_decode_levels_bit_packed(in, n, width, count, 5, u32, &consumed, msg)));
    ck_assert(clean(sgp_pq_decode_dict_indices(in, n, count, (uint32_t)rnd() % 40, u32, msg)));
    ck_assert(clean(sgp_pq_decode_rle_bool(in, n, count, u8, msg)));
    for (int32_t type = 0; type < 8; type++) {
        ck_assert(clean(sgp_pq_decode_plain(type, 3, in, n, count, any, msg)));
        ck_assert(clean(sgp_pq_decode_byte_stream_split(type, 3, in, n, count, any, a, msg)));
    }
    ck_assert(clean(sgp_pq_decode_plain(SGP_PQ_BYTE_ARRAY, 0, in, n, count, sp, msg)));
    ck_assert(clean(sgp_pq_decode_delta_binary(SGP_PQ_INT32, in, n, count, any, &consumed, msg)));
    ck_assert(clean(sgp_pq_decode_delta_binary(SGP_PQ_INT64, in, n, count, any, &consumed, msg)));
    ck_assert(clean(sgp_pq_decode_delta_length(in, n, count, sp, msg)));
    ck_assert(clean(sgp_pq_decode_delta_byte_array(in, n, count, 0, sp, a, msg)));
    ck_assert(clean(sgp_pq_decode_delta_byte_array(in, n, count, 2, sp, a, msg)));
    sgp_pq_arena_reset(a);
    free(in);
}

START_TEST(random_and_mutated_inputs_fail_cleanly) {
    sgp_pq_arena a;
    sgp_pq_arena_init(&a, 4096);
    for (int round = 0; round < 3000; round++) {
        /* random bytes, mostly small so that headers are often plausible */
        buf b = {0};
        size_t len = rnd() % 80;
        for (size_t i = 0; i < len; i++) {
            uint64_t r = rnd();
            put(&b, (uint8_t)(r % 4 == 0 ? r >> 8 : (r >> 8) % 5));
        }
        decode_everything(&b, rnd() % 300, (int)(rnd() % 34), &a);
        buf_free(&b);
    }
    /* valid encodings, then truncated or with one byte changed */
    const char *const words[] = {"Hello", "World", "Foobar", "ABCDEF", "Fo", "", "Foobaz"};
    for (int round = 0; round < 3000; round++) {
        buf b = {0};
        size_t count = 7;
        switch (round % 3) {
        case 0:
            put_delta_byte_array(&b, words, 7);
            break;
        case 1:
            put_delta_length(&b, words, 7);
            break;
        default: {
            int64_t v[150];
            count = 1 + rnd() % 150;
            for (size_t i = 0; i < count; i++) {
                v[i] = (int64_t)(rnd() % 1000) - 500;
            }
            put_delta(&b, v, count, 128, 4, 32, 0);
        }
        }
        if (rnd() % 2 && b.len > 0) {
            b.len = rnd() % b.len;
        } else if (b.len > 0) {
            b.data[rnd() % b.len] = (uint8_t)rnd();
        }
        decode_everything(&b, count, (int)(rnd() % 33), &a);
        buf_free(&b);
    }
    sgp_pq_arena_free(&a);
}
END_TEST

/* sgp_pq_count_equal against a plain loop: every length up to 70 (vector blocks and tails),
 * every start alignment, values at the extremes. */
START_TEST(count_equal_levels) {
    enum { N = 80 };
    static const uint32_t wanted[] = {0, 1, 2, UINT32_MAX};
    for (int round = 0; round < 20; round++) {
        uint32_t *levels = malloc(N * sizeof *levels);
        ck_assert_ptr_nonnull(levels);
        for (size_t i = 0; i < N; i++) {
            uint64_t r = rnd();
            levels[i] = r % 4 == 3 ? UINT32_MAX : (uint32_t)(r % 3);
        }
        for (size_t start = 0; start < 4; start++) {
            for (size_t n = 0; n <= 70 && start + n <= N; n++) {
                for (size_t k = 0; k < LEN(wanted); k++) {
                    size_t expect = 0;
                    for (size_t i = 0; i < n; i++) {
                        expect += levels[start + i] == wanted[k];
                    }
                    ck_assert_uint_eq(sgp_pq_count_equal(levels + start, n, wanted[k]), expect);
                }
            }
        }
        free(levels);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("parquet_decode");
    TCase *tc = tcase_create("parquet_decode");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, value_size_and_bit_width);
    tcase_add_test(tc, arena_limit_and_reset);
    tcase_add_test(tc, unpack_every_width_and_count);
    tcase_add_test(tc, unpack_spec_example);
    tcase_add_test(tc, rle_runs);
    tcase_add_test(tc, rle_bit_packed_and_mixed);
    tcase_add_test(tc, rle_width_0_and_32);
    tcase_add_test(tc, rle_truncations);
    tcase_add_test(tc, rle_bad_runs);
    tcase_add_test(tc, rle_levels_above_maximum);
    tcase_add_test(tc, levels_v1_prefix);
    tcase_add_test(tc, levels_bit_packed_msb_first);
    tcase_add_test(tc, dictionary_indices);
    tcase_add_test(tc, plain_fixed_types);
    tcase_add_test(tc, plain_boolean);
    tcase_add_test(tc, plain_byte_array);
    tcase_add_test(tc, rle_booleans);
    tcase_add_test(tc, delta_spec_examples);
    tcase_add_test(tc, delta_extremes_and_wrapping);
    tcase_add_test(tc, delta_random_shapes);
    tcase_add_test(tc, delta_bad_headers);
    tcase_add_test(tc, delta_bit_widths_and_truncation);
    tcase_add_test(tc, delta_length_byte_array);
    tcase_add_test(tc, delta_byte_array_spec_example);
    tcase_add_test(tc, delta_byte_array_bad_prefixes);
    tcase_add_test(tc, delta_byte_array_arena_growth);
    tcase_add_test(tc, byte_stream_split);
    tcase_add_test(tc, random_and_mutated_inputs_fail_cleanly);
    tcase_add_test(tc, count_equal_levels);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

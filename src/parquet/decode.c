/*
 * parquet/decode.c: the value and level encodings of Parquet pages (see decode.h and the
 * format's Encodings.md). Every length read from the input is checked against the bytes left
 * before anything is read or written; arithmetic on decoded values is done unsigned so that
 * the wrapping the format asks for is defined behaviour.
 */
#include "parquet/decode.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemagate/common.h"
#include "util/util.h"

/*
 * Values unpacked per step through a stack buffer. A multiple of 8, so that every step starts
 * on a byte boundary whatever the bit width.
 */
#define CHUNK 256

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define HOST_BIG_ENDIAN 1
#else
#define HOST_BIG_ENDIAN 0
#endif

/* Where an empty span points when there is no buffer to point into (never NULL). */
static const uint8_t empty_bytes[1] = {0};

static int fail(char *msg, int code, const char *fmt, ...) SGP_PRINTF(3, 4);

static int fail(char *msg, int code, const char *fmt, ...) {
    if (msg != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, SGP_PQ_MSG, fmt, ap);
        va_end(ap);
    }
    return code;
}

static inline uint64_t load_le64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
#if HOST_BIG_ENDIAN
    v = __builtin_bswap64(v);
#endif
    return v;
}

static uint32_t load_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The low w bits set (w in 0..64); the "& 63" keeps constant shifts in range for the compiler. */
static inline uint64_t low_mask(int w) {
    return w >= 64 ? UINT64_MAX : ((uint64_t)1 << (w & 63)) - 1;
}

/* ceil(count * w / 8) without overflowing for any count whose result fits; false if it does not. */
static bool packed_bytes(size_t count, int w, size_t *out) {
    size_t whole = count / 8, rest = count % 8;
    if (w != 0 && whole > (SIZE_MAX - 8) / (size_t)w) {
        return false;
    }
    *out = whole * (size_t)w + (rest * (size_t)w + 7) / 8;
    return true;
}

static int32_t as_int32(uint32_t u) {
    int32_t s;
    memcpy(&s, &u, sizeof s);
    return s;
}

static int64_t as_int64(uint64_t u) {
    int64_t s;
    memcpy(&s, &u, sizeof s);
    return s;
}

/* ---- arena ---- */

void sgp_pq_arena_init(sgp_pq_arena *arena, size_t limit) {
    memset(arena, 0, sizeof *arena);
    arena->limit = limit;
}

void sgp_pq_arena_reset(sgp_pq_arena *arena) {
    arena->length = 0;
}

void sgp_pq_arena_free(sgp_pq_arena *arena) {
    free(arena->data);
    arena->data = NULL;
    arena->length = 0;
    arena->capacity = 0;
}

/*
 * Appends n uninitialised bytes and gives their offset (not a pointer: growing may move the
 * data, so callers keep offsets until they are done). SG_ELIMIT beyond the limit.
 */
static int arena_append(sgp_pq_arena *a, size_t n, size_t *offset) {
    if (a->length > a->limit || n > a->limit - a->length) {
        return SG_ELIMIT;
    }
    size_t need = a->length + n;
    if (need > a->capacity) {
        /* Doubling keeps appends of many small values linear. */
        size_t cap = a->capacity < 4096 ? 4096 : a->capacity;
        while (cap < need) {
            cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        }
        if (cap > a->limit) {
            cap = a->limit;
        }
        uint8_t *data = realloc(a->data, cap);
        if (data == NULL) {
            return SG_ENOMEM;
        }
        a->data = data;
        a->capacity = cap;
    }
    *offset = a->length;
    a->length = need;
    return SG_OK;
}

static const uint8_t *arena_at(const sgp_pq_arena *a, size_t offset) {
    return a->data != NULL ? a->data + offset : empty_bytes;
}

/* ---- sizes ---- */

size_t sgp_pq_value_size(int32_t type, int32_t type_length) {
    switch (type) {
    case SGP_PQ_BOOLEAN:
        return 1;
    case SGP_PQ_INT32:
    case SGP_PQ_FLOAT:
        return 4;
    case SGP_PQ_INT64:
    case SGP_PQ_DOUBLE:
        return 8;
    case SGP_PQ_INT96:
        return 12;
    case SGP_PQ_FIXED_LEN_BYTE_ARRAY:
        return type_length > 0 ? (size_t)type_length : 0;
    default:
        return 0;
    }
}

int sgp_pq_bit_width(uint32_t max_value) {
    int w = 0;
    while (max_value != 0) {
        w++;
        max_value >>= 1;
    }
    return w;
}

/* ---- bit unpacking ---- */

/*
 * One width; always inlined with a constant w so that the compiler folds the shifts and masks.
 * in holds avail >= ceil(count * w / 8) bytes (internal callers pass what their buffer has left,
 * so that the fast loop runs to the end of a short chunk). A value of up to 64 bits that starts
 * mid-byte spans up to 9 bytes: 64-bit loads (plus the ninth byte for wide values) while 9 bytes
 * remain, then the last few values from a zero-padded copy, so nothing past avail is read.
 * Values go to dst as uint64_t, or as uint32_t when narrow (widths up to 32); narrow is a
 * constant at every call, so the store is chosen at compile time.
 */
#define STORE(index, value)                                                                        \
    do {                                                                                           \
        if (narrow) {                                                                              \
            ((uint32_t *)dst)[index] = (uint32_t)(value);                                          \
        } else {                                                                                   \
            ((uint64_t *)dst)[index] = (value);                                                    \
        }                                                                                          \
    } while (0)
static inline __attribute__((always_inline)) void
unpack_width(const uint8_t *in, size_t avail, int w, size_t count, void *dst, bool narrow) {
    const uint64_t mask = low_mask(w);
    size_t i = 0, bit = 0;
    /* Groups of 8 values are exactly w bytes, so every shift below is a constant; the last
     * value of a group reads at most up to byte w + 8 of it. */
    for (const uint8_t *group = in; count - i >= 8 && avail - (size_t)(group - in) >= (size_t)w + 8;
         group += w, i += 8) {
#pragma GCC unroll 8
        for (int k = 0; k < 8; k++) {
            const int b = k * w / 8, s = k * w % 8;
            uint64_t v = load_le64(group + b) >> s;
            if (w + s > 64) {
                v |= (uint64_t)group[b + 8] << ((64 - s) & 63);
            }
            STORE(i + (size_t)k, v & mask);
        }
    }
    bit = i * (size_t)w;
    if (avail >= 9) {
        const size_t last_fast = avail - 9;
        for (; i < count && (bit >> 3) <= last_fast; i++, bit += (size_t)w) {
            size_t b = bit >> 3;
            unsigned s = (unsigned)(bit & 7);
            uint64_t v = load_le64(in + b) >> s;
            if (w + (int)s > 64) {
                v |= (uint64_t)in[b + 8] << ((64 - s) & 63);
            }
            STORE(i, v & mask);
        }
    }
    if (i == count) {
        return;
    }
    /* Fewer than 9 bytes are left from here: copy them once. */
    const size_t first = bit >> 3;
    uint8_t tail[24] = {0};
    memcpy(tail, in + first, avail - first < 9 ? avail - first : 9);
    for (bit -= first * 8; i < count; i++, bit += (size_t)w) {
        size_t b = bit >> 3;
        unsigned s = (unsigned)(bit & 7);
        uint64_t v = load_le64(tail + b) >> s;
        if (w + (int)s > 64) {
            v |= (uint64_t)tail[b + 8] << ((64 - s) & 63);
        }
        STORE(i, v & mask);
    }
}
#undef STORE

#define UNPACK_CASE(n)                                                                             \
    case n:                                                                                        \
        unpack_width(in, avail, n, count, dst, narrow);                                            \
        return;

/* sgp_pq_unpack_bits with avail >= ceil(count * bit_width / 8) readable bytes at in, into dst
 * as uint64_t, or as uint32_t when narrow (bit_width <= 32). */
static inline __attribute__((always_inline)) void unpack_bits_into(const uint8_t *in, size_t avail,
                                                                   int bit_width, size_t count,
                                                                   void *dst, bool narrow) {
    if (count == 0) {
        return;
    }
    if (bit_width <= 0 || bit_width > (narrow ? 32 : 64)) {
        /* Width 0 is all zeros; other widths are outside the contract: zeros rather than junk. */
        memset(dst, 0, count * (narrow ? sizeof(uint32_t) : sizeof(uint64_t)));
        return;
    }
    switch (bit_width) {
        UNPACK_CASE(1)
        UNPACK_CASE(2)
        UNPACK_CASE(3)
        UNPACK_CASE(4)
        UNPACK_CASE(5)
        UNPACK_CASE(6)
        UNPACK_CASE(7)
        UNPACK_CASE(8)
        UNPACK_CASE(9)
        UNPACK_CASE(10)
        UNPACK_CASE(11)
        UNPACK_CASE(12)
        UNPACK_CASE(13)
        UNPACK_CASE(14)
        UNPACK_CASE(15)
        UNPACK_CASE(16)
        UNPACK_CASE(17)
        UNPACK_CASE(18)
        UNPACK_CASE(19)
        UNPACK_CASE(20)
        UNPACK_CASE(21)
        UNPACK_CASE(22)
        UNPACK_CASE(23)
        UNPACK_CASE(24)
        UNPACK_CASE(25)
        UNPACK_CASE(26)
        UNPACK_CASE(27)
        UNPACK_CASE(28)
        UNPACK_CASE(29)
        UNPACK_CASE(30)
        UNPACK_CASE(31)
        UNPACK_CASE(32)
    default:
        /* Wider values (INT64 deltas) are rarer: one generic instance. */
        if (!narrow) {
            unpack_width(in, avail, bit_width, count, dst, false);
        }
        return;
    }
}

static void unpack_bits_avail(const uint8_t *in, size_t avail, int bit_width, size_t count,
                              uint64_t *out) {
    unpack_bits_into(in, avail, bit_width, count, out, false);
}

/* The same into 32-bit values (bit_width <= 32), as levels and indices are kept. */
static void unpack_bits_avail32(const uint8_t *in, size_t avail, int bit_width, size_t count,
                                uint32_t *out32) {
    unpack_bits_into(in, avail, bit_width, count, out32, true);
}

void sgp_pq_unpack_bits(const uint8_t *in, int bit_width, size_t count, uint64_t *out) {
    size_t nbytes = 0;
    if (bit_width > 0 && bit_width <= 64 && !packed_bytes(count, bit_width, &nbytes)) {
        return; /* no buffer can hold that many values */
    }
    unpack_bits_avail(in, nbytes, bit_width, count, out);
}

/* ---- Level scans ---- */

#if defined(__GNUC__)
/* Four lanes at a time with the compiler's vector extensions (GCC and Clang). */
typedef uint32_t lanes32 __attribute__((vector_size(16)));
#endif

size_t sgp_pq_count_equal(const uint32_t *levels, size_t n, uint32_t value) {
    size_t count = 0, i = 0;
#if defined(__GNUC__)
    lanes32 want = {value, value, value, value};
    while (n - i >= 4) {
        /* Per block, lane counts stay below 2^32: a lane is -1 (all ones) where equal. */
        size_t block = n - i < ((size_t)1 << 30) ? n - i : ((size_t)1 << 30);
        size_t end = i + block / 4 * 4;
        lanes32 sum = {0, 0, 0, 0};
        for (; i < end; i += 4) {
            lanes32 v;
            memcpy(&v, levels + i, sizeof v);
            sum -= (lanes32)(v == want);
        }
        count += (size_t)sum[0] + sum[1] + sum[2] + sum[3];
    }
#endif
    for (; i < n; i++) {
        count += levels[i] == value;
    }
    return count;
}

/* ---- RLE / bit-packed hybrid ---- */

/* A run header: ULEB128 of at most 5 bytes whose value fits 32 bits. */
static int run_header(const uint8_t *in, size_t len, size_t *pos, size_t base, uint32_t *out,
                      char *msg) {
    size_t start = *pos;
    uint32_t v = 0;
    for (unsigned i = 0; i < 5; i++) {
        if (*pos >= len) {
            return fail(msg, SG_EINVALID, "RLE run header at byte %zu: truncated", base + start);
        }
        uint8_t b = in[(*pos)++];
        if (i == 4 && b > 0x0f) {
            return fail(msg, SG_EINVALID, "RLE run header at byte %zu: longer than 32 bits",
                        base + start);
        }
        v |= (uint32_t)(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            *out = v;
            return SG_OK;
        }
    }
    return SG_EINTERNAL; /* not reached: the fifth byte either ends the varint or fails */
}

/* n copies of v: long runs (levels of columns without nulls) go by doubling copies. */
static void fill32(uint32_t *out, uint32_t v, size_t n) {
    if (v == 0) {
        memset(out, 0, n * sizeof *out);
        return;
    }
    size_t i = 0;
    for (; i < n && i < 16; i++) {
        out[i] = v;
    }
    while (i < n) {
        size_t k = i < n - i ? i : n - i;
        memcpy(out + i, out, k * sizeof *out);
        i += k;
    }
}

/*
 * The hybrid into out32 or out8 (exactly one non-NULL). base is the offset of in within the
 * caller's buffer, for messages.
 */
static int hybrid(const uint8_t *in, size_t len, size_t base, int w, size_t count,
                  uint32_t max_value, uint32_t *out32, uint8_t *out8, size_t *consumed, char *msg) {
    const uint64_t value_mask = low_mask(w);
    const size_t value_bytes = ((size_t)w + 7) / 8;
    /* A bit-packed value can only exceed max_value when max_value is below the width's range. */
    const bool check_max = (uint64_t)max_value < value_mask;
    size_t pos = 0, done = 0;
    while (done < count) {
        if (pos >= len) {
            return fail(msg, SG_EINVALID, "RLE data ends at byte %zu after %zu of %zu values",
                        base + pos, done, count);
        }
        size_t start = pos;
        uint32_t header = 0;
        int rc = run_header(in, len, &pos, base, &header, msg);
        if (rc != SG_OK) {
            return rc;
        }
        uint32_t run = header >> 1;
        if (run == 0) {
            return fail(msg, SG_EINVALID, "RLE run at byte %zu: run length 0", base + start);
        }
        size_t want = count - done;
        if ((header & 1) == 0) {
            if (value_bytes > len - pos) {
                return fail(msg, SG_EINVALID, "RLE run at byte %zu: value truncated", base + start);
            }
            uint32_t v = 0;
            for (size_t k = 0; k < value_bytes; k++) {
                v |= (uint32_t)in[pos + k] << (8 * k);
            }
            pos += value_bytes;
            if (v > value_mask) {
                return fail(msg, SG_EINVALID,
                            "RLE run at byte %zu: value %" PRIu32 " wider than %d bits",
                            base + start, v, w);
            }
            if (v > max_value) {
                return fail(msg, SG_EINVALID,
                            "RLE run at byte %zu: value %" PRIu32 " exceeds maximum %" PRIu32,
                            base + start, v, max_value);
            }
            size_t n = run < want ? run : want;
            if (out32 != NULL) {
                fill32(out32 + done, v, n);
            } else {
                memset(out8 + done, (int)v, n);
            }
            done += n;
            continue;
        }
        /* Bit-packed: run groups of 8 values, exactly w bytes per group. */
        uint64_t run_values = (uint64_t)run * 8;
        uint64_t run_bytes = (uint64_t)run * (uint64_t)w;
        size_t n = run_values < want ? (size_t)run_values : want;
        size_t need = 0;
        size_t left = len - pos;
        if (!packed_bytes(n, w, &need) || need > left) {
            return fail(msg, SG_EINVALID,
                        "RLE bit-packed run at byte %zu: %zu values need %zu bytes, %zu left",
                        base + start, n, need, left);
        }
        if (out32 != NULL) {
            /* Straight into the output, then one pass for the maximum. */
            uint32_t *dst = out32 + done;
            unpack_bits_avail32(in + pos, left, w, n, dst);
            if (check_max) {
                uint32_t top = 0;
                for (size_t k = 0; k < n; k++) {
                    top = dst[k] > top ? dst[k] : top;
                }
                if (top > max_value) {
                    size_t k = 0;
                    while (dst[k] <= max_value) {
                        k++;
                    }
                    return fail(msg, SG_EINVALID,
                                "RLE value %" PRIu32 " at index %zu exceeds maximum %" PRIu32,
                                dst[k], done + k, max_value);
                }
            }
            pos += run_bytes < left ? (size_t)run_bytes : left;
            done += n;
            continue;
        }
        uint64_t buf[CHUNK];
        for (size_t off = 0; off < n; off += CHUNK) {
            size_t m = n - off < CHUNK ? n - off : CHUNK;
            size_t at = pos + off / 8 * (size_t)w;
            unpack_bits_avail(in + at, len - at, w, m, buf);
            if (check_max) {
                for (size_t k = 0; k < m; k++) {
                    if (buf[k] > max_value) {
                        return fail(msg, SG_EINVALID,
                                    "RLE value %" PRIu64 " at index %zu exceeds maximum %" PRIu32,
                                    buf[k], done + off + k, max_value);
                    }
                }
            }
            for (size_t k = 0; k < m; k++) {
                out8[done + off + k] = (uint8_t)buf[k];
            }
        }
        /* The last run may end early with the buffer (values past count are padding). */
        pos += run_bytes < left ? (size_t)run_bytes : left;
        done += n;
    }
    if (consumed != NULL) {
        *consumed = pos;
    }
    return SG_OK;
}

int sgp_pq_decode_rle(const uint8_t *in, size_t len, int bit_width, size_t count,
                      uint32_t max_value, uint32_t *out, size_t *consumed, char *msg) {
    if (bit_width < 0 || bit_width > 32) {
        return fail(msg, SG_EINVALID, "RLE bit width %d outside 0..32", bit_width);
    }
    return hybrid(in, len, 0, bit_width, count, max_value, out, NULL, consumed, msg);
}

/* The 4-byte length prefix of v1 levels and RLE booleans: *body_len <= len - 4. */
static int length_prefix(const uint8_t *in, size_t len, const char *what, size_t *body_len,
                         char *msg) {
    if (len < 4) {
        return fail(msg, SG_EINVALID, "%s: %zu bytes, too short for the 4-byte length", what, len);
    }
    uint32_t n = load_le32(in);
    if (n > len - 4) {
        return fail(msg, SG_EINVALID, "%s: length %" PRIu32 " but %zu bytes left", what, n,
                    len - 4);
    }
    *body_len = n;
    return SG_OK;
}

int sgp_pq_decode_levels_v1(const uint8_t *in, size_t len, int bit_width, size_t count,
                            uint32_t max_value, uint32_t *out, size_t *consumed, char *msg) {
    if (bit_width < 0 || bit_width > 32) {
        return fail(msg, SG_EINVALID, "RLE bit width %d outside 0..32", bit_width);
    }
    size_t body = 0;
    int rc = length_prefix(in, len, "RLE levels", &body, msg);
    if (rc != SG_OK) {
        return rc;
    }
    rc = hybrid(in + 4, body, 4, bit_width, count, max_value, out, NULL, NULL, msg);
    if (rc == SG_OK && consumed != NULL) {
        *consumed = 4 + body; /* the values start after the declared length, used or not */
    }
    return rc;
}

int sgp_pq_decode_levels_bit_packed(const uint8_t *in, size_t len, int bit_width, size_t count,
                                    uint32_t max_value, uint32_t *out, size_t *consumed,
                                    char *msg) {
    if (bit_width < 0 || bit_width > 32) {
        return fail(msg, SG_EINVALID, "BIT_PACKED bit width %d outside 0..32", bit_width);
    }
    size_t need = 0;
    if (!packed_bytes(count, bit_width, &need) || need > len) {
        return fail(msg, SG_EINVALID, "BIT_PACKED levels: %zu values need %zu bytes, %zu left",
                    count, need, len);
    }
    /* MSB-first: each byte enters the accumulator from the right; values leave from the top. */
    const uint64_t mask = low_mask(bit_width);
    uint64_t acc = 0;
    int bits = 0;
    size_t pos = 0;
    for (size_t i = 0; i < count; i++) {
        while (bits < bit_width) {
            acc = acc << 8 | in[pos++];
            bits += 8;
        }
        bits -= bit_width;
        uint32_t v = (uint32_t)((acc >> bits) & mask);
        if (v > max_value) {
            return fail(msg, SG_EINVALID,
                        "BIT_PACKED level %" PRIu32 " at index %zu exceeds maximum %" PRIu32, v, i,
                        max_value);
        }
        out[i] = v;
    }
    if (consumed != NULL) {
        *consumed = need;
    }
    return SG_OK;
}

int sgp_pq_decode_dict_indices(const uint8_t *in, size_t len, size_t count, uint32_t dict_size,
                               uint32_t *out, char *msg) {
    if (count == 0) {
        return SG_OK;
    }
    if (dict_size == 0) {
        return fail(msg, SG_EINVALID, "dictionary indices: %zu values but the dictionary is empty",
                    count);
    }
    if (len < 1) {
        return fail(msg, SG_EINVALID, "dictionary indices: no bit width byte");
    }
    int w = in[0];
    if (w > 32) {
        return fail(msg, SG_EINVALID, "dictionary indices: bit width %d over 32", w);
    }
    /* The range is checked as the values are decoded; only a failure decodes again, unchecked,
     * to tell a corrupt run from an index beyond the dictionary. */
    int rc = hybrid(in + 1, len - 1, 1, w, count, dict_size - 1, out, NULL, NULL, msg);
    if (rc == SG_OK) {
        return SG_OK;
    }
    rc = hybrid(in + 1, len - 1, 1, w, count, UINT32_MAX, out, NULL, NULL, msg);
    if (rc != SG_OK) {
        return rc;
    }
    for (size_t i = 0; i < count; i++) {
        if (out[i] >= dict_size) {
            return fail(msg, SG_EINVALID,
                        "dictionary index %" PRIu32
                        " at position %zu but the dictionary has %" PRIu32 " entries",
                        out[i], i, dict_size);
        }
    }
    return SG_OK;
}

int sgp_pq_decode_rle_bool(const uint8_t *in, size_t len, size_t count, uint8_t *out, char *msg) {
    if (count == 0) {
        return SG_OK; /* like the other value decoders: nothing wanted, nothing read */
    }
    size_t body = 0;
    int rc = length_prefix(in, len, "RLE booleans", &body, msg);
    if (rc != SG_OK) {
        return rc;
    }
    return hybrid(in + 4, body, 4, 1, count, 1, NULL, out, NULL, msg);
}

/* ---- PLAIN ---- */

/* count little-endian values of size bytes each, into host order. */
static void copy_le(void *out, const uint8_t *in, size_t count, size_t size) {
    if (count == 0) {
        return;
    }
#if HOST_BIG_ENDIAN
    uint8_t *dst = out;
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < size; j++) {
            dst[i * size + j] = in[i * size + size - 1 - j];
        }
    }
#else
    memcpy(out, in, count * size);
#endif
}

static const char *type_name(int32_t type) {
    static const char *const names[] = {"BOOLEAN", "INT32",  "INT64",      "INT96",
                                        "FLOAT",   "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};
    return type >= 0 && type < 8 ? names[type] : "unknown type";
}

int sgp_pq_decode_plain(int32_t type, int32_t type_length, const uint8_t *in, size_t len,
                        size_t count, void *out, char *msg) {
    size_t size = sgp_pq_value_size(type, type_length);
    switch (type) {
    case SGP_PQ_BOOLEAN: {
        size_t need = count / 8 + (count % 8 != 0);
        if (need > len) {
            return fail(msg, SG_EINVALID, "PLAIN BOOLEAN: %zu values need %zu bytes, %zu left",
                        count, need, len);
        }
        uint8_t *b = out;
        for (size_t i = 0; i < count; i++) {
            b[i] = (uint8_t)((in[i / 8] >> (i % 8)) & 1);
        }
        return SG_OK;
    }
    case SGP_PQ_INT32:
    case SGP_PQ_INT64:
    case SGP_PQ_FLOAT:
    case SGP_PQ_DOUBLE:
        if (count > len / size) {
            return fail(msg, SG_EINVALID, "PLAIN %s: %zu values need more than the %zu bytes left",
                        type_name(type), count, len);
        }
        copy_le(out, in, count, size);
        return SG_OK;
    case SGP_PQ_FIXED_LEN_BYTE_ARRAY:
        if (type_length <= 0) {
            return fail(msg, SG_EINVALID, "PLAIN FIXED_LEN_BYTE_ARRAY: type length %" PRId32,
                        type_length);
        }
        /* fall through */
    case SGP_PQ_INT96: {
        if (count > len / size) {
            return fail(msg, SG_EINVALID, "PLAIN %s: %zu values need more than the %zu bytes left",
                        type_name(type), count, len);
        }
        sgp_pq_span *spans = out;
        for (size_t i = 0; i < count; i++) {
            spans[i].ptr = in + i * size;
            spans[i].len = (uint32_t)size;
        }
        return SG_OK;
    }
    case SGP_PQ_BYTE_ARRAY: {
        sgp_pq_span *spans = out;
        size_t pos = 0;
        for (size_t i = 0; i < count; i++) {
            if (len - pos < 4) {
                return fail(msg, SG_EINVALID,
                            "PLAIN BYTE_ARRAY value %zu: length truncated, %zu bytes left", i,
                            len - pos);
            }
            uint32_t n = load_le32(in + pos);
            pos += 4;
            if (n > len - pos) {
                return fail(msg, SG_EINVALID,
                            "PLAIN BYTE_ARRAY value %zu: length %" PRIu32 " but %zu bytes left", i,
                            n, len - pos);
            }
            spans[i].ptr = in + pos;
            spans[i].len = n;
            pos += n;
        }
        return SG_OK;
    }
    default:
        return fail(msg, SG_EINVALID, "PLAIN: unknown physical type %" PRId32, type);
    }
}

/* ---- DELTA_BINARY_PACKED ---- */

/*
 * A pull decoder over one DELTA_BINARY_PACKED stream, so that DELTA_LENGTH_BYTE_ARRAY and
 * DELTA_BYTE_ARRAY can walk their length streams without a temporary array. It unpacks at most
 * CHUNK values at a time, and never more than limit values in all: the bytes of miniblocks
 * beyond the values asked for are never needed.
 */
typedef struct delta_reader {
    const uint8_t *in;
    size_t len;
    size_t base;       /* offset of in within the caller's buffer, for messages */
    const char *what;  /* stream name for messages */
    int max_width;     /* 32 for INT32 streams, 64 for INT64 */
    uint64_t per_mini; /* values per miniblock */
    uint64_t minis;    /* miniblocks per block */
    uint64_t total;    /* values in the stream, from its header */
    uint64_t limit;    /* values the caller will take */
    uint64_t unpacked; /* values decoded so far */
    uint64_t last;     /* last value decoded (wrapping) */
    uint64_t min_delta;
    uint64_t cursor;       /* byte after the current miniblock (may pass len when truncated) */
    uint64_t mini_start;   /* byte of the current miniblock */
    uint64_t mini_used;    /* values taken from the current miniblock */
    uint64_t mini;         /* current miniblock within its block; == minis: a block header is due */
    bool in_mini;          /* a miniblock is open */
    int width;             /* bit width of the current miniblock */
    const uint8_t *widths; /* bit widths of the current block */
    size_t end;            /* bytes used so far */
    size_t buf_pos, buf_len; /* the values of buf not yet taken */
    uint64_t buf[CHUNK];     /* last: delta_open clears everything before it */
} delta_reader;

static bool uleb(const uint8_t *in, size_t len, size_t *pos, uint64_t *out) {
    uint64_t v = 0;
    for (unsigned i = 0; i < 10; i++) {
        if (*pos >= len) {
            return false;
        }
        uint8_t b = in[(*pos)++];
        if (i == 9 && b > 1) {
            return false;
        }
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            *out = v;
            return true;
        }
    }
    return false;
}

static uint64_t unzigzag(uint64_t v) {
    return (v >> 1) ^ (~(v & 1) + 1);
}

/*
 * Reads the header. exact: the stream must hold exactly limit values (embedded length streams,
 * whose end is where the next section starts); otherwise at least limit.
 */
static int delta_open(delta_reader *r, const uint8_t *in, size_t len, size_t base, int max_width,
                      uint64_t limit, bool exact, const char *what, char *msg) {
    memset(r, 0, offsetof(delta_reader, buf)); /* buf is filled before it is read */
    r->in = in;
    r->len = len;
    r->base = base;
    r->what = what;
    r->max_width = max_width;
    r->limit = limit;
    size_t pos = 0;
    uint64_t block_size = 0, minis = 0, first = 0;
    if (!uleb(in, len, &pos, &block_size) || !uleb(in, len, &pos, &minis) ||
        !uleb(in, len, &pos, &r->total) || !uleb(in, len, &pos, &first)) {
        return fail(msg, SG_EINVALID, "%s at byte %zu: truncated or overlong header varint", what,
                    base);
    }
    if (block_size == 0 || block_size % 128 != 0 || block_size > INT32_MAX) {
        return fail(msg, SG_EINVALID,
                    "%s at byte %zu: block size %" PRIu64 " is not a positive multiple of 128",
                    what, base, block_size);
    }
    if (minis == 0 || block_size % minis != 0 || (block_size / minis) % 32 != 0) {
        return fail(msg, SG_EINVALID,
                    "%s at byte %zu: %" PRIu64 " miniblocks do not split a block of %" PRIu64
                    " into multiples of 32",
                    what, base, minis, block_size);
    }
    if (exact ? r->total != limit : r->total < limit) {
        return fail(msg, SG_EINVALID, "%s at byte %zu: header holds %" PRIu64 " values, %s%" PRIu64,
                    what, base, r->total, exact ? "expected " : "asked for ", limit);
    }
    r->per_mini = block_size / minis;
    r->minis = minis;
    r->mini = minis;
    r->last = unzigzag(first);
    r->cursor = pos;
    r->end = pos;
    return SG_OK;
}

/* Decodes the next at most CHUNK values into r->buf. Precondition: r->unpacked < r->limit. */
static int delta_refill(delta_reader *r, char *msg) {
    r->buf_pos = 0;
    if (r->unpacked == 0) {
        r->buf[0] = r->last;
        r->buf_len = 1;
        r->unpacked = 1;
        return SG_OK;
    }
    if (!r->in_mini) {
        if (r->mini == r->minis) {
            if (r->cursor > r->len) {
                return fail(msg, SG_EINVALID, "%s: block at byte %zu beyond the %zu bytes", r->what,
                            r->base + (size_t)r->cursor, r->len);
            }
            size_t pos = (size_t)r->cursor;
            uint64_t zz = 0;
            if (!uleb(r->in, r->len, &pos, &zz)) {
                return fail(msg, SG_EINVALID, "%s: block at byte %zu: truncated min delta", r->what,
                            r->base + (size_t)r->cursor);
            }
            if (r->minis > r->len - pos) {
                return fail(msg, SG_EINVALID,
                            "%s: block at byte %zu: %" PRIu64 " bit widths but %zu bytes left",
                            r->what, r->base + (size_t)r->cursor, r->minis, r->len - pos);
            }
            r->min_delta = unzigzag(zz);
            r->widths = r->in + pos;
            r->cursor = pos + r->minis;
            r->mini = 0;
        }
        /* Only the widths of miniblocks that hold wanted values are looked at (the spec lets
         * writers leave garbage in the others). */
        int w = r->widths[r->mini];
        if (w > r->max_width) {
            return fail(msg, SG_EINVALID, "%s: miniblock at byte %zu: bit width %d over %d",
                        r->what, r->base + (size_t)r->cursor, w, r->max_width);
        }
        r->width = w;
        r->mini_start = r->cursor;
        r->mini_used = 0;
        r->cursor += r->per_mini * (uint64_t)w / 8;
        r->end = r->cursor < r->len ? (size_t)r->cursor : r->len;
        r->in_mini = true;
    }
    uint64_t m = r->per_mini - r->mini_used;
    if (m > CHUNK) {
        m = CHUNK;
    }
    if (m > r->limit - r->unpacked) {
        m = r->limit - r->unpacked;
    }
    /* mini_used is a multiple of 8 here (CHUNK and per_mini are), so this is byte-aligned. */
    uint64_t at = r->mini_start + r->mini_used / 8 * (uint64_t)r->width;
    size_t need = 0;
    (void)packed_bytes((size_t)m, r->width, &need);
    if (at > r->len || need > r->len - at) {
        return fail(msg, SG_EINVALID,
                    "%s: miniblock at byte %zu: %zu values need %zu bytes, %zu left", r->what,
                    r->base + (size_t)r->mini_start, (size_t)m, need,
                    at > r->len ? (size_t)0 : r->len - (size_t)at);
    }
    unpack_bits_avail(r->in + at, r->len - (size_t)at, r->width, (size_t)m, r->buf);
    uint64_t last = r->last, min_delta = r->min_delta;
    for (size_t k = 0; k < m; k++) {
        last += min_delta + r->buf[k];
        r->buf[k] = last;
    }
    r->last = last;
    r->buf_len = (size_t)m;
    r->unpacked += m;
    r->mini_used += m;
    if (r->mini_used == r->per_mini) {
        r->in_mini = false;
        r->mini++;
    }
    return SG_OK;
}

/* The next value; the caller takes at most limit values in all. */
static inline int delta_next(delta_reader *r, uint64_t *out, char *msg) {
    if (r->buf_pos == r->buf_len) {
        int rc = delta_refill(r, msg);
        if (rc != SG_OK) {
            return rc;
        }
    }
    *out = r->buf[r->buf_pos++];
    return SG_OK;
}

int sgp_pq_decode_delta_binary(int32_t type, const uint8_t *in, size_t len, size_t count, void *out,
                               size_t *consumed, char *msg) {
    if (type != SGP_PQ_INT32 && type != SGP_PQ_INT64) {
        return fail(msg, SG_EINVALID, "DELTA_BINARY_PACKED does not apply to %s", type_name(type));
    }
    if (count == 0 && len == 0) {
        if (consumed != NULL) {
            *consumed = 0;
        }
        return SG_OK;
    }
    delta_reader r;
    int rc = delta_open(&r, in, len, 0, type == SGP_PQ_INT32 ? 32 : 64, count, false,
                        "DELTA_BINARY_PACKED", msg);
    if (rc != SG_OK) {
        return rc;
    }
    size_t i = 0;
    while (i < count) {
        rc = delta_refill(&r, msg);
        if (rc != SG_OK) {
            return rc;
        }
        if (type == SGP_PQ_INT32) {
            int32_t *o = out;
            for (size_t k = 0; k < r.buf_len; k++) {
                o[i + k] = as_int32((uint32_t)r.buf[k]);
            }
        } else {
            int64_t *o = out;
            for (size_t k = 0; k < r.buf_len; k++) {
                o[i + k] = as_int64(r.buf[k]);
            }
        }
        i += r.buf_len;
    }
    if (consumed != NULL) {
        *consumed = r.end;
    }
    return SG_OK;
}

/* The next length of an INT32 length stream: a value in 0..INT32_MAX. */
static int next_length(delta_reader *r, size_t index, uint32_t *out, char *msg) {
    uint64_t v = 0;
    int rc = delta_next(r, &v, msg);
    if (rc != SG_OK) {
        return rc;
    }
    int32_t n = as_int32((uint32_t)v);
    if (n < 0) {
        return fail(msg, SG_EINVALID, "%s: value %zu has length %" PRId32, r->what, index, n);
    }
    *out = (uint32_t)n;
    return SG_OK;
}

/*
 * Walks a length stream of count values (storing each in out[i].len unless out is NULL),
 * checking that their sum fits the bytes after the stream; gives the stream's end and the sum.
 */
static int walk_lengths(const uint8_t *in, size_t len, size_t base, size_t count, const char *what,
                        sgp_pq_span *out, size_t *stream_end, size_t *sum_out, char *msg) {
    delta_reader r;
    int rc = delta_open(&r, in, len, base, 32, count, true, what, msg);
    if (rc != SG_OK) {
        return rc;
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < count; i++) {
        uint32_t n = 0;
        rc = next_length(&r, i, &n, msg);
        if (rc != SG_OK) {
            return rc;
        }
        if (out != NULL) {
            out[i].len = n;
        }
        sum += n;
        if (sum > len) { /* stops the sum long before it could wrap */
            return fail(msg, SG_EINVALID,
                        "%s up to value %zu total %" PRIu64 " bytes, more than the %zu there are",
                        what, i, sum, len);
        }
    }
    if (sum > len - r.end) {
        return fail(msg, SG_EINVALID, "%s total %" PRIu64 " bytes but %zu bytes left", what, sum,
                    len - r.end);
    }
    *stream_end = r.end;
    *sum_out = (size_t)sum;
    return SG_OK;
}

int sgp_pq_decode_delta_length(const uint8_t *in, size_t len, size_t count, sgp_pq_span *out,
                               char *msg) {
    if (count == 0) {
        return SG_OK;
    }
    size_t pos = 0, total = 0;
    int rc =
        walk_lengths(in, len, 0, count, "DELTA_LENGTH_BYTE_ARRAY lengths", out, &pos, &total, msg);
    if (rc != SG_OK) {
        return rc;
    }
    for (size_t i = 0; i < count; i++) {
        out[i].ptr = in + pos;
        pos += out[i].len;
    }
    return SG_OK;
}

int sgp_pq_decode_delta_byte_array(const uint8_t *in, size_t len, size_t count, int32_t type_length,
                                   sgp_pq_span *out, sgp_pq_arena *arena, char *msg) {
    if (count == 0) {
        return SG_OK;
    }
    /* Prefix lengths go into out[i].len until the values are built. */
    delta_reader r;
    int rc = delta_open(&r, in, len, 0, 32, count, true, "DELTA_BYTE_ARRAY prefix lengths", msg);
    if (rc != SG_OK) {
        return rc;
    }
    for (size_t i = 0; i < count; i++) {
        rc = next_length(&r, i, &out[i].len, msg);
        if (rc != SG_OK) {
            return rc;
        }
    }
    /* The suffixes follow their length stream, whose end is known only once it is walked. */
    const size_t suffixes = r.end;
    const char *what = "DELTA_BYTE_ARRAY suffix lengths";
    size_t lengths_end = 0, total = 0;
    rc = walk_lengths(in + suffixes, len - suffixes, suffixes, count, what, NULL, &lengths_end,
                      &total, msg);
    if (rc != SG_OK) {
        return rc;
    }
    const uint8_t *data = in + suffixes + lengths_end;
    rc = delta_open(&r, in + suffixes, len - suffixes, suffixes, 32, count, true, what, msg);
    if (rc != SG_OK) {
        return rc;
    }
    /* Values go end to end into the arena; it may move as it grows, so offsets until done. */
    const size_t start = arena->length;
    size_t prev_off = 0, data_pos = 0;
    uint32_t prev_len = 0;
    for (size_t i = 0; i < count; i++) {
        uint32_t suffix = 0;
        rc = next_length(&r, i, &suffix, msg);
        if (rc != SG_OK) {
            break;
        }
        uint32_t prefix = out[i].len;
        if (prefix > prev_len) {
            rc = fail(msg, SG_EINVALID,
                      "DELTA_BYTE_ARRAY value %zu: prefix length %" PRIu32
                      " but the previous value has %" PRIu32 " bytes",
                      i, prefix, prev_len);
            break;
        }
        uint64_t value_len = (uint64_t)prefix + suffix;
        if (type_length > 0 ? value_len != (uint64_t)type_length : value_len > INT32_MAX) {
            rc = fail(msg, SG_EINVALID, "DELTA_BYTE_ARRAY value %zu: length %" PRIu64 "%s", i,
                      value_len, type_length > 0 ? ", not the type length" : " over 2^31-1");
            break;
        }
        size_t off = 0;
        rc = arena_append(arena, (size_t)value_len, &off);
        if (rc == SG_ELIMIT) {
            fail(msg, rc, "DELTA_BYTE_ARRAY value %zu: decoded values exceed the %zu-byte limit", i,
                 arena->limit);
            break;
        }
        if (rc != SG_OK) {
            fail(msg, rc, "DELTA_BYTE_ARRAY value %zu: out of memory", i);
            break;
        }
        if (prefix > 0) {
            memcpy(arena->data + off, arena->data + prev_off, prefix);
        }
        if (suffix > 0) {
            memcpy(arena->data + off + prefix, data + data_pos, suffix);
        }
        data_pos += suffix;
        out[i].len = (uint32_t)value_len;
        prev_off = off;
        prev_len = (uint32_t)value_len;
    }
    if (rc != SG_OK) {
        arena->length = start;
        return rc;
    }
    size_t off = start;
    for (size_t i = 0; i < count; i++) {
        out[i].ptr = arena_at(arena, off);
        off += out[i].len;
    }
    return SG_OK;
}

/* ---- BYTE_STREAM_SPLIT ---- */

/* Gathers byte j of value i from stream j; typed values land in host order. */
static inline __attribute__((always_inline)) void
gather(uint8_t *dst, const uint8_t *in, size_t count, size_t width, bool host_order) {
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < width; j++) {
            size_t k = HOST_BIG_ENDIAN && host_order ? width - 1 - j : j;
            dst[i * width + k] = in[j * count + i];
        }
    }
}

int sgp_pq_decode_byte_stream_split(int32_t type, int32_t type_length, const uint8_t *in,
                                    size_t len, size_t count, void *out, sgp_pq_arena *arena,
                                    char *msg) {
    if (type != SGP_PQ_FLOAT && type != SGP_PQ_DOUBLE && type != SGP_PQ_INT32 &&
        type != SGP_PQ_INT64 && type != SGP_PQ_FIXED_LEN_BYTE_ARRAY) {
        return fail(msg, SG_EINVALID, "BYTE_STREAM_SPLIT does not apply to %s", type_name(type));
    }
    if (type == SGP_PQ_FIXED_LEN_BYTE_ARRAY && type_length <= 0) {
        return fail(msg, SG_EINVALID,
                    "BYTE_STREAM_SPLIT FIXED_LEN_BYTE_ARRAY: type length %" PRId32, type_length);
    }
    size_t width = sgp_pq_value_size(type, type_length);
    if (count > SIZE_MAX / width || width * count != len) {
        return fail(msg, SG_EINVALID, "BYTE_STREAM_SPLIT %s: %zu bytes for %zu values of %zu bytes",
                    type_name(type), len, count, width);
    }
    if (count == 0) {
        return SG_OK;
    }
    switch (type) {
    case SGP_PQ_FLOAT:
    case SGP_PQ_INT32:
        gather(out, in, count, 4, true);
        return SG_OK;
    case SGP_PQ_DOUBLE:
    case SGP_PQ_INT64:
        gather(out, in, count, 8, true);
        return SG_OK;
    default:
        break;
    }
    size_t off = 0;
    int rc = arena_append(arena, len, &off);
    if (rc == SG_ELIMIT) {
        return fail(msg, rc, "BYTE_STREAM_SPLIT: %zu bytes of values exceed the %zu-byte limit",
                    len, arena->limit);
    }
    if (rc != SG_OK) {
        return fail(msg, rc, "BYTE_STREAM_SPLIT: out of memory for %zu bytes", len);
    }
    gather(arena->data + off, in, count, width, false);
    sgp_pq_span *spans = out;
    for (size_t i = 0; i < count; i++) {
        spans[i].ptr = arena->data + off + i * width;
        spans[i].len = (uint32_t)width;
    }
    return SG_OK;
}

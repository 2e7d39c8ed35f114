/* tests/unit/test_parquet_codec.c: page decompression (parquet/codec.c). Pages are compressed
 * here with the same libraries, at sizes from empty to 1 MiB; then wrong page sizes, truncations
 * and bit flips, which must fail cleanly (buffers are allocated at their exact size, so the
 * sanitizer build sees any access beyond them). */
#include <brotli/encode.h>
#include <check.h>
#include <lz4.h>
#include <lz4frame.h>
#include <snappy-c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "parquet/codec.h"
#include "schemagate/common.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A byte string at its exact size (NULL when empty), so that over-reads are out of bounds. */
typedef struct blob {
    uint8_t *p;
    size_t n;
} blob;

static blob blob_of(const void *p, size_t n) {
    blob b = {NULL, n};
    if (n > 0) {
        b.p = malloc(n);
        ck_assert_ptr_nonnull(b.p);
        memcpy(b.p, p, n);
    }
    return b;
}

static blob blob_cat(blob a, blob b) {
    uint8_t *tmp = malloc(a.n + b.n + 1);
    ck_assert_ptr_nonnull(tmp);
    if (a.n > 0) {
        memcpy(tmp, a.p, a.n);
    }
    if (b.n > 0) {
        memcpy(tmp + a.n, b.p, b.n);
    }
    blob c = blob_of(tmp, a.n + b.n);
    free(tmp);
    free(a.p);
    free(b.p);
    return c;
}

static uint32_t xorshift(uint32_t x) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

/* Mixed content: words (compressible), noise (not), runs (very): every codec's paths. */
static blob mixed(size_t n, uint32_t seed) {
    static const char *words[] = {"parquet", "schema", "gate", "column", "row", "group", " ", ","};
    uint8_t *p = malloc(n + 1);
    ck_assert_ptr_nonnull(p);
    uint32_t x = seed * 2654435761u + 1;
    size_t i = 0;
    while (i < n) {
        x = xorshift(x);
        uint32_t segment = x;
        size_t run = 1 + (segment >> 8) % 300;
        const char *w = words[(segment >> 4) % LEN(words)];
        for (size_t k = 0; k < run && i < n; k++) {
            if (segment % 3 == 0) {
                p[i++] = (uint8_t)w[k % strlen(w)];
            } else if (segment % 3 == 1) {
                x = xorshift(x);
                p[i++] = (uint8_t)(x >> 11);
            } else {
                p[i++] = (uint8_t)(segment >> 24);
            }
        }
    }
    blob b = blob_of(p, n);
    free(p);
    return b;
}

/* ---- compressors ---- */

enum {
    K_UNCOMPRESSED,
    K_SNAPPY,
    K_GZIP,
    K_BROTLI,
    K_ZSTD,
    K_ZSTD_NO_SIZE, /* zstd frame without a content size */
    K_LZ4_HADOOP,   /* codec LZ4: one Hadoop frame, one block */
    K_LZ4_HADOOP_2, /* codec LZ4: Hadoop frames split in two sub-blocks, then a second frame */
    K_LZ4_BLOCK,    /* codec LZ4: a raw block (old parquet-cpp) */
    K_LZ4_FRAME,    /* codec LZ4: the LZ4 frame format */
    K_LZ4_RAW,
    K_COUNT
};

static const int32_t kind_codec[K_COUNT] = {
    SGP_PQ_CODEC_UNCOMPRESSED, SGP_PQ_CODEC_SNAPPY, SGP_PQ_CODEC_GZIP,   SGP_PQ_CODEC_BROTLI,
    SGP_PQ_CODEC_ZSTD,         SGP_PQ_CODEC_ZSTD,   SGP_PQ_CODEC_LZ4,    SGP_PQ_CODEC_LZ4,
    SGP_PQ_CODEC_LZ4,          SGP_PQ_CODEC_LZ4,    SGP_PQ_CODEC_LZ4_RAW};

static const char *kind_name[K_COUNT] = {
    "uncompressed", "snappy",      "gzip",      "brotli",    "zstd",   "zstd-no-size",
    "lz4-hadoop",   "lz4-hadoop2", "lz4-block", "lz4-frame", "lz4_raw"};

static blob gzip_of(const uint8_t *p, size_t n, int window_bits) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, (uLong)n) + 64;
    uint8_t *tmp = malloc(cap);
    ck_assert_ptr_nonnull(tmp);
    uint8_t none = 0;
    zs.next_in = n > 0 ? (Bytef *)p : &none;
    zs.avail_in = (uInt)n;
    zs.next_out = tmp;
    zs.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
    blob b = blob_of(tmp, zs.total_out);
    deflateEnd(&zs);
    free(tmp);
    return b;
}

static void put_be32(uint8_t *p, size_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Appends [u32 compressed size][raw LZ4 block of p[0..n)] at *pos. */
static void hadoop_block(uint8_t *dst, size_t *pos, const uint8_t *p, size_t n) {
    int bound = LZ4_compressBound((int)n);
    char none = 0;
    int c = LZ4_compress_default(n > 0 ? (const char *)p : &none, (char *)dst + *pos + 4, (int)n,
                                 bound);
    ck_assert_int_gt(c, 0);
    put_be32(dst + *pos, (size_t)c);
    *pos += 4 + (size_t)c;
}

/* Hadoop framing: frames (one per part) of [u32 size] and `blocks` sub-blocks each. */
static blob lz4_hadoop_of(const uint8_t *p, size_t n, size_t frames, size_t blocks) {
    size_t cap = (size_t)LZ4_compressBound((int)n) + 8 * frames * blocks + 64 + n;
    uint8_t *tmp = malloc(cap);
    ck_assert_ptr_nonnull(tmp);
    size_t pos = 0, done = 0;
    for (size_t f = 0; f < frames; f++) {
        size_t frame_len = f + 1 == frames ? n - done : n / frames;
        put_be32(tmp + pos, frame_len);
        pos += 4;
        size_t frame_done = 0;
        for (size_t b = 0; b < blocks && frame_len > 0; b++) {
            size_t len = b + 1 == blocks ? frame_len - frame_done : frame_len / blocks;
            if (len == 0) {
                continue;
            }
            hadoop_block(tmp, &pos, p + done + frame_done, len);
            frame_done += len;
        }
        done += frame_len;
    }
    blob b = blob_of(tmp, pos);
    free(tmp);
    return b;
}

static blob compress_as(int kind, const uint8_t *p, size_t n) {
    static const uint8_t none[1] = {0};
    const uint8_t *src = n > 0 ? p : none;
    switch (kind) {
    case K_UNCOMPRESSED:
        return blob_of(p, n);
    case K_SNAPPY: {
        size_t cap = snappy_max_compressed_length(n);
        char *tmp = malloc(cap);
        ck_assert_ptr_nonnull(tmp);
        ck_assert_int_eq(snappy_compress((const char *)src, n, tmp, &cap), SNAPPY_OK);
        blob b = blob_of(tmp, cap);
        free(tmp);
        return b;
    }
    case K_GZIP:
        return gzip_of(p, n, 31);
    case K_BROTLI: {
        size_t cap = BrotliEncoderMaxCompressedSize(n) + 64;
        uint8_t *tmp = malloc(cap);
        ck_assert_ptr_nonnull(tmp);
        ck_assert(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, n, src, &cap,
                                        tmp));
        blob b = blob_of(tmp, cap);
        free(tmp);
        return b;
    }
    case K_ZSTD:
    case K_ZSTD_NO_SIZE: {
        size_t cap = ZSTD_compressBound(n);
        uint8_t *tmp = malloc(cap);
        ck_assert_ptr_nonnull(tmp);
        ZSTD_CCtx *cctx = ZSTD_createCCtx();
        ck_assert_ptr_nonnull(cctx);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, kind == K_ZSTD);
        size_t c = ZSTD_compress2(cctx, tmp, cap, src, n);
        ck_assert(!ZSTD_isError(c));
        ZSTD_freeCCtx(cctx);
        if (kind == K_ZSTD_NO_SIZE) {
            ck_assert(ZSTD_getFrameContentSize(tmp, c) == ZSTD_CONTENTSIZE_UNKNOWN);
        }
        blob b = blob_of(tmp, c);
        free(tmp);
        return b;
    }
    case K_LZ4_HADOOP:
        return lz4_hadoop_of(p, n, 1, 1);
    case K_LZ4_HADOOP_2:
        return lz4_hadoop_of(p, n, 2, 2);
    case K_LZ4_BLOCK:
    case K_LZ4_RAW: {
        int cap = LZ4_compressBound((int)n);
        char *tmp = malloc((size_t)cap);
        ck_assert_ptr_nonnull(tmp);
        int c = LZ4_compress_default((const char *)src, tmp, (int)n, cap);
        ck_assert_int_gt(c, 0);
        blob b = blob_of(tmp, (size_t)c);
        free(tmp);
        return b;
    }
    default: {
        LZ4F_preferences_t prefs;
        memset(&prefs, 0, sizeof prefs);
        prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
        size_t cap = LZ4F_compressFrameBound(n, &prefs);
        uint8_t *tmp = malloc(cap);
        ck_assert_ptr_nonnull(tmp);
        size_t c = LZ4F_compressFrame(tmp, cap, src, n, &prefs);
        ck_assert(!LZ4F_isError(c));
        blob b = blob_of(tmp, c);
        free(tmp);
        return b;
    }
    }
}

/* Decompresses into an exact-size buffer; returns the status, and checks the content on SG_OK. */
static int run(int32_t codec, blob in, size_t out_len, const blob *expect, char *msg) {
    uint8_t *out = out_len > 0 ? malloc(out_len) : NULL;
    ck_assert(out_len == 0 || out != NULL);
    msg[0] = '\0';
    int rc = sgp_pq_decompress(codec, in.p, in.n, out, out_len, msg);
    if (rc == SG_OK && expect != NULL) {
        ck_assert_uint_eq(out_len, expect->n);
        ck_assert(out_len == 0 || memcmp(out, expect->p, out_len) == 0);
    }
    if (rc != SG_OK) {
        ck_assert_msg(msg[0] != '\0', "codec %d: error %d without a message", (int)codec, rc);
        ck_assert_uint_lt(strlen(msg), SGP_PQ_MSG);
    }
    free(out);
    return rc;
}

static const size_t sizes[] = {0, 1, 2, 100, 4096, 65536 + 7, 1 << 20};

START_TEST(round_trips) {
    int kind = _i;
    char msg[SGP_PQ_MSG];
    for (size_t s = 0; s < LEN(sizes); s++) {
        blob data = mixed(sizes[s], (uint32_t)(s + 1));
        blob comp = compress_as(kind, data.p, data.n);
        int rc = run(kind_codec[kind], comp, data.n, &data, msg);
        ck_assert_msg(rc == SG_OK, "%s, %zu bytes: %d %s", kind_name[kind], data.n, rc, msg);
        free(comp.p);
        free(data.p);
    }
}
END_TEST

START_TEST(wrong_sizes) {
    int kind = _i;
    char msg[SGP_PQ_MSG];
    static const size_t lens[] = {0, 1, 1000, 70000};
    for (size_t s = 0; s < LEN(lens); s++) {
        blob data = mixed(lens[s], 7);
        blob comp = compress_as(kind, data.p, data.n);
        int rc = run(kind_codec[kind], comp, data.n + 1, NULL, msg);
        ck_assert_msg(rc == SG_EINVALID, "%s, %zu bytes as %zu: %d", kind_name[kind], data.n,
                      data.n + 1, rc);
        if (data.n > 0) {
            rc = run(kind_codec[kind], comp, data.n - 1, NULL, msg);
            ck_assert_msg(rc == SG_EINVALID, "%s, %zu bytes as %zu: %d", kind_name[kind], data.n,
                          data.n - 1, rc);
        }
        free(comp.p);
        free(data.p);
    }
}
END_TEST

START_TEST(truncations_fail) {
    int kind = _i;
    char msg[SGP_PQ_MSG];
    blob data = mixed(3000, 11);
    blob comp = compress_as(kind, data.p, data.n);
    for (size_t cut = 0; cut < comp.n; cut++) {
        blob part = blob_of(comp.p, cut);
        int rc = run(kind_codec[kind], part, data.n, &data, msg);
        ck_assert_msg(rc == SG_EINVALID, "%s cut at %zu of %zu: %d", kind_name[kind], cut, comp.n,
                      rc);
        free(part.p);
    }
    free(comp.p);
    free(data.p);
}
END_TEST

/* Any outcome but a crash: a flipped literal may well decode (to other bytes). */
START_TEST(bit_flips_never_crash) {
    int kind = _i;
    char msg[SGP_PQ_MSG];
    blob data = mixed(2000, 13);
    blob comp = compress_as(kind, data.p, data.n);
    size_t failures = 0;
    for (size_t bit = 0; bit < comp.n * 8; bit++) {
        blob copy = blob_of(comp.p, comp.n);
        copy.p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        int rc = run(kind_codec[kind], copy, data.n, NULL, msg);
        ck_assert(rc == SG_OK || rc == SG_EINVALID);
        failures += rc != SG_OK;
        free(copy.p);
    }
    /* Each flip of a byte to 0xff (huge lengths, offsets, sizes) as well. */
    for (size_t i = 0; i < comp.n; i++) {
        blob copy = blob_of(comp.p, comp.n);
        copy.p[i] = 0xff;
        int rc = run(kind_codec[kind], copy, data.n, NULL, msg);
        ck_assert(rc == SG_OK || rc == SG_EINVALID);
        free(copy.p);
    }
    if (kind != K_UNCOMPRESSED) {
        ck_assert_uint_gt(failures, 0);
    }
    free(comp.p);
    free(data.p);
}
END_TEST

START_TEST(empty_input) {
    char msg[SGP_PQ_MSG];
    static const int32_t codecs[] = {0, 1, 2, 4, 5, 6, 7};
    blob none = {NULL, 0};
    for (size_t i = 0; i < LEN(codecs); i++) {
        ck_assert_int_eq(run(codecs[i], none, 0, &none, msg), SG_OK);
        ck_assert_int_eq(run(codecs[i], none, 5, NULL, msg), SG_EINVALID);
    }
    ck_assert_str_eq(msg, "lz4_raw: empty input, page header says 5 bytes");
}
END_TEST

START_TEST(unsupported_codecs) {
    char msg[SGP_PQ_MSG];
    blob data = mixed(100, 3);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZO, data, 100, NULL, msg), SG_EUNSUPPORTED);
    ck_assert_str_eq(msg, "LZO codec is not supported");
    ck_assert_int_eq(run(8, data, 100, NULL, msg), SG_EUNSUPPORTED);
    ck_assert_str_eq(msg, "unknown codec 8");
    ck_assert_int_eq(run(-1, data, 100, NULL, msg), SG_EUNSUPPORTED);
    ck_assert_str_eq(msg, "unknown codec -1");
    blob none = {NULL, 0};
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZO, none, 0, NULL, msg), SG_EUNSUPPORTED);
    free(data.p);
}
END_TEST

START_TEST(messages) {
    char msg[SGP_PQ_MSG];
    blob data = mixed(1000, 5);
    blob comp = compress_as(K_GZIP, data.p, data.n);
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, comp, 1024, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "gzip: 1000 bytes after decompression, page header says 1024");
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, comp, 999, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "gzip: more than 999 bytes after decompression, page header says 999");
    free(comp.p);
    comp = compress_as(K_SNAPPY, data.p, data.n);
    ck_assert_int_eq(run(SGP_PQ_CODEC_SNAPPY, comp, 1024, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "snappy: stream holds 1000 bytes, page header says 1024");
    comp.p[0] = 0xff; /* a length varint that never ends */
    comp.p[1] = 0xff;
    comp.p[2] = 0xff;
    comp.p[3] = 0xff;
    comp.p[4] = 0xff;
    ck_assert_int_eq(run(SGP_PQ_CODEC_SNAPPY, comp, 1000, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "snappy: corrupt input (bad length prefix)");
    free(comp.p);
    comp = compress_as(K_ZSTD_NO_SIZE, data.p, data.n);
    ck_assert_int_eq(run(SGP_PQ_CODEC_ZSTD, comp, 1001, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "zstd: 1000 bytes after decompression, page header says 1001");
    free(comp.p);
    blob raw = blob_of(data.p, data.n);
    ck_assert_int_eq(run(SGP_PQ_CODEC_UNCOMPRESSED, raw, 1001, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "uncompressed page of 1000 bytes, page header says 1001");
    free(raw.p);
    free(data.p);
}
END_TEST

START_TEST(gzip_members_and_garbage) {
    char msg[SGP_PQ_MSG];
    blob a = mixed(5000, 21), b = mixed(333, 22);
    blob both = blob_cat(blob_of(a.p, a.n), blob_of(b.p, b.n));
    blob two = blob_cat(compress_as(K_GZIP, a.p, a.n), compress_as(K_GZIP, b.p, b.n));
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, two, both.n, &both, msg), SG_OK);
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, two, both.n - 1, NULL, msg), SG_EINVALID);
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, two, both.n + 1, NULL, msg), SG_EINVALID);
    /* An empty member between two others. */
    blob three = blob_cat(compress_as(K_GZIP, a.p, a.n), compress_as(K_GZIP, NULL, 0));
    three = blob_cat(three, compress_as(K_GZIP, b.p, b.n));
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, three, both.n, &both, msg), SG_OK);

    /* Trailing bytes that are not a member. */
    static const uint8_t junk[] = {0x00, 0x1f, 0x8b};
    for (size_t k = 1; k <= LEN(junk); k++) {
        blob tail = blob_cat(compress_as(K_GZIP, a.p, a.n), blob_of(junk, k));
        int rc = run(SGP_PQ_CODEC_GZIP, tail, a.n, &a, msg);
        ck_assert_int_eq(rc, SG_EINVALID);
        free(tail.p);
    }
    blob tail = blob_cat(compress_as(K_GZIP, a.p, a.n), blob_of("x", 1));
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, tail, a.n, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "gzip: 1 bytes of trailing garbage after the stream");
    free(tail.p);

    /* A zlib stream (no gzip header) is accepted too, as other readers do. */
    blob z = gzip_of(a.p, a.n, 15);
    ck_assert_int_eq(run(SGP_PQ_CODEC_GZIP, z, a.n, &a, msg), SG_OK);
    free(z.p);
    free(three.p);
    free(two.p);
    free(both.p);
    free(a.p);
    free(b.p);
}
END_TEST

START_TEST(zstd_frames) {
    char msg[SGP_PQ_MSG];
    blob a = mixed(5000, 31), b = mixed(70000, 32);
    blob both = blob_cat(blob_of(a.p, a.n), blob_of(b.p, b.n));
    blob two = blob_cat(compress_as(K_ZSTD, a.p, a.n), compress_as(K_ZSTD_NO_SIZE, b.p, b.n));
    ck_assert_int_eq(run(SGP_PQ_CODEC_ZSTD, two, both.n, &both, msg), SG_OK);
    ck_assert_int_eq(run(SGP_PQ_CODEC_ZSTD, two, both.n - 1, NULL, msg), SG_EINVALID);
    ck_assert_int_eq(run(SGP_PQ_CODEC_ZSTD, two, both.n + 1, NULL, msg), SG_EINVALID);
    /* A skippable frame (magic 0x184D2A50, length 3) contributes nothing. */
    static const uint8_t skip[] = {0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'};
    blob skipped = blob_cat(blob_of(skip, sizeof skip), compress_as(K_ZSTD, a.p, a.n));
    ck_assert_int_eq(run(SGP_PQ_CODEC_ZSTD, skipped, a.n, &a, msg), SG_OK);
    blob tail = blob_cat(compress_as(K_ZSTD, a.p, a.n), blob_of("xy", 2));
    ck_assert_int_eq(run(SGP_PQ_CODEC_ZSTD, tail, a.n, NULL, msg), SG_EINVALID);
    free(tail.p);
    free(skipped.p);
    free(two.p);
    free(both.p);
    free(a.p);
    free(b.p);
}
END_TEST

START_TEST(brotli_trailing) {
    char msg[SGP_PQ_MSG];
    blob a = mixed(5000, 41);
    blob tail = blob_cat(compress_as(K_BROTLI, a.p, a.n), blob_of("xy", 2));
    ck_assert_int_eq(run(SGP_PQ_CODEC_BROTLI, tail, a.n, NULL, msg), SG_EINVALID);
    ck_assert_str_eq(msg, "brotli: 2 bytes of trailing garbage after the stream");
    free(tail.p);
    free(a.p);
}
END_TEST

START_TEST(lz4_hadoop_framing) {
    char msg[SGP_PQ_MSG];
    blob a = mixed(10000, 51);
    uint8_t *tmp = malloc(2 * (size_t)LZ4_compressBound((int)a.n) + 64);
    ck_assert_ptr_nonnull(tmp);

    /* One frame, two sub-blocks of 6000 and 4000 bytes. */
    size_t pos = 4;
    put_be32(tmp, a.n);
    hadoop_block(tmp, &pos, a.p, 6000);
    hadoop_block(tmp, &pos, a.p + 6000, 4000);
    blob one = blob_of(tmp, pos);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, one, a.n, &a, msg), SG_OK);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, one, a.n + 1, NULL, msg), SG_EINVALID);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, one, a.n - 1, NULL, msg), SG_EINVALID);
    /* One byte more than the frame: a block header cut short. */
    blob longer = blob_cat(blob_of(one.p, one.n), blob_of("\0", 1));
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, longer, a.n, NULL, msg), SG_EINVALID);
    free(longer.p);
    free(one.p);

    /* Two frames of one block each. */
    pos = 0;
    put_be32(tmp + pos, 2500);
    pos += 4;
    hadoop_block(tmp, &pos, a.p, 2500);
    put_be32(tmp + pos, 7500);
    pos += 4;
    hadoop_block(tmp, &pos, a.p + 2500, 7500);
    blob two = blob_of(tmp, pos);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, two, a.n, &a, msg), SG_OK);
    /* A frame whose block holds more than the frame says. */
    put_be32(two.p, 2400);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, two, a.n, NULL, msg), SG_EINVALID);
    free(two.p);

    /* Empty content: Hadoop writes the size alone, Arrow one empty block after it. */
    blob none = {NULL, 0};
    static const uint8_t hadoop_empty[] = {0, 0, 0, 0};
    static const uint8_t arrow_empty[] = {0, 0, 0, 0, 0, 0, 0, 1, 0};
    blob he = blob_of(hadoop_empty, sizeof hadoop_empty);
    blob ae = blob_of(arrow_empty, sizeof arrow_empty);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, he, 0, &none, msg), SG_OK);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, ae, 0, &none, msg), SG_OK);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, ae, 1, NULL, msg), SG_EINVALID);
    /* An empty frame before a full one, in both styles. */
    pos = 0;
    put_be32(tmp, 0);
    pos = 4;
    put_be32(tmp + pos, a.n);
    pos += 4;
    hadoop_block(tmp, &pos, a.p, a.n);
    blob lead = blob_of(tmp, pos);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, lead, a.n, &a, msg), SG_OK);
    blob arrow_lead = blob_cat(blob_of(arrow_empty, sizeof arrow_empty), blob_of(tmp + 4, pos - 4));
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, arrow_lead, a.n, &a, msg), SG_OK);
    free(arrow_lead.p);
    free(lead.p);
    free(he.p);
    free(ae.p);

    /* The raw block fallback, and the same bytes as LZ4_RAW. */
    blob raw = compress_as(K_LZ4_BLOCK, a.p, a.n);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, raw, a.n, &a, msg), SG_OK);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4_RAW, raw, a.n, &a, msg), SG_OK);
    /* LZ4_RAW never reads Hadoop framing. */
    blob framed = compress_as(K_LZ4_HADOOP, a.p, a.n);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4_RAW, framed, a.n, NULL, msg), SG_EINVALID);
    free(framed.p);
    free(raw.p);

    /* Two LZ4 frames back to back. */
    blob frames = blob_cat(compress_as(K_LZ4_FRAME, a.p, 4000),
                           compress_as(K_LZ4_FRAME, a.p + 4000, a.n - 4000));
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, frames, a.n, &a, msg), SG_OK);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, frames, a.n + 1, NULL, msg), SG_EINVALID);
    ck_assert_int_eq(run(SGP_PQ_CODEC_LZ4, frames, a.n - 1, NULL, msg), SG_EINVALID);
    free(frames.p);
    free(tmp);
    free(a.p);
}
END_TEST

START_TEST(null_buffers) {
    char msg[SGP_PQ_MSG];
    uint8_t byte = 0;
    ck_assert_int_eq(sgp_pq_decompress(SGP_PQ_CODEC_SNAPPY, NULL, 3, &byte, 1, msg), SG_EUSAGE);
    ck_assert_int_eq(sgp_pq_decompress(SGP_PQ_CODEC_SNAPPY, &byte, 1, NULL, 3, msg), SG_EUSAGE);
    /* Empty content from a non-empty stream into no buffer at all. */
    blob none = {NULL, 0};
    for (int kind = K_SNAPPY; kind < K_COUNT; kind++) {
        blob comp = compress_as(kind, NULL, 0);
        int rc = run(kind_codec[kind], comp, 0, &none, msg);
        ck_assert_msg(rc == SG_OK, "%s: %s", kind_name[kind], msg);
        free(comp.p);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("parquet_codec");
    TCase *tc = tcase_create("parquet_codec");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, round_trips, 0, K_COUNT);
    tcase_add_loop_test(tc, wrong_sizes, 0, K_COUNT);
    tcase_add_loop_test(tc, truncations_fail, 0, K_COUNT);
    tcase_add_loop_test(tc, bit_flips_never_crash, 0, K_COUNT);
    tcase_add_test(tc, empty_input);
    tcase_add_test(tc, unsupported_codecs);
    tcase_add_test(tc, messages);
    tcase_add_test(tc, gzip_members_and_garbage);
    tcase_add_test(tc, zstd_frames);
    tcase_add_test(tc, brotli_trailing);
    tcase_add_test(tc, lz4_hadoop_framing);
    tcase_add_test(tc, null_buffers);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

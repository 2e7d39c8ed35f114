/*
 * parquet/codec.c: page decompression (see codec.h). Every codec writes only into
 * out[0..out_len) and proves the exact size: when the output buffer is full but the stream has
 * not ended, the decoder is given a small spill buffer, and any byte landing there means the page
 * holds more than its header says. Libraries that take int or uInt sizes get checked or chunked
 * sizes, never a silently truncated size_t.
 */
#include "parquet/codec.h"

#define ZLIB_CONST /* next_in is const: the input is never written */

#include <brotli/decode.h>
#include <limits.h>
#include <lz4.h>
#include <lz4frame.h>
#include <snappy-c.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "schemagate/common.h"
#include "util/util.h"

/* Large enough to see that more output is coming, small enough for the stack. */
#define SPILL_SIZE 64

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

static int size_mismatch(char *msg, const char *codec, size_t got, size_t want) {
    return fail(msg, SG_EINVALID, "%s: %zu bytes after decompression, page header says %zu", codec,
                got, want);
}

static int too_much(char *msg, const char *codec, size_t want) {
    return fail(msg, SG_EINVALID,
                "%s: more than %zu bytes after decompression, page header says %zu", codec, want,
                want);
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* ---- snappy ---- */

static int snappy_page(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *msg) {
    size_t stated = 0;
    if (snappy_uncompressed_length((const char *)in, in_len, &stated) != SNAPPY_OK) {
        return fail(msg, SG_EINVALID, "snappy: corrupt input (bad length prefix)");
    }
    if (stated != out_len) {
        return fail(msg, SG_EINVALID, "snappy: stream holds %zu bytes, page header says %zu",
                    stated, out_len);
    }
    /* snappy may not accept a NULL destination even for empty content. */
    char empty[1];
    char *dst = out_len > 0 ? (char *)out : empty;
    size_t dst_len = out_len;
    if (snappy_uncompress((const char *)in, in_len, dst, &dst_len) != SNAPPY_OK) {
        return fail(msg, SG_EINVALID, "snappy: corrupt input");
    }
    if (dst_len != out_len) {
        return size_mismatch(msg, "snappy", dst_len, out_len);
    }
    return SG_OK;
}

/* ---- gzip (one or more members; zlib streams are accepted too, through windowBits + 32) ---- */

static int gzip_page(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *msg) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int zrc = inflateInit2(&zs, 15 + 32);
    if (zrc != Z_OK) {
        return fail(msg, zrc == Z_MEM_ERROR ? SG_ENOMEM : SG_EINTERNAL,
                    "gzip: cannot start zlib (%d)", zrc);
    }
    uint8_t spill[SPILL_SIZE];
    size_t in_pos = 0, out_pos = 0;
    int rc = SG_OK;
    for (;;) {
        /* Positions live here, not in zs, so that sizes beyond uInt are fed in chunks. */
        size_t in_chunk = in_len - in_pos < UINT_MAX ? in_len - in_pos : UINT_MAX;
        bool spilling = out_pos == out_len;
        size_t out_chunk = sizeof spill;
        if (!spilling) {
            out_chunk = out_len - out_pos < UINT_MAX ? out_len - out_pos : UINT_MAX;
        }
        zs.next_in = in + in_pos;
        zs.avail_in = (uInt)in_chunk;
        zs.next_out = spilling ? spill : out + out_pos;
        zs.avail_out = (uInt)out_chunk;
        zrc = inflate(&zs, Z_NO_FLUSH);
        size_t consumed = in_chunk - zs.avail_in;
        size_t produced = out_chunk - zs.avail_out;
        in_pos += consumed;
        if (spilling && produced > 0) {
            rc = too_much(msg, "gzip", out_len);
            break;
        }
        if (!spilling) {
            out_pos += produced;
        }
        if (zrc == Z_STREAM_END) {
            if (in_pos == in_len) {
                if (out_pos != out_len) {
                    rc = size_mismatch(msg, "gzip", out_pos, out_len);
                }
                break;
            }
            /* Another member may follow (concatenated gzip); anything else is garbage. */
            if (in_len - in_pos < 2 || in[in_pos] != 0x1f || in[in_pos + 1] != 0x8b) {
                rc = fail(msg, SG_EINVALID, "gzip: %zu bytes of trailing garbage after the stream",
                          in_len - in_pos);
                break;
            }
            inflateReset(&zs);
            continue;
        }
        if (zrc == Z_OK && (consumed > 0 || produced > 0)) {
            continue;
        }
        if ((zrc == Z_OK || zrc == Z_BUF_ERROR) && in_pos == in_len) {
            rc =
                fail(msg, SG_EINVALID, "gzip: truncated stream after %zu bytes of output", out_pos);
        } else if (zrc == Z_MEM_ERROR) {
            rc = fail(msg, SG_ENOMEM, "gzip: out of memory");
        } else if (zrc == Z_NEED_DICT) {
            rc = fail(msg, SG_EINVALID, "gzip: stream needs a preset dictionary");
        } else if (zrc == Z_DATA_ERROR) {
            rc = fail(msg, SG_EINVALID, "gzip: corrupt input (%s)",
                      zs.msg != NULL ? zs.msg : "data error");
        } else {
            rc = fail(msg, SG_EINVALID, "gzip: decompression stalled (zlib %d)", zrc);
        }
        break;
    }
    inflateEnd(&zs);
    return rc;
}

/* ---- brotli ---- */

static int brotli_page(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *msg) {
    BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
    if (st == NULL) {
        return fail(msg, SG_ENOMEM, "brotli: out of memory");
    }
    uint8_t spill[SPILL_SIZE];
    const uint8_t *next_in = in;
    size_t avail_in = in_len;
    size_t out_pos = 0;
    int rc = SG_OK;
    for (;;) {
        bool spilling = out_pos == out_len;
        uint8_t *next_out = spilling ? spill : out + out_pos;
        size_t out_chunk = spilling ? sizeof spill : out_len - out_pos;
        size_t avail_out = out_chunk;
        size_t before_in = avail_in;
        BrotliDecoderResult r =
            BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out, NULL);
        size_t produced = out_chunk - avail_out;
        if (spilling && produced > 0) {
            rc = too_much(msg, "brotli", out_len);
            break;
        }
        if (!spilling) {
            out_pos += produced;
        }
        if (r == BROTLI_DECODER_RESULT_SUCCESS) {
            if (avail_in > 0) {
                rc = fail(msg, SG_EINVALID,
                          "brotli: %zu bytes of trailing garbage after the stream", avail_in);
            } else if (out_pos != out_len) {
                rc = size_mismatch(msg, "brotli", out_pos, out_len);
            }
            break;
        }
        if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
            rc = fail(msg, SG_EINVALID, "brotli: truncated stream after %zu bytes of output",
                      out_pos);
            break;
        }
        if (r == BROTLI_DECODER_RESULT_ERROR) {
            BrotliDecoderErrorCode code = BrotliDecoderGetErrorCode(st);
            bool alloc = code <= BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES &&
                         code >= BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES;
            rc = fail(msg, alloc ? SG_ENOMEM : SG_EINVALID, "brotli: corrupt input (%s)",
                      BrotliDecoderErrorString(code));
            break;
        }
        /* NEEDS_MORE_OUTPUT: loop, into the spill buffer once out is full. Output space is never
         * zero, so a call that neither reads nor writes would loop forever: it ends the page. */
        if (produced == 0 && avail_in == before_in) {
            rc = fail(msg, SG_EINVALID, "brotli: decompression stalled");
            break;
        }
    }
    BrotliDecoderDestroyInstance(st);
    return rc;
}

/* ---- zstd (one or more frames, with or without a content size) ---- */

static int zstd_page(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *msg) {
    /* One-shot decompression writes straight into out, so a frame's window size (up to 128 MiB
     * by the header alone) never turns into an allocation. */
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    if (dctx == NULL) {
        return fail(msg, SG_ENOMEM, "zstd: out of memory");
    }
    uint8_t empty[1];
    size_t r = ZSTD_decompressDCtx(dctx, out_len > 0 ? out : empty, out_len, in, in_len);
    ZSTD_freeDCtx(dctx);
    if (ZSTD_isError(r)) {
        switch (ZSTD_getErrorCode(r)) {
        case ZSTD_error_dstSize_tooSmall:
            return too_much(msg, "zstd", out_len);
        case ZSTD_error_memory_allocation:
            return fail(msg, SG_ENOMEM, "zstd: out of memory");
        default:
            return fail(msg, SG_EINVALID, "zstd: corrupt input (%s)", ZSTD_getErrorName(r));
        }
    }
    if (r != out_len) {
        return size_mismatch(msg, "zstd", r, out_len);
    }
    return SG_OK;
}

/* ---- LZ4: raw blocks, the Hadoop framing and the LZ4 frame format ---- */

/* One raw block into exactly out_len bytes; reason gets why not. */
static bool lz4_block(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *reason,
                      size_t reason_size) {
    if (in_len > INT_MAX || out_len > INT_MAX) {
        snprintf(reason, reason_size, "a block beyond 2 GiB");
        return false;
    }
    char empty[1];
    int n = LZ4_decompress_safe((const char *)in, out_len > 0 ? (char *)out : empty, (int)in_len,
                                (int)out_len);
    if (n < 0) {
        snprintf(reason, reason_size, "corrupt block, or more than %zu bytes", out_len);
        return false;
    }
    if ((size_t)n != out_len) {
        snprintf(reason, reason_size, "%d bytes after decompression, page header says %zu", n,
                 out_len);
        return false;
    }
    return true;
}

/*
 * Hadoop's BlockCompressorStream: frames of [u32 BE uncompressed size] followed by sub-blocks of
 * [u32 BE compressed size][raw LZ4 block] until the frame's uncompressed size is reached. An empty
 * frame is ambiguous: Hadoop writes the size alone, Arrow writes the size and one block holding
 * nothing; empty_has_block picks the reading, *saw_empty says whether it mattered. True only when
 * the frames cover the input exactly and produce exactly out_len bytes. *plausible says the frame
 * headers made sense up to a block, which decides whose reason a failure reports.
 */
static bool lz4_hadoop(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
                       bool empty_has_block, bool *saw_empty, bool *plausible, char *reason,
                       size_t reason_size) {
    size_t in_pos = 0, out_pos = 0;
    while (in_pos < in_len) {
        if (in_len - in_pos < 4) {
            snprintf(reason, reason_size, "Hadoop frame header cut short");
            return false;
        }
        size_t frame_left = be32(in + in_pos);
        in_pos += 4;
        if (frame_left > out_len - out_pos) {
            snprintf(reason, reason_size, "Hadoop frame of %zu bytes exceeds the page's %zu",
                     frame_left, out_len);
            return false;
        }
        bool block_due = false;
        if (frame_left == 0) {
            *saw_empty = true;
            block_due = empty_has_block;
        }
        while (frame_left > 0 || block_due) {
            block_due = false;
            if (in_len - in_pos < 4) {
                snprintf(reason, reason_size, "Hadoop block header cut short");
                return false;
            }
            size_t block_len = be32(in + in_pos);
            in_pos += 4;
            if (block_len > in_len - in_pos || block_len > INT_MAX) {
                snprintf(reason, reason_size,
                         "Hadoop block of %zu bytes, only %zu bytes of input left", block_len,
                         in_len - in_pos);
                return false;
            }
            *plausible = true;
            char empty[1];
            char *dst = frame_left > 0 ? (char *)(out + out_pos) : empty;
            int cap = frame_left > INT_MAX ? INT_MAX : (int)frame_left;
            int n = LZ4_decompress_safe((const char *)(in + in_pos), dst, (int)block_len, cap);
            if (n < 0) {
                snprintf(reason, reason_size, "corrupt LZ4 block in Hadoop frame");
                return false;
            }
            in_pos += block_len;
            out_pos += (size_t)n;
            frame_left -= (size_t)n;
        }
    }
    if (out_pos != out_len) {
        snprintf(reason, reason_size, "%zu bytes after decompression, page header says %zu",
                 out_pos, out_len);
        return false;
    }
    return true;
}

#define LZ4F_MAGIC 0x184D2204u

static bool lz4_frame_magic(const uint8_t *in, size_t in_len) {
    return in_len >= 4 && ((uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 |
                           (uint32_t)in[3] << 24) == LZ4F_MAGIC;
}

/* The LZ4 frame format (one or more frames), as some early writers used. */
static int lz4_frames(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *msg) {
    LZ4F_dctx *dctx = NULL;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)) || dctx == NULL) {
        return fail(msg, SG_ENOMEM, "lz4: out of memory");
    }
    uint8_t spill[SPILL_SIZE];
    size_t in_pos = 0, out_pos = 0;
    int rc = SG_OK;
    for (;;) {
        bool spilling = out_pos == out_len;
        size_t dst_len = spilling ? sizeof spill : out_len - out_pos;
        size_t src_len = in_len - in_pos;
        size_t hint = LZ4F_decompress(dctx, spilling ? spill : out + out_pos, &dst_len, in + in_pos,
                                      &src_len, NULL);
        if (LZ4F_isError(hint)) {
            rc = fail(msg, SG_EINVALID, "lz4: corrupt frame (%s)", LZ4F_getErrorName(hint));
            break;
        }
        in_pos += src_len;
        if (spilling && dst_len > 0) {
            rc = too_much(msg, "lz4", out_len);
            break;
        }
        if (!spilling) {
            out_pos += dst_len;
        }
        if (hint == 0 && in_pos == in_len) {
            if (out_pos != out_len) {
                rc = size_mismatch(msg, "lz4", out_pos, out_len);
            }
            break;
        }
        /* At the end of the input the frame may still flush buffered output; a call that
         * neither reads nor writes means it never will. */
        if (src_len == 0 && dst_len == 0) {
            if (in_pos == in_len) {
                rc = fail(msg, SG_EINVALID, "lz4: truncated frame after %zu bytes of output",
                          out_pos);
            } else {
                rc = fail(msg, SG_EINVALID, "lz4: frame decompression stalled");
            }
            break;
        }
        /* hint 0 with input left: the next frame starts; LZ4F refuses anything that is not. */
    }
    LZ4F_freeDecompressionContext(dctx);
    return rc;
}

static int lz4_page(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *msg) {
    char hadoop_reason[96] = "", raw_reason[96] = "";
    bool plausible = false, saw_empty = false;
    if (lz4_hadoop(in, in_len, out, out_len, true, &saw_empty, &plausible, hadoop_reason,
                   sizeof hadoop_reason)) {
        return SG_OK;
    }
    if (saw_empty && lz4_hadoop(in, in_len, out, out_len, false, &saw_empty, &plausible,
                                hadoop_reason, sizeof hadoop_reason)) {
        return SG_OK;
    }
    if (lz4_frame_magic(in, in_len)) {
        return lz4_frames(in, in_len, out, out_len, msg);
    }
    if (lz4_block(in, in_len, out, out_len, raw_reason, sizeof raw_reason)) {
        return SG_OK;
    }
    if (plausible) {
        return fail(msg, SG_EINVALID, "lz4: %s (nor is it a raw block)", hadoop_reason);
    }
    return fail(msg, SG_EINVALID, "lz4: not Hadoop-framed, and as a raw block: %s", raw_reason);
}

static int lz4_raw_page(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, char *msg) {
    char reason[96] = "";
    if (lz4_block(in, in_len, out, out_len, reason, sizeof reason)) {
        return SG_OK;
    }
    return fail(msg, SG_EINVALID, "lz4_raw: %s", reason);
}

/* ---- dispatch ---- */

static const char *codec_name(int32_t codec) {
    switch (codec) {
    case SGP_PQ_CODEC_SNAPPY:
        return "snappy";
    case SGP_PQ_CODEC_GZIP:
        return "gzip";
    case SGP_PQ_CODEC_BROTLI:
        return "brotli";
    case SGP_PQ_CODEC_LZ4:
        return "lz4";
    case SGP_PQ_CODEC_ZSTD:
        return "zstd";
    case SGP_PQ_CODEC_LZ4_RAW:
        return "lz4_raw";
    default:
        return "uncompressed";
    }
}

int sgp_pq_decompress(int32_t codec, const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
                      char *msg) {
    if (msg != NULL) {
        msg[0] = '\0';
    }
    if (codec == SGP_PQ_CODEC_LZO) {
        return fail(msg, SG_EUNSUPPORTED, "LZO codec is not supported");
    }
    if (codec < SGP_PQ_CODEC_UNCOMPRESSED || codec > SGP_PQ_CODEC_LZ4_RAW) {
        return fail(msg, SG_EUNSUPPORTED, "unknown codec %d", (int)codec);
    }
    if ((in == NULL && in_len > 0) || (out == NULL && out_len > 0)) {
        return fail(msg, SG_EUSAGE, "%s: NULL buffer", codec_name(codec));
    }
    if (codec == SGP_PQ_CODEC_UNCOMPRESSED) {
        if (in_len != out_len) {
            return fail(msg, SG_EINVALID, "uncompressed page of %zu bytes, page header says %zu",
                        in_len, out_len);
        }
        if (out_len > 0) {
            memcpy(out, in, out_len);
        }
        return SG_OK;
    }
    /* No bytes stand for no content whatever the codec; an empty input cannot hold more. */
    if (in_len == 0) {
        if (out_len == 0) {
            return SG_OK;
        }
        return fail(msg, SG_EINVALID, "%s: empty input, page header says %zu bytes",
                    codec_name(codec), out_len);
    }
    switch (codec) {
    case SGP_PQ_CODEC_SNAPPY:
        return snappy_page(in, in_len, out, out_len, msg);
    case SGP_PQ_CODEC_GZIP:
        return gzip_page(in, in_len, out, out_len, msg);
    case SGP_PQ_CODEC_BROTLI:
        return brotli_page(in, in_len, out, out_len, msg);
    case SGP_PQ_CODEC_ZSTD:
        return zstd_page(in, in_len, out, out_len, msg);
    case SGP_PQ_CODEC_LZ4:
        return lz4_page(in, in_len, out, out_len, msg);
    default:
        return lz4_raw_page(in, in_len, out, out_len, msg);
    }
}

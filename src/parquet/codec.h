/*
 * parquet/codec.h: page decompression for every Parquet codec, through the Debian libraries
 * (zlib, snappy, zstd, lz4, brotli). The output size is known from the page header and must be
 * met exactly; a codec that produces more or fewer bytes is a corrupt page.
 */
#ifndef SG_PARQUET_CODEC_H
#define SG_PARQUET_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* Codec ids of the format (CompressionCodec). */
enum {
    SGP_PQ_CODEC_UNCOMPRESSED = 0,
    SGP_PQ_CODEC_SNAPPY = 1,
    SGP_PQ_CODEC_GZIP = 2,
    SGP_PQ_CODEC_LZO = 3,
    SGP_PQ_CODEC_BROTLI = 4,
    SGP_PQ_CODEC_LZ4 = 5, /* Hadoop framing, or a raw block from old parquet-cpp */
    SGP_PQ_CODEC_ZSTD = 6,
    SGP_PQ_CODEC_LZ4_RAW = 7,
};

/* Size of the message buffers the decoders of this folder fill. */
#define SGP_PQ_MSG 160

/*
 * Decompresses in[0..in_len) into exactly out_len bytes at out. Returns SG_OK, SG_EUNSUPPORTED
 * for LZO and unknown codec ids, SG_EINVALID when the input is corrupt or does not decompress to
 * exactly out_len bytes, SG_ENOMEM; msg (SGP_PQ_MSG bytes) says why, e.g. "snappy: corrupt
 * input" or "gzip: 812 bytes after decompression, page header says 1024".
 */
int sgp_pq_decompress(int32_t codec, const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
                      char *msg);

#endif

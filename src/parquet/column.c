/*
 * parquet/column.c: the page walk of one column chunk (see column.h): locating the chunk,
 * reading page headers and bodies through a bounded read-ahead window, CRC checks, codecs, the
 * dictionary page, levels and values of v1 and v2 data pages.
 */
#include "parquet/column.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "parquet/codec.h"
#include "parquet/page.h"
#include "util/limits.h"
#include "util/util.h"

struct sgp_pq_column {
    sgp_pq_source *src;
    const sgp_pq_file_meta *meta;
    const sgp_pq_leaf *leaf;
    const sgp_pq_column_meta *cm;
    size_t row_group;
    uint64_t pos, end; /* file offsets: next page header, end of the chunk */
    int64_t levels_read;
    int64_t page_index;
    uint32_t last_def; /* definition level of the previous page's last entry */
    bool data_seen;    /* a data page was read (a dictionary must come first) */

    uint8_t *window; /* read-ahead bytes [window_offset, window_offset + window_length) */
    size_t window_cap, window_length;
    uint64_t window_offset;

    uint8_t *page; /* decompressed page body */
    size_t page_cap;

    uint8_t *dict_bytes; /* decompressed dictionary page, which dict_values point into */
    void *dict_values;
    size_t dict_bytes_cap, dict_values_cap; /* bytes */
    size_t dict_count;
    bool has_dict;

    bool indices_only; /* dictionary-encoded pages: leave values unmaterialised */

    uint32_t *def, *rep, *indices;
    size_t def_cap, rep_cap, indices_cap;
    void *values;
    size_t values_cap; /* bytes */
    sgp_pq_arena arena;
};

/* Fills err for column c: err->path is the column, the message "row group R, page N at offset
 * X: why" (the page part once pages are being read). */
static int fail(sgp_pq_column *c, sg_error *err, int code, const char *fmt, ...) SGP_PRINTF(4, 5);
static int fail(sgp_pq_column *c, sg_error *err, int code, const char *fmt, ...) {
    char message[SG_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (c->page_index >= 0) {
        sgp_error(err, code, c->src->name, c->leaf->path, 0, 0,
                  "row group %zu, page %lld at offset %llu: %s", c->row_group,
                  (long long)c->page_index, (unsigned long long)c->pos, message);
    } else {
        sgp_error(err, code, c->src->name, c->leaf->path, 0, 0, "row group %zu: %s", c->row_group,
                  message);
    }
    if (err != NULL) {
        err->row_group = (int64_t)c->row_group;
    }
    return code;
}

/* Size of one element of the value arrays of a physical type: the value itself for the
 * fixed-width numbers, a span for the byte types. */
static size_t element_size(int32_t type) {
    bool number = type == SGP_PQ_BOOLEAN || type == SGP_PQ_INT32 || type == SGP_PQ_INT64 ||
                  type == SGP_PQ_FLOAT || type == SGP_PQ_DOUBLE;
    return number ? sgp_pq_value_size(type, 0) : sizeof(sgp_pq_span);
}

/* Fewest bits a PLAIN value of the type takes: bounds value counts by the bytes present. */
static uint64_t min_plain_bits(const sgp_pq_leaf *leaf) {
    switch (leaf->physical) {
    case SGP_PQ_BOOLEAN:
        return 1;
    case SGP_PQ_INT64:
    case SGP_PQ_DOUBLE:
        return 64;
    case SGP_PQ_INT96:
        return 96;
    case SGP_PQ_FIXED_LEN_BYTE_ARRAY:
        return 8u * (uint64_t)leaf->type_length;
    default:
        return 32;
    }
}

/*
 * parquet-mr before 1.2.9 left the dictionary page out of total_compressed_size, so the chunk
 * seems up to a page header too short (PARQUET-816; Arrow pads such chunks by 100 bytes).
 */
static bool short_chunk_writer(const char *created_by) {
    int major = 0, minor = 0, patch = 0;
    if (created_by == NULL || strncmp(created_by, "parquet-mr", 10) != 0) {
        return false;
    }
    /* Without a version (the oldest writers wrote just "parquet-mr") it is one of them. */
    if (sscanf(created_by, "parquet-mr version %d.%d.%d", &major, &minor, &patch) != 3) {
        return true;
    }
    return major < 1 || (major == 1 && (minor < 2 || (minor == 2 && patch < 9)));
}

/* Points c at chunk `column` of row group `row_group`, its buffers kept; on failure c is left
 * pointing at no chunk (reading from it fails). */
static int target(sgp_pq_column *c, const sgp_pq_leaf *leaf, size_t row_group, size_t column,
                  sg_error *err) {
    const sgp_pq_file_meta *meta = c->meta;
    c->leaf = leaf;
    c->cm = NULL;
    c->row_group = row_group;
    c->pos = c->end = 0;
    c->levels_read = 0;
    c->page_index = -1;
    c->data_seen = false;
    c->has_dict = false;
    c->dict_count = 0;
    /* The window holds bytes of the same file, but chunks are seldom adjacent: start afresh. */
    c->window_length = 0;
    c->window_offset = 0;
    sgp_pq_arena_reset(&c->arena);
    if (row_group >= meta->n_row_groups || column >= meta->row_groups[row_group].n_columns) {
        return fail(c, err, SG_EINVALID, "no column chunk %zu in this row group", column);
    }
    const sgp_pq_column_chunk *chunk = &meta->row_groups[row_group].columns[column];
    if (chunk->encrypted) {
        return fail(c, err, SG_EUNSUPPORTED,
                    "the column is encrypted; encrypted Parquet is not "
                    "supported");
    }
    if (chunk->file_path != NULL) {
        return fail(c, err, SG_EUNSUPPORTED, "the chunk is stored in another file (%s)",
                    chunk->file_path);
    }
    if (!chunk->has_meta) {
        return fail(c, err, SG_EINVALID, "the column chunk has no metadata");
    }
    if (chunk->meta.type != leaf->physical) {
        return fail(c, err, SG_EINVALID, "the chunk says %s, the schema %s",
                    sgp_pq_type_name(chunk->meta.type), sgp_pq_type_name(leaf->physical));
    }
    const sgp_pq_column_meta *cm = &chunk->meta;
    /* The chunk starts at its dictionary page when there is one; the offset field is only a
     * hint (some writers set 0, old parquet-mr never set it), pages are told by their type. */
    int64_t start = cm->data_page_offset;
    if (cm->has_dictionary_page_offset && cm->dictionary_page_offset > 0 &&
        cm->dictionary_page_offset < start) {
        start = cm->dictionary_page_offset;
    }
    uint64_t limit =
        c->src->size >= 8u + meta->metadata_length ? c->src->size - 8u - meta->metadata_length : 0;
    uint64_t end = (uint64_t)start + (uint64_t)cm->total_compressed_size;
    if (start < 0 || cm->total_compressed_size < 0 || (uint64_t)start > limit ||
        end < (uint64_t)start || end > limit) {
        return fail(c, err, SG_EINVALID,
                    "the chunk (offset %lld, %lld bytes) is not inside the file's data",
                    (long long)start, (long long)cm->total_compressed_size);
    }
    if (short_chunk_writer(meta->created_by)) {
        end = end + 100 < limit ? end + 100 : limit;
    }
    c->cm = cm;
    c->pos = (uint64_t)start;
    c->end = end;
    return SG_OK;
}

int sgp_pq_column_open(sgp_pq_column **out, sgp_pq_source *src, const sgp_pq_file_meta *meta,
                       const sgp_pq_leaf *leaf, size_t row_group, size_t column, sg_error *err) {
    *out = NULL;
    sgp_pq_column *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return sgp_error_nomem(err);
    }
    c->src = src;
    c->meta = meta;
    sgp_pq_arena_init(&c->arena, SG_PQ_MAX_PAGE_BYTES);
    int rc = target(c, leaf, row_group, column, err);
    if (rc != SG_OK) {
        sgp_pq_column_free(c);
        return rc;
    }
    *out = c;
    return SG_OK;
}

int sgp_pq_column_reopen(sgp_pq_column *c, const sgp_pq_leaf *leaf, size_t row_group, size_t column,
                         sg_error *err) {
    return target(c, leaf, row_group, column, err);
}

void sgp_pq_column_free(sgp_pq_column *c) {
    if (c == NULL) {
        return;
    }
    free(c->window);
    free(c->page);
    free(c->dict_bytes);
    free(c->dict_values);
    free(c->def);
    free(c->rep);
    free(c->indices);
    free(c->values);
    sgp_pq_arena_free(&c->arena);
    free(c);
}

/* Makes bytes [offset, offset + length) of the chunk available; *out points at them until the
 * next call. The window reads ahead so that small pages cost one read per window. */
static int fetch(sgp_pq_column *c, uint64_t offset, size_t length, const uint8_t **out,
                 sg_error *err) {
    if (offset >= c->window_offset && offset - c->window_offset <= c->window_length &&
        length <= c->window_length - (offset - c->window_offset)) {
        *out = c->window + (offset - c->window_offset);
        return SG_OK;
    }
    size_t want = length;
    if (want < SG_PQ_READ_AHEAD) {
        uint64_t left = c->end - offset;
        want = left < SG_PQ_READ_AHEAD ? (size_t)left : SG_PQ_READ_AHEAD;
        if (want < length) {
            want = length;
        }
    }
    if (want > c->window_cap) {
        uint8_t *bigger = realloc(c->window, want);
        if (bigger == NULL) {
            return sgp_error_nomem(err);
        }
        c->window = bigger;
        c->window_cap = want;
    }
    c->window_length = 0;
    int rc = sgp_pq_source_read_at(c->src, offset, want, c->window, err);
    if (rc != SG_OK) {
        return rc;
    }
    c->window_offset = offset;
    c->window_length = want;
    *out = c->window;
    return SG_OK;
}

static int grow(void **buf, size_t *cap, size_t need, sg_error *err) {
    if (need <= *cap) {
        return SG_OK;
    }
    void *bigger = realloc(*buf, need);
    if (bigger == NULL) {
        return sgp_error_nomem(err);
    }
    *buf = bigger;
    *cap = need;
    return SG_OK;
}

/* Reads and decodes the page header at c->pos. */
static int read_header(sgp_pq_column *c, sgp_pq_page_header *h, size_t *header_length,
                       sg_error *err) {
    uint64_t left = c->end - c->pos;
    size_t most = left < SG_PQ_MAX_PAGE_HEADER_BYTES ? (size_t)left : SG_PQ_MAX_PAGE_HEADER_BYTES;
    size_t try_length = most < 4096 ? most : 4096;
    char msg[SGP_PQ_MSG];
    for (;;) {
        const uint8_t *bytes = NULL;
        int rc = fetch(c, c->pos, try_length, &bytes, err);
        if (rc != SG_OK) {
            return rc;
        }
        rc = sgp_pq_page_header_decode(bytes, try_length, h, header_length, msg);
        if (rc == SG_OK) {
            return SG_OK;
        }
        if (rc == SG_EPARSE && try_length < most) {
            /* Perhaps only cut off by the window: try again with more of the chunk. */
            try_length = most / 8 > try_length ? try_length * 8 : most;
            continue;
        }
        return fail(c, err, rc, "bad page header: %s", msg);
    }
}

/* Decompresses (or copies) stored bytes into c->page; returns the body. */
static int inflate_into_page(sgp_pq_column *c, const uint8_t *stored, size_t stored_length,
                             size_t length, bool compressed, const uint8_t **out, sg_error *err) {
    if (!compressed || c->cm->codec == SGP_PQ_CODEC_UNCOMPRESSED) {
        if (stored_length != length) {
            return fail(c, err, SG_EINVALID,
                        "uncompressed page holds %zu bytes, its header says %zu", stored_length,
                        length);
        }
        *out = stored;
        return SG_OK;
    }
    int rc = grow((void **)&c->page, &c->page_cap, length > 0 ? length : 1, err);
    if (rc != SG_OK) {
        return rc;
    }
    if (stored_length == 0) {
        /* Never hand a codec an empty stream (datapage_v2_empty_datapage.snappy). */
        if (length != 0) {
            return fail(c, err, SG_EINVALID, "an empty page body should decompress to %zu bytes",
                        length);
        }
        *out = c->page;
        return SG_OK;
    }
    char msg[SGP_PQ_MSG];
    rc = sgp_pq_decompress(c->cm->codec, stored, stored_length, c->page, length, msg);
    if (rc != SG_OK) {
        return fail(c, err, rc == SG_ENOMEM ? SG_ENOMEM : rc, "%s", msg);
    }
    *out = c->page;
    return SG_OK;
}

/* Decodes count PLAIN-or-other encoded values of the leaf's type from in into dst. */
static int decode_values(sgp_pq_column *c, int32_t encoding, const uint8_t *in, size_t length,
                         size_t count, void *dst, sg_error *err) {
    char msg[SGP_PQ_MSG] = "";
    const sgp_pq_leaf *leaf = c->leaf;
    int rc;
    switch (encoding) {
    case SGP_PQ_ENC_PLAIN:
        rc = sgp_pq_decode_plain(leaf->physical, leaf->type_length, in, length, count, dst, msg);
        break;
    case SGP_PQ_ENC_RLE:
        if (leaf->physical != SGP_PQ_BOOLEAN) {
            return fail(c, err, SG_EINVALID, "RLE values in a %s column",
                        sgp_pq_type_name(leaf->physical));
        }
        rc = sgp_pq_decode_rle_bool(in, length, count, dst, msg);
        break;
    case SGP_PQ_ENC_DELTA_BINARY_PACKED:
        if (leaf->physical != SGP_PQ_INT32 && leaf->physical != SGP_PQ_INT64) {
            return fail(c, err, SG_EINVALID, "DELTA_BINARY_PACKED values in a %s column",
                        sgp_pq_type_name(leaf->physical));
        }
        rc = sgp_pq_decode_delta_binary(leaf->physical, in, length, count, dst, NULL, msg);
        break;
    case SGP_PQ_ENC_DELTA_LENGTH_BYTE_ARRAY:
        if (leaf->physical != SGP_PQ_BYTE_ARRAY) {
            return fail(c, err, SG_EINVALID, "DELTA_LENGTH_BYTE_ARRAY values in a %s column",
                        sgp_pq_type_name(leaf->physical));
        }
        rc = sgp_pq_decode_delta_length(in, length, count, dst, msg);
        break;
    case SGP_PQ_ENC_DELTA_BYTE_ARRAY:
        if (leaf->physical != SGP_PQ_BYTE_ARRAY && leaf->physical != SGP_PQ_FIXED_LEN_BYTE_ARRAY) {
            return fail(c, err, SG_EINVALID, "DELTA_BYTE_ARRAY values in a %s column",
                        sgp_pq_type_name(leaf->physical));
        }
        sgp_pq_arena_reset(&c->arena);
        rc = sgp_pq_decode_delta_byte_array(
            in, length, count,
            leaf->physical == SGP_PQ_FIXED_LEN_BYTE_ARRAY ? leaf->type_length : 0, dst, &c->arena,
            msg);
        break;
    case SGP_PQ_ENC_BYTE_STREAM_SPLIT:
        if (leaf->physical == SGP_PQ_BOOLEAN || leaf->physical == SGP_PQ_INT96 ||
            leaf->physical == SGP_PQ_BYTE_ARRAY) {
            return fail(c, err, SG_EINVALID, "BYTE_STREAM_SPLIT values in a %s column",
                        sgp_pq_type_name(leaf->physical));
        }
        sgp_pq_arena_reset(&c->arena);
        rc = sgp_pq_decode_byte_stream_split(leaf->physical, leaf->type_length, in, length, count,
                                             dst, &c->arena, msg);
        break;
    default: {
        const char *name = sgp_pq_encoding_name(encoding);
        if (name != NULL) {
            return fail(c, err, SG_EUNSUPPORTED, "%s is not a value encoding this reader supports",
                        name);
        }
        return fail(c, err, SG_EUNSUPPORTED, "unknown value encoding %d", (int)encoding);
    }
    }
    if (rc != SG_OK) {
        return fail(c, err, rc, "%s values: %s", sgp_pq_encoding_name(encoding), msg);
    }
    return SG_OK;
}

static int read_dictionary(sgp_pq_column *c, const sgp_pq_page_header *h, const uint8_t *body,
                           sg_error *err) {
    if (c->has_dict) {
        return fail(c, err, SG_EINVALID, "a second dictionary page");
    }
    if (c->data_seen) {
        return fail(c, err, SG_EINVALID, "a dictionary page after data pages");
    }
    if (h->encoding != SGP_PQ_ENC_PLAIN && h->encoding != SGP_PQ_ENC_PLAIN_DICTIONARY) {
        return fail(c, err, SG_EUNSUPPORTED, "dictionary page encoded as %s",
                    sgp_pq_encoding_name(h->encoding) ? sgp_pq_encoding_name(h->encoding)
                                                      : "an unknown encoding");
    }
    size_t length = (size_t)h->uncompressed_size;
    size_t count = (size_t)h->num_values;
    /* The limit of data pages holds here too: it keeps the product below from overflowing (a
     * FIXED[2^31-1] column takes 2^34 bits a value) and the value array from growing past
     * 256 MiB when 8 boolean entries fit in a byte. */
    if (count > SG_PQ_MAX_PAGE_VALUES) {
        return fail(c, err, SG_ELIMIT, "a dictionary of %zu values (the limit is %u)", count,
                    SG_PQ_MAX_PAGE_VALUES);
    }
    if ((uint64_t)count * min_plain_bits(c->leaf) > (uint64_t)length * 8u) {
        return fail(c, err, SG_EINVALID, "dictionary of %zu values in %zu bytes", count, length);
    }
    /* The dictionary outlives the page buffer: keep its own copy of the bytes. */
    int rc = grow((void **)&c->dict_bytes, &c->dict_bytes_cap, length > 0 ? length : 1, err);
    if (rc == SG_OK) {
        rc = grow(&c->dict_values, &c->dict_values_cap,
                  count > 0 ? count * element_size(c->leaf->physical) : 1, err);
    }
    if (rc != SG_OK) {
        return rc;
    }
    if (length > 0) {
        memcpy(c->dict_bytes, body, length);
    }
    rc = decode_values(c, SGP_PQ_ENC_PLAIN, c->dict_bytes, length, count, c->dict_values, err);
    if (rc != SG_OK) {
        return rc;
    }
    c->dict_count = count;
    c->has_dict = true;
    return SG_OK;
}

static int levels_v1(sgp_pq_column *c, int32_t encoding, int max, const uint8_t **in,
                     size_t *length, size_t count, uint32_t *out, const char *what, sg_error *err) {
    char msg[SGP_PQ_MSG] = "";
    size_t used = 0;
    int width = sgp_pq_bit_width((uint32_t)max);
    int rc;
    if (encoding == SGP_PQ_ENC_RLE) {
        rc = sgp_pq_decode_levels_v1(*in, *length, width, count, (uint32_t)max, out, &used, msg);
    } else if (encoding == SGP_PQ_ENC_BIT_PACKED) {
        rc = sgp_pq_decode_levels_bit_packed(*in, *length, width, count, (uint32_t)max, out, &used,
                                             msg);
    } else {
        return fail(c, err, SG_EUNSUPPORTED, "%s levels encoded as %s", what,
                    sgp_pq_encoding_name(encoding) ? sgp_pq_encoding_name(encoding) : "unknown");
    }
    if (rc != SG_OK) {
        return fail(c, err, rc, "%s levels: %s", what, msg);
    }
    *in += used;
    *length -= used;
    return SG_OK;
}

static int levels_v2(sgp_pq_column *c, int max, const uint8_t *in, size_t length, size_t count,
                     uint32_t *out, const char *what, sg_error *err) {
    char msg[SGP_PQ_MSG] = "";
    int rc = sgp_pq_decode_rle(in, length, sgp_pq_bit_width((uint32_t)max), count, (uint32_t)max,
                               out, NULL, msg);
    return rc == SG_OK ? SG_OK : fail(c, err, rc, "%s levels: %s", what, msg);
}

/* Values of a dictionary-encoded page: indices, then the values they select. */
static int dictionary_values(sgp_pq_column *c, const uint8_t *in, size_t length, size_t count,
                             sg_error *err) {
    if (!c->has_dict) {
        return fail(c, err, SG_EINVALID,
                    "dictionary-encoded page, but the chunk has no "
                    "dictionary page");
    }
    int rc = grow((void **)&c->indices, &c->indices_cap, (count > 0 ? count : 1) * sizeof(uint32_t),
                  err);
    if (rc != SG_OK) {
        return rc;
    }
    char msg[SGP_PQ_MSG] = "";
    if (count > 0) {
        rc =
            sgp_pq_decode_dict_indices(in, length, count, (uint32_t)c->dict_count, c->indices, msg);
        if (rc != SG_OK) {
            return fail(c, err, rc, "dictionary indices: %s", msg);
        }
    }
    if (c->indices_only) {
        return SG_OK;
    }
    size_t size = element_size(c->leaf->physical);
    const uint8_t *dict = c->dict_values;
    uint8_t *values = c->values;
    for (size_t i = 0; i < count; i++) {
        memcpy(values + i * size, dict + (size_t)c->indices[i] * size, size);
    }
    return SG_OK;
}

static int read_data_page(sgp_pq_column *c, const sgp_pq_page_header *h, const uint8_t *stored,
                          sgp_pq_batch *batch, sg_error *err) {
    const sgp_pq_leaf *leaf = c->leaf;
    size_t n = (size_t)h->num_values;
    if (n > SG_PQ_MAX_PAGE_VALUES) {
        return fail(c, err, SG_ELIMIT, "%zu values in one page (the limit is %u)", n,
                    SG_PQ_MAX_PAGE_VALUES);
    }
    if ((int64_t)n > c->cm->num_values - c->levels_read) {
        return fail(c, err, SG_EINVALID,
                    "the pages hold more values than the chunk's %lld (%lld before this page "
                    "of %zu)",
                    (long long)c->cm->num_values, (long long)c->levels_read, n);
    }
    if (n == 0) {
        /* An empty page makes no progress; a chunk of them would loop. */
        return fail(c, err, SG_EINVALID, "a data page without values");
    }
    int rc = grow((void **)&c->def, &c->def_cap, n * sizeof(uint32_t), err);
    if (rc == SG_OK) {
        rc = grow((void **)&c->rep, &c->rep_cap, n * sizeof(uint32_t), err);
    }
    if (rc != SG_OK) {
        return rc;
    }
    const uint8_t *values_in = NULL;
    size_t values_length = 0;
    size_t stored_length = (size_t)h->compressed_size;
    if (h->type == SGP_PQ_PAGE_DATA) {
        const uint8_t *body = NULL;
        rc = inflate_into_page(c, stored, stored_length, (size_t)h->uncompressed_size, true, &body,
                               err);
        if (rc != SG_OK) {
            return rc;
        }
        size_t left = (size_t)h->uncompressed_size;
        if (leaf->max_rep > 0 && (rc = levels_v1(c, h->rep_encoding, leaf->max_rep, &body, &left, n,
                                                 c->rep, "repetition", err)) != SG_OK) {
            return rc;
        }
        if (leaf->max_def > 0 && (rc = levels_v1(c, h->def_encoding, leaf->max_def, &body, &left, n,
                                                 c->def, "definition", err)) != SG_OK) {
            return rc;
        }
        values_in = body;
        values_length = left;
    } else {
        size_t rep_length = (size_t)h->rep_length, def_length = (size_t)h->def_length;
        if (leaf->max_rep > 0 && (rc = levels_v2(c, leaf->max_rep, stored, rep_length, n, c->rep,
                                                 "repetition", err)) != SG_OK) {
            return rc;
        }
        if (leaf->max_def > 0 && (rc = levels_v2(c, leaf->max_def, stored + rep_length, def_length,
                                                 n, c->def, "definition", err)) != SG_OK) {
            return rc;
        }
        /* Level bytes are stored even for a flat column by some writers: always skip them. */
        size_t levels = rep_length + def_length;
        rc = inflate_into_page(c, stored + levels, stored_length - levels,
                               (size_t)h->uncompressed_size - levels, h->is_compressed, &values_in,
                               err);
        if (rc != SG_OK) {
            return rc;
        }
        values_length = (size_t)h->uncompressed_size - levels;
    }
    if (leaf->max_rep > 0 && c->rep[0] != 0 &&
        (h->type == SGP_PQ_PAGE_DATA_V2 || c->levels_read == 0)) {
        return fail(c, err, SG_EINVALID,
                    "the first repetition level is %u, not 0: the page does not start a row",
                    c->rep[0]);
    }
    if (leaf->max_rep > 0) {
        /* An entry that continues a list (rep r > 0) needs that list to have entries: it and
         * the entry before it reach the r-th repeated level. Else the levels contradict
         * each other (a value after a null or empty list, as a DuckDB bug writes). */
        for (size_t i = 0; i < n; i++) {
            uint32_t r = c->rep[i];
            if (r == 0) {
                continue;
            }
            uint32_t need = (uint32_t)leaf->repeated_def[r];
            uint32_t before = i > 0 ? (leaf->max_def > 0 ? c->def[i - 1] : 0) : c->last_def;
            uint32_t here = leaf->max_def > 0 ? c->def[i] : (uint32_t)leaf->max_def;
            if (before < need || here < need) {
                return fail(c, err, SG_EINVALID,
                            "entry %zu continues a list (repetition level %u) that %s", i, r,
                            before < need ? "the entry before left null or empty"
                                          : "it leaves null or empty itself");
            }
        }
    }
    if (n > 0 && leaf->max_def > 0) {
        c->last_def = c->def[n - 1];
    } else if (n > 0) {
        c->last_def = (uint32_t)leaf->max_def;
    }
    size_t present = n;
    if (leaf->max_def > 0) {
        present = sgp_pq_count_equal(c->def, n, (uint32_t)leaf->max_def);
    }
    if (h->type == SGP_PQ_PAGE_DATA_V2 && (size_t)h->num_nulls != n - present &&
        leaf->max_rep == 0) {
        return fail(c, err, SG_EINVALID, "the header counts %d nulls, the levels %zu",
                    (int)h->num_nulls, n - present);
    }
    bool dictionary =
        h->encoding == SGP_PQ_ENC_PLAIN_DICTIONARY || h->encoding == SGP_PQ_ENC_RLE_DICTIONARY;
    if (!dictionary || !c->indices_only) {
        size_t size = element_size(leaf->physical);
        rc = grow(&c->values, &c->values_cap, (present > 0 ? present : 1) * size, err);
        if (rc != SG_OK) {
            return rc;
        }
    }
    if (dictionary) {
        rc = dictionary_values(c, values_in, values_length, present, err);
    } else if (present > 0) {
        if (h->encoding == SGP_PQ_ENC_PLAIN &&
            (uint64_t)present * min_plain_bits(leaf) > (uint64_t)values_length * 8u) {
            return fail(c, err, SG_EINVALID, "%zu PLAIN values cannot fit in %zu bytes", present,
                        values_length);
        }
        rc = decode_values(c, h->encoding, values_in, values_length, present, c->values, err);
    }
    if (rc != SG_OK) {
        return rc;
    }
    c->data_seen = true;
    c->levels_read += (int64_t)n;
    batch->n_levels = n;
    batch->def = leaf->max_def > 0 ? c->def : NULL;
    batch->rep = leaf->max_rep > 0 ? c->rep : NULL;
    batch->n_values = present;
    batch->values = dictionary && c->indices_only ? NULL : c->values;
    batch->encoding = h->encoding;
    batch->indices = dictionary ? c->indices : NULL;
    batch->dictionary = dictionary ? c->dict_values : NULL;
    batch->dictionary_size = dictionary ? c->dict_count : 0;
    return SG_OK;
}

void sgp_pq_column_indices_only(sgp_pq_column *c, bool indices_only) {
    c->indices_only = indices_only;
}

int sgp_pq_column_next(sgp_pq_column *c, sgp_pq_batch *batch, sg_error *err) {
    memset(batch, 0, sizeof *batch);
    if (c->cm == NULL) {
        return fail(c, err, SG_EINVALID, "the reader is not at a column chunk");
    }
    while (c->levels_read < c->cm->num_values) {
        if (c->pos >= c->end) {
            return fail(c, err, SG_EINVALID, "the chunk ends after %lld of its %lld values",
                        (long long)c->levels_read, (long long)c->cm->num_values);
        }
        c->page_index++;
        sgp_pq_page_header h;
        size_t header_length = 0;
        int rc = read_header(c, &h, &header_length, err);
        if (rc != SG_OK) {
            return rc;
        }
        uint64_t body_offset = c->pos + header_length;
        if ((uint64_t)h.compressed_size > c->end - body_offset) {
            return fail(c, err, SG_EINVALID,
                        "the %s of %d bytes runs past the end of the chunk (%llu bytes left)",
                        sgp_pq_page_type_name(h.type) ? sgp_pq_page_type_name(h.type) : "page",
                        (int)h.compressed_size, (unsigned long long)(c->end - body_offset));
        }
        if ((uint32_t)h.uncompressed_size > SG_PQ_MAX_PAGE_BYTES ||
            (uint32_t)h.compressed_size > SG_PQ_MAX_PAGE_BYTES) {
            return fail(c, err, SG_ELIMIT, "a page of %d bytes (%d stored); the limit is %u",
                        (int)h.uncompressed_size, (int)h.compressed_size, SG_PQ_MAX_PAGE_BYTES);
        }
        const uint8_t *stored = NULL;
        rc = fetch(c, body_offset, (size_t)h.compressed_size, &stored, err);
        if (rc != SG_OK) {
            return rc;
        }
        if (h.has_crc && (uint32_t)crc32(0L, stored, (uInt)h.compressed_size) != h.crc) {
            return fail(c, err, SG_EINVALID, "page CRC mismatch: the page is corrupt");
        }
        if (h.type == SGP_PQ_PAGE_DICTIONARY) {
            const uint8_t *body = NULL;
            rc = inflate_into_page(c, stored, (size_t)h.compressed_size,
                                   (size_t)h.uncompressed_size, true, &body, err);
            if (rc == SG_OK) {
                rc = read_dictionary(c, &h, body, err);
            }
        } else if (h.type == SGP_PQ_PAGE_DATA || h.type == SGP_PQ_PAGE_DATA_V2) {
            rc = read_data_page(c, &h, stored, batch, err);
            if (rc == SG_OK) {
                c->pos = body_offset + (uint64_t)h.compressed_size;
                return SG_OK;
            }
        }
        /* INDEX_PAGE and page types newer than this reader carry no values: skip them. */
        if (rc != SG_OK) {
            return rc;
        }
        c->pos = body_offset + (uint64_t)h.compressed_size;
    }
    return SG_OK;
}

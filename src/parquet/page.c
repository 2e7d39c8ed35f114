/* parquet/page.c: decoding PageHeader (see page.h). */
#include "parquet/page.h"

#include <stdio.h>
#include <string.h>

#include "parquet/codec.h"
#include "parquet/thrift.h"
#include "schemagate/common.h"

typedef struct dec {
    sgp_pq_thrift t;
    char *msg;
} dec;

static int bad(dec *d, int code, const char *what) {
    if (d->t.code == SG_OK) {
        snprintf(d->msg, SGP_PQ_MSG, "%s", what);
    }
    return sgp_pq_thrift_fail(&d->t, code, what);
}

static bool next_field(dec *d, int16_t *last, int *type, int16_t *id) {
    return sgp_pq_thrift_field_next(&d->t, last, type, id) == SG_OK && *type != SGP_PQ_T_STOP;
}

static void get_i32(dec *d, int type, const char *field, int32_t *out) {
    if (type != SGP_PQ_T_I32) {
        char what[96];
        snprintf(what, sizeof what, "%s has Thrift type %s, expected i32", field,
                 sgp_pq_thrift_type_name(type));
        bad(d, SG_EPARSE, what);
        return;
    }
    sgp_pq_thrift_i32(&d->t, out);
}

static void get_bool(dec *d, int type, bool *out) {
    sgp_pq_thrift_field_bool(&d->t, type, out);
}

static void data_page_header(dec *d, sgp_pq_page_header *h) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_i32(d, type, "DataPageHeader.num_values", &h->num_values);
            break;
        case 2:
            get_i32(d, type, "DataPageHeader.encoding", &h->encoding);
            break;
        case 3:
            get_i32(d, type, "DataPageHeader.definition_level_encoding", &h->def_encoding);
            break;
        case 4:
            get_i32(d, type, "DataPageHeader.repetition_level_encoding", &h->rep_encoding);
            break;
        default:
            sgp_pq_thrift_skip(&d->t, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
}

static void data_page_header_v2(dec *d, sgp_pq_page_header *h) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    h->is_compressed = true; /* the format's default */
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_i32(d, type, "DataPageHeaderV2.num_values", &h->num_values);
            break;
        case 2:
            get_i32(d, type, "DataPageHeaderV2.num_nulls", &h->num_nulls);
            break;
        case 3:
            get_i32(d, type, "DataPageHeaderV2.num_rows", &h->num_rows);
            break;
        case 4:
            get_i32(d, type, "DataPageHeaderV2.encoding", &h->encoding);
            break;
        case 5:
            get_i32(d, type, "DataPageHeaderV2.definition_levels_byte_length", &h->def_length);
            break;
        case 6:
            get_i32(d, type, "DataPageHeaderV2.repetition_levels_byte_length", &h->rep_length);
            break;
        case 7:
            get_bool(d, type, &h->is_compressed);
            break;
        default:
            sgp_pq_thrift_skip(&d->t, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
}

static void dictionary_page_header(dec *d, sgp_pq_page_header *h) {
    int16_t last;
    int type = 0;
    int16_t id = 0;
    sgp_pq_thrift_struct_begin(&d->t, &last);
    while (next_field(d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_i32(d, type, "DictionaryPageHeader.num_values", &h->num_values);
            break;
        case 2:
            get_i32(d, type, "DictionaryPageHeader.encoding", &h->encoding);
            break;
        case 3:
            get_bool(d, type, &h->is_sorted);
            break;
        default:
            sgp_pq_thrift_skip(&d->t, type);
        }
    }
    sgp_pq_thrift_struct_end(&d->t);
}

/* Checks what the decoder cannot: required fields, signs, and lengths inside the page. */
static int check(dec *d, const sgp_pq_page_header *h, unsigned seen) {
    char what[SGP_PQ_MSG];
    if ((seen & 7u) != 7u) {
        return bad(d, SG_EPARSE, "page header lacks its type or sizes");
    }
    if (h->uncompressed_size < 0 || h->compressed_size < 0) {
        snprintf(what, sizeof what, "page sizes are negative (compressed %d, uncompressed %d)",
                 (int)h->compressed_size, (int)h->uncompressed_size);
        return bad(d, SG_EINVALID, what);
    }
    bool data = h->type == SGP_PQ_PAGE_DATA || h->type == SGP_PQ_PAGE_DATA_V2 ||
                h->type == SGP_PQ_PAGE_DICTIONARY;
    if (!data) {
        return SG_OK;
    }
    if (!h->has_type_header) {
        snprintf(what, sizeof what, "%s page without its header", sgp_pq_page_type_name(h->type));
        return bad(d, SG_EPARSE, what);
    }
    if (h->num_values < 0) {
        snprintf(what, sizeof what, "%s page with %d values", sgp_pq_page_type_name(h->type),
                 (int)h->num_values);
        return bad(d, SG_EINVALID, what);
    }
    if (h->type == SGP_PQ_PAGE_DATA_V2) {
        if (h->num_nulls < 0 || h->num_nulls > h->num_values || h->num_rows < 0 ||
            h->num_rows > h->num_values) {
            snprintf(what, sizeof what, "v2 page counts disagree: %d values, %d nulls, %d rows",
                     (int)h->num_values, (int)h->num_nulls, (int)h->num_rows);
            return bad(d, SG_EINVALID, what);
        }
        int64_t levels = (int64_t)h->def_length + h->rep_length;
        if (h->def_length < 0 || h->rep_length < 0 || levels > h->compressed_size ||
            levels > h->uncompressed_size) {
            snprintf(what, sizeof what,
                     "v2 level lengths (%d + %d bytes) exceed the page (%d bytes stored, %d "
                     "uncompressed)",
                     (int)h->rep_length, (int)h->def_length, (int)h->compressed_size,
                     (int)h->uncompressed_size);
            return bad(d, SG_EINVALID, what);
        }
    }
    return SG_OK;
}

int sgp_pq_page_header_decode(const uint8_t *data, size_t length, sgp_pq_page_header *out,
                              size_t *header_length, char *msg) {
    dec d;
    sgp_pq_thrift_init(&d.t, data, length);
    d.msg = msg;
    msg[0] = '\0';
    memset(out, 0, sizeof *out);
    int16_t last;
    int type = 0;
    int16_t id = 0;
    unsigned seen = 0;
    /* Each type header decodes into its own copy; the one matching the page type is kept
     * after the loop, whatever order the fields came in. */
    sgp_pq_page_header parts[3];
    bool have[3] = {false, false, false};
    memset(parts, 0, sizeof parts);
    sgp_pq_thrift_struct_begin(&d.t, &last);
    while (next_field(&d, &last, &type, &id)) {
        switch (id) {
        case 1:
            get_i32(&d, type, "PageHeader.type", &out->type);
            seen |= 1u;
            break;
        case 2:
            get_i32(&d, type, "PageHeader.uncompressed_page_size", &out->uncompressed_size);
            seen |= 2u;
            break;
        case 3:
            get_i32(&d, type, "PageHeader.compressed_page_size", &out->compressed_size);
            seen |= 4u;
            break;
        case 4: {
            int32_t crc = 0;
            get_i32(&d, type, "PageHeader.crc", &crc);
            out->crc = (uint32_t)crc;
            out->has_crc = true;
            break;
        }
        case 5:
        case 7:
        case 8:
            if (type != SGP_PQ_T_STRUCT) {
                bad(&d, SG_EPARSE, "page type header is not a struct");
                break;
            }
            if (id == 5) {
                data_page_header(&d, &parts[0]);
                have[0] = true;
            } else if (id == 7) {
                dictionary_page_header(&d, &parts[1]);
                have[1] = true;
            } else {
                data_page_header_v2(&d, &parts[2]);
                have[2] = true;
            }
            break;
        default:
            sgp_pq_thrift_skip(&d.t, type);
        }
    }
    sgp_pq_thrift_struct_end(&d.t);
    /* Only the header of the page's own type counts; a writer may set others too. */
    int part = out->type == SGP_PQ_PAGE_DATA         ? 0
               : out->type == SGP_PQ_PAGE_DICTIONARY ? 1
               : out->type == SGP_PQ_PAGE_DATA_V2    ? 2
                                                     : -1;
    if (part >= 0 && have[part]) {
        const sgp_pq_page_header *h = &parts[part];
        out->num_values = h->num_values;
        out->encoding = h->encoding;
        out->def_encoding = h->def_encoding;
        out->rep_encoding = h->rep_encoding;
        out->num_nulls = h->num_nulls;
        out->num_rows = h->num_rows;
        out->def_length = h->def_length;
        out->rep_length = h->rep_length;
        out->is_compressed = h->is_compressed;
        out->is_sorted = h->is_sorted;
        out->has_type_header = true;
    }
    if (d.t.code == SG_OK) {
        check(&d, out, seen);
    }
    if (d.t.code != SG_OK) {
        if (msg[0] == '\0') {
            snprintf(msg, SGP_PQ_MSG, "%s", d.t.msg);
        }
        return d.t.code == SG_EINVALID ? SG_EINVALID : SG_EPARSE;
    }
    *header_length = d.t.pos;
    return SG_OK;
}

/*
 * parquet/page.h: the PageHeader of a Parquet page, decoded and range-checked. Statistics in
 * page headers are skipped (the footer and the page index carry what checks need).
 */
#ifndef SG_PARQUET_PAGE_H
#define SG_PARQUET_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet/footer.h" /* SGP_PQ_PAGE_* */

typedef struct sgp_pq_page_header {
    int32_t type;
    int32_t uncompressed_size, compressed_size; /* both >= 0 after decoding */
    bool has_crc;
    uint32_t crc;
    /* DATA_PAGE, DATA_PAGE_V2 and DICTIONARY_PAGE */
    int32_t num_values;
    int32_t encoding;
    /* DATA_PAGE */
    int32_t def_encoding, rep_encoding;
    /* DATA_PAGE_V2 */
    int32_t num_nulls, num_rows;
    int32_t def_length, rep_length;
    bool is_compressed;
    /* DICTIONARY_PAGE */
    bool is_sorted;
    bool has_type_header; /* the header matching type was present */
} sgp_pq_page_header;

/*
 * Decodes a PageHeader from data[0..length). On success *header_length is the header's size in
 * bytes. Returns SG_OK; SG_EPARSE when the bytes are not a page header, or not all of one (a
 * caller holding only part of a chunk may retry with more bytes); SG_EINVALID for negative sizes
 * or counts, or v2 level lengths beyond the page. msg (SGP_PQ_MSG bytes) says why.
 */
int sgp_pq_page_header_decode(const uint8_t *data, size_t length, sgp_pq_page_header *out,
                              size_t *header_length, char *msg);

#endif

/*
 * parquet/footer.h: the Parquet footer (FileMetaData) decoded into plain structs. Enum values are
 * kept as numbers (a newer writer may use values this reader does not know); the _name
 * functions return NULL for unknown values. Physical types and repetitions outside the closed
 * sets of the format are refused at decode time.
 */
#ifndef SG_PARQUET_FOOTER_H
#define SG_PARQUET_FOOTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet/source.h"
#include "schemagate/common.h"

/* LogicalType union members (their Thrift field ids); 0 = absent. */
enum {
    SGP_PQ_LT_NONE = 0,
    SGP_PQ_LT_STRING = 1,
    SGP_PQ_LT_MAP = 2,
    SGP_PQ_LT_LIST = 3,
    SGP_PQ_LT_ENUM = 4,
    SGP_PQ_LT_DECIMAL = 5,
    SGP_PQ_LT_DATE = 6,
    SGP_PQ_LT_TIME = 7,
    SGP_PQ_LT_TIMESTAMP = 8,
    SGP_PQ_LT_INTEGER = 10,
    SGP_PQ_LT_UNKNOWN = 11,
    SGP_PQ_LT_JSON = 12,
    SGP_PQ_LT_BSON = 13,
    SGP_PQ_LT_UUID = 14,
    SGP_PQ_LT_FLOAT16 = 15,
    SGP_PQ_LT_VARIANT = 16,
    SGP_PQ_LT_GEOMETRY = 17,
    SGP_PQ_LT_GEOGRAPHY = 18,
};

/* Time units of TIME and TIMESTAMP (TimeUnit field ids); 0 = absent or unknown. */
enum { SGP_PQ_UNIT_MILLIS = 1, SGP_PQ_UNIT_MICROS = 2, SGP_PQ_UNIT_NANOS = 3 };

typedef struct sgp_pq_logical_type {
    int kind; /* SGP_PQ_LT_*, or any other union field id this reader does not know */
    int32_t scale, precision; /* DECIMAL */
    bool adjusted_to_utc;     /* TIME, TIMESTAMP */
    int unit;                 /* TIME, TIMESTAMP: SGP_PQ_UNIT_* */
    int8_t bit_width;         /* INTEGER */
    bool is_signed;           /* INTEGER */
} sgp_pq_logical_type;

typedef struct sgp_pq_schema_element {
    char *name;
    bool has_type, has_type_length, has_repetition, has_num_children, has_converted_type, has_scale,
        has_precision, has_field_id;
    int32_t type; /* 0..7: BOOLEAN INT32 INT64 INT96 FLOAT DOUBLE BYTE_ARRAY FIXED_LEN_BYTE_ARRAY */
    int32_t type_length;
    int32_t repetition; /* 0 REQUIRED, 1 OPTIONAL, 2 REPEATED */
    int32_t num_children;
    int32_t converted_type;
    int32_t scale, precision, field_id;
    sgp_pq_logical_type logical;
} sgp_pq_schema_element;

typedef struct sgp_pq_bytes {
    bool present;
    uint8_t *data; /* malloc'd, may be NULL when length is 0 */
    size_t length;
} sgp_pq_bytes;

typedef struct sgp_pq_statistics {
    bool present;
    sgp_pq_bytes min, max;   /* min_value/max_value (5/6), or the deprecated min/max (2/1) */
    bool deprecated_min_max; /* min/max came from the deprecated fields (sort order unsure) */
    bool has_null_count;     /* an absent null_count is not 0 */
    int64_t null_count;
    bool has_distinct_count;
    int64_t distinct_count;
    /* is_max_value_exact / is_min_value_exact (7/8): false when a writer truncated the value */
    bool has_max_exact, max_exact, has_min_exact, min_exact;
} sgp_pq_statistics;

/* Page types (PageType). */
enum {
    SGP_PQ_PAGE_DATA = 0,
    SGP_PQ_PAGE_INDEX = 1,
    SGP_PQ_PAGE_DICTIONARY = 2,
    SGP_PQ_PAGE_DATA_V2 = 3,
};

/* One PageEncodingStats entry: count pages of page_type were written with encoding. */
typedef struct sgp_pq_encoding_stats {
    int32_t page_type; /* SGP_PQ_PAGE_*, kept as is when unknown */
    int32_t encoding;
    int32_t count; /* >= 0 */
} sgp_pq_encoding_stats;

typedef struct sgp_pq_column_meta {
    int32_t type;
    int32_t *encodings;
    size_t n_encodings;
    char **path; /* path_in_schema */
    size_t n_path;
    int32_t codec;
    int64_t num_values, total_uncompressed_size, total_compressed_size, data_page_offset;
    bool has_dictionary_page_offset;
    int64_t dictionary_page_offset;
    sgp_pq_statistics statistics;
    /* encoding_stats (13): which encodings the data pages really use, so a reader can tell a
     * fully dictionary-encoded chunk from one that fell back to PLAIN. */
    bool has_encoding_stats;
    sgp_pq_encoding_stats *encoding_stats;
    size_t n_encoding_stats;
    bool has_bloom_filter_offset, has_bloom_filter_length;
    int64_t bloom_filter_offset;
    int32_t bloom_filter_length;
} sgp_pq_column_meta;

typedef struct sgp_pq_column_chunk {
    char *file_path; /* external chunk file, NULL if in this file */
    int64_t file_offset;
    bool has_meta;
    bool encrypted; /* crypto_metadata or encrypted_column_metadata set */
    sgp_pq_column_meta meta;
    /* The page index (4-7): where the OffsetIndex and ColumnIndex structs lie. */
    bool has_offset_index_offset, has_offset_index_length;
    bool has_column_index_offset, has_column_index_length;
    int64_t offset_index_offset, column_index_offset;
    int32_t offset_index_length, column_index_length;
} sgp_pq_column_chunk;

typedef struct sgp_pq_row_group {
    sgp_pq_column_chunk *columns;
    size_t n_columns;
    int64_t total_byte_size;
    int64_t num_rows;
    bool has_total_compressed_size;
    int64_t total_compressed_size;
} sgp_pq_row_group;

typedef struct sgp_pq_key_value {
    char *key;
    char *value; /* NULL when absent */
} sgp_pq_key_value;

typedef struct sgp_pq_file_meta {
    uint64_t file_size;
    uint32_t metadata_length;
    int32_t version;
    sgp_pq_schema_element *schema;
    size_t n_schema;
    size_t n_leaves; /* schema elements without children, the root excluded */
    int64_t num_rows;
    sgp_pq_row_group *row_groups;
    size_t n_row_groups;
    sgp_pq_key_value *key_value;
    size_t n_key_value;
    char *created_by; /* NULL when absent */
    /* encryption_algorithm (8) of a plaintext-footer encrypted file: the union's field id
     * (SGP_PQ_ENC_*, or an unknown id), 0 when the file is not encrypted. */
    int encryption_algorithm;
} sgp_pq_file_meta;

enum { SGP_PQ_ENC_AES_GCM_V1 = 1, SGP_PQ_ENC_AES_GCM_CTR_V1 = 2 };

/* True when el, at position index of FileMetaData.schema, is a group (the root always is),
 * false for a leaf: the rule the footer uses to match leaves with column chunks. */
bool sgp_pq_schema_is_group(const sgp_pq_schema_element *el, size_t index);

/*
 * Reads and decodes the footer of src: leading and trailing "PAR1", metadata length, then
 * FileMetaData, validated (offsets and sizes inside the file, schema tree consistent, chunks per
 * row group equal to leaves). Errors name the source and say where ("footer: ...", "row group N,
 * column M: ..."; err->row_group is set for the latter).
 */
int sgp_pq_footer_read(sgp_pq_file_meta **out, sgp_pq_source *src, sg_error *err);

/* Decodes a FileMetaData buffer of a file of file_size bytes (exposed for tests). */
int sgp_pq_footer_decode(sgp_pq_file_meta **out, const uint8_t *data, size_t length,
                         uint64_t file_size, const char *source, sg_error *err);

void sgp_pq_file_meta_free(sgp_pq_file_meta *meta);

/* Names of enum values, NULL when unknown. */
const char *sgp_pq_type_name(int32_t type);
const char *sgp_pq_repetition_name(int32_t repetition);
const char *sgp_pq_converted_type_name(int32_t converted_type);
const char *sgp_pq_encoding_name(int32_t encoding);
const char *sgp_pq_codec_name(int32_t codec);
const char *sgp_pq_logical_type_name(int kind);
const char *sgp_pq_page_type_name(int32_t page_type);
const char *sgp_pq_encryption_name(int algorithm);

#endif

/*
 * parquet/thrift.h: a Thrift compact-protocol decoder over a bounded memory buffer. Every read
 * checks the bytes left; lengths and counts larger than the rest of the input fail before any
 * allocation. After the first error every call fails with the same code (sticky), and msg says
 * what went wrong and at which byte offset.
 */
#ifndef SG_PARQUET_THRIFT_H
#define SG_PARQUET_THRIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Compact-protocol type ids. */
enum {
    SGP_PQ_T_STOP = 0,
    SGP_PQ_T_TRUE = 1,
    SGP_PQ_T_FALSE = 2,
    SGP_PQ_T_I8 = 3,
    SGP_PQ_T_I16 = 4,
    SGP_PQ_T_I32 = 5,
    SGP_PQ_T_I64 = 6,
    SGP_PQ_T_DOUBLE = 7,
    SGP_PQ_T_BINARY = 8,
    SGP_PQ_T_LIST = 9,
    SGP_PQ_T_SET = 10,
    SGP_PQ_T_MAP = 11,
    SGP_PQ_T_STRUCT = 12,
};

typedef struct sgp_pq_thrift {
    const uint8_t *data;
    size_t length;
    size_t pos;
    int depth; /* structs and containers currently open */
    int code;  /* SG_OK until the first error */
    char msg[160];
} sgp_pq_thrift;

void sgp_pq_thrift_init(sgp_pq_thrift *t, const void *data, size_t length);
/* Records an error (first one wins) and returns its code. */
int sgp_pq_thrift_fail(sgp_pq_thrift *t, int code, const char *what);

int sgp_pq_thrift_varint(sgp_pq_thrift *t, uint64_t *out); /* at most 10 bytes, <= 2^64-1 */
int sgp_pq_thrift_i8(sgp_pq_thrift *t, int8_t *out);       /* one byte, not a varint */
int sgp_pq_thrift_i16(sgp_pq_thrift *t, int16_t *out);
int sgp_pq_thrift_i32(sgp_pq_thrift *t, int32_t *out);
int sgp_pq_thrift_i64(sgp_pq_thrift *t, int64_t *out);
int sgp_pq_thrift_double(sgp_pq_thrift *t, double *out);
/* Borrowed pointer into the input; length <= SG_PQ_MAX_THRIFT_STRING and <= bytes left. */
int sgp_pq_thrift_binary(sgp_pq_thrift *t, const uint8_t **out, size_t *length);
/* A NUL-free binary copied as a malloc'd C string. */
int sgp_pq_thrift_string(sgp_pq_thrift *t, char **out);

/*
 * Struct fields. Call struct_begin, then field_next until *type is SGP_PQ_T_STOP, then
 * struct_end. *last_id is the caller's per-struct state (start at 0). For a bool field, *type is
 * TRUE or FALSE and carries the value (see sgp_pq_thrift_field_bool).
 */
int sgp_pq_thrift_struct_begin(sgp_pq_thrift *t, int16_t *last_id);
int sgp_pq_thrift_field_next(sgp_pq_thrift *t, int16_t *last_id, int *type, int16_t *id);
void sgp_pq_thrift_struct_end(sgp_pq_thrift *t);
/* The value of a bool field from its type; fails if the type is not a bool. */
int sgp_pq_thrift_field_bool(sgp_pq_thrift *t, int type, bool *out);

/*
 * List/set header: element type and count (<= SG_PQ_MAX_THRIFT_CONTAINER and never more than
 * the bytes left can hold). Opens a nesting level: call container_end after the elements.
 */
int sgp_pq_thrift_list_begin(sgp_pq_thrift *t, int *elem_type, uint32_t *count);
/* Map header: key/value types (0 when empty) and count; opens a nesting level. */
int sgp_pq_thrift_map_begin(sgp_pq_thrift *t, int *key_type, int *value_type, uint32_t *count);
void sgp_pq_thrift_container_end(sgp_pq_thrift *t);
/* A bool element of a list (one byte: 1 true, 0 or 2 false). */
int sgp_pq_thrift_list_bool(sgp_pq_thrift *t, bool *out);

/* Skips a value of any type, recursively, within the nesting limit. */
int sgp_pq_thrift_skip(sgp_pq_thrift *t, int type);
/* Type name for messages ("i32", "struct", ...); "type N" is never returned: "unknown". */
const char *sgp_pq_thrift_type_name(int type);

#endif

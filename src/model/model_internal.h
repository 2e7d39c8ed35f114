/*
 * model/model_internal.h: the layout of the model's structs, shared by the model's own files
 * (building, copying, comparing, canonical JSON). Other modules use the public accessors.
 */
#ifndef SG_MODEL_INTERNAL_H
#define SG_MODEL_INTERNAL_H

#include "schemagate/model.h"

typedef struct sgp_kv {
    char *key;
    char *json; /* value as compact JSON text */
} sgp_kv;

typedef struct sgp_strings {
    char **items;
    size_t count;
    size_t cap;
} sgp_strings;

typedef struct sgp_metadata {
    sgp_kv *items;
    size_t count;
    size_t cap;
} sgp_metadata;

typedef struct sgp_location {
    char *source;
    char *pointer;
    int line;
    int column;
} sgp_location;

struct sg_type {
    sg_kind kind;
    bool nullable;
    int null_index;
    int precision;
    int scale;
    int64_t size;
    sg_string_flavor flavor;
    int64_t max_length;
    sg_time_unit unit;
    bool utc;
    char *name;
    char *ns;
    char *doc;
    sgp_strings aliases;
    sgp_strings symbols;
    char *enum_default;
    sgp_metadata metadata;
    sg_type **children;
    size_t child_count;
    size_t child_cap;
    sg_field **fields;
    size_t field_count;
    size_t field_cap;
    sgp_location loc;
};

struct sg_field {
    char *name;
    sg_type *type;
    char *doc;
    char *default_json;
    sgp_strings aliases;
    sg_sort_order order;
    bool partition;
    sgp_metadata metadata;
    sgp_location loc;
};

struct sg_schema {
    sg_type *root;
    char *source;
    char *format;            /* the format it was loaded from, e.g. "avro" */
    sgp_metadata properties; /* values are plain strings here, not JSON */
    sg_error *warnings;
    size_t warning_count;
    size_t warning_cap;
};

#endif

/*
 * schemagate/model.h: the one schema model every format loads into and writes from.
 *
 * A schema (sg_schema) owns a tree of type nodes (sg_type). Struct nodes own fields (sg_field),
 * and each field owns its type node. Nullability lives on the type node, so it means the same
 * thing everywhere: a nullable field, a list whose elements may be null (Spark containsNull), a
 * map whose values may be null (valueContainsNull).
 *
 * Every node and field remembers where it came from (sg_location) so later errors can point at
 * the file, line/column or JSON pointer. Locations are not part of a schema's identity: equality,
 * fingerprints and the canonical JSON form ignore them.
 *
 * The canonical JSON form (docs/model.md) prints a schema so that parsing it back gives an equal
 * tree; sg_schema_to_json and sg_schema_from_json are the two directions.
 *
 * Not thread-safe per object; distinct objects may be used from distinct threads.
 */
#ifndef SCHEMAGATE_MODEL_H
#define SCHEMAGATE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemagate/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_schema sg_schema;
typedef struct sg_type sg_type;
typedef struct sg_field sg_field;

/* Kinds of type node. Append only. */
typedef enum sg_kind {
    SG_KIND_NULL = 0, /* a value that is always null (Avro "null", Spark NullType, Hive void) */
    SG_KIND_BOOLEAN,
    SG_KIND_INT8,
    SG_KIND_INT16,
    SG_KIND_INT32,
    SG_KIND_INT64,
    SG_KIND_FLOAT32,
    SG_KIND_FLOAT64,
    SG_KIND_DECIMAL,   /* precision, scale; size > 0 when stored in a fixed of that many bytes */
    SG_KIND_STRING,    /* UTF-8 text; optional char(n)/varchar(n) flavour with max_length */
    SG_KIND_BINARY,    /* bytes of any length */
    SG_KIND_FIXED,     /* exactly size bytes */
    SG_KIND_DATE,      /* days since 1970-01-01 */
    SG_KIND_TIME,      /* time of day with unit */
    SG_KIND_TIMESTAMP, /* instant (utc) or local date-time (!utc) with unit */
    SG_KIND_UUID,      /* RFC 4122 UUID; size 16 when stored as fixed bytes, else as text */
    SG_KIND_ENUM,      /* one of symbols */
    SG_KIND_STRUCT,    /* ordered fields */
    SG_KIND_LIST,      /* child 0: element */
    SG_KIND_MAP,       /* child 0: key, child 1: value */
    SG_KIND_UNION,     /* children: branches (never null: a null branch makes the node nullable) */
    SG_KIND_VARIANT,   /* semi-structured value (Spark/Parquet VARIANT) */
    SG_KIND_DURATION,  /* months, days, milliseconds (Avro duration, Parquet INTERVAL) */
} sg_kind;

#define SG_KIND_COUNT (SG_KIND_DURATION + 1)

typedef enum sg_time_unit {
    SG_UNIT_MILLIS = 0,
    SG_UNIT_MICROS,
    SG_UNIT_NANOS,
} sg_time_unit;

typedef enum sg_string_flavor {
    SG_STRING_PLAIN = 0, /* no declared length */
    SG_STRING_CHAR,      /* char(n): fixed length n, padded */
    SG_STRING_VARCHAR,   /* varchar(n): at most n characters */
} sg_string_flavor;

typedef enum sg_sort_order {
    SG_ORDER_ASCENDING = 0, /* Avro's default */
    SG_ORDER_DESCENDING,
    SG_ORDER_IGNORE,
} sg_sort_order;

/* Where a node or field came from. Strings are borrowed from the node. */
typedef struct sg_location {
    const char *source;  /* file name or "<string>"; NULL if unknown */
    const char *pointer; /* JSON pointer or other path inside the source; NULL if unknown */
    int line;            /* 1-based; 0 if unknown */
    int column;          /* 1-based; 0 if unknown */
} sg_location;

/* Flags for equality, fingerprints and the canonical JSON form. */
#define SG_CMP_DEFAULT           0u
#define SG_CMP_IGNORE_DOCS       0x1u /* ignore doc strings */
#define SG_CMP_IGNORE_METADATA   0x2u /* ignore key/value metadata */
#define SG_CMP_IGNORE_NAMES      0x4u /* ignore names, namespaces and aliases of named types */
#define SG_CMP_IGNORE_PROPERTIES 0x8u /* ignore schema-level properties (table storage etc.) */

/* Names ------------------------------------------------------------------------------------- */

/* "int64", "struct", ... for a kind; "?" for a value out of range. */
const char *sg_kind_name(sg_kind kind);
/* Parses a kind name as sg_kind_name prints it. Returns SG_OK or SG_EUSAGE. */
int sg_kind_from_name(sg_kind *out, const char *name);
const char *sg_time_unit_name(sg_time_unit unit); /* "millis", "micros", "nanos" */

/* Type nodes: building --------------------------------------------------------------------- */

/*
 * Creates a node of the given kind with defaults: not nullable, decimal(38,0) for decimals,
 * micros for time and timestamps (timestamps adjusted to UTC). The caller owns *out.
 */
int sg_type_new(sg_type **out, sg_kind kind);
/* Frees a node and everything below it. NULL is allowed. */
void sg_type_free(sg_type *type);
/* Deep copy, locations included. The caller owns *out. */
int sg_type_copy(sg_type **out, const sg_type *type);

int sg_type_set_nullable(sg_type *type, bool nullable);
/*
 * For writers that put null inside a union (Avro): the position the null branch had, 0 = first.
 * Only meaningful when the node is nullable; at most the number of branches.
 */
int sg_type_set_null_index(sg_type *type, int index);
int sg_type_set_decimal(sg_type *type, int precision, int scale); /* 1 <= p, 0 <= s <= p */
/* Byte size for fixed, decimal-in-fixed, uuid-in-fixed and duration nodes; 0 = not fixed. */
int sg_type_set_size(sg_type *type, int64_t size);
int sg_type_set_string(sg_type *type, sg_string_flavor flavor, int64_t max_length);
int sg_type_set_time_unit(sg_type *type, sg_time_unit unit);
int sg_type_set_utc(sg_type *type, bool adjusted_to_utc); /* timestamps only */
/* Name and namespace of a named type (struct, enum, fixed, ...). ns may be NULL or "". */
int sg_type_set_name(sg_type *type, const char *name, const char *ns);
int sg_type_set_doc(sg_type *type, const char *doc);
int sg_type_add_alias(sg_type *type, const char *alias);
int sg_type_add_symbol(sg_type *type, const char *symbol); /* enums; SG_EINVALID if repeated */
int sg_type_set_enum_default(sg_type *type, const char *symbol);
/* Adds a metadata entry; value_json must be valid JSON text. Keys are unique (SG_EINVALID). */
int sg_type_add_metadata(sg_type *type, const char *key, const char *value_json);
/* Appends a child (list element, map key then value, union branch). On success the node owns
 * child; on failure the caller still does. */
int sg_type_add_child(sg_type *type, sg_type *child);
/* Appends a field to a struct; on success the node owns field, on failure the caller still
 * does. SG_EINVALID if the name is taken. */
int sg_type_add_field(sg_type *type, sg_field *field);
int sg_type_set_location(sg_type *type, const char *source, const char *pointer, int line,
                         int column);

/* Type nodes: reading (pointers are borrowed from the node) --------------------------------- */

sg_kind sg_type_kind(const sg_type *type);
bool sg_type_nullable(const sg_type *type);
int sg_type_null_index(const sg_type *type);
int sg_type_precision(const sg_type *type);
int sg_type_scale(const sg_type *type);
int64_t sg_type_size(const sg_type *type);
sg_string_flavor sg_type_string_flavor(const sg_type *type);
int64_t sg_type_max_length(const sg_type *type); /* 0 if none */
sg_time_unit sg_type_time_unit(const sg_type *type);
bool sg_type_utc(const sg_type *type);
const char *sg_type_name(const sg_type *type);      /* NULL if unnamed */
const char *sg_type_namespace(const sg_type *type); /* NULL if none */
const char *sg_type_doc(const sg_type *type);       /* NULL if none */
size_t sg_type_alias_count(const sg_type *type);
const char *sg_type_alias(const sg_type *type, size_t i);
size_t sg_type_symbol_count(const sg_type *type);
const char *sg_type_symbol(const sg_type *type, size_t i);
const char *sg_type_enum_default(const sg_type *type); /* NULL if none */
size_t sg_type_metadata_count(const sg_type *type);
const char *sg_type_metadata_key(const sg_type *type, size_t i);
const char *sg_type_metadata_value(const sg_type *type, size_t i); /* JSON text */
/* The value (JSON text) stored under key, or NULL. */
const char *sg_type_metadata_get(const sg_type *type, const char *key);
size_t sg_type_child_count(const sg_type *type);
const sg_type *sg_type_child(const sg_type *type, size_t i);
const sg_type *sg_type_element(const sg_type *list);  /* NULL unless a list */
const sg_type *sg_type_map_key(const sg_type *map);   /* NULL unless a map */
const sg_type *sg_type_map_value(const sg_type *map); /* NULL unless a map */
size_t sg_type_field_count(const sg_type *type);
const sg_field *sg_type_field(const sg_type *type, size_t i);
/* Exact (case-sensitive) lookup; NULL if absent. */
const sg_field *sg_type_field_by_name(const sg_type *type, const char *name);
sg_location sg_type_location(const sg_type *type);

/* Equal trees under flags (SG_CMP_*). Locations never count. */
bool sg_type_equal(const sg_type *a, const sg_type *b, unsigned flags);

/* Fields ------------------------------------------------------------------------------------ */

/* Creates a field; takes ownership of type even on failure. The caller owns *out. */
int sg_field_new(sg_field **out, const char *name, sg_type *type);
void sg_field_free(sg_field *field);
int sg_field_copy(sg_field **out, const sg_field *field);
int sg_field_set_doc(sg_field *field, const char *doc);
/* default_json: JSON text of the default (so "null" is a null default); NULL removes it. */
int sg_field_set_default(sg_field *field, const char *default_json);
int sg_field_add_alias(sg_field *field, const char *alias);
int sg_field_set_order(sg_field *field, sg_sort_order order);
int sg_field_set_partition(sg_field *field, bool partition_key);
int sg_field_add_metadata(sg_field *field, const char *key, const char *value_json);
int sg_field_set_location(sg_field *field, const char *source, const char *pointer, int line,
                          int column);

const char *sg_field_name(const sg_field *field);
const sg_type *sg_field_type(const sg_field *field);
sg_type *sg_field_type_mut(sg_field *field);
bool sg_field_nullable(const sg_field *field); /* the same as its type's */
const char *sg_field_doc(const sg_field *field);
const char *sg_field_default(const sg_field *field); /* JSON text, NULL if there is no default */
size_t sg_field_alias_count(const sg_field *field);
const char *sg_field_alias(const sg_field *field, size_t i);
sg_sort_order sg_field_order(const sg_field *field);
bool sg_field_partition(const sg_field *field);
size_t sg_field_metadata_count(const sg_field *field);
const char *sg_field_metadata_key(const sg_field *field, size_t i);
const char *sg_field_metadata_value(const sg_field *field, size_t i);
const char *sg_field_metadata_get(const sg_field *field, const char *key);
sg_location sg_field_location(const sg_field *field);

/* Schemas ------------------------------------------------------------------------------------ */

/* Wraps root (taking ownership, even on failure) into a new schema owned by the caller. */
int sg_schema_new(sg_schema **out, sg_type *root);
void sg_schema_free(sg_schema *schema);
int sg_schema_copy(sg_schema **out, const sg_schema *schema);
const sg_type *sg_schema_root(const sg_schema *schema);
sg_type *sg_schema_root_mut(sg_schema *schema);
/* The name of the file or stream the schema was loaded from; NULL if built in memory. */
const char *sg_schema_source(const sg_schema *schema);
int sg_schema_set_source(sg_schema *schema, const char *source);
/* The name of the format the schema was loaded from ("avro", "glue", ... as sources.h names
 * them); NULL if built in memory. Like the source, not part of equality or fingerprints. */
const char *sg_schema_format_name(const sg_schema *schema);
int sg_schema_set_format_name(sg_schema *schema, const char *format);

/* Warnings a loader recorded (things the format allows but a user should hear about). */
size_t sg_schema_warning_count(const sg_schema *schema);
/* The i-th warning as an sg_error-like record (code SG_OK); borrowed. */
const sg_error *sg_schema_warning(const sg_schema *schema, size_t i);
int sg_schema_add_warning(sg_schema *schema, const sg_error *warning);

/*
 * Schema-level properties: string key/value pairs about the schema as a whole rather than any
 * one type, such as a Glue table's name, location, storage format and SerDe parameters
 * (docs/formats.md lists the keys each loader sets). Keys are unique; setting an existing key
 * replaces its value; a NULL value removes the key. Strings are copied.
 */
int sg_schema_set_property(sg_schema *schema, const char *key, const char *value);
const char *sg_schema_property(const sg_schema *schema, const char *key); /* NULL if unset */
size_t sg_schema_property_count(const sg_schema *schema);
const char *sg_schema_property_key(const sg_schema *schema, size_t i);
const char *sg_schema_property_value(const sg_schema *schema, size_t i);

/* Equal root types and, unless SG_CMP_IGNORE_METADATA or SG_CMP_IGNORE_PROPERTIES, equal
 * properties. */
bool sg_schema_equal(const sg_schema *a, const sg_schema *b, unsigned flags);

/*
 * Stable fingerprint: lowercase hex SHA-256 (64 characters + NUL) of the compact canonical JSON
 * form under flags. Equal schemas (under the same flags) have equal fingerprints.
 */
int sg_schema_fingerprint(const sg_schema *schema, unsigned flags, char out[65]);

/*
 * The tree view `schemagate show` prints: one line per field, list element, map key/value and
 * union branch, with nullability, defaults, aliases and docs. *out is freed with sg_free().
 */
int sg_schema_to_tree(const sg_schema *schema, char **out);

/* Canonical JSON ----------------------------------------------------------------------------- */

#define SG_JSON_PRETTY 0x100u /* indent by two spaces; otherwise compact */

/*
 * Prints the canonical JSON form (docs/model.md). flags: SG_CMP_* to leave parts out, and
 * SG_JSON_PRETTY. *out is a NUL-terminated string the caller frees with sg_free().
 */
int sg_schema_to_json(const sg_schema *schema, unsigned flags, char **out);

/*
 * Parses the canonical JSON form. source names the input in errors and locations (NULL means
 * "<string>"). Unknown keys are errors. The caller owns *out.
 */
int sg_schema_from_json(sg_schema **out, const char *text, size_t length, const char *source,
                        sg_error *err);

#ifdef __cplusplus
}
#endif

#endif

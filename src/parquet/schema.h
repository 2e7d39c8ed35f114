/*
 * parquet/schema.h: the Parquet schema (a flat, depth-first list of elements) resolved into what
 * readers need: a tree of struct/list/map/primitive nodes with the definition and repetition
 * levels at which each one is present, and one descriptor per leaf column saying how to read
 * its values (the logical type resolved from LogicalType or the legacy ConvertedType). The
 * backward-compatibility rules of LogicalTypes.md for 2-level lists and maps are applied here
 * and only here.
 */
#ifndef SG_PARQUET_SCHEMA_H
#define SG_PARQUET_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet/footer.h"
#include "schemagate/model.h"

/* Repetition levels a schema can have (schema nesting is limited to SG_MAX_DEPTH / 2). */
#define SGP_PQ_MAX_REPETITION 64

/* What a leaf's values mean, resolved from the physical type and its annotations. */
typedef enum sgp_pq_value_kind {
    SGP_PQ_V_BOOLEAN,
    SGP_PQ_V_INT,       /* signed integer in INT32/INT64 (bits says the declared width) */
    SGP_PQ_V_UINT,      /* unsigned integer in INT32/INT64 */
    SGP_PQ_V_FLOAT,     /* FLOAT */
    SGP_PQ_V_DOUBLE,    /* DOUBLE */
    SGP_PQ_V_FLOAT16,   /* FIXED[2] half precision */
    SGP_PQ_V_DECIMAL,   /* unscaled integer in INT32/INT64/FIXED/BYTE_ARRAY */
    SGP_PQ_V_DATE,      /* INT32 days since the epoch */
    SGP_PQ_V_TIME,      /* INT32 millis or INT64 micros/nanos since midnight */
    SGP_PQ_V_TIMESTAMP, /* INT64 since the epoch in unit */
    SGP_PQ_V_INT96,     /* INT96 nanos-of-day + Julian day (a timestamp) */
    SGP_PQ_V_STRING,    /* UTF-8 text (STRING, ENUM, JSON) */
    SGP_PQ_V_BINARY,    /* bytes (unannotated BYTE_ARRAY/FIXED, BSON, unknown logical types) */
    SGP_PQ_V_UUID,      /* FIXED[16] */
    SGP_PQ_V_INTERVAL,  /* FIXED[12]: months, days, millis (little-endian uint32 each) */
} sgp_pq_value_kind;

typedef struct sgp_pq_leaf {
    size_t element; /* index in meta->schema */
    char *path;     /* dotted path of element names, e.g. "a.list.element" */
    int16_t max_def, max_rep;
    /* repeated_def[r] (1 <= r <= max_rep): the definition level at which the r-th repeated
     * ancestor has an entry. An entry with repetition level r continues a list that must
     * have one: it and the entry before it have def >= repeated_def[r]. */
    int16_t repeated_def[SGP_PQ_MAX_REPETITION + 1];
    int32_t physical;    /* SGP_PQ_BOOLEAN.. */
    int32_t type_length; /* FIXED_LEN_BYTE_ARRAY width */
    sgp_pq_value_kind kind;
    int bits;               /* INT/UINT: 8, 16, 32 or 64 */
    int unit;               /* TIME/TIMESTAMP: SGP_PQ_UNIT_* */
    bool utc;               /* TIMESTAMP/TIME adjusted to UTC */
    int precision;          /* DECIMAL */
    int scale;              /* DECIMAL */
    const char *annotation; /* "ENUM", "JSON", "BSON", ... for the model's metadata; may be NULL */
} sgp_pq_leaf;

typedef enum sgp_pq_node_kind {
    SGP_PQ_NODE_PRIMITIVE,
    SGP_PQ_NODE_STRUCT,
    SGP_PQ_NODE_LIST,
    SGP_PQ_NODE_MAP,
} sgp_pq_node_kind;

typedef struct sgp_pq_node sgp_pq_node;
struct sgp_pq_node {
    sgp_pq_node_kind kind;
    const char *name; /* borrowed from the element */
    size_t element;   /* the element this node stands for */
    bool nullable;    /* an OPTIONAL element: the node itself can be null */
    int16_t def;      /* definition level at which the node is present (not null) */
    int16_t rep;      /* repetition level of the node's own instances */
    /* LIST and MAP: the repeated group (or field) holding the entries. */
    int16_t entry_def;      /* def >= entry_def: at least one entry */
    int16_t entry_rep;      /* rep == entry_rep: another entry of the same list/map */
    sgp_pq_node **children; /* STRUCT: fields; LIST: the element; MAP: key, value */
    size_t n_children;
    size_t first_leaf, n_leaves; /* the leaf columns under this node */
};

typedef struct sgp_pq_schema {
    sgp_pq_node *root; /* a STRUCT: the top-level fields */
    sgp_pq_leaf *leaves;
    size_t n_leaves;
} sgp_pq_schema;

/*
 * Resolves the footer's schema. Errors (SG_EINVALID, located by column path) for annotations
 * that cannot apply to their physical type, LIST/MAP groups of a shape no rule accepts, and
 * levels deeper than the model's nesting limit.
 */
int sgp_pq_schema_build(sgp_pq_schema **out, const sgp_pq_file_meta *meta, const char *source,
                        sg_error *err);
void sgp_pq_schema_free(sgp_pq_schema *schema);

/* The model type of one leaf's values (not null: the caller sets nullability). */
int sgp_pq_leaf_model_type(const sgp_pq_leaf *leaf, sg_type **out);

/* The model of the file's data: a struct of the top-level fields. */
int sgp_pq_schema_to_model(const sgp_pq_schema *schema, const sgp_pq_file_meta *meta,
                           const char *source, sg_schema **out, sg_error *err);

#endif

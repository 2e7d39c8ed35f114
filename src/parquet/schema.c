/*
 * parquet/schema.c: resolving the flat Parquet schema into nodes with levels and leaves with
 * value kinds (parquet/schema.h), and the model of the file's data (docs/type-mapping.md,
 * "Parquet"). Shapes follow LogicalTypes.md including its backward-compatibility rules, so files
 * of old parquet-mr, parquet-avro, Hive and Impala read as their writers meant.
 */
#include "parquet/schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/decode.h"
#include "util/limits.h"
#include "util/util.h"

/* ConvertedType values of the format. */
enum {
    CT_UTF8 = 0,
    CT_MAP = 1,
    CT_MAP_KEY_VALUE = 2,
    CT_LIST = 3,
    CT_ENUM = 4,
    CT_DECIMAL = 5,
    CT_DATE = 6,
    CT_TIME_MILLIS = 7,
    CT_TIME_MICROS = 8,
    CT_TIMESTAMP_MILLIS = 9,
    CT_TIMESTAMP_MICROS = 10,
    CT_UINT_8 = 11,
    CT_UINT_64 = 14,
    CT_INT_8 = 15,
    CT_INT_64 = 18,
    CT_JSON = 19,
    CT_BSON = 20,
    CT_INTERVAL = 21,
};

enum { REP_REQUIRED = 0, REP_OPTIONAL = 1, REP_REPEATED = 2 };

typedef struct builder {
    const sgp_pq_file_meta *meta;
    const char *source;
    sg_error *err;
    sgp_pq_schema *schema;
    size_t next;                                     /* next element to consume */
    int depth;                                       /* nodes open, for the nesting limit */
    sgp_buf path;                                    /* dotted path of the element being built */
    int16_t repeated_def[SGP_PQ_MAX_REPETITION + 1]; /* of the repeated nodes open, by level */
} builder;

/* The footer's rule (a typed element with num_children 0 is a leaf), so that the leaves found
 * here are the ones the footer matched with column chunks. */
static bool is_group(const builder *b, size_t element) {
    return sgp_pq_schema_is_group(&b->meta->schema[element], element);
}

static int fail(builder *b, int code, const char *fmt, ...) SGP_PRINTF(3, 4);
static int fail(builder *b, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = sgp_verror(b->err, code, b->source, b->path.data, 0, 0, fmt, ap);
    va_end(ap);
    return rc;
}

static void node_free(sgp_pq_node *node) {
    if (node == NULL) {
        return;
    }
    for (size_t i = 0; i < node->n_children; i++) {
        node_free(node->children[i]);
    }
    free(node->children);
    free(node);
}

void sgp_pq_schema_free(sgp_pq_schema *schema) {
    if (schema == NULL) {
        return;
    }
    node_free(schema->root);
    for (size_t i = 0; i < schema->n_leaves; i++) {
        free(schema->leaves[i].path);
    }
    free(schema->leaves);
    free(schema);
}

static sgp_pq_node *node_new(builder *b, sgp_pq_node_kind kind, size_t element) {
    sgp_pq_node *node = calloc(1, sizeof *node);
    if (node == NULL) {
        sgp_error_nomem(b->err);
        return NULL;
    }
    node->kind = kind;
    node->element = element;
    node->name = b->meta->schema[element].name;
    node->first_leaf = b->schema->n_leaves;
    return node;
}

static int node_add_child(builder *b, sgp_pq_node *parent, sgp_pq_node *child) {
    sgp_pq_node **children = realloc(parent->children, (parent->n_children + 1) * sizeof *children);
    if (children == NULL) {
        node_free(child);
        return sgp_error_nomem(b->err);
    }
    parent->children = children;
    parent->children[parent->n_children++] = child;
    return SG_OK;
}

/* --- leaves: value kinds from LogicalType, else ConvertedType, else the physical type --- */

static bool physical_is(const sgp_pq_leaf *leaf, int32_t a, int32_t b) {
    return leaf->physical == a || leaf->physical == b;
}

static void physical_default(sgp_pq_leaf *leaf) {
    switch (leaf->physical) {
    case SGP_PQ_BOOLEAN:
        leaf->kind = SGP_PQ_V_BOOLEAN;
        break;
    case SGP_PQ_INT32:
        leaf->kind = SGP_PQ_V_INT;
        leaf->bits = 32;
        break;
    case SGP_PQ_INT64:
        leaf->kind = SGP_PQ_V_INT;
        leaf->bits = 64;
        break;
    case SGP_PQ_INT96:
        leaf->kind = SGP_PQ_V_INT96;
        leaf->unit = SGP_PQ_UNIT_NANOS;
        leaf->utc = true;
        break;
    case SGP_PQ_FLOAT:
        leaf->kind = SGP_PQ_V_FLOAT;
        break;
    case SGP_PQ_DOUBLE:
        leaf->kind = SGP_PQ_V_DOUBLE;
        break;
    default:
        leaf->kind = SGP_PQ_V_BINARY;
        break;
    }
}

/* Decimal digits that fit in a two's complement integer of n bytes: floor((8n-1) log10 2). */
static int max_decimal_digits(int32_t bytes) {
    if (bytes > 256) {
        return INT32_MAX; /* more than SG_PQ_MAX_DECIMAL_DIGITS, which bounds the rest */
    }
    return (int)((8.0 * bytes - 1) * 0.30102999566398119521);
}

static int resolve_decimal(builder *b, sgp_pq_leaf *leaf, int32_t precision, int32_t scale) {
    int max_precision;
    switch (leaf->physical) {
    case SGP_PQ_INT32:
        max_precision = 9;
        break;
    case SGP_PQ_INT64:
        max_precision = 18;
        break;
    case SGP_PQ_FIXED_LEN_BYTE_ARRAY:
        max_precision = max_decimal_digits(leaf->type_length);
        break;
    case SGP_PQ_BYTE_ARRAY:
        max_precision = INT32_MAX;
        break;
    default:
        return fail(b, SG_EINVALID, "DECIMAL cannot annotate %s", sgp_pq_type_name(leaf->physical));
    }
    if (precision < 1 || scale < 0 || scale > precision) {
        return fail(b, SG_EINVALID, "DECIMAL(%d,%d): precision must be >= 1 and scale in 0..%d",
                    (int)precision, (int)scale, (int)precision);
    }
    if (precision > max_precision) {
        return fail(b, SG_EINVALID, "DECIMAL(%d,%d) does not fit in %s (at most %d digits)",
                    (int)precision, (int)scale, sgp_pq_type_name(leaf->physical), max_precision);
    }
    if (precision > SG_PQ_MAX_DECIMAL_DIGITS) {
        return fail(b, SG_ELIMIT, "DECIMAL(%d,%d): more than %d digits", (int)precision, (int)scale,
                    SG_PQ_MAX_DECIMAL_DIGITS);
    }
    leaf->kind = SGP_PQ_V_DECIMAL;
    leaf->precision = precision;
    leaf->scale = scale;
    return SG_OK;
}

static int wrong_physical(builder *b, const sgp_pq_leaf *leaf, const char *annotation) {
    return fail(b, SG_EINVALID, "%s cannot annotate %s%s", annotation,
                sgp_pq_type_name(leaf->physical),
                leaf->physical == SGP_PQ_FIXED_LEN_BYTE_ARRAY ? " of this length" : "");
}

static int resolve_logical(builder *b, const sgp_pq_schema_element *el, sgp_pq_leaf *leaf) {
    const sgp_pq_logical_type *lt = &el->logical;
    const char *name = sgp_pq_logical_type_name(lt->kind);
    switch (lt->kind) {
    case SGP_PQ_LT_STRING:
    case SGP_PQ_LT_ENUM:
    case SGP_PQ_LT_JSON:
        if (leaf->physical != SGP_PQ_BYTE_ARRAY) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_STRING;
        leaf->annotation = lt->kind == SGP_PQ_LT_STRING ? NULL : name;
        return SG_OK;
    case SGP_PQ_LT_BSON:
    case SGP_PQ_LT_GEOMETRY:
    case SGP_PQ_LT_GEOGRAPHY:
        if (leaf->physical != SGP_PQ_BYTE_ARRAY) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_BINARY;
        leaf->annotation = name;
        return SG_OK;
    case SGP_PQ_LT_DECIMAL:
        return resolve_decimal(b, leaf, lt->precision, lt->scale);
    case SGP_PQ_LT_DATE:
        if (leaf->physical != SGP_PQ_INT32) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_DATE;
        return SG_OK;
    case SGP_PQ_LT_TIME:
    case SGP_PQ_LT_TIMESTAMP:
        if (lt->unit < SGP_PQ_UNIT_MILLIS || lt->unit > SGP_PQ_UNIT_NANOS) {
            return fail(b, SG_EINVALID, "%s has no known time unit", name);
        }
        if (lt->kind == SGP_PQ_LT_TIME
                ? (lt->unit == SGP_PQ_UNIT_MILLIS) != (leaf->physical == SGP_PQ_INT32) ||
                      !physical_is(leaf, SGP_PQ_INT32, SGP_PQ_INT64)
                : leaf->physical != SGP_PQ_INT64) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = lt->kind == SGP_PQ_LT_TIME ? SGP_PQ_V_TIME : SGP_PQ_V_TIMESTAMP;
        leaf->unit = lt->unit;
        leaf->utc = lt->adjusted_to_utc;
        return SG_OK;
    case SGP_PQ_LT_INTEGER: {
        int bits = lt->bit_width;
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            return fail(b, SG_EINVALID, "INTEGER bit width %d (must be 8, 16, 32 or 64)", bits);
        }
        if ((bits == 64) != (leaf->physical == SGP_PQ_INT64) ||
            !physical_is(leaf, SGP_PQ_INT32, SGP_PQ_INT64)) {
            return wrong_physical(b, leaf, "INTEGER");
        }
        leaf->kind = lt->is_signed ? SGP_PQ_V_INT : SGP_PQ_V_UINT;
        leaf->bits = bits;
        return SG_OK;
    }
    case SGP_PQ_LT_UUID:
        if (leaf->physical != SGP_PQ_FIXED_LEN_BYTE_ARRAY || leaf->type_length != 16) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_UUID;
        return SG_OK;
    case SGP_PQ_LT_FLOAT16:
        if (leaf->physical != SGP_PQ_FIXED_LEN_BYTE_ARRAY || leaf->type_length != 2) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_FLOAT16;
        return SG_OK;
    case SGP_PQ_LT_MAP:
    case SGP_PQ_LT_LIST:
    case SGP_PQ_LT_VARIANT:
        return fail(b, SG_EINVALID, "%s annotates a group, not a %s column", name,
                    sgp_pq_type_name(leaf->physical));
    default:
        /* UNKNOWN (always null) and logical types newer than this reader: the physical type
         * says how to read the values. */
        physical_default(leaf);
        return SG_OK;
    }
}

static int resolve_converted(builder *b, const sgp_pq_schema_element *el, sgp_pq_leaf *leaf) {
    int32_t ct = el->converted_type;
    const char *name = sgp_pq_converted_type_name(ct);
    switch (ct) {
    case CT_UTF8:
    case CT_ENUM:
    case CT_JSON:
        if (leaf->physical != SGP_PQ_BYTE_ARRAY) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_STRING;
        leaf->annotation = ct == CT_UTF8 ? NULL : name;
        return SG_OK;
    case CT_BSON:
        if (leaf->physical != SGP_PQ_BYTE_ARRAY) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_BINARY;
        leaf->annotation = name;
        return SG_OK;
    case CT_DECIMAL:
        if (!el->has_precision) {
            return fail(b, SG_EINVALID, "DECIMAL without a precision");
        }
        return resolve_decimal(b, leaf, el->precision, el->has_scale ? el->scale : 0);
    case CT_DATE:
        if (leaf->physical != SGP_PQ_INT32) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_DATE;
        return SG_OK;
    case CT_TIME_MILLIS:
    case CT_TIME_MICROS:
    case CT_TIMESTAMP_MILLIS:
    case CT_TIMESTAMP_MICROS: {
        bool time = ct == CT_TIME_MILLIS || ct == CT_TIME_MICROS;
        int32_t want = ct == CT_TIME_MILLIS ? SGP_PQ_INT32 : SGP_PQ_INT64;
        if (leaf->physical != want) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = time ? SGP_PQ_V_TIME : SGP_PQ_V_TIMESTAMP;
        leaf->unit = (ct == CT_TIME_MILLIS || ct == CT_TIMESTAMP_MILLIS) ? SGP_PQ_UNIT_MILLIS
                                                                         : SGP_PQ_UNIT_MICROS;
        /* The legacy types are instants (LogicalTypes.md: isAdjustedToUTC = true). */
        leaf->utc = true;
        return SG_OK;
    }
    case CT_INTERVAL:
        if (leaf->physical != SGP_PQ_FIXED_LEN_BYTE_ARRAY || leaf->type_length != 12) {
            return wrong_physical(b, leaf, name);
        }
        leaf->kind = SGP_PQ_V_INTERVAL;
        return SG_OK;
    default:
        if (ct >= CT_UINT_8 && ct <= CT_INT_64) {
            bool is_signed = ct >= CT_INT_8;
            int bits = 8 << (is_signed ? ct - CT_INT_8 : ct - CT_UINT_8);
            if ((bits == 64) != (leaf->physical == SGP_PQ_INT64) ||
                !physical_is(leaf, SGP_PQ_INT32, SGP_PQ_INT64)) {
                return wrong_physical(b, leaf, name);
            }
            leaf->kind = is_signed ? SGP_PQ_V_INT : SGP_PQ_V_UINT;
            leaf->bits = bits;
            return SG_OK;
        }
        if (ct == CT_MAP || ct == CT_MAP_KEY_VALUE || ct == CT_LIST) {
            return fail(b, SG_EINVALID, "%s annotates a group, not a %s column", name,
                        sgp_pq_type_name(leaf->physical));
        }
        /* A converted type newer than this reader: read the physical type. */
        physical_default(leaf);
        return SG_OK;
    }
}

static int add_leaf(builder *b, size_t element, int16_t def, int16_t rep, sgp_pq_node **out) {
    const sgp_pq_schema_element *el = &b->meta->schema[element];
    sgp_pq_schema *s = b->schema;
    if (s->n_leaves >= b->meta->n_leaves) {
        return fail(b, SG_EINTERNAL, "more leaves than the footer counted");
    }
    sgp_pq_leaf *leaf = &s->leaves[s->n_leaves];
    memset(leaf, 0, sizeof *leaf);
    leaf->element = element;
    leaf->max_def = def;
    leaf->max_rep = rep;
    memcpy(leaf->repeated_def, b->repeated_def, sizeof leaf->repeated_def);
    leaf->physical = el->type;
    leaf->type_length = el->has_type_length ? el->type_length : 0;
    if (leaf->physical == SGP_PQ_FIXED_LEN_BYTE_ARRAY && leaf->type_length <= 0) {
        return fail(b, SG_EINVALID, "FIXED_LEN_BYTE_ARRAY needs a type_length > 0, not %d",
                    (int)leaf->type_length);
    }
    int rc;
    if (el->logical.kind != SGP_PQ_LT_NONE) {
        rc = resolve_logical(b, el, leaf);
    } else if (el->has_converted_type) {
        rc = resolve_converted(b, el, leaf);
    } else {
        physical_default(leaf);
        rc = SG_OK;
    }
    if (rc != SG_OK) {
        return rc;
    }
    sgp_pq_node *node = node_new(b, SGP_PQ_NODE_PRIMITIVE, element);
    if (node == NULL) {
        return SG_ENOMEM;
    }
    /* The path last: sgp_pq_schema_free frees the paths of counted leaves only. */
    if ((leaf->path = sgp_strdup(b->path.data)) == NULL) {
        node_free(node);
        return sgp_error_nomem(b->err);
    }
    node->def = def;
    node->rep = rep;
    node->n_leaves = 1;
    s->n_leaves++;
    *out = node;
    return SG_OK;
}

/* --- the tree --- */

static int build_element(builder *b, int16_t parent_def, int16_t parent_rep, bool in_entry,
                         sgp_pq_node **out);

/* Builds the children of the group at element into a STRUCT node present at (def, rep). */
static int build_struct(builder *b, size_t element, int16_t def, int16_t rep, sgp_pq_node **out) {
    const sgp_pq_schema_element *el = &b->meta->schema[element];
    if (el->num_children <= 0) {
        return fail(b, SG_EUNSUPPORTED, "a group without fields cannot be read");
    }
    sgp_pq_node *node = node_new(b, SGP_PQ_NODE_STRUCT, element);
    if (node == NULL) {
        return SG_ENOMEM;
    }
    node->def = def;
    node->rep = rep;
    for (int32_t i = 0; i < el->num_children; i++) {
        sgp_pq_node *child = NULL;
        int rc = build_element(b, def, rep, false, &child);
        if (rc == SG_OK) {
            rc = node_add_child(b, node, child);
        }
        if (rc != SG_OK) {
            node_free(node);
            return rc;
        }
    }
    node->n_leaves = b->schema->n_leaves - node->first_leaf;
    *out = node;
    return SG_OK;
}

static bool annotated(const sgp_pq_schema_element *el, int logical, int converted);
static int build_list(builder *b, size_t element, int16_t def, int16_t rep, sgp_pq_node **out);
static int build_map(builder *b, size_t element, int16_t def, int16_t rep, sgp_pq_node **out);

/* A repeated element that is itself the entry of a list (2-level list or bare repeated field),
 * already consumed, present at (def, rep): read by its own annotation, as if it were required. */
static int build_entry_node(builder *b, size_t element, int16_t def, int16_t rep,
                            sgp_pq_node **out) {
    const sgp_pq_schema_element *el = &b->meta->schema[element];
    if (!is_group(b, element)) {
        return add_leaf(b, element, def, rep, out);
    }
    if (annotated(el, SGP_PQ_LT_LIST, CT_LIST)) {
        return build_list(b, element, def, rep, out);
    }
    if (annotated(el, SGP_PQ_LT_MAP, CT_MAP) ||
        (el->logical.kind == SGP_PQ_LT_NONE && el->has_converted_type &&
         el->converted_type == CT_MAP_KEY_VALUE)) {
        return build_map(b, element, def, rep, out);
    }
    return build_struct(b, element, def, rep, out);
}

/* build_entry_node within the nesting limit: 2-level lists of lists recurse here without
 * passing through build_element. */
static int build_entry(builder *b, size_t element, int16_t def, int16_t rep, sgp_pq_node **out) {
    if (++b->depth > SG_MAX_DEPTH / 2 || rep > SGP_PQ_MAX_REPETITION) {
        b->depth--;
        return fail(b, SG_ELIMIT, "schema nested deeper than %d levels", SG_MAX_DEPTH / 2);
    }
    int rc = build_entry_node(b, element, def, rep, out);
    b->depth--;
    return rc;
}

static size_t path_enter(builder *b, const char *name) {
    size_t mark = b->path.len;
    if (mark > 0) {
        sgp_buf_append(&b->path, ".", 1);
    }
    sgp_buf_append(&b->path, name, strlen(name));
    return mark;
}

static void path_leave(builder *b, size_t mark) {
    b->path.len = mark;
    if (b->path.data != NULL) {
        b->path.data[mark] = '\0';
    }
}

/* LIST-annotated group at element (present at def/rep): one repeated child, per the rules. */
static int build_list(builder *b, size_t element, int16_t def, int16_t rep, sgp_pq_node **out) {
    const sgp_pq_schema_element *el = &b->meta->schema[element];
    const sgp_pq_schema_element *entry = &b->meta->schema[b->next];
    if (el->num_children != 1 || entry->repetition != REP_REPEATED) {
        return fail(b, SG_EINVALID, "a LIST group must have exactly one repeated field");
    }
    size_t entry_index = b->next++;
    size_t mark = path_enter(b, entry->name);
    int16_t entry_def = (int16_t)(def + 1), entry_rep = (int16_t)(rep + 1);
    if (entry_rep > SGP_PQ_MAX_REPETITION) {
        return fail(b, SG_ELIMIT, "lists nested deeper than %d levels", SGP_PQ_MAX_REPETITION);
    }
    sgp_pq_node *node = node_new(b, SGP_PQ_NODE_LIST, element);
    if (node == NULL) {
        return SG_ENOMEM;
    }
    node->def = def;
    node->rep = rep;
    node->entry_def = entry_def;
    b->repeated_def[entry_rep] = entry_def;
    node->entry_rep = entry_rep;
    sgp_pq_node *item = NULL;
    int rc;
    /* The backward-compatibility rules of LogicalTypes.md: the element is the repeated field
     * itself (2-level list) when it is primitive (rule 1), a group of several fields (2), a
     * one-field group whose field is repeated (3), or a one-field group named "array" or
     * "<list>_tuple" (4: parquet-avro and parquet-thrift). Otherwise it is the repeated group's
     * only field (5: the 3-level list, whatever the names). */
    size_t name_len = strlen(el->name);
    bool two_level = !is_group(b, entry_index) || entry->num_children != 1 ||
                     b->meta->schema[entry_index + 1].repetition == REP_REPEATED ||
                     strcmp(entry->name, "array") == 0 ||
                     (strncmp(entry->name, el->name, name_len) == 0 &&
                      strcmp(entry->name + name_len, "_tuple") == 0);
    if (two_level) {
        rc = build_entry(b, entry_index, entry_def, entry_rep, &item);
    } else {
        rc = build_element(b, entry_def, entry_rep, true, &item);
    }
    path_leave(b, mark);
    if (rc == SG_OK) {
        rc = node_add_child(b, node, item);
    }
    if (rc != SG_OK) {
        node_free(node);
        return rc;
    }
    node->n_leaves = b->schema->n_leaves - node->first_leaf;
    *out = node;
    return SG_OK;
}

/* MAP (or MAP_KEY_VALUE) group: one repeated group of a key and a value. */
static int build_map(builder *b, size_t element, int16_t def, int16_t rep, sgp_pq_node **out) {
    const sgp_pq_schema_element *el = &b->meta->schema[element];
    const sgp_pq_schema_element *entry = &b->meta->schema[b->next];
    if (el->num_children != 1 || entry->repetition != REP_REPEATED || !is_group(b, b->next) ||
        entry->num_children < 1 || entry->num_children > 2) {
        return fail(b, SG_EINVALID,
                    "a MAP group must have exactly one repeated group of a key and a value");
    }
    if (rep + 1 > SGP_PQ_MAX_REPETITION) {
        return fail(b, SG_ELIMIT, "maps nested deeper than %d levels", SGP_PQ_MAX_REPETITION);
    }
    b->next++;
    size_t mark = path_enter(b, entry->name);
    sgp_pq_node *node = node_new(b, SGP_PQ_NODE_MAP, element);
    if (node == NULL) {
        return SG_ENOMEM;
    }
    node->def = def;
    node->rep = rep;
    node->entry_def = (int16_t)(def + 1);
    node->entry_rep = (int16_t)(rep + 1);
    b->repeated_def[node->entry_rep] = node->entry_def;
    int rc = SG_OK;
    /* The value may be omitted (LogicalTypes.md): then every value is null. */
    for (int32_t i = 0; i < entry->num_children && rc == SG_OK; i++) {
        sgp_pq_node *part = NULL;
        rc = build_element(b, node->entry_def, node->entry_rep, false, &part);
        if (rc == SG_OK) {
            rc = node_add_child(b, node, part);
        }
    }
    path_leave(b, mark);
    if (rc != SG_OK) {
        node_free(node);
        return rc;
    }
    node->n_leaves = b->schema->n_leaves - node->first_leaf;
    *out = node;
    return SG_OK;
}

static bool annotated(const sgp_pq_schema_element *el, int logical, int converted) {
    if (el->logical.kind != SGP_PQ_LT_NONE) {
        return el->logical.kind == logical;
    }
    return el->has_converted_type && el->converted_type == converted;
}

static int build_element(builder *b, int16_t parent_def, int16_t parent_rep, bool in_entry,
                         sgp_pq_node **out) {
    (void)in_entry;
    if (b->next >= b->meta->n_schema) {
        return fail(b, SG_EINVALID, "the schema ends inside a group");
    }
    if (++b->depth > SG_MAX_DEPTH / 2) {
        return fail(b, SG_ELIMIT, "schema nested deeper than %d levels", SG_MAX_DEPTH / 2);
    }
    size_t element = b->next++;
    const sgp_pq_schema_element *el = &b->meta->schema[element];
    size_t mark = path_enter(b, el->name);
    int16_t def = parent_def, rep = parent_rep;
    int rc;
    if (el->repetition == REP_REPEATED) {
        /* A repeated field outside a LIST or MAP group: a list of required elements that is
         * never null (an absent field is an empty list). */
        sgp_pq_node *node =
            rep + 1 > SGP_PQ_MAX_REPETITION ? NULL : node_new(b, SGP_PQ_NODE_LIST, element);
        if (rep + 1 > SGP_PQ_MAX_REPETITION) {
            rc = fail(b, SG_ELIMIT, "lists nested deeper than %d levels", SGP_PQ_MAX_REPETITION);
        } else if (node == NULL) {
            rc = SG_ENOMEM;
        } else {
            node->def = def;
            node->rep = rep;
            node->entry_def = (int16_t)(def + 1);
            node->entry_rep = (int16_t)(rep + 1);
            b->repeated_def[node->entry_rep] = node->entry_def;
            sgp_pq_node *item = NULL;
            rc = build_entry(b, element, node->entry_def, node->entry_rep, &item);
            if (rc == SG_OK) {
                rc = node_add_child(b, node, item);
            }
            if (rc == SG_OK) {
                node->n_leaves = b->schema->n_leaves - node->first_leaf;
                *out = node;
            } else {
                node_free(node);
            }
        }
    } else {
        bool nullable = el->repetition == REP_OPTIONAL;
        def = (int16_t)(def + (nullable ? 1 : 0));
        if (!is_group(b, element)) {
            rc = add_leaf(b, element, def, rep, out);
        } else if (annotated(el, SGP_PQ_LT_LIST, CT_LIST)) {
            rc = build_list(b, element, def, rep, out);
        } else if (annotated(el, SGP_PQ_LT_MAP, CT_MAP) ||
                   (el->logical.kind == SGP_PQ_LT_NONE && el->has_converted_type &&
                    el->converted_type == CT_MAP_KEY_VALUE)) {
            /* MAP_KEY_VALUE on a group that is not inside a MAP is read as a MAP. */
            rc = build_map(b, element, def, rep, out);
        } else {
            rc = build_struct(b, element, def, rep, out);
        }
        if (rc == SG_OK) {
            (*out)->nullable = nullable;
        }
    }
    path_leave(b, mark);
    b->depth--;
    return rc;
}

int sgp_pq_schema_build(sgp_pq_schema **out, const sgp_pq_file_meta *meta, const char *source,
                        sg_error *err) {
    *out = NULL;
    builder b = {meta, source, err, NULL, 1, 0, SGP_BUF_INIT, {0}};
    if (meta->n_schema == 0) {
        return sgp_error(err, SG_EINVALID, source, NULL, 0, 0, "footer: the schema is empty");
    }
    b.schema = calloc(1, sizeof *b.schema);
    if (b.schema == NULL) {
        return sgp_error_nomem(err);
    }
    if (meta->n_leaves > 0 &&
        (b.schema->leaves = calloc(meta->n_leaves, sizeof *b.schema->leaves)) == NULL) {
        free(b.schema);
        return sgp_error_nomem(err);
    }
    sgp_buf_append(&b.path, "", 0);
    int rc = b.path.failed ? sgp_error_nomem(err) : build_struct(&b, 0, 0, 0, &b.schema->root);
    if (rc == SG_OK && b.path.failed) {
        rc = sgp_error_nomem(err);
    }
    if (rc == SG_OK && (b.next != meta->n_schema || b.schema->n_leaves != meta->n_leaves)) {
        rc = sgp_error(err, SG_EINTERNAL, source, NULL, 0, 0,
                       "footer: schema walk ended at element %zu of %zu", b.next, meta->n_schema);
    }
    sgp_buf_free(&b.path);
    if (rc != SG_OK) {
        sgp_pq_schema_free(b.schema);
        return rc;
    }
    *out = b.schema;
    return SG_OK;
}

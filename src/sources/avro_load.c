/*
 * sources/avro_load.c: Avro schema JSON (.avsc) into the model.
 *
 * Three passes, in this order because of what Avro C can and cannot do (see
 * ../shared/reference/c-libraries-notes.md):
 *  1. jansson parses the text (duplicate keys rejected) and this file walks it, applying the
 *     Avro specification's rules that Avro C skips (names, duplicates, defaults, fixed sizes,
 *     union branches, recursion) and reading what Avro C drops (logical types, defaults, docs,
 *     aliases, order, extra properties). This builds the model. It must run before Avro C,
 *     which leaks and misreports on a type defined twice.
 *  2. Avro C parses the same text, so a schema we accept is one the Avro C library accepts.
 *  3. The model and Avro C's tree are walked together; any disagreement is a bug (ours or
 *     Avro C's) and is reported as an internal error rather than silently trusted.
 */
#include <avro.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sources/avro_internal.h"
#include "util/json.h"
#include "util/limits.h"
#include "util/strmap.h"
#include "util/util.h"

typedef struct named_type {
    char *fullname;
    char *pointer;       /* where it is defined */
    const sg_type *type; /* NULL while its definition is still being read */
    size_t nodes;        /* type nodes in its definition, which each reference copies */
    int height;          /* levels below its root (0 for an enum or fixed) */
} named_type;

typedef struct loader {
    sgp_cursor cur;
    named_type *names;
    size_t name_count;
    size_t name_cap;
    sgp_strmap name_index; /* full name -> position in names */
    size_t nodes;          /* type nodes created so far, copies of named types included */
    sg_error *warnings;
    size_t warning_count;
    size_t warning_cap;
} loader;

/* Avro C keeps its error text in one static buffer: one caller at a time. */
static pthread_mutex_t avro_c_lock = PTHREAD_MUTEX_INITIALIZER;

/* Messages, warnings, pointers ------------------------------------------------------------- */

static void warn(loader *L, const char *fmt, ...) SGP_PRINTF(2, 3);

static void warn(loader *L, const char *fmt, ...) {
    if (!sgp_reserve((void **)&L->warnings, &L->warning_cap, L->warning_count + 1,
                     sizeof(sg_error))) {
        return; /* a warning lost to memory pressure is not worth failing the load */
    }
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(&L->warnings[L->warning_count], SG_OK, L->cur.source,
               L->cur.pointer[0] ? L->cur.pointer : "/", 0, 0, fmt, ap);
    va_end(ap);
    L->warnings[L->warning_count].code = SG_OK;
    L->warning_count++;
}

#define FAIL(...) sgp_cursor_fail(&L->cur, __VA_ARGS__)

/* Runs a failing check one level down (at key) and restores the pointer. */
static int fail_at(loader *L, const char *key, int code, const char *message) {
    size_t saved = sgp_cursor_push(&L->cur, key);
    int rc = FAIL(code, "%s", message);
    sgp_cursor_pop(&L->cur, saved);
    return rc;
}

/* SG_ELIMIT (at key, when not NULL) for a name, namespace, symbol or alias past
 * SG_MAX_NAME_BYTES; SG_OK otherwise. */
static int check_name_length(loader *L, const char *key, const char *text, const char *what) {
    if (strlen(text) <= SG_MAX_NAME_BYTES) {
        return SG_OK;
    }
    size_t saved = key ? sgp_cursor_push(&L->cur, key) : 0;
    int rc = FAIL(SG_ELIMIT, "%s longer than the limit of %d bytes", what, SG_MAX_NAME_BYTES);
    if (key) {
        sgp_cursor_pop(&L->cur, saved);
    }
    return rc;
}

static const char *json_kind(const json_t *value) {
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

/* Compact JSON of a value for messages, shortened to fit. */
static void json_excerpt(const json_t *value, char *buf, size_t size) {
    char *text = sgp_json_dump(value);
    if (!text) {
        snprintf(buf, size, "(value)");
        return;
    }
    if (strlen(text) >= size) {
        snprintf(buf, size, "%.*s...", (int)(size - 4), text);
    } else {
        snprintf(buf, size, "%s", text);
    }
    free(text);
}

/* Names --------------------------------------------------------------------------------------- */

static named_type *lookup(const loader *L, const char *fullname) {
    size_t at;
    return sgp_strmap_get(&L->name_index, fullname, &at) ? &L->names[at] : NULL;
}

/* Full name of a reference or definition: dotted names are already full; others take ns. */
static char *make_fullname(const char *name, const char *ns) {
    if (strchr(name, '.') || !ns || !*ns) {
        return sgp_strdup(name);
    }
    size_t n = strlen(ns) + 1 + strlen(name) + 1;
    char *full = malloc(n);
    if (full) {
        snprintf(full, n, "%s.%s", ns, name);
    }
    return full;
}

static int register_name(loader *L, char *fullname) {
    if (!sgp_reserve((void **)&L->names, &L->name_cap, L->name_count + 1, sizeof(named_type))) {
        free(fullname);
        return FAIL(SG_ENOMEM, "out of memory");
    }
    if (sgp_strmap_add(&L->name_index, fullname, L->name_count, NULL) != SG_OK) {
        free(fullname);
        return FAIL(SG_ENOMEM, "out of memory");
    }
    named_type *entry = &L->names[L->name_count++];
    memset(entry, 0, sizeof *entry);
    entry->fullname = fullname;
    entry->pointer = sgp_strdup(L->cur.pointer[0] ? L->cur.pointer : "/");
    return SG_OK;
}

/* Counts the nodes of a finished definition and measures its height (both bounded: the tree
 * was built within SG_MAX_TYPE_NODES and SG_MAX_DEPTH). */
static size_t count_nodes(const sg_type *type, int *height) {
    size_t nodes = 1;
    int below = -1;
    for (size_t i = 0; i < sg_type_child_count(type); i++) {
        int h;
        nodes += count_nodes(sg_type_child(type, i), &h);
        below = h > below ? h : below;
    }
    for (size_t i = 0; i < sg_type_field_count(type); i++) {
        int h;
        nodes += count_nodes(sg_field_type(sg_type_field(type, i)), &h);
        below = h > below ? h : below;
    }
    *height = below + 1;
    return nodes;
}

static void finish_name(loader *L, const char *fullname, const sg_type *type) {
    named_type *entry = lookup(L, fullname);
    if (entry) {
        entry->type = type;
        entry->nodes = count_nodes(type, &entry->height);
    }
}

/* Reads "name"/"namespace" of a named type and registers it. *ns_out is the type's namespace
 * ("" for none) and *short_out its simple name, both owned by the caller. */
static int define_name(loader *L, json_t *object, const char *enclosing_ns, const char *what,
                       char **short_out, char **ns_out, char **full_out) {
    *short_out = *ns_out = *full_out = NULL;
    json_t *name_json = json_object_get(object, "name");
    if (!name_json) {
        return FAIL(SG_EINVALID, "%s without required \"name\"", what);
    }
    if (!json_is_string(name_json)) {
        return fail_at(L, "name", SG_EINVALID, "\"name\" must be a string");
    }
    const char *name = json_string_value(name_json);
    json_t *ns_json = json_object_get(object, "namespace");
    if (ns_json && !json_is_string(ns_json) && !json_is_null(ns_json)) {
        return fail_at(L, "namespace", SG_EINVALID, "\"namespace\" must be a string");
    }
    int too_long = check_name_length(L, "name", name, "name");
    if (too_long == SG_OK && json_is_string(ns_json)) {
        too_long = check_name_length(L, "namespace", json_string_value(ns_json), "namespace");
    }
    if (too_long != SG_OK) {
        return too_long;
    }
    const char *dot = strrchr(name, '.');
    char *ns;
    if (dot) {
        /* A dotted name is a full name; the spec says "namespace" is then ignored. */
        if (!sgp_avro_fullname_valid(name)) {
            size_t saved = sgp_cursor_push(&L->cur, "name");
            int rc = FAIL(SG_EINVALID,
                          "invalid full name \"%s\": each dot-separated part must match "
                          "[A-Za-z_][A-Za-z0-9_]*",
                          name);
            sgp_cursor_pop(&L->cur, saved);
            return rc;
        }
        ns = sgp_strndup(name, (size_t)(dot - name));
        name = dot + 1;
    } else {
        if (!sgp_avro_name_valid(name)) {
            size_t saved = sgp_cursor_push(&L->cur, "name");
            int rc = FAIL(SG_EINVALID,
                          "invalid name \"%s\": names must match [A-Za-z_][A-Za-z0-9_]*", name);
            sgp_cursor_pop(&L->cur, saved);
            return rc;
        }
        const char *given = json_is_string(ns_json) ? json_string_value(ns_json) : NULL;
        if (given && !sgp_avro_namespace_valid(given)) {
            size_t saved = sgp_cursor_push(&L->cur, "namespace");
            int rc = FAIL(SG_EINVALID,
                          "invalid namespace \"%s\": each dot-separated part must match "
                          "[A-Za-z_][A-Za-z0-9_]*",
                          given);
            sgp_cursor_pop(&L->cur, saved);
            return rc;
        }
        ns = sgp_strdup(given ? given : enclosing_ns);
    }
    if (!ns) {
        return FAIL(SG_ENOMEM, "out of memory");
    }
    if (sgp_avro_is_primitive(name)) {
        /* The spec: primitive type names "may not be defined in any namespace". */
        free(ns);
        size_t saved = sgp_cursor_push(&L->cur, "name");
        int rc = FAIL(SG_EINVALID,
                      "a named type cannot take the name of a primitive type (\"%s\"), in any "
                      "namespace",
                      name);
        sgp_cursor_pop(&L->cur, saved);
        return rc;
    }
    char *full = make_fullname(name, ns);
    char *short_name = sgp_strdup(name);
    if (!full || !short_name) {
        free(ns);
        free(full);
        free(short_name);
        return FAIL(SG_ENOMEM, "out of memory");
    }
    const named_type *existing = lookup(L, full);
    if (existing) {
        int rc = FAIL(SG_EINVALID, "type \"%s\" is already defined at %s", full,
                      existing->pointer ? existing->pointer : "?");
        free(ns);
        free(full);
        free(short_name);
        return rc;
    }
    char *registered = sgp_strdup(full);
    int rc = registered ? register_name(L, registered) : FAIL(SG_ENOMEM, "out of memory");
    if (rc != SG_OK) {
        free(ns);
        free(full);
        free(short_name);
        return rc;
    }
    *short_out = short_name;
    *ns_out = ns;
    *full_out = full;
    return SG_OK;
}

/* Reads "doc" and "aliases" of a named type into the node. */
static int read_named_extras(loader *L, json_t *object, sg_type *type) {
    json_t *doc = json_object_get(object, "doc");
    if (doc) {
        if (!json_is_string(doc)) {
            return fail_at(L, "doc", SG_EINVALID, "\"doc\" must be a string");
        }
        if (sg_type_set_doc(type, json_string_value(doc)) != SG_OK) {
            return FAIL(SG_ENOMEM, "out of memory");
        }
    }
    json_t *aliases = json_object_get(object, "aliases");
    if (!aliases) {
        return SG_OK;
    }
    size_t saved = sgp_cursor_push(&L->cur, "aliases");
    int rc = SG_OK;
    if (!json_is_array(aliases)) {
        rc = FAIL(SG_EINVALID, "\"aliases\" must be an array of names");
    }
    size_t i;
    json_t *alias;
    json_array_foreach(aliases, i, alias) {
        if (rc != SG_OK) {
            break;
        }
        size_t at = sgp_cursor_push_index(&L->cur, i);
        if (json_is_string(alias) &&
            (rc = check_name_length(L, NULL, json_string_value(alias), "alias")) != SG_OK) {
            /* reported */
        } else if (!json_is_string(alias) || !sgp_avro_fullname_valid(json_string_value(alias))) {
            rc = FAIL(SG_EINVALID, "an alias must be a valid (full) name");
        } else if (sg_type_add_alias(type, json_string_value(alias)) != SG_OK) {
            rc = FAIL(SG_ENOMEM, "out of memory");
        }
        sgp_cursor_pop(&L->cur, at);
    }
    sgp_cursor_pop(&L->cur, saved);
    return rc;
}

/* Every key of object not in known becomes a metadata entry of the node or field. */
static int keep_extra_keys(loader *L, json_t *object, const char *const *known, sg_type *type,
                           sg_field *field) {
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value) {
        bool is_known = false;
        for (const char *const *k = known; *k && !is_known; k++) {
            is_known = strcmp(*k, key) == 0;
        }
        if (is_known) {
            continue;
        }
        char *text = sgp_json_dump(value);
        int rc = !text  ? SG_ENOMEM
                 : type ? sg_type_add_metadata(type, key, text)
                        : sg_field_add_metadata(field, key, text);
        free(text);
        if (rc != SG_OK) {
            return FAIL(rc, "cannot keep property \"%s\"", key);
        }
    }
    return SG_OK;
}

/* Logical types ------------------------------------------------------------------------------ */

/* What a logical type turns an Avro type into. */
typedef struct logical {
    sg_kind kind;
    sg_time_unit unit;
    bool utc;
    int precision;
    int scale;
    bool applied; /* false: no logical type, or one we ignore as the spec says */
} logical;

/* Largest decimal precision a two's-complement number of size bytes can hold:
 * floor(log10(2^(8*size-1) - 1)), computed without libm. */
static int64_t max_fixed_precision(int64_t size) {
    if (size <= 0) {
        return 0;
    }
    if (size > 1000000) {
        return INT32_MAX;
    }
    /* log10(2) to 20 digits; 2^k is never a power of ten so floor(k*log10(2)) is exact. */
    return (int64_t)((double)(8 * size - 1) * 0.30102999566398119521);
}

static int decimal_attributes(loader *L, json_t *object, const char *base, int64_t fixed_size,
                              logical *out) {
    json_t *p = json_object_get(object, "precision");
    json_t *s = json_object_get(object, "scale");
    const char *problem = NULL;
    char detail[160];
    if (!json_is_integer(p) || json_integer_value(p) < 1 || json_integer_value(p) > INT32_MAX) {
        problem = "\"precision\" must be a positive integer";
    } else if (s && (!json_is_integer(s) || json_integer_value(s) < 0 ||
                     json_integer_value(s) > json_integer_value(p))) {
        problem = "\"scale\" must be an integer from 0 to the precision";
    } else if (strcmp(base, "fixed") == 0 &&
               json_integer_value(p) > max_fixed_precision(fixed_size)) {
        snprintf(detail, sizeof detail,
                 "precision %lld does not fit in a fixed of %lld bytes (at most %lld digits)",
                 (long long)json_integer_value(p), (long long)fixed_size,
                 (long long)max_fixed_precision(fixed_size));
        problem = detail;
    }
    if (problem) {
        warn(L, "invalid decimal logical type ignored (%s); the Avro spec reads it as plain %s",
             problem, base);
        return SG_OK;
    }
    out->kind = SG_KIND_DECIMAL;
    out->precision = (int)json_integer_value(p);
    out->scale = s ? (int)json_integer_value(s) : 0;
    out->applied = true;
    return SG_OK;
}

/* Works out what the "logicalType" of a type object makes of base (an Avro type name). */
static int read_logical(loader *L, json_t *object, const char *base, int64_t fixed_size,
                        logical *out) {
    memset(out, 0, sizeof *out);
    json_t *lt_json = json_object_get(object, "logicalType");
    if (!lt_json) {
        return SG_OK;
    }
    if (!json_is_string(lt_json)) {
        warn(L, "\"logicalType\" is not a string; ignored");
        return SG_OK;
    }
    const char *lt = json_string_value(lt_json);
    static const struct {
        const char *name;
        const char *base;
        sg_kind kind;
        sg_time_unit unit;
        bool utc;
        int64_t size; /* required fixed size, 0 for none */
    } table[] = {
        {"uuid", "string", SG_KIND_UUID, SG_UNIT_MICROS, true, 0},
        {"uuid", "fixed", SG_KIND_UUID, SG_UNIT_MICROS, true, 16},
        {"date", "int", SG_KIND_DATE, SG_UNIT_MICROS, true, 0},
        {"time-millis", "int", SG_KIND_TIME, SG_UNIT_MILLIS, true, 0},
        {"time-micros", "long", SG_KIND_TIME, SG_UNIT_MICROS, true, 0},
        {"timestamp-millis", "long", SG_KIND_TIMESTAMP, SG_UNIT_MILLIS, true, 0},
        {"timestamp-micros", "long", SG_KIND_TIMESTAMP, SG_UNIT_MICROS, true, 0},
        {"timestamp-nanos", "long", SG_KIND_TIMESTAMP, SG_UNIT_NANOS, true, 0},
        {"local-timestamp-millis", "long", SG_KIND_TIMESTAMP, SG_UNIT_MILLIS, false, 0},
        {"local-timestamp-micros", "long", SG_KIND_TIMESTAMP, SG_UNIT_MICROS, false, 0},
        {"local-timestamp-nanos", "long", SG_KIND_TIMESTAMP, SG_UNIT_NANOS, false, 0},
        {"duration", "fixed", SG_KIND_DURATION, SG_UNIT_MICROS, true, 12},
    };
    if (strcmp(lt, "decimal") == 0) {
        if (strcmp(base, "bytes") == 0 || strcmp(base, "fixed") == 0) {
            return decimal_attributes(L, object, base, fixed_size, out);
        }
        warn(L, "logical type \"decimal\" needs bytes or fixed, not %s; ignored", base);
        return SG_OK;
    }
    bool known = false;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(lt, table[i].name) != 0) {
            continue;
        }
        known = true;
        if (strcmp(base, table[i].base) != 0 || (table[i].size && table[i].size != fixed_size)) {
            continue;
        }
        out->kind = table[i].kind;
        out->unit = table[i].unit;
        out->utc = table[i].utc;
        out->applied = true;
        return SG_OK;
    }
    if (known) {
        warn(L, "logical type \"%s\" does not apply to %s%s; ignored as the Avro spec says", lt,
             base, strcmp(base, "fixed") == 0 ? " of this size" : "");
    } else {
        warn(L, "unknown logical type \"%s\" ignored; the type is read as plain %s", lt, base);
    }
    return SG_OK;
}

/* Types ---------------------------------------------------------------------------------------- */

static int load_type(loader *L, json_t *json, const char *ns, int depth, sg_type **out);

/* Counts more new nodes; fails when the schema would then hold more than SG_MAX_TYPE_NODES. */
static int spend_nodes(loader *L, size_t more, bool by_reference) {
    if (more > SG_MAX_TYPE_NODES - L->nodes) {
        if (by_reference) {
            return FAIL(SG_ELIMIT,
                        "schema expands to more than %d type nodes through named-type "
                        "references (each use of a named type copies its definition)",
                        SG_MAX_TYPE_NODES);
        }
        return FAIL(SG_ELIMIT, "schema has more than %d type nodes", SG_MAX_TYPE_NODES);
    }
    L->nodes += more;
    return SG_OK;
}

static int new_node(loader *L, sg_kind kind, sg_type **out) {
    *out = NULL;
    if (spend_nodes(L, 1, false) != SG_OK) {
        return SG_ELIMIT;
    }
    int rc = sg_type_new(out, kind);
    if (rc == SG_OK) {
        rc = sg_type_set_location(*out, L->cur.source, L->cur.pointer[0] ? L->cur.pointer : "/", 0,
                                  0);
        if (rc != SG_OK) {
            sg_type_free(*out);
            *out = NULL;
        }
    }
    return rc == SG_OK ? SG_OK : FAIL(rc, "out of memory");
}

static sg_kind primitive_kind(const char *name) {
    static const struct {
        const char *name;
        sg_kind kind;
    } map[] = {{"null", SG_KIND_NULL},    {"boolean", SG_KIND_BOOLEAN}, {"int", SG_KIND_INT32},
               {"long", SG_KIND_INT64},   {"float", SG_KIND_FLOAT32},   {"double", SG_KIND_FLOAT64},
               {"bytes", SG_KIND_BINARY}, {"string", SG_KIND_STRING}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i].name, name) == 0) {
            return map[i].kind;
        }
    }
    return SG_KIND_NULL;
}

/* Builds the node a logical type describes, or the plain kind when none applies. */
static int node_with_logical(loader *L, sg_kind plain, const logical *lt, sg_type **out) {
    int rc = new_node(L, lt->applied ? lt->kind : plain, out);
    if (rc != SG_OK || !lt->applied) {
        return rc;
    }
    if (lt->kind == SG_KIND_DECIMAL) {
        sg_type_set_decimal(*out, lt->precision, lt->scale);
    } else if (lt->kind == SG_KIND_TIME || lt->kind == SG_KIND_TIMESTAMP) {
        sg_type_set_time_unit(*out, lt->unit);
        if (lt->kind == SG_KIND_TIMESTAMP) {
            sg_type_set_utc(*out, lt->utc);
        }
    }
    return SG_OK;
}

/* Keys a type object of each Avro type uses itself; the rest are kept as metadata. A logical
 * type that applies also uses "logicalType" (and "precision"/"scale" for decimals). */
static const char *const primitive_keys[] = {"type", NULL};
static const char *const primitive_logical_keys[] = {"type", "logicalType", NULL};
static const char *const primitive_decimal_keys[] = {"type", "logicalType", "precision", "scale",
                                                     NULL};
static const char *const record_keys[] = {"type",    "name",   "namespace", "doc",
                                          "aliases", "fields", NULL};
static const char *const enum_keys[] = {"type",    "name",    "namespace", "doc",
                                        "aliases", "symbols", "default",   NULL};
static const char *const fixed_keys[] = {"type",    "name", "namespace", "doc",
                                         "aliases", "size", NULL};
static const char *const fixed_logical_keys[] = {"type",    "name", "namespace",   "doc",
                                                 "aliases", "size", "logicalType", NULL};
static const char *const fixed_decimal_keys[] = {"type",    "name", "namespace",   "doc",
                                                 "aliases", "size", "logicalType", "precision",
                                                 "scale",   NULL};
static const char *const array_keys[] = {"type", "items", NULL};
static const char *const map_keys[] = {"type", "values", NULL};
static const char *const field_keys[] = {"name",    "type",  "doc", "default",
                                         "aliases", "order", NULL};

static int load_primitive_object(loader *L, json_t *object, const char *base, sg_type **out) {
    logical lt;
    int rc = read_logical(L, object, base, 0, &lt);
    if (rc == SG_OK) {
        rc = node_with_logical(L, primitive_kind(base), &lt, out);
    }
    if (rc == SG_OK) {
        /* "precision" and "scale" belong to decimals; on other types they are properties. */
        rc = keep_extra_keys(L, object,
                             !lt.applied                  ? primitive_keys
                             : lt.kind == SG_KIND_DECIMAL ? primitive_decimal_keys
                                                          : primitive_logical_keys,
                             *out, NULL);
    }
    if (rc != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

/* A hint for an unknown type name: the case-insensitive primitive it resembles, the Avro
 * spelling of a Hive/SQL type name, or how the name was looked up. */
static void type_name_hint(const char *name, const char *full, char *hint, size_t size) {
    static const struct {
        const char *wrong;
        const char *right;
    } spellings[] = {
        {"integer", "\"int\""},
        {"bigint", "\"long\""},
        {"smallint", "\"int\""},
        {"tinyint", "\"int\""},
        {"bool", "\"boolean\""},
        {"str", "\"string\""},
        {"text", "\"string\""},
        {"varchar", "\"string\""},
        {"binary", "\"bytes\""},
        {"date", "{\"type\": \"int\", \"logicalType\": \"date\"}"},
        {"timestamp", "{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}"},
        {"decimal", "{\"type\": \"bytes\", \"logicalType\": \"decimal\", ...}"},
    };
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
        if (strcasecmp(name, spellings[i].wrong) == 0) {
            snprintf(hint, size, "; Avro spells it %s", spellings[i].right);
            return;
        }
    }
    static const char *const primitives[] = {"null",  "boolean", "int",   "long",
                                             "float", "double",  "bytes", "string"};
    for (size_t i = 0; i < sizeof primitives / sizeof primitives[0]; i++) {
        if (strcasecmp(name, primitives[i]) == 0) {
            snprintf(hint, size, "; type names are case-sensitive: \"%s\"", primitives[i]);
            return;
        }
    }
    if (strcmp(full, name) != 0) {
        snprintf(hint, size, " (looked up as \"%s\"); a named type must be defined before use",
                 full);
    } else {
        snprintf(hint, size, "; a named type must be defined before use");
    }
}

/* Resolves a reference by name to a copy of the named type, which lands depth levels down. */
static int load_reference(loader *L, const char *name, const char *ns, int depth, sg_type **out) {
    *out = NULL;
    if (!sgp_avro_fullname_valid(name)) {
        return FAIL(SG_EINVALID, "unknown type \"%s\": not a primitive type and not a valid name",
                    name);
    }
    char *full = make_fullname(name, ns);
    if (!full) {
        return FAIL(SG_ENOMEM, "out of memory");
    }
    const named_type *named = lookup(L, full);
    int rc;
    if (!named) {
        char hint[160];
        type_name_hint(name, full, hint, sizeof hint);
        rc = FAIL(SG_EINVALID, "unknown type \"%s\"%s", name, hint);
    } else if (!named->type) {
        rc = FAIL(SG_EUNSUPPORTED,
                  "recursive type \"%s\" is not supported: it refers to itself (defined at %s)",
                  full, named->pointer ? named->pointer : "?");
    } else if (depth + named->height > SG_MAX_DEPTH) {
        rc = FAIL(SG_ELIMIT,
                  "schema nested deeper than %d levels: \"%s\" used here at level %d reaches "
                  "level %d",
                  SG_MAX_DEPTH, full, depth, depth + named->height);
    } else if ((rc = spend_nodes(L, named->nodes, true)) != SG_OK) {
        /* reported */
    } else if ((rc = sg_type_copy(out, named->type)) != SG_OK) {
        rc = FAIL(rc, "out of memory");
    } else {
        /* The definition may have been made nullable by the union around it; the reference
         * site decides its own nullability. */
        sg_type_set_nullable(*out, false);
        sg_type_set_null_index(*out, 0);
        rc = sg_type_set_location(*out, L->cur.source, L->cur.pointer[0] ? L->cur.pointer : "/", 0,
                                  0);
        if (rc != SG_OK) {
            sg_type_free(*out);
            *out = NULL;
            rc = FAIL(rc, "out of memory");
        }
    }
    free(full);
    return rc;
}

/* Checks that a default (JSON) fits a type, as the Avro spec's table of default values says.
 * On mismatch writes the reason into why. */
static bool default_fits(const sg_type *type, const json_t *value, char *why, size_t why_size,
                         int depth);

static bool string_fits_bytes(const json_t *value, int64_t want_size, char *why, size_t size) {
    const char *s = json_string_value(value);
    size_t n = json_string_length(value);
    int64_t count = 0;
    for (size_t i = 0; i < n; count++) {
        unsigned char c = (unsigned char)s[i];
        /* Bytes defaults are strings whose code points 0-255 are the byte values. */
        if (c < 0x80) {
            i++;
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < n) {
            i += 2;
        } else {
            snprintf(why, size, "a bytes or fixed default may only hold characters U+0000-U+00FF");
            return false;
        }
    }
    if (want_size >= 0 && count != want_size) {
        snprintf(why, size, "the default has %lld bytes but the fixed size is %lld",
                 (long long)count, (long long)want_size);
        return false;
    }
    return true;
}

static bool default_fits_plain(const sg_type *type, const json_t *value, char *why, size_t size,
                               int depth) {
    const char *word = sgp_avro_type_name(type);
    char shown[64];
    json_excerpt(value, shown, sizeof shown);
    switch (sg_type_kind(type)) {
    case SG_KIND_NULL:
        if (json_is_null(value)) {
            return true;
        }
        break;
    case SG_KIND_BOOLEAN:
        if (json_is_boolean(value)) {
            return true;
        }
        break;
    case SG_KIND_INT32:
    case SG_KIND_DATE:
    case SG_KIND_TIME:
    case SG_KIND_INT64:
    case SG_KIND_TIMESTAMP:
        if (json_is_integer(value)) {
            json_int_t v = json_integer_value(value);
            if (strcmp(word, "int") == 0 && (v < INT32_MIN || v > INT32_MAX)) {
                snprintf(why, size, "default %s is outside the range of int (32-bit)", shown);
                return false;
            }
            return true;
        }
        break;
    case SG_KIND_FLOAT32:
    case SG_KIND_FLOAT64:
        if (json_is_number(value)) {
            return true;
        }
        if (json_is_string(value) && (strcmp(json_string_value(value), "NaN") == 0 ||
                                      strcmp(json_string_value(value), "Infinity") == 0 ||
                                      strcmp(json_string_value(value), "-Infinity") == 0)) {
            return true;
        }
        break;
    case SG_KIND_STRING:
        if (json_is_string(value)) {
            return true;
        }
        break;
    case SG_KIND_UUID:
    case SG_KIND_BINARY:
    case SG_KIND_DECIMAL:
    case SG_KIND_FIXED:
    case SG_KIND_DURATION:
        if (json_is_string(value)) {
            if (sg_type_kind(type) == SG_KIND_UUID && sg_type_size(type) == 0) {
                return true;
            }
            int64_t want = strcmp(word, "fixed") == 0 ? sg_type_size(type) : -1;
            return string_fits_bytes(value, want, why, size);
        }
        break;
    case SG_KIND_ENUM:
        if (json_is_string(value)) {
            /* A symbol cannot hold a NUL, so "A\u0000B" is not "A". */
            bool has_nul = strlen(json_string_value(value)) != json_string_length(value);
            for (size_t i = 0; i < sg_type_symbol_count(type) && !has_nul; i++) {
                if (strcmp(sg_type_symbol(type, i), json_string_value(value)) == 0) {
                    return true;
                }
            }
            snprintf(why, size, "default %s is not a symbol of enum \"%s\"", shown,
                     sg_type_name(type) ? sg_type_name(type) : "?");
            return false;
        }
        break;
    case SG_KIND_LIST:
        if (json_is_array(value)) {
            size_t i;
            json_t *item;
            json_array_foreach(value, i, item) {
                if (!default_fits(sg_type_element(type), item, why, size, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        break;
    case SG_KIND_MAP:
        if (json_is_object(value)) {
            const char *key;
            json_t *item;
            json_object_foreach((json_t *)value, key, item) {
                if (!default_fits(sg_type_map_value(type), item, why, size, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        break;
    case SG_KIND_STRUCT:
        if (json_is_object(value)) {
            for (size_t i = 0; i < sg_type_field_count(type); i++) {
                const sg_field *field = sg_type_field(type, i);
                json_t *item = json_object_get(value, sg_field_name(field));
                if (!item) {
                    if (sg_field_default(field)) {
                        continue;
                    }
                    snprintf(why, size,
                             "the record default lacks field \"%s\", which has no default",
                             sg_field_name(field));
                    return false;
                }
                if (!default_fits(sg_field_type(field), item, why, size, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        break;
    case SG_KIND_UNION:
        /* Only reached for a non-nullable union: its first branch decides. */
        return default_fits(sg_type_child(type, 0), value, why, size, depth + 1);
    default:
        break;
    }
    snprintf(why, size, "default %s does not match type %s", shown, word);
    return false;
}

static bool default_fits(const sg_type *type, const json_t *value, char *why, size_t why_size,
                         int depth) {
    if (depth > SG_MAX_DEPTH) {
        snprintf(why, why_size, "default nested too deeply");
        return false;
    }
    if (!sg_type_nullable(type) || sg_type_kind(type) == SG_KIND_NULL) {
        return default_fits_plain(type, value, why, why_size, depth);
    }
    /* A nullable node was a union with null. Avro 1.11 (the version Spark 3.5, Glue Schema
     * Registry and Debian's Avro libraries implement) requires the default to match the
     * union's first branch. */
    if (sg_type_null_index(type) == 0) {
        if (json_is_null(value)) {
            return true;
        }
        char shown[64];
        json_excerpt(value, shown, sizeof shown);
        snprintf(why, why_size,
                 "default %s does not match the union's first branch, null (Avro 1.11 rule: a "
                 "union's default must match its first branch)",
                 shown);
        return false;
    }
    const sg_type *first = type;
    if (sg_type_kind(type) == SG_KIND_UNION) {
        first = sg_type_child(type, 0);
    }
    if (first == type) {
        /* [T, "null"]: T comes first. Check against T without its nullability. */
        if (json_is_null(value)) {
            snprintf(why, why_size,
                     "default null does not match the union's first branch, %s (Avro 1.11 "
                     "rule); put \"null\" first in the union",
                     sgp_avro_type_name(type));
            return false;
        }
        return default_fits_plain(type, value, why, why_size, depth);
    }
    if (json_is_null(value)) {
        snprintf(why, why_size,
                 "default null does not match the union's first branch, %s (Avro 1.11 rule); "
                 "put \"null\" first in the union",
                 sgp_avro_type_name(first));
        return false;
    }
    return default_fits(first, value, why, why_size, depth + 1);
}

/* The key that makes two union branches "the same type" for the spec's no-duplicates rule:
 * the full name for named types, the Avro type name otherwise (logical types do not count). */
static char *branch_key(const sg_type *type) {
    const char *word = sgp_avro_type_name(type);
    if (sg_type_name(type) &&
        (strcmp(word, "record") == 0 || strcmp(word, "enum") == 0 || strcmp(word, "fixed") == 0)) {
        return make_fullname(sg_type_name(type), sg_type_namespace(type));
    }
    return sgp_strdup(word);
}

static int load_union(loader *L, json_t *array, const char *ns, int depth, sg_type **out) {
    *out = NULL;
    size_t count = json_array_size(array);
    if (count == 0) {
        return FAIL(SG_EINVALID, "a union needs at least one branch");
    }
    sg_type **branches = calloc(count, sizeof *branches);
    char **keys = calloc(count, sizeof *keys);
    sgp_strmap seen = SGP_STRMAP_INIT; /* branch key -> index */
    if (!branches || !keys) {
        free(branches);
        free(keys);
        return FAIL(SG_ENOMEM, "out of memory");
    }
    int rc = SG_OK;
    int null_index = -1;
    for (size_t i = 0; i < count && rc == SG_OK; i++) {
        json_t *item = json_array_get(array, i);
        size_t at = sgp_cursor_push_index(&L->cur, i);
        if (json_is_array(item)) {
            rc = FAIL(SG_EINVALID, "a union cannot contain another union directly");
        } else if ((rc = load_type(L, item, ns, depth + 1, &branches[i])) == SG_OK) {
            size_t first;
            if (!(keys[i] = branch_key(branches[i]))) {
                rc = FAIL(SG_ENOMEM, "out of memory");
            } else if ((rc = sgp_strmap_add(&seen, keys[i], i, &first)) == SG_EINVALID) {
                rc = FAIL(SG_EINVALID, "duplicate union branch: %s already appears at index %zu",
                          keys[i], first);
            } else if (rc != SG_OK) {
                rc = FAIL(rc, "out of memory");
            }
            if (sg_type_kind(branches[i]) == SG_KIND_NULL) {
                null_index = (int)i;
            }
        }
        sgp_cursor_pop(&L->cur, at);
    }
    size_t non_null = count - (null_index >= 0 ? 1 : 0);
    if (rc == SG_OK && non_null == 1 && null_index >= 0) {
        /* ["null", T] or [T, "null"]: a nullable T, remembering where null stood. */
        size_t keep = null_index == 0 ? 1 : 0;
        *out = branches[keep];
        branches[keep] = NULL;
        sg_type_set_nullable(*out, true);
        sg_type_set_null_index(*out, null_index);
        if ((rc = sg_type_set_location(*out, L->cur.source,
                                       L->cur.pointer[0] ? L->cur.pointer : "/", 0, 0)) != SG_OK) {
            rc = FAIL(rc, "out of memory");
        }
    } else if (rc == SG_OK && non_null == 0) {
        /* ["null"]: always null. */
        *out = branches[0];
        branches[0] = NULL;
        sg_type_set_nullable(*out, true);
    } else if (rc == SG_OK && (rc = new_node(L, SG_KIND_UNION, out)) == SG_OK) {
        for (size_t i = 0; i < count && rc == SG_OK; i++) {
            if ((int)i == null_index) {
                continue;
            }
            if ((rc = sg_type_add_child(*out, branches[i])) == SG_OK) {
                branches[i] = NULL;
            } else {
                rc = FAIL(rc, "out of memory");
            }
        }
        if (null_index >= 0) {
            sg_type_set_nullable(*out, true);
            sg_type_set_null_index(*out, null_index);
        }
    }
    for (size_t i = 0; i < count; i++) {
        sg_type_free(branches[i]);
        free(keys[i]);
    }
    free(branches);
    free(keys);
    sgp_strmap_free(&seen);
    if (rc != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

static int set_name(loader *L, sg_type *type, const char *name, const char *ns) {
    int rc = sg_type_set_name(type, name, ns);
    return rc == SG_OK ? SG_OK : FAIL(rc, "out of memory");
}

/* Ends the definition of a named type: on success records the finished node under its full
 * name, on failure frees the partial node. Frees the name strings either way. */
static int end_named(loader *L, int rc, char *short_name, char *own_ns, char *full, sg_type **out) {
    if (rc == SG_OK) {
        finish_name(L, full, *out);
    } else {
        sg_type_free(*out);
        *out = NULL;
    }
    free(short_name);
    free(own_ns);
    free(full);
    return rc;
}

static int load_field(loader *L, json_t *object, const char *ns, int depth, sg_type *record) {
    if (!json_is_object(object)) {
        return FAIL(SG_EINVALID, "a field must be an object, not %s", json_kind(object));
    }
    json_t *name_json = json_object_get(object, "name");
    if (!name_json) {
        return FAIL(SG_EINVALID, "field without required \"name\"");
    }
    if (!json_is_string(name_json)) {
        return fail_at(L, "name", SG_EINVALID, "a field's \"name\" must be a string");
    }
    const char *name = json_string_value(name_json);
    if (check_name_length(L, "name", name, "field name") != SG_OK) {
        return SG_ELIMIT;
    }
    if (!sgp_avro_name_valid(name)) {
        size_t saved = sgp_cursor_push(&L->cur, "name");
        int rc = FAIL(SG_EINVALID,
                      "invalid field name \"%s\": names must match [A-Za-z_][A-Za-z0-9_]*", name);
        sgp_cursor_pop(&L->cur, saved);
        return rc;
    }
    if (sg_type_field_by_name(record, name)) {
        return FAIL(SG_EINVALID, "duplicate field name \"%s\"", name);
    }
    json_t *type_json = json_object_get(object, "type");
    if (!type_json) {
        return FAIL(SG_EINVALID, "field \"%s\" without required \"type\"", name);
    }
    size_t saved = sgp_cursor_push(&L->cur, "type");
    sg_type *type;
    int rc = load_type(L, type_json, ns, depth + 1, &type);
    sgp_cursor_pop(&L->cur, saved);
    if (rc != SG_OK) {
        return rc;
    }
    sg_field *field;
    if ((rc = sg_field_new(&field, name, type)) != SG_OK) {
        return FAIL(rc, "out of memory");
    }
    rc = sg_field_set_location(field, L->cur.source, L->cur.pointer, 0, 0);
    json_t *doc = json_object_get(object, "doc");
    if (rc == SG_OK && doc) {
        rc = json_is_string(doc) ? sg_field_set_doc(field, json_string_value(doc))
                                 : fail_at(L, "doc", SG_EINVALID, "\"doc\" must be a string");
    }
    json_t *aliases = json_object_get(object, "aliases");
    if (rc == SG_OK && aliases) {
        saved = sgp_cursor_push(&L->cur, "aliases");
        if (!json_is_array(aliases)) {
            rc = FAIL(SG_EINVALID, "\"aliases\" must be an array of names");
        }
        size_t i;
        json_t *alias;
        json_array_foreach(aliases, i, alias) {
            if (rc != SG_OK) {
                break;
            }
            size_t at = sgp_cursor_push_index(&L->cur, i);
            if (json_is_string(alias) &&
                (rc = check_name_length(L, NULL, json_string_value(alias), "alias")) != SG_OK) {
                /* reported */
            } else if (!json_is_string(alias) || !sgp_avro_name_valid(json_string_value(alias))) {
                rc = FAIL(SG_EINVALID, "a field alias must be a valid name");
            } else {
                rc = sg_field_add_alias(field, json_string_value(alias));
            }
            sgp_cursor_pop(&L->cur, at);
        }
        sgp_cursor_pop(&L->cur, saved);
    }
    json_t *order = json_object_get(object, "order");
    if (rc == SG_OK && order) {
        const char *o = json_is_string(order) ? json_string_value(order) : "";
        if (strcmp(o, "ascending") == 0) {
            sg_field_set_order(field, SG_ORDER_ASCENDING);
        } else if (strcmp(o, "descending") == 0) {
            sg_field_set_order(field, SG_ORDER_DESCENDING);
        } else if (strcmp(o, "ignore") == 0) {
            sg_field_set_order(field, SG_ORDER_IGNORE);
        } else {
            rc = fail_at(L, "order", SG_EINVALID,
                         "\"order\" must be \"ascending\", \"descending\" or \"ignore\"");
        }
    }
    json_t *def = json_object_get(object, "default");
    if (rc == SG_OK && def) {
        char why[SG_ERROR_MESSAGE_MAX - 64];
        if (!default_fits(type, def, why, sizeof why, depth)) {
            saved = sgp_cursor_push(&L->cur, "default");
            rc = FAIL(SG_EINVALID, "field \"%s\": %s", name, why);
            sgp_cursor_pop(&L->cur, saved);
        } else {
            /* The default is valid JSON: only memory can fail here. */
            char *text = sgp_json_dump(def);
            if (!text || sg_field_set_default(field, text) != SG_OK) {
                rc = FAIL(SG_ENOMEM, "out of memory");
            }
            free(text);
        }
    }
    if (rc == SG_OK && json_object_get(object, "logicalType")) {
        warn(L,
             "field \"%s\" has \"logicalType\" beside its \"type\", where Avro ignores it; "
             "move it inside the type: {\"type\": {\"type\": ..., \"logicalType\": ...}}",
             name);
    }
    if (rc == SG_OK) {
        rc = keep_extra_keys(L, object, field_keys, NULL, field);
    }
    if (rc == SG_OK && (rc = sg_type_add_field(record, field)) != SG_OK) {
        rc = FAIL(rc, "cannot add field \"%s\"", name);
    }
    if (rc != SG_OK) {
        sg_field_free(field);
        return rc == SG_ENOMEM ? FAIL(rc, "out of memory") : rc;
    }
    return SG_OK;
}

static int load_record(loader *L, json_t *object, const char *ns, int depth, sg_type **out) {
    char *short_name, *own_ns, *full;
    int rc = define_name(L, object, ns, "record", &short_name, &own_ns, &full);
    if (rc != SG_OK) {
        return rc;
    }
    json_t *fields = json_object_get(object, "fields");
    if (!fields) {
        rc = FAIL(SG_EINVALID, "record \"%s\" without required \"fields\"", full);
    } else if (!json_is_array(fields)) {
        rc = fail_at(L, "fields", SG_EINVALID, "\"fields\" must be an array");
    } else if ((rc = new_node(L, SG_KIND_STRUCT, out)) == SG_OK &&
               (rc = set_name(L, *out, short_name, own_ns)) == SG_OK &&
               (rc = read_named_extras(L, object, *out)) == SG_OK) {
        size_t saved = sgp_cursor_push(&L->cur, "fields");
        size_t i;
        json_t *field;
        json_array_foreach(fields, i, field) {
            size_t at = sgp_cursor_push_index(&L->cur, i);
            rc = load_field(L, field, own_ns, depth, *out);
            sgp_cursor_pop(&L->cur, at);
            if (rc != SG_OK) {
                break;
            }
        }
        sgp_cursor_pop(&L->cur, saved);
        if (rc == SG_OK) {
            rc = keep_extra_keys(L, object, record_keys, *out, NULL);
        }
    }
    return end_named(L, rc, short_name, own_ns, full, out);
}

static int load_enum(loader *L, json_t *object, const char *ns, sg_type **out) {
    char *short_name, *own_ns, *full;
    int rc = define_name(L, object, ns, "enum", &short_name, &own_ns, &full);
    if (rc != SG_OK) {
        return rc;
    }
    json_t *symbols = json_object_get(object, "symbols");
    json_t *def = json_object_get(object, "default");
    if (!symbols) {
        rc = FAIL(SG_EINVALID, "enum \"%s\" without required \"symbols\"", full);
    } else if (!json_is_array(symbols)) {
        rc = fail_at(L, "symbols", SG_EINVALID, "\"symbols\" must be an array of names");
    } else if (json_array_size(symbols) == 0) {
        rc = fail_at(L, "symbols", SG_EINVALID, "an enum needs at least one symbol");
    } else if ((rc = new_node(L, SG_KIND_ENUM, out)) == SG_OK &&
               (rc = set_name(L, *out, short_name, own_ns)) == SG_OK &&
               (rc = read_named_extras(L, object, *out)) == SG_OK) {
        size_t saved = sgp_cursor_push(&L->cur, "symbols");
        size_t i;
        json_t *symbol;
        json_array_foreach(symbols, i, symbol) {
            size_t at = sgp_cursor_push_index(&L->cur, i);
            const char *text = json_is_string(symbol) ? json_string_value(symbol) : NULL;
            if (text && (rc = check_name_length(L, NULL, text, "enum symbol")) != SG_OK) {
                /* reported */
            } else if (!text || !sgp_avro_name_valid(text)) {
                char shown[64];
                json_excerpt(symbol, shown, sizeof shown);
                rc = FAIL(SG_EINVALID,
                          "invalid enum symbol %s: symbols must match [A-Za-z_][A-Za-z0-9_]*",
                          shown);
            } else if ((rc = sg_type_add_symbol(*out, text)) == SG_EINVALID) {
                rc = FAIL(SG_EINVALID, "duplicate enum symbol \"%s\"", text);
            } else if (rc != SG_OK) {
                rc = FAIL(rc, "out of memory");
            }
            sgp_cursor_pop(&L->cur, at);
            if (rc != SG_OK) {
                break;
            }
        }
        sgp_cursor_pop(&L->cur, saved);
        if (rc == SG_OK && def && json_is_string(def) &&
            strlen(json_string_value(def)) != json_string_length(def)) {
            /* The NUL check before the walk lets every "default" through, for bytes. */
            rc = fail_at(L, "default", SG_EINVALID,
                         "an enum default cannot hold a NUL character (\\u0000)");
        } else if (rc == SG_OK && def) {
            if (!json_is_string(def) ||
                sg_type_set_enum_default(*out, json_string_value(def)) != SG_OK) {
                char shown[64];
                json_excerpt(def, shown, sizeof shown);
                saved = sgp_cursor_push(&L->cur, "default");
                rc = FAIL(SG_EINVALID, "enum default %s is not one of the symbols of \"%s\"", shown,
                          full);
                sgp_cursor_pop(&L->cur, saved);
            }
        }
        if (rc == SG_OK) {
            rc = keep_extra_keys(L, object, enum_keys, *out, NULL);
        }
    }
    return end_named(L, rc, short_name, own_ns, full, out);
}

static int load_fixed(loader *L, json_t *object, const char *ns, sg_type **out) {
    char *short_name, *own_ns, *full;
    int rc = define_name(L, object, ns, "fixed", &short_name, &own_ns, &full);
    if (rc != SG_OK) {
        return rc;
    }
    json_t *size = json_object_get(object, "size");
    logical lt = {0};
    if (!size) {
        rc = FAIL(SG_EINVALID, "fixed \"%s\" without required \"size\"", full);
    } else if (!json_is_integer(size)) {
        char shown[64];
        json_excerpt(size, shown, sizeof shown);
        size_t saved = sgp_cursor_push(&L->cur, "size");
        rc = FAIL(SG_EINVALID, "fixed size %s is not an integer", shown);
        sgp_cursor_pop(&L->cur, saved);
    } else if (json_integer_value(size) < 0 || json_integer_value(size) > INT32_MAX) {
        size_t saved = sgp_cursor_push(&L->cur, "size");
        rc = FAIL(SG_EINVALID, "fixed size %lld must be from 0 to %d",
                  (long long)json_integer_value(size), INT32_MAX);
        sgp_cursor_pop(&L->cur, saved);
    } else if ((rc = read_logical(L, object, "fixed", json_integer_value(size), &lt)) == SG_OK &&
               (rc = node_with_logical(L, SG_KIND_FIXED, &lt, out)) == SG_OK) {
        sg_type_set_size(*out, json_integer_value(size));
        if ((rc = set_name(L, *out, short_name, own_ns)) == SG_OK &&
            (rc = read_named_extras(L, object, *out)) == SG_OK) {
            rc = keep_extra_keys(L, object,
                                 !lt.applied                  ? fixed_keys
                                 : lt.kind == SG_KIND_DECIMAL ? fixed_decimal_keys
                                                              : fixed_logical_keys,
                                 *out, NULL);
        }
    }
    return end_named(L, rc, short_name, own_ns, full, out);
}

/* array (items) and map (values): one child type under key. */
static int load_container(loader *L, json_t *object, const char *ns, int depth, bool is_map,
                          sg_type **out) {
    const char *key = is_map ? "values" : "items";
    json_t *child_json = json_object_get(object, key);
    if (!child_json) {
        return FAIL(SG_EINVALID, "%s without required \"%s\"", is_map ? "map" : "array", key);
    }
    int rc = new_node(L, is_map ? SG_KIND_MAP : SG_KIND_LIST, out);
    if (rc != SG_OK) {
        return rc;
    }
    if (is_map) {
        /* Avro map keys are always strings. */
        sg_type *key_type = NULL;
        if ((rc = new_node(L, SG_KIND_STRING, &key_type)) != SG_OK ||
            (rc = sg_type_add_child(*out, key_type)) != SG_OK) {
            sg_type_free(key_type);
            sg_type_free(*out);
            *out = NULL;
            return rc == SG_ENOMEM ? FAIL(rc, "out of memory") : rc;
        }
    }
    size_t saved = sgp_cursor_push(&L->cur, key);
    sg_type *child = NULL;
    rc = load_type(L, child_json, ns, depth + 1, &child);
    sgp_cursor_pop(&L->cur, saved);
    if (rc == SG_OK && (rc = sg_type_add_child(*out, child)) != SG_OK) {
        sg_type_free(child);
        rc = FAIL(rc, "out of memory");
    }
    if (rc == SG_OK) {
        rc = keep_extra_keys(L, object, is_map ? map_keys : array_keys, *out, NULL);
    }
    if (rc != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

static int load_object(loader *L, json_t *object, const char *ns, int depth, sg_type **out) {
    json_t *type_json = json_object_get(object, "type");
    if (!type_json) {
        return FAIL(SG_EINVALID, "a schema object needs a \"type\"");
    }
    if (!json_is_string(type_json)) {
        return fail_at(L, "type", SG_EINVALID,
                       "\"type\" inside a schema object must be a type name (a string); nest "
                       "a schema as a field's \"type\" or an array's \"items\" instead");
    }
    const char *type = json_string_value(type_json);
    if (strcmp(type, "record") == 0) {
        return load_record(L, object, ns, depth, out);
    }
    if (strcmp(type, "enum") == 0) {
        return load_enum(L, object, ns, out);
    }
    if (strcmp(type, "fixed") == 0) {
        return load_fixed(L, object, ns, out);
    }
    if (strcmp(type, "array") == 0 || strcmp(type, "map") == 0) {
        return load_container(L, object, ns, depth, strcmp(type, "map") == 0, out);
    }
    if (strcmp(type, "error") == 0) {
        return fail_at(L, "type", SG_EUNSUPPORTED,
                       "\"error\" types belong to Avro protocols, not schemas");
    }
    if (sgp_avro_is_primitive(type)) {
        return load_primitive_object(L, object, type, out);
    }
    /* {"type": "com.example.Name"}: a reference written as an object. */
    if (json_object_size(object) != 1) {
        return FAIL(SG_EUNSUPPORTED,
                    "a reference to named type \"%s\" cannot carry other attributes", type);
    }
    size_t saved = sgp_cursor_push(&L->cur, "type");
    int rc = load_reference(L, type, ns, depth, out);
    sgp_cursor_pop(&L->cur, saved);
    return rc;
}

static int load_type(loader *L, json_t *json, const char *ns, int depth, sg_type **out) {
    *out = NULL;
    if (depth > SG_MAX_DEPTH) {
        return FAIL(SG_ELIMIT, "schema nested deeper than %d levels", SG_MAX_DEPTH);
    }
    if (json_is_string(json)) {
        const char *name = json_string_value(json);
        if (sgp_avro_is_primitive(name)) {
            return new_node(L, primitive_kind(name), out);
        }
        return load_reference(L, name, ns, depth, out);
    }
    if (json_is_array(json)) {
        return load_union(L, json, ns, depth, out);
    }
    if (json_is_object(json)) {
        return load_object(L, json, ns, depth, out);
    }
    return FAIL(SG_EINVALID,
                "a schema must be a type name (string), a type object or a union (array), "
                "not %s",
                json_kind(json));
}

/* Pass 3: does Avro C see the same tree? --------------------------------------------------------
 */

static bool same_avro_name(const sg_type *type, avro_schema_t a) {
    const char *name = avro_schema_name(a);
    return name && sg_type_name(type) && strcmp(name, sg_type_name(type)) == 0;
}

/* Compares node (ignoring its nullability when skip_null) with Avro C's schema a. Returns NULL
 * when they agree, else a short description of the first difference. */
static const char *disagreement(const sg_type *type, avro_schema_t a, bool skip_null,
                                const sg_type **where) {
    *where = type;
    while (is_avro_link(a)) {
        a = avro_schema_link_target(a);
    }
    if (!skip_null && sg_type_nullable(type)) {
        if (!is_avro_union(a)) {
            return "a nullable type is not a union";
        }
        size_t size = avro_schema_union_size(a);
        int null_at = sg_type_null_index(type);
        if (sg_type_kind(type) == SG_KIND_NULL) {
            return size == 1 && is_avro_null(avro_schema_union_branch(a, 0)) ? NULL : "null union";
        }
        size_t others = sg_type_kind(type) == SG_KIND_UNION ? sg_type_child_count(type) : 1;
        if (size != others + 1 || null_at < 0 || (size_t)null_at >= size ||
            !is_avro_null(avro_schema_union_branch(a, null_at))) {
            return "the null branch";
        }
        if (sg_type_kind(type) != SG_KIND_UNION) {
            return disagreement(type, avro_schema_union_branch(a, null_at == 0 ? 1 : 0), true,
                                where);
        }
        for (size_t i = 0, b = 0; i < size; i++) {
            if ((int)i == null_at) {
                continue;
            }
            const char *why = disagreement(sg_type_child(type, b++), avro_schema_union_branch(a, i),
                                           false, where);
            if (why) {
                return why;
            }
        }
        return NULL;
    }
    const char *word = sgp_avro_type_name(type);
    switch (avro_typeof(a)) {
    case AVRO_NULL:
        return strcmp(word, "null") ? "type" : NULL;
    case AVRO_BOOLEAN:
        return strcmp(word, "boolean") ? "type" : NULL;
    case AVRO_INT32:
        return strcmp(word, "int") ? "type" : NULL;
    case AVRO_INT64:
        return strcmp(word, "long") ? "type" : NULL;
    case AVRO_FLOAT:
        return strcmp(word, "float") ? "type" : NULL;
    case AVRO_DOUBLE:
        return strcmp(word, "double") ? "type" : NULL;
    case AVRO_BYTES:
        return strcmp(word, "bytes") ? "type" : NULL;
    case AVRO_STRING:
        return strcmp(word, "string") ? "type" : NULL;
    case AVRO_FIXED:
        if (strcmp(word, "fixed") || !same_avro_name(type, a)) {
            return "fixed type or name";
        }
        return avro_schema_fixed_size(a) == sg_type_size(type) ? NULL : "fixed size";
    case AVRO_ENUM:
        if (strcmp(word, "enum") || !same_avro_name(type, a) ||
            (size_t)avro_schema_enum_number_of_symbols(a) != sg_type_symbol_count(type)) {
            return "enum name or symbols";
        }
        for (size_t i = 0; i < sg_type_symbol_count(type); i++) {
            const char *symbol = avro_schema_enum_get(a, (int)i);
            if (!symbol || strcmp(symbol, sg_type_symbol(type, i)) != 0) {
                return "enum symbols";
            }
        }
        return NULL;
    case AVRO_RECORD:
        if (strcmp(word, "record") || !same_avro_name(type, a) ||
            avro_schema_record_size(a) != sg_type_field_count(type)) {
            return "record name or field count";
        }
        for (size_t i = 0; i < sg_type_field_count(type); i++) {
            const sg_field *field = sg_type_field(type, i);
            const char *name = avro_schema_record_field_name(a, (int)i);
            if (!name || strcmp(name, sg_field_name(field)) != 0) {
                return "field names";
            }
            const char *why =
                disagreement(sg_field_type(field), avro_schema_record_field_get_by_index(a, (int)i),
                             false, where);
            if (why) {
                return why;
            }
        }
        return NULL;
    case AVRO_ARRAY:
        if (strcmp(word, "array")) {
            return "type";
        }
        return disagreement(sg_type_element(type), avro_schema_array_items(a), false, where);
    case AVRO_MAP:
        if (strcmp(word, "map")) {
            return "type";
        }
        return disagreement(sg_type_map_value(type), avro_schema_map_values(a), false, where);
    case AVRO_UNION:
        if (strcmp(word, "union") || avro_schema_union_size(a) != sg_type_child_count(type)) {
            return "union branches";
        }
        for (size_t i = 0; i < sg_type_child_count(type); i++) {
            const char *why = disagreement(sg_type_child(type, i),
                                           avro_schema_union_branch(a, (int)i), false, where);
            if (why) {
                return why;
            }
        }
        return NULL;
    default:
        return "an Avro C type schemagate does not know";
    }
}

/* Removes "default" attributes holding a NUL character, everywhere in value. */
static void strip_nul_defaults(json_t *value) {
    if (json_is_array(value)) {
        size_t i;
        json_t *item;
        json_array_foreach(value, i, item) {
            strip_nul_defaults(item);
        }
    } else if (json_is_object(value)) {
        char pointer[8] = "";
        json_t *def = json_object_get(value, "default");
        if (def && sgp_json_find_nul(def, NULL, pointer, sizeof pointer)) {
            json_object_del(value, "default");
        }
        const char *key;
        json_t *item;
        json_object_foreach(value, key, item) {
            strip_nul_defaults(item);
        }
    }
}

static int cross_check_with_avro_c(loader *L, const char *text, size_t length, json_t *doc,
                                   const sg_type *root) {
    /* Avro C's JSON parser refuses "\u0000", which bytes defaults legitimately use. Avro C
     * ignores defaults anyway, so it is shown the document without those. */
    char pointer[8] = "";
    char *stripped = NULL;
    if (sgp_json_find_nul(doc, NULL, pointer, sizeof pointer)) {
        json_t *copy = json_deep_copy(doc);
        if (copy) {
            strip_nul_defaults(copy);
            stripped = json_dumps(copy, JSON_COMPACT | JSON_ENCODE_ANY);
            json_decref(copy);
        }
        if (!stripped) {
            return FAIL(SG_ENOMEM, "out of memory");
        }
        text = stripped;
        length = strlen(stripped);
    }
    pthread_mutex_lock(&avro_c_lock);
    avro_schema_t parsed = NULL;
    int avro_rc = avro_schema_from_json_length(text, length, &parsed);
    int rc = SG_OK;
    if (avro_rc != 0) {
        L->cur.pointer[0] = '\0';
        rc = FAIL(SG_EINVALID, "the Avro C library rejects this schema: %s", avro_strerror());
    } else {
        const sg_type *where = root;
        const char *why = disagreement(root, parsed, false, &where);
        if (why) {
            sg_location loc = sg_type_location(where);
            rc = sgp_error(L->cur.err, SG_EINTERNAL, L->cur.source, loc.pointer, 0, 0,
                           "schemagate and the Avro C library read this schema differently "
                           "(%s); please report this",
                           why);
        }
        avro_schema_decref(parsed);
    }
    pthread_mutex_unlock(&avro_c_lock);
    free(stripped);
    return rc;
}

/* Entry point ---------------------------------------------------------------------------------- */

int sgp_avro_load(sg_schema **out, const char *text, size_t length, const char *source,
                  sg_error *err) {
    *out = NULL;
    sg_error local; /* so that the code returned is the one set, even without err */
    if (!err) {
        err = &local;
        sg_error_clear(err);
    }
    loader L;
    memset(&L, 0, sizeof L);
    L.cur.source = source ? source : "<string>";
    L.cur.err = err;
    json_t *doc = sgp_json_parse(text, length, L.cur.source, err);
    if (!doc) {
        return err->code;
    }
    sg_type *root = NULL;
    int rc;
    /* Defaults may hold "\u0000" (bytes); names, docs and symbols may not. */
    static const char *const nul_allowed[] = {"default", NULL};
    char nul_at[SG_ERROR_PATH_MAX] = "";
    if (sgp_json_find_nul(doc, nul_allowed, nul_at, sizeof nul_at)) {
        rc = sgp_error(err, SG_EINVALID, L.cur.source, nul_at[0] ? nul_at : "/", 0, 0,
                       "a NUL character (\\u0000) may appear only in default values");
    } else {
        rc = load_type(&L, doc, "", 0, &root);
    }
    if (rc == SG_OK) {
        rc = cross_check_with_avro_c(&L, text, length, doc, root);
    }
    json_decref(doc);
    if (rc == SG_OK) {
        rc = sg_schema_new(out, root);
        root = NULL; /* the schema owns it now, or sg_schema_new freed it */
        if (rc == SG_OK) {
            rc = sg_schema_set_source(*out, L.cur.source);
        }
        for (size_t i = 0; rc == SG_OK && i < L.warning_count; i++) {
            rc = sg_schema_add_warning(*out, &L.warnings[i]);
        }
        if (rc != SG_OK) {
            rc = sgp_error_nomem(err);
        }
    }
    sg_type_free(root);
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
    }
    for (size_t i = 0; i < L.name_count; i++) {
        free(L.names[i].fullname);
        free(L.names[i].pointer);
    }
    free(L.names);
    sgp_strmap_free(&L.name_index);
    free(L.warnings);
    return rc;
}

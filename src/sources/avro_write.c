/*
 * sources/avro_write.c: the model as Avro schema JSON. A named type is defined where it first
 * appears (document order) and referred to by name after that, which is what makes an Avro
 * schema read, written and read again equal. What Avro cannot express (time in nanoseconds,
 * variant, maps with non-string keys, invalid names) is an SG_EUNSUPPORTED error at its path;
 * what Avro expresses only approximately is documented in docs/formats.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/avro_internal.h"
#include "util/json.h"
#include "util/limits.h"
#include "util/strmap.h"
#include "util/util.h"

typedef struct defined_type {
    char *fullname;
    const sg_type *type;
} defined_type;

typedef struct writer {
    const sg_write_options *options;
    sg_error *err;
    const char *source;
    char path[SG_ERROR_PATH_MAX]; /* field path for messages: orders.items[].price */
    defined_type *defined;
    size_t defined_count;
    size_t defined_cap;
    sgp_strmap defined_index; /* full name -> position in defined */
    int code;                 /* the first error reported, SG_OK if none */
} writer;

static int fail(writer *W, int code, const char *fmt, ...) SGP_PRINTF(3, 4);

static int fail(writer *W, int code, const char *fmt, ...) {
    if (W->code != SG_OK) {
        return code; /* keep the first, innermost error: it names the real culprit */
    }
    W->code = code;
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(W->err, code, W->source, W->path[0] ? W->path : "(root)", 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

static size_t path_push(writer *W, const char *part, bool is_field) {
    return sgp_path_push(W->path, sizeof W->path, part, is_field);
}

static void path_pop(writer *W, size_t saved) {
    W->path[saved] = '\0';
}

static bool put(json_t *object, const char *key, json_t *value) {
    return value && json_object_set_new(object, key, value) == 0;
}

static json_t *write_type(writer *W, const sg_type *type, const char *ns, const char *hint,
                          int depth);

/* Returns the definition already written under fullname, or NULL. */
static const defined_type *find_defined(const writer *W, const char *fullname) {
    size_t at;
    return sgp_strmap_get(&W->defined_index, fullname, &at) ? &W->defined[at] : NULL;
}

/* True when ns.name (or name, for the null namespace) is already defined. */
static char *join_name(const char *ns, const char *name) {
    size_t size = strlen(ns) + strlen(name) + 2;
    char *full = malloc(size);
    if (full) {
        snprintf(full, size, "%s%s%s", ns, *ns ? "." : "", name);
    }
    return full;
}

/* True when ns.name (or name, for the null namespace) is already defined; *nomem on failure. */
static bool is_defined_in(const writer *W, const char *ns, const char *name, bool *nomem) {
    char *full = join_name(ns, name);
    if (!full) {
        *nomem = true;
        return false;
    }
    bool found = find_defined(W, full) != NULL;
    free(full);
    return found;
}

/* Two uses of one named type: the same definition, whatever nullability (and null position)
 * each place of use gave it. */
static bool same_definition(const sg_type *a, const sg_type *b, bool *nomem) {
    if (sg_type_equal(a, b, SG_CMP_DEFAULT)) {
        return true;
    }
    if (!sg_type_nullable(a) && !sg_type_nullable(b) &&
        sg_type_null_index(a) == sg_type_null_index(b)) {
        return false;
    }
    sg_type *plain_a = NULL, *plain_b = NULL;
    bool same = false;
    if (sg_type_copy(&plain_a, a) != SG_OK || sg_type_copy(&plain_b, b) != SG_OK) {
        *nomem = true;
    } else {
        sg_type_set_nullable(plain_a, false);
        sg_type_set_nullable(plain_b, false);
        sg_type_set_null_index(plain_a, 0);
        sg_type_set_null_index(plain_b, 0);
        same = sg_type_equal(plain_a, plain_b, SG_CMP_DEFAULT);
    }
    sg_type_free(plain_a);
    sg_type_free(plain_b);
    return same;
}

/* Makes an Avro name out of a hint such as a field name: invalid characters become '_'. */
static void sanitize_name(const char *hint, char *buf, size_t size) {
    size_t n = 0;
    if (!hint || !*hint) {
        hint = "Type";
    }
    if (!((*hint >= 'A' && *hint <= 'Z') || (*hint >= 'a' && *hint <= 'z') || *hint == '_')) {
        buf[n++] = '_';
    }
    for (const char *p = hint; *p && n + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        buf[n++] = ok ? c : '_';
    }
    buf[n] = '\0';
}

/* The name, namespace and aliases part of a named type. Sets *reference when the type was
 * already defined, to the JSON string that refers to it; else *own_ns to a copy of the
 * namespace the definition sets for what it contains. */
static int write_name(writer *W, const sg_type *type, const char *ns, const char *hint,
                      json_t *object, json_t **reference, char **own_ns) {
    *reference = NULL;
    *own_ns = NULL;
    char generated[256];
    /* Names made up for unnamed types are at most 255 bytes; the buffer above is for them. */
    const char *name = sg_type_name(type);
    const char *type_ns = sg_type_namespace(type) ? sg_type_namespace(type) : "";
    if (!name) {
        /* Glue, Spark and model schemas have unnamed structs; Avro needs names. */
        sanitize_name(hint, generated, sizeof generated - 16); /* room for a _N suffix */
        size_t base_len = strlen(generated);
        /* A primitive's name is no type name in Avro, in any namespace. */
        bool nomem = false;
        for (int suffix = 2;
             sgp_avro_is_primitive(generated) || is_defined_in(W, ns, generated, &nomem);
             suffix++) {
            snprintf(generated + base_len, sizeof generated - base_len, "_%d", suffix);
        }
        if (nomem) {
            return fail(W, SG_ENOMEM, "out of memory");
        }
        name = generated;
        type_ns = ns;
    }
    if (!sgp_avro_name_valid(name) || !sgp_avro_namespace_valid(type_ns)) {
        return fail(W, SG_EUNSUPPORTED, "\"%s%s%s\" is not a valid Avro name", type_ns,
                    *type_ns ? "." : "", name);
    }
    if (sgp_avro_is_primitive(name)) {
        return fail(W, SG_EUNSUPPORTED,
                    "type \"%s%s%s\" is named like the primitive type \"%s\", which Avro forbids "
                    "in every namespace",
                    type_ns, *type_ns ? "." : "", name, name);
    }
    char *full = join_name(type_ns, name);
    if (!full) {
        return fail(W, SG_ENOMEM, "out of memory");
    }
    const defined_type *seen = find_defined(W, full);
    if (seen) {
        /* Compare as definitions: nullability belongs to the place of use, not the type. */
        bool nomem = false;
        bool same = same_definition(seen->type, type, &nomem);
        if (nomem) {
            free(full);
            return fail(W, SG_ENOMEM, "out of memory");
        }
        if (!same) {
            int rc = fail(W, SG_EUNSUPPORTED,
                          "two different types are named \"%s\"; Avro needs unique names", full);
            free(full);
            return rc;
        }
        if (*ns && !*type_ns) {
            /* A definition can reset to the null namespace ("namespace": ""), but the spec has
             * no way to refer to that name from inside another namespace. */
            int rc = fail(W, SG_EUNSUPPORTED,
                          "type \"%s\" has no namespace and is used again inside namespace "
                          "\"%s\"; Avro cannot refer to it from there",
                          name, ns);
            free(full);
            return rc;
        }
        /* Refer by the shortest name that resolves back to the same full name. */
        *reference = json_string(strcmp(type_ns, ns) == 0 ? name : full);
        free(full);
        return *reference ? SG_OK : fail(W, SG_ENOMEM, "out of memory");
    }
    if (!sgp_reserve((void **)&W->defined, &W->defined_cap, W->defined_count + 1,
                     sizeof(defined_type)) ||
        sgp_strmap_add(&W->defined_index, full, W->defined_count, NULL) != SG_OK) {
        free(full);
        return fail(W, SG_ENOMEM, "out of memory");
    }
    W->defined[W->defined_count].fullname = full;
    W->defined[W->defined_count].type = type;
    W->defined_count++;
    bool ok = put(object, "name", json_string(name));
    if (ok && strcmp(type_ns, ns) != 0) {
        ok = put(object, "namespace", json_string(type_ns));
    }
    if (ok && sg_type_doc(type)) {
        ok = put(object, "doc", json_string(sg_type_doc(type)));
    }
    if (ok && sg_type_alias_count(type)) {
        json_t *aliases = json_array();
        ok = put(object, "aliases", aliases);
        for (size_t i = 0; ok && i < sg_type_alias_count(type); i++) {
            ok = json_array_append_new(aliases, json_string(sg_type_alias(type, i))) == 0;
        }
    }
    if (ok) {
        ok = (*own_ns = sgp_strdup(type_ns)) != NULL;
    }
    return ok ? SG_OK : fail(W, SG_ENOMEM, "out of memory");
}

/* Metadata entries of a node or field become extra attributes; reserved keys may not be
 * overwritten, since that would change what the schema means. */
static int write_metadata(writer *W, json_t *object, size_t count,
                          const char *(*key_at)(const void *, size_t),
                          const char *(*value_at)(const void *, size_t), const void *owner,
                          const char *const *reserved) {
    for (size_t i = 0; i < count; i++) {
        const char *key = key_at(owner, i);
        bool clash = json_object_get(object, key) != NULL;
        for (const char *const *r = reserved; *r && !clash; r++) {
            clash = strcmp(*r, key) == 0;
        }
        if (clash) {
            return fail(W, SG_EUNSUPPORTED, "metadata key \"%s\" would overwrite an Avro attribute",
                        key);
        }
        json_t *value = sgp_json_load_value(value_at(owner, i));
        char nul_at[8] = "";
        if (value && sgp_json_find_nul(value, NULL, nul_at, sizeof nul_at)) {
            /* The Avro loader (like Avro C) refuses NUL outside defaults. */
            json_decref(value);
            return fail(W, SG_EUNSUPPORTED,
                        "metadata \"%s\" holds a NUL character, which Avro attributes cannot", key);
        }
        if (!put(object, key, value)) {
            return fail(W, SG_ENOMEM, "out of memory");
        }
    }
    return SG_OK;
}

static const char *type_meta_key(const void *t, size_t i) {
    return sg_type_metadata_key(t, i);
}
static const char *type_meta_value(const void *t, size_t i) {
    return sg_type_metadata_value(t, i);
}
static const char *field_meta_key(const void *f, size_t i) {
    return sg_field_metadata_key(f, i);
}
static const char *field_meta_value(const void *f, size_t i) {
    return sg_field_metadata_value(f, i);
}

static json_t *write_fields(writer *W, const sg_type *type, const char *ns, int depth) {
    static const char *const reserved[] = {"name",    "type",  "doc", "default",
                                           "aliases", "order", NULL};
    static const char *const orders[] = {"ascending", "descending", "ignore"};
    json_t *fields = json_array();
    for (size_t i = 0; fields && i < sg_type_field_count(type); i++) {
        const sg_field *field = sg_type_field(type, i);
        size_t saved = path_push(W, sg_field_name(field), true);
        json_t *object = NULL;
        if (sg_field_partition(field)) {
            sgp_report_loss(W->options, W->source, W->path,
                            "Avro has no partition keys: written as an ordinary field");
        }
        if (!sgp_avro_name_valid(sg_field_name(field))) {
            fail(W, SG_EUNSUPPORTED,
                 "field name \"%s\" is not a valid Avro name ([A-Za-z_][A-Za-z0-9_]*)",
                 sg_field_name(field));
        } else {
            object = json_object();
            bool ok = object && put(object, "name", json_string(sg_field_name(field))) &&
                      put(object, "type",
                          write_type(W, sg_field_type(field), ns, sg_field_name(field), depth + 1));
            if (ok && sg_field_doc(field)) {
                ok = put(object, "doc", json_string(sg_field_doc(field)));
            }
            if (ok && sg_field_default(field)) {
                ok = put(object, "default", sgp_json_load_value(sg_field_default(field)));
            }
            if (ok && sg_field_alias_count(field)) {
                json_t *aliases = json_array();
                ok = put(object, "aliases", aliases);
                for (size_t a = 0; ok && a < sg_field_alias_count(field); a++) {
                    ok = json_array_append_new(aliases, json_string(sg_field_alias(field, a))) == 0;
                }
            }
            if (ok && sg_field_order(field) != SG_ORDER_ASCENDING) {
                ok = put(object, "order", json_string(orders[sg_field_order(field)]));
            }
            if (ok && write_metadata(W, object, sg_field_metadata_count(field), field_meta_key,
                                     field_meta_value, field, reserved) != SG_OK) {
                ok = false;
            }
            if (!ok) {
                json_decref(object);
                object = NULL;
            }
        }
        path_pop(W, saved);
        if (!object || json_array_append_new(fields, object) != 0) {
            json_decref(fields);
            return NULL;
        }
    }
    return fields;
}

/* The attributes an Avro type object of base (an Avro type name) uses whether written or not
 * (an absent "doc" or "namespace" means something too), which metadata may not take. Keys of
 * other kinds are free: {"type": "int", "name": "x"} is an int with a property "name". What
 * the writer does write (a logicalType, a decimal's precision) is protected as written. */
static const char *const *reserved_keys(const char *base) {
    static const char *const record[] = {"type",    "name",   "namespace", "doc",
                                         "aliases", "fields", NULL};
    static const char *const enumeration[] = {"type",    "name",    "namespace", "doc",
                                              "aliases", "symbols", "default",   NULL};
    static const char *const fixed[] = {"type",    "name", "namespace", "doc",
                                        "aliases", "size", NULL};
    static const char *const array[] = {"type", "items", NULL};
    static const char *const map[] = {"type", "values", NULL};
    static const char *const primitive[] = {"type", NULL};
    return !base                         ? primitive
           : strcmp(base, "record") == 0 ? record
           : strcmp(base, "enum") == 0   ? enumeration
           : strcmp(base, "fixed") == 0  ? fixed
           : strcmp(base, "array") == 0  ? array
           : strcmp(base, "map") == 0    ? map
                                         : primitive;
}

/* The non-null part of a type: a name string or a type object. */
static json_t *write_plain(writer *W, const sg_type *type, const char *ns, const char *hint,
                           int depth) {
    json_t *object = json_object();
    if (!object) {
        fail(W, SG_ENOMEM, "out of memory");
        return NULL;
    }
    char *own_ns = NULL; /* the namespace a named type sets for what it contains */
    json_t *reference = NULL;
    const char *base = NULL; /* Avro type name */
    const char *lt = NULL;   /* logicalType */
    bool named = false;
    int rc = SG_OK;
    switch (sg_type_kind(type)) {
    case SG_KIND_NULL:
        base = "null";
        break;
    case SG_KIND_BOOLEAN:
        base = "boolean";
        break;
    case SG_KIND_INT8:
    case SG_KIND_INT16:
        sgp_report_loss(W->options, W->source, W->path[0] ? W->path : "(root)",
                        "%s becomes Avro int: the narrower range is not kept",
                        sg_kind_name(sg_type_kind(type)));
        base = "int";
        break;
    case SG_KIND_INT32:
        base = "int";
        break;
    case SG_KIND_INT64:
        base = "long";
        break;
    case SG_KIND_FLOAT32:
        base = "float";
        break;
    case SG_KIND_FLOAT64:
        base = "double";
        break;
    case SG_KIND_STRING:
        if (sg_type_string_flavor(type) != SG_STRING_PLAIN) {
            sgp_report_loss(W->options, W->source, W->path[0] ? W->path : "(root)",
                            "%s(%lld) becomes Avro string: the length limit is not kept",
                            sg_type_string_flavor(type) == SG_STRING_CHAR ? "char" : "varchar",
                            (long long)sg_type_max_length(type));
        }
        base = "string";
        break;
    case SG_KIND_BINARY:
        base = "bytes";
        break;
    case SG_KIND_DATE:
        base = "int";
        lt = "date";
        break;
    case SG_KIND_TIME:
        if (sg_type_time_unit(type) == SG_UNIT_NANOS) {
            rc = fail(W, SG_EUNSUPPORTED, "Avro has no time type with nanoseconds");
        }
        base = sg_type_time_unit(type) == SG_UNIT_MILLIS ? "int" : "long";
        lt = sg_type_time_unit(type) == SG_UNIT_MILLIS ? "time-millis" : "time-micros";
        break;
    case SG_KIND_TIMESTAMP: {
        static const char *const utc[] = {"timestamp-millis", "timestamp-micros",
                                          "timestamp-nanos"};
        static const char *const local[] = {"local-timestamp-millis", "local-timestamp-micros",
                                            "local-timestamp-nanos"};
        base = "long";
        lt = (sg_type_utc(type) ? utc : local)[sg_type_time_unit(type)];
        break;
    }
    case SG_KIND_DECIMAL:
        base = sg_type_size(type) > 0 ? "fixed" : "bytes";
        named = sg_type_size(type) > 0;
        lt = "decimal";
        break;
    case SG_KIND_UUID:
        base = sg_type_size(type) > 0 ? "fixed" : "string";
        named = sg_type_size(type) > 0;
        lt = "uuid";
        break;
    case SG_KIND_DURATION:
        base = "fixed";
        named = true;
        lt = "duration";
        break;
    case SG_KIND_FIXED:
        base = "fixed";
        named = true;
        break;
    case SG_KIND_ENUM:
        base = "enum";
        named = true;
        break;
    case SG_KIND_STRUCT:
        base = "record";
        named = true;
        break;
    case SG_KIND_LIST:
        base = "array";
        if (!sg_type_element(type)) {
            /* The API lets a list be built without its element; nothing can be written. */
            rc = fail(W, SG_EINVALID, "a list without an element type");
        }
        break;
    case SG_KIND_MAP:
        base = "map";
        if (!sg_type_map_key(type) || !sg_type_map_value(type)) {
            rc = fail(W, SG_EINVALID, "a map without both a key and a value type");
        } else if (sg_type_kind(sg_type_map_key(type)) != SG_KIND_STRING) {
            rc = fail(W, SG_EUNSUPPORTED, "Avro map keys are strings; this map has %s keys",
                      sg_kind_name(sg_type_kind(sg_type_map_key(type))));
        }
        break;
    case SG_KIND_UNION:
        rc = fail(W, SG_EINTERNAL, "union written as a plain type");
        break;
    case SG_KIND_VARIANT:
        rc = fail(W, SG_EUNSUPPORTED, "Avro has no variant type");
        break;
    }
    if (rc == SG_OK && sg_type_doc(type) && !named) {
        sgp_report_loss(W->options, W->source, W->path[0] ? W->path : "(root)",
                        "Avro keeps docs only on records, enums, fixed types and fields");
    }
    bool ok = rc == SG_OK && put(object, "type", json_string(base));
    if (ok && named) {
        ok = write_name(W, type, ns, hint, object, &reference, &own_ns) == SG_OK;
        if (ok && reference) {
            json_decref(object);
            return reference;
        }
    }
    const char *inner_ns = own_ns ? own_ns : ns;
    if (ok && sg_type_kind(type) == SG_KIND_STRUCT) {
        ok = put(object, "fields", write_fields(W, type, inner_ns, depth));
    } else if (ok && sg_type_kind(type) == SG_KIND_ENUM) {
        json_t *symbols = json_array();
        ok = put(object, "symbols", symbols);
        for (size_t i = 0; ok && i < sg_type_symbol_count(type); i++) {
            ok = json_array_append_new(symbols, json_string(sg_type_symbol(type, i))) == 0;
        }
        if (ok && sg_type_enum_default(type)) {
            ok = put(object, "default", json_string(sg_type_enum_default(type)));
        }
    } else if (ok && strcmp(base, "fixed") == 0) {
        ok = put(object, "size", json_integer(sg_type_size(type)));
    } else if (ok && sg_type_kind(type) == SG_KIND_LIST) {
        size_t saved = path_push(W, "[]", false);
        ok = put(object, "items", write_type(W, sg_type_element(type), inner_ns, hint, depth + 1));
        path_pop(W, saved);
    } else if (ok && sg_type_kind(type) == SG_KIND_MAP) {
        size_t saved = path_push(W, "{}", false);
        ok = put(object, "values",
                 write_type(W, sg_type_map_value(type), inner_ns, hint, depth + 1));
        path_pop(W, saved);
    }
    if (ok && lt) {
        ok = put(object, "logicalType", json_string(lt));
        if (ok && sg_type_kind(type) == SG_KIND_DECIMAL) {
            ok = put(object, "precision", json_integer(sg_type_precision(type))) &&
                 put(object, "scale", json_integer(sg_type_scale(type)));
        }
    }
    free(own_ns);
    if (ok) {
        ok = write_metadata(W, object, sg_type_metadata_count(type), type_meta_key, type_meta_value,
                            type, reserved_keys(base)) == SG_OK;
    }
    if (!ok) {
        json_decref(object);
        if (W->code == SG_OK) {
            fail(W, SG_ENOMEM, "out of memory");
        }
        return NULL;
    }
    /* A primitive with nothing else to say is written as its bare name. */
    if (json_object_size(object) == 1 && sgp_avro_is_primitive(base)) {
        json_decref(object);
        return json_string(base);
    }
    return object;
}

static json_t *write_type(writer *W, const sg_type *type, const char *ns, const char *hint,
                          int depth) {
    if (depth > SG_MAX_DEPTH) {
        fail(W, SG_ELIMIT, "schema nested deeper than %d levels", SG_MAX_DEPTH);
        return NULL;
    }
    bool nullable = sg_type_nullable(type);
    bool is_union = sg_type_kind(type) == SG_KIND_UNION;
    if (!nullable && !is_union) {
        return write_plain(W, type, ns, hint, depth);
    }
    if (nullable && sg_type_kind(type) == SG_KIND_NULL) {
        json_t *only_null = json_array();
        if (only_null && json_array_append_new(only_null, json_string("null")) != 0) {
            json_decref(only_null);
            only_null = NULL;
        }
        return only_null;
    }
    json_t *branches = json_array();
    if (!branches) {
        fail(W, SG_ENOMEM, "out of memory");
        return NULL;
    }
    bool ok = true;
    if (is_union && sg_type_child_count(type) == 0) {
        fail(W, SG_EINVALID, "a union without branches");
        json_decref(branches);
        return NULL;
    }
    if (is_union) {
        for (size_t i = 0; ok && i < sg_type_child_count(type); i++) {
            const sg_type *branch = sg_type_child(type, i);
            if (sg_type_nullable(branch) || sg_type_kind(branch) == SG_KIND_UNION) {
                ok = fail(W, SG_EUNSUPPORTED, "a union branch cannot itself be a union") == SG_OK;
                break;
            }
            ok = json_array_append_new(branches, write_plain(W, branch, ns, hint, depth + 1)) == 0;
        }
    } else {
        ok = json_array_append_new(branches, write_plain(W, type, ns, hint, depth)) == 0;
    }
    if (ok && nullable) {
        size_t at = (size_t)sg_type_null_index(type);
        if (at > json_array_size(branches)) {
            at = json_array_size(branches);
        }
        ok = json_array_insert_new(branches, at, json_string("null")) == 0;
    }
    if (!ok) {
        json_decref(branches);
        return NULL;
    }
    return branches;
}

int sgp_avro_write(const sg_schema *schema, const sg_write_options *options, char **out,
                   sg_error *err) {
    *out = NULL;
    writer W;
    memset(&W, 0, sizeof W);
    W.options = options;
    W.err = err;
    W.source = sg_schema_source(schema) ? sg_schema_source(schema) : "";
    if (sg_schema_property_count(schema) > 0) {
        sgp_report_loss(options, W.source, "(schema)",
                        "Avro schemas hold no table properties (%s, ...): they are not written",
                        sg_schema_property_key(schema, 0));
    }
    const char *root_hint = options && options->name ? options->name
                            : sg_schema_property(schema, "glue.name")
                                ? sg_schema_property(schema, "glue.name")
                                : "Root";
    json_t *json = write_type(&W, sg_schema_root(schema), "", root_hint, 0);
    int rc = SG_OK;
    if (!json) {
        rc = W.code != SG_OK ? W.code : sgp_error_nomem(err);
    } else {
        char *text = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        size_t n = text ? strlen(text) : 0;
        char *with_newline = text ? realloc(text, n + 2) : NULL;
        if (!with_newline) {
            free(text);
            rc = sgp_error_nomem(err);
        } else {
            with_newline[n] = '\n';
            with_newline[n + 1] = '\0';
            *out = with_newline;
        }
        json_decref(json);
    }
    for (size_t i = 0; i < W.defined_count; i++) {
        free(W.defined[i].fullname);
    }
    free(W.defined);
    sgp_strmap_free(&W.defined_index);
    return rc;
}

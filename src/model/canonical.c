/*
 * model/canonical.c: the canonical JSON form of the model (docs/model.md), both directions, and
 * the fingerprint built on it. Keys are written in one fixed order and values that equal their
 * defaults are left out, so equal trees print to identical text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/json.h"
#include "util/limits.h"
#include "util/util.h"

#define CANONICAL_VERSION 1

static const char *const order_names[] = {"ascending", "descending", "ignore"};
static const char *const flavor_names[] = {"plain", "char", "varchar"};

/* Writing ---------------------------------------------------------------------------------------
 */

static json_t *type_to_json(const sg_type *type, unsigned flags, int depth);

static json_t *strings_to_json(const sgp_strings *list) {
    json_t *array = json_array();
    for (size_t i = 0; array && i < list->count; i++) {
        if (json_array_append_new(array, json_string(list->items[i])) != 0) {
            json_decref(array);
            return NULL;
        }
    }
    return array;
}

static int compare_kv_keys(const void *a, const void *b) {
    return strcmp((*(const sgp_kv *const *)a)->key, (*(const sgp_kv *const *)b)->key);
}

/* Metadata is a map: its keys are printed sorted so insertion order does not leak into the
 * canonical text (and so into fingerprints), matching equality, which ignores that order. */
static json_t *metadata_to_json(const sgp_metadata *meta) {
    const sgp_kv **sorted = malloc((meta->count ? meta->count : 1) * sizeof *sorted);
    json_t *object = sorted ? json_object() : NULL;
    for (size_t i = 0; object && i < meta->count; i++) {
        sorted[i] = &meta->items[i];
    }
    if (object) {
        qsort(sorted, meta->count, sizeof *sorted, compare_kv_keys);
    }
    for (size_t i = 0; object && i < meta->count; i++) {
        json_t *value = sgp_json_load_value(sorted[i]->json);
        if (!value || json_object_set_new(object, sorted[i]->key, value) != 0) {
            json_decref(object);
            object = NULL;
        }
    }
    free(sorted);
    return object;
}

/* Schema properties: plain string values, keys sorted like metadata's. */
static json_t *properties_to_json(const sgp_metadata *props) {
    const sgp_kv **sorted = malloc((props->count ? props->count : 1) * sizeof *sorted);
    json_t *object = sorted ? json_object() : NULL;
    for (size_t i = 0; object && i < props->count; i++) {
        sorted[i] = &props->items[i];
    }
    if (object) {
        qsort(sorted, props->count, sizeof *sorted, compare_kv_keys);
    }
    for (size_t i = 0; object && i < props->count; i++) {
        if (json_object_set_new(object, sorted[i]->key, json_string(sorted[i]->json)) != 0) {
            json_decref(object);
            object = NULL;
        }
    }
    free(sorted);
    return object;
}

/* Sets key to value (stealing it); false if value is NULL or setting fails. */
static bool put(json_t *object, const char *key, json_t *value) {
    return value && json_object_set_new(object, key, value) == 0;
}

static json_t *field_to_json(const sg_field *field, unsigned flags, int depth) {
    json_t *object = json_object();
    bool ok = object && put(object, "name", json_string(field->name)) &&
              put(object, "type", type_to_json(field->type, flags, depth + 1));
    if (ok && field->doc && !(flags & SG_CMP_IGNORE_DOCS)) {
        ok = put(object, "doc", json_string(field->doc));
    }
    if (ok && field->default_json) {
        ok = put(object, "default", sgp_json_load_value(field->default_json));
    }
    if (ok && field->aliases.count) {
        ok = put(object, "aliases", strings_to_json(&field->aliases));
    }
    if (ok && field->order != SG_ORDER_ASCENDING) {
        ok = put(object, "order", json_string(order_names[field->order]));
    }
    if (ok && field->partition) {
        ok = put(object, "partition", json_true());
    }
    if (ok && field->metadata.count && !(flags & SG_CMP_IGNORE_METADATA)) {
        ok = put(object, "metadata", metadata_to_json(&field->metadata));
    }
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

static bool has_size(const sg_type *type) {
    return type->kind == SG_KIND_FIXED || type->size > 0;
}

static json_t *type_to_json(const sg_type *type, unsigned flags, int depth) {
    if (depth > SG_MAX_DEPTH) {
        return NULL;
    }
    json_t *object = json_object();
    bool ok = object && put(object, "kind", json_string(sg_kind_name(type->kind)));
    if (ok && type->nullable) {
        ok = put(object, "nullable", json_true());
        if (ok && type->null_index != 0) {
            ok = put(object, "null_index", json_integer(type->null_index));
        }
    }
    if (ok && type->name && !(flags & SG_CMP_IGNORE_NAMES)) {
        ok = put(object, "name", json_string(type->name));
        if (ok && type->ns) {
            ok = put(object, "namespace", json_string(type->ns));
        }
    }
    if (ok && type->aliases.count && !(flags & SG_CMP_IGNORE_NAMES)) {
        ok = put(object, "aliases", strings_to_json(&type->aliases));
    }
    if (ok && type->doc && !(flags & SG_CMP_IGNORE_DOCS)) {
        ok = put(object, "doc", json_string(type->doc));
    }
    if (ok && type->kind == SG_KIND_DECIMAL) {
        ok = put(object, "precision", json_integer(type->precision)) &&
             put(object, "scale", json_integer(type->scale));
    }
    if (ok && has_size(type)) {
        ok = put(object, "size", json_integer(type->size));
    }
    if (ok && type->kind == SG_KIND_STRING && type->flavor != SG_STRING_PLAIN) {
        ok = put(object, "flavor", json_string(flavor_names[type->flavor])) &&
             put(object, "max_length", json_integer(type->max_length));
    }
    if (ok && (type->kind == SG_KIND_TIME || type->kind == SG_KIND_TIMESTAMP)) {
        ok = put(object, "unit", json_string(sg_time_unit_name(type->unit)));
    }
    if (ok && type->kind == SG_KIND_TIMESTAMP) {
        ok = put(object, "utc", json_boolean(type->utc));
    }
    if (ok && type->kind == SG_KIND_ENUM) {
        ok = put(object, "symbols", strings_to_json(&type->symbols));
        if (ok && type->enum_default) {
            ok = put(object, "default", json_string(type->enum_default));
        }
    }
    if (ok && type->kind == SG_KIND_LIST && type->child_count == 1) {
        ok = put(object, "element", type_to_json(type->children[0], flags, depth + 1));
    }
    if (ok && type->kind == SG_KIND_MAP && type->child_count == 2) {
        ok = put(object, "key", type_to_json(type->children[0], flags, depth + 1)) &&
             put(object, "value", type_to_json(type->children[1], flags, depth + 1));
    }
    if (ok && type->kind == SG_KIND_UNION) {
        json_t *branches = json_array();
        ok = put(object, "branches", branches);
        for (size_t i = 0; ok && i < type->child_count; i++) {
            ok = json_array_append_new(branches,
                                       type_to_json(type->children[i], flags, depth + 1)) == 0;
        }
    }
    if (ok && type->kind == SG_KIND_STRUCT) {
        json_t *fields = json_array();
        ok = put(object, "fields", fields);
        for (size_t i = 0; ok && i < type->field_count; i++) {
            ok = json_array_append_new(fields, field_to_json(type->fields[i], flags, depth)) == 0;
        }
    }
    if (ok && type->metadata.count && !(flags & SG_CMP_IGNORE_METADATA)) {
        ok = put(object, "metadata", metadata_to_json(&type->metadata));
    }
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

/* Dumps in the key order type_to_json inserted; metadata is sorted above and defaults were
 * normalised with sorted keys when they were stored. */
int sg_schema_to_json(const sg_schema *schema, unsigned flags, char **out) {
    if (!out) {
        return SG_EUSAGE;
    }
    *out = NULL;
    if (!schema) {
        return SG_EUSAGE;
    }
    json_t *root = json_object();
    bool ok = root && put(root, "schemagate_model", json_integer(CANONICAL_VERSION));
    if (ok && schema->properties.count &&
        !(flags & (SG_CMP_IGNORE_METADATA | SG_CMP_IGNORE_PROPERTIES))) {
        ok = put(root, "properties", properties_to_json(&schema->properties));
    }
    json_t *type = ok ? type_to_json(schema->root, flags, 0) : NULL;
    if (!type) {
        json_decref(root);
        /* type_to_json fails only on memory or on a tree deeper than the limit. */
        return ok ? SG_ELIMIT : SG_ENOMEM;
    }
    ok = put(root, "type", type);
    size_t dump_flags = JSON_ENCODE_ANY | JSON_PRESERVE_ORDER |
                        ((flags & SG_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
    char *text = ok ? json_dumps(root, dump_flags) : NULL;
    json_decref(root);
    if (!text) {
        return SG_ENOMEM;
    }
    if (flags & SG_JSON_PRETTY) {
        size_t n = strlen(text);
        char *with_newline = realloc(text, n + 2);
        if (!with_newline) {
            free(text);
            return SG_ENOMEM;
        }
        with_newline[n] = '\n';
        with_newline[n + 1] = '\0';
        text = with_newline;
    }
    *out = text;
    return SG_OK;
}

int sg_schema_fingerprint(const sg_schema *schema, unsigned flags, char out[65]) {
    char *text;
    int rc = sg_schema_to_json(schema, flags & ~SG_JSON_PRETTY, &text);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_sha256_hex(text, strlen(text), out);
    free(text);
    return SG_OK;
}

/* Reading ---------------------------------------------------------------------------------------
 */

static bool key_allowed(const char *key, const char *const *allowed) {
    for (; *allowed; allowed++) {
        if (strcmp(key, *allowed) == 0) {
            return true;
        }
    }
    return false;
}

static int check_keys(sgp_cursor *r, json_t *object, const char *what, const char *const *allowed) {
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value) {
        (void)value;
        if (!key_allowed(key, allowed)) {
            size_t saved = sgp_cursor_push(r, key);
            int rc = sgp_cursor_fail(r, SG_EINVALID, "unknown key \"%s\" in %s", key, what);
            sgp_cursor_pop(r, saved);
            return rc;
        }
    }
    return SG_OK;
}

static int get_string(sgp_cursor *r, json_t *object, const char *key, bool required,
                      const char **out) {
    json_t *value = json_object_get(object, key);
    *out = NULL;
    if (!value) {
        return required ? sgp_cursor_fail(r, SG_EINVALID, "missing \"%s\"", key) : SG_OK;
    }
    if (!json_is_string(value)) {
        size_t saved = sgp_cursor_push(r, key);
        int rc = sgp_cursor_fail(r, SG_EINVALID, "\"%s\" must be a string", key);
        sgp_cursor_pop(r, saved);
        return rc;
    }
    *out = json_string_value(value);
    return SG_OK;
}

static int get_int(sgp_cursor *r, json_t *object, const char *key, bool required, int64_t min,
                   int64_t max, int64_t *out) {
    json_t *value = json_object_get(object, key);
    if (!value) {
        return required ? sgp_cursor_fail(r, SG_EINVALID, "missing \"%s\"", key) : SG_OK;
    }
    size_t saved = sgp_cursor_push(r, key);
    int rc = SG_OK;
    if (!json_is_integer(value)) {
        rc = sgp_cursor_fail(r, SG_EINVALID, "\"%s\" must be an integer", key);
    } else if (json_integer_value(value) < min || json_integer_value(value) > max) {
        rc = sgp_cursor_fail(r, SG_EINVALID, "\"%s\" must be between %lld and %lld", key,
                             (long long)min, (long long)max);
    } else {
        *out = json_integer_value(value);
    }
    sgp_cursor_pop(r, saved);
    return rc;
}

static int get_bool(sgp_cursor *r, json_t *object, const char *key, bool *out) {
    json_t *value = json_object_get(object, key);
    if (!value) {
        return SG_OK;
    }
    if (!json_is_boolean(value)) {
        size_t saved = sgp_cursor_push(r, key);
        int rc = sgp_cursor_fail(r, SG_EINVALID, "\"%s\" must be true or false", key);
        sgp_cursor_pop(r, saved);
        return rc;
    }
    *out = json_is_true(value);
    return SG_OK;
}

/* Calls add(target, string) for every element of the array under key. */
static int get_strings(sgp_cursor *r, json_t *object, const char *key, void *target,
                       int (*add)(void *, const char *)) {
    json_t *array = json_object_get(object, key);
    if (!array) {
        return SG_OK;
    }
    size_t saved = sgp_cursor_push(r, key);
    int rc = SG_OK;
    if (!json_is_array(array)) {
        rc = sgp_cursor_fail(r, SG_EINVALID, "\"%s\" must be an array of strings", key);
    }
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item) {
        if (rc != SG_OK) {
            break;
        }
        size_t at = sgp_cursor_push_index(r, i);
        if (!json_is_string(item)) {
            rc = sgp_cursor_fail(r, SG_EINVALID, "\"%s\" must be an array of strings", key);
        } else if ((rc = add(target, json_string_value(item))) != SG_OK) {
            rc = rc == SG_EINVALID ? sgp_cursor_fail(r, rc, "duplicate \"%s\" entry \"%s\"", key,
                                                     json_string_value(item))
                                   : sgp_cursor_fail(r, rc, "cannot add \"%s\" entry", key);
        }
        sgp_cursor_pop(r, at);
    }
    sgp_cursor_pop(r, saved);
    return rc;
}

static int get_metadata(sgp_cursor *r, json_t *object, void *target,
                        int (*add)(void *, const char *, const char *)) {
    json_t *meta = json_object_get(object, "metadata");
    if (!meta) {
        return SG_OK;
    }
    size_t saved = sgp_cursor_push(r, "metadata");
    int rc = SG_OK;
    if (!json_is_object(meta)) {
        rc = sgp_cursor_fail(r, SG_EINVALID, "\"metadata\" must be an object");
    }
    const char *key;
    json_t *value;
    json_object_foreach(meta, key, value) {
        if (rc != SG_OK) {
            break;
        }
        char *text = sgp_json_dump(value);
        rc = text ? add(target, key, text) : SG_ENOMEM;
        free(text);
        if (rc != SG_OK) {
            rc = sgp_cursor_fail(r, rc, "cannot add metadata \"%s\"", key);
        }
    }
    sgp_cursor_pop(r, saved);
    return rc;
}

static int add_type_alias(void *t, const char *s) {
    return sg_type_add_alias(t, s);
}
static int add_type_symbol(void *t, const char *s) {
    return sg_type_add_symbol(t, s);
}
static int add_field_alias(void *f, const char *s) {
    return sg_field_add_alias(f, s);
}
static int add_type_meta(void *t, const char *k, const char *v) {
    return sg_type_add_metadata(t, k, v);
}
static int add_field_meta(void *f, const char *k, const char *v) {
    return sg_field_add_metadata(f, k, v);
}

static int type_from_json(sgp_cursor *r, json_t *object, int depth, sg_type **out);

/* Reads the child type under key and appends it to parent. */
static int child_from_json(sgp_cursor *r, json_t *object, const char *key, sg_type *parent,
                           int depth) {
    json_t *value = json_object_get(object, key);
    if (!value) {
        return sgp_cursor_fail(r, SG_EINVALID, "missing \"%s\"", key);
    }
    size_t saved = sgp_cursor_push(r, key);
    sg_type *child;
    int rc = type_from_json(r, value, depth + 1, &child);
    if (rc == SG_OK && (rc = sg_type_add_child(parent, child)) != SG_OK) {
        sg_type_free(child);
        rc = sgp_cursor_fail(r, rc, "out of memory");
    }
    sgp_cursor_pop(r, saved);
    return rc;
}

static int field_from_json(sgp_cursor *r, json_t *object, int depth, sg_field **out) {
    static const char *const allowed[] = {"name",  "type",      "doc",      "default", "aliases",
                                          "order", "partition", "metadata", NULL};
    *out = NULL;
    if (!json_is_object(object)) {
        return sgp_cursor_fail(r, SG_EINVALID, "a field must be an object");
    }
    int rc = check_keys(r, object, "a field", allowed);
    const char *name = NULL, *doc = NULL, *order = NULL;
    if (rc != SG_OK || (rc = get_string(r, object, "name", true, &name)) != SG_OK ||
        (rc = get_string(r, object, "doc", false, &doc)) != SG_OK ||
        (rc = get_string(r, object, "order", false, &order)) != SG_OK) {
        return rc;
    }
    json_t *type_json = json_object_get(object, "type");
    if (!type_json) {
        return sgp_cursor_fail(r, SG_EINVALID, "missing \"type\"");
    }
    size_t saved = sgp_cursor_push(r, "type");
    sg_type *type;
    rc = type_from_json(r, type_json, depth + 1, &type);
    sgp_cursor_pop(r, saved);
    if (rc != SG_OK) {
        return rc;
    }
    sg_field *field;
    if ((rc = sg_field_new(&field, name, type)) != SG_OK) {
        return sgp_cursor_fail(r, rc, "cannot create field");
    }
    bool partition = false;
    if ((rc = get_bool(r, object, "partition", &partition)) == SG_OK &&
        (rc = get_strings(r, object, "aliases", field, add_field_alias)) == SG_OK &&
        (rc = get_metadata(r, object, field, add_field_meta)) == SG_OK) {
        sg_field_set_partition(field, partition);
        if (doc && sg_field_set_doc(field, doc) != SG_OK) {
            rc = sgp_cursor_fail(r, SG_ENOMEM, "out of memory");
        }
    }
    if (rc == SG_OK && order) {
        int found = -1;
        for (int i = 0; i < 3; i++) {
            found = strcmp(order, order_names[i]) == 0 ? i : found;
        }
        if (found < 0) {
            saved = sgp_cursor_push(r, "order");
            rc = sgp_cursor_fail(r, SG_EINVALID,
                                 "\"order\" must be ascending, descending or ignore");
            sgp_cursor_pop(r, saved);
        } else {
            sg_field_set_order(field, (sg_sort_order)found);
        }
    }
    json_t *def = json_object_get(object, "default");
    if (rc == SG_OK && def) {
        /* The default is valid JSON: only memory can fail here. */
        char *text = sgp_json_dump(def);
        if (!text || sg_field_set_default(field, text) != SG_OK) {
            rc = sgp_cursor_fail(r, SG_ENOMEM, "out of memory");
        }
        free(text);
    }
    if (rc == SG_OK && sg_field_set_location(field, r->source, r->pointer, 0, 0) != SG_OK) {
        rc = sgp_cursor_fail(r, SG_ENOMEM, "out of memory");
    }
    if (rc != SG_OK) {
        sg_field_free(field);
        return rc;
    }
    *out = field;
    return SG_OK;
}

/* The keys each kind accepts beyond the common ones. */
static const char *const *kind_keys(sg_kind kind) {
    static const char *const none[] = {NULL};
    static const char *const decimal[] = {"precision", "scale", "size", NULL};
    static const char *const sized[] = {"size", NULL};
    static const char *const string[] = {"flavor", "max_length", NULL};
    static const char *const time[] = {"unit", NULL};
    static const char *const timestamp[] = {"unit", "utc", NULL};
    static const char *const enumeration[] = {"symbols", "default", NULL};
    static const char *const list[] = {"element", NULL};
    static const char *const map[] = {"key", "value", NULL};
    static const char *const un[] = {"branches", NULL};
    static const char *const st[] = {"fields", NULL};
    switch (kind) {
    case SG_KIND_DECIMAL:
        return decimal;
    case SG_KIND_FIXED:
    case SG_KIND_UUID:
    case SG_KIND_DURATION:
        return sized;
    case SG_KIND_STRING:
        return string;
    case SG_KIND_TIME:
        return time;
    case SG_KIND_TIMESTAMP:
        return timestamp;
    case SG_KIND_ENUM:
        return enumeration;
    case SG_KIND_LIST:
        return list;
    case SG_KIND_MAP:
        return map;
    case SG_KIND_UNION:
        return un;
    case SG_KIND_STRUCT:
        return st;
    default:
        return none;
    }
}

static int check_type_keys(sgp_cursor *r, json_t *object, sg_kind kind) {
    static const char *const common[] = {"kind", "nullable",  "null_index", "name",
                                         "doc",  "namespace", "aliases",    "metadata"};
    const char *allowed[32];
    size_t n = 0;
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        allowed[n++] = common[i];
    }
    for (const char *const *k = kind_keys(kind); *k; k++) {
        allowed[n++] = *k;
    }
    allowed[n] = NULL;
    char what[64];
    snprintf(what, sizeof what, "type %s", sg_kind_name(kind));
    return check_keys(r, object, what, allowed);
}

static int read_kind_details(sgp_cursor *r, json_t *object, sg_type *type, int depth) {
    int rc = SG_OK;
    int64_t value = 0;
    switch (type->kind) {
    case SG_KIND_DECIMAL: {
        int64_t precision = 0, scale = 0;
        if ((rc = get_int(r, object, "precision", true, 1, INT32_MAX, &precision)) != SG_OK ||
            (rc = get_int(r, object, "scale", true, 0, precision, &scale)) != SG_OK) {
            return rc;
        }
        sg_type_set_decimal(type, (int)precision, (int)scale);
        break;
    }
    case SG_KIND_STRING: {
        const char *flavor = NULL;
        if ((rc = get_string(r, object, "flavor", false, &flavor)) != SG_OK) {
            return rc;
        }
        if (flavor) {
            sg_string_flavor f = strcmp(flavor, "char") == 0      ? SG_STRING_CHAR
                                 : strcmp(flavor, "varchar") == 0 ? SG_STRING_VARCHAR
                                                                  : SG_STRING_PLAIN;
            if (f == SG_STRING_PLAIN) {
                size_t saved = sgp_cursor_push(r, "flavor");
                rc = sgp_cursor_fail(r, SG_EINVALID, "\"flavor\" must be char or varchar");
                sgp_cursor_pop(r, saved);
                return rc;
            }
            if ((rc = get_int(r, object, "max_length", true, 1, INT64_MAX, &value)) != SG_OK) {
                return rc;
            }
            sg_type_set_string(type, f, value);
        } else if (json_object_get(object, "max_length")) {
            return sgp_cursor_fail(r, SG_EINVALID, "\"max_length\" needs a \"flavor\"");
        }
        break;
    }
    case SG_KIND_TIME:
    case SG_KIND_TIMESTAMP: {
        const char *unit = NULL;
        if ((rc = get_string(r, object, "unit", true, &unit)) != SG_OK) {
            return rc;
        }
        int found = -1;
        for (int u = SG_UNIT_MILLIS; u <= SG_UNIT_NANOS; u++) {
            found = strcmp(unit, sg_time_unit_name((sg_time_unit)u)) == 0 ? u : found;
        }
        if (found < 0) {
            size_t saved = sgp_cursor_push(r, "unit");
            rc = sgp_cursor_fail(r, SG_EINVALID, "\"unit\" must be millis, micros or nanos");
            sgp_cursor_pop(r, saved);
            return rc;
        }
        sg_type_set_time_unit(type, (sg_time_unit)found);
        if (type->kind == SG_KIND_TIMESTAMP) {
            if (!json_object_get(object, "utc")) {
                return sgp_cursor_fail(r, SG_EINVALID, "missing \"utc\"");
            }
            if ((rc = get_bool(r, object, "utc", &type->utc)) != SG_OK) {
                return rc;
            }
        }
        break;
    }
    case SG_KIND_ENUM: {
        if (!json_object_get(object, "symbols")) {
            return sgp_cursor_fail(r, SG_EINVALID, "missing \"symbols\"");
        }
        if ((rc = get_strings(r, object, "symbols", type, add_type_symbol)) != SG_OK) {
            return rc;
        }
        const char *def = NULL;
        if ((rc = get_string(r, object, "default", false, &def)) != SG_OK) {
            return rc;
        }
        json_t *def_json = json_object_get(object, "default");
        if (def && strlen(def) != json_string_length(def_json)) {
            /* The NUL check of the whole document lets every "default" through. */
            size_t saved = sgp_cursor_push(r, "default");
            rc = sgp_cursor_fail(r, SG_EINVALID,
                                 "an enum default cannot hold a NUL character (\\u0000)");
            sgp_cursor_pop(r, saved);
        } else if (def && sg_type_set_enum_default(type, def) != SG_OK) {
            size_t saved = sgp_cursor_push(r, "default");
            rc = sgp_cursor_fail(r, SG_EINVALID, "enum default \"%s\" is not one of the symbols",
                                 def);
            sgp_cursor_pop(r, saved);
        }
        break;
    }
    case SG_KIND_LIST:
        rc = child_from_json(r, object, "element", type, depth);
        break;
    case SG_KIND_MAP:
        if ((rc = child_from_json(r, object, "key", type, depth)) == SG_OK) {
            rc = child_from_json(r, object, "value", type, depth);
        }
        break;
    case SG_KIND_UNION: {
        json_t *branches = json_object_get(object, "branches");
        if (!json_is_array(branches)) {
            return sgp_cursor_fail(r, SG_EINVALID, "\"branches\" must be an array");
        }
        size_t saved = sgp_cursor_push(r, "branches");
        size_t i;
        json_t *item;
        json_array_foreach(branches, i, item) {
            size_t at = sgp_cursor_push_index(r, i);
            sg_type *child;
            rc = type_from_json(r, item, depth + 1, &child);
            if (rc == SG_OK && (rc = sg_type_add_child(type, child)) != SG_OK) {
                sg_type_free(child);
                rc = sgp_cursor_fail(r, rc, "out of memory");
            }
            sgp_cursor_pop(r, at);
            if (rc != SG_OK) {
                break;
            }
        }
        sgp_cursor_pop(r, saved);
        break;
    }
    case SG_KIND_STRUCT: {
        json_t *fields = json_object_get(object, "fields");
        if (!json_is_array(fields)) {
            return sgp_cursor_fail(r, SG_EINVALID, "\"fields\" must be an array");
        }
        size_t saved = sgp_cursor_push(r, "fields");
        size_t i;
        json_t *item;
        json_array_foreach(fields, i, item) {
            size_t at = sgp_cursor_push_index(r, i);
            sg_field *field;
            rc = field_from_json(r, item, depth, &field);
            if (rc == SG_OK && (rc = sg_type_add_field(type, field)) != SG_OK) {
                rc = rc == SG_EINVALID ? sgp_cursor_fail(r, rc, "duplicate field name \"%s\"",
                                                         sg_field_name(field))
                                       : sgp_cursor_fail(r, rc, "out of memory");
                sg_field_free(field);
            }
            sgp_cursor_pop(r, at);
            if (rc != SG_OK) {
                break;
            }
        }
        sgp_cursor_pop(r, saved);
        break;
    }
    default:
        break;
    }
    if (rc != SG_OK) {
        return rc;
    }
    if (json_object_get(object, "size")) {
        int64_t min = type->kind == SG_KIND_FIXED ? 0 : 1;
        if ((rc = get_int(r, object, "size", false, min, INT32_MAX, &value)) != SG_OK) {
            return rc;
        }
        if (sg_type_set_size(type, value) != SG_OK) {
            size_t saved = sgp_cursor_push(r, "size");
            rc = sgp_cursor_fail(r, SG_EINVALID, "size %lld is not allowed for %s",
                                 (long long)value, sg_kind_name(type->kind));
            sgp_cursor_pop(r, saved);
        }
    } else if (type->kind == SG_KIND_FIXED) {
        rc = sgp_cursor_fail(r, SG_EINVALID, "missing \"size\"");
    }
    return rc;
}

static int type_from_json(sgp_cursor *r, json_t *object, int depth, sg_type **out) {
    *out = NULL;
    if (depth > SG_MAX_DEPTH) {
        return sgp_cursor_fail(r, SG_ELIMIT, "schema nested deeper than %d levels", SG_MAX_DEPTH);
    }
    if (!json_is_object(object)) {
        return sgp_cursor_fail(r, SG_EINVALID, "a type must be an object with a \"kind\"");
    }
    const char *kind_name;
    int rc = get_string(r, object, "kind", true, &kind_name);
    if (rc != SG_OK) {
        return rc;
    }
    sg_kind kind;
    if (sg_kind_from_name(&kind, kind_name) != SG_OK) {
        size_t saved = sgp_cursor_push(r, "kind");
        rc = sgp_cursor_fail(r, SG_EINVALID, "unknown kind \"%s\"", kind_name);
        sgp_cursor_pop(r, saved);
        return rc;
    }
    if ((rc = check_type_keys(r, object, kind)) != SG_OK) {
        return rc;
    }
    sg_type *type;
    if ((rc = sg_type_new(&type, kind)) != SG_OK) {
        return sgp_cursor_fail(r, rc, "out of memory");
    }
    const char *name = NULL, *ns = NULL, *doc = NULL;
    bool nullable = false;
    int64_t null_index = 0;
    if ((rc = get_string(r, object, "name", false, &name)) == SG_OK &&
        (rc = get_string(r, object, "namespace", false, &ns)) == SG_OK &&
        (rc = get_string(r, object, "doc", false, &doc)) == SG_OK &&
        (rc = get_bool(r, object, "nullable", &nullable)) == SG_OK &&
        (rc = get_int(r, object, "null_index", false, 1, INT32_MAX, &null_index)) == SG_OK &&
        (rc = get_strings(r, object, "aliases", type, add_type_alias)) == SG_OK &&
        (rc = get_metadata(r, object, type, add_type_meta)) == SG_OK &&
        (rc = read_kind_details(r, object, type, depth)) == SG_OK) {
        if (ns && !name) {
            rc = sgp_cursor_fail(r, SG_EINVALID, "\"namespace\" needs a \"name\"");
        } else if (null_index && !nullable) {
            rc = sgp_cursor_fail(r, SG_EINVALID, "\"null_index\" needs \"nullable\": true");
        } else {
            sg_type_set_nullable(type, nullable);
            sg_type_set_null_index(type, (int)null_index);
            if ((name && sg_type_set_name(type, name, ns) != SG_OK) ||
                (doc && sg_type_set_doc(type, doc) != SG_OK) ||
                sg_type_set_location(type, r->source, r->pointer, 0, 0) != SG_OK) {
                rc = sgp_cursor_fail(r, SG_ENOMEM, "out of memory");
            }
        }
    }
    if (rc != SG_OK) {
        sg_type_free(type);
        return rc;
    }
    *out = type;
    return SG_OK;
}

static int read_properties(sgp_cursor *r, json_t *doc, sg_schema *schema) {
    json_t *props = json_object_get(doc, "properties");
    if (!props) {
        return SG_OK;
    }
    size_t saved = sgp_cursor_push(r, "properties");
    int rc = SG_OK;
    if (!json_is_object(props)) {
        rc = sgp_cursor_fail(r, SG_EINVALID, "\"properties\" must be an object of strings");
    }
    const char *key;
    json_t *value;
    json_object_foreach(props, key, value) {
        if (rc != SG_OK) {
            break;
        }
        size_t at = sgp_cursor_push(r, key);
        if (!json_is_string(value)) {
            rc = sgp_cursor_fail(r, SG_EINVALID, "a property value must be a string");
        } else if (sg_schema_set_property(schema, key, json_string_value(value)) != SG_OK) {
            rc = sgp_cursor_fail(r, SG_ENOMEM, "out of memory");
        }
        sgp_cursor_pop(r, at);
    }
    sgp_cursor_pop(r, saved);
    return rc;
}

static int fail_version(sgp_cursor *r, int64_t version) {
    size_t saved = sgp_cursor_push(r, "schemagate_model");
    int rc = sgp_cursor_fail(r, SG_EUNSUPPORTED,
                             "model format version %lld is newer than this schemagate reads (%d)",
                             (long long)version, CANONICAL_VERSION);
    sgp_cursor_pop(r, saved);
    return rc;
}

int sg_schema_from_json(sg_schema **out, const char *text, size_t length, const char *source,
                        sg_error *err) {
    sg_error local; /* so that the code returned is the one set, even without err */
    if (!err) {
        err = &local;
    }
    sg_error_clear(err);
    if (!out || !text) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "no output or no input given");
    }
    *out = NULL;
    sgp_cursor r = {source ? source : "<string>", err, ""};
    json_t *doc = sgp_json_parse_nested(text, length, r.source, SG_MAX_MODEL_JSON_DEPTH, err);
    if (!doc) {
        return err->code;
    }
    static const char *const allowed[] = {"schemagate_model", "properties", "type", NULL};
    int rc;
    int64_t version = 0;
    if (!json_is_object(doc)) {
        rc = sgp_cursor_fail(&r, SG_EINVALID, "a schemagate model document must be a JSON object");
    } else if (sgp_json_find_nul(doc, (const char *const[]){"default", "metadata", NULL}, r.pointer,
                                 sizeof r.pointer)) {
        rc = sgp_cursor_fail(&r, SG_EINVALID,
                             "a NUL character (\\u0000) may appear only in defaults and metadata");
    } else if ((rc = check_keys(&r, doc, "a model document", allowed)) == SG_OK &&
               (rc = get_int(&r, doc, "schemagate_model", true, 1, INT32_MAX, &version)) == SG_OK &&
               (rc = version == CANONICAL_VERSION ? SG_OK : fail_version(&r, version)) == SG_OK) {
        json_t *type_json = json_object_get(doc, "type");
        sg_type *root = NULL;
        if (!type_json) {
            rc = sgp_cursor_fail(&r, SG_EINVALID, "missing \"type\"");
        } else {
            size_t saved = sgp_cursor_push(&r, "type");
            rc = type_from_json(&r, type_json, 0, &root);
            sgp_cursor_pop(&r, saved);
        }
        if (rc == SG_OK) {
            /* Only allocation can fail here; everything above reported its own error. */
            if ((rc = sg_schema_new(out, root)) == SG_OK) {
                rc = sg_schema_set_source(*out, r.source);
            }
            if (rc != SG_OK) {
                rc = sgp_error_nomem(err);
            }
        }
        if (rc == SG_OK) {
            rc = read_properties(&r, doc, *out);
        }
    }
    json_decref(doc);
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
    }
    return rc;
}

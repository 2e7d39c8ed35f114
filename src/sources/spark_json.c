/*
 * sources/spark_json.c: Spark StructType JSON, as Scala's `schema.json` and PySpark's
 * `df.schema.json()` print it, into the model and back.
 *
 * Reading follows Spark's own parser (DataType.fromJson): type names are case-sensitive, a type
 * object has exactly the keys Spark writes (an unknown key is refused rather than ignored, so a
 * typo such as "nulable" never silently changes a schema), a field's "nullable" defaults to true
 * and its "metadata" to {} as in Spark, and metadata values are what Spark's Metadata can hold.
 * What Spark accepts but the model cannot hold (interval types, user-defined types, collated
 * strings) is SG_EUNSUPPORTED; what Spark itself refuses is SG_EINVALID. Every error carries the
 * JSON pointer of the culprit.
 *
 * Writing produces the compact form Scala prints (keys in Spark's order) and reports, through
 * the write options' on_loss callback, every detail of the model Spark has no place for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sources/internal.h"
#include "util/json.h"
#include "util/limits.h"
#include "util/util.h"

/* Spark's DecimalType.MAX_PRECISION, and DecimalType.USER_DEFAULT for a bare "decimal". */
#define SPARK_MAX_PRECISION     38
#define SPARK_DEFAULT_PRECISION 10

static const char *json_kind(const json_t *value) {
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a real number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

/*
 * Spark's Metadata.fromJObject accepts numbers, booleans, strings, null and objects of those,
 * and arrays whose elements are all numbers of one kind (integers or reals), all booleans, all
 * strings or all objects. Returns NULL when value fits, else why not; pointer (capacity cap)
 * then holds the JSON pointer of the culprit appended to what it held.
 */
static const char *metadata_problem(const json_t *value, char *pointer, size_t cap, int depth) {
    if (depth > SG_MAX_JSON_DEPTH) {
        return "metadata nested too deeply";
    }
    size_t saved = strlen(pointer);
    if (json_is_object(value)) {
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)value, key, item) {
            sgp_json_pointer_push(pointer, cap, key);
            const char *why = metadata_problem(item, pointer, cap, depth + 1);
            if (why) {
                return why;
            }
            pointer[saved] = '\0';
        }
        return NULL;
    }
    if (!json_is_array(value) || json_array_size(value) == 0) {
        return NULL;
    }
    const json_t *first = json_array_get(value, 0);
    if (json_is_null(first) || json_is_array(first)) {
        sgp_json_pointer_push_index(pointer, cap, 0);
        return json_is_null(first) ? "Spark metadata arrays cannot hold null"
                                   : "Spark metadata arrays cannot hold arrays";
    }
    size_t i;
    json_t *item;
    json_array_foreach((json_t *)value, i, item) {
        bool same = json_is_boolean(first) ? json_is_boolean(item)
                                           : json_typeof(item) == json_typeof(first);
        sgp_json_pointer_push_index(pointer, cap, i);
        if (!same) {
            return json_is_integer(first) && json_is_real(item)
                       ? "Spark metadata arrays hold values of one kind: an integer array "
                         "cannot hold a real number"
                       : "Spark metadata arrays hold values of one kind: numbers, booleans, "
                         "strings or objects";
        }
        const char *why =
            json_is_object(item) ? metadata_problem(item, pointer, cap, depth + 1) : NULL;
        if (why) {
            return why;
        }
        pointer[saved] = '\0';
    }
    return NULL;
}

/* Loading ------------------------------------------------------------------------------------ */

typedef struct loader {
    sgp_cursor cur;
} loader;

#define FAIL(...) sgp_cursor_fail(&L->cur, __VA_ARGS__)

/* Fails one level down (at key) and restores the pointer. */
static int fail_at(loader *L, const char *key, int code, const char *fmt, ...) SGP_PRINTF(4, 5);

static int fail_at(loader *L, const char *key, int code, const char *fmt, ...) {
    size_t saved = sgp_cursor_push(&L->cur, key);
    char message[SG_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    int rc = FAIL(code, "%s", message);
    sgp_cursor_pop(&L->cur, saved);
    return rc;
}

static int load_type(loader *L, json_t *json, int depth, sg_type **out);

static int new_node(loader *L, sg_kind kind, sg_type **out) {
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

/* Refuses every key of object not in known (a NULL-terminated list), at the key. */
static int check_keys(loader *L, json_t *object, const char *const *known, const char *what,
                      const char *allowed) {
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value) {
        bool is_known = false;
        for (const char *const *k = known; *k && !is_known; k++) {
            is_known = strcmp(*k, key) == 0;
        }
        if (!is_known) {
            return fail_at(L, key, SG_EINVALID,
                           "unknown key \"%.100s\" in %s; Spark accepts only %s", key, what,
                           allowed);
        }
    }
    return SG_OK;
}

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Java regex \s* */
static const char *skip_space(const char *p) {
    while (is_space(*p)) {
        p++;
    }
    return p;
}

/* Java regex \d+ as Integer.parseInt reads it: *value saturates at INT32_MAX + 1 (too large for
 * Spark). Returns the end, or NULL when there is no digit. */
static const char *read_digits(const char *p, int64_t *value) {
    if (*p < '0' || *p > '9') {
        return NULL;
    }
    int64_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > (int64_t)INT32_MAX + 1) {
            v = (int64_t)INT32_MAX + 1;
        }
    }
    *value = v;
    return p;
}

/* decimal(p,s), whitespace allowed inside the parentheses as Spark's pattern does. */
static int load_decimal(loader *L, const char *name, sg_type **out) {
    int64_t precision = SPARK_DEFAULT_PRECISION, scale = 0;
    bool negative = false;
    if (strcmp(name, "decimal") != 0) {
        const char *p = skip_space(name + strlen("decimal("));
        p = read_digits(p, &precision);
        if (p) {
            p = skip_space(p);
            p = *p == ',' ? skip_space(p + 1) : NULL;
        }
        if (p && *p == '-') {
            negative = true;
            p++;
        }
        if (p) {
            p = read_digits(p, &scale);
        }
        if (p) {
            p = skip_space(p);
            p = *p == ')' && p[1] == '\0' ? p : NULL;
        }
        if (!p) {
            return FAIL(SG_EINVALID,
                        "invalid Spark decimal type \"%.200s\": write decimal(precision,scale)",
                        name);
        }
    }
    if (precision > SPARK_MAX_PRECISION) {
        return FAIL(SG_EINVALID, "Spark decimal \"%.200s\": the precision is at most %d", name,
                    SPARK_MAX_PRECISION);
    }
    if (negative && scale != 0) {
        return FAIL(SG_EINVALID,
                    "Spark decimal \"%.200s\": a negative scale is refused (unless the legacy "
                    "setting spark.sql.legacy.allowNegativeScaleOfDecimal is on)",
                    name);
    }
    if (scale > precision) {
        return FAIL(SG_EINVALID, "Spark decimal \"%.200s\": the scale is more than the precision",
                    name);
    }
    if (precision == 0) {
        return FAIL(SG_EUNSUPPORTED,
                    "Spark decimal \"%.200s\" holds no digits; schemagate needs a precision of "
                    "at least 1",
                    name);
    }
    int rc = new_node(L, SG_KIND_DECIMAL, out);
    if (rc == SG_OK) {
        sg_type_set_decimal(*out, (int)precision, (int)scale);
    }
    return rc;
}

/* char(n) and varchar(n). */
static int load_char(loader *L, const char *name, sg_string_flavor flavor, sg_type **out) {
    const char *word = flavor == SG_STRING_CHAR ? "char" : "varchar";
    int64_t length = 0;
    const char *p = skip_space(name + strlen(word) + 1);
    p = read_digits(p, &length);
    if (p) {
        p = skip_space(p);
        p = *p == ')' && p[1] == '\0' ? p : NULL;
    }
    if (!p) {
        return FAIL(SG_EINVALID, "invalid Spark %s type \"%.200s\": write %s(length)", word, name,
                    word);
    }
    if (length > INT32_MAX) {
        return FAIL(SG_EINVALID, "Spark %s \"%.200s\": the length is at most %d", word, name,
                    INT32_MAX);
    }
    if (length == 0) {
        return FAIL(SG_EUNSUPPORTED,
                    "Spark %s \"%s\" holds no characters; schemagate needs a length of at least 1",
                    word, name);
    }
    int rc = new_node(L, SG_KIND_STRING, out);
    if (rc == SG_OK) {
        sg_type_set_string(*out, flavor, length);
    }
    return rc;
}

static bool has_prefix(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Names Spark prints for the primitive types (DataType.typeName), and the older spellings its
 * parser still reads ("null" for void, "timestamp_ltz" for timestamp). */
static const struct primitive {
    const char *name;
    sg_kind kind;
    bool local; /* timestamp without time zone */
} primitives[] = {
    {"byte", SG_KIND_INT8, false},
    {"short", SG_KIND_INT16, false},
    {"integer", SG_KIND_INT32, false},
    {"long", SG_KIND_INT64, false},
    {"float", SG_KIND_FLOAT32, false},
    {"double", SG_KIND_FLOAT64, false},
    {"string", SG_KIND_STRING, false},
    {"binary", SG_KIND_BINARY, false},
    {"boolean", SG_KIND_BOOLEAN, false},
    {"date", SG_KIND_DATE, false},
    {"timestamp", SG_KIND_TIMESTAMP, false},
    {"timestamp_ltz", SG_KIND_TIMESTAMP, false},
    {"timestamp_ntz", SG_KIND_TIMESTAMP, true},
    {"variant", SG_KIND_VARIANT, false},
    {"void", SG_KIND_NULL, false},
    {"null", SG_KIND_NULL, false},
};

/* A hint for an unknown type name: how Spark spells a Hive/SQL/Avro name, or the case. */
static void type_name_hint(const char *name, char *hint, size_t size) {
    static const struct {
        const char *wrong;
        const char *right;
    } spellings[] = {
        {"int", "Spark spells it \"integer\""},
        {"bigint", "Spark spells it \"long\""},
        {"smallint", "Spark spells it \"short\""},
        {"tinyint", "Spark spells it \"byte\""},
        {"bool", "Spark spells it \"boolean\""},
        {"real", "Spark spells it \"float\""},
        {"bytes", "Spark spells it \"binary\""},
        {"text", "Spark spells it \"string\""},
        {"numeric", "Spark spells it \"decimal(precision,scale)\""},
        {"dec", "Spark spells it \"decimal(precision,scale)\""},
        {"struct", "a struct is an object: {\"type\":\"struct\",\"fields\":[...]}"},
        {"array",
         "an array is an object: {\"type\":\"array\",\"elementType\":...,\"containsNull\":...}"},
        {"map", "a map is an object: {\"type\":\"map\",\"keyType\":...,\"valueType\":...,"
                "\"valueContainsNull\":...}"},
    };
    hint[0] = '\0';
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
        if (strcasecmp(name, spellings[i].wrong) == 0) {
            snprintf(hint, size, "; %s", spellings[i].right);
            return;
        }
    }
    for (size_t i = 0; i < sizeof primitives / sizeof primitives[0]; i++) {
        if (strcasecmp(name, primitives[i].name) == 0) {
            snprintf(hint, size, "; type names are lowercase: \"%s\"", primitives[i].name);
            return;
        }
    }
    static const char *const parameterized[] = {"decimal", "char", "varchar"};
    for (size_t i = 0; i < sizeof parameterized / sizeof parameterized[0]; i++) {
        size_t n = strlen(parameterized[i]);
        if (strncmp(name, parameterized[i], n) == 0 && is_space(name[n])) {
            snprintf(hint, size, "; Spark writes no space before the parenthesis: %s(...)",
                     parameterized[i]);
            return;
        }
    }
    if (strchr(name, '<')) {
        snprintf(hint, size,
                 "; that is a DDL type string, not Spark JSON (read it with the ddl "
                 "or hive format)");
    }
}

static int load_type_name(loader *L, const char *name, sg_type **out) {
    for (size_t i = 0; i < sizeof primitives / sizeof primitives[0]; i++) {
        if (strcmp(name, primitives[i].name) == 0) {
            int rc = new_node(L, primitives[i].kind, out);
            if (rc == SG_OK && primitives[i].kind == SG_KIND_TIMESTAMP) {
                sg_type_set_time_unit(*out, SG_UNIT_MICROS);
                sg_type_set_utc(*out, !primitives[i].local);
            }
            return rc;
        }
    }
    if (strcmp(name, "decimal") == 0 || has_prefix(name, "decimal(")) {
        return load_decimal(L, name, out);
    }
    if (has_prefix(name, "char(")) {
        return load_char(L, name, SG_STRING_CHAR, out);
    }
    if (has_prefix(name, "varchar(")) {
        return load_char(L, name, SG_STRING_VARCHAR, out);
    }
    if (has_prefix(name, "interval") || strcmp(name, "calendarinterval") == 0) {
        return FAIL(SG_EUNSUPPORTED,
                    "Spark interval type \"%.200s\" is not supported: the model has no interval "
                    "type",
                    name);
    }
    if (has_prefix(name, "time(")) {
        return FAIL(SG_EUNSUPPORTED,
                    "Spark time type \"%.200s\" (newer than Spark 3.5) is not supported yet", name);
    }
    if (has_prefix(name, "string collate ")) {
        return FAIL(SG_EUNSUPPORTED,
                    "collated string type \"%.200s\" is not supported: the model has no "
                    "collations",
                    name);
    }
    char hint[160];
    type_name_hint(name, hint, sizeof hint);
    return FAIL(SG_EINVALID, "unknown Spark type \"%.200s\"%s", name, hint);
}

/* Reads a required boolean key of a type object. */
static int read_flag(loader *L, json_t *object, const char *key, const char *what, bool *out) {
    json_t *value = json_object_get(object, key);
    if (!value) {
        return FAIL(SG_EINVALID, "%s without required \"%s\"", what, key);
    }
    if (!json_is_boolean(value)) {
        return fail_at(L, key, SG_EINVALID, "\"%s\" must be a boolean, not %s", key,
                       json_kind(value));
    }
    *out = json_is_true(value);
    return SG_OK;
}

/* Loads the type under key of object (required) with the given nullability. */
static int load_child(loader *L, json_t *object, const char *key, const char *what, bool nullable,
                      int depth, sg_type **out) {
    *out = NULL;
    json_t *child = json_object_get(object, key);
    if (!child) {
        return FAIL(SG_EINVALID, "%s without required \"%s\"", what, key);
    }
    size_t saved = sgp_cursor_push(&L->cur, key);
    int rc = load_type(L, child, depth + 1, out);
    sgp_cursor_pop(&L->cur, saved);
    if (rc == SG_OK) {
        sg_type_set_nullable(*out, nullable);
    }
    return rc;
}

/* Appends first and second (when not NULL) to *out. On failure frees whichever it did not
 * take and *out, and reports it. */
static int adopt_children(loader *L, sg_type **out, sg_type *first, sg_type *second) {
    int rc = sg_type_add_child(*out, first);
    if (rc != SG_OK) {
        sg_type_free(first);
    } else if (second && (rc = sg_type_add_child(*out, second)) == SG_OK) {
        second = NULL;
    }
    if (rc != SG_OK) {
        sg_type_free(second);
        sg_type_free(*out);
        *out = NULL;
        return FAIL(rc, "out of memory");
    }
    return SG_OK;
}

static int load_array(loader *L, json_t *object, int depth, sg_type **out) {
    static const char *const keys[] = {"type", "elementType", "containsNull", NULL};
    static const char *const what = "array type";
    bool contains_null = false;
    sg_type *element = NULL;
    int rc;
    if ((rc = check_keys(L, object, keys, "an array type",
                         "\"type\", \"elementType\" and \"containsNull\"")) != SG_OK ||
        (rc = read_flag(L, object, "containsNull", what, &contains_null)) != SG_OK ||
        (rc = load_child(L, object, "elementType", what, contains_null, depth, &element)) !=
            SG_OK ||
        (rc = new_node(L, SG_KIND_LIST, out)) != SG_OK) {
        sg_type_free(element);
        return rc;
    }
    return adopt_children(L, out, element, NULL);
}

static int load_map(loader *L, json_t *object, int depth, sg_type **out) {
    static const char *const keys[] = {"type", "keyType", "valueType", "valueContainsNull", NULL};
    static const char *const what = "map type";
    bool value_null = false;
    sg_type *key = NULL, *value = NULL;
    int rc;
    if ((rc = check_keys(L, object, keys, "a map type",
                         "\"type\", \"keyType\", \"valueType\" and \"valueContainsNull\"")) !=
            SG_OK ||
        (rc = read_flag(L, object, "valueContainsNull", what, &value_null)) != SG_OK ||
        (rc = load_child(L, object, "keyType", what, false, depth, &key)) != SG_OK ||
        (rc = load_child(L, object, "valueType", what, value_null, depth, &value)) != SG_OK ||
        (rc = new_node(L, SG_KIND_MAP, out)) != SG_OK) {
        sg_type_free(key);
        sg_type_free(value);
        return rc;
    }
    return adopt_children(L, out, key, value);
}

/* A field's "metadata": "comment" (a string) is the field's doc, the rest is kept verbatim. */
static int load_metadata(loader *L, json_t *metadata, sg_field *field) {
    if (!json_is_object(metadata)) {
        return FAIL(SG_EINVALID, "\"metadata\" must be an object, not %s", json_kind(metadata));
    }
    const char *key;
    json_t *value;
    json_object_foreach(metadata, key, value) {
        size_t saved = sgp_cursor_push(&L->cur, key);
        const char *why = metadata_problem(value, L->cur.pointer, sizeof L->cur.pointer, 0);
        int rc = SG_OK;
        if (why) {
            rc = FAIL(SG_EINVALID, "%s", why);
        } else if (strcmp(key, "comment") == 0 && json_is_string(value)) {
            if (strlen(json_string_value(value)) != json_string_length(value)) {
                rc = FAIL(SG_EINVALID, "a NUL character (\\u0000) cannot appear in a comment");
            } else if (sg_field_set_doc(field, json_string_value(value)) != SG_OK) {
                rc = FAIL(SG_ENOMEM, "out of memory");
            }
        } else {
            char *text = sgp_json_dump(value);
            if (!text || sg_field_add_metadata(field, key, text) != SG_OK) {
                rc = FAIL(SG_ENOMEM, "out of memory");
            }
            free(text);
        }
        sgp_cursor_pop(&L->cur, saved);
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

static int load_field(loader *L, json_t *object, sg_type *record, int depth) {
    static const char *const keys[] = {"name", "type", "nullable", "metadata", NULL};
    if (!json_is_object(object)) {
        return FAIL(SG_EINVALID, "a field must be an object, not %s", json_kind(object));
    }
    int rc =
        check_keys(L, object, keys, "a field", "\"name\", \"type\", \"nullable\" and \"metadata\"");
    if (rc != SG_OK) {
        return rc;
    }
    json_t *name_json = json_object_get(object, "name");
    if (!name_json) {
        return FAIL(SG_EINVALID, "field without required \"name\"");
    }
    if (!json_is_string(name_json)) {
        return fail_at(L, "name", SG_EINVALID, "a field's \"name\" must be a string, not %s",
                       json_kind(name_json));
    }
    const char *name = json_string_value(name_json);
    if (strlen(name) > SG_MAX_NAME_BYTES) {
        return fail_at(L, "name", SG_ELIMIT, "field name longer than the limit of %d bytes",
                       SG_MAX_NAME_BYTES);
    }
    if (sg_type_field_by_name(record, name)) {
        return FAIL(SG_EINVALID,
                    "duplicate field name \"%.200s\": Spark builds such a struct but cannot "
                    "select either field, and schemagate needs unique names",
                    name);
    }
    json_t *nullable_json = json_object_get(object, "nullable");
    if (nullable_json && !json_is_boolean(nullable_json)) {
        return fail_at(L, "nullable", SG_EINVALID, "\"nullable\" must be a boolean, not %s",
                       json_kind(nullable_json));
    }
    json_t *type_json = json_object_get(object, "type");
    if (!type_json) {
        return FAIL(SG_EINVALID, "field \"%.200s\" without required \"type\"", name);
    }
    size_t saved = sgp_cursor_push(&L->cur, "type");
    sg_type *type = NULL;
    rc = load_type(L, type_json, depth + 1, &type);
    sgp_cursor_pop(&L->cur, saved);
    if (rc != SG_OK) {
        return rc;
    }
    /* Spark's StructField defaults nullable to true when the key is absent. */
    sg_type_set_nullable(type, !nullable_json || json_is_true(nullable_json));
    sg_field *field;
    if ((rc = sg_field_new(&field, name, type)) != SG_OK) {
        return FAIL(rc, "out of memory");
    }
    if (sg_field_set_location(field, L->cur.source, L->cur.pointer, 0, 0) != SG_OK) {
        rc = FAIL(SG_ENOMEM, "out of memory");
    }
    json_t *metadata = json_object_get(object, "metadata");
    if (rc == SG_OK && metadata) {
        saved = sgp_cursor_push(&L->cur, "metadata");
        rc = load_metadata(L, metadata, field);
        sgp_cursor_pop(&L->cur, saved);
    }
    if (rc == SG_OK && sg_type_add_field(record, field) != SG_OK) {
        rc = FAIL(SG_ENOMEM, "out of memory");
    }
    if (rc != SG_OK) {
        sg_field_free(field);
    }
    return rc;
}

static int load_struct(loader *L, json_t *object, int depth, sg_type **out) {
    static const char *const keys[] = {"type", "fields", NULL};
    int rc = check_keys(L, object, keys, "a struct type", "\"type\" and \"fields\"");
    if (rc != SG_OK) {
        return rc;
    }
    json_t *fields = json_object_get(object, "fields");
    if (!fields) {
        return FAIL(SG_EINVALID, "struct type without required \"fields\"");
    }
    if (!json_is_array(fields)) {
        return fail_at(L, "fields", SG_EINVALID, "\"fields\" must be an array, not %s",
                       json_kind(fields));
    }
    if ((rc = new_node(L, SG_KIND_STRUCT, out)) != SG_OK) {
        return rc;
    }
    size_t saved = sgp_cursor_push(&L->cur, "fields");
    size_t i;
    json_t *field;
    json_array_foreach(fields, i, field) {
        size_t at = sgp_cursor_push_index(&L->cur, i);
        rc = load_field(L, field, *out, depth);
        sgp_cursor_pop(&L->cur, at);
        if (rc != SG_OK) {
            break;
        }
    }
    sgp_cursor_pop(&L->cur, saved);
    if (rc != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

static int load_object(loader *L, json_t *object, int depth, sg_type **out) {
    json_t *type_json = json_object_get(object, "type");
    if (!type_json) {
        return FAIL(SG_EINVALID, "a type object needs a \"type\"");
    }
    if (!json_is_string(type_json)) {
        return fail_at(L, "type", SG_EINVALID,
                       "the \"type\" of a type object must be \"struct\", \"array\" or \"map\", "
                       "not %s",
                       json_kind(type_json));
    }
    const char *type = json_string_value(type_json);
    if (strcmp(type, "struct") == 0) {
        return load_struct(L, object, depth, out);
    }
    if (strcmp(type, "array") == 0) {
        return load_array(L, object, depth, out);
    }
    if (strcmp(type, "map") == 0) {
        return load_map(L, object, depth, out);
    }
    if (strcmp(type, "udt") == 0) {
        json_t *cls = json_object_get(object, "class");
        if (!json_is_string(cls)) {
            cls = json_object_get(object, "pyClass");
        }
        return FAIL(SG_EUNSUPPORTED, "Spark user-defined type%s%.200s%s is not supported",
                    json_is_string(cls) ? " \"" : "",
                    json_is_string(cls) ? json_string_value(cls) : "",
                    json_is_string(cls) ? "\"" : " (udt)");
    }
    return fail_at(L, "type", SG_EINVALID,
                   "unknown Spark type object \"%.200s\": a type object is a \"struct\", "
                   "\"array\" or \"map\"; a primitive type is a bare string such as \"integer\"",
                   type);
}

static int load_type(loader *L, json_t *json, int depth, sg_type **out) {
    *out = NULL;
    if (depth > SG_MAX_DEPTH) {
        return FAIL(SG_ELIMIT, "schema nested deeper than %d levels", SG_MAX_DEPTH);
    }
    if (json_is_string(json)) {
        return load_type_name(L, json_string_value(json), out);
    }
    if (json_is_object(json)) {
        return load_object(L, json, depth, out);
    }
    return FAIL(SG_EINVALID, "a Spark data type is a type name (string) or a type object, not %s",
                json_kind(json));
}

int sgp_spark_load(sg_schema **out, const char *text, size_t length, const char *source,
                   sg_error *err) {
    *out = NULL;
    loader L;
    memset(&L, 0, sizeof L);
    L.cur.source = source ? source : "<string>";
    L.cur.err = err;
    json_t *doc = sgp_json_parse(text, length, L.cur.source, err);
    if (!doc) {
        return err ? err->code : SG_EPARSE;
    }
    sg_type *root = NULL;
    int rc;
    /* Metadata values may hold "\u0000" (they are data); names and type names may not. The
     * comment, which becomes a doc, is checked where it is read. */
    static const char *const nul_allowed[] = {"metadata", NULL};
    char nul_at[SG_ERROR_PATH_MAX] = "";
    if (sgp_json_find_nul(doc, nul_allowed, nul_at, sizeof nul_at)) {
        rc = sgp_error(err, SG_EINVALID, L.cur.source, nul_at[0] ? nul_at : "/", 0, 0,
                       "a NUL character (\\u0000) may appear only in metadata values");
    } else {
        rc = load_type(&L, doc, 0, &root);
    }
    json_decref(doc);
    if (rc == SG_OK) {
        rc = sg_schema_new(out, root);
        root = NULL; /* the schema owns it now, or sg_schema_new freed it */
        if (rc == SG_OK) {
            rc = sg_schema_set_source(*out, L.cur.source);
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
    return rc;
}

/* Writing ------------------------------------------------------------------------------------ */

typedef struct writer {
    const sg_write_options *options;
    sg_error *err;
    const char *source;
    char path[SG_ERROR_PATH_MAX]; /* field path for messages: orders.items[].price */
    int code;                     /* the first error, SG_OK if none */
} writer;

static int fail(writer *W, int code, const char *fmt, ...) SGP_PRINTF(3, 4);

static int fail(writer *W, int code, const char *fmt, ...) {
    if (W->code != SG_OK) {
        return W->code; /* keep the first, innermost error: it names the real culprit */
    }
    W->code = code;
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(W->err, code, W->source, W->path[0] ? W->path : "(root)", 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

static void lost(writer *W, const char *fmt, ...) SGP_PRINTF(2, 3);

static void lost(writer *W, const char *fmt, ...) {
    char message[SG_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    sgp_report_loss(W->options, W->source, W->path[0] ? W->path : "(root)", "%s", message);
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

static json_t *write_type(writer *W, const sg_type *type, int depth);

/* The details of a node other than its kind that Spark types have no place for. */
static void report_type_extras(writer *W, const sg_type *type) {
    if (sg_type_doc(type)) {
        lost(W, "the type's doc is not kept: Spark keeps docs only on fields (metadata "
                "\"comment\")");
    }
    if (sg_type_alias_count(type)) {
        lost(W, "type aliases (%s%s) are not kept: Spark types have no names",
             sg_type_alias(type, 0), sg_type_alias_count(type) > 1 ? ", ..." : "");
    }
    if (sg_type_metadata_count(type)) {
        lost(W, "type metadata (%s%s) is not kept: Spark keeps metadata only on fields",
             sg_type_metadata_key(type, 0), sg_type_metadata_count(type) > 1 ? ", ..." : "");
    }
}

static int compare_keys(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Copies the entries of unsorted into a new object in key order (deterministic output). */
static json_t *sorted_object(json_t *unsorted) {
    size_t n = json_object_size(unsorted);
    const char **keys = malloc((n ? n : 1) * sizeof *keys);
    json_t *sorted = json_object();
    if (!keys || !sorted) {
        free(keys);
        json_decref(sorted);
        return NULL;
    }
    size_t i = 0;
    const char *key;
    json_t *value;
    json_object_foreach(unsorted, key, value) {
        keys[i++] = key;
    }
    qsort(keys, n, sizeof *keys, compare_keys);
    for (i = 0; i < n; i++) {
        if (json_object_set(sorted, keys[i], json_object_get(unsorted, keys[i])) != 0) {
            json_decref(sorted);
            sorted = NULL;
            break;
        }
    }
    free(keys);
    return sorted;
}

/* A field's "metadata": its doc as "comment" and its metadata entries Spark can hold. */
static json_t *write_metadata(writer *W, const sg_field *field) {
    json_t *all = json_object();
    if (!all) {
        return NULL;
    }
    bool ok = true;
    if (field && sg_field_doc(field)) {
        ok = put(all, "comment", json_string(sg_field_doc(field)));
    }
    for (size_t i = 0; ok && field && i < sg_field_metadata_count(field); i++) {
        const char *key = sg_field_metadata_key(field, i);
        if (sg_field_doc(field) && strcmp(key, "comment") == 0) {
            lost(W, "metadata \"comment\" is not kept: the field's doc is written there");
            continue;
        }
        json_t *value = sgp_json_load_value(sg_field_metadata_value(field, i));
        if (!value) {
            ok = false;
            break;
        }
        char pointer[SG_ERROR_PATH_MAX] = "";
        const char *why = metadata_problem(value, pointer, sizeof pointer, 0);
        if (why) {
            lost(W, "metadata \"%s\" is not kept: %s", key, why);
            json_decref(value);
            continue;
        }
        ok = put(all, key, value);
    }
    json_t *sorted = ok ? sorted_object(all) : NULL;
    json_decref(all);
    return sorted;
}

/* {"name", "type", "nullable", "metadata"} for a field, or for a union member (field NULL). */
static json_t *write_field(writer *W, const char *name, const sg_type *type, const sg_field *field,
                           int depth) {
    json_t *object = json_object();
    bool ok = object && put(object, "name", json_string(name)) &&
              put(object, "type", write_type(W, type, depth + 1)) &&
              put(object, "nullable", json_boolean(field ? sg_type_nullable(type) : true)) &&
              put(object, "metadata", write_metadata(W, field));
    if (!ok) {
        json_decref(object);
        if (W->code == SG_OK) {
            fail(W, SG_ENOMEM, "out of memory");
        }
        return NULL;
    }
    return object;
}

static void report_field_extras(writer *W, const sg_field *field) {
    /* A null default on a nullable field adds nothing: Spark reads a missing value as null. */
    if (sg_field_default(field) &&
        !(sg_field_nullable(field) && strcmp(sg_field_default(field), "null") == 0)) {
        lost(W, "default %.200s is not kept: StructType JSON has no field defaults",
             sg_field_default(field));
    }
    if (sg_field_alias_count(field)) {
        lost(W, "field aliases (%s%s) are not kept: Spark fields have no aliases",
             sg_field_alias(field, 0), sg_field_alias_count(field) > 1 ? ", ..." : "");
    }
    if (sg_field_order(field) != SG_ORDER_ASCENDING) {
        lost(W, "sort order \"%s\" is not kept: Spark fields have no sort order",
             sg_field_order(field) == SG_ORDER_DESCENDING ? "descending" : "ignore");
    }
    if (sg_field_partition(field)) {
        lost(W, "partition key flag dropped: StructType JSON does not mark partition columns");
    }
}

static json_t *write_struct(writer *W, const sg_type *type, int depth) {
    json_t *object = json_object();
    bool ok =
        object && put(object, "type", json_string("struct")) && put(object, "fields", json_array());
    json_t *fields = ok ? json_object_get(object, "fields") : NULL;
    for (size_t i = 0; ok && i < sg_type_field_count(type); i++) {
        const sg_field *field = sg_type_field(type, i);
        size_t saved = path_push(W, sg_field_name(field), true);
        report_field_extras(W, field);
        ok = json_array_append_new(fields, write_field(W, sg_field_name(field),
                                                       sg_field_type(field), field, depth)) == 0;
        path_pop(W, saved);
    }
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

/* spark-avro reads an Avro union of several types as a struct with one nullable field per
 * branch, member0, member1, ...; that is the shape written here. */
static json_t *write_union(writer *W, const sg_type *type, int depth) {
    lost(W, "union becomes a Spark struct with one nullable field per branch (member0, "
            "member1, ...), as spark-avro reads it");
    json_t *object = json_object();
    bool ok =
        object && put(object, "type", json_string("struct")) && put(object, "fields", json_array());
    json_t *fields = ok ? json_object_get(object, "fields") : NULL;
    for (size_t i = 0; ok && i < sg_type_child_count(type); i++) {
        char name[32];
        snprintf(name, sizeof name, "member%zu", i);
        size_t saved = path_push(W, name, true);
        ok = json_array_append_new(fields,
                                   write_field(W, name, sg_type_child(type, i), NULL, depth)) == 0;
        path_pop(W, saved);
    }
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

static json_t *write_list(writer *W, const sg_type *type, int depth) {
    const sg_type *element = sg_type_element(type);
    if (!element) {
        /* The API lets a list be built without its element; nothing can be written. */
        fail(W, SG_EINVALID, "a list without an element type");
        return NULL;
    }
    size_t saved = path_push(W, "[]", false);
    json_t *object = json_object();
    bool ok = object && put(object, "type", json_string("array")) &&
              put(object, "elementType", write_type(W, element, depth + 1)) &&
              put(object, "containsNull", json_boolean(sg_type_nullable(element)));
    path_pop(W, saved);
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

static json_t *write_map(writer *W, const sg_type *type, int depth) {
    const sg_type *key = sg_type_map_key(type), *value = sg_type_map_value(type);
    if (!key || !value) {
        fail(W, SG_EINVALID, "a map without both a key and a value type");
        return NULL;
    }
    json_t *object = json_object();
    bool ok = object && put(object, "type", json_string("map"));
    size_t saved = path_push(W, "{key}", false);
    if (ok && sg_type_nullable(key)) {
        lost(W, "map keys cannot be null in Spark: the key's nullability is not kept");
    }
    ok = ok && put(object, "keyType", write_type(W, key, depth + 1));
    path_pop(W, saved);
    saved = path_push(W, "{}", false);
    ok = ok && put(object, "valueType", write_type(W, value, depth + 1)) &&
         put(object, "valueContainsNull", json_boolean(sg_type_nullable(value)));
    path_pop(W, saved);
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

/* The Spark name of a primitive kind, reporting what the mapping loses; NULL after an error. */
static const char *primitive_name(writer *W, const sg_type *type, char *buf, size_t size) {
    switch (sg_type_kind(type)) {
    case SG_KIND_NULL:
        return "void";
    case SG_KIND_BOOLEAN:
        return "boolean";
    case SG_KIND_INT8:
        return "byte";
    case SG_KIND_INT16:
        return "short";
    case SG_KIND_INT32:
        return "integer";
    case SG_KIND_INT64:
        return "long";
    case SG_KIND_FLOAT32:
        return "float";
    case SG_KIND_FLOAT64:
        return "double";
    case SG_KIND_DECIMAL:
        if (sg_type_precision(type) > SPARK_MAX_PRECISION) {
            fail(W, SG_EUNSUPPORTED, "Spark decimals hold at most %d digits; this one has %d",
                 SPARK_MAX_PRECISION, sg_type_precision(type));
            return NULL;
        }
        if (sg_type_size(type) > 0) {
            lost(W,
                 "decimal stored in %lld fixed bytes becomes a Spark decimal: the byte size "
                 "is not kept",
                 (long long)sg_type_size(type));
        }
        snprintf(buf, size, "decimal(%d,%d)", sg_type_precision(type), sg_type_scale(type));
        return buf;
    case SG_KIND_STRING:
        if (sg_type_string_flavor(type) == SG_STRING_PLAIN) {
            return "string";
        }
        if (sg_type_max_length(type) > INT32_MAX) {
            fail(W, SG_EUNSUPPORTED, "Spark char and varchar lengths are at most %d", INT32_MAX);
            return NULL;
        }
        snprintf(buf, size, "%s(%lld)",
                 sg_type_string_flavor(type) == SG_STRING_CHAR ? "char" : "varchar",
                 (long long)sg_type_max_length(type));
        return buf;
    case SG_KIND_BINARY:
        return "binary";
    case SG_KIND_FIXED:
        lost(W, "fixed(%lld) becomes Spark binary: the size is not kept",
             (long long)sg_type_size(type));
        return "binary";
    case SG_KIND_DATE:
        return "date";
    case SG_KIND_TIME: {
        bool millis = sg_type_time_unit(type) == SG_UNIT_MILLIS;
        lost(W, "time(%s) becomes Spark %s (%s since midnight): Spark has no time type",
             sg_time_unit_name(sg_type_time_unit(type)), millis ? "integer" : "long",
             sg_type_time_unit(type) == SG_UNIT_MILLIS   ? "milliseconds"
             : sg_type_time_unit(type) == SG_UNIT_MICROS ? "microseconds"
                                                         : "nanoseconds");
        return millis ? "integer" : "long";
    }
    case SG_KIND_TIMESTAMP:
        if (sg_type_time_unit(type) == SG_UNIT_NANOS) {
            lost(W, "timestamp in nanoseconds becomes a Spark timestamp in microseconds: the "
                    "nanoseconds are not kept");
        }
        return sg_type_utc(type) ? "timestamp" : "timestamp_ntz";
    case SG_KIND_UUID:
        lost(W, "uuid becomes Spark string%s",
             sg_type_size(type) > 0 ? " (it was stored in 16 fixed bytes)" : "");
        return "string";
    case SG_KIND_ENUM:
        lost(W, "enum becomes Spark string: its %zu symbols%s are not kept",
             sg_type_symbol_count(type), sg_type_enum_default(type) ? " and default" : "");
        return "string";
    case SG_KIND_DURATION:
        lost(W, "duration becomes Spark binary (12 bytes: months, days, milliseconds): Spark "
                "has no such interval type");
        return "binary";
    case SG_KIND_VARIANT:
        return "variant";
    default:
        fail(W, SG_EINTERNAL, "kind %s written as a primitive", sg_kind_name(sg_type_kind(type)));
        return NULL;
    }
}

static json_t *write_type(writer *W, const sg_type *type, int depth) {
    if (depth > SG_MAX_DEPTH) {
        fail(W, SG_ELIMIT, "schema nested deeper than %d levels", SG_MAX_DEPTH);
        return NULL;
    }
    report_type_extras(W, type);
    if (sg_type_nullable(type) && sg_type_null_index(type) != 0) {
        lost(W, "the position of null in the Avro union is not kept");
    }
    json_t *json;
    switch (sg_type_kind(type)) {
    case SG_KIND_STRUCT:
        json = write_struct(W, type, depth);
        break;
    case SG_KIND_UNION:
        json = write_union(W, type, depth);
        break;
    case SG_KIND_LIST:
        json = write_list(W, type, depth);
        break;
    case SG_KIND_MAP:
        json = write_map(W, type, depth);
        break;
    default: {
        char buf[64];
        const char *name = primitive_name(W, type, buf, sizeof buf);
        json = name ? json_string(name) : NULL;
        break;
    }
    }
    if (!json && W->code == SG_OK) {
        fail(W, SG_ENOMEM, "out of memory");
    }
    return json;
}

int sgp_spark_write(const sg_schema *schema, const sg_write_options *options, char **out,
                    sg_error *err) {
    *out = NULL;
    writer W;
    memset(&W, 0, sizeof W);
    W.options = options;
    W.err = err;
    W.source = sg_schema_source(schema) ? sg_schema_source(schema) : "";
    const sg_type *root = sg_schema_root(schema);
    if (sg_type_kind(root) != SG_KIND_STRUCT) {
        return fail(&W, SG_EUNSUPPORTED, "a Spark schema is a struct; this schema's root is %s",
                    sg_kind_name(sg_type_kind(root)));
    }
    if (sg_schema_property_count(schema) > 0) {
        sgp_report_loss(options, W.source, "(schema)",
                        "Spark schemas hold no table properties (%s, ...): they are not written",
                        sg_schema_property_key(schema, 0));
    }
    if (sg_type_nullable(root)) {
        lost(&W, "the root struct is nullable: a Spark schema's root has no nullability");
    }
    json_t *json = write_type(&W, root, 0);
    if (!json) {
        return W.code != SG_OK ? W.code : sgp_error_nomem(err);
    }
    int rc = SG_OK;
    char *text = json_dumps(json, JSON_COMPACT | JSON_PRESERVE_ORDER);
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
    return rc;
}

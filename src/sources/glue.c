/*
 * sources/glue.c: Glue Data Catalog tables: the JSON `aws glue get-table` prints, a bare Table,
 * or a TableInput, into the model and back out as TableInput JSON.
 *
 * Columns and partition keys become the root struct's fields (partition keys flagged, after
 * the columns, in Glue's order); Hive type strings are parsed by sql_types.c; everything a
 * validator or a writer needs from the table (location, storage format, SerDe and its
 * parameters, table parameters) becomes schema properties (docs/formats.md lists the keys),
 * and the CSV dialect the SerDe implies is derived into csv.* properties.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sources/glue_internal.h"
#include "sources/internal.h"
#include "sources/sql_types.h"
#include "util/json.h"
#include "util/limits.h"
#include "util/strmap.h"

/* Glue's own limit on column names (Column.Name, 1-255 bytes). */
#define GLUE_MAX_NAME 255

/* Scalar properties: where they live in a Table/TableInput, and the property key. */
typedef struct scalar_property {
    const char *parent; /* NULL: the table; "StorageDescriptor"; "SerdeInfo" (inside it) */
    const char *key;
    const char *property;
    json_type type; /* how the writer puts it back */
} scalar_property;

static const scalar_property scalars[] = {
    {NULL, "Name", "glue.name", JSON_STRING},
    {NULL, "DatabaseName", "glue.database", JSON_STRING},
    {NULL, "Owner", "glue.owner", JSON_STRING},
    {NULL, "TableType", "glue.table_type", JSON_STRING},
    {"StorageDescriptor", "Location", "glue.location", JSON_STRING},
    {"StorageDescriptor", "InputFormat", "glue.input_format", JSON_STRING},
    {"StorageDescriptor", "OutputFormat", "glue.output_format", JSON_STRING},
    {"StorageDescriptor", "Compressed", "glue.compressed", JSON_TRUE},
    {"StorageDescriptor", "NumberOfBuckets", "glue.buckets", JSON_INTEGER},
    {"StorageDescriptor", "StoredAsSubDirectories", "glue.stored_as_subdirectories", JSON_TRUE},
    {"SerdeInfo", "Name", "glue.serde.name", JSON_STRING},
    {"SerdeInfo", "SerializationLibrary", "glue.serde.library", JSON_STRING},
};

/* String maps: where they live and the prefix their keys get. */
typedef struct map_property {
    const char *parent;
    const char *key;
    const char *prefix;
} map_property;

static const map_property maps[] = {
    {NULL, "Parameters", "glue.param."},
    {"StorageDescriptor", "Parameters", "glue.sd.param."},
    {"SerdeInfo", "Parameters", "glue.serde.param."},
};

typedef struct reader {
    sgp_cursor cur;
    const sgp_positions *positions;
    bool allow_intrinsics;
    sg_schema *schema;
    sgp_ci_names columns; /* names of the columns and partition keys so far */
} reader;

/* Fills the error at the cursor, with line/column when the source is YAML. */
static int fail(reader *R, int code, const char *fmt, ...) SGP_PRINTF(3, 4);

static int fail(reader *R, int code, const char *fmt, ...) {
    int line = 0, column = 0;
    if (R->positions) {
        R->positions->lookup(R->positions->ctx, R->cur.pointer, &line, &column);
    }
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(R->cur.err, code, R->cur.source, R->cur.pointer[0] ? R->cur.pointer : "/", line,
               column, fmt, ap);
    va_end(ap);
    return code;
}

static bool is_intrinsic(const json_t *value) {
    if (!json_is_object(value) || json_object_size(value) != 1) {
        return false;
    }
    const char *key = json_object_iter_key(json_object_iter((json_t *)value));
    return strcmp(key, "Ref") == 0 || strcmp(key, "Condition") == 0 || strncmp(key, "Fn::", 4) == 0;
}

/* The text a scalar property keeps: strings as they are, booleans and integers spelled out
 * (YAML gives every scalar as a string, JSON gives typed values: both end the same). */
static int scalar_text(reader *R, const json_t *value, char *small, size_t size,
                       const char **text) {
    if (json_is_string(value)) {
        *text = json_string_value(value);
    } else if (json_is_boolean(value)) {
        *text = json_is_true(value) ? "true" : "false";
    } else if (json_is_integer(value)) {
        snprintf(small, size, "%lld", (long long)json_integer_value(value));
        *text = small;
    } else {
        return fail(R, SG_EINVALID, "expected a string, number or boolean, not %s",
                    json_is_object(value) ? "an object" : "an array or null");
    }
    return SG_OK;
}

/* Stores value under property, or, for an intrinsic function, its JSON under cfn.<property>.
 * Booleans are stored as "true"/"false" whatever YAML spelling they came in (no, On, ...). */
static int keep_property(reader *R, const char *property, const json_t *value, json_type type) {
    if (json_is_null(value)) {
        return SG_OK;
    }
    if (is_intrinsic(value)) {
        if (!R->allow_intrinsics) {
            return fail(R, SG_EINVALID, "a CloudFormation function outside a template");
        }
        char key[512];
        snprintf(key, sizeof key, "cfn.%s", property);
        char *json = sgp_json_dump(value);
        int rc = json ? sg_schema_set_property(R->schema, key, json) : SG_ENOMEM;
        free(json);
        return rc == SG_OK ? SG_OK : fail(R, rc, "out of memory");
    }
    char small[32];
    const char *text = NULL;
    int rc = scalar_text(R, value, small, sizeof small, &text);
    if (rc == SG_OK && type == JSON_TRUE && json_is_string(value)) {
        static const char *const yes[] = {"true", "yes", "on", "y"};
        static const char *const no[] = {"false", "no", "off", "n"};
        const char *normal = NULL;
        for (size_t i = 0; i < 4 && !normal; i++) {
            normal = strcasecmp(text, yes[i]) == 0  ? "true"
                     : strcasecmp(text, no[i]) == 0 ? "false"
                                                    : NULL;
        }
        if (!normal) {
            return fail(R, SG_EINVALID, "expected true or false, not \"%s\"", text);
        }
        text = normal;
    }
    if (rc == SG_OK && sg_schema_set_property(R->schema, property, text) != SG_OK) {
        rc = fail(R, SG_ENOMEM, "out of memory");
    }
    return rc;
}

static json_t *child_object(json_t *table, const char *parent) {
    if (!parent) {
        return table;
    }
    json_t *sd = json_object_get(table, "StorageDescriptor");
    if (strcmp(parent, "StorageDescriptor") == 0) {
        return sd;
    }
    return json_is_object(sd) ? json_object_get(sd, "SerdeInfo") : NULL;
}

static size_t push_parent(reader *R, const char *parent) {
    size_t saved = strlen(R->cur.pointer);
    if (parent && strcmp(parent, "SerdeInfo") == 0) {
        sgp_cursor_push(&R->cur, "StorageDescriptor");
    }
    if (parent) {
        sgp_cursor_push(&R->cur, parent);
    }
    return saved;
}

static int read_properties(reader *R, json_t *table) {
    int rc = SG_OK;
    for (size_t i = 0; rc == SG_OK && i < sizeof scalars / sizeof scalars[0]; i++) {
        json_t *object = child_object(table, scalars[i].parent);
        json_t *value = json_is_object(object) ? json_object_get(object, scalars[i].key) : NULL;
        if (!value) {
            continue;
        }
        size_t saved = push_parent(R, scalars[i].parent);
        sgp_cursor_push(&R->cur, scalars[i].key);
        rc = keep_property(R, scalars[i].property, value, scalars[i].type);
        sgp_cursor_pop(&R->cur, saved);
    }
    for (size_t i = 0; rc == SG_OK && i < sizeof maps / sizeof maps[0]; i++) {
        json_t *object = child_object(table, maps[i].parent);
        json_t *map = json_is_object(object) ? json_object_get(object, maps[i].key) : NULL;
        if (!map) {
            continue;
        }
        size_t saved = push_parent(R, maps[i].parent);
        sgp_cursor_push(&R->cur, maps[i].key);
        if (!json_is_object(map)) {
            rc = fail(R, SG_EINVALID, "\"%s\" must be an object of strings", maps[i].key);
        }
        const char *key;
        json_t *value;
        json_object_foreach(map, key, value) {
            if (rc != SG_OK) {
                break;
            }
            char property[512];
            snprintf(property, sizeof property, "%s%s", maps[i].prefix, key);
            size_t at = sgp_cursor_push(&R->cur, key);
            rc = keep_property(R, property, value, JSON_STRING);
            sgp_cursor_pop(&R->cur, at);
        }
        sgp_cursor_pop(&R->cur, saved);
    }
    return rc;
}

/* Storage format and CSV dialect -------------------------------------------------------------- */

static bool contains(const char *haystack, const char *needle) {
    return haystack && strstr(haystack, needle) != NULL;
}

static const char *property_or(const sg_schema *s, const char *key, const char *fallback) {
    const char *value = sg_schema_property(s, key);
    return value ? value : fallback;
}

/* Derives storage.format and, for text tables, the csv.* dialect the SerDe reads with, so a
 * validator reads the files the way Athena and Spark do. docs/formats.md has the table. */
static int derive_storage(sg_schema *s) {
    const char *serde = sg_schema_property(s, "glue.serde.library");
    const char *input = sg_schema_property(s, "glue.input_format");
    const char *classification = sg_schema_property(s, "glue.param.classification");
    const char *table_type = sg_schema_property(s, "glue.param.table_type");
    const char *format = NULL;
    if (table_type && strcasecmp(table_type, "ICEBERG") == 0) {
        format = "iceberg";
    } else if (contains(serde, "ParquetHiveSerDe") || contains(input, "Parquet")) {
        format = "parquet";
    } else if (contains(serde, "OpenCSVSerde") || contains(serde, "LazySimpleSerDe")) {
        format = "csv";
    } else if (contains(serde, "JsonSerDe") || contains(serde, "JsonSerde")) {
        format = "json";
    } else if (contains(serde, "OrcSerde") || contains(input, "Orc")) {
        format = "orc";
    } else if (contains(serde, "AvroSerDe") || contains(input, "Avro")) {
        format = "avro";
    } else if (classification) {
        format = classification;
    }
    int rc = SG_OK;
    if (format) {
        rc = sg_schema_set_property(s, "storage.format", format);
    }
    if (rc != SG_OK || !format || strcmp(format, "csv") != 0) {
        return rc;
    }
    const char *delimiter, *quote = "", *escape = "", *null_token = NULL;
    if (contains(serde, "OpenCSVSerde")) {
        /* OpenCSVSerde's defaults: separatorChar ',', quoteChar '"', escapeChar '\\'. */
        delimiter = property_or(s, "glue.serde.param.separatorChar", ",");
        quote = property_or(s, "glue.serde.param.quoteChar", "\"");
        escape = property_or(s, "glue.serde.param.escapeChar", "\\");
    } else {
        /* LazySimpleSerDe: field.delim, else serialization.format, else Ctrl-A; no quoting;
         * escape.delim if set; serialization.null.format, else \N. */
        delimiter = property_or(s, "glue.serde.param.field.delim",
                                property_or(s, "glue.serde.param.serialization.format", "\001"));
        if (strcmp(delimiter, "1") == 0) {
            delimiter = "\001"; /* serialization.format=1 is Hive's way to say Ctrl-A */
        }
        escape = property_or(s, "glue.serde.param.escape.delim", "");
        null_token = property_or(s, "glue.serde.param.serialization.null.format", "\\N");
    }
    const char *skip = property_or(s, "glue.param.skip.header.line.count", "0");
    if ((rc = sg_schema_set_property(s, "csv.delimiter", delimiter)) == SG_OK &&
        (rc = sg_schema_set_property(s, "csv.quote", quote)) == SG_OK &&
        (rc = sg_schema_set_property(s, "csv.escape", escape)) == SG_OK &&
        (rc = sg_schema_set_property(s, "csv.header", "false")) == SG_OK &&
        (rc = sg_schema_set_property(s, "csv.skip_rows", skip)) == SG_OK && null_token) {
        rc = sg_schema_set_property(s, "csv.null", null_token);
    }
    /* Athena and Hive read text tables by position, never by header name. */
    if (rc == SG_OK) {
        rc = sg_schema_set_property(s, "csv.match", "position");
    }
    return rc;
}

/* Columns -------------------------------------------------------------------------------------- */

/* Glue's API pattern for column names, types and comments admits no control characters but
 * tab, so CreateTable would refuse a line break; say so before deployment does. Returns the
 * byte offset of the first such character, or -1. */
static long control_character(const char *text, size_t length) {
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            return (long)i;
        }
    }
    return -1;
}

/* Glue's limit on Column.Comment (0-255 characters). */
#define GLUE_MAX_COMMENT 255

static size_t utf8_length(const char *text) {
    size_t n = 0;
    for (; *text; text++) {
        n += ((unsigned char)*text & 0xC0) != 0x80;
    }
    return n;
}

static int read_column(reader *R, json_t *column, bool partition, sg_type *root) {
    if (!json_is_object(column)) {
        return fail(R, SG_EINVALID, "a column must be an object with Name and Type");
    }
    json_t *name_json = json_object_get(column, "Name");
    json_t *type_json = json_object_get(column, "Type");
    if (!name_json) {
        return fail(R, SG_EINVALID, "column without \"Name\"");
    }
    size_t saved = sgp_cursor_push(&R->cur, "Name");
    int rc = SG_OK;
    const char *name = json_is_string(name_json) ? json_string_value(name_json) : NULL;
    if (!name) {
        rc = fail(R, SG_EINVALID,
                  is_intrinsic(name_json)
                      ? "a column name must be written out: a CloudFormation function here "
                        "would change the schema"
                      : "a column name must be a string");
    } else if (!*name || strlen(name) > GLUE_MAX_NAME) {
        rc = fail(R, SG_EINVALID, "a column name must be 1 to %d bytes, not %zu", GLUE_MAX_NAME,
                  strlen(name));
    } else if (control_character(name, strlen(name)) >= 0) {
        rc = fail(R, SG_EINVALID,
                  "Glue does not accept control characters (line breaks) in a "
                  "column name");
    } else if ((rc = sgp_ci_names_add(&R->columns, name)) == SG_EINVALID) {
        rc = fail(
            R, SG_EINVALID,
            "duplicate column name \"%s\" (Glue and Athena compare names case-insensitively)%s",
            name, partition ? "; a partition key may not repeat a column" : "");
    } else if (rc != SG_OK) {
        rc = fail(R, rc, "out of memory");
    }
    sgp_cursor_pop(&R->cur, saved);
    if (rc != SG_OK) {
        return rc;
    }
    if (!type_json) {
        return fail(R, SG_EINVALID, "column \"%s\" without \"Type\"", name);
    }
    saved = sgp_cursor_push(&R->cur, "Type");
    sg_type *type = NULL;
    if (!json_is_string(type_json)) {
        rc = fail(R, SG_EINVALID,
                  is_intrinsic(type_json)
                      ? "a column type must be written out: a CloudFormation function here "
                        "would change the schema"
                      : "a column type must be a string such as \"bigint\" or "
                        "\"struct<a:int>\"");
    } else if (control_character(json_string_value(type_json), json_string_length(type_json)) >=
               0) {
        rc = fail(R, SG_EINVALID,
                  "Glue does not accept control characters (line breaks) in a column type; "
                  "write the type on one line");
    } else {
        int line = 0, col = 0;
        if (R->positions) {
            R->positions->lookup(R->positions->ctx, R->cur.pointer, &line, &col);
        }
        sgp_sql_origin origin = {R->cur.source, R->cur.pointer, line, col};
        rc = sgp_sql_parse_type(json_string_value(type_json), json_string_length(type_json),
                                SGP_SQL_HIVE, &origin, &type, R->cur.err);
    }
    sgp_cursor_pop(&R->cur, saved);
    if (rc != SG_OK) {
        return rc;
    }
    sg_type_set_nullable(type, true); /* Glue has no NOT NULL */
    sg_kind kind = sg_type_kind(type);
    if (partition && (kind == SG_KIND_STRUCT || kind == SG_KIND_LIST || kind == SG_KIND_MAP ||
                      kind == SG_KIND_UNION)) {
        saved = sgp_cursor_push(&R->cur, "Type");
        rc = fail(R, SG_EINVALID,
                  "partition key \"%s\" has a %s type; partition values are directory names, "
                  "so Athena and Spark need a primitive type",
                  name, sg_kind_name(kind));
        sgp_cursor_pop(&R->cur, saved);
        sg_type_free(type);
        return rc;
    }
    sg_type_set_location(type, R->cur.source, R->cur.pointer, 0, 0);
    sg_field *field;
    if ((rc = sg_field_new(&field, name, type)) != SG_OK) {
        return fail(R, rc, "out of memory");
    }
    sg_field_set_partition(field, partition);
    sg_field_set_location(field, R->cur.source, R->cur.pointer, 0, 0);
    json_t *comment = json_object_get(column, "Comment");
    if (comment && !json_is_null(comment)) {
        saved = sgp_cursor_push(&R->cur, "Comment");
        if (!json_is_string(comment)) {
            rc = fail(R, SG_EINVALID, "\"Comment\" must be a string");
        } else if (utf8_length(json_string_value(comment)) > GLUE_MAX_COMMENT) {
            rc = fail(R, SG_EINVALID, "Glue accepts comments of at most %d characters, not %zu",
                      GLUE_MAX_COMMENT, utf8_length(json_string_value(comment)));
        } else if (control_character(json_string_value(comment), json_string_length(comment)) >=
                   0) {
            rc = fail(R, SG_EINVALID,
                      "Glue does not accept control characters (line breaks) in a comment%s",
                      R->positions ? "; a YAML | or > block keeps its final line break, use |- "
                                     "or >-"
                                   : "");
        } else {
            rc = sg_field_set_doc(field, json_string_value(comment));
        }
        sgp_cursor_pop(&R->cur, saved);
    }
    json_t *params = json_object_get(column, "Parameters");
    if (rc == SG_OK && params) {
        saved = sgp_cursor_push(&R->cur, "Parameters");
        if (!json_is_object(params)) {
            rc = fail(R, SG_EINVALID, "\"Parameters\" must be an object of strings");
        }
        const char *key;
        json_t *value;
        json_object_foreach(params, key, value) {
            if (rc != SG_OK) {
                break;
            }
            char *text = sgp_json_dump(value);
            rc = text ? sg_field_add_metadata(field, key, text) : SG_ENOMEM;
            free(text);
        }
        sgp_cursor_pop(&R->cur, saved);
    }
    if (rc == SG_OK && (rc = sg_type_add_field(root, field)) != SG_OK) {
        rc = fail(R, rc, "cannot add column \"%s\"", name);
    }
    if (rc != SG_OK) {
        sg_field_free(field);
    }
    return rc;
}

static int read_columns(reader *R, json_t *array, bool partition, sg_type *root) {
    if (!array || json_is_null(array)) {
        return SG_OK;
    }
    if (!json_is_array(array)) {
        return fail(R, SG_EINVALID, "expected an array of columns");
    }
    size_t i;
    json_t *column;
    json_array_foreach(array, i, column) {
        size_t at = sgp_cursor_push_index(&R->cur, i);
        int rc = read_column(R, column, partition, root);
        sgp_cursor_pop(&R->cur, at);
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

int sgp_glue_read_table(sg_schema **out, json_t *table, const char *base, const char *source,
                        const sgp_positions *positions, bool allow_intrinsics, sg_error *err) {
    *out = NULL;
    reader R;
    memset(&R, 0, sizeof R);
    R.cur.source = source;
    R.cur.err = err;
    R.positions = positions;
    R.allow_intrinsics = allow_intrinsics;
    snprintf(R.cur.pointer, sizeof R.cur.pointer, "%s", base);
    if (!json_is_object(table)) {
        return fail(&R, SG_EINVALID, "a Glue table must be a JSON object");
    }
    sg_type *root;
    if (sg_type_new(&root, SG_KIND_STRUCT) != SG_OK || sg_schema_new(out, root) != SG_OK) {
        return sgp_error_nomem(err);
    }
    R.schema = *out;
    sg_schema_set_source(*out, source);
    json_t *sd = json_object_get(table, "StorageDescriptor");
    int rc = SG_OK;
    if (sd && !json_is_object(sd)) {
        size_t saved = sgp_cursor_push(&R.cur, "StorageDescriptor");
        rc = fail(&R, SG_EINVALID, "\"StorageDescriptor\" must be an object");
        sgp_cursor_pop(&R.cur, saved);
    }
    if (rc == SG_OK && sd) {
        size_t saved = sgp_cursor_push(&R.cur, "StorageDescriptor");
        sgp_cursor_push(&R.cur, "Columns");
        rc = read_columns(&R, json_object_get(sd, "Columns"), false, root);
        sgp_cursor_pop(&R.cur, saved);
    }
    if (rc == SG_OK) {
        size_t saved = sgp_cursor_push(&R.cur, "PartitionKeys");
        rc = read_columns(&R, json_object_get(table, "PartitionKeys"), true, root);
        sgp_cursor_pop(&R.cur, saved);
    }
    if (rc == SG_OK && sg_type_field_count(root) == 0) {
        rc = fail(&R, SG_EINVALID,
                  "the table has no columns (StorageDescriptor.Columns and PartitionKeys are "
                  "empty or missing)");
    }
    json_t *description = json_object_get(table, "Description");
    if (rc == SG_OK && description && !json_is_null(description)) {
        /* The table's description is the root struct's doc. */
        size_t saved = sgp_cursor_push(&R.cur, "Description");
        if (!json_is_string(description)) {
            rc = fail(&R, SG_EINVALID, "\"Description\" must be a string");
        } else if (sg_type_set_doc(root, json_string_value(description)) != SG_OK) {
            rc = fail(&R, SG_ENOMEM, "out of memory");
        }
        sgp_cursor_pop(&R.cur, saved);
    }
    if (rc == SG_OK) {
        rc = read_properties(&R, table);
    }
    if (rc == SG_OK && (rc = derive_storage(*out)) != SG_OK) {
        rc = sgp_error_nomem(err);
    }
    sgp_ci_names_free(&R.columns);
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
    }
    return rc;
}

int sgp_glue_load(sg_schema **out, const char *text, size_t length, const char *source,
                  sg_error *err) {
    *out = NULL;
    json_t *doc = sgp_json_parse(text, length, source, err);
    if (!doc) {
        return err ? err->code : SG_EPARSE;
    }
    int rc;
    json_t *table = NULL;
    const char *base = "";
    if (!json_is_object(doc)) {
        rc = sgp_error(err, SG_EINVALID, source, "/", 0, 0,
                       "a Glue table must be a JSON object (get-table output, Table or "
                       "TableInput)");
    } else if (json_object_get(doc, "TableList")) {
        rc = sgp_error(err, SG_EUNSUPPORTED, source, "/TableList", 0, 0,
                       "this is get-tables output with many tables; use `aws glue get-table "
                       "--database-name DB --name TABLE` for one");
    } else {
        if ((table = json_object_get(doc, "Table")) != NULL) {
            base = "/Table";
        } else if ((table = json_object_get(doc, "TableInput")) != NULL) {
            base = "/TableInput";
        } else {
            table = doc;
        }
        char nul_at[SG_ERROR_PATH_MAX] = "";
        if (sgp_json_find_nul(doc, NULL, nul_at, sizeof nul_at)) {
            rc = sgp_error(err, SG_EINVALID, source, nul_at, 0, 0,
                           "a NUL character (\\u0000) in a Glue table");
        } else {
            rc = sgp_glue_read_table(out, table, base, source, NULL, false, err);
        }
        /* create-table's --cli-input-json puts the database beside the TableInput. */
        json_t *database = json_object_get(doc, "DatabaseName");
        if (rc == SG_OK && table != doc && json_is_string(database) &&
            sg_schema_set_property(*out, "glue.database", json_string_value(database)) != SG_OK) {
            rc = sgp_error_nomem(err);
        }
    }
    json_decref(doc);
    return rc;
}

/* Writing ---------------------------------------------------------------------------------------
 */

/* Sets key in object from the property (or its cfn.* intrinsic form). */
static bool put_property(json_t *object, const char *key, const sg_schema *s, const char *property,
                         json_type type, bool allow_intrinsics) {
    char cfn_key[512];
    snprintf(cfn_key, sizeof cfn_key, "cfn.%s", property);
    const char *intrinsic = allow_intrinsics ? sg_schema_property(s, cfn_key) : NULL;
    if (intrinsic) {
        return json_object_set_new(object, key, sgp_json_load_value(intrinsic)) == 0;
    }
    const char *text = sg_schema_property(s, property);
    if (!text) {
        return true;
    }
    json_t *value;
    if (type == JSON_TRUE) {
        value = json_boolean(strcmp(text, "true") == 0);
    } else if (type == JSON_INTEGER) {
        value = json_integer(strtoll(text, NULL, 10));
    } else {
        value = json_string(text);
    }
    return json_object_set_new(object, key, value) == 0;
}

static bool put_map(json_t *object, const char *key, const sg_schema *s, const char *prefix,
                    bool allow_intrinsics) {
    json_t *map = NULL;
    size_t n = strlen(prefix);
    for (size_t i = 0; i < sg_schema_property_count(s); i++) {
        const char *property = sg_schema_property_key(s, i);
        if (strncmp(property, prefix, n) != 0) {
            continue;
        }
        if (!map && (!(map = json_object()) || json_object_set_new(object, key, map) != 0)) {
            return false;
        }
        if (json_object_set_new(map, property + n, json_string(sg_schema_property_value(s, i))) !=
            0) {
            return false;
        }
    }
    for (size_t i = 0; allow_intrinsics && i < sg_schema_property_count(s); i++) {
        const char *property = sg_schema_property_key(s, i);
        if (strncmp(property, "cfn.", 4) != 0 || strncmp(property + 4, prefix, n) != 0) {
            continue;
        }
        if (!map && (!(map = json_object()) || json_object_set_new(object, key, map) != 0)) {
            return false;
        }
        if (json_object_set_new(map, property + 4 + n,
                                sgp_json_load_value(sg_schema_property_value(s, i))) != 0) {
            return false;
        }
    }
    return true;
}

static json_t *column_json(const sg_field *field, const sg_write_options *options,
                           const char *source, bool *lowered, sg_error *err, int *rc) {
    char path[SG_ERROR_PATH_MAX];
    snprintf(path, sizeof path, "%s", sg_field_name(field));
    size_t name_length = strlen(sg_field_name(field));
    if (name_length == 0 || name_length > GLUE_MAX_NAME) {
        *rc = sgp_error(err, SG_EUNSUPPORTED, source, path, 0, 0,
                        "Glue column names are 1 to %d bytes, not %zu", GLUE_MAX_NAME, name_length);
        return NULL;
    }
    sgp_buf type = SGP_BUF_INIT;
    *rc = sgp_sql_write_type(&type, sg_field_type(field), SGP_SQL_HIVE, options, source, path,
                             sizeof path, err);
    char *type_text = *rc == SG_OK ? sgp_buf_take(&type) : NULL;
    sgp_buf_free(&type);
    if (*rc != SG_OK || !type_text) {
        *rc = *rc != SG_OK ? *rc : sgp_error_nomem(err);
        return NULL;
    }
    /* Glue stores column names in lower case. */
    char *name = sgp_strdup(sg_field_name(field));
    for (char *p = name; p && *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            *p = (char)(*p - 'A' + 'a');
            *lowered = true;
        }
    }
    json_t *column = json_object();
    bool ok = name && column && json_object_set_new(column, "Name", json_string(name)) == 0 &&
              json_object_set_new(column, "Type", json_string(type_text)) == 0;
    if (ok && sg_field_doc(field)) {
        ok = json_object_set_new(column, "Comment", json_string(sg_field_doc(field))) == 0;
    }
    if (ok && sg_field_metadata_count(field)) {
        json_t *params = json_object();
        ok = params && json_object_set_new(column, "Parameters", params) == 0;
        for (size_t i = 0; ok && i < sg_field_metadata_count(field); i++) {
            /* Glue parameters are strings: a JSON string keeps its text, anything else its
             * JSON spelling. */
            json_t *value = sgp_json_load_value(sg_field_metadata_value(field, i));
            if (json_is_string(value) &&
                strlen(json_string_value(value)) != json_string_length(value)) {
                json_decref(value);
                json_decref(column);
                free(name);
                free(type_text);
                *rc = sgp_error(err, SG_EUNSUPPORTED, source, path, 0, 0,
                                "column parameter \"%s\" holds a NUL character, which Glue "
                                "parameters cannot",
                                sg_field_metadata_key(field, i));
                return NULL;
            }
            if (!json_is_string(value)) {
                sgp_report_loss(options, source, path,
                                "column parameter \"%s\" becomes the string %.64s: Glue "
                                "parameters are strings",
                                sg_field_metadata_key(field, i), sg_field_metadata_value(field, i));
            }
            json_t *text = json_is_string(value) ? json_incref(value)
                                                 : json_string(sg_field_metadata_value(field, i));
            json_decref(value);
            ok = json_object_set_new(params, sg_field_metadata_key(field, i), text) == 0;
        }
    }
    if (ok) {
        sgp_sql_report_unkept(options, source, path, field, true);
    }
    free(name);
    free(type_text);
    if (!ok) {
        json_decref(column);
        *rc = sgp_error_nomem(err);
        return NULL;
    }
    return column;
}

/* A table name from the file a schema came from: orders for data/orders.csv; "table" when
 * there is no usable file name. */
static const char *name_from_source(const char *source, char *buf, size_t size) {
    const char *base = source ? strrchr(source, '/') : NULL;
    base = base ? base + 1 : source;
    size_t n = 0;
    for (const char *p = base; p && *p && *p != '.' && n + 1 < size; p++) {
        bool alnum =
            (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        buf[n++] = alnum ? *p : '_';
    }
    buf[n] = '\0';
    return n && base[0] != '<' ? buf : "table";
}

/* A schema inferred from CSV (csv.* properties, no SerDe of its own) gets the text-table
 * storage that reads the files back the same way: OpenCSVSerde when fields are quoted,
 * LazySimpleSerDe otherwise, and the header line skipped. */
static bool put_csv_storage(const sg_schema *s, json_t *input, json_t *sd, json_t *serde) {
    const char *delimiter = sg_schema_property(s, "csv.delimiter");
    if (!delimiter || sg_schema_property(s, "glue.serde.library")) {
        return true;
    }
    const char *quote = property_or(s, "csv.quote", "");
    const char *escape = property_or(s, "csv.escape", "");
    const char *null_token = sg_schema_property(s, "csv.null");
    long skip = strtol(property_or(s, "csv.skip_rows", "0"), NULL, 10) +
                (strcmp(property_or(s, "csv.header", "false"), "true") == 0 ? 1 : 0);
    json_t *params = json_object();
    json_t *table_params = json_object_get(input, "Parameters");
    bool ok = params != NULL;
    if (ok && !table_params) {
        ok = (table_params = json_object()) &&
             json_object_set_new(input, "Parameters", table_params) == 0;
    }
    char skip_text[32];
    snprintf(skip_text, sizeof skip_text, "%ld", skip);
    ok = ok && json_object_set_new(table_params, "classification", json_string("csv")) == 0 &&
         (skip == 0 || json_object_set_new(table_params, "skip.header.line.count",
                                           json_string(skip_text)) == 0) &&
         json_object_set_new(sd, "InputFormat",
                             json_string("org.apache.hadoop.mapred.TextInputFormat")) == 0 &&
         json_object_set_new(
             sd, "OutputFormat",
             json_string("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")) == 0;
    if (ok && *quote) {
        ok = json_object_set_new(serde, "SerializationLibrary",
                                 json_string("org.apache.hadoop.hive.serde2.OpenCSVSerde")) == 0 &&
             json_object_set_new(params, "separatorChar", json_string(delimiter)) == 0 &&
             json_object_set_new(params, "quoteChar", json_string(quote)) == 0 &&
             (!*escape || json_object_set_new(params, "escapeChar", json_string(escape)) == 0);
    } else if (ok) {
        ok = json_object_set_new(
                 serde, "SerializationLibrary",
                 json_string("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe")) == 0 &&
             json_object_set_new(params, "field.delim", json_string(delimiter)) == 0 &&
             (!*escape || json_object_set_new(params, "escape.delim", json_string(escape)) == 0) &&
             (!null_token || json_object_set_new(params, "serialization.null.format",
                                                 json_string(null_token)) == 0);
    }
    if (ok) {
        ok = json_object_set_new(serde, "Parameters", params) == 0;
        params = NULL;
    }
    json_decref(params);
    return ok;
}

int sgp_glue_table_input(const sg_schema *schema, const sg_write_options *options,
                         bool allow_intrinsics, json_t **out, sg_error *err) {
    *out = NULL;
    const sg_type *root = sg_schema_root(schema);
    const char *source = sg_schema_source(schema);
    if (sg_type_kind(root) != SG_KIND_STRUCT) {
        return sgp_error(err, SG_EUNSUPPORTED, source, "(root)", 0, 0,
                         "a Glue table needs a struct at the root, not %s",
                         sg_kind_name(sg_type_kind(root)));
    }
    if (sg_type_field_count(root) == 0) {
        return sgp_error(err, SG_EUNSUPPORTED, source, "(root)", 0, 0,
                         "a Glue table needs at least one column");
    }
    json_t *input = json_object();
    json_t *sd = json_object();
    json_t *serde = json_object();
    json_t *columns = json_array();
    json_t *partitions = json_array();
    bool ok = input && sd && serde && columns && partitions;
    char from_file[GLUE_MAX_NAME + 1];
    const char *name = options && options->name ? options->name
                       : sg_schema_property(schema, "glue.name")
                           ? sg_schema_property(schema, "glue.name")
                       : sg_type_name(root) ? sg_type_name(root)
                                            : name_from_source(source, from_file, sizeof from_file);
    char lowered_name[GLUE_MAX_NAME + 1];
    snprintf(lowered_name, sizeof lowered_name, "%s", name);
    for (char *p = lowered_name; *p; p++) {
        *p = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
    }
    ok = ok && json_object_set_new(input, "Name", json_string(lowered_name)) == 0;
    if (ok && sg_type_doc(root)) {
        ok = json_object_set_new(input, "Description", json_string(sg_type_doc(root))) == 0;
    }
    if (ok && sg_type_metadata_count(root)) {
        sgp_report_loss(options, source, "(root)",
                        "metadata of the root struct (%s, ...) is not kept",
                        sg_type_metadata_key(root, 0));
    }
    for (size_t i = 0; ok && i < sizeof scalars / sizeof scalars[0]; i++) {
        const scalar_property *p = &scalars[i];
        if (strcmp(p->property, "glue.name") == 0 || strcmp(p->property, "glue.database") == 0) {
            continue; /* the name is above; the database is not part of a TableInput */
        }
        json_t *target = !p->parent ? input : strcmp(p->parent, "SerdeInfo") == 0 ? serde : sd;
        ok = put_property(target, p->key, schema, p->property, p->type, allow_intrinsics);
    }
    ok = ok && put_map(input, "Parameters", schema, "glue.param.", allow_intrinsics) &&
         put_map(sd, "Parameters", schema, "glue.sd.param.", allow_intrinsics) &&
         put_map(serde, "Parameters", schema, "glue.serde.param.", allow_intrinsics);
    ok = ok && put_csv_storage(schema, input, sd, serde);
    int rc = SG_OK;
    bool lowered = false;
    size_t not_null = 0;
    for (size_t i = 0; ok && rc == SG_OK && i < sg_type_field_count(root); i++) {
        const sg_field *field = sg_type_field(root, i);
        json_t *column = column_json(field, options, source, &lowered, err, &rc);
        if (column) {
            ok = json_array_append_new(sg_field_partition(field) ? partitions : columns, column) ==
                 0;
        }
        not_null += !sg_field_nullable(field);
    }
    if (ok && rc == SG_OK) {
        if (not_null) {
            sgp_report_loss(options, source, "(root)",
                            "Glue columns are always nullable: %zu column%s marked not null "
                            "become nullable",
                            not_null, not_null == 1 ? "" : "s");
        }
        if (lowered) {
            sgp_report_loss(options, source, "(root)",
                            "Glue stores column names in lower case: mixed-case names are "
                            "lowered");
        }
        ok = json_object_set_new(sd, "Columns", columns) == 0;
        columns = NULL;
        if (ok && json_object_size(serde)) {
            ok = json_object_set_new(sd, "SerdeInfo", serde) == 0;
            serde = NULL;
        }
        ok = ok && json_object_set_new(input, "StorageDescriptor", sd) == 0;
        sd = NULL;
        if (ok && json_array_size(partitions)) {
            ok = json_object_set_new(input, "PartitionKeys", partitions) == 0;
            partitions = NULL;
        }
    }
    json_decref(sd);
    json_decref(serde);
    json_decref(columns);
    json_decref(partitions);
    if (rc == SG_OK && !ok) {
        rc = sgp_error_nomem(err);
    }
    if (rc != SG_OK) {
        json_decref(input);
        return rc;
    }
    *out = input;
    return SG_OK;
}

int sgp_glue_write(const sg_schema *schema, const sg_write_options *options, char **out,
                   sg_error *err) {
    *out = NULL;
    json_t *input;
    int rc = sgp_glue_table_input(schema, options, false, &input, err);
    if (rc != SG_OK) {
        return rc;
    }
    for (size_t i = 0; i < sg_schema_property_count(schema); i++) {
        if (strncmp(sg_schema_property_key(schema, i), "cfn.", 4) == 0) {
            sgp_report_loss(options, sg_schema_source(schema), "(schema)",
                            "CloudFormation functions (%s) cannot be written into plain Glue JSON",
                            sg_schema_property_key(schema, i) + 4);
        }
    }
    /* The shape `aws glue create-table --cli-input-json file://table.json` takes. */
    json_t *doc = json_object();
    const char *database = sg_schema_property(schema, "glue.database");
    bool ok =
        doc && (!database || json_object_set_new(doc, "DatabaseName", json_string(database)) == 0);
    ok = ok && json_object_set_new(doc, "TableInput", input) == 0;
    char *text = ok ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    size_t n = text ? strlen(text) : 0;
    char *with_newline = text ? realloc(text, n + 2) : NULL;
    if (!with_newline) {
        free(text);
        return sgp_error_nomem(err);
    }
    memcpy(with_newline + n, "\n", 2);
    *out = with_newline;
    return SG_OK;
}

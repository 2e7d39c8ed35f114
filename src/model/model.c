/*
 * model/model.c: building, freeing, copying and reading type nodes, fields and schemas.
 * Comparison lives in equal.c, the canonical JSON form in canonical.c, the tree view in print.c.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/json.h"
#include "util/util.h"

/* String lists and metadata ------------------------------------------------------------------ */

static void strings_free(sgp_strings *list) {
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i]);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int strings_add(sgp_strings *list, const char *s) {
    if (!s) {
        return SG_EUSAGE;
    }
    if (!sgp_reserve((void **)&list->items, &list->cap, list->count + 1, sizeof(char *))) {
        return SG_ENOMEM;
    }
    char *copy = sgp_strdup(s);
    if (!copy) {
        return SG_ENOMEM;
    }
    list->items[list->count++] = copy;
    return SG_OK;
}

static bool strings_contain(const sgp_strings *list, const char *s) {
    for (size_t i = 0; i < list->count; i++) {
        if (strcmp(list->items[i], s) == 0) {
            return true;
        }
    }
    return false;
}

static int strings_copy(sgp_strings *dst, const sgp_strings *src) {
    for (size_t i = 0; i < src->count; i++) {
        int rc = strings_add(dst, src->items[i]);
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

static void metadata_free(sgp_metadata *meta) {
    for (size_t i = 0; i < meta->count; i++) {
        free(meta->items[i].key);
        free(meta->items[i].json);
    }
    free(meta->items);
    memset(meta, 0, sizeof *meta);
}

static const char *metadata_get(const sgp_metadata *meta, const char *key) {
    for (size_t i = 0; key && i < meta->count; i++) {
        if (strcmp(meta->items[i].key, key) == 0) {
            return meta->items[i].json;
        }
    }
    return NULL;
}

static int metadata_add(sgp_metadata *meta, const char *key, const char *value_json) {
    if (!key || !value_json) {
        return SG_EUSAGE;
    }
    if (metadata_get(meta, key)) {
        return SG_EINVALID;
    }
    char *json = sgp_json_normalize(value_json);
    if (!json) {
        return SG_EINVALID;
    }
    char *key_copy = sgp_strdup(key);
    if (!key_copy ||
        !sgp_reserve((void **)&meta->items, &meta->cap, meta->count + 1, sizeof(sgp_kv))) {
        free(key_copy);
        free(json);
        return SG_ENOMEM;
    }
    meta->items[meta->count].key = key_copy;
    meta->items[meta->count].json = json;
    meta->count++;
    return SG_OK;
}

static int metadata_copy(sgp_metadata *dst, const sgp_metadata *src) {
    for (size_t i = 0; i < src->count; i++) {
        int rc = metadata_add(dst, src->items[i].key, src->items[i].json);
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

static void location_free(sgp_location *loc) {
    free(loc->source);
    free(loc->pointer);
    memset(loc, 0, sizeof *loc);
}

static int location_set(sgp_location *loc, const char *source, const char *pointer, int line,
                        int column) {
    char *s = sgp_strdup(source);
    char *p = sgp_strdup(pointer);
    if ((source && !s) || (pointer && !p)) {
        free(s);
        free(p);
        return SG_ENOMEM;
    }
    location_free(loc);
    loc->source = s;
    loc->pointer = p;
    loc->line = line;
    loc->column = column;
    return SG_OK;
}

static sg_location location_view(const sgp_location *loc) {
    sg_location view = {loc->source, loc->pointer, loc->line, loc->column};
    return view;
}

/* Replaces *slot with a copy of value (NULL clears it). */
static int replace_string(char **slot, const char *value) {
    char *copy = sgp_strdup(value);
    if (value && !copy) {
        return SG_ENOMEM;
    }
    free(*slot);
    *slot = copy;
    return SG_OK;
}

/* Kind names --------------------------------------------------------------------------------- */

static const char *const kind_names[SG_KIND_COUNT] = {
    [SG_KIND_NULL] = "null",           [SG_KIND_BOOLEAN] = "boolean",
    [SG_KIND_INT8] = "int8",           [SG_KIND_INT16] = "int16",
    [SG_KIND_INT32] = "int32",         [SG_KIND_INT64] = "int64",
    [SG_KIND_FLOAT32] = "float32",     [SG_KIND_FLOAT64] = "float64",
    [SG_KIND_DECIMAL] = "decimal",     [SG_KIND_STRING] = "string",
    [SG_KIND_BINARY] = "binary",       [SG_KIND_FIXED] = "fixed",
    [SG_KIND_DATE] = "date",           [SG_KIND_TIME] = "time",
    [SG_KIND_TIMESTAMP] = "timestamp", [SG_KIND_UUID] = "uuid",
    [SG_KIND_ENUM] = "enum",           [SG_KIND_STRUCT] = "struct",
    [SG_KIND_LIST] = "list",           [SG_KIND_MAP] = "map",
    [SG_KIND_UNION] = "union",         [SG_KIND_VARIANT] = "variant",
    [SG_KIND_DURATION] = "duration",
};

const char *sg_kind_name(sg_kind kind) {
    return (unsigned)kind < SG_KIND_COUNT ? kind_names[kind] : "?";
}

int sg_kind_from_name(sg_kind *out, const char *name) {
    for (int k = 0; name && k < SG_KIND_COUNT; k++) {
        if (strcmp(kind_names[k], name) == 0) {
            *out = (sg_kind)k;
            return SG_OK;
        }
    }
    return SG_EUSAGE;
}

const char *sg_time_unit_name(sg_time_unit unit) {
    switch (unit) {
    case SG_UNIT_MILLIS:
        return "millis";
    case SG_UNIT_MICROS:
        return "micros";
    case SG_UNIT_NANOS:
        return "nanos";
    }
    return "?";
}

/* Type nodes ---------------------------------------------------------------------------------- */

int sg_type_new(sg_type **out, sg_kind kind) {
    if (!out) {
        return SG_EUSAGE;
    }
    *out = NULL;
    if ((unsigned)kind >= SG_KIND_COUNT) {
        return SG_EUSAGE;
    }
    sg_type *type = calloc(1, sizeof *type);
    if (!type) {
        return SG_ENOMEM;
    }
    type->kind = kind;
    type->unit = SG_UNIT_MICROS;
    type->utc = true;
    if (kind == SG_KIND_DECIMAL) {
        type->precision = 38;
    }
    if (kind == SG_KIND_DURATION) {
        type->size = 12;
    }
    *out = type;
    return SG_OK;
}

void sg_type_free(sg_type *type) {
    if (!type) {
        return;
    }
    free(type->name);
    free(type->ns);
    free(type->doc);
    free(type->enum_default);
    strings_free(&type->aliases);
    strings_free(&type->symbols);
    metadata_free(&type->metadata);
    for (size_t i = 0; i < type->child_count; i++) {
        sg_type_free(type->children[i]);
    }
    free(type->children);
    for (size_t i = 0; i < type->field_count; i++) {
        sg_field_free(type->fields[i]);
    }
    free(type->fields);
    location_free(&type->loc);
    free(type);
}

static int type_copy_into(sg_type *dst, const sg_type *src) {
    dst->nullable = src->nullable;
    dst->null_index = src->null_index;
    dst->precision = src->precision;
    dst->scale = src->scale;
    dst->size = src->size;
    dst->flavor = src->flavor;
    dst->max_length = src->max_length;
    dst->unit = src->unit;
    dst->utc = src->utc;
    int rc;
    if ((rc = replace_string(&dst->name, src->name)) != SG_OK ||
        (rc = replace_string(&dst->ns, src->ns)) != SG_OK ||
        (rc = replace_string(&dst->doc, src->doc)) != SG_OK ||
        (rc = replace_string(&dst->enum_default, src->enum_default)) != SG_OK ||
        (rc = strings_copy(&dst->aliases, &src->aliases)) != SG_OK ||
        (rc = strings_copy(&dst->symbols, &src->symbols)) != SG_OK ||
        (rc = metadata_copy(&dst->metadata, &src->metadata)) != SG_OK ||
        (rc = location_set(&dst->loc, src->loc.source, src->loc.pointer, src->loc.line,
                           src->loc.column)) != SG_OK) {
        return rc;
    }
    for (size_t i = 0; i < src->child_count; i++) {
        sg_type *child;
        if ((rc = sg_type_copy(&child, src->children[i])) != SG_OK) {
            return rc;
        }
        if ((rc = sg_type_add_child(dst, child)) != SG_OK) {
            return rc;
        }
    }
    for (size_t i = 0; i < src->field_count; i++) {
        sg_field *field;
        if ((rc = sg_field_copy(&field, src->fields[i])) != SG_OK) {
            return rc;
        }
        if ((rc = sg_type_add_field(dst, field)) != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

int sg_type_copy(sg_type **out, const sg_type *type) {
    if (!out || !type) {
        return SG_EUSAGE;
    }
    int rc = sg_type_new(out, type->kind);
    if (rc != SG_OK) {
        return rc;
    }
    rc = type_copy_into(*out, type);
    if (rc != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

int sg_type_set_nullable(sg_type *type, bool nullable) {
    if (!type) {
        return SG_EUSAGE;
    }
    type->nullable = nullable;
    return SG_OK;
}

int sg_type_set_null_index(sg_type *type, int index) {
    if (!type || index < 0) {
        return SG_EUSAGE;
    }
    type->null_index = index;
    return SG_OK;
}

int sg_type_set_decimal(sg_type *type, int precision, int scale) {
    if (!type || type->kind != SG_KIND_DECIMAL) {
        return SG_EUSAGE;
    }
    if (precision < 1 || scale < 0 || scale > precision) {
        return SG_EINVALID;
    }
    type->precision = precision;
    type->scale = scale;
    return SG_OK;
}

int sg_type_set_size(sg_type *type, int64_t size) {
    if (!type) {
        return SG_EUSAGE;
    }
    switch (type->kind) {
    case SG_KIND_FIXED:
    case SG_KIND_DECIMAL:
    case SG_KIND_UUID:
        break;
    case SG_KIND_DURATION:
        if (size != 12) {
            return SG_EINVALID;
        }
        break;
    default:
        return SG_EUSAGE;
    }
    if (size < 0) {
        return SG_EINVALID;
    }
    if (type->kind == SG_KIND_UUID && size != 0 && size != 16) {
        return SG_EINVALID;
    }
    type->size = size;
    return SG_OK;
}

int sg_type_set_string(sg_type *type, sg_string_flavor flavor, int64_t max_length) {
    if (!type || type->kind != SG_KIND_STRING || (unsigned)flavor > SG_STRING_VARCHAR) {
        return SG_EUSAGE;
    }
    if ((flavor == SG_STRING_PLAIN) != (max_length == 0) || max_length < 0) {
        return SG_EINVALID;
    }
    type->flavor = flavor;
    type->max_length = max_length;
    return SG_OK;
}

int sg_type_set_time_unit(sg_type *type, sg_time_unit unit) {
    if (!type || (type->kind != SG_KIND_TIME && type->kind != SG_KIND_TIMESTAMP) ||
        (unsigned)unit > SG_UNIT_NANOS) {
        return SG_EUSAGE;
    }
    type->unit = unit;
    return SG_OK;
}

int sg_type_set_utc(sg_type *type, bool adjusted_to_utc) {
    if (!type || type->kind != SG_KIND_TIMESTAMP) {
        return SG_EUSAGE;
    }
    type->utc = adjusted_to_utc;
    return SG_OK;
}

int sg_type_set_name(sg_type *type, const char *name, const char *ns) {
    if (!type || !name) {
        return SG_EUSAGE;
    }
    int rc = replace_string(&type->name, name);
    if (rc == SG_OK) {
        rc = replace_string(&type->ns, ns && *ns ? ns : NULL);
    }
    return rc;
}

int sg_type_set_doc(sg_type *type, const char *doc) {
    return type ? replace_string(&type->doc, doc) : SG_EUSAGE;
}

int sg_type_add_alias(sg_type *type, const char *alias) {
    return type ? strings_add(&type->aliases, alias) : SG_EUSAGE;
}

int sg_type_add_symbol(sg_type *type, const char *symbol) {
    if (!type || !symbol || type->kind != SG_KIND_ENUM) {
        return SG_EUSAGE;
    }
    if (strings_contain(&type->symbols, symbol)) {
        return SG_EINVALID;
    }
    return strings_add(&type->symbols, symbol);
}

int sg_type_set_enum_default(sg_type *type, const char *symbol) {
    if (!type || type->kind != SG_KIND_ENUM) {
        return SG_EUSAGE;
    }
    if (symbol && !strings_contain(&type->symbols, symbol)) {
        return SG_EINVALID;
    }
    return replace_string(&type->enum_default, symbol);
}

int sg_type_add_metadata(sg_type *type, const char *key, const char *value_json) {
    return type ? metadata_add(&type->metadata, key, value_json) : SG_EUSAGE;
}

int sg_type_add_child(sg_type *type, sg_type *child) {
    if (!type || !child) {
        return SG_EUSAGE;
    }
    size_t limit = type->kind == SG_KIND_LIST ? 1 : type->kind == SG_KIND_MAP ? 2 : SIZE_MAX;
    if (type->kind != SG_KIND_LIST && type->kind != SG_KIND_MAP && type->kind != SG_KIND_UNION) {
        return SG_EUSAGE;
    }
    if (type->child_count >= limit) {
        return SG_EUSAGE;
    }
    if (!sgp_reserve((void **)&type->children, &type->child_cap, type->child_count + 1,
                     sizeof(sg_type *))) {
        return SG_ENOMEM;
    }
    type->children[type->child_count++] = child;
    return SG_OK;
}

int sg_type_add_field(sg_type *type, sg_field *field) {
    if (!type || !field || type->kind != SG_KIND_STRUCT) {
        return SG_EUSAGE;
    }
    if (sg_type_field_by_name(type, field->name)) {
        return SG_EINVALID;
    }
    if (!sgp_reserve((void **)&type->fields, &type->field_cap, type->field_count + 1,
                     sizeof(sg_field *))) {
        return SG_ENOMEM;
    }
    type->fields[type->field_count++] = field;
    return SG_OK;
}

int sg_type_set_location(sg_type *type, const char *source, const char *pointer, int line,
                         int column) {
    return type ? location_set(&type->loc, source, pointer, line, column) : SG_EUSAGE;
}

sg_kind sg_type_kind(const sg_type *type) {
    return type->kind;
}
bool sg_type_nullable(const sg_type *type) {
    return type->nullable;
}
int sg_type_null_index(const sg_type *type) {
    return type->null_index;
}
int sg_type_precision(const sg_type *type) {
    return type->precision;
}
int sg_type_scale(const sg_type *type) {
    return type->scale;
}
int64_t sg_type_size(const sg_type *type) {
    return type->size;
}
sg_string_flavor sg_type_string_flavor(const sg_type *type) {
    return type->flavor;
}
int64_t sg_type_max_length(const sg_type *type) {
    return type->max_length;
}
sg_time_unit sg_type_time_unit(const sg_type *type) {
    return type->unit;
}
bool sg_type_utc(const sg_type *type) {
    return type->utc;
}
const char *sg_type_name(const sg_type *type) {
    return type->name;
}
const char *sg_type_namespace(const sg_type *type) {
    return type->ns;
}
const char *sg_type_doc(const sg_type *type) {
    return type->doc;
}
size_t sg_type_alias_count(const sg_type *type) {
    return type->aliases.count;
}
const char *sg_type_alias(const sg_type *type, size_t i) {
    return i < type->aliases.count ? type->aliases.items[i] : NULL;
}
size_t sg_type_symbol_count(const sg_type *type) {
    return type->symbols.count;
}
const char *sg_type_symbol(const sg_type *type, size_t i) {
    return i < type->symbols.count ? type->symbols.items[i] : NULL;
}
const char *sg_type_enum_default(const sg_type *type) {
    return type->enum_default;
}
size_t sg_type_metadata_count(const sg_type *type) {
    return type->metadata.count;
}
const char *sg_type_metadata_key(const sg_type *type, size_t i) {
    return i < type->metadata.count ? type->metadata.items[i].key : NULL;
}
const char *sg_type_metadata_value(const sg_type *type, size_t i) {
    return i < type->metadata.count ? type->metadata.items[i].json : NULL;
}
const char *sg_type_metadata_get(const sg_type *type, const char *key) {
    return metadata_get(&type->metadata, key);
}
size_t sg_type_child_count(const sg_type *type) {
    return type->child_count;
}
const sg_type *sg_type_child(const sg_type *type, size_t i) {
    return i < type->child_count ? type->children[i] : NULL;
}
const sg_type *sg_type_element(const sg_type *list) {
    return list->kind == SG_KIND_LIST ? sg_type_child(list, 0) : NULL;
}
const sg_type *sg_type_map_key(const sg_type *map) {
    return map->kind == SG_KIND_MAP ? sg_type_child(map, 0) : NULL;
}
const sg_type *sg_type_map_value(const sg_type *map) {
    return map->kind == SG_KIND_MAP ? sg_type_child(map, 1) : NULL;
}
size_t sg_type_field_count(const sg_type *type) {
    return type->field_count;
}
const sg_field *sg_type_field(const sg_type *type, size_t i) {
    return i < type->field_count ? type->fields[i] : NULL;
}
const sg_field *sg_type_field_by_name(const sg_type *type, const char *name) {
    for (size_t i = 0; name && i < type->field_count; i++) {
        if (strcmp(type->fields[i]->name, name) == 0) {
            return type->fields[i];
        }
    }
    return NULL;
}
sg_location sg_type_location(const sg_type *type) {
    return location_view(&type->loc);
}

/* Fields --------------------------------------------------------------------------------------- */

int sg_field_new(sg_field **out, const char *name, sg_type *type) {
    if (!out) {
        sg_type_free(type);
        return SG_EUSAGE;
    }
    *out = NULL;
    if (!name || !type) {
        sg_type_free(type);
        return SG_EUSAGE;
    }
    sg_field *field = calloc(1, sizeof *field);
    if (!field || !(field->name = sgp_strdup(name))) {
        free(field);
        sg_type_free(type);
        return SG_ENOMEM;
    }
    field->type = type;
    *out = field;
    return SG_OK;
}

void sg_field_free(sg_field *field) {
    if (!field) {
        return;
    }
    free(field->name);
    sg_type_free(field->type);
    free(field->doc);
    free(field->default_json);
    strings_free(&field->aliases);
    metadata_free(&field->metadata);
    location_free(&field->loc);
    free(field);
}

int sg_field_copy(sg_field **out, const sg_field *field) {
    if (!out || !field) {
        return SG_EUSAGE;
    }
    sg_type *type;
    int rc = sg_type_copy(&type, field->type);
    if (rc != SG_OK || (rc = sg_field_new(out, field->name, type)) != SG_OK) {
        return rc;
    }
    sg_field *copy = *out;
    copy->order = field->order;
    copy->partition = field->partition;
    if ((rc = replace_string(&copy->doc, field->doc)) != SG_OK ||
        (rc = replace_string(&copy->default_json, field->default_json)) != SG_OK ||
        (rc = strings_copy(&copy->aliases, &field->aliases)) != SG_OK ||
        (rc = metadata_copy(&copy->metadata, &field->metadata)) != SG_OK ||
        (rc = location_set(&copy->loc, field->loc.source, field->loc.pointer, field->loc.line,
                           field->loc.column)) != SG_OK) {
        sg_field_free(copy);
        *out = NULL;
    }
    return rc;
}

int sg_field_set_doc(sg_field *field, const char *doc) {
    return field ? replace_string(&field->doc, doc) : SG_EUSAGE;
}

int sg_field_set_default(sg_field *field, const char *default_json) {
    if (!field) {
        return SG_EUSAGE;
    }
    if (!default_json) {
        free(field->default_json);
        field->default_json = NULL;
        return SG_OK;
    }
    char *json = sgp_json_normalize(default_json);
    if (!json) {
        return SG_EINVALID;
    }
    free(field->default_json);
    field->default_json = json;
    return SG_OK;
}

int sg_field_add_alias(sg_field *field, const char *alias) {
    return field ? strings_add(&field->aliases, alias) : SG_EUSAGE;
}

int sg_field_set_order(sg_field *field, sg_sort_order order) {
    if (!field || (unsigned)order > SG_ORDER_IGNORE) {
        return SG_EUSAGE;
    }
    field->order = order;
    return SG_OK;
}

int sg_field_set_partition(sg_field *field, bool partition_key) {
    if (!field) {
        return SG_EUSAGE;
    }
    field->partition = partition_key;
    return SG_OK;
}

int sg_field_add_metadata(sg_field *field, const char *key, const char *value_json) {
    return field ? metadata_add(&field->metadata, key, value_json) : SG_EUSAGE;
}

int sg_field_set_location(sg_field *field, const char *source, const char *pointer, int line,
                          int column) {
    return field ? location_set(&field->loc, source, pointer, line, column) : SG_EUSAGE;
}

const char *sg_field_name(const sg_field *field) {
    return field->name;
}
const sg_type *sg_field_type(const sg_field *field) {
    return field->type;
}
sg_type *sg_field_type_mut(sg_field *field) {
    return field->type;
}
bool sg_field_nullable(const sg_field *field) {
    return field->type->nullable;
}
const char *sg_field_doc(const sg_field *field) {
    return field->doc;
}
const char *sg_field_default(const sg_field *field) {
    return field->default_json;
}
size_t sg_field_alias_count(const sg_field *field) {
    return field->aliases.count;
}
const char *sg_field_alias(const sg_field *field, size_t i) {
    return i < field->aliases.count ? field->aliases.items[i] : NULL;
}
sg_sort_order sg_field_order(const sg_field *field) {
    return field->order;
}
bool sg_field_partition(const sg_field *field) {
    return field->partition;
}
size_t sg_field_metadata_count(const sg_field *field) {
    return field->metadata.count;
}
const char *sg_field_metadata_key(const sg_field *field, size_t i) {
    return i < field->metadata.count ? field->metadata.items[i].key : NULL;
}
const char *sg_field_metadata_value(const sg_field *field, size_t i) {
    return i < field->metadata.count ? field->metadata.items[i].json : NULL;
}
const char *sg_field_metadata_get(const sg_field *field, const char *key) {
    return metadata_get(&field->metadata, key);
}
sg_location sg_field_location(const sg_field *field) {
    return location_view(&field->loc);
}

/* Schemas -------------------------------------------------------------------------------------- */

int sg_schema_new(sg_schema **out, sg_type *root) {
    if (!out) {
        sg_type_free(root);
        return SG_EUSAGE;
    }
    *out = NULL;
    if (!root) {
        return SG_EUSAGE;
    }
    sg_schema *schema = calloc(1, sizeof *schema);
    if (!schema) {
        sg_type_free(root);
        return SG_ENOMEM;
    }
    schema->root = root;
    *out = schema;
    return SG_OK;
}

void sg_schema_free(sg_schema *schema) {
    if (!schema) {
        return;
    }
    sg_type_free(schema->root);
    free(schema->source);
    free(schema->format);
    metadata_free(&schema->properties);
    free(schema->warnings);
    free(schema);
}

int sg_schema_copy(sg_schema **out, const sg_schema *schema) {
    if (!out || !schema) {
        return SG_EUSAGE;
    }
    *out = NULL;
    sg_type *root;
    int rc = sg_type_copy(&root, schema->root);
    if (rc != SG_OK || (rc = sg_schema_new(out, root)) != SG_OK) {
        return rc;
    }
    rc = sg_schema_set_source(*out, schema->source);
    if (rc == SG_OK) {
        rc = sg_schema_set_format_name(*out, schema->format);
    }
    for (size_t i = 0; rc == SG_OK && i < schema->properties.count; i++) {
        rc = sg_schema_set_property(*out, schema->properties.items[i].key,
                                    schema->properties.items[i].json);
    }
    for (size_t i = 0; rc == SG_OK && i < schema->warning_count; i++) {
        rc = sg_schema_add_warning(*out, &schema->warnings[i]);
    }
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
    }
    return rc;
}

const sg_type *sg_schema_root(const sg_schema *schema) {
    return schema->root;
}

sg_type *sg_schema_root_mut(sg_schema *schema) {
    return schema->root;
}

const char *sg_schema_source(const sg_schema *schema) {
    return schema->source;
}

int sg_schema_set_source(sg_schema *schema, const char *source) {
    return schema ? replace_string(&schema->source, source) : SG_EUSAGE;
}

const char *sg_schema_format_name(const sg_schema *schema) {
    return schema->format;
}

int sg_schema_set_format_name(sg_schema *schema, const char *format) {
    return schema ? replace_string(&schema->format, format) : SG_EUSAGE;
}

size_t sg_schema_warning_count(const sg_schema *schema) {
    return schema->warning_count;
}

const sg_error *sg_schema_warning(const sg_schema *schema, size_t i) {
    return i < schema->warning_count ? &schema->warnings[i] : NULL;
}

int sg_schema_add_warning(sg_schema *schema, const sg_error *warning) {
    if (!schema || !warning) {
        return SG_EUSAGE;
    }
    if (!sgp_reserve((void **)&schema->warnings, &schema->warning_cap, schema->warning_count + 1,
                     sizeof(sg_error))) {
        return SG_ENOMEM;
    }
    schema->warnings[schema->warning_count] = *warning;
    schema->warnings[schema->warning_count].code = SG_OK;
    schema->warning_count++;
    return SG_OK;
}

int sg_schema_set_property(sg_schema *schema, const char *key, const char *value) {
    if (!schema || !key) {
        return SG_EUSAGE;
    }
    sgp_metadata *props = &schema->properties;
    for (size_t i = 0; i < props->count; i++) {
        if (strcmp(props->items[i].key, key) != 0) {
            continue;
        }
        if (!value) {
            free(props->items[i].key);
            free(props->items[i].json);
            memmove(&props->items[i], &props->items[i + 1],
                    (props->count - i - 1) * sizeof props->items[0]);
            props->count--;
            return SG_OK;
        }
        return replace_string(&props->items[i].json, value);
    }
    if (!value) {
        return SG_OK;
    }
    char *key_copy = sgp_strdup(key);
    char *value_copy = sgp_strdup(value);
    if (!key_copy || !value_copy ||
        !sgp_reserve((void **)&props->items, &props->cap, props->count + 1, sizeof(sgp_kv))) {
        free(key_copy);
        free(value_copy);
        return SG_ENOMEM;
    }
    props->items[props->count].key = key_copy;
    props->items[props->count].json = value_copy;
    props->count++;
    return SG_OK;
}

const char *sg_schema_property(const sg_schema *schema, const char *key) {
    return metadata_get(&schema->properties, key);
}

size_t sg_schema_property_count(const sg_schema *schema) {
    return schema->properties.count;
}

const char *sg_schema_property_key(const sg_schema *schema, size_t i) {
    return i < schema->properties.count ? schema->properties.items[i].key : NULL;
}

const char *sg_schema_property_value(const sg_schema *schema, size_t i) {
    return i < schema->properties.count ? schema->properties.items[i].json : NULL;
}

/* model/equal.c: structural equality of type trees and schemas. Locations never count; docs,
 * metadata and names count unless the caller's SG_CMP_* flags leave them out. Metadata is a map,
 * so its order does not count; fields, symbols, aliases and union branches are ordered. */
#include <string.h>

#include "model/model_internal.h"

static bool same_string(const char *a, const char *b) {
    if (!a || !b) {
        return a == b;
    }
    return strcmp(a, b) == 0;
}

static bool same_strings(const sgp_strings *a, const sgp_strings *b) {
    if (a->count != b->count) {
        return false;
    }
    for (size_t i = 0; i < a->count; i++) {
        if (strcmp(a->items[i], b->items[i]) != 0) {
            return false;
        }
    }
    return true;
}

static bool same_metadata(const sgp_metadata *a, const sgp_metadata *b) {
    if (a->count != b->count) {
        return false;
    }
    /* Keys are unique on both sides, so equal counts and every entry of a found in b suffice. */
    for (size_t i = 0; i < a->count; i++) {
        const char *other = sgp_metadata_get(b, a->items[i].key);
        if (!other || strcmp(a->items[i].json, other) != 0) {
            return false;
        }
    }
    return true;
}

static bool same_field(const sg_field *a, const sg_field *b, unsigned flags) {
    if (!same_string(a->name, b->name) || a->order != b->order || a->partition != b->partition ||
        !same_string(a->default_json, b->default_json) || !same_strings(&a->aliases, &b->aliases)) {
        return false;
    }
    if (!(flags & SG_CMP_IGNORE_DOCS) && !same_string(a->doc, b->doc)) {
        return false;
    }
    if (!(flags & SG_CMP_IGNORE_METADATA) && !same_metadata(&a->metadata, &b->metadata)) {
        return false;
    }
    return sg_type_equal(a->type, b->type, flags);
}

bool sg_type_equal(const sg_type *a, const sg_type *b, unsigned flags) {
    if (!a || !b) {
        return a == b;
    }
    if (a->kind != b->kind || a->nullable != b->nullable ||
        (a->nullable && a->null_index != b->null_index) || a->precision != b->precision ||
        a->scale != b->scale || a->size != b->size || a->flavor != b->flavor ||
        a->max_length != b->max_length) {
        return false;
    }
    if ((a->kind == SG_KIND_TIME || a->kind == SG_KIND_TIMESTAMP) && a->unit != b->unit) {
        return false;
    }
    if (a->kind == SG_KIND_TIMESTAMP && a->utc != b->utc) {
        return false;
    }
    if (!(flags & SG_CMP_IGNORE_NAMES) &&
        (!same_string(a->name, b->name) || !same_string(a->ns, b->ns) ||
         !same_strings(&a->aliases, &b->aliases))) {
        return false;
    }
    if (!(flags & SG_CMP_IGNORE_DOCS) && !same_string(a->doc, b->doc)) {
        return false;
    }
    if (!(flags & SG_CMP_IGNORE_METADATA) && !same_metadata(&a->metadata, &b->metadata)) {
        return false;
    }
    if (!same_strings(&a->symbols, &b->symbols) || !same_string(a->enum_default, b->enum_default) ||
        a->child_count != b->child_count || a->field_count != b->field_count) {
        return false;
    }
    for (size_t i = 0; i < a->child_count; i++) {
        if (!sg_type_equal(a->children[i], b->children[i], flags)) {
            return false;
        }
    }
    for (size_t i = 0; i < a->field_count; i++) {
        if (!same_field(a->fields[i], b->fields[i], flags)) {
            return false;
        }
    }
    return true;
}

bool sg_schema_equal(const sg_schema *a, const sg_schema *b, unsigned flags) {
    if (!a || !b) {
        return a == b;
    }
    if (!(flags & (SG_CMP_IGNORE_METADATA | SG_CMP_IGNORE_PROPERTIES)) &&
        !same_metadata(&a->properties, &b->properties)) {
        return false;
    }
    return sg_type_equal(a->root, b->root, flags);
}

/* sources/avro_names.c: the Avro specification's rules for names, namespaces and primitives. */
#include <string.h>

#include "sources/avro_internal.h"

static bool name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}

/* Checks the n bytes at s form one valid name. */
static bool name_valid_n(const char *s, size_t n) {
    if (n == 0 || !name_start(s[0])) {
        return false;
    }
    for (size_t i = 1; i < n; i++) {
        if (!name_char(s[i])) {
            return false;
        }
    }
    return true;
}

bool sgp_avro_name_valid(const char *name) {
    return name && name_valid_n(name, strlen(name));
}

bool sgp_avro_fullname_valid(const char *fullname) {
    if (!fullname || !*fullname) {
        return false;
    }
    const char *part = fullname;
    for (;;) {
        const char *dot = strchr(part, '.');
        size_t n = dot ? (size_t)(dot - part) : strlen(part);
        if (!name_valid_n(part, n)) {
            return false;
        }
        if (!dot) {
            return true;
        }
        part = dot + 1;
    }
}

bool sgp_avro_namespace_valid(const char *ns) {
    return ns && (*ns == '\0' || sgp_avro_fullname_valid(ns));
}

bool sgp_avro_is_primitive(const char *name) {
    static const char *const primitives[] = {"null",  "boolean", "int",   "long",
                                             "float", "double",  "bytes", "string"};
    for (size_t i = 0; i < sizeof primitives / sizeof primitives[0]; i++) {
        if (strcmp(name, primitives[i]) == 0) {
            return true;
        }
    }
    return false;
}

const char *sgp_avro_type_name(const sg_type *t) {
    switch (sg_type_kind(t)) {
    case SG_KIND_NULL:
        return "null";
    case SG_KIND_BOOLEAN:
        return "boolean";
    case SG_KIND_INT8:
    case SG_KIND_INT16:
    case SG_KIND_INT32:
    case SG_KIND_DATE:
        return "int";
    case SG_KIND_TIME:
        return sg_type_time_unit(t) == SG_UNIT_MILLIS ? "int" : "long";
    case SG_KIND_INT64:
    case SG_KIND_TIMESTAMP:
        return "long";
    case SG_KIND_FLOAT32:
        return "float";
    case SG_KIND_FLOAT64:
        return "double";
    case SG_KIND_STRING:
        return "string";
    case SG_KIND_UUID:
        return sg_type_size(t) > 0 ? "fixed" : "string";
    case SG_KIND_BINARY:
        return "bytes";
    case SG_KIND_DECIMAL:
        return sg_type_size(t) > 0 ? "fixed" : "bytes";
    case SG_KIND_FIXED:
    case SG_KIND_DURATION:
        return "fixed";
    case SG_KIND_ENUM:
        return "enum";
    case SG_KIND_STRUCT:
        return "record";
    case SG_KIND_LIST:
        return "array";
    case SG_KIND_MAP:
        return "map";
    case SG_KIND_UNION:
        return "union";
    case SG_KIND_VARIANT:
        return "variant";
    }
    return "?";
}

/* compat/modes.c: names of compatibility modes and rule sets, and the rule set a schema's own
 * format implies. */
#include <string.h>
#include <strings.h>

#include "schemagate/compat.h"

static const struct {
    const char *name;
    sg_compat_mode mode;
} mode_names[] = {
    {"NONE", SG_COMPAT_NONE},
    {"BACKWARD", SG_COMPAT_BACKWARD},
    {"FORWARD", SG_COMPAT_FORWARD},
    {"FULL", SG_COMPAT_FULL},
    {"BACKWARD_TRANSITIVE", SG_COMPAT_BACKWARD_TRANSITIVE},
    {"FORWARD_TRANSITIVE", SG_COMPAT_FORWARD_TRANSITIVE},
    {"FULL_TRANSITIVE", SG_COMPAT_FULL_TRANSITIVE},
    {"DISABLED", SG_COMPAT_DISABLED},
    /* AWS Glue Schema Registry spellings */
    {"BACKWARD_ALL", SG_COMPAT_BACKWARD_TRANSITIVE},
    {"FORWARD_ALL", SG_COMPAT_FORWARD_TRANSITIVE},
    {"FULL_ALL", SG_COMPAT_FULL_TRANSITIVE},
};

int sg_compat_mode_from_name(sg_compat_mode *out, const char *name) {
    for (size_t i = 0; name && i < sizeof mode_names / sizeof mode_names[0]; i++) {
        if (strcasecmp(name, mode_names[i].name) == 0) {
            *out = mode_names[i].mode;
            return SG_OK;
        }
    }
    return SG_EUSAGE;
}

const char *sg_compat_mode_name(sg_compat_mode mode) {
    for (size_t i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++) {
        if (mode_names[i].mode == mode) {
            return mode_names[i].name;
        }
    }
    return "?";
}

sg_compat_mode sg_compat_mode_base(sg_compat_mode mode) {
    switch (mode) {
    case SG_COMPAT_BACKWARD_TRANSITIVE:
        return SG_COMPAT_BACKWARD;
    case SG_COMPAT_FORWARD_TRANSITIVE:
        return SG_COMPAT_FORWARD;
    case SG_COMPAT_FULL_TRANSITIVE:
        return SG_COMPAT_FULL;
    default:
        return mode;
    }
}

bool sg_compat_mode_transitive(sg_compat_mode mode) {
    return sg_compat_mode_base(mode) != mode;
}

int sg_compat_mode_strictness(sg_compat_mode mode) {
    switch (mode) {
    case SG_COMPAT_NONE:
        return 0;
    case SG_COMPAT_BACKWARD:
    case SG_COMPAT_FORWARD:
        return 1;
    case SG_COMPAT_BACKWARD_TRANSITIVE:
    case SG_COMPAT_FORWARD_TRANSITIVE:
        return 2;
    case SG_COMPAT_FULL:
        return 3;
    case SG_COMPAT_FULL_TRANSITIVE:
        return 4;
    case SG_COMPAT_DISABLED:
        return 5;
    }
    return 0;
}

static const char *const rules_names[] = {"avro", "spark-parquet", "athena-parquet", "athena-csv"};

int sg_rules_from_name(sg_rules *out, const char *name) {
    for (size_t i = 0; name && i < sizeof rules_names / sizeof rules_names[0]; i++) {
        if (strcasecmp(name, rules_names[i]) == 0) {
            *out = (sg_rules)i;
            return SG_OK;
        }
    }
    return SG_EUSAGE;
}

const char *sg_rules_name(sg_rules rules) {
    return (size_t)rules < sizeof rules_names / sizeof rules_names[0] ? rules_names[rules] : "?";
}

sg_rules sg_rules_for_schema(const sg_schema *schema) {
    const char *storage = sg_schema_property(schema, "storage.format");
    if (storage || sg_schema_property(schema, "glue.name")) {
        return storage && strcmp(storage, "csv") == 0 ? SG_RULES_ATHENA_CSV
                                                      : SG_RULES_ATHENA_PARQUET;
    }
    const char *format = sg_schema_format_name(schema);
    if (format && strcmp(format, "spark") == 0) {
        return SG_RULES_SPARK_PARQUET;
    }
    return SG_RULES_AVRO;
}

/* sources/format.c: format names, detection, reading schema files and dispatching to the
 * per-format loaders and writers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schemagate/sources.h"
#include <jansson.h>

#include "remote/glue.h"
#include "sources/internal.h"
#include "util/util.h"

static const char *const format_names[] = {"auto", "model", "avro", "glue",
                                           "cfn",  "spark", "ddl",  "hive"};
#define FORMAT_COUNT (sizeof format_names / sizeof format_names[0])

const char *sg_format_name(sg_format format) {
    return (size_t)format < FORMAT_COUNT ? format_names[format] : "?";
}

int sg_format_from_name(sg_format *out, const char *name) {
    for (size_t i = 0; name && i < FORMAT_COUNT; i++) {
        if (strcasecmp(name, format_names[i]) == 0) {
            *out = (sg_format)i;
            return SG_OK;
        }
    }
    return SG_EUSAGE;
}

void sg_schema_arg_split(const char *arg, sg_format *format, const char **path) {
    *format = SG_FORMAT_AUTO;
    *path = arg;
    const char *colon = arg ? strchr(arg, ':') : NULL;
    /* glue://DB/TABLE is a remote table, not the glue format applied to "//DB/TABLE". */
    if (!colon || colon == arg || (size_t)(colon - arg) >= 16 || strncmp(colon, "://", 3) == 0) {
        return;
    }
    char prefix[16];
    memcpy(prefix, arg, (size_t)(colon - arg));
    prefix[colon - arg] = '\0';
    sg_format found;
    if (sg_format_from_name(&found, prefix) == SG_OK && found != SG_FORMAT_AUTO) {
        *format = found;
        *path = colon + 1;
    }
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Detection by the keys of a JSON object at the top. */
static sg_format detect_json_object(const char *data, size_t length) {
    json_error_t jerr;
    json_t *doc = json_loadb(data, length, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    sg_format format = SG_FORMAT_AVRO; /* malformed JSON: the Avro loader reports it */
    json_t *type = json_object_get(doc, "type");
    if (!json_is_object(doc)) {
        format = SG_FORMAT_AVRO;
    } else if (json_object_get(doc, "schemagate_model")) {
        format = SG_FORMAT_MODEL;
    } else if (json_object_get(doc, "Table") || json_object_get(doc, "TableInput") ||
               json_object_get(doc, "TableList") || json_object_get(doc, "StorageDescriptor")) {
        format = SG_FORMAT_GLUE;
    } else if (json_object_get(doc, "Resources") ||
               json_object_get(doc, "AWSTemplateFormatVersion")) {
        format = SG_FORMAT_CFN;
    } else if (json_is_string(type) && strcmp(json_string_value(type), "struct") == 0) {
        format = SG_FORMAT_SPARK;
    }
    json_decref(doc);
    return format;
}

static bool starts_with_ci(const char *data, size_t length, const char *prefix) {
    size_t n = strlen(prefix);
    return length >= n && strncasecmp(data, prefix, n) == 0;
}

int sg_format_detect(sg_format *out, const char *name, const char *data, size_t length) {
    static const struct {
        const char *extension;
        sg_format format;
    } extensions[] = {
        {".avsc", SG_FORMAT_AVRO},    {".yaml", SG_FORMAT_CFN}, {".yml", SG_FORMAT_CFN},
        {".template", SG_FORMAT_CFN}, {".ddl", SG_FORMAT_DDL},  {".sql", SG_FORMAT_DDL},
        {".hive", SG_FORMAT_HIVE},
    };
    for (size_t i = 0; name && i < sizeof extensions / sizeof extensions[0]; i++) {
        if (ends_with(name, extensions[i].extension)) {
            *out = extensions[i].format;
            return SG_OK;
        }
    }
    size_t i = 0;
    while (i < length &&
           (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) {
        i++;
    }
    if (i == length) {
        return SG_EINVALID;
    }
    const char *text = data + i;
    size_t rest = length - i;
    if (*text == '{') {
        *out = detect_json_object(text, rest);
        return SG_OK;
    }
    if (*text == '"' || *text == '[') {
        *out = SG_FORMAT_AVRO;
        return SG_OK;
    }
    /* Text: a template, one Hive type, or a DDL column list. */
    static const char *const template_keys[] = {"AWSTemplateFormatVersion", "Resources:"};
    for (size_t k = 0; k < 2; k++) {
        size_t m = strlen(template_keys[k]);
        for (size_t j = 0; j + m <= rest && j < 4096; j++) {
            if (memcmp(text + j, template_keys[k], m) == 0) {
                *out = SG_FORMAT_CFN;
                return SG_OK;
            }
        }
    }
    static const char *const hive_starts[] = {"struct<", "struct ", "array<", "map<", "uniontype<"};
    for (size_t k = 0; k < sizeof hive_starts / sizeof hive_starts[0]; k++) {
        if (starts_with_ci(text, rest, hive_starts[k])) {
            *out = SG_FORMAT_HIVE;
            return SG_OK;
        }
    }
    *out = SG_FORMAT_DDL;
    return SG_OK;
}

int sg_schema_load_buffer(sg_schema **out, const char *data, size_t length, sg_format format,
                          const char *source, sg_error *err) {
    return sg_schema_load_buffer_with(out, data, length, format, source, NULL, err);
}

int sg_schema_load_buffer_with(sg_schema **out, const char *data, size_t length, sg_format format,
                               const char *source, const sg_load_options *options, sg_error *err) {
    /* Loaders always get an error to fill: the code they return is the one they set. */
    sg_error local;
    if (!err) {
        err = &local;
    }
    sg_error_clear(err);
    if (!out || (!data && length)) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "no output or no input given");
    }
    *out = NULL;
    if (!data) {
        data = "";
    }
    const char *name = source ? source : "<string>";
    if (length > SG_MAX_SCHEMA_BYTES) {
        return sgp_error(err, SG_ELIMIT, name, NULL, 0, 0,
                         "schema is %zu bytes, more than the limit of %u", length,
                         SG_MAX_SCHEMA_BYTES);
    }
    if (format == SG_FORMAT_AUTO && sg_format_detect(&format, source, data, length) != SG_OK) {
        return sgp_error(err, SG_EPARSE, name, NULL, 0, 0,
                         "cannot tell the schema format: the input is empty; name it with "
                         "FORMAT:PATH (formats: model, avro, glue, cfn, spark, ddl, hive)");
    }
    int rc;
    switch (format) {
    case SG_FORMAT_MODEL:
        rc = sg_schema_from_json(out, data, length, name, err);
        break;
    case SG_FORMAT_AVRO:
        rc = sgp_avro_load(out, data, length, name, err);
        break;
    case SG_FORMAT_HIVE:
        rc = sgp_hive_load(out, data, length, name, err);
        break;
    case SG_FORMAT_GLUE:
        rc = sgp_glue_load(out, data, length, name, err);
        break;
    case SG_FORMAT_CFN:
        rc = sgp_cfn_load(out, data, length, name, options, err);
        break;
    case SG_FORMAT_SPARK:
        rc = sgp_spark_load(out, data, length, name, err);
        break;
    case SG_FORMAT_DDL:
        rc = sgp_ddl_load(out, data, length, name, err);
        break;
    default:
        return sgp_error(err, SG_EUSAGE, name, NULL, 0, 0, "cannot read %s schemas",
                         sg_format_name(format));
    }
    if (rc == SG_OK && sg_schema_set_format_name(*out, sg_format_name(format)) != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
        rc = sgp_error_nomem(err);
    }
    if (rc != SG_OK && err->code == SG_OK) {
        /* A failure path that reports nothing is a bug, but the caller still gets a message. */
        sgp_error(err, rc, name, NULL, 0, 0, "%s",
                  rc == SG_ENOMEM ? "out of memory" : "cannot read the schema");
    }
    return rc;
}

int sg_schema_load_file(sg_schema **out, const char *path, sg_format format, sg_error *err) {
    return sg_schema_load_file_with(out, path, format, NULL, err);
}

int sg_schema_load_file_with(sg_schema **out, const char *path, sg_format format,
                             const sg_load_options *options, sg_error *err) {
    if (!out || !path) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no output or no path given");
    }
    *out = NULL;
    char *data = NULL;
    size_t length = 0;
    int rc;
    if (strncmp(path, "glue://", 7) == 0) {
        /* The GetTable answer is what `aws glue get-table` prints: the Glue loader reads it. */
        rc = sgp_glue_get_table(path, &data, err);
        length = data ? strlen(data) : 0;
        format = format == SG_FORMAT_AUTO ? SG_FORMAT_GLUE : format;
    } else if (strncmp(path, "glue-sr://", 10) == 0) {
        char data_format[32];
        int64_t version = 0;
        rc = sgp_glue_get_schema_version(path, &data, data_format, sizeof data_format, &version,
                                         err);
        if (rc == SG_OK && strcmp(data_format, "AVRO") != 0) {
            rc = sgp_error(err, SG_EUNSUPPORTED, path, NULL, 0, 0,
                           "the schema's data format is %s; schemagate reads AVRO schemas from "
                           "the Glue Schema Registry",
                           data_format);
        }
        length = data ? strlen(data) : 0;
        format = format == SG_FORMAT_AUTO ? SG_FORMAT_AVRO : format;
    } else {
        rc = sgp_read_file(path, SG_MAX_SCHEMA_BYTES, &data, &length, err);
    }
    if (rc == SG_OK) {
        rc = sg_schema_load_buffer_with(out, data, length, format,
                                        strcmp(path, "-") == 0 ? "<stdin>" : path, options, err);
    }
    free(data);
    return rc;
}

void sgp_report_loss(const sg_write_options *options, const char *source, const char *path,
                     const char *fmt, ...) {
    if (!options || !options->on_loss) {
        return;
    }
    sg_error warning;
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(&warning, SG_OK, source, path, 0, 0, fmt, ap);
    va_end(ap);
    warning.code = SG_OK;
    options->on_loss(options->payload, &warning);
}

int sg_schema_write(const sg_schema *schema, sg_format format, char **out, sg_error *err) {
    return sg_schema_write_with(schema, format, NULL, out, err);
}

int sg_schema_write_with(const sg_schema *schema, sg_format format, const sg_write_options *options,
                         char **out, sg_error *err) {
    if (!out || !schema) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no output or no schema given");
    }
    *out = NULL;
    switch (format) {
    case SG_FORMAT_MODEL: {
        int rc = sg_schema_to_json(schema, SG_JSON_PRETTY, out);
        return rc == SG_OK ? rc
                           : sgp_error(err, rc, sg_schema_source(schema), NULL, 0, 0,
                                       "cannot print the schema: %s", sg_code_name(rc));
    }
    case SG_FORMAT_AVRO:
        return sgp_avro_write(schema, options, out, err);
    case SG_FORMAT_HIVE:
        return sgp_hive_write(schema, options, out, err);
    case SG_FORMAT_GLUE:
        return sgp_glue_write(schema, options, out, err);
    case SG_FORMAT_CFN:
        return sgp_cfn_write(schema, options, out, err);
    case SG_FORMAT_SPARK:
        return sgp_spark_write(schema, options, out, err);
    case SG_FORMAT_DDL:
        return sgp_ddl_write(schema, options, out, err);
    default:
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "choose an output format");
    }
}

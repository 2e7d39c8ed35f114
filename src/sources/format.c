/* sources/format.c: format names, detection, reading schema files and dispatching to the
 * per-format loaders and writers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schemagate/sources.h"
#include "sources/internal.h"
#include "util/json.h"
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
    if (!colon || colon == arg || (size_t)(colon - arg) >= 16) {
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

/* True when data is a JSON object whose "type" is "struct": Spark's StructType JSON. Avro
 * records say "record", so the two never meet. Text that is not JSON is left to the Avro
 * loader, whose error names the syntax problem just as well. */
static bool is_spark_struct(const char *data, size_t length) {
    json_error_t jerr;
    json_t *doc = json_loadb(data, length, JSON_ALLOW_NUL, &jerr);
    const char *type = json_string_value(json_object_get(doc, "type"));
    bool spark = type && strcmp(type, "struct") == 0;
    json_decref(doc);
    return spark;
}

int sg_format_detect(sg_format *out, const char *name, const char *data, size_t length) {
    if (name && ends_with(name, ".avsc")) {
        *out = SG_FORMAT_AVRO;
        return SG_OK;
    }
    /* By content: the model form announces itself; an object whose "type" is "struct" is
     * Spark's StructType JSON; any other JSON is taken as Avro, whose schemas may be a bare
     * string, an object with "type" or an array. */
    size_t i = 0;
    while (i < length &&
           (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) {
        i++;
    }
    if (i < length && data[i] == '{' && length - i < SIZE_MAX) {
        const char *marker = "\"schemagate_model\"";
        size_t m = strlen(marker);
        /* Look only near the top, where the writer puts it; a long scan gains nothing. */
        size_t window = length - i < 256 ? length - i : 256;
        for (size_t j = i; j + m <= i + window; j++) {
            if (memcmp(data + j, marker, m) == 0) {
                *out = SG_FORMAT_MODEL;
                return SG_OK;
            }
        }
        *out = is_spark_struct(data + i, length - i) ? SG_FORMAT_SPARK : SG_FORMAT_AVRO;
        return SG_OK;
    }
    if (i < length && (data[i] == '"' || data[i] == '[')) {
        *out = SG_FORMAT_AVRO;
        return SG_OK;
    }
    return SG_EINVALID;
}

int sg_schema_load_buffer(sg_schema **out, const char *data, size_t length, sg_format format,
                          const char *source, sg_error *err) {
    return sg_schema_load_buffer_with(out, data, length, format, source, NULL, err);
}

int sg_schema_load_buffer_with(sg_schema **out, const char *data, size_t length, sg_format format,
                               const char *source, const sg_load_options *options, sg_error *err) {
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
                         "cannot tell the schema format: the input is %s; name it with "
                         "FORMAT:PATH (formats: model, avro, spark)",
                         length ? "not JSON" : "empty");
    }
    (void)options;
    switch (format) {
    case SG_FORMAT_MODEL:
        return sg_schema_from_json(out, data, length, name, err);
    case SG_FORMAT_AVRO:
        return sgp_avro_load(out, data, length, name, err);
    case SG_FORMAT_SPARK:
        return sgp_spark_load(out, data, length, name, err);
    default:
        return sgp_error(err, SG_EUSAGE, name, NULL, 0, 0, "cannot read %s schemas",
                         sg_format_name(format));
    }
}

/* Reads a whole file (or stdin for "-") up to SG_MAX_SCHEMA_BYTES. */
static int read_file(const char *path, char **data, size_t *length, sg_error *err) {
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *file = is_stdin ? stdin : fopen(path, "rb");
    if (!file) {
        int code = errno == ENOENT || errno == ENOTDIR ? SG_ENOTFOUND : SG_EIO;
        return sgp_error(err, code, path, NULL, 0, 0, "cannot open: %s", strerror(errno));
    }
    sgp_buf buf = SGP_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = SG_OK;
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (buf.len + n > SG_MAX_SCHEMA_BYTES) {
            rc = sgp_error(err, SG_ELIMIT, path, NULL, 0, 0,
                           "schema file is larger than the limit of %u bytes", SG_MAX_SCHEMA_BYTES);
            break;
        }
        sgp_buf_append(&buf, chunk, n);
    }
    if (rc == SG_OK && ferror(file)) {
        rc = sgp_error(err, SG_EIO, path, NULL, 0, 0, "read failed: %s", strerror(errno));
    }
    if (!is_stdin) {
        fclose(file);
    }
    if (rc == SG_OK) {
        *length = buf.len;
        *data = sgp_buf_take(&buf);
        if (!*data) {
            rc = sgp_error_nomem(err);
        }
    } else {
        sgp_buf_free(&buf);
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
    int rc = read_file(path, &data, &length, err);
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
    case SG_FORMAT_SPARK:
        return sgp_spark_write(schema, options, out, err);
    default:
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "choose an output format");
    }
}

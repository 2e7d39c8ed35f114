/* sources/sql_formats.c: the two text formats built straight on the SQL type grammar: a single
 * Hive/Glue type string (format "hive") and a Spark/Athena DDL column list (format "ddl"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/internal.h"
#include "sources/sql_types.h"

static int wrap(sg_schema **out, sg_type *root, const char *source, sg_error *err) {
    int rc = sg_schema_new(out, root);
    if (rc == SG_OK) {
        rc = sg_schema_set_source(*out, source);
    }
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
        return sgp_error_nomem(err);
    }
    return SG_OK;
}

int sgp_hive_load(sg_schema **out, const char *text, size_t length, const char *source,
                  sg_error *err) {
    sgp_sql_origin origin = {source, NULL, 1, 1};
    /* A Glue column type is one line (Glue's Type pattern has no line breaks); a file may end
     * with a newline. */
    size_t end = length;
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ' ||
                       text[end - 1] == '\t')) {
        end--;
    }
    for (size_t i = 0; i < end; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            int column = 1;
            for (size_t j = 0; j < i; j++) {
                column += ((unsigned char)text[j] & 0xC0) != 0x80;
            }
            return sgp_error(err, SG_EINVALID, source, NULL, 1, column,
                             "a control character (line break) inside a Glue type at character "
                             "%d; Glue accepts a type only on one line",
                             column);
        }
    }
    sg_type *root;
    int rc = sgp_sql_parse_type(text, length, SGP_SQL_HIVE, &origin, &root, err);
    return rc == SG_OK ? wrap(out, root, source, err) : rc;
}

int sgp_ddl_load(sg_schema **out, const char *text, size_t length, const char *source,
                 sg_error *err) {
    sgp_sql_origin origin = {source, NULL, 1, 1};
    sg_type *root;
    int rc = sgp_sql_parse_columns(text, length, SGP_SQL_SPARK, &origin, &root, err);
    return rc == SG_OK ? wrap(out, root, source, err) : rc;
}

static char *finish(sgp_buf *buf, int rc, sg_error *err, int *status) {
    sgp_buf_puts(buf, "\n");
    char *text = rc == SG_OK ? sgp_buf_take(buf) : NULL;
    if (rc == SG_OK && !text) {
        rc = sgp_error_nomem(err);
    }
    sgp_buf_free(buf);
    *status = rc;
    return text;
}

int sgp_hive_write(const sg_schema *schema, const sg_write_options *options, char **out,
                   sg_error *err) {
    sgp_buf buf = SGP_BUF_INIT;
    char path[SG_ERROR_PATH_MAX] = "";
    const char *source = sg_schema_source(schema);
    int rc = sgp_sql_write_type(&buf, sg_schema_root(schema), SGP_SQL_HIVE, options, source, path,
                                sizeof path, err);
    *out = finish(&buf, rc, err, &rc);
    return rc;
}

int sgp_ddl_write(const sg_schema *schema, const sg_write_options *options, char **out,
                  sg_error *err) {
    const sg_type *root = sg_schema_root(schema);
    const char *source = sg_schema_source(schema);
    if (sg_type_kind(root) != SG_KIND_STRUCT) {
        return sgp_error(err, SG_EUNSUPPORTED, source, "(root)", 0, 0,
                         "a DDL column list needs a struct at the root, not %s",
                         sg_kind_name(sg_type_kind(root)));
    }
    if (sg_type_field_count(root) == 0) {
        return sgp_error(err, SG_EUNSUPPORTED, source, "(root)", 0, 0,
                         "a DDL column list needs at least one column");
    }
    if (sg_type_doc(root)) {
        sgp_report_loss(options, source, "(root)",
                        "a column list has no place for the doc of "
                        "the whole schema");
    }
    if (sg_type_metadata_count(root)) {
        sgp_report_loss(options, source, "(root)",
                        "metadata of the root struct (%s, ...) is not kept",
                        sg_type_metadata_key(root, 0));
    }
    sgp_buf buf = SGP_BUF_INIT;
    int rc = SG_OK;
    for (size_t i = 0; i < sg_type_field_count(root) && rc == SG_OK; i++) {
        const sg_field *field = sg_type_field(root, i);
        char path[SG_ERROR_PATH_MAX];
        snprintf(path, sizeof path, "%s", sg_field_name(field));
        if (!*sg_field_name(field)) {
            rc = sgp_error(err, SG_EUNSUPPORTED, source, path, 0, 0,
                           "an empty column name cannot be written in DDL");
            break;
        }
        if (i) {
            sgp_buf_puts(&buf, ",\n");
        }
        sgp_sql_write_name(&buf, sg_field_name(field));
        sgp_buf_puts(&buf, " ");
        rc = sgp_sql_write_type(&buf, sg_field_type(field), SGP_SQL_SPARK, options, source, path,
                                sizeof path, err);
        if (!sg_field_nullable(field)) {
            sgp_buf_puts(&buf, " NOT NULL");
        }
        if (sg_field_doc(field)) {
            sgp_buf_puts(&buf, " COMMENT ");
            sgp_sql_write_string(&buf, sg_field_doc(field));
        }
        sgp_sql_report_unkept(options, source, path, field, false);
        if (sg_field_partition(field)) {
            sgp_report_loss(options, source, path,
                            "a DDL column list has no PARTITIONED BY: written as a column");
        }
    }
    *out = finish(&buf, rc, err, &rc);
    return rc;
}

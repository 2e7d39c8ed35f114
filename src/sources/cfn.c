/*
 * sources/cfn.c: CloudFormation templates (YAML or JSON) with AWS::Glue::Table resources.
 * The table's TableInput is read by glue.c; CloudFormation functions (!Ref, !Sub, ...) are
 * kept where they do not change the schema (Location, DatabaseName, parameters) and are an
 * error where they would (a column's Name or Type). The writer makes a template with one
 * table, ready for `aws cloudformation deploy`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/glue_internal.h"
#include "sources/internal.h"
#include "sources/yaml_json.h"
#include "util/json.h"

#define GLUE_TABLE_TYPE "AWS::Glue::Table"

static bool is_glue_table(json_t *resource) {
    json_t *type = json_is_object(resource) ? json_object_get(resource, "Type") : NULL;
    return json_is_string(type) && strcmp(json_string_value(type), GLUE_TABLE_TYPE) == 0;
}

/* Fills err at pointer, with the YAML position when known. */
static int fail_at(sg_error *err, const char *source, const sgp_yaml_positions *positions,
                   const char *pointer, int code, const char *fmt, ...) SGP_PRINTF(6, 7);

static int fail_at(sg_error *err, const char *source, const sgp_yaml_positions *positions,
                   const char *pointer, int code, const char *fmt, ...) {
    int line = 0, column = 0;
    if (positions) {
        sgp_yaml_position(positions, pointer, &line, &column);
    }
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(err, code, source, pointer, line, column, fmt, ap);
    va_end(ap);
    return code;
}

/* Finds the table resource to read: the one named, or the only one. */
static int pick_table(json_t *resources, const char *wanted, const char *source,
                      const sgp_yaml_positions *positions, const char **id, sg_error *err) {
    sgp_buf names = SGP_BUF_INIT;
    size_t count = 0;
    const char *key;
    json_t *resource;
    *id = NULL;
    json_object_foreach(resources, key, resource) {
        if (!is_glue_table(resource)) {
            continue;
        }
        sgp_buf_printf(&names, "%s%s", count ? ", " : "", key);
        count++;
        if (!*id || (wanted && strcmp(key, wanted) == 0)) {
            *id = key;
        }
    }
    int rc = SG_OK;
    if (wanted && (!*id || strcmp(*id, wanted) != 0)) {
        rc = fail_at(err, source, positions, "/Resources", SG_ENOTFOUND,
                     "no AWS::Glue::Table resource named \"%s\" (tables here: %s)", wanted,
                     count ? names.data : "none");
    } else if (count == 0) {
        rc = fail_at(err, source, positions, "/Resources", SG_EINVALID,
                     "the template has no AWS::Glue::Table resource");
    } else if (count > 1 && !wanted) {
        rc = fail_at(err, source, positions, "/Resources", SG_EINVALID,
                     "the template has %zu Glue tables (%s): choose one with --table LOGICAL_ID",
                     count, names.data);
    }
    sgp_buf_free(&names);
    return rc;
}

int sgp_cfn_load(sg_schema **out, const char *text, size_t length, const char *source,
                 const sg_load_options *options, sg_error *err) {
    *out = NULL;
    size_t i = 0;
    while (i < length &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
        i++;
    }
    sgp_yaml_positions *positions = NULL;
    json_t *doc = i < length && text[i] == '{'
                      ? sgp_json_parse(text, length, source, err)
                      : sgp_yaml_to_json(text, length, source, &positions, err);
    if (!doc) {
        return err ? err->code : SG_EPARSE;
    }
    int rc = SG_OK;
    json_t *resources = json_is_object(doc) ? json_object_get(doc, "Resources") : NULL;
    const char *id = NULL;
    if (!json_is_object(doc)) {
        rc = fail_at(err, source, positions, "/", SG_EINVALID,
                     "a CloudFormation template must be a mapping (object)");
    } else if (!json_is_object(resources)) {
        rc = fail_at(err, source, positions, resources ? "/Resources" : "/", SG_EINVALID,
                     "a CloudFormation template needs a \"Resources\" mapping");
    } else {
        rc = pick_table(resources, options ? options->table : NULL, source, positions, &id, err);
    }
    char base[SG_ERROR_PATH_MAX] = "/Resources";
    json_t *properties = NULL, *input = NULL;
    if (rc == SG_OK) {
        sgp_json_pointer_push(base, sizeof base, id);
        properties = json_object_get(json_object_get(resources, id), "Properties");
        sgp_json_pointer_push(base, sizeof base, "Properties");
        input = json_is_object(properties) ? json_object_get(properties, "TableInput") : NULL;
        if (!input) {
            rc = fail_at(err, source, positions, base, SG_EINVALID,
                         "table \"%s\" has no Properties.TableInput", id);
        }
    }
    if (rc == SG_OK) {
        sgp_json_pointer_push(base, sizeof base, "TableInput");
        sgp_positions lookup = {sgp_yaml_position, positions};
        rc = sgp_glue_read_table(out, input, base, source, positions ? &lookup : NULL, true, err);
    }
    json_t *database = properties ? json_object_get(properties, "DatabaseName") : NULL;
    json_t *catalog = properties ? json_object_get(properties, "CatalogId") : NULL;
    if (rc == SG_OK) {
        rc = sg_schema_set_property(*out, "cfn.logical_id", id);
        for (int k = 0; rc == SG_OK && k < 2; k++) {
            json_t *value = k == 0 ? database : catalog;
            const char *property = k == 0 ? "glue.database" : "glue.catalog_id";
            if (json_is_string(value)) {
                rc = sg_schema_set_property(*out, property, json_string_value(value));
            } else if (value && !json_is_null(value)) {
                char key[64];
                snprintf(key, sizeof key, "cfn.%s", property);
                char *json = sgp_json_dump(value);
                rc = json ? sg_schema_set_property(*out, key, json) : SG_ENOMEM;
                free(json);
            }
        }
        if (rc != SG_OK) {
            rc = sgp_error_nomem(err);
        }
    }
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
    }
    json_decref(doc);
    sgp_yaml_positions_free(positions);
    return rc;
}

/* A logical ID from the table name: OrdersDailyTable for orders_daily. */
static void logical_id(const char *name, char *buf, size_t size) {
    size_t n = 0;
    bool upper = true;
    for (const char *p = name; *p && n + 6 < size; p++) {
        char c = *p;
        bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum) {
            upper = true;
            continue;
        }
        if (n == 0 && c >= '0' && c <= '9') {
            buf[n++] = 'T';
        }
        buf[n++] = upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        upper = false;
    }
    snprintf(buf + n, size - n, "Table");
}

/* The value of a property for the template: its intrinsic form, its text, or fallback. */
static json_t *template_value(const sg_schema *schema, const char *property, json_t *fallback) {
    char key[64];
    snprintf(key, sizeof key, "cfn.%s", property);
    const char *intrinsic = sg_schema_property(schema, key);
    if (intrinsic) {
        json_decref(fallback);
        return sgp_json_load_value(intrinsic);
    }
    const char *text = sg_schema_property(schema, property);
    if (text) {
        json_decref(fallback);
        return json_string(text);
    }
    return fallback;
}

static json_t *ref(const char *name) {
    json_t *object = json_object();
    if (object && json_object_set_new(object, "Ref", json_string(name)) != 0) {
        json_decref(object);
        return NULL;
    }
    return object;
}

int sgp_cfn_write(const sg_schema *schema, const sg_write_options *options, char **out,
                  sg_error *err) {
    *out = NULL;
    json_t *input;
    int rc = sgp_glue_table_input(schema, options, true, &input, err);
    if (rc != SG_OK) {
        return rc;
    }
    char id[128];
    const char *given_id = sg_schema_property(schema, "cfn.logical_id");
    if (given_id) {
        snprintf(id, sizeof id, "%s", given_id);
    } else {
        logical_id(json_string_value(json_object_get(input, "Name")), id, sizeof id);
    }
    bool has_database = sg_schema_property(schema, "glue.database") ||
                        sg_schema_property(schema, "cfn.glue.database");
    json_t *template = json_object();
    json_t *resources = json_object();
    json_t *resource = json_object();
    json_t *properties = json_object();
    bool ok =
        template && resources && resource && properties &&
        json_object_set_new(template, "AWSTemplateFormatVersion", json_string("2010-09-09")) == 0 &&
        json_object_set_new(template, "Description",
                            json_string("Glue table written by schemagate")) == 0;
    if (ok && !has_database) {
        /* No database known: the template asks for one when it is deployed. */
        json_t *parameters = json_object();
        json_t *parameter = json_object();
        ok = parameters && parameter &&
             json_object_set_new(parameter, "Type", json_string("String")) == 0 &&
             json_object_set_new(parameter, "Description",
                                 json_string("Glue database that holds the table")) == 0 &&
             json_object_set_new(parameters, "DatabaseName", parameter) == 0 &&
             json_object_set_new(template, "Parameters", parameters) == 0;
        if (!ok) {
            json_decref(parameters);
        }
    }
    ok = ok &&
         json_object_set_new(properties, "CatalogId",
                             template_value(schema, "glue.catalog_id", ref("AWS::AccountId"))) ==
             0 &&
         json_object_set_new(properties, "DatabaseName",
                             template_value(schema, "glue.database", ref("DatabaseName"))) == 0 &&
         json_object_set_new(properties, "TableInput", json_incref(input)) == 0 &&
         json_object_set_new(resource, "Type", json_string(GLUE_TABLE_TYPE)) == 0 &&
         json_object_set_new(resource, "Properties", json_incref(properties)) == 0 &&
         json_object_set_new(resources, id, json_incref(resource)) == 0 &&
         json_object_set_new(template, "Resources", json_incref(resources)) == 0;
    char *text = ok ? sgp_json_to_yaml(template) : NULL;
    json_decref(input);
    json_decref(properties);
    json_decref(resource);
    json_decref(resources);
    json_decref(template);
    if (!text) {
        return sgp_error_nomem(err);
    }
    *out = text;
    return SG_OK;
}

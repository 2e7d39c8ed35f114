/*
 * remote/glue.c: Glue Data Catalog and Schema Registry calls over JSON 1.1 (see glue.h).
 */
#include "remote/glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* GetTable/GetPartitions pages are rarely above a few MB; a 1000-partition page stays inside. */
#define SGP_GLUE_BODY_MAX  (32 * 1024 * 1024)
#define SGP_GLUE_MAX_PAGES 100000

static int copy_part(char *dst, size_t size, const char *start, size_t length, const char *ref,
                     const char *what, sg_error *err) {
    if (length == 0 || length >= size) {
        return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0, "the %s name is %s", what,
                         length == 0 ? "missing" : "too long");
    }
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)start[i];
        if (c < 0x20 || c == 0x7f) {
            return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0,
                             "the %s name holds a control character", what);
        }
    }
    memcpy(dst, start, length);
    dst[length] = '\0';
    return SG_OK;
}

int sgp_glue_table_ref_parse(sgp_glue_table_ref *out, const char *ref, sg_error *err) {
    memset(out, 0, sizeof *out);
    if (ref == NULL || strncmp(ref, "glue://", 7) != 0) {
        return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0, "not a glue://DATABASE/TABLE reference");
    }
    const char *db = ref + 7;
    const char *slash = strchr(db, '/');
    if (slash == NULL || strchr(slash + 1, '/') != NULL) {
        return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0,
                         "expected glue://DATABASE/TABLE (one '/' between the names)");
    }
    int rc = copy_part(out->database, sizeof out->database, db, (size_t)(slash - db), ref,
                       "database", err);
    return rc != SG_OK ? rc
                       : copy_part(out->table, sizeof out->table, slash + 1, strlen(slash + 1), ref,
                                   "table", err);
}

int sgp_glue_schema_ref_parse(sgp_glue_schema_ref *out, const char *ref, sg_error *err) {
    memset(out, 0, sizeof *out);
    if (ref == NULL || strncmp(ref, "glue-sr://", 10) != 0) {
        return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0,
                         "not a glue-sr://REGISTRY/SCHEMA[@VERSION] reference");
    }
    const char *registry = ref + 10;
    const char *slash = strchr(registry, '/');
    if (slash == NULL || strchr(slash + 1, '/') != NULL) {
        return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0,
                         "expected glue-sr://REGISTRY/SCHEMA[@VERSION]");
    }
    const char *schema = slash + 1;
    const char *at = strrchr(schema, '@');
    size_t schema_length = at ? (size_t)(at - schema) : strlen(schema);
    if (at) {
        char *end = NULL;
        long long v = strtoll(at + 1, &end, 10);
        if (strcmp(at + 1, "latest") == 0) {
            v = 0;
        } else if (end == at + 1 || *end != '\0' || v < 1 || v > 100000) {
            return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0,
                             "the version after '@' must be a number from 1 or 'latest'");
        }
        out->version = v;
    }
    int rc = copy_part(out->registry, sizeof out->registry, registry, (size_t)(slash - registry),
                       ref, "registry", err);
    return rc != SG_OK ? rc
                       : copy_part(out->schema, sizeof out->schema, schema, schema_length, ref,
                                   "schema", err);
}

/* The Glue endpoint: AWS_ENDPOINT_URL_GLUE and friends, else glue.REGION.amazonaws.com. */
static int glue_endpoint(const sgp_remote *remote, const char *label, char *out, size_t size,
                         sg_error *err) {
    if (remote->config.region == NULL) {
        return sgp_error(err, SG_EUSAGE, label, NULL, 0, 0,
                         "no AWS region: set AWS_REGION (or region in the profile '%s')",
                         remote->config.profile ? remote->config.profile : "default");
    }
    const char *custom = remote->config.endpoint_glue;
    if (custom) {
        size_t n = strlen(custom);
        while (n > 0 && custom[n - 1] == '/') {
            n--;
        }
        if (n >= size) {
            return sgp_error(err, SG_EUSAGE, label, NULL, 0, 0, "the Glue endpoint is too long");
        }
        memcpy(out, custom, n);
        out[n] = '\0';
        return SG_OK;
    }
    snprintf(out, size, "https://glue.%s.amazonaws.com", remote->config.region);
    return SG_OK;
}

static int glue_error(const sgp_http_response *resp, const char *operation, const char *label,
                      sg_error *err) {
    const char *code = resp->error_code[0]   ? resp->error_code
                       : resp->status == 403 ? "access denied"
                       : resp->status >= 500 ? "server error"
                                             : "";
    const char *message = resp->error_message[0] ? resp->error_message : "";
    char detail[700];
    snprintf(detail, sizeof detail, "%s %s%s%s (HTTP %ld%s%s%s)", operation, code,
             code[0] && message[0] ? ": " : "", message, resp->status,
             resp->request_id[0] ? ", request id " : "", resp->request_id,
             resp->attempts > 1 ? ", after retries" : "");
    int rc;
    if (strcmp(code, "EntityNotFoundException") == 0 || resp->status == 404) {
        rc = SG_ENOTFOUND;
    } else if (strcmp(code, "AccessDeniedException") == 0 ||
               strcmp(code, "UnrecognizedClientException") == 0 ||
               strcmp(code, "InvalidSignatureException") == 0 ||
               strcmp(code, "IncompleteSignature") == 0 ||
               strcmp(code, "MissingAuthenticationToken") == 0 ||
               strcmp(code, "ExpiredTokenException") == 0 || resp->status == 403 ||
               resp->status == 401) {
        rc = SG_EACCESS;
    } else if (strcmp(code, "InvalidInputException") == 0 ||
               strcmp(code, "ValidationException") == 0) {
        rc = SG_EUSAGE;
    } else {
        rc = SG_EIO;
    }
    return sgp_error(err, rc, label, NULL, 0, 0, "%s", detail);
}

int sgp_glue_call(sgp_http *http, const sgp_remote *remote, const char *operation, json_t *request,
                  const char *label, json_t **out, sg_error *err) {
    *out = NULL;
    char endpoint[512];
    int rc = sgp_remote_require_credentials(remote, label, err);
    if (rc == SG_OK) {
        rc = glue_endpoint(remote, label, endpoint, sizeof endpoint, err);
    }
    if (rc != SG_OK) {
        return rc;
    }
    char *body = json_dumps(request, JSON_COMPACT);
    if (body == NULL) {
        return sgp_error_nomem(err);
    }
    char target[96];
    snprintf(target, sizeof target, "AWSGlue.%s", operation);
    sgp_http_request req;
    memset(&req, 0, sizeof req);
    req.method = "POST";
    req.endpoint = endpoint;
    req.path = "/";
    req.region = remote->config.region;
    req.service = "glue";
    req.content_type = "application/x-amz-json-1.1";
    req.target = target;
    req.body = body;
    req.body_length = strlen(body);
    req.max_body = SGP_GLUE_BODY_MAX;
    req.label = label;
    sgp_http_response resp;
    rc = sgp_http_perform(http, &req, &resp, 1, err);
    free(body);
    if (rc == SG_OK && (resp.status < 200 || resp.status >= 300)) {
        rc = glue_error(&resp, operation, label, err);
    }
    if (rc == SG_OK) {
        json_error_t jerr;
        *out = json_loadb(resp.body, resp.body_length, 0, &jerr);
        if (!json_is_object(*out)) {
            json_decref(*out);
            *out = NULL;
            rc = sgp_error(err, SG_EIO, label, NULL, 0, 0, "%s answered with invalid JSON: %s",
                           operation, jerr.text);
        }
    }
    sgp_http_response_free(&resp);
    return rc;
}

/* The table a glue:// reference names, and a transfer handle to ask about it. */
static int table_session(const char *ref, sgp_glue_table_ref *name, sgp_http **http,
                         const sgp_remote **remote, sg_error *err) {
    int rc = sgp_glue_table_ref_parse(name, ref, err);
    return rc != SG_OK ? rc : sgp_remote_http(http, remote, err);
}

int sgp_glue_get_table(const char *ref, char **json_text, sg_error *err) {
    *json_text = NULL;
    sgp_glue_table_ref name;
    sgp_http *http = NULL;
    const sgp_remote *remote = NULL;
    int rc = table_session(ref, &name, &http, &remote, err);
    if (rc != SG_OK) {
        return rc;
    }
    json_t *request = json_pack("{s:s, s:s}", "DatabaseName", name.database, "Name", name.table);
    json_t *answer = NULL;
    rc = request ? sgp_glue_call(http, remote, "GetTable", request, ref, &answer, err)
                 : sgp_error_nomem(err);
    if (rc == SG_OK && !json_is_object(json_object_get(answer, "Table"))) {
        rc = sgp_error(err, SG_EIO, ref, NULL, 0, 0, "GetTable answered without a Table");
    }
    if (rc == SG_OK && (*json_text = json_dumps(answer, JSON_INDENT(2))) == NULL) {
        rc = sgp_error_nomem(err);
    }
    json_decref(request);
    json_decref(answer);
    sgp_http_free(http);
    return rc;
}

int sgp_glue_get_partitions(const char *ref, json_t **partitions, sg_error *err) {
    *partitions = NULL;
    sgp_glue_table_ref name;
    sgp_http *http = NULL;
    const sgp_remote *remote = NULL;
    int rc = table_session(ref, &name, &http, &remote, err);
    if (rc != SG_OK) {
        return rc;
    }
    json_t *all = json_array();
    char *token = NULL;
    for (int page = 0; rc == SG_OK; page++) {
        if (all == NULL || page >= SGP_GLUE_MAX_PAGES) {
            rc = all ? sgp_error(err, SG_ELIMIT, ref, NULL, 0, 0, "too many GetPartitions pages")
                     : sgp_error_nomem(err);
            break;
        }
        json_t *request = json_pack("{s:s, s:s, s:i}", "DatabaseName", name.database, "TableName",
                                    name.table, "MaxResults", 1000);
        if (request && token) {
            json_object_set_new(request, "NextToken", json_string(token));
        }
        json_t *answer = NULL;
        rc = request ? sgp_glue_call(http, remote, "GetPartitions", request, ref, &answer, err)
                     : sgp_error_nomem(err);
        json_decref(request);
        json_t *list = rc == SG_OK ? json_object_get(answer, "Partitions") : NULL;
        if (rc == SG_OK && list != NULL && !json_is_array(list)) {
            rc = sgp_error(err, SG_EIO, ref, NULL, 0, 0, "GetPartitions: Partitions is not a list");
        }
        if (rc == SG_OK && list && json_array_extend(all, list) != 0) {
            rc = sgp_error_nomem(err);
        }
        const char *next =
            rc == SG_OK ? json_string_value(json_object_get(answer, "NextToken")) : NULL;
        if (rc == SG_OK && next && *next && token && strcmp(next, token) == 0) {
            rc = sgp_error(err, SG_EIO, ref, NULL, 0, 0,
                           "GetPartitions returned the same NextToken twice");
        }
        free(token);
        token = next && *next ? sgp_strdup(next) : NULL;
        json_decref(answer);
        if (token == NULL) {
            break;
        }
    }
    free(token);
    sgp_http_free(http);
    if (rc != SG_OK) {
        json_decref(all);
        return rc;
    }
    *partitions = all;
    return SG_OK;
}

int sgp_glue_get_schema_version(const char *ref, char **definition, char *data_format,
                                size_t data_format_size, int64_t *version, sg_error *err) {
    *definition = NULL;
    sgp_glue_schema_ref name;
    int rc = sgp_glue_schema_ref_parse(&name, ref, err);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_http *http = NULL;
    const sgp_remote *remote = NULL;
    if ((rc = sgp_remote_http(&http, &remote, err)) != SG_OK) {
        return rc;
    }
    json_t *number = name.version > 0
                         ? json_pack("{s:I}", "VersionNumber", (json_int_t)name.version)
                         : json_pack("{s:b}", "LatestVersion", 1);
    json_t *request = json_pack("{s:{s:s, s:s}, s:o}", "SchemaId", "RegistryName", name.registry,
                                "SchemaName", name.schema, "SchemaVersionNumber", number);
    json_t *answer = NULL;
    rc = request ? sgp_glue_call(http, remote, "GetSchemaVersion", request, ref, &answer, err)
                 : sgp_error_nomem(err);
    const char *text =
        rc == SG_OK ? json_string_value(json_object_get(answer, "SchemaDefinition")) : NULL;
    if (rc == SG_OK && text == NULL) {
        rc = sgp_error(err, SG_EIO, ref, NULL, 0, 0,
                       "GetSchemaVersion answered without a SchemaDefinition");
    }
    if (rc == SG_OK) {
        const char *format = json_string_value(json_object_get(answer, "DataFormat"));
        snprintf(data_format, data_format_size, "%s", format ? format : "AVRO");
        json_t *v = json_object_get(answer, "VersionNumber");
        *version = json_is_integer(v) ? (int64_t)json_integer_value(v) : name.version;
        if ((*definition = sgp_strdup(text)) == NULL) {
            rc = sgp_error_nomem(err);
        }
    }
    json_decref(request);
    json_decref(answer);
    sgp_http_free(http);
    return rc;
}

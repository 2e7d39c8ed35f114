/*
 * remote/s3.c: S3 URLs, addressing, HEAD, ListObjectsV2 and S3 error messages (see s3.h).
 */
#include "remote/s3.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remote/s3_xml.h"
#include "util/util.h"

/* ListObjectsV2 answers are about 300 bytes per key: 1000 keys fit well inside this. */
#define SGP_S3_LIST_BODY_MAX (8 * 1024 * 1024)
#define SGP_S3_MAX_PAGES     1000000

static bool bucket_name_ok(const char *name, size_t n) {
    if (n < 3 || n > 63) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                  /* legacy us-east-1 buckets may hold capitals and underscores */
                  (c >= 'A' && c <= 'Z') || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

int sgp_s3_url_parse(sgp_s3_url *out, const char *url, sg_error *err) {
    memset(out, 0, sizeof *out);
    if (url == NULL || strncmp(url, "s3://", 5) != 0) {
        return sgp_error(err, SG_EUSAGE, url, NULL, 0, 0, "not an s3:// URL");
    }
    const char *bucket = url + 5;
    const char *slash = strchr(bucket, '/');
    size_t bucket_length = slash ? (size_t)(slash - bucket) : strlen(bucket);
    if (!bucket_name_ok(bucket, bucket_length)) {
        return sgp_error(err, SG_EUSAGE, url, NULL, 0, 0,
                         "'%.*s' is not a valid S3 bucket name (3-63 characters: letters, digits, "
                         "'.', '-')",
                         (int)(bucket_length > 80 ? 80 : bucket_length), bucket);
    }
    const char *key = slash ? slash + 1 : "";
    if (strlen(key) > 1024) {
        return sgp_error(err, SG_EUSAGE, url, NULL, 0, 0, "S3 keys are at most 1024 bytes");
    }
    out->bucket = sgp_strndup(bucket, bucket_length);
    out->key = sgp_strdup(key);
    if (!out->bucket || !out->key) {
        sgp_s3_url_free(out);
        return sgp_error_nomem(err);
    }
    return SG_OK;
}

void sgp_s3_url_free(sgp_s3_url *url) {
    free(url->bucket);
    free(url->key);
    memset(url, 0, sizeof *url);
}

int sgp_s3_target_init(sgp_s3_target *out, const sgp_remote *remote, const char *bucket,
                       const char *key, sg_error *err) {
    memset(out, 0, sizeof *out);
    /* S3 answers every region's bucket at us-east-1 with a redirect naming the right one. */
    out->region = remote->config.region ? remote->config.region : "us-east-1";
    char *encoded_key = sgp_http_encode(key, strlen(key), true);
    sgp_buf endpoint = SGP_BUF_INIT;
    sgp_buf path = SGP_BUF_INIT;
    sgp_buf label = SGP_BUF_INIT;
    const char *custom = remote->config.endpoint_s3;
    if (custom) {
        /* A custom endpoint (a local server, MinIO...): path-style, as those expect. */
        size_t n = strlen(custom);
        while (n > 0 && custom[n - 1] == '/') {
            n--;
        }
        sgp_buf_append(&endpoint, custom, n);
        sgp_buf_printf(&path, "/%s/%s", bucket, encoded_key ? encoded_key : "");
    } else if (strchr(bucket, '.') != NULL) {
        /* Dotted names break the TLS wildcard of virtual-hosted names. */
        sgp_buf_printf(&endpoint, "https://s3.%s.amazonaws.com", out->region);
        sgp_buf_printf(&path, "/%s/%s", bucket, encoded_key ? encoded_key : "");
    } else {
        sgp_buf_printf(&endpoint, "https://%s.s3.%s.amazonaws.com", bucket, out->region);
        sgp_buf_printf(&path, "/%s", encoded_key ? encoded_key : "");
    }
    sgp_buf_printf(&label, "s3://%s/%s", bucket, key);
    free(encoded_key);
    out->endpoint = sgp_buf_take(&endpoint);
    out->path = sgp_buf_take(&path);
    out->label = sgp_buf_take(&label);
    if (!out->endpoint || !out->path || !out->label) {
        sgp_s3_target_free(out);
        return sgp_error_nomem(err);
    }
    return SG_OK;
}

void sgp_s3_target_free(sgp_s3_target *target) {
    free(target->endpoint);
    free(target->path);
    free(target->label);
    memset(target, 0, sizeof *target);
}

void sgp_s3_request_init(sgp_http_request *req, const sgp_s3_target *target, const char *method) {
    memset(req, 0, sizeof *req);
    req->method = method;
    req->endpoint = target->endpoint;
    req->path = target->path;
    req->region = target->region;
    req->service = "s3";
    req->s3 = true;
    req->label = target->label;
    req->max_body = 1024 * 1024;
}

int sgp_s3_check(const sgp_http_response *resp, const char *label, sg_error *err) {
    long status = resp->status;
    if (status >= 200 && status < 300) {
        return SG_OK;
    }
    const char *code = resp->error_code;
    char detail[1024];
    snprintf(detail, sizeof detail, "%s%s%s%s%s", code[0] ? code : "", code[0] ? ": " : "",
             resp->error_message[0] ? resp->error_message : "",
             resp->request_id[0] ? " (request id " : "",
             resp->request_id[0] ? resp->request_id : "");
    if (resp->request_id[0]) {
        strncat(detail, ")", sizeof detail - strlen(detail) - 1);
    }
    const char *tries = resp->attempts > 1 ? " after several attempts" : "";
    if (status == 404 || strcmp(code, "NoSuchKey") == 0 || strcmp(code, "NoSuchBucket") == 0) {
        const char *what = strcmp(code, "NoSuchBucket") == 0 ? "no such bucket" : "no such object";
        return sgp_error(err, SG_ENOTFOUND, label, NULL, 0, 0, "%s (HTTP %ld %s)", what, status,
                         detail);
    }
    if (status == 301 || status == 307 || strcmp(code, "PermanentRedirect") == 0 ||
        strcmp(code, "AuthorizationHeaderMalformed") == 0) {
        if (resp->bucket_region[0]) {
            return sgp_error(err, SG_EUSAGE, label, NULL, 0, 0,
                             "the bucket is in region %s: set AWS_REGION=%s (HTTP %ld %s)",
                             resp->bucket_region, resp->bucket_region, status, detail);
        }
    }
    /* Credential problems, whatever the status (an expired token is a 400). */
    bool credentials =
        strcmp(code, "SignatureDoesNotMatch") == 0 || strcmp(code, "InvalidAccessKeyId") == 0 ||
        strcmp(code, "ExpiredToken") == 0 || strcmp(code, "InvalidToken") == 0 ||
        strcmp(code, "TokenRefreshRequired") == 0 || strcmp(code, "RequestTimeTooSkewed") == 0;
    if (status == 403 || status == 401 || credentials) {
        const char *hint = "";
        if (strcmp(code, "SignatureDoesNotMatch") == 0) {
            hint = ": the secret access key is wrong for this key id";
        } else if (strcmp(code, "InvalidAccessKeyId") == 0) {
            hint = ": the access key id is unknown";
        } else if (strcmp(code, "ExpiredToken") == 0 || strcmp(code, "InvalidToken") == 0 ||
                   strcmp(code, "TokenRefreshRequired") == 0) {
            hint = ": the session token has expired or is invalid";
        } else if (strcmp(code, "RequestTimeTooSkewed") == 0) {
            hint = ": this machine's clock is off";
        }
        return sgp_error(err, SG_EACCESS, label, NULL, 0, 0, "access denied%s (HTTP %ld %s)", hint,
                         status, detail);
    }
    if (status == 412) {
        return sgp_error(err, SG_EIO, label, NULL, 0, 0,
                         "the object changed while it was being read (HTTP 412 %s)", detail);
    }
    if (status == 416) {
        return sgp_error(err, SG_EIO, label, NULL, 0, 0,
                         "the object is shorter than expected: it changed while being read "
                         "(HTTP 416 %s)",
                         detail);
    }
    if (status >= 500 || status == 429 || strcmp(code, "SlowDown") == 0) {
        return sgp_error(err, SG_EIO, label, NULL, 0, 0, "the server failed%s (HTTP %ld %s)", tries,
                         status, detail);
    }
    return sgp_error(err, SG_EIO, label, NULL, 0, 0, "unexpected answer (HTTP %ld %s)", status,
                     detail);
}

int sgp_s3_head(sgp_http *http, const sgp_s3_target *target, uint64_t *size, char etag[256],
                sg_error *err) {
    sgp_http_request req;
    sgp_s3_request_init(&req, target, "HEAD");
    sgp_http_response resp;
    int rc = sgp_http_perform(http, &req, &resp, 1, err);
    if (rc == SG_OK && (resp.status < 200 || resp.status >= 300) && resp.error_code[0] == '\0') {
        /* A HEAD answer has no body, so no S3 error code: ask again with a one-byte GET, whose
         * error document says which (NoSuchBucket or NoSuchKey, SignatureDoesNotMatch or
         * AccessDenied). */
        uint8_t byte;
        sgp_http_request get;
        sgp_s3_request_init(&get, target, "GET");
        get.ranged = true;
        get.range_first = get.range_last = 0;
        get.dest = &byte;
        sgp_http_response why;
        sg_error get_err;
        if (sgp_http_perform(http, &get, &why, 1, &get_err) == SG_OK && why.error_code[0] &&
            why.status == resp.status) {
            snprintf(resp.error_code, sizeof resp.error_code, "%s", why.error_code);
            snprintf(resp.error_message, sizeof resp.error_message, "%s", why.error_message);
            snprintf(resp.request_id, sizeof resp.request_id, "%s", why.request_id);
        }
        sgp_http_response_free(&why);
    }
    if (rc == SG_OK) {
        rc = sgp_s3_check(&resp, target->label, err);
    }
    if (rc == SG_OK) {
        if (resp.content_length == UINT64_MAX) {
            rc = sgp_error(err, SG_EIO, target->label, NULL, 0, 0,
                           "HEAD answered without Content-Length");
        } else {
            *size = resp.content_length;
            snprintf(etag, 256, "%s", resp.etag);
        }
    }
    sgp_http_response_free(&resp);
    return rc;
}

/* Appends name=value, encoded, to a query kept in sorted order by the caller. */
static void query_add(sgp_buf *query, const char *name, const char *value) {
    char *encoded = sgp_http_encode(value, strlen(value), false);
    if (encoded == NULL) {
        query->failed = true;
        return;
    }
    sgp_buf_printf(query, "%s%s=%s", query->len ? "&" : "", name, encoded);
    free(encoded);
}

int sgp_s3_list(sgp_http *http, const sgp_remote *remote, const char *bucket, const char *prefix,
                sgp_s3_list_fn fn, void *payload, sg_error *err) {
    long page_size = 1000;
    const char *env = getenv("SCHEMAGATE_S3_LIST_PAGE_SIZE");
    if (env && *env) {
        char *end = NULL;
        page_size = strtol(env, &end, 10);
        if (*end != '\0' || page_size < 1 || page_size > 1000) {
            return sgp_error(err, SG_EUSAGE, "SCHEMAGATE_S3_LIST_PAGE_SIZE", NULL, 0, 0,
                             "SCHEMAGATE_S3_LIST_PAGE_SIZE must be 1 to 1000, not '%s'", env);
        }
    }
    sgp_s3_target target;
    int rc = sgp_s3_target_init(&target, remote, bucket, "", err);
    if (rc != SG_OK) {
        return rc;
    }
    /* The bucket itself: "/BUCKET" path-style, "/" virtual-hosted (no trailing key). */
    size_t plen = strlen(target.path);
    if (plen > 1 && target.path[plen - 1] == '/') {
        target.path[plen - 1] = '\0';
    }
    sgp_buf label = SGP_BUF_INIT;
    sgp_buf_printf(&label, "s3://%s/%s", bucket, prefix);
    char *list_label = sgp_buf_take(&label);
    char *token = NULL;
    char max_keys[16];
    snprintf(max_keys, sizeof max_keys, "%ld", page_size);
    for (long page_number = 0; rc == SG_OK; page_number++) {
        if (list_label == NULL || page_number >= SGP_S3_MAX_PAGES) {
            rc = list_label ? sgp_error(err, SG_ELIMIT, list_label, NULL, 0, 0,
                                        "more than %d listing pages", SGP_S3_MAX_PAGES)
                            : sgp_error_nomem(err);
            break;
        }
        /* Sorted by name, as SigV4 and curl's raw query need. */
        sgp_buf query = SGP_BUF_INIT;
        if (token) {
            query_add(&query, "continuation-token", token);
        }
        query_add(&query, "encoding-type", "url");
        query_add(&query, "list-type", "2");
        query_add(&query, "max-keys", max_keys);
        query_add(&query, "prefix", prefix);
        char *query_text = sgp_buf_take(&query);
        if (query_text == NULL) {
            rc = sgp_error_nomem(err);
            break;
        }
        sgp_http_request req;
        sgp_s3_request_init(&req, &target, "GET");
        req.query = query_text;
        req.label = list_label;
        req.max_body = SGP_S3_LIST_BODY_MAX;
        sgp_http_response resp;
        rc = sgp_http_perform(http, &req, &resp, 1, err);
        free(query_text);
        if (rc == SG_OK) {
            rc = sgp_s3_check(&resp, list_label, err);
        }
        sgp_s3_list_page list;
        memset(&list, 0, sizeof list);
        if (rc == SG_OK) {
            rc = sgp_s3_parse_list_page(&list, resp.body, resp.body_length, list_label, err);
        }
        sgp_http_response_free(&resp);
        for (size_t i = 0; rc == SG_OK && i < list.object_count; i++) {
            sgp_s3_listed object = {list.objects[i].key, list.objects[i].size,
                                    list.objects[i].etag ? list.objects[i].etag : ""};
            rc = fn(payload, &object, err);
        }
        if (rc == SG_OK && list.truncated) {
            if (token && strcmp(token, list.next_continuation_token) == 0) {
                rc = sgp_error(err, SG_EIO, list_label, NULL, 0, 0,
                               "the listing returned the same continuation token twice");
            } else {
                free(token);
                token = sgp_strdup(list.next_continuation_token);
                if (token == NULL) {
                    rc = sgp_error_nomem(err);
                }
            }
        }
        bool more = list.truncated;
        sgp_s3_list_page_free(&list);
        if (!more) {
            break;
        }
    }
    free(token);
    free(list_label);
    sgp_s3_target_free(&target);
    return rc;
}

/*
 * remote/expand.c: turning an s3:// data argument into the object URLs to check (see
 * sg_remote_list_objects in schemagate/remote.h): one object, or a listed prefix with the
 * names Spark, Glue and Hadoop leave beside the data filtered out.
 */
#include <stdlib.h>
#include <string.h>

#include "remote/s3.h"
#include "schemagate/remote.h"
#include "util/util.h"

/* Upper bound on objects one argument may expand to (memory for the names). */
#define SGP_MAX_LISTED_OBJECTS 10000000

typedef struct collected {
    const char *bucket;
    size_t prefix_length;
    char **urls;
    size_t count;
    size_t cap;
} collected;

/* _SUCCESS, _temporary/..., .hive-staging, x.crc-style hidden files, "dir/" and "dir_$folder$"
 * markers: not data. */
static bool skipped(const char *relative) {
    size_t n = strlen(relative);
    if (n == 0 || relative[n - 1] == '/') {
        return true;
    }
    static const char marker[] = "_$folder$";
    if (n >= sizeof marker - 1 && strcmp(relative + n - (sizeof marker - 1), marker) == 0) {
        return true;
    }
    const char *segment = relative;
    for (;;) {
        if (*segment == '_' || *segment == '.') {
            return true;
        }
        const char *slash = strchr(segment, '/');
        if (slash == NULL) {
            return false;
        }
        segment = slash + 1;
    }
}

static int collect(void *payload, const sgp_s3_listed *object, sg_error *err) {
    collected *c = payload;
    if (strlen(object->key) < c->prefix_length || skipped(object->key + c->prefix_length)) {
        return SG_OK;
    }
    if (c->count >= SGP_MAX_LISTED_OBJECTS) {
        return sgp_error(err, SG_ELIMIT, object->key, NULL, 0, 0,
                         "more than %d objects under one prefix", SGP_MAX_LISTED_OBJECTS);
    }
    if (!sgp_reserve((void **)&c->urls, &c->cap, c->count + 1, sizeof *c->urls)) {
        return sgp_error_nomem(err);
    }
    sgp_buf url = SGP_BUF_INIT;
    sgp_buf_printf(&url, "s3://%s/%s", c->bucket, object->key);
    if ((c->urls[c->count] = sgp_buf_take(&url)) == NULL) {
        return sgp_error_nomem(err);
    }
    sgp_remote_remember(c->urls[c->count], object->size, object->etag);
    c->count++;
    return SG_OK;
}

void sg_remote_list_free(char **list, size_t count) {
    for (size_t i = 0; list && i < count; i++) {
        free(list[i]);
    }
    free(list);
}

static int list_prefix(sgp_http *http, const sgp_remote *remote, const sgp_s3_url *url,
                       const char *prefix, collected *c, sg_error *err) {
    c->bucket = url->bucket;
    c->prefix_length = strlen(prefix);
    return sgp_s3_list(http, remote, url->bucket, prefix, collect, c, err);
}

int sg_remote_list_objects(const char *ref, char ***out, size_t *count, sg_error *err) {
    *out = NULL;
    *count = 0;
    if (ref && strpbrk(ref, "*?[") != NULL) {
        return sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0,
                         "patterns are not expanded in s3:// URLs: name the object or the "
                         "folder (prefix ending in '/')");
    }
    sgp_s3_url url;
    int rc = sgp_s3_url_parse(&url, ref, err);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_http *http = NULL;
    const sgp_remote *remote = NULL;
    rc = sgp_remote_http(&http, &remote, err);
    if (rc == SG_OK) {
        rc = sgp_remote_require_credentials(remote, ref, err);
    }
    collected c;
    memset(&c, 0, sizeof c);
    c.bucket = url.bucket;
    size_t key_length = strlen(url.key);
    if (rc == SG_OK && (key_length == 0 || url.key[key_length - 1] == '/')) {
        rc = list_prefix(http, remote, &url, url.key, &c, err);
    } else if (rc == SG_OK) {
        /* An object, or a folder named without its trailing slash. */
        sgp_s3_target target;
        rc = sgp_s3_target_init(&target, remote, url.bucket, url.key, err);
        uint64_t size = 0;
        char etag[256];
        sg_error head_err;
        sg_error_clear(&head_err);
        int head_rc = rc == SG_OK ? sgp_s3_head(http, &target, &size, etag, &head_err) : rc;
        sgp_s3_target_free(&target);
        if (rc == SG_OK && head_rc == SG_OK) {
            rc = collect(&c, &(sgp_s3_listed){url.key, size, etag}, err);
        } else if (rc == SG_OK && head_rc == SG_ENOTFOUND) {
            sgp_buf folder = SGP_BUF_INIT;
            sgp_buf_printf(&folder, "%s/", url.key);
            char *prefix = sgp_buf_take(&folder);
            rc = prefix ? list_prefix(http, remote, &url, prefix, &c, err) : sgp_error_nomem(err);
            free(prefix);
            if (rc == SG_OK && c.count == 0) {
                rc = sgp_error(err, SG_ENOTFOUND, ref, NULL, 0, 0,
                               "no such object, and no objects below '%s/'", url.key);
            }
        } else if (rc == SG_OK) {
            rc = head_rc;
            if (err) {
                *err = head_err;
            }
        }
    }
    if (rc == SG_OK && c.count == 0) {
        rc = sgp_error(err, SG_ENOTFOUND, ref, NULL, 0, 0,
                       "no data objects below this prefix (names starting with _ or . are "
                       "skipped)");
    }
    sgp_http_free(http);
    sgp_s3_url_free(&url);
    if (rc != SG_OK) {
        sg_remote_list_free(c.urls, c.count);
        return rc;
    }
    *out = c.urls;
    *count = c.count;
    return SG_OK;
}

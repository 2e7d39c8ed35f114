/*
 * remote/expand.c: turning an s3:// data argument into the object URLs to check (see
 * sg_remote_list_objects in schemagate/remote.h): one object, or a listed prefix with the
 * names Spark, Glue and Hadoop leave beside the data filtered out.
 */
#include <pthread.h>
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
    bool named; /* the object was named, not found below a prefix: never skipped */
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
    if (!c->named &&
        (strlen(object->key) < c->prefix_length || skipped(object->key + c->prefix_length))) {
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

/* allow_empty: a prefix with nothing below it is an empty list, not an error. */
static int list_objects(const char *ref, bool allow_empty, char ***out, size_t *count,
                        sg_error *err) {
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
            c.named = true;
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
    if (rc == SG_OK && c.count == 0 && !allow_empty) {
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

int sg_remote_list_objects(const char *ref, char ***out, size_t *count, sg_error *err) {
    return list_objects(ref, false, out, count, err);
}

/* Listing many prefixes: a small pool of threads, results kept per reference. */
typedef struct listing {
    const char *ref;
    char **urls;
    size_t count;
    int rc;
    sg_error err;
} listing;

typedef struct list_pool {
    listing *items;
    size_t n;
    size_t next;
    pthread_mutex_t lock;
} list_pool;

static void *list_worker(void *arg) {
    list_pool *pool = arg;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        size_t i = pool->next++;
        pthread_mutex_unlock(&pool->lock);
        if (i >= pool->n) {
            return NULL;
        }
        listing *l = &pool->items[i];
        l->rc = list_objects(l->ref, true, &l->urls, &l->count, &l->err);
    }
}

int sg_remote_list_many(const char *const *refs, size_t n, int jobs, char ***out, size_t *count,
                        sg_error *err) {
    *out = NULL;
    *count = 0;
    listing *items = calloc(n ? n : 1, sizeof *items);
    if (items == NULL) {
        return sgp_error_nomem(err);
    }
    list_pool pool = {items, n, 0, PTHREAD_MUTEX_INITIALIZER};
    for (size_t i = 0; i < n; i++) {
        items[i].ref = refs[i];
    }
    if (jobs < 1) {
        jobs = 1;
    }
    if ((size_t)jobs > n) {
        jobs = (int)(n ? n : 1);
    }
    pthread_t threads[64];
    int started = 0;
    for (; started < jobs && started < 64; started++) {
        if (pthread_create(&threads[started], NULL, list_worker, &pool) != 0) {
            break;
        }
    }
    if (started == 0) {
        list_worker(&pool); /* no thread to be had: list here */
    }
    for (int t = 0; t < started; t++) {
        pthread_join(threads[t], NULL);
    }
    int rc = SG_OK;
    size_t total = 0;
    for (size_t i = 0; i < n && rc == SG_OK; i++) {
        if (items[i].rc != SG_OK) {
            rc = items[i].rc;
            if (err) {
                *err = items[i].err;
            }
        }
        total += items[i].count;
    }
    char **all = rc == SG_OK ? malloc((total ? total : 1) * sizeof *all) : NULL;
    if (rc == SG_OK && all == NULL) {
        rc = sgp_error_nomem(err);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; all && j < items[i].count; j++) {
            all[k++] = items[i].urls[j]; /* moved */
        }
        if (all) {
            free(items[i].urls);
        } else {
            sg_remote_list_free(items[i].urls, items[i].count);
        }
    }
    free(items);
    if (rc != SG_OK) {
        free(all);
        return rc;
    }
    *out = all;
    *count = total;
    return SG_OK;
}

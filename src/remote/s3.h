/*
 * remote/s3.h: the S3 REST calls schemagate makes (HEAD, ranged GET, ListObjectsV2) and what
 * they share: s3:// URL parsing, addressing (virtual-hosted on AWS, path-style on a custom
 * endpoint), and turning an S3 error answer into a located message and an sg_code.
 */
#ifndef SG_REMOTE_S3_H
#define SG_REMOTE_S3_H

#include <stdbool.h>
#include <stdint.h>

#include "remote/http.h"
#include "remote/remote.h"

/* s3://BUCKET/KEY split; key may be "" (the whole bucket). */
typedef struct sgp_s3_url {
    char *bucket;
    char *key;
} sgp_s3_url;

/* SG_EUSAGE for anything but s3://BUCKET[/KEY] with a valid bucket name. */
int sgp_s3_url_parse(sgp_s3_url *out, const char *url, sg_error *err);
void sgp_s3_url_free(sgp_s3_url *url);

/* Where requests for one object (or bucket, key "") go. */
typedef struct sgp_s3_target {
    char *endpoint; /* scheme://host[:port] */
    char *path;     /* encoded: /KEY (virtual-hosted) or /BUCKET/KEY (path-style) */
    char *label;    /* s3://BUCKET/KEY */
    const char *region;
} sgp_s3_target;

int sgp_s3_target_init(sgp_s3_target *out, const sgp_remote *remote, const char *bucket,
                       const char *key, sg_error *err);
void sgp_s3_target_free(sgp_s3_target *target);

/* A request to target with the S3 signing rules; the caller adds range, query, body sink. */
void sgp_s3_request_init(sgp_http_request *req, const sgp_s3_target *target, const char *method);

/* SG_OK for 2xx; otherwise a message naming the resource, the S3 code and what to do. */
int sgp_s3_check(const sgp_http_response *resp, const char *label, sg_error *err);

/* HEAD: size and ETag (ETag as sent, quotes included; "" when the server sends none). */
int sgp_s3_head(sgp_http *http, const sgp_s3_target *target, uint64_t *size, char etag[256],
                sg_error *err);

/* One object found by a listing. */
typedef struct sgp_s3_listed {
    const char *key;
    uint64_t size;
    const char *etag;
} sgp_s3_listed;

/* Called per object in key order; a non-SG_OK return stops the listing with that code. */
typedef int (*sgp_s3_list_fn)(void *payload, const sgp_s3_listed *object, sg_error *err);

/*
 * Lists every object under prefix with ListObjectsV2, page by page (max-keys from
 * SCHEMAGATE_S3_LIST_PAGE_SIZE, 1000 by default), following continuation tokens; a token that
 * repeats is an error, not a loop.
 */
int sgp_s3_list(sgp_http *http, const sgp_remote *remote, const char *bucket, const char *prefix,
                sgp_s3_list_fn fn, void *payload, sg_error *err);

#endif

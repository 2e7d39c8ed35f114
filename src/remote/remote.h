/*
 * remote/remote.h: the process-wide remote context: AWS configuration (credentials, region,
 * endpoints) and transfer settings, loaded once on first use and shared read-only by every
 * thread, which each make their own sgp_http from it.
 */
#ifndef SG_REMOTE_REMOTE_H
#define SG_REMOTE_REMOTE_H

#include "remote/aws_config.h"
#include "remote/http.h"
#include "schemagate/remote.h"

typedef struct sgp_remote {
    sgp_aws_config config;
    sgp_http_settings settings;
    sgp_http_signer signer;
} sgp_remote;

/* The loaded context (loading it on first call). A failed load fails every call the same way. */
int sgp_remote_get(const sgp_remote **out, sg_error *err);

/* A transfer handle for the calling thread over the shared context. */
int sgp_remote_http(sgp_http **out, const sgp_remote **remote, sg_error *err);

/* Fails with SG_EACCESS (and how to provide credentials) when none were found. */
int sgp_remote_require_credentials(const sgp_remote *remote, const char *ref, sg_error *err);

/*
 * What a listing said about an object (size and ETag), so that opening it later needs no HEAD.
 * The ETag pins the version listed: an object replaced since then fails its reads (If-Match).
 * At most SGP_REMOTE_REMEMBERED objects are kept; recall is false for the rest.
 */
#define SGP_REMOTE_REMEMBERED 1000000
void sgp_remote_remember(const char *url, uint64_t size, const char *etag);
bool sgp_remote_recall(const char *url, uint64_t *size, char etag[256]);

#endif

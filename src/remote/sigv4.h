/*
 * remote/sigv4.h: AWS Signature Version 4 (AWS4-HMAC-SHA256) for one HTTP request: canonical
 * request, string to sign, signing key, signature and Authorization header. Pure computation,
 * no I/O; the HMAC runs on the project's own SHA-256. Private names use the sgp_ prefix.
 */
#ifndef SG_REMOTE_SIGV4_H
#define SG_REMOTE_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemagate/common.h"

/* HMAC-SHA256 (RFC 2104). */
void sgp_hmac_sha256(const void *key, size_t key_length, const void *data, size_t length,
                     uint8_t mac[32]);

typedef struct sgp_sigv4_header {
    const char *name;
    const char *value;
} sgp_sigv4_header;

typedef struct sgp_sigv4_request {
    const char *method;
    /* Path as on the wire, without the query. For S3 it must already be percent-encoded. */
    const char *path;
    /* Query without '?', may be NULL; it is decoded and re-encoded, so encoded input is fine. */
    const char *query;
    /* Every header given here is signed; repeated names are joined with ','. */
    const sgp_sigv4_header *headers;
    size_t header_count;
    const void *body;
    size_t body_length;
} sgp_sigv4_request;

typedef struct sgp_sigv4_params {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL or "" for none */
    const char *region;
    const char *service;
    const char *amz_date; /* YYYYMMDDTHHMMSSZ */
    /* S3 rules: the path is used exactly as given (no normalisation, no second encoding). */
    bool s3;
    /* Other services: remove ".", ".." and empty segments before encoding. */
    bool normalize_path;
    /* Add x-amz-content-sha256 (the body hash) as a signed header (S3 requires it). */
    bool add_content_sha256;
    /* The token is sent but left out of SignedHeaders (added after signing; STS style). */
    bool token_unsigned;
} sgp_sigv4_params;

typedef struct sgp_sigv4_result {
    char *canonical_request;
    char *string_to_sign;
    char signature[65];
    /* The value of the Authorization header. */
    char *authorization;
    /* Headers the caller must add to the request, "name:value\n" each (x-amz-date,
     * x-amz-security-token, x-amz-content-sha256 as applicable). */
    char *added_headers;
} sgp_sigv4_result;

/*
 * Signs req. The payload hash is the value of an x-amz-content-sha256 header in req (a hex hash
 * or UNSIGNED-PAYLOAD) when there is one, otherwise the SHA-256 of the body. Returns SG_OK and
 * fills out (free with sgp_sigv4_result_free), or a negative sg_code; messages never include
 * credentials.
 */
int sgp_sigv4_sign(const sgp_sigv4_request *req, const sgp_sigv4_params *params,
                   sgp_sigv4_result *out, sg_error *err);
void sgp_sigv4_result_free(sgp_sigv4_result *result);

#endif

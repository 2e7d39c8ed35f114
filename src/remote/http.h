/*
 * remote/http.h: requests to AWS endpoints over libcurl's multi interface. Owns what every
 * remote call shares: signing each attempt with SigV4 (a fresh x-amz-date per attempt),
 * retries with exponential backoff and full jitter on throttling, 5xx and connection errors
 * (honouring Retry-After), connect/read/request timeouts, bounded response bodies, exact-length
 * ranged reads, and a verbose request log that never shows a credential. What a status means
 * for a given API (404 NoSuchKey, EntityNotFoundException) is the caller's business.
 *
 * One sgp_http per thread (a curl multi handle is not shared across threads).
 */
#ifndef SG_REMOTE_HTTP_H
#define SG_REMOTE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "schemagate/common.h"

typedef struct sgp_http_settings {
    int max_attempts;        /* AWS_MAX_ATTEMPTS; 3 as in the SDKs' standard retry mode */
    long retry_base_ms;      /* backoff before attempt n+1: random in [0, min(base*2^(n-1), max)] */
    long retry_max_ms;       /* 20 s, as the SDKs */
    long retry_after_max_ms; /* a Retry-After longer than this fails instead of waiting */
    long connect_timeout_ms; /* SCHEMAGATE_CONNECT_TIMEOUT (seconds), 10 s */
    long read_timeout_ms;    /* SCHEMAGATE_READ_TIMEOUT: under 1 KiB/s this long aborts, 30 s */
    long request_timeout_ms; /* SCHEMAGATE_REQUEST_TIMEOUT: a whole attempt, 0 = none */
    int max_in_flight;       /* concurrent transfers, 8 */
    const char *ca_bundle;   /* AWS_CA_BUNDLE, or NULL for the system store */
    FILE *log;               /* verbose: one line per attempt (never headers), or NULL */
} sgp_http_settings;

/* Defaults, then the environment (getenv). SG_EUSAGE names a variable with a bad value. */
int sgp_http_settings_load(sgp_http_settings *settings, sg_error *err);

/* Borrowed credentials; a NULL access_key_id sends unsigned requests. */
typedef struct sgp_http_signer {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL: none */
} sgp_http_signer;

typedef struct sgp_http_request {
    const char *method;   /* GET, HEAD, POST */
    const char *endpoint; /* "https://host[:port]", no path */
    const char *path;     /* percent-encoded, starting with '/' */
    const char *query;    /* encoded and sorted ("a=1&b=2"), or NULL */
    const char *region;   /* signing region and service */
    const char *service;
    bool s3;                  /* S3 signing rules; adds x-amz-content-sha256 */
    const char *content_type; /* POST: Content-Type, or NULL */
    const char *target;       /* X-Amz-Target, or NULL */
    const void *body;         /* POST body, may be NULL */
    size_t body_length;
    bool ranged; /* GET bytes=range_first-range_last (inclusive): needs 206 and that length */
    uint64_t range_first;
    uint64_t range_last;
    const char *if_match; /* If-Match (an ETag); a response with another ETag is refused */
    void *dest;           /* ranged reads land here (range length bytes) */
    size_t max_body;      /* other bodies are collected up to this many bytes */
    const char *label;    /* names the resource in errors and the log: "s3://b/k" */
} sgp_http_request;

typedef struct sgp_http_response {
    long status;        /* last attempt's HTTP status; 0 when no reply arrived */
    char *body;         /* collected body (NUL-terminated), or the error body of a ranged read */
    size_t body_length; /* bytes in body */
    uint64_t content_length; /* Content-Length, or UINT64_MAX when absent */
    char etag[256];
    char request_id[128];
    char bucket_region[64]; /* x-amz-bucket-region (S3 redirects) */
    char error_code[128];   /* S3 <Code> or JSON 1.1 __type (namespace stripped) */
    char error_message[384];
    int attempts;
} sgp_http_response;

typedef struct sgp_http sgp_http;

/* settings and signer are borrowed and must outlive the handle. */
int sgp_http_new(sgp_http **out, const sgp_http_settings *settings, const sgp_http_signer *signer,
                 sg_error *err);
void sgp_http_free(sgp_http *http);

/*
 * Runs n requests, up to max_in_flight at a time, each retried on its own. On return every
 * response holds the last attempt's status and body. Returns SG_OK when every request got a
 * final HTTP answer (2xx or not: callers read status); otherwise the first request that could
 * not be completed (connection errors or timeouts after all attempts, a short or over-long
 * body, a refused range, a changed ETag) decides the return (SG_EIO, or SG_ELIMIT for a body
 * over max_body) and err says which resource, after how many attempts, and why.
 */
int sgp_http_perform(sgp_http *http, const sgp_http_request *requests, sgp_http_response *responses,
                     size_t n, sg_error *err);
void sgp_http_response_free(sgp_http_response *response);

/* Percent-encodes per RFC 3986 unreserved (SigV4 rules); '/' is kept when keep_slash. */
char *sgp_http_encode(const char *s, size_t length, bool keep_slash);

/* Extracts the error code and message from an S3 XML or JSON 1.1 error body. */
void sgp_http_parse_error_body(const char *body, size_t length, char *code, size_t code_size,
                               char *message, size_t message_size);

#endif

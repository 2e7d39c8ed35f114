/*
 * remote/http.c: the transfer engine behind every remote call (see http.h): one curl multi
 * handle per sgp_http, a scheduler that starts attempts when their backoff has passed, SigV4
 * signing per attempt, the retry decision, and the checks that make a short, over-long or
 * changed body an error instead of data.
 */
#define _GNU_SOURCE /* explicit_bzero, strcasestr */
#include "remote/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "remote/s3_xml.h"
#include "remote/sigv4.h"
#include "util/util.h"

/* Error bodies and headers beyond these sizes are cut: they only feed messages. */
#define SGP_HTTP_ERROR_BODY_MAX (64 * 1024)

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_OK;

static void global_init(void) {
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads a positive number of seconds (decimals allowed) from the environment into ms. */
static int env_seconds(const char *name, long *ms, bool allow_zero, sg_error *err) {
    const char *value = getenv(name);
    if (value == NULL || *value == '\0') {
        return SG_OK;
    }
    char *end = NULL;
    errno = 0;
    double seconds = strtod(value, &end);
    if (errno != 0 || end == value || *end != '\0' || seconds < 0 || seconds > 86400 ||
        (!allow_zero && seconds == 0) || seconds != seconds) {
        return sgp_error(err, SG_EUSAGE, name, NULL, 0, 0,
                         "%s must be a number of seconds%s, not '%s'", name,
                         allow_zero ? "" : " above 0", value);
    }
    *ms = (long)(seconds * 1000.0 + 0.5);
    return SG_OK;
}

int sgp_http_settings_load(sgp_http_settings *s, sg_error *err) {
    memset(s, 0, sizeof *s);
    s->max_attempts = 3;
    s->retry_base_ms = 1000;
    s->retry_max_ms = 20000;
    s->retry_after_max_ms = 60000;
    s->connect_timeout_ms = 10000;
    s->read_timeout_ms = 30000;
    s->request_timeout_ms = 0;
    s->max_in_flight = 8;
    const char *attempts = getenv("AWS_MAX_ATTEMPTS");
    if (attempts && *attempts) {
        char *end = NULL;
        long n = strtol(attempts, &end, 10);
        if (*end != '\0' || n < 1 || n > 20) {
            return sgp_error(err, SG_EUSAGE, "AWS_MAX_ATTEMPTS", NULL, 0, 0,
                             "AWS_MAX_ATTEMPTS must be a whole number from 1 to 20, not '%s'",
                             attempts);
        }
        s->max_attempts = (int)n;
    }
    int rc = env_seconds("SCHEMAGATE_CONNECT_TIMEOUT", &s->connect_timeout_ms, false, err);
    if (rc == SG_OK) {
        rc = env_seconds("SCHEMAGATE_READ_TIMEOUT", &s->read_timeout_ms, false, err);
    }
    if (rc == SG_OK) {
        rc = env_seconds("SCHEMAGATE_REQUEST_TIMEOUT", &s->request_timeout_ms, true, err);
    }
    if (rc == SG_OK) {
        rc = env_seconds("SCHEMAGATE_RETRY_BASE", &s->retry_base_ms, true, err);
    }
    const char *bundle = getenv("AWS_CA_BUNDLE");
    s->ca_bundle = bundle && *bundle ? bundle : NULL;
    return rc;
}

/* What one request goes through across its attempts. */
typedef enum { T_WAITING, T_RUNNING, T_DONE } transfer_state;

typedef struct transfer {
    const sgp_http_request *req;
    sgp_http_response *resp;
    transfer_state state;
    int64_t start_at; /* monotonic ms: not before */
    int64_t started;
    CURL *easy;
    struct curl_slist *headers;
    sgp_buf body;        /* collected body or error body */
    size_t received;     /* bytes put into req->dest */
    bool overflow;       /* more bytes than expected arrived */
    bool wrong_status;   /* a ranged read got a status other than 206 */
    bool error_body_cut; /* an error body was cut at its limit (the transfer aborted there) */
    char content_range[128];
    char errbuf[CURL_ERROR_SIZE];
    int fail_code; /* final failure (SG_EIO ...) when no retry helps */
    char fail_why[400];
} transfer;

struct sgp_http {
    const sgp_http_settings *settings;
    const sgp_http_signer *signer;
    CURLM *multi;
    uint64_t rng;
};

int sgp_http_new(sgp_http **out, const sgp_http_settings *settings, const sgp_http_signer *signer,
                 sg_error *err) {
    *out = NULL;
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) {
        return sgp_error(err, SG_EINTERNAL, NULL, NULL, 0, 0, "curl_global_init failed: %s",
                         curl_easy_strerror(global_rc));
    }
    sgp_http *http = calloc(1, sizeof *http);
    if (http == NULL) {
        return sgp_error_nomem(err);
    }
    http->settings = settings;
    http->signer = signer;
    http->multi = curl_multi_init();
    if (http->multi == NULL) {
        free(http);
        return sgp_error_nomem(err);
    }
    curl_multi_setopt(http->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)settings->max_in_flight);
    curl_multi_setopt(http->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)settings->max_in_flight);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    http->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
                (uint64_t)(uintptr_t)http;
    http->rng |= 1;
    *out = http;
    return SG_OK;
}

void sgp_http_free(sgp_http *http) {
    if (http == NULL) {
        return;
    }
    curl_multi_cleanup(http->multi);
    free(http);
}

void sgp_http_response_free(sgp_http_response *response) {
    if (response == NULL) {
        return;
    }
    free(response->body);
    response->body = NULL;
    response->body_length = 0;
}

/* xorshift64*: jitter only, not security. */
static double next_random(sgp_http *http) {
    uint64_t x = http->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    http->rng = x;
    return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

char *sgp_http_encode(const char *s, size_t length, bool keep_slash) {
    static const char hex[] = "0123456789ABCDEF";
    if (length > SIZE_MAX / 3 - 1) {
        return NULL;
    }
    char *out = malloc(length * 3 + 1);
    if (out == NULL) {
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}

/* Copies text into a fixed buffer, dropping control characters (bodies are untrusted). */
static void copy_clean(char *dst, size_t size, const char *src, size_t length) {
    size_t o = 0;
    for (size_t i = 0; i < length && o + 1 < size; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    dst[o] = '\0';
}

void sgp_http_parse_error_body(const char *body, size_t length, char *code, size_t code_size,
                               char *message, size_t message_size) {
    code[0] = '\0';
    message[0] = '\0';
    if (body == NULL || length == 0) {
        return;
    }
    size_t i = 0;
    while (i < length &&
           (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
        i++;
    }
    if (i < length && body[i] == '{') {
        json_t *root = json_loadb(body, length, 0, NULL);
        if (json_is_object(root)) {
            const char *type = json_string_value(json_object_get(root, "__type"));
            if (type == NULL) {
                type = json_string_value(json_object_get(root, "code"));
            }
            if (type != NULL) {
                /* "aws.protocoltests#FooError:http://internal" -> "FooError" */
                const char *hash = strrchr(type, '#');
                const char *start = hash ? hash + 1 : type;
                const char *colon = strchr(start, ':');
                copy_clean(code, code_size, start, colon ? (size_t)(colon - start) : strlen(start));
            }
            const char *text = json_string_value(json_object_get(root, "message"));
            if (text == NULL) {
                text = json_string_value(json_object_get(root, "Message"));
            }
            if (text != NULL) {
                copy_clean(message, message_size, text, strlen(text));
            }
        }
        json_decref(root);
        return;
    }
    sgp_s3_error_info info;
    if (sgp_s3_parse_error(&info, body, length)) {
        copy_clean(code, code_size, info.code, strlen(info.code));
        copy_clean(message, message_size, info.message, strlen(info.message));
    }
}

static size_t on_header(char *data, size_t size, size_t count, void *payload) {
    transfer *t = payload;
    size_t length = size * count;
    const char *colon = memchr(data, ':', length);
    if (colon == NULL) {
        return length;
    }
    size_t name_length = (size_t)(colon - data);
    const char *value = colon + 1;
    size_t value_length = length - name_length - 1;
    while (value_length > 0 && (*value == ' ' || *value == '\t')) {
        value++;
        value_length--;
    }
    while (value_length > 0 &&
           (value[value_length - 1] == '\r' || value[value_length - 1] == '\n' ||
            value[value_length - 1] == ' ')) {
        value_length--;
    }
#define HEADER_IS(name)                                                                            \
    (name_length == sizeof name - 1 && strncasecmp(data, name, name_length) == 0)
    sgp_http_response *r = t->resp;
    if (HEADER_IS("etag")) {
        copy_clean(r->etag, sizeof r->etag, value, value_length);
    } else if (HEADER_IS("content-range")) {
        copy_clean(t->content_range, sizeof t->content_range, value, value_length);
    } else if (HEADER_IS("x-amz-request-id") || HEADER_IS("x-amzn-requestid")) {
        copy_clean(r->request_id, sizeof r->request_id, value, value_length);
    } else if (HEADER_IS("x-amz-bucket-region")) {
        copy_clean(r->bucket_region, sizeof r->bucket_region, value, value_length);
    } else if (HEADER_IS("x-amzn-errortype") && r->error_code[0] == '\0') {
        const char *end = memchr(value, ':', value_length);
        copy_clean(r->error_code, sizeof r->error_code, value,
                   end ? (size_t)(end - value) : value_length);
    }
#undef HEADER_IS
    return length;
}

static size_t on_body(char *data, size_t size, size_t count, void *payload) {
    transfer *t = payload;
    size_t length = size * count;
    const sgp_http_request *req = t->req;
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    bool success = status >= 200 && status < 300;
    if (req->ranged && success) {
        if (status != 206) {
            t->wrong_status = true;
            return 0; /* aborts the transfer: a 200 would be the whole object */
        }
        uint64_t want = req->range_last - req->range_first + 1;
        if (length > want - t->received) {
            t->overflow = true;
            return 0;
        }
        memcpy((char *)req->dest + t->received, data, length);
        t->received += length;
        return length;
    }
    size_t limit = success && req->max_body > 0 ? req->max_body : SGP_HTTP_ERROR_BODY_MAX;
    if (length > limit - t->body.len) {
        if (!success) {
            /* An error body: its head is enough for the message. Stop reading there, so a
             * server streaming an endless error page cannot hold the attempt open. */
            sgp_buf_append(&t->body, data, limit - t->body.len);
            t->error_body_cut = true;
            return 0;
        }
        t->overflow = true;
        return 0;
    }
    sgp_buf_append(&t->body, data, length);
    return t->body.failed ? 0 : length;
}

static void wipe_headers(struct curl_slist *list) {
    for (struct curl_slist *h = list; h != NULL; h = h->next) {
        explicit_bzero(h->data, strlen(h->data));
    }
    curl_slist_free_all(list);
}

static bool add_header(struct curl_slist **list, const char *name, const char *value) {
    sgp_buf line = SGP_BUF_INIT;
    sgp_buf_printf(&line, "%s: %s", name, value);
    char *text = sgp_buf_take(&line);
    if (text == NULL) {
        return false;
    }
    struct curl_slist *next = curl_slist_append(*list, text);
    explicit_bzero(text, strlen(text));
    free(text);
    if (next == NULL) {
        return false;
    }
    *list = next;
    return true;
}

/* The host[:port] part of an endpoint URL, as curl sends it in Host. */
static bool endpoint_host(const char *endpoint, char *host, size_t size) {
    const char *p = strstr(endpoint, "://");
    p = p ? p + 3 : endpoint;
    size_t n = strcspn(p, "/?#");
    if (n == 0 || n >= size) {
        return false;
    }
    memcpy(host, p, n);
    host[n] = '\0';
    /* A default port is not part of Host. */
    size_t len = strlen(host);
    if (strncmp(endpoint, "https://", 8) == 0 && len > 4 && strcmp(host + len - 4, ":443") == 0) {
        host[len - 4] = '\0';
    } else if (strncmp(endpoint, "http://", 7) == 0 && len > 3 &&
               strcmp(host + len - 3, ":80") == 0) {
        host[len - 3] = '\0';
    }
    return true;
}

static void amz_date_now(char out[17]) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

/* Builds the headers and signs them for one attempt. */
static int build_headers(sgp_http *http, transfer *t, sg_error *err) {
    const sgp_http_request *req = t->req;
    char host[256];
    if (!endpoint_host(req->endpoint, host, sizeof host)) {
        return sgp_error(err, SG_EUSAGE, req->label, NULL, 0, 0, "bad endpoint URL '%s'",
                         req->endpoint);
    }
    char range[64] = "";
    if (req->ranged) {
        snprintf(range, sizeof range, "bytes=%llu-%llu", (unsigned long long)req->range_first,
                 (unsigned long long)req->range_last);
    }
    sgp_sigv4_header signed_headers[6];
    size_t count = 0;
    signed_headers[count++] = (sgp_sigv4_header){"host", host};
    if (req->ranged) {
        signed_headers[count++] = (sgp_sigv4_header){"range", range};
    }
    if (req->if_match) {
        signed_headers[count++] = (sgp_sigv4_header){"if-match", req->if_match};
    }
    if (req->content_type) {
        signed_headers[count++] = (sgp_sigv4_header){"content-type", req->content_type};
    }
    if (req->target) {
        signed_headers[count++] = (sgp_sigv4_header){"x-amz-target", req->target};
    }
    struct curl_slist *list = NULL;
    bool ok = true;
    for (size_t i = 0; i < count && ok; i++) {
        ok = add_header(&list, signed_headers[i].name, signed_headers[i].value);
    }
    /* No "Expect: 100-continue" round trip for small JSON bodies; no "Accept: *" either. */
    ok = ok && (list = curl_slist_append(list, "Expect:")) != NULL;
    ok = ok && (list = curl_slist_append(list, "Accept:")) != NULL;
    if (!ok) {
        wipe_headers(list);
        return sgp_error_nomem(err);
    }
    const sgp_http_signer *signer = http->signer;
    if (signer && signer->access_key_id) {
        char date[17];
        amz_date_now(date);
        sgp_sigv4_request sreq = {req->method, req->path, req->query,      signed_headers,
                                  count,       req->body, req->body_length};
        sgp_sigv4_params params;
        memset(&params, 0, sizeof params);
        params.access_key_id = signer->access_key_id;
        params.secret_access_key = signer->secret_access_key;
        params.session_token = signer->session_token;
        params.region = req->region;
        params.service = req->service;
        params.amz_date = date;
        params.s3 = req->s3;
        params.normalize_path = !req->s3;
        params.add_content_sha256 = req->s3;
        sgp_sigv4_result result;
        memset(&result, 0, sizeof result);
        int rc = sgp_sigv4_sign(&sreq, &params, &result, err);
        if (rc != SG_OK) {
            wipe_headers(list);
            return rc;
        }
        ok = add_header(&list, "Authorization", result.authorization);
        /* added_headers: "name:value\n" lines (x-amz-date, token, content hash). They are cut
         * in place below, so the whole buffer is wiped by its original length afterwards. */
        size_t added_length = result.added_headers ? strlen(result.added_headers) : 0;
        for (char *line = result.added_headers; ok && line && *line;) {
            char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);
            char *colon = memchr(line, ':', n);
            if (colon != NULL) {
                *colon = '\0';
                if (nl) {
                    *nl = '\0';
                }
                ok = add_header(&list, line, colon + 1);
            }
            line = nl ? nl + 1 : line + n;
        }
        if (result.added_headers) {
            explicit_bzero(result.added_headers, added_length);
        }
        sgp_sigv4_result_free(&result);
        if (!ok) {
            wipe_headers(list);
            return sgp_error_nomem(err);
        }
    }
    t->headers = list;
    return SG_OK;
}

static int start_attempt(sgp_http *http, transfer *t, sg_error *err) {
    const sgp_http_request *req = t->req;
    sgp_http_response *r = t->resp;
    const sgp_http_settings *s = http->settings;
    /* Reset what one attempt produces. */
    sgp_buf_free(&t->body);
    t->body = (sgp_buf)SGP_BUF_INIT;
    t->received = 0;
    t->overflow = t->wrong_status = t->error_body_cut = false;
    t->content_range[0] = '\0';
    t->errbuf[0] = '\0';
    t->fail_code = 0;
    t->fail_why[0] = '\0';
    r->status = 0;
    r->etag[0] = r->request_id[0] = r->bucket_region[0] = '\0';
    r->error_code[0] = r->error_message[0] = '\0';
    int rc = build_headers(http, t, err);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_buf url = SGP_BUF_INIT;
    sgp_buf_printf(&url, "%s%s%s%s", req->endpoint, req->path, req->query ? "?" : "",
                   req->query ? req->query : "");
    char *text = sgp_buf_take(&url);
    CURL *easy = t->easy ? t->easy : curl_easy_init();
    if (text == NULL || easy == NULL) {
        free(text);
        if (easy && !t->easy) {
            curl_easy_cleanup(easy);
        }
        return sgp_error_nomem(err);
    }
    t->easy = easy;
    curl_easy_reset(easy);
    curl_easy_setopt(easy, CURLOPT_URL, text);
    free(text);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, t);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, s->connect_timeout_ms);
    /* Read timeout: less than 1 KiB/s over the whole window (curl counts whole seconds) is a
     * stalled transfer; a server trickling bytes must not hold a check forever. */
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                     s->read_timeout_ms < 1000 ? 1L : (s->read_timeout_ms + 999) / 1000);
    if (s->request_timeout_ms > 0) {
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, s->request_timeout_ms);
    }
    if (s->ca_bundle) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, s->ca_bundle);
    }
    if (strcmp(req->method, "HEAD") == 0) {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (strcmp(req->method, "POST") == 0) {
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req->body ? (const char *)req->body : "");
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_length);
    } else if (strcmp(req->method, "GET") != 0) {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, req->method);
    }
    if (curl_multi_add_handle(http->multi, easy) != CURLM_OK) {
        return sgp_error(err, SG_EINTERNAL, req->label, NULL, 0, 0, "curl_multi_add_handle failed");
    }
    r->attempts++;
    t->state = T_RUNNING;
    t->started = now_ms();
    return SG_OK;
}

static bool retryable_curl(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

/* Error codes the SDKs treat as throttling or transient whatever the status. */
static bool retryable_code(const char *code) {
    static const char *const codes[] = {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalError",
        "InternalServiceException",
        "ServiceUnavailable",
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (strcmp(code, codes[i]) == 0) {
            return true;
        }
    }
    return false;
}

static bool retryable_status(long status) {
    return status == 500 || status == 502 || status == 503 || status == 504 || status == 429;
}

/* Parses "bytes a-b/total" and checks it against the range asked for. */
static bool content_range_matches(const char *value, uint64_t first, uint64_t last) {
    unsigned long long a, b;
    int used = 0;
    if (sscanf(value, "bytes %llu-%llu/%n", &a, &b, &used) != 2 || used == 0) {
        return false;
    }
    return a == first && b == last;
}

/* What happened to one attempt: done (final answer), retry, or failed (fail_code set). */
typedef enum { OUTCOME_DONE, OUTCOME_RETRY, OUTCOME_FAILED } outcome;

static outcome judge(transfer *t, CURLcode code, long *retry_after_ms) {
    const sgp_http_request *req = t->req;
    sgp_http_response *r = t->resp;
    *retry_after_ms = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r->status);
    curl_off_t length = -1;
    curl_easy_getinfo(t->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    r->content_length = length >= 0 ? (uint64_t)length : UINT64_MAX;
    if (t->wrong_status) {
        snprintf(t->fail_why, sizeof t->fail_why,
                 "the server answered a ranged read with HTTP %ld instead of 206 (it ignored the "
                 "Range header)",
                 r->status);
        t->fail_code = SG_EIO;
        return OUTCOME_FAILED;
    }
    if (t->overflow) {
        if (req->ranged) {
            snprintf(t->fail_why, sizeof t->fail_why,
                     "the server sent more than the %llu bytes asked for",
                     (unsigned long long)(req->range_last - req->range_first + 1));
            t->fail_code = SG_EIO;
        } else {
            snprintf(t->fail_why, sizeof t->fail_why, "the response is larger than %zu bytes",
                     req->max_body);
            t->fail_code = SG_ELIMIT;
        }
        return OUTCOME_FAILED;
    }
    if (code == CURLE_WRITE_ERROR && t->error_body_cut) {
        code = CURLE_OK; /* the error answer is complete enough: judged below by its status */
    }
    if (code != CURLE_OK) {
        const char *detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(code);
        if (code == CURLE_OPERATION_TIMEDOUT) {
            snprintf(t->fail_why, sizeof t->fail_why, "timed out: %s", detail);
        } else if (code == CURLE_PARTIAL_FILE) {
            snprintf(t->fail_why, sizeof t->fail_why,
                     "the connection closed before the whole body arrived: %s", detail);
        } else {
            snprintf(t->fail_why, sizeof t->fail_why, "%s", detail);
        }
        t->fail_code = SG_EIO;
        return retryable_curl(code) ? OUTCOME_RETRY : OUTCOME_FAILED;
    }
    sgp_buf_append(&t->body, "", 0);
    if (r->status < 200 || r->status >= 300) {
        char code_text[128];
        char message[384];
        sgp_http_parse_error_body(t->body.data, t->body.len, code_text, sizeof code_text, message,
                                  sizeof message);
        if (code_text[0]) {
            snprintf(r->error_code, sizeof r->error_code, "%s", code_text);
        }
        if (message[0]) {
            snprintf(r->error_message, sizeof r->error_message, "%s", message);
        }
        curl_off_t after = -1;
        curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER, &after);
        if (after > 0) {
            *retry_after_ms = after > 86400 ? 86400000L : (long)after * 1000;
        }
        if (retryable_status(r->status) || (r->error_code[0] && retryable_code(r->error_code))) {
            snprintf(t->fail_why, sizeof t->fail_why, "HTTP %ld%s%s", r->status,
                     r->error_code[0] ? " " : "", r->error_code);
            return OUTCOME_RETRY;
        }
        return OUTCOME_DONE;
    }
    if (req->if_match && r->etag[0] && strcmp(r->etag, req->if_match) != 0) {
        snprintf(t->fail_why, sizeof t->fail_why,
                 "the object changed while it was being read (ETag %s, was %s)", r->etag,
                 req->if_match);
        t->fail_code = SG_EIO;
        return OUTCOME_FAILED;
    }
    if (req->ranged) {
        uint64_t want = req->range_last - req->range_first + 1;
        if (!content_range_matches(t->content_range, req->range_first, req->range_last)) {
            snprintf(t->fail_why, sizeof t->fail_why,
                     "the server answered bytes %llu-%llu with Content-Range '%s'",
                     (unsigned long long)req->range_first, (unsigned long long)req->range_last,
                     t->content_range);
            t->fail_code = SG_EIO;
            return OUTCOME_FAILED;
        }
        if (t->received != want) {
            snprintf(t->fail_why, sizeof t->fail_why,
                     "short read: %zu of %llu bytes arrived for bytes %llu-%llu", t->received,
                     (unsigned long long)want, (unsigned long long)req->range_first,
                     (unsigned long long)req->range_last);
            t->fail_code = SG_EIO;
            return OUTCOME_FAILED;
        }
    } else if (r->content_length != UINT64_MAX && strcmp(req->method, "HEAD") != 0 &&
               r->content_length != t->body.len) {
        snprintf(t->fail_why, sizeof t->fail_why, "short read: %zu of %llu bytes arrived",
                 t->body.len, (unsigned long long)r->content_length);
        t->fail_code = SG_EIO;
        return OUTCOME_RETRY;
    }
    return OUTCOME_DONE;
}

static void log_attempt(sgp_http *http, const transfer *t, const char *what) {
    FILE *log = http->settings->log;
    if (log == NULL) {
        return;
    }
    const sgp_http_request *req = t->req;
    /* Endpoint, path and query only: credentials travel in headers, which are never logged. */
    fprintf(log, "schemagate: %s %s%s%s%s%s%s (attempt %d): %s, %lld ms\n", req->method,
            req->endpoint, req->path, req->query ? "?" : "", req->query ? req->query : "",
            req->target ? " " : "", req->target ? req->target : "", t->resp->attempts, what,
            (long long)(now_ms() - t->started));
}

static void finish_attempt(sgp_http *http, transfer *t) {
    curl_multi_remove_handle(http->multi, t->easy);
    wipe_headers(t->headers);
    t->headers = NULL;
}

int sgp_http_perform(sgp_http *http, const sgp_http_request *requests, sgp_http_response *responses,
                     size_t n, sg_error *err) {
    if (n == 0) {
        return SG_OK;
    }
    for (size_t i = 0; i < n; i++) {
        memset(&responses[i], 0, sizeof responses[i]); /* callers free them whatever happens */
    }
    transfer *ts = calloc(n, sizeof *ts);
    if (ts == NULL) {
        return sgp_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        ts[i].req = &requests[i];
        ts[i].resp = &responses[i];
        ts[i].state = T_WAITING;
        ts[i].body = (sgp_buf)SGP_BUF_INIT;
    }
    const sgp_http_settings *s = http->settings;
    int rc = SG_OK;
    size_t done = 0;
    int running = 0;
    while (done < n && rc == SG_OK) {
        /* Start what may start. */
        int64_t now = now_ms();
        int64_t next_start = INT64_MAX;
        int in_flight = 0;
        for (size_t i = 0; i < n; i++) {
            in_flight += ts[i].state == T_RUNNING;
        }
        for (size_t i = 0; i < n && rc == SG_OK; i++) {
            if (ts[i].state != T_WAITING) {
                continue;
            }
            if (ts[i].start_at <= now && in_flight < s->max_in_flight) {
                rc = start_attempt(http, &ts[i], err);
                in_flight++;
            } else if (ts[i].start_at > now && ts[i].start_at < next_start) {
                next_start = ts[i].start_at;
            }
        }
        if (rc != SG_OK) {
            break;
        }
        CURLMcode mc = curl_multi_perform(http->multi, &running);
        if (mc == CURLM_OK) {
            int wait_ms = 100;
            if (next_start != INT64_MAX) {
                int64_t until = next_start - now_ms();
                wait_ms = until < 0 ? 0 : until < wait_ms ? (int)until : wait_ms;
            }
            if (running > 0 || next_start != INT64_MAX) {
                mc = curl_multi_poll(http->multi, NULL, 0, wait_ms, NULL);
            }
        }
        if (mc != CURLM_OK) {
            rc = sgp_error(err, SG_EINTERNAL, requests[0].label, NULL, 0, 0, "curl multi: %s",
                           curl_multi_strerror(mc));
            break;
        }
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(http->multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE) {
                continue;
            }
            transfer *t = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            CURLcode code = msg->data.result;
            long retry_after = 0;
            outcome o = judge(t, code, &retry_after);
            finish_attempt(http, t);
            if (o == OUTCOME_RETRY && t->resp->attempts < s->max_attempts) {
                double cap = (double)s->retry_base_ms * (double)(1u << (t->resp->attempts - 1));
                if (cap > (double)s->retry_max_ms) {
                    cap = (double)s->retry_max_ms;
                }
                long wait = (long)(next_random(http) * cap);
                if (retry_after > s->retry_after_max_ms) {
                    log_attempt(http, t, t->fail_why);
                    snprintf(
                        t->fail_why + strlen(t->fail_why), sizeof t->fail_why - strlen(t->fail_why),
                        "; the server asked to retry after %ld s, longer than schemagate waits",
                        retry_after / 1000);
                    t->fail_code = SG_EIO;
                    o = OUTCOME_FAILED;
                } else {
                    if (retry_after > wait) {
                        wait = retry_after;
                    }
                    char what[480];
                    snprintf(what, sizeof what, "%s; retrying in %ld ms", t->fail_why, wait);
                    log_attempt(http, t, what);
                    t->start_at = now_ms() + wait;
                    t->state = T_WAITING;
                    continue;
                }
            } else if (o == OUTCOME_RETRY && t->fail_code != 0) {
                o = OUTCOME_FAILED; /* out of attempts, the last one cut off or timed out */
            } else if (o == OUTCOME_RETRY) {
                o = OUTCOME_DONE; /* out of attempts: the caller reports the last status */
            }
            char what[480];
            if (o == OUTCOME_DONE) {
                snprintf(what, sizeof what, "HTTP %ld", t->resp->status);
            } else {
                snprintf(what, sizeof what, "failed: %s", t->fail_why);
            }
            log_attempt(http, t, what);
            t->state = T_DONE;
            done++;
            sgp_http_response *r = t->resp;
            if (o == OUTCOME_FAILED) {
                rc = sgp_error(err, t->fail_code ? t->fail_code : SG_EIO, t->req->label, NULL, 0, 0,
                               "%s %s failed after %d attempt%s: %s", t->req->method, t->req->label,
                               r->attempts, r->attempts == 1 ? "" : "s", t->fail_why);
                break;
            }
            if (!t->req->ranged || r->status < 200 || r->status >= 300) {
                r->body_length = t->body.len;
                r->body = sgp_buf_take(&t->body);
                t->body = (sgp_buf)SGP_BUF_INIT;
                if (r->body == NULL) {
                    rc = sgp_error_nomem(err);
                    break;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (ts[i].state == T_RUNNING) {
            finish_attempt(http, &ts[i]);
        }
        if (ts[i].easy) {
            curl_easy_cleanup(ts[i].easy);
        }
        wipe_headers(ts[i].headers);
        sgp_buf_free(&ts[i].body);
    }
    free(ts);
    return rc;
}

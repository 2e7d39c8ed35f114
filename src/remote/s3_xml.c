/*
 * remote/s3_xml.c: ListObjectsV2 pages and S3 error documents from their XML (see s3_xml.h).
 * Owns what a page must contain to be followed safely (one Key and a numeric Size per entry, a
 * continuation token on every truncated page) and S3's URL encoding of keys.
 */
#include "remote/s3_xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remote/xml.h"
#include "util/escape.h"
#include "util/util.h"

void sgp_s3_list_page_free(sgp_s3_list_page *page) {
    if (page == NULL) {
        return;
    }
    for (size_t i = 0; i < page->object_count; i++) {
        free(page->objects[i].key);
        free(page->objects[i].etag);
    }
    free(page->objects);
    for (size_t i = 0; i < page->prefix_count; i++) {
        free(page->common_prefixes[i]);
    }
    free(page->common_prefixes);
    free(page->next_continuation_token);
    memset(page, 0, sizeof *page);
}

typedef struct sgp_s3_ctx {
    const char *source;
    sg_error *err;
    char path[SG_ERROR_PATH_MAX];
} sgp_s3_ctx;

static int sgp_s3_fail(sgp_s3_ctx *C, int code, const char *fmt, ...) SGP_PRINTF(3, 4);

static int sgp_s3_fail(sgp_s3_ctx *C, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(C->err, code, C->source, C->path, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

/* The one child called name of parent in *out (NULL when absent and optional). Two are an
 * error: which one a client would pick is a guess. */
static int sgp_s3_single(sgp_s3_ctx *C, const sgp_xml_node *parent, const char *name, bool required,
                         const sgp_xml_node **out) {
    *out = sgp_xml_child(parent, name);
    if (*out == NULL && required) {
        return sgp_s3_fail(C, SG_EINVALID, "missing <%s>", name);
    }
    if (*out != NULL && sgp_xml_next_named(*out) != NULL) {
        return sgp_s3_fail(C, SG_EINVALID, "more than one <%s>", name);
    }
    return SG_OK;
}

/* The text of node without the XML whitespace around it, for values of XML Schema types
 * (xs:long, xs:boolean) whose lexical form allows it. */
static const char *sgp_s3_trimmed(const sgp_xml_node *node, size_t *length) {
    const char *s = sgp_xml_text(node);
    size_t n = sgp_xml_text_length(node);
    while (n > 0 && strchr(" \t\r\n", s[0]) != NULL) {
        s++;
        n--;
    }
    while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL) {
        n--;
    }
    *length = n;
    return s;
}

static bool sgp_s3_is(const char *s, size_t n, const char *word) {
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* Text for a message: escaped for a terminal, and cut short. */
static char *sgp_s3_quoted(const char *s, size_t n) {
    sgp_buf b = SGP_BUF_INIT;
    sgp_buf_escaped(&b, s, n > 200 ? 200 : n, true);
    if (n > 200) {
        sgp_buf_puts(&b, "...");
    }
    return sgp_buf_take(&b);
}

/*
 * A copy of node's text, URL-decoded when url is set (S3's encoding: %XX for a byte, '+' for a
 * space). Decoding never lengthens the text, so the copy is allocated once.
 */
static int sgp_s3_string(sgp_s3_ctx *C, const sgp_xml_node *node, bool url, char **out) {
    const char *s = sgp_xml_text(node);
    size_t n = sgp_xml_text_length(node);
    char *d = malloc(n + 1);
    if (d == NULL) {
        return sgp_error_nomem(C->err);
    }
    if (!url) {
        memcpy(d, s, n + 1);
        *out = d;
        return SG_OK;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            d[k++] = ' ';
        } else if (s[i] != '%') {
            d[k++] = s[i];
        } else {
            int hi = i + 2 < n ? sgp_hex_digit(s[i + 1]) : -1;
            int lo = hi >= 0 ? sgp_hex_digit(s[i + 2]) : -1;
            if (lo < 0 || (hi == 0 && lo == 0)) {
                free(d);
                char *q = sgp_s3_quoted(s, n);
                int rc =
                    sgp_s3_fail(C, SG_EINVALID, "%s in the URL-encoded value \"%s\"",
                                lo < 0 ? "malformed %XX escape" : "escaped NUL (%00)", q ? q : "");
                free(q);
                return rc;
            }
            d[k++] = (char)(hi * 16 + lo);
            i += 2;
        }
    }
    d[k] = '\0';
    if (!sgp_utf8_valid(d, k)) {
        free(d);
        char *q = sgp_s3_quoted(s, n);
        int rc = sgp_s3_fail(C, SG_EINVALID,
                             "the URL-encoded value \"%s\" does not decode to UTF-8", q ? q : "");
        free(q);
        return rc;
    }
    *out = d;
    return SG_OK;
}

/* A decimal uint64: digits only (around XML whitespace), no sign, no overflow. */
static bool sgp_s3_uint64(const char *s, size_t n, uint64_t *out) {
    if (n == 0) {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        unsigned digit = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - digit) / 10) {
            return false;
        }
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

static int sgp_s3_entry(sgp_s3_ctx *C, const sgp_xml_node *contents, bool url,
                        sgp_s3_object_entry *entry) {
    const sgp_xml_node *key, *size, *etag;
    int rc = sgp_s3_single(C, contents, "Key", true, &key);
    if (rc == SG_OK) {
        rc = sgp_s3_single(C, contents, "Size", true, &size);
    }
    if (rc == SG_OK) {
        rc = sgp_s3_single(C, contents, "ETag", false, &etag);
    }
    if (rc != SG_OK) {
        return rc;
    }
    if (sgp_xml_text_length(key) == 0) {
        return sgp_s3_fail(C, SG_EINVALID, "empty <Key>");
    }
    rc = sgp_s3_string(C, key, url, &entry->key);
    if (rc != SG_OK) {
        return rc;
    }
    size_t n;
    const char *digits = sgp_s3_trimmed(size, &n);
    if (!sgp_s3_uint64(digits, n, &entry->size)) {
        char *q = sgp_s3_quoted(entry->key, strlen(entry->key));
        char *v = sgp_s3_quoted(sgp_xml_text(size), sgp_xml_text_length(size));
        rc = sgp_s3_fail(C, SG_EINVALID,
                         "the Size of \"%s\" is not a decimal unsigned 64-bit integer: \"%s\"",
                         q ? q : "", v ? v : "");
        free(q);
        free(v);
        return rc;
    }
    if (etag != NULL) {
        rc = sgp_s3_string(C, etag, false, &entry->etag);
    }
    return rc;
}

/* The part of the page after the root is known to be a ListBucketResult. */
static int sgp_s3_page(sgp_s3_ctx *C, const sgp_xml_node *root, sgp_s3_list_page *out) {
    const sgp_xml_node *encoding, *truncated, *token;
    snprintf(C->path, sizeof C->path, "ListBucketResult");
    int rc = sgp_s3_single(C, root, "EncodingType", false, &encoding);
    if (rc == SG_OK) {
        rc = sgp_s3_single(C, root, "IsTruncated", true, &truncated);
    }
    if (rc == SG_OK) {
        rc = sgp_s3_single(C, root, "NextContinuationToken", false, &token);
    }
    if (rc != SG_OK) {
        return rc;
    }
    bool url = false;
    if (encoding != NULL) {
        size_t n;
        const char *e = sgp_s3_trimmed(encoding, &n);
        if (!sgp_s3_is(e, n, "url")) {
            char *q = sgp_s3_quoted(e, n);
            rc = sgp_s3_fail(C, SG_EUNSUPPORTED, "EncodingType \"%s\" is not supported (only url)",
                             q ? q : "");
            free(q);
            return rc;
        }
        url = true;
    }
    size_t n;
    const char *t = sgp_s3_trimmed(truncated, &n);
    if (sgp_s3_is(t, n, "true") || sgp_s3_is(t, n, "1")) {
        out->truncated = true;
    } else if (!sgp_s3_is(t, n, "false") && !sgp_s3_is(t, n, "0")) {
        char *q = sgp_s3_quoted(t, n);
        rc = sgp_s3_fail(C, SG_EINVALID, "IsTruncated must be true or false, not \"%s\"",
                         q ? q : "");
        free(q);
        return rc;
    }
    if (out->truncated) {
        if (token == NULL || sgp_xml_text_length(token) == 0) {
            return sgp_s3_fail(C, SG_EINVALID,
                               "the page is truncated but has no NextContinuationToken to "
                               "continue from");
        }
        rc = sgp_s3_string(C, token, false, &out->next_continuation_token);
        if (rc != SG_OK) {
            return rc;
        }
    }

    size_t objects = sgp_xml_count_named(root, "Contents");
    size_t prefixes = sgp_xml_count_named(root, "CommonPrefixes");
    if (objects > 0 && (out->objects = calloc(objects, sizeof *out->objects)) == NULL) {
        return sgp_error_nomem(C->err);
    }
    if (prefixes > 0 &&
        (out->common_prefixes = calloc(prefixes, sizeof *out->common_prefixes)) == NULL) {
        return sgp_error_nomem(C->err);
    }
    size_t i = 0;
    for (const sgp_xml_node *c = sgp_xml_child(root, "Contents"); c; c = sgp_xml_next_named(c)) {
        snprintf(C->path, sizeof C->path, "ListBucketResult/Contents[%zu]", i);
        /* Counted before filling, so that a failure part-way frees what was filled. */
        out->object_count = ++i;
        rc = sgp_s3_entry(C, c, url, &out->objects[i - 1]);
        if (rc != SG_OK) {
            return rc;
        }
    }
    i = 0;
    for (const sgp_xml_node *c = sgp_xml_child(root, "CommonPrefixes"); c;
         c = sgp_xml_next_named(c)) {
        snprintf(C->path, sizeof C->path, "ListBucketResult/CommonPrefixes[%zu]", i);
        out->prefix_count = ++i;
        const sgp_xml_node *prefix;
        rc = sgp_s3_single(C, c, "Prefix", true, &prefix);
        if (rc == SG_OK) {
            rc = sgp_s3_string(C, prefix, url, &out->common_prefixes[i - 1]);
        }
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

/* Copies text into a fixed field, cut at a character boundary. */
static void sgp_s3_copy_field(char *dst, size_t size, const sgp_xml_node *node) {
    dst[0] = '\0';
    if (node == NULL) {
        return;
    }
    const char *s = sgp_xml_text(node);
    size_t n = sgp_xml_text_length(node);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
            n--;
        }
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static void sgp_s3_error_fields(sgp_s3_error_info *out, const sgp_xml_node *root) {
    sgp_s3_copy_field(out->code, sizeof out->code, sgp_xml_child(root, "Code"));
    sgp_s3_copy_field(out->message, sizeof out->message, sgp_xml_child(root, "Message"));
    sgp_s3_copy_field(out->request_id, sizeof out->request_id, sgp_xml_child(root, "RequestId"));
}

int sgp_s3_parse_list_page(sgp_s3_list_page *out, const char *xml, size_t length,
                           const char *source, sg_error *err) {
    if (out == NULL) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "sgp_s3_parse_list_page: out is NULL");
    }
    memset(out, 0, sizeof *out);
    sgp_xml_node *root;
    int rc = sgp_xml_parse(&root, xml, length, source, err);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_s3_ctx C = {.source = source, .err = err, .path = ""};
    if (strcmp(sgp_xml_name(root), "Error") == 0) {
        sgp_s3_error_info info;
        sgp_s3_error_fields(&info, root);
        rc = sgp_s3_fail(&C, SG_EINVALID, "the response is an S3 error, not a listing: %s: %s",
                         info.code[0] ? info.code : "(no code)", info.message);
    } else if (strcmp(sgp_xml_name(root), "ListBucketResult") != 0) {
        char *q = sgp_s3_quoted(sgp_xml_name(root), strlen(sgp_xml_name(root)));
        rc = sgp_s3_fail(&C, SG_EINVALID, "expected a ListBucketResult document, not <%s>",
                         q ? q : "");
        free(q);
    } else {
        rc = sgp_s3_page(&C, root, out);
    }
    sgp_xml_free(root);
    if (rc != SG_OK) {
        sgp_s3_list_page_free(out);
    }
    return rc;
}

bool sgp_s3_parse_error(sgp_s3_error_info *out, const char *xml, size_t length) {
    memset(out, 0, sizeof *out);
    sgp_xml_node *root;
    if (sgp_xml_parse(&root, xml, length, NULL, NULL) != SG_OK) {
        return false;
    }
    /* S3 answers <Error>; the query-protocol services (and moto for every service when a
     * signature is refused) answer <ErrorResponse><Error> or <ErrorResponse><Errors><Error>. */
    const sgp_xml_node *error = root;
    if (strcmp(sgp_xml_name(root), "ErrorResponse") == 0 ||
        strcmp(sgp_xml_name(root), "Response") == 0) {
        const sgp_xml_node *errors = sgp_xml_child(root, "Errors");
        error = sgp_xml_child(errors ? errors : root, "Error");
    }
    bool is_error = error != NULL && strcmp(sgp_xml_name(error), "Error") == 0;
    if (is_error) {
        sgp_s3_error_fields(out, error);
    }
    sgp_xml_free(root);
    return is_error;
}

/*
 * remote/sigv4.c: AWS Signature Version 4 signing (see sigv4.h). Owns the canonical request
 * rules (path encoding per service, sorted query, canonical headers), the signing key
 * derivation and HMAC-SHA256. Key material lives in stack buffers that are wiped before return.
 */
#include "remote/sigv4.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Wipes secrets through a volatile pointer so the stores are not optimised away. */
static void sgp_sigv4_wipe(void *p, size_t n) {
    volatile uint8_t *v = p;
    while (n--) {
        *v++ = 0;
    }
}

void sgp_hmac_sha256(const void *key, size_t key_length, const void *data, size_t length,
                     uint8_t mac[32]) {
    uint8_t block[64] = {0};
    uint8_t pad[64];
    uint8_t inner[32];
    sgp_sha256 ctx;
    if (key_length > sizeof block) {
        sgp_sha256_init(&ctx);
        sgp_sha256_update(&ctx, key, key_length);
        sgp_sha256_final(&ctx, block);
    } else if (key_length > 0) {
        memcpy(block, key, key_length);
    }
    for (size_t i = 0; i < sizeof pad; i++) {
        pad[i] = block[i] ^ 0x36;
    }
    sgp_sha256_init(&ctx);
    sgp_sha256_update(&ctx, pad, sizeof pad);
    sgp_sha256_update(&ctx, data, length);
    sgp_sha256_final(&ctx, inner);
    for (size_t i = 0; i < sizeof pad; i++) {
        pad[i] = block[i] ^ 0x5c;
    }
    sgp_sha256_init(&ctx);
    sgp_sha256_update(&ctx, pad, sizeof pad);
    sgp_sha256_update(&ctx, inner, sizeof inner);
    sgp_sha256_final(&ctx, mac);
    sgp_sigv4_wipe(block, sizeof block);
    sgp_sigv4_wipe(pad, sizeof pad);
    sgp_sigv4_wipe(inner, sizeof inner);
    sgp_sigv4_wipe(&ctx, sizeof ctx);
}

static bool sgp_sigv4_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

/* Percent-encodes every byte but the unreserved ones (and '/' when keep_slash). */
static void sgp_sigv4_encode(sgp_buf *out, const char *s, size_t n, bool keep_slash) {
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (sgp_sigv4_unreserved(c) || (keep_slash && c == '/')) {
            sgp_buf_append(out, (const char *)&c, 1);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            sgp_buf_append(out, e, 3);
        }
    }
}

/* Decodes %XX escapes (a malformed escape stays literal) and then encodes canonically, so an
 * already-encoded query and a raw one give the same canonical form. '+' is kept as a byte. */
static void sgp_sigv4_reencode(sgp_buf *out, const char *s, size_t n) {
    sgp_buf raw = SGP_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = sgp_hex_digit(s[i + 1])) >= 0 &&
            (lo = sgp_hex_digit(s[i + 2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            sgp_buf_append(&raw, &c, 1);
            i += 2;
        } else {
            sgp_buf_append(&raw, &s[i], 1);
        }
    }
    if (raw.failed) {
        out->failed = true;
    } else {
        sgp_sigv4_encode(out, raw.data ? raw.data : "", raw.len, false);
    }
    sgp_buf_free(&raw);
}

/* Removes ".", ".." and empty segments; keeps a trailing '/' that the path had. */
static void sgp_sigv4_normalize(sgp_buf *out, const char *path) {
    size_t n = strlen(path);
    size_t *starts = NULL, count = 0, cap = 0;
    sgp_buf work = SGP_BUF_INIT;
    for (size_t i = 0; i < n;) {
        while (i < n && path[i] == '/') {
            i++;
        }
        size_t j = i;
        while (j < n && path[j] != '/') {
            j++;
        }
        size_t len = j - i;
        if (len == 0 || (len == 1 && path[i] == '.')) {
            /* nothing */
        } else if (len == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (count > 0) {
                count--;
                work.len = starts[count];
            }
        } else {
            if (!sgp_reserve((void **)&starts, &cap, count + 1, sizeof *starts)) {
                out->failed = true;
                break;
            }
            starts[count++] = work.len;
            sgp_buf_append(&work, "/", 1);
            sgp_buf_append(&work, path + i, len);
        }
        i = j;
    }
    if (work.failed) {
        out->failed = true;
    }
    if (work.len == 0) {
        sgp_buf_append(out, "/", 1);
    } else {
        sgp_buf_append(out, work.data, work.len);
        if (n > 0 && path[n - 1] == '/') {
            sgp_buf_append(out, "/", 1);
        }
    }
    free(starts);
    sgp_buf_free(&work);
}

typedef struct sgp_sigv4_pair {
    char *name;
    char *value;
    size_t order;
} sgp_sigv4_pair;

static int sgp_sigv4_pair_cmp(const void *a, const void *b) {
    const sgp_sigv4_pair *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c == 0) {
        c = strcmp(x->value, y->value);
    }
    return c;
}

/* Headers sort by name only; the original order breaks ties so repeated values keep theirs. */
static int sgp_sigv4_header_cmp(const void *a, const void *b) {
    const sgp_sigv4_pair *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c == 0) {
        c = x->order < y->order ? -1 : x->order > y->order;
    }
    return c;
}

static void sgp_sigv4_free_pairs(sgp_sigv4_pair *pairs, size_t count) {
    for (size_t i = 0; i < count; i++) {
        free(pairs[i].name);
        free(pairs[i].value);
    }
    free(pairs);
}

/* The canonical query: pairs split on '&' and the first '=', encoded, sorted. */
static int sgp_sigv4_query(sgp_buf *out, const char *query) {
    sgp_sigv4_pair *pairs = NULL;
    size_t count = 0, cap = 0;
    int rc = SG_OK;
    const char *p = query ? query : "";
    while (*p) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0) {
            const char *eq = memchr(p, '=', len);
            size_t nlen = eq ? (size_t)(eq - p) : len;
            sgp_buf name = SGP_BUF_INIT, value = SGP_BUF_INIT;
            sgp_sigv4_reencode(&name, p, nlen);
            if (eq) {
                sgp_sigv4_reencode(&value, eq + 1, len - nlen - 1);
            }
            sgp_buf_append(&name, "", 0);
            sgp_buf_append(&value, "", 0);
            if (!sgp_reserve((void **)&pairs, &cap, count + 1, sizeof *pairs) || name.failed ||
                value.failed || !name.data || !value.data) {
                sgp_buf_free(&name);
                sgp_buf_free(&value);
                rc = SG_ENOMEM;
                break;
            }
            pairs[count].name = sgp_buf_take(&name);
            pairs[count].value = sgp_buf_take(&value);
            pairs[count].order = count;
            count++;
        }
        p += len;
        if (*p == '&') {
            p++;
        }
    }
    if (rc == SG_OK) {
        if (count > 1) {
            qsort(pairs, count, sizeof *pairs, sgp_sigv4_pair_cmp);
        }
        for (size_t i = 0; i < count; i++) {
            sgp_buf_printf(out, "%s%s=%s", i ? "&" : "", pairs[i].name, pairs[i].value);
        }
    }
    sgp_sigv4_free_pairs(pairs, count);
    return rc;
}

/* Appends value trimmed, with every run of spaces and tabs reduced to one space. */
static void sgp_sigv4_header_value(sgp_buf *out, const char *v) {
    bool pending = false, any = false;
    for (; *v; v++) {
        if (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n') {
            pending = any;
            continue;
        }
        if (pending) {
            sgp_buf_append(out, " ", 1);
            pending = false;
        }
        sgp_buf_append(out, v, 1);
        any = true;
    }
}

static bool sgp_sigv4_add_header(sgp_sigv4_pair **pairs, size_t *count, size_t *cap,
                                 const char *name, const char *value) {
    if (!sgp_reserve((void **)pairs, cap, *count + 1, sizeof **pairs)) {
        return false;
    }
    sgp_buf n = SGP_BUF_INIT, v = SGP_BUF_INIT;
    for (const char *c = name; *c; c++) {
        char l = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
        sgp_buf_append(&n, &l, 1);
    }
    sgp_sigv4_header_value(&v, value);
    sgp_buf_append(&n, "", 0);
    sgp_buf_append(&v, "", 0);
    if (n.failed || v.failed || !n.data || !v.data) {
        sgp_buf_free(&n);
        sgp_buf_free(&v);
        return false;
    }
    (*pairs)[*count].name = sgp_buf_take(&n);
    (*pairs)[*count].value = sgp_buf_take(&v);
    (*pairs)[*count].order = *count;
    (*count)++;
    return true;
}

static bool sgp_sigv4_is_date(const char *d) {
    if (!d || strlen(d) != 16 || d[8] != 'T' || d[15] != 'Z') {
        return false;
    }
    for (int i = 0; i < 15; i++) {
        if (i != 8 && (d[i] < '0' || d[i] > '9')) {
            return false;
        }
    }
    return true;
}

static bool sgp_sigv4_scope_part_ok(const char *s) {
    return s && *s && !strchr(s, '/') && !strchr(s, '\n');
}

void sgp_sigv4_result_free(sgp_sigv4_result *result) {
    if (!result) {
        return;
    }
    /* The canonical request holds the session token as a signed header. */
    if (result->canonical_request) {
        sgp_sigv4_wipe(result->canonical_request, strlen(result->canonical_request));
    }
    free(result->canonical_request);
    free(result->string_to_sign);
    if (result->authorization) {
        sgp_sigv4_wipe(result->authorization, strlen(result->authorization));
    }
    free(result->authorization);
    /* added_headers holds the session token. */
    if (result->added_headers) {
        sgp_sigv4_wipe(result->added_headers, strlen(result->added_headers));
    }
    free(result->added_headers);
    memset(result, 0, sizeof *result);
}

static bool sgp_sigv4_name_is(const char *name, const char *lower) {
    for (; *name && *lower; name++, lower++) {
        char l = (*name >= 'A' && *name <= 'Z') ? (char)(*name - 'A' + 'a') : *name;
        if (l != *lower) {
            return false;
        }
    }
    return *name == '\0' && *lower == '\0';
}

/* Builds the canonical request into cr and the SignedHeaders list; added receives the headers
 * the signer contributes. */
static int sgp_sigv4_canonical(const sgp_sigv4_request *req, const sgp_sigv4_params *params,
                               sgp_buf *cr, sgp_buf *signed_headers, sgp_buf *added) {
    char body_hash[65];
    const char *payload = NULL;
    for (size_t i = 0; i < req->header_count; i++) {
        if (req->headers[i].name && req->headers[i].value &&
            sgp_sigv4_name_is(req->headers[i].name, "x-amz-content-sha256")) {
            payload = req->headers[i].value;
        }
    }
    if (!payload) {
        sgp_sha256_hex(req->body ? req->body : "", req->body ? req->body_length : 0, body_hash);
        payload = body_hash;
    }

    sgp_buf_printf(cr, "%s\n", req->method);
    const char *path = (req->path && *req->path) ? req->path : "/";
    if (params->s3) {
        sgp_buf_puts(cr, path);
    } else {
        sgp_buf normalized = SGP_BUF_INIT;
        if (params->normalize_path) {
            sgp_sigv4_normalize(&normalized, path);
        } else {
            sgp_buf_puts(&normalized, path);
        }
        if (normalized.failed) {
            sgp_buf_free(&normalized);
            return SG_ENOMEM;
        }
        sgp_sigv4_encode(cr, normalized.data, normalized.len, true);
        sgp_buf_free(&normalized);
    }
    sgp_buf_append(cr, "\n", 1);
    int rc = sgp_sigv4_query(cr, req->query);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_buf_append(cr, "\n", 1);

    sgp_sigv4_pair *pairs = NULL;
    size_t count = 0, cap = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < req->header_count; i++) {
        if (req->headers[i].name && req->headers[i].value) {
            ok = sgp_sigv4_add_header(&pairs, &count, &cap, req->headers[i].name,
                                      req->headers[i].value);
        }
    }
    bool has_token = params->session_token && *params->session_token;
    ok = ok && sgp_sigv4_add_header(&pairs, &count, &cap, "x-amz-date", params->amz_date);
    sgp_buf_printf(added, "x-amz-date:%s\n", params->amz_date);
    if (ok && has_token) {
        sgp_buf_printf(added, "x-amz-security-token:%s\n", params->session_token);
        if (!params->token_unsigned) {
            ok = sgp_sigv4_add_header(&pairs, &count, &cap, "x-amz-security-token",
                                      params->session_token);
        }
    }
    if (ok && params->add_content_sha256 && payload == body_hash) {
        sgp_buf_printf(added, "x-amz-content-sha256:%s\n", payload);
        ok = sgp_sigv4_add_header(&pairs, &count, &cap, "x-amz-content-sha256", payload);
    }
    if (!ok) {
        sgp_sigv4_free_pairs(pairs, count);
        return SG_ENOMEM;
    }
    if (count > 1) {
        qsort(pairs, count, sizeof *pairs, sgp_sigv4_header_cmp);
    }
    for (size_t i = 0; i < count; i++) {
        bool first = i == 0 || strcmp(pairs[i - 1].name, pairs[i].name) != 0;
        bool last = i + 1 == count || strcmp(pairs[i + 1].name, pairs[i].name) != 0;
        if (first) {
            sgp_buf_printf(cr, "%s:", pairs[i].name);
            sgp_buf_printf(signed_headers, "%s%s", i ? ";" : "", pairs[i].name);
        } else {
            sgp_buf_append(cr, ",", 1);
        }
        sgp_buf_puts(cr, pairs[i].value);
        if (last) {
            sgp_buf_append(cr, "\n", 1);
        }
    }
    sgp_sigv4_free_pairs(pairs, count);
    sgp_buf_printf(cr, "\n%s\n%s", signed_headers->data ? signed_headers->data : "", payload);
    return SG_OK;
}

int sgp_sigv4_sign(const sgp_sigv4_request *req, const sgp_sigv4_params *params,
                   sgp_sigv4_result *out, sg_error *err) {
    if (!out) {
        return sgp_error(err, SG_EUSAGE, "sigv4", NULL, 0, 0, "no result given");
    }
    memset(out, 0, sizeof *out);
    if (!req || !params || !req->method || !*req->method || !params->access_key_id ||
        !*params->access_key_id || !params->secret_access_key ||
        (req->header_count > 0 && !req->headers)) {
        return sgp_error(err, SG_EUSAGE, "sigv4", NULL, 0, 0,
                         "request, method and credentials are required");
    }
    if (!sgp_sigv4_scope_part_ok(params->region) || !sgp_sigv4_scope_part_ok(params->service) ||
        strchr(params->access_key_id, '/')) {
        return sgp_error(err, SG_EUSAGE, "sigv4", NULL, 0, 0,
                         "region, service or access key id is empty or contains '/'");
    }
    if (!sgp_sigv4_is_date(params->amz_date)) {
        return sgp_error(err, SG_EUSAGE, "sigv4", NULL, 0, 0,
                         "the signing time is not in the form YYYYMMDDTHHMMSSZ");
    }

    sgp_buf cr = SGP_BUF_INIT, signed_headers = SGP_BUF_INIT, added = SGP_BUF_INIT;
    sgp_buf sts = SGP_BUF_INIT, auth = SGP_BUF_INIT;
    int rc = sgp_sigv4_canonical(req, params, &cr, &signed_headers, &added);
    if (rc == SG_OK && (cr.failed || signed_headers.failed || added.failed)) {
        rc = SG_ENOMEM;
    }
    if (rc != SG_OK) {
        sgp_buf_free(&cr);
        sgp_buf_free(&signed_headers);
        sgp_buf_free(&added);
        return rc == SG_ENOMEM ? sgp_error_nomem(err) : rc;
    }

    char date[9];
    memcpy(date, params->amz_date, 8);
    date[8] = '\0';
    char cr_hash[65];
    sgp_sha256_hex(cr.data, cr.len, cr_hash);
    sgp_buf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", params->amz_date, date,
                   params->region, params->service, cr_hash);

    /* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request") */
    size_t secret_len = strlen(params->secret_access_key);
    uint8_t *key0 = malloc(secret_len + 4);
    uint8_t k1[32], k2[32];
    if (key0 && !sts.failed) {
        memcpy(key0, "AWS4", 4);
        memcpy(key0 + 4, params->secret_access_key, secret_len);
        sgp_hmac_sha256(key0, secret_len + 4, date, 8, k1);
        sgp_hmac_sha256(k1, 32, params->region, strlen(params->region), k2);
        sgp_hmac_sha256(k2, 32, params->service, strlen(params->service), k1);
        sgp_hmac_sha256(k1, 32, "aws4_request", 12, k2);
        sgp_hmac_sha256(k2, 32, sts.data, sts.len, k1);
        static const char hex[] = "0123456789abcdef";
        for (int i = 0; i < 32; i++) {
            out->signature[2 * i] = hex[k1[i] >> 4];
            out->signature[2 * i + 1] = hex[k1[i] & 15];
        }
        out->signature[64] = '\0';
        sgp_sigv4_wipe(key0, secret_len + 4);
    }
    free(key0);
    sgp_sigv4_wipe(k1, sizeof k1);
    sgp_sigv4_wipe(k2, sizeof k2);

    sgp_buf_printf(&auth,
                   "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, "
                   "Signature=%s",
                   params->access_key_id, date, params->region, params->service,
                   signed_headers.data ? signed_headers.data : "", out->signature);
    sgp_buf_free(&signed_headers);
    out->canonical_request = sgp_buf_take(&cr);
    out->string_to_sign = sgp_buf_take(&sts);
    out->authorization = sgp_buf_take(&auth);
    out->added_headers = sgp_buf_take(&added);
    if (!key0 || !out->canonical_request || !out->string_to_sign || !out->authorization ||
        !out->added_headers) {
        if (out->added_headers) {
            sgp_sigv4_wipe(out->added_headers, strlen(out->added_headers));
        }
        sgp_sigv4_result_free(out);
        return sgp_error_nomem(err);
    }
    return SG_OK;
}

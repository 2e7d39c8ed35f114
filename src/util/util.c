/* util/util.c: strings, growing arrays, error filling, text buffers, UTF-8 checking, whole-file
 * reads. */
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *sgp_strdup(const char *s) {
    return s ? sgp_strndup(s, strlen(s)) : NULL;
}

char *sgp_strndup(const char *s, size_t n) {
    if (!s) {
        return NULL;
    }
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

bool sgp_reserve(void **array, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) {
        return true;
    }
    size_t grown = *cap ? *cap : 4;
    while (grown < need) {
        if (grown > SIZE_MAX / 2) {
            return false;
        }
        grown *= 2;
    }
    if (elem && grown > SIZE_MAX / elem) {
        return false;
    }
    void *bigger = realloc(*array, grown * elem);
    if (!bigger) {
        return false;
    }
    *array = bigger;
    *cap = grown;
    return true;
}

static void copy_truncated(char *dst, size_t size, const char *src) {
    if (!src) {
        dst[0] = '\0';
        return;
    }
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int sgp_verror(sg_error *err, int code, const char *source, const char *path, int line, int column,
               const char *fmt, va_list ap) {
    if (!err) {
        return code;
    }
    sg_error_clear(err);
    err->code = code;
    copy_truncated(err->source, sizeof err->source, source);
    copy_truncated(err->path, sizeof err->path, path);
    err->line = line;
    err->column = column;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

int sgp_error(sg_error *err, int code, const char *source, const char *path, int line, int column,
              const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(err, code, source, path, line, column, fmt, ap);
    va_end(ap);
    return code;
}

int sgp_error_nomem(sg_error *err) {
    return sgp_error(err, SG_ENOMEM, NULL, NULL, 0, 0, "out of memory");
}

size_t sgp_path_push(char *path, size_t cap, const char *part, bool is_field) {
    size_t saved = strlen(path);
    snprintf(path + saved, cap - saved, "%s%s", saved && is_field ? "." : "", part);
    return saved;
}

void sgp_buf_append(sgp_buf *buf, const char *text, size_t length) {
    if (buf->failed) {
        return;
    }
    if (length > SIZE_MAX - buf->len - 1 ||
        !sgp_reserve((void **)&buf->data, &buf->cap, buf->len + length + 1, 1)) {
        buf->failed = true;
        return;
    }
    memcpy(buf->data + buf->len, text, length);
    buf->len += length;
    buf->data[buf->len] = '\0';
}

void sgp_buf_puts(sgp_buf *buf, const char *text) {
    sgp_buf_append(buf, text, strlen(text));
}

void sgp_buf_printf(sgp_buf *buf, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        sgp_buf_append(buf, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        buf->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sgp_buf_append(buf, big, (size_t)n);
    free(big);
}

char *sgp_buf_take(sgp_buf *buf) {
    if (buf->failed) {
        sgp_buf_free(buf);
        return NULL;
    }
    if (!buf->data) {
        sgp_buf_append(buf, "", 0);
        if (buf->failed) {
            return NULL;
        }
    }
    char *text = buf->data;
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return text;
}

void sgp_buf_free(sgp_buf *buf) {
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = false;
}

size_t sgp_utf8_char(const char *s, size_t avail) {
    const unsigned char *p = (const unsigned char *)s;
    if (avail == 0) {
        return 0;
    }
    unsigned char c = p[0];
    size_t n;
    uint32_t cp, min;
    if (c < 0x80) {
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n) {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

bool sgp_utf8_valid(const char *s, size_t length) {
    for (size_t i = 0; i < length;) {
        size_t n = sgp_utf8_char(s + i, length - i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

int sgp_read_file(const char *path, size_t max, char **data, size_t *length, sg_error *err) {
    *data = NULL;
    *length = 0;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *file = is_stdin ? stdin : fopen(path, "rb");
    if (!file) {
        int code = errno == ENOENT || errno == ENOTDIR ? SG_ENOTFOUND : SG_EIO;
        return sgp_error(err, code, name, NULL, 0, 0, "cannot open: %s", strerror(errno));
    }
    sgp_buf buf = SGP_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = SG_OK;
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (buf.len + n > max) {
            rc = sgp_error(err, SG_ELIMIT, name, NULL, 0, 0,
                           "the file is larger than the limit of %zu bytes", max);
            break;
        }
        sgp_buf_append(&buf, chunk, n);
    }
    if (rc == SG_OK && ferror(file)) {
        rc = sgp_error(err, errno == EISDIR ? SG_ENOTFOUND : SG_EIO, name, NULL, 0, 0,
                       "cannot read: %s", strerror(errno));
    }
    if (!is_stdin) {
        fclose(file);
    }
    if (rc != SG_OK) {
        sgp_buf_free(&buf);
        return rc;
    }
    sgp_buf_append(&buf, "", 0);
    *length = buf.len;
    *data = sgp_buf_take(&buf);
    return *data ? SG_OK : sgp_error_nomem(err);
}

void sgp_buf_put_utf8(sgp_buf *buf, uint32_t cp) {
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sgp_buf_append(buf, b, n);
}

int sgp_hex_digit(int c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

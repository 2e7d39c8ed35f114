/* util/json.c: jansson helpers (see json.h). */
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/util.h"

char *sgp_json_dump(const json_t *value) {
    return json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
}

char *sgp_json_dump_report(json_t *value) {
    char *text =
        value ? json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9))
              : NULL;
    json_decref(value);
    if (!text) {
        return NULL;
    }
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_printf(&buf, "%s\n", text);
    free(text);
    return sgp_buf_take(&buf);
}

json_t *sgp_json_lossy_string(const char *s, size_t length, bool *replaced) {
    if (replaced) {
        *replaced = false;
    }
    if (sgp_utf8_valid(s, length)) {
        return json_stringn(length ? s : "", length);
    }
    sgp_buf buf = SGP_BUF_INIT;
    for (size_t i = 0; i < length;) {
        size_t n = sgp_utf8_char(s + i, length - i);
        if (n == 0) {
            sgp_buf_append(&buf, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            sgp_buf_append(&buf, s + i, n);
            i += n;
        }
    }
    if (replaced) {
        *replaced = true;
    }
    json_t *value = buf.failed ? NULL : json_stringn(buf.data, buf.len);
    sgp_buf_free(&buf);
    return value;
}

json_t *sgp_json_load_value(const char *text) {
    json_error_t jerr;
    return json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
}

static bool skipped(const char *key, const char *const *skip_keys) {
    for (; skip_keys && *skip_keys; skip_keys++) {
        if (strcmp(key, *skip_keys) == 0) {
            return true;
        }
    }
    return false;
}

bool sgp_json_find_nul(const json_t *value, const char *const *skip_keys, char *pointer,
                       size_t cap) {
    size_t saved = strlen(pointer);
    if (json_is_string(value)) {
        return strlen(json_string_value(value)) != json_string_length(value);
    }
    if (json_is_array(value)) {
        size_t i;
        json_t *item;
        json_array_foreach(value, i, item) {
            sgp_json_pointer_push_index(pointer, cap, i);
            if (sgp_json_find_nul(item, skip_keys, pointer, cap)) {
                return true;
            }
            pointer[saved] = '\0';
        }
    } else if (json_is_object(value)) {
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)value, key, item) {
            if (skipped(key, skip_keys)) {
                continue;
            }
            sgp_json_pointer_push(pointer, cap, key);
            if (sgp_json_find_nul(item, skip_keys, pointer, cap)) {
                return true;
            }
            pointer[saved] = '\0';
        }
    }
    return false;
}

char *sgp_json_normalize(const char *text) {
    json_t *value = sgp_json_load_value(text);
    if (!value) {
        return NULL;
    }
    char *out = sgp_json_dump(value);
    json_decref(value);
    return out;
}

/* Depth of brackets outside strings; jansson has its own limit but we want ours first, with a
 * message that names it. */
static int max_nesting(const char *text, size_t length, int limit, size_t *where) {
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) {
                deepest = depth;
                if (deepest > limit) {
                    *where = i;
                    return deepest;
                }
            }
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return deepest;
}

json_t *sgp_json_parse(const char *text, size_t length, const char *source, sg_error *err) {
    return sgp_json_parse_nested(text, length, source, SG_MAX_JSON_DEPTH, err);
}

json_t *sgp_json_parse_nested(const char *text, size_t length, const char *source, int max_depth,
                              sg_error *err) {
    size_t where = 0;
    if (max_nesting(text, length, max_depth, &where) > max_depth) {
        int line = 1, column = 1;
        for (size_t i = 0; i < where; i++) {
            if (text[i] == '\n') {
                line++;
                column = 1;
            } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        sgp_error(err, SG_ELIMIT, source, NULL, line, column, "JSON nested deeper than %d levels",
                  max_depth);
        return NULL;
    }
    json_error_t jerr;
    /* NUL is allowed inside strings because Avro bytes defaults use "\u0000"; readers reject
     * it where a C string is meant (names, docs) with sgp_json_find_nul. */
    json_t *value =
        json_loadb(text, length, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!value) {
        size_t i = 0;
        while (i < length &&
               (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
            i++;
        }
        if (i == length) {
            sgp_error(err, SG_EPARSE, source, NULL, 0, 0, "empty input: no JSON value");
            return NULL;
        }
        /* jansson reports "end of file expected near ..." style text; keep it, it is precise. */
        sgp_error(err, SG_EPARSE, source, NULL, jerr.line > 0 ? jerr.line : 0,
                  jerr.column > 0 ? jerr.column : 0, "invalid JSON: %s", jerr.text);
        return NULL;
    }
    return value;
}

void sgp_json_pointer_push(char *buf, size_t cap, const char *token) {
    size_t len = strlen(buf);
    if (len + 1 >= cap) {
        return;
    }
    buf[len++] = '/';
    for (const char *p = token; *p && len + 1 < cap; p++) {
        if (*p == '~' || *p == '/') {
            if (len + 2 >= cap) {
                break;
            }
            buf[len++] = '~';
            buf[len++] = *p == '~' ? '0' : '1';
        } else {
            buf[len++] = *p;
        }
    }
    buf[len] = '\0';
}

void sgp_json_pointer_push_index(char *buf, size_t cap, size_t index) {
    char token[32];
    snprintf(token, sizeof token, "%zu", index);
    sgp_json_pointer_push(buf, cap, token);
}

size_t sgp_cursor_push(sgp_cursor *cur, const char *key) {
    size_t saved = strlen(cur->pointer);
    sgp_json_pointer_push(cur->pointer, sizeof cur->pointer, key);
    return saved;
}

size_t sgp_cursor_push_index(sgp_cursor *cur, size_t index) {
    size_t saved = strlen(cur->pointer);
    sgp_json_pointer_push_index(cur->pointer, sizeof cur->pointer, index);
    return saved;
}

void sgp_cursor_pop(sgp_cursor *cur, size_t saved) {
    cur->pointer[saved] = '\0';
}

int sgp_cursor_fail(sgp_cursor *cur, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(cur->err, code, cur->source, cur->pointer[0] ? cur->pointer : "/", 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

/* util/json_positions.c: a JSON scanner that records the position of every value by its JSON
 * pointer (see json_positions.h). */
#include "util/json_positions.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemagate/common.h"
#include "util/limits.h"
#include "util/util.h"

typedef struct entry {
    char *pointer;
    size_t order; /* recording order: the first of equal pointers wins */
    int line;
    int column;
} entry;

struct sgp_json_positions {
    entry *items;
    size_t count;
    size_t cap;
};

typedef struct scanner {
    const unsigned char *text;
    size_t length;
    size_t pos;
    int line;
    int column; /* of text[pos], in characters */
    sgp_buf pointer;
    sgp_json_positions *table;
    int code; /* SG_OK until the scan fails */
} scanner;

static int peek(const scanner *S) {
    return S->pos < S->length ? S->text[S->pos] : -1;
}

static void advance(scanner *S) {
    unsigned char c = S->text[S->pos++];
    if (c == '\n') {
        S->line++;
        S->column = 1;
    } else if ((c & 0xC0) != 0x80) {
        /* A lead or ASCII byte: the character after it starts one column on. Continuation
         * bytes belong to the character already counted. */
        S->column++;
    }
}

static void skip_space(scanner *S) {
    int c;
    while ((c = peek(S)) == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance(S);
    }
}

static bool fail(scanner *S, int code) {
    if (S->code == SG_OK) {
        S->code = code;
    }
    return false;
}

static bool record(scanner *S) {
    sgp_json_positions *T = S->table;
    if (!sgp_reserve((void **)&T->items, &T->cap, T->count + 1, sizeof(entry))) {
        return fail(S, SG_ENOMEM);
    }
    const char *p = S->pointer.len ? S->pointer.data : "/";
    char *copy = sgp_strdup(p);
    if (!copy) {
        return fail(S, SG_ENOMEM);
    }
    T->items[T->count].pointer = copy;
    T->items[T->count].order = T->count;
    T->items[T->count].line = S->line;
    T->items[T->count].column = S->column;
    T->count++;
    return true;
}

static bool literal(scanner *S, const char *word) {
    size_t n = strlen(word);
    if (S->length - S->pos < n || memcmp(S->text + S->pos, word, n) != 0) {
        return fail(S, SG_EPARSE);
    }
    for (size_t i = 0; i < n; i++) {
        advance(S);
    }
    return true;
}

static bool read_hex4(scanner *S, uint32_t *out) {
    *out = 0;
    for (int i = 0; i < 4; i++) {
        int v = sgp_hex_digit(peek(S));
        if (v < 0) {
            return fail(S, SG_EPARSE);
        }
        *out = (*out << 4) | (uint32_t)v;
        advance(S);
    }
    return true;
}

/* A string; its decoded text goes to out when out is not NULL (object keys). */
static bool scan_string(scanner *S, sgp_buf *out) {
    advance(S); /* the opening quote */
    for (;;) {
        int c = peek(S);
        if (c < 0 || c < 0x20) {
            return fail(S, SG_EPARSE);
        }
        if (c == '"') {
            advance(S);
            return true;
        }
        if (c != '\\') {
            if (out) {
                sgp_buf_append(out, (const char *)S->text + S->pos, 1);
            }
            advance(S);
            continue;
        }
        advance(S);
        int e = peek(S);
        const char *simple = NULL;
        switch (e) {
        case '"':
            simple = "\"";
            break;
        case '\\':
            simple = "\\";
            break;
        case '/':
            simple = "/";
            break;
        case 'b':
            simple = "\b";
            break;
        case 'f':
            simple = "\f";
            break;
        case 'n':
            simple = "\n";
            break;
        case 'r':
            simple = "\r";
            break;
        case 't':
            simple = "\t";
            break;
        case 'u':
            break;
        default:
            return fail(S, SG_EPARSE);
        }
        advance(S);
        if (simple) {
            if (out) {
                sgp_buf_puts(out, simple);
            }
            continue;
        }
        uint32_t cp;
        if (!read_hex4(S, &cp)) {
            return false;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (peek(S) != '\\') {
                return fail(S, SG_EPARSE);
            }
            advance(S);
            if (peek(S) != 'u') {
                return fail(S, SG_EPARSE);
            }
            advance(S);
            if (!read_hex4(S, &low) || low < 0xDC00 || low > 0xDFFF) {
                return fail(S, SG_EPARSE);
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail(S, SG_EPARSE);
        }
        if (cp == 0 && out) {
            return fail(S, SG_EPARSE); /* a key with a NUL cannot be a C-string pointer */
        }
        if (out) {
            sgp_buf_put_utf8(out, cp);
        }
    }
}

static bool scan_number(scanner *S) {
    if (peek(S) == '-') {
        advance(S);
    }
    int c = peek(S);
    if (c == '0') {
        advance(S);
    } else if (c >= '1' && c <= '9') {
        while ((c = peek(S)) >= '0' && c <= '9') {
            advance(S);
        }
    } else {
        return fail(S, SG_EPARSE);
    }
    if (peek(S) == '.') {
        advance(S);
        if (!((c = peek(S)) >= '0' && c <= '9')) {
            return fail(S, SG_EPARSE);
        }
        while ((c = peek(S)) >= '0' && c <= '9') {
            advance(S);
        }
    }
    if (peek(S) == 'e' || peek(S) == 'E') {
        advance(S);
        if (peek(S) == '+' || peek(S) == '-') {
            advance(S);
        }
        if (!((c = peek(S)) >= '0' && c <= '9')) {
            return fail(S, SG_EPARSE);
        }
        while ((c = peek(S)) >= '0' && c <= '9') {
            advance(S);
        }
    }
    return true;
}

static bool scan_value(scanner *S, int depth);

/* Appends "/token" (escaped) to the pointer; returns the length to cut back to. */
static size_t push_token(scanner *S, const char *token, size_t length) {
    size_t saved = S->pointer.len;
    sgp_buf_append(&S->pointer, "/", 1);
    for (size_t i = 0; i < length; i++) {
        if (token[i] == '~') {
            sgp_buf_append(&S->pointer, "~0", 2);
        } else if (token[i] == '/') {
            sgp_buf_append(&S->pointer, "~1", 2);
        } else {
            sgp_buf_append(&S->pointer, token + i, 1);
        }
    }
    return saved;
}

static void pop_token(scanner *S, size_t saved) {
    S->pointer.len = saved;
    if (S->pointer.data) {
        S->pointer.data[saved] = '\0';
    }
}

static bool scan_object(scanner *S, int depth) {
    advance(S); /* { */
    skip_space(S);
    if (peek(S) == '}') {
        advance(S);
        return true;
    }
    for (;;) {
        if (peek(S) != '"') {
            return fail(S, SG_EPARSE);
        }
        sgp_buf key = SGP_BUF_INIT;
        sgp_buf_append(&key, "", 0);
        bool ok = scan_string(S, &key);
        if (ok && key.failed) {
            ok = fail(S, SG_ENOMEM);
        }
        size_t saved = ok ? push_token(S, key.data ? key.data : "", key.len) : 0;
        sgp_buf_free(&key);
        if (!ok) {
            return false;
        }
        skip_space(S);
        if (peek(S) != ':') {
            return fail(S, SG_EPARSE);
        }
        advance(S);
        skip_space(S);
        if (!scan_value(S, depth + 1)) {
            return false;
        }
        pop_token(S, saved);
        skip_space(S);
        int c = peek(S);
        if (c == ',') {
            advance(S);
            skip_space(S);
            continue;
        }
        if (c == '}') {
            advance(S);
            return true;
        }
        return fail(S, SG_EPARSE);
    }
}

static bool scan_array(scanner *S, int depth) {
    advance(S); /* [ */
    skip_space(S);
    if (peek(S) == ']') {
        advance(S);
        return true;
    }
    for (size_t index = 0;; index++) {
        char token[32];
        int n = snprintf(token, sizeof token, "%zu", index);
        size_t saved = push_token(S, token, (size_t)n);
        if (!scan_value(S, depth + 1)) {
            return false;
        }
        pop_token(S, saved);
        skip_space(S);
        int c = peek(S);
        if (c == ',') {
            advance(S);
            skip_space(S);
            continue;
        }
        if (c == ']') {
            advance(S);
            return true;
        }
        return fail(S, SG_EPARSE);
    }
}

static bool scan_value(scanner *S, int depth) {
    if (depth > SG_MAX_JSON_DEPTH) {
        return fail(S, SG_ELIMIT);
    }
    if (S->pointer.failed) {
        return fail(S, SG_ENOMEM);
    }
    if (!record(S)) {
        return false;
    }
    switch (peek(S)) {
    case '{':
        return scan_object(S, depth);
    case '[':
        return scan_array(S, depth);
    case '"':
        return scan_string(S, NULL);
    case 't':
        return literal(S, "true");
    case 'f':
        return literal(S, "false");
    case 'n':
        return literal(S, "null");
    default:
        return scan_number(S);
    }
}

static int by_pointer(const void *a, const void *b) {
    const entry *x = a, *y = b;
    int c = strcmp(x->pointer, y->pointer);
    if (c != 0) {
        return c;
    }
    return x->order < y->order ? -1 : x->order > y->order;
}

void sgp_json_positions_free(sgp_json_positions *positions) {
    if (!positions) {
        return;
    }
    for (size_t i = 0; i < positions->count; i++) {
        free(positions->items[i].pointer);
    }
    free(positions->items);
    free(positions);
}

int sgp_json_positions_scan(sgp_json_positions **out, const char *text, size_t length, int *line,
                            int *column) {
    *out = NULL;
    scanner S;
    memset(&S, 0, sizeof S);
    S.text = (const unsigned char *)text;
    S.length = text ? length : 0;
    S.line = 1;
    S.column = 1;
    S.pointer = (sgp_buf)SGP_BUF_INIT;
    S.code = SG_OK;
    S.table = calloc(1, sizeof *S.table);
    if (!S.table) {
        return SG_ENOMEM;
    }
    /* A UTF-8 byte order mark is not part of the text. */
    if (S.length >= 3 && memcmp(S.text, "\xEF\xBB\xBF", 3) == 0) {
        S.pos = 3;
    }
    skip_space(&S);
    bool ok = scan_value(&S, 0);
    if (ok) {
        skip_space(&S);
        if (S.pos != S.length) {
            ok = fail(&S, SG_EPARSE);
        }
    }
    sgp_buf_free(&S.pointer);
    if (line) {
        *line = S.line;
    }
    if (column) {
        *column = S.column;
    }
    if (!ok) {
        sgp_json_positions_free(S.table);
        return S.code;
    }
    if (S.table->count > 1) {
        qsort(S.table->items, S.table->count, sizeof(entry), by_pointer);
    }
    *out = S.table;
    return SG_OK;
}

bool sgp_json_position(const void *ctx, const char *pointer, int *line, int *column) {
    const sgp_json_positions *T = ctx;
    if (!T || !pointer || T->count == 0) {
        return false;
    }
    if (pointer[0] == '\0') {
        pointer = "/";
    }
    size_t lo = 0, hi = T->count;
    while (lo < hi) { /* the first entry not less than pointer */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(T->items[mid].pointer, pointer) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == T->count || strcmp(T->items[lo].pointer, pointer) != 0) {
        return false;
    }
    *line = T->items[lo].line;
    *column = T->items[lo].column;
    return true;
}

size_t sgp_json_positions_count(const sgp_json_positions *positions) {
    return positions ? positions->count : 0;
}

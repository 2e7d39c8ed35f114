/*
 * sources/sql_types.c: the Hive/Glue and Spark DDL type grammars, both directions (see
 * sql_types.h). Type names are case-insensitive; whitespace may appear between any two tokens;
 * names may be backquoted (`a b`, with `` for a backquote). Errors say at which character of
 * the text the parser stopped and why.
 */
#include "sources/sql_types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schemagate/sources.h"
#include "sources/internal.h"
#include "util/limits.h"
#include "util/strmap.h"

/* Hive's own limits (HiveChar.MAX_CHAR_LENGTH, HiveVarchar.MAX_VARCHAR_LENGTH) and the
 * 38 digits every engine here shares for decimals. */
#define HIVE_MAX_CHAR         255
#define HIVE_MAX_VARCHAR      65535
#define MAX_DECIMAL_PRECISION 38

typedef enum token_kind {
    TOK_END,
    TOK_WORD,   /* identifier or keyword */
    TOK_QUOTED, /* `backquoted name` */
    TOK_STRING, /* 'string literal' or "string literal" */
    TOK_NUMBER,
    TOK_PUNCT, /* one of < > ( ) , : */
    TOK_BAD,
} token_kind;

typedef struct token {
    token_kind kind;
    size_t start; /* byte offset in the text */
    size_t end;
    char punct;
} token;

typedef struct parser {
    const char *text;
    size_t length;
    size_t pos;
    sgp_sql_dialect dialect;
    const sgp_sql_origin *origin;
    sg_error *err;
    int depth;
} parser;

/* Errors ------------------------------------------------------------------------------------- */

/* 1-based character (not byte) position of a byte offset. */
static int char_position(const parser *P, size_t offset) {
    int chars = 1;
    for (size_t i = 0; i < offset && i < P->length; i++) {
        if (((unsigned char)P->text[i] & 0xC0) != 0x80) {
            chars++;
        }
    }
    return chars;
}

static int fail_at(parser *P, size_t offset, int code, const char *fmt, ...) SGP_PRINTF(4, 5);

static int fail_at(parser *P, size_t offset, int code, const char *fmt, ...) {
    char detail[SG_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    const sgp_sql_origin *o = P->origin;
    if (o && o->line > 0) {
        /* The text has a place in a file: report the line and column there. */
        int line = o->line, column = o->column > 0 ? o->column : 1;
        for (size_t i = 0; i < offset && i < P->length; i++) {
            if (P->text[i] == '\n') {
                line++;
                column = 1;
            } else if (((unsigned char)P->text[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return sgp_error(P->err, code, o->source, o->path, line, column, "%s", detail);
    }
    return sgp_error(P->err, code, o ? o->source : NULL, o ? o->path : NULL, 0, 0,
                     "%s at character %d", detail, char_position(P, offset));
}

/* Lexer --------------------------------------------------------------------------------------- */

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_word_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || (unsigned char)c >= 0x80;
}

/* Skips white space, and in Spark DDL also SQL comments (-- to the end of the line, and
 * bracketed comments); an unterminated bracketed comment runs to the end. */
static void skip_space(parser *P) {
    for (;;) {
        while (P->pos < P->length && is_space(P->text[P->pos])) {
            P->pos++;
        }
        if (P->dialect != SGP_SQL_SPARK || P->pos + 1 >= P->length) {
            return;
        }
        const char *at = P->text + P->pos;
        if (at[0] == '-' && at[1] == '-') {
            while (P->pos < P->length && P->text[P->pos] != '\n') {
                P->pos++;
            }
        } else if (at[0] == '/' && at[1] == '*') {
            P->pos += 2;
            while (P->pos + 1 < P->length &&
                   !(P->text[P->pos] == '*' && P->text[P->pos + 1] == '/')) {
                P->pos++;
            }
            P->pos = P->pos + 2 <= P->length ? P->pos + 2 : P->length;
        } else {
            return;
        }
    }
}

/* Scans a token at the current position without consuming it. */
static token peek(parser *P) {
    skip_space(P);
    token t = {TOK_END, P->pos, P->pos, 0};
    if (P->pos >= P->length) {
        return t;
    }
    const char *s = P->text;
    size_t i = P->pos;
    char c = s[i];
    if (strchr("<>(),:", c)) {
        t.kind = TOK_PUNCT;
        t.punct = c;
        t.end = i + 1;
    } else if (c == '`') {
        /* `name`, with `` standing for one backquote. */
        for (i++;; i++) {
            if (i >= P->length) {
                t.kind = TOK_BAD;
                t.end = i;
                return t;
            }
            if (s[i] == '`') {
                if (i + 1 < P->length && s[i + 1] == '`') {
                    i++;
                    continue;
                }
                break;
            }
        }
        t.kind = TOK_QUOTED;
        t.end = i + 1;
    } else if (c == '\'' || c == '"') {
        for (i++;; i++) {
            if (i >= P->length) {
                t.kind = TOK_BAD;
                t.end = i;
                return t;
            }
            if (s[i] == '\\') {
                i++;
                continue;
            }
            if (s[i] == c) {
                if (i + 1 < P->length && s[i + 1] == c) {
                    i++; /* '' inside '...' */
                    continue;
                }
                break;
            }
        }
        t.kind = TOK_STRING;
        t.end = i + 1;
    } else if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
        i++;
        while (i < P->length && s[i] >= '0' && s[i] <= '9') {
            i++;
        }
        t.kind = TOK_NUMBER;
        t.end = i;
        if (c != '-' && c != '+' && i < P->length && is_word_char(s[i])) {
            /* 1st_place: Hive names may start with a digit. */
            while (i < P->length && is_word_char(s[i])) {
                i++;
            }
            t.kind = TOK_WORD;
            t.end = i;
        }
    } else if (is_word_char(c)) {
        while (i < P->length && is_word_char(s[i])) {
            i++;
        }
        t.kind = TOK_WORD;
        t.end = i;
    } else {
        t.kind = TOK_BAD;
        t.end = i + 1;
    }
    return t;
}

static token next(parser *P) {
    token t = peek(P);
    P->pos = t.end;
    return t;
}

static bool is_punct(token t, char c) {
    return t.kind == TOK_PUNCT && t.punct == c;
}

static bool word_is(const parser *P, token t, const char *word) {
    size_t n = t.end - t.start;
    return t.kind == TOK_WORD && strlen(word) == n && strncasecmp(P->text + t.start, word, n) == 0;
}

static void describe(const parser *P, token t, char *buf, size_t size) {
    if (t.kind == TOK_END) {
        snprintf(buf, size, "the end of the text");
    } else {
        int n = (int)(t.end - t.start);
        snprintf(buf, size, "\"%.*s\"", n > 40 ? 40 : n, P->text + t.start);
    }
}

static int expect_punct(parser *P, char c, const char *what) {
    token t = next(P);
    if (is_punct(t, c)) {
        return SG_OK;
    }
    char seen[64];
    describe(P, t, seen, sizeof seen);
    return fail_at(P, t.start, SG_EINVALID, "expected '%c' %s, found %s", c, what, seen);
}

/* The text of a name token: a word as is, a backquoted name unquoted. Caller frees. */
static char *token_name(const parser *P, token t) {
    if (t.kind == TOK_WORD) {
        return sgp_strndup(P->text + t.start, t.end - t.start);
    }
    char *name = malloc(t.end - t.start);
    if (!name) {
        return NULL;
    }
    size_t n = 0;
    for (size_t i = t.start + 1; i + 1 < t.end; i++) {
        name[n++] = P->text[i];
        if (P->text[i] == '`') {
            i++; /* `` -> ` */
        }
    }
    name[n] = '\0';
    return name;
}

/* The value of a string literal: quotes removed, \x and doubled quotes resolved. */
static char *token_string(const parser *P, token t) {
    char *value = malloc(t.end - t.start);
    if (!value) {
        return NULL;
    }
    char quote = P->text[t.start];
    size_t n = 0;
    for (size_t i = t.start + 1; i + 1 < t.end; i++) {
        char c = P->text[i];
        if (c == '\\' && i + 2 < t.end) {
            char e = P->text[++i];
            value[n++] = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        } else if (c == quote) {
            value[n++] = c; /* doubled quote */
            i++;
        } else {
            value[n++] = c;
        }
    }
    value[n] = '\0';
    return value;
}

/* Parser ------------------------------------------------------------------------------------- */

static int parse_type(parser *P, sg_type **out);

/* Reads "(n)" or "(n, m)" after a parametric type name; *count says how many were given. */
static int parse_params(parser *P, long long params[2], size_t at[2], int *count) {
    *count = 0;
    if (!is_punct(peek(P), '(')) {
        return SG_OK;
    }
    next(P);
    for (;;) {
        token t = next(P);
        if (t.kind != TOK_NUMBER) {
            char seen[64];
            describe(P, t, seen, sizeof seen);
            return fail_at(P, t.start, SG_EINVALID, "expected a number, found %s", seen);
        }
        if (*count == 2) {
            return fail_at(P, t.start, SG_EINVALID, "too many parameters");
        }
        size_t digits = t.end - t.start;
        char number[32];
        if (digits >= sizeof number) {
            return fail_at(P, t.start, SG_EINVALID, "number too large");
        }
        memcpy(number, P->text + t.start, digits);
        number[digits] = '\0';
        at[*count] = t.start;
        params[(*count)++] = strtoll(number, NULL, 10);
        token sep = next(P);
        if (is_punct(sep, ')')) {
            return SG_OK;
        }
        if (!is_punct(sep, ',')) {
            char seen[64];
            describe(P, sep, seen, sizeof seen);
            return fail_at(P, sep.start, SG_EINVALID, "expected ',' or ')', found %s", seen);
        }
    }
}

static int new_type(parser *P, sg_kind kind, sg_type **out) {
    int rc = sg_type_new(out, kind);
    return rc == SG_OK ? SG_OK : fail_at(P, P->pos, rc, "out of memory");
}

/* A nested node: nullable unless the dialect's syntax said NOT NULL (callers decide). */
static int parse_child(parser *P, bool nullable, sg_type **out) {
    int rc = parse_type(P, out);
    if (rc == SG_OK) {
        sg_type_set_nullable(*out, nullable);
    }
    return rc;
}

static int parse_list_or_map(parser *P, bool is_map, sg_type *type) {
    int rc = expect_punct(P, '<', is_map ? "after map" : "after array");
    sg_type *child = NULL;
    if (rc == SG_OK && is_map) {
        /* Map keys are never null in any of these systems. */
        size_t key_at = peek(P).start;
        if ((rc = parse_child(P, false, &child)) == SG_OK) {
            sg_type_add_child(type, child);
            sg_kind kind = sg_type_kind(child);
            if (P->dialect == SGP_SQL_HIVE && (kind == SG_KIND_STRUCT || kind == SG_KIND_LIST ||
                                               kind == SG_KIND_MAP || kind == SG_KIND_UNION)) {
                /* Hive and Athena DDL take only primitive map keys. */
                rc = fail_at(P, key_at, SG_EINVALID, "a map key must be a primitive type, not %s",
                             sg_kind_name(kind));
            } else {
                rc = expect_punct(P, ',', "between the map's key and value types");
            }
        }
    }
    if (rc == SG_OK && (rc = parse_child(P, true, &child)) == SG_OK) {
        sg_type_add_child(type, child);
        rc = expect_punct(P, '>', is_map ? "to close map<" : "to close array<");
    }
    return rc;
}

/* Reads optional NOT NULL (Spark) and COMMENT '...' after a field's type, in either order (as
 * Spark 3.4 and later accept), each at most once. */
static int parse_field_suffix(parser *P, sg_field *field) {
    bool seen_not_null = false, seen_comment = false;
    for (;;) {
        token t = peek(P);
        if (word_is(P, t, "not")) {
            if (P->dialect != SGP_SQL_SPARK) {
                return fail_at(P, t.start, SG_EINVALID,
                               "NOT NULL is not part of Hive types: Glue columns are always "
                               "nullable");
            }
            if (seen_not_null) {
                return fail_at(P, t.start, SG_EINVALID, "NOT NULL given twice");
            }
            next(P);
            token null_word = next(P);
            if (!word_is(P, null_word, "null")) {
                return fail_at(P, null_word.start, SG_EINVALID, "expected NULL after NOT");
            }
            sg_type_set_nullable(sg_field_type_mut(field), false);
            seen_not_null = true;
        } else if (word_is(P, t, "comment")) {
            if (seen_comment) {
                return fail_at(P, t.start, SG_EINVALID, "COMMENT given twice");
            }
            next(P);
            token text = next(P);
            if (text.kind != TOK_STRING) {
                return fail_at(P, text.start, SG_EINVALID,
                               text.kind == TOK_BAD ? "unterminated string after COMMENT"
                                                    : "expected a quoted string after COMMENT");
            }
            char *doc = token_string(P, text);
            int rc = doc ? sg_field_set_doc(field, doc) : SG_ENOMEM;
            free(doc);
            if (rc != SG_OK) {
                return fail_at(P, text.start, rc, "out of memory");
            }
            seen_comment = true;
        } else {
            return SG_OK;
        }
    }
}

/* Reads one field into parent; names holds the names of parent's fields so far. */
static int parse_field(parser *P, sg_type *parent, sgp_ci_names *names, bool colon_required) {
    token name_token = next(P);
    if (name_token.kind != TOK_WORD && name_token.kind != TOK_QUOTED) {
        char seen[64];
        describe(P, name_token, seen, sizeof seen);
        return fail_at(P, name_token.start, SG_EINVALID,
                       name_token.kind == TOK_BAD && P->text[name_token.start] == '`'
                           ? "unterminated backquoted name"
                           : "expected a field name, found %s",
                       seen);
    }
    char *name = token_name(P, name_token);
    if (!name) {
        return fail_at(P, name_token.start, SG_ENOMEM, "out of memory");
    }
    int rc = sgp_ci_names_add(names, name);
    if (rc == SG_EINVALID) {
        rc = fail_at(P, name_token.start, SG_EINVALID,
                     "duplicate field name \"%s\" (names are case-insensitive)", name);
    } else if (rc != SG_OK) {
        rc = fail_at(P, name_token.start, rc, "out of memory");
    }
    if (rc == SG_OK && strlen(name) == 0) {
        rc = fail_at(P, name_token.start, SG_EINVALID, "empty field name");
    }
    if (rc == SG_OK && strlen(name) > SG_MAX_NAME_BYTES) {
        rc = fail_at(P, name_token.start, SG_ELIMIT, "field name longer than %d bytes",
                     SG_MAX_NAME_BYTES);
    }
    if (rc == SG_OK) {
        if (is_punct(peek(P), ':')) {
            next(P);
        } else if (colon_required) {
            token t = peek(P);
            char seen[64];
            describe(P, t, seen, sizeof seen);
            bool glued = t.start == name_token.end && t.kind != TOK_END && t.kind != TOK_PUNCT;
            /* Crawlers write JSON keys such as user-id unquoted; Athena cannot read those. */
            rc = fail_at(P, t.start, SG_EINVALID,
                         glued ? "field name \"%s\" is followed by %s: a name with other "
                                 "characters than letters, digits and _ must be backquoted, and "
                                 "Athena cannot read such nested names at all"
                               : "expected ':' after field name \"%s\", found %s",
                         name, seen);
        }
    }
    sg_type *type = NULL;
    sg_field *field = NULL;
    if (rc == SG_OK && (rc = parse_child(P, true, &type)) == SG_OK) {
        if ((rc = sg_field_new(&field, name, type)) != SG_OK) {
            rc = fail_at(P, name_token.start, rc, "out of memory");
        } else if ((rc = parse_field_suffix(P, field)) == SG_OK &&
                   (rc = sg_type_add_field(parent, field)) != SG_OK) {
            rc = fail_at(P, name_token.start, rc, "cannot add field \"%s\"", name);
        }
        if (rc != SG_OK) {
            sg_field_free(field);
        }
    }
    free(name);
    return rc;
}

static int parse_struct(parser *P, sg_type *type) {
    int rc = expect_punct(P, '<', "after struct");
    if (rc != SG_OK) {
        return rc;
    }
    if (is_punct(peek(P), '>')) {
        next(P); /* struct<> : Hive and Spark both accept an empty struct */
        return SG_OK;
    }
    sgp_ci_names names = SGP_CI_NAMES_INIT;
    for (;;) {
        if ((rc = parse_field(P, type, &names, P->dialect == SGP_SQL_HIVE)) != SG_OK) {
            break;
        }
        token t = next(P);
        if (is_punct(t, '>')) {
            break;
        }
        if (!is_punct(t, ',')) {
            char seen[64];
            describe(P, t, seen, sizeof seen);
            rc = fail_at(P, t.start, SG_EINVALID, "expected ',' or '>' in struct, found %s", seen);
            break;
        }
    }
    sgp_ci_names_free(&names);
    return rc;
}

static int parse_union(parser *P, sg_type *type) {
    int rc = expect_punct(P, '<', "after uniontype");
    if (rc != SG_OK) {
        return rc;
    }
    for (;;) {
        sg_type *branch;
        if ((rc = parse_child(P, false, &branch)) != SG_OK) {
            return rc;
        }
        sg_type_add_child(type, branch);
        token t = next(P);
        if (is_punct(t, '>')) {
            return SG_OK;
        }
        if (!is_punct(t, ',')) {
            char seen[64];
            describe(P, t, seen, sizeof seen);
            return fail_at(P, t.start, SG_EINVALID, "expected ',' or '>' in uniontype, found %s",
                           seen);
        }
    }
}

typedef struct type_name {
    const char *name;
    sg_kind kind;
    unsigned dialects; /* bit 0: Hive, bit 1: Spark */
} type_name;

#define IN_HIVE  1u
#define IN_SPARK 2u
#define IN_BOTH  3u

static const type_name type_names[] = {
    {"boolean", SG_KIND_BOOLEAN, IN_BOTH},
    {"tinyint", SG_KIND_INT8, IN_BOTH},
    {"byte", SG_KIND_INT8, IN_SPARK},
    {"smallint", SG_KIND_INT16, IN_BOTH},
    {"short", SG_KIND_INT16, IN_SPARK},
    {"int", SG_KIND_INT32, IN_BOTH},
    {"integer", SG_KIND_INT32, IN_BOTH},
    {"bigint", SG_KIND_INT64, IN_BOTH},
    {"long", SG_KIND_INT64, IN_SPARK},
    {"float", SG_KIND_FLOAT32, IN_BOTH},
    {"real", SG_KIND_FLOAT32, IN_SPARK},
    {"double", SG_KIND_FLOAT64, IN_BOTH},
    {"decimal", SG_KIND_DECIMAL, IN_BOTH},
    {"dec", SG_KIND_DECIMAL, IN_SPARK},
    {"numeric", SG_KIND_DECIMAL, IN_SPARK},
    {"string", SG_KIND_STRING, IN_BOTH},
    {"char", SG_KIND_STRING, IN_BOTH},
    {"character", SG_KIND_STRING, IN_SPARK},
    {"varchar", SG_KIND_STRING, IN_BOTH},
    {"binary", SG_KIND_BINARY, IN_BOTH},
    {"date", SG_KIND_DATE, IN_BOTH},
    {"timestamp", SG_KIND_TIMESTAMP, IN_BOTH},
    {"timestamp_ltz", SG_KIND_TIMESTAMP, IN_SPARK},
    {"timestamp_ntz", SG_KIND_TIMESTAMP, IN_SPARK},
    {"variant", SG_KIND_VARIANT, IN_SPARK},
    {"void", SG_KIND_NULL, IN_SPARK},
    {"array", SG_KIND_LIST, IN_BOTH},
    {"map", SG_KIND_MAP, IN_BOTH},
    {"struct", SG_KIND_STRUCT, IN_BOTH},
    {"uniontype", SG_KIND_UNION, IN_HIVE},
};

/* Case-insensitive Levenshtein distance of a (length n) and b, capped at 3; short inputs only. */
static size_t edit_distance(const char *a, size_t n, const char *b) {
    size_t m = strlen(b);
    if (n > 24 || m > 24) {
        return 3;
    }
    size_t row[25];
    for (size_t j = 0; j <= m; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= n; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t above = row[j];
            char ca = a[i - 1] >= 'A' && a[i - 1] <= 'Z' ? (char)(a[i - 1] - 'A' + 'a') : a[i - 1];
            size_t cost = ca == b[j - 1] ? 0 : 1;
            size_t best = diagonal + cost;
            if (row[j] + 1 < best) {
                best = row[j] + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diagonal = above;
        }
    }
    return row[m] < 3 ? row[m] : 3;
}

static const char *suggestion(const parser *P, token t) {
    static const struct {
        const char *wrong;
        const char *hive;
        const char *spark;
    } hints[] = {
        {"long", "bigint", NULL},
        {"text", "string", "STRING"},
        {"str", "string", "STRING"},
        {"bool", "boolean", "BOOLEAN"},
        {"datetime", "timestamp", "TIMESTAMP"},
        {"byte", "tinyint", NULL},
        {"short", "smallint", NULL},
        {"int64", "bigint", "BIGINT"},
        {"int32", "int", "INT"},
        {"number", "decimal", "DECIMAL"},
        {"real", "float", NULL},
        {"timestamp_ntz", "timestamp", NULL},
        {"list", "array<...>", "ARRAY<...>"},
    };
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        if (word_is(P, t, hints[i].wrong)) {
            return P->dialect == SGP_SQL_HIVE ? hints[i].hive : hints[i].spark;
        }
    }
    /* A typo: the type name of this dialect at edit distance 1 or 2. */
    unsigned want = P->dialect == SGP_SQL_HIVE ? IN_HIVE : IN_SPARK;
    const char *best = NULL;
    /* Short words are close to too much: allow one edit up to four letters, two beyond. */
    size_t best_distance = t.end - t.start <= 4 ? 2 : 3;
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++) {
        if (!(type_names[i].dialects & want)) {
            continue;
        }
        size_t d = edit_distance(P->text + t.start, t.end - t.start, type_names[i].name);
        if (d < best_distance) {
            best_distance = d;
            best = type_names[i].name;
        }
    }
    return best;
}

static int parse_type(parser *P, sg_type **out) {
    *out = NULL;
    if (++P->depth > SG_MAX_DEPTH) {
        return fail_at(P, P->pos, SG_ELIMIT, "type nested deeper than %d levels", SG_MAX_DEPTH);
    }
    token t = next(P);
    if (t.kind != TOK_WORD) {
        char seen[64];
        describe(P, t, seen, sizeof seen);
        return fail_at(P, t.start, SG_EINVALID, "expected a type name, found %s", seen);
    }
    unsigned want = P->dialect == SGP_SQL_HIVE ? IN_HIVE : IN_SPARK;
    const type_name *found = NULL;
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0] && !found; i++) {
        if ((type_names[i].dialects & want) && word_is(P, t, type_names[i].name)) {
            found = &type_names[i];
        }
    }
    if (!found) {
        int n = (int)(t.end - t.start);
        if (word_is(P, t, "interval")) {
            return fail_at(P, t.start, SG_EUNSUPPORTED,
                           "interval types cannot be stored in data files");
        }
        const char *hint = suggestion(P, t);
        return fail_at(P, t.start, SG_EINVALID, "unknown type \"%.*s\"%s%s%s", n > 40 ? 40 : n,
                       P->text + t.start, hint ? " (did you mean " : "", hint ? hint : "",
                       hint ? "?)" : "");
    }
    int rc = new_type(P, found->kind, out);
    if (rc != SG_OK) {
        return rc;
    }
    sg_type *type = *out;
    long long params[2] = {0, 0};
    size_t at[2] = {t.start, t.start};
    int count = 0;
    switch (found->kind) {
    case SG_KIND_DECIMAL:
        if ((rc = parse_params(P, params, at, &count)) != SG_OK) {
            break;
        }
        if (count == 0) {
            params[0] = 10; /* Hive's and Spark's DECIMAL without arguments: decimal(10,0) */
        }
        if (params[0] < 1 || params[0] > MAX_DECIMAL_PRECISION) {
            rc = fail_at(P, at[0], SG_EINVALID, "decimal precision %lld is not from 1 to %d",
                         params[0], MAX_DECIMAL_PRECISION);
        } else if (params[1] < 0 || params[1] > params[0]) {
            rc = fail_at(P, at[1], SG_EINVALID,
                         "decimal scale %lld is not from 0 to the precision %lld", params[1],
                         params[0]);
        } else {
            sg_type_set_decimal(type, (int)params[0], (int)params[1]);
        }
        break;
    case SG_KIND_STRING:
        if (word_is(P, t, "string")) {
            break;
        }
        if ((rc = parse_params(P, params, at, &count)) != SG_OK) {
            break;
        }
        bool is_char = !word_is(P, t, "varchar");
        long long max =
            P->dialect == SGP_SQL_HIVE ? (is_char ? HIVE_MAX_CHAR : HIVE_MAX_VARCHAR) : INT32_MAX;
        if (count != 1) {
            rc = fail_at(P, t.start, SG_EINVALID, "%s needs a length: %s(n)",
                         is_char ? "char" : "varchar", is_char ? "char" : "varchar");
        } else if (params[0] < 1 || params[0] > max) {
            rc = fail_at(P, at[0], SG_EINVALID, "%s length %lld is not from 1 to %lld",
                         is_char ? "char" : "varchar", params[0], max);
        } else {
            sg_type_set_string(type, is_char ? SG_STRING_CHAR : SG_STRING_VARCHAR, params[0]);
        }
        break;
    case SG_KIND_TIMESTAMP:
        /* Glue's and Spark's plain timestamp is an instant Spark reads in the session time
         * zone (TIMESTAMP_LTZ); TIMESTAMP_NTZ is a local date-time. Both keep microseconds. */
        sg_type_set_time_unit(type, SG_UNIT_MICROS);
        sg_type_set_utc(type, !word_is(P, t, "timestamp_ntz"));
        break;
    case SG_KIND_LIST:
    case SG_KIND_MAP:
        rc = parse_list_or_map(P, found->kind == SG_KIND_MAP, type);
        break;
    case SG_KIND_STRUCT:
        rc = parse_struct(P, type);
        break;
    case SG_KIND_UNION:
        rc = parse_union(P, type);
        break;
    case SG_KIND_NULL:
        sg_type_set_nullable(type, true);
        break;
    default:
        break;
    }
    if (rc == SG_OK && count == 0 && is_punct(peek(P), '(') && found->kind != SG_KIND_DECIMAL) {
        rc = fail_at(P, peek(P).start, SG_EINVALID, "%s takes no parameters", found->name);
    }
    P->depth--;
    if (rc != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

static int expect_end(parser *P) {
    token t = peek(P);
    if (t.kind == TOK_END) {
        return SG_OK;
    }
    char seen[64];
    describe(P, t, seen, sizeof seen);
    return fail_at(P, t.start, SG_EINVALID, "unexpected %s after the type", seen);
}

static void init_parser(parser *P, const char *text, size_t length, sgp_sql_dialect dialect,
                        const sgp_sql_origin *origin, sg_error *err) {
    memset(P, 0, sizeof *P);
    P->text = text;
    P->length = length;
    P->dialect = dialect;
    P->origin = origin;
    P->err = err;
}

int sgp_sql_parse_type(const char *text, size_t length, sgp_sql_dialect dialect,
                       const sgp_sql_origin *origin, sg_type **out, sg_error *err) {
    parser P;
    init_parser(&P, text, length, dialect, origin, err);
    *out = NULL;
    if (memchr(text, '\0', length)) {
        return fail_at(&P, (size_t)((const char *)memchr(text, '\0', length) - text), SG_EINVALID,
                       "NUL character in a type");
    }
    skip_space(&P);
    if (P.pos == length) {
        return fail_at(&P, 0, SG_EINVALID, "empty type");
    }
    int rc = parse_type(&P, out);
    if (rc == SG_OK && (rc = expect_end(&P)) != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

int sgp_sql_parse_columns(const char *text, size_t length, sgp_sql_dialect dialect,
                          const sgp_sql_origin *origin, sg_type **out, sg_error *err) {
    parser P;
    init_parser(&P, text, length, dialect, origin, err);
    *out = NULL;
    if (memchr(text, '\0', length)) {
        return fail_at(&P, (size_t)((const char *)memchr(text, '\0', length) - text), SG_EINVALID,
                       "NUL character in a column list");
    }
    int rc = new_type(&P, SG_KIND_STRUCT, out);
    if (rc != SG_OK) {
        return rc;
    }
    skip_space(&P);
    if (P.pos == length) {
        rc = fail_at(&P, 0, SG_EINVALID, "no columns");
    }
    sgp_ci_names names = SGP_CI_NAMES_INIT;
    while (rc == SG_OK) {
        if ((rc = parse_field(&P, *out, &names, false)) != SG_OK) {
            break;
        }
        token t = next(&P);
        if (t.kind == TOK_END) {
            break;
        }
        if (!is_punct(t, ',')) {
            char seen[64];
            describe(&P, t, seen, sizeof seen);
            rc = fail_at(&P, t.start, SG_EINVALID, "expected ',' between columns, found %s", seen);
        } else if (peek(&P).kind == TOK_END) {
            rc = fail_at(&P, t.start, SG_EINVALID, "trailing comma after the last column");
        }
    }
    sgp_ci_names_free(&names);
    if (rc != SG_OK) {
        sg_type_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Writer --------------------------------------------------------------------------------------- */

void sgp_sql_write_name(sgp_buf *buf, const char *name) {
    bool plain = *name && !(*name >= '0' && *name <= '9');
    for (const char *p = name; *p && plain; p++) {
        plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                *p == '_';
    }
    if (plain) {
        sgp_buf_puts(buf, name);
        return;
    }
    sgp_buf_puts(buf, "`");
    for (const char *p = name; *p; p++) {
        sgp_buf_append(buf, p, 1);
        if (*p == '`') {
            sgp_buf_puts(buf, "`");
        }
    }
    sgp_buf_puts(buf, "`");
}

void sgp_sql_write_string(sgp_buf *buf, const char *text) {
    sgp_buf_puts(buf, "'");
    for (const char *p = text; *p; p++) {
        if (*p == '\'' || *p == '\\') {
            sgp_buf_puts(buf, "\\");
        }
        if (*p == '\n') {
            sgp_buf_puts(buf, "\\n");
            continue;
        }
        sgp_buf_append(buf, p, 1);
    }
    sgp_buf_puts(buf, "'");
}

typedef struct sql_writer {
    sgp_buf *buf;
    sgp_sql_dialect dialect;
    const sg_write_options *options;
    const char *source;
    char *path;
    size_t path_cap;
    sg_error *err;
} sql_writer;

static void word(sql_writer *W, const char *lower) {
    if (W->dialect == SGP_SQL_HIVE) {
        sgp_buf_puts(W->buf, lower);
        return;
    }
    for (const char *p = lower; *p; p++) {
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        sgp_buf_append(W->buf, &c, 1);
    }
}

static void loss(sql_writer *W, const char *fmt, const char *detail) {
    sgp_report_loss(W->options, W->source, W->path[0] ? W->path : "(root)", fmt, detail);
}

static size_t path_push(sql_writer *W, const char *part, bool is_field) {
    return sgp_path_push(W->path, W->path_cap, part, is_field);
}

static int write_type(sql_writer *W, const sg_type *type, int depth);

void sgp_sql_report_unkept(const sg_write_options *options, const char *source, const char *path,
                           const sg_field *field, bool metadata_kept) {
    if (sg_field_alias_count(field)) {
        sgp_report_loss(options, source, path, "field aliases (%s, ...) are not kept",
                        sg_field_alias(field, 0));
    }
    if (sg_field_order(field) != SG_ORDER_ASCENDING) {
        sgp_report_loss(options, source, path, "the Avro sort order is not kept");
    }
    /* A null default on a nullable field says nothing these formats do not: a missing value
     * reads as null. Any other default is lost. */
    if (sg_field_default(field) &&
        !(sg_field_nullable(field) && strcmp(sg_field_default(field), "null") == 0)) {
        sgp_report_loss(options, source, path, "the default value %.64s is not kept",
                        sg_field_default(field));
    }
    if (!metadata_kept && sg_field_metadata_count(field)) {
        sgp_report_loss(options, source, path, "field metadata (%s, ...) is not kept",
                        sg_field_metadata_key(field, 0));
    }
}

static int write_struct(sql_writer *W, const sg_type *type, int depth) {
    word(W, "struct<");
    for (size_t i = 0; i < sg_type_field_count(type); i++) {
        const sg_field *field = sg_type_field(type, i);
        size_t saved = path_push(W, sg_field_name(field), true);
        if (!*sg_field_name(field)) {
            return sgp_error(W->err, SG_EUNSUPPORTED, W->source, W->path, 0, 0,
                             "an empty field name cannot be written in a SQL type");
        }
        if (i) {
            sgp_buf_puts(W->buf, W->dialect == SGP_SQL_HIVE ? "," : ", ");
        }
        sgp_sql_write_name(W->buf, sg_field_name(field));
        sgp_buf_puts(W->buf, W->dialect == SGP_SQL_HIVE ? ":" : ": ");
        int rc = write_type(W, sg_field_type(field), depth + 1);
        if (rc != SG_OK) {
            return rc;
        }
        if (!sg_field_nullable(field)) {
            if (W->dialect == SGP_SQL_SPARK) {
                word(W, " not null");
            } else {
                loss(W, "%s", "Hive struct fields are always nullable: NOT NULL is not kept");
            }
        }
        if (sg_field_doc(field)) {
            sgp_buf_puts(W->buf, " ");
            word(W, "comment");
            sgp_buf_puts(W->buf, " ");
            sgp_sql_write_string(W->buf, sg_field_doc(field));
        }
        sgp_sql_report_unkept(W->options, W->source, W->path, field, false);
        if (sg_field_partition(field)) {
            loss(W, "%s", "a type string has no partition keys: the flag is not kept");
        }
        W->path[saved] = '\0';
    }
    sgp_buf_puts(W->buf, ">");
    return SG_OK;
}

static int write_type(sql_writer *W, const sg_type *type, int depth) {
    if (depth > SG_MAX_DEPTH) {
        return sgp_error(W->err, SG_ELIMIT, W->source, W->path, 0, 0,
                         "schema nested deeper than %d levels", SG_MAX_DEPTH);
    }
    bool hive = W->dialect == SGP_SQL_HIVE;
    char text[64];
    int rc = SG_OK;
    /* Names of named types are not data and are dropped silently; docs and metadata on types
     * are details the reader may care about. */
    if (sg_type_doc(type)) {
        loss(W, "%s", "a doc on the type itself is not kept (only field comments are)");
    }
    if (sg_type_metadata_count(type)) {
        loss(W, "type metadata (%s, ...) is not kept", sg_type_metadata_key(type, 0));
    }
    if (sg_type_nullable(type) && sg_type_null_index(type) != 0) {
        loss(W, "%s", "the position of null in the Avro union is not kept");
    }
    if (sg_type_size(type) > 0 &&
        (sg_type_kind(type) == SG_KIND_DECIMAL || sg_type_kind(type) == SG_KIND_UUID)) {
        loss(W, "%s", "storage in fixed-size bytes is not kept");
    }
    switch (sg_type_kind(type)) {
    case SG_KIND_BOOLEAN:
        word(W, "boolean");
        break;
    case SG_KIND_INT8:
        word(W, "tinyint");
        break;
    case SG_KIND_INT16:
        word(W, "smallint");
        break;
    case SG_KIND_INT32:
        word(W, "int");
        break;
    case SG_KIND_INT64:
        word(W, "bigint");
        break;
    case SG_KIND_FLOAT32:
        word(W, "float");
        break;
    case SG_KIND_FLOAT64:
        word(W, "double");
        break;
    case SG_KIND_DECIMAL:
        if (sg_type_precision(type) > MAX_DECIMAL_PRECISION) {
            return sgp_error(W->err, SG_EUNSUPPORTED, W->source, W->path, 0, 0,
                             "decimal(%d,%d) has more than %d digits", sg_type_precision(type),
                             sg_type_scale(type), MAX_DECIMAL_PRECISION);
        }
        snprintf(text, sizeof text, "decimal(%d,%d)", sg_type_precision(type), sg_type_scale(type));
        word(W, text);
        break;
    case SG_KIND_STRING:
        if (sg_type_string_flavor(type) == SG_STRING_PLAIN) {
            word(W, "string");
        } else {
            bool is_char = sg_type_string_flavor(type) == SG_STRING_CHAR;
            long long n = (long long)sg_type_max_length(type);
            long long max = is_char ? HIVE_MAX_CHAR : HIVE_MAX_VARCHAR;
            if (hive && n > max) {
                snprintf(text, sizeof text, "%s(%lld)", is_char ? "char" : "varchar", n);
                loss(W, "%s is longer than Hive allows: written as string", text);
                word(W, "string");
            } else {
                snprintf(text, sizeof text, "%s(%lld)", is_char ? "char" : "varchar", n);
                word(W, text);
            }
        }
        break;
    case SG_KIND_BINARY:
        word(W, "binary");
        break;
    case SG_KIND_FIXED:
        loss(W, "%s", "fixed becomes binary: the size is not kept");
        word(W, "binary");
        break;
    case SG_KIND_DATE:
        word(W, "date");
        break;
    case SG_KIND_TIME:
        loss(W, "%s",
             "time of day becomes a number (milliseconds: int, else bigint): "
             "SQL tables here have no time type");
        word(W, sg_type_time_unit(type) == SG_UNIT_MILLIS ? "int" : "bigint");
        break;
    case SG_KIND_TIMESTAMP:
        if (sg_type_time_unit(type) == SG_UNIT_NANOS) {
            loss(W, "%s", "nanosecond timestamps become microsecond timestamps");
        } else if (sg_type_time_unit(type) == SG_UNIT_MILLIS) {
            loss(W, "%s", "the millisecond unit is not kept: timestamps here are microseconds");
        }
        if (!sg_type_utc(type) && hive) {
            loss(W, "%s",
                 "a local date-time (timestamp without time zone) becomes Glue "
                 "timestamp, which Spark reads as an instant");
        }
        word(W, !sg_type_utc(type) && !hive ? "timestamp_ntz" : "timestamp");
        break;
    case SG_KIND_UUID:
        loss(W, "%s", "uuid becomes string");
        word(W, "string");
        break;
    case SG_KIND_ENUM:
        loss(W, "%s", "enum becomes string: the symbols are not kept");
        word(W, "string");
        break;
    case SG_KIND_DURATION:
        loss(W, "%s", "duration becomes binary (12 bytes: months, days, milliseconds)");
        word(W, "binary");
        break;
    case SG_KIND_VARIANT:
        if (hive) {
            return sgp_error(W->err, SG_EUNSUPPORTED, W->source, W->path, 0, 0,
                             "Glue/Hive tables have no variant type");
        }
        word(W, "variant");
        break;
    case SG_KIND_NULL:
        if (hive) {
            return sgp_error(W->err, SG_EUNSUPPORTED, W->source, W->path, 0, 0,
                             "Glue/Hive tables have no type for a column that is always null");
        }
        word(W, "void");
        break;
    case SG_KIND_LIST: {
        if (!sg_type_element(type)) {
            /* The API lets a list be built without its element; nothing can be written. */
            return sgp_error(W->err, SG_EINVALID, W->source, W->path, 0, 0,
                             "a list without an element type");
        }
        word(W, "array<");
        size_t saved = path_push(W, "[]", false);
        if (!sg_type_nullable(sg_type_element(type))) {
            loss(W, "%s", "array elements are always nullable in SQL types (containsNull)");
        }
        rc = write_type(W, sg_type_element(type), depth + 1);
        W->path[saved] = '\0';
        sgp_buf_puts(W->buf, ">");
        break;
    }
    case SG_KIND_MAP: {
        if (!sg_type_map_key(type) || !sg_type_map_value(type)) {
            return sgp_error(W->err, SG_EINVALID, W->source, W->path, 0, 0,
                             "a map without both a key and a value type");
        }
        sg_kind key_kind = sg_type_kind(sg_type_map_key(type));
        if (hive && (key_kind == SG_KIND_STRUCT || key_kind == SG_KIND_LIST ||
                     key_kind == SG_KIND_MAP || key_kind == SG_KIND_UNION)) {
            return sgp_error(W->err, SG_EUNSUPPORTED, W->source, W->path, 0, 0,
                             "Hive and Athena take only primitive map keys, not %s",
                             sg_kind_name(key_kind));
        }
        word(W, "map<");
        rc = write_type(W, sg_type_map_key(type), depth + 1);
        sgp_buf_puts(W->buf, hive ? "," : ", ");
        size_t saved = path_push(W, "{}", false);
        if (rc == SG_OK) {
            if (!sg_type_nullable(sg_type_map_value(type))) {
                loss(W, "%s", "map values are always nullable in SQL types (valueContainsNull)");
            }
            rc = write_type(W, sg_type_map_value(type), depth + 1);
        }
        W->path[saved] = '\0';
        sgp_buf_puts(W->buf, ">");
        break;
    }
    case SG_KIND_STRUCT:
        rc = write_struct(W, type, depth);
        break;
    case SG_KIND_UNION:
        if (!hive) {
            /* Spark reads Avro unions as a struct of member0, member1, ... (spark-avro). */
            loss(W, "%s", "union becomes a struct with one nullable field per branch");
            word(W, "struct<");
            for (size_t i = 0; i < sg_type_child_count(type) && rc == SG_OK; i++) {
                snprintf(text, sizeof text, "%smember%zu: ", i ? ", " : "", i);
                sgp_buf_puts(W->buf, text);
                rc = write_type(W, sg_type_child(type, i), depth + 1);
            }
            sgp_buf_puts(W->buf, ">");
            break;
        }
        word(W, "uniontype<");
        for (size_t i = 0; i < sg_type_child_count(type) && rc == SG_OK; i++) {
            if (i) {
                sgp_buf_puts(W->buf, ",");
            }
            rc = write_type(W, sg_type_child(type, i), depth + 1);
        }
        sgp_buf_puts(W->buf, ">");
        break;
    }
    return rc;
}

int sgp_sql_write_type(sgp_buf *buf, const sg_type *type, sgp_sql_dialect dialect,
                       const sg_write_options *options, const char *source, char *path,
                       size_t path_cap, sg_error *err) {
    sql_writer W = {buf, dialect, options, source, path, path_cap, err};
    int rc = write_type(&W, type, 0);
    if (rc == SG_OK && buf->failed) {
        rc = sgp_error_nomem(err);
    }
    return rc;
}

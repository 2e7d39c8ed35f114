/*
 * remote/xml.c: the strict XML reader for S3 responses (see xml.h). Owns the well-formedness
 * rules it enforces, entity decoding and the element tree. The parser is a loop over an explicit
 * stack of open elements (no recursion, so depth costs no C stack), after one pass that checks
 * the encoding (UTF-8, no NUL, no forbidden controls), so the rest can trust every byte. The tree
 * lives in one arena owned by the root: a 1000-key listing is a few allocations, and freeing it
 * is one walk over the blocks.
 */
#include "remote/xml.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/util.h"

struct sgp_xml_node {
    const char *name;
    const char *text;
    size_t text_length;
    const sgp_xml_node **children;
    size_t child_count;
    const sgp_xml_node *next_sibling;
};

/* Arena blocks: small allocations share a block; a large one gets its own, linked behind the
 * current block so that the space left there is still used. */
typedef struct sgp_xml_block {
    struct sgp_xml_block *next;
    size_t used;
    size_t cap;
    alignas(max_align_t) unsigned char data[];
} sgp_xml_block;

#define SGP_XML_BLOCK_BYTES (64u * 1024u)

/* The root is the first member, so sgp_xml_free can get from the root back to its arena. */
typedef struct sgp_xml_doc {
    sgp_xml_node root;
    sgp_xml_block *blocks;
} sgp_xml_doc;

static void *sgp_xml_alloc(sgp_xml_doc *doc, size_t size, size_t align) {
    sgp_xml_block *b = doc->blocks;
    if (b != NULL) {
        size_t start = (b->used + align - 1) / align * align;
        if (start <= b->cap && size <= b->cap - start) {
            b->used = start + size;
            return b->data + start;
        }
    }
    bool own = size > SGP_XML_BLOCK_BYTES / 4;
    size_t cap = own ? size : SGP_XML_BLOCK_BYTES;
    if (cap > SIZE_MAX - sizeof(sgp_xml_block)) {
        return NULL;
    }
    sgp_xml_block *nb = malloc(sizeof(sgp_xml_block) + cap);
    if (nb == NULL) {
        return NULL;
    }
    nb->used = size;
    nb->cap = cap;
    if (own && b != NULL) {
        nb->next = b->next;
        b->next = nb;
    } else {
        nb->next = b;
        doc->blocks = nb;
    }
    return nb->data;
}

static void sgp_xml_doc_free(sgp_xml_doc *doc) {
    if (doc == NULL) {
        return;
    }
    sgp_xml_block *b = doc->blocks;
    while (b != NULL) {
        sgp_xml_block *next = b->next;
        free(b);
        b = next;
    }
    free(doc);
}

void sgp_xml_free(sgp_xml_node *root) {
    /* root is the first member of its sgp_xml_doc (see sgp_xml_parse). */
    sgp_xml_doc_free((sgp_xml_doc *)root);
}

/* ---- Parser state ---- */

typedef struct sgp_xml_frame {
    sgp_xml_node *node;
    const char *qname; /* as written, prefix included: the end tag must repeat it exactly */
    size_t qname_length;
    size_t offset; /* of the start tag's '<' */
    sgp_buf text;  /* reused by every element opened at this depth */
    const sgp_xml_node *first_child;
    sgp_xml_node *last_child;
    size_t child_count;
} sgp_xml_frame;

typedef struct sgp_xml_parser {
    const char *data;
    size_t length;
    size_t pos;
    const char *source;
    sg_error *err;
    sgp_xml_doc *doc;
    sgp_xml_frame stack[SG_XML_MAX_DEPTH];
    size_t depth;
    size_t elements;
    bool root_done;
} sgp_xml_parser;

/* Line and column (in characters) of offset. Called only on failure, so a rescan is fine. */
static void sgp_xml_position(const char *data, size_t offset, int *line, int *column) {
    long l = 1, c = 1;
    size_t i = 0;
    if (offset >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        i = 3; /* the byte order mark takes no column */
    }
    for (; i < offset; i++) {
        unsigned char b = (unsigned char)data[i];
        if (b == '\n' || (b == '\r' && (i + 1 >= offset || data[i + 1] != '\n'))) {
            l++;
            c = 1;
        } else if (b != '\r' && (b & 0xC0) != 0x80) {
            c++;
        }
    }
    /* 16 MiB of input cannot overflow an int, but keep the conversion honest. */
    *line = l > INT32_MAX ? INT32_MAX : (int)l;
    *column = c > INT32_MAX ? INT32_MAX : (int)c;
}

static int sgp_xml_fail(sgp_xml_parser *P, size_t offset, int code, const char *fmt, ...)
    SGP_PRINTF(4, 5);

static int sgp_xml_fail(sgp_xml_parser *P, size_t offset, int code, const char *fmt, ...) {
    int line, column;
    sgp_xml_position(P->data, offset, &line, &column);
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(P->err, code, P->source, NULL, line, column, fmt, ap);
    va_end(ap);
    return code;
}

static int sgp_xml_eof(sgp_xml_parser *P, const char *what) {
    return sgp_xml_fail(P, P->length, SG_EPARSE, "unexpected end of input inside %s", what);
}

static bool sgp_xml_is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ASCII letters, '_' and ':' start a name; every non-ASCII character is let through (the input
 * is known to be UTF-8, so a multi-byte character is consumed whole). */
static bool sgp_xml_name_start(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

static bool sgp_xml_name_char(unsigned char c) {
    return sgp_xml_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool sgp_xml_at(const sgp_xml_parser *P, const char *literal) {
    size_t n = strlen(literal);
    return P->length - P->pos >= n && memcmp(P->data + P->pos, literal, n) == 0;
}

/* Skips whitespace; true if there was any. */
static bool sgp_xml_skip_space(sgp_xml_parser *P) {
    size_t start = P->pos;
    while (P->pos < P->length && sgp_xml_is_space(P->data[P->pos])) {
        P->pos++;
    }
    return P->pos > start;
}

/* A name at pos (advanced past it); length 0 when there is none. */
static size_t sgp_xml_scan_name(sgp_xml_parser *P) {
    size_t start = P->pos;
    if (P->pos < P->length && sgp_xml_name_start((unsigned char)P->data[P->pos])) {
        P->pos++;
        while (P->pos < P->length && sgp_xml_name_char((unsigned char)P->data[P->pos])) {
            P->pos++;
        }
    }
    return P->pos - start;
}

/* The local part of a qualified name (Namespaces in XML: at most one ':', neither part empty);
 * NULL when the name breaks those rules. */
static const char *sgp_xml_local_part(const char *qname, size_t length, size_t *local_length) {
    const char *colon = memchr(qname, ':', length);
    if (colon == NULL) {
        *local_length = length;
        return qname;
    }
    size_t prefix = (size_t)(colon - qname);
    const char *local = colon + 1;
    size_t rest = length - prefix - 1;
    if (prefix == 0 || rest == 0 || memchr(local, ':', rest) != NULL) {
        return NULL;
    }
    *local_length = rest;
    return local;
}

/* The longest reference text quoted in a message. */
#define SGP_XML_QUOTE_MAX 40

/* How many bytes of s (n long) a message quotes: at most SGP_XML_QUOTE_MAX, cut at a character
 * boundary so that the message stays UTF-8. */
static int sgp_xml_shown(const char *s, size_t n) {
    if (n <= SGP_XML_QUOTE_MAX) {
        return (int)n;
    }
    size_t k = SGP_XML_QUOTE_MAX;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) {
        k--;
    }
    return (int)k;
}

/* An entity or character reference at pos (on the '&'), decoded into out (NULL: only checked,
 * as in attribute values, which are dropped). */
static int sgp_xml_reference(sgp_xml_parser *P, sgp_buf *out) {
    size_t amp = P->pos;
    const char *d = P->data;
    size_t i = amp + 1;
    if (i < P->length && d[i] == '#') {
        i++;
        bool hex = i < P->length && d[i] == 'x';
        if (hex) {
            i++;
        }
        uint32_t value = 0;
        size_t digits = 0;
        for (; i < P->length; i++, digits++) {
            unsigned char c = (unsigned char)d[i];
            uint32_t v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (hex && c >= 'a' && c <= 'f') {
                v = c - 'a' + 10u;
            } else if (hex && c >= 'A' && c <= 'F') {
                v = c - 'A' + 10u;
            } else {
                break;
            }
            /* Saturate past the Unicode range: leading zeros are allowed, overflow is not. */
            value = value > 0x10FFFF ? 0x110000 : value * (hex ? 16u : 10u) + v;
        }
        if (digits == 0 || i >= P->length || d[i] != ';') {
            return sgp_xml_fail(P, amp, SG_EPARSE,
                                "malformed character reference (expected &#DIGITS; or &#xHEX;)");
        }
        size_t shown = i + 1 - amp;
        if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF ||
            value == 0xFFFE || value == 0xFFFF) {
            return sgp_xml_fail(
                P, amp, SG_EPARSE, "character reference %.*s%s does not name an allowed character",
                sgp_xml_shown(d + amp, shown), d + amp, shown > SGP_XML_QUOTE_MAX ? "..." : "");
        }
        if (out != NULL) {
            sgp_buf_put_utf8(out, value);
        }
        P->pos = i + 1;
        return SG_OK;
    }
    P->pos = i;
    size_t n = sgp_xml_scan_name(P);
    if (n == 0 || P->pos >= P->length || d[P->pos] != ';') {
        P->pos = amp;
        return sgp_xml_fail(P, amp, SG_EPARSE,
                            "'&' must start an entity or character reference (write &amp;)");
    }
    static const struct {
        const char *name;
        char value;
    } predefined[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};
    for (size_t k = 0; k < sizeof predefined / sizeof predefined[0]; k++) {
        if (strlen(predefined[k].name) == n && memcmp(predefined[k].name, d + i, n) == 0) {
            if (out != NULL) {
                sgp_buf_append(out, &predefined[k].value, 1);
            }
            P->pos++;
            return SG_OK;
        }
    }
    return sgp_xml_fail(P, amp, SG_EPARSE,
                        "unknown entity &%.*s;%s (only &lt; &gt; &amp; &apos; &quot; are defined)",
                        sgp_xml_shown(d + i, n), d + i, n > SGP_XML_QUOTE_MAX ? "..." : "");
}

/* Appends raw character data, turning CR LF and lone CR into LF (XML 1.0, 2.11). */
static void sgp_xml_append_text(sgp_buf *out, const char *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            sgp_buf_append(out, s + run, i - run);
            sgp_buf_append(out, "\n", 1);
            if (i + 1 < n && s[i + 1] == '\n') {
                i++;
            }
            run = i + 1;
        }
    }
    sgp_buf_append(out, s + run, n - run);
}

/* Checks the encoding of the whole input once: UTF-8, no NUL, none of the C0 controls XML 1.0
 * forbids, no U+FFFE or U+FFFF. */
static int sgp_xml_check_bytes(sgp_xml_parser *P) {
    const char *d = P->data;
    for (size_t i = 0; i < P->length;) {
        unsigned char c = (unsigned char)d[i];
        if (c < 0x80) {
            if (c == 0) {
                return sgp_xml_fail(P, i, SG_EPARSE, "NUL byte in the document");
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return sgp_xml_fail(P, i, SG_EPARSE,
                                    "control character U+%04X is not allowed in XML", c);
            }
            i++;
            continue;
        }
        size_t n = sgp_utf8_char(d + i, P->length - i);
        if (n == 0) {
            return sgp_xml_fail(P, i, SG_EPARSE, "invalid UTF-8 (byte 0x%02X)", c);
        }
        if (n == 3 && c == 0xEF && (unsigned char)d[i + 1] == 0xBF &&
            ((unsigned char)d[i + 2] == 0xBE || (unsigned char)d[i + 2] == 0xBF)) {
            return sgp_xml_fail(P, i, SG_EPARSE, "U+%04X is not allowed in XML",
                                (unsigned char)d[i + 2] == 0xBE ? 0xFFFEu : 0xFFFFu);
        }
        i += n;
    }
    return SG_OK;
}

/* ---- Markup other than elements ---- */

/* A comment at pos ("<!--"). */
static int sgp_xml_comment(sgp_xml_parser *P) {
    size_t start = P->pos;
    for (size_t i = start + 4; i + 1 < P->length; i++) {
        if (P->data[i] == '-' && P->data[i + 1] == '-') {
            if (i + 2 < P->length && P->data[i + 2] == '>') {
                P->pos = i + 3;
                return SG_OK;
            }
            if (i + 2 < P->length) {
                return sgp_xml_fail(P, i, SG_EPARSE, "'--' is not allowed inside a comment");
            }
            break;
        }
    }
    return sgp_xml_eof(P, "a comment");
}

/* A processing instruction at pos ("<?"); the XML declaration is handled before the prolog. */
static int sgp_xml_pi(sgp_xml_parser *P) {
    size_t start = P->pos;
    P->pos += 2;
    size_t target = P->pos;
    size_t n = sgp_xml_scan_name(P);
    if (n == 0) {
        return sgp_xml_fail(P, start, SG_EPARSE, "a processing instruction needs a target name");
    }
    if (n == 3 && (P->data[target] | 0x20) == 'x' && (P->data[target + 1] | 0x20) == 'm' &&
        (P->data[target + 2] | 0x20) == 'l') {
        return sgp_xml_fail(P, start, SG_EPARSE,
                            "an XML declaration is allowed only at the start of the document");
    }
    if (!sgp_xml_at(P, "?>") && !sgp_xml_skip_space(P)) {
        return sgp_xml_fail(P, P->pos, SG_EPARSE,
                            "expected whitespace or '?>' after the processing instruction target");
    }
    for (size_t i = P->pos; i + 1 < P->length; i++) {
        if (P->data[i] == '?' && P->data[i + 1] == '>') {
            P->pos = i + 2;
            return SG_OK;
        }
    }
    return sgp_xml_eof(P, "a processing instruction");
}

/* The XML declaration at pos ("<?xml" and whitespace): version 1.x, then optionally an
 * encoding (UTF-8 or US-ASCII, the only ones this reader decodes) and standalone. */
static int sgp_xml_declaration(sgp_xml_parser *P) {
    size_t start = P->pos;
    P->pos += 5;
    static const char *const names[] = {"version", "encoding", "standalone"};
    size_t next = 0; /* the pseudo-attributes must come in this order */
    for (;;) {
        bool space = sgp_xml_skip_space(P);
        if (sgp_xml_at(P, "?>")) {
            if (next == 0) {
                return sgp_xml_fail(P, start, SG_EPARSE, "the XML declaration has no version");
            }
            P->pos += 2;
            return SG_OK;
        }
        if (P->pos >= P->length) {
            return sgp_xml_eof(P, "the XML declaration");
        }
        size_t at = P->pos;
        size_t n = sgp_xml_scan_name(P);
        size_t which = next;
        while (which < 3 &&
               !(strlen(names[which]) == n && memcmp(names[which], P->data + at, n) == 0)) {
            which++;
        }
        if (!space || n == 0 || which == 3 || (next == 0 && which != 0)) {
            return sgp_xml_fail(P, at, SG_EPARSE, "malformed XML declaration");
        }
        sgp_xml_skip_space(P);
        if (!sgp_xml_at(P, "=")) {
            return sgp_xml_fail(P, P->pos, SG_EPARSE, "malformed XML declaration: expected '='");
        }
        P->pos++;
        sgp_xml_skip_space(P);
        if (P->pos >= P->length || (P->data[P->pos] != '"' && P->data[P->pos] != '\'')) {
            return sgp_xml_fail(P, P->pos, SG_EPARSE,
                                "malformed XML declaration: expected a quoted value");
        }
        char quote = P->data[P->pos];
        const char *value = P->data + P->pos + 1;
        const char *end = memchr(value, quote, P->length - P->pos - 1);
        if (end == NULL) {
            return sgp_xml_eof(P, "the XML declaration");
        }
        size_t vn = (size_t)(end - value);
        size_t value_at = P->pos + 1;
        P->pos = (size_t)(end - P->data) + 1;
        bool ok;
        if (which == 0) {
            ok = vn >= 3 && memcmp(value, "1.", 2) == 0;
            for (size_t k = 2; ok && k < vn; k++) {
                ok = value[k] >= '0' && value[k] <= '9';
            }
        } else if (which == 1) {
            char enc[9] = "";
            for (size_t k = 0; k < vn && k < sizeof enc - 1; k++) {
                enc[k] = (char)(value[k] >= 'a' && value[k] <= 'z' ? value[k] - 32 : value[k]);
            }
            if (vn >= sizeof enc || (strcmp(enc, "UTF-8") != 0 && strcmp(enc, "UTF8") != 0 &&
                                     strcmp(enc, "US-ASCII") != 0)) {
                return sgp_xml_fail(P, value_at, SG_EUNSUPPORTED,
                                    "encoding \"%.*s\" is not supported (only UTF-8)",
                                    sgp_xml_shown(value, vn), value);
            }
            ok = true;
        } else {
            ok = (vn == 3 && memcmp(value, "yes", 3) == 0) ||
                 (vn == 2 && memcmp(value, "no", 2) == 0);
        }
        if (!ok) {
            return sgp_xml_fail(P, value_at, SG_EPARSE, "malformed XML declaration: bad %s value",
                                names[which]);
        }
        next = which + 1;
    }
}

/* ---- Elements ---- */

static int sgp_xml_nomem(sgp_xml_parser *P) {
    return sgp_error_nomem(P->err);
}

/* Finishes the element on top of the stack: its text and children move into the arena and it
 * joins its parent's children. */
static int sgp_xml_close(sgp_xml_parser *P) {
    sgp_xml_frame *f = &P->stack[P->depth - 1];
    sgp_xml_node *node = f->node;
    if (f->text.failed) {
        return sgp_xml_nomem(P);
    }
    if (f->text.len > 0) {
        char *text = sgp_xml_alloc(P->doc, f->text.len + 1, 1);
        if (text == NULL) {
            return sgp_xml_nomem(P);
        }
        memcpy(text, f->text.data, f->text.len + 1);
        node->text = text;
        node->text_length = f->text.len;
    }
    if (f->child_count > 0) {
        const sgp_xml_node **children =
            sgp_xml_alloc(P->doc, f->child_count * sizeof *children, alignof(sgp_xml_node *));
        if (children == NULL) {
            return sgp_xml_nomem(P);
        }
        size_t k = 0;
        for (const sgp_xml_node *c = f->first_child; c != NULL; c = c->next_sibling) {
            children[k++] = c;
        }
        node->children = children;
        node->child_count = f->child_count;
    }
    P->depth--;
    if (P->depth == 0) {
        P->root_done = true;
        return SG_OK;
    }
    sgp_xml_frame *parent = &P->stack[P->depth - 1];
    if (parent->last_child != NULL) {
        parent->last_child->next_sibling = node;
    } else {
        parent->first_child = node;
    }
    parent->last_child = node;
    parent->child_count++;
    return SG_OK;
}

/* A start tag at pos ('<' and a name start): opens the element (and closes it again for an
 * empty-element tag). Attributes are checked and dropped. */
static int sgp_xml_start_tag(sgp_xml_parser *P) {
    size_t lt = P->pos;
    P->pos++;
    size_t qstart = P->pos;
    size_t qn = sgp_xml_scan_name(P);
    size_t local_length;
    const char *local = sgp_xml_local_part(P->data + qstart, qn, &local_length);
    if (local == NULL) {
        return sgp_xml_fail(P, qstart, SG_EPARSE, "invalid element name \"%.*s\"",
                            sgp_xml_shown(P->data + qstart, qn), P->data + qstart);
    }
    if (P->depth == SG_XML_MAX_DEPTH) {
        return sgp_xml_fail(P, lt, SG_ELIMIT, "elements nest deeper than the limit of %d levels",
                            SG_XML_MAX_DEPTH);
    }
    if (P->elements == SG_XML_MAX_ELEMENTS) {
        return sgp_xml_fail(P, lt, SG_ELIMIT, "more elements than the limit of %u",
                            SG_XML_MAX_ELEMENTS);
    }
    P->elements++;
    bool empty = false;
    for (;;) {
        bool space = sgp_xml_skip_space(P);
        if (P->pos >= P->length) {
            return sgp_xml_eof(P, "a start tag");
        }
        char c = P->data[P->pos];
        if (c == '>') {
            P->pos++;
            break;
        }
        if (c == '/') {
            if (P->pos + 1 >= P->length) {
                return sgp_xml_eof(P, "a start tag");
            }
            if (P->data[P->pos + 1] != '>') {
                return sgp_xml_fail(P, P->pos, SG_EPARSE, "expected '>' after '/' in a tag");
            }
            P->pos += 2;
            empty = true;
            break;
        }
        size_t at = P->pos;
        if (!space || sgp_xml_scan_name(P) == 0) {
            return sgp_xml_fail(P, at, SG_EPARSE,
                                "expected an attribute, '>' or '/>' in the start tag of <%.*s>",
                                sgp_xml_shown(P->data + qstart, qn), P->data + qstart);
        }
        sgp_xml_skip_space(P);
        if (P->pos >= P->length) {
            return sgp_xml_eof(P, "a start tag");
        }
        if (P->data[P->pos] != '=') {
            return sgp_xml_fail(P, P->pos, SG_EPARSE, "expected '=' after the attribute name");
        }
        P->pos++;
        sgp_xml_skip_space(P);
        if (P->pos >= P->length) {
            return sgp_xml_eof(P, "a start tag");
        }
        char quote = P->data[P->pos];
        if (quote != '"' && quote != '\'') {
            return sgp_xml_fail(P, P->pos, SG_EPARSE, "an attribute value must be quoted");
        }
        P->pos++;
        for (;;) {
            if (P->pos >= P->length) {
                return sgp_xml_eof(P, "an attribute value");
            }
            char v = P->data[P->pos];
            if (v == quote) {
                P->pos++;
                break;
            }
            if (v == '<') {
                return sgp_xml_fail(P, P->pos, SG_EPARSE,
                                    "'<' is not allowed in an attribute value");
            }
            if (v == '&') {
                int rc = sgp_xml_reference(P, NULL);
                if (rc != SG_OK) {
                    return rc;
                }
            } else {
                P->pos++;
            }
        }
    }

    sgp_xml_node *node =
        P->depth == 0 ? &P->doc->root : sgp_xml_alloc(P->doc, sizeof *node, alignof(sgp_xml_node));
    char *name = sgp_xml_alloc(P->doc, local_length + 1, 1);
    if (node == NULL || name == NULL) {
        return sgp_xml_nomem(P);
    }
    memcpy(name, local, local_length);
    name[local_length] = '\0';
    *node = (sgp_xml_node){.name = name, .text = ""};
    sgp_xml_frame *f = &P->stack[P->depth++];
    f->node = node;
    f->qname = P->data + qstart;
    f->qname_length = qn;
    f->offset = lt;
    f->text.len = 0;
    if (f->text.data != NULL) {
        f->text.data[0] = '\0';
    }
    f->first_child = NULL;
    f->last_child = NULL;
    f->child_count = 0;
    return empty ? sgp_xml_close(P) : SG_OK;
}

/* An end tag at pos ("</"): must name the innermost open element exactly as its start tag. */
static int sgp_xml_end_tag(sgp_xml_parser *P) {
    size_t lt = P->pos;
    P->pos += 2;
    size_t qstart = P->pos;
    size_t qn = sgp_xml_scan_name(P);
    int shown = sgp_xml_shown(P->data + qstart, qn);
    if (qn == 0) {
        return sgp_xml_fail(P, lt, SG_EPARSE, "expected a name after '</'");
    }
    sgp_xml_skip_space(P);
    if (P->pos >= P->length) {
        return sgp_xml_eof(P, "an end tag");
    }
    if (P->data[P->pos] != '>') {
        return sgp_xml_fail(P, P->pos, SG_EPARSE, "expected '>' to end </%.*s>", shown,
                            P->data + qstart);
    }
    P->pos++;
    sgp_xml_frame *f = &P->stack[P->depth - 1];
    if (f->qname_length != qn || memcmp(f->qname, P->data + qstart, qn) != 0) {
        int line, column;
        sgp_xml_position(P->data, f->offset, &line, &column);
        int open = sgp_xml_shown(f->qname, f->qname_length);
        return sgp_xml_fail(P, lt, SG_EPARSE,
                            "end tag </%.*s> does not match <%.*s> (opened at line %d, column %d)",
                            shown, P->data + qstart, open, f->qname, line, column);
    }
    return sgp_xml_close(P);
}

/* Character data inside an element, up to the next '<' or '&'. */
static int sgp_xml_char_data(sgp_xml_parser *P, sgp_buf *text) {
    const char *d = P->data;
    size_t i = P->pos;
    while (i < P->length && d[i] != '<' && d[i] != '&') {
        if (d[i] == '>' && i >= P->pos + 2 && d[i - 1] == ']' && d[i - 2] == ']') {
            return sgp_xml_fail(P, i - 2, SG_EPARSE, "']]>' is not allowed in text");
        }
        i++;
    }
    sgp_xml_append_text(text, d + P->pos, i - P->pos);
    P->pos = i;
    return SG_OK;
}

/* A CDATA section at pos ("<![CDATA["). */
static int sgp_xml_cdata(sgp_xml_parser *P, sgp_buf *text) {
    size_t start = P->pos + 9;
    for (size_t i = start; i + 2 < P->length; i++) {
        if (P->data[i] == ']' && P->data[i + 1] == ']' && P->data[i + 2] == '>') {
            sgp_xml_append_text(text, P->data + start, i - start);
            P->pos = i + 3;
            return SG_OK;
        }
    }
    return sgp_xml_eof(P, "a CDATA section");
}

/* Markup starting with '<' anywhere: a tag, comment, PI, CDATA or (refused) DOCTYPE. */
static int sgp_xml_markup(sgp_xml_parser *P) {
    size_t lt = P->pos;
    bool inside = P->depth > 0;
    if (sgp_xml_at(P, "<!--")) {
        return sgp_xml_comment(P);
    }
    if (sgp_xml_at(P, "<?")) {
        return sgp_xml_pi(P);
    }
    if (sgp_xml_at(P, "<!DOCTYPE")) {
        return sgp_xml_fail(P, lt, SG_EPARSE,
                            "DOCTYPE is not allowed (no DTDs, no entity declarations)");
    }
    if (sgp_xml_at(P, "<![CDATA[")) {
        if (!inside) {
            return sgp_xml_fail(P, lt, SG_EPARSE, "CDATA section outside the root element");
        }
        return sgp_xml_cdata(P, &P->stack[P->depth - 1].text);
    }
    if (sgp_xml_at(P, "<!")) {
        return sgp_xml_fail(P, lt, SG_EPARSE,
                            "unexpected '<!' (only comments and CDATA sections are allowed)");
    }
    if (sgp_xml_at(P, "</")) {
        if (!inside) {
            return sgp_xml_fail(P, lt, SG_EPARSE, "end tag without a matching start tag");
        }
        return sgp_xml_end_tag(P);
    }
    if (P->pos + 1 >= P->length) {
        return sgp_xml_eof(P, "a tag");
    }
    if (!sgp_xml_name_start((unsigned char)P->data[P->pos + 1])) {
        return sgp_xml_fail(P, lt, SG_EPARSE, "'<' must start a tag (write &lt;)");
    }
    if (P->root_done) {
        return sgp_xml_fail(P, lt, SG_EPARSE, "a second element after the root element");
    }
    return sgp_xml_start_tag(P);
}

static int sgp_xml_document(sgp_xml_parser *P) {
    int rc = sgp_xml_check_bytes(P);
    if (rc != SG_OK) {
        return rc;
    }
    if (sgp_xml_at(P, "\xEF\xBB\xBF")) {
        P->pos += 3;
    }
    if (sgp_xml_at(P, "<?xml") &&
        (P->pos + 5 >= P->length || sgp_xml_is_space(P->data[P->pos + 5]) ||
         P->data[P->pos + 5] == '?')) {
        rc = sgp_xml_declaration(P);
        if (rc != SG_OK) {
            return rc;
        }
    }
    while (rc == SG_OK) {
        if (P->depth == 0) {
            /* Prolog or epilog: only whitespace and markup. */
            sgp_xml_skip_space(P);
            if (P->pos >= P->length) {
                break;
            }
            if (P->data[P->pos] != '<') {
                return sgp_xml_fail(P, P->pos, SG_EPARSE, "text %s the root element",
                                    P->root_done ? "after" : "before");
            }
            rc = sgp_xml_markup(P);
        } else if (P->pos >= P->length) {
            sgp_xml_frame *f = &P->stack[P->depth - 1];
            int line, column;
            sgp_xml_position(P->data, f->offset, &line, &column);
            int shown = sgp_xml_shown(f->qname, f->qname_length);
            return sgp_xml_fail(
                P, P->length, SG_EPARSE,
                "unexpected end of input: <%.*s> (line %d, column %d) is not closed", shown,
                f->qname, line, column);
        } else if (P->data[P->pos] == '<') {
            rc = sgp_xml_markup(P);
        } else if (P->data[P->pos] == '&') {
            rc = sgp_xml_reference(P, &P->stack[P->depth - 1].text);
        } else {
            rc = sgp_xml_char_data(P, &P->stack[P->depth - 1].text);
        }
    }
    if (rc == SG_OK && !P->root_done) {
        return sgp_xml_fail(P, P->length, SG_EPARSE, "no root element");
    }
    return rc;
}

int sgp_xml_parse(sgp_xml_node **out, const char *data, size_t length, const char *source,
                  sg_error *err) {
    if (out == NULL) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "sgp_xml_parse: out is NULL");
    }
    *out = NULL;
    if (data == NULL && length > 0) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "sgp_xml_parse: data is NULL");
    }
    if (length > SG_XML_MAX_BYTES) {
        return sgp_error(err, SG_ELIMIT, source, NULL, 0, 0,
                         "the XML document (%zu bytes) is larger than the limit of %u bytes",
                         length, SG_XML_MAX_BYTES);
    }
    sgp_xml_parser *P = calloc(1, sizeof *P);
    sgp_xml_doc *doc = calloc(1, sizeof *doc);
    if (P == NULL || doc == NULL) {
        free(P);
        free(doc);
        return sgp_error_nomem(err);
    }
    P->data = data != NULL ? data : "";
    P->length = length;
    P->source = source;
    P->err = err;
    P->doc = doc;
    int rc = sgp_xml_document(P);
    for (size_t i = 0; i < SG_XML_MAX_DEPTH; i++) {
        sgp_buf_free(&P->stack[i].text);
    }
    free(P);
    if (rc != SG_OK) {
        sgp_xml_doc_free(doc);
        return rc;
    }
    *out = &doc->root;
    return SG_OK;
}

/* ---- Reading the tree ---- */

const char *sgp_xml_name(const sgp_xml_node *node) {
    return node->name;
}

const char *sgp_xml_text(const sgp_xml_node *node) {
    return node->text;
}

size_t sgp_xml_text_length(const sgp_xml_node *node) {
    return node->text_length;
}

size_t sgp_xml_child_count(const sgp_xml_node *node) {
    return node->child_count;
}

const sgp_xml_node *sgp_xml_child_at(const sgp_xml_node *node, size_t i) {
    return i < node->child_count ? node->children[i] : NULL;
}

const sgp_xml_node *sgp_xml_child(const sgp_xml_node *node, const char *name) {
    for (size_t i = 0; i < node->child_count; i++) {
        if (strcmp(node->children[i]->name, name) == 0) {
            return node->children[i];
        }
    }
    return NULL;
}

const sgp_xml_node *sgp_xml_next_named(const sgp_xml_node *node) {
    for (const sgp_xml_node *s = node->next_sibling; s != NULL; s = s->next_sibling) {
        if (strcmp(s->name, node->name) == 0) {
            return s;
        }
    }
    return NULL;
}

size_t sgp_xml_count_named(const sgp_xml_node *node, const char *name) {
    size_t n = 0;
    for (size_t i = 0; i < node->child_count; i++) {
        n += strcmp(node->children[i]->name, name) == 0;
    }
    return n;
}

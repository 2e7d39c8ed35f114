/* util/escape.c: terminal, XML and URI escaping (see escape.h). */
#include "util/escape.h"

void sgp_buf_escaped(sgp_buf *out, const char *s, size_t length, bool quoted) {
    size_t run = 0; /* start of the bytes that need no escape, appended in one go */
    for (size_t i = 0; i < length;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = sgp_utf8_char(s + i, length - i);
        bool c1 = n == 2 && c == 0xC2 && (unsigned char)s[i + 1] < 0xA0;
        bool plain = (n > 1 && !c1) ||
                     (n == 1 && c >= 0x20 && c != 0x7F && (!quoted || (c != '"' && c != '\\')));
        if (plain) {
            i += n;
            continue;
        }
        sgp_buf_append(out, s + run, i - run);
        if (c1) {
            sgp_buf_printf(out, "\\u%04x", (unsigned char)s[i + 1]);
        } else if (c == '\n') {
            sgp_buf_puts(out, "\\n");
        } else if (c == '\t') {
            sgp_buf_puts(out, "\\t");
        } else if (c == '"' || c == '\\') {
            sgp_buf_printf(out, "\\%c", c);
        } else {
            sgp_buf_printf(out, "\\x%02x", c);
        }
        i += n ? n : 1;
        run = i;
    }
    sgp_buf_append(out, s + run, length - run);
}

/* The replacement for one character (n bytes at s, 0 when not UTF-8) in XML, or NULL to keep
 * it; buf receives escapes built on the fly. */
static const char *xml_replacement(const char *s, size_t n, char buf[8]) {
    unsigned char c = (unsigned char)s[0];
    switch (c) { /* ASCII characters are always n == 1 */
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&apos;";
    case '\t':
        return "&#9;";
    case '\n':
        return "&#10;";
    case '\r':
        return "&#13;";
    default:
        break;
    }
    if (n == 0 || (n == 1 && c < 0x20)) {
        static const char hex[] = "0123456789abcdef";
        buf[0] = '\\';
        buf[1] = 'x';
        buf[2] = hex[c >> 4];
        buf[3] = hex[c & 0xF];
        buf[4] = '\0';
        return buf;
    }
    if (n == 3 && c == 0xEF && (unsigned char)s[1] == 0xBF && (unsigned char)s[2] >= 0xBE) {
        return (unsigned char)s[2] == 0xBE ? "\\uFFFE" : "\\uFFFF";
    }
    return NULL;
}

void sgp_buf_xml(sgp_buf *out, const char *s, size_t length) {
    size_t run = 0;
    for (size_t i = 0; i < length;) {
        size_t n = sgp_utf8_char(s + i, length - i);
        char buf[8];
        const char *replacement = xml_replacement(s + i, n, buf);
        if (!replacement) {
            i += n;
            continue;
        }
        sgp_buf_append(out, s + run, i - run);
        sgp_buf_puts(out, replacement);
        i += n ? n : 1;
        run = i;
    }
    sgp_buf_append(out, s + run, length - run);
}

char *sgp_uri_of(const char *path) {
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_append(&buf, "", 0);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
            sgp_buf_append(&buf, (const char *)p, 1);
        } else {
            sgp_buf_printf(&buf, "%%%02X", *p);
        }
    }
    return sgp_buf_take(&buf);
}

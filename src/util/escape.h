/*
 * util/escape.h: text from data files and users made safe for the places reports go: a terminal
 * (control characters and bytes that are not UTF-8 shown as escapes), XML 1.0 (entities, and
 * the characters XML cannot hold shown as escapes) and URI references (percent-encoding).
 */
#ifndef SG_UTIL_ESCAPE_H
#define SG_UTIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/*
 * Appends s (length bytes, NULs allowed) for a terminal: \n and \t as such, other C0 controls,
 * DEL and bytes that are not UTF-8 as \xNN, C1 controls as \u00NN; with quoted, also '"' and
 * '\' get a backslash, so that the text can stand between double quotes. Valid UTF-8 other than
 * that passes unchanged.
 */
void sgp_buf_escaped(sgp_buf *out, const char *s, size_t length, bool quoted);

/*
 * Appends s as XML 1.0 character data or attribute value: & < > " ' as entities, tab, newline
 * and carriage return as character references (so that attribute values keep them), the other
 * characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF) and bytes that are not UTF-8 as the
 * text \xNN or \uFFFE.
 */
void sgp_buf_xml(sgp_buf *out, const char *s, size_t length);

/* A relative URI reference for a path: unreserved characters and '/' as they are, the rest
 * percent-encoded. NULL on allocation failure. */
char *sgp_uri_of(const char *path);

#endif

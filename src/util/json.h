/* util/json.h: the jansson helpers every JSON-speaking module shares: compact canonical dumps,
 * normalising JSON text, and parsing with the library's limits and located errors. */
#ifndef SG_UTIL_JSON_H
#define SG_UTIL_JSON_H

#include <jansson.h>

#include "schemagate/common.h"
#include "util/util.h"

/* Compact JSON text of any value, object keys sorted. NULL on allocation failure. */
char *sgp_json_dump(const json_t *value);

/* Indented JSON text (2 spaces, keys in insertion order) and a final newline, for reports.
 * Takes the reference to value (NULL passes through). NULL on allocation failure. */
char *sgp_json_dump_report(json_t *value);

/* A JSON string of length bytes of text that may not be UTF-8 (names and values from data
 * files): each byte that does not start a valid character becomes U+FFFD. NULL when out of
 * memory. *replaced (if not NULL) says whether any byte was replaced. */
json_t *sgp_json_lossy_string(const char *s, size_t length, bool *replaced);

/* Parses JSON text the library stored itself (defaults, metadata): any value, NUL allowed. */
json_t *sgp_json_load_value(const char *text);

/*
 * True when a string somewhere in value (not under an object key listed in skip_keys, a
 * NULL-terminated list) holds a NUL character, which C strings would silently cut. pointer
 * (capacity cap) gets the JSON pointer of that string appended.
 */
bool sgp_json_find_nul(const json_t *value, const char *const *skip_keys, char *pointer,
                       size_t cap);

/* Parses text (any JSON value) and re-dumps it with sgp_json_dump. NULL if text is not JSON. */
char *sgp_json_normalize(const char *text);

/*
 * Parses a JSON document (any value at the top) rejecting duplicate keys, NUL bytes and nesting
 * deeper than SG_MAX_JSON_DEPTH. On failure fills err with SG_EPARSE (or SG_ELIMIT) and the
 * line/column jansson reports, and returns NULL.
 */
json_t *sgp_json_parse(const char *text, size_t length, const char *source, sg_error *err);
/* The same with another nesting limit (the model form nests deeper than the formats it holds). */
json_t *sgp_json_parse_nested(const char *text, size_t length, const char *source, int max_depth,
                              sg_error *err);

/* Appends a JSON-pointer token (escaping '~' and '/') to the pointer in buf of size cap. */
void sgp_json_pointer_push(char *buf, size_t cap, const char *token);
void sgp_json_pointer_push_index(char *buf, size_t cap, size_t index);

/*
 * A position inside a JSON document being read: the source name, the caller's sg_error and the
 * JSON pointer of the value at hand. Readers push a token before descending and pop after.
 */
typedef struct sgp_cursor {
    const char *source;
    sg_error *err;
    char pointer[SG_ERROR_PATH_MAX];
} sgp_cursor;

/* Pushes a key or index; returns the length to restore with sgp_cursor_pop. */
size_t sgp_cursor_push(sgp_cursor *cur, const char *key);
size_t sgp_cursor_push_index(sgp_cursor *cur, size_t index);
void sgp_cursor_pop(sgp_cursor *cur, size_t saved);
/* Fills the error at the cursor's pointer ("/" for the root). Returns code. */
int sgp_cursor_fail(sgp_cursor *cur, int code, const char *fmt, ...) SGP_PRINTF(3, 4);
#endif

/*
 * util/json_positions.h: where each value of a JSON document starts (1-based line and column,
 * the column counted in characters), by JSON pointer, so a finding that names a schema node by
 * its pointer (sg_location.pointer) can point at the line of the file. The JSON counterpart of
 * the YAML position table in sources/yaml_json.h, with the same lookup signature.
 *
 * The scanner reads strict JSON (RFC 8259) with nesting up to SG_MAX_JSON_DEPTH; the root is
 * recorded as "/" (as the loaders' locations name it), every other value by its pointer.
 */
#ifndef SG_UTIL_JSON_POSITIONS_H
#define SG_UTIL_JSON_POSITIONS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sgp_json_positions sgp_json_positions;

/*
 * Scans text. Returns SG_OK with *out set, SG_EPARSE when text is not one JSON value (then
 * *line and *column, when not NULL, say where the scan stopped), SG_ELIMIT when nested too
 * deeply, SG_ENOMEM. *out is NULL on failure.
 */
int sgp_json_positions_scan(sgp_json_positions **out, const char *text, size_t length, int *line,
                            int *column);
void sgp_json_positions_free(sgp_json_positions *positions);

/* The position of the value at pointer ("" and "/" both name the root); false if none. For
 * duplicate keys the first occurrence counts. */
bool sgp_json_position(const void *positions, const char *pointer, int *line, int *column);

/* How many values were recorded. */
size_t sgp_json_positions_count(const sgp_json_positions *positions);

#endif

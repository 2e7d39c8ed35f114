/*
 * sources/yaml_json.h: a YAML document as a jansson tree, for CloudFormation templates, read
 * with libyaml's event API under the limits docs/formats.md lists: one document, nesting at
 * most SG_MAX_JSON_DEPTH, no anchors or aliases, no duplicate keys, CloudFormation's short-form
 * tags turned into their long forms (!Ref x -> {"Ref": "x"}), and the line/column of every
 * node kept so errors can point into the YAML.
 */
#ifndef SG_SOURCES_YAML_JSON_H
#define SG_SOURCES_YAML_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "schemagate/common.h"

/* JSON pointer -> position of the node in the YAML text. */
typedef struct sgp_yaml_positions sgp_yaml_positions;

/*
 * Parses text. Scalars become JSON strings (CloudFormation reads them as strings too), except
 * that a plain `null` or `~` becomes null. On failure returns NULL with err located.
 * *positions (may be NULL) receives the position table; free it with sgp_yaml_positions_free.
 */
json_t *sgp_yaml_to_json(const char *text, size_t length, const char *source,
                         sgp_yaml_positions **positions, sg_error *err);

void sgp_yaml_positions_free(sgp_yaml_positions *positions);

/* Looks up the position of a pointer; false when unknown. Signature fits sgp_positions. */
bool sgp_yaml_position(const void *positions, const char *pointer, int *line, int *column);

/* Writes a JSON tree as block-style YAML; objects with one "Ref"/"Fn::*" key are written
 * with CloudFormation's short-form tags. Returns NULL on failure. */
char *sgp_json_to_yaml(const json_t *value);

#endif

/*
 * sources/glue_internal.h: what the Glue table format (glue.c) shares with CloudFormation
 * (cfn.c), which carries the same TableInput inside a template: reading a TableInput-shaped
 * JSON object into the model and building one from it, and the positions a YAML source adds.
 */
#ifndef SG_SOURCES_GLUE_INTERNAL_H
#define SG_SOURCES_GLUE_INTERNAL_H

#include <jansson.h>

#include "schemagate/sources.h"

/*
 * Line/column of JSON-pointer paths, for documents that came from YAML. lookup returns false
 * when it does not know the pointer; the Glue reader then reports the pointer alone.
 */
typedef struct sgp_positions {
    bool (*lookup)(const void *ctx, const char *pointer, int *line, int *column);
    const void *ctx;
} sgp_positions;

/*
 * Reads a Table or TableInput object found at pointer base in the document into a schema.
 * allow_intrinsics: values that are CloudFormation intrinsic functions ({"Ref": ...}) are
 * accepted where they do not affect the schema and kept as "cfn.<property>" properties.
 */
int sgp_glue_read_table(sg_schema **out, json_t *table, const char *base, const char *source,
                        const sgp_positions *positions, bool allow_intrinsics, sg_error *err);

/* Builds the TableInput JSON object for a schema (new reference in *out). */
int sgp_glue_table_input(const sg_schema *schema, const sg_write_options *options,
                         bool allow_intrinsics, json_t **out, sg_error *err);

#endif

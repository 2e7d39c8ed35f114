/*
 * sources/avro_internal.h: what the Avro loader and writer share: the specification's name rules.
 */
#ifndef SG_SOURCES_AVRO_INTERNAL_H
#define SG_SOURCES_AVRO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "schemagate/model.h"
#include "sources/internal.h"

/* A name as the Avro spec defines it: [A-Za-z_][A-Za-z0-9_]* (fields, types, enum symbols). */
bool sgp_avro_name_valid(const char *name);
/* A namespace: "" or dot-separated valid names. */
bool sgp_avro_namespace_valid(const char *ns);
/* A full name: dot-separated valid names, at least one. */
bool sgp_avro_fullname_valid(const char *fullname);
/* The Avro type a model node is written as ("int" for date, "fixed" for a decimal stored in
 * fixed bytes, ...): what Avro's resolution rules compare. */
const char *sgp_avro_type_name(const sg_type *type);
/* True for null, boolean, int, long, float, double, bytes, string. */
bool sgp_avro_is_primitive(const char *name);

#endif

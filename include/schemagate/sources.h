/*
 * schemagate/sources.h: loading schemas from files and text in the formats schemagate knows, and
 * writing the model back out in each. This header owns format names and format detection; the
 * per-format rules (type mappings, what is rejected and why) are in docs/formats.md.
 */
#ifndef SCHEMAGATE_SOURCES_H
#define SCHEMAGATE_SOURCES_H

#include <stddef.h>

#include "schemagate/common.h"
#include "schemagate/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Schema formats. Append only. */
typedef enum sg_format {
    SG_FORMAT_AUTO = 0, /* detect from the file name, then from the content */
    SG_FORMAT_MODEL,    /* schemagate's canonical JSON form (docs/model.md) */
    SG_FORMAT_AVRO,     /* Avro schema JSON (.avsc) */
} sg_format;

/* "auto", "model", "avro". */
const char *sg_format_name(sg_format format);
/* Parses a format name (case-insensitive). Returns SG_OK or SG_EUSAGE. */
int sg_format_from_name(sg_format *out, const char *name);

/*
 * Splits a schema argument of the form "FORMAT:PATH" (e.g. "avro:orders.json"). When the text
 * before the first ':' is a known format name, *format is set and *path points after the colon;
 * otherwise *format is SG_FORMAT_AUTO and *path is arg. *path is borrowed from arg.
 */
void sg_schema_arg_split(const char *arg, sg_format *format, const char **path);

/*
 * Guesses the format of a schema from its name (extension) and, failing that, its content.
 * name may be NULL. Returns SG_OK with *out set, or SG_EINVALID when nothing matches.
 */
int sg_format_detect(sg_format *out, const char *name, const char *data, size_t length);

/*
 * Loads a schema from memory. source names the input in errors and locations (NULL means
 * "<string>"). With SG_FORMAT_AUTO the format is detected. The caller owns *out.
 * Errors: SG_EPARSE, SG_EINVALID (located in err), SG_EUNSUPPORTED, SG_ELIMIT, SG_ENOMEM.
 */
int sg_schema_load_buffer(sg_schema **out, const char *data, size_t length, sg_format format,
                          const char *source, sg_error *err);

/*
 * Loads a schema from a file ("-" is standard input). Files larger than SG_MAX_SCHEMA_BYTES
 * are refused with SG_ELIMIT. Additional errors: SG_ENOTFOUND, SG_EIO.
 */
int sg_schema_load_file(sg_schema **out, const char *path, sg_format format, sg_error *err);

/*
 * Writes a schema in a format. *out is NUL-terminated text ending in a newline, freed with
 * sg_free(). Errors: SG_EUNSUPPORTED when the format cannot express part of the schema (the
 * error's path says which part), SG_EUSAGE for SG_FORMAT_AUTO.
 */
int sg_schema_write(const sg_schema *schema, sg_format format, char **out, sg_error *err);

/* The largest schema file the loaders read, in bytes. */
#define SG_MAX_SCHEMA_BYTES (64u * 1024u * 1024u)

#ifdef __cplusplus
}
#endif

#endif

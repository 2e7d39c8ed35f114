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
    SG_FORMAT_GLUE,     /* Glue table JSON: `aws glue get-table` output, Table or TableInput */
    SG_FORMAT_CFN,      /* CloudFormation template (YAML or JSON) with AWS::Glue::Table */
    SG_FORMAT_SPARK,    /* Spark StructType JSON, as df.schema.json() prints it */
    SG_FORMAT_DDL,      /* Spark/Athena DDL column list: a INT NOT NULL, b STRUCT<...> */
    SG_FORMAT_HIVE,     /* one Hive/Glue type string: struct<a:int,b:array<string>> */
} sg_format;

/* "auto", "model", "avro", "glue", "cfn", "spark", "ddl", "hive". */
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

/* Called once per warning: a load that succeeds with a caveat, or a detail a writer drops. */
typedef void (*sg_warning_fn)(void *payload, const sg_error *warning);

/* Options for loading. Start from SG_LOAD_OPTIONS_INIT; NULL options mean these defaults. */
typedef struct sg_load_options {
    int version;       /* SG_LOAD_OPTIONS_VERSION */
    const char *table; /* CloudFormation: the logical ID of the AWS::Glue::Table to load; NULL
                          means the only one (an error when there are several) */
} sg_load_options;

#define SG_LOAD_OPTIONS_VERSION 1
#define SG_LOAD_OPTIONS_INIT                                                                       \
    { SG_LOAD_OPTIONS_VERSION, NULL }

/* Options for writing. Start from SG_WRITE_OPTIONS_INIT; NULL options mean these defaults. */
typedef struct sg_write_options {
    int version;           /* SG_WRITE_OPTIONS_VERSION */
    sg_warning_fn on_loss; /* called once per detail the format cannot hold (its path, what is
                              lost); NULL to ignore. The write still succeeds. */
    void *payload;         /* passed to on_loss */
    const char *name;      /* name for the written schema where the format wants one (Glue
                              table name, Avro record name); NULL: from the schema or a default */
} sg_write_options;

#define SG_WRITE_OPTIONS_VERSION 1
#define SG_WRITE_OPTIONS_INIT                                                                      \
    { SG_WRITE_OPTIONS_VERSION, NULL, NULL, NULL }

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

/* The two loaders above with options (NULL: defaults). */
int sg_schema_load_buffer_with(sg_schema **out, const char *data, size_t length, sg_format format,
                               const char *source, const sg_load_options *options, sg_error *err);
int sg_schema_load_file_with(sg_schema **out, const char *path, sg_format format,
                             const sg_load_options *options, sg_error *err);

/*
 * Writes a schema in a format. *out is NUL-terminated text ending in a newline, freed with
 * sg_free(). Errors: SG_EUNSUPPORTED when the format cannot express part of the schema (the
 * error's path says which part), SG_EUSAGE for SG_FORMAT_AUTO.
 */
int sg_schema_write(const sg_schema *schema, sg_format format, char **out, sg_error *err);

/* sg_schema_write with options: a loss callback and a name (NULL: defaults). */
int sg_schema_write_with(const sg_schema *schema, sg_format format, const sg_write_options *options,
                         char **out, sg_error *err);

/* The largest schema file the loaders read, in bytes. */
#define SG_MAX_SCHEMA_BYTES (64u * 1024u * 1024u)

#ifdef __cplusplus
}
#endif

#endif

/*
 * sources/sql_types.h: the SQL-family type grammars: Hive/Glue type strings
 * (struct<a:int,b:array<string>>) and Spark/Athena DDL (a INT NOT NULL, b STRUCT<c: STRING>).
 * One lexer and one recursive-descent parser serve both; the dialect decides which type names
 * exist and whether NOT NULL may appear. The writers print the model back in either dialect.
 */
#ifndef SG_SOURCES_SQL_TYPES_H
#define SG_SOURCES_SQL_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#include "schemagate/model.h"
#include "schemagate/sources.h"
#include "util/util.h"

typedef enum sgp_sql_dialect {
    SGP_SQL_HIVE,  /* Glue/Athena/Hive type strings: everything nullable, `struct<a:int>` */
    SGP_SQL_SPARK, /* Spark DDL: NOT NULL allowed, more type names, `STRUCT<a: INT>` */
} sgp_sql_dialect;

/*
 * Where parse errors go: the error's source and path (for example the JSON pointer of a Glue
 * column's Type), and a line/column to add the offset to when the text has one (0 if not).
 * Errors say "at character N" of the parsed text either way.
 */
typedef struct sgp_sql_origin {
    const char *source;
    const char *path;
    int line;   /* line of the text's first character, or 0 */
    int column; /* column of the text's first character, or 0 */
} sgp_sql_origin;

/* Parses one type (the whole text). Nested nodes are nullable as the dialect says; the
 * returned root node's nullability is left false for the caller to set. */
int sgp_sql_parse_type(const char *text, size_t length, sgp_sql_dialect dialect,
                       const sgp_sql_origin *origin, sg_type **out, sg_error *err);

/* Parses a column list ("a INT NOT NULL COMMENT 'x', b STRING") into the fields of a struct.
 * Hive dialect: "a int comment 'x'" with no NOT NULL. */
int sgp_sql_parse_columns(const char *text, size_t length, sgp_sql_dialect dialect,
                          const sgp_sql_origin *origin, sg_type **out, sg_error *err);

/*
 * Appends the type in the dialect's spelling to buf (lowercase for Hive, uppercase for Spark).
 * Details the dialect cannot hold go to options' loss callback at path (a field path);
 * what cannot be written at all is SG_EUNSUPPORTED in err.
 */
int sgp_sql_write_type(sgp_buf *buf, const sg_type *type, sgp_sql_dialect dialect,
                       const sg_write_options *options, const char *source, char *path,
                       size_t path_cap, sg_error *err);

/* Reports what a SQL-family format does not keep of a field: aliases, sort order, default and
 * (unless metadata_kept) its metadata. The field's name, type, nullability and doc are the
 * writer's own business. */
void sgp_sql_report_unkept(const sg_write_options *options, const char *source, const char *path,
                           const sg_field *field, bool metadata_kept);

/* Appends text as a single-quoted SQL string literal (' and \ escaped with \). */
void sgp_sql_write_string(sgp_buf *buf, const char *text);

/* Appends name, backquoted (with ` doubled) when it is not a plain identifier. */
void sgp_sql_write_name(sgp_buf *buf, const char *name);

#endif

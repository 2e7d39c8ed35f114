/*
 * sources/internal.h: what the per-format loaders and writers share with the dispatcher
 * (sources/format.c): their entry points and the helper that reports lossy conversions.
 */
#ifndef SG_SOURCES_INTERNAL_H
#define SG_SOURCES_INTERNAL_H

#include "schemagate/sources.h"
#include "util/util.h"

/* Reports one detail a writer cannot keep, at path (a field path such as orders.items[]). */
void sgp_report_loss(const sg_write_options *options, const char *source, const char *path,
                     const char *fmt, ...) SGP_PRINTF(4, 5);

/* Loaders: text in, schema out; errors located in err. */
int sgp_avro_load(sg_schema **out, const char *text, size_t length, const char *source,
                  sg_error *err);
int sgp_glue_load(sg_schema **out, const char *text, size_t length, const char *source,
                  sg_error *err);
int sgp_cfn_load(sg_schema **out, const char *text, size_t length, const char *source,
                 const sg_load_options *options, sg_error *err);
int sgp_spark_load(sg_schema **out, const char *text, size_t length, const char *source,
                   sg_error *err);
int sgp_ddl_load(sg_schema **out, const char *text, size_t length, const char *source,
                 sg_error *err);
int sgp_hive_load(sg_schema **out, const char *text, size_t length, const char *source,
                  sg_error *err);

/* Writers: schema in, text (ending in a newline) out. */
int sgp_avro_write(const sg_schema *schema, const sg_write_options *options, char **out,
                   sg_error *err);
int sgp_glue_write(const sg_schema *schema, const sg_write_options *options, char **out,
                   sg_error *err);
int sgp_cfn_write(const sg_schema *schema, const sg_write_options *options, char **out,
                  sg_error *err);
int sgp_spark_write(const sg_schema *schema, const sg_write_options *options, char **out,
                    sg_error *err);
int sgp_ddl_write(const sg_schema *schema, const sg_write_options *options, char **out,
                  sg_error *err);
int sgp_hive_write(const sg_schema *schema, const sg_write_options *options, char **out,
                   sg_error *err);

#endif

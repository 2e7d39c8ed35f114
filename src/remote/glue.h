/*
 * remote/glue.h: the AWS Glue calls schemagate makes over the JSON 1.1 protocol (GetTable,
 * GetPartitions, GetSchemaVersion) and the glue:// and glue-sr:// references that name what
 * they fetch. Errors carry Glue's own exception name and message.
 */
#ifndef SG_REMOTE_GLUE_H
#define SG_REMOTE_GLUE_H

#include <jansson.h>
#include <stdint.h>

#include "remote/http.h"
#include "remote/remote.h"

/* glue://DATABASE/TABLE */
typedef struct sgp_glue_table_ref {
    char database[256];
    char table[256];
} sgp_glue_table_ref;

/* glue-sr://REGISTRY/SCHEMA[@VERSION]; version 0 = latest. */
typedef struct sgp_glue_schema_ref {
    char registry[256];
    char schema[256];
    int64_t version;
} sgp_glue_schema_ref;

int sgp_glue_table_ref_parse(sgp_glue_table_ref *out, const char *ref, sg_error *err);
int sgp_glue_schema_ref_parse(sgp_glue_schema_ref *out, const char *ref, sg_error *err);

/*
 * One call: POST the JSON body with X-Amz-Target AWSGlue.<operation>; *out is the parsed
 * answer. EntityNotFoundException -> SG_ENOTFOUND, AccessDenied/credentials -> SG_EACCESS,
 * InvalidInput/Validation -> SG_EUSAGE, throttling or 5xx after all attempts -> SG_EIO.
 */
int sgp_glue_call(sgp_http *http, const sgp_remote *remote, const char *operation, json_t *request,
                  const char *label, json_t **out, sg_error *err);

/* GetTable: the whole answer ({"Table": {...}}) as JSON text, ready for the Glue loader. */
int sgp_glue_get_table(const char *ref, char **json_text, sg_error *err);

/* GetPartitions, every page: a JSON array of Partition objects (caller decrefs). */
int sgp_glue_get_partitions(const char *ref, json_t **partitions, sg_error *err);

/* GetSchemaVersion: the definition text and its data format ("AVRO", "JSON", "PROTOBUF"). */
int sgp_glue_get_schema_version(const char *ref, char **definition, char *data_format,
                                size_t data_format_size, int64_t *version, sg_error *err);

#endif

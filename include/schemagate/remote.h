/*
 * schemagate/remote.h: how schemagate reaches AWS for remote references. Wherever the library
 * takes a data path it also takes s3://BUCKET/KEY (an object) or s3://BUCKET/PREFIX/ (every
 * object below it); wherever it takes a schema it also takes glue://DATABASE/TABLE (Glue Data
 * Catalog) and glue-sr://REGISTRY/SCHEMA[@VERSION] (Glue Schema Registry). Credentials, region
 * and endpoints are found as the AWS CLI finds them (docs/remote.md); this header only adds the
 * process-wide choices a program can make before the first remote call.
 */
#ifndef SCHEMAGATE_REMOTE_H
#define SCHEMAGATE_REMOTE_H

#include <stdbool.h>
#include <stdio.h>

#include "schemagate/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_remote_options {
    int version;         /* SG_REMOTE_OPTIONS_VERSION */
    const char *profile; /* like `aws --profile`: ignores the environment's keys; NULL: none */
    FILE *log;           /* one line per request attempt (method, URL, outcome, time), never a
                            header or a credential; NULL: quiet */
} sg_remote_options;

#define SG_REMOTE_OPTIONS_VERSION 1
#define SG_REMOTE_OPTIONS_INIT                                                                     \
    { SG_REMOTE_OPTIONS_VERSION, NULL, NULL }

/* Sets the options for every later remote call (call it before any). Copies what it needs. */
int sg_remote_configure(const sg_remote_options *options, sg_error *err);

/* True for s3://, glue:// and glue-sr:// references. */
bool sg_remote_is_ref(const char *ref);

/*
 * Expands an s3:// data reference into object URLs, in key order: an object is itself;
 * s3://BUCKET/PREFIX/ (or a key with objects below "KEY/") is every object below it, skipping
 * names that start with _ or . at any level below the prefix (_SUCCESS, _temporary/, .crc)
 * and folder markers, as `validate` skips them in local folders. SG_ENOTFOUND when nothing is
 * there. Free the list with sg_remote_list_free.
 */
int sg_remote_list_objects(const char *url, char ***out, size_t *count, sg_error *err);
void sg_remote_list_free(char **list, size_t count);

/* sg_remote_list_objects over n references with up to jobs listings at a time; the objects come
 * back in the order of the references, and a prefix with nothing below it adds none (an empty
 * Glue partition). The first failing reference's error is returned. */
int sg_remote_list_many(const char *const *refs, size_t n, int jobs, char ***out, size_t *count,
                        sg_error *err);

/* Wipes and frees the credentials and settings loaded for remote calls. */
void sg_remote_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif

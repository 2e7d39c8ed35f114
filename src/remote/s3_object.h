/*
 * remote/s3_object.h: random and sequential reads of one S3 object through a bounded set of
 * blocks. Opening HEADs the object (size, ETag; or takes them from a listing); every ranged GET
 * then carries If-Match with that ETag, so an object replaced mid-read fails instead of mixing
 * two versions. A fetcher thread per object fetches the blocks a read waits for and the next
 * few after it, concurrently, while the reader works on what has arrived; reads larger than two
 * blocks go straight into the caller's buffer in concurrent parts. One reader thread per object.
 */
#ifndef SG_REMOTE_S3_OBJECT_H
#define SG_REMOTE_S3_OBJECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "schemagate/common.h"

typedef struct sgp_s3_object sgp_s3_object;

typedef struct sgp_s3_object_options {
    size_t block_size; /* bytes per cached block and per ranged GET */
    size_t max_blocks; /* cache capacity: memory is at most block_size * max_blocks */
    int read_ahead;    /* blocks fetched beyond a miss */
} sgp_s3_object_options;

/* For Parquet (column chunks read in order, pages up to the reader's limit). */
#define SGP_S3_OPTIONS_PARQUET                                                                     \
    { 2u * 1024 * 1024, 24, 3 }
/* For streaming text (CSV). */
#define SGP_S3_OPTIONS_STREAM                                                                      \
    { 8u * 1024 * 1024, 5, 2 }

/* Opens s3://BUCKET/KEY (HEAD). SG_ENOTFOUND, SG_EACCESS, SG_EIO, SG_EUSAGE with a message. */
int sgp_s3_object_open(sgp_s3_object **out, const char *url, const sgp_s3_object_options *options,
                       sg_error *err);
uint64_t sgp_s3_object_size(const sgp_s3_object *object);
const char *sgp_s3_object_label(const sgp_s3_object *object);
/* Reads exactly length bytes at offset (which must lie inside the object). */
int sgp_s3_object_read(sgp_s3_object *object, uint64_t offset, size_t length, void *buf,
                       sg_error *err);
/* Requests made and bytes fetched so far (for tests and the verbose log). */
void sgp_s3_object_counters(sgp_s3_object *object, uint64_t *requests, uint64_t *bytes);
/*
 * A FILE* reading the object from the start (fopencookie), one per object, and no other reads
 * while it is open. The object must outlive the FILE; a failed read makes ferror() true and
 * leaves the reason in sgp_s3_object_error.
 */
FILE *sgp_s3_object_stream(sgp_s3_object *object);
const sg_error *sgp_s3_object_error(const sgp_s3_object *object);
void sgp_s3_object_close(sgp_s3_object *object);

#endif

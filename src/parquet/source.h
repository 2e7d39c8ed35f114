/*
 * parquet/source.h: where the Parquet reader gets its bytes. A source knows its size and reads
 * ranges on demand (pread, memory, or ranged GETs on S3), so a reader only ever holds the footer
 * and the pages it is decoding.
 */
#ifndef SG_PARQUET_SOURCE_H
#define SG_PARQUET_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "schemagate/common.h"

typedef struct sgp_pq_source sgp_pq_source;

struct sgp_pq_source {
    /* Reads exactly length bytes at offset into buf; SG_EIO (err filled) otherwise. */
    int (*read_at)(sgp_pq_source *src, uint64_t offset, size_t length, void *buf, sg_error *err);
    void (*close)(sgp_pq_source *src);
    uint64_t size;       /* total bytes */
    char *name;          /* for error messages */
    int fd;              /* local file, -1 otherwise */
    const uint8_t *data; /* memory source, borrowed */
    void *remote;        /* S3 object (remote/s3_object.h), owned */
};

/* Opens a local file read-only (SG_ENOTFOUND if it does not exist, SG_EIO otherwise). */
int sgp_pq_source_open_file(sgp_pq_source **out, const char *path, sg_error *err);
/* s3://BUCKET/KEY through the remote block cache; any other path: a local file. */
int sgp_pq_source_open_path(sgp_pq_source **out, const char *path, sg_error *err);
/* A source over borrowed memory that must outlive it (tests, in-memory objects). */
int sgp_pq_source_open_memory(sgp_pq_source **out, const void *data, size_t length,
                              const char *name, sg_error *err);
/* Checked read: the range must lie inside the source. */
int sgp_pq_source_read_at(sgp_pq_source *src, uint64_t offset, size_t length, void *buf,
                          sg_error *err);
void sgp_pq_source_free(sgp_pq_source *src);

#endif

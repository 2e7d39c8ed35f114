/* parquet/source.c: local-file (pread), memory and S3 byte sources. */
#define _POSIX_C_SOURCE 200809L
#include "parquet/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remote/s3_object.h"
#include "util/util.h"

static int file_read_at(sgp_pq_source *src, uint64_t offset, size_t length, void *buf,
                        sg_error *err) {
    uint8_t *out = buf;
    size_t done = 0;
    while (done < length) {
        uint64_t at = offset + done;
        if (at > (uint64_t)INT64_MAX) {
            return sgp_error(err, SG_EIO, src->name, NULL, 0, 0, "offset %llu out of range",
                             (unsigned long long)at);
        }
        ssize_t n = pread(src->fd, out + done, length - done, (off_t)at);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return sgp_error(err, SG_EIO, src->name, NULL, 0, 0, "read at offset %llu: %s",
                             (unsigned long long)at, strerror(errno));
        }
        if (n == 0) {
            return sgp_error(err, SG_EIO, src->name, NULL, 0, 0,
                             "unexpected end of file at offset %llu (file shrank?)",
                             (unsigned long long)at);
        }
        done += (size_t)n;
    }
    return SG_OK;
}

static void file_close(sgp_pq_source *src) {
    if (src->fd >= 0) {
        close(src->fd);
    }
}

static int memory_read_at(sgp_pq_source *src, uint64_t offset, size_t length, void *buf,
                          sg_error *err) {
    (void)err;
    if (length > 0) {
        memcpy(buf, src->data + offset, length);
    }
    return SG_OK;
}

static void memory_close(sgp_pq_source *src) {
    (void)src;
}

static sgp_pq_source *source_new(const char *name) {
    sgp_pq_source *src = calloc(1, sizeof *src);
    if (src == NULL) {
        return NULL;
    }
    src->fd = -1;
    src->name = sgp_strdup(name != NULL ? name : "<memory>");
    if (src->name == NULL) {
        free(src);
        return NULL;
    }
    return src;
}

int sgp_pq_source_open_file(sgp_pq_source **out, const char *path, sg_error *err) {
    *out = NULL;
    if (path == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no file name given");
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int code = errno == ENOENT ? SG_ENOTFOUND : SG_EIO;
        return sgp_error(err, code, path, NULL, 0, 0, "cannot open: %s", strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
        int saved = errno;
        close(fd);
        return sgp_error(err, SG_EIO, path, NULL, 0, 0, "not a regular file%s%s",
                         saved != 0 ? ": " : "", saved != 0 ? strerror(saved) : "");
    }
    sgp_pq_source *src = source_new(path);
    if (src == NULL) {
        close(fd);
        return sgp_error_nomem(err);
    }
    src->fd = fd;
    src->size = (uint64_t)st.st_size;
    src->read_at = file_read_at;
    src->close = file_close;
    *out = src;
    return SG_OK;
}

static int remote_read_at(sgp_pq_source *src, uint64_t offset, size_t length, void *buf,
                          sg_error *err) {
    return sgp_s3_object_read(src->remote, offset, length, buf, err);
}

static void remote_close(sgp_pq_source *src) {
    sgp_s3_object_close(src->remote);
    src->remote = NULL;
}

int sgp_pq_source_open_path(sgp_pq_source **out, const char *path, sg_error *err) {
    if (path == NULL || strncmp(path, "s3://", 5) != 0) {
        return sgp_pq_source_open_file(out, path, err);
    }
    *out = NULL;
    sgp_s3_object *object = NULL;
    sgp_s3_object_options options = SGP_S3_OPTIONS_PARQUET;
    int rc = sgp_s3_object_open(&object, path, &options, err);
    if (rc != SG_OK) {
        return rc;
    }
    sgp_pq_source *src = source_new(path);
    if (src == NULL) {
        sgp_s3_object_close(object);
        return sgp_error_nomem(err);
    }
    src->remote = object;
    src->size = sgp_s3_object_size(object);
    src->read_at = remote_read_at;
    src->close = remote_close;
    *out = src;
    return SG_OK;
}

int sgp_pq_source_open_memory(sgp_pq_source **out, const void *data, size_t length,
                              const char *name, sg_error *err) {
    *out = NULL;
    if (data == NULL && length > 0) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no data given");
    }
    sgp_pq_source *src = source_new(name);
    if (src == NULL) {
        return sgp_error_nomem(err);
    }
    src->data = data;
    src->size = length;
    src->read_at = memory_read_at;
    src->close = memory_close;
    *out = src;
    return SG_OK;
}

int sgp_pq_source_read_at(sgp_pq_source *src, uint64_t offset, size_t length, void *buf,
                          sg_error *err) {
    if (offset > src->size || length > src->size - offset) {
        return sgp_error(
            err, SG_EIO, src->name, NULL, 0, 0,
            "read of %zu bytes at offset %llu is past the end of the file (%llu bytes)", length,
            (unsigned long long)offset, (unsigned long long)src->size);
    }
    return src->read_at(src, offset, length, buf, err);
}

void sgp_pq_source_free(sgp_pq_source *src) {
    if (src == NULL) {
        return;
    }
    src->close(src);
    free(src->name);
    free(src);
}

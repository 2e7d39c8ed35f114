/*
 * remote/s3_object.c: the S3 object reader and its block cache (see s3_object.h).
 */
#define _GNU_SOURCE /* fopencookie */
#include "remote/s3_object.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "remote/s3.h"
#include "util/util.h"

/* Most requests one read may batch: the blocks a read touches plus the read-ahead. */
#define SGP_S3_MAX_BATCH 16

typedef struct block {
    uint64_t index; /* block number: offset / block_size */
    uint8_t *data;
    size_t length; /* block_size, less for the last block */
    uint64_t used; /* LRU clock */
    bool valid;
} block;

struct sgp_s3_object {
    sgp_http *http;
    const sgp_remote *remote;
    sgp_s3_target target;
    uint64_t size;
    char etag[256];
    sgp_s3_object_options options;
    block *blocks;
    uint64_t clock;
    uint64_t requests;
    uint64_t bytes;
    uint64_t stream_position;
    sg_error error;
    /* Streaming: a fetcher thread fills the blocks as a ring ahead of the reader. */
    bool streaming;
    pthread_t fetcher;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    uint64_t fetched;  /* blocks [0, fetched) have arrived */
    uint64_t consumed; /* blocks [0, consumed) are read and their slots free */
    bool stop;
    int fetch_rc;
    sg_error fetch_error;
};

int sgp_s3_object_open(sgp_s3_object **out, const char *url, const sgp_s3_object_options *options,
                       sg_error *err) {
    *out = NULL;
    sgp_s3_url parsed;
    int rc = sgp_s3_url_parse(&parsed, url, err);
    if (rc != SG_OK) {
        return rc;
    }
    if (parsed.key[0] == '\0' || parsed.key[strlen(parsed.key) - 1] == '/') {
        sgp_s3_url_free(&parsed);
        return sgp_error(err, SG_EUSAGE, url, NULL, 0, 0,
                         "names a folder (a prefix), not an object");
    }
    sgp_s3_object *o = calloc(1, sizeof *o);
    if (o == NULL) {
        sgp_s3_url_free(&parsed);
        return sgp_error_nomem(err);
    }
    o->options = *options;
    /* Tuning and tests: smaller blocks make every read cross blocks, evict and bypass. */
    const char *env = getenv("SCHEMAGATE_S3_BLOCK_SIZE");
    if (env && *env) {
        char *end = NULL;
        long long size = strtoll(env, &end, 10);
        if (*end != '\0' || size < 1024 || size > 64LL * 1024 * 1024) {
            free(o);
            sgp_s3_url_free(&parsed);
            return sgp_error(err, SG_EUSAGE, "SCHEMAGATE_S3_BLOCK_SIZE", NULL, 0, 0,
                             "SCHEMAGATE_S3_BLOCK_SIZE must be a byte count from 1024 to 64 MiB, "
                             "not '%s'",
                             env);
        }
        o->options.block_size = (size_t)size;
    }
    /* A cached read spans at most three blocks; read-ahead needs its own slots beside them. */
    if (o->options.max_blocks < (size_t)o->options.read_ahead + 3) {
        o->options.max_blocks = (size_t)o->options.read_ahead + 3;
    }
    o->blocks = calloc(o->options.max_blocks, sizeof *o->blocks);
    rc = o->blocks ? sgp_remote_http(&o->http, &o->remote, err) : sgp_error_nomem(err);
    if (rc == SG_OK) {
        rc = sgp_remote_require_credentials(o->remote, url, err);
    }
    if (rc == SG_OK) {
        rc = sgp_s3_target_init(&o->target, o->remote, parsed.bucket, parsed.key, err);
    }
    if (rc == SG_OK && !sgp_remote_recall(o->target.label, &o->size, o->etag)) {
        rc = sgp_s3_head(o->http, &o->target, &o->size, o->etag, err);
        o->requests++;
    }
    sgp_s3_url_free(&parsed);
    if (rc != SG_OK) {
        sgp_s3_object_close(o);
        return rc;
    }
    *out = o;
    return SG_OK;
}

uint64_t sgp_s3_object_size(const sgp_s3_object *o) {
    return o->size;
}

const char *sgp_s3_object_label(const sgp_s3_object *o) {
    return o->target.label;
}

void sgp_s3_object_counters(const sgp_s3_object *o, uint64_t *requests, uint64_t *bytes) {
    *requests = o->requests;
    *bytes = o->bytes;
}

const sg_error *sgp_s3_object_error(const sgp_s3_object *o) {
    return &o->error;
}

static void stream_stop(sgp_s3_object *o);

void sgp_s3_object_close(sgp_s3_object *o) {
    if (o == NULL) {
        return;
    }
    stream_stop(o);
    for (size_t i = 0; o->blocks && i < o->options.max_blocks; i++) {
        free(o->blocks[i].data);
    }
    free(o->blocks);
    sgp_s3_target_free(&o->target);
    sgp_http_free(o->http);
    free(o);
}

/* A ranged GET of [first, first+length) into dest, with the object's ETag pinned. */
static void range_request(const sgp_s3_object *o, sgp_http_request *req, uint64_t first,
                          size_t length, void *dest) {
    sgp_s3_request_init(req, &o->target, "GET");
    req->ranged = true;
    req->range_first = first;
    req->range_last = first + length - 1;
    req->dest = dest;
    req->if_match = o->etag[0] ? o->etag : NULL;
}

/* Runs a batch; any non-2xx answer becomes the error. */
static int run_batch(sgp_s3_object *o, const sgp_http_request *reqs, size_t n, sg_error *err) {
    sgp_http_response resps[SGP_S3_MAX_BATCH];
    int rc = sgp_http_perform(o->http, reqs, resps, n, err);
    for (size_t i = 0; i < n; i++) {
        if (rc == SG_OK) {
            rc = sgp_s3_check(&resps[i], o->target.label, err);
        }
        o->requests += (uint64_t)(resps[i].attempts > 0 ? resps[i].attempts : 0);
        sgp_http_response_free(&resps[i]);
    }
    if (rc == SG_OK) {
        for (size_t i = 0; i < n; i++) {
            o->bytes += reqs[i].range_last - reqs[i].range_first + 1;
        }
    }
    return rc;
}

/* Reads a large range straight into buf, in parts of two blocks, a batch at a time. */
static int read_direct(sgp_s3_object *o, uint64_t offset, size_t length, uint8_t *buf,
                       sg_error *err) {
    size_t part = o->options.block_size * 2;
    while (length > 0) {
        sgp_http_request reqs[SGP_S3_MAX_BATCH];
        size_t n = 0;
        while (length > 0 && n < 8) {
            size_t take = length < part ? length : part;
            range_request(o, &reqs[n++], offset, take, buf);
            offset += take;
            buf += take;
            length -= take;
        }
        int rc = run_batch(o, reqs, n, err);
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

static block *find_block(sgp_s3_object *o, uint64_t index) {
    for (size_t i = 0; i < o->options.max_blocks; i++) {
        if (o->blocks[i].valid && o->blocks[i].index == index) {
            return &o->blocks[i];
        }
    }
    return NULL;
}

/* The least recently used slot not holding a block in [keep_first, keep_last]. */
static block *free_slot(sgp_s3_object *o, uint64_t keep_first, uint64_t keep_last,
                        const block *const *taken, size_t n_taken) {
    block *best = NULL;
    for (size_t i = 0; i < o->options.max_blocks; i++) {
        block *b = &o->blocks[i];
        bool is_taken = false;
        for (size_t k = 0; k < n_taken; k++) {
            is_taken = is_taken || taken[k] == b;
        }
        if (is_taken || (b->valid && b->index >= keep_first && b->index <= keep_last)) {
            continue;
        }
        if (!b->valid) {
            return b;
        }
        if (best == NULL || b->used < best->used) {
            best = b;
        }
    }
    return best;
}

int sgp_s3_object_read(sgp_s3_object *o, uint64_t offset, size_t length, void *buf, sg_error *err) {
    if (offset > o->size || length > o->size - offset) {
        return sgp_error(err, SG_EIO, o->target.label, NULL, 0, 0,
                         "read of %zu bytes at %llu is past the end of the object (%llu bytes)",
                         length, (unsigned long long)offset, (unsigned long long)o->size);
    }
    if (length == 0) {
        return SG_OK;
    }
    size_t bs = o->options.block_size;
    if (length > bs * 2) {
        return read_direct(o, offset, length, buf, err);
    }
    uint64_t first = offset / bs;
    uint64_t last = (offset + length - 1) / bs;
    uint64_t blocks_total = (o->size + bs - 1) / bs;
    /* Missing blocks of the read, then read-ahead, in one batch. */
    sgp_http_request reqs[SGP_S3_MAX_BATCH];
    block *targets[SGP_S3_MAX_BATCH];
    size_t n = 0;
    bool missing_needed = false;
    for (uint64_t index = first; index <= last; index++) {
        missing_needed = missing_needed || find_block(o, index) == NULL;
    }
    uint64_t ahead_last = missing_needed ? last + (uint64_t)o->options.read_ahead : last;
    if (ahead_last >= blocks_total) {
        ahead_last = blocks_total - 1;
    }
    for (uint64_t index = first; index <= ahead_last && n < SGP_S3_MAX_BATCH; index++) {
        if (find_block(o, index) != NULL) {
            continue;
        }
        block *slot = free_slot(o, first, last, (const block *const *)targets, n);
        if (slot == NULL) {
            break; /* read-ahead only: the needed blocks always find a slot */
        }
        if (slot->data == NULL) {
            slot->data = malloc(bs);
            if (slot->data == NULL) {
                return sgp_error_nomem(err);
            }
        }
        slot->valid = false;
        slot->index = index;
        slot->length = index + 1 == blocks_total ? (size_t)(o->size - index * bs) : bs;
        range_request(o, &reqs[n], index * bs, slot->length, slot->data);
        targets[n++] = slot;
    }
    if (n > 0) {
        int rc = run_batch(o, reqs, n, err);
        if (rc != SG_OK) {
            return rc;
        }
        for (size_t i = 0; i < n; i++) {
            targets[i]->valid = true;
        }
    }
    uint8_t *out = buf;
    for (uint64_t index = first; index <= last; index++) {
        block *b = find_block(o, index);
        if (b == NULL) {
            return sgp_error(err, SG_EINTERNAL, o->target.label, NULL, 0, 0,
                             "block cache: block %llu missing after fetch",
                             (unsigned long long)index);
        }
        b->used = ++o->clock;
        uint64_t start = index * bs;
        uint64_t from = offset > start ? offset - start : 0;
        uint64_t until = offset + length < start + b->length ? offset + length - start : b->length;
        memcpy(out, b->data + from, (size_t)(until - from));
        out += until - from;
    }
    return SG_OK;
}

/* Streaming ------------------------------------------------------------------------------------ */

/*
 * The fetcher thread: fetches blocks in order into the ring (slot = block % max_blocks), up to
 * read_ahead + 1 at a time in one concurrent batch, never overwriting a block the reader has not
 * finished. It owns o->http while it runs; the reader only copies out of arrived blocks, so
 * fetching overlaps checking.
 */
static void *fetch_ahead(void *arg) {
    sgp_s3_object *o = arg;
    size_t bs = o->options.block_size;
    size_t slots = o->options.max_blocks;
    uint64_t total = (o->size + bs - 1) / bs;
    pthread_mutex_lock(&o->lock);
    while (!o->stop && o->fetched < total) {
        uint64_t free_slots = slots - (o->fetched - o->consumed);
        if (free_slots == 0) {
            pthread_cond_wait(&o->changed, &o->lock);
            continue;
        }
        uint64_t first = o->fetched;
        size_t n = (size_t)(free_slots < (uint64_t)o->options.read_ahead + 1
                                ? free_slots
                                : (uint64_t)o->options.read_ahead + 1);
        if (first + n > total) {
            n = (size_t)(total - first);
        }
        pthread_mutex_unlock(&o->lock);
        sgp_http_request reqs[SGP_S3_MAX_BATCH];
        int rc = SG_OK;
        size_t made = 0;
        for (; made < n && made < SGP_S3_MAX_BATCH; made++) {
            block *b = &o->blocks[(first + made) % slots];
            if (b->data == NULL && (b->data = malloc(bs)) == NULL) {
                rc = sgp_error_nomem(&o->fetch_error);
                break;
            }
            b->index = first + made;
            b->length = first + made + 1 == total ? (size_t)(o->size - (first + made) * bs) : bs;
            range_request(o, &reqs[made], (first + made) * bs, b->length, b->data);
        }
        sg_error batch_error;
        if (rc == SG_OK && (rc = run_batch(o, reqs, made, &batch_error)) != SG_OK) {
            o->fetch_error = batch_error;
        }
        pthread_mutex_lock(&o->lock);
        if (rc != SG_OK) {
            o->fetch_rc = rc;
            break;
        }
        o->fetched = first + made;
        pthread_cond_broadcast(&o->changed);
    }
    pthread_cond_broadcast(&o->changed);
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

static ssize_t stream_read(void *cookie, char *buf, size_t size) {
    sgp_s3_object *o = cookie;
    uint64_t left = o->size - o->stream_position;
    size_t take = size < left ? size : (size_t)left;
    if (take == 0) {
        return 0;
    }
    size_t bs = o->options.block_size;
    uint64_t index = o->stream_position / bs;
    pthread_mutex_lock(&o->lock);
    while (o->fetched <= index && o->fetch_rc == SG_OK) {
        pthread_cond_wait(&o->changed, &o->lock);
    }
    if (o->fetched <= index) {
        o->error = o->fetch_error;
        pthread_mutex_unlock(&o->lock);
        errno = EIO;
        return -1;
    }
    pthread_mutex_unlock(&o->lock);
    /* The block stays put until consumed moves past it: copy without the lock. */
    const block *b = &o->blocks[index % o->options.max_blocks];
    uint64_t from = o->stream_position - index * bs;
    if (take > b->length - from) {
        take = (size_t)(b->length - from);
    }
    memcpy(buf, b->data + from, take);
    o->stream_position += take;
    if (from + take == b->length) {
        pthread_mutex_lock(&o->lock);
        o->consumed = index + 1;
        pthread_cond_broadcast(&o->changed);
        pthread_mutex_unlock(&o->lock);
    }
    return (ssize_t)take;
}

static void stream_stop(sgp_s3_object *o) {
    if (!o->streaming) {
        return;
    }
    pthread_mutex_lock(&o->lock);
    o->stop = true;
    pthread_cond_broadcast(&o->changed);
    pthread_mutex_unlock(&o->lock);
    pthread_join(o->fetcher, NULL);
    pthread_cond_destroy(&o->changed);
    pthread_mutex_destroy(&o->lock);
    o->streaming = false;
}

static int stream_close(void *cookie) {
    stream_stop(cookie);
    return 0;
}

FILE *sgp_s3_object_stream(sgp_s3_object *o) {
    if (o->streaming) {
        return NULL; /* one stream per object */
    }
    cookie_io_functions_t io = {stream_read, NULL, NULL, stream_close};
    o->stream_position = 0;
    o->fetched = o->consumed = 0;
    o->stop = false;
    o->fetch_rc = SG_OK;
    sg_error_clear(&o->error);
    sg_error_clear(&o->fetch_error);
    for (size_t i = 0; i < o->options.max_blocks; i++) {
        o->blocks[i].valid = false; /* the ring does not use the cache's index */
    }
    if (pthread_mutex_init(&o->lock, NULL) != 0) {
        return NULL;
    }
    if (pthread_cond_init(&o->changed, NULL) != 0) {
        pthread_mutex_destroy(&o->lock);
        return NULL;
    }
    FILE *file = fopencookie(o, "rb", io);
    if (file == NULL) {
        pthread_cond_destroy(&o->changed);
        pthread_mutex_destroy(&o->lock);
        return NULL;
    }
    if (pthread_create(&o->fetcher, NULL, fetch_ahead, o) != 0) {
        /* fclose calls stream_close: nothing runs yet, so mark the stream stopped first. */
        pthread_cond_destroy(&o->changed);
        pthread_mutex_destroy(&o->lock);
        fclose(file);
        return NULL;
    }
    o->streaming = true;
    return file;
}

/*
 * remote/s3_object.c: the S3 object reader (see s3_object.h). Every object has a fetcher
 * thread that owns one transfer handle and fills a bounded set of blocks: first the blocks the
 * reader is waiting for (demand), then the next few after its last read (read-ahead), so that
 * fetching overlaps the work the reader does with what has arrived. The reader only waits and
 * copies. Reads larger than two blocks skip the blocks and go straight into the caller's buffer
 * over a second transfer handle.
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

/* Most requests one batch holds. */
#define SGP_S3_MAX_BATCH 16

typedef enum { BLOCK_EMPTY, BLOCK_PENDING, BLOCK_READY } block_state;

typedef struct block {
    uint64_t index; /* block number: offset / block_size */
    uint8_t *data;
    size_t length; /* block_size, less for the last block */
    uint64_t used; /* LRU clock */
    block_state state;
} block;

/* An inclusive range of block numbers; empty when first > last. */
typedef struct span {
    uint64_t first;
    uint64_t last;
} span;

static const span NO_SPAN = {1, 0};

static bool in_span(span s, uint64_t index) {
    return index >= s.first && index <= s.last;
}

struct sgp_s3_object {
    sgp_http *http;        /* the fetcher's */
    sgp_http *direct_http; /* the reader's, for reads that bypass the blocks (made on demand) */
    const sgp_remote *remote;
    sgp_s3_target target;
    uint64_t size;
    uint64_t block_count;
    char etag[256];
    sgp_s3_object_options options;
    block *blocks;
    uint64_t requests;
    uint64_t bytes;
    uint64_t stream_position;
    bool streaming;
    sg_error error;
    /* Shared with the fetcher, under lock. */
    pthread_t fetcher;
    bool fetcher_running;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool stop;
    uint64_t clock;
    span demand; /* the reader waits for these */
    span ahead;  /* worth having next */
    span busy;   /* being copied out: not to be evicted */
    bool demand_failed;
    sg_error fetch_error;
};

static int start_fetcher(sgp_s3_object *o, sg_error *err);

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
    if (rc == SG_OK) {
        rc = start_fetcher(o, err);
    }
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

void sgp_s3_object_counters(sgp_s3_object *o, uint64_t *requests, uint64_t *bytes) {
    pthread_mutex_lock(&o->lock);
    *requests = o->requests;
    *bytes = o->bytes;
    pthread_mutex_unlock(&o->lock);
}

const sg_error *sgp_s3_object_error(const sgp_s3_object *o) {
    return &o->error;
}

static void stop_fetcher(sgp_s3_object *o) {
    if (!o->fetcher_running) {
        return;
    }
    pthread_mutex_lock(&o->lock);
    o->stop = true;
    pthread_cond_broadcast(&o->changed);
    pthread_mutex_unlock(&o->lock);
    pthread_join(o->fetcher, NULL);
    pthread_cond_destroy(&o->changed);
    pthread_mutex_destroy(&o->lock);
    o->fetcher_running = false;
}

void sgp_s3_object_close(sgp_s3_object *o) {
    if (o == NULL) {
        return;
    }
    stop_fetcher(o);
    for (size_t i = 0; o->blocks && i < o->options.max_blocks; i++) {
        free(o->blocks[i].data);
    }
    free(o->blocks);
    sgp_s3_target_free(&o->target);
    sgp_http_free(o->http);
    sgp_http_free(o->direct_http);
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

/* Runs a batch on http; any non-2xx answer becomes the error. Returns the requests made. */
static int run_batch(sgp_s3_object *o, sgp_http *http, const sgp_http_request *reqs, size_t n,
                     uint64_t *requests, sg_error *err) {
    sgp_http_response resps[SGP_S3_MAX_BATCH];
    int rc = sgp_http_perform(http, reqs, resps, n, err);
    for (size_t i = 0; i < n; i++) {
        if (rc == SG_OK) {
            rc = sgp_s3_check(&resps[i], o->target.label, err);
        }
        *requests += (uint64_t)(resps[i].attempts > 0 ? resps[i].attempts : 0);
        sgp_http_response_free(&resps[i]);
    }
    return rc;
}

/* The fetcher ---------------------------------------------------------------------------------- */

static block *find_block(sgp_s3_object *o, uint64_t index) {
    for (size_t i = 0; i < o->options.max_blocks; i++) {
        if (o->blocks[i].state != BLOCK_EMPTY && o->blocks[i].index == index) {
            return &o->blocks[i];
        }
    }
    return NULL;
}

/* An empty slot, else the least recently used ready block nobody waits for or reads. */
static block *free_slot(sgp_s3_object *o) {
    block *best = NULL;
    for (size_t i = 0; i < o->options.max_blocks; i++) {
        block *b = &o->blocks[i];
        if (b->state == BLOCK_EMPTY) {
            return b;
        }
        if (b->state != BLOCK_READY || in_span(o->demand, b->index) || in_span(o->busy, b->index) ||
            in_span(o->ahead, b->index)) {
            continue;
        }
        if (best == NULL || b->used < best->used) {
            best = b;
        }
    }
    return best;
}

/* Claims slots for missing blocks of s (under lock); returns how many were added to batch. */
static size_t claim(sgp_s3_object *o, span s, block **batch, size_t n, size_t max) {
    for (uint64_t index = s.first; index <= s.last && index < o->block_count && n < max; index++) {
        if (find_block(o, index) != NULL) {
            continue;
        }
        block *slot = free_slot(o);
        if (slot == NULL) {
            break;
        }
        slot->state = BLOCK_PENDING;
        slot->index = index;
        slot->length = index + 1 == o->block_count
                           ? (size_t)(o->size - index * o->options.block_size)
                           : o->options.block_size;
        batch[n++] = slot;
    }
    return n;
}

static void *fetch_blocks(void *arg) {
    sgp_s3_object *o = arg;
    size_t max = (size_t)o->options.read_ahead + 1;
    if (max > SGP_S3_MAX_BATCH) {
        max = SGP_S3_MAX_BATCH;
    }
    pthread_mutex_lock(&o->lock);
    while (!o->stop) {
        block *batch[SGP_S3_MAX_BATCH];
        size_t n = claim(o, o->demand, batch, 0, max);
        n = claim(o, o->ahead, batch, n, max);
        if (n == 0) {
            pthread_cond_wait(&o->changed, &o->lock);
            continue;
        }
        pthread_mutex_unlock(&o->lock);
        sgp_http_request reqs[SGP_S3_MAX_BATCH];
        sg_error err;
        int rc = SG_OK;
        for (size_t i = 0; i < n && rc == SG_OK; i++) {
            if (batch[i]->data == NULL &&
                (batch[i]->data = malloc(o->options.block_size)) == NULL) {
                rc = sgp_error_nomem(&err);
            }
            range_request(o, &reqs[i], batch[i]->index * o->options.block_size, batch[i]->length,
                          batch[i]->data);
        }
        uint64_t requests = 0;
        if (rc == SG_OK) {
            rc = run_batch(o, o->http, reqs, n, &requests, &err);
        }
        pthread_mutex_lock(&o->lock);
        o->requests += requests;
        bool wanted = false;
        for (size_t i = 0; i < n; i++) {
            wanted = wanted || in_span(o->demand, batch[i]->index);
            batch[i]->state = rc == SG_OK ? BLOCK_READY : BLOCK_EMPTY;
            batch[i]->used = ++o->clock;
            o->bytes += rc == SG_OK ? batch[i]->length : 0;
        }
        /* After a failure nothing is fetched again until the reader asks anew: a failed
         * read-ahead is forgotten (the block is fetched again if it is wanted), a failed demand
         * is the reader's error. Either way a failing server is not asked in a loop. */
        if (rc != SG_OK) {
            if (wanted) {
                o->demand_failed = true;
                o->fetch_error = err;
                o->demand = NO_SPAN;
            }
            o->ahead = NO_SPAN; /* the demand, if any, is still fetched */
        }
        pthread_cond_broadcast(&o->changed);
    }
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

static int start_fetcher(sgp_s3_object *o, sg_error *err) {
    o->block_count = (o->size + o->options.block_size - 1) / o->options.block_size;
    o->demand = o->ahead = o->busy = NO_SPAN;
    if (pthread_mutex_init(&o->lock, NULL) != 0) {
        return sgp_error(err, SG_EINTERNAL, o->target.label, NULL, 0, 0, "cannot make a lock");
    }
    if (pthread_cond_init(&o->changed, NULL) != 0) {
        pthread_mutex_destroy(&o->lock);
        return sgp_error(err, SG_EINTERNAL, o->target.label, NULL, 0, 0,
                         "cannot make a condition variable");
    }
    if (pthread_create(&o->fetcher, NULL, fetch_blocks, o) != 0) {
        pthread_cond_destroy(&o->changed);
        pthread_mutex_destroy(&o->lock);
        return sgp_error(err, SG_EIO, o->target.label, NULL, 0, 0,
                         "cannot start the fetcher thread");
    }
    o->fetcher_running = true;
    return SG_OK;
}

/* Reading -------------------------------------------------------------------------------------- */

/* Reads a large range straight into buf, in parts of two blocks, a batch at a time. */
static int read_direct(sgp_s3_object *o, uint64_t offset, size_t length, uint8_t *buf,
                       sg_error *err) {
    if (o->direct_http == NULL) {
        const sgp_remote *remote = NULL;
        int rc = sgp_remote_http(&o->direct_http, &remote, err);
        if (rc != SG_OK) {
            return rc;
        }
    }
    size_t part = o->options.block_size * 2;
    while (length > 0) {
        sgp_http_request reqs[SGP_S3_MAX_BATCH];
        size_t n = 0;
        uint64_t bytes = 0;
        while (length > 0 && n < 8) {
            size_t take = length < part ? length : part;
            range_request(o, &reqs[n++], offset, take, buf);
            offset += take;
            buf += take;
            length -= take;
            bytes += take;
        }
        uint64_t requests = 0;
        int rc = run_batch(o, o->direct_http, reqs, n, &requests, err);
        pthread_mutex_lock(&o->lock);
        o->requests += requests;
        o->bytes += rc == SG_OK ? bytes : 0;
        pthread_mutex_unlock(&o->lock);
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
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
    span want = {offset / bs, (offset + length - 1) / bs};
    pthread_mutex_lock(&o->lock);
    o->demand = want;
    o->demand_failed = false;
    /* What comes next is fetched while the caller works on this. */
    o->ahead = (span){want.last + 1, want.last + (uint64_t)o->options.read_ahead};
    pthread_cond_broadcast(&o->changed);
    for (;;) {
        bool ready = true;
        for (uint64_t index = want.first; index <= want.last && ready; index++) {
            block *b = find_block(o, index);
            ready = b != NULL && b->state == BLOCK_READY;
        }
        if (ready) {
            break;
        }
        if (o->demand_failed) {
            if (err) {
                *err = o->fetch_error;
            }
            o->demand = NO_SPAN;
            pthread_mutex_unlock(&o->lock);
            return o->fetch_error.code != SG_OK ? o->fetch_error.code : SG_EIO;
        }
        pthread_cond_wait(&o->changed, &o->lock);
    }
    o->demand = NO_SPAN;
    o->busy = want;
    pthread_mutex_unlock(&o->lock);
    /* Blocks in busy stay put: the fetcher never evicts them. */
    uint8_t *out = buf;
    for (uint64_t index = want.first; index <= want.last; index++) {
        pthread_mutex_lock(&o->lock);
        block *b = find_block(o, index);
        b->used = ++o->clock;
        pthread_mutex_unlock(&o->lock);
        uint64_t start = index * bs;
        uint64_t from = offset > start ? offset - start : 0;
        uint64_t until = offset + length < start + b->length ? offset + length - start : b->length;
        memcpy(out, b->data + from, (size_t)(until - from));
        out += until - from;
    }
    pthread_mutex_lock(&o->lock);
    o->busy = NO_SPAN;
    pthread_cond_broadcast(&o->changed);
    pthread_mutex_unlock(&o->lock);
    return SG_OK;
}

/* Streaming ------------------------------------------------------------------------------------ */

/* Sequential reads through the same blocks, one block at most per call: the read-ahead keeps
 * the next blocks coming while the caller parses this one. */
static ssize_t stream_read(void *cookie, char *buf, size_t size) {
    sgp_s3_object *o = cookie;
    uint64_t left = o->size - o->stream_position;
    size_t bs = o->options.block_size;
    size_t in_block = bs - (size_t)(o->stream_position % bs);
    size_t take = size < left ? size : (size_t)left;
    if (take > in_block) {
        take = in_block;
    }
    if (take == 0) {
        return 0;
    }
    if (sgp_s3_object_read(o, o->stream_position, take, buf, &o->error) != SG_OK) {
        errno = EIO;
        return -1;
    }
    o->stream_position += take;
    return (ssize_t)take;
}

static int stream_close(void *cookie) {
    sgp_s3_object *o = cookie;
    o->streaming = false;
    return 0;
}

FILE *sgp_s3_object_stream(sgp_s3_object *o) {
    if (o->streaming) {
        return NULL; /* one stream per object */
    }
    cookie_io_functions_t io = {stream_read, NULL, NULL, stream_close};
    o->stream_position = 0;
    sg_error_clear(&o->error);
    FILE *file = fopencookie(o, "rb", io);
    o->streaming = file != NULL;
    return file;
}

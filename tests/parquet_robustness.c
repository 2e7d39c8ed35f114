/*
 * tests/parquet_robustness.c: every Parquet file of the given folders, and truncated and
 * bit-flipped copies of them, must read cleanly through the whole reader (footer, schema, the
 * layout report with page indexes, every page of every column, record assembly, rendering): SG_OK,
 * or an error code the API documents for bad input with a message that names the file. No crash,
 * hang, leak or sanitizer report (this runs in the ASan+UBSan build too). Copies are read from
 * exact-size memory buffers so ASan sees any read past the end.
 *
 *   parquet_robustness DIR...     a TAP line per file
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemagate/schemagate.h>

#include "parquet/file.h"
#include "parquet/source.h"

static int discard(void *payload, const char *line, size_t length) {
    (void)line;
    *(size_t *)payload += length;
    return 0;
}

/* Reads data[0..length) fully; false on a broken contract (message printed). */
static bool read_cleanly(const uint8_t *data, size_t length, const char *what, bool *read_ok) {
    uint8_t *exact = malloc(length ? length : 1);
    if (exact == NULL) {
        return false;
    }
    memcpy(exact, data, length);
    sgp_pq_source *src = NULL;
    sg_error err;
    int rc = sgp_pq_source_open_memory(&src, exact, length, what, &err);
    sg_parquet *pq = NULL;
    if (rc == SG_OK) {
        rc = sgp_pq_open_source(&pq, src, &err);
    }
    sg_schema *schema = NULL;
    if (rc == SG_OK) {
        rc = sg_parquet_schema(pq, &schema, &err);
        sg_schema_free(schema);
    }
    if (rc == SG_OK) {
        /* The layout report (page indexes included) never fails on what the footer allows. */
        char *report = NULL;
        rc = sg_parquet_inspect(pq, SG_PARQUET_REPORT_JSON, &report, &err);
        sg_free(report);
    }
    size_t bytes = 0;
    if (rc == SG_OK) {
        rc = sg_parquet_cat(pq, NULL, discard, &bytes, &err);
    }
    sg_parquet_free(pq);
    free(exact);
    *read_ok = rc == SG_OK;
    if (rc == SG_OK) {
        return true;
    }
    bool documented =
        rc == SG_EPARSE || rc == SG_EINVALID || rc == SG_EUNSUPPORTED || rc == SG_ELIMIT;
    bool located = err.code == rc && err.message[0] != '\0' && strcmp(err.source, what) == 0;
    if (!documented || !located) {
        printf("# %s: code %d (%s), source \"%s\", message \"%s\"\n", what, rc, sg_code_name(rc),
               err.source, err.message);
        return false;
    }
    return true;
}

/* A small deterministic generator, so failures reproduce. */
static uint64_t next_random(uint64_t *state) {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

static bool check_file(const char *path, const char *name, int *failures) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return false;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *data = malloc(size > 0 ? (size_t)size : 1);
    bool ok = data != NULL && fread(data, 1, (size_t)size, file) == (size_t)size;
    fclose(file);
    if (!ok) {
        free(data);
        return false;
    }
    size_t length = (size_t)size;
    bool read_ok = false;
    ok = read_cleanly(data, length, name, &read_ok);
    char what[600];
    /* Truncations: every 1/32 of the file, and the last 40 bytes one by one (the footer). */
    for (size_t i = 1; ok && i < 32; i++) {
        snprintf(what, sizeof what, "%s (first %zu bytes)", name, length * i / 32);
        bool dummy;
        ok = read_cleanly(data, length * i / 32, what, &dummy);
    }
    for (size_t cut = 1; ok && cut <= 40 && cut < length; cut++) {
        snprintf(what, sizeof what, "%s (last %zu bytes cut)", name, cut);
        bool dummy;
        ok = read_cleanly(data, length - cut, what, &dummy);
    }
    /* Bit flips and byte overwrites at spread positions; only for files that read. */
    uint64_t state = 0x9e3779b97f4a7c15ull ^ length;
    uint8_t *copy = malloc(length ? length : 1);
    /* Fewer for big files: each mutation reads the whole file again. */
    int mutations = length < 65536 ? 200 : 30;
    for (int m = 0; ok && read_ok && copy != NULL && m < mutations; m++) {
        memcpy(copy, data, length);
        size_t at = (size_t)(next_random(&state) % length);
        uint64_t r = next_random(&state);
        if (m % 3 == 0) {
            copy[at] ^= (uint8_t)(1u << (r % 8));
        } else if (m % 3 == 1) {
            copy[at] = (uint8_t)r;
        } else {
            memset(copy + at, 0xff, length - at < 4 ? length - at : 4);
        }
        snprintf(what, sizeof what, "%s (mutation %d at byte %zu)", name, m, at);
        bool dummy;
        ok = read_cleanly(copy, length, what, &dummy);
    }
    free(copy);
    free(data);
    if (!ok) {
        (*failures)++;
    }
    return ok;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    int failures = 0, count = 0;
    for (int d = 1; d < argc; d++) {
        DIR *dir = opendir(argv[d]);
        if (dir == NULL && d == 1) {
            /* The corpus is a sibling checkout (../shared); without it there is nothing to do. */
            printf("1..0 # SKIP %s is absent\n", argv[d]);
            return 0;
        }
        if (dir == NULL) {
            printf("Bail out! cannot open %s\n", argv[d]);
            return 1;
        }
        char **names = NULL;
        size_t n = 0;
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            const char *dot = strrchr(entry->d_name, '.');
            if (dot == NULL || strcmp(dot, ".parquet") != 0) {
                continue;
            }
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strdup(entry->d_name);
        }
        closedir(dir);
        qsort(names, n, sizeof *names, compare_names);
        for (size_t i = 0; i < n; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[d], names[i]);
            count++;
            bool ok = check_file(path, names[i], &failures);
            printf("%s %d - %s\n", ok ? "ok" : "not ok", count, path);
            fflush(stdout);
            free(names[i]);
        }
        free(names);
    }
    printf("1..%d\n", count);
    return failures > 0;
}

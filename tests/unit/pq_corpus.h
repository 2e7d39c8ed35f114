/*
 * tests/unit/pq_corpus.h: where the Apache parquet-testing corpus is for the suites that read
 * it: $SG_PARQUET_TESTING when it holds data/alltypes_plain.parquet, else NULL (the suites
 * then skip their corpus tests).
 */
#ifndef SG_TESTS_PQ_CORPUS_H
#define SG_TESTS_PQ_CORPUS_H

#include <stdio.h>
#include <stdlib.h>

static inline const char *corpus(void) {
    const char *dir = getenv("SG_PARQUET_TESTING");
    if (dir == NULL) {
        return NULL;
    }
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/data/alltypes_plain.parquet", dir);
    FILE *f = fopen(probe, "rb");
    if (f == NULL) {
        return NULL;
    }
    fclose(f);
    return dir;
}

#endif

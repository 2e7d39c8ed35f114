/* parquet/file.c: opening and closing a Parquet file (source + footer), and telling one from
 * other data by its magic. */
#include "parquet/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remote/s3_object.h"
#include "util/util.h"

int sg_parquet_open(sg_parquet **out, const char *path, sg_error *err) {
    sg_error_clear(err);
    if (out == NULL || path == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "sg_parquet_open: NULL argument");
    }
    *out = NULL;
    sgp_pq_source *src = NULL;
    int rc = sgp_pq_source_open_path(&src, path, err);
    return rc != SG_OK ? rc : sgp_pq_open_source(out, src, err);
}

int sg_parquet_detect(const char *path, bool *parquet, sg_error *err) {
    *parquet = false;
    if (strncmp(path, "s3://", 5) == 0) {
        /* Small blocks: the first four bytes should not fetch megabytes. */
        sgp_s3_object_options probe = {4096, 4, 0};
        sgp_s3_object *object = NULL;
        uint8_t magic[4] = {0};
        int rc = sgp_s3_object_open(&object, path, &probe, err);
        if (rc == SG_OK && sgp_s3_object_size(object) >= 4) {
            rc = sgp_s3_object_read(object, 0, 4, magic, err);
            *parquet = rc == SG_OK && memcmp(magic, "PAR1", 4) == 0;
        }
        sgp_s3_object_close(object);
        return rc;
    }
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return sgp_error(err, SG_ENOTFOUND, path, NULL, 0, 0, "cannot open: no such file");
    }
    char magic[4] = {0};
    *parquet = fread(magic, 1, 4, file) == 4 && memcmp(magic, "PAR1", 4) == 0;
    fclose(file);
    return SG_OK;
}

int sgp_pq_open_source(sg_parquet **out, sgp_pq_source *src, sg_error *err) {
    *out = NULL;
    sg_parquet *pq = calloc(1, sizeof *pq);
    if (pq == NULL) {
        sgp_pq_source_free(src);
        return sgp_error_nomem(err);
    }
    pq->source = src;
    int rc = sgp_pq_footer_read(&pq->meta, pq->source, err);
    if (rc != SG_OK) {
        sg_parquet_free(pq);
        return rc;
    }
    *out = pq;
    return SG_OK;
}

void sg_parquet_free(sg_parquet *pq) {
    if (pq == NULL) {
        return;
    }
    sgp_pq_file_meta_free(pq->meta);
    sgp_pq_source_free(pq->source);
    free(pq);
}

int64_t sg_parquet_num_rows(const sg_parquet *pq) {
    return pq != NULL && pq->meta != NULL ? pq->meta->num_rows : 0;
}

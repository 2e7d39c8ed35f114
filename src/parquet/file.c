/* parquet/file.c: opening and closing a Parquet file (source + footer). */
#include "parquet/file.h"

#include <stdlib.h>

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

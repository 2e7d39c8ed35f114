/*
 * parquet/file.h: the sg_parquet handle shared by the parts of the reader (inspect, schema,
 * columns, rows): its byte source and decoded footer.
 */
#ifndef SG_PARQUET_FILE_H
#define SG_PARQUET_FILE_H

#include "parquet/footer.h"
#include "parquet/source.h"
#include "schemagate/parquet.h"

struct sg_parquet {
    sgp_pq_source *source;
    sgp_pq_file_meta *meta;
};

/* Opens a handle over any byte source (memory for tests, S3 later); takes ownership of src,
 * also on failure. */
int sgp_pq_open_source(sg_parquet **out, sgp_pq_source *src, sg_error *err);

#endif

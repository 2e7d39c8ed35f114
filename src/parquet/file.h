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

#endif

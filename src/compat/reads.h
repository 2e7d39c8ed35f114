/*
 * compat/reads.h: the engines' read rules for one primitive column, shared by the
 * compatibility engine and the validator (so a file checked by `validate` and a schema change
 * checked by `diff` are judged by the same table). Only cross-type reads are decided here;
 * the callers handle equal kinds themselves.
 */
#ifndef SG_COMPAT_READS_H
#define SG_COMPAT_READS_H

#include <stdbool.h>

#include "schemagate/compat.h"
#include "schemagate/model.h"

/* Can data written as `writer` be read as `reader` under rules (spark-parquet, athena-*)? */
bool sgp_compat_reads(sg_rules rules, const sg_type *writer, const sg_type *reader);

#endif

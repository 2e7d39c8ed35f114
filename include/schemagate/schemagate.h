/* schemagate/schemagate.h: the umbrella header; includes every public header. */
#ifndef SCHEMAGATE_H
#define SCHEMAGATE_H

#include "schemagate/common.h"
#include "schemagate/compat.h"
#include "schemagate/model.h"
#include "schemagate/sources.h"
#include "schemagate/csv.h"
#include "schemagate/parquet.h"
#include "schemagate/validate.h"
#include "schemagate/registry.h"
#include "schemagate/remote.h"

#endif

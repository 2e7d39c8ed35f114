/*
 * validate/validation_internal.h: what the validator's own modules share about an
 * sg_validation beyond the public API (its report, for findings that are not about one file).
 */
#ifndef SG_VALIDATE_VALIDATION_INTERNAL_H
#define SG_VALIDATE_VALIDATION_INTERNAL_H

#include "schemagate/validate.h"
#include "validate/report.h"

sgp_report *sgp_validation_report(sg_validation *v);

#endif

/*
 * validate/text_value.h: whether one text value (a CSV field, a Glue partition folder's value)
 * is a valid value of a schema type, with the syntax of docs/validate-csv.md. A plan holds what
 * a type's check needs, looked up once per column, so that checking a value neither allocates
 * nor formats anything unless the value is bad.
 */
#ifndef SG_VALIDATE_TEXT_VALUE_H
#define SG_VALIDATE_TEXT_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemagate/model.h"

/* Room for a check's message (sgp_text_value_check promises at most 160 bytes). */
#define SGP_VALUE_MESSAGE_MAX 160

typedef struct sgp_value_plan {
    const sg_type *type;
    sg_kind kind;
    int64_t lo, hi;          /* integers: the range */
    int precision, scale;    /* decimals */
    sg_string_flavor flavor; /* strings */
    int64_t max_chars;       /* char(n)/varchar(n): n; 0 for none */
    int64_t size;            /* fixed: the byte size */
    sg_time_unit unit;       /* time and timestamps */
    bool utc;                /* timestamps: an instant (a zone is allowed) */
} sgp_value_plan;

/*
 * Prepares the check of type. SG_OK, or SG_EUNSUPPORTED for a type a text value cannot hold
 * (struct, list, map, union, variant, duration) with why in message.
 */
int sgp_value_plan_init(sgp_value_plan *plan, const sg_type *type, char *message);

/* NULL when text is a valid value; else the rule id, and message (SGP_VALUE_MESSAGE_MAX bytes)
 * says why. */
const char *sgp_value_check(const sgp_value_plan *plan, const char *text, size_t length,
                            char *message);

#endif

/*
 * schemagate/compat.h: the compatibility engine. It lists every change between an old and a
 * new schema (any formats, through the model) and classifies each as compatible or breaking
 * for a compatibility mode (BACKWARD, FORWARD, FULL) under a rule set that says what the
 * reader tolerates (the Avro specification's resolution rules, Spark 3.5 reading Parquet,
 * Athena reading Parquet or CSV). docs/compatibility.md documents every rule with its source.
 *
 * Transitive modes are a registry matter: check the new version against each earlier one with
 * the base mode (sg_compat_mode_base).
 */
#ifndef SCHEMAGATE_COMPAT_H
#define SCHEMAGATE_COMPAT_H

#include <stdbool.h>
#include <stddef.h>

#include "schemagate/common.h"
#include "schemagate/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Compatibility modes (Confluent's names; Glue's are accepted as aliases). Append only. */
typedef enum sg_compat_mode {
    SG_COMPAT_NONE = 0,            /* no check */
    SG_COMPAT_BACKWARD,            /* the new schema reads data written with the previous one */
    SG_COMPAT_FORWARD,             /* the previous schema reads data written with the new one */
    SG_COMPAT_FULL,                /* both */
    SG_COMPAT_BACKWARD_TRANSITIVE, /* BACKWARD against every earlier version (Glue BACKWARD_ALL) */
    SG_COMPAT_FORWARD_TRANSITIVE,  /* FORWARD against every earlier version (Glue FORWARD_ALL) */
    SG_COMPAT_FULL_TRANSITIVE,     /* FULL against every earlier version (Glue FULL_ALL) */
    SG_COMPAT_DISABLED,            /* Glue: no new versions may be added at all */
} sg_compat_mode;

/* Parses a mode name, case-insensitively: NONE, BACKWARD, FORWARD, FULL, the *_TRANSITIVE
 * forms, and Glue's BACKWARD_ALL, FORWARD_ALL, FULL_ALL and DISABLED. SG_EUSAGE if unknown. */
int sg_compat_mode_from_name(sg_compat_mode *out, const char *name);
const char *sg_compat_mode_name(sg_compat_mode mode); /* "BACKWARD_TRANSITIVE", ... */
/* BACKWARD for BACKWARD_TRANSITIVE and so on; the mode itself otherwise. */
sg_compat_mode sg_compat_mode_base(sg_compat_mode mode);
bool sg_compat_mode_transitive(sg_compat_mode mode);
/* How strict a mode is, for "was the mode loosened?": NONE 0 < BACKWARD, FORWARD 1 < FULL 2,
 * a transitive mode one more than its base, DISABLED the strictest. */
int sg_compat_mode_strictness(sg_compat_mode mode);

/* Rule sets: which reader decides what "can read" means. Append only. */
typedef enum sg_rules {
    SG_RULES_AVRO = 0,       /* Avro specification, schema resolution */
    SG_RULES_SPARK_PARQUET,  /* Spark 3.5 reading Parquet by column name */
    SG_RULES_ATHENA_PARQUET, /* Athena reading Parquet by name (Glue Parquet tables) */
    SG_RULES_ATHENA_CSV,     /* Athena reading CSV/TSV by position (Glue text tables) */
} sg_rules;

/* "avro", "spark-parquet", "athena-parquet", "athena-csv". */
int sg_rules_from_name(sg_rules *out, const char *name);
const char *sg_rules_name(sg_rules rules);
/* The rule set a schema's own format implies: a Glue/CloudFormation table with
 * storage.format csv -> athena-csv, other tables -> athena-parquet, Spark -> spark-parquet,
 * everything else -> avro. */
sg_rules sg_rules_for_schema(const sg_schema *schema);

/* What changed. Append only. */
typedef enum sg_change_kind {
    SG_CHANGE_FIELD_ADDED = 0,
    SG_CHANGE_FIELD_REMOVED,
    SG_CHANGE_FIELD_RENAMED, /* matched through an alias */
    SG_CHANGE_FIELD_MOVED,   /* same name, other position */
    SG_CHANGE_TYPE,          /* the kind changed (int32 -> int64, string -> struct, ...) */
    SG_CHANGE_NULLABILITY,
    SG_CHANGE_DEFAULT,      /* added, removed or changed */
    SG_CHANGE_ENUM_SYMBOLS, /* one symbol added or removed */
    SG_CHANGE_ENUM_DEFAULT,
    SG_CHANGE_DECIMAL,       /* precision or scale */
    SG_CHANGE_STRING_LENGTH, /* char/varchar length or flavour */
    SG_CHANGE_FIXED_SIZE,
    SG_CHANGE_TIME_UNIT,    /* time/timestamp unit or time zone handling */
    SG_CHANGE_NAME,         /* name of a named type (record, enum, fixed) */
    SG_CHANGE_UNION_BRANCH, /* a branch added or removed */
    SG_CHANGE_PARTITION,    /* partition keys changed */
    SG_CHANGE_DOC,          /* doc or metadata: never breaking */
} sg_change_kind;

#define SG_CHANGE_PATH_MAX    512
#define SG_CHANGE_MESSAGE_MAX 512

/* One change. Locations are borrowed from the two schemas and live as long as they do. */
typedef struct sg_change {
    sg_change_kind kind;
    bool breaks_backward;          /* the new schema cannot read data written with the old one */
    bool breaks_forward;           /* the old schema cannot read data written with the new one */
    bool breaking;                 /* under the mode the diff was made for */
    char path[SG_CHANGE_PATH_MAX]; /* orders.items[].price; "(root)" for the root */
    char message[SG_CHANGE_MESSAGE_MAX]; /* what changed, and why it breaks or not */
    sg_location old_location;            /* where in the old schema (source NULL if none) */
    sg_location new_location;            /* where in the new schema (source NULL if none) */
} sg_change;

typedef struct sg_diff sg_diff;

/*
 * Compares old_schema with new_schema under rules and classifies every change for mode (a
 * transitive mode counts as its base). The caller owns *out (sg_diff_free). Both schemas must
 * outlive the diff. SG_EUSAGE for NULL arguments.
 */
int sg_diff_new(sg_diff **out, const sg_schema *old_schema, const sg_schema *new_schema,
                sg_compat_mode mode, sg_rules rules, sg_error *err);
void sg_diff_free(sg_diff *diff);
size_t sg_diff_count(const sg_diff *diff);
const sg_change *sg_diff_change(const sg_diff *diff, size_t i); /* borrowed */
size_t sg_diff_breaking_count(const sg_diff *diff);

#ifdef __cplusplus
}
#endif

#endif

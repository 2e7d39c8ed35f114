/*
 * validate/report_internal.h: the inside of the bounded report, shared by the accumulator
 * (report.c) and the renderers (report_render.c). Memory is bounded by the distinct
 * (rule, severity, column) keys times the sample limit, plus one entry per file name.
 */
#ifndef SG_VALIDATE_REPORT_INTERNAL_H
#define SG_VALIDATE_REPORT_INTERNAL_H

#include "util/strmap.h"
#include "validate/report.h"

/* The most bytes of an offending value kept (cut at a character boundary). */
#define SGP_REPORT_VALUE_MAX 200
/* The most bytes of a message kept. */
#define SGP_REPORT_MESSAGE_MAX 500

typedef struct sgp_sample {
    const char *file; /* the report's copy of the file name (names[].path); NULL: none */
    int64_t row_group;
    int64_t row;
    int64_t line;
    int64_t column_index;
    char *value;         /* NULL: the finding has no value (a null, a missing column) */
    size_t value_stored; /* bytes kept: value_length, or less when truncated */
    size_t value_length; /* the value's full length */
    char *message;       /* never NULL */
} sgp_sample;

/* How many of a finding's occurrences were in one file (an index into names). */
typedef struct sgp_file_count {
    size_t name;
    int64_t count;
} sgp_file_count;

typedef struct sgp_finding {
    char *key; /* the map key: severity, rule and column in one string */
    char *rule;
    char *column; /* NULL: not about a column */
    sgp_severity severity;
    int64_t count; /* saturates at INT64_MAX */
    sgp_sample *samples;
    size_t sample_count;
    size_t sample_cap;
    sgp_file_count *files; /* in the order the files first had this finding */
    size_t file_count;
    size_t file_cap;
} sgp_finding;

/* A file name seen in a finding or checked; each is stored once. */
typedef struct sgp_report_name {
    char *path;
    size_t file; /* index into files when the file was checked, else SIZE_MAX */
} sgp_report_name;

typedef struct sgp_checked_file {
    size_t name;
    char *format; /* NULL: unknown */
    int64_t rows;
    int64_t bytes;
    char *error; /* NULL: read to the end */
} sgp_checked_file;

struct sgp_report {
    size_t samples; /* the sample limit per finding */
    sgp_finding *findings;
    size_t finding_count;
    size_t finding_cap;
    sgp_strmap keys;     /* key -> index into findings */
    size_t last_finding; /* the finding of the previous add (SIZE_MAX: none), tried first */
    char *scratch;       /* the key being looked up */
    size_t scratch_cap;
    sgp_report_name *names;
    size_t name_count;
    size_t name_cap;
    sgp_strmap name_map; /* path -> index into names */
    size_t last_name;    /* tried first, as findings come file by file */
    sgp_checked_file *files;
    size_t file_count;
    size_t file_cap;
    int64_t totals[2]; /* by severity */
    int64_t work[3];   /* Parquet: chunks checked, proven by statistics, pages decoded */
};

/* The count of finding f in the file named names[name] (0 when none). */
int64_t sgp_report_file_count(const sgp_finding *f, size_t name);

#endif

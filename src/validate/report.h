/*
 * validate/report.h: the findings of a validation, bounded: per (rule, column) a count and the
 * first N samples in the order the data was read. A report per unit of work (a file, a row
 * group) can be merged into another in order, so parallel checking reports deterministically.
 * Renderers for text, JSON, JUnit XML and SARIF live in report_render.c.
 */
#ifndef SG_VALIDATE_REPORT_H
#define SG_VALIDATE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sgp_severity { SGP_VIOLATION = 0, SGP_WARNING = 1 } sgp_severity;

/* Where a finding is. Unknown parts are -1 (numbers) or NULL (strings). */
typedef struct sgp_where {
    const char *file;     /* the file as given by the user */
    int64_t row_group;    /* Parquet */
    int64_t row;          /* Parquet: row within the row group; CSV: data record number (0-based) */
    int64_t line;         /* CSV: physical line (1-based) where the record starts */
    const char *column;   /* column path ("a.b", "items[].price") or CSV header name */
    int64_t column_index; /* CSV: 0-based field position; -1 otherwise */
} sgp_where;

#define SGP_WHERE_INIT                                                                             \
    { NULL, -1, -1, -1, NULL, -1 }

typedef struct sgp_report sgp_report;

/* samples: how many samples to keep per (rule, column). */
sgp_report *sgp_report_new(int samples);
void sgp_report_free(sgp_report *report);

/*
 * Records one finding. rule is a stable id from docs/validate.md ("null-in-required", ...);
 * value (may be NULL) is the offending value's bytes, stored truncated (to 200 bytes) and
 * rendered escaped; message says why in one line ("precision 12 exceeds decimal(10,2)").
 * Returns false when out of memory (the report then stays consistent, the finding is lost).
 */
bool sgp_report_add(sgp_report *report, const char *rule, sgp_severity severity,
                    const sgp_where *where, const char *value, size_t value_length,
                    const char *message);

/* Adds `count` findings of which only the first is sampled (a statistics-proven whole page). */
bool sgp_report_add_many(sgp_report *report, const char *rule, sgp_severity severity,
                         const sgp_where *where, int64_t count, const char *value,
                         size_t value_length, const char *message);

/* Appends src's findings after dst's (counts add, samples fill up to the limit in order). */
bool sgp_report_merge(sgp_report *dst, const sgp_report *src);

int64_t sgp_report_count(const sgp_report *report, sgp_severity severity);

/* One checked file for the summary: format "parquet"/"csv", rows and bytes read, and the
 * error message when it could not be read (NULL otherwise). */
bool sgp_report_file(sgp_report *report, const char *path, const char *format, int64_t rows,
                     int64_t bytes, const char *error);

/* Rendering (SG_REPORT_* formats); NULL when out of memory. */
char *sgp_report_render(const sgp_report *report, int format, double seconds);

#endif

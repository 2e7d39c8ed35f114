/*
 * validate/validate.c: the validation driver (schemagate/validate.h): format detection
 * (sg_parquet_detect), Glue partition folders in paths, the per-file checkers, and files checked in
 * parallel with their reports merged in the order the files were given, so the report never depends
 * on timing.
 */
#include "schemagate/validate.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schemagate/parquet.h"
#include "util/util.h"
#include "validate/csv_check.h"
#include "validate/parquet_check.h"
#include "validate/report.h"
#include "validate/validation_internal.h"

struct sg_validation {
    sg_schema *schema;
    const sg_type *root;
    sg_validate_options options;
    char *null_token; /* owned copies of the options' strings */
    char *split_dir;
    sgp_report *report;
    int64_t chunks_checked, chunks_by_statistics, pages_decoded;
    bool split_per_file; /* several files: each gets its own folder under split_dir */
};

int sg_validation_new(sg_validation **out, const sg_schema *schema,
                      const sg_validate_options *options, sg_error *err) {
    sg_error_clear(err);
    if (out == NULL || schema == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "sg_validation_new: NULL argument");
    }
    *out = NULL;
    sg_validate_options defaults = SG_VALIDATE_OPTIONS_INIT;
    if (options == NULL) {
        options = &defaults;
    }
    if (options->version != SG_VALIDATE_OPTIONS_VERSION || options->samples < 0 ||
        options->samples > 1000) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "sg_validation_new: bad options (version %d, samples %d)",
                         options->version, options->samples);
    }
    const sg_type *root = sg_schema_root(schema);
    if (sg_type_kind(root) != SG_KIND_STRUCT) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "the schema to validate against must be a struct of columns, not %s",
                         sg_kind_name(sg_type_kind(root)));
    }
    sg_validation *v = calloc(1, sizeof *v);
    if (v == NULL) {
        return sgp_error_nomem(err);
    }
    v->options = *options;
    bool ok = sg_schema_copy(&v->schema, schema) == SG_OK;
    if (ok && options->csv.null_token != NULL) {
        ok = (v->null_token = sgp_strdup(options->csv.null_token)) != NULL;
    }
    if (ok && options->split_dir != NULL) {
        ok = (v->split_dir = sgp_strdup(options->split_dir)) != NULL;
    }
    ok = ok && (v->report = sgp_report_new(options->samples)) != NULL;
    if (!ok) {
        sg_validation_free(v);
        return sgp_error_nomem(err);
    }
    v->options.csv.null_token = v->null_token;
    v->options.split_dir = v->split_dir;
    v->root = sg_schema_root(v->schema);
    *out = v;
    return SG_OK;
}

void sg_validation_free(sg_validation *v) {
    if (v == NULL) {
        return;
    }
    sg_schema_free(v->schema);
    sgp_report_free(v->report);
    free(v->null_token);
    free(v->split_dir);
    free(v);
}

sgp_report *sgp_validation_report(sg_validation *v) {
    return v->report;
}

int64_t sg_validation_violation_count(const sg_validation *v) {
    return v == NULL ? 0 : sgp_report_count(v->report, SGP_VIOLATION);
}

int64_t sg_validation_warning_count(const sg_validation *v) {
    return v == NULL ? 0 : sgp_report_count(v->report, SGP_WARNING);
}

bool sg_validation_stopped(const sg_validation *v) {
    return v != NULL && v->options.max_errors >= 0 &&
           sg_validation_violation_count(v) >= v->options.max_errors;
}

int sg_validation_report(const sg_validation *v, sg_report_format format, double seconds,
                         char **out) {
    if (v == NULL || out == NULL || format < SG_REPORT_TEXT || format > SG_REPORT_SARIF) {
        return SG_EUSAGE;
    }
    *out = sgp_report_render(v->report, format, seconds);
    return *out == NULL ? SG_ENOMEM : SG_OK;
}

/*
 * Glue/Hive partition folders: every `key=value` folder of the path whose key is a partition
 * field of the schema must hold a value of the field's type (Athena reads it from the path).
 */
static void check_partitions(const sg_validation *v, sgp_report *report, const char *path) {
    const char *p = path;
    const char *slash;
    while ((slash = strchr(p, '/')) != NULL) {
        const char *eq = memchr(p, '=', (size_t)(slash - p));
        if (eq != NULL && eq > p) {
            size_t key_length = (size_t)(eq - p);
            const char *value = eq + 1;
            size_t value_length = (size_t)(slash - value);
            for (size_t i = 0; i < sg_type_field_count(v->root); i++) {
                const sg_field *field = sg_type_field(v->root, i);
                const char *name = sg_field_name(field);
                if (!sg_field_partition(field) || strlen(name) != key_length ||
                    strncasecmp(name, p, key_length) != 0) {
                    continue;
                }
                /* Hive's name for a null partition value. */
                if (value_length == 26 && memcmp(value, "__HIVE_DEFAULT_PARTITION__", 26) == 0) {
                    break;
                }
                char message[200] = "";
                const char *rule =
                    sgp_text_value_check(sg_field_type(field), value, value_length, message);
                if (rule != NULL) {
                    sgp_where where = SGP_WHERE_INIT;
                    where.file = path;
                    where.column = name;
                    char why[320];
                    snprintf(why, sizeof why, "partition folder %.*s: %s", (int)(slash - p), p,
                             message);
                    sgp_report_add(report, "partition-value", SGP_VIOLATION, &where, value,
                                   value_length, why);
                }
                break;
            }
        }
        p = slash + 1;
    }
}

/* Checks one file into report (a fresh one per file). */
static int check_one(const sg_validation *v, sgp_report *report, const char *path,
                     int64_t violations_before, sgp_parquet_check_result *stats, sg_error *err) {
    memset(stats, 0, sizeof *stats);
    bool parquet = false;
    int rc = sg_parquet_detect(path, &parquet, err); /* anything but Parquet is CSV */
    int64_t rows = 0, bytes = 0;
    if (rc == SG_OK) {
        check_partitions(v, report, path);
        if (parquet) {
            rc = sgp_parquet_check(report, v->root, &v->options, path, violations_before, stats,
                                   err);
            rows = stats->rows;
            bytes = stats->bytes;
            sgp_report_work(report, stats->chunks_checked, stats->chunks_by_statistics,
                            stats->pages_decoded);
        } else {
            sgp_csv_check_result csv = {0, 0};
            sg_validate_options options = v->options;
            char split[4096];
            if (options.split_dir != NULL && v->split_per_file) {
                /* One folder per file, named after its path, so that files of several
                 * partitions (dt=.../orders.csv) never overwrite each other's split. */
                if (mkdir(options.split_dir, 0777) != 0 && errno != EEXIST) {
                    rc = sgp_error(err, SG_EIO, options.split_dir, NULL, 0, 0,
                                   "cannot create the folder: %s", strerror(errno));
                }
                int n = snprintf(split, sizeof split, "%s/", options.split_dir);
                for (const char *p = path; n > 0 && (size_t)n + 1 < sizeof split && *p; p++) {
                    split[n++] = *p == '/' ? '_' : *p;
                }
                split[n > 0 && (size_t)n < sizeof split ? n : 0] = '\0';
                options.split_dir = split;
            }
            if (rc == SG_OK) {
                rc = sgp_csv_check(report, v->root, &options, path, violations_before, &csv, err);
            }
            rows = csv.rows;
            bytes = csv.bytes;
        }
    }
    char text[SG_ERROR_SOURCE_MAX + SG_ERROR_PATH_MAX + SG_ERROR_MESSAGE_MAX + 128];
    if (rc != SG_OK) {
        sg_error_format(err, text, sizeof text);
    }
    if (!sgp_report_file(report, path, parquet ? "parquet" : "csv", rows, bytes,
                         rc == SG_OK ? NULL : text) &&
        rc == SG_OK) {
        rc = sgp_error_nomem(err);
    }
    return rc;
}

static void add_stats(sg_validation *v, const sgp_parquet_check_result *stats) {
    v->chunks_checked += stats->chunks_checked;
    v->chunks_by_statistics += stats->chunks_by_statistics;
    v->pages_decoded += stats->pages_decoded;
}

int sg_validate_file(sg_validation *v, const char *path, sg_error *err) {
    sg_error_clear(err);
    if (v == NULL || path == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "sg_validate_file: NULL argument");
    }
    sgp_report *report = sgp_report_new(v->options.samples);
    if (report == NULL) {
        return sgp_error_nomem(err);
    }
    sgp_parquet_check_result stats;
    int rc = check_one(v, report, path, sg_validation_violation_count(v), &stats, err);
    add_stats(v, &stats);
    if (!sgp_report_merge(v->report, report) && rc == SG_OK) {
        rc = sgp_error_nomem(err);
    }
    sgp_report_free(report);
    return rc;
}

/* --- many files in parallel ------------------------------------------------------------------ */

typedef struct job {
    sgp_report *report;
    sgp_parquet_check_result stats;
    sg_error err;
    int rc;
    bool done;
} job;

typedef struct pool {
    const sg_validation *v;
    const char *const *paths;
    job *jobs;
    size_t n, next;
    pthread_mutex_t lock;
    pthread_cond_t finished;
} pool;

static void *worker(void *arg) {
    pool *P = arg;
    for (;;) {
        pthread_mutex_lock(&P->lock);
        size_t i = P->next++;
        pthread_mutex_unlock(&P->lock);
        if (i >= P->n) {
            return NULL;
        }
        job *J = &P->jobs[i];
        J->report = sgp_report_new(P->v->options.samples);
        if (J->report == NULL) {
            J->rc = sgp_error_nomem(&J->err);
        } else {
            J->rc = check_one(P->v, J->report, P->paths[i], 0, &J->stats, &J->err);
        }
        pthread_mutex_lock(&P->lock);
        J->done = true;
        pthread_cond_broadcast(&P->finished);
        pthread_mutex_unlock(&P->lock);
    }
}

int sg_validate_files(sg_validation *v, const char *const *paths, size_t n, int jobs,
                      sg_validate_progress_fn progress, void *payload, sg_error *err) {
    sg_error_clear(err);
    if (v == NULL || (paths == NULL && n > 0)) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "sg_validate_files: NULL argument");
    }
    /* max_errors stops at a point that depends on the order of the findings: keep it exact. */
    if (jobs < 1 || v->options.max_errors >= 0) {
        jobs = 1;
    }
    if ((size_t)jobs > n) {
        jobs = (int)n;
    }
    v->split_per_file = n > 1;
    int first_rc = SG_OK;
    if (jobs <= 1) {
        for (size_t i = 0; i < n && !sg_validation_stopped(v); i++) {
            sg_error file_err;
            int rc = sg_validate_file(v, paths[i], &file_err);
            if (rc != SG_OK && first_rc == SG_OK) {
                first_rc = rc;
                if (err != NULL) {
                    *err = file_err;
                }
            }
            if (progress != NULL) {
                progress(payload, i + 1, n);
            }
        }
        return first_rc;
    }
    pool P = {v,
              paths,
              calloc(n, sizeof(job)),
              n,
              0,
              PTHREAD_MUTEX_INITIALIZER,
              PTHREAD_COND_INITIALIZER};
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    if (P.jobs == NULL || threads == NULL) {
        free(P.jobs);
        free(threads);
        return sgp_error_nomem(err);
    }
    int started = 0;
    for (; started < jobs; started++) {
        if (pthread_create(&threads[started], NULL, worker, &P) != 0) {
            break;
        }
    }
    if (started == 0) {
        worker(&P); /* no thread could start: do the work here */
    }
    /* Merge in the order given, as each file finishes. */
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&P.lock);
        while (!P.jobs[i].done) {
            pthread_cond_wait(&P.finished, &P.lock);
        }
        pthread_mutex_unlock(&P.lock);
        job *J = &P.jobs[i];
        add_stats(v, &J->stats);
        if (J->report != NULL && !sgp_report_merge(v->report, J->report) && J->rc == SG_OK) {
            J->rc = sgp_error_nomem(&J->err);
        }
        if (J->rc != SG_OK && first_rc == SG_OK) {
            first_rc = J->rc;
            if (err != NULL) {
                *err = J->err;
            }
        }
        sgp_report_free(J->report);
        J->report = NULL;
        if (progress != NULL) {
            progress(payload, i + 1, n);
        }
    }
    for (int t = 0; t < started; t++) {
        pthread_join(threads[t], NULL);
    }
    free(threads);
    free(P.jobs);
    return first_rc;
}

void sg_validation_statistics(const sg_validation *v, int64_t *chunks_checked,
                              int64_t *chunks_by_statistics, int64_t *pages_decoded) {
    *chunks_checked = v->chunks_checked;
    *chunks_by_statistics = v->chunks_by_statistics;
    *pages_decoded = v->pages_decoded;
}

/* tools/schemagate/cmd_validate.c: `schemagate validate --schema SCHEMA DATA...`, every record
 * of Parquet and CSV files checked against a schema (docs/validate.md). */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* The data files to check, in order: files as given, folders walked in name order. */
typedef struct file_list {
    char **paths;
    size_t n, cap;
} file_list;

static bool list_add(file_list *list, const char *path) {
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        char **grown = realloc(list->paths, cap * sizeof *grown);
        if (grown == NULL) {
            return false;
        }
        list->paths = grown;
        list->cap = cap;
    }
    return (list->paths[list->n++] = strdup(path)) != NULL;
}

static void list_free(file_list *list) {
    for (size_t i = 0; i < list->n; i++) {
        free(list->paths[i]);
    }
    free(list->paths);
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Spark, Hive and Glue skip files and folders whose names start with '_' or '.' (_SUCCESS,
 * _committed_..., .crc files): so does validate when walking a folder. */
static bool hidden(const char *name) {
    return name[0] == '_' || name[0] == '.';
}

static int walk(file_list *list, const char *dir, int depth) {
    if (depth > 64) {
        fprintf(stderr, "schemagate: error: %s: folders nested too deep\n", dir);
        return EXIT_USAGE;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "schemagate: error: %s: cannot read the folder: %s\n", dir,
                strerror(errno));
        return EXIT_INTERNAL;
    }
    file_list names = {NULL, 0, 0};
    struct dirent *entry;
    bool ok = true;
    while (ok && (entry = readdir(d)) != NULL) {
        if (!hidden(entry->d_name)) {
            ok = list_add(&names, entry->d_name);
        }
    }
    closedir(d);
    if (!ok) {
        list_free(&names);
        fprintf(stderr, "schemagate: error: out of memory\n");
        return EXIT_INTERNAL;
    }
    qsort(names.paths, names.n, sizeof *names.paths, compare_names);
    int rc = EXIT_VALID;
    for (size_t i = 0; i < names.n && rc == EXIT_VALID; i++) {
        size_t length = strlen(dir) + strlen(names.paths[i]) + 2;
        char *path = malloc(length);
        if (path == NULL) {
            rc = EXIT_INTERNAL;
            break;
        }
        snprintf(path, length, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                 names.paths[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = walk(list, path, depth + 1);
        } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = list_add(list, path) ? EXIT_VALID : EXIT_INTERNAL;
        }
        free(path);
    }
    list_free(&names);
    return rc;
}

/* A DATA argument: a file, a folder (recursively), or a glob pattern the shell did not expand. */
static int expand(file_list *list, const char *arg) {
    if (strncmp(arg, "s3://", 5) == 0) {
        char **urls = NULL;
        size_t n = 0;
        sg_error err;
        if (sg_remote_list_objects(arg, &urls, &n, &err) != SG_OK) {
            return cli_report(&err);
        }
        int rc = EXIT_VALID;
        for (size_t i = 0; rc == EXIT_VALID && i < n; i++) {
            rc = list_add(list, urls[i]) ? EXIT_VALID : EXIT_INTERNAL;
        }
        sg_remote_list_free(urls, n);
        return rc;
    }
    struct stat st;
    if (stat(arg, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            return walk(list, arg, 0);
        }
        return list_add(list, arg) ? EXIT_VALID : EXIT_INTERNAL;
    }
    if (strpbrk(arg, "*?[") != NULL) {
        glob_t g;
        int grc = glob(arg, 0, NULL, &g);
        if (grc == GLOB_NOMATCH) {
            fprintf(stderr, "schemagate: error: %s: no file matches\n", arg);
            return EXIT_USAGE;
        }
        int rc = grc == 0 ? EXIT_VALID : EXIT_INTERNAL;
        for (size_t i = 0; rc == EXIT_VALID && i < g.gl_pathc; i++) {
            rc = expand(list, g.gl_pathv[i]);
        }
        globfree(&g);
        return rc;
    }
    /* Let the validator report it, located, like any unreadable file. */
    return list_add(list, arg) ? EXIT_VALID : EXIT_INTERNAL;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress_state {
    double start;
    bool shown;
} progress_state;

/* A progress line on a terminal, once the run takes longer than a second. */
static void show_progress(void *payload, size_t done, size_t total) {
    progress_state *p = payload;
    if (now_seconds() - p->start < 1.0) {
        return;
    }
    fprintf(stderr, "\rschemagate: validated %zu of %zu files", done, total);
    if (done == total) {
        fputc('\n', stderr);
    }
    p->shown = true;
}

/* The dialect and column matching a Glue text table brings (its csv.* properties), unless the
 * command line says otherwise. */
static int dialect_from_schema(const sg_schema *schema, sg_validate_options *o) {
    const char *delimiter = sg_schema_property(schema, "csv.delimiter");
    const char *quote = sg_schema_property(schema, "csv.quote");
    const char *escape = sg_schema_property(schema, "csv.escape");
    const char *null_token = sg_schema_property(schema, "csv.null");
    const char *header = sg_schema_property(schema, "csv.header");
    const char *skip = sg_schema_property(schema, "csv.skip_rows");
    const char *match = sg_schema_property(schema, "csv.match");
    if (delimiter && strlen(delimiter) == 1) {
        o->csv.delimiter = delimiter[0];
    }
    if (quote && strlen(quote) <= 1) {
        o->csv.quote = quote[0];
    }
    if (escape && strlen(escape) <= 1) {
        o->csv.escape = escape[0];
    }
    if (null_token) {
        o->csv.null_token = null_token;
    }
    if (header) {
        o->csv.header = strcmp(header, "true") == 0 ? SG_CSV_HEADER_YES : SG_CSV_HEADER_NO;
    }
    if (skip) {
        o->csv.skip_rows = strtol(skip, NULL, 10);
    }
    if (match && strcmp(match, "position") == 0) {
        o->by_position = true;
    }
    return EXIT_VALID;
}

static int run_validate(int argc, char **argv) {
    const char *schema_arg = NULL, *table = NULL, *format = NULL, *output = NULL, *samples = NULL,
               *max_errors = NULL, *delimiter = NULL, *quote = NULL, *escape = NULL,
               *null_token = NULL, *skip = NULL, *split = NULL, *jobs = NULL;
    bool case_sensitive = false, strict = false, no_stats = false, by_position = false,
         header = false, no_header = false;
    const cli_option options[] = {
        {"--schema", "-s", &schema_arg, NULL},
        {"--table", NULL, &table, NULL},
        {"--format", "-f", &format, NULL},
        {"--output", "-o", &output, NULL},
        {"--samples", NULL, &samples, NULL},
        {"--max-errors", NULL, &max_errors, NULL},
        {"--case-sensitive", NULL, NULL, &case_sensitive},
        {"--strict", NULL, NULL, &strict},
        {"--no-stats", NULL, NULL, &no_stats},
        {"--by-position", NULL, NULL, &by_position},
        {"--delimiter", "-d", &delimiter, NULL},
        {"--quote", NULL, &quote, NULL},
        {"--escape", NULL, &escape, NULL},
        {"--header", NULL, NULL, &header},
        {"--no-header", NULL, NULL, &no_header},
        {"--null", NULL, &null_token, NULL},
        {"--skip-rows", NULL, &skip, NULL},
        {"--split", NULL, &split, NULL},
        {"--jobs", "-j", &jobs, NULL},
        {NULL, NULL, NULL, NULL},
    };
    const char **data = calloc((size_t)argc + 1, sizeof *data);
    if (data == NULL) {
        return EXIT_INTERNAL;
    }
    int n_data = 0;
    int rc = cli_parse_list("validate", argc, argv, options, data, &n_data);
    if (rc == EXIT_VALID && schema_arg == NULL) {
        rc = cli_usage_error("validate", "--schema SCHEMA is required");
    }
    /* A Glue table without data arguments: validate the table where it lives. */
    bool glue_table = schema_arg && strncmp(schema_arg, "glue://", 7) == 0;
    if (rc == EXIT_VALID && n_data == 0 && !glue_table) {
        rc = cli_usage_error("validate", "no DATA files or folders to validate");
    }
    sg_report_format report_format = SG_REPORT_TEXT;
    if (rc == EXIT_VALID && format != NULL &&
        sg_report_format_from_name(&report_format, format) != SG_OK) {
        rc = cli_usage_error("validate", "--format takes text, json, junit or sarif, not '%s'",
                             format);
    }
    if (rc == EXIT_VALID && header && no_header) {
        rc = cli_usage_error("validate", "--header and --no-header exclude each other");
    }
    long n_samples = 5, n_max = -1, n_skip = 0, n_jobs = sysconf(_SC_NPROCESSORS_ONLN);
    if (rc == EXIT_VALID &&
        ((samples && (rc = cli_count("validate", "--samples", samples, 0, &n_samples))) ||
         (max_errors && (rc = cli_count("validate", "--max-errors", max_errors, 1, &n_max))) ||
         (skip && (rc = cli_count("validate", "--skip-rows", skip, 0, &n_skip))) ||
         (jobs && (rc = cli_count("validate", "--jobs", jobs, 1, &n_jobs))))) {
        /* rc says which */
    }
    if (rc == EXIT_VALID && n_samples > 1000) {
        rc = cli_usage_error("validate", "--samples takes at most 1000");
    }
    sg_schema *schema = NULL;
    if (rc == EXIT_VALID) {
        rc = cli_load_schema_with(schema_arg, table, &schema);
    }
    sg_validate_options o = SG_VALIDATE_OPTIONS_INIT;
    if (rc == EXIT_VALID) {
        dialect_from_schema(schema, &o);
        o.case_sensitive = case_sensitive;
        o.strict = strict;
        o.samples = (int)n_samples;
        o.max_errors = n_max;
        o.use_statistics = !no_stats;
        o.by_position = o.by_position || by_position;
        o.split_dir = split;
        if (header || no_header) {
            o.csv.header = header ? SG_CSV_HEADER_YES : SG_CSV_HEADER_NO;
        }
        if (null_token) {
            o.csv.null_token = null_token;
        }
        if (skip) {
            o.csv.skip_rows = n_skip;
        }
        if ((delimiter &&
             (rc = cli_one_char("validate", "--delimiter", delimiter, false, &o.csv.delimiter))) ||
            (quote && (rc = cli_one_char("validate", "--quote", quote, true, &o.csv.quote))) ||
            (escape && (rc = cli_one_char("validate", "--escape", escape, true, &o.csv.escape)))) {
            /* rc says which */
        }
    }
    sg_validation *validation = NULL;
    sg_error err;
    if (rc == EXIT_VALID && sg_validation_new(&validation, schema, &o, &err) != SG_OK) {
        rc = cli_report(&err);
    }
    file_list files = {NULL, 0, 0};
    bool remote = false;
    for (int i = 0; rc == EXIT_VALID && i < n_data; i++) {
        remote = remote || strncmp(data[i], "s3://", 5) == 0;
        rc = expand(&files, data[i]);
    }
    if (rc == EXIT_VALID && n_data == 0 && glue_table) {
        char **locations = NULL;
        size_t n_locations = 0;
        if (sg_validation_glue_table(validation, schema_arg, &locations, &n_locations, &err) !=
            SG_OK) {
            rc = cli_report(&err);
        }
        /* Partitions are folders of their own: list them several at a time. */
        char **objects = NULL;
        size_t n_objects = 0;
        if (rc == EXIT_VALID && sg_remote_list_many((const char *const *)locations, n_locations, 8,
                                                    &objects, &n_objects, &err) != SG_OK) {
            rc = cli_report(&err);
        }
        for (size_t i = 0; rc == EXIT_VALID && i < n_objects; i++) {
            rc = list_add(&files, objects[i]) ? EXIT_VALID : EXIT_INTERNAL;
        }
        remote = remote || n_objects > 0;
        sg_remote_list_free(objects, n_objects);
        sg_remote_list_free(locations, n_locations);
    }
    if (rc == EXIT_VALID && files.n == 0) {
        fprintf(stderr, "schemagate: error: the folders hold no data files\n");
        rc = EXIT_USAGE;
    }
    if (remote && !jobs && n_jobs < 8) {
        n_jobs = 8; /* objects on S3 wait on the network more than on the CPU */
    }
    if (rc == EXIT_VALID) {
        progress_state progress = {now_seconds(), false};
        bool terminal = isatty(STDERR_FILENO);
        int code = sg_validate_files(validation, (const char *const *)files.paths, files.n,
                                     (int)n_jobs, terminal ? show_progress : NULL, &progress, &err);
        double seconds = now_seconds() - progress.start;
        char *text = NULL;
        if (sg_validation_report(validation, report_format, seconds, &text) != SG_OK) {
            fprintf(stderr, "schemagate: error: cannot render the report: out of memory\n");
            rc = EXIT_INTERNAL;
        } else {
            rc = cli_write_output(output, text);
        }
        sg_free(text);
        if (code != SG_OK) {
            /* Unreadable files are in the report too; the exit code says the run is not a
             * verdict on all the data. */
            int exit_code = cli_report(&err);
            rc = rc == EXIT_VALID ? exit_code : rc;
        } else if (rc == EXIT_VALID && sg_validation_violation_count(validation) > 0) {
            rc = EXIT_VIOLATIONS;
        }
    }
    sg_validation_free(validation);
    sg_schema_free(schema);
    list_free(&files);
    free(data);
    return rc;
}

const cli_command cli_cmd_validate = {
    "validate",
    "check every record of Parquet and CSV files against a schema",
    "usage: schemagate validate --schema SCHEMA [options] DATA...\n"
    "\n"
    "Checks every record of each DATA file (Parquet when it starts with PAR1, else CSV; a\n"
    "folder is walked recursively, skipping names that start with _ or .; a quoted glob is\n"
    "expanded) against SCHEMA, and prints a report: per rule and column a count and the first\n"
    "samples with file, row group, row and column (Parquet) or line, record and column (CSV).\n"
    "docs/validate.md lists every rule and the CSV value syntax. A Glue table as SCHEMA brings\n"
    "its CSV dialect, its column matching (by position for text tables) and its partition\n"
    "keys, whose values are checked in key=value folders of the paths.\n"
    "DATA may be s3://BUCKET/KEY or s3://BUCKET/PREFIX/ (listed; same skipping rules). With\n"
    "--schema glue://DATABASE/TABLE and no DATA, the table is validated where it lives: each\n"
    "partition's columns against the table's (partition-schema-mismatch) and the records of\n"
    "every partition's location (or the table's).\n"
    "\n"
    "Options:\n"
    "  -s, --schema SCHEMA   the schema (required); --table ID picks a CloudFormation table\n"
    "  -f, --format F        text (default), json, junit or sarif\n"
    "  -o, --output FILE     write the report to FILE instead of standard output\n"
    "      --samples N       samples per rule and column (default 5, at most 1000)\n"
    "      --max-errors N    stop after N violations (files are then checked one by one)\n"
    "      --case-sensitive  match column names exactly (default: ignoring case, as Glue)\n"
    "      --strict          columns the schema lacks are violations, not warnings\n"
    "      --no-stats        decode every value: never let statistics prove a column clean\n"
    "  -j, --jobs N          files checked in parallel (default: the number of cores)\n"
    "CSV:\n"
    "      --by-position     match columns by position, not by header name\n"
    "  -d, --delimiter C     field delimiter (default ','); \\t or tab for a tab\n"
    "      --quote C|none    quote character (default '\"')\n"
    "      --escape C|none   escape character (default none: quotes are doubled)\n"
    "      --header, --no-header  whether the first record names the columns (default: yes)\n"
    "      --null TOKEN      a field equal to TOKEN is null (e.g. \\N)\n"
    "      --skip-rows N     lines skipped before the first record\n"
    "      --split DIR       write DIR/valid.csv, invalid.csv and errors.csv\n"
    "\n"
    "Exit codes: 0 every record is valid, 1 violations found, 2 bad arguments or an unreadable\n"
    "or corrupt file (it is named in the report), 3 I/O or internal error.\n",
    run_validate,
};

/* tools/schemagate/cmd_cat.c: `schemagate cat FILE.parquet`, the rows of a Parquet file as JSON
 * lines in the canonical rendering of docs/parquet.md. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int write_line(void *payload, const char *line, size_t length) {
    FILE *out = payload;
    return fwrite(line, 1, length, out) != length || fputc('\n', out) == EOF;
}

static int run_cat(int argc, char **argv) {
    const char *path = NULL, *limit = NULL, *columns = NULL;
    const cli_option options[] = {
        {"--limit", "-n", &limit, NULL},
        {"--columns", "-c", &columns, NULL},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("cat", argc, argv, options, &path, 1);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_parquet_cat_options cat = SG_PARQUET_CAT_OPTIONS_INIT;
    if (limit != NULL) {
        char *end = NULL;
        errno = 0;
        long long n = strtoll(limit, &end, 10);
        if (limit[0] < '0' || limit[0] > '9' || *end != '\0' || errno == ERANGE) {
            return cli_usage_error("cat", "--limit takes a whole number, not '%s'", limit);
        }
        cat.limit = n;
    }
    cat.columns = columns;
    sg_parquet *pq = NULL;
    sg_error err;
    if (sg_parquet_open(&pq, path, &err) != SG_OK) {
        return cli_report(&err);
    }
    if (sg_parquet_cat(pq, &cat, write_line, stdout, &err) != SG_OK) {
        fflush(stdout);
        rc = cli_report(&err);
    }
    sg_parquet_free(pq);
    if (fflush(stdout) != 0 && rc == EXIT_VALID) {
        fprintf(stderr, "schemagate: error: cannot write to standard output: %s\n",
                strerror(errno));
        rc = EXIT_INTERNAL;
    }
    return rc;
}

const cli_command cli_cmd_cat = {
    "cat",
    "print the rows of a Parquet file as JSON lines",
    "usage: schemagate cat FILE.parquet [--limit N] [--columns a,b.c]\n"
    "\n"
    "Reads FILE.parquet row group by row group and prints one JSON object per row, values\n"
    "rendered canonically: decimals exact, dates and timestamps in ISO-8601 at the unit's\n"
    "precision (Z when adjusted to UTC), floats as the shortest text that reads back the same,\n"
    "binary as base64, maps as [{\"key\":..,\"value\":..}] (docs/parquet.md has every rule).\n"
    "\n"
    "Options:\n"
    "  -n, --limit N         print at most N rows\n"
    "  -c, --columns LIST    only these columns: top-level names or dotted paths of struct\n"
    "                        fields, separated by commas; other columns are not read\n"
    "\n"
    "Exit codes: 0 printed, 2 bad arguments or a malformed file (the error says where: row\n"
    "group, row, column, page), 3 I/O or internal error.\n",
    run_cat,
};

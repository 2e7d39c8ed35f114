/* tools/schemagate/cmd_inspect.c: `schemagate inspect FILE.parquet`, the layout report of a
 * Parquet file read from its footer (docs/cli.md, "inspect"). */
#include <string.h>

#include "cli.h"

static int run_inspect(int argc, char **argv) {
    const char *path = NULL, *format_name = NULL, *output = NULL;
    const cli_option options[] = {
        {"--format", "-f", &format_name, NULL},
        {"--output", "-o", &output, NULL},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("inspect", argc, argv, options, &path, 1);
    if (rc != EXIT_VALID) {
        return rc;
    }
    int format = SG_PARQUET_REPORT_TEXT;
    if (format_name != NULL && strcmp(format_name, "json") == 0) {
        format = SG_PARQUET_REPORT_JSON;
    } else if (format_name != NULL && strcmp(format_name, "text") != 0) {
        return cli_usage_error("inspect", "unknown report format '%s' (text or json)", format_name);
    }
    sg_error err;
    sg_error_clear(&err);
    sg_parquet *pq = NULL;
    if (sg_parquet_open(&pq, path, &err) != SG_OK) {
        return cli_report(&err);
    }
    char *report = NULL;
    if (sg_parquet_inspect(pq, format, &report, &err) != SG_OK) {
        rc = cli_report(&err);
    } else {
        rc = cli_write_output(output, report);
    }
    sg_free(report);
    sg_parquet_free(pq);
    return rc;
}

const cli_command cli_cmd_inspect = {
    "inspect",
    "report the layout of a Parquet file",
    "usage: schemagate inspect FILE.parquet [--format text|json] [--output FILE]\n"
    "\n"
    "Reads the footer of FILE.parquet (no data pages) and reports: the file's size, format\n"
    "version, created_by, row count, key/value metadata (values cut after 200 characters), the\n"
    "Parquet schema tree with physical, converted and logical types, the leaf columns with\n"
    "their maximum definition and repetition levels, then each row group and column chunk:\n"
    "codec, encodings, value count, sizes, page offsets, statistics (min/max decoded by the\n"
    "column's type, else hex) and whether a column index, offset index or bloom filter exists.\n"
    "\n"
    "Options:\n"
    "  -f, --format text|json  text (default) for reading, json for tools; both say the same\n"
    "  -o, --output FILE       write to FILE instead of standard output\n"
    "\n"
    "Exit codes: 0 reported, 2 bad arguments, missing file, or a file that is not Parquet or\n"
    "has a malformed or encrypted footer, 3 I/O or internal error.\n",
    run_inspect,
};

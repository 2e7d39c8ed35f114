/* tools/schemagate/cmd_infer.c: `schemagate infer FILE.csv`, a schema inferred from CSV data
 * (the rules are in docs/csv-inference.md). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_loss(void *payload, const sg_error *warning) {
    (void)payload;
    char text[SG_ERROR_SOURCE_MAX + SG_ERROR_PATH_MAX + SG_ERROR_MESSAGE_MAX + 128];
    sg_error_format(warning, text, sizeof text);
    fprintf(stderr, "schemagate: warning: %s\n", text);
}

/*
 * A Parquet file starts with "PAR1"; anything else (and standard input) is read as CSV. A local
 * file that cannot be opened goes the CSV way too, which says why; an S3 object that cannot be
 * read is reported here.
 */
static int detect(const char *path, bool *parquet) {
    *parquet = false;
    if (strcmp(path, "-") == 0) {
        return EXIT_VALID;
    }
    sg_error err;
    if (sg_parquet_detect(path, parquet, &err) != SG_OK && strncmp(path, "s3://", 5) == 0) {
        return cli_report(&err);
    }
    return EXIT_VALID;
}

static int infer_parquet(const char *path, sg_schema **out, sg_error *err) {
    sg_parquet *pq = NULL;
    int rc = sg_parquet_open(&pq, path, err);
    if (rc == SG_OK) {
        rc = sg_parquet_schema(pq, out, err);
    }
    sg_parquet_free(pq);
    return rc;
}

static int run_infer(int argc, char **argv) {
    const char *path = NULL, *to = NULL, *output = NULL, *delimiter = NULL, *quote = NULL,
               *escape = NULL, *null_token = NULL, *skip = NULL, *sample = NULL, *name = NULL;
    bool header = false, no_header = false;
    const cli_option options[] = {
        {"--to", "-t", &to, NULL},
        {"--output", "-o", &output, NULL},
        {"--delimiter", "-d", &delimiter, NULL},
        {"--quote", NULL, &quote, NULL},
        {"--escape", NULL, &escape, NULL},
        {"--header", NULL, NULL, &header},
        {"--no-header", NULL, NULL, &no_header},
        {"--null", NULL, &null_token, NULL},
        {"--skip-rows", NULL, &skip, NULL},
        {"--sample", NULL, &sample, NULL},
        {"--name", NULL, &name, NULL},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("infer", argc, argv, options, &path, 1);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_csv_options csv = SG_CSV_OPTIONS_INIT;
    if (header && no_header) {
        return cli_usage_error("infer", "--header and --no-header exclude each other");
    }
    csv.header = header ? SG_CSV_HEADER_YES : no_header ? SG_CSV_HEADER_NO : SG_CSV_HEADER_AUTO;
    if ((delimiter &&
         (rc = cli_one_char("infer", "--delimiter", delimiter, false, &csv.delimiter))) ||
        (quote && (rc = cli_one_char("infer", "--quote", quote, true, &csv.quote))) ||
        (escape && (rc = cli_one_char("infer", "--escape", escape, true, &csv.escape))) ||
        (skip && (rc = cli_count("infer", "--skip-rows", skip, 0, &csv.skip_rows)))) {
        return rc;
    }
    if (sample && strcmp(sample, "all") == 0) {
        csv.sample_rows = SG_CSV_SAMPLE_ALL;
    } else if (sample && (rc = cli_count("infer", "--sample", sample, 1, &csv.sample_rows))) {
        return rc;
    }
    csv.null_token = null_token;
    sg_format format = SG_FORMAT_AUTO;
    if (to && (sg_format_from_name(&format, to) != SG_OK || format == SG_FORMAT_AUTO)) {
        return cli_usage_error("infer", "unknown output format '%s' (" CLI_FORMATS ")", to);
    }
    sg_schema *schema = NULL;
    sg_error err;
    sg_error_clear(&err);
    bool parquet = false;
    if ((rc = detect(path, &parquet)) != EXIT_VALID) {
        return rc;
    }
    if (parquet) {
        if (delimiter || quote || escape || header || no_header || null_token || skip || sample) {
            return cli_usage_error("infer", "CSV options do not apply to a Parquet file");
        }
        if (infer_parquet(path, &schema, &err) != SG_OK) {
            return cli_report(&err);
        }
    }
    if (!parquet && sg_csv_infer(&schema, path, &csv, &err) != SG_OK) {
        return cli_report(&err);
    }
    char *text = NULL;
    if (!to) {
        int code = sg_schema_to_tree(schema, &text);
        if (code != SG_OK) {
            fprintf(stderr, "schemagate: error: cannot print the schema: %s\n", sg_code_name(code));
            rc = cli_exit_code(code);
        }
    } else {
        sg_write_options write = SG_WRITE_OPTIONS_INIT;
        write.on_loss = print_loss;
        write.name = name;
        if (sg_schema_write_with(schema, format, &write, &text, &err) != SG_OK) {
            rc = cli_report(&err);
        }
    }
    if (rc == EXIT_VALID) {
        rc = cli_write_output(output, text);
    }
    sg_free(text);
    sg_schema_free(schema);
    return rc;
}

const cli_command cli_cmd_infer = {
    "infer",
    "infer a schema from a CSV or Parquet file",
    "usage: schemagate infer FILE.parquet [--to FORMAT] [--output FILE] [--name NAME]\n"
    "       schemagate infer FILE.csv [--to FORMAT] [--output FILE] [--delimiter C]\n"
    "                        [--quote C|none] [--escape C|none] [--header|--no-header]\n"
    "                        [--null TOKEN] [--skip-rows N] [--sample N|all] [--name NAME]\n"
    "\n"
    "For a Parquet file (one that starts with PAR1), the schema is the file's own, mapped to\n"
    "the model as docs/type-mapping.md says (\"Parquet\"); no data is read. FILE may be an\n"
    "object, s3://BUCKET/KEY: Parquet when it has a Parquet footer, else CSV (docs/remote.md).\n"
    "\n"
    "For CSV, reads the first records of FILE.csv (- for standard input) and infers each\n"
    "column's type the way Spark 3.5 does with inferSchema=true: int32, int64, decimal(p,0)\n"
    "for integers too big for int64, float64, date (yyyy-MM-dd), timestamp, boolean, else\n"
    "string. A column is nullable when an empty cell or the null token was seen in it.\n"
    "Without --header or --no-header, the first record is a header when all its cells are\n"
    "text and the data below has a column that is not (AWS Glue's rule); without a header\n"
    "columns are _c0, _c1, ...\n"
    "docs/csv-inference.md has the exact rules.\n"
    "\n"
    "Options:\n"
    "  -t, --to FORMAT       write the schema as FORMAT instead of a tree:\n"
    "                        " CLI_FORMATS "\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "  -d, --delimiter C     field delimiter (default ','); \\t or tab for a tab\n"
    "      --quote C|none    quote character (default '\"'); none: no quoting\n"
    "      --escape C|none   escape character inside fields, e.g. '\\' (default none: a quote\n"
    "                        inside quotes is doubled, RFC 4180)\n"
    "      --header          the first record names the columns\n"
    "      --no-header       there is no header\n"
    "      --null TOKEN      a cell equal to TOKEN is null (e.g. '\\N'); empty cells always are\n"
    "      --skip-rows N     skip N lines before the first record\n"
    "      --sample N|all    infer from N data records (default 10000), or all of them\n"
    "\n"
    "Malformed CSV (an unclosed quote, a quote inside an unquoted field, text after a closing\n"
    "quote, invalid UTF-8, a NUL byte, records with differing field counts) is an error naming\n"
    "the line, column and record.\n"
    "\n"
    "Exit codes: 0 inferred, 2 bad arguments or bad CSV, 3 I/O or internal error.\n",
    run_infer,
};

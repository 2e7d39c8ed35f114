/* tools/schemagate/cmd_convert.c: `schemagate convert SCHEMA --to FORMAT`, the model written
 * back out in any format that has a writer. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The details the writer could not keep, collected so they are printed only when the write
 * succeeds (after a failed write the error alone says what happened). */
typedef struct losses {
    char **lines;
    size_t count;
    bool failed; /* out of memory: some lines are missing */
} losses;

static void collect_loss(void *payload, const sg_error *warning) {
    losses *L = payload;
    char text[SG_ERROR_SOURCE_MAX + SG_ERROR_PATH_MAX + SG_ERROR_MESSAGE_MAX + 128];
    sg_error_format(warning, text, sizeof text);
    char **bigger = realloc(L->lines, (L->count + 1) * sizeof *bigger);
    char *line = bigger ? strdup(text) : NULL;
    if (bigger) {
        L->lines = bigger;
    }
    if (!line) {
        L->failed = true;
        return;
    }
    L->lines[L->count++] = line;
}

/* Prints the collected details (as errors under --strict) and frees them. */
static void losses_print_and_free(losses *L, bool print, const char *kind) {
    for (size_t i = 0; i < L->count; i++) {
        if (print) {
            fprintf(stderr, "schemagate: %s: lossy: %s\n", kind, L->lines[i]);
        }
        free(L->lines[i]);
    }
    if (print && L->failed) {
        fprintf(stderr, "schemagate: %s: out of memory: not every lost detail is listed\n", kind);
    }
    free(L->lines);
}

static int run_convert(int argc, char **argv) {
    const char *schema_arg = NULL, *to = NULL, *output = NULL, *name = NULL, *table = NULL;
    bool strict = false;
    const cli_option options[] = {
        {"--to", "-t", &to, NULL},         {"--output", "-o", &output, NULL},
        {"--name", NULL, &name, NULL},     {"--table", NULL, &table, NULL},
        {"--strict", NULL, NULL, &strict}, {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("convert", argc, argv, options, &schema_arg, 1);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_format format;
    if (!to) {
        return cli_usage_error("convert", "missing --to FORMAT (%s)", CLI_FORMATS);
    }
    if (sg_format_from_name(&format, to) != SG_OK || format == SG_FORMAT_AUTO) {
        return cli_usage_error("convert", "unknown output format '%s' (%s)", to, CLI_FORMATS);
    }
    sg_schema *schema = NULL;
    if ((rc = cli_load_schema_with(schema_arg, table, &schema)) != EXIT_VALID) {
        return rc;
    }
    char *text = NULL;
    sg_error err;
    sg_error_clear(&err);
    losses lost = {NULL, 0, false};
    sg_write_options write_options = SG_WRITE_OPTIONS_INIT;
    write_options.on_loss = collect_loss;
    write_options.payload = &lost;
    write_options.name = name;
    if (sg_schema_write_with(schema, format, &write_options, &text, &err) != SG_OK) {
        losses_print_and_free(&lost, false, "warning");
        rc = cli_report(&err);
    } else if (strict && (lost.count > 0 || lost.failed)) {
        size_t count = lost.count;
        losses_print_and_free(&lost, true, "error");
        fprintf(stderr,
                "schemagate: error: --strict: %zu detail%s cannot be kept in %s; nothing written\n",
                count, count == 1 ? "" : "s", sg_format_name(format));
        rc = EXIT_VIOLATIONS;
    } else {
        losses_print_and_free(&lost, true, "warning");
        rc = cli_write_output(output, text);
    }
    sg_free(text);
    sg_schema_free(schema);
    return rc;
}

const cli_command cli_cmd_convert = {
    "convert",
    "write a schema in another format",
    "usage: schemagate convert SCHEMA --to FORMAT [--output FILE] [--name NAME] [--strict]\n"
    "                          [--table LOGICAL_ID]\n"
    "\n"
    "Loads SCHEMA into the schema model and writes it as FORMAT:\n"
    "  model   schemagate's canonical JSON form (docs/model.md): everything the model holds\n"
    "  avro    an Avro schema (.avsc); named types are defined once and referenced after\n"
    "  glue    Glue table JSON for `aws glue create-table --cli-input-json`\n"
    "  cfn     a CloudFormation YAML template with one AWS::Glue::Table\n"
    "  spark   Spark StructType JSON, as df.schema.json() prints it\n"
    "  ddl     a Spark/Athena DDL column list: a BIGINT NOT NULL, b STRING\n"
    "  hive    one Hive/Glue type string: struct<a:bigint,b:string>\n"
    "\n"
    "Options:\n"
    "  -t, --to FORMAT       output format (required)\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "      --name NAME       table or record name where FORMAT wants one\n"
    "      --table ID        for a CloudFormation input: the AWS::Glue::Table to read\n"
    "      --strict          fail (exit 1) instead of warning when FORMAT cannot keep a\n"
    "                        detail (a uuid written as a Glue string, an int8 as Avro int)\n"
    "\n"
    "Each detail the output format cannot keep is one warning on stderr with its path\n"
    "(`schemagate: warning: lossy: ...`). What it cannot express at all is an error naming\n"
    "the field. docs/type-mapping.md lists every rule.\n"
    "\n"
    "Exit codes: 0 written, 1 --strict and something would be lost, 2 bad arguments,\n"
    "invalid schema or not expressible in FORMAT, 3 I/O or internal error.\n",
    run_convert,
};

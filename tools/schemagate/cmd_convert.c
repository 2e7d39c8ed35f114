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

static void losses_print_and_free(losses *L, bool print) {
    for (size_t i = 0; i < L->count; i++) {
        if (print) {
            fprintf(stderr, "schemagate: warning: %s\n", L->lines[i]);
        }
        free(L->lines[i]);
    }
    if (print && L->failed) {
        fprintf(stderr, "schemagate: warning: out of memory: not every lost detail is listed\n");
    }
    free(L->lines);
}

static int run_convert(int argc, char **argv) {
    const char *schema_arg = NULL, *to = NULL, *output = NULL;
    const cli_option options[] = {
        {"--to", "-t", &to, NULL},
        {"--output", "-o", &output, NULL},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("convert", argc, argv, options, &schema_arg, 1);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_format format;
    if (!to) {
        return cli_usage_error("convert", "missing --to FORMAT (model, avro or spark)");
    }
    if (sg_format_from_name(&format, to) != SG_OK || format == SG_FORMAT_AUTO) {
        return cli_usage_error("convert", "unknown output format '%s' (model, avro or spark)", to);
    }
    sg_schema *schema = NULL;
    if ((rc = cli_load_schema(schema_arg, &schema)) != EXIT_VALID) {
        return rc;
    }
    char *text = NULL;
    sg_error err;
    losses lost = {NULL, 0, false};
    sg_write_options write_options = SG_WRITE_OPTIONS_INIT;
    write_options.on_loss = collect_loss;
    write_options.payload = &lost;
    if (sg_schema_write_with(schema, format, &write_options, &text, &err) != SG_OK) {
        losses_print_and_free(&lost, false);
        rc = cli_report(&err);
    } else {
        losses_print_and_free(&lost, true);
        rc = cli_write_output(output, text);
    }
    sg_free(text);
    sg_schema_free(schema);
    return rc;
}

const cli_command cli_cmd_convert = {
    "convert",
    "write a schema in another format",
    "usage: schemagate convert SCHEMA --to FORMAT [--output FILE]\n"
    "\n"
    "Loads SCHEMA into the schema model and writes it as FORMAT:\n"
    "  model   schemagate's canonical JSON form (docs/model.md): everything the model holds\n"
    "  avro    an Avro schema (.avsc); named types are defined once and referenced after\n"
    "  spark   Spark StructType JSON, compact, as df.schema.json() prints it\n"
    "\n"
    "Options:\n"
    "  -t, --to FORMAT       output format (required)\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "\n"
    "What a format cannot express is an error naming the field (for example a map with\n"
    "integer keys written as Avro), never a silent change; docs/formats.md lists the rules.\n"
    "What it can express only approximately (an enum written as a Spark string, a union as\n"
    "a Spark struct) is written, with one warning on stderr per detail that is lost.\n"
    "\n"
    "Exit codes: 0 written, 2 bad arguments, invalid schema or not expressible in FORMAT,\n"
    "3 I/O or internal error.\n",
    run_convert,
};

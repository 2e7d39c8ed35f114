/* tools/schemagate/cmd_convert.c: `schemagate convert SCHEMA --to FORMAT`, the model written
 * back out in any format that has a writer. */
#include <string.h>

#include "cli.h"

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
        return cli_usage_error("convert", "missing --to FORMAT (model or avro)");
    }
    if (sg_format_from_name(&format, to) != SG_OK || format == SG_FORMAT_AUTO) {
        return cli_usage_error("convert", "unknown output format '%s' (model or avro)", to);
    }
    sg_schema *schema = NULL;
    if ((rc = cli_load_schema(schema_arg, &schema)) != EXIT_VALID) {
        return rc;
    }
    char *text = NULL;
    sg_error err;
    if (sg_schema_write(schema, format, &text, &err) != SG_OK) {
        rc = cli_report(&err);
    } else {
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
    "\n"
    "Options:\n"
    "  -t, --to FORMAT       output format (required)\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "\n"
    "What a format cannot express is an error naming the field (for example a map with\n"
    "integer keys written as Avro), never a silent change; docs/formats.md lists the rules.\n"
    "\n"
    "Exit codes: 0 written, 2 bad arguments, invalid schema or not expressible in FORMAT,\n"
    "3 I/O or internal error.\n",
    run_convert,
};

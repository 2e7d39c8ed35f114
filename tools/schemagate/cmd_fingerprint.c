/* tools/schemagate/cmd_fingerprint.c: `schemagate fingerprint SCHEMA`, the SHA-256 of a
 * schema's canonical form, for telling schemas apart whatever format they came in. */
#include "cli.h"

static int run_fingerprint(int argc, char **argv) {
    const char *schema_arg = NULL;
    bool ignore_docs = false, ignore_metadata = false, ignore_names = false;
    const cli_option options[] = {
        {"--ignore-docs", NULL, NULL, &ignore_docs},
        {"--ignore-metadata", NULL, NULL, &ignore_metadata},
        {"--ignore-names", NULL, NULL, &ignore_names},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("fingerprint", argc, argv, options, &schema_arg, 1);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_schema *schema = NULL;
    if ((rc = cli_load_schema(schema_arg, &schema)) != EXIT_VALID) {
        return rc;
    }
    unsigned flags = (ignore_docs ? SG_CMP_IGNORE_DOCS : 0) |
                     (ignore_metadata ? SG_CMP_IGNORE_METADATA : 0) |
                     (ignore_names ? SG_CMP_IGNORE_NAMES : 0);
    char hex[65];
    int code = sg_schema_fingerprint(schema, flags, hex);
    if (code != SG_OK) {
        fprintf(stderr, "schemagate: error: cannot fingerprint: %s\n", sg_code_name(code));
        rc = cli_exit_code(code);
    } else {
        printf("sha256:%s\n", hex);
    }
    sg_schema_free(schema);
    return rc;
}

const cli_command cli_cmd_fingerprint = {
    "fingerprint",
    "print a stable SHA-256 fingerprint of a schema",
    "usage: schemagate fingerprint SCHEMA [--ignore-docs] [--ignore-metadata] "
    "[--ignore-names]\n"
    "\n"
    "Prints sha256:<64 hex digits>, the SHA-256 of the schema's compact canonical JSON form\n"
    "(docs/model.md). Equal schemas have equal fingerprints whatever file format, key order\n"
    "or whitespace they were written in.\n"
    "\n"
    "Options:\n"
    "  --ignore-docs       leave doc strings out\n"
    "  --ignore-metadata   leave key/value metadata (extra attributes) out\n"
    "  --ignore-names      leave names, namespaces and aliases of named types out\n"
    "\n"
    "Exit codes: 0 printed, 2 bad arguments or invalid schema, 3 I/O or internal error.\n",
    run_fingerprint,
};

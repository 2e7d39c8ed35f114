/* tools/schemagate/cmd_show.c: `schemagate show SCHEMA`, the tree view of a schema. */
#include "cli.h"

static int run_show(int argc, char **argv) {
    const char *schema_arg = NULL;
    int rc = cli_parse("show", argc, argv, NULL, &schema_arg, 1);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_schema *schema = NULL;
    if ((rc = cli_load_schema(schema_arg, &schema)) != EXIT_VALID) {
        return rc;
    }
    char *tree = NULL;
    int code = sg_schema_to_tree(schema, &tree);
    if (code != SG_OK) {
        fprintf(stderr, "schemagate: error: cannot print the schema: %s\n", sg_code_name(code));
        rc = cli_exit_code(code);
    } else {
        rc = cli_write_output(NULL, tree);
    }
    sg_free(tree);
    sg_schema_free(schema);
    return rc;
}

const cli_command cli_cmd_show = {
    "show",
    "print a schema as a tree",
    "usage: schemagate show SCHEMA\n"
    "\n"
    "Loads SCHEMA and prints it as a tree, one line per field, list element, map key and\n"
    "value, and union branch, with nullability, defaults, aliases and docs:\n"
    "\n"
    "  root: struct com.acme.Order\n"
    "   |-- id: int64 (nullable = false)\n"
    "   |-- note: string (nullable = true, default = null) -- free text\n"
    "\n"
    "SCHEMA is a path (format from its extension or content), FORMAT:PATH, or - for stdin.\n"
    "Warnings about the schema (ignored logical types, misplaced attributes) go to stderr.\n"
    "\n"
    "Exit codes: 0 printed, 2 bad arguments or invalid schema, 3 I/O or internal error.\n",
    run_show,
};

/*
 * tools/schemagate/cli.h: what the CLI's commands share: exit codes, error and warning
 * printing, loading a SCHEMA argument, and a small option parser. The CLI reaches the library
 * only through the public headers.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <schemagate/schemagate.h>

/* Exit codes, documented in the README and docs/cli.md. */
enum {
    EXIT_VALID = 0,      /* success; for checks: no violations */
    EXIT_VIOLATIONS = 1, /* a check found violations */
    EXIT_USAGE = 2,      /* bad arguments or bad input (malformed schema, missing file) */
    EXIT_INTERNAL = 3,   /* I/O failure, out of memory, or a bug */
};

/* Maps a library result code to an exit code. */
int cli_exit_code(int code);
/* Prints "schemagate: error: <where>: <message>" to stderr; returns the exit code for it. */
int cli_report(const sg_error *err);
/* Prints a usage error with a hint to run `schemagate CMD --help`; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints the schema's load warnings to stderr. */
void cli_print_warnings(const sg_schema *schema);
/* Loads a SCHEMA argument ("path", "FORMAT:path" or "-"); prints errors and warnings. Returns
 * an exit code (EXIT_VALID on success). */
int cli_load_schema(const char *arg, sg_schema **out);
/* cli_load_schema with a CloudFormation logical ID to pick a table (NULL: the only one). */
int cli_load_schema_with(const char *arg, const char *table, sg_schema **out);

/* The format names a SCHEMA prefix or --to accepts, for messages. */
#define CLI_FORMATS "model, avro, glue, cfn, spark, ddl, hive"

/* Writes text to path, or stdout when path is NULL or "-". Returns an exit code. */
int cli_write_output(const char *path, const char *text);

/* One subcommand. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage; /* full --help text */
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_cmd_show;
extern const cli_command cli_cmd_diff;
extern const cli_command cli_cmd_convert;
extern const cli_command cli_cmd_fingerprint;
extern const cli_command cli_cmd_infer;
extern const cli_command cli_cmd_cat;
extern const cli_command cli_cmd_validate;
extern const cli_command cli_cmd_inspect;
extern const cli_command cli_cmd_registry;

/* One option of a command: "--to" style long name (and an optional short alias such as "-o").
 * Options with a value store it in *value; flags set *flag. */
typedef struct cli_option {
    const char *name;
    const char *short_name;
    const char **value;
    bool *flag;
} cli_option;

/*
 * Parses argv[1..] (argv[0] is the command name) against options, accepting "--name value",
 * "--name=value" and "--" to end options. Positional arguments fill positional[0..count-1];
 * exactly count are required. Prints a usage error and returns EXIT_USAGE on any problem.
 */
int cli_parse(const char *command, int argc, char **argv, const cli_option *options,
              const char **positional, int count);

/* The same for any number of positional arguments: positional must have room for argc of them;
 * *count receives how many there were. */
int cli_parse_list(const char *command, int argc, char **argv, const cli_option *options,
                   const char **positional, int *count);

/* A one-character option value: the character, "\t" or "tab" for a tab, "none" (when
 * allow_none) for '\0'. Prints a usage error and returns EXIT_USAGE otherwise. */
int cli_one_char(const char *command, const char *option, const char *value, bool allow_none,
                 char *out);
/* A count: digits only, within [min, LONG_MAX]; a usage error otherwise. */
int cli_count(const char *command, const char *option, const char *value, long min, long *out);

/* True when argv has -h or --help before any "--". */
bool cli_wants_help(int argc, char **argv);

#endif

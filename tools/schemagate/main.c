/* tools/schemagate/main.c: the `schemagate` command: global options and dispatch to the
 * commands, each in cmd_<name>.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command *const commands[] = {
    &cli_cmd_show,     &cli_cmd_convert, &cli_cmd_diff, &cli_cmd_fingerprint, &cli_cmd_infer,
    &cli_cmd_validate, &cli_cmd_inspect, &cli_cmd_cat,  &cli_cmd_registry,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void print_help(FILE *out) {
    fputs("usage: schemagate [--version] [--help] COMMAND [ARGS]\n"
          "\n"
          "Schema registry and compliance checker for data on AWS Glue.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    }
    fputs("\n"
          "A SCHEMA argument is a file path (format from its extension or content), FORMAT:PATH\n"
          "to name the format (" CLI_FORMATS "),\n"
          "or - for standard input.\n"
          "\n"
          "Exit codes: 0 ok, 1 violations found, 2 usage or input error, 3 internal or I/O "
          "error.\n"
          "Run 'schemagate COMMAND --help' for a command's options.\n",
          out);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2) {
            for (size_t i = 0; i < COMMAND_COUNT; i++) {
                if (strcmp(argv[2], commands[i]->name) == 0) {
                    fputs(commands[i]->usage, stdout);
                    return EXIT_VALID;
                }
            }
            return cli_usage_error(NULL, "unknown command '%s'", argv[2]);
        }
        print_help(stdout);
        return EXIT_VALID;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("schemagate %s\n", sg_version());
        return EXIT_VALID;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(name, commands[i]->name) == 0) {
            if (cli_wants_help(argc - 1, argv + 1)) {
                fputs(commands[i]->usage, stdout);
                return EXIT_VALID;
            }
            return commands[i]->run(argc - 1, argv + 1);
        }
    }
    if (name[0] == '-') {
        return cli_usage_error(NULL, "unknown option '%s'", name);
    }
    return cli_usage_error(NULL, "unknown command '%s'", name);
}

/* tools/schemagate/main.c: the `schemagate` command: global options and dispatch to the
 * commands, each in cmd_<name>.c. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command *const commands[] = {
    &cli_cmd_show,     &cli_cmd_convert, &cli_cmd_diff, &cli_cmd_fingerprint, &cli_cmd_infer,
    &cli_cmd_validate, &cli_cmd_inspect, &cli_cmd_cat,  &cli_cmd_registry,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void print_help(FILE *out) {
    fputs("usage: schemagate [--version] [--help] [--verbose] [--profile NAME] COMMAND [ARGS]\n"
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
          "or - for standard input. Remote references: s3://BUCKET/KEY and s3://BUCKET/PREFIX/\n"
          "for data, glue://DATABASE/TABLE and glue-sr://REGISTRY/SCHEMA[@VERSION] for schemas;\n"
          "credentials, region and endpoints as the AWS CLI finds them (docs/remote.md).\n"
          "--verbose logs each remote request (never credentials); --profile picks an AWS\n"
          "profile.\n"
          "\n"
          "Exit codes: 0 ok, 1 violations found, 2 usage or input error, 3 internal or I/O "
          "error.\n"
          "Run 'schemagate COMMAND --help' for a command's options.\n",
          out);
}

/*
 * Global options, taken out of argv wherever they are (up to a "--"), so that both
 * `schemagate --verbose cat ...` and `schemagate cat ... --verbose` work: --verbose (-v before
 * the command) and --profile NAME for remote access. No command has options of these names.
 */
static int global_options(int *argc, char **argv, int *rc) {
    sg_remote_options options = SG_REMOTE_OPTIONS_INIT;
    int kept = 1;
    bool rest = false; /* after "--": all positional */
    for (int i = 1; i < *argc; i++) {
        const char *arg = argv[i];
        bool before_command = kept == 1;
        if (!rest && strcmp(arg, "--") == 0) {
            rest = true;
        } else if (!rest &&
                   (strcmp(arg, "--verbose") == 0 || (before_command && strcmp(arg, "-v") == 0))) {
            options.log = stderr;
            continue;
        } else if (!rest && strcmp(arg, "--profile") == 0) {
            if (i + 1 >= *argc) {
                *rc = cli_usage_error(NULL, "--profile needs a profile name");
                return -1;
            }
            options.profile = argv[++i];
            continue;
        } else if (!rest && strncmp(arg, "--profile=", 10) == 0) {
            options.profile = arg + 10;
            continue;
        }
        argv[kept++] = argv[i];
    }
    *argc = kept;
    argv[kept] = NULL;
    sg_error err;
    if (sg_remote_configure(&options, &err) != SG_OK) {
        *rc = cli_report(&err);
        return -1;
    }
    return 0;
}

static int run(int argc, char **argv);

int main(int argc, char **argv) {
    int rc = EXIT_VALID;
    if (global_options(&argc, argv, &rc) != 0) {
        return rc;
    }
    rc = run(argc, argv);
    sg_remote_cleanup();
    return rc;
}

static int run(int argc, char **argv) {
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

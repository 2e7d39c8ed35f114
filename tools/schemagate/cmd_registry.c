/* tools/schemagate/cmd_registry.c: `schemagate registry check` and `schemagate registry add`,
 * the registry of schemagate.yaml and its version files (docs/registry.md). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define REGISTRY_FORMATS "text, json, junit, sarif"

static int parse_format(const char *command, const char *name, sg_report_format *format) {
    if (!name) {
        *format = SG_REPORT_TEXT;
        return EXIT_VALID;
    }
    if (sg_report_format_from_name(format, name) != SG_OK) {
        return cli_usage_error(command, "unknown report format '%s' (%s)", name, REGISTRY_FORMATS);
    }
    return EXIT_VALID;
}

/* Prints the report; returns the exit code its findings call for (or the write's). */
static int print_report(const sg_report *report, sg_report_format format, const char *output) {
    char *text = NULL;
    sg_error err;
    if (sg_report_write(report, format, &text, &err) != SG_OK) {
        return cli_report(&err);
    }
    int rc = EXIT_VALID;
    if (format != SG_REPORT_TEXT || text[0] || (output && strcmp(output, "-") != 0)) {
        rc = cli_write_output(output, text);
    }
    sg_free(text);
    if (rc != EXIT_VALID) {
        return rc;
    }
    if (sg_report_error_count(report) > 0) {
        return EXIT_USAGE;
    }
    return sg_report_violation_count(report) > 0 ? EXIT_VIOLATIONS : EXIT_VALID;
}

static void print_summary(const sg_report *report, const char *what) {
    size_t violations = sg_report_violation_count(report);
    size_t errors = sg_report_error_count(report);
    size_t subjects = 0;
    const char *last = NULL;
    for (size_t i = 0; i < sg_report_check_count(report); i++) {
        const sg_check *c = sg_report_check(report, i);
        if (c->subject[0] && (!last || strcmp(last, c->subject) != 0)) {
            subjects++;
            last = c->subject;
        }
    }
    fprintf(stderr, "schemagate: %s: %zu check%s on %zu subject%s: ", what,
            sg_report_check_count(report), sg_report_check_count(report) == 1 ? "" : "s", subjects,
            subjects == 1 ? "" : "s");
    if (!violations && !errors) {
        fputs("no violations\n", stderr);
        return;
    }
    if (violations) {
        fprintf(stderr, "%zu violation%s", violations, violations == 1 ? "" : "s");
    }
    if (errors) {
        fprintf(stderr, "%s%zu version%s that do%s not load", violations ? ", " : "", errors,
                errors == 1 ? "" : "s", errors == 1 ? "es" : "");
    }
    fputc('\n', stderr);
}

static int run_check(int argc, char **argv) {
    const char *config = SG_REGISTRY_CONFIG, *against = NULL, *format_name = NULL, *output = NULL;
    const char *subject = NULL;
    bool changes = false;
    const cli_option options[] = {
        {"--config", "-c", &config, NULL},
        {"--against", NULL, &against, NULL},
        {"--format", "-f", &format_name, NULL},
        {"--output", "-o", &output, NULL},
        {"--changes", NULL, NULL, &changes},
        {"--subject", NULL, &subject, NULL},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("registry", argc, argv, options, NULL, 0);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_report_format format;
    if ((rc = parse_format("registry", format_name, &format)) != EXIT_VALID) {
        return rc;
    }
    sg_check_options check_options = SG_CHECK_OPTIONS_INIT;
    check_options.against = against;
    check_options.changes = changes;
    check_options.subject = subject;
    if (subject && !sg_remote_is_ref(against)) {
        return cli_usage_error("registry", "--subject goes with --against glue://... or "
                                           "glue-sr://...");
    }
    sg_report *report = NULL;
    sg_error err;
    if (sg_registry_check(&report, config, &check_options, &err) != SG_OK) {
        return cli_report(&err);
    }
    rc = print_report(report, format, output);
    print_summary(report, against ? "registry check --against" : "registry check");
    sg_report_free(report);
    return rc;
}

static int run_add(int argc, char **argv) {
    const char *config = SG_REGISTRY_CONFIG, *format_name = NULL;
    const char *positional[2] = {NULL, NULL};
    const cli_option options[] = {
        {"--config", "-c", &config, NULL},
        {"--format", "-f", &format_name, NULL},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("registry", argc, argv, options, positional, 2);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_report_format format;
    if ((rc = parse_format("registry", format_name, &format)) != EXIT_VALID) {
        return rc;
    }
    const char *subject = positional[0], *file = positional[1];
    sg_report *report = NULL;
    char *written = NULL, *same_as = NULL;
    sg_error err;
    if (sg_registry_add(&report, &written, &same_as, config, subject, file, &err) != SG_OK) {
        return cli_report(&err);
    }
    if (written) {
        printf("%s: added %s\n", subject, written);
        rc = fflush(stdout) == 0 ? EXIT_VALID : EXIT_INTERNAL;
    } else if (same_as) {
        printf("%s: %s is the same schema as %s: nothing added\n", subject, file, same_as);
        rc = fflush(stdout) == 0 ? EXIT_VALID : EXIT_INTERNAL;
    } else {
        rc = print_report(report, format, NULL);
        fprintf(stderr, "schemagate: error: %s: %s was not added: %s\n", subject, file,
                sg_report_error_count(report) ? "a version of the subject does not load"
                                              : "it breaks the subject's compatibility mode");
    }
    sg_free(written);
    sg_free(same_as);
    sg_report_free(report);
    return rc;
}

static int run_registry(int argc, char **argv) {
    if (argc < 2) {
        return cli_usage_error("registry", "missing subcommand (check or add)");
    }
    if (strcmp(argv[1], "check") == 0) {
        return run_check(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "add") == 0) {
        return run_add(argc - 1, argv + 1);
    }
    return cli_usage_error("registry", "unknown subcommand '%s' (check or add)", argv[1]);
}

const cli_command cli_cmd_registry = {
    "registry",
    "check a schema registry (schemagate.yaml) or add a version",
    "usage: schemagate registry check [--config FILE] [--against REV|LIVE] [--subject NAME]\n"
    "                                 [--format FORMAT] [--output FILE] [--changes]\n"
    "       schemagate registry add SUBJECT FILE [--config FILE] [--format FORMAT]\n"
    "\n"
    "A registry is a config, schemagate.yaml, naming subjects with their format and\n"
    "compatibility mode, and each subject's versions: schemas/SUBJECT/v1.EXT, v2, ...\n"
    "(docs/registry.md).\n"
    "\n"
    "check: every version loads, the files are numbered without gaps, and every version is\n"
    "compatible with its predecessor (transitive modes: with every earlier version) under\n"
    "its subject's mode. With --against REV (a git branch, tag or commit, e.g. HEAD or\n"
    "origin/main) it also fails when a version published at REV was edited or deleted, a\n"
    "subject was removed or renamed, or a mode was loosened; then only versions added since\n"
    "REV are checked for compatibility. The pre-commit hook and CI gate (docs/ci.md).\n"
    "With --against LIVE, a live schema (glue://DATABASE/TABLE or\n"
    "glue-sr://REGISTRY/SCHEMA[@VERSION]), the subject named like the table or schema (or\n"
    "--subject NAME) has its latest version compared with what AWS holds: every difference\n"
    "but a doc change is drift, a violation (docs/remote.md).\n"
    "\n"
    "add: checks FILE against SUBJECT's versions under its mode and, when nothing breaks,\n"
    "writes it as the next version (atomically: the file appears whole or not at all). The\n"
    "subject must be in the config.\n"
    "\n"
    "Options:\n"
    "  -c, --config FILE     the registry's config (default: schemagate.yaml)\n"
    "      --against REV     compare with the registry at git revision REV, or with a live\n"
    "                        Glue table or Glue Schema Registry version (drift)\n"
    "      --subject NAME    the subject compared with a live schema\n"
    "  -f, --format FORMAT   findings as text (default; file:line:column: subject: message),\n"
    "                        json, junit (JUnit XML) or sarif (SARIF 2.1.0 for GitHub code\n"
    "                        scanning)\n"
    "  -o, --output FILE     write the findings to FILE instead of standard output\n"
    "      --changes         also list the changes the modes allow (not violations)\n"
    "\n"
    "Exit codes: 0 no violations (add: written, or the same schema as the latest version),\n"
    "1 violations (add: nothing written), 2 bad arguments, an invalid config, a version or\n"
    "FILE that does not load, not a git repository or an unknown revision, 3 I/O or internal\n"
    "error.\n",
    run_registry,
};

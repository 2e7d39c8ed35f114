/* tools/schemagate/cli.c: the helpers every command uses (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_code(int code) {
    switch (code) {
    case SG_OK:
        return EXIT_VALID;
    case SG_EUSAGE:
    case SG_EPARSE:
    case SG_EINVALID:
    case SG_EUNSUPPORTED:
    case SG_ELIMIT:
    case SG_ENOTFOUND:
    case SG_EACCESS:
        return EXIT_USAGE;
    default:
        return EXIT_INTERNAL;
    }
}

int cli_report(const sg_error *err) {
    if (err->code == SG_OK) {
        /* The library failed without saying why (a bug): never exit 0 for it. */
        fprintf(stderr, "schemagate: error: the operation failed without an error message\n");
        return EXIT_INTERNAL;
    }
    char text[SG_ERROR_SOURCE_MAX + SG_ERROR_PATH_MAX + SG_ERROR_MESSAGE_MAX + 128];
    sg_error_format(err, text, sizeof text);
    fprintf(stderr, "schemagate: error: %s\n", text);
    return cli_exit_code(err->code);
}

int cli_usage_error(const char *command, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("schemagate: usage error: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nRun 'schemagate %s%s--help' for usage.\n", command ? command : "",
            command ? " " : "");
    return EXIT_USAGE;
}

void cli_print_warnings(const sg_schema *schema) {
    for (size_t i = 0; i < sg_schema_warning_count(schema); i++) {
        char text[SG_ERROR_SOURCE_MAX + SG_ERROR_PATH_MAX + SG_ERROR_MESSAGE_MAX + 128];
        sg_error_format(sg_schema_warning(schema, i), text, sizeof text);
        fprintf(stderr, "schemagate: warning: %s\n", text);
    }
}

int cli_load_schema(const char *arg, sg_schema **out) {
    return cli_load_schema_with(arg, NULL, out);
}

int cli_load_schema_with(const char *arg, const char *table, sg_schema **out) {
    sg_format format;
    const char *path;
    sg_schema_arg_split(arg, &format, &path);
    sg_error err;
    sg_error_clear(&err);
    sg_load_options options = SG_LOAD_OPTIONS_INIT;
    options.table = table;
    int rc = sg_schema_load_file_with(out, path, format, &options, &err);
    if (rc != SG_OK) {
        return cli_report(&err);
    }
    cli_print_warnings(*out);
    return EXIT_VALID;
}

int cli_write_output(const char *path, const char *text) {
    if (!path || strcmp(path, "-") == 0) {
        if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
            fprintf(stderr, "schemagate: error: cannot write to standard output\n");
            return EXIT_INTERNAL;
        }
        return EXIT_VALID;
    }
    FILE *file = fopen(path, "wb");
    if (!file) {
        fprintf(stderr, "schemagate: error: %s: cannot open for writing\n", path);
        return EXIT_INTERNAL;
    }
    bool ok = fputs(text, file) != EOF;
    ok = fclose(file) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "schemagate: error: %s: write failed\n", path);
        return EXIT_INTERNAL;
    }
    return EXIT_VALID;
}

bool cli_wants_help(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            return false;
        }
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            return true;
        }
    }
    return false;
}

static const cli_option *find_option(const cli_option *options, const char *arg, size_t len) {
    for (const cli_option *o = options; o && o->name; o++) {
        if ((strlen(o->name) == len && strncmp(o->name, arg, len) == 0) ||
            (o->short_name && strlen(o->short_name) == len &&
             strncmp(o->short_name, arg, len) == 0)) {
            return o;
        }
    }
    return NULL;
}

/* Options into their places, at most max positional arguments into positional[]. */
static int parse_arguments(const char *command, int argc, char **argv, const cli_option *options,
                           const char **positional, int max, int *seen_out) {
    int seen = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (!options_done && arg[0] == '-' && arg[1] != '\0') {
            const char *eq = strchr(arg, '=');
            size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
            const cli_option *o = find_option(options, arg, len);
            if (!o) {
                return cli_usage_error(command, "unknown option '%.*s'", (int)len, arg);
            }
            if (o->flag) {
                if (eq) {
                    return cli_usage_error(command, "option '%s' takes no value", o->name);
                }
                *o->flag = true;
            } else if (eq) {
                *o->value = eq + 1;
            } else if (i + 1 < argc) {
                *o->value = argv[++i];
            } else {
                return cli_usage_error(command, "option '%s' needs a value", o->name);
            }
            continue;
        }
        if (seen >= max) {
            return cli_usage_error(command, "unexpected argument '%s'", arg);
        }
        positional[seen++] = arg;
    }
    *seen_out = seen;
    return EXIT_VALID;
}

int cli_parse(const char *command, int argc, char **argv, const cli_option *options,
              const char **positional, int count) {
    int seen = 0;
    int rc = parse_arguments(command, argc, argv, options, positional, count, &seen);
    if (rc == EXIT_VALID && seen < count) {
        return cli_usage_error(command, "missing argument%s", count - seen > 1 ? "s" : "");
    }
    return rc;
}

int cli_parse_list(const char *command, int argc, char **argv, const cli_option *options,
                   const char **positional, int *count) {
    return parse_arguments(command, argc, argv, options, positional, argc, count);
}

int cli_one_char(const char *command, const char *option, const char *value, bool allow_none,
                 char *out) {
    if (allow_none && strcmp(value, "none") == 0) {
        *out = '\0';
        return EXIT_VALID;
    }
    if (strcmp(value, "\\t") == 0 || strcmp(value, "tab") == 0) {
        *out = '\t';
        return EXIT_VALID;
    }
    unsigned char c = (unsigned char)value[0];
    if (value[0] == '\0' || value[1] != '\0' || c >= 0x80 || c == '\r' || c == '\n') {
        return cli_usage_error(command, "%s takes one ASCII character%s, not '%s'", option,
                               allow_none ? ", \\t, tab or none" : ", \\t or tab", value);
    }
    *out = value[0];
    return EXIT_VALID;
}

int cli_count(const char *command, const char *option, const char *value, long min, long *out) {
    char *end = NULL;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno == ERANGE || n < min) {
        return cli_usage_error(command, "%s takes a whole number of at least %ld, not '%s'", option,
                               min, value);
    }
    *out = n;
    return EXIT_VALID;
}

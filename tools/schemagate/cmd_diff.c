/* tools/schemagate/cmd_diff.c: `schemagate diff OLD NEW`, every change between two schemas,
 * each compatible or breaking under a mode and a rule set. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *kind_name(sg_change_kind kind) {
    static const char *const names[] = {
        "field-added",   "field-removed", "field-renamed", "field-moved",  "type",
        "nullability",   "default",       "enum-symbols",  "enum-default", "decimal",
        "string-length", "fixed-size",    "time-unit",     "name",         "union-branch",
        "partition",     "doc",
    };
    return (size_t)kind < sizeof names / sizeof names[0] ? names[kind] : "change";
}

static void print_text(const sg_diff *diff, const char *new_source) {
    for (size_t i = 0; i < sg_diff_count(diff); i++) {
        const sg_change *c = sg_diff_change(diff, i);
        const char *other = !c->breaking && c->breaks_backward && c->breaks_forward
                                ? " (breaks both directions; not checked by this mode)"
                            : !c->breaking && c->breaks_backward ? " (breaks BACKWARD only)"
                            : !c->breaking && c->breaks_forward  ? " (breaks FORWARD only)"
                                                                 : "";
        printf("%s: %s: %s: %s%s\n", c->breaking ? "BREAKING" : "ok", new_source, c->path,
               c->message, other);
    }
}

static int print_json(const sg_diff *diff, const char *old_source, const char *new_source,
                      sg_compat_mode mode, sg_rules rules) {
    json_t *root = json_object();
    json_t *changes = json_array();
    json_object_set_new(root, "old", json_string(old_source));
    json_object_set_new(root, "new", json_string(new_source));
    json_object_set_new(root, "mode", json_string(sg_compat_mode_name(mode)));
    json_object_set_new(root, "rules", json_string(sg_rules_name(rules)));
    json_object_set_new(root, "breaking", json_integer((json_int_t)sg_diff_breaking_count(diff)));
    for (size_t i = 0; i < sg_diff_count(diff); i++) {
        const sg_change *c = sg_diff_change(diff, i);
        json_t *item = json_object();
        json_object_set_new(item, "kind", json_string(kind_name(c->kind)));
        json_object_set_new(item, "path", json_string(c->path));
        json_object_set_new(item, "breaking", json_boolean(c->breaking));
        json_object_set_new(item, "breaks_backward", json_boolean(c->breaks_backward));
        json_object_set_new(item, "breaks_forward", json_boolean(c->breaks_forward));
        json_object_set_new(item, "message", json_string(c->message));
        if (c->old_location.pointer) {
            json_object_set_new(item, "old_pointer", json_string(c->old_location.pointer));
        }
        if (c->new_location.pointer) {
            json_object_set_new(item, "new_pointer", json_string(c->new_location.pointer));
        }
        json_array_append_new(changes, item);
    }
    json_object_set_new(root, "changes", changes);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text) {
        return EXIT_INTERNAL;
    }
    int rc = cli_write_output(NULL, text);
    free(text);
    if (rc == EXIT_VALID) {
        rc = cli_write_output(NULL, "\n");
    }
    return rc;
}

static int run_diff(int argc, char **argv) {
    const char *paths[2] = {NULL, NULL};
    const char *mode_name = "BACKWARD", *rules_name = NULL, *format = "text";
    const cli_option options[] = {
        {"--mode", "-m", &mode_name, NULL},
        {"--rules", "-r", &rules_name, NULL},
        {"--format", "-f", &format, NULL},
        {NULL, NULL, NULL, NULL},
    };
    int rc = cli_parse("diff", argc, argv, options, paths, 2);
    if (rc != EXIT_VALID) {
        return rc;
    }
    sg_compat_mode mode;
    if (sg_compat_mode_from_name(&mode, mode_name) != SG_OK) {
        return cli_usage_error("diff",
                               "unknown mode '%s' (NONE, BACKWARD, FORWARD, FULL, their "
                               "_TRANSITIVE forms, or Glue's BACKWARD_ALL, FORWARD_ALL, "
                               "FULL_ALL, DISABLED)",
                               mode_name);
    }
    sg_rules rules = SG_RULES_AVRO;
    if (rules_name && sg_rules_from_name(&rules, rules_name) != SG_OK) {
        return cli_usage_error("diff",
                               "unknown rules '%s' (avro, spark-parquet, athena-parquet, "
                               "athena-csv)",
                               rules_name);
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        return cli_usage_error("diff", "unknown format '%s' (text or json)", format);
    }
    sg_schema *old_schema = NULL, *new_schema = NULL;
    if ((rc = cli_load_schema(paths[0], &old_schema)) != EXIT_VALID) {
        return rc;
    }
    if ((rc = cli_load_schema(paths[1], &new_schema)) != EXIT_VALID) {
        sg_schema_free(old_schema);
        return rc;
    }
    if (!rules_name) {
        rules = sg_rules_for_schema(new_schema);
    }
    sg_diff *diff = NULL;
    sg_error err;
    sg_error_clear(&err);
    if (sg_diff_new(&diff, old_schema, new_schema, mode, rules, &err) != SG_OK) {
        rc = cli_report(&err);
    } else {
        if (strcmp(format, "json") == 0) {
            rc = print_json(diff, paths[0], paths[1], mode, rules);
        } else {
            print_text(diff, paths[1]);
            size_t breaking = sg_diff_breaking_count(diff);
            printf("%zu change%s, %zu breaking under %s (%s rules)\n", sg_diff_count(diff),
                   sg_diff_count(diff) == 1 ? "" : "s", breaking, sg_compat_mode_name(mode),
                   sg_rules_name(rules));
            rc = EXIT_VALID;
        }
        if (rc == EXIT_VALID && sg_diff_breaking_count(diff) > 0) {
            rc = EXIT_VIOLATIONS;
        }
    }
    sg_diff_free(diff);
    sg_schema_free(old_schema);
    sg_schema_free(new_schema);
    return rc;
}

const cli_command cli_cmd_diff = {
    "diff",
    "list the changes between two schemas, compatible or breaking",
    "usage: schemagate diff OLD NEW [--mode MODE] [--rules RULES] [--format text|json]\n"
    "\n"
    "Lists every change from OLD to NEW (any formats: they are compared through the model):\n"
    "fields added, removed, renamed (through aliases) or moved, type changes, nullability,\n"
    "defaults, enum symbols, decimal precision and scale, string lengths, union branches,\n"
    "partition keys. Each is compatible or BREAKING under MODE, as judged by RULES:\n"
    "\n"
    "  --mode MODE     BACKWARD (default; NEW reads data written with OLD), FORWARD (OLD\n"
    "                  reads data written with NEW), FULL (both), NONE; the _TRANSITIVE\n"
    "                  forms and Glue's BACKWARD_ALL, FORWARD_ALL, FULL_ALL count as their\n"
    "                  base mode here (transitive checks are `registry check`); DISABLED\n"
    "                  makes every change breaking\n"
    "  --rules RULES   avro (Avro schema resolution), spark-parquet (Spark 3.5 reading\n"
    "                  Parquet by name), athena-parquet, athena-csv (read by position);\n"
    "                  default: from NEW's format (a Glue CSV table -> athena-csv, other\n"
    "                  tables -> athena-parquet, Spark -> spark-parquet, else avro)\n"
    "  --format F      text (default) or json\n"
    "\n"
    "docs/compatibility.md lists every rule with its source.\n"
    "\n"
    "Exit codes: 0 no breaking change, 1 breaking changes, 2 bad arguments or schemas,\n"
    "3 I/O or internal error.\n",
    run_diff,
};

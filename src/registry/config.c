/*
 * registry/config.c: reads schemagate.yaml with libyaml's event API straight into the registry
 * structs (internal.h). The config is small and its shape fixed, so the reader is a recursive
 * descent over events: each mapping knows its keys, each value its type. Everything YAML allows
 * but a config does not need is refused where it stands: anchors, aliases, tags, several
 * documents, keys that are not strings, duplicate keys, nesting deeper than
 * SG_MAX_CONFIG_DEPTH. Keys starting with "x-" are skipped whatever their value, at every level
 * (so no subject's name starts with "x-"), for other tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "registry/internal.h"
#include "util/json.h"
#include "util/limits.h"
#include "util/suggest.h"

static const char *const top_keys[] = {"root", "defaults", "subjects", NULL};
static const char *const default_keys[] = {"format", "mode", "rules", NULL};
static const char *const subject_keys[] = {"format", "mode", "rules", "versions", NULL};
static const char *const format_names[] = {"model", "avro", "glue", "cfn",
                                           "spark", "ddl",  "hive", NULL};
static const char *const mode_names[] = {"NONE",
                                         "BACKWARD",
                                         "FORWARD",
                                         "FULL",
                                         "BACKWARD_TRANSITIVE",
                                         "FORWARD_TRANSITIVE",
                                         "FULL_TRANSITIVE",
                                         "DISABLED",
                                         "BACKWARD_ALL",
                                         "FORWARD_ALL",
                                         "FULL_ALL",
                                         NULL};
static const char *const rules_names[] = {"avro", "spark-parquet", "athena-parquet", "athena-csv",
                                          NULL};

typedef struct reader {
    yaml_parser_t parser;
    yaml_event_t event;
    bool has_event;
    const char *source;
    sg_error *err;
    int depth;
    int documents;
    char path[SG_ERROR_PATH_MAX]; /* JSON pointer of the value at hand */
    sg_registry *registry;
    sg_subject defaults;
} reader;

static sgp_mark mark_of(const yaml_event_t *event) {
    sgp_mark m = {(int)event->start_mark.line + 1, (int)event->start_mark.column + 1};
    return m;
}

static int fail_at(reader *R, sgp_mark mark, int code, const char *fmt, ...) SGP_PRINTF(4, 5);

static int fail_at(reader *R, sgp_mark mark, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(R->err, code, R->source, R->path[0] ? R->path : NULL, mark.line, mark.column, fmt,
               ap);
    va_end(ap);
    return code;
}

/* "!!str" for YAML's own tags, the tag itself otherwise. */
static void tag_text(const yaml_char_t *tag, char *buf, size_t size) {
    const char *t = (const char *)tag;
    if (strncmp(t, "tag:yaml.org,2002:", 18) == 0) {
        snprintf(buf, size, "!!%s", t + 18);
    } else {
        snprintf(buf, size, "%s", t);
    }
}

static int refuse_extras(reader *R, const yaml_char_t *anchor, const yaml_char_t *tag) {
    sgp_mark m = mark_of(&R->event);
    if (anchor) {
        return fail_at(R, m, SG_EUNSUPPORTED,
                       "YAML anchors (&%s) are not supported in a registry config; write the "
                       "value out",
                       (const char *)anchor);
    }
    if (tag) {
        char text[128];
        tag_text(tag, text, sizeof text);
        return fail_at(R, m, SG_EUNSUPPORTED,
                       "YAML tags (%s) are not supported in a registry config; every value is "
                       "a plain string, list or mapping",
                       text);
    }
    return SG_OK;
}

/* Moves to the next event and refuses what a config must not hold. */
static int next(reader *R) {
    if (R->has_event) {
        yaml_event_delete(&R->event);
        R->has_event = false;
    }
    if (!yaml_parser_parse(&R->parser, &R->event)) {
        yaml_mark_t pm = R->parser.problem_mark;
        sgp_mark m = {(int)pm.line + 1, (int)pm.column + 1};
        if (R->parser.error == YAML_MEMORY_ERROR) {
            return sgp_error_nomem(R->err);
        }
        return fail_at(R, m, SG_EPARSE, "invalid YAML: %s%s%s",
                       R->parser.problem ? R->parser.problem : "syntax error",
                       R->parser.context ? " " : "", R->parser.context ? R->parser.context : "");
    }
    R->has_event = true;
    yaml_event_t *e = &R->event;
    switch (e->type) {
    case YAML_ALIAS_EVENT:
        return fail_at(R, mark_of(e), SG_EUNSUPPORTED,
                       "YAML aliases (*%s) are not supported in a registry config; write the "
                       "value out",
                       (const char *)e->data.alias.anchor);
    case YAML_SCALAR_EVENT:
        if (memchr(e->data.scalar.value, '\0', e->data.scalar.length)) {
            return fail_at(R, mark_of(e), SG_EINVALID, "a NUL character in a YAML scalar");
        }
        return refuse_extras(R, e->data.scalar.anchor, e->data.scalar.tag);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool map = e->type == YAML_MAPPING_START_EVENT;
        int rc =
            refuse_extras(R, map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor,
                          map ? e->data.mapping_start.tag : e->data.sequence_start.tag);
        if (rc != SG_OK) {
            return rc;
        }
        if (++R->depth > SG_MAX_CONFIG_DEPTH) {
            return fail_at(R, mark_of(e), SG_ELIMIT,
                           "nested deeper than %d levels (the limit for a registry config)",
                           SG_MAX_CONFIG_DEPTH);
        }
        return SG_OK;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        R->depth--;
        return SG_OK;
    case YAML_DOCUMENT_START_EVENT:
        if (++R->documents > 1) {
            return fail_at(R, mark_of(e), SG_EUNSUPPORTED,
                           "a second YAML document: a registry config is one document");
        }
        return SG_OK;
    default:
        return SG_OK;
    }
}

static bool is_null(const yaml_event_t *e) {
    if (e->type != YAML_SCALAR_EVENT || e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return false;
    }
    const char *v = (const char *)e->data.scalar.value;
    return e->data.scalar.length == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static const char *describe(const yaml_event_t *e) {
    switch (e->type) {
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    case YAML_SEQUENCE_START_EVENT:
        return "a list";
    case YAML_SCALAR_EVENT:
        return is_null(e) ? "nothing (null)" : "a string";
    default:
        return "the end of the mapping";
    }
}

/* Skips the value at hand, however deep (within the depth limit). */
static int skip_value(reader *R) {
    if (R->event.type != YAML_MAPPING_START_EVENT && R->event.type != YAML_SEQUENCE_START_EVENT) {
        return SG_OK;
    }
    int level = R->depth - 1;
    while (R->depth > level) {
        int rc = next(R);
        if (rc != SG_OK) {
            return rc;
        }
    }
    return SG_OK;
}

/* The value at hand as a string; a type error when it is anything else. */
static int read_string(reader *R, const char *what, char **out, sgp_mark *mark) {
    *out = NULL;
    *mark = mark_of(&R->event);
    if (R->event.type != YAML_SCALAR_EVENT || is_null(&R->event)) {
        return fail_at(R, *mark, SG_EINVALID, "expected %s, found %s", what, describe(&R->event));
    }
    *out = sgp_strndup((const char *)R->event.data.scalar.value, R->event.data.scalar.length);
    return *out ? SG_OK : sgp_error_nomem(R->err);
}

/* Appends the names of a list as "a, b, c" to buf. */
static void list_names(char *buf, size_t size, const char *const *names) {
    size_t used = strlen(buf);
    for (size_t i = 0; names[i] && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
        if (n < 0) {
            break;
        }
        used += (size_t)n;
    }
}

/* " (did you mean X?)" or "". */
static void did_you_mean(char *buf, size_t size, const char *word, const char *const *names) {
    const char *s = sgp_suggest(word, names);
    if (s) {
        snprintf(buf, size, " (did you mean %s?)", s);
    } else {
        buf[0] = '\0';
    }
}

typedef int (*value_fn)(reader *R, const char *key, sgp_mark key_mark, void *ctx);

typedef struct seen_key {
    char *key;
    sgp_mark mark;
} seen_key;

/*
 * Reads the mapping whose start is the event at hand: for each key, fn reads the value (the
 * event at hand when it is called). keys lists the keys allowed (NULL: any); unknown keys are
 * errors with a suggestion, except "x-" keys, which are skipped.
 */
static int read_mapping(reader *R, const char *const *keys, value_fn fn, void *ctx) {
    seen_key *seen = NULL;
    size_t count = 0, cap = 0;
    int rc = SG_OK;
    for (;;) {
        if ((rc = next(R)) != SG_OK) {
            break;
        }
        if (R->event.type == YAML_MAPPING_END_EVENT) {
            break;
        }
        sgp_mark key_mark = mark_of(&R->event);
        if (R->event.type != YAML_SCALAR_EVENT) {
            rc = fail_at(R, key_mark, SG_EINVALID, "a key must be a string, found %s",
                         describe(&R->event));
            break;
        }
        const char *key = (const char *)R->event.data.scalar.value;
        for (size_t i = 0; i < count; i++) {
            if (strcmp(seen[i].key, key) == 0) {
                rc = fail_at(R, key_mark, SG_EINVALID,
                             "duplicate key \"%s\" (first at line %d, column %d)", key,
                             seen[i].mark.line, seen[i].mark.column);
                break;
            }
        }
        if (rc != SG_OK) {
            break;
        }
        char *copy = sgp_strdup(key);
        if (!copy || !sgp_reserve((void **)&seen, &cap, count + 1, sizeof *seen)) {
            free(copy);
            rc = sgp_error_nomem(R->err);
            break;
        }
        seen[count].key = copy;
        seen[count].mark = key_mark;
        count++;
        /* "x-" keys are for other tools at every level, also among the subjects. */
        bool known = keys == NULL && strncmp(copy, "x-", 2) != 0;
        for (size_t i = 0; !known && keys && keys[i]; i++) {
            known = strcmp(keys[i], copy) == 0;
        }
        size_t saved = strlen(R->path);
        if (!known && strncmp(copy, "x-", 2) != 0) {
            char hint[96], names[256] = "";
            did_you_mean(hint, sizeof hint, copy, keys);
            list_names(names, sizeof names, keys);
            rc = fail_at(R, key_mark, SG_EINVALID, "unknown key \"%s\"%s; the keys here are %s",
                         copy, hint, names);
            break;
        }
        sgp_json_pointer_push(R->path, sizeof R->path, copy);
        if ((rc = next(R)) != SG_OK) {
            break;
        }
        rc = known ? fn(R, copy, key_mark, ctx) : skip_value(R);
        R->path[saved] = '\0';
        if (rc != SG_OK) {
            break;
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(seen[i].key);
    }
    free(seen);
    return rc;
}

/* format, mode and rules: shared by `defaults` and each subject. */
static int read_setting(reader *R, const char *key, sg_subject *s) {
    char *text = NULL;
    sgp_mark m;
    int rc;
    char hint[96], names[320];
    if (strcmp(key, "format") == 0) {
        if ((rc = read_string(R, "a format name (avro, cfn, ...)", &text, &m)) != SG_OK) {
            return rc;
        }
        sg_format f;
        if (sg_format_from_name(&f, text) != SG_OK || f == SG_FORMAT_AUTO) {
            did_you_mean(hint, sizeof hint, text, format_names);
            names[0] = '\0';
            list_names(names, sizeof names, format_names);
            rc = fail_at(R, m, SG_EINVALID, "unknown format \"%s\"%s; the formats are %s", text,
                         hint, names);
        } else {
            s->format = f;
            s->has_format = true;
            s->format_mark = m;
        }
    } else if (strcmp(key, "mode") == 0) {
        if ((rc = read_string(R, "a compatibility mode (BACKWARD, FULL, ...)", &text, &m)) !=
            SG_OK) {
            return rc;
        }
        sg_compat_mode mode;
        if (sg_compat_mode_from_name(&mode, text) != SG_OK) {
            did_you_mean(hint, sizeof hint, text, mode_names);
            names[0] = '\0';
            list_names(names, sizeof names, mode_names);
            rc = fail_at(R, m, SG_EINVALID, "unknown compatibility mode \"%s\"%s; the modes are %s",
                         text, hint, names);
        } else {
            s->mode = mode;
            s->has_mode = true;
            s->mode_mark = m;
        }
    } else { /* rules */
        if ((rc = read_string(R, "a rule set name (avro, athena-parquet, ...)", &text, &m)) !=
            SG_OK) {
            return rc;
        }
        sg_rules rules;
        if (sg_rules_from_name(&rules, text) != SG_OK) {
            did_you_mean(hint, sizeof hint, text, rules_names);
            names[0] = '\0';
            list_names(names, sizeof names, rules_names);
            rc = fail_at(R, m, SG_EINVALID, "unknown rule set \"%s\"%s; the rule sets are %s", text,
                         hint, names);
        } else {
            s->rules = rules;
            s->has_rules = true;
        }
    }
    free(text);
    return rc;
}

bool sgp_registry_path_ok(const char *path, const char **why) {
    if (!path[0]) {
        *why = "an empty path";
        return false;
    }
    if (path[0] == '/') {
        *why = "an absolute path; paths are relative to the config's folder";
        return false;
    }
    const char *part = path;
    for (;;) {
        const char *slash = strchr(part, '/');
        size_t n = slash ? (size_t)(slash - part) : strlen(part);
        if (n == 0 && slash) {
            *why = "an empty part (//) in the path";
            return false;
        }
        if (n == 2 && strncmp(part, "..", 2) == 0) {
            *why = "a path that leaves the registry's folder (..)";
            return false;
        }
        if (n == 1 && part[0] == '.') {
            *why = "a path with a '.' part; write it without";
            return false;
        }
        if (n == 0) {
            *why = "a path that ends in '/'";
            return false;
        }
        if (!slash) {
            return true;
        }
        part = slash + 1;
    }
}

static int add_version(sg_subject *s, char *path, int number, sgp_mark mark) {
    if (!sgp_reserve((void **)&s->versions, &s->version_cap, s->version_count + 1,
                     sizeof *s->versions)) {
        free(path);
        return SG_ENOMEM;
    }
    sgp_version *v = &s->versions[s->version_count++];
    v->path = path;
    v->number = number;
    v->mark = mark;
    return SG_OK;
}

static int read_versions(reader *R, sg_subject *s) {
    s->lists_versions = true;
    s->versions_mark = mark_of(&R->event);
    if (is_null(&R->event)) {
        return SG_OK; /* `versions:` with nothing: none yet */
    }
    if (R->event.type != YAML_SEQUENCE_START_EVENT) {
        return fail_at(R, mark_of(&R->event), SG_EINVALID,
                       "expected a list of version files, found %s", describe(&R->event));
    }
    size_t saved = strlen(R->path);
    for (size_t i = 0;; i++) {
        int rc = next(R);
        if (rc != SG_OK) {
            return rc;
        }
        if (R->event.type == YAML_SEQUENCE_END_EVENT) {
            return SG_OK;
        }
        sgp_json_pointer_push_index(R->path, sizeof R->path, i);
        char *path;
        sgp_mark m;
        if ((rc = read_string(R, "the path of a version file", &path, &m)) != SG_OK) {
            return rc;
        }
        const char *why;
        if (!sgp_registry_path_ok(path, &why)) {
            rc = fail_at(R, m, SG_EINVALID, "version file \"%s\": %s", path, why);
            free(path);
            return rc;
        }
        for (size_t j = 0; j < s->version_count; j++) {
            if (strcmp(s->versions[j].path, path) == 0) {
                rc = fail_at(R, m, SG_EINVALID, "\"%s\" is listed twice (first as version %d)",
                             path, s->versions[j].number);
                free(path);
                return rc;
            }
        }
        if (s->version_count >= SG_MAX_VERSIONS) {
            free(path);
            return fail_at(R, m, SG_ELIMIT, "more than %d versions", SG_MAX_VERSIONS);
        }
        if (add_version(s, path, (int)i + 1, m) != SG_OK) {
            return sgp_error_nomem(R->err);
        }
        R->path[saved] = '\0';
    }
}

static int subject_value(reader *R, const char *key, sgp_mark key_mark, void *ctx) {
    (void)key_mark;
    sg_subject *s = ctx;
    if (strcmp(key, "versions") == 0) {
        return read_versions(R, s);
    }
    return read_setting(R, key, s);
}

static int defaults_value(reader *R, const char *key, sgp_mark key_mark, void *ctx) {
    (void)key_mark;
    return read_setting(R, key, ctx);
}

static void subject_free(sg_subject *s) {
    if (!s) {
        return;
    }
    free(s->name);
    for (size_t i = 0; i < s->version_count; i++) {
        free(s->versions[i].path);
    }
    free(s->versions);
    for (size_t i = 0; i < s->problem_count; i++) {
        free(s->problems[i].path);
        free(s->problems[i].message);
    }
    free(s->problems);
    free(s);
}

static bool subject_name_ok(const char *name) {
    size_t n = strlen(name);
    if (n == 0 || n > 128 || name[0] == '.' || name[0] == '-') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.')) {
            return false;
        }
    }
    return true;
}

static int subjects_value(reader *R, const char *key, sgp_mark key_mark, void *ctx) {
    (void)ctx;
    sg_registry *reg = R->registry;
    if (!subject_name_ok(key)) {
        return fail_at(R, key_mark, SG_EINVALID,
                       "subject name \"%s\" cannot be a folder name: use letters, digits, '_', "
                       "'-' and '.' (not first), at most 128",
                       key);
    }
    if (reg->subject_count >= SG_MAX_SUBJECTS) {
        return fail_at(R, key_mark, SG_ELIMIT, "more than %d subjects", SG_MAX_SUBJECTS);
    }
    sg_subject *s = calloc(1, sizeof *s);
    if (!s || !(s->name = sgp_strdup(key)) ||
        !sgp_reserve((void **)&reg->subjects, &reg->subject_cap, reg->subject_count + 1,
                     sizeof *reg->subjects)) {
        subject_free(s);
        return sgp_error_nomem(R->err);
    }
    s->mark = key_mark;
    s->source = reg->source;
    reg->subjects[reg->subject_count++] = s;
    if (is_null(&R->event)) {
        return SG_OK; /* `orders:` with nothing: every setting from `defaults` */
    }
    if (R->event.type != YAML_MAPPING_START_EVENT) {
        return fail_at(R, mark_of(&R->event), SG_EINVALID,
                       "expected the subject's settings (a mapping of format, mode, rules, "
                       "versions), found %s",
                       describe(&R->event));
    }
    return read_mapping(R, subject_keys, subject_value, s);
}

static int top_value(reader *R, const char *key, sgp_mark key_mark, void *ctx) {
    sg_registry *reg = R->registry;
    bool *has_subjects = ctx;
    if (strcmp(key, "root") == 0) {
        char *root;
        sgp_mark m;
        int rc = read_string(R, "a folder path", &root, &m);
        if (rc != SG_OK) {
            return rc;
        }
        size_t n = strlen(root);
        while (n > 1 && root[n - 1] == '/') {
            root[--n] = '\0';
        }
        const char *why;
        if (strcmp(root, ".") != 0 && !sgp_registry_path_ok(root, &why)) {
            rc = fail_at(R, m, SG_EINVALID, "root \"%s\": %s", root, why);
            free(root);
            return rc;
        }
        free(reg->root);
        reg->root = root;
        reg->root_mark = m;
        return SG_OK;
    }
    bool subjects = strcmp(key, "subjects") == 0;
    if (subjects) {
        *has_subjects = true;
        reg->subjects_mark = key_mark;
    }
    if (is_null(&R->event)) {
        return SG_OK; /* an empty mapping */
    }
    if (R->event.type != YAML_MAPPING_START_EVENT) {
        return fail_at(R, mark_of(&R->event), SG_EINVALID, "expected %s, found %s",
                       subjects ? "a mapping of subject names to their settings"
                                : "a mapping of format, mode and rules",
                       describe(&R->event));
    }
    return subjects ? read_mapping(R, NULL, subjects_value, NULL)
                    : read_mapping(R, default_keys, defaults_value, &R->defaults);
}

/* Fills in what each subject leaves to `defaults` (which may come after the subjects). */
static int apply_defaults(reader *R) {
    sg_registry *reg = R->registry;
    for (size_t i = 0; i < reg->subject_count; i++) {
        sg_subject *s = reg->subjects[i];
        if (!s->has_format) {
            if (!R->defaults.has_format) {
                snprintf(R->path, sizeof R->path, "/subjects");
                sgp_json_pointer_push(R->path, sizeof R->path, s->name);
                return fail_at(R, s->mark, SG_EINVALID,
                               "subject \"%s\" has no format: set `format` here or under "
                               "`defaults`",
                               s->name);
            }
            s->format = R->defaults.format;
            s->has_format = true;
            s->format_mark = R->defaults.format_mark;
        }
        if (!s->has_mode) {
            s->mode = R->defaults.has_mode ? R->defaults.mode : SG_COMPAT_BACKWARD;
            s->mode_mark = R->defaults.has_mode ? R->defaults.mode_mark : s->mark;
        }
        if (!s->has_rules && R->defaults.has_rules) {
            s->rules = R->defaults.rules;
            s->has_rules = true;
        }
    }
    return SG_OK;
}

static int read_document(reader *R) {
    int rc;
    if ((rc = next(R)) != SG_OK) { /* stream start */
        return rc;
    }
    if ((rc = next(R)) != SG_OK) {
        return rc;
    }
    if (R->event.type == YAML_STREAM_END_EVENT) {
        return fail_at(R, mark_of(&R->event), SG_EINVALID,
                       "the config is empty: it needs a `subjects` mapping");
    }
    if ((rc = next(R)) != SG_OK) { /* the document's root node */
        return rc;
    }
    sgp_mark top = mark_of(&R->event);
    if (R->event.type != YAML_MAPPING_START_EVENT) {
        return fail_at(R, top, SG_EINVALID,
                       "expected a mapping with `subjects` (and optionally `root`, `defaults`), "
                       "found %s",
                       describe(&R->event));
    }
    bool has_subjects = false;
    if ((rc = read_mapping(R, top_keys, top_value, &has_subjects)) != SG_OK) {
        return rc;
    }
    if (!has_subjects) {
        return fail_at(R, top, SG_EINVALID,
                       "no `subjects` key: the config names its subjects under `subjects:`");
    }
    if ((rc = next(R)) != SG_OK) { /* document end */
        return rc;
    }
    if ((rc = next(R)) != SG_OK) { /* stream end, or a second document (refused by next) */
        return rc;
    }
    return apply_defaults(R);
}

void sg_registry_free(sg_registry *registry) {
    if (!registry) {
        return;
    }
    for (size_t i = 0; i < registry->subject_count; i++) {
        subject_free(registry->subjects[i]);
    }
    free(registry->subjects);
    for (size_t i = 0; i < registry->problem_count; i++) {
        free(registry->problems[i].path);
        free(registry->problems[i].message);
    }
    free(registry->problems);
    free(registry->source);
    free(registry->dir);
    free(registry->root);
    free(registry);
}

int sgp_registry_parse(sg_registry **out, const char *text, size_t length, const char *source,
                       const char *dir, sg_error *err) {
    *out = NULL;
    const char *name = source ? source : "<string>";
    if (!text && length) {
        return sgp_error(err, SG_EUSAGE, name, NULL, 0, 0, "no text given");
    }
    if (length > SG_REGISTRY_MAX_CONFIG_BYTES) {
        /* Located where the limit falls, like every other refusal. */
        int line = 1, column = 1;
        for (size_t i = 0; i < SG_REGISTRY_MAX_CONFIG_BYTES; i++) {
            if (text[i] == '\n') {
                line++;
                column = 1;
            } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return sgp_error(err, SG_ELIMIT, name, NULL, line, column,
                         "the config is larger than the limit of %u bytes, which falls here",
                         SG_REGISTRY_MAX_CONFIG_BYTES);
    }
    sg_registry *reg = calloc(1, sizeof *reg);
    if (!reg || !(reg->source = sgp_strdup(name)) || !(reg->dir = sgp_strdup(dir ? dir : ".")) ||
        !(reg->root = sgp_strdup(SG_REGISTRY_DEFAULT_ROOT))) {
        sg_registry_free(reg);
        return sgp_error_nomem(err);
    }
    reader R;
    memset(&R, 0, sizeof R);
    R.source = reg->source;
    R.err = err;
    R.registry = reg;
    if (!yaml_parser_initialize(&R.parser)) {
        sg_registry_free(reg);
        return sgp_error_nomem(err);
    }
    yaml_parser_set_input_string(&R.parser, (const unsigned char *)(text ? text : ""), length);
    int rc = read_document(&R);
    if (R.has_event) {
        yaml_event_delete(&R.event);
    }
    yaml_parser_delete(&R.parser);
    if (rc != SG_OK) {
        sg_registry_free(reg);
        return rc;
    }
    *out = reg;
    return SG_OK;
}

int sg_registry_parse(sg_registry **out, const char *text, size_t length, const char *source,
                      sg_error *err) {
    if (!out) {
        return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "no output given");
    }
    return sgp_registry_parse(out, text, length, source, ".", err);
}

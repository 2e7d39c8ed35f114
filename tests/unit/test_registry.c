/* tests/unit/test_registry.c: the registry config reader (every error located, suggestions;
 * the data-driven cases in tests/cases/registry/{valid,invalid}), version resolution, the JSON
 * position scanner, the report writers, and check/add on temporary registries. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <schemagate/schemagate.h>

#include "registry/internal.h"
#include "sources/yaml_json.h"
#include "util/json_positions.h"
#include "util/suggest.h"

/* Helpers ------------------------------------------------------------------------------------ */

static char *read_all(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    char chunk[4096];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got + 1 > cap) {
            cap = (n + got + 1) * 2;
            data = realloc(data, cap);
        }
        memcpy(data + n, chunk, got);
        n += got;
    }
    fclose(f);
    if (!data) {
        data = calloc(1, 1);
    }
    data[n] = '\0';
    if (length) {
        *length = n;
    }
    return data;
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static void make_dir(const char *path) {
    char cmd[2100];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
    ck_assert_int_eq(system(cmd), 0);
}

static char *temp_dir(void) {
    char templ[] = "/tmp/sg-registry-test-XXXXXX";
    char *dir = mkdtemp(templ);
    ck_assert_ptr_nonnull(dir);
    return strdup(dir);
}

static void remove_dir(char *dir) {
    char cmd[2100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(dir);
}

static void put(const char *dir, const char *rel, const char *text) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    make_dir(path);
    *slash = '/';
    write_file(path, text);
}

static bool exists(const char *dir, const char *rel) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    struct stat st;
    return stat(path, &st) == 0;
}

static size_t entries_in(const char *dir) {
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    if (d) {
        closedir(d);
    }
    return n;
}

static char *format_error(const sg_error *err) {
    char text[2048];
    sg_error_format(err, text, sizeof text);
    return strdup(text);
}

static sg_registry *parse_ok(const char *text) {
    sg_registry *reg = NULL;
    sg_error err;
    int rc = sg_registry_parse(&reg, text, strlen(text), "schemagate.yaml", &err);
    if (rc != SG_OK) {
        char *msg = format_error(&err);
        ck_abort_msg("parse failed: %s", msg);
    }
    return reg;
}

static char *parse_error(const char *text, int *code) {
    sg_registry *reg = NULL;
    sg_error err;
    *code = sg_registry_parse(&reg, text, strlen(text), "schemagate.yaml", &err);
    ck_assert_int_ne(*code, SG_OK);
    ck_assert_ptr_null(reg);
    ck_assert_int_eq(err.code, *code);
    return format_error(&err);
}

/* Data-driven config cases -------------------------------------------------------------------- */

#define MAX_CASES 256
static char *case_names[2][MAX_CASES];
static size_t case_count[2];
static const char *const kinds[2] = {"invalid", "valid"};

static int by_string(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_cases(void) {
    const char *root = getenv("SG_CASES_DIR");
    for (int k = 0; k < 2; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/registry/%s", root ? root : "tests/cases", kinds[k]);
        DIR *d = opendir(path);
        for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
            if (e->d_name[0] != '.' && case_count[k] < MAX_CASES) {
                case_names[k][case_count[k]++] = strdup(e->d_name);
            }
        }
        if (d) {
            closedir(d);
        }
        qsort(case_names[k], case_count[k], sizeof(char *), by_string);
    }
}

static void case_path(char *buf, size_t size, int kind, int i, const char *file) {
    const char *root = getenv("SG_CASES_DIR");
    snprintf(buf, size, "%s/registry/%s/%s/%s", root ? root : "tests/cases", kinds[kind],
             case_names[kind][i], file);
}

/* Compares actual with the case's expected file (or writes it with SG_UPDATE_EXPECTED=1). */
static void expect_file(int kind, int i, const char *file, const char *actual) {
    char path[1024];
    case_path(path, sizeof path, kind, i, file);
    if (getenv("SG_UPDATE_EXPECTED") && strcmp(getenv("SG_UPDATE_EXPECTED"), "1") == 0) {
        write_file(path, actual);
    }
    char *want = read_all(path, NULL);
    ck_assert_msg(want != NULL, "%s: no %s", case_names[kind][i], file);
    ck_assert_msg(strcmp(want, actual) == 0, "%s:\nexpected: %s\nactual:   %s", case_names[kind][i],
                  want, actual);
    free(want);
}

START_TEST(invalid_config_case) {
    ck_assert_int_gt(case_count[0], 0);
    char path[1024];
    case_path(path, sizeof path, 0, _i, "schemagate.yaml");
    size_t length;
    char *text = read_all(path, &length);
    ck_assert_ptr_nonnull(text);
    sg_registry *reg = NULL;
    sg_error err;
    int rc = sg_registry_parse(&reg, text, length, "schemagate.yaml", &err);
    ck_assert_msg(rc != SG_OK, "%s: parsed, but must fail", case_names[0][_i]);
    ck_assert_ptr_null(reg);
    char *msg = format_error(&err);
    /* Every error is located: file:line:column, except for an empty file. */
    ck_assert_msg(err.line > 0 || length < 20, "%s: no line in %s", case_names[0][_i], msg);
    sgp_buf line = SGP_BUF_INIT;
    sgp_buf_printf(&line, "%s\n", msg);
    expect_file(0, _i, "expected-error.txt", line.data);
    sgp_buf_free(&line);
    free(msg);
    free(text);
}
END_TEST

static void mark_text(sgp_buf *buf, sgp_mark m) {
    if (m.line) {
        sgp_buf_printf(buf, " (line %d, column %d)", m.line, m.column);
    }
}

/* A readable dump of what the reader made of a config. */
static char *dump(const sg_registry *reg) {
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_printf(&buf, "root: %s", sg_registry_root(reg));
    mark_text(&buf, reg->root_mark);
    sgp_buf_printf(&buf, "\nsubjects: %zu", sg_registry_subject_count(reg));
    mark_text(&buf, reg->subjects_mark);
    sgp_buf_puts(&buf, "\n");
    for (size_t i = 0; i < sg_registry_subject_count(reg); i++) {
        const sg_subject *s = sg_registry_subject(reg, i);
        sgp_buf_printf(&buf, "subject %s", sg_subject_name(s));
        mark_text(&buf, s->mark);
        sgp_buf_printf(&buf, "\n  format %s", sg_format_name(sg_subject_format(s)));
        mark_text(&buf, s->format_mark);
        sgp_buf_printf(&buf, "\n  mode %s", sg_compat_mode_name(sg_subject_mode(s)));
        mark_text(&buf, s->mode_mark);
        sg_rules rules;
        if (sg_subject_rules(s, &rules)) {
            sgp_buf_printf(&buf, "\n  rules %s", sg_rules_name(rules));
        } else {
            sgp_buf_puts(&buf, "\n  rules from the latest version");
        }
        if (!sg_subject_lists_versions(s)) {
            sgp_buf_printf(&buf, "\n  versions from the folder %s/%s\n", sg_registry_root(reg),
                           sg_subject_name(s));
            continue;
        }
        sgp_buf_printf(&buf, "\n  versions listed: %zu", sg_subject_version_count(s));
        for (size_t v = 0; v < sg_subject_version_count(s); v++) {
            sgp_buf_printf(&buf, "\n    v%d %s", sg_subject_version_number(s, v),
                           sg_subject_version_path(s, v));
            mark_text(&buf, s->versions[v].mark);
        }
        sgp_buf_puts(&buf, "\n");
    }
    return sgp_buf_take(&buf);
}

START_TEST(valid_config_case) {
    ck_assert_int_gt(case_count[1], 0);
    char path[1024];
    case_path(path, sizeof path, 1, _i, "schemagate.yaml");
    size_t length;
    char *text = read_all(path, &length);
    ck_assert_ptr_nonnull(text);
    sg_registry *reg = NULL;
    sg_error err;
    int rc = sg_registry_parse(&reg, text, length, "schemagate.yaml", &err);
    if (rc != SG_OK) {
        char *msg = format_error(&err);
        ck_abort_msg("%s: %s", case_names[1][_i], msg);
    }
    char *actual = dump(reg);
    expect_file(1, _i, "expected.txt", actual);
    free(actual);
    sg_registry_free(reg);
    free(text);
}
END_TEST

/* Every truncation and byte mutation of every case parses or fails cleanly with a message (in
 * the sanitizer build any over-read or leak fails the test). */
START_TEST(config_truncations_and_mutations) {
    static const char replacements[] = {'\0', '\n', ':',  '-', '[', '{',  '&',    '*',
                                        '!',  '"',  '\'', '#', ' ', '\t', '\xff', 'x'};
    size_t runs = 0;
    for (int kind = 0; kind < 2; kind++) {
        for (size_t i = 0; i < case_count[kind]; i++) {
            char path[1024];
            case_path(path, sizeof path, kind, (int)i, "schemagate.yaml");
            size_t length;
            char *text = read_all(path, &length);
            ck_assert_ptr_nonnull(text);
            char *copy = malloc(length + 1);
            for (size_t cut = 0; cut <= length; cut++) {
                for (size_t r = 0; r <= sizeof replacements; r++) {
                    memcpy(copy, text, length);
                    size_t n = cut;
                    if (r < sizeof replacements) {
                        if (cut == length) {
                            break;
                        }
                        copy[cut] = replacements[r];
                        n = length;
                    }
                    sg_registry *reg = NULL;
                    sg_error err;
                    int rc = sg_registry_parse(&reg, copy, n, "m.yaml", &err);
                    if (rc == SG_OK) {
                        ck_assert_ptr_nonnull(reg);
                        sg_registry_free(reg);
                    } else {
                        ck_assert_ptr_null(reg);
                        ck_assert_int_eq(err.code, rc);
                        ck_assert(err.message[0] != '\0');
                        ck_assert_int_ge(err.line, 1);
                    }
                    runs++;
                }
            }
            free(copy);
            free(text);
        }
    }
    ck_assert_uint_gt(runs, 10000);
}
END_TEST

/* The config reader beyond the cases ------------------------------------------------------ */

START_TEST(config_defaults_and_accessors) {
    sg_registry *reg = parse_ok("defaults: {format: avro, mode: FULL, rules: athena-csv}\n"
                                "subjects:\n"
                                "  orders: {}\n"
                                "  customers: {mode: NONE, rules: avro}\n");
    ck_assert_str_eq(sg_registry_root(reg), "schemas");
    ck_assert_str_eq(sg_registry_dir(reg), ".");
    ck_assert_str_eq(sg_registry_source(reg), "schemagate.yaml");
    ck_assert_uint_eq(sg_registry_subject_count(reg), 2);
    const sg_subject *orders = sg_registry_find_subject(reg, "orders");
    ck_assert_ptr_eq(orders, sg_registry_subject(reg, 0));
    ck_assert_int_eq(sg_subject_format(orders), SG_FORMAT_AVRO);
    ck_assert_int_eq(sg_subject_mode(orders), SG_COMPAT_FULL);
    sg_rules rules;
    ck_assert(sg_subject_rules(orders, &rules));
    ck_assert_int_eq(rules, SG_RULES_ATHENA_CSV);
    ck_assert(!sg_subject_lists_versions(orders));
    ck_assert_uint_eq(sg_subject_version_count(orders), 0);
    sg_location loc = sg_subject_location(orders);
    ck_assert_int_eq(loc.line, 3);
    ck_assert_int_eq(loc.column, 3);
    ck_assert_str_eq(loc.source, "schemagate.yaml");
    const sg_subject *customers = sg_registry_find_subject(reg, "customers");
    ck_assert_int_eq(sg_subject_mode(customers), SG_COMPAT_NONE);
    ck_assert(sg_subject_rules(customers, &rules));
    ck_assert_int_eq(rules, SG_RULES_AVRO);
    ck_assert_ptr_null(sg_registry_find_subject(reg, "order"));
    ck_assert_str_eq(sg_registry_suggest_subject(reg, "order"), "orders");
    ck_assert_str_eq(sg_registry_suggest_subject(reg, "cutsomers"), "customers");
    ck_assert_ptr_null(sg_registry_suggest_subject(reg, "invoices"));
    sg_registry_free(reg);
    /* No defaults: BACKWARD, rules from the schema, mode located at the subject. */
    reg = parse_ok("subjects:\n  orders:\n    format: spark\n");
    orders = sg_registry_subject(reg, 0);
    ck_assert_int_eq(sg_subject_mode(orders), SG_COMPAT_BACKWARD);
    ck_assert(!sg_subject_rules(orders, NULL));
    ck_assert_int_eq(orders->mode_mark.line, 2);
    sg_registry_free(reg);
}
END_TEST

START_TEST(config_errors_are_located) {
    int code;
    char *msg = parse_error("subjects:\n  orders:\n    format: avro\n    mdoe: FULL\n", &code);
    ck_assert_int_eq(code, SG_EINVALID);
    ck_assert_str_eq(msg, "schemagate.yaml:4:5: /subjects/orders: unknown key \"mdoe\" (did you "
                          "mean mode?); the keys here are format, mode, rules, versions");
    free(msg);
    msg = parse_error("subjects:\n  orders:\n    format: avro\n    mode: &m FULL\n", &code);
    ck_assert_int_eq(code, SG_EUNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(msg, "schemagate.yaml:4:11: "));
    free(msg);
    msg = parse_error("subjects:\n  orders:\n    format: 'avro'\n    format: spark\n", &code);
    ck_assert_str_eq(msg, "schemagate.yaml:4:5: /subjects/orders: duplicate key \"format\" (first "
                          "at line 3, column 5)");
    free(msg);
}
END_TEST

START_TEST(config_size_limit) {
    size_t n = SG_REGISTRY_MAX_CONFIG_BYTES + 1;
    char *text = malloc(n + 1);
    memset(text, '#', n);
    text[n] = '\0';
    sg_registry *reg = NULL;
    sg_error err;
    ck_assert_int_eq(sg_registry_parse(&reg, text, n, "big.yaml", &err), SG_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.message, "larger than the limit of 1048576 bytes"));
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.column, (int)SG_REGISTRY_MAX_CONFIG_BYTES + 1);
    free(text);
    /* From a file: the same limit, without reading the rest. */
    char *dir = temp_dir();
    char path[1024];
    snprintf(path, sizeof path, "%s/schemagate.yaml", dir);
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; i < n; i += 64) {
        fputs("# filler filler filler filler filler filler filler filler filler\n", f);
    }
    fclose(f);
    ck_assert_int_eq(sg_registry_open(&reg, path, &err), SG_ELIMIT);
    ck_assert_str_eq(err.source, path);
    /* 65-byte lines: the limit falls on line 16132, column 62. */
    ck_assert_int_eq(err.line, (int)(SG_REGISTRY_MAX_CONFIG_BYTES / 65) + 1);
    ck_assert_int_eq(err.column, (int)(SG_REGISTRY_MAX_CONFIG_BYTES % 65) + 1);
    remove_dir(dir);
}
END_TEST

START_TEST(config_paths_checked) {
    const char *why;
    ck_assert(sgp_registry_path_ok("schemas/orders/v1.avsc", &why));
    ck_assert(sgp_registry_path_ok("a", &why));
    ck_assert(!sgp_registry_path_ok("", &why));
    ck_assert(!sgp_registry_path_ok("/abs", &why));
    ck_assert(!sgp_registry_path_ok("a/../b", &why));
    ck_assert(!sgp_registry_path_ok("..", &why));
    ck_assert(!sgp_registry_path_ok("a//b", &why));
    ck_assert(!sgp_registry_path_ok("a/./b", &why));
    ck_assert(!sgp_registry_path_ok("a/", &why));
    ck_assert(sgp_registry_path_ok("..a/b..", &why));
}
END_TEST

/* Suggestions ---------------------------------------------------------------------------------- */

START_TEST(suggest_edit_distance) {
    ck_assert_uint_eq(sgp_edit_distance("format", "format", 9), 0);
    ck_assert_uint_eq(sgp_edit_distance("fromat", "format", 9), 1); /* a swap */
    ck_assert_uint_eq(sgp_edit_distance("subject", "subjects", 9), 1);
    ck_assert_uint_eq(sgp_edit_distance("FORMAT", "format", 9), 0);
    ck_assert_uint_eq(sgp_edit_distance("abc", "xyz", 9), 3);
    ck_assert_uint_eq(sgp_edit_distance("", "abc", 9), 3);
    ck_assert_uint_eq(sgp_edit_distance("kitten", "sitting", 2), 2); /* capped */
    static const char *const keys[] = {"format", "mode", "rules", "versions", NULL};
    ck_assert_str_eq(sgp_suggest("fromat", keys), "format");
    ck_assert_str_eq(sgp_suggest("mdoe", keys), "mode");
    ck_assert_str_eq(sgp_suggest("version", keys), "versions");
    ck_assert_str_eq(sgp_suggest("Rules", keys), "rules");
    ck_assert_ptr_null(sgp_suggest("owner", keys));
    ck_assert_ptr_null(sgp_suggest("x", keys));
    ck_assert_ptr_null(sgp_suggest("", keys));
    static const char *const tie[] = {"cat", "car", NULL};
    ck_assert_ptr_null(sgp_suggest("cap", tie)); /* two equally near: no guess */
    static const char *const modes[] = {"FULL", "FULL_TRANSITIVE", "BACKWARD_TRANSITIVE", NULL};
    ck_assert_str_eq(sgp_suggest("FULL_TRANSITVE", modes), "FULL_TRANSITIVE");
    ck_assert_str_eq(sgp_suggest("ful", modes), "FULL");
}
END_TEST

/* JSON positions ------------------------------------------------------------------------------- */

START_TEST(json_positions_by_pointer) {
    const char *text = "{\n"
                       "  \"a\": 1,\n"
                       "  \"b/c\": {\"d~e\": [10, {\"\\u00e9\": \"x\", \"f\": true}]},\n"
                       "  \"\u00e9t\u00e9\": [ null , -1.5e3, \"s\\\"\" ],\n"
                       "  \"a\": 2\n"
                       "}\n";
    sgp_json_positions *p = NULL;
    ck_assert_int_eq(sgp_json_positions_scan(&p, text, strlen(text), NULL, NULL), SG_OK);
    int line, column;
    ck_assert(sgp_json_position(p, "/", &line, &column));
    ck_assert_int_eq(line, 1);
    ck_assert_int_eq(column, 1);
    ck_assert(sgp_json_position(p, "", &line, &column));
    ck_assert_int_eq(line, 1);
    ck_assert(sgp_json_position(p, "/a", &line, &column)); /* the first "a" wins */
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(column, 8);
    ck_assert(sgp_json_position(p, "/b~1c", &line, &column));
    ck_assert_int_eq(line, 3);
    ck_assert_int_eq(column, 10);
    ck_assert(sgp_json_position(p, "/b~1c/d~0e/0", &line, &column));
    ck_assert_int_eq(column, 19);
    ck_assert(sgp_json_position(p, "/b~1c/d~0e/1/\xc3\xa9", &line, &column));
    ck_assert_int_eq(column, 34);
    ck_assert(sgp_json_position(p, "/b~1c/d~0e/1/f", &line, &column));
    ck_assert_int_eq(column, 44);
    /* Columns count characters: "été" is 3 columns, not 5 bytes. */
    ck_assert(sgp_json_position(p, "/\xc3\xa9t\xc3\xa9/1", &line, &column));
    ck_assert_int_eq(line, 4);
    ck_assert_int_eq(column, 19);
    ck_assert(sgp_json_position(p, "/\xc3\xa9t\xc3\xa9/2", &line, &column));
    ck_assert_int_eq(column, 27);
    ck_assert(!sgp_json_position(p, "/nope", &line, &column));
    ck_assert(!sgp_json_position(p, "/b~1c/d~0e/2", &line, &column));
    ck_assert(!sgp_json_position(NULL, "/a", &line, &column));
    ck_assert_uint_eq(sgp_json_positions_count(p), 13);
    sgp_json_positions_free(p);
}
END_TEST

START_TEST(json_positions_refuse_bad_json) {
    static const char *const bad[] = {
        "",        "{",           "{\"a\" 1}",
        "[1,]",    "{\"a\":1,}",  "tru",
        "01",      "1.",          "-",
        "\"\\x\"", "\"\\ud800\"", "\"a\nb\"",
        "[1] 2",   "{1:2}",       "{\"\\u0000\": 0}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sgp_json_positions *p = (sgp_json_positions *)1;
        int line = 0, column = 0;
        ck_assert_msg(sgp_json_positions_scan(&p, bad[i], strlen(bad[i]), &line, &column) ==
                          SG_EPARSE,
                      "accepted %s", bad[i]);
        ck_assert_ptr_null(p);
        ck_assert_int_ge(line, 1);
    }
    int line, column;
    sgp_json_positions *p = NULL;
    ck_assert_int_eq(sgp_json_positions_scan(&p, "[\n  1,\n  x]", 11, &line, &column), SG_EPARSE);
    ck_assert_int_eq(line, 3);
    ck_assert_int_eq(column, 3);
    /* Nesting beyond the JSON depth limit. */
    sgp_buf deep = SGP_BUF_INIT;
    for (int i = 0; i < 400; i++) {
        sgp_buf_puts(&deep, "[");
    }
    for (int i = 0; i < 400; i++) {
        sgp_buf_puts(&deep, "]");
    }
    ck_assert_int_eq(sgp_json_positions_scan(&p, deep.data, deep.len, NULL, NULL), SG_ELIMIT);
    sgp_buf_free(&deep);
    /* A byte order mark is skipped; surrogate pairs decode. */
    const char *bom = "\xEF\xBB\xBF{\"\\ud83d\\ude00\": 1}";
    ck_assert_int_eq(sgp_json_positions_scan(&p, bom, strlen(bom), NULL, NULL), SG_OK);
    ck_assert(sgp_json_position(p, "/\xF0\x9F\x98\x80", &line, &column));
    ck_assert_int_eq(column, 18);
    sgp_json_positions_free(p);
}
END_TEST

/* Every pointer a loader records names a node the position tables find: a change's location
 * always maps to a line. Over every valid JSON and YAML case of every format. */
typedef struct pointer_check {
    const void *table;
    bool (*lookup)(const void *, const char *, int *, int *);
    const char *file;
    size_t checked;
} pointer_check;

static void check_pointer(pointer_check *pc, sg_location loc) {
    if (!loc.pointer) {
        return;
    }
    if (strlen(loc.pointer) >= SG_ERROR_PATH_MAX - 1) {
        return; /* cut at the loaders' path limit: shown at an ancestor */
    }
    int line = 0, column = 0;
    ck_assert_msg(pc->lookup(pc->table, loc.pointer, &line, &column), "%s: pointer %s not found",
                  pc->file, loc.pointer);
    ck_assert_int_ge(line, 1);
    pc->checked++;
}

static void check_type_pointers(pointer_check *pc, const sg_type *t) {
    check_pointer(pc, sg_type_location(t));
    for (size_t i = 0; i < sg_type_field_count(t); i++) {
        const sg_field *f = sg_type_field(t, i);
        check_pointer(pc, sg_field_location(f));
        check_type_pointers(pc, sg_field_type(f));
    }
    for (size_t i = 0; i < sg_type_child_count(t); i++) {
        check_type_pointers(pc, sg_type_child(t, i));
    }
}

START_TEST(loader_pointers_have_positions) {
    static const struct {
        const char *dir;
        sg_format format;
    } formats[] = {{"avro", SG_FORMAT_AVRO},
                   {"spark", SG_FORMAT_SPARK},
                   {"glue", SG_FORMAT_GLUE},
                   {"cfn", SG_FORMAT_CFN},
                   {"model", SG_FORMAT_MODEL}};
    static const char *const inputs[] = {"input.avsc", "input.json", "template.yaml",
                                         "template.json"};
    const char *root = getenv("SG_CASES_DIR") ? getenv("SG_CASES_DIR") : "tests/cases";
    size_t files = 0, pointers = 0;
    for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s/valid", root, formats[k].dir);
        DIR *d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
            for (size_t i = 0; e->d_name[0] != '.' && i < 4; i++) {
                char path[2048];
                snprintf(path, sizeof path, "%s/%s/%s", dir, e->d_name, inputs[i]);
                size_t length;
                char *text = read_all(path, &length);
                if (!text) {
                    continue;
                }
                sg_schema *schema = NULL;
                sg_error err;
                if (sg_schema_load_buffer(&schema, text, length, formats[k].format, path, &err) !=
                    SG_OK) {
                    free(text);
                    continue; /* needs options (several tables): not this test's business */
                }
                pointer_check pc = {NULL, NULL, path, 0};
                sgp_json_positions *json = NULL;
                sgp_yaml_positions *yaml = NULL;
                if (strstr(inputs[i], ".yaml")) {
                    json_decref(sgp_yaml_to_json(text, length, path, &yaml, &err));
                    pc.table = yaml;
                    pc.lookup = sgp_yaml_position;
                } else {
                    ck_assert_int_eq(sgp_json_positions_scan(&json, text, length, NULL, NULL),
                                     SG_OK);
                    pc.table = json;
                    pc.lookup = sgp_json_position;
                }
                ck_assert_ptr_nonnull(pc.table);
                check_type_pointers(&pc, sg_schema_root(schema));
                files++;
                pointers += pc.checked;
                sgp_json_positions_free(json);
                sgp_yaml_positions_free(yaml);
                sg_schema_free(schema);
                free(text);
            }
        }
        if (d) {
            closedir(d);
        }
    }
    ck_assert_uint_gt(files, 100);
    ck_assert_uint_gt(pointers, 500);
}
END_TEST

/* Resolving versions -------------------------------------------------------------------------- */

static const char *const v1_avsc =
    "{\n"
    "  \"type\": \"record\",\n"
    "  \"name\": \"Order\",\n"
    "  \"fields\": [\n"
    "    {\"name\": \"id\", \"type\": \"long\"},\n"
    "    {\"name\": \"item\", \"type\": {\"type\": \"record\", \"name\": \"Item\", \"fields\": [\n"
    "      {\"name\": \"sku\", \"type\": \"string\"},\n"
    "      {\"name\": \"qty\", \"type\": \"int\"}\n"
    "    ]}}\n"
    "  ]\n"
    "}\n";

/* v1 plus a field with a default: compatible both ways. */
static const char *const v2_avsc =
    "{\n"
    "  \"type\": \"record\",\n"
    "  \"name\": \"Order\",\n"
    "  \"fields\": [\n"
    "    {\"name\": \"id\", \"type\": \"long\"},\n"
    "    {\"name\": \"item\", \"type\": {\"type\": \"record\", \"name\": \"Item\", \"fields\": [\n"
    "      {\"name\": \"sku\", \"type\": \"string\"},\n"
    "      {\"name\": \"qty\", \"type\": \"int\"}\n"
    "    ]}},\n"
    "    {\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}\n"
    "  ]\n"
    "}\n";

/* v2 with a field added without a default (breaks BACKWARD) and item.qty removed (breaks
 * FORWARD: the old reader has no default for it). */
static const char *const v3_breaking =
    "{\n"
    "  \"type\": \"record\",\n"
    "  \"name\": \"Order\",\n"
    "  \"fields\": [\n"
    "    {\"name\": \"id\", \"type\": \"long\"},\n"
    "    {\"name\": \"item\", \"type\": {\"type\": \"record\", \"name\": \"Item\", \"fields\": [\n"
    "      {\"name\": \"sku\", \"type\": \"string\"}\n"
    "    ]}},\n"
    "    {\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null},\n"
    "    {\"name\": \"channel\", \"type\": \"string\"}\n"
    "  ]\n"
    "}\n";

START_TEST(resolve_folder_layout) {
    char *dir = temp_dir();
    put(dir, "schemagate.yaml",
        "defaults: {format: avro}\nsubjects:\n  orders: {}\n  customers: {}\n  new_one: {}\n");
    put(dir, "schemas/orders/v1.avsc", v1_avsc);
    put(dir, "schemas/orders/v2.avsc", v2_avsc);
    put(dir, "schemas/orders/v4.json", v2_avsc);
    put(dir, "schemas/orders/v02.avsc", v1_avsc);
    put(dir, "schemas/orders/v5.txt", v1_avsc);
    put(dir, "schemas/orders/README.md", "notes\n");
    put(dir, "schemas/orders/vnext/x", "");
    put(dir, "schemas/customers/v1.avsc", v1_avsc);
    put(dir, "schemas/customers/v1.json", v1_avsc);
    put(dir, "schemas/order_s/v1.avsc", v1_avsc);
    put(dir, "schemas/invoices/v1.avsc", v1_avsc);
    put(dir, "schemas/.hidden/v1.avsc", v1_avsc);
    put(dir, "schemas/README.md", "the registry\n");
    char config[1024];
    snprintf(config, sizeof config, "%s/schemagate.yaml", dir);
    sg_registry *reg = NULL;
    sg_error err;
    ck_assert_int_eq(sg_registry_open(&reg, config, &err), SG_OK);
    ck_assert_str_eq(sg_registry_dir(reg), dir);
    const sg_subject *orders = sg_registry_find_subject(reg, "orders");
    ck_assert_uint_eq(sg_subject_version_count(orders), 3);
    ck_assert_str_eq(sg_subject_version_path(orders, 0), "schemas/orders/v1.avsc");
    ck_assert_str_eq(sg_subject_version_path(orders, 2), "schemas/orders/v4.json");
    ck_assert_int_eq(sg_subject_version_number(orders, 2), 4);
    ck_assert_uint_eq(orders->problem_count, 3);
    ck_assert_str_eq(orders->problems[0].message,
                     "v02.avsc is no version file name: versions are v1, v2, ... (no leading "
                     "zeros) with the extension .avsc or .json");
    ck_assert_str_eq(orders->problems[1].message,
                     "v5.txt: a avro subject's version files end in .avsc or .json");
    ck_assert_str_eq(orders->problems[2].message,
                     "version 3 is missing: the versions are numbered without gaps from v1, and "
                     "v4.json follows v2.avsc");
    const sg_subject *customers = sg_registry_find_subject(reg, "customers");
    ck_assert_uint_eq(sg_subject_version_count(customers), 1);
    ck_assert_uint_eq(customers->problem_count, 1);
    ck_assert_str_eq(customers->problems[0].message,
                     "two files for version 1: v1.avsc and v1.json");
    ck_assert_uint_eq(sg_subject_version_count(sg_registry_find_subject(reg, "new_one")), 0);
    ck_assert_uint_eq(reg->problem_count, 2);
    ck_assert_str_eq(reg->problems[0].path, "schemas/invoices");
    ck_assert_ptr_nonnull(strstr(reg->problems[0].message, "add the subject or move the folder"));
    ck_assert_str_eq(reg->problems[1].path, "schemas/order_s");
    ck_assert_ptr_nonnull(strstr(reg->problems[1].message, "(did you mean orders?)"));
    sg_registry_free(reg);
    /* A missing config. */
    snprintf(config, sizeof config, "%s/nope.yaml", dir);
    ck_assert_int_eq(sg_registry_open(&reg, config, &err), SG_ENOTFOUND);
    remove_dir(dir);
}
END_TEST

/* Reports -------------------------------------------------------------------------------------- */

static sg_report *sample_report(void) {
    sg_report *r = sgp_registry_report_new();
    size_t c0 = sgp_report_check(r, "orders", "schemas/orders/v1.avsc", "v%d loads", 1);
    size_t c1 = sgp_report_check(r, "orders", "schemas/orders/v2.avsc",
                                 "v2 is compatible with v1 under %s", "BACKWARD");
    size_t c2 = sgp_report_check(r, "customers", "schemas/customers/v1.avsc", "v1 loads");
    size_t c3 = sgp_report_check(r, "", "schemas", "every folder under schemas is a subject");
    ck_assert_uint_eq(c0, 0);
    ck_assert_uint_eq(c3, 3);
    ck_assert_int_eq(sgp_report_finding(r, c1, SG_FINDING_INCOMPATIBLE, true, SG_OK,
                                        "reg/schemas/orders/v2.avsc", "schemas/orders/v2.avsc", 12,
                                        5, "total",
                                        "v2 breaks BACKWARD: total: <type> & \"quotes\""),
                     SG_OK);
    ck_assert_int_eq(sgp_report_finding(r, c1, SG_FINDING_CHANGE, false, SG_OK,
                                        "reg/schemas/orders/v2.avsc", "schemas/orders/v2.avsc", 14,
                                        5, "note", "v2 against v1: note: field added"),
                     SG_OK);
    ck_assert_int_eq(sgp_report_finding(r, c2, SG_FINDING_LOAD_ERROR, true, SG_EPARSE,
                                        "reg/schemas/customers/v1.avsc",
                                        "schemas/customers/v1 copy.avsc", 3, 0, "",
                                        "v1 does not load as avro: bad\x01"),
                     SG_OK);
    ck_assert_int_eq(sgp_report_finding(r, c3, SG_FINDING_UNKNOWN_FOLDER, true, SG_OK,
                                        "reg/schemas/x", NULL, 0, 0, NULL, "folder x"),
                     SG_OK);
    return r;
}

START_TEST(report_model_and_text) {
    sg_report *r = sample_report();
    ck_assert_uint_eq(sg_report_finding_count(r), 4);
    ck_assert_uint_eq(sg_report_check_count(r), 4);
    ck_assert_uint_eq(sg_report_violation_count(r), 2);
    ck_assert_uint_eq(sg_report_error_count(r), 1);
    const sg_finding *f = sg_report_finding(r, 2);
    ck_assert_int_eq(f->column, 0); /* no column given */
    ck_assert_str_eq(f->check, "v1 loads");
    ck_assert_str_eq(sg_report_finding(r, 3)->uri, "reg/schemas/x");
    ck_assert_str_eq(sg_report_finding(r, 3)->path, "");
    ck_assert_uint_eq(sg_report_check(r, 1)->failures, 1);
    ck_assert_ptr_null(sg_report_finding(r, 4));
    char *text = NULL;
    ck_assert_int_eq(sg_report_write(r, SG_REPORT_TEXT, &text, NULL), SG_OK);
    ck_assert_str_eq(text,
                     "reg/schemas/orders/v2.avsc:12:5: orders: v2 breaks BACKWARD: total: <type> "
                     "& \"quotes\"\n"
                     "reg/schemas/orders/v2.avsc:14:5: orders: note: v2 against v1: note: field "
                     "added\n"
                     "reg/schemas/customers/v1.avsc:3:1: customers: v1 does not load as avro: "
                     "bad\x01\n"
                     "reg/schemas/x: folder x\n");
    sg_free(text);
    sg_report_format format;
    ck_assert_int_eq(sg_report_format_from_name(&format, "SARIF"), SG_OK);
    ck_assert_int_eq(format, SG_REPORT_SARIF);
    ck_assert_int_eq(sg_report_format_from_name(&format, "xml"), SG_EUSAGE);
    ck_assert_str_eq(sg_report_format_name(SG_REPORT_JUNIT), "junit");
    ck_assert_str_eq(sg_finding_kind_name(SG_FINDING_MODE_LOOSENED), "mode-loosened");
    ck_assert_str_eq(sg_finding_kind_name((sg_finding_kind)99), "?");
    ck_assert_int_eq(sg_report_write(r, (sg_report_format)9, &text, NULL), SG_EUSAGE);
    sg_report_free(r);
    /* An empty report writes empty text and an empty JSON array. */
    r = sgp_registry_report_new();
    ck_assert_int_eq(sg_report_write(r, SG_REPORT_TEXT, &text, NULL), SG_OK);
    ck_assert_str_eq(text, "");
    sg_free(text);
    ck_assert_int_eq(sg_report_write(r, SG_REPORT_JSON, &text, NULL), SG_OK);
    ck_assert_str_eq(text, "[]\n");
    sg_free(text);
    sg_report_free(r);
}
END_TEST

START_TEST(report_json_and_sarif) {
    sg_report *r = sample_report();
    char *text = NULL;
    ck_assert_int_eq(sg_report_write(r, SG_REPORT_JSON, &text, NULL), SG_OK);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(json_array_size(doc), 4);
    json_t *first = json_array_get(doc, 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "subject")), "orders");
    ck_assert_str_eq(json_string_value(json_object_get(first, "file")),
                     "reg/schemas/orders/v2.avsc");
    ck_assert_int_eq(json_integer_value(json_object_get(first, "line")), 12);
    ck_assert_int_eq(json_integer_value(json_object_get(first, "column")), 5);
    ck_assert_str_eq(json_string_value(json_object_get(first, "path")), "total");
    ck_assert_str_eq(json_string_value(json_object_get(first, "kind")), "incompatible");
    ck_assert(json_is_true(json_object_get(first, "breaking")));
    ck_assert(json_is_false(json_object_get(json_array_get(doc, 1), "breaking")));
    json_decref(doc);
    sg_free(text);

    ck_assert_int_eq(sg_report_write(r, SG_REPORT_SARIF, &text, NULL), SG_OK);
    doc = json_loads(text, 0, &jerr);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "version")), "2.1.0");
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    ck_assert_str_eq(json_string_value(json_object_get(driver, "name")), "schemagate");
    json_t *rules = json_object_get(driver, "rules");
    ck_assert_uint_eq(json_array_size(rules), SG_FINDING_DRIFT + 1);
    json_t *results = json_object_get(run, "results");
    ck_assert_uint_eq(json_array_size(results), 4);
    json_t *res = json_array_get(results, 0);
    ck_assert_str_eq(json_string_value(json_object_get(res, "ruleId")), "incompatible");
    json_t *rule =
        json_array_get(rules, (size_t)json_integer_value(json_object_get(res, "ruleIndex")));
    ck_assert_str_eq(json_string_value(json_object_get(rule, "id")), "incompatible");
    ck_assert_str_eq(json_string_value(json_object_get(res, "level")), "error");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(res, "message"), "text")),
                     "orders: v2 breaks BACKWARD: total: <type> & \"quotes\"");
    json_t *physical =
        json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(physical, "artifactLocation"), "uri")),
        "schemas/orders/v2.avsc");
    json_t *region = json_object_get(physical, "region");
    ck_assert_int_eq(json_integer_value(json_object_get(region, "startLine")), 12);
    ck_assert_int_eq(json_integer_value(json_object_get(region, "startColumn")), 5);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(results, 1), "level")),
                     "note");
    /* URIs are percent-encoded; a finding without a line has no region. */
    physical =
        json_object_get(json_array_get(json_object_get(json_array_get(results, 2), "locations"), 0),
                        "physicalLocation");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(physical, "artifactLocation"), "uri")),
        "schemas/customers/v1%20copy.avsc");
    physical =
        json_object_get(json_array_get(json_object_get(json_array_get(results, 3), "locations"), 0),
                        "physicalLocation");
    ck_assert_ptr_null(json_object_get(physical, "region"));
    json_decref(doc);
    sg_free(text);
    sg_report_free(r);
}
END_TEST

START_TEST(report_junit) {
    sg_report *r = sample_report();
    char *text = NULL;
    ck_assert_int_eq(sg_report_write(r, SG_REPORT_JUNIT, &text, NULL), SG_OK);
    ck_assert_ptr_nonnull(strstr(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                       "<testsuites name=\"schemagate registry\" tests=\"4\" "
                                       "failures=\"2\" errors=\"1\">\n"
                                       "  <testsuite name=\"orders\" tests=\"2\" failures=\"1\" "
                                       "errors=\"0\">\n"
                                       "    <testcase name=\"v1 loads\" "
                                       "classname=\"schemagate.registry.orders\" "
                                       "file=\"schemas/orders/v1.avsc\"/>\n"));
    ck_assert_ptr_nonnull(strstr(text,
                                 "<failure type=\"incompatible\" message=\"v2 breaks "
                                 "BACKWARD: total: &lt;type&gt; &amp; &quot;quotes&quot;\">"));
    ck_assert_ptr_nonnull(strstr(text, "<system-out>reg/schemas/orders/v2.avsc:14:5: orders: "
                                       "note: v2 against v1: note: field added&#10;</system-out>"));
    ck_assert_ptr_nonnull(strstr(text, "<error type=\"load-error\" message=\"v1 does not load as "
                                       "avro: bad\\x01\">"));
    ck_assert_ptr_nonnull(strstr(text, "<testsuite name=\"(registry)\" tests=\"1\" "
                                       "failures=\"1\" errors=\"0\">"));
    sg_free(text);
    sg_report_free(r);
}
END_TEST

/* Checks on a temporary registry ------------------------------------------------------------ */

static sg_report *check_dir(const char *dir, sg_error *err, int want) {
    char config[1024];
    snprintf(config, sizeof config, "%s/schemagate.yaml", dir);
    sg_report *report = NULL;
    int rc = sg_registry_check(&report, config, NULL, err);
    ck_assert_int_eq(rc, want);
    return report;
}

static const sg_finding *find_kind(const sg_report *r, sg_finding_kind kind, size_t nth) {
    for (size_t i = 0; i < sg_report_finding_count(r); i++) {
        const sg_finding *f = sg_report_finding(r, i);
        if (f->kind == kind && nth-- == 0) {
            return f;
        }
    }
    return NULL;
}

START_TEST(check_compatibility_located) {
    char *dir = temp_dir();
    put(dir, "schemagate.yaml", "subjects:\n  orders:\n    format: avro\n    mode: FULL\n");
    put(dir, "schemas/orders/v1.avsc", v1_avsc);
    put(dir, "schemas/orders/v2.avsc", v2_avsc);
    sg_error err;
    sg_report *r = check_dir(dir, &err, SG_OK);
    ck_assert_uint_eq(sg_report_finding_count(r), 0);
    /* v1 loads, v2 loads, layout, v2 against v1, the root's folders. */
    ck_assert_uint_eq(sg_report_check_count(r), 5);
    ck_assert_str_eq(sg_report_check(r, 3)->name, "v2 is compatible with v1 under FULL");
    sg_report_free(r);

    put(dir, "schemas/orders/v3.avsc", v3_breaking);
    r = check_dir(dir, &err, SG_OK);
    ck_assert_uint_eq(sg_report_violation_count(r), 2);
    const sg_finding *removed = find_kind(r, SG_FINDING_INCOMPATIBLE, 0);
    const sg_finding *added = find_kind(r, SG_FINDING_INCOMPATIBLE, 1);
    ck_assert_str_eq(removed->subject, "orders");
    ck_assert_str_eq(removed->path, "item.qty");
    /* Removed: located at its parent field in the new version, "item" on line 6. */
    ck_assert_int_eq(removed->line, 6);
    ck_assert_int_eq(removed->column, 5);
    ck_assert_str_eq(added->path, "channel");
    ck_assert_int_eq(added->line, 10);
    ck_assert_int_eq(added->column, 5);
    ck_assert_str_eq(added->check, "v3 is compatible with v2 under FULL");
    ck_assert_ptr_nonnull(strstr(added->message, "v3 breaks FULL compatibility with v2 (avro "
                                                 "rules): channel: field added without a "
                                                 "default"));
    char path[1024];
    snprintf(path, sizeof path, "%s/schemas/orders/v3.avsc", dir);
    ck_assert_str_eq(added->file, path);
    sg_report_free(r);

    /* BACKWARD: only the added field breaks; FULL_TRANSITIVE: against v1 and v2. */
    put(dir, "schemagate.yaml", "subjects:\n  orders:\n    format: avro\n    mode: BACKWARD\n");
    r = check_dir(dir, &err, SG_OK);
    ck_assert_uint_eq(sg_report_violation_count(r), 1);
    sg_report_free(r);
    put(dir, "schemagate.yaml",
        "subjects:\n  orders:\n    format: avro\n    mode: FULL_TRANSITIVE\n");
    r = check_dir(dir, &err, SG_OK);
    ck_assert_uint_eq(sg_report_violation_count(r), 4);
    ck_assert_uint_eq(sg_report_check_count(r), 8); /* 3 loads, layout, 3 pairs, folders */
    sg_report_free(r);
    /* NONE: nothing compared. DISABLED: every version after v1 is a violation. */
    put(dir, "schemagate.yaml", "subjects:\n  orders:\n    format: avro\n    mode: NONE\n");
    r = check_dir(dir, &err, SG_OK);
    ck_assert_uint_eq(sg_report_finding_count(r), 0);
    sg_report_free(r);
    put(dir, "schemagate.yaml", "subjects:\n  orders:\n    format: avro\n    mode: DISABLED\n");
    r = check_dir(dir, &err, SG_OK);
    ck_assert_uint_eq(sg_report_violation_count(r), 2);
    ck_assert_ptr_nonnull(find_kind(r, SG_FINDING_DISABLED, 1));
    sg_report_free(r);
    /* Listing the changes the mode allows. */
    put(dir, "schemagate.yaml", "subjects:\n  orders:\n    format: avro\n    mode: NONE\n");
    char config[1024];
    snprintf(config, sizeof config, "%s/schemagate.yaml", dir);
    sg_check_options options = SG_CHECK_OPTIONS_INIT;
    options.changes = true;
    put(dir, "schemagate.yaml", "subjects:\n  orders:\n    format: avro\n    mode: FORWARD\n");
    r = NULL;
    ck_assert_int_eq(sg_registry_check(&r, config, &options, &err), SG_OK);
    const sg_finding *note = find_kind(r, SG_FINDING_CHANGE, 0);
    ck_assert_ptr_nonnull(note);
    ck_assert(!note->breaking);
    ck_assert_str_eq(note->path, "note");
    ck_assert_int_eq(note->line, 10);
    sg_report_free(r);
    remove_dir(dir);
}
END_TEST

START_TEST(check_load_errors_and_layout) {
    char *dir = temp_dir();
    put(dir, "schemagate.yaml",
        "subjects:\n  orders:\n    format: avro\n  tables:\n    format: cfn\n"
        "  listed:\n    format: avro\n    versions: [old/listed.avsc, old/missing.avsc]\n");
    put(dir, "schemas/orders/v1.avsc", v1_avsc);
    put(dir, "schemas/orders/v2.avsc",
        "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [\n"
        "  {\"name\": \"id\", \"type\": \"strin\"}\n]}\n");
    put(dir, "schemas/orders/v4.avsc", v1_avsc);
    put(dir, "schemas/tables/v1.yaml",
        "Resources:\n  T:\n    Type: AWS::Glue::Table\n"
        "    Properties:\n      TableInput: [\n");
    put(dir, "old/listed.avsc", v1_avsc);
    put(dir, "schemas/strays/v1.avsc", v1_avsc);
    sg_error err;
    sg_report *r = check_dir(dir, &err, SG_OK);
    ck_assert_uint_eq(sg_report_error_count(r), 3);
    const sg_finding *bad_type = find_kind(r, SG_FINDING_LOAD_ERROR, 0);
    ck_assert_str_eq(bad_type->subject, "orders");
    ck_assert_int_eq(bad_type->code, SG_EINVALID);
    ck_assert_int_eq(bad_type->line, 2); /* the pointer's line in the file */
    ck_assert_str_eq(bad_type->path, "/fields/0/type");
    ck_assert_ptr_nonnull(strstr(bad_type->message, "v2 does not load as avro: /fields/0/type: "));
    const sg_finding *yaml = find_kind(r, SG_FINDING_LOAD_ERROR, 1);
    ck_assert_str_eq(yaml->subject, "tables");
    ck_assert_int_eq(yaml->code, SG_EPARSE);
    ck_assert_int_gt(yaml->line, 4);
    const sg_finding *missing = find_kind(r, SG_FINDING_LOAD_ERROR, 2);
    ck_assert_str_eq(missing->subject, "listed");
    ck_assert_int_eq(missing->code, SG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(missing->message, "v2 cannot be read"));
    const sg_finding *gap = find_kind(r, SG_FINDING_LAYOUT, 0);
    ck_assert_ptr_nonnull(strstr(gap->message, "version 3 is missing"));
    const sg_finding *stray = find_kind(r, SG_FINDING_UNKNOWN_FOLDER, 0);
    ck_assert_str_eq(stray->subject, "");
    ck_assert_ptr_nonnull(strstr(stray->message, "is called strays: add the subject"));
    /* v4 against v2 is skipped (v2 does not load); v2 against v1 too. */
    for (size_t i = 0; i < sg_report_check_count(r); i++) {
        ck_assert_ptr_null(strstr(sg_report_check(r, i)->name, "compatible"));
    }
    sg_report_free(r);
    /* Errors that stop the check. */
    put(dir, "schemagate.yaml", "subjects:\n  orders:\n    format: avro\n    mode: FULLL\n");
    r = check_dir(dir, &err, SG_EINVALID);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.line, 4);
    char config[1024];
    snprintf(config, sizeof config, "%s/other.yaml", dir);
    ck_assert_int_eq(sg_registry_check(&r, config, NULL, &err), SG_ENOTFOUND);
    ck_assert_int_eq(sg_registry_check(NULL, config, NULL, &err), SG_EUSAGE);
    remove_dir(dir);
}
END_TEST

/* Adding versions ------------------------------------------------------------------------------ */

static int add(const char *dir, const char *subject, const char *file, sg_report **report,
               char **written, char **same_as, sg_error *err) {
    char config[1024], path[1024];
    snprintf(config, sizeof config, "%s/schemagate.yaml", dir);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return sg_registry_add(report, written, same_as, config, subject, path, err);
}

START_TEST(add_writes_the_next_version_atomically) {
    char *dir = temp_dir();
    put(dir, "schemagate.yaml",
        "root: registry/avro\nsubjects:\n  orders:\n    format: avro\n    mode: FULL\n"
        "  listed:\n    format: avro\n    versions: [a.avsc]\n");
    put(dir, "in/v1.json", v1_avsc);
    put(dir, "in/v2.avsc", v2_avsc);
    put(dir, "in/v3.avsc", v3_breaking);
    put(dir, "in/broken.avsc", "{\"type\": \"record\"");
    sg_report *r = NULL;
    char *written = NULL, *same = NULL;
    sg_error err;
    /* The first version creates the folders; the file keeps its .json extension. */
    ck_assert_int_eq(add(dir, "orders", "in/v1.json", &r, &written, &same, &err), SG_OK);
    char want[1024];
    snprintf(want, sizeof want, "%s/registry/avro/orders/v1.json", dir);
    ck_assert_str_eq(written, want);
    ck_assert_ptr_null(same);
    ck_assert_uint_eq(sg_report_finding_count(r), 0);
    sg_free(written);
    sg_report_free(r);
    size_t length;
    char *copy = read_all(want, &length);
    ck_assert_str_eq(copy, v1_avsc); /* byte for byte */
    free(copy);
    /* The next one. */
    ck_assert_int_eq(add(dir, "orders", "in/v2.avsc", &r, &written, &same, &err), SG_OK);
    ck_assert_ptr_nonnull(strstr(written, "/registry/avro/orders/v2.avsc"));
    sg_free(written);
    sg_report_free(r);
    snprintf(want, sizeof want, "%s/registry/avro/orders", dir);
    ck_assert_uint_eq(entries_in(want), 2); /* no temporary file left */
    /* The same schema again: nothing written. */
    ck_assert_int_eq(add(dir, "orders", "in/v2.avsc", &r, &written, &same, &err), SG_OK);
    ck_assert_ptr_null(written);
    ck_assert_ptr_nonnull(strstr(same, "registry/avro/orders/v2.avsc"));
    sg_free(same);
    sg_report_free(r);
    /* A breaking version: findings, nothing written. */
    ck_assert_int_eq(add(dir, "orders", "in/v3.avsc", &r, &written, &same, &err), SG_OK);
    ck_assert_ptr_null(written);
    ck_assert_ptr_null(same);
    ck_assert_uint_eq(sg_report_violation_count(r), 2);
    const sg_finding *f = find_kind(r, SG_FINDING_INCOMPATIBLE, 1);
    ck_assert_ptr_nonnull(strstr(f->file, "in/v3.avsc"));
    ck_assert_int_eq(f->line, 10);
    sg_report_free(r);
    ck_assert_uint_eq(entries_in(want), 2);
    ck_assert(!exists(dir, "registry/avro/orders/v3.avsc"));
    /* A file that does not load, an unknown subject, a listed subject: errors. */
    ck_assert_int_eq(add(dir, "orders", "in/broken.avsc", &r, &written, &same, &err), SG_EPARSE);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(add(dir, "order", "in/v2.avsc", &r, &written, &same, &err), SG_ENOTFOUND);
    ck_assert_str_eq(err.message,
                     "no subject \"order\" (did you mean orders?); add it under `subjects:` first");
    ck_assert_int_eq(add(dir, "listed", "in/v2.avsc", &r, &written, &same, &err), SG_EUNSUPPORTED);
    ck_assert_int_eq(err.line, 8);
    ck_assert_int_eq(add(dir, "orders", "in/nope.avsc", &r, &written, &same, &err), SG_ENOTFOUND);
    ck_assert_uint_eq(entries_in(want), 2);
    /* DISABLED: nothing may follow v1. */
    put(dir, "schemagate.yaml",
        "root: registry/avro\nsubjects:\n  orders:\n    format: avro\n    mode: DISABLED\n");
    ck_assert_int_eq(add(dir, "orders", "in/v3.avsc", &r, &written, &same, &err), SG_OK);
    ck_assert_ptr_null(written);
    ck_assert_ptr_nonnull(find_kind(r, SG_FINDING_DISABLED, 0));
    sg_report_free(r);
    /* A write that fails (the folder is read-only) leaves nothing behind. */
    if (geteuid() != 0) {
        put(dir, "schemagate.yaml",
            "root: registry/avro\nsubjects:\n  orders:\n    format: avro\n    mode: NONE\n");
        chmod(want, 0555);
        ck_assert_int_eq(add(dir, "orders", "in/v3.avsc", &r, &written, &same, &err), SG_EIO);
        chmod(want, 0755);
        ck_assert_uint_eq(entries_in(want), 2);
    }
    remove_dir(dir);
}
END_TEST

int main(void) {
    list_cases();
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("registry");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, invalid_config_case, 0, (int)(case_count[0] ? case_count[0] : 1));
    tcase_add_loop_test(tc, valid_config_case, 0, (int)(case_count[1] ? case_count[1] : 1));
    tcase_add_test(tc, config_truncations_and_mutations);
    tcase_add_test(tc, config_defaults_and_accessors);
    tcase_add_test(tc, config_errors_are_located);
    tcase_add_test(tc, config_size_limit);
    tcase_add_test(tc, config_paths_checked);
    tcase_add_test(tc, suggest_edit_distance);
    tcase_add_test(tc, json_positions_by_pointer);
    tcase_add_test(tc, json_positions_refuse_bad_json);
    tcase_add_test(tc, loader_pointers_have_positions);
    tcase_add_test(tc, resolve_folder_layout);
    tcase_add_test(tc, report_model_and_text);
    tcase_add_test(tc, report_json_and_sarif);
    tcase_add_test(tc, report_junit);
    tcase_add_test(tc, check_compatibility_located);
    tcase_add_test(tc, check_load_errors_and_layout);
    tcase_add_test(tc, add_writes_the_next_version_atomically);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < case_count[k]; i++) {
            free(case_names[k][i]);
        }
    }
    return failed ? 1 : 0;
}

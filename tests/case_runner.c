/*
 * tests/case_runner.c: runs the data-driven schema cases under tests/cases/<format>/ and prints
 * TAP, one line per case, so adding a case is adding a folder.
 *
 *   case_runner FORMAT valid DIR     each DIR/<case>/input.* (or template.*) must load; its
 *                                    canonical JSON must equal expected.json, its warnings
 *                                    expected-warnings.txt (absent = none); written back in
 *                                    FORMAT it must load again, equal unless the write reported
 *                                    losses, which must equal expected-losses.txt (absent =
 *                                    none); the model form must round-trip with the same
 *                                    fingerprint.
 *   case_runner FORMAT invalid DIR   each input must fail; "code: line:column: path: message"
 *                                    must equal the first line of expected-error.txt.
 *   case_runner matrix ROOT          every valid case of every format under ROOT, written in
 *                                    every format: the write succeeds or is refused with
 *                                    SG_EUNSUPPORTED; what is written loads again; and when the
 *                                    writer reported no loss, the schema read back equals the
 *                                    original (names of named types and table properties
 *                                    aside). This is the check that lossy conversions warn.
 *
 * A case folder may hold table.txt: the CloudFormation logical ID to load.
 *
 * With SG_UPDATE_EXPECTED=1 in the environment it (re)writes the expected files instead of
 * comparing, for a human to review before committing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <schemagate/schemagate.h>

#include "support.h"

static int write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        return -1;
    }
    int rc = fputs(text, f) == EOF ? -1 : 0;
    return fclose(f) == 0 ? rc : -1;
}

/* "code: line:column: path: message" without the source, which differs between machines. */
static void describe_error(const sg_error *err, char *buf, size_t size) {
    char where[64] = "";
    if (err->line > 0 && err->column > 0) {
        snprintf(where, sizeof where, "%d:%d: ", err->line, err->column);
    } else if (err->line > 0) {
        snprintf(where, sizeof where, "%d: ", err->line);
    }
    snprintf(buf, size, "%s: %s%s%s%s", sg_code_name(err->code), where, err->path,
             err->path[0] ? ": " : "", err->message);
}

static char *warnings_text(const sg_schema *schema) {
    size_t n = sg_schema_warning_count(schema);
    size_t cap = 1 + n * (SG_ERROR_PATH_MAX + SG_ERROR_MESSAGE_MAX + 8);
    char *text = malloc(cap);
    if (!text) {
        return NULL;
    }
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const sg_error *w = sg_schema_warning(schema, i);
        size_t len = strlen(text);
        snprintf(text + len, cap - len, "%s: %s\n", w->path, w->message);
    }
    return text;
}

static bool update_mode(void) {
    const char *v = getenv("SG_UPDATE_EXPECTED");
    return v && strcmp(v, "1") == 0;
}

/* Compares actual with the expected file, or writes it in update mode. Absent expected file
 * means "" when missing_is_empty. */
static bool check_expected(const char *path, const char *actual, bool missing_is_empty, char *why,
                           size_t why_size) {
    if (update_mode()) {
        if (missing_is_empty && actual[0] == '\0') {
            remove(path);
            return true;
        }
        if (write_text(path, actual) != 0) {
            snprintf(why, why_size, "cannot write %.1000s", path);
            return false;
        }
        return true;
    }
    char *expected = read_text(path);
    if (!expected) {
        if (missing_is_empty && actual[0] == '\0') {
            return true;
        }
        snprintf(why, why_size, "missing %.1000s (run with SG_UPDATE_EXPECTED=1 to create it)",
                 path);
        return false;
    }
    bool same = strcmp(expected, actual) == 0;
    if (!same) {
        snprintf(why, why_size, "%.1000s differs:\n# expected: %.400s\n# actual:   %.400s", path,
                 expected, actual);
    }
    free(expected);
    return same;
}

/* Loads text in format, failing the case with a message on error. */
static sg_schema *load_or_explain(const char *text, sg_format format,
                                  const sg_load_options *options, const char *what, char *why,
                                  size_t why_size) {
    sg_schema *schema = NULL;
    sg_error err;
    if (sg_schema_load_buffer_with(&schema, text, strlen(text), format, what, options, &err) !=
        SG_OK) {
        char described[1024];
        describe_error(&err, described, sizeof described);
        snprintf(why, why_size, "%s does not load: %.1000s", what, described);
        return NULL;
    }
    return schema;
}

/* Load options from the case folder (table.txt); table receives the storage. */
static sg_load_options case_options(const char *dir, char *table, size_t size) {
    sg_load_options options = SG_LOAD_OPTIONS_INIT;
    char path[4096];
    snprintf(path, sizeof path, "%s/table.txt", dir);
    char *text = read_text(path);
    if (text) {
        text[strcspn(text, "\r\n")] = '\0';
        snprintf(table, size, "%s", text);
        options.table = table;
        free(text);
    }
    return options;
}

/* Collects loss reports as "path: message" lines. */
static void collect_loss(void *payload, const sg_error *warning) {
    char **text = payload;
    size_t old = *text ? strlen(*text) : 0;
    size_t add = strlen(warning->path) + strlen(warning->message) + 4;
    char *bigger = realloc(*text, old + add);
    if (!bigger) {
        return;
    }
    snprintf(bigger + old, add, "%s: %s\n", warning->path, warning->message);
    *text = bigger;
}

static bool run_valid(const char *dir, sg_format format, char *why, size_t why_size) {
    char path[4096];
    if (!find_input(dir, path, sizeof path)) {
        snprintf(why, why_size, "no input.* or template.* file");
        return false;
    }
    char table[256];
    sg_load_options options = case_options(dir, table, sizeof table);
    char *input = read_text(path);
    if (!input) {
        snprintf(why, why_size, "cannot read %.1000s", path);
        return false;
    }
    bool ok = false;
    sg_schema *schema = load_or_explain(input, format, &options, "input", why, why_size);
    sg_schema *again = NULL, *from_model = NULL;
    char *canonical = NULL, *written = NULL, *warnings = NULL, *losses = NULL;
    sg_error err;
    if (!schema) {
        goto done;
    }
    if (sg_schema_to_json(schema, SG_JSON_PRETTY, &canonical) != SG_OK) {
        snprintf(why, why_size, "cannot print the canonical form");
        goto done;
    }
    snprintf(path, sizeof path, "%s/expected.json", dir);
    if (!check_expected(path, canonical, false, why, why_size)) {
        goto done;
    }
    warnings = warnings_text(schema);
    snprintf(path, sizeof path, "%s/expected-warnings.txt", dir);
    if (!warnings || !check_expected(path, warnings, true, why, why_size)) {
        goto done;
    }
    /* Written back in its own format, it reads again; to an equal schema unless the writer
     * said what it could not keep. */
    sg_write_options write_options = SG_WRITE_OPTIONS_INIT;
    write_options.on_loss = collect_loss;
    write_options.payload = &losses;
    if (sg_schema_write_with(schema, format, &write_options, &written, &err) != SG_OK) {
        char described[1024];
        describe_error(&err, described, sizeof described);
        snprintf(why, why_size, "cannot write back: %.1000s", described);
        goto done;
    }
    if (!(again = load_or_explain(written, format, NULL, "written-back schema", why, why_size))) {
        goto done;
    }
    snprintf(path, sizeof path, "%s/expected-losses.txt", dir);
    if (!check_expected(path, losses ? losses : "", true, why, why_size)) {
        goto done;
    }
    if (!losses && !sg_schema_equal(schema, again, SG_CMP_DEFAULT)) {
        snprintf(why, why_size, "written back and read again, the schema differs:\n# %.600s",
                 written);
        goto done;
    }
    /* The canonical form parses back to an equal schema with the same fingerprint. */
    if (!(from_model =
              load_or_explain(canonical, SG_FORMAT_MODEL, NULL, "canonical form", why, why_size))) {
        goto done;
    }
    char fp1[65], fp2[65], fp3[65];
    if (!sg_schema_equal(schema, from_model, SG_CMP_DEFAULT) ||
        sg_schema_fingerprint(schema, 0, fp1) != SG_OK ||
        sg_schema_fingerprint(again, 0, fp2) != SG_OK ||
        sg_schema_fingerprint(from_model, 0, fp3) != SG_OK || (!losses && strcmp(fp1, fp2) != 0) ||
        strcmp(fp1, fp3) != 0) {
        snprintf(why, why_size, "canonical form round trip or fingerprints differ");
        goto done;
    }
    ok = true;
done:
    sg_schema_free(schema);
    sg_schema_free(again);
    sg_schema_free(from_model);
    sg_free(canonical);
    sg_free(written);
    free(warnings);
    free(losses);
    free(input);
    return ok;
}

static bool run_invalid(const char *dir, sg_format format, char *why, size_t why_size) {
    char path[4096];
    if (!find_input(dir, path, sizeof path)) {
        snprintf(why, why_size, "no input.* or template.* file");
        return false;
    }
    char table[256];
    sg_load_options options = case_options(dir, table, sizeof table);
    char *input = read_text(path);
    if (!input) {
        snprintf(why, why_size, "cannot read %.1000s", path);
        return false;
    }
    sg_schema *schema = NULL;
    sg_error err;
    int rc =
        sg_schema_load_buffer_with(&schema, input, strlen(input), format, "input", &options, &err);
    free(input);
    if (rc == SG_OK) {
        sg_schema_free(schema);
        snprintf(why, why_size, "loaded, but should have failed");
        return false;
    }
    if (schema) {
        snprintf(why, why_size, "failed but left a schema behind");
        return false;
    }
    if (rc != err.code) {
        snprintf(why, why_size, "returned %d but the error says %d", rc, err.code);
        return false;
    }
    char actual[2048];
    describe_error(&err, actual, sizeof actual - 1);
    strcat(actual, "\n");
    snprintf(path, sizeof path, "%s/expected-error.txt", dir);
    return check_expected(path, actual, false, why, why_size);
}

/* Matrix ------------------------------------------------------------------------------------- */

static const sg_format matrix_formats[] = {SG_FORMAT_MODEL, SG_FORMAT_AVRO,  SG_FORMAT_GLUE,
                                           SG_FORMAT_CFN,   SG_FORMAT_SPARK, SG_FORMAT_DDL,
                                           SG_FORMAT_HIVE};
#define MATRIX_FORMATS (sizeof matrix_formats / sizeof matrix_formats[0])

/* Removes null defaults of nullable fields: the formats without defaults read a missing value
 * as null anyway, so writers drop them without a loss report (docs/type-mapping.md). */
static void strip_null_defaults(sg_type *type, int depth) {
    if (depth > 200) {
        return;
    }
    for (size_t i = 0; i < sg_type_field_count(type); i++) {
        sg_field *field = (sg_field *)sg_type_field(type, i);
        if (sg_field_nullable(field) && sg_field_default(field) &&
            strcmp(sg_field_default(field), "null") == 0) {
            sg_field_set_default(field, NULL);
        }
        strip_null_defaults(sg_field_type_mut(field), depth + 1);
    }
    for (size_t i = 0; i < sg_type_child_count(type); i++) {
        strip_null_defaults((sg_type *)sg_type_child(type, i), depth + 1);
    }
}

/* Writes schema as target and checks the contract; returns false with why on a breach. */
static bool convert_one(const sg_schema *schema, sg_format target, char *why, size_t why_size) {
    char *losses = NULL, *written = NULL;
    sg_write_options options = SG_WRITE_OPTIONS_INIT;
    options.on_loss = collect_loss;
    options.payload = &losses;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_schema_write_with(schema, target, &options, &written, &err);
    bool ok = true;
    if (rc == SG_EUNSUPPORTED) {
        ok = err.message[0] != '\0' && !written;
        if (!ok) {
            snprintf(why, why_size, "refused without a message");
        }
    } else if (rc != SG_OK) {
        char described[1024];
        describe_error(&err, described, sizeof described);
        snprintf(why, why_size, "write failed: %.1000s", described);
        ok = false;
    } else {
        sg_schema *back = load_or_explain(written, target, NULL, "written schema", why, why_size);
        ok = back != NULL;
        unsigned flags = SG_CMP_IGNORE_NAMES | SG_CMP_IGNORE_PROPERTIES;
        if (target == SG_FORMAT_MODEL) {
            flags = SG_CMP_DEFAULT; /* the model form keeps everything */
        }
        sg_schema *expected = NULL;
        if (ok && sg_schema_copy(&expected, schema) == SG_OK && target != SG_FORMAT_MODEL &&
            target != SG_FORMAT_AVRO) {
            strip_null_defaults(sg_schema_root_mut(expected), 0);
        }
        if (ok && (!losses || target == SG_FORMAT_MODEL) &&
            !sg_schema_equal(expected, back, flags)) {
            char *a = NULL, *b = NULL;
            sg_schema_to_json(expected, flags, &a);
            sg_schema_to_json(back, flags, &b);
            snprintf(why, why_size,
                     "no loss was reported, but the schema read back differs:\n# before: "
                     "%.700s\n# after:  %.700s",
                     a ? a : "?", b ? b : "?");
            sg_free(a);
            sg_free(b);
            ok = false;
        }
        if (ok && target == SG_FORMAT_MODEL && losses) {
            snprintf(why, why_size, "the model form reported a loss: %.500s", losses);
            ok = false;
        }
        sg_schema_free(back);
        sg_schema_free(expected);
    }
    sg_free(written);
    free(losses);
    return ok;
}

static int run_matrix(const char *root) {
    int n = 0, failed = 0;
    size_t planned = 0;
    /* Count first so TAP can announce the plan. */
    char **lists[MATRIX_FORMATS];
    size_t counts[MATRIX_FORMATS];
    for (size_t f = 0; f < MATRIX_FORMATS; f++) {
        char dir[2048];
        snprintf(dir, sizeof dir, "%s/%s/valid", root, sg_format_name(matrix_formats[f]));
        lists[f] = list_cases(dir, &counts[f]);
        planned += counts[f] * MATRIX_FORMATS;
    }
    printf("1..%zu\n", planned);
    for (size_t f = 0; f < MATRIX_FORMATS; f++) {
        const char *from = sg_format_name(matrix_formats[f]);
        for (size_t c = 0; c < counts[f]; c++) {
            char dir[2048], path[4096], table[256], why[2048] = "";
            snprintf(dir, sizeof dir, "%s/%s/valid/%s", root, from, lists[f][c]);
            sg_load_options options = case_options(dir, table, sizeof table);
            char *input = find_input(dir, path, sizeof path) ? read_text(path) : NULL;
            sg_schema *schema = input ? load_or_explain(input, matrix_formats[f], &options, "input",
                                                        why, sizeof why)
                                      : NULL;
            for (size_t t = 0; t < MATRIX_FORMATS; t++) {
                bool ok = schema && convert_one(schema, matrix_formats[t], why, sizeof why);
                n++;
                printf("%s %d - %s/%s -> %s\n", ok ? "ok" : "not ok", n, from, lists[f][c],
                       sg_format_name(matrix_formats[t]));
                if (!ok) {
                    printf("# %s\n", why[0] ? why : "the case does not load");
                    failed++;
                }
                why[0] = '\0';
            }
            sg_schema_free(schema);
            free(input);
            free(lists[f][c]);
        }
        free(lists[f]);
    }
    return failed ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "matrix") == 0) {
        return run_matrix(argv[2]);
    }
    if (argc != 4 || (strcmp(argv[2], "valid") != 0 && strcmp(argv[2], "invalid") != 0)) {
        fprintf(stderr, "usage: case_runner FORMAT valid|invalid DIR | case_runner matrix ROOT\n");
        return 2;
    }
    sg_format format;
    if (sg_format_from_name(&format, argv[1]) != SG_OK || format == SG_FORMAT_AUTO) {
        fprintf(stderr, "case_runner: unknown format %s\n", argv[1]);
        return 2;
    }
    bool valid = strcmp(argv[2], "valid") == 0;
    size_t count;
    char **cases = list_cases(argv[3], &count);
    if (!cases || count == 0) {
        printf("1..0 # SKIP no cases in %s\n", argv[3]);
        fprintf(stderr, "case_runner: no cases in %s\n", argv[3]);
        free(cases);
        return 1; /* an empty suite is a broken suite, not a pass */
    }
    printf("1..%zu\n", count);
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        char dir[2048], why[2048] = "";
        snprintf(dir, sizeof dir, "%s/%s", argv[3], cases[i]);
        bool ok = valid ? run_valid(dir, format, why, sizeof why)
                        : run_invalid(dir, format, why, sizeof why);
        printf("%s %zu - %s/%s\n", ok ? "ok" : "not ok", i + 1, argv[2], cases[i]);
        if (!ok) {
            printf("# %s\n", why);
            failed++;
        }
        free(cases[i]);
    }
    free(cases);
    return failed ? 1 : 0;
}

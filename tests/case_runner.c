/*
 * tests/case_runner.c: runs the data-driven schema cases under tests/cases/<format>/ and prints
 * TAP, one line per case, so adding a case is adding a folder.
 *
 *   case_runner FORMAT valid DIR     each DIR/<case>/input.* must load; its canonical JSON must
 *                                    equal expected.json, its warnings expected-warnings.txt
 *                                    (absent = none); written back in FORMAT and in the model
 *                                    form it must load again to an equal schema with the same
 *                                    fingerprint.
 *   case_runner FORMAT invalid DIR   each input must fail; "code: line:column: path: message"
 *                                    must equal the first line of expected-error.txt.
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

static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *data = malloc(cap);
    size_t n;
    while (data && (n = fread(data + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *bigger = realloc(data, cap * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (data) {
        data[len] = '\0';
    }
    return data;
}

static int write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        return -1;
    }
    int rc = fputs(text, f) == EOF ? -1 : 0;
    return fclose(f) == 0 ? rc : -1;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the sub-folders of dir. */
static char **list_cases(const char *dir, size_t *count) {
    DIR *d = opendir(dir);
    *count = 0;
    if (!d) {
        return NULL;
    }
    size_t cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *entry;
    while (names && (entry = readdir(d)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            continue;
        }
        if (*count == cap) {
            cap *= 2;
            char **bigger = realloc(names, cap * sizeof *names);
            if (!bigger) {
                break;
            }
            names = bigger;
        }
        names[(*count)++] = strdup(entry->d_name);
    }
    closedir(d);
    if (names) {
        qsort(names, *count, sizeof *names, compare_names);
    }
    return names;
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
static sg_schema *load_or_explain(const char *text, sg_format format, const char *what, char *why,
                                  size_t why_size) {
    sg_schema *schema = NULL;
    sg_error err;
    if (sg_schema_load_buffer(&schema, text, strlen(text), format, what, &err) != SG_OK) {
        char described[1024];
        describe_error(&err, described, sizeof described);
        snprintf(why, why_size, "%s does not load: %.1000s", what, described);
        return NULL;
    }
    return schema;
}

static bool run_valid(const char *dir, sg_format format, const char *input_name, char *why,
                      size_t why_size) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, input_name);
    char *input = read_text(path);
    if (!input) {
        snprintf(why, why_size, "cannot read %.1000s", path);
        return false;
    }
    bool ok = false;
    sg_schema *schema = load_or_explain(input, format, "input", why, why_size);
    sg_schema *again = NULL, *from_model = NULL;
    char *canonical = NULL, *written = NULL, *warnings = NULL;
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
    /* Written back in its own format, it reads again to an equal schema. */
    if (sg_schema_write(schema, format, &written, &err) != SG_OK) {
        char described[1024];
        describe_error(&err, described, sizeof described);
        snprintf(why, why_size, "cannot write back: %.1000s", described);
        goto done;
    }
    if (!(again = load_or_explain(written, format, "written-back schema", why, why_size))) {
        goto done;
    }
    if (!sg_schema_equal(schema, again, SG_CMP_DEFAULT)) {
        snprintf(why, why_size, "written back and read again, the schema differs:\n# %.600s",
                 written);
        goto done;
    }
    /* The canonical form parses back to an equal schema with the same fingerprint. */
    if (!(from_model =
              load_or_explain(canonical, SG_FORMAT_MODEL, "canonical form", why, why_size))) {
        goto done;
    }
    char fp1[65], fp2[65], fp3[65];
    if (!sg_schema_equal(schema, from_model, SG_CMP_DEFAULT) ||
        sg_schema_fingerprint(schema, 0, fp1) != SG_OK ||
        sg_schema_fingerprint(again, 0, fp2) != SG_OK ||
        sg_schema_fingerprint(from_model, 0, fp3) != SG_OK || strcmp(fp1, fp2) != 0 ||
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
    free(input);
    return ok;
}

static bool run_invalid(const char *dir, sg_format format, const char *input_name, char *why,
                        size_t why_size) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, input_name);
    char *input = read_text(path);
    if (!input) {
        snprintf(why, why_size, "cannot read %.1000s", path);
        return false;
    }
    sg_schema *schema = NULL;
    sg_error err;
    int rc = sg_schema_load_buffer(&schema, input, strlen(input), format, "input", &err);
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

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[2], "valid") != 0 && strcmp(argv[2], "invalid") != 0)) {
        fprintf(stderr, "usage: case_runner FORMAT valid|invalid DIR\n");
        return 2;
    }
    sg_format format;
    if (sg_format_from_name(&format, argv[1]) != SG_OK || format == SG_FORMAT_AUTO) {
        fprintf(stderr, "case_runner: unknown format %s\n", argv[1]);
        return 2;
    }
    const char *input_name = format == SG_FORMAT_AVRO ? "input.avsc" : "input.json";
    bool valid = strcmp(argv[2], "valid") == 0;
    size_t count;
    char **cases = list_cases(argv[3], &count);
    if (!cases || count == 0) {
        printf("1..0 # SKIP no cases in %s\n", argv[3]);
        fprintf(stderr, "case_runner: no cases in %s\n", argv[3]);
        return 1; /* an empty suite is a broken suite, not a pass */
    }
    printf("1..%zu\n", count);
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        char dir[2048], why[2048] = "";
        snprintf(dir, sizeof dir, "%s/%s", argv[3], cases[i]);
        bool ok = valid ? run_valid(dir, format, input_name, why, sizeof why)
                        : run_invalid(dir, format, input_name, why, sizeof why);
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

/*
 * tests/csv_robustness.c: every truncation and a set of single-byte mutations of every sample
 * CSV file must infer or fail cleanly (a documented code, a message, no schema, no crash, no
 * leak, no sanitizer report: this runs in the ASan+UBSan build too), under three dialects; and
 * the reader must return the same records and the same error whether it reads one byte or 64
 * KiB at a time.
 *
 *   csv_robustness DIR    every regular file in DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv/reader.h"
#include "schemagate/schemagate.h"

static char *read_all(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    char *data = malloc(1 << 20);
    *length = data ? fread(data, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    return data;
}

static bool infer_cleanly(const char *data, size_t length, const sg_csv_options *options,
                          const char *what) {
    sg_schema *schema = NULL;
    sg_error err;
    int rc = sg_csv_infer_buffer(&schema, data, length, what, options, &err);
    if (rc == SG_OK) {
        char *text = NULL;
        bool ok = schema && sg_schema_to_tree(schema, &text) == SG_OK;
        sg_free(text);
        text = NULL;
        ok = ok && sg_schema_write(schema, SG_FORMAT_MODEL, &text, &err) == SG_OK;
        sg_free(text);
        sg_schema_free(schema);
        return ok;
    }
    bool ok = !schema && err.code == rc && err.message[0] &&
              (rc == SG_EPARSE || rc == SG_EINVALID || rc == SG_ELIMIT);
    if (!ok) {
        printf("# %s: code %d (%s), message \"%s\"\n", what, rc, sg_code_name(rc), err.message);
    }
    return ok;
}

/* A digest of everything the reader reports: a hash of the records and the final status. */
static unsigned long long read_digest(const char *data, size_t length, sgp_csv_dialect *d,
                                      size_t chunk) {
    d->chunk_size = chunk;
    sgp_csv_reader *r = NULL;
    sg_error err;
    if (sgp_csv_reader_open_buffer(&r, data, length, "x", d, &err) != SG_OK) {
        return 1;
    }
    unsigned long long h = 1469598103934665603ull;
    sgp_csv_record rec;
    int rc;
#define MIX(v) (h = (h ^ (unsigned long long)(v)) * 1099511628211ull)
    while ((rc = sgp_csv_next(r, &rec, &err)) == 1) {
        MIX(rec.number);
        MIX(rec.line);
        MIX(rec.offset);
        for (size_t i = 0; i < rec.count; i++) {
            const sgp_csv_field *f = &rec.fields[i];
            MIX(f->length);
            MIX(f->quoted * 2 + f->is_null);
            MIX(f->line);
            MIX(f->column);
            for (size_t k = 0; k < f->length; k++) {
                MIX((unsigned char)f->data[k]);
            }
        }
    }
    MIX(rc);
    if (rc < 0) {
        MIX(err.line);
        MIX(err.column);
        MIX(err.row);
        for (const char *m = err.message; *m; m++) {
            MIX((unsigned char)*m);
        }
    }
#undef MIX
    sgp_csv_reader_free(r);
    return h;
}

static bool check_one(const char *data, size_t length, const char *what) {
    /* An exact-size copy, so ASan sees any read past the end. */
    char *exact = malloc(length ? length : 1);
    if (!exact) {
        return false;
    }
    memcpy(exact, data, length);
    bool ok = true;
    sg_csv_options options[3] = {SG_CSV_OPTIONS_INIT, SG_CSV_OPTIONS_INIT, SG_CSV_OPTIONS_INIT};
    options[1].delimiter = ';';
    options[1].null_token = "\\N";
    options[1].header = SG_CSV_HEADER_YES;
    options[2].delimiter = '\t';
    options[2].quote = '\0';
    options[2].escape = '\\';
    options[2].null_token = "\\N";
    options[2].header = SG_CSV_HEADER_NO;
    for (size_t i = 0; ok && i < 3; i++) {
        ok = infer_cleanly(exact, length, &options[i], what);
        sgp_csv_dialect d;
        sgp_csv_dialect_init(&d);
        d.delimiter = options[i].delimiter;
        d.quote = options[i].quote;
        d.escape = options[i].escape;
        d.null_token = options[i].null_token;
        if (ok && read_digest(exact, length, &d, 1) != read_digest(exact, length, &d, 0)) {
            printf("# %s: the reader differs between 1-byte and 64 KiB chunks\n", what);
            ok = false;
        }
    }
    free(exact);
    return ok;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: csv_robustness DIR\n");
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        printf("Bail out! cannot open %s\n", argv[1]);
        return 1;
    }
    char *names[256];
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < 256) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", argv[1], entry->d_name);
        if (entry->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            names[count++] = strdup(entry->d_name);
        }
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare_names);
    static const unsigned char replacements[] = {'"', ',',  ';',  '\t', '\n', '\r', '\\',
                                                 0,   0xFF, 0xC3, 0xBF, 'x',  ' ',  '1'};
    printf("1..%zu\n", count);
    int failed = 0;
    for (size_t c = 0; c < count; c++) {
        char path[4096], what[4200];
        snprintf(path, sizeof path, "%s/%s", argv[1], names[c]);
        size_t length = 0;
        char *data = read_all(path, &length);
        bool ok = data != NULL;
        for (size_t cut = 0; ok && cut <= length; cut++) {
            snprintf(what, sizeof what, "%s[:%zu]", names[c], cut);
            ok = check_one(data, cut, what);
        }
        char *copy = malloc(length ? length : 1);
        for (size_t i = 0; ok && copy && i < length; i++) {
            for (size_t k = 0; ok && k < sizeof replacements; k++) {
                memcpy(copy, data, length);
                copy[i] = (char)replacements[k];
                snprintf(what, sizeof what, "%s[%zu]=0x%02X", names[c], i, replacements[k]);
                ok = check_one(copy, length, what);
            }
        }
        free(copy);
        free(data);
        printf("%s %zu - %s\n", ok ? "ok" : "not ok", c + 1, names[c]);
        failed |= !ok;
        free(names[c]);
    }
    return failed;
}

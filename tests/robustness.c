/*
 * tests/robustness.c: every truncation and a set of single-byte mutations of every valid case
 * must load or fail cleanly: a result code the API documents for bad input, an error message,
 * no crash, no leak, no sanitizer report (this runs in the ASan+UBSan build too). When a
 * mutated schema loads, it must also write back and print without failing.
 *
 *   robustness FORMAT DIR    DIR/<case>/input.* for every case folder
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemagate/schemagate.h>

#include "support.h"

/* Loads data[0..length) and checks the outcome is clean. Returns false on a broken contract. */
static bool load_cleanly(const char *data, size_t length, sg_format format, const char *what) {
    /* Copy into an exact-size buffer so ASan sees any read past the end. */
    char *exact = malloc(length ? length : 1);
    if (!exact) {
        return false;
    }
    memcpy(exact, data, length);
    sg_schema *schema = NULL;
    sg_error err;
    int rc = sg_schema_load_buffer(&schema, exact, length, format, what, &err);
    bool ok = true;
    if (rc == SG_OK) {
        char *text = NULL;
        sg_error werr;
        int wrc = sg_schema_write(schema, format, &text, &werr);
        ok = (wrc == SG_OK || wrc == SG_EUNSUPPORTED) && (wrc != SG_OK || text);
        sg_free(text);
        ok = ok && sg_schema_to_tree(schema, &text) == SG_OK;
        sg_free(text);
        sg_schema_free(schema);
    } else {
        ok = schema == NULL && err.code == rc && err.message[0] != '\0' &&
             (rc == SG_EPARSE || rc == SG_EINVALID || rc == SG_EUNSUPPORTED || rc == SG_ELIMIT);
        if (!ok) {
            printf("# %s: code %d (%s), message \"%s\"\n", what, rc, sg_code_name(rc), err.message);
        }
    }
    free(exact);
    return ok;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: robustness FORMAT DIR\n");
        return 2;
    }
    sg_format format;
    if (sg_format_from_name(&format, argv[1]) != SG_OK || format == SG_FORMAT_AUTO) {
        return 2;
    }
    DIR *dir = opendir(argv[2]);
    if (!dir) {
        printf("Bail out! cannot open %s\n", argv[2]);
        return 1;
    }
    static const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '0', '-', 'x', '\\', 0};
    struct dirent *entry;
    int n = 0, failed = 0;
    long loads = 0;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        char dir_path[2048], path[4096];
        snprintf(dir_path, sizeof dir_path, "%s/%s", argv[2], entry->d_name);
        char *data = find_input(dir_path, path, sizeof path) ? read_text(path) : NULL;
        if (!data) {
            continue;
        }
        size_t length = strlen(data);
        bool ok = true;
        size_t stride = length / 400 + 1;
        for (size_t cut = 0; cut < length && ok; cut += stride, loads++) {
            ok = load_cleanly(data, cut, format, "truncated");
        }
        /* Every byte of small inputs and a spread of about 400 positions of large ones (the
         * same stride as above), so the suite stays fast under the sanitizers. */
        char *mutated = malloc(length ? length : 1);
        for (size_t i = 0; mutated && i < length && ok; i += stride) {
            for (size_t r = 0; r < sizeof replacements && ok; r++) {
                if (data[i] == replacements[r]) {
                    continue;
                }
                memcpy(mutated, data, length);
                mutated[i] = replacements[r];
                ok = load_cleanly(mutated, length, format, "mutated");
                loads++;
            }
        }
        free(mutated);
        free(data);
        n++;
        printf("%s %d - %s\n", ok ? "ok" : "not ok", n, entry->d_name);
        failed += !ok;
    }
    closedir(dir);
    printf("1..%d\n# %ld loads\n", n, loads);
    return failed ? 1 : 0;
}

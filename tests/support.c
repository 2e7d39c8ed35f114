/* tests/support.c: file helpers the data-driven test programs share (see support.h). */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *read_text(const char *path) {
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

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the sub-folders of dir. */
char **list_cases(const char *dir, size_t *count) {
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

/* The case's input file: the first of input.* or template.* in dir. */
bool find_input(const char *dir, char *path, size_t size) {
    DIR *d = opendir(dir);
    if (!d) {
        return false;
    }
    struct dirent *entry;
    bool found = false;
    while (!found && (entry = readdir(d)) != NULL) {
        if (strncmp(entry->d_name, "input.", 6) == 0 ||
            strncmp(entry->d_name, "template.", 9) == 0) {
            snprintf(path, size, "%s/%s", dir, entry->d_name);
            found = true;
        }
    }
    closedir(d);
    return found;
}

/*
 * registry/registry.c: opening a registry (the config beside its folder tree), the accessors
 * of registry.h, and resolving each subject's versions from a tree: the working tree here, a
 * git revision through git.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "registry/internal.h"
#include "util/limits.h"
#include "util/suggest.h"

/* Files ---------------------------------------------------------------------------------------- */

char *sgp_path_join(const char *dir, const char *path) {
    if (!dir || !dir[0] || strcmp(dir, ".") == 0) {
        return sgp_strdup(path);
    }
    if (!path || !path[0] || strcmp(path, ".") == 0) {
        return sgp_strdup(dir);
    }
    size_t n = strlen(dir);
    bool slash = dir[n - 1] == '/';
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_printf(&buf, "%s%s%s", dir, slash ? "" : "/", path);
    return sgp_buf_take(&buf);
}

void sgp_entries_free(sgp_entry *entries, size_t count) {
    for (size_t i = 0; i < count; i++) {
        free(entries[i].name);
    }
    free(entries);
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const sgp_entry *)a)->name, ((const sgp_entry *)b)->name);
}

static int files_list(const sgp_tree *tree, const char *dir, sgp_entry **entries, size_t *count,
                      sg_error *err) {
    *entries = NULL;
    *count = 0;
    char *path = sgp_path_join(tree->ctx, dir);
    if (!path) {
        return sgp_error_nomem(err);
    }
    DIR *d = opendir(path);
    if (!d) {
        int code = errno == ENOENT || errno == ENOTDIR ? SG_ENOTFOUND : SG_EIO;
        sgp_error(err, code, path, NULL, 0, 0, "cannot list the folder: %s", strerror(errno));
        free(path);
        return code;
    }
    size_t cap = 0;
    int rc = SG_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char *full = sgp_path_join(path, e->d_name);
        char *name = sgp_strdup(e->d_name);
        struct stat st;
        if (!full || !name || !sgp_reserve((void **)entries, &cap, *count + 1, sizeof **entries)) {
            free(full);
            free(name);
            rc = sgp_error_nomem(err);
            break;
        }
        (*entries)[*count].name = name;
        (*entries)[*count].is_dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
        (*count)++;
        free(full);
    }
    closedir(d);
    free(path);
    if (rc != SG_OK) {
        sgp_entries_free(*entries, *count);
        *entries = NULL;
        *count = 0;
        return rc;
    }
    if (*count > 1) {
        qsort(*entries, *count, sizeof **entries, by_name);
    }
    return SG_OK;
}

static int files_read(const sgp_tree *tree, const char *path, size_t max, char **data,
                      size_t *length, sg_error *err) {
    char *full = sgp_path_join(tree->ctx, path);
    if (!full) {
        return sgp_error_nomem(err);
    }
    struct stat st;
    int rc;
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = sgp_error(err, SG_ENOTFOUND, full, NULL, 0, 0, "a folder, not a file");
    } else {
        rc = sgp_read_file(full, max, data, length, err);
    }
    free(full);
    return rc;
}

static char *files_name(const sgp_tree *tree, const char *path) {
    return sgp_path_join(tree->ctx, path);
}

void sgp_tree_files(sgp_tree *tree, const char *dir) {
    tree->list = files_list;
    tree->read = files_read;
    tree->name = files_name;
    tree->ctx = (void *)dir;
}

/* Extensions ----------------------------------------------------------------------------------- */

const char *const *sgp_format_extensions(sg_format format) {
    static const char *const model[] = {"json", NULL};
    static const char *const avro[] = {"avsc", "json", NULL};
    static const char *const glue[] = {"json", NULL};
    static const char *const cfn[] = {"yaml", "yml", "json", "template", NULL};
    static const char *const spark[] = {"json", NULL};
    static const char *const ddl[] = {"sql", "ddl", NULL};
    static const char *const hive[] = {"hive", "txt", NULL};
    switch (format) {
    case SG_FORMAT_MODEL:
        return model;
    case SG_FORMAT_AVRO:
        return avro;
    case SG_FORMAT_GLUE:
        return glue;
    case SG_FORMAT_CFN:
        return cfn;
    case SG_FORMAT_SPARK:
        return spark;
    case SG_FORMAT_DDL:
        return ddl;
    case SG_FORMAT_HIVE:
        return hive;
    default:
        return model;
    }
}

/* Resolving versions --------------------------------------------------------------------------- */

static int add_problem(sgp_problem **items, size_t *count, size_t *cap, const char *path,
                       const char *fmt, ...) SGP_PRINTF(5, 6);

static int add_problem(sgp_problem **items, size_t *count, size_t *cap, const char *path,
                       const char *fmt, ...) {
    if (!sgp_reserve((void **)items, cap, *count + 1, sizeof **items)) {
        return SG_ENOMEM;
    }
    va_list ap;
    va_start(ap, fmt);
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char *message = sgp_strdup(text);
    char *copy = sgp_strdup(path);
    if (!message || !copy) {
        free(message);
        free(copy);
        return SG_ENOMEM;
    }
    (*items)[*count].path = copy;
    (*items)[*count].message = message;
    (*count)++;
    return SG_OK;
}

/* What follows the last '/'. */
static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The number N of "vN.<ext>": 0 when name is no version file name, -1 when it looks like one
 * but is not well-formed (v01, v0); *ext points at the extension. */
static int version_number(const char *name, const char **ext) {
    *ext = NULL;
    if (name[0] != 'v' || !(name[1] >= '0' && name[1] <= '9')) {
        return 0;
    }
    const char *p = name + 1;
    long n = 0;
    while (*p >= '0' && *p <= '9') {
        if (n > SG_MAX_VERSIONS * 100L) {
            return -1;
        }
        n = n * 10 + (*p - '0');
        p++;
    }
    if (*p != '.' || !p[1]) {
        return -1;
    }
    *ext = p + 1;
    if (name[1] == '0' || n > SG_MAX_VERSIONS) {
        return -1;
    }
    return (int)n;
}

static bool has_extension(sg_format format, const char *ext) {
    const char *const *list = sgp_format_extensions(format);
    for (size_t i = 0; list[i]; i++) {
        if (strcmp(list[i], ext) == 0) {
            return true;
        }
    }
    return false;
}

static int by_number(const void *a, const void *b) {
    const sgp_version *x = a, *y = b;
    if (x->number != y->number) {
        return x->number < y->number ? -1 : 1;
    }
    return strcmp(x->path, y->path);
}

static void extensions_text(sg_format format, char *buf, size_t size) {
    const char *const *list = sgp_format_extensions(format);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; list[i] && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s.%s", i ? (list[i + 1] ? ", " : " or ") : "",
                         list[i]);
        used += n > 0 ? (size_t)n : 0;
    }
}

static int resolve_folder(sg_registry *reg, sg_subject *s, const sgp_tree *tree, sg_error *err) {
    char *folder = sgp_path_join(reg->root, s->name);
    if (!folder) {
        return sgp_error_nomem(err);
    }
    sgp_entry *entries = NULL;
    size_t count = 0;
    int rc = tree->list(tree, folder, &entries, &count, err);
    if (rc == SG_ENOTFOUND) {
        free(folder);
        return SG_OK; /* no versions yet */
    }
    if (rc != SG_OK) {
        free(folder);
        return rc;
    }
    char exts[64];
    extensions_text(s->format, exts, sizeof exts);
    for (size_t i = 0; rc == SG_OK && i < count; i++) {
        const char *name = entries[i].name;
        const char *ext;
        int n = version_number(name, &ext);
        if (n == 0 || entries[i].is_dir) {
            continue; /* README.md, notes/ ...: not ours */
        }
        char *path = sgp_path_join(folder, name);
        if (!path) {
            rc = SG_ENOMEM;
            break;
        }
        if (n < 0) {
            rc = add_problem(&s->problems, &s->problem_count, &s->problem_cap, path,
                             "%s is no version file name: versions are v1, v2, ... (no leading "
                             "zeros) with the extension %s",
                             name, exts);
            free(path);
        } else if (!has_extension(s->format, ext)) {
            rc = add_problem(&s->problems, &s->problem_count, &s->problem_cap, path,
                             "%s: a %s subject's version files end in %s", name,
                             sg_format_name(s->format), exts);
            free(path);
        } else if (s->version_count >= SG_MAX_VERSIONS) {
            free(path);
            rc = sgp_error(err, SG_ELIMIT, folder, NULL, 0, 0, "more than %d versions",
                           SG_MAX_VERSIONS);
        } else if (!sgp_reserve((void **)&s->versions, &s->version_cap, s->version_count + 1,
                                sizeof *s->versions)) {
            free(path);
            rc = SG_ENOMEM;
        } else {
            sgp_version *v = &s->versions[s->version_count++];
            memset(v, 0, sizeof *v);
            v->path = path;
            v->number = n;
        }
    }
    sgp_entries_free(entries, count);
    if (rc == SG_OK && s->version_count > 1) {
        qsort(s->versions, s->version_count, sizeof *s->versions, by_number);
    }
    /* Two files for one number: keep the first, report the rest. Then the gaps. */
    size_t kept = 0;
    for (size_t i = 0; rc == SG_OK && i < s->version_count; i++) {
        if (kept > 0 && s->versions[kept - 1].number == s->versions[i].number) {
            rc = add_problem(&s->problems, &s->problem_count, &s->problem_cap, s->versions[i].path,
                             "two files for version %d: %s and %s", s->versions[i].number,
                             base_name(s->versions[kept - 1].path), base_name(s->versions[i].path));
            free(s->versions[i].path);
            continue;
        }
        s->versions[kept++] = s->versions[i];
    }
    if (rc == SG_OK) {
        s->version_count = kept;
    }
    for (size_t i = 0; rc == SG_OK && i < s->version_count; i++) {
        int expected = i == 0 ? 1 : s->versions[i - 1].number + 1;
        if (s->versions[i].number != expected) {
            rc = add_problem(&s->problems, &s->problem_count, &s->problem_cap, s->versions[i].path,
                             "version %d is missing: the versions are numbered without gaps "
                             "from v1, and %s follows %s",
                             expected, base_name(s->versions[i].path),
                             i == 0 ? "nothing" : base_name(s->versions[i - 1].path));
        }
    }
    free(folder);
    if (rc == SG_ENOMEM) {
        return sgp_error_nomem(err);
    }
    return rc;
}

/* Folders under the root that no subject owns. */
static int find_unknown_folders(sg_registry *reg, const sgp_tree *tree, sg_error *err) {
    sgp_entry *entries = NULL;
    size_t count = 0;
    int rc = tree->list(tree, reg->root, &entries, &count, err);
    if (rc == SG_ENOTFOUND) {
        return SG_OK;
    }
    if (rc != SG_OK) {
        return rc;
    }
    const char **names = calloc(reg->subject_count + 1, sizeof *names);
    if (!names) {
        sgp_entries_free(entries, count);
        return sgp_error_nomem(err);
    }
    for (size_t i = 0; i < reg->subject_count; i++) {
        names[i] = reg->subjects[i]->name;
    }
    for (size_t i = 0; rc == SG_OK && i < count; i++) {
        if (!entries[i].is_dir || entries[i].name[0] == '.' ||
            sg_registry_find_subject(reg, entries[i].name)) {
            continue;
        }
        char *path = sgp_path_join(reg->root, entries[i].name);
        const char *hint = sgp_suggest(entries[i].name, names);
        if (!path) {
            rc = SG_ENOMEM;
        } else if (hint) {
            rc = add_problem(&reg->problems, &reg->problem_count, &reg->problem_cap, path,
                             "no subject of %s is called %s (did you mean %s?)", reg->source,
                             entries[i].name, hint);
        } else {
            rc = add_problem(&reg->problems, &reg->problem_count, &reg->problem_cap, path,
                             "no subject of %s is called %s: add the subject or move the folder",
                             reg->source, entries[i].name);
        }
        free(path);
    }
    free(names);
    sgp_entries_free(entries, count);
    return rc == SG_ENOMEM ? sgp_error_nomem(err) : rc;
}

int sgp_registry_resolve(sg_registry *reg, const sgp_tree *tree, sg_error *err) {
    for (size_t i = 0; i < reg->subject_count; i++) {
        sg_subject *s = reg->subjects[i];
        if (s->lists_versions) {
            continue;
        }
        int rc = resolve_folder(reg, s, tree, err);
        if (rc != SG_OK) {
            return rc;
        }
    }
    /* With root "." the root is the config's own folder, full of other things. */
    if (strcmp(reg->root, ".") == 0) {
        return SG_OK;
    }
    return find_unknown_folders(reg, tree, err);
}

/* Reads the config, stopping one byte after the limit: the parser then says where it falls. */
static int read_config(const char *path, char **text, size_t *length, sg_error *err) {
    *text = NULL;
    *length = 0;
    FILE *file = fopen(path, "rb");
    if (!file) {
        int code = errno == ENOENT || errno == ENOTDIR ? SG_ENOTFOUND : SG_EIO;
        return sgp_error(err, code, path, NULL, 0, 0, "cannot open: %s", strerror(errno));
    }
    size_t cap = SG_REGISTRY_MAX_CONFIG_BYTES + 1;
    char *data = malloc(cap + 1);
    if (!data) {
        fclose(file);
        return sgp_error_nomem(err);
    }
    size_t n = fread(data, 1, cap, file);
    int rc = SG_OK;
    if (ferror(file)) {
        rc = sgp_error(err, errno == EISDIR ? SG_ENOTFOUND : SG_EIO, path, NULL, 0, 0,
                       "cannot read: %s", strerror(errno));
        free(data);
        data = NULL;
    } else {
        data[n] = '\0';
    }
    fclose(file);
    *text = data;
    *length = data ? n : 0;
    return rc;
}

/* The config's folder: what comes before the last '/' ("." for none). */
static char *dir_of(const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) {
        return sgp_strdup(".");
    }
    if (slash == path) {
        return sgp_strdup("/");
    }
    return sgp_strndup(path, (size_t)(slash - path));
}

int sg_registry_open(sg_registry **out, const char *config_path, sg_error *err) {
    if (!out || !config_path) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no output or no config path given");
    }
    *out = NULL;
    char *text = NULL;
    size_t length = 0;
    int rc = read_config(config_path, &text, &length, err);
    if (rc != SG_OK) {
        return rc;
    }
    char *dir = dir_of(config_path);
    sg_registry *reg = NULL;
    if (!dir) {
        rc = sgp_error_nomem(err);
    } else {
        rc = sgp_registry_parse(&reg, text, length, config_path, dir, err);
    }
    free(text);
    if (rc == SG_OK) {
        sgp_tree tree;
        sgp_tree_files(&tree, dir);
        rc = sgp_registry_resolve(reg, &tree, err);
    }
    free(dir);
    if (rc != SG_OK) {
        sg_registry_free(reg);
        return rc;
    }
    *out = reg;
    return SG_OK;
}

/* Accessors ------------------------------------------------------------------------------------ */

const char *sg_registry_source(const sg_registry *registry) {
    return registry ? registry->source : NULL;
}

const char *sg_registry_dir(const sg_registry *registry) {
    return registry ? registry->dir : NULL;
}

const char *sg_registry_root(const sg_registry *registry) {
    return registry ? registry->root : NULL;
}

size_t sg_registry_subject_count(const sg_registry *registry) {
    return registry ? registry->subject_count : 0;
}

const sg_subject *sg_registry_subject(const sg_registry *registry, size_t i) {
    return registry && i < registry->subject_count ? registry->subjects[i] : NULL;
}

const sg_subject *sg_registry_find_subject(const sg_registry *registry, const char *name) {
    for (size_t i = 0; registry && name && i < registry->subject_count; i++) {
        if (strcmp(registry->subjects[i]->name, name) == 0) {
            return registry->subjects[i];
        }
    }
    return NULL;
}

const char *sg_registry_suggest_subject(const sg_registry *registry, const char *name) {
    if (!registry || !name || registry->subject_count == 0) {
        return NULL;
    }
    const char **names = calloc(registry->subject_count + 1, sizeof *names);
    if (!names) {
        return NULL;
    }
    for (size_t i = 0; i < registry->subject_count; i++) {
        names[i] = registry->subjects[i]->name;
    }
    const char *hint = sgp_suggest(name, names);
    free(names);
    return hint;
}

const char *sg_subject_name(const sg_subject *subject) {
    return subject ? subject->name : NULL;
}

sg_format sg_subject_format(const sg_subject *subject) {
    return subject ? subject->format : SG_FORMAT_AUTO;
}

sg_compat_mode sg_subject_mode(const sg_subject *subject) {
    return subject ? subject->mode : SG_COMPAT_NONE;
}

bool sg_subject_rules(const sg_subject *subject, sg_rules *out) {
    if (!subject || !subject->has_rules) {
        return false;
    }
    if (out) {
        *out = subject->rules;
    }
    return true;
}

bool sg_subject_lists_versions(const sg_subject *subject) {
    return subject && subject->lists_versions;
}

size_t sg_subject_version_count(const sg_subject *subject) {
    return subject ? subject->version_count : 0;
}

const char *sg_subject_version_path(const sg_subject *subject, size_t i) {
    return subject && i < subject->version_count ? subject->versions[i].path : NULL;
}

int sg_subject_version_number(const sg_subject *subject, size_t i) {
    return subject && i < subject->version_count ? subject->versions[i].number : 0;
}

sg_location sg_subject_location(const sg_subject *subject) {
    sg_location loc = {NULL, NULL, 0, 0};
    if (subject) {
        loc.source = subject->source;
        loc.line = subject->mark.line;
        loc.column = subject->mark.column;
    }
    return loc;
}

/*
 * registry/internal.h: what the registry's parts share: the config and subject structs the
 * YAML reader fills (config.c), the tree the version files are read from (the working tree or
 * a git revision: tree.c, git.c), the report being built (report.c) and the checks (check.c).
 */
#ifndef SG_REGISTRY_INTERNAL_H
#define SG_REGISTRY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "schemagate/registry.h"
#include "util/util.h"

/* A position in the config; line 0 when the value was not written (a default). */
typedef struct sgp_mark {
    int line;
    int column;
} sgp_mark;

typedef struct sgp_version {
    char *path;    /* relative to the registry's folder */
    int number;    /* N of vN, or the position in a `versions:` list */
    sgp_mark mark; /* where a `versions:` list names it; line 0 for the folder layout */
} sgp_version;

/* A problem with a subject's version files, found while resolving them (reported by checks). */
typedef struct sgp_problem {
    char *path; /* the file or folder, relative to the registry's folder */
    char *message;
} sgp_problem;

struct sg_subject {
    char *name;
    const char *source; /* the registry's config name (borrowed) */
    sgp_mark mark;      /* the subject's key */
    sg_format format;
    bool has_format;
    sgp_mark format_mark;
    sg_compat_mode mode;
    bool has_mode;
    sgp_mark mode_mark; /* where the mode in effect is written (the subject's key if nowhere) */
    sg_rules rules;
    bool has_rules;
    bool lists_versions;
    sgp_mark versions_mark;
    sgp_version *versions;
    size_t version_count;
    size_t version_cap;
    sgp_problem *problems;
    size_t problem_count;
    size_t problem_cap;
};

struct sg_registry {
    char *source; /* the config's name */
    char *dir;    /* the folder paths are relative to ("." for none) */
    char *root;   /* the `root` key, normalised (no trailing '/') */
    sgp_mark root_mark;
    sgp_mark subjects_mark;
    sg_subject **subjects;
    size_t subject_count;
    size_t subject_cap;
    /* Folders under the root that are no subject (found while resolving). */
    sgp_problem *problems;
    size_t problem_count;
    size_t problem_cap;
};

/* Reads the config text into a registry (config.c). */
int sgp_registry_parse(sg_registry **out, const char *text, size_t length, const char *source,
                       const char *dir, sg_error *err);

/* Checks a path from the config: relative, no "..", no empty part; fills why when not. */
bool sgp_registry_path_ok(const char *path, const char **why);

/* The file extensions of a format's version files, the first the default; NULL-terminated. */
const char *const *sgp_format_extensions(sg_format format);

/* A folder tree to read the registry from. Paths are relative to the registry's folder. */
typedef struct sgp_entry {
    char *name;
    bool is_dir;
} sgp_entry;

typedef struct sgp_tree sgp_tree;
struct sgp_tree {
    /* The entries of folder dir, sorted by name; SG_ENOTFOUND when there is no such folder. */
    int (*list)(const sgp_tree *tree, const char *dir, sgp_entry **entries, size_t *count,
                sg_error *err);
    /* A file's bytes (NUL-terminated, at most max); SG_ENOTFOUND when absent, SG_ELIMIT when
     * larger. */
    int (*read)(const sgp_tree *tree, const char *path, size_t max, char **data, size_t *length,
                sg_error *err);
    /* How a path of this tree is named in messages ("schemas/orders/v1.avsc" or
     * "main:schemas/orders/v1.avsc"); caller frees. */
    char *(*name)(const sgp_tree *tree, const char *path);
    void *ctx;
};

void sgp_entries_free(sgp_entry *entries, size_t count);

/* The working tree: paths relative to dir. */
void sgp_tree_files(sgp_tree *tree, const char *dir);

/* Resolves every subject's versions (the `versions:` list, or the folder layout) and records
 * layout problems and unknown folders. */
int sgp_registry_resolve(sg_registry *registry, const sgp_tree *tree, sg_error *err);

/* git (git.c) --------------------------------------------------------------------------------- */

typedef struct sgp_git {
    char *top;    /* the repository's top folder */
    char *prefix; /* the registry's folder relative to top: "" or "sub/dir/" */
    char *rev;    /* the revision as given */
    char *commit; /* its commit id */
} sgp_git;

/* Finds the repository holding dir (SG_ENOTFOUND outside one, SG_EIO when git cannot run) and,
 * when rev is not NULL, resolves rev to a commit (SG_ENOTFOUND when unknown). source names
 * the config in errors. */
int sgp_git_open(sgp_git *git, const char *dir, const char *rev, const char *source, sg_error *err);
void sgp_git_close(sgp_git *git);
/* dir relative to the repository's top ("" or "sub/"), NULL when dir is in no repository or
 * git cannot run; quiet. Caller frees. */
char *sgp_git_prefix(const char *dir);
/* The tree at git->commit, under git->prefix. */
void sgp_tree_git(sgp_tree *tree, const sgp_git *git);

/* Runs git with argv (argv[0] is "git") in dir, no shell: *out gets standard output (NUL
 * terminated, at most max bytes), *status the exit status (-1 when killed), *errors the first
 * line of standard error (may be NULL). SG_EIO when git cannot be started, SG_ELIMIT when the
 * output is larger than max. */
int sgp_run(const char *const *argv, size_t max, char **out, size_t *length, int *status,
            char **errors, sg_error *err);

/* Reports (report.c) -------------------------------------------------------------------------- */

/* A new, empty report; NULL when out of memory. */
sg_report *sgp_registry_report_new(void);
/* Adds a check; returns its index, or (size_t)-1 when out of memory. */
size_t sgp_report_check(sg_report *report, const char *subject, const char *file, const char *fmt,
                        ...) SGP_PRINTF(4, 5);
/* Adds a finding to check; SG_OK or SG_ENOMEM. */
int sgp_report_finding(sg_report *report, size_t check, sg_finding_kind kind, bool breaking,
                       int code, const char *file, const char *uri, int line, int column,
                       const char *path, const char *fmt, ...) SGP_PRINTF(11, 12);
/* Counts a subject's suite even when it has no check (JUnit). */
int sgp_report_subject(sg_report *report, const char *subject);
size_t sgp_report_subject_count(const sg_report *report);
const char *sgp_report_subject_name(const sg_report *report, size_t i);

/* Reading files ------------------------------------------------------------------------------- */

/* "dir/path", or path when dir is "." or empty; NULL when out of memory. */
char *sgp_path_join(const char *dir, const char *path);

#endif

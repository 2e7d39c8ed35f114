/*
 * schemagate/registry.h: a schema registry kept in a folder tree (usually a git repository):
 * a YAML config, schemagate.yaml, names the subjects, their format, compatibility mode and rule
 * set; each subject's versions are files, by default <root>/<subject>/v1.<ext>, v2, ... The
 * checks load every version and test each against its predecessors under the subject's mode;
 * against a git revision they also refuse edits to published versions, removed or renamed
 * subjects and loosened modes. docs/registry.md documents the config and every check.
 */
#ifndef SCHEMAGATE_REGISTRY_H
#define SCHEMAGATE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "schemagate/common.h"
#include "schemagate/compat.h"
#include "schemagate/model.h"
#include "schemagate/sources.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The config file name the CLI looks for. */
#define SG_REGISTRY_CONFIG "schemagate.yaml"
/* The default folder of the subjects' version files, relative to the config's folder. */
#define SG_REGISTRY_DEFAULT_ROOT "schemas"
/* The largest config file read, in bytes. */
#define SG_REGISTRY_MAX_CONFIG_BYTES (1024u * 1024u)

typedef struct sg_registry sg_registry;
typedef struct sg_subject sg_subject;

/*
 * Parses a config (YAML text) without touching the file system: the subjects' versions are not
 * resolved (sg_subject_version_count is 0 unless the config lists them). source names the
 * text in errors (NULL: "<string>"). Every error is located (line and column): unknown keys
 * (with a "did you mean" suggestion), duplicate keys, wrong types, unknown format, mode or rule
 * names, anchors, aliases, tags, several documents, nesting deeper than the limit.
 */
int sg_registry_parse(sg_registry **out, const char *text, size_t length, const char *source,
                      sg_error *err);

/*
 * Reads the config at config_path (SG_REGISTRY_MAX_CONFIG_BYTES at most) and resolves every
 * subject's versions from the folder tree beside it. Problems with the version files (a gap in
 * the numbering, two files for one version) are not errors here; the checks report them.
 */
int sg_registry_open(sg_registry **out, const char *config_path, sg_error *err);
void sg_registry_free(sg_registry *registry);

/* The config's name as given ("<string>" for a parsed text). */
const char *sg_registry_source(const sg_registry *registry);
/* The folder paths in the config are relative to: the config's folder ("." for none). */
const char *sg_registry_dir(const sg_registry *registry);
/* The `root` key: the folder of the subjects' version files ("schemas" unless set). */
const char *sg_registry_root(const sg_registry *registry);
size_t sg_registry_subject_count(const sg_registry *registry);
/* Subjects in the order the config lists them (borrowed). */
const sg_subject *sg_registry_subject(const sg_registry *registry, size_t i);
/* NULL when there is no subject of that name (exact match). */
const sg_subject *sg_registry_find_subject(const sg_registry *registry, const char *name);
/* A subject whose name is a likely typo of name, or NULL. */
const char *sg_registry_suggest_subject(const sg_registry *registry, const char *name);

const char *sg_subject_name(const sg_subject *subject);
sg_format sg_subject_format(const sg_subject *subject);
sg_compat_mode sg_subject_mode(const sg_subject *subject);
/* The rule set the config names (the subject's own, else the defaults'); false when neither
 * does, in which case the checks use sg_rules_for_schema of the latest version. */
bool sg_subject_rules(const sg_subject *subject, sg_rules *out);
/* True when the config lists the versions (`versions:`) instead of the folder layout. */
bool sg_subject_lists_versions(const sg_subject *subject);
size_t sg_subject_version_count(const sg_subject *subject);
/* The i-th version's file, relative to sg_registry_dir (borrowed). */
const char *sg_subject_version_path(const sg_subject *subject, size_t i);
/* Its number: N of vN.<ext>, or the 1-based position in a `versions:` list. */
int sg_subject_version_number(const sg_subject *subject, size_t i);
/* Where the subject's key is in the config. */
sg_location sg_subject_location(const sg_subject *subject);

/* Checks ------------------------------------------------------------------------------------ */

/* What a finding is about. Append only. */
typedef enum sg_finding_kind {
    SG_FINDING_LOAD_ERROR = 0,  /* a version file does not load (exit 2, not 1) */
    SG_FINDING_INCOMPATIBLE,    /* a version breaks its subject's mode against an earlier one */
    SG_FINDING_CHANGE,          /* a change the mode allows (reported on request only) */
    SG_FINDING_DISABLED,        /* mode DISABLED and more than one version */
    SG_FINDING_LAYOUT,          /* a gap in the numbering, two files for one version, ... */
    SG_FINDING_UNKNOWN_FOLDER,  /* a folder under the root that is no subject */
    SG_FINDING_VERSION_EDITED,  /* a version published at the git revision was changed */
    SG_FINDING_VERSION_DELETED, /* ... or deleted */
    SG_FINDING_SUBJECT_REMOVED, /* a subject of the revision is gone */
    SG_FINDING_SUBJECT_RENAMED, /* ... and its versions are now another subject's */
    SG_FINDING_MODE_LOOSENED,   /* a subject's mode guarantees less than at the revision */
    SG_FINDING_DRIFT,           /* the live Glue table or registry version differs from git */
} sg_finding_kind;

/* "load-error", "incompatible", "change", "disabled", "layout", "unknown-folder",
 * "version-edited", "version-deleted", "subject-removed", "subject-renamed", "mode-loosened",
 * "drift". */
const char *sg_finding_kind_name(sg_finding_kind kind);

/* One finding. Strings are borrowed from the report and never NULL ("" when not applicable). */
typedef struct sg_finding {
    sg_finding_kind kind;
    bool breaking;       /* a violation: the check fails (false only for SG_FINDING_CHANGE) */
    int code;            /* for SG_FINDING_LOAD_ERROR the loader's sg_code; SG_OK otherwise */
    const char *subject; /* "" for findings about the registry as a whole */
    const char *check;   /* the check it belongs to (sg_report_check) */
    const char *file;    /* the file, as a path from the current folder */
    const char *uri;     /* the file relative to the git repository's top (else as file) */
    int line;            /* 1-based; 0 if unknown */
    int column;          /* 1-based, in characters; 0 if unknown */
    const char *path;    /* the change path (orders.items[].price) or a JSON pointer */
    const char *message; /* one line, no trailing period */
} sg_finding;

/* A check that ran: one version loading, one pair of versions compared, ... */
typedef struct sg_check {
    const char *subject; /* "" for the registry as a whole */
    const char *name;    /* "v2 is BACKWARD compatible with v1" */
    const char *file;    /* the file it is mostly about ("" if none) */
    size_t failures;     /* how many breaking findings it has */
} sg_check;

typedef struct sg_report sg_report;

void sg_report_free(sg_report *report);
size_t sg_report_finding_count(const sg_report *report);
const sg_finding *sg_report_finding(const sg_report *report, size_t i);
size_t sg_report_check_count(const sg_report *report);
const sg_check *sg_report_check(const sg_report *report, size_t i);
/* Breaking findings other than load errors. */
size_t sg_report_violation_count(const sg_report *report);
/* SG_FINDING_LOAD_ERROR findings. */
size_t sg_report_error_count(const sg_report *report);

/* Options for sg_registry_check. Start from SG_CHECK_OPTIONS_INIT; NULL means the defaults. */
typedef struct sg_check_options {
    int version;         /* SG_CHECK_OPTIONS_VERSION */
    const char *against; /* a git revision to compare with (a branch, tag, commit), or a live
                            schema: glue://DATABASE/TABLE, glue-sr://REGISTRY/SCHEMA[@VERSION];
                            NULL: none */
    bool changes;        /* also report the changes the modes allow (breaking = false) */
    const char *subject; /* with a live `against`: the subject to compare (NULL: the subject
                            named like the table or schema) */
} sg_check_options;

#define SG_CHECK_OPTIONS_VERSION 2
#define SG_CHECK_OPTIONS_INIT                                                                      \
    { SG_CHECK_OPTIONS_VERSION, NULL, false, NULL }

/*
 * Checks the registry whose config is config_path: every version loads, the version files are
 * laid out as the config says, and every version is compatible with its predecessor (or, for a
 * transitive mode, with every earlier version) under its subject's mode. With options->against
 * it also reads the registry at that git revision (with git, from the repository holding
 * config_path) and reports published versions that were edited or deleted, removed or renamed
 * subjects and loosened modes; compatibility is then tested only for versions that are new.
 * With a live against (glue://, glue-sr://) the registry is checked as without one, and the
 * subject's latest version is compared with the live schema: every difference but a doc change
 * is a breaking SG_FINDING_DRIFT (the message says what AWS has and whether the live schema
 * still keeps the subject's mode with that version).
 *
 * Findings go into *out (caller-owned). Errors that stop the check are returned: the config
 * (SG_EPARSE, SG_EINVALID ...), SG_ENOTFOUND (no config, not a git repository, unknown
 * revision), SG_EIO (git cannot be run, a read fails).
 */
int sg_registry_check(sg_report **out, const char *config_path, const sg_check_options *options,
                      sg_error *err);

/*
 * Adds file as the next version of subject: loads it in the subject's format, checks it
 * against the subject's versions under its mode and, when nothing breaks, writes it byte for
 * byte as <root>/<subject>/v<N+1>.<ext> (a temporary file in the same folder, fsync, then
 * linked into place, so the version appears whole or not at all and never replaces a file).
 * *written (caller frees with sg_free) is the new file's path, or NULL when nothing was written
 * because of a breaking finding in *out, or because file is the same schema as the latest
 * version (*same_as then names that version's file; sg_free it too).
 * Errors: SG_ENOTFOUND (no such subject: the config must name it), SG_EUNSUPPORTED (the
 * subject lists its versions in the config), load errors of file, SG_EIO.
 */
int sg_registry_add(sg_report **out, char **written, char **same_as, const char *config_path,
                    const char *subject, const char *file, sg_error *err);

/* Writes the report; *out is NUL-terminated text (empty for TEXT without findings), freed with
 * sg_free(). */
int sg_report_write(const sg_report *report, sg_report_format format, char **out, sg_error *err);

#ifdef __cplusplus
}
#endif

#endif

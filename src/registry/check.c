/*
 * registry/check.c: `registry check` and `registry add`. The state checks (every version loads,
 * the files are laid out v1, v2, ..., each version is compatible with its predecessors under
 * the subject's mode) and, against a git revision, the history checks (published versions
 * unchanged, no subject removed or renamed, no mode loosened). Each finding is located: a
 * compatibility break at the line of the schema node the change names, found through a
 * position table of the version's JSON or YAML text.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "registry/internal.h"
#include "sources/yaml_json.h"
#include "util/json_positions.h"
#include "util/limits.h"

/* One version file, read and loaded. */
typedef struct loaded {
    char *text;
    size_t length;
    bool read;         /* text holds the file */
    sg_schema *schema; /* NULL when it does not load */
    char *file;        /* as shown: from the current folder */
    char *uri;         /* from the repository's top */
    bool positions_done;
    void *positions;
    bool (*lookup)(const void *positions, const char *pointer, int *line, int *column);
    bool json_positions;
} loaded;

typedef struct subject_state {
    const sg_subject *subject;
    loaded *versions;
    size_t count;
} subject_state;

typedef struct checker {
    sg_report *report;
    const sg_registry *reg;
    sgp_tree tree;      /* the working tree */
    const char *prefix; /* the registry's folder from the repository's top; NULL outside git */
    const char *rev;    /* the revision compared with, or NULL */
    const sgp_tree *old_tree;
    const sg_registry *old; /* the registry at rev; NULL when none */
    bool changes;
    sg_error *err;
    subject_state *states;
} checker;

static void loaded_free(loaded *v) {
    free(v->text);
    sg_schema_free(v->schema);
    free(v->file);
    free(v->uri);
    if (v->positions) {
        if (v->json_positions) {
            sgp_json_positions_free(v->positions);
        } else {
            sgp_yaml_positions_free(v->positions);
        }
    }
    memset(v, 0, sizeof *v);
}

/* The file as shown and its URI from the repository's top, for a registry-relative path. */
static int paths_of(const checker *C, const char *rel, char **file, char **uri) {
    *file = sgp_path_join(C->reg->dir, rel);
    *uri = C->prefix ? sgp_path_join(C->prefix[0] ? C->prefix : ".", rel) : sgp_strdup(*file);
    if (!*file || !*uri) {
        free(*file);
        free(*uri);
        *file = *uri = NULL;
        return SG_ENOMEM;
    }
    return SG_OK;
}

/* Builds the position table of a version's text on first use: JSON when it starts with '{' or
 * '[', YAML otherwise (CloudFormation templates). */
static void ensure_positions(loaded *v) {
    if (v->positions_done || !v->read) {
        return;
    }
    v->positions_done = true;
    size_t i = 0;
    if (v->length >= 3 && memcmp(v->text, "\xEF\xBB\xBF", 3) == 0) {
        i = 3;
    }
    while (i < v->length &&
           (v->text[i] == ' ' || v->text[i] == '\t' || v->text[i] == '\n' || v->text[i] == '\r')) {
        i++;
    }
    if (i < v->length && (v->text[i] == '{' || v->text[i] == '[')) {
        sgp_json_positions *p = NULL;
        if (sgp_json_positions_scan(&p, v->text, v->length, NULL, NULL) == SG_OK) {
            v->positions = p;
            v->lookup = sgp_json_position;
            v->json_positions = true;
        }
        return;
    }
    sgp_yaml_positions *p = NULL;
    sg_error ignored;
    json_t *doc = sgp_yaml_to_json(v->text, v->length, NULL, &p, &ignored);
    json_decref(doc);
    if (p) {
        v->positions = p;
        v->lookup = sgp_yaml_position;
    }
}

/* The line and column of the node at pointer, or of its nearest recorded ancestor. */
static void locate(loaded *v, const char *pointer, int *line, int *column) {
    *line = *column = 0;
    if (!pointer || !pointer[0]) {
        return;
    }
    ensure_positions(v);
    if (!v->lookup) {
        return;
    }
    char *p = sgp_strdup(pointer);
    if (!p) {
        return;
    }
    for (;;) {
        if (v->lookup(v->positions, p[0] ? p : "/", line, column)) {
            break;
        }
        char *slash = strrchr(p, '/');
        if (!slash || p[0] == '\0') {
            break;
        }
        *slash = '\0';
    }
    free(p);
}

/* Reads and loads version i of subject s from tree. */
static int load_version(checker *C, const sg_subject *s, size_t i, loaded *v, size_t check) {
    const sgp_version *ver = &s->versions[i];
    if (paths_of(C, ver->path, &v->file, &v->uri) != SG_OK) {
        return sgp_error_nomem(C->err);
    }
    sg_error err;
    sg_error_clear(&err);
    int rc = C->tree.read(&C->tree, ver->path, SG_MAX_SCHEMA_BYTES, &v->text, &v->length, &err);
    if (rc == SG_ENOMEM) {
        return sgp_error_nomem(C->err);
    }
    if (rc != SG_OK) {
        return sgp_report_finding(C->report, check, SG_FINDING_LOAD_ERROR, true, rc, v->file,
                                  v->uri, 0, 0, "", "v%d cannot be read: %s", ver->number,
                                  err.message) == SG_OK
                   ? SG_OK
                   : sgp_error_nomem(C->err);
    }
    v->read = true;
    rc = sg_schema_load_buffer(&v->schema, v->text, v->length, s->format, v->file, &err);
    if (rc == SG_ENOMEM) {
        return sgp_error_nomem(C->err);
    }
    if (rc != SG_OK) {
        int line = err.line, column = err.column;
        if (line <= 0 && err.path[0] == '/') {
            locate(v, err.path, &line, &column);
        }
        rc = sgp_report_finding(C->report, check, SG_FINDING_LOAD_ERROR, true, rc, v->file, v->uri,
                                line, column, err.path, "v%d does not load as %s: %s%s%s",
                                ver->number, sg_format_name(s->format), err.path,
                                err.path[0] ? ": " : "", err.message);
        return rc == SG_OK ? SG_OK : sgp_error_nomem(C->err);
    }
    return SG_OK;
}

/* Compatibility -------------------------------------------------------------------------------- */

/*
 * Where something removed from the old schema (a field, a union branch) belongs in the new
 * one: the chain of field names from the root to it in the old tree, followed by name through
 * the new tree as far as it goes. Returns the JSON pointer of the deepest field reached (or of
 * the new root).
 */
#define CHAIN_MAX 256

typedef struct chain {
    const char *names[CHAIN_MAX];
    int depth;
    bool ends_in_field; /* the pointer is a field's, not a type's */
} chain;

static bool same_pointer(sg_location loc, const char *pointer) {
    return loc.pointer && strcmp(loc.pointer, pointer) == 0;
}

static bool find_chain(const sg_type *t, const char *pointer, chain *c, int level) {
    if (!t || level > SG_MAX_DEPTH || c->depth >= CHAIN_MAX) {
        return false;
    }
    if (same_pointer(sg_type_location(t), pointer)) {
        return true;
    }
    for (size_t i = 0; i < sg_type_field_count(t); i++) {
        const sg_field *f = sg_type_field(t, i);
        c->names[c->depth++] = sg_field_name(f);
        if (same_pointer(sg_field_location(f), pointer)) {
            c->ends_in_field = true;
            return true;
        }
        if (find_chain(sg_field_type(f), pointer, c, level + 1)) {
            return true;
        }
        c->depth--;
    }
    for (size_t i = 0; i < sg_type_child_count(t); i++) {
        if (find_chain(sg_type_child(t, i), pointer, c, level + 1)) {
            return true;
        }
    }
    return false;
}

/* The field called name in t, or in a struct t holds without a field between (a list's
 * element, a map's value, a union's branch). */
static const sg_field *field_below(const sg_type *t, const char *name, int level) {
    if (!t || level > SG_MAX_DEPTH) {
        return NULL;
    }
    const sg_field *f = sg_type_field_by_name(t, name);
    for (size_t i = 0; !f && i < sg_type_child_count(t); i++) {
        f = field_below(sg_type_child(t, i), name, level + 1);
    }
    return f;
}

static const char *surviving_ancestor(const sg_schema *old_schema, const sg_schema *new_schema,
                                      const char *old_pointer) {
    const sg_type *t = sg_schema_root(new_schema);
    const char *best = sg_type_location(t).pointer;
    chain c;
    memset(&c, 0, sizeof c);
    if (!old_pointer || !find_chain(sg_schema_root(old_schema), old_pointer, &c, 0)) {
        return best ? best : "/";
    }
    int follow = c.ends_in_field ? c.depth - 1 : c.depth;
    for (int i = 0; i < follow; i++) {
        const sg_field *f = field_below(t, c.names[i], 0);
        if (!f) {
            break;
        }
        if (sg_field_location(f).pointer) {
            best = sg_field_location(f).pointer;
        }
        t = sg_field_type(f);
    }
    return best ? best : "/";
}

/* Compares version old_no (old) with version new_no (new) under the subject's mode. */
static int compare(checker *C, const sg_subject *s, loaded *old, int old_no, loaded *new,
                   int new_no, sg_rules rules) {
    const char *mode = sg_compat_mode_name(s->mode);
    size_t check = sgp_report_check(C->report, s->name, new->file,
                                    "v%d is compatible with v%d under %s", new_no, old_no, mode);
    if (check == (size_t)-1) {
        return sgp_error_nomem(C->err);
    }
    sg_diff *diff = NULL;
    int rc =
        sg_diff_new(&diff, old->schema, new->schema, sg_compat_mode_base(s->mode), rules, C->err);
    if (rc != SG_OK) {
        return rc;
    }
    for (size_t i = 0; rc == SG_OK && i < sg_diff_count(diff); i++) {
        const sg_change *ch = sg_diff_change(diff, i);
        if (!ch->breaking && !C->changes) {
            continue;
        }
        int line = 0, column = 0;
        if (ch->new_location.pointer) {
            locate(new, ch->new_location.pointer, &line, &column);
        } else {
            /* Gone from the new schema (a removed field): where its parent is now. */
            locate(new, surviving_ancestor(old->schema, new->schema, ch->old_location.pointer),
                   &line, &column);
        }
        if (ch->breaking) {
            rc = sgp_report_finding(
                C->report, check, SG_FINDING_INCOMPATIBLE, true, SG_OK, new->file, new->uri, line,
                column, ch->path, "v%d breaks %s compatibility with v%d (%s rules): %s: %s", new_no,
                mode, old_no, sg_rules_name(rules), ch->path, ch->message);
        } else {
            rc = sgp_report_finding(C->report, check, SG_FINDING_CHANGE, false, SG_OK, new->file,
                                    new->uri, line, column, ch->path, "v%d against v%d: %s: %s",
                                    new_no, old_no, ch->path, ch->message);
        }
        if (rc != SG_OK) {
            rc = sgp_error_nomem(C->err);
        }
    }
    sg_diff_free(diff);
    return rc;
}

/* Live drift --------------------------------------------------------------------------------- */

static bool is_live_ref(const char *against) {
    return against &&
           (strncmp(against, "glue://", 7) == 0 || strncmp(against, "glue-sr://", 10) == 0);
}

/* The table or schema name of a live reference: "orders" of glue://sales/orders,
 * "order_event" of glue-sr://registry/order_event@3. */
static void live_name(const char *ref, char *out, size_t size) {
    const char *slash = strrchr(ref, '/');
    const char *name = slash ? slash + 1 : ref;
    size_t n = strcspn(name, "@");
    snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), name);
}

static bool subject_rules(const sg_subject *s, const loaded *v, size_t count, sg_rules *rules);

/* Compares the subject's latest version with the live schema; differences are drift. */
static int check_drift(checker *C, const char *ref, const char *subject_name) {
    char name[256];
    if (subject_name == NULL) {
        live_name(ref, name, sizeof name);
        subject_name = name;
    }
    const sg_subject *s = NULL;
    for (size_t k = 0; k < C->reg->subject_count; k++) {
        if (strcmp(C->reg->subjects[k]->name, subject_name) == 0) {
            s = C->reg->subjects[k];
        }
    }
    if (s == NULL) {
        return sgp_error(C->err, SG_EUSAGE, ref, NULL, 0, 0,
                         "no subject '%s' in the registry to compare with: name it with --subject",
                         subject_name);
    }
    if (s->version_count == 0) {
        return sgp_error(C->err, SG_EUSAGE, ref, NULL, 0, 0, "subject '%s' has no versions",
                         s->name);
    }
    size_t latest = 0;
    for (size_t i = 1; i < s->version_count; i++) {
        if (s->versions[i].number > s->versions[latest].number) {
            latest = i;
        }
    }
    int number = s->versions[latest].number;
    size_t check = sgp_report_check(C->report, s->name, ref, "v%d matches %s", number, ref);
    if (check == (size_t)-1) {
        return sgp_error_nomem(C->err);
    }
    loaded local;
    memset(&local, 0, sizeof local);
    int rc = load_version(C, s, latest, &local, check);
    if (rc != SG_OK || local.schema == NULL) {
        loaded_free(&local);
        return rc; /* a load error is already a finding */
    }
    sg_schema *live = NULL;
    rc = sg_schema_load_file(&live, ref, SG_FORMAT_AUTO, C->err);
    if (rc != SG_OK) {
        loaded_free(&local);
        return rc;
    }
    sg_rules rules;
    if (!subject_rules(s, &local, 1, &rules)) {
        rules = sg_rules_for_schema(local.schema);
    }
    const char *mode = sg_compat_mode_name(s->mode);
    sg_diff *diff = NULL;
    rc = sg_diff_new(&diff, local.schema, live, sg_compat_mode_base(s->mode), rules, C->err);
    for (size_t i = 0; rc == SG_OK && i < sg_diff_count(diff); i++) {
        const sg_change *ch = sg_diff_change(diff, i);
        bool drift = ch->kind != SG_CHANGE_DOC;
        if (!drift && !C->changes) {
            continue;
        }
        int line = 0, column = 0;
        if (ch->old_location.pointer) {
            locate(&local, ch->old_location.pointer, &line, &column);
        }
        rc = sgp_report_finding(
            C->report, check, drift ? SG_FINDING_DRIFT : SG_FINDING_CHANGE, drift, SG_OK,
            local.file, local.uri, line, column, ch->path,
            "drift: %s differs from v%d: %s: %s (as v%d+1 it would %s %s under %s "
            "rules)",
            ref, number, ch->path, ch->message, number, ch->breaking ? "break" : "keep", mode,
            sg_rules_name(rules));
        if (rc != SG_OK) {
            rc = sgp_error_nomem(C->err);
        }
    }
    sg_diff_free(diff);
    sg_schema_free(live);
    loaded_free(&local);
    return rc;
}

/* The rule set of a subject: the config's, else the one the latest loadable version implies. */
static bool subject_rules(const sg_subject *s, const loaded *v, size_t count, sg_rules *rules) {
    if (s->has_rules) {
        *rules = s->rules;
        return true;
    }
    for (size_t i = count; i-- > 0;) {
        if (v[i].schema) {
            *rules = sg_rules_for_schema(v[i].schema);
            return true;
        }
    }
    return false;
}

/* The compatibility of versions first..count-1 with their predecessors. */
static int check_compatibility(checker *C, const sg_subject *s, loaded *v, size_t count,
                               size_t first) {
    if (first < 1) {
        first = 1;
    }
    if (count < 2 || first >= count || s->mode == SG_COMPAT_NONE) {
        return SG_OK;
    }
    if (s->mode == SG_COMPAT_DISABLED) {
        size_t check =
            sgp_report_check(C->report, s->name, "", "DISABLED: no version may be added after v1");
        if (check == (size_t)-1) {
            return sgp_error_nomem(C->err);
        }
        for (size_t i = first; i < count; i++) {
            char mode_file[64];
            snprintf(mode_file, sizeof mode_file, "line %d", s->mode_mark.line);
            if (sgp_report_finding(C->report, check, SG_FINDING_DISABLED, true, SG_OK, v[i].file,
                                   v[i].uri, 1, 1, "",
                                   "v%d follows v1, but the subject's mode is DISABLED (%s "
                                   "%s): no version may be added",
                                   s->versions[i].number, C->reg->source, mode_file) != SG_OK) {
                return sgp_error_nomem(C->err);
            }
        }
        return SG_OK;
    }
    sg_rules rules;
    if (!subject_rules(s, v, count, &rules)) {
        return SG_OK; /* nothing loads: the load errors say it all */
    }
    bool transitive = sg_compat_mode_transitive(s->mode);
    for (size_t i = first; i < count; i++) {
        if (!v[i].schema) {
            continue;
        }
        for (size_t j = transitive ? 0 : i - 1; j < i; j++) {
            if (!v[j].schema) {
                continue;
            }
            int rc =
                compare(C, s, &v[j], s->versions[j].number, &v[i], s->versions[i].number, rules);
            if (rc != SG_OK) {
                return rc;
            }
        }
    }
    return SG_OK;
}

/* History -------------------------------------------------------------------------------------- */

/* What a mode guarantees: backward, forward, against every version, no new versions. */
enum { GUARD_BACKWARD = 1, GUARD_FORWARD = 2, GUARD_ALL = 4, GUARD_FROZEN = 8 };

static int guarantees(sg_compat_mode mode) {
    if (mode == SG_COMPAT_DISABLED) {
        return GUARD_BACKWARD | GUARD_FORWARD | GUARD_ALL | GUARD_FROZEN;
    }
    int g = 0;
    switch (sg_compat_mode_base(mode)) {
    case SG_COMPAT_BACKWARD:
        g = GUARD_BACKWARD;
        break;
    case SG_COMPAT_FORWARD:
        g = GUARD_FORWARD;
        break;
    case SG_COMPAT_FULL:
        g = GUARD_BACKWARD | GUARD_FORWARD;
        break;
    default:
        return 0;
    }
    return g | (sg_compat_mode_transitive(mode) ? GUARD_ALL : 0);
}

/* Why going from old to new loosens the mode; NULL when it does not. */
static const char *loosened(sg_compat_mode old, sg_compat_mode new, char *buf, size_t size) {
    int lost = guarantees(old) & ~guarantees(new);
    bool weaker = sg_compat_mode_strictness(new) < sg_compat_mode_strictness(old);
    if (!lost && !weaker) {
        return NULL;
    }
    buf[0] = '\0';
    size_t used = 0;
    static const struct {
        int bit;
        const char *text;
    } parts[] = {
        {GUARD_FROZEN, "new versions are allowed again"},
        {GUARD_BACKWARD, "new versions need no longer read data written with the old ones"},
        {GUARD_FORWARD, "old readers need no longer read data written with new versions"},
        {GUARD_ALL, "new versions are no longer checked against every earlier version"},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (lost & parts[i].bit) {
            int n = snprintf(buf + used, size - used, "%s%s", used ? "; " : "", parts[i].text);
            used += n > 0 && (size_t)n < size - used ? (size_t)n : 0;
        }
    }
    if (!buf[0]) {
        snprintf(buf, size, "it checks less");
    }
    return buf;
}

/* The 1-based line where a and b first differ. */
static int first_difference(const char *a, size_t na, const char *b, size_t nb) {
    int line = 1;
    for (size_t i = 0; i < na && i < nb && a[i] == b[i]; i++) {
        line += a[i] == '\n';
    }
    return line;
}

static const sgp_version *version_numbered(const sg_subject *s, int number, size_t *index) {
    for (size_t i = 0; i < s->version_count; i++) {
        if (s->versions[i].number == number) {
            *index = i;
            return &s->versions[i];
        }
    }
    return NULL;
}

/* The config as shown and as a URI. */
static int config_paths(const checker *C, char **file, char **uri) {
    const char *source = C->reg->source;
    const char *slash = strrchr(source, '/');
    *file = sgp_strdup(source);
    *uri = C->prefix ? sgp_path_join(C->prefix[0] ? C->prefix : ".", slash ? slash + 1 : source)
                     : sgp_strdup(source);
    if (!*file || !*uri) {
        free(*file);
        free(*uri);
        return SG_ENOMEM;
    }
    return SG_OK;
}

/* Published versions unchanged, mode not loosened. */
static int check_history(checker *C, const sg_subject *s, const sg_subject *old, loaded *v) {
    char *config = NULL, *config_uri = NULL;
    if (config_paths(C, &config, &config_uri) != SG_OK) {
        return sgp_error_nomem(C->err);
    }
    int rc = SG_OK;
    size_t check =
        sgp_report_check(C->report, s->name, config, "mode is not loosened since %s", C->rev);
    char why[512];
    if (check == (size_t)-1) {
        rc = sgp_error_nomem(C->err);
    } else if (loosened(old->mode, s->mode, why, sizeof why)) {
        rc = sgp_report_finding(
            C->report, check, SG_FINDING_MODE_LOOSENED, true, SG_OK, config, config_uri,
            s->mode_mark.line, s->mode_mark.column, "", "mode loosened from %s (at %s) to %s: %s",
            sg_compat_mode_name(old->mode), C->rev, sg_compat_mode_name(s->mode), why);
        rc = rc == SG_OK ? SG_OK : sgp_error_nomem(C->err);
    }
    for (size_t i = 0; rc == SG_OK && i < old->version_count; i++) {
        const sgp_version *ov = &old->versions[i];
        size_t index = 0;
        const sgp_version *nv = version_numbered(s, ov->number, &index);
        char *file = NULL, *uri = NULL;
        if (paths_of(C, nv ? nv->path : ov->path, &file, &uri) != SG_OK) {
            rc = sgp_error_nomem(C->err);
            break;
        }
        check = sgp_report_check(C->report, s->name, file, "v%d is unchanged since %s", ov->number,
                                 C->rev);
        char *old_text = NULL;
        size_t old_length = 0;
        sg_error err;
        if (check == (size_t)-1) {
            rc = sgp_error_nomem(C->err);
        } else if (!nv || !v[index].read) {
            char *old_file = NULL, *old_uri = NULL;
            if (paths_of(C, ov->path, &old_file, &old_uri) != SG_OK) {
                rc = sgp_error_nomem(C->err);
            } else {
                rc = sgp_report_finding(C->report, check, SG_FINDING_VERSION_DELETED, true, SG_OK,
                                        old_file, old_uri, 0, 0, "",
                                        "v%d, published at %s, was deleted: published versions "
                                        "are immutable; restore it with git checkout %s -- %s",
                                        ov->number, C->rev, C->rev, old_file);
                rc = rc == SG_OK ? SG_OK : sgp_error_nomem(C->err);
            }
            free(old_file);
            free(old_uri);
        } else if ((rc = C->old_tree->read(C->old_tree, ov->path, SG_MAX_SCHEMA_BYTES, &old_text,
                                           &old_length, &err)) != SG_OK) {
            /* Listed at the revision but not there: nothing was published. */
            rc = rc == SG_ENOTFOUND ? SG_OK : (*C->err = err, rc);
        } else if (old_length != v[index].length ||
                   memcmp(old_text, v[index].text, old_length) != 0) {
            int line = first_difference(old_text, old_length, v[index].text, v[index].length);
            rc = sgp_report_finding(C->report, check, SG_FINDING_VERSION_EDITED, true, SG_OK, file,
                                    uri, line, 1, "",
                                    "v%d, published at %s, was edited (first difference at "
                                    "line %d): published versions are immutable; restore it "
                                    "with git checkout %s -- %s and add the change as a new "
                                    "version",
                                    ov->number, C->rev, line, C->rev, file);
            rc = rc == SG_OK ? SG_OK : sgp_error_nomem(C->err);
        }
        free(old_text);
        free(file);
        free(uri);
    }
    free(config);
    free(config_uri);
    return rc;
}

/* Do the first versions of subject n hold exactly the bytes of old's versions? */
static int same_versions(checker *C, const sg_subject *old, const subject_state *n, bool *same) {
    *same = false;
    if (old->version_count == 0 || n->count < old->version_count) {
        return SG_OK;
    }
    for (size_t i = 0; i < old->version_count; i++) {
        size_t index;
        if (!version_numbered(n->subject, old->versions[i].number, &index) ||
            !n->versions[index].read) {
            return SG_OK;
        }
        char *text = NULL;
        size_t length = 0;
        sg_error err;
        int rc = C->old_tree->read(C->old_tree, old->versions[i].path, SG_MAX_SCHEMA_BYTES, &text,
                                   &length, &err);
        if (rc == SG_ENOTFOUND) {
            return SG_OK;
        }
        if (rc != SG_OK) {
            *C->err = err;
            return rc;
        }
        bool equal = length == n->versions[index].length &&
                     memcmp(text, n->versions[index].text, length) == 0;
        free(text);
        if (!equal) {
            return SG_OK;
        }
    }
    *same = true;
    return SG_OK;
}

/* Subjects of the revision that are gone: renamed (their versions are another new subject's)
 * or removed. */
static int check_removed(checker *C) {
    char *config = NULL, *config_uri = NULL;
    if (config_paths(C, &config, &config_uri) != SG_OK) {
        return sgp_error_nomem(C->err);
    }
    int rc = SG_OK;
    for (size_t k = 0; rc == SG_OK && k < C->old->subject_count; k++) {
        const sg_subject *old = C->old->subjects[k];
        if (sg_registry_find_subject(C->reg, old->name)) {
            continue;
        }
        const subject_state *renamed = NULL;
        for (size_t i = 0; rc == SG_OK && !renamed && i < C->reg->subject_count; i++) {
            const subject_state *n = &C->states[i];
            bool same = false;
            if (!sg_registry_find_subject(C->old, n->subject->name)) {
                rc = same_versions(C, old, n, &same);
            }
            renamed = same ? n : NULL;
        }
        if (rc != SG_OK) {
            break;
        }
        size_t check = sgp_report_check(C->report, old->name, config,
                                        "subject is still in the config (it was at %s)", C->rev);
        if (check == (size_t)-1) {
            rc = sgp_error_nomem(C->err);
        } else if (renamed) {
            rc = sgp_report_finding(
                C->report, check, SG_FINDING_SUBJECT_RENAMED, true, SG_OK, config, config_uri,
                renamed->subject->mark.line, renamed->subject->mark.column, "",
                "subject %s (%zu published version%s at %s) was renamed to %s: producers and "
                "consumers find a subject by its name; keep %s and add a new subject beside it",
                old->name, old->version_count, old->version_count == 1 ? "" : "s", C->rev,
                renamed->subject->name, old->name);
        } else {
            rc = sgp_report_finding(
                C->report, check, SG_FINDING_SUBJECT_REMOVED, true, SG_OK, config, config_uri,
                C->reg->subjects_mark.line, C->reg->subjects_mark.column, "",
                "subject %s (%zu published version%s at %s) was removed from the config: "
                "subjects are never removed, since readers of its data still need it",
                old->name, old->version_count, old->version_count == 1 ? "" : "s", C->rev);
        }
        if (rc == SG_ENOMEM) {
            rc = sgp_error_nomem(C->err);
        }
    }
    free(config);
    free(config_uri);
    return rc;
}

/* The whole check ------------------------------------------------------------------------------ */

static int check_subject(checker *C, size_t k) {
    const sg_subject *s = C->reg->subjects[k];
    subject_state *st = &C->states[k];
    st->subject = s;
    if (sgp_report_subject(C->report, s->name) != SG_OK) {
        return sgp_error_nomem(C->err);
    }
    if (s->version_count) {
        st->versions = calloc(s->version_count, sizeof *st->versions);
        if (!st->versions) {
            return sgp_error_nomem(C->err);
        }
    }
    st->count = s->version_count;
    for (size_t i = 0; i < s->version_count; i++) {
        char *file = sgp_path_join(C->reg->dir, s->versions[i].path);
        size_t check =
            file ? sgp_report_check(C->report, s->name, file, "v%d loads", s->versions[i].number)
                 : (size_t)-1;
        free(file);
        if (check == (size_t)-1) {
            return sgp_error_nomem(C->err);
        }
        int rc = load_version(C, s, i, &st->versions[i], check);
        if (rc != SG_OK) {
            return rc;
        }
    }
    if (!s->lists_versions) {
        char *folder = sgp_path_join(C->reg->root, s->name);
        char *shown = folder ? sgp_path_join(C->reg->dir, folder) : NULL;
        size_t check = shown ? sgp_report_check(C->report, s->name, shown,
                                                "version files are numbered v1, v2, ...")
                             : (size_t)-1;
        free(folder);
        free(shown);
        if (check == (size_t)-1) {
            return sgp_error_nomem(C->err);
        }
        for (size_t i = 0; i < s->problem_count; i++) {
            char *file = NULL, *uri = NULL;
            if (paths_of(C, s->problems[i].path, &file, &uri) != SG_OK ||
                sgp_report_finding(C->report, check, SG_FINDING_LAYOUT, true, SG_OK, file, uri, 0,
                                   0, "", "%s", s->problems[i].message) != SG_OK) {
                free(file);
                free(uri);
                return sgp_error_nomem(C->err);
            }
            free(file);
            free(uri);
        }
    }
    size_t first = 0;
    const sg_subject *old = C->old ? sg_registry_find_subject(C->old, s->name) : NULL;
    if (old) {
        int rc = check_history(C, s, old, st->versions);
        if (rc != SG_OK) {
            return rc;
        }
        /* Only versions after the last published one are new. */
        int last = 0;
        for (size_t i = 0; i < old->version_count; i++) {
            last = old->versions[i].number > last ? old->versions[i].number : last;
        }
        while (first < s->version_count && s->versions[first].number <= last) {
            first++;
        }
    }
    return check_compatibility(C, s, st->versions, st->count, first);
}

static int check_folders(checker *C) {
    if (C->reg->problem_count == 0 && strcmp(C->reg->root, ".") == 0) {
        return SG_OK;
    }
    char *shown = sgp_path_join(C->reg->dir, C->reg->root);
    size_t check = shown ? sgp_report_check(C->report, "", shown,
                                            "every folder under %s is a subject", C->reg->root)
                         : (size_t)-1;
    free(shown);
    if (check == (size_t)-1) {
        return sgp_error_nomem(C->err);
    }
    for (size_t i = 0; i < C->reg->problem_count; i++) {
        char *file = NULL, *uri = NULL;
        if (paths_of(C, C->reg->problems[i].path, &file, &uri) != SG_OK ||
            sgp_report_finding(C->report, check, SG_FINDING_UNKNOWN_FOLDER, true, SG_OK, file, uri,
                               0, 0, "", "%s", C->reg->problems[i].message) != SG_OK) {
            free(file);
            free(uri);
            return sgp_error_nomem(C->err);
        }
        free(file);
        free(uri);
    }
    return SG_OK;
}

static void states_free(checker *C) {
    for (size_t k = 0; C->states && k < C->reg->subject_count; k++) {
        for (size_t i = 0; i < C->states[k].count; i++) {
            loaded_free(&C->states[k].versions[i]);
        }
        free(C->states[k].versions);
    }
    free(C->states);
    C->states = NULL;
}

/* The config's file name (after the last '/'). */
static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Reads the registry at the revision, if it has one there. */
static int open_old(const sgp_tree *tree, const char *config_name, sg_registry **out,
                    sg_error *err) {
    *out = NULL;
    char *text = NULL;
    size_t length = 0;
    sg_error read_err;
    int rc =
        tree->read(tree, config_name, SG_REGISTRY_MAX_CONFIG_BYTES + 1, &text, &length, &read_err);
    if (rc == SG_ENOTFOUND) {
        return SG_OK; /* a new registry */
    }
    if (rc != SG_OK) {
        *err = read_err;
        return rc;
    }
    char *name = tree->name(tree, config_name);
    if (!name) {
        free(text);
        return sgp_error_nomem(err);
    }
    rc = sgp_registry_parse(out, text, length, name, ".", err);
    free(text);
    free(name);
    if (rc == SG_OK) {
        rc = sgp_registry_resolve(*out, tree, err);
    }
    if (rc != SG_OK) {
        sg_registry_free(*out);
        *out = NULL;
    }
    return rc;
}

int sg_registry_check(sg_report **out, const char *config_path, const sg_check_options *options,
                      sg_error *err) {
    if (!out || !config_path) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no output or no config path given");
    }
    *out = NULL;
    sg_check_options defaults = SG_CHECK_OPTIONS_INIT;
    if (!options) {
        options = &defaults;
    }
    sg_error local;
    if (!err) {
        err = &local;
    }
    sg_registry *reg = NULL;
    int rc = sg_registry_open(&reg, config_path, err);
    if (rc != SG_OK) {
        return rc;
    }
    checker C;
    memset(&C, 0, sizeof C);
    C.reg = reg;
    C.err = err;
    C.changes = options->changes;
    sgp_tree_files(&C.tree, reg->dir);
    sgp_git git;
    memset(&git, 0, sizeof git);
    sgp_tree old_tree;
    sg_registry *old = NULL;
    char *prefix = NULL;
    bool live = is_live_ref(options->against);
    if (options->against && !live) {
        rc = sgp_git_open(&git, reg->dir, options->against, config_path, err);
        if (rc == SG_OK) {
            C.prefix = git.prefix;
            C.rev = git.rev;
            sgp_tree_git(&old_tree, &git);
            C.old_tree = &old_tree;
            rc = open_old(&old_tree, base_name(config_path), &old, err);
            C.old = old;
        }
    } else {
        prefix = sgp_git_prefix(reg->dir);
        C.prefix = prefix;
    }
    if (rc == SG_OK) {
        C.report = sgp_registry_report_new();
        C.states = calloc(reg->subject_count + 1, sizeof *C.states);
        if (!C.report || !C.states) {
            rc = sgp_error_nomem(err);
        }
    }
    for (size_t k = 0; rc == SG_OK && k < reg->subject_count; k++) {
        rc = check_subject(&C, k);
    }
    if (rc == SG_OK && old) {
        rc = check_removed(&C);
    }
    if (rc == SG_OK) {
        rc = check_folders(&C);
    }
    if (rc == SG_OK && live) {
        rc = check_drift(&C, options->against, options->version >= 2 ? options->subject : NULL);
    }
    states_free(&C);
    sg_registry_free(old);
    sgp_git_close(&git);
    free(prefix);
    sg_registry_free(reg);
    if (rc != SG_OK) {
        sg_report_free(C.report);
        return rc;
    }
    *out = C.report;
    return SG_OK;
}

/* Adding a version ----------------------------------------------------------------------------- */

/* Creates dir and its parents (like mkdir -p). */
static int make_dirs(const char *dir, sg_error *err) {
    char *path = sgp_strdup(dir);
    if (!path) {
        return sgp_error_nomem(err);
    }
    int rc = SG_OK;
    for (char *p = path + 1;; p++) {
        bool end = *p == '\0';
        if (*p == '/' || end) {
            char saved = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                rc = sgp_error(err, SG_EIO, path, NULL, 0, 0, "cannot create the folder: %s",
                               strerror(errno));
                break;
            }
            *p = saved;
        }
        if (end) {
            break;
        }
    }
    free(path);
    return rc;
}

/* Writes data to target without ever leaving a partial file there: a temporary file in the
 * same folder (created with O_EXCL, mode 0666 less the umask), written, fsync'd, then linked to
 * target (which fails, rather than replace, if target exists) and unlinked; the folder is
 * fsync'd so the new name survives a crash. */
static int write_atomically(const char *folder, const char *target, const char *data, size_t length,
                            sg_error *err) {
    char *temp = NULL;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        free(temp);
        sgp_buf name = SGP_BUF_INIT;
        sgp_buf_printf(&name, "%s/.schemagate-add-%ld-%d.tmp", folder, (long)getpid(), attempt);
        temp = sgp_buf_take(&name);
        if (!temp) {
            return sgp_error_nomem(err);
        }
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno != EEXIST) {
            int e = errno;
            free(temp);
            return sgp_error(err, SG_EIO, folder, NULL, 0, 0, "cannot create a file: %s",
                             strerror(e));
        }
    }
    if (fd < 0) {
        free(temp);
        return sgp_error(err, SG_EIO, folder, NULL, 0, 0, "cannot create a temporary file");
    }
    int rc = SG_OK;
    for (size_t done = 0; done < length;) {
        ssize_t n = write(fd, data + done, length - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            rc = sgp_error(err, SG_EIO, target, NULL, 0, 0, "write failed: %s", strerror(errno));
            break;
        }
        done += (size_t)n;
    }
    if (rc == SG_OK && fsync(fd) != 0) {
        rc = sgp_error(err, SG_EIO, target, NULL, 0, 0, "fsync failed: %s", strerror(errno));
    }
    if (close(fd) != 0 && rc == SG_OK) {
        rc = sgp_error(err, SG_EIO, target, NULL, 0, 0, "write failed: %s", strerror(errno));
    }
    if (rc == SG_OK && link(temp, target) != 0) {
        int e = errno;
        if (e == EEXIST) {
            rc = sgp_error(err, SG_EIO, target, NULL, 0, 0,
                           "already exists (another add at the same time?); nothing written");
        } else if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == ENOSYS) {
            /* No hard links here: rename, after making sure nothing is replaced. */
            struct stat st;
            if (lstat(target, &st) == 0) {
                rc = sgp_error(err, SG_EIO, target, NULL, 0, 0, "already exists; nothing written");
            } else if (rename(temp, target) != 0) {
                rc = sgp_error(err, SG_EIO, target, NULL, 0, 0, "cannot rename into place: %s",
                               strerror(errno));
            }
        } else {
            rc = sgp_error(err, SG_EIO, target, NULL, 0, 0, "cannot link into place: %s",
                           strerror(e));
        }
    }
    unlink(temp); /* after link (or on failure): the temporary name goes */
    free(temp);
    if (rc == SG_OK) {
        int dfd = open(folder, O_RDONLY);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    return rc;
}

/* The extension for the new file: the added file's own when the format uses it, else the
 * format's first. */
static const char *extension_for(sg_format format, const char *file) {
    const char *const *list = sgp_format_extensions(format);
    const char *slash = strrchr(file, '/');
    const char *dot = strrchr(slash ? slash : file, '.');
    for (size_t i = 0; dot && list[i]; i++) {
        if (strcmp(dot + 1, list[i]) == 0) {
            return list[i];
        }
    }
    return list[0];
}

int sg_registry_add(sg_report **out, char **written, char **same_as, const char *config_path,
                    const char *subject, const char *file, sg_error *err) {
    if (!out || !written || !same_as || !config_path || !subject || !file) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "a NULL argument");
    }
    *out = NULL;
    *written = NULL;
    *same_as = NULL;
    sg_error local;
    if (!err) {
        err = &local;
    }
    sg_registry *reg = NULL;
    int rc = sg_registry_open(&reg, config_path, err);
    if (rc != SG_OK) {
        return rc;
    }
    const sg_subject *s = sg_registry_find_subject(reg, subject);
    if (!s) {
        const char *hint = sg_registry_suggest_subject(reg, subject);
        rc = sgp_error(err, SG_ENOTFOUND, config_path, NULL, 0, 0,
                       "no subject \"%s\"%s%s%s; add it under `subjects:` first", subject,
                       hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
        sg_registry_free(reg);
        return rc;
    }
    if (s->lists_versions) {
        rc = sgp_error(err, SG_EUNSUPPORTED, config_path, NULL, s->versions_mark.line,
                       s->versions_mark.column,
                       "subject \"%s\" lists its versions in the config: add the file to its "
                       "`versions:` by hand",
                       subject);
        sg_registry_free(reg);
        return rc;
    }
    checker C;
    memset(&C, 0, sizeof C);
    C.reg = reg;
    C.err = err;
    sgp_tree_files(&C.tree, reg->dir);
    char *prefix = sgp_git_prefix(reg->dir);
    C.prefix = prefix;
    loaded added;
    memset(&added, 0, sizeof added);
    C.report = sgp_registry_report_new();
    C.states = calloc(reg->subject_count + 1, sizeof *C.states);
    size_t index = 0;
    for (; index < reg->subject_count && reg->subjects[index] != s; index++) {
    }
    if (!C.report || !C.states || !(added.file = sgp_strdup(file)) ||
        !(added.uri = sgp_strdup(file))) {
        rc = sgp_error_nomem(err);
    }
    /* The new file: read whole, loaded in the subject's format (load errors are errors). */
    if (rc == SG_OK) {
        rc = sgp_read_file(file, SG_MAX_SCHEMA_BYTES, &added.text, &added.length, err);
        added.read = rc == SG_OK;
    }
    if (rc == SG_OK) {
        rc = sg_schema_load_buffer(&added.schema, added.text, added.length, s->format,
                                   strcmp(file, "-") == 0 ? "<stdin>" : file, err);
    }
    /* The subject's versions: each must load for the check. */
    if (rc == SG_OK) {
        rc = check_subject(&C, index);
    }
    subject_state *st = rc == SG_OK ? &C.states[index] : NULL;
    if (rc == SG_OK && sg_report_error_count(C.report) == 0 && st->count > 0) {
        /* The same schema as the latest version: nothing to add. */
        const loaded *latest = &st->versions[st->count - 1];
        if (sg_schema_equal(latest->schema, added.schema, SG_CMP_DEFAULT)) {
            *same_as = sgp_strdup(latest->file);
            rc = *same_as ? SG_OK : sgp_error_nomem(err);
            goto done;
        }
    }
    int next = st && st->count ? s->versions[st->count - 1].number + 1 : 1;
    if (rc == SG_OK && sg_report_error_count(C.report) == 0) {
        /* Only the new version's findings matter: drop what the state check found. */
        sg_report_free(C.report);
        C.report = sgp_registry_report_new();
        if (!C.report || sgp_report_subject(C.report, s->name) != SG_OK) {
            rc = sgp_error_nomem(err);
        }
        /* Check the new file as version `next` after the existing ones. */
        loaded *all = rc == SG_OK ? calloc(st->count + 1, sizeof *all) : NULL;
        sgp_version *numbers = rc == SG_OK ? calloc(st->count + 1, sizeof *numbers) : NULL;
        if (rc == SG_OK && (!all || !numbers)) {
            rc = sgp_error_nomem(err);
        }
        if (rc == SG_OK) {
            if (st->count) {
                memcpy(all, st->versions, st->count * sizeof *all);
                memcpy(numbers, s->versions, st->count * sizeof *numbers);
            }
            all[st->count] = added;
            numbers[st->count].number = next;
            sg_subject view = *s;
            view.versions = numbers;
            view.version_count = st->count + 1;
            rc = check_compatibility(&C, &view, all, st->count + 1, st->count);
            added = all[st->count]; /* positions may have been built */
        }
        free(all);
        free(numbers);
    }
    if (rc == SG_OK && sg_report_error_count(C.report) == 0 &&
        sg_report_violation_count(C.report) == 0) {
        char *folder_rel = sgp_path_join(reg->root, s->name);
        char *folder = folder_rel ? sgp_path_join(reg->dir, folder_rel) : NULL;
        char name[64];
        snprintf(name, sizeof name, "v%d.%s", next, extension_for(s->format, file));
        char *target = folder ? sgp_path_join(folder, name) : NULL;
        if (!target) {
            rc = sgp_error_nomem(err);
        } else if ((rc = make_dirs(folder, err)) == SG_OK &&
                   (rc = write_atomically(folder, target, added.text, added.length, err)) ==
                       SG_OK) {
            *written = target;
            target = NULL;
        }
        free(target);
        free(folder);
        free(folder_rel);
    }
done:
    loaded_free(&added);
    states_free(&C);
    free(prefix);
    sg_registry_free(reg);
    if (rc != SG_OK) {
        sg_report_free(C.report);
        free(*written);
        free(*same_as);
        *written = *same_as = NULL;
        return rc;
    }
    *out = C.report;
    return SG_OK;
}

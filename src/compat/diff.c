/*
 * compat/diff.c: walks an old and a new schema together, records every change, and decides
 * for each whether the new schema can still read what the old one wrote (backward) and the
 * old one what the new one writes (forward), under one of four rule sets. The rules and their
 * sources are in docs/compatibility.md; the reader/writer logic of the Avro rules follows the
 * specification's "Schema Resolution" section.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schemagate/compat.h"
#include "compat/reads.h"
#include "sources/avro_internal.h"
#include "util/limits.h"
#include "util/util.h"

struct sg_diff {
    sg_change *items;
    size_t count;
    size_t cap;
    size_t breaking;
};

typedef struct differ {
    sg_diff *diff;
    sg_compat_mode mode;
    sg_rules rules;
    char path[SG_CHANGE_PATH_MAX];
    bool failed;      /* out of memory */
    bool partitioned; /* the new table has partition keys (Athena type changes need them) */
} differ;

/* Recording ------------------------------------------------------------------------------------ */

static bool breaks_under(sg_compat_mode mode, bool backward, bool forward) {
    switch (sg_compat_mode_base(mode)) {
    case SG_COMPAT_NONE:
        return false;
    case SG_COMPAT_BACKWARD:
        return backward;
    case SG_COMPAT_FORWARD:
        return forward;
    case SG_COMPAT_DISABLED:
        return true; /* no new version may be added at all */
    default:
        return backward || forward;
    }
}

static void record(differ *D, sg_change_kind kind, bool backward, bool forward,
                   const sg_type *old_type, const sg_type *new_type, const sg_field *old_field,
                   const sg_field *new_field, const char *fmt, ...) SGP_PRINTF(9, 10);

static void record(differ *D, sg_change_kind kind, bool backward, bool forward,
                   const sg_type *old_type, const sg_type *new_type, const sg_field *old_field,
                   const sg_field *new_field, const char *fmt, ...) {
    sg_diff *diff = D->diff;
    if (!sgp_reserve((void **)&diff->items, &diff->cap, diff->count + 1, sizeof(sg_change))) {
        D->failed = true;
        return;
    }
    sg_change *c = &diff->items[diff->count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->breaks_backward = backward;
    c->breaks_forward = forward;
    c->breaking = breaks_under(D->mode, backward, forward);
    snprintf(c->path, sizeof c->path, "%s", D->path[0] ? D->path : "(root)");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
    if (old_field) {
        c->old_location = sg_field_location(old_field);
    } else if (old_type) {
        c->old_location = sg_type_location(old_type);
    }
    if (new_field) {
        c->new_location = sg_field_location(new_field);
    } else if (new_type) {
        c->new_location = sg_type_location(new_type);
    }
    diff->breaking += c->breaking;
}

static size_t path_push(differ *D, const char *part, bool is_field) {
    return sgp_path_push(D->path, sizeof D->path, part, is_field);
}

static void path_pop(differ *D, size_t saved) {
    D->path[saved] = '\0';
}

/* Avro's view of a model kind ---------------------------------------------------------------- */

/* Avro promotions, writer type -> reader type (specification, Schema Resolution). */
static bool avro_promotes(const char *writer, const char *reader) {
    static const char *const pairs[][2] = {
        {"int", "long"},    {"int", "float"},    {"int", "double"},   {"long", "float"},
        {"long", "double"}, {"float", "double"}, {"string", "bytes"}, {"bytes", "string"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (strcmp(pairs[i][0], writer) == 0 && strcmp(pairs[i][1], reader) == 0) {
            return true;
        }
    }
    return false;
}

/* Logical types live on top of the Avro types; changing one reinterprets the same bytes. */
static bool same_logical(const sg_type *a, const sg_type *b) {
    sg_kind ka = sg_type_kind(a), kb = sg_type_kind(b);
    bool a_int = ka == SG_KIND_INT8 || ka == SG_KIND_INT16 || ka == SG_KIND_INT32;
    bool b_int = kb == SG_KIND_INT8 || kb == SG_KIND_INT16 || kb == SG_KIND_INT32;
    return ka == kb || (a_int && b_int);
}

static bool is_plain(const sg_type *t) {
    switch (sg_type_kind(t)) {
    case SG_KIND_INT8:
    case SG_KIND_INT16:
    case SG_KIND_INT32:
    case SG_KIND_INT64:
    case SG_KIND_FLOAT32:
    case SG_KIND_FLOAT64:
    case SG_KIND_STRING:
    case SG_KIND_BINARY:
        return true;
    default:
        return false;
    }
}

static const char *full_name(const sg_type *t, char *buf, size_t size) {
    const char *ns = sg_type_namespace(t);
    snprintf(buf, size, "%s%s%s", ns ? ns : "", ns ? "." : "",
             sg_type_name(t) ? sg_type_name(t) : "");
    return buf;
}

/* Named types match by unqualified name (Avro 1.9.1+), or through a reader alias naming the
 * writer's full name. */
static bool avro_names_match(const sg_type *reader, const sg_type *writer) {
    const char *rn = sg_type_name(reader), *wn = sg_type_name(writer);
    if (!rn || !wn || strcmp(rn, wn) == 0) {
        return true;
    }
    char writer_full[1024];
    full_name(writer, writer_full, sizeof writer_full);
    for (size_t i = 0; i < sg_type_alias_count(reader); i++) {
        const char *alias = sg_type_alias(reader, i);
        const char *ns = sg_type_namespace(reader);
        char qualified[1024];
        /* A relative alias lives in the reader type's namespace. */
        snprintf(qualified, sizeof qualified, "%s%s%s", strchr(alias, '.') || !ns ? "" : ns,
                 strchr(alias, '.') || !ns ? "" : ".", alias);
        if (strcmp(qualified, writer_full) == 0 || strcmp(alias, wn) == 0) {
            return true;
        }
    }
    return false;
}

/* Can a reader of type r read what a writer of type w wrote, by Avro's rules? Nullability of
 * r and w is ignored here; the caller handles it. Used for union branch matching. */
static bool avro_can_read(const sg_type *r, const sg_type *w, int depth);

static bool avro_can_read_plain(const sg_type *r, const sg_type *w, int depth) {
    if (depth > SG_MAX_DEPTH) {
        return false;
    }
    const char *rb = sgp_avro_type_name(r), *wb = sgp_avro_type_name(w);
    if (strcmp(rb, wb) != 0) {
        /* Resolution works on the Avro types under any logical type (SPEC; both checkers). */
        return avro_promotes(wb, rb);
    }
    if (sg_type_kind(r) == SG_KIND_DECIMAL && sg_type_kind(w) == SG_KIND_DECIMAL) {
        /* The one logical type the specification resolves: equal precision and scale. */
        return sg_type_precision(r) == sg_type_precision(w) &&
               sg_type_scale(r) == sg_type_scale(w) && sg_type_size(r) == sg_type_size(w) &&
               avro_names_match(r, w);
    }
    if (!same_logical(r, w)) {
        return true; /* same Avro type, other logical type: resolvable (values reinterpreted) */
    }
    switch (sg_type_kind(r)) {
    case SG_KIND_FIXED:
    case SG_KIND_DURATION:
    case SG_KIND_UUID:
        return sg_type_size(r) == sg_type_size(w) && avro_names_match(r, w);
    case SG_KIND_ENUM: {
        if (!avro_names_match(r, w)) {
            return false;
        }
        if (sg_type_enum_default(r)) {
            return true;
        }
        for (size_t i = 0; i < sg_type_symbol_count(w); i++) {
            bool found = false;
            for (size_t j = 0; j < sg_type_symbol_count(r) && !found; j++) {
                found = strcmp(sg_type_symbol(w, i), sg_type_symbol(r, j)) == 0;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
    case SG_KIND_LIST:
        return avro_can_read(sg_type_element(r), sg_type_element(w), depth + 1);
    case SG_KIND_MAP:
        return avro_can_read(sg_type_map_value(r), sg_type_map_value(w), depth + 1);
    case SG_KIND_STRUCT: {
        if (!avro_names_match(r, w)) {
            return false;
        }
        for (size_t i = 0; i < sg_type_field_count(r); i++) {
            const sg_field *rf = sg_type_field(r, i);
            const sg_field *wf = sg_type_field_by_name(w, sg_field_name(rf));
            for (size_t a = 0; !wf && a < sg_field_alias_count(rf); a++) {
                wf = sg_type_field_by_name(w, sg_field_alias(rf, a));
            }
            if (!wf) {
                if (!sg_field_default(rf)) {
                    return false;
                }
                continue;
            }
            if (!avro_can_read(sg_field_type(rf), sg_field_type(wf), depth + 1)) {
                return false;
            }
        }
        return true;
    }
    case SG_KIND_UNION:
        return avro_can_read(r, w, depth + 1);
    default:
        return true;
    }
}

/* With nullability and unions: every branch the writer can write must be readable by some
 * reader branch. */
static bool avro_can_read(const sg_type *r, const sg_type *w, int depth) {
    if (depth > SG_MAX_DEPTH) {
        return false;
    }
    if (sg_type_nullable(w) && !sg_type_nullable(r) && sg_type_kind(r) != SG_KIND_NULL) {
        return false;
    }
    size_t wn = sg_type_kind(w) == SG_KIND_UNION ? sg_type_child_count(w) : 1;
    for (size_t i = 0; i < wn; i++) {
        const sg_type *wb = sg_type_kind(w) == SG_KIND_UNION ? sg_type_child(w, i) : w;
        if (sg_type_kind(wb) == SG_KIND_NULL) {
            if (!sg_type_nullable(r) && sg_type_kind(r) != SG_KIND_NULL) {
                return false;
            }
            continue;
        }
        bool readable = false;
        size_t rn = sg_type_kind(r) == SG_KIND_UNION ? sg_type_child_count(r) : 1;
        for (size_t j = 0; j < rn && !readable; j++) {
            const sg_type *rb = sg_type_kind(r) == SG_KIND_UNION ? sg_type_child(r, j) : r;
            readable = sg_type_kind(rb) != SG_KIND_UNION && avro_can_read_plain(rb, wb, depth + 1);
        }
        if (!readable) {
            return false;
        }
    }
    return true;
}

/* Type changes under the SQL engines' rules ---------------------------------------------------- */

static int integer_rank(sg_kind k) {
    switch (k) {
    case SG_KIND_INT8:
        return 1;
    case SG_KIND_INT16:
        return 2;
    case SG_KIND_INT32:
        return 3;
    case SG_KIND_INT64:
        return 4;
    default:
        return 0;
    }
}

/* What a SQL engine sees: Avro enums and text UUIDs are written to Parquet and CSV as
 * strings (spark-avro, Glue), so they count as strings here. */
static sg_kind sql_kind(const sg_type *t) {
    sg_kind k = sg_type_kind(t);
    if (k == SG_KIND_ENUM || (k == SG_KIND_UUID && sg_type_size(t) == 0)) {
        return SG_KIND_STRING;
    }
    return k;
}

/* Spark 3.5's vectorized Parquet reader: can a column written as w be read as r? (File
 * physical type to requested Spark type; compat-notes section 6.) */
static bool spark_reads(const sg_type *w, const sg_type *r) {
    sg_kind wk = sql_kind(w), rk = sql_kind(r);
    int wr = integer_rank(wk), rr = integer_rank(rk);
    if (wr && rr) {
        /* INT32 holds byte, short and int, and Spark reads it as any of them without a range
         * check, so only widening is safe; int64 only from INT64 (Spark 4.0 widens more). */
        return (wr <= 3 && rr <= 3 && wr <= rr) || (wr == 4 && rr == 4);
    }
    if ((wk == SG_KIND_STRING || wk == SG_KIND_BINARY || wk == SG_KIND_UUID) &&
        (rk == SG_KIND_STRING || rk == SG_KIND_BINARY)) {
        return true; /* BINARY is read as string or binary without checking the annotation */
    }
    if (wk == SG_KIND_DECIMAL && rk == SG_KIND_DECIMAL) {
        /* 3.x: equal scale, file precision not above the requested one, and the same width
         * class (<=9 digits INT32, <=18 INT64, else bytes). */
        int wp = sg_type_precision(w), rp = sg_type_precision(r);
        int wclass = wp <= 9 ? 0 : wp <= 18 ? 1 : 2, rclass = rp <= 9 ? 0 : rp <= 18 ? 1 : 2;
        return sg_type_scale(w) == sg_type_scale(r) && wp <= rp && wclass == rclass;
    }
    if (wk == SG_KIND_TIMESTAMP && rk == SG_KIND_TIMESTAMP) {
        return sg_type_utc(w) == sg_type_utc(r) || sg_type_utc(r);
    }
    return false;
}

/* Athena's documented compatible type changes (handling schema updates): string to integers,
 * integers widening, float to double. For Parquet only in partitioned tables. */
static bool athena_reads(const sg_type *w, const sg_type *r) {
    sg_kind wk = sql_kind(w), rk = sql_kind(r);
    if (wk == rk && (wk == SG_KIND_STRING || wk == SG_KIND_BINARY)) {
        return true; /* lengths are not part of Parquet's types; CSV has its own check */
    }
    int wr = integer_rank(wk), rr = integer_rank(rk);
    if (wr && rr) {
        return wr <= rr;
    }
    if (wk == SG_KIND_STRING && rr) {
        return true;
    }
    return wk == SG_KIND_FLOAT32 && rk == SG_KIND_FLOAT64;
}

bool sgp_compat_reads(sg_rules rules, const sg_type *writer, const sg_type *reader) {
    switch (rules) {
    case SG_RULES_SPARK_PARQUET:
        return spark_reads(writer, reader);
    case SG_RULES_ATHENA_PARQUET:
    case SG_RULES_ATHENA_CSV:
        return athena_reads(writer, reader);
    default:
        return false;
    }
}

static void type_word(const sg_type *t, char *buf, size_t size) {
    switch (sg_type_kind(t)) {
    case SG_KIND_DECIMAL:
        snprintf(buf, size, "decimal(%d,%d)", sg_type_precision(t), sg_type_scale(t));
        break;
    case SG_KIND_STRING:
        if (sg_type_string_flavor(t) != SG_STRING_PLAIN) {
            snprintf(buf, size, "%s(%lld)",
                     sg_type_string_flavor(t) == SG_STRING_CHAR ? "char" : "varchar",
                     (long long)sg_type_max_length(t));
        } else {
            snprintf(buf, size, "string");
        }
        break;
    case SG_KIND_TIMESTAMP:
        snprintf(buf, size, "timestamp(%s, %s)", sg_time_unit_name(sg_type_time_unit(t)),
                 sg_type_utc(t) ? "utc" : "local");
        break;
    case SG_KIND_FIXED:
        snprintf(buf, size, "fixed(%lld)", (long long)sg_type_size(t));
        break;
    case SG_KIND_TIME:
        snprintf(buf, size, "time(%s)", sg_time_unit_name(sg_type_time_unit(t)));
        break;
    default:
        snprintf(buf, size, "%s", sg_kind_name(sg_type_kind(t)));
        break;
    }
}

/* The walk ------------------------------------------------------------------------------------- */

static void compare(differ *D, const sg_type *old_t, const sg_type *new_t, int depth);

static bool by_position(const differ *D) {
    return D->rules == SG_RULES_ATHENA_CSV;
}

static bool sql_rules(const differ *D) {
    return D->rules != SG_RULES_AVRO;
}

static const sg_field *find_field(const differ *D, const sg_type *t, const char *name) {
    if (!sql_rules(D)) {
        return sg_type_field_by_name(t, name);
    }
    /* Spark and Athena match column names case-insensitively. */
    for (size_t i = 0; i < sg_type_field_count(t); i++) {
        if (strcasecmp(sg_field_name(sg_type_field(t, i)), name) == 0) {
            return sg_type_field(t, i);
        }
    }
    return NULL;
}

/* The old field a new field reads: same name, or (Avro) one of the new field's aliases. */
static const sg_field *old_match(const differ *D, const sg_type *old_t, const sg_field *nf,
                                 bool *renamed) {
    *renamed = false;
    const sg_field *of = find_field(D, old_t, sg_field_name(nf));
    for (size_t a = 0; !of && a < sg_field_alias_count(nf); a++) {
        of = find_field(D, old_t, sg_field_alias(nf, a));
        *renamed = of != NULL;
    }
    return of;
}

static void field_added(differ *D, const sg_field *nf) {
    bool has_default = sg_field_default(nf) != NULL;
    if (D->rules == SG_RULES_AVRO) {
        record(D, SG_CHANGE_FIELD_ADDED, !has_default, false, NULL, sg_field_type(nf), NULL, nf,
               has_default ? "field added with a default: old data is read with the default"
                           : "field added without a default: the new schema cannot read old "
                             "data, which lacks it (add a default)");
    } else {
        record(D, SG_CHANGE_FIELD_ADDED, false, false, NULL, sg_field_type(nf), NULL, nf,
               "column added: old files lack it and it reads as null");
    }
}

static void field_removed(differ *D, const sg_field *of) {
    bool has_default = sg_field_default(of) != NULL;
    if (D->rules == SG_RULES_AVRO) {
        record(D, SG_CHANGE_FIELD_REMOVED, false, !has_default, sg_field_type(of), NULL, of, NULL,
               has_default ? "field removed; the old schema reads new data with its default"
                           : "field removed, and the old schema has no default for it: old "
                             "readers cannot read new data");
    } else {
        record(D, SG_CHANGE_FIELD_REMOVED, false, false, sg_field_type(of), NULL, of, NULL,
               "column removed: readers that still expect it get nulls");
    }
}

static void compare_fields_by_name(differ *D, const sg_type *old_t, const sg_type *new_t,
                                   int depth) {
    size_t n_new = sg_type_field_count(new_t), n_old = sg_type_field_count(old_t);
    bool *seen = calloc(n_old ? n_old : 1, sizeof *seen);
    if (!seen) {
        D->failed = true;
        return;
    }
    for (size_t i = 0; i < n_new; i++) {
        const sg_field *nf = sg_type_field(new_t, i);
        size_t saved = path_push(D, sg_field_name(nf), true);
        bool renamed;
        const sg_field *of = old_match(D, old_t, nf, &renamed);
        if (!of) {
            field_added(D, nf);
            path_pop(D, saved);
            continue;
        }
        size_t old_index = 0;
        while (sg_type_field(old_t, old_index) != of) {
            old_index++;
        }
        seen[old_index] = true;
        if (renamed) {
            if (D->rules == SG_RULES_AVRO) {
                /* The new schema's alias finds the old name; the old schema knows no alias. */
                bool old_default = sg_field_default(of) != NULL;
                record(D, SG_CHANGE_FIELD_RENAMED, false, !old_default, sg_field_type(of),
                       sg_field_type(nf), of, nf,
                       "field renamed from \"%s\" (alias in the new schema)%s", sg_field_name(of),
                       old_default ? "" : "; old readers cannot find it in new data");
            } else {
                record(D, SG_CHANGE_FIELD_RENAMED, true, true, sg_field_type(of), sg_field_type(nf),
                       of, nf,
                       "column renamed from \"%s\": read by name, old files' values are not "
                       "found and read as null",
                       sg_field_name(of));
            }
        } else if (old_index != i) {
            record(D, SG_CHANGE_FIELD_MOVED, false, false, sg_field_type(of), sg_field_type(nf), of,
                   nf, "field moved from position %zu to %zu (read by name: harmless)",
                   old_index + 1, i + 1);
        }
        if (strcmp(sg_field_name(of), sg_field_name(nf)) != 0 && !renamed) {
            record(D, SG_CHANGE_FIELD_RENAMED, false, false, sg_field_type(of), sg_field_type(nf),
                   of, nf,
                   "only the case of the name changed (from \"%s\"): names match "
                   "case-insensitively",
                   sg_field_name(of));
        }
        const char *od = sg_field_default(of), *nd = sg_field_default(nf);
        if (od && nd && strcmp(od, nd) != 0) {
            record(D, SG_CHANGE_DEFAULT, false, false, sg_field_type(of), sg_field_type(nf), of, nf,
                   "default changed from %.200s to %.200s", od, nd);
        } else if (od && !nd) {
            record(D, SG_CHANGE_DEFAULT, false, false, sg_field_type(of), sg_field_type(nf), of, nf,
                   "default %.200s removed", od);
        } else if (!od && nd) {
            record(D, SG_CHANGE_DEFAULT, false, false, sg_field_type(of), sg_field_type(nf), of, nf,
                   "default %.200s added", nd);
        }
        const char *odoc = sg_field_doc(of), *ndoc = sg_field_doc(nf);
        if ((odoc == NULL) != (ndoc == NULL) || (odoc && strcmp(odoc, ndoc) != 0)) {
            record(D, SG_CHANGE_DOC, false, false, sg_field_type(of), sg_field_type(nf), of, nf,
                   "doc changed");
        }
        compare(D, sg_field_type(of), sg_field_type(nf), depth + 1);
        path_pop(D, saved);
    }
    for (size_t i = 0; i < n_old; i++) {
        if (!seen[i]) {
            const sg_field *of = sg_type_field(old_t, i);
            size_t saved = path_push(D, sg_field_name(of), true);
            field_removed(D, of);
            path_pop(D, saved);
        }
    }
    free(seen);
}

/* Athena reads text tables by position: the column at position i must stay at i. */
/* Columns stored in the files (partition keys are not: their values are in the paths). */
static size_t data_field_count(const sg_type *t) {
    size_t n = 0;
    for (size_t i = 0; i < sg_type_field_count(t); i++) {
        n += !sg_field_partition(sg_type_field(t, i));
    }
    return n;
}

/* The position-th stored column. */
static const sg_field *data_field(const sg_type *t, size_t position) {
    for (size_t i = 0; i < sg_type_field_count(t); i++) {
        const sg_field *f = sg_type_field(t, i);
        if (!sg_field_partition(f) && position-- == 0) {
            return f;
        }
    }
    return NULL;
}

static void compare_fields_by_position(differ *D, const sg_type *old_t, const sg_type *new_t,
                                       int depth) {
    size_t n_new = data_field_count(new_t), n_old = data_field_count(old_t);
    size_t common = n_new < n_old ? n_new : n_old;
    for (size_t i = 0; i < common; i++) {
        const sg_field *of = data_field(old_t, i), *nf = data_field(new_t, i);
        size_t saved = path_push(D, sg_field_name(nf), true);
        if (strcasecmp(sg_field_name(of), sg_field_name(nf)) != 0) {
            const sg_field *elsewhere = find_field(D, old_t, sg_field_name(nf));
            if (elsewhere) {
                record(D, SG_CHANGE_FIELD_MOVED, true, true, sg_field_type(of), sg_field_type(nf),
                       of, nf,
                       "column moved to position %zu, where \"%s\" was: CSV is read by "
                       "position, so old files' values land in the wrong column",
                       i + 1, sg_field_name(of));
            } else if (!find_field(D, new_t, sg_field_name(of))) {
                record(D, SG_CHANGE_FIELD_RENAMED, false, false, sg_field_type(of),
                       sg_field_type(nf), of, nf,
                       "column at position %zu renamed from \"%s\" (read by position: harmless)",
                       i + 1, sg_field_name(of));
            } else {
                record(D, SG_CHANGE_FIELD_ADDED, true, true, NULL, sg_field_type(nf), NULL, nf,
                       "column inserted at position %zu: CSV is read by position, so every "
                       "later column of old files shifts (add columns at the end)",
                       i + 1);
            }
        }
        compare(D, sg_field_type(of), sg_field_type(nf), depth + 1);
        path_pop(D, saved);
    }
    for (size_t i = common; i < n_new; i++) {
        const sg_field *nf = data_field(new_t, i);
        size_t saved = path_push(D, sg_field_name(nf), true);
        if (find_field(D, old_t, sg_field_name(nf))) {
            record(D, SG_CHANGE_FIELD_MOVED, true, true, NULL, sg_field_type(nf), NULL, nf,
                   "column moved to position %zu: CSV is read by position", i + 1);
        } else {
            record(D, SG_CHANGE_FIELD_ADDED, false, false, NULL, sg_field_type(nf), NULL, nf,
                   "column added at the end: old files lack it and it reads as null");
        }
        path_pop(D, saved);
    }
    for (size_t i = common; i < n_old; i++) {
        const sg_field *of = data_field(old_t, i);
        size_t saved = path_push(D, sg_field_name(of), true);
        record(D, SG_CHANGE_FIELD_REMOVED, true, true, sg_field_type(of), NULL, of, NULL,
               "column removed: Athena documents removing CSV columns as unsupported (the "
               "old files still hold it)");
        path_pop(D, saved);
    }
    /* Partition keys live in the paths, not in the files: matched by name. */
    for (size_t i = 0; i < sg_type_field_count(new_t); i++) {
        const sg_field *nf = sg_type_field(new_t, i);
        if (!sg_field_partition(nf)) {
            continue;
        }
        const sg_field *of = find_field(D, old_t, sg_field_name(nf));
        size_t saved = path_push(D, sg_field_name(nf), true);
        if (of == NULL || !sg_field_partition(of)) {
            record(D, SG_CHANGE_FIELD_ADDED, true, true, NULL, sg_field_type(nf), NULL, nf,
                   "partition key added: the table's folder layout changes");
        } else {
            compare(D, sg_field_type(of), sg_field_type(nf), depth + 1);
        }
        path_pop(D, saved);
    }
    for (size_t i = 0; i < sg_type_field_count(old_t); i++) {
        const sg_field *of = sg_type_field(old_t, i);
        if (!sg_field_partition(of)) {
            continue;
        }
        const sg_field *nf = find_field(D, new_t, sg_field_name(of));
        if (nf == NULL || !sg_field_partition(nf)) {
            size_t saved = path_push(D, sg_field_name(of), true);
            record(D, SG_CHANGE_FIELD_REMOVED, true, true, sg_field_type(of), NULL, of, NULL,
                   "partition key removed: the table's folder layout changes");
            path_pop(D, saved);
        }
    }
}

static void compare_enums(differ *D, const sg_type *o, const sg_type *n) {
    /* Symbols the old schema wrote that the new one lacks break backward (unless the new
     * enum has a default), and the reverse breaks forward. SQL engines read enums as
     * strings, so there nothing breaks. */
    bool avro = D->rules == SG_RULES_AVRO;
    for (size_t i = 0; i < sg_type_symbol_count(o); i++) {
        const char *s = sg_type_symbol(o, i);
        bool kept = false;
        for (size_t j = 0; j < sg_type_symbol_count(n) && !kept; j++) {
            kept = strcmp(s, sg_type_symbol(n, j)) == 0;
        }
        if (!kept) {
            bool covered = sg_type_enum_default(n) != NULL;
            record(D, SG_CHANGE_ENUM_SYMBOLS, avro && !covered, false, o, n, NULL, NULL,
                   "enum symbol %s removed%s", s,
                   !avro     ? " (read as a string here)"
                   : covered ? "; the new enum's default stands in for it"
                             : ": the new schema cannot read old data holding it");
        }
    }
    for (size_t j = 0; j < sg_type_symbol_count(n); j++) {
        const char *s = sg_type_symbol(n, j);
        bool known = false;
        for (size_t i = 0; i < sg_type_symbol_count(o) && !known; i++) {
            known = strcmp(s, sg_type_symbol(o, i)) == 0;
        }
        if (!known) {
            bool covered = sg_type_enum_default(o) != NULL;
            record(D, SG_CHANGE_ENUM_SYMBOLS, false, avro && !covered, o, n, NULL, NULL,
                   "enum symbol %s added%s", s,
                   !avro     ? " (read as a string here)"
                   : covered ? "; the old enum's default stands in for it"
                             : ": old readers cannot read new data holding it");
        }
    }
    const char *od = sg_type_enum_default(o), *nd = sg_type_enum_default(n);
    if ((od == NULL) != (nd == NULL) || (od && strcmp(od, nd) != 0)) {
        record(D, SG_CHANGE_ENUM_DEFAULT, false, false, o, n, NULL, NULL, "enum default %s%s",
               od ? "changed from " : "set to ",
               od   ? od
               : nd ? nd
                    : "");
    }
}

static void compare_names(differ *D, const sg_type *o, const sg_type *n) {
    if (D->rules != SG_RULES_AVRO || !sg_type_name(o) || !sg_type_name(n) ||
        strcmp(sg_type_name(o), sg_type_name(n)) == 0) {
        return;
    }
    char of[1024], nf[1024];
    bool backward = !avro_names_match(n, o), forward = !avro_names_match(o, n);
    record(D, SG_CHANGE_NAME, backward, forward, o, n, NULL, NULL, "type renamed from %s to %s%s",
           full_name(o, of, sizeof of), full_name(n, nf, sizeof nf),
           backward ? ": Avro matches named types by name; add the old name as an alias"
                    : " (the new type has the old name as an alias)");
}

/* Nullability: Avro resolves [null, T] against T; the SQL engines read every column as
 * nullable. */
static void compare_nullability(differ *D, const sg_type *o, const sg_type *n) {
    if (sg_type_nullable(o) == sg_type_nullable(n)) {
        return;
    }
    bool avro = D->rules == SG_RULES_AVRO;
    if (sg_type_nullable(n)) {
        record(D, SG_CHANGE_NULLABILITY, false, avro, o, n, NULL, NULL,
               avro ? "became nullable: old readers cannot read the nulls new data may hold"
                    : "became nullable (engines read every column as nullable)");
    } else {
        record(D, SG_CHANGE_NULLABILITY, avro, false, o, n, NULL, NULL,
               avro ? "became required: the new schema cannot read the nulls old data may hold"
                    : "became required (engines read every column as nullable)");
    }
}

/* Two nodes of different kinds (or same kind, changed parameters) under the rule set. */
static void compare_scalars(differ *D, const sg_type *o, const sg_type *n) {
    char ow[96], nw[96];
    type_word(o, ow, sizeof ow);
    type_word(n, nw, sizeof nw);
    if (strcmp(ow, nw) == 0 && sg_type_size(o) == sg_type_size(n)) {
        return;
    }
    bool backward, forward;
    const char *why;
    sg_change_kind kind = sg_type_kind(o) != sg_type_kind(n)   ? SG_CHANGE_TYPE
                          : sg_type_kind(o) == SG_KIND_DECIMAL ? SG_CHANGE_DECIMAL
                          : sg_type_kind(o) == SG_KIND_STRING  ? SG_CHANGE_STRING_LENGTH
                          : sg_type_kind(o) == SG_KIND_FIXED   ? SG_CHANGE_FIXED_SIZE
                                                               : SG_CHANGE_TIME_UNIT;
    switch (D->rules) {
    case SG_RULES_AVRO: {
        sg_type *a = NULL, *b = NULL;
        /* Compare without nullability, which compare_nullability reports separately. */
        backward = !(sg_type_copy(&a, n) == SG_OK && sg_type_copy(&b, o) == SG_OK &&
                     sg_type_set_nullable(a, false) == SG_OK &&
                     sg_type_set_nullable(b, false) == SG_OK && avro_can_read(a, b, 0));
        sg_type_free(a);
        sg_type_free(b);
        a = b = NULL;
        forward = !(sg_type_copy(&a, o) == SG_OK && sg_type_copy(&b, n) == SG_OK &&
                    sg_type_set_nullable(a, false) == SG_OK &&
                    sg_type_set_nullable(b, false) == SG_OK && avro_can_read(a, b, 0));
        sg_type_free(a);
        sg_type_free(b);
        if (kind == SG_CHANGE_STRING_LENGTH) {
            backward = forward = false; /* Avro strings have no length */
        }
        why = backward && forward ? "Avro can resolve neither way"
              : backward          ? "Avro cannot promote the old type to the new one"
              : forward           ? "a promotion: old readers cannot read the wider new type"
                                  : "a promotion Avro resolves";
        break;
    }
    case SG_RULES_SPARK_PARQUET:
        backward = !spark_reads(o, n);
        forward = !spark_reads(n, o);
        why = backward ? "Spark 3.5 cannot read the old files' column as the new type"
                       : "Spark 3.5 reads it";
        break;
    case SG_RULES_ATHENA_PARQUET:
        backward = !(athena_reads(o, n) && D->partitioned);
        forward = !(athena_reads(n, o) && D->partitioned);
        why = athena_reads(o, n) && !D->partitioned
                  ? "Athena allows this change for Parquet only in partitioned tables"
              : backward ? "not a type change Athena documents as compatible"
                         : "a change Athena documents as compatible for partitioned tables";
        break;
    default: /* athena-csv: the text must parse as the new type */
        backward = !athena_reads(o, n);
        forward = !athena_reads(n, o);
        if (kind == SG_CHANGE_DECIMAL || kind == SG_CHANGE_STRING_LENGTH) {
            bool wider = kind == SG_CHANGE_DECIMAL
                             ? sg_type_precision(n) >= sg_type_precision(o) &&
                                   sg_type_scale(n) >= sg_type_scale(o)
                             : sg_type_max_length(n) == 0 ||
                                   (sg_type_max_length(o) != 0 &&
                                    sg_type_max_length(n) >= sg_type_max_length(o));
            backward = !wider;
            forward = wider && (sg_type_precision(n) != sg_type_precision(o) ||
                                sg_type_max_length(n) != sg_type_max_length(o));
        }
        why = backward ? "old values do not all parse as the new type"
                       : "old values parse as the new type";
        break;
    }
    (void)why;
    /* Avro resolves by the types under logical types, so a changed logical type (a timestamp
     * unit, int -> date) resolves, but its values now mean something else. */
    bool reinterpreted = D->rules == SG_RULES_AVRO && (!is_plain(o) || !is_plain(n)) &&
                         strcmp(sgp_avro_type_name(o), sgp_avro_type_name(n)) == 0 &&
                         (!same_logical(o, n) || sg_type_kind(o) == SG_KIND_TIME ||
                          sg_type_kind(o) == SG_KIND_TIMESTAMP);
    record(D, kind, backward, forward, o, n, NULL, NULL, "type changed from %s to %s: %s%s", ow, nw,
           !backward && !forward ? "readable both ways"
           : backward && forward ? "readable neither way"
           : backward            ? "the new type cannot read old values"
                                 : "new values do not fit the old type (readable one way)",
           reinterpreted ? "; Avro resolution allows it, but readers now interpret the same "
                           "stored values differently: check every consumer"
                         : "");
}

static void compare_unions(differ *D, const sg_type *o, const sg_type *n, int depth) {
    /* Branches match by Avro type (named types by name). */
    for (size_t i = 0; i < sg_type_child_count(o); i++) {
        const sg_type *ob = sg_type_child(o, i);
        const sg_type *match = NULL;
        for (size_t j = 0; j < sg_type_child_count(n) && !match; j++) {
            const sg_type *nb = sg_type_child(n, j);
            if (strcmp(sgp_avro_type_name(ob), sgp_avro_type_name(nb)) == 0 &&
                (!sg_type_name(ob) || !sg_type_name(nb) ||
                 strcmp(sg_type_name(ob), sg_type_name(nb)) == 0)) {
                match = nb;
            }
        }
        char label[128];
        snprintf(label, sizeof label, "<%s>",
                 sg_type_name(ob) ? sg_type_name(ob) : sgp_avro_type_name(ob));
        size_t saved = path_push(D, label, false);
        if (match) {
            compare(D, ob, match, depth + 1);
        } else {
            bool readable = avro_can_read(n, ob, depth + 1);
            record(D, SG_CHANGE_UNION_BRANCH, !readable, false, ob, n, NULL, NULL,
                   "union branch %s removed%s", label,
                   readable ? " (another branch reads it)"
                            : ": the new schema cannot read old data of that branch");
        }
        path_pop(D, saved);
    }
    for (size_t j = 0; j < sg_type_child_count(n); j++) {
        const sg_type *nb = sg_type_child(n, j);
        bool known = false;
        for (size_t i = 0; i < sg_type_child_count(o) && !known; i++) {
            const sg_type *ob = sg_type_child(o, i);
            known = strcmp(sgp_avro_type_name(ob), sgp_avro_type_name(nb)) == 0 &&
                    (!sg_type_name(ob) || !sg_type_name(nb) ||
                     strcmp(sg_type_name(ob), sg_type_name(nb)) == 0);
        }
        if (!known) {
            char label[128];
            snprintf(label, sizeof label, "<%s>",
                     sg_type_name(nb) ? sg_type_name(nb) : sgp_avro_type_name(nb));
            size_t saved = path_push(D, label, false);
            bool readable = avro_can_read(o, nb, depth + 1);
            record(D, SG_CHANGE_UNION_BRANCH, false, !readable, o, nb, NULL, NULL,
                   "union branch %s added%s", label,
                   readable ? " (old readers read it with another branch)"
                            : ": old readers cannot read new data of that branch");
            path_pop(D, saved);
        }
    }
}

static void compare(differ *D, const sg_type *o, const sg_type *n, int depth) {
    if (D->failed || depth > SG_MAX_DEPTH) {
        return;
    }
    if (sg_type_kind(o) == sg_type_kind(n) ||
        (sg_type_kind(o) != SG_KIND_NULL && sg_type_kind(n) != SG_KIND_NULL)) {
        compare_nullability(D, o, n);
    }
    if ((sg_type_doc(o) == NULL) != (sg_type_doc(n) == NULL) ||
        (sg_type_doc(o) && strcmp(sg_type_doc(o), sg_type_doc(n)) != 0)) {
        record(D, SG_CHANGE_DOC, false, false, o, n, NULL, NULL, "doc changed");
    }
    sg_kind ok = sg_type_kind(o), nk = sg_type_kind(n);
    if (ok != nk && (ok == SG_KIND_NULL || nk == SG_KIND_NULL)) {
        /* The null type on one side: resolved with nullability, as a union with null is. */
        bool backward = !avro_can_read(n, o, depth), forward = !avro_can_read(o, n, depth);
        char ow[96], nw[96];
        type_word(o, ow, sizeof ow);
        type_word(n, nw, sizeof nw);
        record(D, SG_CHANGE_TYPE, backward, forward, o, n, NULL, NULL,
               "type changed from %s%s to %s%s: %s", ow, sg_type_nullable(o) ? " (nullable)" : "",
               nw, sg_type_nullable(n) ? " (nullable)" : "",
               !backward && !forward ? "readable both ways"
               : backward && forward ? "readable neither way"
               : backward            ? "the new type cannot read old values"
                                     : "old readers cannot read new values");
        return;
    }
    if (ok != nk && (ok == SG_KIND_UNION || nk == SG_KIND_UNION)) {
        /* A union on one side only: resolved branch by branch. */
        bool backward = !avro_can_read(n, o, depth);
        bool forward = !avro_can_read(o, n, depth);
        if (D->rules != SG_RULES_AVRO) {
            backward = forward = true; /* SQL engines have no unions to resolve */
        }
        char ow[96], nw[96];
        type_word(o, ow, sizeof ow);
        type_word(n, nw, sizeof nw);
        record(D, SG_CHANGE_TYPE, backward, forward, o, n, NULL, NULL,
               "type changed from %s to %s%s", ow, nw,
               !backward && !forward ? " (resolvable both ways)"
               : backward            ? ": the new schema cannot read every old value"
                                     : ": old readers cannot read every new value");
        return;
    }
    if (ok != nk || (ok != SG_KIND_STRUCT && ok != SG_KIND_LIST && ok != SG_KIND_MAP &&
                     ok != SG_KIND_UNION && ok != SG_KIND_ENUM)) {
        if (ok != nk && (ok == SG_KIND_STRUCT || ok == SG_KIND_LIST || ok == SG_KIND_MAP ||
                         nk == SG_KIND_STRUCT || nk == SG_KIND_LIST || nk == SG_KIND_MAP)) {
            char ow[96], nw[96];
            type_word(o, ow, sizeof ow);
            type_word(n, nw, sizeof nw);
            bool sql_enum = sql_rules(D) && sql_kind(o) == sql_kind(n);
            record(D, SG_CHANGE_TYPE, !sql_enum, !sql_enum, o, n, NULL, NULL,
                   "type changed from %s to %s: no reader converts between them", ow, nw);
            return;
        }
        compare_names(D, o, n);
        compare_scalars(D, o, n);
        return;
    }
    compare_names(D, o, n);
    switch (ok) {
    case SG_KIND_STRUCT:
        if (by_position(D) && depth == 0) {
            compare_fields_by_position(D, o, n, depth);
        } else {
            compare_fields_by_name(D, o, n, depth);
        }
        break;
    case SG_KIND_LIST: {
        size_t saved = path_push(D, "[]", false);
        compare(D, sg_type_element(o), sg_type_element(n), depth + 1);
        path_pop(D, saved);
        break;
    }
    case SG_KIND_MAP: {
        size_t saved = path_push(D, "{key}", false);
        compare(D, sg_type_map_key(o), sg_type_map_key(n), depth + 1);
        path_pop(D, saved);
        saved = path_push(D, "{}", false);
        compare(D, sg_type_map_value(o), sg_type_map_value(n), depth + 1);
        path_pop(D, saved);
        break;
    }
    case SG_KIND_UNION:
        compare_unions(D, o, n, depth);
        break;
    case SG_KIND_ENUM:
        compare_enums(D, o, n);
        break;
    default:
        break;
    }
}

/* The partition keys of a table, in order, define its folder layout (dt=.../): any change
 * to them leaves existing data where the new table does not look. */
static void compare_partition_keys(differ *D, const sg_type *o, const sg_type *n) {
    if (sg_type_kind(o) != SG_KIND_STRUCT || sg_type_kind(n) != SG_KIND_STRUCT) {
        return;
    }
    sgp_buf before = SGP_BUF_INIT, after = SGP_BUF_INIT;
    for (size_t i = 0; i < sg_type_field_count(o); i++) {
        if (sg_field_partition(sg_type_field(o, i))) {
            sgp_buf_printf(&before, "%s%s", before.len ? ", " : "",
                           sg_field_name(sg_type_field(o, i)));
        }
    }
    for (size_t i = 0; i < sg_type_field_count(n); i++) {
        if (sg_field_partition(sg_type_field(n, i))) {
            sgp_buf_printf(&after, "%s%s", after.len ? ", " : "",
                           sg_field_name(sg_type_field(n, i)));
        }
    }
    const char *b = before.data ? before.data : "", *a = after.data ? after.data : "";
    if (strcasecmp(b, a) != 0) {
        bool breaks = D->rules != SG_RULES_AVRO;
        record(D, SG_CHANGE_PARTITION, breaks, breaks, o, n, NULL, NULL,
               "partition keys changed from (%s) to (%s): existing data sits in folders the "
               "new layout does not read",
               b, a);
    }
    sgp_buf_free(&before);
    sgp_buf_free(&after);
}

int sg_diff_new(sg_diff **out, const sg_schema *old_schema, const sg_schema *new_schema,
                sg_compat_mode mode, sg_rules rules, sg_error *err) {
    if (!out || !old_schema || !new_schema) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "missing schema or output");
    }
    *out = calloc(1, sizeof **out);
    if (!*out) {
        return sgp_error_nomem(err);
    }
    differ D;
    memset(&D, 0, sizeof D);
    D.diff = *out;
    D.mode = mode;
    D.rules = rules;
    const sg_type *new_root = sg_schema_root(new_schema);
    for (size_t i = 0; i < sg_type_field_count(new_root); i++) {
        D.partitioned = D.partitioned || sg_field_partition(sg_type_field(new_root, i));
    }
    compare_partition_keys(&D, sg_schema_root(old_schema), new_root);
    compare(&D, sg_schema_root(old_schema), new_root, 0);
    if (D.failed) {
        sg_diff_free(*out);
        *out = NULL;
        return sgp_error_nomem(err);
    }
    return SG_OK;
}

void sg_diff_free(sg_diff *diff) {
    if (diff) {
        free(diff->items);
        free(diff);
    }
}

size_t sg_diff_count(const sg_diff *diff) {
    return diff->count;
}

const sg_change *sg_diff_change(const sg_diff *diff, size_t i) {
    return i < diff->count ? &diff->items[i] : NULL;
}

size_t sg_diff_breaking_count(const sg_diff *diff) {
    return diff->breaking;
}

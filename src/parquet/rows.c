/*
 * parquet/rows.c: record assembly. Turns the level/value streams of the leaf columns of a row
 * group back into rows of structs, lists and maps (the Dremel algorithm read top-down: a node
 * looks at its first leaf's levels to decide null / empty / another entry), checks that every
 * column agrees on where rows start and end, and renders each row as canonical JSON (cat).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/column.h"
#include "parquet/file.h"
#include "parquet/render.h"
#include "parquet/schema.h"
#include "util/util.h"

typedef struct cursor {
    sgp_pq_column *column; /* NULL when the leaf is not selected */
    const sgp_pq_leaf *leaf;
    sgp_pq_batch batch;
    size_t level, value; /* next entry of the batch, next value */
    bool ended;          /* the chunk has no more levels */
} cursor;

typedef struct assembler {
    sg_parquet *pq;
    const sgp_pq_schema *schema;
    const bool *selected; /* per leaf */
    cursor *cursors;      /* per leaf */
    size_t row_group;
    int64_t row; /* row within the row group */
    sg_error *err;
    int rc;
} assembler;

static int assembly_error(assembler *a, const sgp_pq_leaf *leaf, const char *fmt, ...)
    SGP_PRINTF(3, 4);
static int assembly_error(assembler *a, const sgp_pq_leaf *leaf, const char *fmt, ...) {
    if (a->rc != SG_OK) {
        return a->rc;
    }
    char message[SG_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    /* sg_error_format puts "row group R, row N: " before the column path. */
    a->rc = sgp_error(a->err, SG_EINVALID, a->pq->source->name, leaf->path, 0, 0, "%s", message);
    if (a->err != NULL) {
        a->err->row_group = (int64_t)a->row_group;
        a->err->row = a->row;
    }
    return a->rc;
}

/* The levels of the cursor's next entry; false at the end of the chunk or on error. */
static bool peek(assembler *a, cursor *c, uint32_t *def, uint32_t *rep) {
    while (c->level >= c->batch.n_levels) {
        if (c->ended || a->rc != SG_OK) {
            return false;
        }
        int rc = sgp_pq_column_next(c->column, &c->batch, a->err);
        if (rc != SG_OK) {
            a->rc = rc;
            return false;
        }
        c->level = 0;
        c->value = 0;
        c->ended = c->batch.n_levels == 0;
    }
    *def = c->batch.def != NULL ? c->batch.def[c->level] : (uint32_t)c->leaf->max_def;
    *rep = c->batch.rep != NULL ? c->batch.rep[c->level] : 0;
    return true;
}

static void take(cursor *c, uint32_t def) {
    if (def == (uint32_t)c->leaf->max_def) {
        c->value++;
    }
    c->level++;
}

/* The first selected leaf under node (every rendered node has one). */
static cursor *first_cursor(assembler *a, const sgp_pq_node *node) {
    for (size_t i = node->first_leaf; i < node->first_leaf + node->n_leaves; i++) {
        if (a->selected[i]) {
            return &a->cursors[i];
        }
    }
    return NULL;
}

static bool node_selected(const assembler *a, const sgp_pq_node *node) {
    for (size_t i = node->first_leaf; i < node->first_leaf + node->n_leaves; i++) {
        if (a->selected[i]) {
            return true;
        }
    }
    return false;
}

/* Consumes the one entry every selected leaf under node has for a null or empty node; each
 * must say the same (a def below below_def). */
static int skip_entries(assembler *a, const sgp_pq_node *node, uint32_t below_def) {
    for (size_t i = node->first_leaf; i < node->first_leaf + node->n_leaves; i++) {
        if (!a->selected[i]) {
            continue;
        }
        cursor *c = &a->cursors[i];
        uint32_t def, rep;
        if (!peek(a, c, &def, &rep)) {
            return a->rc != SG_OK ? a->rc
                                  : assembly_error(a, c->leaf, "the column ends inside a row");
        }
        if (def >= below_def) {
            return assembly_error(a, c->leaf,
                                  "definition level %u where the other columns say the value is "
                                  "absent (below %u)",
                                  def, below_def);
        }
        take(c, def);
    }
    return SG_OK;
}

static int render_node(assembler *a, const sgp_pq_node *node, sgp_buf *out);

static int render_struct(assembler *a, const sgp_pq_node *node, sgp_buf *out) {
    sgp_buf_append(out, "{", 1);
    bool first = true;
    for (size_t i = 0; i < node->n_children; i++) {
        const sgp_pq_node *child = node->children[i];
        if (!node_selected(a, child)) {
            continue;
        }
        if (!first) {
            sgp_buf_append(out, ",", 1);
        }
        first = false;
        sgp_pq_render_string(out, (const uint8_t *)child->name, strlen(child->name));
        sgp_buf_append(out, ":", 1);
        int rc = render_node(a, child, out);
        if (rc != SG_OK) {
            return rc;
        }
    }
    sgp_buf_append(out, "}", 1);
    return SG_OK;
}

static int render_entries(assembler *a, const sgp_pq_node *node, cursor *first, sgp_buf *out) {
    bool map = node->kind == SGP_PQ_NODE_MAP;
    sgp_buf_append(out, "[", 1);
    for (bool more = true; more;) {
        int rc;
        if (map) {
            sgp_buf_puts(out, "{\"key\":");
            rc = render_node(a, node->children[0], out);
            sgp_buf_puts(out, ",\"value\":");
            if (rc == SG_OK && node->n_children > 1) {
                rc = render_node(a, node->children[1], out);
            } else {
                sgp_buf_puts(out, "null");
            }
            sgp_buf_append(out, "}", 1);
        } else {
            rc = render_node(a, node->children[0], out);
        }
        if (rc != SG_OK) {
            return rc;
        }
        uint32_t def, rep;
        more = peek(a, first, &def, &rep) && rep >= (uint32_t)node->entry_rep;
        if (a->rc != SG_OK) {
            return a->rc;
        }
        if (more && rep > (uint32_t)node->entry_rep) {
            return assembly_error(a, first->leaf,
                                  "repetition level %u after a complete entry (expected at most "
                                  "%d)",
                                  rep, node->entry_rep);
        }
        if (more) {
            sgp_buf_append(out, ",", 1);
        }
    }
    sgp_buf_append(out, "]", 1);
    return SG_OK;
}

static int render_node(assembler *a, const sgp_pq_node *node, sgp_buf *out) {
    cursor *first = first_cursor(a, node);
    uint32_t def, rep;
    if (!peek(a, first, &def, &rep)) {
        return a->rc != SG_OK ? a->rc
                              : assembly_error(a, first->leaf, "the column ends inside a row");
    }
    if (def < (uint32_t)node->def) {
        if (!node->nullable) {
            return assembly_error(a, first->leaf,
                                  "definition level %u makes the required field %s null", def,
                                  node->name);
        }
        sgp_buf_puts(out, "null");
        return skip_entries(a, node, (uint32_t)node->def);
    }
    switch (node->kind) {
    case SGP_PQ_NODE_PRIMITIVE:
        if (first->value >= first->batch.n_values) {
            return assembly_error(a, first->leaf, "more present values than the page holds");
        }
        sgp_pq_render_value(out, first->leaf, first->batch.values, first->value);
        take(first, def);
        return SG_OK;
    case SGP_PQ_NODE_STRUCT:
        return render_struct(a, node, out);
    default:
        if (def < (uint32_t)node->entry_def) {
            sgp_buf_puts(out, "[]");
            return skip_entries(a, node, (uint32_t)node->entry_def);
        }
        return render_entries(a, node, first, out);
    }
}

/* After a row, every selected column must be at a row start (rep 0) or at its end. */
static int check_row_end(assembler *a) {
    for (size_t i = 0; i < a->schema->n_leaves; i++) {
        if (!a->selected[i]) {
            continue;
        }
        uint32_t def, rep;
        if (peek(a, &a->cursors[i], &def, &rep) && rep != 0) {
            return assembly_error(a, a->cursors[i].leaf,
                                  "repetition level %u where a new row should start: the column "
                                  "disagrees with the others about row boundaries",
                                  rep);
        }
        if (a->rc != SG_OK) {
            return a->rc;
        }
    }
    return SG_OK;
}

static int check_group_end(assembler *a) {
    for (size_t i = 0; i < a->schema->n_leaves; i++) {
        uint32_t def, rep;
        if (a->selected[i] && peek(a, &a->cursors[i], &def, &rep)) {
            return assembly_error(a, a->cursors[i].leaf,
                                  "the column holds more rows than the row group's %lld",
                                  (long long)a->row);
        }
        if (a->rc != SG_OK) {
            return a->rc;
        }
    }
    return SG_OK;
}

/* Marks the leaves of the columns named in a comma-separated list of dotted paths. */
static int select_columns(const sgp_pq_schema *schema, const char *columns, bool *selected,
                          const char *source, sg_error *err) {
    if (columns == NULL) {
        for (size_t i = 0; i < schema->n_leaves; i++) {
            selected[i] = true;
        }
        return SG_OK;
    }
    const char *p = columns;
    for (;;) {
        size_t length = strcspn(p, ",");
        const sgp_pq_node *node = schema->root;
        const char *part = p, *end = p + length;
        while (part < end) {
            size_t n = strcspn(part, ".");
            if (part + n > end) {
                n = (size_t)(end - part);
            }
            const sgp_pq_node *found = NULL;
            for (size_t i = 0; node->kind == SGP_PQ_NODE_STRUCT && i < node->n_children; i++) {
                const char *name = node->children[i]->name;
                if (strlen(name) == n && memcmp(name, part, n) == 0) {
                    found = node->children[i];
                    break;
                }
            }
            if (found == NULL) {
                return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0,
                                 "no column %.*s in the file (paths name struct fields: a.b.c)",
                                 (int)length, p);
            }
            node = found;
            part += n + (part + n < end);
        }
        if (length == 0 || node == schema->root) {
            return sgp_error(err, SG_EUSAGE, source, NULL, 0, 0, "empty column name in '%s'",
                             columns);
        }
        for (size_t i = node->first_leaf; i < node->first_leaf + node->n_leaves; i++) {
            selected[i] = true;
        }
        if (p[length] == '\0') {
            return SG_OK;
        }
        p += length + 1;
    }
}

static void close_cursors(assembler *a) {
    for (size_t i = 0; i < a->schema->n_leaves; i++) {
        sgp_pq_column_free(a->cursors[i].column);
        memset(&a->cursors[i], 0, sizeof a->cursors[i]);
    }
}

static int cat_row_group(assembler *a, int64_t *remaining, sg_parquet_row_fn row_fn, void *payload,
                         sgp_buf *line) {
    const sgp_pq_row_group *rg = &a->pq->meta->row_groups[a->row_group];
    for (size_t i = 0; i < a->schema->n_leaves; i++) {
        a->cursors[i].leaf = &a->schema->leaves[i];
        if (a->selected[i]) {
            int rc = sgp_pq_column_open(&a->cursors[i].column, a->pq->source, a->pq->meta,
                                        &a->schema->leaves[i], a->row_group, i, a->err);
            if (rc != SG_OK) {
                return rc;
            }
        }
    }
    bool all = *remaining < 0;
    for (a->row = 0; a->row < rg->num_rows && (all || *remaining > 0); a->row++) {
        line->len = 0;
        if (line->data != NULL) {
            line->data[0] = '\0';
        }
        int rc = render_struct(a, a->schema->root, line);
        if (rc == SG_OK) {
            rc = check_row_end(a);
        }
        if (rc != SG_OK) {
            return rc;
        }
        if (line->failed) {
            return sgp_error_nomem(a->err);
        }
        if (row_fn(payload, line->data, line->len) != 0) {
            return sgp_error(a->err, SG_EIO, a->pq->source->name, NULL, 0, 0,
                             "cannot write row %lld", (long long)a->row);
        }
        if (!all) {
            (*remaining)--;
        }
    }
    return all || *remaining > 0 ? check_group_end(a) : SG_OK;
}

int sg_parquet_cat(sg_parquet *pq, const sg_parquet_cat_options *options, sg_parquet_row_fn row,
                   void *payload, sg_error *err) {
    sg_error_clear(err);
    if (pq == NULL || row == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "sg_parquet_cat: NULL argument");
    }
    sg_parquet_cat_options defaults = SG_PARQUET_CAT_OPTIONS_INIT;
    if (options == NULL) {
        options = &defaults;
    }
    if (options->version != SG_PARQUET_CAT_OPTIONS_VERSION) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "sg_parquet_cat: unknown options version %d", options->version);
    }
    sgp_pq_schema *schema = NULL;
    int rc = sgp_pq_schema_build(&schema, pq->meta, pq->source->name, err);
    if (rc != SG_OK) {
        return rc;
    }
    assembler a = {pq, schema, NULL, NULL, 0, 0, err, SG_OK};
    bool *selected = calloc(schema->n_leaves + 1, sizeof *selected);
    a.cursors = calloc(schema->n_leaves + 1, sizeof *a.cursors);
    a.selected = selected;
    if (selected == NULL || a.cursors == NULL) {
        rc = sgp_error_nomem(err);
    } else {
        rc = select_columns(schema, options->columns, selected, pq->source->name, err);
    }
    int64_t remaining = options->limit;
    sgp_buf line = SGP_BUF_INIT;
    for (size_t g = 0; rc == SG_OK && g < pq->meta->n_row_groups && remaining != 0; g++) {
        a.row_group = g;
        rc = cat_row_group(&a, &remaining, row, payload, &line);
        close_cursors(&a);
    }
    sgp_buf_free(&line);
    free(selected);
    free(a.cursors);
    sgp_pq_schema_free(schema);
    return rc;
}

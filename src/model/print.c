/* model/print.c: the human tree view of a schema (`schemagate show`), in the layout Spark's
 * printSchema made familiar: one line per field, element, key, value or branch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"
#include "util/util.h"

static void full_name(sgp_buf *out, const sg_type *type) {
    if (type->name) {
        sgp_buf_puts(out, " ");
        if (type->ns) {
            sgp_buf_printf(out, "%s.", type->ns);
        }
        sgp_buf_puts(out, type->name);
    }
}

/* One-line description of a node without its children. */
static void brief(sgp_buf *out, const sg_type *type) {
    switch (type->kind) {
    case SG_KIND_DECIMAL:
        sgp_buf_printf(out, "decimal(%d,%d)", type->precision, type->scale);
        break;
    case SG_KIND_STRING:
        if (type->flavor == SG_STRING_PLAIN) {
            sgp_buf_puts(out, "string");
        } else {
            sgp_buf_printf(out, "%s(%lld)", type->flavor == SG_STRING_CHAR ? "char" : "varchar",
                           (long long)type->max_length);
        }
        break;
    case SG_KIND_FIXED:
        sgp_buf_printf(out, "fixed(%lld)", (long long)type->size);
        break;
    case SG_KIND_TIME:
        sgp_buf_printf(out, "time(%s)", sg_time_unit_name(type->unit));
        break;
    case SG_KIND_TIMESTAMP:
        sgp_buf_printf(out, "timestamp(%s, %s)", sg_time_unit_name(type->unit),
                       type->utc ? "utc" : "local");
        break;
    case SG_KIND_ENUM:
        sgp_buf_puts(out, "enum");
        break;
    default:
        sgp_buf_puts(out, sg_kind_name(type->kind));
        break;
    }
    if (type->size > 0 && type->kind != SG_KIND_FIXED) {
        sgp_buf_printf(out, " as fixed(%lld)", (long long)type->size);
    }
    full_name(out, type);
    if (type->kind == SG_KIND_ENUM) {
        sgp_buf_puts(out, " {");
        for (size_t i = 0; i < type->symbols.count; i++) {
            sgp_buf_printf(out, "%s%s", i ? ", " : "", type->symbols.items[i]);
        }
        sgp_buf_puts(out, "}");
        if (type->enum_default) {
            sgp_buf_printf(out, " default %s", type->enum_default);
        }
    }
}

static void print_children(sgp_buf *out, const sg_type *type, const char *prefix, int depth);

/* Prints "<prefix> |-- label: brief (nullable = x, extras) -- doc" and the node's children. */
static void print_line(sgp_buf *out, const char *prefix, const char *label, const sg_type *type,
                       const sg_field *field, int depth) {
    sgp_buf_printf(out, "%s |-- %s: ", prefix, label);
    brief(out, type);
    sgp_buf_printf(out, " (nullable = %s", type->nullable ? "true" : "false");
    if (field && field->default_json) {
        sgp_buf_printf(out, ", default = %s", field->default_json);
    }
    if (field && field->aliases.count) {
        sgp_buf_puts(out, ", aliases = [");
        for (size_t i = 0; i < field->aliases.count; i++) {
            sgp_buf_printf(out, "%s%s", i ? ", " : "", field->aliases.items[i]);
        }
        sgp_buf_puts(out, "]");
    }
    if (field && field->order == SG_ORDER_DESCENDING) {
        sgp_buf_puts(out, ", order = descending");
    } else if (field && field->order == SG_ORDER_IGNORE) {
        sgp_buf_puts(out, ", order = ignore");
    }
    if (field && field->partition) {
        sgp_buf_puts(out, ", partition key");
    }
    sgp_buf_puts(out, ")");
    const char *doc = field && field->doc ? field->doc : type->doc;
    if (doc) {
        sgp_buf_printf(out, " -- %s", doc);
    }
    sgp_buf_puts(out, "\n");
    size_t n = strlen(prefix);
    char *deeper = malloc(n + 6);
    if (!deeper) {
        out->failed = true;
        return;
    }
    memcpy(deeper, prefix, n);
    memcpy(deeper + n, " |   ", 6);
    print_children(out, type, deeper, depth + 1);
    free(deeper);
}

static void print_children(sgp_buf *out, const sg_type *type, const char *prefix, int depth) {
    if (depth > SG_MAX_DEPTH) {
        sgp_buf_printf(out, "%s |-- ...\n", prefix);
        return;
    }
    for (size_t i = 0; i < type->field_count; i++) {
        const sg_field *field = type->fields[i];
        print_line(out, prefix, field->name, field->type, field, depth);
    }
    if (type->kind == SG_KIND_LIST && type->child_count == 1) {
        print_line(out, prefix, "element", type->children[0], NULL, depth);
    } else if (type->kind == SG_KIND_MAP && type->child_count == 2) {
        print_line(out, prefix, "key", type->children[0], NULL, depth);
        print_line(out, prefix, "value", type->children[1], NULL, depth);
    } else if (type->kind == SG_KIND_UNION) {
        for (size_t i = 0; i < type->child_count; i++) {
            char label[32];
            snprintf(label, sizeof label, "branch %zu", i);
            print_line(out, prefix, label, type->children[i], NULL, depth);
        }
    }
}

int sg_schema_to_tree(const sg_schema *schema, char **out) {
    if (!out || !schema) {
        return SG_EUSAGE;
    }
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_puts(&buf, "root: ");
    brief(&buf, schema->root);
    if (schema->root->nullable) {
        sgp_buf_puts(&buf, " (nullable = true)");
    }
    if (schema->root->doc) {
        sgp_buf_printf(&buf, " -- %s", schema->root->doc);
    }
    sgp_buf_puts(&buf, "\n");
    /* Children of the root hang directly under it, so the first level has no extra indent. */
    print_children(&buf, schema->root, "", 0);
    *out = sgp_buf_take(&buf);
    return *out ? SG_OK : SG_ENOMEM;
}

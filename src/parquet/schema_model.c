/*
 * parquet/schema_model.c: the schemagate model of a Parquet file's data, from the resolved
 * schema (parquet/schema.h). The mapping follows what Spark 3.5 reads (unsigned integers widen
 * to the next signed type, UINT_64 to decimal(20,0), INT96 is a timestamp) and is listed in
 * docs/type-mapping.md ("Parquet").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/decode.h"
#include "parquet/file.h"
#include "parquet/schema.h"
#include "util/util.h"

static const sg_time_unit units[] = {SG_UNIT_MILLIS, SG_UNIT_MILLIS, SG_UNIT_MICROS, SG_UNIT_NANOS};

int sgp_pq_leaf_model_type(const sgp_pq_leaf *leaf, sg_type **out) {
    sg_kind kind;
    switch (leaf->kind) {
    case SGP_PQ_V_BOOLEAN:
        kind = SG_KIND_BOOLEAN;
        break;
    case SGP_PQ_V_INT:
        kind = leaf->bits == 8    ? SG_KIND_INT8
               : leaf->bits == 16 ? SG_KIND_INT16
               : leaf->bits == 32 ? SG_KIND_INT32
                                  : SG_KIND_INT64;
        break;
    case SGP_PQ_V_UINT:
        kind = leaf->bits == 8    ? SG_KIND_INT16
               : leaf->bits == 16 ? SG_KIND_INT32
               : leaf->bits == 32 ? SG_KIND_INT64
                                  : SG_KIND_DECIMAL;
        break;
    case SGP_PQ_V_FLOAT:
    case SGP_PQ_V_FLOAT16:
        kind = SG_KIND_FLOAT32;
        break;
    case SGP_PQ_V_DOUBLE:
        kind = SG_KIND_FLOAT64;
        break;
    case SGP_PQ_V_DECIMAL:
        kind = SG_KIND_DECIMAL;
        break;
    case SGP_PQ_V_DATE:
        kind = SG_KIND_DATE;
        break;
    case SGP_PQ_V_TIME:
        kind = SG_KIND_TIME;
        break;
    case SGP_PQ_V_TIMESTAMP:
    case SGP_PQ_V_INT96:
        kind = SG_KIND_TIMESTAMP;
        break;
    case SGP_PQ_V_STRING:
        kind = SG_KIND_STRING;
        break;
    case SGP_PQ_V_UUID:
        kind = SG_KIND_UUID;
        break;
    case SGP_PQ_V_INTERVAL:
        kind = SG_KIND_DURATION;
        break;
    default:
        kind = leaf->physical == SGP_PQ_FIXED_LEN_BYTE_ARRAY ? SG_KIND_FIXED : SG_KIND_BINARY;
        break;
    }
    sg_type *type = NULL;
    int rc = sg_type_new(&type, kind);
    if (rc != SG_OK) {
        return rc;
    }
    if (leaf->kind == SGP_PQ_V_UINT && leaf->bits == 64) {
        rc = sg_type_set_decimal(type, 20, 0);
    } else if (leaf->kind == SGP_PQ_V_DECIMAL) {
        rc = sg_type_set_decimal(type, leaf->precision, leaf->scale);
        if (rc == SG_OK && leaf->physical == SGP_PQ_FIXED_LEN_BYTE_ARRAY) {
            rc = sg_type_set_size(type, leaf->type_length);
        }
    } else if (kind == SG_KIND_FIXED) {
        rc = sg_type_set_size(type, leaf->type_length);
    } else if (kind == SG_KIND_UUID) {
        rc = sg_type_set_size(type, 16);
    } else if (kind == SG_KIND_TIME || kind == SG_KIND_TIMESTAMP) {
        rc = sg_type_set_time_unit(type, units[leaf->unit]);
        if (rc == SG_OK && kind == SG_KIND_TIMESTAMP) {
            rc = sg_type_set_utc(type, leaf->utc);
        }
    }
    /* What the model cannot say by kind is kept as metadata, so a writer back to Parquet (and a
     * reader of `show`) knows the file's own spelling. */
    char json[64];
    if (rc == SG_OK && leaf->kind == SGP_PQ_V_UINT) {
        snprintf(json, sizeof json, "\"UINT%d\"", leaf->bits);
        rc = sg_type_add_metadata(type, "parquet.type", json);
    } else if (rc == SG_OK && leaf->kind == SGP_PQ_V_INT96) {
        rc = sg_type_add_metadata(type, "parquet.type", "\"INT96\"");
    } else if (rc == SG_OK && leaf->kind == SGP_PQ_V_FLOAT16) {
        rc = sg_type_add_metadata(type, "parquet.type", "\"FLOAT16\"");
    } else if (rc == SG_OK && leaf->annotation != NULL) {
        snprintf(json, sizeof json, "\"%s\"", leaf->annotation);
        rc = sg_type_add_metadata(type, "parquet.type", json);
    }
    if (rc != SG_OK) {
        sg_type_free(type);
        return rc;
    }
    *out = type;
    return SG_OK;
}

static int node_type(const sgp_pq_schema *schema, const sgp_pq_file_meta *meta,
                     const sgp_pq_node *node, sg_type **out);

static int add_struct_fields(const sgp_pq_schema *schema, const sgp_pq_file_meta *meta,
                             const sgp_pq_node *node, sg_type *type) {
    for (size_t i = 0; i < node->n_children; i++) {
        const sgp_pq_node *child = node->children[i];
        sg_type *child_type = NULL;
        int rc = node_type(schema, meta, child, &child_type);
        if (rc != SG_OK) {
            return rc;
        }
        sg_field *field = NULL;
        if ((rc = sg_field_new(&field, child->name, child_type)) != SG_OK) {
            return rc; /* sg_field_new freed child_type */
        }
        const sgp_pq_schema_element *el = &meta->schema[child->element];
        if (el->has_field_id) {
            char id[24];
            snprintf(id, sizeof id, "%d", (int)el->field_id);
            /* Spark's StructField metadata key for Parquet field ids. */
            rc = sg_field_add_metadata(field, "parquet.field.id", id);
        }
        if (rc == SG_OK) {
            rc = sg_type_add_field(type, field);
        }
        if (rc != SG_OK) {
            sg_field_free(field);
            return rc;
        }
    }
    return SG_OK;
}

static int node_type(const sgp_pq_schema *schema, const sgp_pq_file_meta *meta,
                     const sgp_pq_node *node, sg_type **out) {
    sg_type *type = NULL;
    int rc;
    switch (node->kind) {
    case SGP_PQ_NODE_PRIMITIVE:
        rc = sgp_pq_leaf_model_type(&schema->leaves[node->first_leaf], &type);
        break;
    case SGP_PQ_NODE_STRUCT:
        if ((rc = sg_type_new(&type, SG_KIND_STRUCT)) == SG_OK) {
            rc = add_struct_fields(schema, meta, node, type);
        }
        break;
    default:
        rc = sg_type_new(&type, node->kind == SGP_PQ_NODE_LIST ? SG_KIND_LIST : SG_KIND_MAP);
        for (size_t i = 0; rc == SG_OK && i < node->n_children; i++) {
            sg_type *child = NULL;
            if ((rc = node_type(schema, meta, node->children[i], &child)) == SG_OK &&
                (rc = sg_type_add_child(type, child)) != SG_OK) {
                sg_type_free(child);
            }
        }
        if (rc == SG_OK && node->kind == SGP_PQ_NODE_MAP && node->n_children == 1) {
            /* A map stored without values: every value is null. */
            sg_type *value = NULL;
            if ((rc = sg_type_new(&value, SG_KIND_NULL)) == SG_OK &&
                ((rc = sg_type_set_nullable(value, true)) != SG_OK ||
                 (rc = sg_type_add_child(type, value)) != SG_OK)) {
                sg_type_free(value);
            }
        }
        break;
    }
    if (rc == SG_OK && node->nullable) {
        rc = sg_type_set_nullable(type, true);
    }
    if (rc != SG_OK) {
        sg_type_free(type);
        return rc;
    }
    *out = type;
    return SG_OK;
}

int sgp_pq_schema_to_model(const sgp_pq_schema *schema, const sgp_pq_file_meta *meta,
                           const char *source, sg_schema **out, sg_error *err) {
    *out = NULL;
    sg_type *root = NULL;
    int rc = node_type(schema, meta, schema->root, &root);
    if (rc == SG_OK) {
        rc = sg_schema_new(out, root); /* owns root, also on failure */
    }
    if (rc == SG_OK) {
        rc = sg_schema_set_format_name(*out, "parquet");
    }
    if (rc == SG_OK && meta->created_by != NULL) {
        rc = sg_schema_set_property(*out, "parquet.created_by", meta->created_by);
    }
    if (rc != SG_OK) {
        sg_schema_free(*out);
        *out = NULL;
        return sgp_error(err, rc, source, NULL, 0, 0, "cannot build the model of the schema: %s",
                         sg_code_name(rc));
    }
    return SG_OK;
}

int sg_parquet_schema(const sg_parquet *pq, sg_schema **out, sg_error *err) {
    sg_error_clear(err);
    if (pq == NULL || out == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "sg_parquet_schema: NULL argument");
    }
    *out = NULL;
    sgp_pq_schema *schema = NULL;
    int rc = sgp_pq_schema_build(&schema, pq->meta, pq->source->name, err);
    if (rc == SG_OK) {
        rc = sgp_pq_schema_to_model(schema, pq->meta, pq->source->name, out, err);
    }
    sgp_pq_schema_free(schema);
    return rc;
}

/*
 * validate/glue_table.c: validating a Glue table in place (sg_validation_glue_table): each
 * partition's own column list against the table's, under the rules of the reader that will
 * query it, and the list of data locations for the record checks.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "remote/glue.h"
#include "schemagate/compat.h"
#include "schemagate/remote.h"
#include "schemagate/sources.h"
#include "util/strmap.h"
#include "util/util.h"
#include "validate/validation_internal.h"

typedef struct locations {
    char **items;
    size_t count;
    size_t cap;
    sgp_strmap seen; /* partitions may share a location: each is validated once */
} locations;

static bool add_location(locations *l, const char *location) {
    /* A location is a folder: list below it, never a same-named sibling ("dt=1" vs "dt=10"). */
    size_t n = strlen(location);
    sgp_buf text = SGP_BUF_INIT;
    sgp_buf_printf(&text, "%s%s", location, n > 0 && location[n - 1] == '/' ? "" : "/");
    char *folder = sgp_buf_take(&text);
    if (folder == NULL) {
        return false;
    }
    if (sgp_strmap_get(&l->seen, folder, NULL)) {
        free(folder);
        return true;
    }
    if (!sgp_reserve((void **)&l->items, &l->cap, l->count + 1, sizeof *l->items)) {
        free(folder);
        return false;
    }
    l->items[l->count] = folder;
    /* The map points into items, which keep their strings until the caller frees them. */
    return sgp_strmap_add(&l->seen, folder, l->count++, NULL) == SG_OK;
}

/* "dt=2026-01-01/region=eu" from the table's partition keys and the partition's values. */
static void partition_name(json_t *table, json_t *partition, char *out, size_t size) {
    json_t *keys = json_object_get(table, "PartitionKeys");
    json_t *values = json_object_get(partition, "Values");
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < json_array_size(values) && used + 1 < size; i++) {
        const char *key = json_string_value(json_object_get(json_array_get(keys, i), "Name"));
        const char *value = json_string_value(json_array_get(values, i));
        int n = snprintf(out + used, size - used, "%s%s=%s", i ? "/" : "", key ? key : "?",
                         value ? value : "?");
        if (n < 0) {
            break;
        }
        used += (size_t)n < size - used ? (size_t)n : size - used - 1;
    }
}

/* Compares one partition's storage descriptor with the table's; findings go to the report. */
static int check_partition(sg_validation *v, const sg_schema *table_schema, json_t *answer,
                           json_t *partition, const char *ref, sg_error *err) {
    json_t *table = json_object_get(answer, "Table");
    json_t *sd = json_object_get(partition, "StorageDescriptor");
    char name[512];
    partition_name(table, partition, name, sizeof name);
    if (!json_is_object(sd) || !json_is_array(json_object_get(sd, "Columns"))) {
        return SG_OK; /* no columns of its own: Athena reads it with the table's */
    }
    /* The table as it would be with this partition's storage descriptor. */
    json_t *copy = json_deep_copy(answer);
    json_t *copy_table = json_object_get(copy, "Table");
    json_t *copy_sd = json_object_get(copy_table, "StorageDescriptor");
    int rc = SG_OK;
    if (copy == NULL || !json_is_object(copy_sd)) {
        json_decref(copy);
        return SG_OK; /* the table itself has no storage descriptor: nothing to compare */
    }
    json_object_set(copy_sd, "Columns", json_object_get(sd, "Columns"));
    json_t *serde = json_object_get(sd, "SerdeInfo");
    if (json_is_object(serde)) {
        json_object_set(copy_sd, "SerdeInfo", serde);
    }
    char *text = json_dumps(copy, JSON_COMPACT);
    json_decref(copy);
    if (text == NULL) {
        return sgp_error_nomem(err);
    }
    char source[700];
    snprintf(source, sizeof source, "%s partition %s", ref, name);
    sg_schema *partition_schema = NULL;
    sg_error load_err;
    if (sg_schema_load_buffer(&partition_schema, text, strlen(text), SG_FORMAT_GLUE, source,
                              &load_err) != SG_OK) {
        free(text);
        return sgp_error(err, load_err.code, source, load_err.path, 0, 0,
                         "the partition's storage descriptor cannot be read: %s", load_err.message);
    }
    free(text);
    sg_rules rules = sg_rules_for_schema(table_schema);
    sg_diff *diff = NULL;
    /* The partition's files were written with its columns (old); queries read them with the
     * table's (new): what breaks "backward" is what the engine refuses. */
    rc = sg_diff_new(&diff, partition_schema, table_schema, SG_COMPAT_BACKWARD, rules, err);
    const char *location = json_string_value(json_object_get(sd, "Location"));
    for (size_t i = 0; rc == SG_OK && i < sg_diff_count(diff); i++) {
        const sg_change *change = sg_diff_change(diff, i);
        if (!change->breaking) {
            continue;
        }
        sgp_where where = SGP_WHERE_INIT;
        where.file = location ? location : source;
        where.column = change->path;
        char message[SG_CHANGE_MESSAGE_MAX + 700];
        snprintf(message, sizeof message,
                 "partition %s differs from the table (%s rules; Athena: "
                 "HIVE_PARTITION_SCHEMA_MISMATCH): %s",
                 name, sg_rules_name(rules), change->message);
        if (!sgp_report_add(sgp_validation_report(v), "partition-schema-mismatch", SGP_VIOLATION,
                            &where, NULL, 0, message)) {
            rc = sgp_error_nomem(err);
        }
    }
    sg_diff_free(diff);
    sg_schema_free(partition_schema);
    return rc;
}

int sg_validation_glue_table(sg_validation *v, const char *ref, char ***out, size_t *count,
                             sg_error *err) {
    *out = NULL;
    *count = 0;
    sg_error_clear(err);
    if (v == NULL || ref == NULL) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "sg_validation_glue_table: NULL argument");
    }
    char *text = NULL;
    int rc = sgp_glue_get_table(ref, &text, err);
    if (rc != SG_OK) {
        return rc;
    }
    sg_schema *table_schema = NULL;
    json_t *answer = NULL;
    json_t *partitions = NULL;
    locations l = {NULL, 0, 0, SGP_STRMAP_INIT};
    rc = sg_schema_load_buffer(&table_schema, text, strlen(text), SG_FORMAT_GLUE, ref, err);
    if (rc == SG_OK && (answer = json_loads(text, 0, NULL)) == NULL) {
        rc = sgp_error_nomem(err);
    }
    free(text);
    json_t *table = json_object_get(answer, "Table");
    bool partitioned = json_array_size(json_object_get(table, "PartitionKeys")) > 0;
    if (rc == SG_OK && partitioned) {
        rc = sgp_glue_get_partitions(ref, &partitions, err);
    }
    for (size_t i = 0; rc == SG_OK && i < json_array_size(partitions); i++) {
        json_t *partition = json_array_get(partitions, i);
        rc = check_partition(v, table_schema, answer, partition, ref, err);
        const char *location = json_string_value(
            json_object_get(json_object_get(partition, "StorageDescriptor"), "Location"));
        if (rc == SG_OK && location && *location && !add_location(&l, location)) {
            rc = sgp_error_nomem(err);
        }
    }
    if (rc == SG_OK && l.count == 0) {
        const char *location = json_string_value(
            json_object_get(json_object_get(table, "StorageDescriptor"), "Location"));
        if (location == NULL || *location == '\0') {
            rc = sgp_error(err, SG_EUSAGE, ref, NULL, 0, 0,
                           "the table has no StorageDescriptor.Location%s: name the data to "
                           "validate",
                           partitioned ? " and no partitions" : "");
        } else if (!add_location(&l, location)) {
            rc = sgp_error_nomem(err);
        }
    }
    json_decref(partitions);
    json_decref(answer);
    sg_schema_free(table_schema);
    sgp_strmap_free(&l.seen);
    if (rc != SG_OK) {
        sg_remote_list_free(l.items, l.count);
        return rc;
    }
    *out = l.items;
    *count = l.count;
    return SG_OK;
}

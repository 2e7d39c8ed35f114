/* tests/unit/test_spark.c: the Spark StructType JSON loader and writer beyond what the
 * data-driven cases show: the exact output, every detail the writer reports as lost, unions as
 * structs, types Spark has no place for, top-level types, locations, limits and detection. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemagate/schemagate.h>

static sg_schema *load_as(const char *text, sg_format format) {
    sg_schema *s = NULL;
    sg_error err;
    int rc = sg_schema_load_buffer(&s, text, strlen(text), format, "t.json", &err);
    if (rc != SG_OK) {
        char buf[1024];
        sg_error_format(&err, buf, sizeof buf);
        ck_abort_msg("load failed: %s", buf);
    }
    return s;
}

static sg_schema *load(const char *text) {
    return load_as(text, SG_FORMAT_SPARK);
}

static int load_error(const char *text, sg_error *err) {
    sg_schema *s = NULL;
    int rc = sg_schema_load_buffer(&s, text, strlen(text), SG_FORMAT_SPARK, "t.json", err);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(rc, err->code);
    return rc;
}

/* Loss reports collected through on_loss, as "path: message" lines. */
typedef struct collected {
    size_t count;
    char lines[64][SG_ERROR_PATH_MAX + SG_ERROR_MESSAGE_MAX + 4];
} collected;

static void collect(void *payload, const sg_error *warning) {
    collected *c = payload;
    ck_assert_int_eq(warning->code, SG_OK);
    if (c->count < 64) {
        snprintf(c->lines[c->count], sizeof c->lines[0], "%s: %s", warning->path, warning->message);
    }
    c->count++;
}

/* Writes s as Spark JSON expecting expect_rc, collecting losses into c (may be NULL). */
static char *write_spark(const sg_schema *s, collected *c, int expect_rc, sg_error *err) {
    sg_write_options options = SG_WRITE_OPTIONS_INIT;
    if (c) {
        memset(c, 0, sizeof *c);
        options.on_loss = collect;
        options.payload = c;
    }
    char *text = NULL;
    ck_assert_int_eq(sg_schema_write_with(s, SG_FORMAT_SPARK, &options, &text, err), expect_rc);
    if (expect_rc == SG_OK) {
        ck_assert_ptr_nonnull(text);
    } else {
        ck_assert_ptr_null(text);
    }
    return text;
}

START_TEST(exact_compact_output) {
    /* Pretty-printed, PySpark key order, missing metadata: written the way Scala prints it. */
    sg_schema *s = load("{\n  \"fields\": [\n"
                        "    {\"metadata\": {\"comment\": \"the id\", \"x\": 1}, \"name\": \"id\","
                        " \"nullable\": false, \"type\": \"long\"},\n"
                        "    {\"name\": \"tags\", \"nullable\": true, \"type\": {\"containsNull\":"
                        " false, \"elementType\": \"string\", \"type\": \"array\"}},\n"
                        "    {\"name\": \"m\", \"type\": {\"keyType\": \"string\", \"type\": "
                        "\"map\", \"valueContainsNull\": true, \"valueType\": \"decimal( 9 ,"
                        " 3 )\"}}\n"
                        "  ],\n  \"type\": \"struct\"\n}\n");
    sg_error err;
    collected c;
    char *text = write_spark(s, &c, SG_OK, &err);
    ck_assert_str_eq(text,
                     "{\"type\":\"struct\",\"fields\":["
                     "{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,"
                     "\"metadata\":{\"comment\":\"the id\",\"x\":1}},"
                     "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"elementType\":\"string\","
                     "\"containsNull\":false},\"nullable\":true,\"metadata\":{}},"
                     "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"keyType\":\"string\","
                     "\"valueType\":\"decimal(9,3)\",\"valueContainsNull\":true},\"nullable\":true,"
                     "\"metadata\":{}}]}\n");
    ck_assert_uint_eq(c.count, 0);
    /* Written again from what it wrote: the same text (a fixed point). */
    sg_schema *again = load(text);
    char *text2 = write_spark(again, NULL, SG_OK, &err);
    ck_assert_str_eq(text, text2);
    ck_assert(sg_schema_equal(s, again, SG_CMP_DEFAULT));
    sg_free(text);
    sg_free(text2);
    sg_schema_free(again);
    sg_schema_free(s);
}
END_TEST

START_TEST(loader_maps_types_and_flags) {
    sg_schema *s = load("{\"type\":\"struct\",\"fields\":["
                        "{\"name\":\"a\",\"type\":{\"type\":\"array\",\"elementType\":"
                        "\"timestamp_ntz\",\"containsNull\":false},\"nullable\":true,"
                        "\"metadata\":{}},"
                        "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"keyType\":\"integer\","
                        "\"valueType\":\"varchar(7)\",\"valueContainsNull\":true},"
                        "\"nullable\":false,\"metadata\":{\"comment\":\"c\",\"k\":{\"b\":1,"
                        "\"a\":[true]}}},"
                        "{\"name\":\"d\",\"type\":\"decimal\"}]}");
    const sg_type *root = sg_schema_root(s);
    ck_assert_int_eq(sg_type_kind(root), SG_KIND_STRUCT);
    ck_assert_ptr_null(sg_type_name(root));
    const sg_field *a = sg_type_field(root, 0);
    ck_assert(sg_field_nullable(a));
    const sg_type *element = sg_type_element(sg_field_type(a));
    ck_assert_int_eq(sg_type_kind(element), SG_KIND_TIMESTAMP);
    ck_assert(!sg_type_utc(element));
    ck_assert_int_eq(sg_type_time_unit(element), SG_UNIT_MICROS);
    ck_assert(!sg_type_nullable(element));
    ck_assert_str_eq(sg_type_location(element).pointer, "/fields/0/type/elementType");
    ck_assert_str_eq(sg_field_location(a).pointer, "/fields/0");
    ck_assert_str_eq(sg_field_location(a).source, "t.json");

    const sg_field *m = sg_type_field(root, 1);
    ck_assert(!sg_field_nullable(m));
    ck_assert_str_eq(sg_field_doc(m), "c");
    ck_assert_uint_eq(sg_field_metadata_count(m), 1);
    ck_assert_str_eq(sg_field_metadata_get(m, "k"), "{\"a\":[true],\"b\":1}");
    ck_assert_ptr_null(sg_field_metadata_get(m, "comment"));
    const sg_type *key = sg_type_map_key(sg_field_type(m));
    const sg_type *value = sg_type_map_value(sg_field_type(m));
    ck_assert_int_eq(sg_type_kind(key), SG_KIND_INT32);
    ck_assert(!sg_type_nullable(key));
    ck_assert_int_eq(sg_type_string_flavor(value), SG_STRING_VARCHAR);
    ck_assert_int_eq(sg_type_max_length(value), 7);
    ck_assert(sg_type_nullable(value));
    ck_assert_str_eq(sg_type_location(value).pointer, "/fields/1/type/valueType");

    /* "nullable" and "metadata" absent: nullable, as Spark's StructField defaults. */
    const sg_field *d = sg_type_field(root, 2);
    ck_assert(sg_field_nullable(d));
    ck_assert_int_eq(sg_type_precision(sg_field_type(d)), 10);
    ck_assert_int_eq(sg_type_scale(sg_field_type(d)), 0);
    ck_assert_uint_eq(sg_schema_warning_count(s), 0);
    sg_schema_free(s);
}
END_TEST

START_TEST(top_level_types_load_but_are_not_written) {
    sg_schema *s = load("\"integer\"");
    ck_assert_int_eq(sg_type_kind(sg_schema_root(s)), SG_KIND_INT32);
    ck_assert_str_eq(sg_type_location(sg_schema_root(s)).pointer, "/");
    sg_error err;
    write_spark(s, NULL, SG_EUNSUPPORTED, &err);
    ck_assert_str_eq(err.path, "(root)");
    ck_assert_str_eq(err.message, "a Spark schema is a struct; this schema's root is int32");
    sg_schema_free(s);

    s = load("{\"type\":\"array\",\"elementType\":{\"type\":\"map\",\"keyType\":\"string\","
             "\"valueType\":\"void\",\"valueContainsNull\":true},\"containsNull\":true}");
    const sg_type *root = sg_schema_root(s);
    ck_assert_int_eq(sg_type_kind(root), SG_KIND_LIST);
    ck_assert(sg_type_nullable(sg_type_element(root)));
    ck_assert_int_eq(sg_type_kind(sg_type_map_value(sg_type_element(root))), SG_KIND_NULL);
    write_spark(s, NULL, SG_EUNSUPPORTED, &err);
    sg_schema_free(s);
}
END_TEST

START_TEST(errors_are_located) {
    sg_error err;
    ck_assert_int_eq(load_error("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":"
                                "{\"type\":\"array\",\"elementType\":\"interval day\","
                                "\"containsNull\":true}}]}",
                                &err),
                     SG_EUNSUPPORTED);
    ck_assert_str_eq(err.path, "/fields/0/type/elementType");
    ck_assert_str_eq(err.source, "t.json");
    ck_assert_ptr_nonnull(strstr(err.message, "interval day"));

    ck_assert_int_eq(load_error("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":"
                                "{\"type\":\"udt\",\"class\":\"x.PointUDT\",\"pyClass\":null,"
                                "\"sqlType\":\"string\"}}]}",
                                &err),
                     SG_EUNSUPPORTED);
    ck_assert_str_eq(err.path, "/fields/0/type");
    ck_assert_str_eq(err.message, "Spark user-defined type \"x.PointUDT\" is not supported");

    ck_assert_int_eq(load_error("{\"type\":\"struct\",\"fields\":[{\"name\":\"a~/b\",\"type\":"
                                "\"long\"},{\"name\":\"b\",\"type\":{\"type\":\"struct\","
                                "\"fields\":[{\"name\":\"c\",\"type\":\"decimal(5,6)\"}]}}]}",
                                &err),
                     SG_EINVALID);
    ck_assert_str_eq(err.path, "/fields/1/type/fields/0/type");
    ck_assert_str_eq(err.message, "Spark decimal \"decimal(5,6)\": the scale is more than the "
                                  "precision");

    ck_assert_int_eq(load_error("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":"
                                "\"long\"},{\"name\":\"a\",\"type\":\"long\"}]}",
                                &err),
                     SG_EINVALID);
    ck_assert_str_eq(err.path, "/fields/1");
    ck_assert_ptr_nonnull(strstr(err.message, "duplicate field name \"a\""));

    ck_assert_int_eq(load_error("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":"
                                "\"long\",\"metadata\":{\"comment\":\"x\\u0000\"}}]}",
                                &err),
                     SG_EINVALID);
    ck_assert_str_eq(err.path, "/fields/0/metadata/comment");

    ck_assert_int_eq(load_error("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":"
                                "\"long\",\"nullable\":null}]}",
                                &err),
                     SG_EINVALID);
    ck_assert_str_eq(err.path, "/fields/0/nullable");

    ck_assert_int_eq(load_error("{\"type\":\"struct\",\"fields\":[", &err), SG_EPARSE);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(load_error("", &err), SG_EPARSE);
}
END_TEST

START_TEST(depth_limits) {
    /* 130 nested arrays: past SG_MAX_DEPTH, within the JSON nesting limit. */
    char text[8192] = "";
    for (int i = 0; i < 130; i++) {
        strcat(text, "{\"type\":\"array\",\"containsNull\":true,\"elementType\":");
    }
    strcat(text, "\"long\"");
    for (int i = 0; i < 130; i++) {
        strcat(text, "}");
    }
    sg_error err;
    ck_assert_int_eq(load_error(text, &err), SG_ELIMIT);

    /* The writer has the same limit for models built in memory. */
    sg_type *type = NULL;
    ck_assert_int_eq(sg_type_new(&type, SG_KIND_INT64), SG_OK);
    for (int i = 0; i < 140; i++) {
        sg_type *list = NULL;
        ck_assert_int_eq(sg_type_new(&list, SG_KIND_LIST), SG_OK);
        ck_assert_int_eq(sg_type_add_child(list, type), SG_OK);
        type = list;
    }
    sg_type *root = NULL;
    sg_field *field = NULL;
    ck_assert_int_eq(sg_type_new(&root, SG_KIND_STRUCT), SG_OK);
    ck_assert_int_eq(sg_field_new(&field, "deep", type), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, field), SG_OK);
    sg_schema *s = NULL;
    ck_assert_int_eq(sg_schema_new(&s, root), SG_OK);
    write_spark(s, NULL, SG_ELIMIT, &err);
    ck_assert_ptr_nonnull(strstr(err.path, "deep[][]"));
    sg_schema_free(s);
}
END_TEST

/* Every lossy mapping, from an Avro schema, with the path and wording of each report. */
START_TEST(writer_reports_every_loss) {
    sg_schema *s = load_as(
        "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"doc\":\"An order\","
        "\"fields\":["
        "{\"name\":\"id\",\"type\":{\"type\":\"string\",\"logicalType\":\"uuid\"}},"
        "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":"
        "[\"NEW\",\"DONE\"]},\"default\":\"NEW\"},"
        "{\"name\":\"hash\",\"type\":{\"type\":\"fixed\",\"name\":\"Md5\",\"size\":16}},"
        "{\"name\":\"price\",\"type\":{\"type\":\"fixed\",\"name\":\"Dec\",\"size\":8,"
        "\"logicalType\":\"decimal\",\"precision\":18,\"scale\":2}},"
        "{\"name\":\"items\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"record\","
        "\"name\":\"Item\",\"fields\":[{\"name\":\"t\",\"type\":{\"type\":\"long\","
        "\"logicalType\":\"timestamp-nanos\"}}]}}},"
        "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":{\"type\":\"int\","
        "\"logicalType\":\"time-millis\"}}},"
        "{\"name\":\"choice\",\"type\":[\"null\",\"int\",\"string\"],\"aliases\":[\"pick\"],"
        "\"order\":\"descending\"},"
        "{\"name\":\"wait\",\"type\":{\"type\":\"fixed\",\"name\":\"Dur\",\"size\":12,"
        "\"logicalType\":\"duration\"}},"
        "{\"name\":\"created\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"},"
        "\"tags\":[1,\"x\"],\"owner\":\"ops\"},"
        "{\"name\":\"label\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"},"
        "\"doc\":\"a label\",\"comment\":\"clashes with the doc\"},"
        "{\"name\":\"at\",\"type\":{\"type\":\"int\",\"logicalType\":\"time-micros\"}}"
        "]}",
        SG_FORMAT_AVRO);
    ck_assert_int_eq(sg_schema_set_property(s, "table", "orders"), SG_OK);
    sg_error err;
    collected c;
    char *text = write_spark(s, &c, SG_OK, &err);
    static const char *const expected[] = {
        "(schema): Spark schemas hold no table properties (table, ...): they are not written",
        "(root): the type's doc is not kept: Spark keeps docs only on fields (metadata "
        "\"comment\")",
        "id: uuid becomes Spark string",
        "status: default \"NEW\" is not kept: StructType JSON has no field defaults",
        "status: enum becomes Spark string: its 2 symbols are not kept",
        "hash: fixed(16) becomes Spark binary: the size is not kept",
        "price: decimal stored in 8 fixed bytes becomes a Spark decimal: the byte size is not "
        "kept",
        "items[].t: timestamp in nanoseconds becomes a Spark timestamp in microseconds: the "
        "nanoseconds are not kept",
        "attrs{}: time(millis) becomes Spark integer (milliseconds since midnight): Spark has "
        "no time type",
        "choice: field aliases (pick) are not kept: Spark fields have no aliases",
        "choice: sort order \"descending\" is not kept: Spark fields have no sort order",
        "choice: union becomes a Spark struct with one nullable field per branch (member0, "
        "member1, ...), as spark-avro reads it",
        "wait: duration becomes Spark binary (12 bytes: months, days, milliseconds): Spark has "
        "no such interval type",
        "created: metadata \"tags\" is not kept: Spark metadata arrays hold values of one kind: "
        "numbers, booleans, strings or objects",
        "label: type metadata (avro.java.string) is not kept: Spark keeps metadata only on "
        "fields",
        "label: metadata \"comment\" is not kept: the field's doc is written there",
    };
    size_t n = sizeof expected / sizeof expected[0];
    /* "at" has time-micros on an int, which Avro ignores: a plain int whose logicalType the
     * Avro loader keeps as type metadata, which Spark cannot hold. */
    ck_assert_uint_eq(c.count, n + 1);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(c.lines[i], expected[i]);
    }
    ck_assert_str_eq(c.lines[n], "at: type metadata (logicalType) is not kept: Spark keeps "
                                 "metadata only on fields");
    ck_assert_str_eq(
        text,
        "{\"type\":\"struct\",\"fields\":["
        "{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
        "{\"name\":\"status\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
        "{\"name\":\"hash\",\"type\":\"binary\",\"nullable\":false,\"metadata\":{}},"
        "{\"name\":\"price\",\"type\":\"decimal(18,2)\",\"nullable\":false,\"metadata\":{}},"
        "{\"name\":\"items\",\"type\":{\"type\":\"array\",\"elementType\":{\"type\":\"struct\","
        "\"fields\":[{\"name\":\"t\",\"type\":\"timestamp\",\"nullable\":false,\"metadata\":{}}"
        "]},\"containsNull\":false},\"nullable\":false,\"metadata\":{}},"
        "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":"
        "\"integer\",\"valueContainsNull\":false},\"nullable\":false,\"metadata\":{}},"
        "{\"name\":\"choice\",\"type\":{\"type\":\"struct\",\"fields\":["
        "{\"name\":\"member0\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}},"
        "{\"name\":\"member1\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]},"
        "\"nullable\":true,\"metadata\":{}},"
        "{\"name\":\"wait\",\"type\":\"binary\",\"nullable\":false,\"metadata\":{}},"
        "{\"name\":\"created\",\"type\":\"timestamp\",\"nullable\":false,\"metadata\":"
        "{\"owner\":\"ops\"}},"
        "{\"name\":\"label\",\"type\":\"string\",\"nullable\":false,\"metadata\":"
        "{\"comment\":\"a label\"}},"
        "{\"name\":\"at\",\"type\":\"integer\",\"nullable\":false,\"metadata\":{}}]}\n");
    /* Without a callback the write succeeds the same way, silently. */
    char *quiet = write_spark(s, NULL, SG_OK, &err);
    ck_assert_str_eq(quiet, text);
    sg_free(quiet);
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

/* A model built in memory with what only the model API can say. */
START_TEST(model_only_details_are_reported) {
    sg_type *root = NULL, *t = NULL;
    sg_field *f = NULL;
    ck_assert_int_eq(sg_type_new(&root, SG_KIND_STRUCT), SG_OK);
    sg_type_set_nullable(root, true);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_UUID), SG_OK);
    ck_assert_int_eq(sg_type_set_size(t, 16), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "uid", t), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "year", t), SG_OK);
    ck_assert_int_eq(sg_field_set_partition(f, true), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_TIME), SG_OK);
    ck_assert_int_eq(sg_type_set_time_unit(t, SG_UNIT_NANOS), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "tod", t), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_TIMESTAMP), SG_OK);
    ck_assert_int_eq(sg_type_set_time_unit(t, SG_UNIT_MILLIS), SG_OK);
    ck_assert_int_eq(sg_type_set_utc(t, false), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "local_ms", t), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    /* A map with a nullable key (only the API can build one) and a struct value. */
    sg_type *map = NULL, *key = NULL, *value = NULL;
    ck_assert_int_eq(sg_type_new(&map, SG_KIND_MAP), SG_OK);
    ck_assert_int_eq(sg_type_new(&key, SG_KIND_STRING), SG_OK);
    sg_type_set_nullable(key, true);
    ck_assert_int_eq(sg_type_new(&value, SG_KIND_ENUM), SG_OK);
    ck_assert_int_eq(sg_type_add_symbol(value, "A"), SG_OK);
    ck_assert_int_eq(sg_type_set_enum_default(value, "A"), SG_OK);
    ck_assert_int_eq(sg_type_add_child(map, key), SG_OK);
    ck_assert_int_eq(sg_type_add_child(map, value), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "attrs", map), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    sg_schema *s = NULL;
    ck_assert_int_eq(sg_schema_new(&s, root), SG_OK);
    sg_error err;
    collected c;
    char *text = write_spark(s, &c, SG_OK, &err);
    ck_assert_uint_eq(c.count, 6);
    ck_assert_str_eq(c.lines[0], "(root): the root struct is nullable: a Spark schema's root "
                                 "has no nullability");
    ck_assert_str_eq(c.lines[1], "uid: uuid becomes Spark string (it was stored in 16 fixed "
                                 "bytes)");
    ck_assert_str_eq(c.lines[2], "year: partition key flag dropped: StructType JSON does not "
                                 "mark partition columns");
    ck_assert_str_eq(c.lines[3], "tod: time(nanos) becomes Spark long (nanoseconds since "
                                 "midnight): Spark has no time type");
    ck_assert_str_eq(c.lines[4], "attrs{key}: map keys cannot be null in Spark: the key's "
                                 "nullability is not kept");
    ck_assert_str_eq(c.lines[5], "attrs{}: enum becomes Spark string: its 1 symbols and default "
                                 "are not kept");
    /* A timestamp in milliseconds widens to microseconds: nothing lost, nothing said. */
    ck_assert_ptr_nonnull(strstr(text, "{\"name\":\"local_ms\",\"type\":\"timestamp_ntz\""));
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

START_TEST(unions_become_structs) {
    sg_schema *s = load_as("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                           "{\"name\":\"u\",\"type\":[\"int\",{\"type\":\"record\",\"name\":"
                           "\"P\",\"fields\":[{\"name\":\"x\",\"type\":[\"long\",\"string\"]}]},"
                           "{\"type\":\"array\",\"items\":\"string\"}]}]}",
                           SG_FORMAT_AVRO);
    sg_error err;
    collected c;
    char *text = write_spark(s, &c, SG_OK, &err);
    ck_assert_uint_eq(c.count, 2);
    ck_assert_str_eq(c.lines[0], "u: union becomes a Spark struct with one nullable field per "
                                 "branch (member0, member1, ...), as spark-avro reads it");
    ck_assert_ptr_nonnull(strstr(c.lines[1], "u.member1.x: union becomes"));
    ck_assert_str_eq(
        text, "{\"type\":\"struct\",\"fields\":[{\"name\":\"u\",\"type\":{\"type\":\"struct\","
              "\"fields\":["
              "{\"name\":\"member0\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}},"
              "{\"name\":\"member1\",\"type\":{\"type\":\"struct\",\"fields\":["
              "{\"name\":\"x\",\"type\":{\"type\":\"struct\",\"fields\":["
              "{\"name\":\"member0\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},"
              "{\"name\":\"member1\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]},"
              "\"nullable\":false,\"metadata\":{}}]},\"nullable\":true,\"metadata\":{}},"
              "{\"name\":\"member2\",\"type\":{\"type\":\"array\",\"elementType\":\"string\","
              "\"containsNull\":false},\"nullable\":true,\"metadata\":{}}]},"
              "\"nullable\":false,\"metadata\":{}}]}\n");
    /* What was written reads back as the struct spark-avro would give. */
    sg_schema *back = load(text);
    const sg_type *u = sg_field_type(sg_type_field(sg_schema_root(back), 0));
    ck_assert_int_eq(sg_type_kind(u), SG_KIND_STRUCT);
    ck_assert_uint_eq(sg_type_field_count(u), 3);
    ck_assert_str_eq(sg_field_name(sg_type_field(u, 2)), "member2");
    ck_assert(sg_field_nullable(sg_type_field(u, 2)));
    sg_schema_free(back);
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

START_TEST(writer_refusals) {
    sg_error err;
    /* Avro allows a decimal of any precision; Spark stops at 38. */
    sg_schema *s = load_as("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"big\","
                           "\"type\":{\"type\":\"array\",\"items\":{\"type\":\"bytes\","
                           "\"logicalType\":\"decimal\",\"precision\":40,\"scale\":2}}}]}",
                           SG_FORMAT_AVRO);
    write_spark(s, NULL, SG_EUNSUPPORTED, &err);
    ck_assert_str_eq(err.path, "big[]");
    ck_assert_str_eq(err.message, "Spark decimals hold at most 38 digits; this one has 40");
    sg_schema_free(s);
}
END_TEST

START_TEST(format_detection) {
    sg_format format;
    const char *spark = "  {\"type\":\"struct\",\"fields\":[]}";
    ck_assert_int_eq(sg_format_detect(&format, "schema.json", spark, strlen(spark)), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_SPARK);
    const char *avro = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}";
    ck_assert_int_eq(sg_format_detect(&format, "schema.json", avro, strlen(avro)), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_AVRO);
    /* An .avsc name wins over the content. */
    ck_assert_int_eq(sg_format_detect(&format, "schema.avsc", spark, strlen(spark)), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_AVRO);
    /* Broken JSON is left to the Avro loader; a nested "struct" is not a Spark document. */
    const char *broken = "{\"type\":\"struct\",";
    ck_assert_int_eq(sg_format_detect(&format, NULL, broken, strlen(broken)), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_AVRO);
    const char *nested = "{\"x\":{\"type\":\"struct\"}}";
    ck_assert_int_eq(sg_format_detect(&format, NULL, nested, strlen(nested)), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_AVRO);
    ck_assert_int_eq(sg_format_from_name(&format, "Spark"), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_SPARK);

    sg_schema *s = load_as("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":"
                           "\"short\",\"nullable\":false,\"metadata\":{}}]}",
                           SG_FORMAT_AUTO);
    ck_assert_int_eq(sg_type_kind(sg_field_type(sg_type_field(sg_schema_root(s), 0))),
                     SG_KIND_INT16);
    sg_schema_free(s);
}
END_TEST

int main(void) {
    Suite *s = suite_create("spark");
    TCase *tc = tcase_create("spark");
    tcase_add_test(tc, exact_compact_output);
    tcase_add_test(tc, loader_maps_types_and_flags);
    tcase_add_test(tc, top_level_types_load_but_are_not_written);
    tcase_add_test(tc, errors_are_located);
    tcase_add_test(tc, depth_limits);
    tcase_add_test(tc, writer_reports_every_loss);
    tcase_add_test(tc, model_only_details_are_reported);
    tcase_add_test(tc, unions_become_structs);
    tcase_add_test(tc, writer_refusals);
    tcase_add_test(tc, format_detection);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

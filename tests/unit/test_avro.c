/* tests/unit/test_avro.c: the Avro loader and writer beyond what the data-driven cases show:
 * warnings, named references, limits, what the writer refuses, names it makes up, file and
 * format handling. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemagate/schemagate.h>

static sg_schema *load(const char *text) {
    sg_schema *s = NULL;
    sg_error err;
    int rc = sg_schema_load_buffer(&s, text, strlen(text), SG_FORMAT_AVRO, "t.avsc", &err);
    if (rc != SG_OK) {
        char buf[1024];
        sg_error_format(&err, buf, sizeof buf);
        ck_abort_msg("load failed: %s", buf);
    }
    return s;
}

static int load_error(const char *text, sg_error *err) {
    sg_schema *s = NULL;
    int rc = sg_schema_load_buffer(&s, text, strlen(text), SG_FORMAT_AVRO, "t.avsc", err);
    ck_assert_ptr_null(s);
    return rc;
}

static char *write_avro(const sg_schema *s, int expect_rc, sg_error *err) {
    char *text = NULL;
    ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_AVRO, &text, err), expect_rc);
    return text;
}

START_TEST(named_reference_is_a_copy_with_its_own_nullability) {
    sg_schema *s = load("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                        "{\"name\":\"a\",\"type\":[\"null\",{\"type\":\"fixed\",\"name\":\"F\","
                        "\"size\":4}]},"
                        "{\"name\":\"b\",\"type\":\"F\"}]}");
    const sg_type *root = sg_schema_root(s);
    const sg_type *a = sg_field_type(sg_type_field(root, 0));
    const sg_type *b = sg_field_type(sg_type_field(root, 1));
    ck_assert(sg_type_nullable(a));
    ck_assert(!sg_type_nullable(b));
    ck_assert_int_eq(sg_type_kind(b), SG_KIND_FIXED);
    ck_assert_int_eq(sg_type_size(b), 4);
    ck_assert_str_eq(sg_type_name(b), "F");
    ck_assert_str_eq(sg_type_location(b).pointer, "/fields/1/type");
    /* Written back: defined once, referred to by name after. */
    sg_error err;
    char *text = write_avro(s, SG_OK, &err);
    ck_assert_ptr_nonnull(strstr(text, "\"type\": \"F\""));
    const char *first = strstr(text, "\"fixed\"");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(strstr(first + 1, "\"fixed\""));
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

START_TEST(null_position_survives_a_round_trip) {
    sg_schema *s = load("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                        "{\"name\":\"a\",\"type\":[\"string\",\"null\"],\"default\":\"x\"},"
                        "{\"name\":\"b\",\"type\":[\"int\",\"null\",\"string\"]}]}");
    const sg_type *a = sg_field_type(sg_type_field(sg_schema_root(s), 0));
    ck_assert(sg_type_nullable(a));
    ck_assert_int_eq(sg_type_null_index(a), 1);
    const sg_type *b = sg_field_type(sg_type_field(sg_schema_root(s), 1));
    ck_assert_int_eq(sg_type_kind(b), SG_KIND_UNION);
    ck_assert_uint_eq(sg_type_child_count(b), 2);
    ck_assert_int_eq(sg_type_null_index(b), 1);
    sg_error err;
    char *text = write_avro(s, SG_OK, &err);
    ck_assert_ptr_nonnull(strstr(text, "\"string\",\n        \"null\""));
    ck_assert_ptr_nonnull(strstr(text, "\"int\",\n        \"null\",\n        \"string\""));
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

START_TEST(warnings_name_what_was_ignored) {
    sg_schema *s = load("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                        "{\"name\":\"a\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\","
                        "\"precision\":4,\"scale\":9}},"
                        "{\"name\":\"b\",\"type\":{\"type\":\"string\",\"logicalType\":\"date\"}},"
                        "{\"name\":\"c\",\"type\":{\"type\":\"fixed\",\"name\":\"D\",\"size\":1,"
                        "\"logicalType\":\"decimal\",\"precision\":3}}]}");
    ck_assert_uint_eq(sg_schema_warning_count(s), 3);
    ck_assert_str_eq(sg_schema_warning(s, 0)->path, "/fields/0/type");
    ck_assert_ptr_nonnull(strstr(sg_schema_warning(s, 0)->message, "invalid decimal"));
    ck_assert_ptr_nonnull(strstr(sg_schema_warning(s, 1)->message, "does not apply to string"));
    ck_assert_ptr_nonnull(strstr(sg_schema_warning(s, 2)->message, "does not fit in a fixed of 1"));
    /* The ignored attributes are kept, so writing back loses nothing. */
    const sg_type *a = sg_field_type(sg_type_field(sg_schema_root(s), 0));
    ck_assert_int_eq(sg_type_kind(a), SG_KIND_BINARY);
    ck_assert_str_eq(sg_type_metadata_get(a, "logicalType"), "\"decimal\"");
    ck_assert_str_eq(sg_type_metadata_get(a, "scale"), "9");
    sg_schema_free(s);
}
END_TEST

START_TEST(decimal_precision_limits_for_fixed) {
    /* 8 bytes hold 18 digits, 16 bytes 38. */
    sg_schema *s = load("{\"type\":\"fixed\",\"name\":\"D\",\"size\":8,\"logicalType\":\"decimal\","
                        "\"precision\":18,\"scale\":2}");
    ck_assert_int_eq(sg_type_kind(sg_schema_root(s)), SG_KIND_DECIMAL);
    ck_assert_uint_eq(sg_schema_warning_count(s), 0);
    sg_schema_free(s);
    s = load("{\"type\":\"fixed\",\"name\":\"D\",\"size\":8,\"logicalType\":\"decimal\","
             "\"precision\":19}");
    ck_assert_int_eq(sg_type_kind(sg_schema_root(s)), SG_KIND_FIXED);
    sg_schema_free(s);
    s = load("{\"type\":\"fixed\",\"name\":\"D\",\"size\":16,\"logicalType\":\"decimal\","
             "\"precision\":38}");
    ck_assert_int_eq(sg_type_kind(sg_schema_root(s)), SG_KIND_DECIMAL);
    sg_schema_free(s);
}
END_TEST

START_TEST(recursion_and_depth_are_refused) {
    sg_error err;
    ck_assert_int_eq(
        load_error("{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"next\","
                   "\"type\":[\"null\",\"N\"]}]}",
                   &err),
        SG_EUNSUPPORTED);
    ck_assert_str_eq(err.path, "/fields/0/type/1");

    /* 150 nested arrays: past SG_MAX_DEPTH (128). */
    char text[4096] = "";
    for (int i = 0; i < 150; i++) {
        strcat(text, "{\"type\":\"array\",\"items\":");
    }
    strcat(text, "\"int\"");
    for (int i = 0; i < 150; i++) {
        strcat(text, "}");
    }
    ck_assert_int_eq(load_error(text, &err), SG_ELIMIT);
}
END_TEST

START_TEST(writer_refuses_what_avro_cannot_say) {
    sg_error err;
    sg_type *root, *t, *k, *v;
    sg_field *f;
    /* A map with int keys. */
    sg_type_new(&root, SG_KIND_STRUCT);
    sg_type_set_name(root, "R", NULL);
    sg_type_new(&t, SG_KIND_MAP);
    sg_type_new(&k, SG_KIND_INT32);
    sg_type_new(&v, SG_KIND_STRING);
    sg_type_add_child(t, k);
    sg_type_add_child(t, v);
    sg_field_new(&f, "counts", t);
    sg_type_add_field(root, f);
    sg_schema *s;
    sg_schema_new(&s, root);
    ck_assert_ptr_null(write_avro(s, SG_EUNSUPPORTED, &err));
    ck_assert_str_eq(err.path, "counts");
    ck_assert_ptr_nonnull(strstr(err.message, "map keys are strings"));
    sg_schema_free(s);

    /* A variant inside a list, and a time in nanoseconds. */
    sg_type_new(&root, SG_KIND_STRUCT);
    sg_type_new(&t, SG_KIND_LIST);
    sg_type_new(&v, SG_KIND_VARIANT);
    sg_type_add_child(t, v);
    sg_field_new(&f, "payloads", t);
    sg_type_add_field(root, f);
    sg_schema_new(&s, root);
    ck_assert_ptr_null(write_avro(s, SG_EUNSUPPORTED, &err));
    ck_assert_str_eq(err.path, "payloads[]");
    sg_schema_free(s);

    sg_type_new(&t, SG_KIND_TIME);
    sg_type_set_time_unit(t, SG_UNIT_NANOS);
    sg_schema_new(&s, t);
    ck_assert_ptr_null(write_avro(s, SG_EUNSUPPORTED, &err));
    sg_schema_free(s);

    /* A field name Avro does not allow (Glue allows it). */
    sg_type_new(&root, SG_KIND_STRUCT);
    sg_type_new(&t, SG_KIND_STRING);
    sg_field_new(&f, "order-id", t);
    sg_type_add_field(root, f);
    sg_schema_new(&s, root);
    ck_assert_ptr_null(write_avro(s, SG_EUNSUPPORTED, &err));
    ck_assert_str_eq(err.path, "order-id");
    sg_schema_free(s);
}
END_TEST

START_TEST(writer_names_unnamed_types_and_rejects_clashes) {
    /* Structs from Glue or Spark have no names: the writer makes them up from field names. */
    sg_type *root, *inner, *t;
    sg_field *f;
    sg_type_new(&root, SG_KIND_STRUCT);
    sg_type_new(&inner, SG_KIND_STRUCT);
    sg_type_new(&t, SG_KIND_INT32);
    sg_field_new(&f, "zip", t);
    sg_type_add_field(inner, f);
    sg_field_new(&f, "home", inner);
    sg_type *second;
    sg_type_copy(&second, inner);
    sg_field *f2;
    sg_field_new(&f2, "work", second);
    sg_type_add_field(root, f);
    sg_type_add_field(root, f2);
    sg_schema *s;
    sg_schema_new(&s, root);
    sg_error err;
    char *text = write_avro(s, SG_OK, &err);
    ck_assert_ptr_nonnull(strstr(text, "\"name\": \"Root\""));
    ck_assert_ptr_nonnull(strstr(text, "\"name\": \"home\""));
    ck_assert_ptr_nonnull(strstr(text, "\"name\": \"work\""));
    sg_schema *back;
    ck_assert_int_eq(sg_schema_load_buffer(&back, text, strlen(text), SG_FORMAT_AVRO, "w", &err),
                     SG_OK);
    ck_assert(sg_schema_equal(s, back, SG_CMP_IGNORE_NAMES));
    sg_schema_free(back);
    sg_free(text);
    sg_schema_free(s);

    /* Two different enums with one name cannot both be written. */
    sg_type *e1, *e2;
    sg_type_new(&root, SG_KIND_STRUCT);
    sg_type_set_name(root, "R", NULL);
    sg_type_new(&e1, SG_KIND_ENUM);
    sg_type_set_name(e1, "E", NULL);
    sg_type_add_symbol(e1, "A");
    sg_type_new(&e2, SG_KIND_ENUM);
    sg_type_set_name(e2, "E", NULL);
    sg_type_add_symbol(e2, "B");
    sg_field_new(&f, "x", e1);
    sg_type_add_field(root, f);
    sg_field_new(&f, "y", e2);
    sg_type_add_field(root, f);
    sg_schema_new(&s, root);
    ck_assert_ptr_null(write_avro(s, SG_EUNSUPPORTED, &err));
    ck_assert_str_eq(err.path, "y");
    sg_schema_free(s);
}
END_TEST

START_TEST(files_formats_and_limits) {
    sg_schema *s = NULL;
    sg_error err;
    ck_assert_int_eq(sg_schema_load_file(&s, "/nonexistent/x.avsc", SG_FORMAT_AUTO, &err),
                     SG_ENOTFOUND);
    ck_assert_str_eq(err.source, "/nonexistent/x.avsc");

    char path[] = "/tmp/sg_test_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("\"long\"", f);
    fclose(f);
    ck_assert_int_eq(sg_schema_load_file(&s, path, SG_FORMAT_AUTO, &err), SG_OK);
    ck_assert_int_eq(sg_type_kind(sg_schema_root(s)), SG_KIND_INT64);
    ck_assert_str_eq(sg_schema_source(s), path);
    sg_schema_free(s);
    remove(path);

    sg_format format;
    const char *rest;
    sg_schema_arg_split("avro:dir/a.json", &format, &rest);
    ck_assert_int_eq(format, SG_FORMAT_AVRO);
    ck_assert_str_eq(rest, "dir/a.json");
    sg_schema_arg_split("MODEL:x", &format, &rest);
    ck_assert_int_eq(format, SG_FORMAT_MODEL);
    sg_schema_arg_split("c:/windows/a.avsc", &format, &rest);
    ck_assert_int_eq(format, SG_FORMAT_AUTO);
    ck_assert_str_eq(rest, "c:/windows/a.avsc");

    ck_assert_int_eq(sg_format_detect(&format, "x.avsc", "", 0), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_AVRO);
    const char *model = " {\"schemagate_model\": 1}";
    ck_assert_int_eq(sg_format_detect(&format, "x.json", model, strlen(model)), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_MODEL);
    ck_assert_int_eq(sg_format_detect(&format, "x.txt", "hello", 5), SG_OK);
    ck_assert_int_eq(format, SG_FORMAT_DDL); /* text that is no template or type: DDL */
    ck_assert_int_eq(sg_format_detect(&format, "x.txt", " \n", 2), SG_EINVALID);

    /* Over the size limit: refused before anything is read. */
    ck_assert_int_eq(sg_schema_load_buffer(&s, "\"int\"", (size_t)SG_MAX_SCHEMA_BYTES + 1,
                                           SG_FORMAT_AVRO, "big", &err),
                     SG_ELIMIT);
    ck_assert_int_eq(sg_schema_load_buffer(&s, "hello", 5, SG_FORMAT_AUTO, "h", &err), SG_EINVALID);
    ck_assert_int_eq(sg_schema_load_buffer(&s, "  ", 2, SG_FORMAT_AUTO, "h", &err), SG_EPARSE);
    ck_assert_int_eq(sg_schema_load_buffer(NULL, "x", 1, SG_FORMAT_AUTO, "h", &err), SG_EUSAGE);
}
END_TEST

START_TEST(nul_only_in_defaults) {
    sg_error err;
    ck_assert_int_eq(load_error("{\"type\":\"record\",\"name\":\"R\",\"doc\":\"a\\u0000b\","
                                "\"fields\":[]}",
                                &err),
                     SG_EINVALID);
    ck_assert_str_eq(err.path, "/doc");
    sg_schema *s = load("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\","
                        "\"type\":\"bytes\",\"default\":\"\\u0000\\u00ff\"}]}");
    ck_assert_str_eq(sg_field_default(sg_type_field(sg_schema_root(s), 0)), "\"\\u0000\xc3\xbf\"");
    sg_schema_free(s);
}
END_TEST

/* A primitive's name is no type name in any namespace: the writer refuses a named type called
 * so, and names it makes up from field names avoid them. */
START_TEST(writer_never_names_a_type_like_a_primitive) {
    sg_type *root, *named, *t;
    sg_field *f;
    sg_type_new(&root, SG_KIND_STRUCT);
    sg_type_set_name(root, "R", "com.acme");
    sg_type_new(&named, SG_KIND_FIXED);
    sg_type_set_size(named, 4);
    sg_type_set_name(named, "long", "com.acme");
    sg_field_new(&f, "x", named);
    sg_type_add_field(root, f);
    sg_schema *s;
    sg_schema_new(&s, root);
    sg_error err;
    ck_assert_ptr_null(write_avro(s, SG_EUNSUPPORTED, &err));
    ck_assert_str_eq(err.path, "x");
    ck_assert_ptr_nonnull(strstr(err.message, "primitive"));
    sg_schema_free(s);

    /* Unnamed structs in fields called "int" and "string" get names "int_2" and "string_2". */
    sg_type_new(&root, SG_KIND_STRUCT);
    const char *names[] = {"int", "string"};
    for (size_t i = 0; i < 2; i++) {
        sg_type *inner;
        sg_type_new(&inner, SG_KIND_STRUCT);
        sg_type_new(&t, SG_KIND_BOOLEAN);
        sg_field_new(&f, "b", t);
        sg_type_add_field(inner, f);
        sg_field_new(&f, names[i], inner);
        sg_type_add_field(root, f);
    }
    sg_schema_new(&s, root);
    char *text = write_avro(s, SG_OK, &err);
    ck_assert_ptr_nonnull(strstr(text, "\"name\": \"int_2\""));
    ck_assert_ptr_nonnull(strstr(text, "\"name\": \"string_2\""));
    sg_schema *back = load(text);
    ck_assert(sg_schema_equal(s, back, SG_CMP_IGNORE_NAMES));
    sg_schema_free(back);
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

/* Without an sg_error to fill, the code returned is still the one for the failure. */
START_TEST(codes_without_an_error_to_fill) {
    /* Deeper than any reader's JSON limit (the model form allows the most). */
    char deep[2048];
    size_t n = 0;
    for (int i = 0; i < 700; i++) {
        deep[n++] = '[';
    }
    for (int i = 0; i < 700; i++) {
        deep[n++] = ']';
    }
    deep[n] = '\0';
    sg_schema *s = NULL;
    ck_assert_int_eq(sg_schema_load_buffer(&s, deep, n, SG_FORMAT_AVRO, "d", NULL), SG_ELIMIT);
    ck_assert_int_eq(sg_schema_load_buffer(&s, deep, n, SG_FORMAT_MODEL, "d", NULL), SG_ELIMIT);
    ck_assert_int_eq(sg_schema_from_json(&s, deep, n, "d", NULL), SG_ELIMIT);
    ck_assert_int_eq(sg_schema_load_buffer(&s, "{", 1, SG_FORMAT_AVRO, "d", NULL), SG_EPARSE);
    ck_assert_int_eq(sg_schema_load_buffer(&s, "\"nope\"", 6, SG_FORMAT_AVRO, "d", NULL),
                     SG_EINVALID);
    ck_assert_ptr_null(s);
}
END_TEST

/* The API lets a list be built without its element or a map without its value; every writer
 * refuses such a tree at its path instead of crashing (the model form writes what there is). */
START_TEST(writers_refuse_lists_and_maps_missing_children) {
    for (int which = 0; which < 3; which++) {
        sg_type *root, *t, *key;
        sg_field *f;
        sg_type_new(&root, SG_KIND_STRUCT);
        sg_type_new(&t, SG_KIND_INT32);
        sg_field_new(&f, "ok", t);
        sg_type_add_field(root, f);
        sg_type_new(&t, which == 0 ? SG_KIND_LIST : SG_KIND_MAP);
        if (which == 2) {
            sg_type_new(&key, SG_KIND_STRING);
            sg_type_add_child(t, key);
        }
        sg_field_new(&f, "broken", t);
        sg_type_add_field(root, f);
        sg_schema *s;
        sg_schema_new(&s, root);
        static const sg_format formats[] = {SG_FORMAT_AVRO,  SG_FORMAT_GLUE, SG_FORMAT_CFN,
                                            SG_FORMAT_SPARK, SG_FORMAT_DDL,  SG_FORMAT_HIVE};
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
            char *text = NULL;
            sg_error err;
            ck_assert_int_eq(sg_schema_write(s, formats[i], &text, &err), SG_EINVALID);
            ck_assert_ptr_null(text);
            ck_assert_msg(strstr(err.path, "broken") != NULL, "%s: path %s",
                          sg_format_name(formats[i]), err.path);
            ck_assert_ptr_nonnull(strstr(err.message, which == 0 ? "list" : "map"));
        }
        char *text = NULL;
        ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_MODEL, &text, NULL), SG_OK);
        sg_free(text);
        sg_schema_free(s);
    }
}
END_TEST

/* SG_MAX_NAME_BYTES holds for every name: types, namespaces, fields, symbols and aliases. */
START_TEST(every_kind_of_name_has_the_length_limit) {
    static const struct {
        const char *format; /* %s: the long name */
        const char *path;
    } cases[] = {
        {"{\"type\":\"record\",\"name\":\"%s\",\"fields\":[]}", "/name"},
        {"{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"%s\",\"fields\":[]}", "/namespace"},
        {"{\"type\":\"record\",\"name\":\"R\",\"aliases\":[\"%s\"],\"fields\":[]}", "/aliases/0"},
        {"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"%s\",\"type\":\"int\"}]}",
         "/fields/0/name"},
        {"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\","
         "\"aliases\":[\"%s\"]}]}",
         "/fields/0/aliases/0"},
        {"{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"%s\"]}", "/symbols/1"},
    };
    char *name = malloc(5001);
    ck_assert_ptr_nonnull(name);
    memset(name, 'n', 5000);
    name[5000] = '\0';
    char *text = malloc(6000);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(text, 6000, cases[i].format, name);
        sg_error err;
        ck_assert_int_eq(load_error(text, &err), SG_ELIMIT);
        ck_assert_str_eq(err.path, cases[i].path);
        ck_assert_ptr_nonnull(strstr(err.message, "longer than the limit of 4096 bytes"));
    }
    /* 4096 bytes is still fine. */
    name[4096] = '\0';
    snprintf(text, 6000, cases[3].format, name);
    sg_schema *s = load(text);
    sg_schema_free(s);
    free(text);
    free(name);
}
END_TEST

/* Appends text to a growing buffer; aborts the test when memory runs out. */
static void append(char **buf, size_t *len, size_t *cap, const char *text) {
    size_t n = strlen(text);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
        ck_assert_ptr_nonnull(*buf);
    }
    memcpy(*buf + *len, text, n + 1);
    *len += n;
}

/* A record of `fields` fields, each defining fixed F<i> and the next one referring to it; an
 * enum of `symbols` symbols; a union of `branches` fixed types; then (when dup is not NULL) one
 * more field, symbol or branch repeating the first. */
static char *wide_schema(int fields, int symbols, int branches, const char *dup) {
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char item[128];
    append(&buf, &len, &cap, "{\"type\":\"record\",\"name\":\"R\",\"fields\":[");
    for (int i = 0; i < fields; i++) {
        snprintf(item, sizeof item, "%s{\"name\":\"f%d\",\"type\":", i ? "," : "", i);
        append(&buf, &len, &cap, item);
        if (i % 2 == 0) {
            snprintf(item, sizeof item, "{\"type\":\"fixed\",\"name\":\"F%d\",\"size\":1}}", i);
        } else {
            snprintf(item, sizeof item, "\"F%d\"}", i - 1);
        }
        append(&buf, &len, &cap, item);
    }
    if (dup && strcmp(dup, "field") == 0) {
        append(&buf, &len, &cap, ",{\"name\":\"f0\",\"type\":\"int\"}");
    }
    append(&buf, &len, &cap,
           ",{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[");
    for (int i = 0; i < symbols; i++) {
        snprintf(item, sizeof item, "%s\"S%d\"", i ? "," : "", i);
        append(&buf, &len, &cap, item);
    }
    if (dup && strcmp(dup, "symbol") == 0) {
        append(&buf, &len, &cap, ",\"S0\"");
    }
    append(&buf, &len, &cap, "]}},{\"name\":\"u\",\"type\":[\"null\"");
    for (int i = 0; i < branches; i++) {
        snprintf(item, sizeof item, ",{\"type\":\"fixed\",\"name\":\"U%d\",\"size\":2}", i);
        append(&buf, &len, &cap, item);
    }
    if (dup && strcmp(dup, "branch") == 0) {
        append(&buf, &len, &cap, ",\"U0\"");
    }
    append(&buf, &len, &cap, "]}]}");
    return buf;
}

/* Name, field, symbol and branch checks are hash lookups: a schema 20,000 wide loads, writes
 * and reloads at once instead of after minutes of quadratic comparisons (the unit test timeout
 * would stop it). */
START_TEST(wide_schemas_load_without_quadratic_checks) {
    char *text = wide_schema(20000, 20000, 30000, NULL);
    sg_schema *s = load(text);
    const sg_type *root = sg_schema_root(s);
    ck_assert_uint_eq(sg_type_field_count(root), 20002);
    ck_assert_str_eq(sg_type_name(sg_field_type(sg_type_field_by_name(root, "f19999"))), "F19998");
    ck_assert_uint_eq(sg_type_symbol_count(sg_field_type(sg_type_field_by_name(root, "e"))), 20000);
    ck_assert_uint_eq(sg_type_child_count(sg_field_type(sg_type_field_by_name(root, "u"))), 30000);
    sg_schema_free(s);
    free(text);
}
END_TEST

START_TEST(wide_schemas_refuse_repeats_at_their_place) {
    sg_error err;
    char *text;

    static const struct {
        const char *dup;
        const char *path;
        const char *message;
    } dups[] = {
        {"field", "/fields/20000", "duplicate field name \"f0\""},
        {"symbol", "/fields/2/type/symbols/20000", "duplicate enum symbol \"S0\""},
        {"branch", "/fields/3/type/30001", "duplicate union branch: U0 already appears at index 1"},
    };
    for (size_t i = 0; i < sizeof dups / sizeof dups[0]; i++) {
        /* Only the repeated kind is wide, so that each case stays quick. */
        text = wide_schema(i == 0 ? 20000 : 2, i == 1 ? 20000 : 1, i == 2 ? 30000 : 1, dups[i].dup);
        ck_assert_int_eq(load_error(text, &err), SG_EINVALID);
        ck_assert_str_eq(err.path, dups[i].path);
        ck_assert_str_eq(err.message, dups[i].message);
        free(text);
    }
}
END_TEST

/* The writer finds what it already defined by hash too. */
START_TEST(wide_schemas_write_back) {
    char *text = wide_schema(20000, 1, 1, NULL);
    sg_schema *s = load(text);
    sg_error err;
    char *written = write_avro(s, SG_OK, &err);
    sg_schema *again = load(written);
    ck_assert(sg_schema_equal(s, again, SG_CMP_DEFAULT));
    sg_schema_free(again);
    sg_free(written);
    sg_schema_free(s);
    free(text);
}
END_TEST

int main(void) {
    Suite *s = suite_create("avro");
    TCase *tc = tcase_create("avro");
    tcase_add_test(tc, named_reference_is_a_copy_with_its_own_nullability);
    tcase_add_test(tc, null_position_survives_a_round_trip);
    tcase_add_test(tc, warnings_name_what_was_ignored);
    tcase_add_test(tc, decimal_precision_limits_for_fixed);
    tcase_add_test(tc, recursion_and_depth_are_refused);
    tcase_add_test(tc, writer_refuses_what_avro_cannot_say);
    tcase_add_test(tc, writer_names_unnamed_types_and_rejects_clashes);
    tcase_add_test(tc, files_formats_and_limits);
    tcase_add_test(tc, nul_only_in_defaults);
    tcase_add_test(tc, every_kind_of_name_has_the_length_limit);
    tcase_add_test(tc, writers_refuse_lists_and_maps_missing_children);
    tcase_add_test(tc, codes_without_an_error_to_fill);
    tcase_add_test(tc, writer_never_names_a_type_like_a_primitive);
    tcase_add_test(tc, wide_schemas_load_without_quadratic_checks);
    tcase_add_test(tc, wide_schemas_refuse_repeats_at_their_place);
    tcase_add_test(tc, wide_schemas_write_back);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

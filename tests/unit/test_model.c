/* tests/unit/test_model.c: the schema model: building, ownership, copying, equality under
 * flags, fingerprints, the canonical JSON form both ways, and the tree view. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemagate/schemagate.h>

/* struct Order { id: int64, price: decimal(10,2)?, tags: list<string?>, attrs: map<string,int32>,
 *                ts: timestamp(millis, local), kind: enum {A, B} } */
static sg_schema *build_order(void) {
    sg_type *root, *t, *elem, *key, *value;
    ck_assert_int_eq(sg_type_new(&root, SG_KIND_STRUCT), SG_OK);
    ck_assert_int_eq(sg_type_set_name(root, "Order", "com.acme"), SG_OK);
    ck_assert_int_eq(sg_type_set_doc(root, "an order"), SG_OK);
    sg_field *f;

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_INT64), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "id", t), SG_OK);
    ck_assert_int_eq(sg_field_add_metadata(f, "comment", "\"primary key\""), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_DECIMAL), SG_OK);
    ck_assert_int_eq(sg_type_set_decimal(t, 10, 2), SG_OK);
    ck_assert_int_eq(sg_type_set_nullable(t, true), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "price", t), SG_OK);
    ck_assert_int_eq(sg_field_set_default(f, "null"), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_LIST), SG_OK);
    ck_assert_int_eq(sg_type_new(&elem, SG_KIND_STRING), SG_OK);
    ck_assert_int_eq(sg_type_set_nullable(elem, true), SG_OK);
    ck_assert_int_eq(sg_type_add_child(t, elem), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "tags", t), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_MAP), SG_OK);
    ck_assert_int_eq(sg_type_new(&key, SG_KIND_STRING), SG_OK);
    ck_assert_int_eq(sg_type_new(&value, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_type_add_child(t, key), SG_OK);
    ck_assert_int_eq(sg_type_add_child(t, value), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "attrs", t), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_TIMESTAMP), SG_OK);
    ck_assert_int_eq(sg_type_set_time_unit(t, SG_UNIT_MILLIS), SG_OK);
    ck_assert_int_eq(sg_type_set_utc(t, false), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "ts", t), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_ENUM), SG_OK);
    ck_assert_int_eq(sg_type_set_name(t, "Kind", NULL), SG_OK);
    ck_assert_int_eq(sg_type_add_symbol(t, "A"), SG_OK);
    ck_assert_int_eq(sg_type_add_symbol(t, "B"), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "kind", t), SG_OK);
    ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);

    sg_schema *schema;
    ck_assert_int_eq(sg_schema_new(&schema, root), SG_OK);
    return schema;
}

START_TEST(build_and_read_back) {
    sg_schema *s = build_order();
    const sg_type *root = sg_schema_root(s);
    ck_assert_int_eq(sg_type_kind(root), SG_KIND_STRUCT);
    ck_assert_str_eq(sg_type_name(root), "Order");
    ck_assert_str_eq(sg_type_namespace(root), "com.acme");
    ck_assert_uint_eq(sg_type_field_count(root), 6);
    const sg_field *price = sg_type_field_by_name(root, "price");
    ck_assert_ptr_nonnull(price);
    ck_assert(sg_field_nullable(price));
    ck_assert_int_eq(sg_type_precision(sg_field_type(price)), 10);
    ck_assert_int_eq(sg_type_scale(sg_field_type(price)), 2);
    ck_assert_str_eq(sg_field_default(price), "null");
    const sg_type *tags = sg_field_type(sg_type_field(root, 2));
    ck_assert(sg_type_nullable(sg_type_element(tags)));
    const sg_type *attrs = sg_field_type(sg_type_field(root, 3));
    ck_assert_int_eq(sg_type_kind(sg_type_map_key(attrs)), SG_KIND_STRING);
    ck_assert_int_eq(sg_type_kind(sg_type_map_value(attrs)), SG_KIND_INT32);
    ck_assert_ptr_null(sg_type_element(attrs));
    ck_assert_str_eq(sg_field_metadata_get(sg_type_field(root, 0), "comment"), "\"primary key\"");
    ck_assert_ptr_null(sg_type_field_by_name(root, "ID")); /* exact match only */
    sg_schema_free(s);
}
END_TEST

START_TEST(misuse_is_reported_not_crashed) {
    sg_type *t, *child;
    ck_assert_int_eq(sg_type_new(&t, (sg_kind)999), SG_EUSAGE);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(sg_type_new(&t, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_type_set_decimal(t, 10, 2), SG_EUSAGE);
    ck_assert_int_eq(sg_type_set_size(t, 4), SG_EUSAGE);
    ck_assert_int_eq(sg_type_add_symbol(t, "A"), SG_EUSAGE);
    ck_assert_int_eq(sg_type_new(&child, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_type_add_child(t, child), SG_EUSAGE); /* caller keeps child */
    sg_type_free(child);
    ck_assert_int_eq(sg_type_add_metadata(t, "k", "not json"), SG_EINVALID);
    ck_assert_int_eq(sg_type_add_metadata(t, "k", "[1, 2]"), SG_OK);
    ck_assert_int_eq(sg_type_add_metadata(t, "k", "3"), SG_EINVALID); /* duplicate key */
    ck_assert_str_eq(sg_type_metadata_get(t, "k"), "[1,2]");          /* normalised */
    sg_type_free(t);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_DECIMAL), SG_OK);
    ck_assert_int_eq(sg_type_set_decimal(t, 0, 0), SG_EINVALID);
    ck_assert_int_eq(sg_type_set_decimal(t, 5, 6), SG_EINVALID);
    ck_assert_int_eq(sg_type_set_size(t, -1), SG_EINVALID);
    sg_type_free(t);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_LIST), SG_OK);
    ck_assert_int_eq(sg_type_new(&child, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_type_add_child(t, child), SG_OK);
    ck_assert_int_eq(sg_type_new(&child, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_type_add_child(t, child), SG_EUSAGE); /* a list has one element */
    sg_type_free(child);
    sg_type_free(t);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_STRUCT), SG_OK);
    sg_field *f, *dup;
    ck_assert_int_eq(sg_type_new(&child, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_field_new(&f, "a", child), SG_OK);
    ck_assert_int_eq(sg_type_add_field(t, f), SG_OK);
    ck_assert_int_eq(sg_type_new(&child, SG_KIND_INT32), SG_OK);
    ck_assert_int_eq(sg_field_new(&dup, "a", child), SG_OK);
    ck_assert_int_eq(sg_type_add_field(t, dup), SG_EINVALID);
    sg_field_free(dup);
    ck_assert_int_eq(sg_field_new(&f, "x", NULL), SG_EUSAGE);
    ck_assert_int_eq(sg_field_set_default(NULL, "1"), SG_EUSAGE);
    ck_assert_int_eq(sg_field_set_default((sg_field *)sg_type_field(t, 0), "{bad"), SG_EINVALID);
    sg_type_free(t);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_ENUM), SG_OK);
    ck_assert_int_eq(sg_type_add_symbol(t, "A"), SG_OK);
    ck_assert_int_eq(sg_type_add_symbol(t, "A"), SG_EINVALID);
    ck_assert_int_eq(sg_type_set_enum_default(t, "B"), SG_EINVALID);
    ck_assert_int_eq(sg_type_set_enum_default(t, "A"), SG_OK);
    sg_type_free(t);

    ck_assert_int_eq(sg_type_new(&t, SG_KIND_STRING), SG_OK);
    ck_assert_int_eq(sg_type_set_string(t, SG_STRING_VARCHAR, 0), SG_EINVALID);
    ck_assert_int_eq(sg_type_set_string(t, SG_STRING_VARCHAR, 20), SG_OK);
    ck_assert_int_eq(sg_type_max_length(t), 20);
    sg_type_free(t);

    /* Freeing NULL is a no-op everywhere. */
    sg_type_free(NULL);
    sg_field_free(NULL);
    sg_schema_free(NULL);
    sg_free(NULL);
}
END_TEST

START_TEST(copy_equal_and_flags) {
    sg_schema *a = build_order();
    sg_schema *b;
    ck_assert_int_eq(sg_schema_copy(&b, a), SG_OK);
    ck_assert(sg_schema_equal(a, b, SG_CMP_DEFAULT));

    /* Docs count unless ignored. */
    sg_type_set_doc(sg_schema_root_mut(b), "another doc");
    ck_assert(!sg_schema_equal(a, b, SG_CMP_DEFAULT));
    ck_assert(sg_schema_equal(a, b, SG_CMP_IGNORE_DOCS));

    /* Names count unless ignored. */
    sg_type_set_name(sg_schema_root_mut(b), "Purchase", "com.acme");
    ck_assert(!sg_schema_equal(a, b, SG_CMP_IGNORE_DOCS));
    ck_assert(sg_schema_equal(a, b, SG_CMP_IGNORE_DOCS | SG_CMP_IGNORE_NAMES));

    /* Nullability of a nested element always counts. */
    sg_schema *c;
    ck_assert_int_eq(sg_schema_copy(&c, a), SG_OK);
    sg_field *tags = (sg_field *)sg_type_field(sg_schema_root(c), 2);
    sg_type *list = sg_field_type_mut(tags);
    sg_type_set_nullable((sg_type *)sg_type_element(list), false);
    ck_assert(
        !sg_schema_equal(a, c, SG_CMP_IGNORE_DOCS | SG_CMP_IGNORE_NAMES | SG_CMP_IGNORE_METADATA));

    /* Locations never count. */
    sg_schema *d;
    ck_assert_int_eq(sg_schema_copy(&d, a), SG_OK);
    sg_type_set_location(sg_schema_root_mut(d), "elsewhere.avsc", "/x", 3, 4);
    ck_assert(sg_schema_equal(a, d, SG_CMP_DEFAULT));
    sg_location loc = sg_type_location(sg_schema_root(d));
    ck_assert_str_eq(loc.source, "elsewhere.avsc");
    ck_assert_int_eq(loc.line, 3);

    sg_schema_free(a);
    sg_schema_free(b);
    sg_schema_free(c);
    sg_schema_free(d);
}
END_TEST

START_TEST(fingerprints) {
    sg_schema *a = build_order();
    sg_schema *b;
    ck_assert_int_eq(sg_schema_copy(&b, a), SG_OK);
    char fa[65], fb[65];
    ck_assert_int_eq(sg_schema_fingerprint(a, 0, fa), SG_OK);
    ck_assert_int_eq(sg_schema_fingerprint(b, 0, fb), SG_OK);
    ck_assert_str_eq(fa, fb);
    ck_assert_uint_eq(strlen(fa), 64);
    sg_type_set_doc(sg_schema_root_mut(b), "changed");
    ck_assert_int_eq(sg_schema_fingerprint(b, 0, fb), SG_OK);
    ck_assert_str_ne(fa, fb);
    ck_assert_int_eq(sg_schema_fingerprint(a, SG_CMP_IGNORE_DOCS, fa), SG_OK);
    ck_assert_int_eq(sg_schema_fingerprint(b, SG_CMP_IGNORE_DOCS, fb), SG_OK);
    ck_assert_str_eq(fa, fb);

    /* Metadata is a map: insertion order changes neither equality nor the fingerprint. */
    sg_type *x, *y;
    ck_assert_int_eq(sg_type_new(&x, SG_KIND_STRING), SG_OK);
    ck_assert_int_eq(sg_type_new(&y, SG_KIND_STRING), SG_OK);
    sg_type_add_metadata(x, "a", "1");
    sg_type_add_metadata(x, "b", "{\"z\": 1, \"y\": 2}");
    sg_type_add_metadata(y, "b", "{\"y\":2,\"z\":1}");
    sg_type_add_metadata(y, "a", "1");
    ck_assert(sg_type_equal(x, y, 0));
    sg_schema *sx, *sy;
    sg_schema_new(&sx, x);
    sg_schema_new(&sy, y);
    ck_assert_int_eq(sg_schema_fingerprint(sx, 0, fa), SG_OK);
    ck_assert_int_eq(sg_schema_fingerprint(sy, 0, fb), SG_OK);
    ck_assert_str_eq(fa, fb);
    sg_schema_free(sx);
    sg_schema_free(sy);
    sg_schema_free(a);
    sg_schema_free(b);
}
END_TEST

START_TEST(canonical_round_trip) {
    sg_schema *a = build_order();
    char *text;
    ck_assert_int_eq(sg_schema_to_json(a, SG_JSON_PRETTY, &text), SG_OK);
    sg_schema *b;
    sg_error err;
    ck_assert_int_eq(sg_schema_from_json(&b, text, strlen(text), "mem", &err), SG_OK);
    ck_assert(sg_schema_equal(a, b, SG_CMP_DEFAULT));
    /* Locations point into the canonical document. */
    const sg_field *ts = sg_type_field(sg_schema_root(b), 4);
    sg_location loc = sg_type_location(sg_field_type(ts));
    ck_assert_str_eq(loc.pointer, "/type/fields/4/type");
    ck_assert_str_eq(loc.source, "mem");
    sg_free(text);

    ck_assert_int_eq(sg_schema_to_json(a, 0, &text), SG_OK);
    ck_assert_ptr_null(strchr(text, '\n'));
    ck_assert(strncmp(text, "{\"schemagate_model\":1,\"type\":{\"kind\":\"struct\"", 44) == 0);
    sg_free(text);
    sg_schema_free(a);
    sg_schema_free(b);
}
END_TEST

START_TEST(canonical_errors_are_located) {
    sg_schema *s = NULL;
    sg_error err;
    const char *bad_kind = "{\"schemagate_model\":1,\"type\":{\"kind\":\"struct\",\"fields\":"
                           "[{\"name\":\"a\",\"type\":{\"kind\":\"int33\"}}]}}";
    ck_assert_int_eq(sg_schema_from_json(&s, bad_kind, strlen(bad_kind), "m.json", &err),
                     SG_EINVALID);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err.path, "/type/fields/0/type/kind");
    ck_assert_str_eq(err.message, "unknown kind \"int33\"");
    ck_assert_str_eq(err.source, "m.json");

    const char *unknown_key = "{\"schemagate_model\":1,\"type\":{\"kind\":\"int32\",\"size\":4}}";
    ck_assert_int_eq(sg_schema_from_json(&s, unknown_key, strlen(unknown_key), NULL, &err),
                     SG_EINVALID);
    ck_assert_str_eq(err.path, "/type/size");
    ck_assert_str_eq(err.source, "<string>");

    const char *syntax = "{\"schemagate_model\":1,\n\"type\": }";
    ck_assert_int_eq(sg_schema_from_json(&s, syntax, strlen(syntax), "s.json", &err), SG_EPARSE);
    ck_assert_int_eq(err.line, 2);

    /* NULL error record is fine. */
    ck_assert_int_eq(sg_schema_from_json(&s, syntax, strlen(syntax), "s.json", NULL), SG_EPARSE);
}
END_TEST

START_TEST(deep_trees_hit_the_limit) {
    /* 200 nested lists: building works, printing and parsing refuse with SG_ELIMIT. */
    sg_type *leaf;
    ck_assert_int_eq(sg_type_new(&leaf, SG_KIND_INT32), SG_OK);
    for (int i = 0; i < 200; i++) {
        sg_type *list;
        ck_assert_int_eq(sg_type_new(&list, SG_KIND_LIST), SG_OK);
        ck_assert_int_eq(sg_type_add_child(list, leaf), SG_OK);
        leaf = list;
    }
    sg_schema *s;
    ck_assert_int_eq(sg_schema_new(&s, leaf), SG_OK);
    char *text = NULL;
    ck_assert_int_eq(sg_schema_to_json(s, 0, &text), SG_ELIMIT);
    ck_assert_ptr_null(text);
    char fp[65];
    ck_assert_int_eq(sg_schema_fingerprint(s, 0, fp), SG_ELIMIT);
    sg_schema *copy;
    ck_assert_int_eq(sg_schema_copy(&copy, s), SG_OK);
    ck_assert(sg_schema_equal(s, copy, 0));
    sg_schema_free(copy);
    sg_schema_free(s);
}
END_TEST

START_TEST(tree_view) {
    sg_schema *s = build_order();
    char *tree;
    ck_assert_int_eq(sg_schema_to_tree(s, &tree), SG_OK);
    ck_assert_str_eq(tree, "root: struct com.acme.Order -- an order\n"
                           " |-- id: int64 (nullable = false)\n"
                           " |-- price: decimal(10,2) (nullable = true, default = null)\n"
                           " |-- tags: list (nullable = false)\n"
                           " |    |-- element: string (nullable = true)\n"
                           " |-- attrs: map (nullable = false)\n"
                           " |    |-- key: string (nullable = false)\n"
                           " |    |-- value: int32 (nullable = false)\n"
                           " |-- ts: timestamp(millis, local) (nullable = false)\n"
                           " |-- kind: enum Kind {A, B} (nullable = false)\n");
    sg_free(tree);
    sg_schema_free(s);
}
END_TEST

START_TEST(kind_names_round_trip) {
    for (int k = 0; k < SG_KIND_COUNT; k++) {
        sg_kind back;
        ck_assert_int_eq(sg_kind_from_name(&back, sg_kind_name((sg_kind)k)), SG_OK);
        ck_assert_int_eq(back, k);
    }
    sg_kind back;
    ck_assert_int_eq(sg_kind_from_name(&back, "INT32"), SG_EUSAGE);
    ck_assert_str_eq(sg_kind_name((sg_kind)-1), "?");
}
END_TEST

START_TEST(warnings_are_kept_and_copied) {
    sg_schema *s = build_order();
    sg_error w;
    sg_error_clear(&w);
    strcpy(w.path, "/x");
    strcpy(w.message, "careful");
    w.code = SG_EINVALID;
    ck_assert_int_eq(sg_schema_add_warning(s, &w), SG_OK);
    sg_schema *copy;
    ck_assert_int_eq(sg_schema_copy(&copy, s), SG_OK);
    ck_assert_uint_eq(sg_schema_warning_count(copy), 1);
    ck_assert_str_eq(sg_schema_warning(copy, 0)->message, "careful");
    ck_assert_int_eq(sg_schema_warning(copy, 0)->code, SG_OK);
    ck_assert_ptr_null(sg_schema_warning(copy, 1));
    sg_schema_free(copy);
    sg_schema_free(s);
}
END_TEST

/* Past a few fields or symbols the model indexes them by hash: lookups and the duplicate
 * checks behave as before, through copies too. */
START_TEST(many_fields_and_symbols_are_indexed) {
    sg_type *root, *e, *t;
    ck_assert_int_eq(sg_type_new(&root, SG_KIND_STRUCT), SG_OK);
    ck_assert_int_eq(sg_type_new(&e, SG_KIND_ENUM), SG_OK);
    char name[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "f%d", i);
        sg_field *f;
        ck_assert_int_eq(sg_type_new(&t, SG_KIND_INT32), SG_OK);
        ck_assert_int_eq(sg_field_new(&f, name, t), SG_OK);
        ck_assert_int_eq(sg_type_add_field(root, f), SG_OK);
        snprintf(name, sizeof name, "S%d", i);
        ck_assert_int_eq(sg_type_add_symbol(e, name), SG_OK);
    }
    /* Metadata too: 5000 keys, then the same keys in the reverse order on another node. */
    sg_type *reversed;
    ck_assert_int_eq(sg_type_new(&reversed, SG_KIND_STRUCT), SG_OK);
    for (int i = 0; i < 5000; i++) {
        char value[32];
        snprintf(name, sizeof name, "k%d", i);
        snprintf(value, sizeof value, "%d", i);
        ck_assert_int_eq(sg_type_add_metadata(root, name, value), SG_OK);
        snprintf(name, sizeof name, "k%d", 4999 - i);
        snprintf(value, sizeof value, "%d", 4999 - i);
        ck_assert_int_eq(sg_type_add_metadata(reversed, name, value), SG_OK);
    }
    ck_assert_int_eq(sg_type_add_metadata(root, "k17", "1"), SG_EINVALID);
    ck_assert_str_eq(sg_type_metadata_get(root, "k4321"), "4321");
    ck_assert_ptr_null(sg_type_metadata_get(root, "k5000"));
    /* Equal as maps: a struct with root's metadata and no fields equals reversed. */
    sg_type *same;
    ck_assert_int_eq(sg_type_new(&same, SG_KIND_STRUCT), SG_OK);
    for (size_t i = 0; i < sg_type_metadata_count(root); i++) {
        ck_assert_int_eq(sg_type_add_metadata(same, sg_type_metadata_key(root, i),
                                              sg_type_metadata_value(root, i)),
                         SG_OK);
    }
    ck_assert(sg_type_equal(same, reversed, SG_CMP_DEFAULT));
    ck_assert_int_eq(sg_type_add_metadata(reversed, "k5000", "0"), SG_OK);
    ck_assert_int_eq(sg_type_add_metadata(same, "k5001", "0"), SG_OK);
    ck_assert(!sg_type_equal(same, reversed, SG_CMP_DEFAULT));
    ck_assert(sg_type_equal(same, reversed, SG_CMP_IGNORE_METADATA));
    sg_type_free(same);
    sg_type_free(reversed);

    sg_type *copy;
    ck_assert_int_eq(sg_type_copy(&copy, root), SG_OK);
    sg_type *enum_copy;
    ck_assert_int_eq(sg_type_copy(&enum_copy, e), SG_OK);
    const sg_type *structs[] = {root, copy};
    for (size_t k = 0; k < 2; k++) {
        for (int i = 0; i < 5000; i += 499) {
            snprintf(name, sizeof name, "f%d", i);
            ck_assert_ptr_eq(sg_type_field_by_name(structs[k], name),
                             sg_type_field(structs[k], (size_t)i));
        }
        ck_assert_ptr_null(sg_type_field_by_name(structs[k], "f5000"));
        ck_assert_ptr_null(sg_type_field_by_name(structs[k], "F1"));
        ck_assert_ptr_null(sg_type_field_by_name(structs[k], NULL));
    }
    for (size_t k = 0; k < 2; k++) {
        sg_type *which = k ? copy : root;
        sg_field *f;
        ck_assert_int_eq(sg_type_new(&t, SG_KIND_INT32), SG_OK);
        ck_assert_int_eq(sg_field_new(&f, "f4321", t), SG_OK);
        ck_assert_int_eq(sg_type_add_field(which, f), SG_EINVALID);
        sg_field_free(f);
        ck_assert_uint_eq(sg_type_field_count(which), 5000);
        sg_type *en = k ? enum_copy : e;
        ck_assert_int_eq(sg_type_add_symbol(en, "S4999"), SG_EINVALID);
        ck_assert_int_eq(sg_type_add_symbol(en, "S5000"), SG_OK);
        ck_assert_int_eq(sg_type_set_enum_default(en, "S5000"), SG_OK);
        ck_assert_int_eq(sg_type_set_enum_default(en, "S5001"), SG_EINVALID);
        ck_assert_uint_eq(sg_type_symbol_count(en), 5001);
    }
    ck_assert_str_eq(sg_type_metadata_get(copy, "k4321"), "4321");
    ck_assert_int_eq(sg_type_add_metadata(copy, "k4321", "1"), SG_EINVALID);
    ck_assert(sg_type_equal(root, copy, SG_CMP_DEFAULT));
    ck_assert(sg_type_equal(e, enum_copy, SG_CMP_DEFAULT));
    /* A failed copy leaves *out NULL, never unset. */
    sg_field *none = (sg_field *)&copy;
    ck_assert_int_eq(sg_field_copy(&none, NULL), SG_EUSAGE);
    ck_assert_ptr_null(none);
    sg_type_free(copy);
    sg_type_free(enum_copy);
    sg_type_free(root);
    sg_type_free(e);
}
END_TEST

/* Loads text as format, writes the model form and reads it back: equal, same fingerprint. */
static void model_round_trip(const char *text, sg_format format) {
    sg_schema *s = NULL, *back = NULL;
    sg_error err;
    ck_assert_int_eq(sg_schema_load_buffer(&s, text, strlen(text), format, "deep", &err), SG_OK);
    char *model = NULL;
    ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_MODEL, &model, &err), SG_OK);
    ck_assert_msg(sg_schema_load_buffer(&back, model, strlen(model), SG_FORMAT_MODEL, "m", &err) ==
                      SG_OK,
                  "model form does not load: %s", err.message);
    ck_assert(sg_schema_equal(s, back, SG_CMP_DEFAULT));
    char a[65], b[65];
    ck_assert_int_eq(sg_schema_fingerprint(s, 0, a), SG_OK);
    ck_assert_int_eq(sg_schema_fingerprint(back, 0, b), SG_OK);
    ck_assert_str_eq(a, b);
    sg_free(model);
    sg_schema_free(back);
    sg_schema_free(s);
}

/* The model form nests deeper than the formats it comes from (three JSON levels per struct
 * level, one more for metadata): what any loader accepts, the model reader takes back. */
START_TEST(model_form_of_deep_schemas_reads_back) {
    char text[4096];
    size_t n = 0;
    for (int i = 0; i < 100; i++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "struct<a:");
    }
    n += (size_t)snprintf(text + n, sizeof text - n, "int");
    for (int i = 0; i < 100; i++) {
        text[n++] = '>';
    }
    text[n] = '\0';
    model_round_trip(text, SG_FORMAT_HIVE);

    /* A property nested almost to the JSON limit of the Avro reader. */
    n = (size_t)snprintf(text, sizeof text, "{\"type\": \"int\", \"x\": ");
    for (int i = 0; i < 262; i++) {
        text[n++] = '[';
    }
    for (int i = 0; i < 262; i++) {
        text[n++] = ']';
    }
    snprintf(text + n, sizeof text - n, "}");
    model_round_trip(text, SG_FORMAT_AVRO);
}
END_TEST

int main(void) {
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("model");
    tcase_add_test(tc, build_and_read_back);
    tcase_add_test(tc, misuse_is_reported_not_crashed);
    tcase_add_test(tc, copy_equal_and_flags);
    tcase_add_test(tc, fingerprints);
    tcase_add_test(tc, canonical_round_trip);
    tcase_add_test(tc, canonical_errors_are_located);
    tcase_add_test(tc, deep_trees_hit_the_limit);
    tcase_add_test(tc, tree_view);
    tcase_add_test(tc, kind_names_round_trip);
    tcase_add_test(tc, warnings_are_kept_and_copied);
    tcase_add_test(tc, many_fields_and_symbols_are_indexed);
    tcase_add_test(tc, model_form_of_deep_schemas_reads_back);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

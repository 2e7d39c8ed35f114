/* tests/unit/test_parquet_schema.c: the upper layers of the Parquet reader that need no file:
 * schema resolution (parquet/schema.c: levels, LogicalTypes.md's backward-compatibility rules
 * for lists and maps, value kinds, refusals) on footers built from parquet-mr's text form of a
 * schema ("optional group a (LIST) { repeated int32 element; }", pq_builder.h), the model
 * printed as a tree, allocation failures, and the rendering of values (parquet/render.c) against
 * the rules of cat's canonical JSON, floats against the text of ECMAScript's Number#toString. */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_wrap.h"
#include "parquet/decode.h"
#include "parquet/footer.h"
#include "parquet/render.h"
#include "parquet/schema.h"
#include "schemagate/model.h"
#include "util/limits.h"
#include "util/util.h"

#include "pq_builder.h"

/* ---- Allocation failures on demand (malloc, calloc, realloc wrapped at link time) ---- */

/* ---- The resolved tree as text ---- */

static const char *const node_kinds[] = {"primitive", "struct", "list", "map"};

static void leaf_text(sgp_buf *out, const sgp_pq_leaf *leaf) {
    static const char *const units[] = {"?", "millis", "micros", "nanos"};
    switch (leaf->kind) {
    case SGP_PQ_V_BOOLEAN:
        sgp_buf_puts(out, "boolean");
        break;
    case SGP_PQ_V_INT:
        sgp_buf_printf(out, "int%d", leaf->bits);
        break;
    case SGP_PQ_V_UINT:
        sgp_buf_printf(out, "uint%d", leaf->bits);
        break;
    case SGP_PQ_V_FLOAT:
        sgp_buf_puts(out, "float");
        break;
    case SGP_PQ_V_DOUBLE:
        sgp_buf_puts(out, "double");
        break;
    case SGP_PQ_V_FLOAT16:
        sgp_buf_puts(out, "float16");
        break;
    case SGP_PQ_V_DECIMAL:
        sgp_buf_printf(out, "decimal(%d,%d)", leaf->precision, leaf->scale);
        break;
    case SGP_PQ_V_DATE:
        sgp_buf_puts(out, "date");
        break;
    case SGP_PQ_V_TIME:
    case SGP_PQ_V_TIMESTAMP:
    case SGP_PQ_V_INT96:
        sgp_buf_printf(out, "%s(%s%s)",
                       leaf->kind == SGP_PQ_V_TIME        ? "time"
                       : leaf->kind == SGP_PQ_V_TIMESTAMP ? "timestamp"
                                                          : "int96",
                       units[leaf->unit], leaf->utc ? ",utc" : "");
        break;
    case SGP_PQ_V_STRING:
        sgp_buf_puts(out, "string");
        break;
    case SGP_PQ_V_BINARY:
        sgp_buf_puts(out, "binary");
        break;
    case SGP_PQ_V_UUID:
        sgp_buf_puts(out, "uuid");
        break;
    case SGP_PQ_V_INTERVAL:
        sgp_buf_puts(out, "interval");
        break;
    }
    if (leaf->annotation != NULL) {
        sgp_buf_printf(out, " %s", leaf->annotation);
    }
}

/*
 * One line per node, indented by depth: "name: kind[?] d=DEF r=REP" ("?" when nullable), kind
 * being struct, list, map or the leaf's value kind; lists and maps add " e=ENTRY_DEF/ENTRY_REP",
 * leaves their path. Checks on the way that a primitive's levels are its leaf's and that leaves
 * come in schema order.
 */
static void dump_node(sgp_buf *out, const sgp_pq_schema *s, const sgp_pq_node *node, int depth,
                      size_t *next_leaf) {
    for (int i = 0; i < depth; i++) {
        sgp_buf_puts(out, "  ");
    }
    sgp_buf_printf(out, "%s: ", node->name);
    ck_assert_uint_eq(node->first_leaf, *next_leaf);
    if (node->kind == SGP_PQ_NODE_PRIMITIVE) {
        const sgp_pq_leaf *leaf = &s->leaves[node->first_leaf];
        ck_assert_uint_eq(node->n_leaves, 1);
        ck_assert_int_eq(leaf->max_def, node->def);
        ck_assert_int_eq(leaf->max_rep, node->rep);
        ck_assert_uint_eq(leaf->element, node->element);
        (*next_leaf)++;
        leaf_text(out, leaf);
        sgp_buf_printf(out, "%s d=%d r=%d [%s]\n", node->nullable ? "?" : "", node->def, node->rep,
                       leaf->path);
        return;
    }
    sgp_buf_printf(out, "%s%s d=%d r=%d", node_kinds[node->kind], node->nullable ? "?" : "",
                   node->def, node->rep);
    if (node->kind == SGP_PQ_NODE_LIST || node->kind == SGP_PQ_NODE_MAP) {
        sgp_buf_printf(out, " e=%d/%d", node->entry_def, node->entry_rep);
        ck_assert_int_eq(node->entry_def, node->def + 1);
        ck_assert_int_eq(node->entry_rep, node->rep + 1);
    }
    sgp_buf_puts(out, "\n");
    for (size_t i = 0; i < node->n_children; i++) {
        dump_node(out, s, node->children[i], depth + 1, next_leaf);
    }
    ck_assert_uint_eq(node->n_leaves, *next_leaf - node->first_leaf);
}

/* Resolves text and returns the dump of the root's fields (malloc'd), or NULL with *code. */
static char *resolve(fixture *f, int *code, sg_error *err) {
    sgp_pq_schema *s = NULL;
    *code = sgp_pq_schema_build(&s, &f->meta, "test.parquet", err);
    if (*code != SG_OK) {
        ck_assert_ptr_null(s);
        return NULL;
    }
    ck_assert_uint_eq(s->n_leaves, f->meta.n_leaves);
    sgp_buf out = SGP_BUF_INIT;
    size_t next_leaf = 0;
    ck_assert_int_eq(s->root->kind, SGP_PQ_NODE_STRUCT);
    for (size_t i = 0; i < s->root->n_children; i++) {
        dump_node(&out, s, s->root->children[i], 0, &next_leaf);
    }
    ck_assert_uint_eq(next_leaf, s->n_leaves);
    sgp_pq_schema_free(s);
    char *text = sgp_buf_take(&out);
    ck_assert_ptr_nonnull(text);
    return text;
}

/* Resolves text; the dump must be expected. */
static void check_tree(const char *text, const char *expected) {
    fixture *f = parse(text);
    sg_error err;
    int code = SG_OK;
    char *got = resolve(f, &code, &err);
    ck_assert_msg(got != NULL, "%s\nfailed: %s", text, err.message);
    ck_assert_msg(strcmp(got, expected) == 0, "%s\ngot:\n%s\nexpected:\n%s", text, got, expected);
    free(got);
    fixture_free(f);
}

/* Resolving text must fail with code, the message containing fragment, err.path == path. */
static void check_refused(const char *text, int code, const char *fragment, const char *path) {
    fixture *f = parse(text);
    sg_error err;
    int got = SG_OK;
    char *tree = resolve(f, &got, &err);
    ck_assert_msg(tree == NULL, "%s\naccepted:\n%s", text, tree);
    ck_assert_msg(got == code, "%s: code %d, not %d (%s)", text, got, code, err.message);
    ck_assert_int_eq(err.code, code);
    ck_assert_msg(strstr(err.message, fragment) != NULL, "%s: message '%s' lacks '%s'", text,
                  err.message, fragment);
    ck_assert_str_eq(err.source, "test.parquet");
    ck_assert_str_eq(err.path, path);
    fixture_free(f);
}

/* The model of text printed as a tree must be expected. */
static void check_model(const char *text, const char *expected) {
    fixture *f = parse(text);
    sg_error err;
    sgp_pq_schema *s = NULL;
    ck_assert_int_eq(sgp_pq_schema_build(&s, &f->meta, "test.parquet", &err), SG_OK);
    sg_schema *model = NULL;
    ck_assert_int_eq(sgp_pq_schema_to_model(s, &f->meta, "test.parquet", &model, &err), SG_OK);
    char *tree = NULL;
    ck_assert_int_eq(sg_schema_to_tree(model, &tree), SG_OK);
    ck_assert_msg(strcmp(tree, expected) == 0, "%s\ngot:\n%s\nexpected:\n%s", text, tree, expected);
    sg_free(tree);
    sg_schema_free(model);
    sgp_pq_schema_free(s);
    fixture_free(f);
}

/* ---- Lists (LogicalTypes.md, "Lists") ---- */

START_TEST(list_three_level) {
    /* List<String> (list non-null, elements nullable) */
    check_tree("required group my_list (LIST) { repeated group list {"
               " optional binary element (STRING); } }",
               "my_list: list d=0 r=0 e=1/1\n"
               "  element: string? d=2 r=1 [my_list.list.element]\n");
    /* List<String> (list nullable, elements non-null) */
    check_tree("optional group my_list (LIST) { repeated group list {"
               " required binary element (STRING); } }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  element: string d=2 r=1 [my_list.list.element]\n");
    /* List<List<Integer>> */
    check_tree("optional group array_of_arrays (LIST) { repeated group list {"
               " required group element (LIST) { repeated group list {"
               " required int32 element; } } } }",
               "array_of_arrays: list? d=1 r=0 e=2/1\n"
               "  element: list d=2 r=1 e=3/2\n"
               "    element: int32 d=3 r=2 [array_of_arrays.list.element.list.element]\n");
    /* Names are not enforced: a repeated group named element holding str. */
    check_tree("optional group my_list (LIST) { repeated group element {"
               " required binary str (STRING); }; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  str: string d=2 r=1 [my_list.element.str]\n");
    /* The legacy ConvertedType LIST reads the same; elements of a struct type. */
    check_tree("optional group l (CT_LIST) { repeated group list { optional group element {"
               " required int64 a; optional double b; } } }",
               "l: list? d=1 r=0 e=2/1\n"
               "  element: struct? d=3 r=1\n"
               "    a: int64 d=3 r=1 [l.list.element.a]\n"
               "    b: double? d=4 r=1 [l.list.element.b]\n");
}
END_TEST

START_TEST(list_backward_compatibility_rules) {
    /* Rule 1: List<Integer> (nullable list, non-null elements) */
    check_tree("optional group my_list (LIST) { repeated int32 element; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  element: int32 d=2 r=1 [my_list.element]\n");
    /* Rule 2: List<Tuple<String, Integer>> */
    check_tree("optional group my_list (LIST) { repeated group element {"
               " required binary str (STRING); required int32 num; }; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  element: struct d=2 r=1\n"
               "    str: string d=2 r=1 [my_list.element.str]\n"
               "    num: int32 d=2 r=1 [my_list.element.num]\n");
    /* Rule 3: List<List<Integer>>, the inner list a LIST-annotated repeated 2-level list. */
    check_tree("optional group my_list (LIST) { repeated group array (LIST) {"
               " repeated int32 array; }; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  array: list d=2 r=1 e=3/2\n"
               "    array: int32 d=3 r=2 [my_list.array.array]\n");
    /* Rule 3 whatever the names: the repeated child makes the group the element, here a
     * LIST-annotated one whose own element is 3-level... */
    check_tree("optional group a (LIST) { repeated group list (LIST) { repeated group list {"
               " required int32 element; } } }",
               "a: list? d=1 r=0 e=2/1\n"
               "  list: list d=2 r=1 e=3/2\n"
               "    element: int32 d=3 r=2 [a.list.list.element]\n");
    /* ...or a plain group: List<OneTuple<List<Integer>>>. */
    check_tree("optional group a (LIST) { repeated group x { repeated int32 y; } }",
               "a: list? d=1 r=0 e=2/1\n"
               "  x: struct d=2 r=1\n"
               "    y: list d=2 r=1 e=3/2\n"
               "      y: int32 d=3 r=2 [a.x.y]\n");
    /* Rule 4: List<OneTuple<String>>, named array (parquet-avro) or <list>_tuple (thrift). */
    check_tree("optional group my_list (LIST) { repeated group array {"
               " required binary str (STRING); }; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  array: struct d=2 r=1\n"
               "    str: string d=2 r=1 [my_list.array.str]\n");
    check_tree("optional group my_list (LIST) { repeated group my_list_tuple {"
               " required binary str (STRING); }; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  my_list_tuple: struct d=2 r=1\n"
               "    str: string d=2 r=1 [my_list.my_list_tuple.str]\n");
    /* Only the list's own name counts for _tuple. */
    check_tree("optional group my_list (LIST) { repeated group other_tuple {"
               " required binary str (STRING); }; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  str: string d=2 r=1 [my_list.other_tuple.str]\n");
    /* Rule 5: List<String> (nullable list, nullable elements) */
    check_tree("optional group my_list (LIST) { repeated group element {"
               " optional binary str (STRING); }; }",
               "my_list: list? d=1 r=0 e=2/1\n"
               "  str: string? d=3 r=1 [my_list.element.str]\n");
    /* Hive: bag / array_element (rule 5). */
    check_tree("optional group a (LIST) { repeated group bag { optional int32 array_element; } }",
               "a: list? d=1 r=0 e=2/1\n"
               "  array_element: int32? d=3 r=1 [a.bag.array_element]\n");
    /* parquet-avro's old list structure (data/old_list_structure.parquet). */
    check_tree("required group a (LIST) { repeated group array (LIST) { repeated int32 array; } }",
               "a: list d=0 r=0 e=1/1\n"
               "  array: list d=1 r=1 e=2/2\n"
               "    array: int32 d=2 r=2 [a.array.array]\n");
    /* A 2-level LIST-annotated field that is itself repeated (top level): a list of lists. */
    check_tree("repeated group l (LIST) { repeated int32 element; }",
               "l: list d=0 r=0 e=1/1\n"
               "  l: list d=1 r=1 e=2/2\n"
               "    element: int32 d=2 r=2 [l.element]\n");
}
END_TEST

START_TEST(bare_repeated_fields) {
    /* LogicalTypes.md, "Nested Types": a required list of required elements. */
    check_tree("repeated int32 num;", "num: list d=0 r=0 e=1/1\n"
                                      "  num: int32 d=1 r=1 [num]\n");
    check_tree("repeated group my_list { required int32 num; optional binary str (STRING); }",
               "my_list: list d=0 r=0 e=1/1\n"
               "  my_list: struct d=1 r=1\n"
               "    num: int32 d=1 r=1 [my_list.num]\n"
               "    str: string? d=2 r=1 [my_list.str]\n");
    /* Inside a struct (data/repeated_no_annotation.parquet, repeated_primitive_no_list). */
    check_tree("required int32 id; optional group phoneNumbers { repeated group phone {"
               " required int64 number; optional binary kind (STRING); } }",
               "id: int32 d=0 r=0 [id]\n"
               "phoneNumbers: struct? d=1 r=0\n"
               "  phone: list d=1 r=0 e=2/1\n"
               "    phone: struct d=2 r=1\n"
               "      number: int64 d=2 r=1 [phoneNumbers.phone.number]\n"
               "      kind: string? d=3 r=1 [phoneNumbers.phone.kind]\n");
    /* Inside the element of a list, and of a map's value. */
    check_tree("optional group l (LIST) { repeated group list { optional group element {"
               " repeated int32 x; } } }",
               "l: list? d=1 r=0 e=2/1\n"
               "  element: struct? d=3 r=1\n"
               "    x: list d=3 r=1 e=4/2\n"
               "      x: int32 d=4 r=2 [l.list.element.x]\n");
    check_tree("required group m (MAP) { repeated group key_value { required int32 key;"
               " repeated binary value (STRING); } }",
               "m: map d=0 r=0 e=1/1\n"
               "  key: int32 d=1 r=1 [m.key_value.key]\n"
               "  value: list d=1 r=1 e=2/2\n"
               "    value: string d=2 r=2 [m.key_value.value]\n");
    /* A repeated group that is MAP-annotated: a list of maps. */
    check_tree("repeated group m (MAP) { repeated group key_value { required int32 key; } }",
               "m: list d=0 r=0 e=1/1\n"
               "  m: map d=1 r=1 e=2/2\n"
               "    key: int32 d=2 r=2 [m.key_value.key]\n");
}
END_TEST

START_TEST(maps) {
    /* Map<String, Integer> (LogicalTypes.md) */
    check_tree("required group my_map (MAP) { repeated group key_value {"
               " required binary key (STRING); optional int32 value; } }",
               "my_map: map d=0 r=0 e=1/1\n"
               "  key: string d=1 r=1 [my_map.key_value.key]\n"
               "  value: int32? d=2 r=1 [my_map.key_value.value]\n");
    /* Misnamed key and value are told by position. */
    check_tree("optional group my_map (MAP) { repeated group map {"
               " required binary str (STRING); required int32 num; } }",
               "my_map: map? d=1 r=0 e=2/1\n"
               "  str: string d=2 r=1 [my_map.map.str]\n"
               "  num: int32 d=2 r=1 [my_map.map.num]\n");
    /* MAP_KEY_VALUE outside MAP is a MAP. */
    check_tree("optional group my_map (MAP_KEY_VALUE) { repeated group map {"
               " required binary key (UTF8); optional int32 value; } }",
               "my_map: map? d=1 r=0 e=2/1\n"
               "  key: string d=2 r=1 [my_map.map.key]\n"
               "  value: int32? d=3 r=1 [my_map.map.value]\n");
    /* Old parquet-mr: MAP with a MAP_KEY_VALUE entry group (the inner annotation is ignored). */
    check_tree("optional group m (CT_MAP) { repeated group map (MAP_KEY_VALUE) {"
               " required binary key (UTF8); required group value { optional int32 a; } } }",
               "m: map? d=1 r=0 e=2/1\n"
               "  key: string d=2 r=1 [m.map.key]\n"
               "  value: struct d=2 r=1\n"
               "    a: int32? d=3 r=1 [m.map.value.a]\n");
    /* Without a value (data/map_no_value.parquet): keys only. */
    check_tree("required group my_map_no_v (MAP) { repeated group key_value {"
               " required int32 key; } }",
               "my_map_no_v: map d=0 r=0 e=1/1\n"
               "  key: int32 d=1 r=1 [my_map_no_v.key_value.key]\n");
    /* Optional keys (Trino before 386, data/incorrect_map_schema.parquet) are read. */
    check_tree("optional group my_map (MAP) { repeated group key_value {"
               " optional binary key (STRING); optional binary value (STRING); } }",
               "my_map: map? d=1 r=0 e=2/1\n"
               "  key: string? d=3 r=1 [my_map.key_value.key]\n"
               "  value: string? d=3 r=1 [my_map.key_value.value]\n");
    /* Nested: a map of lists inside a list of maps. */
    check_tree("optional group l (LIST) { repeated group list { optional group element (MAP) {"
               " repeated group key_value { required int32 key; optional group value (LIST) {"
               " repeated group list { optional int64 element; } } } } } }",
               "l: list? d=1 r=0 e=2/1\n"
               "  element: map? d=3 r=1 e=4/2\n"
               "    key: int32 d=4 r=2 [l.list.element.key_value.key]\n"
               "    value: list? d=5 r=2 e=6/3\n"
               "      element: int64? d=7 r=3 "
               "[l.list.element.key_value.value.list.element]\n");
}
END_TEST

START_TEST(leaf_kinds) {
    check_tree("required boolean a; optional int32 b; required int64 c; required int96 d;"
               " required float e; required double f; required binary g;"
               " required fixed_len_byte_array(3) h;",
               "a: boolean d=0 r=0 [a]\n"
               "b: int32? d=1 r=0 [b]\n"
               "c: int64 d=0 r=0 [c]\n"
               "d: int96(nanos,utc) d=0 r=0 [d]\n"
               "e: float d=0 r=0 [e]\n"
               "f: double d=0 r=0 [f]\n"
               "g: binary d=0 r=0 [g]\n"
               "h: binary d=0 r=0 [h]\n");
    check_tree(
        "required int32 a (INTEGER(8,false)); required int32 b (INTEGER(16,true));"
        " required int64 c (INTEGER(64,false)); required int32 d (INT_8);"
        " required int32 e (UINT_32); required int64 f (UINT_64); required int64 g (INT_64);",
        "a: uint8 d=0 r=0 [a]\n"
        "b: int16 d=0 r=0 [b]\n"
        "c: uint64 d=0 r=0 [c]\n"
        "d: int8 d=0 r=0 [d]\n"
        "e: uint32 d=0 r=0 [e]\n"
        "f: uint64 d=0 r=0 [f]\n"
        "g: int64 d=0 r=0 [g]\n");
    check_tree(
        "required int32 a (DATE); required int32 b (TIME(MILLIS,true));"
        " required int64 c (TIME(MICROS,false)); required int64 d (TIME(NANOS,true));"
        " required int64 e (TIMESTAMP(MILLIS,false)); required int64 f (TIMESTAMP(NANOS,true));"
        " required int32 g (TIME_MILLIS); required int64 h (TIME_MICROS);"
        " required int64 i (TIMESTAMP_MILLIS); required int64 j (TIMESTAMP_MICROS);"
        " required int32 k (CT_DATE);",
        "a: date d=0 r=0 [a]\n"
        "b: time(millis,utc) d=0 r=0 [b]\n"
        "c: time(micros) d=0 r=0 [c]\n"
        "d: time(nanos,utc) d=0 r=0 [d]\n"
        "e: timestamp(millis) d=0 r=0 [e]\n"
        "f: timestamp(nanos,utc) d=0 r=0 [f]\n"
        "g: time(millis,utc) d=0 r=0 [g]\n"
        "h: time(micros,utc) d=0 r=0 [h]\n"
        "i: timestamp(millis,utc) d=0 r=0 [i]\n"
        "j: timestamp(micros,utc) d=0 r=0 [j]\n"
        "k: date d=0 r=0 [k]\n");
    check_tree(
        "required int32 a (DECIMAL(9,2)); required int64 b (DECIMAL(18,0));"
        " required fixed_len_byte_array(16) c (DECIMAL(38,38));"
        " required binary d (DECIMAL(616,3)); required fixed_len_byte_array(1) e (DECIMAL(2,1));"
        " required int32 f (CT_DECIMAL(4)); required int64 g (CT_DECIMAL(10,5));"
        " required fixed_len_byte_array(300) h (DECIMAL(616,616));",
        "a: decimal(9,2) d=0 r=0 [a]\n"
        "b: decimal(18,0) d=0 r=0 [b]\n"
        "c: decimal(38,38) d=0 r=0 [c]\n"
        "d: decimal(616,3) d=0 r=0 [d]\n"
        "e: decimal(2,1) d=0 r=0 [e]\n"
        "f: decimal(4,0) d=0 r=0 [f]\n"
        "g: decimal(10,5) d=0 r=0 [g]\n"
        "h: decimal(616,616) d=0 r=0 [h]\n");
    check_tree("required binary a (STRING); required binary b (UTF8); required binary c (ENUM);"
               " required binary d (CT_ENUM); required binary e (JSON); required binary f (BSON);"
               " required binary g (CT_BSON); required binary h (GEOMETRY);"
               " required binary i (GEOGRAPHY); required binary j (LT(2555));"
               " required fixed_len_byte_array(16) k (UUID);"
               " required fixed_len_byte_array(2) l (FLOAT16);"
               " required fixed_len_byte_array(12) m (INTERVAL); optional int32 n (UNKNOWN);"
               " required int96 o (LT(99));",
               "a: string d=0 r=0 [a]\n"
               "b: string d=0 r=0 [b]\n"
               "c: string ENUM d=0 r=0 [c]\n"
               "d: string ENUM d=0 r=0 [d]\n"
               "e: string JSON d=0 r=0 [e]\n"
               "f: binary BSON d=0 r=0 [f]\n"
               "g: binary BSON d=0 r=0 [g]\n"
               "h: binary GEOMETRY d=0 r=0 [h]\n"
               "i: binary GEOGRAPHY d=0 r=0 [i]\n"
               "j: binary d=0 r=0 [j]\n"
               "k: uuid d=0 r=0 [k]\n"
               "l: float16 d=0 r=0 [l]\n"
               "m: interval d=0 r=0 [m]\n"
               "n: int32? d=1 r=0 [n]\n"
               "o: int96(nanos,utc) d=0 r=0 [o]\n");
}
END_TEST

/* The LogicalType wins over the ConvertedType; a typed element with num_children 0 is a leaf
 * (the footer's rule); field ids and created_by reach the model. */
START_TEST(precedence_and_leaf_rule) {
    fixture *f = parse("required binary a (STRING); required int64 b (TIMESTAMP(MICROS,false));"
                       " required int32 c;");
    sgp_pq_schema_element *a = element_named(f, "a");
    a->has_converted_type = true;
    a->converted_type = 4; /* ENUM */
    sgp_pq_schema_element *b = element_named(f, "b");
    b->has_converted_type = true;
    b->converted_type = 10; /* TIMESTAMP_MICROS, an instant */
    sgp_pq_schema_element *c = element_named(f, "c");
    c->has_num_children = true;
    c->num_children = 0;
    c->has_field_id = true;
    c->field_id = 7;
    sg_error err;
    int code = SG_OK;
    char *got = resolve(f, &code, &err);
    ck_assert_msg(got != NULL, "%s", err.message);
    ck_assert_str_eq(got, "a: string d=0 r=0 [a]\n"
                          "b: timestamp(micros) d=0 r=0 [b]\n"
                          "c: int32 d=0 r=0 [c]\n");
    free(got);
    sgp_pq_schema *s = NULL;
    f->meta.created_by = "parquet-mr version 1.12.3";
    ck_assert_int_eq(sgp_pq_schema_build(&s, &f->meta, "test.parquet", &err), SG_OK);
    sg_schema *model = NULL;
    ck_assert_int_eq(sgp_pq_schema_to_model(s, &f->meta, "test.parquet", &model, &err), SG_OK);
    char *json = NULL;
    ck_assert_int_eq(sg_schema_to_json(model, 0, &json), SG_OK);
    ck_assert_msg(strstr(json, "\"parquet.field.id\":\"7\"") != NULL ||
                      strstr(json, "\"parquet.field.id\":7") != NULL,
                  "%s", json);
    ck_assert_msg(strstr(json, "parquet-mr version 1.12.3") != NULL, "%s", json);
    sg_free(json);
    sg_schema_free(model);
    sgp_pq_schema_free(s);
    f->meta.created_by = NULL;
    fixture_free(f);
}
END_TEST

START_TEST(refusals) {
    /* LIST groups no rule accepts. */
    check_refused("optional group l (LIST) { repeated int32 a; repeated int32 b; }", SG_EINVALID,
                  "a LIST group must have exactly one repeated field", "l");
    check_refused("optional group l (LIST) { optional int32 a; }", SG_EINVALID,
                  "a LIST group must have exactly one repeated field", "l");
    check_refused("required group s { optional group l (CT_LIST) { required group list {"
                  " required int32 element; } } }",
                  SG_EINVALID, "exactly one repeated field", "s.l");
    /* MAP groups. */
    check_refused("optional group m (MAP) { repeated group key_value { required int32 key;"
                  " optional int32 value; optional int32 extra; } }",
                  SG_EINVALID, "a MAP group must have exactly one repeated group", "m");
    check_refused("optional group m (MAP) { repeated int32 key; }", SG_EINVALID,
                  "a MAP group must have exactly one repeated group", "m");
    check_refused("optional group m (MAP) { required group key_value { required int32 key; } }",
                  SG_EINVALID, "a MAP group must have exactly one repeated group", "m");
    check_refused("optional group m (MAP) { repeated group key_value { required int32 key; }"
                  " repeated group more { required int32 key; } }",
                  SG_EINVALID, "a MAP group must have exactly one repeated group", "m");
    /* Annotations on the wrong physical type. */
    check_refused("required int32 s (STRING);", SG_EINVALID, "STRING cannot annotate INT32", "s");
    check_refused("required fixed_len_byte_array(4) s (UTF8);", SG_EINVALID, "cannot annotate",
                  "s");
    check_refused("required int64 d (DATE);", SG_EINVALID, "DATE cannot annotate INT64", "d");
    check_refused("required int32 t (TIMESTAMP(MILLIS,true));", SG_EINVALID, "cannot annotate",
                  "t");
    check_refused("required int64 t (TIME(MILLIS,true));", SG_EINVALID, "cannot annotate", "t");
    check_refused("required int32 t (TIME(MICROS,true));", SG_EINVALID, "cannot annotate", "t");
    check_refused("required int64 t (TIME_MILLIS);", SG_EINVALID, "cannot annotate", "t");
    check_refused("required int32 t (TIMESTAMP_MICROS);", SG_EINVALID, "cannot annotate", "t");
    check_refused("required int32 i (INTEGER(64,true));", SG_EINVALID, "cannot annotate", "i");
    check_refused("required int64 i (INTEGER(32,true));", SG_EINVALID, "cannot annotate", "i");
    check_refused("required int32 i (INTEGER(12,true));", SG_EINVALID, "bit width 12", "i");
    check_refused("required int64 i (INT_8);", SG_EINVALID, "cannot annotate", "i");
    check_refused("required float i (UINT_32);", SG_EINVALID, "cannot annotate", "i");
    check_refused("required fixed_len_byte_array(15) u (UUID);", SG_EINVALID,
                  "UUID cannot annotate FIXED_LEN_BYTE_ARRAY of this length", "u");
    check_refused("required fixed_len_byte_array(4) h (FLOAT16);", SG_EINVALID, "cannot annotate",
                  "h");
    check_refused("required fixed_len_byte_array(11) v (INTERVAL);", SG_EINVALID, "cannot annotate",
                  "v");
    check_refused("required int64 t (TIMESTAMP(SECONDS,true));", SG_EINVALID, "no known time unit",
                  "t");
    check_refused("required int32 l (LIST);", SG_EINVALID, "annotates a group", "l");
    check_refused("required binary m (CT_MAP);", SG_EINVALID, "annotates a group", "m");
    check_refused("required binary m (MAP_KEY_VALUE);", SG_EINVALID, "annotates a group", "m");
    check_refused("required binary m (VARIANT);", SG_EINVALID, "annotates a group", "m");
    check_refused("required binary j (CT_JSON); required double d (DECIMAL(5,2));", SG_EINVALID,
                  "DECIMAL cannot annotate DOUBLE", "d");
    check_refused("required boolean d (CT_DECIMAL(5,2));", SG_EINVALID,
                  "DECIMAL cannot annotate BOOLEAN", "d");
    /* DECIMAL precision beyond the physical type, and malformed precision/scale. */
    check_refused("required int32 d (DECIMAL(10,2));", SG_EINVALID,
                  "DECIMAL(10,2) does not fit in INT32 (at most 9 digits)", "d");
    check_refused("required int64 d (DECIMAL(19,0));", SG_EINVALID, "at most 18 digits", "d");
    check_refused("required fixed_len_byte_array(16) d (DECIMAL(39,0));", SG_EINVALID,
                  "at most 38 digits", "d");
    check_refused("required fixed_len_byte_array(1) d (DECIMAL(3,0));", SG_EINVALID,
                  "at most 2 digits", "d");
    check_refused("required fixed_len_byte_array(4) d (CT_DECIMAL(10,0));", SG_EINVALID,
                  "at most 9 digits", "d");
    check_refused("required binary d (DECIMAL(617,0));", SG_ELIMIT, "more than 616 digits", "d");
    check_refused("required fixed_len_byte_array(2147483647) d (DECIMAL(2147483647,2147483647));",
                  SG_ELIMIT, "more than 616 digits", "d");
    check_refused("required int32 d (DECIMAL(5,6));", SG_EINVALID, "scale in 0..5", "d");
    check_refused("required int32 d (DECIMAL(0,0));", SG_EINVALID, "precision must be >= 1", "d");
    check_refused("required int32 d (CT_DECIMAL);", SG_EINVALID, "DECIMAL without a precision",
                  "d");
    /* FIXED_LEN_BYTE_ARRAY without a length. */
    check_refused("optional group s { required fixed_len_byte_array f; }", SG_EINVALID,
                  "FIXED_LEN_BYTE_ARRAY needs a type_length > 0", "s.f");
    check_refused("required fixed_len_byte_array(0) f;", SG_EINVALID, "type_length > 0, not 0",
                  "f");
    /* A group without fields. */
    check_refused("required int32 a; optional group g { }", SG_EUNSUPPORTED,
                  "a group without fields", "g");
    check_refused("optional group l (LIST) { repeated group list { } }", SG_EUNSUPPORTED,
                  "a group without fields", "l.list");
}
END_TEST

/* Builds `depth` nested optional groups around an int32 leaf. */
static char *nested_text(int depth) {
    sgp_buf b = SGP_BUF_INIT;
    for (int i = 0; i < depth - 1; i++) {
        sgp_buf_printf(&b, "optional group g%d { ", i);
    }
    sgp_buf_puts(&b, "optional int32 leaf;");
    for (int i = 0; i < depth - 1; i++) {
        sgp_buf_puts(&b, " }");
    }
    char *text = sgp_buf_take(&b);
    ck_assert_ptr_nonnull(text);
    return text;
}

START_TEST(nesting_limit) {
    int limit = SG_MAX_DEPTH / 2;
    char *text = nested_text(limit);
    fixture *f = parse(text);
    sg_error err;
    sgp_pq_schema *s = NULL;
    ck_assert_int_eq(sgp_pq_schema_build(&s, &f->meta, "test.parquet", &err), SG_OK);
    ck_assert_int_eq(s->leaves[0].max_def, limit);
    sgp_pq_schema_free(s);
    fixture_free(f);
    free(text);

    text = nested_text(limit + 1);
    f = parse(text);
    ck_assert_int_eq(sgp_pq_schema_build(&s, &f->meta, "test.parquet", &err), SG_ELIMIT);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "nested deeper than"));
    fixture_free(f);
    free(text);
}
END_TEST

START_TEST(model_trees) {
    check_model(
        "required int32 id; optional group tags (LIST) { repeated group list {"
        " optional binary element (STRING); } } optional group m (MAP) {"
        " repeated group key_value { required binary key (STRING); } }"
        " repeated int64 nums; optional int32 u (UINT_32); required int64 big (UINT_64);"
        " required int96 ts; optional fixed_len_byte_array(16) id2 (UUID);"
        " required fixed_len_byte_array(12) span (INTERVAL);"
        " required fixed_len_byte_array(2) half (FLOAT16);"
        " required fixed_len_byte_array(5) dec (DECIMAL(10,2));"
        " required fixed_len_byte_array(7) raw; required binary doc (JSON);"
        " required int64 t (TIME(NANOS,false)); required int64 at (TIMESTAMP(MILLIS,false));",
        "root: struct\n"
        " |-- id: int32 (nullable = false)\n"
        " |-- tags: list (nullable = true)\n"
        " |    |-- element: string (nullable = true)\n"
        " |-- m: map (nullable = true)\n"
        " |    |-- key: string (nullable = false)\n"
        " |    |-- value: null (nullable = true)\n"
        " |-- nums: list (nullable = false)\n"
        " |    |-- element: int64 (nullable = false)\n"
        " |-- u: int64 (nullable = true)\n"
        " |-- big: decimal(20,0) (nullable = false)\n"
        " |-- ts: timestamp(nanos, utc) (nullable = false)\n"
        " |-- id2: uuid as fixed(16) (nullable = true)\n"
        " |-- span: duration as fixed(12) (nullable = false)\n"
        " |-- half: float32 (nullable = false)\n"
        " |-- dec: decimal(10,2) as fixed(5) (nullable = false)\n"
        " |-- raw: fixed(7) (nullable = false)\n"
        " |-- doc: string (nullable = false)\n"
        " |-- t: time(nanos) (nullable = false)\n"
        " |-- at: timestamp(millis, local) (nullable = false)\n");
    check_model("optional group a (LIST) { repeated group array (LIST) { repeated int32 array; } }"
                " optional group s { repeated group phone { required int64 number; } }",
                "root: struct\n"
                " |-- a: list (nullable = true)\n"
                " |    |-- element: list (nullable = false)\n"
                " |    |    |-- element: int32 (nullable = false)\n"
                " |-- s: struct (nullable = true)\n"
                " |    |-- phone: list (nullable = false)\n"
                " |    |    |-- element: struct (nullable = false)\n"
                " |    |    |    |-- number: int64 (nullable = false)\n");
}
END_TEST

/* Every allocation of schema resolution and of the model failing in turn: SG_ENOMEM, nothing
 * returned, nothing leaked (the sanitizer build's leak check). */
START_TEST(allocation_failures) {
    fixture *f = parse("required int32 id; optional group l (LIST) { repeated group list {"
                       " optional group element { required binary s (STRING);"
                       " optional group m (MAP) { repeated group key_value { required int32 key;"
                       " repeated double value; } } } } } repeated group r { optional int64 x;"
                       " required fixed_len_byte_array(16) u (UUID); }"
                       " optional group a (LIST) { repeated group array { required int32 y; } }");
    sg_error err;
    int failures = 0;
    for (long n = 0;; n++) {
        sgp_pq_schema *s = NULL;
        alloc_fail_after(n);
        int rc = sgp_pq_schema_build(&s, &f->meta, "test.parquet", &err);
        alloc_fail_after(-1);
        if (!alloc_failed) {
            ck_assert_int_eq(rc, SG_OK);
            sgp_pq_schema_free(s);
            break;
        }
        failures++;
        ck_assert_int_eq(rc, SG_ENOMEM);
        ck_assert_ptr_null(s);
    }
    ck_assert_int_gt(failures, 20);
    sgp_pq_schema *s = NULL;
    ck_assert_int_eq(sgp_pq_schema_build(&s, &f->meta, "test.parquet", &err), SG_OK);
    for (long n = 0;; n++) {
        sg_schema *model = NULL;
        alloc_fail_after(n);
        int rc = sgp_pq_schema_to_model(s, &f->meta, "test.parquet", &model, &err);
        alloc_fail_after(-1);
        if (!alloc_failed) {
            ck_assert_int_eq(rc, SG_OK);
            sg_schema_free(model);
            break;
        }
        ck_assert_int_eq(rc, SG_ENOMEM);
        ck_assert_ptr_null(model);
    }
    sgp_pq_schema_free(s);
    fixture_free(f);
}
END_TEST

/* ---- Rendering: cat's canonical JSON ---- */

static char *text_of(sgp_buf *b) {
    ck_assert(!b->failed);
    char *text = sgp_buf_take(b);
    ck_assert_ptr_nonnull(text);
    return text;
}

static void check_double(double value, const char *expected) {
    sgp_buf b = SGP_BUF_INIT;
    sgp_pq_render_double(&b, value);
    char *got = text_of(&b);
    ck_assert_msg(strcmp(got, expected) == 0, "%.17g: got %s, expected %s", value, got, expected);
    free(got);
}

static void check_float(float value, const char *expected) {
    sgp_buf b = SGP_BUF_INIT;
    sgp_pq_render_float(&b, value);
    char *got = text_of(&b);
    ck_assert_msg(strcmp(got, expected) == 0, "%.9g: got %s, expected %s", (double)value, got,
                  expected);
    free(got);
}

START_TEST(render_doubles) {
    /* Expected texts are node's String(x) (ECMAScript Number::toString), except -0. */
    check_double(0.1, "0.1");
    check_double(100, "100");
    check_double(1.5, "1.5");
    check_double(-2.5, "-2.5");
    check_double(1e21, "1e+21");
    check_double(9.999999999999999e20, "999999999999999900000");
    check_double(123456789012345680000.0, "123456789012345680000");
    check_double(1e-7, "1e-7");
    check_double(1.5e-7, "1.5e-7");
    check_double(1e-6, "0.000001");
    check_double(1.2345e-6, "0.0000012345");
    check_double(5e-324, "5e-324");
    check_double(-5e-324, "-5e-324");
    check_double(2.2250738585072014e-308, "2.2250738585072014e-308");
    check_double(1.7976931348623157e308, "1.7976931348623157e+308");
    check_double(0.30000000000000004, "0.30000000000000004");
    check_double(9007199254740993.0, "9007199254740992");
    check_double(0.0, "0");
    check_double(-0.0, "-0");
    check_double(NAN, "\"NaN\"");
    check_double(INFINITY, "\"Infinity\"");
    check_double(-INFINITY, "\"-Infinity\"");
    /* Powers of two, where the nearest decimal of a length may not read back while the next
     * one up does (ECMAScript picks the shortest that reads back). */
    check_double(ldexp(1, -1017), "7.120236347223045e-307");
    check_double(-ldexp(1, -1017), "-7.120236347223045e-307");
    check_double(ldexp(1, -509), "5.966672584960166e-154");
    check_double(ldexp(1, 1023), "8.98846567431158e+307");
    check_double(ldexp(1, 60), "1152921504606847000");
}
END_TEST

START_TEST(render_floats) {
    check_float(1.1f, "1.1");
    check_float(0.1f, "0.1");
    check_float(16777216.0f, "16777216");
    check_float(16777217.0f, "16777216");
    check_float(3.4028235e38f, "3.4028235e+38");
    check_float(1.17549435e-38f, "1.1754944e-38");
    check_float(1e-45f, "1e-45");
    check_float(-0.0f, "-0");
    check_float(1e21f, "1e+21");
    check_float(1e-7f, "1e-7");
    check_float(123456.7f, "123456.7");
    check_float(ldexpf(1, -12), "0.00024414062"); /* a tie: the even digit */
    check_float(NAN, "\"NaN\"");
    check_float(-INFINITY, "\"-Infinity\"");
}
END_TEST

/* Renders values[index] of a leaf of the given kind. */
static char *render(const sgp_pq_leaf *leaf, const void *values, size_t index) {
    sgp_buf b = SGP_BUF_INIT;
    sgp_pq_render_value(&b, leaf, values, index);
    return text_of(&b);
}

static void check_rendered(const sgp_pq_leaf *leaf, const void *values, size_t index,
                           const char *expected) {
    char *got = render(leaf, values, index);
    ck_assert_msg(strcmp(got, expected) == 0, "value %zu: got %s, expected %s", index, got,
                  expected);
    free(got);
}

/* Renders bytes as one FIXED/BYTE_ARRAY value of leaf (an exact-size heap copy). */
static void check_bytes(const sgp_pq_leaf *leaf, const void *bytes, size_t length,
                        const char *expected) {
    uint8_t *copy = malloc(length ? length : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, bytes, length);
    sgp_pq_span span = {copy, (uint32_t)length};
    check_rendered(leaf, &span, 0, expected);
    free(copy);
}

START_TEST(render_float16) {
    sgp_pq_leaf leaf = {
        .physical = SGP_PQ_FIXED_LEN_BYTE_ARRAY, .type_length = 2, .kind = SGP_PQ_V_FLOAT16};
    static const struct {
        uint16_t bits;
        const char *text;
    } cases[] = {
        {0x0000, "0"},
        {0x8000, "-0"},
        {0x3c00, "1"},
        {0xc000, "-2"},
        {0x7bff, "65504"},
        {0x3555, "0.33325195"},
        {0x0001, "5.9604645e-8"},   /* the smallest subnormal, 2^-24 */
        {0x03ff, "0.00006097555"},  /* the largest subnormal */
        {0x0400, "0.000061035156"}, /* the smallest normal, 2^-14 */
        {0x7c00, "\"Infinity\""},
        {0xfc00, "\"-Infinity\""},
        {0x7e00, "\"NaN\""},
        {0xfe01, "\"NaN\""},
    };
    for (size_t i = 0; i < LEN(cases); i++) {
        uint8_t le[2] = {(uint8_t)cases[i].bits, (uint8_t)(cases[i].bits >> 8)};
        check_bytes(&leaf, le, 2, cases[i].text);
    }
}
END_TEST

START_TEST(render_decimals) {
    sgp_pq_leaf fixed = {
        .physical = SGP_PQ_FIXED_LEN_BYTE_ARRAY, .kind = SGP_PQ_V_DECIMAL, .scale = 2};
    check_bytes(&fixed, "\x00", 1, "0.00");
    check_bytes(&fixed, "\x01", 1, "0.01");
    check_bytes(&fixed, "\xff", 1, "-0.01");
    check_bytes(&fixed, "\x80", 1, "-1.28");
    check_bytes(&fixed, "\x7f", 1, "1.27");
    check_bytes(&fixed, "\x04\xb0", 2, "12.00");
    check_bytes(&fixed, "\xff\xfb", 2, "-0.05");
    check_bytes(&fixed, "", 0, "0.00");
    fixed.scale = 0;
    check_bytes(&fixed, "\xff\xff\xff\xfe", 4, "-2");
    check_bytes(&fixed, "\x00\x00\x30\x39", 4, "12345");
    fixed.scale = 5; /* more digits of scale than the value has */
    check_bytes(&fixed, "\x05", 1, "0.00005");
    check_bytes(&fixed, "\xfb", 1, "-0.00005");
    check_bytes(&fixed, "\x01\x86\xa0", 3, "1.00000");
    /* 16 bytes at the limits: +-2^127 (-1). */
    fixed.scale = 38;
    check_bytes(&fixed, "\x7f\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 16,
                "1.70141183460469231731687303715884105727");
    check_bytes(&fixed, "\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 16,
                "-1.70141183460469231731687303715884105728");
    fixed.scale = 10;
    /* 12345678901234567890123456789.0123456789 (a precision-39 value) */
    check_bytes(&fixed, "\x00\x5c\xe0\xe9\xa5\x60\x15\xfe\xc5\xaa\xdf\xa3\x28\xae\x39\x81\x15", 17,
                "12345678901234567890123456789.0123456789");
    /* Sign extension carries no digits: 300 bytes of a small value; 257 significant bytes are
     * beyond any accepted precision. */
    uint8_t wide[300];
    memset(wide, 0xff, sizeof wide);
    wide[299] = 0xfb;
    fixed.scale = 2;
    check_bytes(&fixed, wide, sizeof wide, "-0.05");
    memset(wide, 0, sizeof wide);
    wide[299] = 7;
    check_bytes(&fixed, wide, sizeof wide, "0.07");
    wide[300 - 257] = 1;
    check_bytes(&fixed, wide, sizeof wide, "\"<decimal of 300 bytes>\"");
    /* 256 significant bytes still convert: 2^2047 - 1 has 617 digits. */
    memset(wide, 0, sizeof wide);
    memset(wide + 44, 0xff, 256);
    wide[44] = 0x7f;
    fixed.scale = 0;
    char *text = NULL;
    {
        uint8_t *copy = malloc(256);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, wide + 44, 256);
        sgp_pq_span span = {copy, 256};
        text = render(&fixed, &span, 0);
        free(copy);
    }
    ck_assert_uint_eq(strlen(text), 617);
    ck_assert(strncmp(text, "16158503035655503650", 20) == 0);
    ck_assert_str_eq(text + 617 - 10, "9798115327");
    free(text);

    sgp_pq_leaf i32 = {.physical = SGP_PQ_INT32, .kind = SGP_PQ_V_DECIMAL, .scale = 2};
    int32_t ints[] = {120, -5, 0, INT32_MIN, 7};
    check_rendered(&i32, ints, 0, "1.20");
    check_rendered(&i32, ints, 1, "-0.05");
    check_rendered(&i32, ints, 2, "0.00");
    check_rendered(&i32, ints, 3, "-21474836.48");
    i32.scale = 0;
    check_rendered(&i32, ints, 4, "7");
    sgp_pq_leaf i64 = {.physical = SGP_PQ_INT64, .kind = SGP_PQ_V_DECIMAL, .scale = 18};
    int64_t longs[] = {INT64_MIN, INT64_MAX, -1};
    check_rendered(&i64, longs, 0, "-9.223372036854775808");
    check_rendered(&i64, longs, 1, "9.223372036854775807");
    check_rendered(&i64, longs, 2, "-0.000000000000000001");
}
END_TEST

START_TEST(render_dates_and_times) {
    sgp_pq_leaf date = {.physical = SGP_PQ_INT32, .kind = SGP_PQ_V_DATE};
    int32_t days[] = {0,       -1,        19000,     -719528, -719529, 2932897,
                      2932896, INT32_MIN, INT32_MAX, -141427, 11016};
    check_rendered(&date, days, 0, "\"1970-01-01\"");
    check_rendered(&date, days, 1, "\"1969-12-31\"");
    check_rendered(&date, days, 2, "\"2022-01-08\"");
    check_rendered(&date, days, 3, "\"0000-01-01\"");
    check_rendered(&date, days, 4, "\"-0001-12-31\"");
    check_rendered(&date, days, 5, "\"+10000-01-01\"");
    check_rendered(&date, days, 6, "\"9999-12-31\"");
    check_rendered(&date, days, 7, "\"-5877641-06-23\"");
    check_rendered(&date, days, 8, "\"+5881580-07-11\"");
    check_rendered(&date, days, 9, "\"1582-10-15\""); /* proleptic Gregorian, no Julian gap */
    check_rendered(&date, days, 10, "\"2000-02-29\"");

    sgp_pq_leaf ts = {.physical = SGP_PQ_INT64,
                      .kind = SGP_PQ_V_TIMESTAMP,
                      .unit = SGP_PQ_UNIT_MICROS,
                      .utc = true};
    int64_t micros[] = {0, -1, 951782400000000, INT64_MIN, INT64_MAX};
    check_rendered(&ts, micros, 0, "\"1970-01-01T00:00:00.000000Z\"");
    check_rendered(&ts, micros, 1, "\"1969-12-31T23:59:59.999999Z\"");
    check_rendered(&ts, micros, 2, "\"2000-02-29T00:00:00.000000Z\"");
    check_rendered(&ts, micros, 3, "\"-290308-12-21T19:59:05.224192Z\"");
    check_rendered(&ts, micros, 4, "\"+294247-01-10T04:00:54.775807Z\"");
    ts.utc = false;
    check_rendered(&ts, micros, 1, "\"1969-12-31T23:59:59.999999\"");
    ts.unit = SGP_PQ_UNIT_NANOS;
    /* INT64_MIN nanoseconds is not a whole number of days (floor division must not overflow). */
    check_rendered(&ts, micros, 3, "\"1677-09-21T00:12:43.145224192\"");
    check_rendered(&ts, micros, 4, "\"2262-04-11T23:47:16.854775807\"");
    ts.unit = SGP_PQ_UNIT_MILLIS;
    check_rendered(&ts, micros, 1, "\"1969-12-31T23:59:59.999\"");
    check_rendered(&ts, micros, 3, "\"-292275055-05-16T16:47:04.192\"");

    sgp_pq_leaf t32 = {.physical = SGP_PQ_INT32, .kind = SGP_PQ_V_TIME, .unit = SGP_PQ_UNIT_MILLIS};
    int32_t millis[] = {0, 86399999, 45296789};
    check_rendered(&t32, millis, 0, "\"00:00:00.000\"");
    check_rendered(&t32, millis, 1, "\"23:59:59.999\"");
    check_rendered(&t32, millis, 2, "\"12:34:56.789\"");
    sgp_pq_leaf t64 = {
        .physical = SGP_PQ_INT64, .kind = SGP_PQ_V_TIME, .unit = SGP_PQ_UNIT_NANOS, .utc = true};
    int64_t nanos[] = {1, 86399999999999};
    check_rendered(&t64, nanos, 0, "\"00:00:00.000000001\"");
    check_rendered(&t64, nanos, 1, "\"23:59:59.999999999\"");
    t64.unit = SGP_PQ_UNIT_MICROS;
    check_rendered(&t64, nanos, 0, "\"00:00:00.000001\"");
}
END_TEST

/* INT96: 8 bytes little-endian nanoseconds of the day, 4 bytes little-endian Julian day. */
static void check_int96(uint64_t nanos, uint32_t julian, const char *expected) {
    uint8_t b[12];
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(nanos >> (8 * i));
    }
    for (int i = 0; i < 4; i++) {
        b[8 + i] = (uint8_t)(julian >> (8 * i));
    }
    sgp_pq_leaf leaf = {
        .physical = SGP_PQ_INT96, .kind = SGP_PQ_V_INT96, .unit = SGP_PQ_UNIT_NANOS, .utc = true};
    check_bytes(&leaf, b, sizeof b, expected);
}

START_TEST(render_int96) {
    check_int96(0, 2440588, "\"1970-01-01T00:00:00.000000000Z\"");
    check_int96(86399999999999u, 2440587, "\"1969-12-31T23:59:59.999999999Z\"");
    check_int96(1, 2440587, "\"1969-12-31T00:00:00.000000001Z\"");
    check_int96(0, 2378497, "\"1800-01-01T00:00:00.000000000Z\"");
    check_int96(45296000000123u, 2451545, "\"2000-01-01T12:34:56.000000123Z\"");
    /* Nanoseconds beyond a day carry into the next (as Spark's arithmetic does). */
    check_int96(86400000000000u, 2440588, "\"1970-01-02T00:00:00.000000000Z\"");
    /* Days beyond int64 nanoseconds still render: Spark's arithmetic is in microseconds
     * (Julian day 0 is 24 November 4714 BC, proleptic Gregorian year -4713). */
    check_int96(0, 0, "\"-4713-11-24T00:00:00.000000000Z\"");
}
END_TEST

START_TEST(render_uuid_interval_integers) {
    sgp_pq_leaf uuid = {
        .physical = SGP_PQ_FIXED_LEN_BYTE_ARRAY, .type_length = 16, .kind = SGP_PQ_V_UUID};
    check_bytes(&uuid, "\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff", 16,
                "\"00112233-4455-6677-8899-aabbccddeeff\"");
    sgp_pq_leaf interval = {
        .physical = SGP_PQ_FIXED_LEN_BYTE_ARRAY, .type_length = 12, .kind = SGP_PQ_V_INTERVAL};
    check_bytes(&interval, "\x01\x00\x00\x00\x02\x00\x00\x00\x03\x01\x00\x00", 12,
                "{\"months\":1,\"days\":2,\"millis\":259}");
    check_bytes(&interval, "\xff\xff\xff\xff\x00\x00\x00\x80\x00\x00\x00\x00", 12,
                "{\"months\":4294967295,\"days\":2147483648,\"millis\":0}");

    sgp_pq_leaf u32 = {.physical = SGP_PQ_INT32, .kind = SGP_PQ_V_UINT, .bits = 32};
    int32_t ints[] = {-1, 255, INT32_MIN};
    check_rendered(&u32, ints, 0, "4294967295");
    check_rendered(&u32, ints, 2, "2147483648");
    u32.bits = 8;
    check_rendered(&u32, ints, 1, "255");
    sgp_pq_leaf s32 = {.physical = SGP_PQ_INT32, .kind = SGP_PQ_V_INT, .bits = 32};
    check_rendered(&s32, ints, 2, "-2147483648");
    sgp_pq_leaf u64 = {.physical = SGP_PQ_INT64, .kind = SGP_PQ_V_UINT, .bits = 64};
    int64_t longs[] = {-1, INT64_MIN};
    check_rendered(&u64, longs, 0, "18446744073709551615");
    check_rendered(&u64, longs, 1, "9223372036854775808");
    sgp_pq_leaf s64 = {.physical = SGP_PQ_INT64, .kind = SGP_PQ_V_INT, .bits = 64};
    check_rendered(&s64, longs, 1, "-9223372036854775808");
    sgp_pq_leaf boolean = {.physical = SGP_PQ_BOOLEAN, .kind = SGP_PQ_V_BOOLEAN};
    uint8_t bools[] = {1, 0};
    check_rendered(&boolean, bools, 0, "true");
    check_rendered(&boolean, bools, 1, "false");
    sgp_pq_leaf f32 = {.physical = SGP_PQ_FLOAT, .kind = SGP_PQ_V_FLOAT};
    float floats[] = {1.1f, -0.0f};
    check_rendered(&f32, floats, 0, "1.1");
    check_rendered(&f32, floats, 1, "-0");
    sgp_pq_leaf f64 = {.physical = SGP_PQ_DOUBLE, .kind = SGP_PQ_V_DOUBLE};
    double doubles[] = {1.1, 1e300};
    check_rendered(&f64, doubles, 0, "1.1");
    check_rendered(&f64, doubles, 1, "1e+300");
}
END_TEST

static void check_string(const char *bytes, size_t length, const char *expected) {
    sgp_pq_leaf leaf = {.physical = SGP_PQ_BYTE_ARRAY, .kind = SGP_PQ_V_STRING};
    check_bytes(&leaf, bytes, length, expected);
    /* sgp_pq_render_string says the same. */
    uint8_t *copy = malloc(length ? length : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, bytes, length);
    sgp_buf b = SGP_BUF_INIT;
    sgp_pq_render_string(&b, copy, length);
    char *got = text_of(&b);
    ck_assert_str_eq(got, expected);
    free(got);
    free(copy);
}

#define STR(s) s, sizeof(s) - 1

START_TEST(render_strings) {
    check_string(STR(""), "\"\"");
    check_string(STR("plain / text"), "\"plain / text\"");
    check_string(STR("\"\\"), "\"\\\"\\\\\"");
    check_string(STR("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
    check_string(STR("\x00\x01\x1f\x7f x"), "\"\\u0000\\u0001\\u001f\\u007f x\"");
    check_string(STR("a\x1b[0m"), "\"a\\u001b[0m\"");
    /* Valid UTF-8 as is: 2, 3 and 4 bytes, the largest code point, U+FEFF. */
    check_string(STR("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\xef\xbb\xbf"),
                 "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\xef\xbb\xbf\"");
    /* Each invalid byte is U+FFFD. */
    check_string(STR("\xff"), "\"\\ufffd\"");
    check_string(STR("a\x80z"), "\"a\\ufffdz\"");
    check_string(STR("\xc3"), "\"\\ufffd\"");                       /* truncated at the end */
    check_string(STR("\xc3\x28"), "\"\\ufffd(\"");                  /* bad continuation */
    check_string(STR("\xe2\x82"), "\"\\ufffd\\ufffd\"");            /* truncated 3-byte */
    check_string(STR("\xc0\xaf"), "\"\\ufffd\\ufffd\"");            /* overlong / */
    check_string(STR("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\""); /* overlong 3-byte */
    check_string(STR("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
    check_string(STR("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
    check_string(STR("\xf5\xbf"), "\"\\ufffd\\ufffd\"");
    check_string(STR("\xc3\xa9\xa9\x00"), "\"\xc3\xa9\\ufffd\\u0000\"");
}
END_TEST

START_TEST(render_base64) {
    sgp_pq_leaf leaf = {.physical = SGP_PQ_BYTE_ARRAY, .kind = SGP_PQ_V_BINARY};
    /* RFC 4648's test vectors. */
    check_bytes(&leaf, "", 0, "\"\"");
    check_bytes(&leaf, "f", 1, "\"Zg==\"");
    check_bytes(&leaf, "fo", 2, "\"Zm8=\"");
    check_bytes(&leaf, "foo", 3, "\"Zm9v\"");
    check_bytes(&leaf, "foob", 4, "\"Zm9vYg==\"");
    check_bytes(&leaf, "fooba", 5, "\"Zm9vYmE=\"");
    check_bytes(&leaf, "foobar", 6, "\"Zm9vYmFy\"");
    check_bytes(&leaf, "\xff\xfe\xfd\x00", 4, "\"//79AA==\"");
    sgp_pq_leaf fixed = {
        .physical = SGP_PQ_FIXED_LEN_BYTE_ARRAY, .type_length = 3, .kind = SGP_PQ_V_BINARY};
    check_bytes(&fixed, "\xfb\xff\xbf", 3, "\"+/+/\"");
}
END_TEST

int main(void) {
    Suite *s = suite_create("parquet_schema");
    TCase *tc = tcase_create("schema");
    tcase_add_test(tc, list_three_level);
    tcase_add_test(tc, list_backward_compatibility_rules);
    tcase_add_test(tc, bare_repeated_fields);
    tcase_add_test(tc, maps);
    tcase_add_test(tc, leaf_kinds);
    tcase_add_test(tc, precedence_and_leaf_rule);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, nesting_limit);
    tcase_add_test(tc, model_trees);
    tcase_add_test(tc, allocation_failures);
    suite_add_tcase(s, tc);
    tc = tcase_create("render");
    tcase_add_test(tc, render_doubles);
    tcase_add_test(tc, render_floats);
    tcase_add_test(tc, render_float16);
    tcase_add_test(tc, render_decimals);
    tcase_add_test(tc, render_dates_and_times);
    tcase_add_test(tc, render_int96);
    tcase_add_test(tc, render_uuid_interval_integers);
    tcase_add_test(tc, render_strings);
    tcase_add_test(tc, render_base64);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

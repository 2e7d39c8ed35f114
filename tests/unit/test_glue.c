/* tests/unit/test_glue.c: Glue tables, CloudFormation templates, Hive type strings and DDL
 * beyond the data-driven cases: derived properties, intrinsic functions, table choice,
 * exact writer output, loss reports, YAML positions and tags. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemagate/schemagate.h>

#include "sources/yaml_json.h"

static sg_schema *load_as(const char *text, sg_format format, const char *table) {
    sg_schema *s = NULL;
    sg_error err;
    sg_load_options options = SG_LOAD_OPTIONS_INIT;
    options.table = table;
    int rc = sg_schema_load_buffer_with(&s, text, strlen(text), format, "t", &options, &err);
    if (rc != SG_OK) {
        char buf[1024];
        sg_error_format(&err, buf, sizeof buf);
        ck_abort_msg("load failed: %s", buf);
    }
    return s;
}

typedef struct loss_log {
    int count;
    char first_path[SG_ERROR_PATH_MAX];
} loss_log;

static void count_loss(void *payload, const sg_error *w) {
    loss_log *log = payload;
    if (log->count++ == 0) {
        strcpy(log->first_path, w->path);
    }
}

static const char *lazy_csv_table =
    "{\"Table\": {\"Name\": \"sales\", \"DatabaseName\": \"shop\", \"Parameters\": "
    "{\"classification\": \"csv\", \"skip.header.line.count\": \"1\"}, \"StorageDescriptor\": "
    "{\"Columns\": [{\"Name\": \"id\", \"Type\": \"bigint\"}, {\"Name\": \"amount\", \"Type\": "
    "\"decimal(10,2)\", \"Comment\": \"EUR\"}], \"Location\": \"s3://b/sales/\", \"SerdeInfo\": "
    "{\"SerializationLibrary\": \"org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe\", "
    "\"Parameters\": {\"field.delim\": \"|\", \"serialization.null.format\": \"\"}}}, "
    "\"PartitionKeys\": [{\"Name\": \"dt\", \"Type\": \"date\"}]}}";

START_TEST(glue_csv_dialect_is_derived) {
    sg_schema *s = load_as(lazy_csv_table, SG_FORMAT_GLUE, NULL);
    ck_assert_str_eq(sg_schema_property(s, "storage.format"), "csv");
    ck_assert_str_eq(sg_schema_property(s, "csv.delimiter"), "|");
    ck_assert_str_eq(sg_schema_property(s, "csv.quote"), "");
    ck_assert_str_eq(sg_schema_property(s, "csv.null"), "");
    ck_assert_str_eq(sg_schema_property(s, "csv.skip_rows"), "1");
    ck_assert_str_eq(sg_schema_property(s, "csv.match"), "position");
    ck_assert_str_eq(sg_schema_property(s, "glue.database"), "shop");
    const sg_type *root = sg_schema_root(s);
    ck_assert_uint_eq(sg_type_field_count(root), 3);
    ck_assert(sg_field_partition(sg_type_field(root, 2)));
    ck_assert(sg_field_nullable(sg_type_field(root, 0)));
    ck_assert_str_eq(sg_field_doc(sg_type_field(root, 1)), "EUR");
    sg_schema_free(s);

    /* OpenCSVSerde: its defaults, overridden by the parameters given. */
    s = load_as("{\"Name\": \"t\", \"StorageDescriptor\": {\"Columns\": [{\"Name\": \"a\", "
                "\"Type\": \"string\"}], \"SerdeInfo\": {\"SerializationLibrary\": "
                "\"org.apache.hadoop.hive.serde2.OpenCSVSerde\", \"Parameters\": "
                "{\"separatorChar\": \";\"}}}}",
                SG_FORMAT_GLUE, NULL);
    ck_assert_str_eq(sg_schema_property(s, "csv.delimiter"), ";");
    ck_assert_str_eq(sg_schema_property(s, "csv.quote"), "\"");
    ck_assert_str_eq(sg_schema_property(s, "csv.escape"), "\\");
    ck_assert_ptr_null(sg_schema_property(s, "csv.null"));
    sg_schema_free(s);
}
END_TEST

START_TEST(glue_write_is_create_table_input) {
    sg_schema *s = load_as(lazy_csv_table, SG_FORMAT_GLUE, NULL);
    char *text = NULL;
    sg_error err;
    ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_GLUE, &text, &err), SG_OK);
    ck_assert(strncmp(text,
                      "{\n  \"DatabaseName\": \"shop\",\n  \"TableInput\": {\n    \"Name\": "
                      "\"sales\"",
                      60) == 0);
    ck_assert_ptr_nonnull(strstr(text, "\"PartitionKeys\""));
    ck_assert_ptr_nonnull(strstr(text, "\"field.delim\": \"|\""));
    sg_schema *back = NULL;
    ck_assert_int_eq(sg_schema_load_buffer(&back, text, strlen(text), SG_FORMAT_AUTO, "w", &err),
                     SG_OK);
    ck_assert(sg_schema_equal(s, back, SG_CMP_DEFAULT));
    sg_schema_free(back);
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

START_TEST(losses_are_reported_once_each) {
    sg_schema *s = load_as("[\"int\", \"string\"]", SG_FORMAT_AVRO, NULL);
    /* The root is a union here: not a table. */
    char *text = NULL;
    sg_error err;
    ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_GLUE, &text, &err), SG_EUNSUPPORTED);
    sg_schema_free(s);

    s = load_as("{\"type\": \"record\", \"name\": \"R\", \"fields\": ["
                "{\"name\": \"id\", \"type\": {\"type\": \"string\", \"logicalType\": \"uuid\"}},"
                "{\"name\": \"Kind\", \"type\": {\"type\": \"enum\", \"name\": \"K\", "
                "\"symbols\": [\"A\"]}, \"default\": \"A\"}]}",
                SG_FORMAT_AVRO, NULL);
    loss_log log = {0, ""};
    sg_write_options options = SG_WRITE_OPTIONS_INIT;
    options.on_loss = count_loss;
    options.payload = &log;
    ck_assert_int_eq(sg_schema_write_with(s, SG_FORMAT_GLUE, &options, &text, &err), SG_OK);
    /* uuid, enum, the default, the lowered name Kind, and not null for both columns. */
    ck_assert_int_eq(log.count, 5);
    ck_assert_str_eq(log.first_path, "id");
    ck_assert_ptr_nonnull(strstr(text, "\"Name\": \"kind\""));
    sg_free(text);
    sg_schema_free(s);
}
END_TEST

static const char *template_text = "AWSTemplateFormatVersion: '2010-09-09'\n"
                                   "Resources:\n"
                                   "  A:\n"
                                   "    Type: AWS::Glue::Table\n"
                                   "    Properties:\n"
                                   "      DatabaseName: !Ref Db\n"
                                   "      TableInput:\n"
                                   "        Name: a\n"
                                   "        StorageDescriptor:\n"
                                   "          Location: !Sub 's3://${Bucket}/a/'\n"
                                   "          Columns:\n"
                                   "            - {Name: x, Type: int}\n"
                                   "  B:\n"
                                   "    Type: AWS::Glue::Table\n"
                                   "    Properties:\n"
                                   "      DatabaseName: db\n"
                                   "      TableInput:\n"
                                   "        Name: b\n"
                                   "        StorageDescriptor:\n"
                                   "          Columns:\n"
                                   "            - Name: y\n"
                                   "              Type: struct<p:int,q:strng>\n";

START_TEST(cfn_picks_tables_and_keeps_functions) {
    sg_schema *s = NULL;
    sg_error err;
    ck_assert_int_eq(sg_schema_load_buffer(&s, template_text, strlen(template_text), SG_FORMAT_CFN,
                                           "t.yaml", &err),
                     SG_EINVALID);
    ck_assert_ptr_nonnull(strstr(err.message, "(A, B)"));

    s = load_as(template_text, SG_FORMAT_CFN, "A");
    ck_assert_str_eq(sg_schema_property(s, "cfn.glue.database"), "{\"Ref\":\"Db\"}");
    ck_assert_str_eq(sg_schema_property(s, "cfn.glue.location"),
                     "{\"Fn::Sub\":\"s3://${Bucket}/a/\"}");
    ck_assert_str_eq(sg_schema_property(s, "cfn.logical_id"), "A");
    char *text = NULL;
    ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_CFN, &text, &err), SG_OK);
    ck_assert_ptr_nonnull(strstr(text, "DatabaseName: !Ref Db"));
    ck_assert_ptr_nonnull(strstr(text, "Location: !Sub s3://${Bucket}/a/"));
    ck_assert_ptr_nonnull(strstr(text, "AWSTemplateFormatVersion: '2010-09-09'"));
    sg_free(text);
    sg_schema_free(s);

    /* An error inside a type in YAML: the line of the scalar and the column inside it. */
    sg_load_options options = SG_LOAD_OPTIONS_INIT;
    options.table = "B";
    ck_assert_int_eq(sg_schema_load_buffer_with(&s, template_text, strlen(template_text),
                                                SG_FORMAT_CFN, "t.yaml", &options, &err),
                     SG_EINVALID);
    ck_assert_int_eq(err.line, 22);
    ck_assert_int_eq(err.column, 21 + 15);
    ck_assert_str_eq(err.path,
                     "/Resources/B/Properties/TableInput/StorageDescriptor/Columns/0/Type");
    ck_assert_str_eq(err.message, "unknown type \"strng\" (did you mean string?)");
}
END_TEST

START_TEST(yaml_tags_and_positions) {
    const char *yaml = "a: !GetAtt Res.Arn\nb:\n  - !Join ['', [x, y]]\n  - ~\nc: 'no'\n";
    sgp_yaml_positions *positions = NULL;
    sg_error err;
    json_t *doc = sgp_yaml_to_json(yaml, strlen(yaml), "y", &positions, &err);
    ck_assert_ptr_nonnull(doc);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    ck_assert_str_eq(text, "{\"a\":{\"Fn::GetAtt\":[\"Res\",\"Arn\"]},\"b\":[{\"Fn::Join\":[\"\","
                           "[\"x\",\"y\"]]},null],\"c\":\"no\"}");
    free(text);
    int line, column;
    ck_assert(sgp_yaml_position(positions, "/b/1", &line, &column));
    ck_assert_int_eq(line, 4);
    ck_assert_int_eq(column, 5);
    ck_assert(!sgp_yaml_position(positions, "/nope", &line, &column));
    char *back = sgp_json_to_yaml(doc);
    ck_assert_ptr_nonnull(strstr(back, "a: !GetAtt Res.Arn"));
    ck_assert_ptr_nonnull(strstr(back, "c: 'no'"));
    free(back);
    json_decref(doc);
    sgp_yaml_positions_free(positions);

    ck_assert_ptr_null(sgp_yaml_to_json("a: &x 1\nb: *x\n", 14, "y", NULL, &err));
    ck_assert_int_eq(err.code, SG_EUNSUPPORTED);
    ck_assert_ptr_null(sgp_yaml_to_json("a: 1\na: 2\n", 10, "y", NULL, &err));
    ck_assert_int_eq(err.line, 2);
    ck_assert_ptr_null(sgp_yaml_to_json("a: !Foo 1\n", 10, "y", NULL, &err));
    ck_assert_str_eq(err.message, "unknown YAML tag !Foo");
}
END_TEST

START_TEST(hive_and_ddl_round_trip_and_point) {
    sg_schema *s = load_as("struct<`a b`:int comment 'it''s',c:map<string,array<decimal(5)>>>",
                           SG_FORMAT_HIVE, NULL);
    const sg_type *root = sg_schema_root(s);
    ck_assert_str_eq(sg_field_name(sg_type_field(root, 0)), "a b");
    ck_assert_str_eq(sg_field_doc(sg_type_field(root, 0)), "it's");
    char *text = NULL;
    sg_error err;
    ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_HIVE, &text, &err), SG_OK);
    ck_assert_str_eq(text,
                     "struct<`a b`:int comment 'it\\'s',c:map<string,array<decimal(5,0)>>>\n");
    sg_free(text);
    ck_assert_int_eq(sg_schema_write(s, SG_FORMAT_DDL, &text, &err), SG_OK);
    ck_assert_str_eq(text, "`a b` INT COMMENT 'it\\'s',\nc MAP<STRING, ARRAY<DECIMAL(5,0)>>\n");
    sg_free(text);
    sg_schema_free(s);

    sg_schema *bad = NULL;
    const char *ddl = "a INT,\n  b MAP<STRING INT>";
    ck_assert_int_eq(sg_schema_load_buffer(&bad, ddl, strlen(ddl), SG_FORMAT_DDL, "t.ddl", &err),
                     SG_EINVALID);
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 16);
}
END_TEST

/* Column and struct field names are checked for case-insensitive repeats by hash: 20,000
 * columns load at once (the Check timeout stops a quadratic scan), and a repeat differing
 * only in case is still found. */
START_TEST(wide_tables_load_without_quadratic_checks) {
    size_t cap = 2u << 20, n;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    for (int dup = 0; dup < 2; dup++) {
        /* Glue table JSON */
        n = (size_t)snprintf(text, cap, "{\"Name\":\"t\",\"StorageDescriptor\":{\"Columns\":[");
        for (int i = 0; i < 20000; i++) {
            n += (size_t)snprintf(text + n, cap - n, "%s{\"Name\":\"c%d\",\"Type\":\"int\"}",
                                  i ? "," : "", i);
        }
        n += (size_t)snprintf(text + n, cap - n, "%s]}}",
                              dup ? ",{\"Name\":\"C7\",\"Type\":\"int\"}" : "");
        sg_schema *s = NULL;
        sg_error err;
        int rc = sg_schema_load_buffer(&s, text, n, SG_FORMAT_GLUE, "t.json", &err);
        ck_assert_int_eq(rc, dup ? SG_EINVALID : SG_OK);
        if (dup) {
            ck_assert_ptr_nonnull(strstr(err.message, "duplicate column name \"C7\""));
        } else {
            ck_assert_uint_eq(sg_type_field_count(sg_schema_root(s)), 20000);
            sg_schema_free(s);
        }
        /* DDL column list and a Hive struct */
        for (int hive = 0; hive < 2; hive++) {
            n = (size_t)snprintf(text, cap, "%s", hive ? "struct<" : "");
            for (int i = 0; i < 20000; i++) {
                n += (size_t)snprintf(text + n, cap - n, "%sc%d%sint", i ? "," : "", i,
                                      hive ? ":" : " ");
            }
            n += (size_t)snprintf(text + n, cap - n, "%s%s",
                                  dup ? (hive ? ",C7:int" : ",C7 int") : "", hive ? ">" : "");
            rc = sg_schema_load_buffer(&s, text, n, hive ? SG_FORMAT_HIVE : SG_FORMAT_DDL, "t",
                                       &err);
            ck_assert_int_eq(rc, dup ? SG_EINVALID : SG_OK);
            if (dup) {
                ck_assert_ptr_nonnull(strstr(err.message, "duplicate field name \"C7\""));
            } else {
                ck_assert_uint_eq(sg_type_field_count(sg_schema_root(s)), 20000);
                sg_schema_free(s);
            }
        }
    }
    free(text);
}
END_TEST

int main(void) {
    Suite *s = suite_create("glue");
    TCase *tc = tcase_create("glue");
    tcase_add_test(tc, glue_csv_dialect_is_derived);
    tcase_add_test(tc, glue_write_is_create_table_input);
    tcase_add_test(tc, losses_are_reported_once_each);
    tcase_add_test(tc, cfn_picks_tables_and_keeps_functions);
    tcase_add_test(tc, yaml_tags_and_positions);
    tcase_add_test(tc, hive_and_ddl_round_trip_and_point);
    tcase_add_test(tc, wide_tables_load_without_quadratic_checks);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

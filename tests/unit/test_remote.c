/* tests/unit/test_remote.c: the parts of remote access that need no server: s3:// URLs and
 * addressing, glue:// and glue-sr:// references, percent-encoding, error bodies, settings. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "remote/glue.h"
#include "remote/http.h"
#include "remote/s3.h"
#include "schemagate/schemagate.h"

START_TEST(s3_url_split) {
    sgp_s3_url url;
    sg_error err;
    ck_assert_int_eq(sgp_s3_url_parse(&url, "s3://my-bucket/a/b=1/c d.parquet", &err), SG_OK);
    ck_assert_str_eq(url.bucket, "my-bucket");
    ck_assert_str_eq(url.key, "a/b=1/c d.parquet");
    sgp_s3_url_free(&url);
    ck_assert_int_eq(sgp_s3_url_parse(&url, "s3://bucket", &err), SG_OK);
    ck_assert_str_eq(url.key, "");
    sgp_s3_url_free(&url);
}
END_TEST

START_TEST(s3_url_refused) {
    sgp_s3_url url;
    sg_error err;
    const char *bad[] = {"s3://",      "s3://ab/x", "s3://bad!name/x",
                         "http://b/x", "s3:/b/x",   "s3://" /* too long bucket below */};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(sgp_s3_url_parse(&url, bad[i], &err), SG_EUSAGE);
    }
    char long_bucket[80];
    snprintf(long_bucket, sizeof long_bucket, "s3://%0*d/x", 64, 0);
    ck_assert_int_eq(sgp_s3_url_parse(&url, long_bucket, &err), SG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "bucket name"));
}
END_TEST

static sgp_remote remote_with(const char *region, const char *endpoint) {
    sgp_remote r;
    memset(&r, 0, sizeof r);
    r.config.region = (char *)region;
    r.config.endpoint_s3 = (char *)endpoint;
    return r;
}

START_TEST(s3_addressing) {
    sg_error err;
    sgp_s3_target t;
    sgp_remote r = remote_with("eu-west-1", NULL);
    ck_assert_int_eq(sgp_s3_target_init(&t, &r, "data", "dt=1/a b+c.csv", &err), SG_OK);
    ck_assert_str_eq(t.endpoint, "https://data.s3.eu-west-1.amazonaws.com");
    ck_assert_str_eq(t.path, "/dt%3D1/a%20b%2Bc.csv");
    ck_assert_str_eq(t.label, "s3://data/dt=1/a b+c.csv");
    ck_assert_str_eq(t.region, "eu-west-1");
    sgp_s3_target_free(&t);
    /* Dots: path-style on AWS. */
    ck_assert_int_eq(sgp_s3_target_init(&t, &r, "my.data", "k", &err), SG_OK);
    ck_assert_str_eq(t.endpoint, "https://s3.eu-west-1.amazonaws.com");
    ck_assert_str_eq(t.path, "/my.data/k");
    sgp_s3_target_free(&t);
    /* A custom endpoint: path-style, trailing slash dropped; no region: us-east-1. */
    r = remote_with(NULL, "http://127.0.0.1:5000/");
    ck_assert_int_eq(sgp_s3_target_init(&t, &r, "data", "x/y", &err), SG_OK);
    ck_assert_str_eq(t.endpoint, "http://127.0.0.1:5000");
    ck_assert_str_eq(t.path, "/data/x/y");
    ck_assert_str_eq(t.region, "us-east-1");
    sgp_s3_target_free(&t);
}
END_TEST

START_TEST(glue_refs) {
    sg_error err;
    sgp_glue_table_ref t;
    ck_assert_int_eq(sgp_glue_table_ref_parse(&t, "glue://sales/orders", &err), SG_OK);
    ck_assert_str_eq(t.database, "sales");
    ck_assert_str_eq(t.table, "orders");
    ck_assert_int_eq(sgp_glue_table_ref_parse(&t, "glue://sales", &err), SG_EUSAGE);
    ck_assert_int_eq(sgp_glue_table_ref_parse(&t, "glue://sales/", &err), SG_EUSAGE);
    ck_assert_int_eq(sgp_glue_table_ref_parse(&t, "glue:///t", &err), SG_EUSAGE);
    ck_assert_int_eq(sgp_glue_table_ref_parse(&t, "glue://a/b/c", &err), SG_EUSAGE);
    sgp_glue_schema_ref s;
    ck_assert_int_eq(sgp_glue_schema_ref_parse(&s, "glue-sr://reg/order_event", &err), SG_OK);
    ck_assert_str_eq(s.registry, "reg");
    ck_assert_str_eq(s.schema, "order_event");
    ck_assert_int_eq(s.version, 0);
    ck_assert_int_eq(sgp_glue_schema_ref_parse(&s, "glue-sr://reg/order_event@12", &err), SG_OK);
    ck_assert_int_eq(s.version, 12);
    ck_assert_str_eq(s.schema, "order_event");
    ck_assert_int_eq(sgp_glue_schema_ref_parse(&s, "glue-sr://reg/e@latest", &err), SG_OK);
    ck_assert_int_eq(s.version, 0);
    ck_assert_int_eq(sgp_glue_schema_ref_parse(&s, "glue-sr://reg/e@0", &err), SG_EUSAGE);
    ck_assert_int_eq(sgp_glue_schema_ref_parse(&s, "glue-sr://reg/e@x", &err), SG_EUSAGE);
    ck_assert_int_eq(sgp_glue_schema_ref_parse(&s, "glue-sr://reg", &err), SG_EUSAGE);
}
END_TEST

START_TEST(schema_arg_keeps_remote_refs) {
    sg_format format;
    const char *path;
    sg_schema_arg_split("glue://sales/orders", &format, &path);
    ck_assert_int_eq(format, SG_FORMAT_AUTO);
    ck_assert_str_eq(path, "glue://sales/orders");
    sg_schema_arg_split("glue:table.json", &format, &path);
    ck_assert_int_eq(format, SG_FORMAT_GLUE);
    ck_assert_str_eq(path, "table.json");
    ck_assert(sg_remote_is_ref("glue-sr://r/s@1"));
    ck_assert(sg_remote_is_ref("s3://b/k"));
    ck_assert(!sg_remote_is_ref("glue:x.json"));
}
END_TEST

START_TEST(percent_encoding) {
    char *e = sgp_http_encode("a b/c=d~e_f.g-h+%", 17, true);
    ck_assert_str_eq(e, "a%20b/c%3Dd~e_f.g-h%2B%25");
    free(e);
    e = sgp_http_encode("a/b", 3, false);
    ck_assert_str_eq(e, "a%2Fb");
    free(e);
    e = sgp_http_encode("\xc3\xa9", 2, true);
    ck_assert_str_eq(e, "%C3%A9");
    free(e);
}
END_TEST

START_TEST(error_bodies) {
    char code[128], message[384];
    const char *json = "{\"__type\":\"com.amazonaws.glue#EntityNotFoundException:http://x\","
                       "\"message\":\"Table t not found.\"}";
    sgp_http_parse_error_body(json, strlen(json), code, sizeof code, message, sizeof message);
    ck_assert_str_eq(code, "EntityNotFoundException");
    ck_assert_str_eq(message, "Table t not found.");
    json = "{\"__type\":\"AccessDeniedException\",\"Message\":\"no\\nway\"}";
    sgp_http_parse_error_body(json, strlen(json), code, sizeof code, message, sizeof message);
    ck_assert_str_eq(code, "AccessDeniedException");
    ck_assert_str_eq(message, "no way"); /* control characters never reach a terminal */
    const char *xml = "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Reduce your "
                      "request rate.</Message><RequestId>R1</RequestId></Error>";
    sgp_http_parse_error_body(xml, strlen(xml), code, sizeof code, message, sizeof message);
    ck_assert_str_eq(code, "SlowDown");
    ck_assert_str_eq(message, "Reduce your request rate.");
    sgp_http_parse_error_body("<html>bad gateway", 17, code, sizeof code, message, sizeof message);
    ck_assert_str_eq(code, "");
    sgp_http_parse_error_body("{not json", 9, code, sizeof code, message, sizeof message);
    ck_assert_str_eq(code, "");
}
END_TEST

static sgp_http_response response(long status, const char *code, const char *message) {
    sgp_http_response r;
    memset(&r, 0, sizeof r);
    r.status = status;
    snprintf(r.error_code, sizeof r.error_code, "%s", code);
    snprintf(r.error_message, sizeof r.error_message, "%s", message);
    r.attempts = 1;
    return r;
}

START_TEST(s3_answers_to_codes) {
    sg_error err;
    sgp_http_response r = response(200, "", "");
    ck_assert_int_eq(sgp_s3_check(&r, "s3://b/k", &err), SG_OK);
    r = response(404, "NoSuchKey", "The specified key does not exist.");
    ck_assert_int_eq(sgp_s3_check(&r, "s3://b/k", &err), SG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "no such object"));
    ck_assert_str_eq(err.source, "s3://b/k");
    r = response(404, "NoSuchBucket", "");
    ck_assert_int_eq(sgp_s3_check(&r, "s3://b/k", &err), SG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "no such bucket"));
    r = response(403, "SignatureDoesNotMatch", "");
    ck_assert_int_eq(sgp_s3_check(&r, "s3://b/k", &err), SG_EACCESS);
    ck_assert_ptr_nonnull(strstr(err.message, "secret access key is wrong"));
    r = response(301, "PermanentRedirect", "");
    snprintf(r.bucket_region, sizeof r.bucket_region, "eu-central-1");
    ck_assert_int_eq(sgp_s3_check(&r, "s3://b/k", &err), SG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_REGION=eu-central-1"));
    r = response(503, "SlowDown", "");
    ck_assert_int_eq(sgp_s3_check(&r, "s3://b/k", &err), SG_EIO);
    r = response(412, "PreconditionFailed", "");
    ck_assert_int_eq(sgp_s3_check(&r, "s3://b/k", &err), SG_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "changed"));
}
END_TEST

START_TEST(settings_from_environment) {
    sgp_http_settings s;
    sg_error err;
    setenv("AWS_MAX_ATTEMPTS", "7", 1);
    setenv("SCHEMAGATE_READ_TIMEOUT", "2.5", 1);
    ck_assert_int_eq(sgp_http_settings_load(&s, &err), SG_OK);
    ck_assert_int_eq(s.max_attempts, 7);
    ck_assert_int_eq(s.read_timeout_ms, 2500);
    ck_assert_int_eq(s.connect_timeout_ms, 10000);
    setenv("AWS_MAX_ATTEMPTS", "0", 1);
    ck_assert_int_eq(sgp_http_settings_load(&s, &err), SG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_MAX_ATTEMPTS"));
    setenv("AWS_MAX_ATTEMPTS", "3", 1);
    setenv("SCHEMAGATE_READ_TIMEOUT", "soon", 1);
    ck_assert_int_eq(sgp_http_settings_load(&s, &err), SG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "SCHEMAGATE_READ_TIMEOUT"));
    unsetenv("SCHEMAGATE_READ_TIMEOUT");
    unsetenv("AWS_MAX_ATTEMPTS");
}
END_TEST

int main(void) {
    Suite *s = suite_create("remote");
    TCase *tc = tcase_create("offline");
    tcase_add_test(tc, s3_url_split);
    tcase_add_test(tc, s3_url_refused);
    tcase_add_test(tc, s3_addressing);
    tcase_add_test(tc, glue_refs);
    tcase_add_test(tc, schema_arg_keeps_remote_refs);
    tcase_add_test(tc, percent_encoding);
    tcase_add_test(tc, error_bodies);
    tcase_add_test(tc, s3_answers_to_codes);
    tcase_add_test(tc, settings_from_environment);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

/* tests/unit/test_remote_config.c: AWS credentials, region and endpoint resolution
 * (remote/aws_config.h) over an injected environment and credentials/config files written to a
 * temporary HOME: every precedence rule, the INI dialect and its located errors, the unsupported
 * providers, and that no error message ever carries a secret. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remote/aws_config.h"

/* Every secret and token in these tests contains one of these markers. */
static const char *const secret_markers[] = {"S3CR3T", "T0K3N"};

/* ---- An injected environment and a temporary HOME ---- */

#define ENV_MAX 32

typedef struct fixture {
    char home[64];
    const char *names[ENV_MAX];
    char *values[ENV_MAX];
    size_t count;
} fixture;

static const char *fake_getenv(void *payload, const char *name) {
    fixture *f = payload;
    for (size_t i = 0; i < f->count; i++) {
        if (strcmp(f->names[i], name) == 0) {
            return f->values[i];
        }
    }
    return NULL;
}

static void env_set(fixture *f, const char *name, const char *value) {
    for (size_t i = 0; i < f->count; i++) {
        if (strcmp(f->names[i], name) == 0) {
            free(f->values[i]);
            f->values[i] = strdup(value);
            return;
        }
    }
    ck_assert_uint_lt(f->count, ENV_MAX);
    f->names[f->count] = name;
    f->values[f->count++] = strdup(value);
}

static void setup(fixture *f) {
    memset(f, 0, sizeof *f);
    strcpy(f->home, "/tmp/sg-aws-config-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->home));
    char aws[128];
    snprintf(aws, sizeof aws, "%s/.aws", f->home);
    ck_assert_int_eq(mkdir(aws, 0700), 0);
    env_set(f, "HOME", f->home);
}

static void teardown(fixture *f) {
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->home);
    ck_assert_int_eq(system(cmd), 0);
    for (size_t i = 0; i < f->count; i++) {
        free(f->values[i]);
    }
}

/* Writes HOME/rel. */
static void put(const fixture *f, const char *rel, const char *text) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", f->home, rel);
    FILE *file = fopen(path, "wb");
    ck_assert_ptr_nonnull(file);
    fputs(text, file);
    fclose(file);
}

static void path_of(const fixture *f, const char *rel, char *out, size_t size) {
    snprintf(out, size, "%s/%s", f->home, rel);
}

static int load(fixture *f, const char *profile, sgp_aws_config *out, sg_error *err) {
    sgp_aws_config_options options = {fake_getenv, f, profile};
    sg_error_clear(err);
    return sgp_aws_config_load(out, &options, err);
}

/* A failed load: the code, an all-NULL result, and no secret in any text of the error. */
static void expect_failure(fixture *f, const char *profile, int code, sg_error *err) {
    sgp_aws_config config;
    int rc = load(f, profile, &config, err);
    ck_assert_msg(rc == code, "expected %d, got %d: %s", code, rc, err->message);
    ck_assert_int_eq(err->code, code);
    ck_assert_ptr_null(config.profile);
    ck_assert_ptr_null(config.access_key_id);
    ck_assert_ptr_null(config.secret_access_key);
    for (size_t i = 0; i < sizeof secret_markers / sizeof secret_markers[0]; i++) {
        ck_assert_msg(!strstr(err->message, secret_markers[i]), "secret in: %s", err->message);
        ck_assert_msg(!strstr(err->source, secret_markers[i]), "secret in: %s", err->source);
        ck_assert_msg(!strstr(err->path, secret_markers[i]), "secret in: %s", err->path);
    }
    ck_assert_msg(err->message[0] != '\0', "no message");
}

static void expect_ok(fixture *f, const char *profile, sgp_aws_config *config) {
    sg_error err;
    int rc = load(f, profile, config, &err);
    ck_assert_msg(rc == SG_OK, "load failed (%d): %s:%d: %s", rc, err.source, err.line,
                  err.message);
}

/* source == "profile NAME in HOME/rel" */
static void expect_profile_source(const fixture *f, const char *source, const char *name,
                                  const char *rel) {
    char path[256], want[400];
    path_of(f, rel, path, sizeof path);
    snprintf(want, sizeof want, "profile %s in %s", name, path);
    ck_assert_str_eq(source, want);
}

static const char credentials_dev[] = "[default]\n"
                                      "aws_access_key_id = AKIDDEFAULT\n"
                                      "aws_secret_access_key = S3CR3T-default\n"
                                      "[dev]\n"
                                      "aws_access_key_id = AKIDDEV\n"
                                      "aws_secret_access_key = S3CR3T-dev\n"
                                      "aws_session_token = T0K3N-dev\n";

/* ---- Credentials ---- */

START_TEST(environment_keys_win_over_aws_profile) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials", credentials_dev);
    env_set(&f, "AWS_PROFILE", "dev");
    env_set(&f, "AWS_ACCESS_KEY_ID", "AKIDENV");
    env_set(&f, "AWS_SECRET_ACCESS_KEY", "S3CR3T-env");
    env_set(&f, "AWS_SESSION_TOKEN", "T0K3N-env");
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.profile, "dev");
    ck_assert(c.profile_found);
    ck_assert_str_eq(c.access_key_id, "AKIDENV");
    ck_assert_str_eq(c.secret_access_key, "S3CR3T-env");
    ck_assert_str_eq(c.session_token, "T0K3N-env");
    ck_assert_str_eq(c.credentials_source, "environment");
    sgp_aws_config_free(&c);
    /* No token in the environment: none, even though the profile has one. */
    env_set(&f, "AWS_SESSION_TOKEN", "");
    expect_ok(&f, NULL, &c);
    ck_assert_ptr_null(c.session_token);
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(key_id_without_secret_is_a_usage_error) {
    fixture f;
    setup(&f);
    env_set(&f, "AWS_ACCESS_KEY_ID", "AKIDENV");
    sg_error err;
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_SECRET_ACCESS_KEY"));
    teardown(&f);

    setup(&f);
    env_set(&f, "AWS_SECRET_ACCESS_KEY", "S3CR3T-env");
    env_set(&f, "AWS_SESSION_TOKEN", "T0K3N-env");
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_ACCESS_KEY_ID"));
    /* An empty variable is an unset one. */
    env_set(&f, "AWS_ACCESS_KEY_ID", "");
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    teardown(&f);
}
END_TEST

START_TEST(command_line_profile_ignores_environment_keys) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials", credentials_dev);
    env_set(&f, "AWS_ACCESS_KEY_ID", "AKIDENV");
    env_set(&f, "AWS_SECRET_ACCESS_KEY", "S3CR3T-env");
    env_set(&f, "AWS_PROFILE", "default");
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.profile, "dev");
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    ck_assert_str_eq(c.session_token, "T0K3N-dev");
    expect_profile_source(&f, c.credentials_source, "dev", ".aws/credentials");
    sgp_aws_config_free(&c);
    /* Even half a key pair in the environment does not matter then. */
    env_set(&f, "AWS_SECRET_ACCESS_KEY", "");
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(default_and_named_profiles_from_the_credentials_file) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials", credentials_dev);
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.profile, "default");
    ck_assert_str_eq(c.access_key_id, "AKIDDEFAULT");
    ck_assert_str_eq(c.secret_access_key, "S3CR3T-default");
    ck_assert_ptr_null(c.session_token);
    expect_profile_source(&f, c.credentials_source, "default", ".aws/credentials");
    sgp_aws_config_free(&c);
    env_set(&f, "AWS_PROFILE", "dev");
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    ck_assert_str_eq(c.session_token, "T0K3N-dev");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(credentials_file_beats_config_file) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials",
        "[dev]\naws_access_key_id = AKIDCRED\n"
        "aws_secret_access_key = S3CR3T-cred\n");
    put(&f, ".aws/config",
        "[profile dev]\naws_access_key_id = AKIDCONF\n"
        "aws_secret_access_key = S3CR3T-conf\naws_session_token = T0K3N-conf\n"
        "[profile other]\naws_access_key_id = AKIDOTHER\n"
        "aws_secret_access_key = S3CR3T-other\n");
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.access_key_id, "AKIDCRED");
    ck_assert_str_eq(c.secret_access_key, "S3CR3T-cred");
    /* The token belongs to the config file's pair, not to the one used. */
    ck_assert_ptr_null(c.session_token);
    sgp_aws_config_free(&c);
    expect_ok(&f, "other", &c);
    ck_assert_str_eq(c.access_key_id, "AKIDOTHER");
    expect_profile_source(&f, c.credentials_source, "other", ".aws/config");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(config_file_section_names) {
    fixture f;
    setup(&f);
    /* [default] and [profile default] are both the default profile; [dev] without the
     * "profile" prefix is not a profile in the config file. */
    put(&f, ".aws/config",
        "[default]\nregion = eu-west-1\n"
        "[profile   default]\naws_access_key_id = AKIDCONF\n"
        "aws_secret_access_key = S3CR3T-conf\n"
        "[dev]\nregion = us-east-2\n");
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.access_key_id, "AKIDCONF");
    ck_assert_str_eq(c.region, "eu-west-1");
    ck_assert(c.profile_found);
    sgp_aws_config_free(&c);
    sg_error err;
    expect_failure(&f, "dev", SG_ENOTFOUND, &err);
    teardown(&f);
}
END_TEST

START_TEST(files_moved_by_environment) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials", credentials_dev);
    put(&f, "creds.ini",
        "[dev]\naws_access_key_id = AKIDMOVED\n"
        "aws_secret_access_key = S3CR3T-moved\n");
    put(&f, "conf.ini", "[profile dev]\nregion = ap-south-1\n");
    env_set(&f, "AWS_SHARED_CREDENTIALS_FILE", "~/creds.ini");
    char conf[256];
    path_of(&f, "conf.ini", conf, sizeof conf);
    env_set(&f, "AWS_CONFIG_FILE", conf);
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.access_key_id, "AKIDMOVED");
    ck_assert_str_eq(c.region, "ap-south-1");
    expect_profile_source(&f, c.credentials_source, "dev", "creds.ini");
    expect_profile_source(&f, c.region_source, "dev", "conf.ini");
    ck_assert_str_eq(c.config_file, conf);
    sgp_aws_config_free(&c);
    /* The moved credentials file has no [default]: the one in HOME is not consulted. */
    expect_ok(&f, NULL, &c);
    ck_assert_ptr_null(c.access_key_id);
    ck_assert_str_eq(c.credentials_source, "none");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(missing_named_profile_is_not_found) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials", credentials_dev);
    char creds[256], conf[256];
    path_of(&f, ".aws/credentials", creds, sizeof creds);
    path_of(&f, ".aws/config", conf, sizeof conf);
    sg_error err;
    expect_failure(&f, "prod", SG_ENOTFOUND, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "prod"));
    ck_assert_ptr_nonnull(strstr(err.message, creds));
    ck_assert_ptr_nonnull(strstr(err.message, conf));
    env_set(&f, "AWS_PROFILE", "prod");
    expect_failure(&f, NULL, SG_ENOTFOUND, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "prod"));
    /* Environment keys do not excuse a misspelt AWS_PROFILE (botocore refuses it too). */
    env_set(&f, "AWS_ACCESS_KEY_ID", "AKIDENV");
    env_set(&f, "AWS_SECRET_ACCESS_KEY", "S3CR3T-env");
    expect_failure(&f, NULL, SG_ENOTFOUND, &err);
    /* An empty --profile is a usage error. */
    expect_failure(&f, "", SG_EUSAGE, &err);
    teardown(&f);
}
END_TEST

START_TEST(implicit_default_profile_may_be_missing) {
    fixture f;
    setup(&f);
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.profile, "default");
    ck_assert(!c.profile_found);
    ck_assert_ptr_null(c.access_key_id);
    ck_assert_ptr_null(c.secret_access_key);
    ck_assert_ptr_null(c.session_token);
    ck_assert_str_eq(c.credentials_source, "none");
    ck_assert_ptr_null(c.region);
    ck_assert_ptr_null(c.region_source);
    ck_assert_ptr_null(c.endpoint_s3);
    ck_assert_ptr_null(c.endpoint_glue);
    sgp_aws_config_free(&c);
    /* Without HOME the default files are not read at all. */
    env_set(&f, "HOME", "");
    expect_ok(&f, NULL, &c);
    ck_assert_ptr_nonnull(strstr(c.credentials_file, "HOME is not set"));
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(process_environment_when_no_getenv_is_given) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials", credentials_dev);
    static const char *const clear[] = {
        "AWS_ACCESS_KEY_ID",   "AWS_SECRET_ACCESS_KEY",       "AWS_SESSION_TOKEN",
        "AWS_PROFILE",         "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
        "AWS_REGION",          "AWS_DEFAULT_REGION",          "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_GLUE",       "AWS_WEB_IDENTITY_TOKEN_FILE"};
    for (size_t i = 0; i < sizeof clear / sizeof clear[0]; i++) {
        unsetenv(clear[i]);
    }
    /* Check forks every test, so this changes only this test's process. */
    setenv("HOME", f.home, 1);
    setenv("AWS_REGION", "sa-east-1", 1);
    sgp_aws_config c;
    sg_error err;
    ck_assert_int_eq(sgp_aws_config_load(&c, NULL, &err), SG_OK);
    ck_assert_str_eq(c.access_key_id, "AKIDDEFAULT");
    ck_assert_str_eq(c.region, "sa-east-1");
    sgp_aws_config_free(&c);
    sgp_aws_config_options options = {NULL, NULL, "dev"};
    ck_assert_int_eq(sgp_aws_config_load(&c, &options, &err), SG_OK);
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    sgp_aws_config_free(&c);
    sgp_aws_config_free(&c); /* freeing twice is harmless: free clears the record */
    sgp_aws_config_free(NULL);
    teardown(&f);
}
END_TEST

/* ---- Region ---- */

START_TEST(region_precedence) {
    fixture f;
    setup(&f);
    put(&f, ".aws/config", "[default]\nregion = eu-central-1\n");
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.region, "eu-central-1");
    expect_profile_source(&f, c.region_source, "default", ".aws/config");
    sgp_aws_config_free(&c);
    env_set(&f, "AWS_DEFAULT_REGION", "us-west-1");
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.region, "us-west-1");
    ck_assert_str_eq(c.region_source, "AWS_DEFAULT_REGION");
    sgp_aws_config_free(&c);
    env_set(&f, "AWS_REGION", "us-west-2");
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.region, "us-west-2");
    ck_assert_str_eq(c.region_source, "AWS_REGION");
    sgp_aws_config_free(&c);
    /* --profile changes the profile, not the environment's region. */
    put(&f, ".aws/config", "[profile dev]\nregion = eu-north-1\n");
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.region, "us-west-2");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(region_in_credentials_file_beats_config) {
    /* botocore merges the credentials file's section over the config file's, key by key. */
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials", "[dev]\nregion = ca-central-1\n");
    put(&f, ".aws/config", "[profile dev]\nregion = eu-west-3\n");
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.region, "ca-central-1");
    expect_profile_source(&f, c.region_source, "dev", ".aws/credentials");
    ck_assert_ptr_null(c.access_key_id);
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(invalid_region_is_refused) {
    fixture f;
    setup(&f);
    env_set(&f, "AWS_REGION", "us-east-1.evil.example/");
    sg_error err;
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_REGION"));
    env_set(&f, "AWS_REGION", "");
    put(&f, ".aws/config", "[default]\n\nregion = -bad\n");
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    ck_assert_int_eq(err.line, 3);
    teardown(&f);
}
END_TEST

/* ---- Endpoints ---- */

START_TEST(endpoint_environment_precedence) {
    fixture f;
    setup(&f);
    put(&f, ".aws/config", "[default]\nendpoint_url = http://profile.example:1\n");
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.endpoint_s3, "http://profile.example:1");
    ck_assert_str_eq(c.endpoint_glue, "http://profile.example:1");
    expect_profile_source(&f, c.endpoint_s3_source, "default", ".aws/config");
    sgp_aws_config_free(&c);
    env_set(&f, "AWS_ENDPOINT_URL", "http://global.example:2");
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.endpoint_s3, "http://global.example:2");
    ck_assert_str_eq(c.endpoint_glue, "http://global.example:2");
    ck_assert_str_eq(c.endpoint_glue_source, "AWS_ENDPOINT_URL");
    sgp_aws_config_free(&c);
    env_set(&f, "AWS_ENDPOINT_URL_S3", "https://s3.example:3/base");
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.endpoint_s3, "https://s3.example:3/base");
    ck_assert_str_eq(c.endpoint_s3_source, "AWS_ENDPOINT_URL_S3");
    ck_assert_str_eq(c.endpoint_glue, "http://global.example:2");
    sgp_aws_config_free(&c);
    env_set(&f, "AWS_ENDPOINT_URL_GLUE", "HTTP://glue.example:4");
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.endpoint_glue, "HTTP://glue.example:4");
    ck_assert_str_eq(c.endpoint_glue_source, "AWS_ENDPOINT_URL_GLUE");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

static const char services_config[] = "[profile dev]\n"
                                      "endpoint_url = http://profile.example\n"
                                      "services = local\n"
                                      "\n"
                                      "[services local]\n"
                                      "s3 =\n"
                                      "  endpoint_url = http://localhost:9000\n"
                                      "\n"
                                      "  # comments and blank lines stay inside the block\n"
                                      "  addressing_style = path\n"
                                      "glue =\n"
                                      "\tendpoint_url = http://localhost:5000\n"
                                      "[services other]\n"
                                      "s3 =\n"
                                      "  endpoint_url = http://other.example\n";

START_TEST(services_section_endpoints) {
    fixture f;
    setup(&f);
    put(&f, ".aws/config", services_config);
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.endpoint_s3, "http://localhost:9000");
    ck_assert_str_eq(c.endpoint_glue, "http://localhost:5000");
    ck_assert_ptr_nonnull(strstr(c.endpoint_s3_source, "services local (s3) in "));
    sgp_aws_config_free(&c);
    /* The CLI's own tests: the global AWS_ENDPOINT_URL beats a service's configured one. */
    env_set(&f, "AWS_ENDPOINT_URL", "http://global.example");
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.endpoint_s3, "http://global.example");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(services_section_falls_back_and_redefines) {
    fixture f;
    setup(&f);
    /* No glue key in the services section: the profile's endpoint_url. A later `s3 =` replaces
     * the earlier nested block as a whole (configparser keeps only the last value). */
    put(&f, ".aws/config",
        "[profile dev]\nendpoint_url = http://profile.example\n"
        "services = local\n"
        "[services local]\ns3 =\n  endpoint_url = http://first.example\n"
        "[services local]\ns3 =\n  addressing_style = path\n");
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.endpoint_s3, "http://profile.example");
    ck_assert_str_eq(c.endpoint_glue, "http://profile.example");
    sgp_aws_config_free(&c);
    /* Naming a services section that does not exist is an error. */
    put(&f, ".aws/config", "[profile dev]\nservices = nowhere\n");
    sg_error err;
    expect_failure(&f, "dev", SG_EINVALID, &err);
    ck_assert_int_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "nowhere"));
    teardown(&f);
}
END_TEST

START_TEST(ignore_configured_endpoint_urls) {
    fixture f;
    setup(&f);
    put(&f, ".aws/config", services_config);
    env_set(&f, "AWS_ENDPOINT_URL", "http://global.example");
    env_set(&f, "AWS_ENDPOINT_URL_S3", "not a url");
    env_set(&f, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_ptr_null(c.endpoint_s3);
    ck_assert_ptr_null(c.endpoint_s3_source);
    ck_assert_ptr_null(c.endpoint_glue);
    sgp_aws_config_free(&c);
    /* "false" (or anything but true) leaves them on. */
    env_set(&f, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
    env_set(&f, "AWS_ENDPOINT_URL_S3", "");
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.endpoint_s3, "http://global.example");
    sgp_aws_config_free(&c);
    /* The profile's setting, when the environment does not say. */
    env_set(&f, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "");
    put(&f, ".aws/config",
        "[profile dev]\nendpoint_url = http://profile.example\n"
        "ignore_configured_endpoint_urls = true\n");
    expect_ok(&f, "dev", &c);
    ck_assert_ptr_null(c.endpoint_s3);
    ck_assert_ptr_null(c.endpoint_glue);
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(invalid_endpoint_url_names_its_origin) {
    fixture f;
    setup(&f);
    env_set(&f, "AWS_ENDPOINT_URL_S3", "localhost:9000");
    sg_error err;
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_ENDPOINT_URL_S3"));
    env_set(&f, "AWS_ENDPOINT_URL_S3", "http://");
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    env_set(&f, "AWS_ENDPOINT_URL_S3", "http://has space.example");
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    env_set(&f, "AWS_ENDPOINT_URL_S3", "");
    put(&f, ".aws/config", "[default]\nregion = us-east-1\nendpoint_url = ftp://files\n");
    char conf[256];
    path_of(&f, ".aws/config", conf, sizeof conf);
    expect_failure(&f, NULL, SG_EUSAGE, &err);
    ck_assert_str_eq(err.source, conf);
    ck_assert_int_eq(err.line, 3);
    ck_assert_ptr_nonnull(strstr(err.message, "profile default"));
    teardown(&f);
}
END_TEST

/* ---- The INI dialect ---- */

START_TEST(ini_comments_whitespace_case_and_line_ends) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials",
        "\xEF\xBB\xBF# a comment\r\n"
        "; another\r\n"
        "   [ dev ]   # trailing comment\r\n"
        "  AWS_Access_Key_ID   =   AKIDDEV  \r\n"
        "\taws_secret_access_key: S3CR3T-with#hash;semi = and equals\r"
        "aws_session_token=\r\n"
        "[dev]\n"
        "aws_session_token = T0K3N-later\n");
    sgp_aws_config c;
    expect_ok(&f, "dev", &c);
    ck_assert_str_eq(c.access_key_id, "AKIDDEV");
    /* No inline comments (as configparser): '#', ';' and '=' belong to the value. */
    ck_assert_str_eq(c.secret_access_key, "S3CR3T-with#hash;semi = and equals");
    /* A repeated section merges into the first; the later key wins. */
    ck_assert_str_eq(c.session_token, "T0K3N-later");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(ini_malformed_line_is_located_without_its_text) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials",
        "[default]\n"
        "aws_access_key_id = AKIDDEFAULT\n"
        "\n"
        "S3CR3T-pasted-without-a-key\n");
    char creds[256];
    path_of(&f, ".aws/credentials", creds, sizeof creds);
    sg_error err;
    expect_failure(&f, NULL, SG_EPARSE, &err);
    ck_assert_str_eq(err.source, creds);
    ck_assert_int_eq(err.line, 4);
    put(&f, ".aws/credentials", "");

    /* Each kind of bad line, with its line number. */
    static const struct {
        const char *text;
        int line;
    } bad[] = {
        {"region = x\n", 1},                                    /* before any section */
        {"[default\nregion = x\n", 1},                          /* unclosed header */
        {"[default] S3CR3T\n", 1},                              /* text after header */
        {"[]\n", 1},                                            /* empty name */
        {"[default]\n= S3CR3T\n", 2},                           /* no key */
        {"[default]\nregion = x\n  S3CR3T = y\n", 3},           /* value already set */
        {"[services s]\ns3 =\n  S3CR3T\n", 3},                  /* nested without '=' */
        {"[services s]\ns3 =\n  = S3CR3T\n", 3},                /* nested without key */
        {"[default]\r\nregion = x\r\nkey = S3CR3T\xff\r\n", 3}, /* not UTF-8 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        put(&f, ".aws/config", bad[i].text);
        expect_failure(&f, NULL, SG_EPARSE, &err);
        ck_assert_msg(err.line == bad[i].line, "case %zu: line %d", i, err.line);
    }
    /* A NUL byte. */
    char path[256];
    path_of(&f, ".aws/config", path, sizeof path);
    FILE *file = fopen(path, "wb");
    fwrite("[default]\nkey = S3CR3T\0x\n", 1, 25, file);
    fclose(file);
    expect_failure(&f, NULL, SG_EPARSE, &err);
    ck_assert_int_eq(err.line, 2);
    teardown(&f);
}
END_TEST

START_TEST(ini_unreadable_and_oversized_files) {
    fixture f;
    setup(&f);
    char dir[256];
    path_of(&f, "a-directory", dir, sizeof dir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    env_set(&f, "AWS_CONFIG_FILE", dir);
    sg_error err;
    expect_failure(&f, NULL, SG_EIO, &err);
    ck_assert_str_eq(err.source, dir);

    /* A path through a regular file does not exist: fine. */
    put(&f, "plain", "");
    char through[300];
    path_of(&f, "plain/config", through, sizeof through);
    env_set(&f, "AWS_CONFIG_FILE", through);
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    sgp_aws_config_free(&c);

    /* Just over 1 MiB of valid lines. */
    char big[256];
    path_of(&f, "big", big, sizeof big);
    FILE *file = fopen(big, "wb");
    fputs("[default]\n", file);
    for (size_t written = 10; written <= SGP_AWS_CONFIG_FILE_MAX; written += 32) {
        fputs("# padding padding padding paddi\n", file);
    }
    fclose(file);
    env_set(&f, "AWS_CONFIG_FILE", big);
    expect_failure(&f, NULL, SG_ELIMIT, &err);
    ck_assert_str_eq(err.source, big);
    teardown(&f);
}
END_TEST

/* ---- Unsupported providers and partial keys ---- */

START_TEST(role_arn_is_unsupported) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials",
        "[ci]\naws_access_key_id = AKIDCI\n"
        "aws_secret_access_key = S3CR3T-ci\n");
    put(&f, ".aws/config",
        "[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/ci\n"
        "source_profile = base\n");
    char conf[256];
    path_of(&f, ".aws/config", conf, sizeof conf);
    sg_error err;
    expect_failure(&f, "ci", SG_EUNSUPPORTED, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "role_arn"));
    ck_assert_ptr_nonnull(strstr(err.message, "ci"));
    ck_assert_str_eq(err.source, conf);
    ck_assert_int_eq(err.line, 2);
    /* Environment keys come before assume-role in the chain. */
    env_set(&f, "AWS_PROFILE", "ci");
    env_set(&f, "AWS_ACCESS_KEY_ID", "AKIDENV");
    env_set(&f, "AWS_SECRET_ACCESS_KEY", "S3CR3T-env");
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.credentials_source, "environment");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

START_TEST(sso_web_identity_and_process_are_unsupported) {
    fixture f;
    setup(&f);
    sg_error err;
    put(&f, ".aws/config",
        "[profile sso]\nsso_session = corp\nsso_account_id = 1\n"
        "[profile proc]\ncredential_process = /bin/creds S3CR3T\n"
        "[profile both]\ncredential_process = /bin/creds\n");
    put(&f, ".aws/credentials",
        "[sso]\naws_access_key_id = AKIDSSO\n"
        "aws_secret_access_key = S3CR3T-sso\n"
        "[both]\naws_access_key_id = AKIDBOTH\n"
        "aws_secret_access_key = S3CR3T-both\n");
    expect_failure(&f, "sso", SG_EUNSUPPORTED, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "sso_session"));
    expect_failure(&f, "proc", SG_EUNSUPPORTED, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "credential_process"));
    /* The credentials file's keys come before credential_process in the chain. */
    sgp_aws_config c;
    expect_ok(&f, "both", &c);
    ck_assert_str_eq(c.access_key_id, "AKIDBOTH");
    sgp_aws_config_free(&c);
    /* Web identity from the environment comes before the shared files. */
    env_set(&f, "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token");
    env_set(&f, "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pod");
    expect_failure(&f, "both", SG_EUNSUPPORTED, &err);
    ck_assert_ptr_nonnull(strstr(err.message, "AWS_WEB_IDENTITY_TOKEN_FILE"));
    teardown(&f);
}
END_TEST

START_TEST(partial_keys_in_a_file_are_invalid) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials",
        "[default]\nregion = us-east-1\n"
        "aws_secret_access_key = S3CR3T-alone\n");
    char creds[256];
    path_of(&f, ".aws/credentials", creds, sizeof creds);
    sg_error err;
    expect_failure(&f, NULL, SG_EINVALID, &err);
    ck_assert_str_eq(err.source, creds);
    ck_assert_int_eq(err.line, 3);
    ck_assert_ptr_nonnull(strstr(err.message, "aws_access_key_id"));
    put(&f, ".aws/credentials", "[default]\naws_access_key_id = AKID\n");
    expect_failure(&f, NULL, SG_EINVALID, &err);
    ck_assert_int_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "aws_secret_access_key"));
    teardown(&f);
}
END_TEST

START_TEST(legacy_security_token_name) {
    fixture f;
    setup(&f);
    put(&f, ".aws/credentials",
        "[default]\naws_access_key_id = AKID\n"
        "aws_secret_access_key = S3CR3T-x\n"
        "aws_security_token = T0K3N-legacy\n");
    sgp_aws_config c;
    expect_ok(&f, NULL, &c);
    ck_assert_str_eq(c.session_token, "T0K3N-legacy");
    sgp_aws_config_free(&c);
    teardown(&f);
}
END_TEST

int main(void) {
    Suite *s = suite_create("remote_config");
    TCase *tc = tcase_create("aws_config");
    tcase_add_test(tc, environment_keys_win_over_aws_profile);
    tcase_add_test(tc, key_id_without_secret_is_a_usage_error);
    tcase_add_test(tc, command_line_profile_ignores_environment_keys);
    tcase_add_test(tc, default_and_named_profiles_from_the_credentials_file);
    tcase_add_test(tc, credentials_file_beats_config_file);
    tcase_add_test(tc, config_file_section_names);
    tcase_add_test(tc, files_moved_by_environment);
    tcase_add_test(tc, missing_named_profile_is_not_found);
    tcase_add_test(tc, implicit_default_profile_may_be_missing);
    tcase_add_test(tc, process_environment_when_no_getenv_is_given);
    tcase_add_test(tc, region_precedence);
    tcase_add_test(tc, region_in_credentials_file_beats_config);
    tcase_add_test(tc, invalid_region_is_refused);
    tcase_add_test(tc, endpoint_environment_precedence);
    tcase_add_test(tc, services_section_endpoints);
    tcase_add_test(tc, services_section_falls_back_and_redefines);
    tcase_add_test(tc, ignore_configured_endpoint_urls);
    tcase_add_test(tc, invalid_endpoint_url_names_its_origin);
    tcase_add_test(tc, ini_comments_whitespace_case_and_line_ends);
    tcase_add_test(tc, ini_malformed_line_is_located_without_its_text);
    tcase_add_test(tc, ini_unreadable_and_oversized_files);
    tcase_add_test(tc, role_arn_is_unsupported);
    tcase_add_test(tc, sso_web_identity_and_process_are_unsupported);
    tcase_add_test(tc, partial_keys_in_a_file_are_invalid);
    tcase_add_test(tc, legacy_security_token_name);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

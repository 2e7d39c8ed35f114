/*
 * remote/aws_config.h: where the AWS credentials, region and endpoint URLs come from, resolved the
 * way the AWS CLI v2 and the SDKs do it: the environment, then the shared credentials and config
 * files (~/.aws/credentials, ~/.aws/config). Owns the small INI reader for those two files. No
 * network, no signing (remote/sigv4.h signs).
 *
 * Credentials, in order (the CLI's provider chain, cut down):
 *  1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), unless --profile is given.
 *     Either one without the other is SG_EUSAGE.
 *  2. The profile (--profile, else AWS_PROFILE, else "default"): aws_access_key_id,
 *     aws_secret_access_key and aws_session_token from its [name] section of the credentials file,
 *     else from its [profile name] (or [default]) section of the config file.
 * Everything else in the profile is one view of both files, the credentials file winning key by
 * key, as botocore merges them (so a region in the credentials file beats the config file's).
 *
 * Region: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.
 * Endpoints, per service (the CLI's own configured-endpoint tests fix this order):
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_GLUE, AWS_ENDPOINT_URL, the `s3` / `glue` sub-key
 * endpoint_url of the [services NAME] section the profile names with `services = NAME`, then the
 * profile's endpoint_url. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (else the profile's
 * ignore_configured_endpoint_urls=true) turns all of them off.
 *
 * Not supported: credential_process, IAM Identity Center (SSO), assume-role (role_arn,
 * source_profile) and web identity, container credentials and EC2 instance metadata. A profile
 * that would use one of the first four before its static keys is SG_EUNSUPPORTED rather than
 * silently resolved to other keys; the last two are simply never consulted (the result has no
 * credentials and the caller decides).
 *
 * Files: a missing file is an empty one; one that exists but cannot be read is SG_EIO; more than
 * 1 MiB is SG_ELIMIT; a malformed line is SG_EPARSE located by file and line. Error messages never
 * quote file lines or credential values. Empty environment variables count as unset.
 */
#ifndef SG_REMOTE_AWS_CONFIG_H
#define SG_REMOTE_AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "schemagate/common.h"

/* Largest credentials or config file read. */
#define SGP_AWS_CONFIG_FILE_MAX ((size_t)1 << 20)

/* Returns the variable's value, NULL when unset. */
typedef const char *(*sgp_getenv_fn)(void *payload, const char *name);

typedef struct sgp_aws_config_options {
    sgp_getenv_fn getenv; /* NULL: the process environment (getenv) */
    void *payload;
    const char *profile; /* --profile from the command line; NULL: none */
} sgp_aws_config_options;

typedef struct sgp_aws_config {
    char *profile;            /* profile used ("default" unless AWS_PROFILE/--profile) */
    bool profile_found;       /* the profile has a section in either file */
    char *access_key_id;      /* NULL when no credentials were found */
    char *secret_access_key;  /* NULL when no credentials were found */
    char *session_token;      /* NULL if none */
    char *credentials_source; /* "environment", "profile NAME in PATH", "none"; never a secret */
    char *region;             /* NULL if none found */
    char *region_source;      /* "AWS_REGION", "profile NAME in PATH", ...; NULL with no region */
    char *endpoint_s3;        /* full URL; NULL: the AWS default endpoint */
    char *endpoint_s3_source; /* "AWS_ENDPOINT_URL_S3", "services NAME in PATH", ... */
    char *endpoint_glue;
    char *endpoint_glue_source;
    char *credentials_file; /* the paths consulted (whether or not they exist) */
    char *config_file;
} sgp_aws_config;

/*
 * Resolves everything at once. On success every field is set as documented above (free with
 * sgp_aws_config_free); on failure *out is all NULL and err says why: SG_EUSAGE (half a key pair
 * in the environment, an empty --profile, a malformed endpoint URL or region, naming where it
 * came from), SG_ENOTFOUND (an explicitly named profile in neither file), SG_EUNSUPPORTED,
 * SG_EINVALID (half a key pair in a file, a missing services section), SG_EPARSE, SG_EIO,
 * SG_ELIMIT, SG_ENOMEM.
 */
int sgp_aws_config_load(sgp_aws_config *out, const sgp_aws_config_options *options, sg_error *err);

/* Wipes the secret and the token before freeing every field; NULL is allowed. */
void sgp_aws_config_free(sgp_aws_config *config);

#endif

/*
 * remote/remote.c: the process-wide remote context (see remote.h): options set by the program,
 * the lazy one-time load of the AWS configuration and transfer settings, and cleanup.
 */
#define _GNU_SOURCE /* MADV_DONTDUMP, explicit_bzero */
#include "remote/remote.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/strmap.h"
#include "util/util.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sgp_remote context;
static bool loaded;
static int load_rc;
static sg_error load_error;
static char *option_profile;
static FILE *option_log;
/* The secret key and session token live in a page kept out of core dumps (and out of swap
 * where mlock is allowed) for as long as requests are signed with them. */
static char *secret_page;
static size_t secret_page_size;

/* Moves the secret and the token into the protected page; the heap copies are wiped. */
static void protect_secrets(sgp_aws_config *config) {
    size_t secret = config->secret_access_key ? strlen(config->secret_access_key) + 1 : 0;
    size_t token = config->session_token ? strlen(config->session_token) + 1 : 0;
    if (secret + token == 0) {
        return;
    }
    size_t page = 4096;
    size_t size = (secret + token + page - 1) / page * page;
    void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        return; /* the heap copies stay; they are wiped at cleanup */
    }
    (void)madvise(mem, size, MADV_DONTDUMP);
    (void)mlock(mem, size);
    char *p = mem;
    if (secret) {
        memcpy(p, config->secret_access_key, secret);
        explicit_bzero(config->secret_access_key, secret);
        free(config->secret_access_key);
        config->secret_access_key = p;
        p += secret;
    }
    if (token) {
        memcpy(p, config->session_token, token);
        explicit_bzero(config->session_token, token);
        free(config->session_token);
        config->session_token = p;
    }
    secret_page = mem;
    secret_page_size = size;
}

static void release_secrets(sgp_aws_config *config) {
    if (secret_page == NULL) {
        return;
    }
    explicit_bzero(secret_page, secret_page_size);
    munlock(secret_page, secret_page_size);
    munmap(secret_page, secret_page_size);
    secret_page = NULL;
    secret_page_size = 0;
    config->secret_access_key = NULL; /* not heap memory: keep sgp_aws_config_free off it */
    config->session_token = NULL;
}

/* Objects seen in listings (sgp_remote_remember). */
typedef struct remembered {
    char *url;
    char *etag;
    uint64_t size;
} remembered;

static sgp_strmap remembered_index;
static remembered *remembered_objects;
static size_t remembered_count, remembered_cap;

void sgp_remote_remember(const char *url, uint64_t size, const char *etag) {
    if (url == NULL || etag == NULL || *etag == '\0' || strlen(etag) >= 256) {
        return;
    }
    pthread_mutex_lock(&lock);
    size_t existing;
    if (remembered_count < SGP_REMOTE_REMEMBERED &&
        !sgp_strmap_get(&remembered_index, url, &existing) &&
        sgp_reserve((void **)&remembered_objects, &remembered_cap, remembered_count + 1,
                    sizeof *remembered_objects)) {
        remembered *r = &remembered_objects[remembered_count];
        r->url = sgp_strdup(url);
        r->etag = sgp_strdup(etag);
        r->size = size;
        if (r->url && r->etag &&
            sgp_strmap_add(&remembered_index, r->url, remembered_count, NULL) == SG_OK) {
            remembered_count++;
        } else {
            free(r->url);
            free(r->etag);
        }
    }
    pthread_mutex_unlock(&lock);
}

bool sgp_remote_recall(const char *url, uint64_t *size, char etag[256]) {
    pthread_mutex_lock(&lock);
    size_t i;
    bool found = sgp_strmap_get(&remembered_index, url, &i);
    if (found) {
        *size = remembered_objects[i].size;
        snprintf(etag, 256, "%s", remembered_objects[i].etag);
    }
    pthread_mutex_unlock(&lock);
    return found;
}

static void forget_all(void) {
    for (size_t i = 0; i < remembered_count; i++) {
        free(remembered_objects[i].url);
        free(remembered_objects[i].etag);
    }
    free(remembered_objects);
    remembered_objects = NULL;
    remembered_count = remembered_cap = 0;
    sgp_strmap_free(&remembered_index);
}

int sg_remote_configure(const sg_remote_options *options, sg_error *err) {
    if (options == NULL || options->version != SG_REMOTE_OPTIONS_VERSION) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                         "sg_remote_configure: NULL or outdated options");
    }
    pthread_mutex_lock(&lock);
    int rc = SG_OK;
    if (loaded) {
        rc = sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0,
                       "sg_remote_configure: called after the first remote call");
    } else {
        free(option_profile);
        option_profile = options->profile ? sgp_strdup(options->profile) : NULL;
        option_log = options->log;
        if (options->profile && option_profile == NULL) {
            rc = sgp_error_nomem(err);
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

bool sg_remote_is_ref(const char *ref) {
    return ref != NULL && (strncmp(ref, "s3://", 5) == 0 || strncmp(ref, "glue://", 7) == 0 ||
                           strncmp(ref, "glue-sr://", 10) == 0);
}

void sg_remote_cleanup(void) {
    pthread_mutex_lock(&lock);
    if (loaded) {
        release_secrets(&context.config);
        sgp_aws_config_free(&context.config);
        memset(&context, 0, sizeof context);
    }
    loaded = false;
    load_rc = SG_OK;
    forget_all();
    free(option_profile);
    option_profile = NULL;
    option_log = NULL;
    pthread_mutex_unlock(&lock);
}

int sgp_remote_get(const sgp_remote **out, sg_error *err) {
    pthread_mutex_lock(&lock);
    if (!loaded) {
        memset(&context, 0, sizeof context);
        sg_error_clear(&load_error);
        sgp_aws_config_options options;
        memset(&options, 0, sizeof options);
        options.profile = option_profile;
        load_rc = sgp_aws_config_load(&context.config, &options, &load_error);
        if (load_rc == SG_OK) {
            protect_secrets(&context.config);
            load_rc = sgp_http_settings_load(&context.settings, &load_error);
        }
        context.settings.log = option_log;
        context.signer.access_key_id = context.config.access_key_id;
        context.signer.secret_access_key = context.config.secret_access_key;
        context.signer.session_token = context.config.session_token;
        loaded = true;
    }
    int rc = load_rc;
    if (rc != SG_OK && err) {
        *err = load_error;
    }
    pthread_mutex_unlock(&lock);
    *out = rc == SG_OK ? &context : NULL;
    return rc;
}

int sgp_remote_http(sgp_http **out, const sgp_remote **remote, sg_error *err) {
    *out = NULL;
    int rc = sgp_remote_get(remote, err);
    if (rc != SG_OK) {
        return rc;
    }
    return sgp_http_new(out, &(*remote)->settings, &(*remote)->signer, err);
}

int sgp_remote_require_credentials(const sgp_remote *remote, const char *ref, sg_error *err) {
    if (remote->config.access_key_id && remote->config.secret_access_key) {
        return SG_OK;
    }
    return sgp_error(err, SG_EACCESS, ref, NULL, 0, 0,
                     "no AWS credentials found (profile '%s'): set AWS_ACCESS_KEY_ID and "
                     "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials",
                     remote->config.profile ? remote->config.profile : "default");
}

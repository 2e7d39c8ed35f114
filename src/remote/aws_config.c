/*
 * remote/aws_config.c: AWS credentials, region and endpoint resolution (see aws_config.h). Owns
 * the reader for the shared credentials and config files: an INI dialect as botocore reads it
 * with Python's configparser (keys folded to lowercase, `=` or `:` between key and value, no
 * inline comments, indented lines continuing the key above as nested `subkey = value` settings).
 * Both files hold secrets, so every buffer that held their bytes is wiped before it is freed and
 * no error message quotes a line.
 */
#define _DEFAULT_SOURCE /* explicit_bzero; must precede every system header */

#include "remote/aws_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

/* ---- INI files -------------------------------------------------------------------------- */

typedef struct sgp_ini_entry {
    const char *section;
    const char *key;    /* NULL on the entry a [section] header makes, so empty sections exist */
    const char *subkey; /* a nested setting under key, else NULL */
    const char *value;
    int line;
} sgp_ini_entry;

/* One parsed file. Every string points into data, which is edited in place (NULs written). */
typedef struct sgp_ini {
    const char *path;
    bool present;
    char *data;
    size_t size; /* bytes allocated at data: all of them are wiped */
    size_t length;
    sgp_ini_entry *entries;
    size_t count;
    size_t cap;
} sgp_ini;

typedef enum sgp_ini_kind {
    SGP_INI_CREDENTIALS, /* [name] */
    SGP_INI_CONFIG,      /* [profile name], and [default] */
    SGP_INI_SERVICES,    /* [services name] in the config file */
} sgp_ini_kind;

static void sgp_aws_wipe_free(char *p, size_t size) {
    if (p) {
        explicit_bzero(p, size);
        free(p);
    }
}

static void sgp_aws_wipe_string(char *s) {
    if (s) {
        sgp_aws_wipe_free(s, strlen(s));
    }
}

static void sgp_ini_free(sgp_ini *ini) {
    sgp_aws_wipe_free(ini->data, ini->size);
    ini->data = NULL;
    free(ini->entries);
    ini->entries = NULL;
}

static bool sgp_ini_space(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static ssize_t sgp_aws_read_some(int fd, char *buf, size_t n) {
    for (;;) {
        ssize_t got = read(fd, buf, n);
        if (got >= 0 || errno != EINTR) {
            return got;
        }
    }
}

/*
 * Reads ini->path into ini->data. A path that does not exist leaves ini->present false; anything
 * else that cannot be read is SG_EIO. Growth copies by hand so that no freed block keeps secrets.
 */
static int sgp_ini_read(sgp_ini *ini, sg_error *err) {
    int fd = open(ini->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return SG_OK;
        }
        return sgp_error(err, SG_EIO, ini->path, NULL, 0, 0, "cannot open: %s", strerror(errno));
    }
    const size_t limit = SGP_AWS_CONFIG_FILE_MAX;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return sgp_error(err, SG_EIO, ini->path, NULL, 0, 0, "cannot read: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return sgp_error(err, SG_EIO, ini->path, NULL, 0, 0, "cannot read: it is a directory");
    }
    /* Regular files start at their size; pipes and devices grow from a page. */
    size_t start = 4096;
    if (S_ISREG(st.st_mode)) {
        if (st.st_size < 0 || (uintmax_t)st.st_size > limit) {
            close(fd);
            return sgp_error(err, SG_ELIMIT, ini->path, NULL, 0, 0,
                             "the file is larger than the limit of %zu bytes", limit);
        }
        start = (size_t)st.st_size;
    }
    size_t cap = start + 1;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return sgp_error_nomem(err);
    }
    size_t used = 0;
    int rc = SG_OK;
    for (;;) {
        if (used + 1 == cap) {
            /* Full: one more byte says whether the file ends here (it may have grown). */
            char probe;
            ssize_t got = sgp_aws_read_some(fd, &probe, 1);
            if (got < 0) {
                rc = sgp_error(err, SG_EIO, ini->path, NULL, 0, 0, "cannot read: %s",
                               strerror(errno));
            } else if (got > 0 && used >= limit) {
                rc = sgp_error(err, SG_ELIMIT, ini->path, NULL, 0, 0,
                               "the file is larger than the limit of %zu bytes", limit);
            } else if (got > 0) {
                size_t grown = used * 2 > 4096 ? used * 2 : 4096;
                grown = grown < limit ? grown : limit;
                char *bigger = malloc(grown + 1);
                if (!bigger) {
                    rc = sgp_error_nomem(err);
                } else {
                    memcpy(bigger, buf, used);
                    sgp_aws_wipe_free(buf, cap);
                    buf = bigger;
                    cap = grown + 1;
                    buf[used++] = probe;
                }
            }
            explicit_bzero(&probe, sizeof probe);
            if (rc != SG_OK || got <= 0) {
                break;
            }
            continue;
        }
        ssize_t got = sgp_aws_read_some(fd, buf + used, cap - 1 - used);
        if (got < 0) {
            rc = sgp_error(err, SG_EIO, ini->path, NULL, 0, 0, "cannot read: %s", strerror(errno));
            break;
        }
        if (got == 0) {
            break;
        }
        used += (size_t)got;
    }
    close(fd);
    if (rc != SG_OK) {
        sgp_aws_wipe_free(buf, cap);
        return rc;
    }
    buf[used] = '\0';
    ini->data = buf;
    ini->size = cap;
    ini->length = used;
    ini->present = true;
    return SG_OK;
}

static char *sgp_ini_trim(char *s) {
    while (sgp_ini_space(*s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && sgp_ini_space(s[n - 1])) {
        s[--n] = '\0';
    }
    return s;
}

static int sgp_ini_add(sgp_ini *ini, const char *section, const char *key, const char *subkey,
                       const char *value, int line, sg_error *err) {
    if (!sgp_reserve((void **)&ini->entries, &ini->cap, ini->count + 1, sizeof *ini->entries)) {
        return sgp_error_nomem(err);
    }
    ini->entries[ini->count++] = (sgp_ini_entry){section, key, subkey, value, line};
    return SG_OK;
}

/* A malformed line: located, and never quoted (it may hold a secret). */
static int sgp_ini_bad(const sgp_ini *ini, int line, sg_error *err, const char *what) {
    return sgp_error(err, SG_EPARSE, ini->path, NULL, line, 0, "%s", what);
}

/* State carried from line to line. */
typedef struct sgp_ini_state {
    const char *section;
    const char *key; /* the last top-level key of the section: indented lines nest under it */
    size_t key_indent;
    bool key_has_value;
} sgp_ini_state;

static int sgp_ini_line(sgp_ini *ini, sgp_ini_state *st, char *p, int line, sg_error *err) {
    size_t indent = 0;
    while (sgp_ini_space(p[indent])) {
        indent++;
    }
    char *text = sgp_ini_trim(p + indent);
    if (*text == '\0' || *text == '#' || *text == ';') {
        return SG_OK; /* blank lines do not end a nested block; comments may sit inside one */
    }
    if (st->section && st->key && indent > st->key_indent) {
        /* configparser makes this a continuation of the key above; botocore reads the lines of
         * a value that starts empty as `subkey = value` settings and rejects anything else. */
        if (st->key_has_value) {
            return sgp_ini_bad(ini, line, err,
                               "an indented line continues a setting that already has a value "
                               "(nested settings follow a key with an empty value)");
        }
        char *eq = strchr(text, '=');
        if (!eq) {
            return sgp_ini_bad(ini, line, err, "expected an indented nested 'key = value'");
        }
        *eq = '\0';
        char *subkey = sgp_ini_trim(text);
        if (*subkey == '\0') {
            return sgp_ini_bad(ini, line, err, "a nested setting without a name");
        }
        return sgp_ini_add(ini, st->section, st->key, subkey, sgp_ini_trim(eq + 1), line, err);
    }
    if (*text == '[') {
        char *close = strchr(text, ']');
        if (!close) {
            return sgp_ini_bad(ini, line, err, "a section header without its closing ']'");
        }
        const char *after = close + 1;
        while (sgp_ini_space(*after)) {
            after++;
        }
        if (*after != '\0' && *after != '#' && *after != ';') {
            return sgp_ini_bad(ini, line, err, "text after a section header");
        }
        *close = '\0';
        char *name = sgp_ini_trim(text + 1);
        if (*name == '\0') {
            return sgp_ini_bad(ini, line, err, "a section header without a name");
        }
        st->section = name;
        st->key = NULL;
        return sgp_ini_add(ini, name, NULL, NULL, NULL, line, err);
    }
    if (!st->section) {
        return sgp_ini_bad(ini, line, err, "a setting before the first [section] header");
    }
    char *delim = text + strcspn(text, "=:");
    if (*delim == '\0') {
        return sgp_ini_bad(ini, line, err,
                           "expected 'key = value', a [section] header or a # comment");
    }
    *delim = '\0';
    char *key = sgp_ini_trim(text);
    if (*key == '\0') {
        return sgp_ini_bad(ini, line, err, "a setting without a name before '='");
    }
    for (char *c = key; *c; c++) {
        if (*c >= 'A' && *c <= 'Z') {
            *c = (char)(*c - 'A' + 'a');
        }
    }
    char *value = sgp_ini_trim(delim + 1);
    st->key = key;
    st->key_indent = indent;
    st->key_has_value = *value != '\0';
    return sgp_ini_add(ini, st->section, key, NULL, value, line, err);
}

static int sgp_ini_parse(sgp_ini *ini, sg_error *err) {
    char *p = ini->data;
    char *end = p + ini->length;
    if (ini->length >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3; /* a UTF-8 byte order mark, as some Windows editors write */
    }
    sgp_ini_state st = {NULL, NULL, 0, false};
    int line = 0;
    while (p < end) {
        line++;
        char *eol = p;
        while (eol < end && *eol != '\n' && *eol != '\r') {
            eol++;
        }
        /* "\n", "\r\n" and "\r" all end a line (Python's universal newlines). */
        char *next = eol;
        if (next < end) {
            next += (*next == '\r' && next + 1 < end && next[1] == '\n') ? 2 : 1;
        }
        size_t n = (size_t)(eol - p);
        if (memchr(p, '\0', n)) {
            return sgp_ini_bad(ini, line, err, "a NUL byte (this is not a text file)");
        }
        if (!sgp_utf8_valid(p, n)) {
            return sgp_ini_bad(ini, line, err, "the line is not valid UTF-8");
        }
        *eol = '\0'; /* at end this is the terminator sgp_ini_read wrote */
        int rc = sgp_ini_line(ini, &st, p, line, err);
        if (rc != SG_OK) {
            return rc;
        }
        p = next;
    }
    return SG_OK;
}

static bool sgp_ini_section_is(const char *section, sgp_ini_kind kind, const char *name) {
    if (kind == SGP_INI_CREDENTIALS) {
        return strcmp(section, name) == 0;
    }
    if (kind == SGP_INI_CONFIG && strcmp(section, "default") == 0) {
        return strcmp(name, "default") == 0;
    }
    const char *prefix = kind == SGP_INI_SERVICES ? "services" : "profile";
    size_t n = strlen(prefix);
    if (strncmp(section, prefix, n) != 0 || !sgp_ini_space(section[n])) {
        return false;
    }
    const char *rest = section + n;
    while (sgp_ini_space(*rest)) {
        rest++;
    }
    return strcmp(rest, name) == 0;
}

static bool sgp_ini_has_section(const sgp_ini *ini, sgp_ini_kind kind, const char *name) {
    for (size_t i = 0; i < ini->count; i++) {
        if (!ini->entries[i].key && sgp_ini_section_is(ini->entries[i].section, kind, name)) {
            return true;
        }
    }
    return false;
}

/*
 * The last setting key (or key's nested subkey) of the named section; repeated sections merge
 * and the later value wins. A nested subkey counts only under the key's last definition.
 */
static const sgp_ini_entry *sgp_ini_get(const sgp_ini *ini, sgp_ini_kind kind, const char *name,
                                        const char *key, const char *subkey) {
    size_t parent = ini->count;
    for (size_t i = ini->count; i-- > 0;) {
        const sgp_ini_entry *e = &ini->entries[i];
        if (e->key && !e->subkey && strcmp(e->key, key) == 0 &&
            sgp_ini_section_is(e->section, kind, name)) {
            parent = i;
            break;
        }
    }
    if (parent == ini->count) {
        return NULL;
    }
    if (!subkey) {
        return &ini->entries[parent];
    }
    for (size_t i = ini->count; i-- > parent + 1;) {
        const sgp_ini_entry *e = &ini->entries[i];
        if (e->subkey && strcmp(e->subkey, subkey) == 0 && strcmp(e->key, key) == 0 &&
            sgp_ini_section_is(e->section, kind, name)) {
            return e;
        }
    }
    return NULL;
}

/* ---- Resolution ------------------------------------------------------------------------- */

typedef struct sgp_aws_ctx {
    sgp_getenv_fn getenv;
    void *payload;
    const char *profile;
    sgp_ini credentials;
    sgp_ini config;
} sgp_aws_ctx;

static const char *sgp_aws_process_getenv(void *payload, const char *name) {
    (void)payload;
    return getenv(name);
}

/* An environment variable; empty counts as unset. */
static const char *sgp_aws_env(const sgp_aws_ctx *ctx, const char *name) {
    const char *v = ctx->getenv(ctx->payload, name);
    return v && *v ? v : NULL;
}

static char *sgp_aws_format(const char *fmt, ...) SGP_PRINTF(1, 2);
static char *sgp_aws_format(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* The file's path from variable, else $HOME/.aws/NAME; a leading "~" is HOME, as botocore
 * expands it. NULL path with *usable false when HOME is needed and unset. */
static char *sgp_aws_file_path(const sgp_aws_ctx *ctx, const char *variable, const char *name,
                               bool *usable) {
    const char *home = sgp_aws_env(ctx, "HOME");
    const char *given = sgp_aws_env(ctx, variable);
    *usable = true;
    if (given) {
        if (home && given[0] == '~' && (given[1] == '/' || given[1] == '\0')) {
            return sgp_aws_format("%s%s", home, given + 1);
        }
        return sgp_strdup(given);
    }
    if (!home) {
        *usable = false;
        return sgp_aws_format("~/.aws/%s (HOME is not set)", name);
    }
    return sgp_aws_format("%s/.aws/%s", home, name);
}

static int sgp_aws_load_file(sgp_ini *ini, bool usable, sg_error *err) {
    if (!usable) {
        return SG_OK;
    }
    int rc = sgp_ini_read(ini, err);
    if (rc == SG_OK && ini->present) {
        rc = sgp_ini_parse(ini, err);
    }
    return rc;
}

/* A non-empty setting of the profile, the credentials file first (botocore's merged view). */
static const sgp_ini_entry *sgp_aws_profile_get(const sgp_aws_ctx *ctx, const char *key,
                                                const sgp_ini **from) {
    const sgp_ini_entry *e =
        sgp_ini_get(&ctx->credentials, SGP_INI_CREDENTIALS, ctx->profile, key, NULL);
    if (e && *e->value) {
        *from = &ctx->credentials;
        return e;
    }
    e = sgp_ini_get(&ctx->config, SGP_INI_CONFIG, ctx->profile, key, NULL);
    if (e && *e->value) {
        *from = &ctx->config;
        return e;
    }
    return NULL;
}

static const char *sgp_aws_file_value(const sgp_ini *ini, sgp_ini_kind kind, const char *profile,
                                      const char *key, int *line) {
    const sgp_ini_entry *e = sgp_ini_get(ini, kind, profile, key, NULL);
    if (e && *e->value) {
        *line = e->line;
        return e->value;
    }
    return NULL;
}

static char *sgp_aws_profile_source(const sgp_aws_ctx *ctx, const sgp_ini *from) {
    return sgp_aws_format("profile %s in %s", ctx->profile, from->path);
}

/*
 * Static keys of the profile in one file. *found is set when both are there; one without the
 * other is SG_EINVALID (botocore's PartialCredentialsError), located at the line that has it.
 */
static int sgp_aws_file_keys(const sgp_aws_ctx *ctx, const sgp_ini *ini, sgp_ini_kind kind,
                             sgp_aws_config *out, bool *found, sg_error *err) {
    int id_line = 0, secret_line = 0, token_line = 0;
    const char *id = sgp_aws_file_value(ini, kind, ctx->profile, "aws_access_key_id", &id_line);
    const char *secret =
        sgp_aws_file_value(ini, kind, ctx->profile, "aws_secret_access_key", &secret_line);
    *found = false;
    if (!id && !secret) {
        return SG_OK;
    }
    if (!id || !secret) {
        return sgp_error(err, SG_EINVALID, ini->path, NULL, id ? id_line : secret_line, 0,
                         "profile %s has %s but no %s", ctx->profile,
                         id ? "aws_access_key_id" : "aws_secret_access_key",
                         id ? "aws_secret_access_key" : "aws_access_key_id");
    }
    const char *token =
        sgp_aws_file_value(ini, kind, ctx->profile, "aws_session_token", &token_line);
    if (!token) { /* the older name botocore still reads */
        token = sgp_aws_file_value(ini, kind, ctx->profile, "aws_security_token", &token_line);
    }
    out->access_key_id = sgp_strdup(id);
    out->secret_access_key = sgp_strdup(secret);
    out->session_token = token ? sgp_strdup(token) : NULL;
    out->credentials_source = sgp_aws_profile_source(ctx, ini);
    if (!out->access_key_id || !out->secret_access_key || (token && !out->session_token) ||
        !out->credentials_source) {
        return sgp_error_nomem(err);
    }
    *found = true;
    return SG_OK;
}

static int sgp_aws_unsupported(const sgp_aws_ctx *ctx, const sgp_ini *from, const sgp_ini_entry *e,
                               const char *what, sg_error *err) {
    return sgp_error(err, SG_EUNSUPPORTED, from->path, NULL, e->line, 0,
                     "profile %s uses %s (%s), which schemagate does not support; use static "
                     "keys, e.g. export the output of `aws configure export-credentials "
                     "--profile %s --format env`",
                     ctx->profile, what, e->key, ctx->profile);
}

/* The provider chain from the assume-role step on, for what schemagate supports. */
static int sgp_aws_profile_credentials(const sgp_aws_ctx *ctx, sgp_aws_config *out, sg_error *err) {
    const sgp_ini *from = NULL;
    const sgp_ini_entry *e = sgp_aws_profile_get(ctx, "role_arn", &from);
    if (e) {
        return sgp_aws_unsupported(ctx, from, e, "assume role", err);
    }
    if (sgp_aws_env(ctx, "AWS_WEB_IDENTITY_TOKEN_FILE") && sgp_aws_env(ctx, "AWS_ROLE_ARN")) {
        return sgp_error(err, SG_EUNSUPPORTED, NULL, NULL, 0, 0,
                         "web identity credentials (AWS_WEB_IDENTITY_TOKEN_FILE with "
                         "AWS_ROLE_ARN) are not supported; set AWS_ACCESS_KEY_ID and "
                         "AWS_SECRET_ACCESS_KEY instead");
    }
    static const char *const sso_keys[] = {"sso_session", "sso_start_url", "sso_account_id",
                                           "sso_role_name"};
    for (size_t i = 0; i < sizeof sso_keys / sizeof sso_keys[0]; i++) {
        e = sgp_aws_profile_get(ctx, sso_keys[i], &from);
        if (e) {
            return sgp_aws_unsupported(ctx, from, e, "IAM Identity Center (SSO)", err);
        }
    }
    bool found = false;
    int rc = sgp_aws_file_keys(ctx, &ctx->credentials, SGP_INI_CREDENTIALS, out, &found, err);
    if (rc != SG_OK || found) {
        return rc;
    }
    e = sgp_aws_profile_get(ctx, "credential_process", &from);
    if (e) {
        return sgp_aws_unsupported(ctx, from, e, "an external credential process", err);
    }
    rc = sgp_aws_file_keys(ctx, &ctx->config, SGP_INI_CONFIG, out, &found, err);
    if (rc != SG_OK || found) {
        return rc;
    }
    out->credentials_source = sgp_strdup("none");
    return out->credentials_source ? SG_OK : sgp_error_nomem(err);
}

static int sgp_aws_env_credentials(const sgp_aws_ctx *ctx, sgp_aws_config *out, bool *found,
                                   sg_error *err) {
    const char *id = sgp_aws_env(ctx, "AWS_ACCESS_KEY_ID");
    const char *secret = sgp_aws_env(ctx, "AWS_SECRET_ACCESS_KEY");
    *found = false;
    if (!id && !secret) {
        return SG_OK;
    }
    if (!id || !secret) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "%s is set but %s is not",
                         id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                         id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
    }
    const char *token = sgp_aws_env(ctx, "AWS_SESSION_TOKEN");
    out->access_key_id = sgp_strdup(id);
    out->secret_access_key = sgp_strdup(secret);
    out->session_token = token ? sgp_strdup(token) : NULL;
    out->credentials_source = sgp_strdup("environment");
    if (!out->access_key_id || !out->secret_access_key || (token && !out->session_token) ||
        !out->credentials_source) {
        return sgp_error_nomem(err);
    }
    *found = true;
    return SG_OK;
}

/* botocore's validate_region_name: it becomes part of a host name. */
static bool sgp_aws_region_valid(const char *r) {
    size_t n = strlen(r);
    if (n == 0 || n > 63 || r[0] == '-' || r[n - 1] == '-') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = r[i];
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

static int sgp_aws_region(const sgp_aws_ctx *ctx, sgp_aws_config *out, sg_error *err) {
    static const char *const variables[] = {"AWS_REGION", "AWS_DEFAULT_REGION"};
    const char *region = NULL;
    const sgp_ini *from = NULL;
    int line = 0;
    for (size_t i = 0; i < 2 && !region; i++) {
        region = sgp_aws_env(ctx, variables[i]);
        if (region) {
            out->region_source = sgp_strdup(variables[i]);
        }
    }
    if (!region) {
        const sgp_ini_entry *e = sgp_aws_profile_get(ctx, "region", &from);
        if (!e) {
            return SG_OK;
        }
        region = e->value;
        line = e->line;
        out->region_source = sgp_aws_profile_source(ctx, from);
    }
    if (!out->region_source) {
        return sgp_error_nomem(err);
    }
    if (!sgp_aws_region_valid(region)) {
        return sgp_error(err, SG_EUSAGE, from ? from->path : NULL, NULL, line, 0,
                         "the region from %s is not a region name (letters, digits and '-')",
                         out->region_source);
    }
    out->region = sgp_strdup(region);
    return out->region ? SG_OK : sgp_error_nomem(err);
}

static char sgp_aws_lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool sgp_aws_true(const char *v) {
    static const char word[] = "true";
    for (size_t i = 0; i < sizeof word; i++) {
        if (sgp_aws_lower(v[i]) != word[i]) {
            return false;
        }
    }
    return true;
}

/* http:// or https:// (any case) and a host; no spaces or control characters anywhere. */
static bool sgp_aws_url_valid(const char *url) {
    static const char *const schemes[] = {"http://", "https://"};
    size_t scheme = 0;
    for (size_t i = 0; !scheme && i < 2; i++) {
        size_t n = strlen(schemes[i]);
        size_t k = 0;
        while (k < n && sgp_aws_lower(url[k]) == schemes[i][k]) {
            k++;
        }
        scheme = k == n ? n : 0;
    }
    if (!scheme || url[scheme] == '\0' || url[scheme] == '/') {
        return false;
    }
    for (const unsigned char *c = (const unsigned char *)url; *c; c++) {
        if (*c <= ' ' || *c == 0x7f) {
            return false;
        }
    }
    return true;
}

/* One service's endpoint in the CLI's order (see aws_config.h). */
static int sgp_aws_endpoint(const sgp_aws_ctx *ctx, const char *service, const char *variable,
                            char **url, char **source, sg_error *err) {
    const char *value = sgp_aws_env(ctx, variable);
    const char *where = variable;
    const sgp_ini *from = NULL;
    int line = 0;
    if (!value) {
        value = sgp_aws_env(ctx, "AWS_ENDPOINT_URL");
        where = "AWS_ENDPOINT_URL";
    }
    if (value) {
        *source = sgp_strdup(where);
    } else {
        const sgp_ini_entry *services = sgp_aws_profile_get(ctx, "services", &from);
        if (services) {
            if (!sgp_ini_has_section(&ctx->config, SGP_INI_SERVICES, services->value)) {
                return sgp_error(err, SG_EINVALID, from->path, NULL, services->line, 0,
                                 "profile %s names the services section '%s', which is not in %s",
                                 ctx->profile, services->value, ctx->config.path);
            }
            const sgp_ini_entry *e = sgp_ini_get(&ctx->config, SGP_INI_SERVICES, services->value,
                                                 service, "endpoint_url");
            if (e && *e->value) {
                value = e->value;
                line = e->line;
                from = &ctx->config;
                *source =
                    sgp_aws_format("services %s (%s) in %s", services->value, service, from->path);
            }
        }
        if (!value) {
            const sgp_ini_entry *e = sgp_aws_profile_get(ctx, "endpoint_url", &from);
            if (!e) {
                return SG_OK;
            }
            value = e->value;
            line = e->line;
            *source = sgp_aws_profile_source(ctx, from);
        }
    }
    if (!*source) {
        return sgp_error_nomem(err);
    }
    if (!sgp_aws_url_valid(value)) {
        return sgp_error(err, SG_EUSAGE, line ? from->path : NULL, NULL, line, 0,
                         "the %s endpoint URL from %s must be http:// or https:// and a host, "
                         "without spaces",
                         service, *source);
    }
    *url = sgp_strdup(value);
    return *url ? SG_OK : sgp_error_nomem(err);
}

static int sgp_aws_endpoints(const sgp_aws_ctx *ctx, sgp_aws_config *out, sg_error *err) {
    const char *ignore = sgp_aws_env(ctx, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (!ignore) {
        const sgp_ini *from = NULL;
        const sgp_ini_entry *e = sgp_aws_profile_get(ctx, "ignore_configured_endpoint_urls", &from);
        ignore = e ? e->value : NULL;
    }
    if (ignore && sgp_aws_true(ignore)) {
        return SG_OK;
    }
    int rc = sgp_aws_endpoint(ctx, "s3", "AWS_ENDPOINT_URL_S3", &out->endpoint_s3,
                              &out->endpoint_s3_source, err);
    if (rc == SG_OK) {
        rc = sgp_aws_endpoint(ctx, "glue", "AWS_ENDPOINT_URL_GLUE", &out->endpoint_glue,
                              &out->endpoint_glue_source, err);
    }
    return rc;
}

static int sgp_aws_resolve(sgp_aws_ctx *ctx, sgp_aws_config *out,
                           const sgp_aws_config_options *options, sg_error *err) {
    const char *profile = options->profile;
    bool explicit_profile = profile != NULL;
    if (profile && *profile == '\0') {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "the profile name (--profile) is empty");
    }
    if (!profile) {
        profile = sgp_aws_env(ctx, "AWS_PROFILE");
        explicit_profile = profile != NULL;
    }
    out->profile = sgp_strdup(profile ? profile : "default");
    if (!out->profile) {
        return sgp_error_nomem(err);
    }
    ctx->profile = out->profile;

    /* A half-set key pair is a mistake worth stopping on, before any file is read; --profile
     * makes the CLI ignore the environment keys altogether. */
    bool env_keys = false;
    int rc = SG_OK;
    if (!options->profile) {
        rc = sgp_aws_env_credentials(ctx, out, &env_keys, err);
        if (rc != SG_OK) {
            return rc;
        }
    }

    bool credentials_usable, config_usable;
    out->credentials_file =
        sgp_aws_file_path(ctx, "AWS_SHARED_CREDENTIALS_FILE", "credentials", &credentials_usable);
    out->config_file = sgp_aws_file_path(ctx, "AWS_CONFIG_FILE", "config", &config_usable);
    if (!out->credentials_file || !out->config_file) {
        return sgp_error_nomem(err);
    }
    ctx->credentials.path = out->credentials_file;
    ctx->config.path = out->config_file;
    rc = sgp_aws_load_file(&ctx->credentials, credentials_usable, err);
    if (rc == SG_OK) {
        rc = sgp_aws_load_file(&ctx->config, config_usable, err);
    }
    if (rc != SG_OK) {
        return rc;
    }

    /* botocore refuses a named profile that does not exist even when the environment holds the
     * keys (the region and endpoint lookups still read the profile). */
    out->profile_found =
        sgp_ini_has_section(&ctx->credentials, SGP_INI_CREDENTIALS, ctx->profile) ||
        sgp_ini_has_section(&ctx->config, SGP_INI_CONFIG, ctx->profile);
    if (explicit_profile && !out->profile_found) {
        return sgp_error(err, SG_ENOTFOUND, NULL, NULL, 0, 0,
                         "profile %s was not found in %s or %s", ctx->profile,
                         out->credentials_file, out->config_file);
    }
    if (!env_keys) {
        rc = sgp_aws_profile_credentials(ctx, out, err);
    }
    if (rc == SG_OK) {
        rc = sgp_aws_region(ctx, out, err);
    }
    if (rc == SG_OK) {
        rc = sgp_aws_endpoints(ctx, out, err);
    }
    return rc;
}

int sgp_aws_config_load(sgp_aws_config *out, const sgp_aws_config_options *options, sg_error *err) {
    if (!out) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no output given");
    }
    memset(out, 0, sizeof *out);
    static const sgp_aws_config_options no_options = {NULL, NULL, NULL};
    if (!options) {
        options = &no_options;
    }
    sgp_aws_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.getenv = options->getenv ? options->getenv : sgp_aws_process_getenv;
    ctx.payload = options->payload;
    int rc = sgp_aws_resolve(&ctx, out, options, err);
    sgp_ini_free(&ctx.credentials);
    sgp_ini_free(&ctx.config);
    if (rc != SG_OK) {
        sgp_aws_config_free(out);
    }
    return rc;
}

void sgp_aws_config_free(sgp_aws_config *config) {
    if (!config) {
        return;
    }
    sgp_aws_wipe_string(config->access_key_id);
    sgp_aws_wipe_string(config->secret_access_key);
    sgp_aws_wipe_string(config->session_token);
    char *plain[] = {config->profile,          config->credentials_source,
                     config->region,           config->region_source,
                     config->endpoint_s3,      config->endpoint_s3_source,
                     config->endpoint_glue,    config->endpoint_glue_source,
                     config->credentials_file, config->config_file};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        free(plain[i]);
    }
    memset(config, 0, sizeof *config);
}

/*
 * schemagate/common.h: what every part of the public API shares: the version, the result codes
 * every function returns, the caller-owned error record that says where and why something failed,
 * and the function that frees memory the library hands out.
 *
 * Conventions (all headers):
 *  - Functions return int: SG_OK (0) on success or a negative sg_code.
 *  - Outputs come first and are named out; on failure *out is left NULL.
 *  - An sg_error pointer may be NULL; it is filled only on failure (unspecified on success).
 *  - A pointer returned directly by a getter is borrowed and lives as long as its parent; a
 *    pointer returned through an out parameter is owned by the caller and is freed with the
 *    matching _free function (which accepts NULL), or sg_free() for strings.
 *  - Nothing that is not declared in these headers is API.
 */
#ifndef SCHEMAGATE_COMMON_H
#define SCHEMAGATE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "schemagate/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Result codes. Append only: values never change meaning. */
typedef enum sg_code {
    SG_OK = 0,
    SG_EUSAGE = -1,       /* the caller passed a bad argument (NULL, unknown name, bad option) */
    SG_EPARSE = -2,       /* the input is not well-formed (JSON/YAML syntax, truncated file) */
    SG_EINVALID = -3,     /* well-formed, but breaks the rules of its format */
    SG_EUNSUPPORTED = -4, /* valid in its format, but schemagate cannot handle it */
    SG_ELIMIT = -5,       /* exceeds a safety limit (nesting depth, size, count) */
    SG_ENOTFOUND = -6,    /* the named file, subject or table does not exist */
    SG_EIO = -7,          /* reading or writing failed */
    SG_ENOMEM = -8,       /* out of memory */
    SG_EINTERNAL = -9,    /* a bug in schemagate or a library it uses */
    SG_EACCESS = -10,     /* refused: missing or wrong credentials, or no permission */
} sg_code;

#define SG_ERROR_SOURCE_MAX  256
#define SG_ERROR_PATH_MAX    256
#define SG_ERROR_MESSAGE_MAX 512

/*
 * Where and why a call failed. Caller-owned and fixed-size: keep it on the stack. Every field
 * that does not apply is empty ("") or -1/0 as documented.
 */
typedef struct sg_error {
    int code;                           /* an sg_code */
    char source[SG_ERROR_SOURCE_MAX];   /* file name, URL or "<string>"; "" if none */
    int line;                           /* 1-based line in a text input; 0 if unknown */
    int column;                         /* 1-based column (characters); 0 if unknown */
    char path[SG_ERROR_PATH_MAX];       /* JSON pointer or column path of the culprit; "" if none */
    int64_t row_group;                  /* Parquet row group, -1 if not applicable */
    int64_t row;                        /* 0-based record number, -1 if not applicable */
    char message[SG_ERROR_MESSAGE_MAX]; /* what is wrong, one line, no trailing period */
} sg_error;

/* Resets err to "no error" (code SG_OK, empty strings, -1 rows). NULL is allowed. */
void sg_error_clear(sg_error *err);

/*
 * Formats err as one line: "source:line:column: path: message" leaving out the parts that are
 * empty. Writes at most size bytes including the terminating NUL; returns the length the full
 * text needs (like snprintf).
 */
int sg_error_format(const sg_error *err, char *buf, size_t size);

/* A short constant name for a code: "parse error", "invalid", ... Never NULL. */
const char *sg_code_name(int code);

/* The library's version string, e.g. "0.1.0". */
const char *sg_version(void);

/* Frees a string or buffer the library returned through an out parameter. NULL is allowed. */
void sg_free(void *ptr);

/* Output formats of reports (registry check, validate). Append only. */
typedef enum sg_report_format {
    SG_REPORT_TEXT = 0, /* for people */
    SG_REPORT_JSON,     /* for tools */
    SG_REPORT_JUNIT,    /* JUnit XML, for CI test views */
    SG_REPORT_SARIF,    /* SARIF 2.1.0, for GitHub code scanning */
} sg_report_format;

/* "text", "json", "junit", "sarif". */
const char *sg_report_format_name(sg_report_format format);
int sg_report_format_from_name(sg_report_format *out, const char *name);

#ifdef __cplusplus
}
#endif

#endif

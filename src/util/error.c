/* util/error.c: the public sg_error functions, code names, version and sg_free. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemagate/common.h"

void sg_error_clear(sg_error *err) {
    if (!err) {
        return;
    }
    memset(err, 0, sizeof *err);
    err->row_group = -1;
    err->row = -1;
}

int sg_error_format(const sg_error *err, char *buf, size_t size) {
    char where[64] = "";
    if (err->line > 0 && err->column > 0) {
        snprintf(where, sizeof where, "%s%d:%d", err->source[0] ? ":" : "", err->line, err->column);
    } else if (err->line > 0) {
        snprintf(where, sizeof where, "%s%d", err->source[0] ? ":" : "", err->line);
    }
    char rows[80] = "";
    if (err->row_group >= 0 && err->row >= 0) {
        snprintf(rows, sizeof rows, "row group %lld, row %lld: ", (long long)err->row_group,
                 (long long)err->row);
    } else if (err->row >= 0) {
        snprintf(rows, sizeof rows, "row %lld: ", (long long)err->row);
    }
    bool has_prefix = err->source[0] || where[0];
    return snprintf(buf, size, "%s%s%s%s%s%s%s", err->source, where, has_prefix ? ": " : "", rows,
                    err->path, err->path[0] ? ": " : "", err->message);
}

const char *sg_code_name(int code) {
    switch (code) {
    case SG_OK:
        return "ok";
    case SG_EUSAGE:
        return "usage error";
    case SG_EPARSE:
        return "parse error";
    case SG_EINVALID:
        return "invalid";
    case SG_EUNSUPPORTED:
        return "unsupported";
    case SG_ELIMIT:
        return "limit exceeded";
    case SG_ENOTFOUND:
        return "not found";
    case SG_EIO:
        return "I/O error";
    case SG_ENOMEM:
        return "out of memory";
    case SG_EINTERNAL:
        return "internal error";
    case SG_EACCESS:
        return "access denied";
    default:
        return "unknown error";
    }
}

const char *sg_version(void) {
    return SG_VERSION_STRING;
}

void sg_free(void *ptr) {
    free(ptr);
}

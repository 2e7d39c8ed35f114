/* parquet/thrift.c: the Thrift compact-protocol decoder (see thrift.h). */
#include "parquet/thrift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemagate/common.h"
#include "util/limits.h"

void sgp_pq_thrift_init(sgp_pq_thrift *t, const void *data, size_t length) {
    memset(t, 0, sizeof *t);
    t->data = data;
    t->length = data != NULL ? length : 0;
}

int sgp_pq_thrift_fail(sgp_pq_thrift *t, int code, const char *what) {
    if (t->code == SG_OK) {
        t->code = code;
        snprintf(t->msg, sizeof t->msg, "%s at byte %zu", what, t->pos);
    }
    return t->code;
}

static size_t left(const sgp_pq_thrift *t) {
    return t->length - t->pos;
}

static int byte(sgp_pq_thrift *t, uint8_t *out) {
    if (t->code != SG_OK) {
        return t->code;
    }
    if (left(t) < 1) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, "truncated Thrift data");
    }
    *out = t->data[t->pos++];
    return SG_OK;
}

int sgp_pq_thrift_varint(sgp_pq_thrift *t, uint64_t *out) {
    uint64_t value = 0;
    for (unsigned i = 0; i < SG_PQ_MAX_VARINT_BYTES; i++) {
        uint8_t b = 0;
        int rc = byte(t, &b);
        if (rc != SG_OK) {
            return rc;
        }
        if (i == SG_PQ_MAX_VARINT_BYTES - 1 && (b & 0x7e) != 0) {
            return sgp_pq_thrift_fail(t, SG_EPARSE, "varint overflows 64 bits");
        }
        value |= (uint64_t)(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            *out = value;
            return SG_OK;
        }
    }
    return sgp_pq_thrift_fail(t, SG_EPARSE, "varint longer than 10 bytes");
}

static int64_t unzigzag(uint64_t v) {
    /* (v >> 1) ^ -(v & 1) without signed overflow. */
    uint64_t u = (v >> 1) ^ (~(v & 1) + 1);
    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

static int signed_in(sgp_pq_thrift *t, int64_t lo, int64_t hi, int64_t *out, const char *what) {
    uint64_t v = 0;
    int rc = sgp_pq_thrift_varint(t, &v);
    if (rc != SG_OK) {
        return rc;
    }
    int64_t s = unzigzag(v);
    if (s < lo || s > hi) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, what);
    }
    *out = s;
    return SG_OK;
}

int sgp_pq_thrift_i8(sgp_pq_thrift *t, int8_t *out) {
    uint8_t b = 0;
    int rc = byte(t, &b);
    if (rc == SG_OK) {
        *out = (int8_t)(b > 127 ? (int)b - 256 : (int)b);
    }
    return rc;
}

int sgp_pq_thrift_i16(sgp_pq_thrift *t, int16_t *out) {
    int64_t v = 0;
    int rc = signed_in(t, INT16_MIN, INT16_MAX, &v, "i16 out of range");
    if (rc == SG_OK) {
        *out = (int16_t)v;
    }
    return rc;
}

int sgp_pq_thrift_i32(sgp_pq_thrift *t, int32_t *out) {
    int64_t v = 0;
    int rc = signed_in(t, INT32_MIN, INT32_MAX, &v, "i32 out of range");
    if (rc == SG_OK) {
        *out = (int32_t)v;
    }
    return rc;
}

int sgp_pq_thrift_i64(sgp_pq_thrift *t, int64_t *out) {
    return signed_in(t, INT64_MIN, INT64_MAX, out, "i64 out of range");
}

int sgp_pq_thrift_double(sgp_pq_thrift *t, double *out) {
    if (t->code != SG_OK) {
        return t->code;
    }
    if (left(t) < 8) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, "truncated Thrift double");
    }
    uint64_t bits = 0;
    for (int i = 7; i >= 0; i--) {
        bits = (bits << 8) | t->data[t->pos + (size_t)i];
    }
    t->pos += 8;
    memcpy(out, &bits, sizeof *out);
    return SG_OK;
}

int sgp_pq_thrift_binary(sgp_pq_thrift *t, const uint8_t **out, size_t *length) {
    uint64_t n = 0;
    int rc = sgp_pq_thrift_varint(t, &n);
    if (rc != SG_OK) {
        return rc;
    }
    if (n > SG_PQ_MAX_THRIFT_STRING) {
        return sgp_pq_thrift_fail(t, SG_ELIMIT, "Thrift binary longer than the limit");
    }
    if (n > left(t)) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, "Thrift binary longer than the data left");
    }
    *out = t->data + t->pos;
    *length = (size_t)n;
    t->pos += (size_t)n;
    return SG_OK;
}

int sgp_pq_thrift_string(sgp_pq_thrift *t, char **out) {
    const uint8_t *p = NULL;
    size_t n = 0;
    int rc = sgp_pq_thrift_binary(t, &p, &n);
    if (rc != SG_OK) {
        return rc;
    }
    if (n > 0 && memchr(p, 0, n) != NULL) {
        return sgp_pq_thrift_fail(t, SG_EINVALID, "string contains a NUL byte");
    }
    char *s = malloc(n + 1);
    if (s == NULL) {
        return sgp_pq_thrift_fail(t, SG_ENOMEM, "out of memory");
    }
    if (n > 0) {
        memcpy(s, p, n);
    }
    s[n] = '\0';
    *out = s;
    return SG_OK;
}

static int enter(sgp_pq_thrift *t) {
    if (t->code != SG_OK) {
        return t->code;
    }
    if (t->depth >= SG_PQ_MAX_THRIFT_DEPTH) {
        return sgp_pq_thrift_fail(t, SG_ELIMIT, "Thrift nesting deeper than the limit");
    }
    t->depth++;
    return SG_OK;
}

static void leave(sgp_pq_thrift *t) {
    if (t->depth > 0) {
        t->depth--;
    }
}

int sgp_pq_thrift_struct_begin(sgp_pq_thrift *t, int16_t *last_id) {
    *last_id = 0;
    return enter(t);
}

void sgp_pq_thrift_struct_end(sgp_pq_thrift *t) {
    leave(t);
}

void sgp_pq_thrift_container_end(sgp_pq_thrift *t) {
    leave(t);
}

int sgp_pq_thrift_field_next(sgp_pq_thrift *t, int16_t *last_id, int *type, int16_t *id) {
    uint8_t b = 0;
    int rc = byte(t, &b);
    if (rc != SG_OK) {
        return rc;
    }
    if (b == 0) {
        *type = SGP_PQ_T_STOP;
        *id = 0;
        return SG_OK;
    }
    int ty = b & 0x0f;
    if (ty == SGP_PQ_T_STOP || ty > SGP_PQ_T_STRUCT) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, "unknown Thrift field type");
    }
    int delta = b >> 4;
    int16_t fid = 0;
    if (delta == 0) {
        rc = sgp_pq_thrift_i16(t, &fid);
        if (rc != SG_OK) {
            return rc;
        }
    } else {
        int32_t next = (int32_t)*last_id + delta;
        if (next > INT16_MAX) {
            return sgp_pq_thrift_fail(t, SG_EPARSE, "Thrift field id overflows");
        }
        fid = (int16_t)next;
    }
    *last_id = fid;
    *type = ty;
    *id = fid;
    return SG_OK;
}

int sgp_pq_thrift_field_bool(sgp_pq_thrift *t, int type, bool *out) {
    if (type == SGP_PQ_T_TRUE || type == SGP_PQ_T_FALSE) {
        *out = type == SGP_PQ_T_TRUE;
        return SG_OK;
    }
    return sgp_pq_thrift_fail(t, SG_EPARSE, "expected a bool field");
}

/* Smallest encoding of one element of a type, to bound counts by the bytes left. */
static size_t min_size(int type) {
    return type == SGP_PQ_T_DOUBLE ? 8 : 1;
}

static int check_count(sgp_pq_thrift *t, uint64_t count, size_t each) {
    if (count > SG_PQ_MAX_THRIFT_CONTAINER) {
        return sgp_pq_thrift_fail(t, SG_ELIMIT, "Thrift container larger than the limit");
    }
    if (each != 0 && count > left(t) / each) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, "Thrift container larger than the data left");
    }
    return SG_OK;
}

int sgp_pq_thrift_list_begin(sgp_pq_thrift *t, int *elem_type, uint32_t *count) {
    uint8_t b = 0;
    int rc = byte(t, &b);
    if (rc != SG_OK) {
        return rc;
    }
    int ty = b & 0x0f;
    if (ty < SGP_PQ_T_TRUE || ty > SGP_PQ_T_STRUCT) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, "unknown Thrift list element type");
    }
    uint64_t n = b >> 4;
    if (n == 15) {
        rc = sgp_pq_thrift_varint(t, &n);
        if (rc != SG_OK) {
            return rc;
        }
    }
    rc = check_count(t, n, min_size(ty));
    if (rc != SG_OK) {
        return rc;
    }
    rc = enter(t);
    if (rc != SG_OK) {
        return rc;
    }
    *elem_type = ty;
    *count = (uint32_t)n;
    return SG_OK;
}

int sgp_pq_thrift_map_begin(sgp_pq_thrift *t, int *key_type, int *value_type, uint32_t *count) {
    uint64_t n = 0;
    int rc = sgp_pq_thrift_varint(t, &n);
    if (rc != SG_OK) {
        return rc;
    }
    int kt = 0;
    int vt = 0;
    if (n > 0) {
        uint8_t b = 0;
        rc = byte(t, &b);
        if (rc != SG_OK) {
            return rc;
        }
        kt = b >> 4;
        vt = b & 0x0f;
        if (kt < SGP_PQ_T_TRUE || kt > SGP_PQ_T_STRUCT || vt < SGP_PQ_T_TRUE ||
            vt > SGP_PQ_T_STRUCT) {
            return sgp_pq_thrift_fail(t, SG_EPARSE, "unknown Thrift map key or value type");
        }
        rc = check_count(t, n, min_size(kt) + min_size(vt));
        if (rc != SG_OK) {
            return rc;
        }
    }
    rc = enter(t);
    if (rc != SG_OK) {
        return rc;
    }
    *key_type = kt;
    *value_type = vt;
    *count = (uint32_t)n;
    return SG_OK;
}

int sgp_pq_thrift_list_bool(sgp_pq_thrift *t, bool *out) {
    uint8_t b = 0;
    int rc = byte(t, &b);
    if (rc != SG_OK) {
        return rc;
    }
    if (b > 2) {
        return sgp_pq_thrift_fail(t, SG_EPARSE, "bad Thrift bool");
    }
    *out = b == 1;
    return SG_OK;
}

/* Skips one value; in_list says a bool is a byte (in containers) rather than in the header. */
static int skip_value(sgp_pq_thrift *t, int type, bool in_container) {
    uint64_t v = 0;
    const uint8_t *p = NULL;
    size_t n = 0;
    double d = 0;
    bool b = 0;
    switch (type) {
    case SGP_PQ_T_TRUE:
    case SGP_PQ_T_FALSE:
        return in_container ? sgp_pq_thrift_list_bool(t, &b) : t->code;
    case SGP_PQ_T_I8: {
        uint8_t x = 0;
        return byte(t, &x);
    }
    case SGP_PQ_T_I16:
    case SGP_PQ_T_I32:
    case SGP_PQ_T_I64:
        return sgp_pq_thrift_varint(t, &v);
    case SGP_PQ_T_DOUBLE:
        return sgp_pq_thrift_double(t, &d);
    case SGP_PQ_T_BINARY:
        return sgp_pq_thrift_binary(t, &p, &n);
    case SGP_PQ_T_LIST:
    case SGP_PQ_T_SET: {
        int et = 0;
        uint32_t count = 0;
        int rc = sgp_pq_thrift_list_begin(t, &et, &count);
        for (uint32_t i = 0; rc == SG_OK && i < count; i++) {
            rc = skip_value(t, et, true);
        }
        sgp_pq_thrift_container_end(t);
        return rc;
    }
    case SGP_PQ_T_MAP: {
        int kt = 0;
        int vt = 0;
        uint32_t count = 0;
        int rc = sgp_pq_thrift_map_begin(t, &kt, &vt, &count);
        for (uint32_t i = 0; rc == SG_OK && i < count; i++) {
            rc = skip_value(t, kt, true);
            if (rc == SG_OK) {
                rc = skip_value(t, vt, true);
            }
        }
        sgp_pq_thrift_container_end(t);
        return rc;
    }
    case SGP_PQ_T_STRUCT: {
        int16_t last;
        int rc = sgp_pq_thrift_struct_begin(t, &last);
        while (rc == SG_OK) {
            int ft = 0;
            int16_t id = 0;
            rc = sgp_pq_thrift_field_next(t, &last, &ft, &id);
            if (rc != SG_OK || ft == SGP_PQ_T_STOP) {
                break;
            }
            rc = skip_value(t, ft, false);
        }
        sgp_pq_thrift_struct_end(t);
        return rc;
    }
    default:
        return sgp_pq_thrift_fail(t, SG_EPARSE, "cannot skip unknown Thrift type");
    }
}

int sgp_pq_thrift_skip(sgp_pq_thrift *t, int type) {
    return skip_value(t, type, false);
}

const char *sgp_pq_thrift_type_name(int type) {
    static const char *const names[] = {"stop",   "true",   "false", "i8",  "i16", "i32",   "i64",
                                        "double", "binary", "list",  "set", "map", "struct"};
    if (type >= 0 && type < (int)(sizeof names / sizeof names[0])) {
        return names[type];
    }
    return "unknown";
}

/* parquet/render.c: Parquet values as canonical JSON text (see render.h, docs/parquet.md). */
#include "parquet/render.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/decode.h"

static const int64_t nanos_per_unit[] = {0, 1000000, 1000, 1};
static const int digits_per_unit[] = {0, 3, 6, 9};

void sgp_pq_render_string(sgp_buf *out, const uint8_t *bytes, size_t length) {
    static const char hex[] = "0123456789abcdef";
    sgp_buf_append(out, "\"", 1);
    size_t run = 0; /* start of bytes that need no escaping */
    for (size_t i = 0; i < length;) {
        uint8_t c = bytes[i];
        size_t n = sgp_utf8_char((const char *)bytes + i, length - i);
        bool plain = n > 1 || (n == 1 && c >= 0x20 && c != '"' && c != '\\' && c != 0x7f);
        if (plain) {
            i += n;
            continue;
        }
        sgp_buf_append(out, (const char *)bytes + run, i - run);
        char esc[8];
        switch (c) {
        case '"':
            sgp_buf_append(out, "\\\"", 2);
            break;
        case '\\':
            sgp_buf_append(out, "\\\\", 2);
            break;
        case '\b':
            sgp_buf_append(out, "\\b", 2);
            break;
        case '\f':
            sgp_buf_append(out, "\\f", 2);
            break;
        case '\n':
            sgp_buf_append(out, "\\n", 2);
            break;
        case '\r':
            sgp_buf_append(out, "\\r", 2);
            break;
        case '\t':
            sgp_buf_append(out, "\\t", 2);
            break;
        default:
            if (n == 0) {
                sgp_buf_append(out, "\\ufffd", 6);
            } else {
                esc[0] = '\\';
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                sgp_buf_append(out, esc, 6);
            }
        }
        i++;
        run = i;
    }
    sgp_buf_append(out, (const char *)bytes + run, length - run);
    sgp_buf_append(out, "\"", 1);
}

static void render_base64(sgp_buf *out, const uint8_t *bytes, size_t length) {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    sgp_buf_append(out, "\"", 1);
    char quad[4];
    size_t i = 0;
    for (; i + 3 <= length; i += 3) {
        uint32_t v = (uint32_t)bytes[i] << 16 | (uint32_t)bytes[i + 1] << 8 | bytes[i + 2];
        quad[0] = alphabet[v >> 18];
        quad[1] = alphabet[(v >> 12) & 63];
        quad[2] = alphabet[(v >> 6) & 63];
        quad[3] = alphabet[v & 63];
        sgp_buf_append(out, quad, 4);
    }
    if (i < length) {
        uint32_t v = (uint32_t)bytes[i] << 16 | (i + 1 < length ? (uint32_t)bytes[i + 1] << 8 : 0);
        quad[0] = alphabet[v >> 18];
        quad[1] = alphabet[(v >> 12) & 63];
        quad[2] = i + 1 < length ? alphabet[(v >> 6) & 63] : '=';
        quad[3] = '=';
        sgp_buf_append(out, quad, 4);
    }
    sgp_buf_append(out, "\"", 1);
}

/*
 * Writes digits (d1 d2 ... dk, no leading zero) times 10^(n-k) the way ECMAScript's
 * Number::toString does: plain notation when -7 < n <= 21, else d.ddde+X.
 */
static void render_ecma(sgp_buf *out, bool negative, const char *digits, int k, int n) {
    if (negative) {
        sgp_buf_append(out, "-", 1);
    }
    if (k <= n && n <= 21) {
        sgp_buf_append(out, digits, (size_t)k);
        for (int i = k; i < n; i++) {
            sgp_buf_append(out, "0", 1);
        }
    } else if (0 < n && n <= 21) {
        sgp_buf_append(out, digits, (size_t)n);
        sgp_buf_append(out, ".", 1);
        sgp_buf_append(out, digits + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        sgp_buf_append(out, "0.", 2);
        for (int i = n; i < 0; i++) {
            sgp_buf_append(out, "0", 1);
        }
        sgp_buf_append(out, digits, (size_t)k);
    } else {
        sgp_buf_append(out, digits, 1);
        if (k > 1) {
            sgp_buf_append(out, ".", 1);
            sgp_buf_append(out, digits + 1, (size_t)(k - 1));
        }
        sgp_buf_printf(out, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
    }
}

/* True when text reads back as value (as a float when is_float). */
static bool reads_back(const char *text, double value, bool is_float) {
    return is_float ? strtof(text, NULL) == (float)value : strtod(text, NULL) == value;
}

/*
 * Adds one unit in the last place to the decimal "[-]d.ddde[+-]X" in text (digits carry, the
 * exponent grows when 9.99 becomes 10.0): the next decimal of the same length above |value|.
 */
static void next_decimal_up(char *text) {
    char *e = strchr(text, 'e');
    size_t first = text[0] == '-';
    for (size_t i = (size_t)(e - text); i-- > first;) {
        if (text[i] == '.') {
            continue;
        }
        if (text[i] != '9') {
            text[i]++;
            return;
        }
        text[i] = '0';
    }
    /* All nines: 9.99e+X -> 1.00e+(X+1). */
    text[first] = '1';
    char exponent[16];
    snprintf(exponent, sizeof exponent, "e%+d", atoi(e + 1) + 1);
    strcpy(e, exponent);
}

/*
 * Shortest "%.*e" text of value that reads back the same (as a float when is_float). At each
 * length the nearest decimal is tried first; when it misses, so does every other decimal of that
 * length, except at a power of two, where the neighbours below lie twice as close as those
 * above: there the next decimal up can read back while the nearest one (below) does not, and
 * ECMAScript takes it (2^-1017 is 7.120236347223045e-307, not 7.1202363472230444e-307).
 */
static void render_shortest(sgp_buf *out, double value, bool is_float) {
    if (isnan(value)) {
        sgp_buf_puts(out, "\"NaN\"");
        return;
    }
    if (isinf(value)) {
        sgp_buf_puts(out, value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        return;
    }
    if (value == 0) {
        sgp_buf_puts(out, signbit(value) ? "-0" : "0");
        return;
    }
    char text[40];
    for (int precision = 0; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*e", precision, value);
        if (reads_back(text, value, is_float)) {
            break;
        }
        if (fabs(strtod(text, NULL)) < fabs(value)) {
            char up[40];
            memcpy(up, text, sizeof up);
            next_decimal_up(up);
            if (reads_back(up, value, is_float)) {
                memcpy(text, up, sizeof text);
                break;
            }
        }
    }
    /* text is [-]d[.ddd]e[+-]X: gather the digits without trailing zeros. */
    const char *p = text;
    bool negative = *p == '-';
    p += negative;
    char digits[24];
    int k = 0;
    for (; *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9') {
            digits[k++] = *p;
        }
    }
    while (k > 1 && digits[k - 1] == '0') {
        k--;
    }
    int exponent = atoi(p + 1);
    render_ecma(out, negative, digits, k, exponent + 1);
}

void sgp_pq_render_double(sgp_buf *out, double value) {
    render_shortest(out, value, false);
}

void sgp_pq_render_float(sgp_buf *out, float value) {
    render_shortest(out, value, true);
}

static float half_to_float(uint16_t h) {
    int sign = h >> 15, exponent = (h >> 10) & 31, mantissa = h & 1023;
    float value;
    if (exponent == 0) {
        value = ldexpf((float)mantissa, -24);
    } else if (exponent == 31) {
        value = mantissa ? NAN : INFINITY;
    } else {
        value = ldexpf((float)(mantissa | 1024), exponent - 25);
    }
    return sign ? -value : value;
}

/*
 * Floor division and its non-negative remainder (b > 0), for calendar arithmetic on negative
 * instants. Computed from C's truncating / and % so that nothing overflows: q * b can lie below
 * INT64_MIN (INT64_MIN nanoseconds is not a whole number of days).
 */
static int64_t floor_divmod(int64_t a, int64_t b, int64_t *remainder) {
    int64_t q = a / b, r = a % b;
    if (r < 0) {
        r += b;
        q--;
    }
    *remainder = r;
    return q;
}

/* Days since 1970-01-01 to a proleptic Gregorian date (Hinnant's civil_from_days). */
void sgp_pq_civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
    days += 719468;
    int64_t doe;
    int64_t era = floor_divmod(days, 146097, &doe);
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

static void render_date_text(sgp_buf *out, int64_t days) {
    int64_t year;
    int month, day;
    sgp_pq_civil_from_days(days, &year, &month, &day);
    if (year >= 0 && year <= 9999) {
        sgp_buf_printf(out, "%04" PRId64 "-%02d-%02d", year, month, day);
    } else {
        sgp_buf_printf(out, "%c%04" PRId64 "-%02d-%02d", year < 0 ? '-' : '+',
                       year < 0 ? -year : year, month, day);
    }
}

/* Time of day from a count of units since midnight: HH:MM:SS.fff(fff(fff)). */
static void render_time_text(sgp_buf *out, int64_t nanos_of_day_units, int unit) {
    int64_t per_second = 1000000000 / nanos_per_unit[unit];
    int64_t fraction;
    int64_t seconds = floor_divmod(nanos_of_day_units, per_second, &fraction);
    sgp_buf_printf(out, "%02" PRId64 ":%02d:%02d.%0*" PRId64, seconds / 3600,
                   (int)(seconds / 60 % 60), (int)(seconds % 60), digits_per_unit[unit], fraction);
}

/* extra_digits (0..999, or -1 for none) are three more fraction digits after the unit's. */
static void render_timestamp(sgp_buf *out, int64_t value, int unit, bool utc, int extra_digits) {
    int64_t per_day = 86400 * (1000000000 / nanos_per_unit[unit]);
    int64_t in_day;
    int64_t days = floor_divmod(value, per_day, &in_day);
    sgp_buf_append(out, "\"", 1);
    render_date_text(out, days);
    sgp_buf_append(out, "T", 1);
    render_time_text(out, in_day, unit);
    if (extra_digits >= 0) {
        sgp_buf_printf(out, "%03d", extra_digits);
    }
    sgp_buf_puts(out, utc ? "Z\"" : "\"");
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) {
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Writes an unscaled integer's decimal digits with the point placed for scale. */
static void render_scaled(sgp_buf *out, bool negative, const char *digits, size_t n, int scale) {
    if (negative) {
        sgp_buf_append(out, "-", 1);
    }
    size_t s = (size_t)scale;
    if (n <= s) {
        sgp_buf_append(out, "0", 1);
        if (s > 0) {
            sgp_buf_append(out, ".", 1);
            for (size_t i = n; i < s; i++) {
                sgp_buf_append(out, "0", 1);
            }
            sgp_buf_append(out, digits, n);
        }
        return;
    }
    sgp_buf_append(out, digits, n - s);
    if (s > 0) {
        sgp_buf_append(out, ".", 1);
        sgp_buf_append(out, digits + n - s, s);
    }
}

static void render_decimal_int(sgp_buf *out, int64_t value, int scale) {
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%" PRIu64, magnitude);
    render_scaled(out, value < 0, digits, (size_t)n, scale);
}

size_t sgp_pq_decimal_digits(const uint8_t *bytes, size_t length, bool *negative, char *digits) {
    *negative = length > 0 && (bytes[0] & 0x80);
    /* Sign-extension bytes carry no digits (a FIXED[300] column may hold small values). */
    while (length > 1 &&
           ((bytes[0] == 0x00 && !(bytes[1] & 0x80)) || (bytes[0] == 0xff && (bytes[1] & 0x80)))) {
        bytes++;
        length--;
    }
    if (length > SGP_PQ_DECIMAL_MAX_BYTES) {
        return 0;
    }
    uint8_t magnitude[SGP_PQ_DECIMAL_MAX_BYTES];
    /* Two's complement negation for negative values: invert and add one. */
    int carry = 1;
    for (size_t i = length; i-- > 0;) {
        if (*negative) {
            int v = (uint8_t)~bytes[i] + carry;
            magnitude[i] = (uint8_t)v;
            carry = v >> 8;
        } else {
            magnitude[i] = bytes[i];
        }
    }
    /* Repeated division by 10, least significant digit first (quadratic, hence the cap). */
    size_t n = 0;
    size_t start = 0;
    while (start < length && magnitude[start] == 0) {
        start++;
    }
    while (start < length) {
        unsigned remainder = 0;
        for (size_t i = start; i < length; i++) {
            unsigned v = remainder << 8 | magnitude[i];
            magnitude[i] = (uint8_t)(v / 10);
            remainder = v % 10;
        }
        digits[n++] = (char)('0' + remainder);
        while (start < length && magnitude[start] == 0) {
            start++;
        }
    }
    if (n == 0) {
        digits[n++] = '0';
        *negative = false;
    }
    for (size_t i = 0; i < n / 2; i++) {
        char t = digits[i];
        digits[i] = digits[n - 1 - i];
        digits[n - 1 - i] = t;
    }
    digits[n] = '\0';
    return n;
}

/* Big-endian two's complement of any length. */
static void render_decimal_bytes(sgp_buf *out, const uint8_t *bytes, size_t length, int scale) {
    char digits[SGP_PQ_DECIMAL_DIGITS_SIZE];
    bool negative;
    size_t n = sgp_pq_decimal_digits(bytes, length, &negative, digits);
    if (n == 0) {
        /* Beyond SG_PQ_MAX_DECIMAL_DIGITS, the most any schema this reader accepts allows. */
        sgp_buf_printf(out, "\"<decimal of %zu bytes>\"", length);
        return;
    }
    render_scaled(out, negative, digits, n, scale);
}

void sgp_pq_render_value(sgp_buf *out, const sgp_pq_leaf *leaf, const void *values, size_t i) {
    const sgp_pq_span *spans = values;
    int64_t integer = 0;
    if (leaf->physical == SGP_PQ_INT32) {
        integer = ((const int32_t *)values)[i];
    } else if (leaf->physical == SGP_PQ_INT64) {
        integer = ((const int64_t *)values)[i];
    }
    switch (leaf->kind) {
    case SGP_PQ_V_BOOLEAN:
        sgp_buf_puts(out, ((const uint8_t *)values)[i] ? "true" : "false");
        break;
    case SGP_PQ_V_INT:
        sgp_buf_printf(out, "%" PRId64, integer);
        break;
    case SGP_PQ_V_UINT:
        sgp_buf_printf(out, "%" PRIu64,
                       leaf->physical == SGP_PQ_INT32 ? (uint64_t)(uint32_t)integer
                                                      : (uint64_t)integer);
        break;
    case SGP_PQ_V_FLOAT:
        sgp_pq_render_float(out, ((const float *)values)[i]);
        break;
    case SGP_PQ_V_DOUBLE:
        sgp_pq_render_double(out, ((const double *)values)[i]);
        break;
    case SGP_PQ_V_FLOAT16:
        sgp_pq_render_float(out, half_to_float((uint16_t)(spans[i].ptr[0] | spans[i].ptr[1] << 8)));
        break;
    case SGP_PQ_V_DECIMAL:
        if (leaf->physical == SGP_PQ_INT32 || leaf->physical == SGP_PQ_INT64) {
            render_decimal_int(out, integer, leaf->scale);
        } else {
            render_decimal_bytes(out, spans[i].ptr, spans[i].len, leaf->scale);
        }
        break;
    case SGP_PQ_V_DATE:
        sgp_buf_append(out, "\"", 1);
        render_date_text(out, integer);
        sgp_buf_append(out, "\"", 1);
        break;
    case SGP_PQ_V_TIME:
        sgp_buf_append(out, "\"", 1);
        render_time_text(out, integer, leaf->unit);
        sgp_buf_append(out, "\"", 1);
        break;
    case SGP_PQ_V_TIMESTAMP:
        render_timestamp(out, integer, leaf->unit, leaf->utc, -1);
        break;
    case SGP_PQ_V_INT96: {
        /* Julian day (signed) and nanoseconds of the day (signed), read the way Spark 3.5 does:
         * microseconds in wrapping 64-bit arithmetic, so a value Spark wrote after an overflow
         * reads back as Spark shows it (int96_from_spark.parquet), and days outside the int64
         * nanosecond range (before 1677, after 2262) still render. The sub-microsecond digits
         * follow. */
        int64_t nanos = (int64_t)le64(spans[i].ptr);
        int32_t julian = (int32_t)le32(spans[i].ptr + 8);
        uint64_t micros =
            (uint64_t)((int64_t)julian - 2440588) * 86400000000u + (uint64_t)(nanos / 1000);
        int64_t sub_micros = nanos % 1000;
        if (sub_micros < 0) {
            micros -= 1;
            sub_micros += 1000;
        }
        render_timestamp(out, (int64_t)micros, SGP_PQ_UNIT_MICROS, true, (int)sub_micros);
        break;
    }
    case SGP_PQ_V_STRING:
        sgp_pq_render_string(out, spans[i].ptr, spans[i].len);
        break;
    case SGP_PQ_V_UUID: {
        const uint8_t *b = spans[i].ptr;
        sgp_buf_printf(out,
                       "\"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\"",
                       b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                       b[12], b[13], b[14], b[15]);
        break;
    }
    case SGP_PQ_V_INTERVAL: {
        const uint8_t *b = spans[i].ptr;
        sgp_buf_printf(out, "{\"months\":%" PRIu32 ",\"days\":%" PRIu32 ",\"millis\":%" PRIu32 "}",
                       le32(b), le32(b + 4), le32(b + 8));
        break;
    }
    default:
        render_base64(out, spans[i].ptr, spans[i].len);
        break;
    }
}

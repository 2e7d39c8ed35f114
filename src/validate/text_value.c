/*
 * validate/text_value.c: the typed check of one text value (text_value.h); docs/validate-csv.md
 * is the specification of every syntax and rule here. Numbers, booleans and decimals follow the
 * Java and Spark parsers Spark 3.5's CSV reader uses (csv/values.h); dates and timestamps are a
 * documented ISO 8601 subset that Spark reads exactly; a value Spark would read with loss
 * (rounded, overflowing, truncated) breaks a rule too.
 */
#include "validate/text_value.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "csv/values.h"
#include "validate/csv_check.h"

#define SAY(...) snprintf(message, SGP_VALUE_MESSAGE_MAX, __VA_ARGS__)

int sgp_value_plan_init(sgp_value_plan *plan, const sg_type *type, char *message) {
    memset(plan, 0, sizeof *plan);
    plan->type = type;
    plan->kind = sg_type_kind(type);
    switch (plan->kind) {
    case SG_KIND_INT8:
        plan->lo = INT8_MIN;
        plan->hi = INT8_MAX;
        break;
    case SG_KIND_INT16:
        plan->lo = INT16_MIN;
        plan->hi = INT16_MAX;
        break;
    case SG_KIND_INT32:
        plan->lo = INT32_MIN;
        plan->hi = INT32_MAX;
        break;
    case SG_KIND_INT64:
        plan->lo = INT64_MIN;
        plan->hi = INT64_MAX;
        break;
    case SG_KIND_DECIMAL:
        plan->precision = sg_type_precision(type);
        plan->scale = sg_type_scale(type);
        break;
    case SG_KIND_STRING:
        plan->flavor = sg_type_string_flavor(type);
        plan->max_chars = plan->flavor == SG_STRING_PLAIN ? 0 : sg_type_max_length(type);
        break;
    case SG_KIND_FIXED:
        plan->size = sg_type_size(type);
        break;
    case SG_KIND_TIME:
    case SG_KIND_TIMESTAMP:
        plan->unit = sg_type_time_unit(type);
        plan->utc = sg_type_utc(type);
        break;
    case SG_KIND_STRUCT:
    case SG_KIND_LIST:
    case SG_KIND_MAP:
    case SG_KIND_UNION:
    case SG_KIND_VARIANT:
    case SG_KIND_DURATION:
        SAY("a %s cannot be written as one text field", sg_kind_name(plan->kind));
        return SG_EUNSUPPORTED;
    default:
        break;
    }
    return SG_OK;
}

/* Helpers ------------------------------------------------------------------------------------ */

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Why a would-be number is not one, for the message: the usual suspects first. */
static const char *number_hint(const char *s, size_t n) {
    if (n == 0) {
        return " (an empty string)";
    }
    if (is_space(s[0]) || is_space(s[n - 1])) {
        return " (spaces around it)";
    }
    return "";
}

/* Exactly count digits at s: their value, or -1. */
static int64_t digits(const char *s, int count) {
    int64_t value = 0;
    for (int i = 0; i < count; i++) {
        if (!is_digit(s[i])) {
            return -1;
        }
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

static bool leap(int64_t year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static int64_t month_days(int64_t year, int64_t month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[month - 1] + (month == 2 && leap(year));
}

/* yyyy-MM-dd at s (10 bytes): 1 a real date in 0001..9999, 0 the shape but no such day, -1 not
 * the shape. */
static int date_at(const char *s, size_t n, int64_t *year, int64_t *month, int64_t *day) {
    if (n < 10 || s[4] != '-' || s[7] != '-') {
        return -1;
    }
    *year = digits(s, 4);
    *month = digits(s + 5, 2);
    *day = digits(s + 8, 2);
    if (*year < 0 || *month < 0 || *day < 0) {
        return -1;
    }
    return *year >= 1 && *month >= 1 && *month <= 12 && *day >= 1 &&
                   *day <= month_days(*year, *month)
               ? 1
               : 0;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (March-based years make leap days last). */
static int64_t epoch_day(int64_t year, int64_t month, int64_t day) {
    int64_t y = month <= 2 ? year - 1 : year;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static int unit_digits(sg_time_unit unit) {
    return unit == SG_UNIT_MILLIS ? 3 : unit == SG_UNIT_MICROS ? 6 : 9;
}

/* A time of day at s: HH:mm[:ss[.fraction]] (fraction 1 to 9 digits). Fills the parts and
 * returns the bytes read, or 0 when there is none. */
static size_t time_at(const char *s, size_t n, int64_t *hms, int64_t *nanos, int *fraction,
                      int *significant) {
    if (n < 5 || s[2] != ':') {
        return 0;
    }
    int64_t hour = digits(s, 2), minute = digits(s + 3, 2), second = 0;
    if (hour < 0 || minute < 0 || hour > 23 || minute > 59) {
        return 0;
    }
    size_t i = 5;
    *nanos = 0;
    *fraction = *significant = 0;
    if (i < n && s[i] == ':') {
        if (n - i < 3 || (second = digits(s + i + 1, 2)) < 0 || second > 59) {
            return 0;
        }
        i += 3;
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && is_digit(s[i])) {
                if (*fraction == 9) {
                    return 0; /* more than nanoseconds */
                }
                *nanos = *nanos * 10 + (s[i] - '0');
                (*fraction)++;
                if (s[i] != '0') {
                    *significant = *fraction;
                }
                i++;
            }
            if (*fraction == 0) {
                return 0;
            }
            for (int k = *fraction; k < 9; k++) {
                *nanos *= 10;
            }
        }
    }
    *hms = hour * 3600 + minute * 60 + second;
    return i;
}

/* A zone at s, all of the rest: Z, or +-HH, +-HHmm, +-HH:mm within 18 hours. */
static bool zone_at(const char *s, size_t n, int64_t *offset) {
    *offset = 0;
    if (n == 1 && s[0] == 'Z') {
        return true;
    }
    if (n < 3 || (s[0] != '+' && s[0] != '-')) {
        return false;
    }
    int64_t hours = digits(s + 1, 2), minutes = 0;
    if (hours < 0) {
        return false;
    }
    if (n == 6 && s[3] == ':') {
        minutes = digits(s + 4, 2);
    } else if (n == 5) {
        minutes = digits(s + 3, 2);
    } else if (n != 3) {
        return false;
    }
    if (minutes < 0 || minutes > 59 || hours * 60 + minutes > 18 * 60) {
        return false;
    }
    *offset = (hours * 3600 + minutes * 60) * (s[0] == '-' ? -1 : 1);
    return true;
}

/* Checks by kind ----------------------------------------------------------------------------- */

static const char *check_integer(const sgp_value_plan *p, const char *s, size_t n, char *message) {
    size_t i = 0;
    bool negative = false;
    if (n && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        i = 1;
    }
    if (i == n) {
        SAY("not an integer%s", number_hint(s, n));
        return "invalid-integer";
    }
    /* The magnitude allowed on this side of zero, as unsigned (|INT64_MIN| does not fit). */
    uint64_t limit = negative ? (uint64_t)(-(p->lo + 1)) + 1u : (uint64_t)p->hi;
    uint64_t value = 0;
    bool beyond = false;
    for (; i < n; i++) {
        if (!is_digit(s[i])) {
            SAY("not an integer%s", number_hint(s, n));
            return "invalid-integer";
        }
        uint64_t digit = (uint64_t)(s[i] - '0');
        if (beyond || value > (limit - digit) / 10) {
            beyond = true;
        } else {
            value = value * 10 + digit;
        }
    }
    if (beyond) {
        SAY("outside %s (%" PRId64 "..%" PRId64 ")", sg_kind_name(p->kind), p->lo, p->hi);
        return "integer-out-of-range";
    }
    return NULL;
}

/* The digits of [+-]digits[.digits] (the usual spelling), as sgp_csv_decimal_digits counts
 * them; false for anything else. */
static bool plain_decimal(const char *s, size_t n, int64_t *integer_digits,
                          int64_t *fraction_digits) {
    size_t i = n && (s[0] == '+' || s[0] == '-');
    size_t start = i;
    while (i < n && s[i] == '0') {
        i++;
    }
    size_t significant = i;
    while (i < n && is_digit(s[i])) {
        i++;
    }
    *integer_digits = (int64_t)(i - significant);
    *fraction_digits = 0;
    bool any = i > start;
    if (i < n && s[i] == '.') {
        size_t point = ++i;
        for (; i < n && is_digit(s[i]); i++) {
            if (s[i] != '0') {
                *fraction_digits = (int64_t)(i - point + 1);
            }
        }
        any = any || i > point;
    }
    return any && i == n;
}

static const char *check_decimal(const sgp_value_plan *p, const char *s, size_t n, char *message) {
    int64_t integer_digits, fraction_digits;
    if (!plain_decimal(s, n, &integer_digits, &fraction_digits) &&
        !sgp_csv_decimal_digits(s, n, true, &integer_digits, &fraction_digits)) {
        SAY("not a decimal number%s", number_hint(s, n));
        return "invalid-decimal";
    }
    if (fraction_digits > p->scale) {
        SAY("%" PRId64 " digits after the point: decimal(%d,%d) holds %d (Spark would round it)",
            fraction_digits, p->precision, p->scale, p->scale);
        return "decimal-overflow";
    }
    if (integer_digits > p->precision - p->scale) {
        SAY("%" PRId64 " digits before the point: decimal(%d,%d) holds %d", integer_digits,
            p->precision, p->scale, p->precision - p->scale);
        return "decimal-overflow";
    }
    return NULL;
}

static bool equals(const char *s, size_t n, const char *word) {
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

static const char *check_float(const sgp_value_plan *p, const char *s, size_t n, char *message) {
    /* Spark's nanValue, positiveInf and negativeInf defaults, then Java's parser. */
    if (equals(s, n, "NaN") || equals(s, n, "Inf") || equals(s, n, "-Inf")) {
        return NULL;
    }
    if (!sgp_csv_parse_double(s, n)) {
        SAY("not a floating-point number%s", n == 0 ? " (an empty string)" : "");
        return "invalid-float";
    }
    bool single = p->kind == SG_KIND_FLOAT32;
    if (sgp_csv_float_overflows(s, n, single)) {
        SAY("beyond the range of %s: it would read as infinity", single ? "float32" : "float64");
        return "float-out-of-range";
    }
    return NULL;
}

static const char *check_date(const char *s, size_t n, char *message) {
    int64_t year, month, day;
    int shape = n == 10 ? date_at(s, n, &year, &month, &day) : -1;
    if (shape == 1) {
        return NULL;
    }
    if (shape == 0) {
        SAY("no such date (years 0001 to 9999)");
    } else {
        SAY("not a date (yyyy-MM-dd)%s", n == 0 ? " (an empty string)" : "");
    }
    return "invalid-date";
}

static const char *fraction_lost(const sgp_value_plan *p, int significant, const char *rule,
                                 char *message) {
    if (significant > unit_digits(p->unit)) {
        SAY("finer than %s: digits would be lost", sg_time_unit_name(p->unit));
        return rule;
    }
    return NULL;
}

static const char *check_timestamp(const sgp_value_plan *p, const char *s, size_t n,
                                   char *message) {
    static const char *const shape = "not a timestamp (yyyy-MM-dd HH:mm:ss[.fraction][zone])";
    int64_t year, month, day, hms = 0, nanos = 0, offset = 0;
    int fraction = 0, significant = 0;
    int date = date_at(s, n, &year, &month, &day);
    if (date < 0) {
        SAY("%s", shape);
        return "invalid-timestamp";
    }
    if (n == 10) {
        SAY("a date without a time of day");
        return "invalid-timestamp";
    }
    size_t used = 0;
    if (s[10] == 'T' || s[10] == ' ') {
        used = time_at(s + 11, n - 11, &hms, &nanos, &fraction, &significant);
    }
    if (used == 0) {
        SAY("%s", shape);
        return "invalid-timestamp";
    }
    size_t i = 11 + used;
    bool zoned = i < n;
    if (zoned && !zone_at(s + i, n - i, &offset)) {
        SAY("%s", shape);
        return "invalid-timestamp";
    }
    if (date == 0) {
        SAY("no such date (years 0001 to 9999)");
        return "invalid-timestamp";
    }
    if (zoned && !p->utc) {
        SAY("a zone in a local timestamp (a timestamp without time zone takes none)");
        return "invalid-timestamp";
    }
    const char *lost = fraction_lost(p, significant, "timestamp-out-of-range", message);
    if (lost) {
        return lost;
    }
    if (p->unit == SG_UNIT_NANOS) {
        /* int64 nanoseconds from the epoch reach 1677-09-21T00:12:43.145224192Z to
         * 2262-04-11T23:47:16.854775807Z. */
        int64_t seconds = epoch_day(year, month, day) * 86400 + hms - offset;
        if (seconds > 9223372036LL || (seconds == 9223372036LL && nanos > 854775807LL) ||
            seconds < -9223372037LL || (seconds == -9223372037LL && nanos < 145224192LL)) {
            SAY("beyond the range of timestamp(nanos) (1677-09-21 to 2262-04-11)");
            return "timestamp-out-of-range";
        }
    }
    return NULL;
}

static const char *check_time(const sgp_value_plan *p, const char *s, size_t n, char *message) {
    int64_t hms, nanos;
    int fraction, significant;
    if (time_at(s, n, &hms, &nanos, &fraction, &significant) != n || n == 0) {
        SAY("not a time of day (HH:mm[:ss[.fraction]])");
        return "invalid-time";
    }
    return fraction_lost(p, significant, "invalid-time", message);
}

static const char *check_string(const sgp_value_plan *p, const char *s, size_t n, char *message) {
    if (p->max_chars <= 0 || (int64_t)n <= p->max_chars) {
        return NULL; /* never more characters than bytes */
    }
    int64_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    if (chars <= p->max_chars) {
        return NULL;
    }
    SAY("%" PRId64 " characters, more than %s(%" PRId64 ")", chars,
        p->flavor == SG_STRING_CHAR ? "char" : "varchar", p->max_chars);
    return "string-too-long";
}

static const char *check_enum(const sgp_value_plan *p, const char *s, size_t n, char *message) {
    size_t count = sg_type_symbol_count(p->type);
    for (size_t k = 0; k < count; k++) {
        const char *symbol = sg_type_symbol(p->type, k);
        if (strlen(symbol) == n && memcmp(symbol, s, n) == 0) {
            return NULL;
        }
    }
    SAY("not one of the enum's %zu symbols", count);
    return "enum-value";
}

static const char *check_uuid(const char *s, size_t n, char *message) {
    bool ok = n == 36;
    for (size_t i = 0; ok && i < n; i++) {
        char c = s[i];
        ok = (i == 8 || i == 13 || i == 18 || i == 23)
                 ? c == '-'
                 : is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (ok) {
        return NULL;
    }
    SAY("not a UUID (8-4-4-4-12 hexadecimal digits)");
    return "uuid-format";
}

const char *sgp_value_check(const sgp_value_plan *p, const char *s, size_t n, char *message) {
    switch (p->kind) {
    case SG_KIND_BOOLEAN:
        if (sgp_csv_is_boolean(s, n)) {
            return NULL;
        }
        SAY("not true or false");
        return "invalid-boolean";
    case SG_KIND_INT8:
    case SG_KIND_INT16:
    case SG_KIND_INT32:
    case SG_KIND_INT64:
        return check_integer(p, s, n, message);
    case SG_KIND_DECIMAL:
        return check_decimal(p, s, n, message);
    case SG_KIND_FLOAT32:
    case SG_KIND_FLOAT64:
        return check_float(p, s, n, message);
    case SG_KIND_DATE:
        return check_date(s, n, message);
    case SG_KIND_TIMESTAMP:
        return check_timestamp(p, s, n, message);
    case SG_KIND_TIME:
        return check_time(p, s, n, message);
    case SG_KIND_STRING:
        return check_string(p, s, n, message);
    case SG_KIND_ENUM:
        return check_enum(p, s, n, message);
    case SG_KIND_UUID:
        return check_uuid(s, n, message);
    case SG_KIND_FIXED:
        if ((int64_t)n == p->size) {
            return NULL;
        }
        SAY("%zu bytes; fixed(%" PRId64 ") needs exactly %" PRId64, n, p->size, p->size);
        return "fixed-size";
    case SG_KIND_NULL:
        SAY("a value in a column of type null (only nulls fit)");
        return "invalid-value";
    case SG_KIND_BINARY:
        return NULL;
    default:
        SAY("a %s cannot be written as one text field", sg_kind_name(p->kind));
        return "invalid-value";
    }
}

const char *sgp_text_value_check(const sg_type *type, const char *text, size_t length,
                                 char *message) {
    sgp_value_plan plan;
    if (sgp_value_plan_init(&plan, type, message) != SG_OK) {
        return "invalid-value";
    }
    return sgp_value_check(&plan, text, length, message);
}

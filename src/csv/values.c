/*
 * csv/values.c: the cell syntaxes of csv/values.h. Each follows the Java or Spark parser named
 * in the header, for ASCII input: Java also takes non-ASCII digits in numbers, which no CSV
 * writer produces and which schemagate reads as text.
 */
#include "csv/values.h"

#include <string.h>

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

static bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Java String.trim and Spark's UTF8String.trimAll: bytes up to ' ' at both ends. */
static void trim(const char **s, size_t *n) {
    while (*n && (unsigned char)(*s)[0] <= ' ') {
        (*s)++;
        (*n)--;
    }
    while (*n && (unsigned char)(*s)[*n - 1] <= ' ') {
        (*n)--;
    }
}

static bool equals(const char *s, size_t n, const char *word) {
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

bool sgp_csv_parse_integer(const char *s, size_t n, int64_t lo, int64_t hi) {
    size_t i = 0;
    bool negative = false;
    if (n && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        i = 1;
    }
    if (i == n) {
        return false;
    }
    /* The magnitude allowed on this side of zero, as unsigned (|INT64_MIN| does not fit). */
    uint64_t limit = negative ? (lo >= 0 ? 0 : (uint64_t)(-(lo + 1)) + 1u) : (uint64_t)hi;
    if (!negative && hi < 0) {
        return false;
    }
    uint64_t value = 0;
    for (; i < n; i++) {
        if (!is_digit(s[i])) {
            return false;
        }
        uint64_t digit = (uint64_t)(s[i] - '0');
        if (value > (limit - digit) / 10) {
            return false;
        }
        value = value * 10 + digit;
    }
    return true;
}

bool sgp_csv_parse_bigdecimal(const char *s, size_t n, int64_t *precision, int64_t *scale) {
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    int64_t digits = 0, fraction = 0, significant = 0;
    bool point = false;
    for (; i < n; i++) {
        if (is_digit(s[i])) {
            digits++;
            fraction += point;
            if (significant || s[i] != '0') {
                significant++;
            }
        } else if (s[i] == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (digits == 0) {
        return false;
    }
    int64_t exponent = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool negative = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        size_t start = i;
        for (; i < n && is_digit(s[i]); i++) {
            exponent = exponent * 10 + (s[i] - '0');
            if (exponent > 2147483648LL) {
                return false; /* "Exponent overflow" */
            }
        }
        if (i == start) {
            return false;
        }
        exponent = negative ? -exponent : exponent;
        if (exponent > 2147483647LL) {
            return false;
        }
    }
    if (i != n) {
        return false;
    }
    int64_t adjusted = fraction - exponent;
    if (adjusted > 2147483647LL || adjusted < -2147483648LL) {
        return false; /* "Scale out of range" */
    }
    *precision = significant ? significant : 1;
    *scale = adjusted;
    return true;
}

/* The hexadecimal form after the sign: 0x then hex digits with an optional point, then a
 * binary exponent p[+-]digits, then an optional type suffix. */
static bool hex_double(const char *s, size_t n) {
    size_t i = 2, digits = 0;
    bool point = false;
    for (; i < n; i++) {
        if (is_hex(s[i])) {
            digits++;
        } else if (s[i] == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (digits == 0 || i == n || (s[i] != 'p' && s[i] != 'P')) {
        return false;
    }
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    size_t start = i;
    while (i < n && is_digit(s[i])) {
        i++;
    }
    if (i == start) {
        return false;
    }
    return i == n || (i == n - 1 && strchr("fFdD", s[i]) != NULL);
}

bool sgp_csv_parse_double(const char *s, size_t n) {
    trim(&s, &n);
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    if (equals(s + i, n - i, "NaN") || equals(s + i, n - i, "Infinity")) {
        return true;
    }
    if (n - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        return hex_double(s + i, n - i);
    }
    size_t digits = 0;
    bool point = false;
    for (; i < n; i++) {
        if (is_digit(s[i])) {
            digits++;
        } else if (s[i] == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        size_t start = i;
        while (i < n && is_digit(s[i])) {
            i++;
        }
        if (i == start) {
            return false;
        }
    }
    return i == n || (i == n - 1 && strchr("fFdD", s[i]) != NULL);
}

static bool leap(int64_t year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static bool valid_date(int64_t year, int64_t month, int64_t day) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) {
        return false;
    }
    return day <= days[month - 1] + (month == 2 && leap(year));
}

/* Reads between min and max digits at s[*i]; false if there are fewer or more. */
static bool number(const char *s, size_t n, size_t *i, int min, int max, int64_t *value) {
    int count = 0;
    *value = 0;
    while (*i < n && is_digit(s[*i])) {
        if (count < 18) {
            *value = *value * 10 + (s[*i] - '0');
        }
        count++;
        (*i)++;
    }
    return count >= min && count <= max;
}

bool sgp_csv_is_date(const char *s, size_t n) {
    if (n != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    size_t i = 0;
    int64_t year, month, day;
    if (!number(s, n, &i, 4, 4, &year)) {
        return false;
    }
    i++;
    if (!number(s, n, &i, 2, 2, &month)) {
        return false;
    }
    i++;
    return number(s, n, &i, 2, 2, &day) && i == n && valid_date(year, month, day);
}

/* ZoneOffset.of after Spark's clean-up of one-digit hours and minutes: [+-]h[h], [+-]hh[:]mm,
 * [+-]hh[:]mm[:]ss (the colons all present or all absent), within 18 hours. */
static bool zone_offset(const char *s, size_t n) {
    if (n < 2 || (s[0] != '+' && s[0] != '-')) {
        return false;
    }
    size_t i = 1;
    int64_t hours, minutes = 0, seconds = 0;
    if (!number(s, n, &i, 1, 2, &hours)) {
        size_t j = 1;
        /* [+-]hhmm or [+-]hhmmss without colons */
        int64_t packed;
        if (!number(s, n, &j, 4, 6, &packed) || j != n || (j - 1) % 2) {
            return false;
        }
        if (j - 1 == 6) {
            seconds = packed % 100;
            packed /= 100;
        }
        hours = packed / 100;
        minutes = packed % 100;
    } else if (i < n) {
        if (s[i] != ':') {
            return false;
        }
        i++;
        size_t at = i;
        if (!number(s, n, &i, 1, 2, &minutes) || (i - at == 1 && (i != n || at != 4))) {
            return false; /* a one-digit minute only as [+-]hh:m at the end (Spark pads it) */
        }
        if (i < n) {
            if (s[i] != ':') {
                return false;
            }
            i++;
            if (!number(s, n, &i, 2, 2, &seconds) || i != n) {
                return false;
            }
        }
    }
    if (hours > 18 || minutes > 59 || seconds > 59) {
        return false;
    }
    return hours * 3600 + minutes * 60 + seconds <= 18 * 3600;
}

/* ZoneId.of(id, SHORT_IDS) for the ids that need no time zone database. */
static bool zone_id(const char *s, size_t n) {
    static const char *const short_ids[] = {
        "ACT", "AET", "AGT", "ART", "AST", "BET", "BST", "CAT", "CNT", "CST",
        "CTT", "EAT", "ECT", "EST", "HST", "IET", "IST", "JST", "MIT", "MST",
        "NET", "NST", "PLT", "PNT", "PRT", "PST", "SST", "VST", NULL,
    };
    if (equals(s, n, "Z") || equals(s, n, "UTC") || equals(s, n, "GMT") || equals(s, n, "UT")) {
        return true;
    }
    for (const char *const *id = short_ids; *id; id++) {
        if (equals(s, n, *id)) {
            return true;
        }
    }
    if (n > 3 && (memcmp(s, "UTC", 3) == 0 || memcmp(s, "GMT", 3) == 0)) {
        return zone_offset(s + 3, n - 3);
    }
    if (n > 2 && memcmp(s, "UT", 2) == 0) {
        return zone_offset(s + 2, n - 2);
    }
    return zone_offset(s, n);
}

bool sgp_csv_is_timestamp(const char *s, size_t n) {
    trim(&s, &n);
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    int64_t year, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    if (!number(s, n, &i, 4, 6, &year)) {
        return false;
    }
    /* Each part is optional from the month on; when the text ends, what is read must make a
     * real date and time. */
    if (i < n) {
        if (s[i++] != '-' || !number(s, n, &i, 1, 2, &month)) {
            return false;
        }
    }
    if (i < n) {
        if (s[i++] != '-' || !number(s, n, &i, 1, 2, &day)) {
            return false;
        }
    }
    if (i < n) {
        char sep = s[i++];
        if ((sep != ' ' && sep != 'T') || !number(s, n, &i, 1, 2, &hour)) {
            return false;
        }
    }
    if (i < n) {
        if (s[i++] != ':' || !number(s, n, &i, 1, 2, &minute)) {
            return false;
        }
    }
    if (i < n) {
        if (s[i++] != ':' || !number(s, n, &i, 1, 2, &second)) {
            return false;
        }
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            i++; /* any number of digits; Spark keeps six */
        }
    }
    if (i < n) {
        const char *zone = s + i;
        size_t length = n - i;
        trim(&zone, &length);
        if (!zone_id(zone, length)) {
            return false;
        }
    }
    return valid_date(year, month, day) && hour <= 23 && minute <= 59 && second <= 59;
}

bool sgp_csv_is_boolean(const char *s, size_t n) {
    static const char *const words[] = {"true", "false"};
    for (size_t w = 0; w < 2; w++) {
        size_t len = strlen(words[w]);
        if (n != len) {
            continue;
        }
        size_t i = 0;
        while (i < n && (s[i] | 0x20) == words[w][i]) {
            i++;
        }
        if (i == n) {
            return true;
        }
    }
    return false;
}

/* Decimal shapes and float ranges ------------------------------------------------------------- */

/* A cursor over a number's text that may step over commas (Spark removes them first). */
typedef struct cursor {
    const char *s;
    size_t n;
    size_t i;
    bool commas;
} cursor;

static int at(cursor *c) {
    while (c->commas && c->i < c->n && c->s[c->i] == ',') {
        c->i++;
    }
    return c->i < c->n ? (unsigned char)c->s[c->i] : -1;
}

/* The significand of a decimal literal: digits with at most one point. */
typedef struct significand {
    int64_t digits;        /* all digits */
    int64_t integer_count; /* digits before the point */
    int64_t first;         /* index (among the digits) of the first non-zero digit; -1: none */
    int64_t last;          /* index of the last non-zero digit */
} significand;

static bool read_significand(cursor *c, significand *m) {
    m->digits = 0;
    m->first = m->last = -1;
    bool point = false;
    for (int ch = at(c); ch >= 0; ch = at(c)) {
        if (is_digit((char)ch)) {
            if (ch != '0') {
                m->first = m->first < 0 ? m->digits : m->first;
                m->last = m->digits;
            }
            m->digits++;
        } else if (ch == '.' && !point) {
            point = true;
            m->integer_count = m->digits;
        } else {
            break;
        }
        c->i++;
    }
    if (!point) {
        m->integer_count = m->digits;
    }
    return m->digits > 0;
}

/* [eE][+-]?digits after a significand, if there; the value is capped at +-cap. */
static bool read_exponent(cursor *c, int64_t cap, int64_t *exponent, bool *overflow) {
    *exponent = 0;
    *overflow = false;
    int ch = at(c);
    if (ch != 'e' && ch != 'E') {
        return true;
    }
    c->i++;
    bool negative = false;
    ch = at(c);
    if (ch == '+' || ch == '-') {
        negative = ch == '-';
        c->i++;
    }
    bool any = false;
    for (ch = at(c); ch >= 0 && is_digit((char)ch); ch = at(c)) {
        any = true;
        if (*exponent <= cap) {
            *exponent = *exponent * 10 + (ch - '0');
        }
        c->i++;
    }
    if (*exponent > cap) {
        *exponent = cap;
        *overflow = true;
    }
    *exponent = negative ? -*exponent : *exponent;
    return any;
}

bool sgp_csv_decimal_digits(const char *s, size_t n, bool commas, int64_t *integer_digits,
                            int64_t *fraction_digits) {
    cursor c = {s, n, 0, commas};
    int ch = at(&c);
    if (ch == '+' || ch == '-') {
        c.i++;
    }
    significand m;
    int64_t exponent;
    bool overflow;
    if (!read_significand(&c, &m) || !read_exponent(&c, 2147483648LL, &exponent, &overflow) ||
        at(&c) >= 0 || overflow || exponent > 2147483647LL) {
        return false; /* not BigDecimal syntax, or "Exponent overflow" */
    }
    int64_t scale = (m.digits - m.integer_count) - exponent;
    if (scale > 2147483647LL || scale < -2147483648LL) {
        return false; /* "Scale out of range" */
    }
    if (m.first < 0) {
        *integer_digits = *fraction_digits = 0;
        return true;
    }
    /* The power of ten of the first and of the last non-zero digit. */
    int64_t high = m.integer_count - 1 - m.first + exponent;
    int64_t low = m.integer_count - 1 - m.last + exponent;
    *integer_digits = high >= 0 ? high + 1 : 0;
    *fraction_digits = low < 0 ? -low : 0;
    return true;
}

/*
 * The smallest magnitudes that round to infinity: the largest finite value plus half a unit in
 * the last place, (2 - 2^-53) * 2^1023 and (2 - 2^-24) * 2^127, written out (both integers).
 */
static const char double_overflow[] =
    "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797"
    "75872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548"
    "45817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711"
    "559699508093042880177904174497792";
static const char float_overflow[] = "340282356779733661637539395458142568448";

/* A hexadecimal literal's magnitude: the leading one bit's power of two, and whether the bits
 * after it round the significand up past its top (p bits, all ones). */
static bool hex_overflows(const char *s, size_t n, bool single) {
    const int max_exponent = single ? 127 : 1023;
    const int mantissa_bits = single ? 23 : 52;
    size_t i = 2;
    int64_t integer_count = -1, count = 0, first = -1;
    unsigned first_value = 0;
    /* Bits after the leading one, up to mantissa + 1 of them. */
    int bits = 0;
    bool all_ones = true, round = false;
    for (; i < n && (is_hex(s[i]) || s[i] == '.'); i++) {
        if (s[i] == '.') {
            integer_count = count;
            continue;
        }
        unsigned v = (unsigned)(is_digit(s[i])                 ? s[i] - '0'
                                : (s[i] >= 'a' && s[i] <= 'f') ? s[i] - 'a' + 10
                                                               : s[i] - 'A' + 10);
        int from;
        if (first < 0) {
            if (v == 0) {
                count++;
                continue;
            }
            first = count;
            first_value = v;
            from = 0;
            while ((v >> (3 - from)) == 0) {
                from++;
            }
            from++; /* the bits after the leading one */
        } else {
            from = 0;
        }
        for (int b = from; b < 4; b++) {
            unsigned bit = (v >> (3 - b)) & 1u;
            if (bits < mantissa_bits) {
                all_ones = all_ones && bit;
            } else if (bits == mantissa_bits) {
                round = bit;
            }
            bits++;
        }
        count++;
    }
    if (integer_count < 0) {
        integer_count = count;
    }
    if (first < 0) {
        return false; /* zero */
    }
    i++; /* the p */
    bool negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        negative = s[i] == '-';
        i++;
    }
    int64_t exponent = 0;
    for (; i < n && is_digit(s[i]); i++) {
        if (exponent < 100000000) {
            exponent = exponent * 10 + (s[i] - '0');
        }
    }
    exponent = negative ? -exponent : exponent;
    int lead = 0;
    while ((first_value >> (lead + 1)) != 0) {
        lead++;
    }
    int64_t power = 4 * (integer_count - 1 - first) + lead + exponent;
    if (bits < mantissa_bits) {
        all_ones = false;
    }
    return power > max_exponent || (power == max_exponent && all_ones && round);
}

bool sgp_csv_float_overflows(const char *s, size_t n, bool single) {
    trim(&s, &n);
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    if (equals(s + i, n - i, "NaN") || equals(s + i, n - i, "Infinity")) {
        return false;
    }
    if (n - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        return hex_overflows(s + i, n - i, single);
    }
    cursor c = {s, n, i, false};
    significand m;
    int64_t exponent;
    bool overflow;
    if (!read_significand(&c, &m) || !read_exponent(&c, 1000000000LL, &exponent, &overflow) ||
        m.first < 0) {
        return false;
    }
    const char *limit = single ? float_overflow : double_overflow;
    int64_t limit_digits = (int64_t)strlen(limit);
    int64_t high = m.integer_count - 1 - m.first + exponent;
    if (high != limit_digits - 1) {
        return high > limit_digits - 1;
    }
    /* Same number of integer digits: compare the significant digits with the limit's. */
    int64_t k = 0;
    for (size_t j = i; j < n && k < limit_digits; j++) {
        if (!is_digit(s[j])) {
            if (s[j] == '.') {
                continue;
            }
            break;
        }
        if (k == 0 && s[j] == '0') {
            continue; /* leading zeros */
        }
        if (s[j] != limit[k]) {
            return s[j] > limit[k];
        }
        k++;
    }
    if (k < limit_digits) {
        /* The text ran out: what is left of the limit decides (it is not all zeros). */
        for (; k < limit_digits; k++) {
            if (limit[k] != '0') {
                return false;
            }
        }
    }
    return true; /* equal to the limit, or more digits after it: rounds up */
}

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

/*
 * csv/values.h: what a CSV cell's text can be read as, by the rules of the Java and Spark parsers
 * that Spark 3.5's CSV schema inference tries (docs/csv-inference.md, "Cell types") and its
 * CSV reader uses with a schema (docs/validate-csv.md). All take the cell's bytes and length (no
 * NUL needed) and only say yes or no, or give the number's shape.
 */
#ifndef SG_CSV_VALUES_H
#define SG_CSV_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Java Integer.parseInt / Long.parseLong: [+-]?[0-9]+ within [lo, hi]; no spaces. */
bool sgp_csv_parse_integer(const char *s, size_t n, int64_t lo, int64_t hi);

/*
 * new java.math.BigDecimal(s): [+-]? digits [. digits] ([eE] [+-]? digits)?, at least one digit
 * in the significand. *precision is the number of digits of the unscaled value (1 for zero),
 * *scale the digits after the point minus the exponent. False when not a number, or when the
 * exponent or scale does not fit a Java int (BigDecimal throws then too).
 */
bool sgp_csv_parse_bigdecimal(const char *s, size_t n, int64_t *precision, int64_t *scale);

/*
 * The digits a decimal needs, as Spark's CSV reader reads a DecimalType cell in the default
 * en-US locale: every comma removed, then new java.math.BigDecimal (the syntax above, exponent
 * and scale within a Java int). On success *integer_digits is the number of digits before the
 * point and *fraction_digits the number after it, leading and trailing zeros that carry nothing
 * left out (so 00120.500 needs 3 and 1, 1.5e3 needs 4 and 0, 0 needs 0 and 0). With commas
 * false a comma is an error, as in BigDecimal.
 */
bool sgp_csv_decimal_digits(const char *s, size_t n, bool commas, int64_t *integer_digits,
                            int64_t *fraction_digits);

/*
 * For text sgp_csv_parse_double accepts: true when its magnitude rounds (to nearest, ties to
 * even) beyond the largest finite double, or float when single is set, so Java reads it as an
 * infinity. NaN and Infinity themselves are not overflows.
 */
bool sgp_csv_float_overflows(const char *s, size_t n, bool single);

/*
 * Java Double.parseDouble: surrounding ASCII control characters and spaces ignored; [+-]? then
 * NaN, Infinity, a decimal number (digits, optional point, optional exponent) or a hexadecimal
 * one (0x1.8p3), optionally followed by one of f F d D.
 */
bool sgp_csv_parse_double(const char *s, size_t n);

/* Spark's default date format, yyyy-MM-dd, parsed strictly: a real calendar date. */
bool sgp_csv_is_date(const char *s, size_t n);

/*
 * A timestamp as Spark's default (lenient) timestamp parser reads it when no timestampFormat is
 * set, minus the forms that depend on the day of parsing or on the time zone database:
 *   [+-]yyyy[yy][-[m]m[-[d]d[( |T)[h]h[:[m]m[:[s]s[.fraction][zone]]]]]]
 * with surrounding spaces ignored, a real date and time, and zone one of Z, an offset
 * ([+-]h[h][[:]mm[[:]ss]]), UTC/GMT/UT alone or followed by an offset, or one of Java's short
 * zone ids (ZoneId.SHORT_IDS: EST, PST, JST, ...), after an optional space. Region ids
 * (Europe/Paris) and time-only values are refused: their meaning depends on the machine's time
 * zone database or on the day.
 */
bool sgp_csv_is_timestamp(const char *s, size_t n);

/* "true" or "false" in any letter case (Scala's String.toBoolean). */
bool sgp_csv_is_boolean(const char *s, size_t n);

#endif

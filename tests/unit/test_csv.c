/* tests/unit/test_csv.c: the CSV reader (records, dialects, every structural error with its
 * location, the same records at every chunk size and from a FILE*), the cell syntaxes, and
 * schema inference (each type, merging, nullability, header detection, header errors). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv/reader.h"
#include "csv/values.h"
#include "schemagate/csv.h"
#include "util/util.h"

/* Reading helpers ----------------------------------------------------------------------------- */

static void dump_text(sgp_buf *out, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            sgp_buf_puts(out, "\\n");
        } else if (c == '\r') {
            sgp_buf_puts(out, "\\r");
        } else if (c < 0x20 || c >= 0x7f || c == '|' || c == '\\') {
            sgp_buf_printf(out, "\\x%02X", c);
        } else {
            sgp_buf_append(out, (const char *)&c, 1);
        }
    }
}

/*
 * Every record as one line "#number Lline Ooffset: field|field", a field being [q][n]text@l:c
 * (q quoted, n null), then "E code line:col row: message" if reading failed.
 */
static char *dump_reader(sgp_csv_reader *r) {
    sgp_buf out = SGP_BUF_INIT;
    sgp_csv_record rec;
    sg_error err;
    int rc;
    while ((rc = sgp_csv_next(r, &rec, &err)) == 1) {
        sgp_buf_printf(&out, "#%lld L%lld O%lld%s:", (long long)rec.number, (long long)rec.line,
                       (long long)rec.offset, rec.is_header ? " H" : "");
        for (size_t i = 0; i < rec.count; i++) {
            const sgp_csv_field *f = &rec.fields[i];
            ck_assert_uint_eq(strlen(f->data), f->length);
            sgp_buf_puts(&out, i ? "|" : " ");
            sgp_buf_puts(&out, f->quoted ? "q" : "");
            sgp_buf_puts(&out, f->is_null ? "n" : "");
            dump_text(&out, f->data, f->length);
            sgp_buf_printf(&out, "@%lld:%lld", (long long)f->line, (long long)f->column);
        }
        /* Lenient mode: the flaws, as field/kind@line:column=byte. */
        for (size_t i = 0; i < rec.flaw_count; i++) {
            const sgp_csv_flaw *w = &rec.flaws[i];
            ck_assert(rec.fields[w->field].flaws & w->kind);
            sgp_buf_printf(&out, " !%zu/%u@%lld:%lld=%02X", w->field, w->kind, (long long)w->line,
                           (long long)w->column, w->byte);
        }
        sgp_buf_puts(&out, "\n");
    }
    if (rc < 0) {
        sgp_buf_printf(&out, "E %d %d:%d row %lld: %s\n", rc, err.line, err.column,
                       (long long)err.row, err.message);
        /* Errors are sticky. */
        sg_error again;
        ck_assert_int_eq(sgp_csv_next(r, &rec, &again), rc);
        ck_assert_str_eq(again.message, err.message);
    }
    return sgp_buf_take(&out);
}

static char *read_with(const char *data, size_t n, const sgp_csv_dialect *d) {
    sgp_csv_reader *r = NULL;
    sg_error err;
    ck_assert_int_eq(sgp_csv_reader_open_buffer(&r, data, n, "t.csv", d, &err), SG_OK);
    char *text = dump_reader(r);
    sgp_csv_reader_free(r);
    return text;
}

static char *read_file_with(const char *data, size_t n, const sgp_csv_dialect *d) {
    /* fmemopen of zero bytes is unspecified: an empty temporary file instead. */
    FILE *f = n ? fmemopen((void *)data, n, "rb") : tmpfile();
    ck_assert_ptr_nonnull(f);
    sgp_csv_reader *r = NULL;
    sg_error err;
    ck_assert_int_eq(sgp_csv_reader_open_file(&r, f, "t.csv", d, &err), SG_OK);
    char *text = dump_reader(r);
    sgp_csv_reader_free(r);
    fclose(f);
    return text;
}

/* Reads data at many chunk sizes, from memory and from a FILE*, checks they all agree, and
 * returns the dump. */
static char *read_all_ways(const char *data, size_t n, const sgp_csv_dialect *base) {
    static const size_t chunks[] = {0, 1, 2, 3, 4, 5, 7, 13, 64};
    sgp_csv_dialect d = *base;
    d.chunk_size = 0;
    char *want = read_with(data, n, &d);
    ck_assert_ptr_nonnull(want);
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        d.chunk_size = chunks[i];
        char *got = read_with(data, n, &d);
        ck_assert_msg(strcmp(got, want) == 0, "chunk %zu:\n%s\nvs default:\n%s", chunks[i], got,
                      want);
        free(got);
        got = read_file_with(data, n, &d);
        ck_assert_msg(strcmp(got, want) == 0, "FILE chunk %zu:\n%s\nvs default:\n%s", chunks[i],
                      got, want);
        free(got);
    }
    return want;
}

static void expect_read(const char *data, const sgp_csv_dialect *d, const char *want) {
    char *got = read_all_ways(data, strlen(data), d);
    ck_assert_str_eq(got, want);
    free(got);
}

static void expect_default(const char *data, const char *want) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    expect_read(data, &d, want);
}

/* The reader ---------------------------------------------------------------------------------- */

START_TEST(reader_basic_records) {
    expect_default("a,b,c\n1,,3\n", "#0 L1 O0: a@1:1|b@1:3|c@1:5\n"
                                    "#1 L2 O6: 1@2:1|@2:3|3@2:4\n");
    /* No newline at the end; an empty last field; an empty input. */
    expect_default("x,\ny", "#0 L1 O0: x@1:1|@1:3\n#1 L2 O3: y@2:1\n");
    expect_default("", "");
    expect_default("a,b\n\n", "#0 L1 O0: a@1:1|b@1:3\n");
}
END_TEST

START_TEST(reader_quotes) {
    /* Quoted delimiters and line breaks, doubled quotes, an empty quoted field; the physical
     * line count goes on inside quotes. */
    expect_default("\"a,b\",\"x\ny\"\n\"he said \"\"hi\"\"\",\"\"\nz,\"\"\"\"\n",
                   "#0 L1 O0: qa,b@1:1|qx\\ny@1:7\n"
                   "#1 L3 O12: qhe said \"hi\"@3:1|q@3:18\n"
                   "#2 L4 O32: z@4:1|q\"@4:3\n");
    /* CRLF inside quotes is content. */
    expect_default("\"a\r\nb\"\r\nc\r\n", "#0 L1 O0: qa\\r\\nb@1:1\n#1 L3 O8: c@3:1\n");
}
END_TEST

START_TEST(reader_line_endings) {
    expect_default("a,b\r\nc,d\re,f\n\rg", "#0 L1 O0: a@1:1|b@1:3\n"
                                           "#1 L2 O5: c@2:1|d@2:3\n"
                                           "#2 L3 O9: e@3:1|f@3:3\n"
                                           "#3 L5 O14: g@5:1\n");
    /* CR at a chunk boundary then LF: one line ending (checked at every chunk size). */
    expect_default("a\r\n\r\nb\r", "#0 L1 O0: a@1:1\n#1 L3 O5: b@3:1\n");
}
END_TEST

START_TEST(reader_bom_and_skip_rows) {
    expect_default("\xEF\xBB\xBF"
                   "a,b\n",
                   "#0 L1 O3: a@1:1|b@1:3\n");
    /* A BOM anywhere else is a character of the field. */
    expect_default("a,\xEF\xBB\xBF"
                   "b\n",
                   "#0 L1 O0: a@1:1|\\xEF\\xBB\\xBFb@1:3\n");
    /* Only a BOM, and a lone EF BB (which is no BOM, and truncated UTF-8). */
    expect_default("\xEF\xBB\xBF", "");
    expect_default("\xEF\xBB", "E -2 1:1 row 0: invalid UTF-8 in field 1: the input ends inside a "
                               "character (the data must be UTF-8 text)\n");
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    d.skip_rows = 2;
    /* Skipped lines are not parsed: an odd quote there is fine. */
    expect_read("\xEF\xBB\xBFtitle \"x\nmore\r\na,b\n", &d, "#0 L3 O18: a@3:1|b@3:3\n");
    expect_read("one line\n", &d, "");
    d.skip_rows = 1;
    expect_read("junk\r\n\nc\n", &d, "#0 L3 O7: c@3:1\n");
}
END_TEST

START_TEST(reader_blank_lines) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    expect_read("a\n\n\r\n\rb\n", &d, "#0 L1 O0: a@1:1\n#1 L5 O6: b@5:1\n");
    d.skip_blank_lines = false;
    expect_read("a\n\n\"\"\n", &d, "#0 L1 O0: a@1:1\n#1 L2 O2: @2:1\n#2 L3 O3: q@3:1\n");
}
END_TEST

START_TEST(reader_null_token_and_header) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    d.null_token = "\\N";
    d.header = true;
    expect_read("h1,h2\n\\N,\"\\N\"\n,\\Nx\n", &d,
                "#0 L1 O0 H: h1@1:1|h2@1:4\n"
                "#1 L2 O6: n\\x5CN@2:1|qn\\x5CN@2:4\n"
                "#2 L3 O14: @3:1|\\x5CNx@3:2\n");
}
END_TEST

START_TEST(reader_escape_character) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    d.escape = '\\';
    /* Escaped delimiter, quote, escape, line break (LF, and a CRLF pair) in both field kinds. */
    expect_read("a\\,b,\"c\\\"d\",e\\\\f\ng\\\nh,\"i\\\r\nj\"\n", &d,
                "#0 L1 O0: a,b@1:1|qc\"d@1:6|e\\x5Cf@1:13\n"
                "#1 L2 O17: g\\nh@2:1|qi\\r\\nj@3:3\n");
    /* Before an ordinary character the escape stays: \N can still be the null token. */
    d.null_token = "\\N";
    expect_read("\\N,\"\\N\",a\\tb\n", &d, "#0 L1 O0: n\\x5CN@1:1|qn\\x5CN@1:4|a\\x5Ctb@1:9\n");
    d.null_token = NULL;
    /* Escape equal to the quote is RFC 4180. */
    d.escape = '"';
    expect_read("\"a\"\"b\"\n", &d, "#0 L1 O0: qa\"b@1:1\n");
    /* No quoting at all (Hive LazySimpleSerDe style, tab-separated). */
    sgp_csv_dialect_init(&d);
    d.quote = '\0';
    d.delimiter = '\t';
    d.escape = '\\';
    expect_read("a\"b\t\"c\\\td\"\n", &d, "#0 L1 O0: a\"b@1:1|\"c\\x09d\"@1:5\n");
}
END_TEST

START_TEST(reader_structural_errors) {
    /* Unclosed quote: located at the opening quote. */
    expect_default("a,b\nc,\"d\ne,f\n",
                   "#0 L1 O0: a@1:1|b@1:3\n"
                   "E -2 2:3 row 1: the quote opened here is never closed (the input ends inside "
                   "quoted field 2)\n");
    /* A quote inside an unquoted field (RFC 4180 strict). */
    expect_default("ab\"c\n", "E -2 1:3 row 0: quote character inside unquoted field 1 (RFC 4180: "
                              "quote the whole field and double the quote, or read with no quote "
                              "character)\n");
    /* Characters after the closing quote. */
    expect_default("x\n\"a\" ,b\n", "#0 L1 O0: x@1:1\n"
                                    "E -2 2:4 row 1: a space after the closing quote of field 1 (a "
                                    "quote inside a quoted field is written twice)\n");
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    d.escape = '\\';
    expect_read("\"a\"\"b\"\n", &d,
                "E -2 1:4 row 0: '\"' after the closing quote of field 1 (with an escape "
                "character, a quote inside a quoted field is escaped, not doubled)\n");
    /* An escape at the end of the input, or before an ordinary character, is itself. */
    expect_read("ab\\", &d, "#0 L1 O0: ab\\x5C@1:1\n");
    expect_read("\"ab\\", &d,
                "E -2 1:1 row 0: the quote opened here is never closed (the input ends inside "
                "quoted field 1)\n");
    /* A NUL byte: column in characters (é is one), record number counts records. */
    static const char nul[] = "h\n\xC3\xA9,x\0y\n";
    char *got = read_all_ways(nul, sizeof nul - 1, &d);
    ck_assert_str_eq(got, "#0 L1 O0: h@1:1\nE -2 2:4 row 1: NUL byte in field 2 (is the file "
                          "UTF-16 or compressed?)\n");
    free(got);
    static const char nul_start[] = "a,\0";
    got = read_all_ways(nul_start, sizeof nul_start - 1, &d);
    ck_assert_str_eq(got, "E -2 1:3 row 0: NUL byte in field 2 (is the file UTF-16 or "
                          "compressed?)\n");
    free(got);
}
END_TEST

START_TEST(reader_invalid_utf8) {
    /* A stray continuation byte, an overlong, a surrogate, a byte that never starts UTF-8, a
     * lead byte followed by ASCII, and a sequence cut by the end of the input. */
    expect_default("ok\n\"x\x80\"\n", "#0 L1 O0: ok@1:1\nE -2 2:3 row 1: invalid UTF-8 in field 1: "
                                      "byte 0x80 (the data must be UTF-8 text)\n");
    expect_default("\xC0\xAF", "E -2 1:1 row 0: invalid UTF-8 in field 1: byte 0xC0 (the data must "
                               "be UTF-8 text)\n");
    expect_default("a,\xED\xA0\x80", "E -2 1:3 row 0: invalid UTF-8 in field 2: byte 0xA0 (the "
                                     "data must be UTF-8 text)\n");
    expect_default("\xE2\x82\xAC\xFF", "E -2 1:2 row 0: invalid UTF-8 in field 1: byte 0xFF (the "
                                       "data must be UTF-8 text)\n");
    expect_default("\xC3,", "E -2 1:1 row 0: invalid UTF-8 in field 1: byte 0x2C (the data must be "
                            "UTF-8 text)\n");
    expect_default("\xF0\x9F\x98",
                   "E -2 1:1 row 0: invalid UTF-8 in field 1: the input ends inside "
                   "a character (the data must be UTF-8 text)\n");
    /* Valid: 2-, 3- and 4-byte characters count one column each. */
    expect_default("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80,x\n",
                   "#0 L1 O0: \\xC3\\xA9\\xE2\\x82\\xAC\\xF0\\x9F\\x98\\x80@1:1|x@1:5\n");
}
END_TEST

START_TEST(reader_limits) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    d.max_record_bytes = 8;
    expect_read("1234,567\n\"123456789\n", &d,
                "#0 L1 O0: 1234@1:1|567@1:6\n"
                "E -5 2:10 row 1: the record starting at line 2 is larger than the limit of 8 "
                "bytes (an unclosed quote makes the rest of the file one field)\n");
    d.max_record_bytes = 0;
    d.max_columns = 3;
    expect_read("a,b,c\na,b,c,d\n", &d,
                "#0 L1 O0: a@1:1|b@1:3|c@1:5\n"
                "E -5 2:7 row 1: the record has more than the limit of 3 fields\n");
}
END_TEST

START_TEST(reader_default_limits) {
    /* The real limits: one field just over 16 MiB, and 16385 fields. */
    size_t n = 16u * 1024u * 1024u + 8u;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    memset(big, 'x', n);
    big[0] = '"';
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    sgp_csv_reader *r = NULL;
    sg_error err;
    sgp_csv_record rec;
    ck_assert_int_eq(sgp_csv_reader_open_buffer(&r, big, n, "big.csv", &d, &err), SG_OK);
    ck_assert_int_eq(sgp_csv_next(r, &rec, &err), SG_ELIMIT);
    ck_assert_int_eq(err.line, 1);
    sgp_csv_reader_free(r);
    for (size_t i = 0; i < 16385 * 2; i++) {
        big[i] = i % 2 ? ',' : 'a';
    }
    ck_assert_int_eq(sgp_csv_reader_open_buffer(&r, big, 16385 * 2, "wide.csv", &d, &err), SG_OK);
    ck_assert_int_eq(sgp_csv_next(r, &rec, &err), SG_ELIMIT);
    ck_assert_str_eq(err.message, "the record has more than the limit of 16384 fields");
    ck_assert_int_eq(err.column, 32769);
    sgp_csv_reader_free(r);
    free(big);
}
END_TEST

START_TEST(reader_expected_fields_and_offsets) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    sgp_csv_reader *r = NULL;
    sg_error err;
    sgp_csv_record rec;
    const char *text = "a,b,c\n1,2\n";
    ck_assert_int_eq(sgp_csv_reader_open_buffer(&r, text, strlen(text), NULL, &d, &err), SG_OK);
    ck_assert_uint_eq(sgp_csv_expected_fields(r), 0);
    ck_assert_str_eq(sgp_csv_source(r), "<string>");
    ck_assert_int_eq(sgp_csv_next(r, &rec, &err), 1);
    ck_assert_uint_eq(sgp_csv_expected_fields(r), 3);
    ck_assert_int_eq(sgp_csv_next(r, &rec, &err), 1);
    ck_assert_uint_eq(rec.count, 2);
    ck_assert_uint_eq(sgp_csv_expected_fields(r), 3);
    ck_assert_int_eq(sgp_csv_fail_at(r, &rec, &rec.fields[1], &err, SG_EINVALID, "short %d", 2),
                     SG_EINVALID);
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 3);
    ck_assert_int_eq(err.row, 1);
    ck_assert_str_eq(err.message, "short 2");
    ck_assert_int_eq(sgp_csv_next(r, &rec, &err), 0);
    ck_assert_int_eq(sgp_csv_next(r, &rec, &err), 0);
    sgp_csv_reader_free(r);
}
END_TEST

START_TEST(reader_bad_dialects_and_io) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    sgp_csv_reader *r = NULL;
    sg_error err;
    d.quote = ',';
    ck_assert_int_eq(sgp_csv_reader_open_buffer(&r, "", 0, "x.csv", &d, &err), SG_EUSAGE);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.source, "x.csv");
    sgp_csv_dialect_init(&d);
    d.delimiter = '\n';
    ck_assert_int_eq(sgp_csv_dialect_check(&d, &err), SG_EUSAGE);
    sgp_csv_dialect_init(&d);
    d.escape = ',';
    ck_assert_int_eq(sgp_csv_dialect_check(&d, &err), SG_EUSAGE);
    sgp_csv_dialect_init(&d);
    d.skip_rows = -1;
    ck_assert_int_eq(sgp_csv_dialect_check(&d, &err), SG_EUSAGE);
    sgp_csv_dialect_init(&d);
    d.delimiter = (char)0xC3;
    ck_assert_int_eq(sgp_csv_dialect_check(&d, &err), SG_EUSAGE);
    /* Reading a stream opened for writing fails: SG_EIO. */
    sgp_csv_dialect_init(&d);
    FILE *f = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(sgp_csv_reader_open_file(&r, f, "w.csv", &d, &err), SG_OK);
    sgp_csv_record rec;
    ck_assert_int_eq(sgp_csv_next(r, &rec, &err), SG_EIO);
    sgp_csv_reader_free(r);
    fclose(f);
}
END_TEST

START_TEST(reader_lenient_flaws) {
    sgp_csv_dialect d;
    sgp_csv_dialect_init(&d);
    d.lenient = true;
    /* A quote inside an unquoted field, text after a closing quote (the closing quote is
     * dropped, the rest kept), invalid UTF-8 (kept as is): flagged once per kind and field, and
     * the reader goes on. */
    expect_read("ab\"c\"d,\"x\"y\"z\",\xC3(\xFF\nok,\"\"\n", &d,
                "#0 L1 O0: ab\"c\"d@1:1|qxy\"z\"@1:8|\\xC3(\\xFF@1:16"
                " !0/1@1:3=22 !1/2@1:11=79 !1/1@1:12=22 !2/4@1:16=C3\n"
                "#1 L2 O19: ok@2:1|q@2:4\n");
    /* With an escape character; a quote after the closing quote. */
    d.escape = '\\';
    expect_read(
        "\"a\"\"b\",\xE2\x82\xACx\x80\n", &d,
        "#0 L1 O0: qa\"b\"@1:1|\\xE2\\x82\\xACx\\x80@1:8 !0/2@1:4=22 !0/1@1:4=22 !1/4@1:10=80\n");
    /* An unclosed quote: the rest of the input is one flawed field of a last record. */
    expect_read("a,\"b\nc,d\n", &d, "#0 L1 O0: a@1:1|qb\\nc,d\\n@1:3 !1/8@1:3=22\n");
    /* NUL bytes stay errors. */
    static const char nul[] = "a,b\0\n";
    char *got = read_all_ways(nul, sizeof nul - 1, &d);
    ck_assert_str_eq(got, "E -2 1:4 row 0: NUL byte in field 2 (is the file UTF-16 or "
                          "compressed?)\n");
    free(got);
}
END_TEST

/* The raw bytes of the records, concatenated, are the input without the BOM, the skipped lines
 * and the blank lines, at every chunk size. */
START_TEST(reader_raw_records) {
    static const char input[] =
        "\xEF\xBB\xBFskipped\r\nh1,h2\r\n\"a\r\nb\",c\r\n\r\n\nd,\"e\"\rf,g";
    static const char want[] = "h1,h2\r\n\"a\r\nb\",c\r\nd,\"e\"\rf,g";
    static const size_t chunks[] = {0, 1, 2, 3, 5, 64};
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        sgp_csv_dialect d;
        sgp_csv_dialect_init(&d);
        d.skip_rows = 1;
        d.chunk_size = chunks[k];
        sgp_csv_reader *r = NULL;
        sg_error err;
        ck_assert_int_eq(sgp_csv_reader_open_buffer(&r, input, sizeof input - 1, "t.csv", &d, &err),
                         SG_OK);
        sgp_buf raw = SGP_BUF_INIT;
        sgp_csv_record rec;
        int records = 0;
        while (sgp_csv_next(r, &rec, &err) == 1) {
            ck_assert_int_eq(memcmp(rec.raw, input + rec.offset, rec.raw_length), 0);
            sgp_buf_append(&raw, rec.raw, rec.raw_length);
            records++;
        }
        ck_assert_int_eq(records, 4);
        ck_assert_int_eq(sgp_csv_bytes_read(r), (int64_t)sizeof input - 1);
        char *text = sgp_buf_take(&raw);
        ck_assert_str_eq(text, want);
        free(text);
        sgp_csv_reader_free(r);
    }
}
END_TEST

/* Mutations: every truncation and a set of byte replacements of some inputs read the same at
 * every chunk size and fail cleanly (the sanitizer build catches any over-read or leak). */
START_TEST(reader_mutations_agree_across_chunks) {
    static const char *const seeds[] = {
        "id,name,note\r\n1,\"Smith, J\",\"said \"\"hi\"\"\"\n2,\xC3\xA9t\xC3\xA9,\n",
        "\xEF\xBB\xBF"
        "a;b\n\"x\ny\";\\N\n",
        "a\\,b,\"c\\\"d\"\re\\\nf,g\n",
    };
    static const unsigned char replacements[] = {'"', ',',  ';',  '\n', '\r', '\\',
                                                 0,   0xFF, 0xC3, 0xA9, 'a',  ' '};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        size_t n = strlen(seeds[s]);
        char *copy = malloc(n);
        ck_assert_ptr_nonnull(copy);
        for (int mode = 0; mode < 4; mode++) {
            sgp_csv_dialect d;
            sgp_csv_dialect_init(&d);
            d.delimiter = mode == 1 ? ';' : ',';
            d.escape = mode == 2 ? '\\' : '\0';
            d.lenient = mode == 3;
            d.null_token = "\\N";
            for (size_t cut = 0; cut <= n; cut++) {
                free(read_all_ways(seeds[s], cut, &d));
            }
            for (size_t i = 0; i < n; i++) {
                for (size_t k = 0; k < sizeof replacements; k++) {
                    memcpy(copy, seeds[s], n);
                    copy[i] = (char)replacements[k];
                    d.chunk_size = 0;
                    char *a = read_with(copy, n, &d);
                    d.chunk_size = 1;
                    char *b = read_with(copy, n, &d);
                    d.chunk_size = 3;
                    char *c = read_with(copy, n, &d);
                    ck_assert_str_eq(a, b);
                    ck_assert_str_eq(a, c);
                    free(a);
                    free(b);
                    free(c);
                }
            }
        }
        free(copy);
    }
}
END_TEST

/* Cell syntaxes ---------------------------------------------------------------------------------
 */

static bool is_int(const char *s, int64_t lo, int64_t hi) {
    return sgp_csv_parse_integer(s, strlen(s), lo, hi);
}

START_TEST(values_integers) {
    ck_assert(is_int("0", INT32_MIN, INT32_MAX));
    ck_assert(is_int("+7", INT32_MIN, INT32_MAX));
    ck_assert(is_int("-007", INT32_MIN, INT32_MAX));
    ck_assert(is_int("2147483647", INT32_MIN, INT32_MAX));
    ck_assert(!is_int("2147483648", INT32_MIN, INT32_MAX));
    ck_assert(is_int("-2147483648", INT32_MIN, INT32_MAX));
    ck_assert(!is_int("-2147483649", INT32_MIN, INT32_MAX));
    ck_assert(is_int("9223372036854775807", INT64_MIN, INT64_MAX));
    ck_assert(!is_int("9223372036854775808", INT64_MIN, INT64_MAX));
    ck_assert(is_int("-9223372036854775808", INT64_MIN, INT64_MAX));
    ck_assert(!is_int("-9223372036854775809", INT64_MIN, INT64_MAX));
    ck_assert(!is_int("99999999999999999999999", INT64_MIN, INT64_MAX));
    ck_assert(!is_int("", INT32_MIN, INT32_MAX));
    ck_assert(!is_int("-", INT32_MIN, INT32_MAX));
    ck_assert(!is_int(" 1", INT32_MIN, INT32_MAX));
    ck_assert(!is_int("1 ", INT32_MIN, INT32_MAX));
    ck_assert(!is_int("1.0", INT32_MIN, INT32_MAX));
    ck_assert(!is_int("0x10", INT32_MIN, INT32_MAX));
}
END_TEST

static bool decimal(const char *s, int64_t precision, int64_t scale) {
    int64_t p = -1, sc = -1;
    return sgp_csv_parse_bigdecimal(s, strlen(s), &p, &sc) && p == precision && sc == scale;
}

static bool not_decimal(const char *s) {
    int64_t p, sc;
    return !sgp_csv_parse_bigdecimal(s, strlen(s), &p, &sc);
}

START_TEST(values_decimals) {
    ck_assert(decimal("12345678901234567890", 20, 0));
    ck_assert(decimal("-00012", 2, 0));
    ck_assert(decimal("0", 1, 0));
    ck_assert(decimal("0.00", 1, 2));
    ck_assert(decimal("1.50", 3, 2));
    ck_assert(decimal("100.", 3, 0));
    ck_assert(decimal(".5", 1, 1));
    ck_assert(decimal("1e5", 1, -5));
    ck_assert(decimal("1.0E1", 2, 0));
    ck_assert(decimal("+12e-2", 2, 2));
    ck_assert(not_decimal(""));
    ck_assert(not_decimal("."));
    ck_assert(not_decimal("1e"));
    ck_assert(not_decimal("1e+"));
    ck_assert(not_decimal("1.2.3"));
    ck_assert(not_decimal(" 1"));
    ck_assert(not_decimal("1f"));
    ck_assert(not_decimal("NaN"));
    ck_assert(not_decimal("1e99999999999"));
    ck_assert(decimal("1e2147483647", 1, -2147483647));
    ck_assert(not_decimal("0.1e-2147483648")); /* scale 2147483649: out of range */
}
END_TEST

static bool dbl(const char *s) {
    return sgp_csv_parse_double(s, strlen(s));
}

START_TEST(values_doubles) {
    static const char *const yes[] = {"1",    "1.",    ".5",        "-1.5e-3", "1E+10",
                                      "1f",   "2.5D",  " 3.0 ",     "NaN",     "-Infinity",
                                      "+NaN", "0x1p3", "0X1.8P-1d", "0x.8p1",  "1e400"};
    static const char *const no[] = {"",    ".",        "e5",  "1e",    "1.5ff",
                                     "Inf", "nan",      "0x1", "0xp1",  "1 2",
                                     "1,5", "infinity", "--1", "1e5.0", "0x1.8"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        ck_assert_msg(dbl(yes[i]), "%s should be a double", yes[i]);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        ck_assert_msg(!dbl(no[i]), "%s should not be a double", no[i]);
    }
}
END_TEST

static bool date(const char *s) {
    return sgp_csv_is_date(s, strlen(s));
}

static bool ts(const char *s) {
    return sgp_csv_is_timestamp(s, strlen(s));
}

START_TEST(values_dates_timestamps_booleans) {
    ck_assert(date("2024-02-29"));
    ck_assert(date("2000-02-29"));
    ck_assert(!date("1900-02-29"));
    ck_assert(!date("2023-02-29"));
    ck_assert(!date("2024-13-01"));
    ck_assert(!date("2024-04-31"));
    ck_assert(!date("2024-1-01"));
    ck_assert(!date(" 2024-01-01"));
    ck_assert(!date("2024/01/01"));
    static const char *const yes[] = {
        "2024-01-15 10:30:00",
        "2024-01-15T10:30:00",
        "2024-01-15 10:30:00.123456",
        "2024-01-15T10:30:00.123456789Z",
        "2024-01-15T10:30:00+01:00",
        "2024-01-15 10:30:00 -0530",
        "2024-01-15 10:30:00 UTC",
        "2024-01-15 10:30:00GMT+2",
        "2024-01-15 10:30:00 PST",
        "2024-01-15 10:30:00.",
        "2024-01-15 10:30",
        "2024-01-15T10",
        "2024-1-5",
        "2024-01",
        "2024",
        "+12024-01-01",
        " 2024-01-15 10:30:00 ",
        "2024-01-15 10:30:00+1:30",
        "2024-01-15 10:30:00+18:00",
    };
    static const char *const no[] = {
        "",
        "10:30:00",
        "T10:30",
        "2024-01-15T",
        "2024-01-15 10:",
        "2024-01-15T10:30Z",
        "2024-01-15 25:00:00",
        "2024-01-15 10:60:00",
        "2024-02-30 10:00:00",
        "2024-01-15 10:30:00 Europe/Paris",
        "2024-01-15 10:30:00 utc",
        "2024-01-15 10:30:00+19:00",
        "2024-01-15 10:30:00+05:3x",
        "2024-01-15  10:30:00",
        "24-01-15",
        "2024-01-15 10:30:00.5.5",
        "1234567-01-01",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        ck_assert_msg(ts(yes[i]), "%s should be a timestamp", yes[i]);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        ck_assert_msg(!ts(no[i]), "%s should not be a timestamp", no[i]);
    }
    ck_assert(sgp_csv_is_boolean("TRUE", 4));
    ck_assert(sgp_csv_is_boolean("faLse", 5));
    ck_assert(!sgp_csv_is_boolean("yes", 3));
    ck_assert(!sgp_csv_is_boolean("1", 1));
    ck_assert(!sgp_csv_is_boolean("true ", 5));
}
END_TEST

/* Inference -------------------------------------------------------------------------------------
 */

static sg_schema *infer_ok(const char *text, const sg_csv_options *options) {
    sg_schema *schema = NULL;
    sg_error err;
    int rc = sg_csv_infer_buffer(&schema, text, strlen(text), "t.csv", options, &err);
    ck_assert_msg(rc == SG_OK, "inference failed: %s", err.message);
    return schema;
}

/* The schema as "name:type[?]" per column, ? for nullable, joined by spaces. */
static char *columns(const sg_schema *schema) {
    sgp_buf out = SGP_BUF_INIT;
    const sg_type *root = sg_schema_root(schema);
    for (size_t i = 0; i < sg_type_field_count(root); i++) {
        const sg_field *f = sg_type_field(root, i);
        const sg_type *t = sg_field_type(f);
        sgp_buf_printf(&out, "%s%s:%s", i ? " " : "", sg_field_name(f),
                       sg_kind_name(sg_type_kind(t)));
        if (sg_type_kind(t) == SG_KIND_DECIMAL) {
            sgp_buf_printf(&out, "(%d,%d)", sg_type_precision(t), sg_type_scale(t));
        }
        if (sg_type_kind(t) == SG_KIND_TIMESTAMP) {
            ck_assert(sg_type_utc(t));
            ck_assert_int_eq(sg_type_time_unit(t), SG_UNIT_MICROS);
        }
        sgp_buf_puts(&out, sg_type_nullable(t) ? "?" : "");
    }
    return sgp_buf_take(&out);
}

static void expect_columns(const char *text, const sg_csv_options *options, const char *want) {
    sg_schema *schema = infer_ok(text, options);
    char *got = columns(schema);
    ck_assert_msg(strcmp(got, want) == 0, "for:\n%s\ngot  %s\nwant %s", text, got, want);
    free(got);
    sg_schema_free(schema);
}

/* One column of values, no header: the inferred type. */
static void expect_type(const char *cells, const char *want) {
    sg_csv_options o = SG_CSV_OPTIONS_INIT;
    o.header = SG_CSV_HEADER_NO;
    char full[64];
    snprintf(full, sizeof full, "_c0:%s", want);
    expect_columns(cells, &o, full);
}

static void expect_error(const char *text, const sg_csv_options *options, int code, int line,
                         int column, int64_t row, const char *message) {
    sg_schema *schema = NULL;
    sg_error err;
    int rc = sg_csv_infer_buffer(&schema, text, strlen(text), "t.csv", options, &err);
    ck_assert_ptr_null(schema);
    ck_assert_msg(rc == code, "code %d, want %d (%s)", rc, code, err.message);
    ck_assert_str_eq(err.message, message);
    ck_assert_int_eq(err.line, line);
    ck_assert_int_eq(err.column, column);
    ck_assert_int_eq(err.row, row);
    ck_assert_str_eq(err.source, "t.csv");
}

START_TEST(infer_each_type) {
    expect_type("1\n-2\n+3\n", "int32");
    expect_type("1\n2147483648\n", "int64");
    expect_type("9223372036854775808\n", "decimal(19,0)");
    expect_type("-12345678901234567890123\n", "decimal(23,0)");
    expect_type("100.\n", "decimal(3,0)");
    expect_type("123456789012345678901234567890123456789\n", "float64"); /* 39 digits */
    expect_type("1.5\n", "float64");
    expect_type("1e5\n", "float64");
    expect_type("NaN\nInf\n-Inf\n-Infinity\n", "float64");
    expect_type("1.5f\n", "float64");
    expect_type(" 1 \n", "float64"); /* Java's parseDouble trims, parseInt does not */
    expect_type("2024-01-15\n2024-02-29\n", "date");
    expect_type("2024-01-15 10:30:00\n2024-01-15T10:30:00.5Z\n", "timestamp");
    expect_type("2024-01\n", "timestamp");
    expect_type("true\nFALSE\n", "boolean");
    expect_type("hello\n", "string");
    expect_type("2024-02-30\n", "string");
    expect_type("10:30:00\n", "string");
    expect_type("\"\"\n\"\"\n", "string?");
}
END_TEST

START_TEST(infer_merging) {
    expect_type("1\n9999999999\n", "int64");
    expect_type("9999999999\n1\n", "int64");
    expect_type("1\n1.5\n", "float64");
    expect_type("1.5\n1\n", "float64");
    expect_type("9999999999\n1.5\n", "float64");
    /* int or long with a decimal: decimal(max(p, 10 or 20), 0) */
    expect_type("1\n12345678901234567890\n", "decimal(20,0)");
    expect_type("1\n100.\n", "decimal(10,0)");
    expect_type("100.\n1\n", "decimal(3,0)"); /* Spark tries from the column's type on */
    expect_type("9999999999\n100.\n", "decimal(20,0)");
    expect_type("12345678901234567890\n123456789012345678901234\n", "decimal(24,0)");
    expect_type("12345678901234567890\n1.5\n", "float64");
    expect_type("1.5\n12345678901234567890\n", "float64");
    expect_type("2024-01-15\n2024-01-15 10:00:00\n", "timestamp");
    expect_type("2024-01-15 10:00:00\n2024-01-15\n", "timestamp");
    expect_type("1\n2024-01-15\n", "string");
    expect_type("true\n1\n", "string");
    expect_type("1\ntrue\n", "string");
    expect_type("1.5\ntrue\n", "string");
    expect_type("2024-01-15\ntrue\n", "string");
    expect_type("1\nx\n2\n", "string");
    expect_type("x\n1\n", "string");
}
END_TEST

START_TEST(infer_nullable) {
    sg_csv_options o = SG_CSV_OPTIONS_INIT;
    o.header = SG_CSV_HEADER_YES;
    expect_columns("a,b,c,d\n1,,x,\n2,2,,\n", &o, "a:int32 b:int32? c:string? d:string?");
    o.null_token = "\\N";
    expect_columns("a,b,c\n1,\\N,NULL\n\\N,2.5,x\n", &o, "a:int32? b:float64? c:string");
    o.null_token = "NULL";
    expect_columns("a,b,c\n1,\\N,NULL\n\\N,2.5,x\n", &o, "a:string b:string c:string?");
    /* A header and no data: every column string, nullable. */
    expect_columns("a,b\n", &o, "a:string? b:string?");
}
END_TEST

START_TEST(infer_header_detection) {
    sg_csv_options o = SG_CSV_OPTIONS_INIT;
    /* All-text first record over typed data: a header. */
    expect_columns("id,name,when\n1,ann,2024-01-01\n2,bob,\n", &o,
                   "id:int32 name:string when:date?");
    /* A typed cell in the first record: no header. */
    expect_columns("1,ann\n2,bob\n", &o, "_c0:int32 _c1:string");
    expect_columns("name,2024\nann,2023\n", &o, "_c0:string _c1:int32");
    /* Everything text: not "sufficiently different", so no header. */
    expect_columns("name,city\nann,Oslo\n", &o, "_c0:string _c1:string");
    /* A single record: no data to compare with. */
    expect_columns("a,b\n", &o, "_c0:string _c1:string");
    /* An empty cell in the first record: no header. */
    expect_columns("a,,c\n1,2,3\n", &o, "_c0:string _c1:int32? _c2:string");
    /* A first cell of 150 characters: no header (the last column may be longer). */
    char wide[400];
    memset(wide, 'h', 150);
    snprintf(wide + 150, sizeof wide - 150, ",b\n1,2\n");
    expect_columns(wide, &o, "_c0:string _c1:string");
    memset(wide, 'h', 149);
    snprintf(wide + 149, sizeof wide - 149, ",b\n1,2\n");
    sg_schema *schema = infer_ok(wide, &o);
    ck_assert_uint_eq(strlen(sg_field_name(sg_type_field(sg_schema_root(schema), 0))), 149);
    ck_assert_str_eq(sg_schema_property(schema, "csv.header"), "true");
    sg_schema_free(schema);
    /* A control character cannot be in a Glue column name: no header. */
    expect_columns("a\x01x,b\n1,2\n", &o, "_c0:string _c1:string");
    /* Only data columns with values count: an all-empty column is not "different". */
    expect_columns("a,b\nx,\ny,\n", &o, "_c0:string _c1:string?");
    /* The header row is left out of the types when it is one. */
    expect_columns("n,flag\n1,true\n2,false\n", &o, "n:int32 flag:boolean");
    /* header = no: Spark's names, and the first record is data. */
    o.header = SG_CSV_HEADER_NO;
    expect_columns("id,name\n1,ann\n", &o, "_c0:string _c1:string");
    /* header = yes takes even a numeric first record. */
    o.header = SG_CSV_HEADER_YES;
    expect_columns("1,2\n3,4\n", &o, "1:int32 2:int32");
}
END_TEST

START_TEST(infer_header_errors) {
    sg_csv_options o = SG_CSV_OPTIONS_INIT;
    o.header = SG_CSV_HEADER_YES;
    expect_error("id,,x\n1,2,3\n", &o, SG_EINVALID, 1, 4, 0,
                 "header field 2 is blank: every column needs a name");
    expect_error("id,Name,NAME\n1,2,3\n", &o, SG_EINVALID, 1, 9, 0,
                 "header field 3 \"NAME\" repeats field 2 \"Name\" (column names are "
                 "case-insensitive in Glue and Athena)");
    /* auto: a trailing delimiter keeps the header rule (as Glue's), then the blank name is
     * reported. */
    o.header = SG_CSV_HEADER_AUTO;
    expect_error("id,name,\n1,ann,\n2,bob,\n", &o, SG_EINVALID, 1, 9, 0,
                 "header field 3 is blank: every column needs a name (a delimiter at the end of "
                 "each line makes an empty last column)");
    expect_error("id,ID\n1,2\n", &o, SG_EINVALID, 1, 4, 0,
                 "header field 2 \"ID\" repeats field 1 \"id\" (column names are "
                 "case-insensitive in Glue and Athena)");
}
END_TEST

START_TEST(infer_ragged_and_malformed) {
    sg_csv_options o = SG_CSV_OPTIONS_INIT;
    expect_error("a,b\n1,2\n\n3\n", &o, SG_EINVALID, 4, 0, 2,
                 "record 2 has 1 field but the first record has 2 (every record needs the same "
                 "number of fields)");
    o.header = SG_CSV_HEADER_YES;
    expect_error("a,b\n1,2,3\n", &o, SG_EINVALID, 2, 0, 1,
                 "record 1 has 3 fields but the header has 2 (every record needs the same number "
                 "of fields)");
    expect_error("a,b\n1,\"2\n", &o, SG_EPARSE, 2, 3, 1,
                 "the quote opened here is never closed (the input ends inside quoted field 2)");
    expect_error("", &o, SG_EINVALID, 0, 0, -1,
                 "no records to infer a schema from: the input is empty");
    o.skip_rows = 3;
    expect_error("a\nb\n", &o, SG_EINVALID, 0, 0, -1,
                 "no records to infer a schema from: the input is empty after the skipped lines");
}
END_TEST

START_TEST(infer_sample_and_properties) {
    sg_csv_options o = SG_CSV_OPTIONS_INIT;
    o.sample_rows = 2;
    /* Only two data records are read: the third (text, ragged) is never seen. */
    expect_columns("n\n1\n2\nx,y\n", &o, "n:int32");
    o.header = SG_CSV_HEADER_YES;
    expect_columns("n\n1\n2\nx,y\n", &o, "n:int32");
    o.header = SG_CSV_HEADER_NO;
    expect_columns("1\n2\nx\n", &o, "_c0:int32");
    o.sample_rows = SG_CSV_SAMPLE_ALL;
    expect_columns("1\n2\nx\n", &o, "_c0:string");
    o = (sg_csv_options)SG_CSV_OPTIONS_INIT;
    o.delimiter = '\t';
    o.quote = '\0';
    o.escape = '\\';
    o.null_token = "\\N";
    o.skip_rows = 1;
    sg_schema *schema = infer_ok("# export\na\tb\n1\tx\\\ty\n", &o);
    char *got = columns(schema);
    ck_assert_str_eq(got, "a:int32 b:string");
    free(got);
    ck_assert_str_eq(sg_schema_source(schema), "t.csv");
    ck_assert_str_eq(sg_schema_property(schema, "csv.delimiter"), "\t");
    ck_assert_str_eq(sg_schema_property(schema, "csv.quote"), "");
    ck_assert_str_eq(sg_schema_property(schema, "csv.escape"), "\\");
    ck_assert_str_eq(sg_schema_property(schema, "csv.header"), "true");
    ck_assert_str_eq(sg_schema_property(schema, "csv.null"), "\\N");
    ck_assert_str_eq(sg_schema_property(schema, "csv.skip_rows"), "1");
    sg_location loc = sg_field_location(sg_type_field(sg_schema_root(schema), 1));
    ck_assert_int_eq(loc.line, 2);
    ck_assert_int_eq(loc.column, 3);
    sg_schema_free(schema);
    /* Defaults (NULL options): comma, double quote, no escape, no null token. */
    schema = infer_ok("a\n1\n", NULL);
    ck_assert_str_eq(sg_schema_property(schema, "csv.delimiter"), ",");
    ck_assert_str_eq(sg_schema_property(schema, "csv.quote"), "\"");
    ck_assert_str_eq(sg_schema_property(schema, "csv.escape"), "");
    ck_assert_str_eq(sg_schema_property(schema, "csv.null"), "");
    ck_assert_str_eq(sg_schema_property(schema, "csv.skip_rows"), "0");
    sg_schema_free(schema);
}
END_TEST

START_TEST(infer_bad_options_and_files) {
    sg_schema *schema = NULL;
    sg_error err;
    sg_csv_options o = SG_CSV_OPTIONS_INIT;
    o.version = 99;
    ck_assert_int_eq(sg_csv_infer_buffer(&schema, "a", 1, NULL, &o, &err), SG_EUSAGE);
    o = (sg_csv_options)SG_CSV_OPTIONS_INIT;
    o.sample_rows = 0;
    ck_assert_int_eq(sg_csv_infer_buffer(&schema, "a", 1, NULL, &o, &err), SG_EUSAGE);
    o = (sg_csv_options)SG_CSV_OPTIONS_INIT;
    o.header = 2;
    ck_assert_int_eq(sg_csv_infer_buffer(&schema, "a", 1, NULL, &o, &err), SG_EUSAGE);
    o = (sg_csv_options)SG_CSV_OPTIONS_INIT;
    o.delimiter = '"';
    ck_assert_int_eq(sg_csv_infer_buffer(&schema, "a", 1, NULL, &o, &err), SG_EUSAGE);
    ck_assert_str_eq(err.source, "<string>");
    ck_assert_int_eq(sg_csv_infer_buffer(NULL, "a", 1, NULL, NULL, &err), SG_EUSAGE);
    ck_assert_int_eq(sg_csv_infer(&schema, "/nonexistent/x.csv", NULL, &err), SG_ENOTFOUND);
    ck_assert_str_eq(err.source, "/nonexistent/x.csv");
    ck_assert_ptr_null(schema);
    /* A real file. */
    char path[] = "/tmp/sg_test_csv_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("k,v\na,1\nb,2\n", f);
    fclose(f);
    ck_assert_int_eq(sg_csv_infer(&schema, path, NULL, &err), SG_OK);
    char *got = columns(schema);
    ck_assert_str_eq(got, "k:string v:int32");
    free(got);
    ck_assert_str_eq(sg_schema_source(schema), path);
    sg_schema_free(schema);
    remove(path);
}
END_TEST

int main(void) {
    Suite *s = suite_create("csv");
    TCase *reader = tcase_create("reader");
    tcase_set_timeout(reader, 120);
    tcase_add_test(reader, reader_basic_records);
    tcase_add_test(reader, reader_quotes);
    tcase_add_test(reader, reader_line_endings);
    tcase_add_test(reader, reader_bom_and_skip_rows);
    tcase_add_test(reader, reader_blank_lines);
    tcase_add_test(reader, reader_null_token_and_header);
    tcase_add_test(reader, reader_escape_character);
    tcase_add_test(reader, reader_structural_errors);
    tcase_add_test(reader, reader_invalid_utf8);
    tcase_add_test(reader, reader_limits);
    tcase_add_test(reader, reader_default_limits);
    tcase_add_test(reader, reader_expected_fields_and_offsets);
    tcase_add_test(reader, reader_bad_dialects_and_io);
    tcase_add_test(reader, reader_mutations_agree_across_chunks);
    tcase_add_test(reader, reader_lenient_flaws);
    tcase_add_test(reader, reader_raw_records);
    suite_add_tcase(s, reader);
    TCase *values = tcase_create("values");
    tcase_add_test(values, values_integers);
    tcase_add_test(values, values_decimals);
    tcase_add_test(values, values_doubles);
    tcase_add_test(values, values_dates_timestamps_booleans);
    suite_add_tcase(s, values);
    TCase *infer = tcase_create("infer");
    tcase_add_test(infer, infer_each_type);
    tcase_add_test(infer, infer_merging);
    tcase_add_test(infer, infer_nullable);
    tcase_add_test(infer, infer_header_detection);
    tcase_add_test(infer, infer_header_errors);
    tcase_add_test(infer, infer_ragged_and_malformed);
    tcase_add_test(infer, infer_sample_and_properties);
    tcase_add_test(infer, infer_bad_options_and_files);
    suite_add_tcase(s, infer);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

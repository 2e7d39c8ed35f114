/* tests/unit/test_parquet_rows.c: the page walk of a column chunk (parquet/column.c) and record
 * assembly (parquet/rows.c, sg_parquet_cat) on files built page by page in memory (pq_builder.h):
 * dictionary pages out of place or twice, empty pages, CRCs, v2 pages that do not start a row,
 * chunks whose num_values disagrees with their pages or whose last page runs past them, and rows
 * of lists and maps rebuilt from hand-written levels, with columns that disagree. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/column.h"
#include "parquet/file.h"
#include "parquet/render.h"
#include "parquet/schema.h"
#include "parquet/source.h"
#include "util/util.h"

#include "pq_builder.h"

/* ---- A one-row-group file built chunk by chunk ---- */

typedef struct pqfile {
    fixture *f;
    pqb_bytes bytes; /* "PAR1", then the chunks; the footer is never read */
    sgp_pq_row_group rg;
    sgp_pq_column_chunk chunks[8];
    uint64_t chunk_start;
    sgp_pq_source *src;
    sgp_pq_schema *schema;
} pqfile;

static pqfile *file_new(const char *schema_text, int64_t num_rows) {
    pqfile *pf = calloc(1, sizeof *pf);
    ck_assert_ptr_nonnull(pf);
    pf->f = parse(schema_text);
    ck_assert_uint_le(pf->f->meta.n_leaves, LEN(pf->chunks));
    pqb_put_n(&pf->bytes, "PAR1", 4);
    pf->rg.columns = pf->chunks;
    pf->rg.n_columns = pf->f->meta.n_leaves;
    pf->rg.num_rows = num_rows;
    pf->f->meta.row_groups = &pf->rg;
    pf->f->meta.n_row_groups = 1;
    pf->f->meta.num_rows = num_rows;
    return pf;
}

/* Starts the chunk of leaf column col at the current end of the file. */
static void chunk_begin(pqfile *pf, size_t col) {
    sgp_pq_column_chunk *c = &pf->chunks[col];
    size_t element = 0;
    for (size_t i = 0, leaf = 0; i < pf->f->meta.n_schema; i++) {
        if (!sgp_pq_schema_is_group(&pf->f->el[i], i) && leaf++ == col) {
            element = i;
        }
    }
    c->has_meta = true;
    c->meta.type = pf->f->el[element].type;
    c->meta.codec = 0; /* UNCOMPRESSED */
    c->meta.data_page_offset = (int64_t)pf->bytes.n;
    pf->chunk_start = pf->bytes.n;
}

/* Ends the chunk: its size, and the num_values its metadata claims. */
static void chunk_end(pqfile *pf, size_t col, int64_t num_values) {
    sgp_pq_column_chunk *c = &pf->chunks[col];
    c->meta.num_values = num_values;
    c->meta.total_compressed_size = (int64_t)(pf->bytes.n - pf->chunk_start);
    c->meta.total_uncompressed_size = c->meta.total_compressed_size;
}

/* Ends the file (a zero-length footer and the magic) and opens it. */
static void file_finish(pqfile *pf) {
    pqb_le(&pf->bytes, 0, 4);
    pqb_put_n(&pf->bytes, "PAR1", 4);
    pf->f->meta.file_size = pf->bytes.n;
    pf->f->meta.metadata_length = 0;
    sg_error err;
    ck_assert_int_eq(
        sgp_pq_source_open_memory(&pf->src, pf->bytes.data, pf->bytes.n, "mem.parquet", &err),
        SG_OK);
    ck_assert_int_eq(sgp_pq_schema_build(&pf->schema, &pf->f->meta, "mem.parquet", &err), SG_OK);
}

static void file_free(pqfile *pf) {
    sgp_pq_schema_free(pf->schema);
    sgp_pq_source_free(pf->src);
    pqb_free(&pf->bytes);
    pf->f->meta.row_groups = NULL;
    fixture_free(pf->f);
    free(pf);
}

/* ---- Pages ---- */

static int bit_width(int max) {
    return sgp_pq_bit_width((uint32_t)max);
}

/*
 * A v1 data page of n levels (rep and def may be NULL when the column's maximum is 0) with
 * values already encoded.
 */
static void page_v1(pqfile *pf, size_t col, size_t n, const uint32_t *rep, const uint32_t *def,
                    int32_t encoding, const pqb_bytes *values, pqb_page p) {
    const sgp_pq_leaf *leaf = NULL;
    sgp_pq_schema *s = NULL;
    sg_error err;
    ck_assert_int_eq(sgp_pq_schema_build(&s, &pf->f->meta, "mem.parquet", &err), SG_OK);
    leaf = &s->leaves[col];
    pqb_bytes body = {0};
    if (rep != NULL) {
        pqb_levels_v1(&body, rep, n, bit_width(leaf->max_rep));
    }
    if (def != NULL) {
        pqb_levels_v1(&body, def, n, bit_width(leaf->max_def));
    }
    if (values != NULL && values->n > 0) {
        pqb_put_n(&body, values->data, values->n);
    }
    sgp_pq_schema_free(s);
    p.type = SGP_PQ_PAGE_DATA;
    p.num_values = (int32_t)n;
    p.encoding = encoding;
    pqb_page_add(&pf->bytes, &p, &body);
    pqb_free(&body);
}

/* A v2 data page: levels uncompressed without prefixes, then the values. */
static void page_v2(pqfile *pf, size_t col, size_t n, const uint32_t *rep, const uint32_t *def,
                    int32_t encoding, const pqb_bytes *values, pqb_page p) {
    sgp_pq_schema *s = NULL;
    sg_error err;
    ck_assert_int_eq(sgp_pq_schema_build(&s, &pf->f->meta, "mem.parquet", &err), SG_OK);
    const sgp_pq_leaf *leaf = &s->leaves[col];
    pqb_bytes body = {0};
    int32_t nulls = 0, rows = 0;
    if (rep != NULL) {
        pqb_rle(&body, rep, n, bit_width(leaf->max_rep));
    }
    p.rep_length = (int32_t)body.n;
    if (def != NULL) {
        pqb_rle(&body, def, n, bit_width(leaf->max_def));
    }
    p.def_length = (int32_t)body.n - p.rep_length;
    for (size_t i = 0; i < n; i++) {
        nulls += def != NULL && def[i] < (uint32_t)leaf->max_def;
        rows += rep == NULL || rep[i] == 0;
    }
    if (values != NULL && values->n > 0) {
        pqb_put_n(&body, values->data, values->n);
    }
    sgp_pq_schema_free(s);
    p.type = SGP_PQ_PAGE_DATA_V2;
    p.num_values = (int32_t)n;
    p.num_nulls = p.num_nulls != 0 ? p.num_nulls : nulls;
    p.num_rows = rows;
    p.encoding = encoding;
    p.v2_not_compressed = true;
    pqb_page_add(&pf->bytes, &p, &body);
    pqb_free(&body);
}

/* A PLAIN dictionary page of INT32 values. */
static void dictionary_i32(pqfile *pf, const int32_t *values, size_t n, pqb_page p) {
    pqb_bytes body = {0};
    pqb_plain_i32(&body, values, n);
    p.type = SGP_PQ_PAGE_DICTIONARY;
    p.num_values = p.num_values != 0 ? p.num_values : (int32_t)n;
    p.encoding = SGP_PQ_ENC_PLAIN;
    pqb_page_add(&pf->bytes, &p, &body);
    pqb_free(&body);
}

static pqb_bytes i32s(const int32_t *values, size_t n) {
    pqb_bytes b = {0};
    pqb_plain_i32(&b, values, n);
    return b;
}

static pqb_bytes indices(const uint32_t *values, size_t n, int width) {
    pqb_bytes b = {0};
    pqb_indices(&b, values, n, width);
    return b;
}

static const pqb_page plain = {0};

/* ---- Reading a column ---- */

/*
 * Reads every page of column col; *text gets one line per batch: "n=N def=... rep=... v=...".
 * Returns the status of the walk (err filled on failure; text holds the batches before).
 */
static int read_column(pqfile *pf, size_t col, char **text, sg_error *err) {
    sgp_pq_column *c = NULL;
    const sgp_pq_leaf *leaf = &pf->schema->leaves[col];
    sgp_buf out = SGP_BUF_INIT;
    sgp_buf_append(&out, "", 0);
    int rc = sgp_pq_column_open(&c, pf->src, &pf->f->meta, leaf, 0, col, err);
    for (int guard = 0; rc == SG_OK; guard++) {
        ck_assert_int_lt(guard, 1000);
        sgp_pq_batch batch;
        rc = sgp_pq_column_next(c, &batch, err);
        if (rc != SG_OK || batch.n_levels == 0) {
            break;
        }
        sgp_buf_printf(&out, "n=%zu", batch.n_levels);
        if (batch.def != NULL) {
            sgp_buf_puts(&out, " def=");
            for (size_t i = 0; i < batch.n_levels; i++) {
                sgp_buf_printf(&out, "%u", batch.def[i]);
            }
        }
        if (batch.rep != NULL) {
            sgp_buf_puts(&out, " rep=");
            for (size_t i = 0; i < batch.n_levels; i++) {
                sgp_buf_printf(&out, "%u", batch.rep[i]);
            }
        }
        sgp_buf_puts(&out, " v=");
        for (size_t i = 0; i < batch.n_values; i++) {
            if (i > 0) {
                sgp_buf_puts(&out, ",");
            }
            sgp_pq_render_value(&out, leaf, batch.values, i);
        }
        sgp_buf_puts(&out, batch.indices != NULL ? " dict\n" : "\n");
    }
    sgp_pq_column_free(c);
    *text = sgp_buf_take(&out);
    ck_assert_ptr_nonnull(*text);
    return rc;
}

static void check_column(pqfile *pf, size_t col, const char *expected) {
    char *text = NULL;
    sg_error err;
    int rc = read_column(pf, col, &text, &err);
    ck_assert_msg(rc == SG_OK, "failed: %s (after %s)", err.message, text);
    ck_assert_msg(strcmp(text, expected) == 0, "got:\n%s\nexpected:\n%s", text, expected);
    free(text);
}

/* The walk must fail with code and a message holding fragment, located at column col. */
static void check_column_fails(pqfile *pf, size_t col, int code, const char *fragment) {
    char *text = NULL;
    sg_error err;
    int rc = read_column(pf, col, &text, &err);
    ck_assert_msg(rc == code, "code %d, not %d (%s; read %s)", rc, code,
                  rc == SG_OK ? "" : err.message, text);
    ck_assert_int_eq(err.code, code);
    ck_assert_msg(strstr(err.message, fragment) != NULL, "message '%s' lacks '%s'", err.message,
                  fragment);
    ck_assert_str_eq(err.source, "mem.parquet");
    ck_assert_str_eq(err.path, pf->schema->leaves[col].path);
    ck_assert_int_eq(err.row_group, 0);
    free(text);
}

/* ---- Page walk ---- */

static const uint32_t def_a[] = {1, 0, 1, 1};

START_TEST(dictionary_then_data_pages) {
    pqfile *pf = file_new("optional int32 x;", 5);
    chunk_begin(pf, 0);
    dictionary_i32(pf, (const int32_t[]){10, 20, 30}, 3, plain);
    pqb_bytes idx = indices((const uint32_t[]){2, 0, 1}, 3, 2);
    page_v1(pf, 0, 4, NULL, def_a, SGP_PQ_ENC_RLE_DICTIONARY, &idx, plain);
    pqb_bytes v = i32s((const int32_t[]){7}, 1);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 5);
    file_finish(pf);
    check_column(pf, 0,
                 "n=4 def=1011 v=30,10,20 dict\n"
                 "n=1 def=1 v=7\n");
    pqb_free(&idx);
    pqb_free(&v);
    file_free(pf);
}
END_TEST

START_TEST(dictionary_out_of_place) {
    /* After a data page. */
    pqfile *pf = file_new("optional int32 x;", 2);
    chunk_begin(pf, 0);
    pqb_bytes v = i32s((const int32_t[]){7}, 1);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_PLAIN, &v, plain);
    dictionary_i32(pf, (const int32_t[]){10}, 1, plain);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 2);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "page 1 at offset");
    check_column_fails(pf, 0, SG_EINVALID, "a dictionary page after data pages");
    file_free(pf);

    /* Twice. */
    pf = file_new("optional int32 x;", 1);
    chunk_begin(pf, 0);
    dictionary_i32(pf, (const int32_t[]){10}, 1, plain);
    dictionary_i32(pf, (const int32_t[]){20}, 1, plain);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 1);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "a second dictionary page");
    file_free(pf);

    /* Missing: a dictionary-encoded page without one. */
    pf = file_new("optional int32 x;", 1);
    chunk_begin(pf, 0);
    pqb_bytes idx = indices((const uint32_t[]){0}, 1, 1);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_PLAIN_DICTIONARY, &idx, plain);
    chunk_end(pf, 0, 1);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "the chunk has no dictionary page");
    file_free(pf);

    /* An index beyond the dictionary. */
    pf = file_new("optional int32 x;", 1);
    chunk_begin(pf, 0);
    dictionary_i32(pf, (const int32_t[]){10, 20}, 2, plain);
    pqb_free(&idx);
    idx = indices((const uint32_t[]){2}, 1, 2);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_RLE_DICTIONARY, &idx, plain);
    chunk_end(pf, 0, 1);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "dictionary indices");
    file_free(pf);

    /* A dictionary claiming more entries than a page may hold (the count is checked before
     * anything is allocated for it). */
    pf = file_new("required fixed_len_byte_array(1073741824) x;", 1);
    chunk_begin(pf, 0);
    pqb_page huge = {.num_values = (1 << 24) + 1};
    dictionary_i32(pf, (const int32_t[]){10}, 1, huge);
    chunk_end(pf, 0, 1);
    file_finish(pf);
    check_column_fails(pf, 0, SG_ELIMIT, "a dictionary of 16777217 values");
    file_free(pf);
    pqb_free(&idx);
    pqb_free(&v);
}
END_TEST

START_TEST(empty_pages_and_skipped_pages) {
    /* A data page of 0 values is refused. */
    pqfile *pf = file_new("optional int32 x;", 1);
    chunk_begin(pf, 0);
    page_v1(pf, 0, 0, NULL, NULL, SGP_PQ_ENC_PLAIN, NULL, plain);
    pqb_bytes v = i32s((const int32_t[]){7}, 1);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 1);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "a data page without values");
    file_free(pf);

    /* Index pages and page types newer than the reader are skipped; an all-null page holds no
     * value bytes. */
    pf = file_new("optional int32 x;", 3);
    chunk_begin(pf, 0);
    pqb_bytes junk = {0};
    pqb_put_n(&junk, "junk", 4);
    pqb_page index = {.type = SGP_PQ_PAGE_INDEX};
    pqb_page_add(&pf->bytes, &index, &junk);
    pqb_page future = {.type = 9};
    pqb_page_add(&pf->bytes, &future, &junk);
    page_v1(pf, 0, 2, NULL, (const uint32_t[]){0, 0}, SGP_PQ_ENC_PLAIN, NULL, plain);
    page_v2(pf, 0, 1, NULL, (const uint32_t[]){1}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 3);
    file_finish(pf);
    check_column(pf, 0,
                 "n=2 def=00 v=\n"
                 "n=1 def=1 v=7\n");
    file_free(pf);
    pqb_free(&junk);
    pqb_free(&v);
}
END_TEST

START_TEST(page_crc) {
    for (int corrupt = 0; corrupt < 2; corrupt++) {
        pqfile *pf = file_new("required int32 x;", 2);
        chunk_begin(pf, 0);
        pqb_page p = {.crc = true};
        dictionary_i32(pf, (const int32_t[]){5, 6}, 2, p);
        pqb_bytes v = i32s((const int32_t[]){1, 2}, 2);
        p.crc_xor = corrupt ? 0x100u : 0;
        page_v1(pf, 0, 2, NULL, NULL, SGP_PQ_ENC_PLAIN, &v, p);
        chunk_end(pf, 0, 2);
        file_finish(pf);
        if (corrupt) {
            check_column_fails(pf, 0, SG_EINVALID, "page CRC mismatch");
        } else {
            check_column(pf, 0, "n=2 v=1,2\n");
        }
        pqb_free(&v);
        file_free(pf);
    }
}
END_TEST

static const char *const list_schema =
    "optional group l (LIST) { repeated group list { optional int32 element; } }";

START_TEST(pages_must_start_rows) {
    pqb_bytes v = i32s((const int32_t[]){1, 2}, 2);
    /* A v2 page's first repetition level must be 0, the chunk's first page's too. */
    for (int v2 = 0; v2 < 2; v2++) {
        pqfile *pf = file_new(list_schema, 1);
        chunk_begin(pf, 0);
        (v2 ? page_v2 : page_v1)(pf, 0, 2, (const uint32_t[]){1, 0}, (const uint32_t[]){3, 3},
                                 SGP_PQ_ENC_PLAIN, &v, plain);
        chunk_end(pf, 0, 2);
        file_finish(pf);
        check_column_fails(pf, 0, SG_EINVALID, "the first repetition level is 1, not 0");
        file_free(pf);
    }
    /* A later v2 page too; a later v1 page may continue a row. */
    for (int v2 = 0; v2 < 2; v2++) {
        pqfile *pf = file_new(list_schema, 1);
        chunk_begin(pf, 0);
        page_v2(pf, 0, 2, (const uint32_t[]){0, 1}, (const uint32_t[]){3, 3}, SGP_PQ_ENC_PLAIN, &v,
                plain);
        (v2 ? page_v2 : page_v1)(pf, 0, 2, (const uint32_t[]){1, 1}, (const uint32_t[]){3, 3},
                                 SGP_PQ_ENC_PLAIN, &v, plain);
        chunk_end(pf, 0, 4);
        file_finish(pf);
        if (v2) {
            check_column_fails(pf, 0, SG_EINVALID, "page 1 at offset");
        } else {
            check_column(pf, 0,
                         "n=2 def=33 rep=01 v=1,2\n"
                         "n=2 def=33 rep=11 v=1,2\n");
        }
        file_free(pf);
    }
    pqb_free(&v);
}
END_TEST

START_TEST(chunk_value_counts) {
    pqb_bytes v = i32s((const int32_t[]){1, 2, 3}, 3);
    /* The pages hold more values than the chunk says, or fewer. */
    pqfile *pf = file_new("required int32 x;", 3);
    chunk_begin(pf, 0);
    page_v1(pf, 0, 3, NULL, NULL, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 2);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "the pages hold more values than the chunk's 2");
    file_free(pf);

    pf = file_new("required int32 x;", 3);
    chunk_begin(pf, 0);
    page_v1(pf, 0, 3, NULL, NULL, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 5);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "the chunk ends after 3 of its 5 values");
    file_free(pf);

    /* A page whose stored size runs past the end of the chunk. */
    pf = file_new("required int32 x;", 3);
    chunk_begin(pf, 0);
    pqb_page past = {.size_delta = 4};
    page_v1(pf, 0, 3, NULL, NULL, SGP_PQ_ENC_PLAIN, &v, past);
    chunk_end(pf, 0, 3);
    pqb_le(&pf->bytes, 0, 4); /* bytes after the chunk, so the file holds the page */
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "runs past the end of the chunk");
    file_free(pf);

    /* A v2 page of a flat column whose null count disagrees with its levels. */
    pf = file_new("optional int32 x;", 3);
    chunk_begin(pf, 0);
    pqb_page nulls = {.num_nulls = 2};
    page_v2(pf, 0, 3, NULL, (const uint32_t[]){1, 1, 0}, SGP_PQ_ENC_PLAIN, &v, nulls);
    chunk_end(pf, 0, 3);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "the header counts 2 nulls, the levels 1");
    file_free(pf);

    /* A level above the column's maximum. */
    pf = file_new("optional int32 x;", 3);
    chunk_begin(pf, 0);
    page_v2(pf, 0, 3, NULL, (const uint32_t[]){1, 1, 2}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 3);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EINVALID, "definition levels");
    file_free(pf);

    /* A data page header without its DataPageHeader. */
    pf = file_new("required int32 x;", 3);
    chunk_begin(pf, 0);
    pqb_page bare = {.omit_type_header = true};
    page_v1(pf, 0, 3, NULL, NULL, SGP_PQ_ENC_PLAIN, &v, bare);
    chunk_end(pf, 0, 3);
    file_finish(pf);
    check_column_fails(pf, 0, SG_EPARSE, "bad page header");
    file_free(pf);
    pqb_free(&v);
}
END_TEST

/* ---- Record assembly (sg_parquet_cat) ---- */

static int collect(void *payload, const char *line, size_t length) {
    sgp_buf *out = payload;
    sgp_buf_append(out, line, length);
    sgp_buf_append(out, "\n", 1);
    return 0;
}

/* cat over the file; *text gets the rows (one per line) written before any error. */
static int cat(pqfile *pf, const char *columns, int64_t limit, char **text, sg_error *err) {
    sg_parquet pq = {pf->src, &pf->f->meta};
    sg_parquet_cat_options options = SG_PARQUET_CAT_OPTIONS_INIT;
    options.columns = columns;
    options.limit = limit;
    sgp_buf out = SGP_BUF_INIT;
    sgp_buf_append(&out, "", 0);
    int rc = sg_parquet_cat(&pq, &options, collect, &out, err);
    *text = sgp_buf_take(&out);
    ck_assert_ptr_nonnull(*text);
    return rc;
}

static void check_cat(pqfile *pf, const char *columns, int64_t limit, const char *expected) {
    char *text = NULL;
    sg_error err;
    int rc = cat(pf, columns, limit, &text, &err);
    ck_assert_msg(rc == SG_OK, "failed: %s (after %s)", err.message, text);
    ck_assert_msg(strcmp(text, expected) == 0, "got:\n%s\nexpected:\n%s", text, expected);
    free(text);
}

static void check_cat_fails(pqfile *pf, const char *fragment, const char *path, int64_t row) {
    char *text = NULL;
    sg_error err;
    int rc = cat(pf, NULL, -1, &text, &err);
    ck_assert_msg(rc == SG_EINVALID, "code %d (%s), rows:\n%s", rc, err.message, text);
    ck_assert_msg(strstr(err.message, fragment) != NULL, "message '%s' lacks '%s'", err.message,
                  fragment);
    ck_assert_str_eq(err.path, path);
    ck_assert_int_eq(err.row_group, 0);
    if (row >= 0) {
        ck_assert_int_eq(err.row, row);
    }
    free(text);
}

START_TEST(rows_of_lists) {
    pqfile *pf = file_new("required int32 id; optional group l (LIST) { repeated group list {"
                          " optional int32 element; } }",
                          5);
    chunk_begin(pf, 0);
    dictionary_i32(pf, (const int32_t[]){1, 2, 3, 4, 5}, 5, plain);
    pqb_bytes idx = indices((const uint32_t[]){0, 1, 2, 3, 4}, 5, 3);
    page_v1(pf, 0, 5, NULL, NULL, SGP_PQ_ENC_PLAIN_DICTIONARY, &idx, plain);
    chunk_end(pf, 0, 5);
    /* [1,null,2], null, [], [3], [null], over two pages split at a row. */
    chunk_begin(pf, 1);
    pqb_bytes v = i32s((const int32_t[]){1, 2}, 2);
    page_v1(pf, 1, 5, (const uint32_t[]){0, 1, 1, 0, 0}, (const uint32_t[]){3, 2, 3, 0, 1},
            SGP_PQ_ENC_PLAIN, &v, plain);
    pqb_free(&v);
    v = i32s((const int32_t[]){3}, 1);
    page_v2(pf, 1, 2, (const uint32_t[]){0, 0}, (const uint32_t[]){3, 2}, SGP_PQ_ENC_PLAIN, &v,
            plain);
    chunk_end(pf, 1, 7);
    file_finish(pf);
    check_cat(pf, NULL, -1,
              "{\"id\":1,\"l\":[1,null,2]}\n"
              "{\"id\":2,\"l\":null}\n"
              "{\"id\":3,\"l\":[]}\n"
              "{\"id\":4,\"l\":[3]}\n"
              "{\"id\":5,\"l\":[null]}\n");
    check_cat(pf, "l", 2, "{\"l\":[1,null,2]}\n{\"l\":null}\n");
    check_cat(pf, "id", 0, "");
    /* The row group says fewer rows than the columns hold. */
    pf->rg.num_rows = 4;
    check_cat_fails(pf, "the column holds more rows than the row group's 4", "id", 4);
    /* More rows than the columns hold. */
    pf->rg.num_rows = 6;
    check_cat_fails(pf, "the column ends inside a row", "id", 5);
    pqb_free(&v);
    pqb_free(&idx);
    file_free(pf);
}
END_TEST

START_TEST(rows_of_maps) {
    pqfile *pf =
        file_new("optional group m (MAP) { repeated group key_value { required binary key (STRING);"
                 " optional group value (LIST) { repeated group list { required int32 element; } }"
                 " } } optional group s { optional int32 a; optional binary b (STRING); }",
                 4);
    /* {a:[1,2], b:null}, null, {}, {c:[]} */
    chunk_begin(pf, 0);
    pqb_bytes keys = {0};
    pqb_plain_strings(&keys, (const char *const[]){"a", "b", "c"}, 3);
    page_v1(pf, 0, 5, (const uint32_t[]){0, 1, 0, 0, 0}, (const uint32_t[]){2, 2, 0, 1, 2},
            SGP_PQ_ENC_PLAIN, &keys, plain);
    chunk_end(pf, 0, 5);
    chunk_begin(pf, 1);
    pqb_bytes v = i32s((const int32_t[]){1, 2}, 2);
    page_v2(pf, 1, 6, (const uint32_t[]){0, 2, 1, 0, 0, 0}, (const uint32_t[]){4, 4, 2, 0, 1, 3},
            SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 1, 6);
    /* s: {a:1,b:"x"}, null, {a:null,b:null}, {a:2,b:"\n"} */
    chunk_begin(pf, 2);
    page_v1(pf, 2, 4, NULL, (const uint32_t[]){2, 0, 1, 2}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 2, 4);
    chunk_begin(pf, 3);
    pqb_bytes strings = {0};
    pqb_plain_strings(&strings, (const char *const[]){"x", "\n"}, 2);
    page_v1(pf, 3, 4, NULL, (const uint32_t[]){2, 0, 1, 2}, SGP_PQ_ENC_PLAIN, &strings, plain);
    chunk_end(pf, 3, 4);
    file_finish(pf);
    check_cat(pf, NULL, -1,
              "{\"m\":[{\"key\":\"a\",\"value\":[1,2]},{\"key\":\"b\",\"value\":null}],"
              "\"s\":{\"a\":1,\"b\":\"x\"}}\n"
              "{\"m\":null,\"s\":null}\n"
              "{\"m\":[],\"s\":{\"a\":null,\"b\":null}}\n"
              "{\"m\":[{\"key\":\"c\",\"value\":[]}],\"s\":{\"a\":2,\"b\":\"\\n\"}}\n");
    check_cat(pf, "s.b,m", 1,
              "{\"m\":[{\"key\":\"a\",\"value\":[1,2]},{\"key\":\"b\",\"value\":null}],"
              "\"s\":{\"b\":\"x\"}}\n");
    check_cat(pf, "s.b", -1,
              "{\"s\":{\"b\":\"x\"}}\n{\"s\":null}\n{\"s\":{\"b\":null}}\n"
              "{\"s\":{\"b\":\"\\n\"}}\n");
    char *text = NULL;
    sg_error err;
    ck_assert_int_eq(cat(pf, "s.c", -1, &text, &err), SG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "no column s.c"));
    free(text);
    ck_assert_int_eq(cat(pf, "m.key", -1, &text, &err), SG_EUSAGE);
    free(text);
    pqb_free(&keys);
    pqb_free(&v);
    pqb_free(&strings);
    file_free(pf);
}
END_TEST

START_TEST(rows_columns_disagree) {
    /* s is present by a's levels, null by b's, and b is required. */
    pqfile *pf = file_new("optional group s { optional int32 a; required int32 b; }", 1);
    pqb_bytes v = i32s((const int32_t[]){1}, 1);
    chunk_begin(pf, 0);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){2}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 0, 1);
    chunk_begin(pf, 1);
    page_v1(pf, 1, 1, NULL, (const uint32_t[]){0}, SGP_PQ_ENC_PLAIN, NULL, plain);
    chunk_end(pf, 1, 1);
    file_finish(pf);
    check_cat_fails(pf, "definition level 0 makes the required field b null", "s.b", 0);
    file_free(pf);

    /* s null by a's levels, present by b's. */
    pf = file_new("optional group s { optional int32 a; optional int32 b; }", 1);
    chunk_begin(pf, 0);
    page_v1(pf, 0, 1, NULL, (const uint32_t[]){0}, SGP_PQ_ENC_PLAIN, NULL, plain);
    chunk_end(pf, 0, 1);
    chunk_begin(pf, 1);
    page_v1(pf, 1, 1, NULL, (const uint32_t[]){2}, SGP_PQ_ENC_PLAIN, &v, plain);
    chunk_end(pf, 1, 1);
    file_finish(pf);
    check_cat_fails(pf, "definition level 2 where the other columns say the value is absent", "s.b",
                    0);
    file_free(pf);

    /* Two top-level lists of different lengths in one row: x's row ends, y's goes on. */
    pf = file_new("optional group l (LIST) { repeated group list { required group element {"
                  " required int32 x; required int32 y; } } }",
                  2);
    pqb_bytes v3 = i32s((const int32_t[]){1, 2, 3}, 3);
    chunk_begin(pf, 0);
    page_v1(pf, 0, 3, (const uint32_t[]){0, 0, 1}, (const uint32_t[]){2, 2, 2}, SGP_PQ_ENC_PLAIN,
            &v3, plain);
    chunk_end(pf, 0, 3);
    chunk_begin(pf, 1);
    page_v1(pf, 1, 3, (const uint32_t[]){0, 1, 0}, (const uint32_t[]){2, 2, 2}, SGP_PQ_ENC_PLAIN,
            &v3, plain);
    chunk_end(pf, 1, 3);
    file_finish(pf);
    check_cat_fails(pf, "repetition level 1 where a new row should start", "l.list.element.y", 0);
    file_free(pf);
    pqb_free(&v);
    pqb_free(&v3);
}
END_TEST

int main(void) {
    Suite *s = suite_create("parquet_rows");
    TCase *tc = tcase_create("pages");
    tcase_add_test(tc, dictionary_then_data_pages);
    tcase_add_test(tc, dictionary_out_of_place);
    tcase_add_test(tc, empty_pages_and_skipped_pages);
    tcase_add_test(tc, page_crc);
    tcase_add_test(tc, pages_must_start_rows);
    tcase_add_test(tc, chunk_value_counts);
    suite_add_tcase(s, tc);
    tc = tcase_create("rows");
    tcase_add_test(tc, rows_of_lists);
    tcase_add_test(tc, rows_of_maps);
    tcase_add_test(tc, rows_columns_disagree);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

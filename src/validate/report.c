/*
 * validate/report.c: the bounded accumulator of report.h. Findings are keyed by (severity, rule,
 * column) in a hash map and kept in the order their keys first occurred; each keeps a count,
 * its first N samples and a count per file. An add for a known key whose samples are full
 * allocates nothing: it compares with the previous add's key (usually the same) or hashes once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "validate/report_internal.h"

#define NONE SIZE_MAX

static int64_t add_saturating(int64_t a, int64_t b) {
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* The longest prefix of s (length bytes) of at most max bytes that ends at a character boundary
 * (a byte that is not UTF-8 counts as one character), so that a cut never splits a character. */
static size_t cut_length(const char *s, size_t length, size_t max) {
    if (length <= max) {
        return length;
    }
    size_t i = 0;
    for (;;) {
        size_t n = sgp_utf8_char(s + i, length - i);
        if (n == 0) {
            n = 1;
        }
        if (i + n > max) {
            return i;
        }
        i += n;
    }
}

sgp_report *sgp_report_new(int samples) {
    sgp_report *report = calloc(1, sizeof *report);
    if (report) {
        report->samples = samples > 0 ? (size_t)samples : 0;
        report->last_finding = NONE;
        report->last_name = NONE;
    }
    return report;
}

static void sample_free(sgp_sample *s) {
    free(s->value);
    free(s->message);
}

static void finding_free(sgp_finding *f) {
    for (size_t i = 0; i < f->sample_count; i++) {
        sample_free(&f->samples[i]);
    }
    free(f->samples);
    free(f->files);
    free(f->key);
    free(f->rule);
    free(f->column);
}

void sgp_report_free(sgp_report *report) {
    if (!report) {
        return;
    }
    for (size_t i = 0; i < report->finding_count; i++) {
        finding_free(&report->findings[i]);
    }
    free(report->findings);
    sgp_strmap_free(&report->keys);
    free(report->scratch);
    for (size_t i = 0; i < report->name_count; i++) {
        free(report->names[i].path);
    }
    free(report->names);
    sgp_strmap_free(&report->name_map);
    for (size_t i = 0; i < report->file_count; i++) {
        free(report->files[i].format);
        free(report->files[i].error);
    }
    free(report->files);
    free(report);
}

/* The index of a file name, added when new. False when out of memory. */
static bool name_index(sgp_report *r, const char *path, size_t *out) {
    if (r->last_name != NONE && strcmp(r->names[r->last_name].path, path) == 0) {
        *out = r->last_name;
        return true;
    }
    size_t index;
    if (!sgp_strmap_get(&r->name_map, path, &index)) {
        char *copy = sgp_strdup(path);
        if (!copy ||
            !sgp_reserve((void **)&r->names, &r->name_cap, r->name_count + 1, sizeof *r->names) ||
            sgp_strmap_add(&r->name_map, copy, r->name_count, NULL) != SG_OK) {
            free(copy);
            return false;
        }
        index = r->name_count++;
        r->names[index] = (sgp_report_name){copy, NONE};
    }
    r->last_name = index;
    *out = index;
    return true;
}

/*
 * Writes the map key of (severity, rule, column) to the scratch buffer: the severity, the
 * rule's length and the rule, then (only when there is a column) a 0x01 byte and the column.
 * The length prefix keeps the key unambiguous whatever bytes the names hold.
 */
static bool build_key(sgp_report *r, sgp_severity severity, const char *rule, const char *column) {
    size_t rule_length = strlen(rule);
    size_t column_length = column ? strlen(column) : 0;
    if (rule_length > SIZE_MAX / 4 || column_length > SIZE_MAX / 4) {
        return false;
    }
    size_t need = 1 + 20 + 1 + rule_length + 1 + column_length + 1;
    if (need > r->scratch_cap) {
        char *bigger = realloc(r->scratch, need);
        if (!bigger) {
            return false;
        }
        r->scratch = bigger;
        r->scratch_cap = need;
    }
    /* By hand rather than snprintf: this runs for every add of another key than the last. */
    char digits[24];
    size_t digit_count = 0;
    for (size_t n = rule_length; digit_count == 0 || n > 0; n /= 10) {
        digits[digit_count++] = (char)('0' + n % 10);
    }
    size_t at = 0;
    r->scratch[at++] = severity == SGP_VIOLATION ? 'V' : 'W';
    while (digit_count > 0) {
        r->scratch[at++] = digits[--digit_count];
    }
    r->scratch[at++] = ':';
    memcpy(r->scratch + at, rule, rule_length);
    at += rule_length;
    if (column) {
        r->scratch[at++] = '\x01';
        memcpy(r->scratch + at, column, column_length);
        at += column_length;
    }
    r->scratch[at] = '\0';
    return true;
}

static bool same_key(const sgp_finding *f, sgp_severity severity, const char *rule,
                     const char *column) {
    return f->severity == severity && strcmp(f->rule, rule) == 0 &&
           (column ? f->column && strcmp(f->column, column) == 0 : !f->column);
}

/* The index of the finding with this key, or NONE (then the key is in the scratch buffer).
 * False when out of memory. */
static bool find_finding(sgp_report *r, sgp_severity severity, const char *rule, const char *column,
                         size_t *out) {
    if (r->last_finding != NONE &&
        same_key(&r->findings[r->last_finding], severity, rule, column)) {
        *out = r->last_finding;
        return true;
    }
    if (!build_key(r, severity, rule, column)) {
        return false;
    }
    if (!sgp_strmap_get(&r->keys, r->scratch, out)) {
        *out = NONE;
    }
    return true;
}

/* Appends f (zero but for arrays the caller reserved) as the finding of the key in the scratch
 * buffer. False when out of memory: the report is unchanged and the caller frees f. */
static bool new_finding(sgp_report *r, sgp_finding *f, sgp_severity severity, const char *rule,
                        const char *column, size_t *out) {
    f->severity = severity;
    f->key = sgp_strdup(r->scratch);
    f->rule = sgp_strdup(rule);
    f->column = sgp_strdup(column);
    if (!f->key || !f->rule || (column && !f->column) ||
        !sgp_reserve((void **)&r->findings, &r->finding_cap, r->finding_count + 1,
                     sizeof *r->findings) ||
        sgp_strmap_add(&r->keys, f->key, r->finding_count, NULL) != SG_OK) {
        return false;
    }
    *out = r->finding_count;
    r->findings[r->finding_count++] = *f;
    return true;
}

/* The index of file `name` in f's per-file counts, or NONE. */
static size_t file_slot(const sgp_finding *f, size_t name) {
    /* Findings arrive file by file, so the last file is nearly always the one. */
    for (size_t i = f->file_count; i-- > 0;) {
        if (f->files[i].name == name) {
            return i;
        }
    }
    return NONE;
}

int64_t sgp_report_file_count(const sgp_finding *f, size_t name) {
    size_t slot = file_slot(f, name);
    return slot == NONE ? 0 : f->files[slot].count;
}

/* Counts `count` occurrences of finding f in file `name` (NONE: no file). The caller has made
 * room for a new file entry. */
static void count_in(sgp_report *r, sgp_finding *f, size_t name, int64_t count) {
    f->count = add_saturating(f->count, count);
    r->totals[f->severity] = add_saturating(r->totals[f->severity], count);
    if (name == NONE) {
        return;
    }
    size_t slot = file_slot(f, name);
    if (slot == NONE) {
        slot = f->file_count++;
        f->files[slot] = (sgp_file_count){name, 0};
    }
    f->files[slot].count = add_saturating(f->files[slot].count, count);
}

static bool room_for_file(sgp_finding *f, size_t name) {
    return name == NONE || file_slot(f, name) != NONE ||
           sgp_reserve((void **)&f->files, &f->file_cap, f->file_count + 1, sizeof *f->files);
}

/* Fills a sample with copies (value cut to SGP_REPORT_VALUE_MAX, message to
 * SGP_REPORT_MESSAGE_MAX). False when out of memory (nothing to free then). */
static bool sample_init(sgp_sample *s, const char *file, const sgp_where *where, const char *value,
                        size_t value_length, const char *message) {
    *s = (sgp_sample){
        file, where->row_group, where->row, where->line, where->column_index, NULL, 0, 0, NULL};
    if (!message) {
        message = "";
    }
    s->message = sgp_strndup(message, cut_length(message, strlen(message), SGP_REPORT_MESSAGE_MAX));
    if (value) {
        s->value_length = value_length;
        s->value_stored = cut_length(value, value_length, SGP_REPORT_VALUE_MAX);
        s->value = sgp_strndup(value, s->value_stored);
    }
    if (!s->message || (value && !s->value)) {
        sample_free(s);
        return false;
    }
    return true;
}

static bool room_for_sample(sgp_finding *f) {
    return sgp_reserve((void **)&f->samples, &f->sample_cap, f->sample_count + 1,
                       sizeof *f->samples);
}

static bool add(sgp_report *r, const char *rule, sgp_severity severity, const sgp_where *where,
                int64_t count, const char *value, size_t value_length, const char *message) {
    if (!r || !rule || (severity != SGP_VIOLATION && severity != SGP_WARNING) || count < 0) {
        return false;
    }
    if (count == 0) {
        return true;
    }
    static const sgp_where nowhere = SGP_WHERE_INIT;
    if (!where) {
        where = &nowhere;
    }
    size_t name = NONE;
    size_t index;
    if ((where->file && !name_index(r, where->file, &name)) ||
        !find_finding(r, severity, rule, where->column, &index)) {
        return false;
    }
    if (index != NONE) {
        /* The hot path: a known key whose samples are full, in the file of its last occurrence
         * (or no file): only counts change. */
        sgp_finding *f = &r->findings[index];
        if (f->sample_count >= r->samples &&
            (name == NONE || (f->file_count > 0 && f->files[f->file_count - 1].name == name))) {
            count_in(r, f, name, count);
            r->last_finding = index;
            return true;
        }
    }
    /* Everything that can fail comes first, so that a failure leaves the report as it was
     * (a new finding without occurrences would show as a finding with count 0). */
    sgp_finding fresh = {0};
    sgp_finding *f = index == NONE ? &fresh : &r->findings[index];
    bool sampled = f->sample_count < r->samples;
    sgp_sample sample;
    if (sampled && !sample_init(&sample, name == NONE ? NULL : r->names[name].path, where, value,
                                value_length, message)) {
        return false;
    }
    if (!room_for_file(f, name) || (sampled && !room_for_sample(f)) ||
        (f == &fresh && !new_finding(r, &fresh, severity, rule, where->column, &index))) {
        finding_free(&fresh);
        if (sampled) {
            sample_free(&sample);
        }
        return false;
    }
    f = &r->findings[index];
    count_in(r, f, name, count);
    if (sampled) {
        f->samples[f->sample_count++] = sample;
    }
    r->last_finding = index;
    return true;
}

bool sgp_report_add(sgp_report *report, const char *rule, sgp_severity severity,
                    const sgp_where *where, const char *value, size_t value_length,
                    const char *message) {
    return add(report, rule, severity, where, 1, value, value_length, message);
}

bool sgp_report_add_many(sgp_report *report, const char *rule, sgp_severity severity,
                         const sgp_where *where, int64_t count, const char *value,
                         size_t value_length, const char *message) {
    return add(report, rule, severity, where, count, value, value_length, message);
}

int64_t sgp_report_count(const sgp_report *report, sgp_severity severity) {
    if (!report || (severity != SGP_VIOLATION && severity != SGP_WARNING)) {
        return 0;
    }
    return report->totals[severity];
}

bool sgp_report_file(sgp_report *report, const char *path, const char *format, int64_t rows,
                     int64_t bytes, const char *error) {
    size_t name;
    if (!report || !path || !name_index(report, path, &name)) {
        return false;
    }
    rows = rows > 0 ? rows : 0;
    bytes = bytes > 0 ? bytes : 0;
    size_t index = report->names[name].file;
    if (index == NONE) {
        sgp_checked_file file = {name, sgp_strdup(format), rows, bytes, sgp_strdup(error)};
        if ((format && !file.format) || (error && !file.error) ||
            !sgp_reserve((void **)&report->files, &report->file_cap, report->file_count + 1,
                         sizeof *report->files)) {
            free(file.format);
            free(file.error);
            return false;
        }
        report->names[name].file = report->file_count;
        report->files[report->file_count++] = file;
        return true;
    }
    /* The same file again (another row group, another worker's part): one entry. */
    sgp_checked_file *file = &report->files[index];
    char *new_format = !file->format ? sgp_strdup(format) : NULL;
    char *new_error = !file->error ? sgp_strdup(error) : NULL;
    if ((!file->format && format && !new_format) || (!file->error && error && !new_error)) {
        free(new_format);
        free(new_error);
        return false;
    }
    if (new_format) {
        file->format = new_format;
    }
    if (new_error) {
        file->error = new_error;
    }
    file->rows = add_saturating(file->rows, rows);
    file->bytes = add_saturating(file->bytes, bytes);
    return true;
}

/* Merges one finding of src into dst. False when out of memory (dst then holds part of it). */
static bool merge_finding(sgp_report *dst, const sgp_report *src, const sgp_finding *sf) {
    size_t index;
    if (!sgp_strmap_get(&dst->keys, sf->key, &index)) {
        sgp_finding fresh = {0};
        if (!build_key(dst, sf->severity, sf->rule, sf->column) ||
            !new_finding(dst, &fresh, sf->severity, sf->rule, sf->column, &index)) {
            finding_free(&fresh);
            return false;
        }
    }
    for (size_t i = 0; i < sf->sample_count && dst->findings[index].sample_count < dst->samples;
         i++) {
        const sgp_sample *s = &sf->samples[i];
        size_t name = NONE;
        if (s->file && !name_index(dst, s->file, &name)) {
            return false;
        }
        sgp_where where = {NULL, s->row_group, s->row, s->line, NULL, s->column_index};
        sgp_sample copy;
        if (!sample_init(&copy, name == NONE ? NULL : dst->names[name].path, &where, s->value,
                         s->value_stored, s->message)) {
            return false;
        }
        /* The source kept value_stored bytes; the copy must not read past them. */
        copy.value_length = s->value_length;
        sgp_finding *df = &dst->findings[index];
        if (!room_for_sample(df)) {
            sample_free(&copy);
            return false;
        }
        df->samples[df->sample_count++] = copy;
    }
    int64_t attributed = 0;
    for (size_t i = 0; i < sf->file_count; i++) {
        size_t name;
        sgp_finding *df = &dst->findings[index];
        if (!name_index(dst, src->names[sf->files[i].name].path, &name) ||
            !room_for_file(df, name)) {
            return false;
        }
        count_in(dst, df, name, sf->files[i].count);
        attributed = add_saturating(attributed, sf->files[i].count);
    }
    if (sf->count > attributed) {
        count_in(dst, &dst->findings[index], NONE, sf->count - attributed);
    }
    return true;
}

bool sgp_report_merge(sgp_report *dst, const sgp_report *src) {
    if (!dst || !src || dst == src) {
        return false;
    }
    for (size_t i = 0; i < src->finding_count; i++) {
        if (!merge_finding(dst, src, &src->findings[i])) {
            return false;
        }
    }
    sgp_report_work(dst, src->work[0], src->work[1], src->work[2]);
    for (size_t i = 0; i < src->file_count; i++) {
        const sgp_checked_file *f = &src->files[i];
        if (!sgp_report_file(dst, src->names[f->name].path, f->format, f->rows, f->bytes,
                             f->error)) {
            return false;
        }
    }
    dst->last_finding = NONE;
    return true;
}

void sgp_report_work(sgp_report *report, int64_t chunks_checked, int64_t chunks_by_statistics,
                     int64_t pages_decoded) {
    report->work[0] += chunks_checked;
    report->work[1] += chunks_by_statistics;
    report->work[2] += pages_decoded;
}

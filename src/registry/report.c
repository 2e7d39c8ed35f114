/*
 * registry/report.c: the findings and checks of a registry check, and the four ways to print
 * them: text (one line per finding), JSON, JUnit XML and SARIF 2.1.0.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "registry/internal.h"
#include "util/escape.h"
#include "util/json.h"

struct sg_report {
    sg_finding *findings;
    size_t finding_count;
    size_t finding_cap;
    sg_check *checks;
    size_t check_count;
    size_t check_cap;
    char **subjects; /* the order of the suites */
    size_t subject_count;
    size_t subject_cap;
};

static const struct {
    const char *name;
    const char *title; /* SARIF rule name */
    const char *text;  /* SARIF rule description */
} kinds[] = {
    {"load-error", "VersionDoesNotLoad",
     "A version file of a subject does not load in the subject's format."},
    {"incompatible", "IncompatibleVersion",
     "A version is not compatible with an earlier version under its subject's compatibility "
     "mode."},
    {"change", "CompatibleChange", "A change between versions that the subject's mode allows."},
    {"disabled", "VersionOfDisabledSubject",
     "A subject whose mode is DISABLED has more than one version."},
    {"layout", "VersionFileLayout",
     "The version files of a subject are not numbered v1, v2, ... without gaps, or two files "
     "give one version."},
    {"unknown-folder", "FolderWithoutSubject",
     "A folder under the registry's root is no subject of the config."},
    {"version-edited", "PublishedVersionEdited",
     "A version published at the compared git revision was changed; published versions are "
     "immutable."},
    {"version-deleted", "PublishedVersionDeleted",
     "A version published at the compared git revision was deleted."},
    {"subject-removed", "SubjectRemoved",
     "A subject of the compared git revision is no longer in the config."},
    {"subject-renamed", "SubjectRenamed",
     "A subject of the compared git revision was renamed: its versions are now another "
     "subject's."},
    {"mode-loosened", "ModeLoosened",
     "A subject's compatibility mode guarantees less than at the compared git revision."},
    {"drift", "LiveSchemaDrift",
     "The live schema in AWS (a Glue table or a Glue Schema Registry version) differs from the "
     "subject's latest version in git."},
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

const char *sg_finding_kind_name(sg_finding_kind kind) {
    return (size_t)kind < KIND_COUNT ? kinds[kind].name : "?";
}

static const char *const format_names[] = {"text", "json", "junit", "sarif"};

const char *sg_report_format_name(sg_report_format format) {
    return (size_t)format < 4 ? format_names[format] : "?";
}

int sg_report_format_from_name(sg_report_format *out, const char *name) {
    for (size_t i = 0; name && i < 4; i++) {
        if (strcasecmp(name, format_names[i]) == 0) {
            *out = (sg_report_format)i;
            return SG_OK;
        }
    }
    return SG_EUSAGE;
}

/* Building ------------------------------------------------------------------------------------- */

sg_report *sgp_registry_report_new(void) {
    return calloc(1, sizeof(sg_report));
}

void sg_report_free(sg_report *report) {
    if (!report) {
        return;
    }
    for (size_t i = 0; i < report->finding_count; i++) {
        sg_finding *f = &report->findings[i];
        free((char *)f->subject);
        free((char *)f->file);
        free((char *)f->uri);
        free((char *)f->path);
        free((char *)f->message);
    }
    free(report->findings);
    for (size_t i = 0; i < report->check_count; i++) {
        free((char *)report->checks[i].subject);
        free((char *)report->checks[i].name);
        free((char *)report->checks[i].file);
    }
    free(report->checks);
    for (size_t i = 0; i < report->subject_count; i++) {
        free(report->subjects[i]);
    }
    free(report->subjects);
    free(report);
}

int sgp_report_subject(sg_report *report, const char *subject) {
    for (size_t i = 0; i < report->subject_count; i++) {
        if (strcmp(report->subjects[i], subject) == 0) {
            return SG_OK;
        }
    }
    char *copy = sgp_strdup(subject);
    if (!copy || !sgp_reserve((void **)&report->subjects, &report->subject_cap,
                              report->subject_count + 1, sizeof *report->subjects)) {
        free(copy);
        return SG_ENOMEM;
    }
    report->subjects[report->subject_count++] = copy;
    return SG_OK;
}

size_t sgp_report_subject_count(const sg_report *report) {
    return report->subject_count;
}

const char *sgp_report_subject_name(const sg_report *report, size_t i) {
    return report->subjects[i];
}

size_t sgp_report_check(sg_report *report, const char *subject, const char *file, const char *fmt,
                        ...) {
    char name[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    if (sgp_report_subject(report, subject ? subject : "") != SG_OK ||
        !sgp_reserve((void **)&report->checks, &report->check_cap, report->check_count + 1,
                     sizeof *report->checks)) {
        return (size_t)-1;
    }
    sg_check *c = &report->checks[report->check_count];
    c->subject = sgp_strdup(subject ? subject : "");
    c->name = sgp_strdup(name);
    c->file = sgp_strdup(file ? file : "");
    c->failures = 0;
    if (!c->subject || !c->name || !c->file) {
        free((char *)c->subject);
        free((char *)c->name);
        free((char *)c->file);
        return (size_t)-1;
    }
    return report->check_count++;
}

int sgp_report_finding(sg_report *report, size_t check, sg_finding_kind kind, bool breaking,
                       int code, const char *file, const char *uri, int line, int column,
                       const char *path, const char *fmt, ...) {
    if (check >= report->check_count ||
        !sgp_reserve((void **)&report->findings, &report->finding_cap, report->finding_count + 1,
                     sizeof *report->findings)) {
        return SG_ENOMEM;
    }
    char message[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    sg_check *c = &report->checks[check];
    sg_finding *f = &report->findings[report->finding_count];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->breaking = breaking;
    f->code = code;
    f->check = c->name;
    f->line = line > 0 ? line : 0;
    f->column = line > 0 && column > 0 ? column : 0;
    f->subject = sgp_strdup(c->subject);
    f->file = sgp_strdup(file ? file : "");
    f->uri = sgp_strdup(uri ? uri : (file ? file : ""));
    f->path = sgp_strdup(path ? path : "");
    f->message = sgp_strdup(message);
    if (!f->subject || !f->file || !f->uri || !f->path || !f->message) {
        free((char *)f->subject);
        free((char *)f->file);
        free((char *)f->uri);
        free((char *)f->path);
        free((char *)f->message);
        return SG_ENOMEM;
    }
    if (breaking) {
        c->failures++;
    }
    report->finding_count++;
    return SG_OK;
}

/* Reading -------------------------------------------------------------------------------------- */

size_t sg_report_finding_count(const sg_report *report) {
    return report ? report->finding_count : 0;
}

const sg_finding *sg_report_finding(const sg_report *report, size_t i) {
    return report && i < report->finding_count ? &report->findings[i] : NULL;
}

size_t sg_report_check_count(const sg_report *report) {
    return report ? report->check_count : 0;
}

const sg_check *sg_report_check(const sg_report *report, size_t i) {
    return report && i < report->check_count ? &report->checks[i] : NULL;
}

size_t sg_report_violation_count(const sg_report *report) {
    size_t n = 0;
    for (size_t i = 0; report && i < report->finding_count; i++) {
        n += report->findings[i].breaking && report->findings[i].kind != SG_FINDING_LOAD_ERROR;
    }
    return n;
}

size_t sg_report_error_count(const sg_report *report) {
    size_t n = 0;
    for (size_t i = 0; report && i < report->finding_count; i++) {
        n += report->findings[i].kind == SG_FINDING_LOAD_ERROR;
    }
    return n;
}

/* Text ----------------------------------------------------------------------------------------- */

static void text_line(sgp_buf *buf, const sg_finding *f) {
    if (f->file[0] && f->line > 0) {
        sgp_buf_printf(buf, "%s:%d:%d: ", f->file, f->line, f->column > 0 ? f->column : 1);
    } else if (f->file[0]) {
        sgp_buf_printf(buf, "%s: ", f->file);
    }
    if (f->subject[0]) {
        sgp_buf_printf(buf, "%s: ", f->subject);
    }
    sgp_buf_printf(buf, "%s%s\n", f->breaking ? "" : "note: ", f->message);
}

static char *write_text(const sg_report *report) {
    sgp_buf buf = SGP_BUF_INIT;
    sgp_buf_append(&buf, "", 0);
    for (size_t i = 0; i < report->finding_count; i++) {
        text_line(&buf, &report->findings[i]);
    }
    return sgp_buf_take(&buf);
}

/* JSON ----------------------------------------------------------------------------------------- */

static int set(json_t *object, const char *key, json_t *value) {
    return json_object_set_new(object, key, value);
}

static char *write_json(const sg_report *report) {
    json_t *array = json_array();
    int bad = array ? 0 : 1;
    for (size_t i = 0; !bad && i < report->finding_count; i++) {
        const sg_finding *f = &report->findings[i];
        json_t *o = json_object();
        bad |= !o;
        bad |= set(o, "subject", json_string(f->subject));
        bad |= set(o, "file", json_string(f->file));
        bad |= set(o, "line", json_integer(f->line));
        bad |= set(o, "column", json_integer(f->column));
        bad |= set(o, "path", json_string(f->path));
        bad |= set(o, "kind", json_string(sg_finding_kind_name(f->kind)));
        bad |= set(o, "message", json_string(f->message));
        bad |= set(o, "breaking", json_boolean(f->breaking));
        bad |= set(o, "check", json_string(f->check));
        bad |= set(o, "uri", json_string(f->uri));
        bad |= json_array_append_new(array, o);
    }
    if (bad) {
        json_decref(array);
        return NULL;
    }
    return sgp_json_dump_report(array);
}

/* JUnit ---------------------------------------------------------------------------------------- */

/* XML 1.0 text or attribute value. */
static void xml(sgp_buf *buf, const char *s) {
    sgp_buf_xml(buf, s, strlen(s));
}

static char *write_junit(const sg_report *report) {
    sgp_buf buf = SGP_BUF_INIT;
    size_t failures = 0, errors = 0;
    for (size_t i = 0; i < report->check_count; i++) {
        const sg_check *c = &report->checks[i];
        bool error = false;
        for (size_t k = 0; k < report->finding_count; k++) {
            error |= report->findings[k].check == c->name &&
                     report->findings[k].kind == SG_FINDING_LOAD_ERROR;
        }
        errors += error;
        failures += !error && c->failures > 0;
    }
    sgp_buf_puts(&buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sgp_buf_printf(&buf,
                   "<testsuites name=\"schemagate registry\" tests=\"%zu\" failures=\"%zu\" "
                   "errors=\"%zu\">\n",
                   report->check_count, failures, errors);
    for (size_t s = 0; s < report->subject_count; s++) {
        const char *subject = report->subjects[s];
        size_t tests = 0, suite_failures = 0, suite_errors = 0;
        for (size_t i = 0; i < report->check_count; i++) {
            const sg_check *c = &report->checks[i];
            if (strcmp(c->subject, subject) != 0) {
                continue;
            }
            tests++;
            bool error = false;
            for (size_t k = 0; k < report->finding_count; k++) {
                error |= report->findings[k].check == c->name &&
                         report->findings[k].kind == SG_FINDING_LOAD_ERROR;
            }
            suite_errors += error;
            suite_failures += !error && c->failures > 0;
        }
        sgp_buf_puts(&buf, "  <testsuite name=\"");
        xml(&buf, subject[0] ? subject : "(registry)");
        sgp_buf_printf(&buf, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\"%s>\n", tests,
                       suite_failures, suite_errors, tests ? "" : "/");
        if (!tests) {
            continue;
        }
        for (size_t i = 0; i < report->check_count; i++) {
            const sg_check *c = &report->checks[i];
            if (strcmp(c->subject, subject) != 0) {
                continue;
            }
            sgp_buf_puts(&buf, "    <testcase name=\"");
            xml(&buf, c->name);
            sgp_buf_puts(&buf, "\" classname=\"schemagate.registry.");
            xml(&buf, subject[0] ? subject : "registry");
            sgp_buf_puts(&buf, "\"");
            if (c->file[0]) {
                sgp_buf_puts(&buf, " file=\"");
                xml(&buf, c->file);
                sgp_buf_puts(&buf, "\"");
            }
            /* The failures (or the error), then the compatible changes as output. */
            const sg_finding *first = NULL;
            bool error = false, notes = false;
            for (size_t k = 0; k < report->finding_count; k++) {
                const sg_finding *f = &report->findings[k];
                if (f->check != c->name) {
                    continue;
                }
                if (f->breaking && !first) {
                    first = f;
                }
                error |= f->kind == SG_FINDING_LOAD_ERROR;
                notes |= !f->breaking;
            }
            if (!first && !notes) {
                sgp_buf_puts(&buf, "/>\n");
                continue;
            }
            sgp_buf_puts(&buf, ">\n");
            if (first) {
                const char *element = error ? "error" : "failure";
                sgp_buf_printf(&buf, "      <%s type=\"%s\" message=\"", element,
                               sg_finding_kind_name(first->kind));
                xml(&buf, first->message);
                sgp_buf_puts(&buf, "\">");
                for (size_t k = 0; k < report->finding_count; k++) {
                    const sg_finding *f = &report->findings[k];
                    if (f->check == c->name && f->breaking) {
                        sgp_buf line = SGP_BUF_INIT;
                        text_line(&line, f);
                        if (line.data) {
                            xml(&buf, line.data);
                        }
                        sgp_buf_free(&line);
                    }
                }
                sgp_buf_printf(&buf, "</%s>\n", element);
            }
            if (notes) {
                sgp_buf_puts(&buf, "      <system-out>");
                for (size_t k = 0; k < report->finding_count; k++) {
                    const sg_finding *f = &report->findings[k];
                    if (f->check == c->name && !f->breaking) {
                        sgp_buf line = SGP_BUF_INIT;
                        text_line(&line, f);
                        if (line.data) {
                            xml(&buf, line.data);
                        }
                        sgp_buf_free(&line);
                    }
                }
                sgp_buf_puts(&buf, "</system-out>\n");
            }
            sgp_buf_puts(&buf, "    </testcase>\n");
        }
        sgp_buf_puts(&buf, "  </testsuite>\n");
    }
    sgp_buf_puts(&buf, "</testsuites>\n");
    return sgp_buf_take(&buf);
}

/* SARIF ---------------------------------------------------------------------------------------- */

static json_t *text_object(const char *text) {
    json_t *o = json_object();
    if (o && set(o, "text", json_string(text)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static char *write_sarif(const sg_report *report) {
    json_t *root = json_object(), *run = json_object(), *driver = json_object(),
           *tool = json_object(), *rules = json_array(), *results = json_array(),
           *runs = json_array();
    int bad = !root || !run || !driver || !tool || !rules || !results || !runs;
    for (size_t k = 0; !bad && k < KIND_COUNT; k++) {
        json_t *rule = json_object(), *config = json_object();
        bad |= !rule || !config;
        bad |= set(rule, "id", json_string(kinds[k].name));
        bad |= set(rule, "name", json_string(kinds[k].title));
        bad |= set(rule, "shortDescription", text_object(kinds[k].text));
        bad |= set(rule, "fullDescription", text_object(kinds[k].text));
        bad |= set(rule, "help",
                   text_object("See docs/registry.md in the schemagate repository for the "
                               "checks and how to fix each."));
        bad |= set(config, "level", json_string(k == SG_FINDING_CHANGE ? "note" : "error"));
        bad |= set(rule, "defaultConfiguration", config);
        bad |= json_array_append_new(rules, rule);
    }
    for (size_t i = 0; !bad && i < report->finding_count; i++) {
        const sg_finding *f = &report->findings[i];
        json_t *result = json_object();
        bad |= !result;
        bad |= set(result, "ruleId", json_string(sg_finding_kind_name(f->kind)));
        bad |= set(result, "ruleIndex", json_integer((json_int_t)f->kind));
        bad |= set(result, "level", json_string(f->breaking ? "error" : "note"));
        sgp_buf text = SGP_BUF_INIT;
        sgp_buf_printf(&text, "%s%s%s", f->subject, f->subject[0] ? ": " : "", f->message);
        bad |= text.failed;
        bad |= set(result, "message", text_object(text.data ? text.data : ""));
        sgp_buf_free(&text);
        if (f->uri[0]) {
            json_t *locations = json_array(), *location = json_object(), *physical = json_object(),
                   *artifact = json_object();
            char *uri = sgp_uri_of(f->uri);
            bad |= !locations || !location || !physical || !artifact || !uri;
            bad |= set(artifact, "uri", json_string(uri ? uri : ""));
            free(uri);
            bad |= set(physical, "artifactLocation", artifact);
            if (f->line > 0) {
                json_t *region = json_object();
                bad |= !region;
                bad |= set(region, "startLine", json_integer(f->line));
                bad |= set(region, "startColumn", json_integer(f->column > 0 ? f->column : 1));
                bad |= set(physical, "region", region);
            }
            bad |= set(location, "physicalLocation", physical);
            bad |= json_array_append_new(locations, location);
            bad |= set(result, "locations", locations);
        }
        json_t *properties = json_object();
        bad |= !properties;
        bad |= set(properties, "subject", json_string(f->subject));
        bad |= set(properties, "check", json_string(f->check));
        if (f->path[0]) {
            bad |= set(properties, "path", json_string(f->path));
        }
        bad |= set(result, "properties", properties);
        bad |= json_array_append_new(results, result);
    }
    if (!bad) {
        bad |= set(driver, "name", json_string("schemagate"));
        bad |= set(driver, "version", json_string(sg_version()));
        bad |= set(driver, "semanticVersion", json_string(sg_version()));
        bad |= set(driver, "rules", rules);
        rules = NULL;
        bad |= set(tool, "driver", driver);
        driver = NULL;
        bad |= set(run, "tool", tool);
        tool = NULL;
        bad |= set(run, "columnKind", json_string("unicodeCodePoints"));
        bad |= set(run, "results", results);
        results = NULL;
        bad |= json_array_append_new(runs, run);
        run = NULL;
        bad |= set(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
        bad |= set(root, "version", json_string("2.1.0"));
        bad |= set(root, "runs", runs);
        runs = NULL;
    }
    json_decref(rules);
    json_decref(driver);
    json_decref(tool);
    json_decref(results);
    json_decref(run);
    json_decref(runs);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return sgp_json_dump_report(root);
}

int sg_report_write(const sg_report *report, sg_report_format format, char **out, sg_error *err) {
    if (!report || !out) {
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "no report or no output given");
    }
    *out = NULL;
    switch (format) {
    case SG_REPORT_TEXT:
        *out = write_text(report);
        break;
    case SG_REPORT_JSON:
        *out = write_json(report);
        break;
    case SG_REPORT_JUNIT:
        *out = write_junit(report);
        break;
    case SG_REPORT_SARIF:
        *out = write_sarif(report);
        break;
    default:
        return sgp_error(err, SG_EUSAGE, NULL, NULL, 0, 0, "unknown report format %d", (int)format);
    }
    return *out ? SG_OK : sgp_error_nomem(err);
}

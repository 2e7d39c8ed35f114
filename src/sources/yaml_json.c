/* sources/yaml_json.c: YAML <-> jansson for CloudFormation templates (see yaml_json.h). */
#include "sources/yaml_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "util/json.h"
#include "util/limits.h"
#include "util/util.h"

typedef struct position {
    char *pointer;
    int line;
    int column;
} position;

struct sgp_yaml_positions {
    position *items;
    size_t count;
    size_t cap;
};

void sgp_yaml_positions_free(sgp_yaml_positions *positions) {
    if (!positions) {
        return;
    }
    for (size_t i = 0; i < positions->count; i++) {
        free(positions->items[i].pointer);
    }
    free(positions->items);
    free(positions);
}

bool sgp_yaml_position(const void *ctx, const char *pointer, int *line, int *column) {
    const sgp_yaml_positions *positions = ctx;
    for (size_t i = 0; positions && i < positions->count; i++) {
        if (strcmp(positions->items[i].pointer, pointer) == 0) {
            *line = positions->items[i].line;
            *column = positions->items[i].column;
            return true;
        }
    }
    return false;
}

static bool remember(sgp_yaml_positions *positions, const char *pointer, yaml_mark_t mark) {
    if (!positions) {
        return true;
    }
    if (!sgp_reserve((void **)&positions->items, &positions->cap, positions->count + 1,
                     sizeof(position))) {
        return false;
    }
    char *copy = sgp_strdup(pointer[0] ? pointer : "/");
    if (!copy) {
        return false;
    }
    positions->items[positions->count].pointer = copy;
    positions->items[positions->count].line = (int)mark.line + 1;
    positions->items[positions->count].column = (int)mark.column + 1;
    positions->count++;
    return true;
}

/* Reading ------------------------------------------------------------------------------------- */

typedef struct frame {
    json_t *container;  /* object or array being filled */
    char *key;          /* objects: the key waiting for its value */
    char *tag;          /* a short-form tag to apply when the container closes */
    size_t pointer_len; /* length of the container's own JSON pointer */
} frame;

typedef struct yaml_reader {
    const char *source;
    sg_error *err;
    sgp_yaml_positions *positions;
    char pointer[SG_ERROR_PATH_MAX];
    frame stack[SG_MAX_JSON_DEPTH + 2];
    int depth;
    json_t *root;
} yaml_reader;

static int fail(yaml_reader *Y, yaml_mark_t mark, int code, const char *fmt, ...) SGP_PRINTF(4, 5);

static int fail(yaml_reader *Y, yaml_mark_t mark, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sgp_verror(Y->err, code, Y->source, Y->pointer[0] ? Y->pointer : NULL, (int)mark.line + 1,
               (int)mark.column + 1, fmt, ap);
    va_end(ap);
    return code;
}

/* CloudFormation's short forms and the keys of their long forms. */
static const char *long_form(const char *tag) {
    static const struct {
        const char *tag;
        const char *key;
    } forms[] = {
        {"!Ref", "Ref"},
        {"!Condition", "Condition"},
        {"!Sub", "Fn::Sub"},
        {"!GetAtt", "Fn::GetAtt"},
        {"!Join", "Fn::Join"},
        {"!If", "Fn::If"},
        {"!Select", "Fn::Select"},
        {"!Split", "Fn::Split"},
        {"!FindInMap", "Fn::FindInMap"},
        {"!Base64", "Fn::Base64"},
        {"!Cidr", "Fn::Cidr"},
        {"!GetAZs", "Fn::GetAZs"},
        {"!ImportValue", "Fn::ImportValue"},
        {"!Equals", "Fn::Equals"},
        {"!And", "Fn::And"},
        {"!Or", "Fn::Or"},
        {"!Not", "Fn::Not"},
        {"!Transform", "Fn::Transform"},
        {"!Length", "Fn::Length"},
        {"!ToJsonString", "Fn::ToJsonString"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (strcmp(tag, forms[i].tag) == 0) {
            return forms[i].key;
        }
    }
    return NULL;
}

/* Checks a tag: NULL or YAML's own (!!str ...) are plain; CloudFormation's are kept; anything
 * else is an error. */
static int check_tag(yaml_reader *Y, const yaml_char_t *tag, yaml_mark_t mark) {
    const char *t = (const char *)tag;
    if (!t || strncmp(t, "tag:yaml.org,2002:", 18) == 0 || strcmp(t, "!") == 0 || long_form(t)) {
        return SG_OK;
    }
    return fail(Y, mark, SG_EUNSUPPORTED, "unknown YAML tag %s", t);
}

/* Wraps value in its CloudFormation long form when tag says so. Steals value. */
static json_t *apply_tag(const char *tag, json_t *value) {
    const char *key = tag ? long_form(tag) : NULL;
    if (!key || !value) {
        return value;
    }
    if (strcmp(key, "Fn::GetAtt") == 0 && json_is_string(value)) {
        /* !GetAtt Resource.Attribute -> ["Resource", "Attribute"] */
        const char *s = json_string_value(value);
        const char *dot = strchr(s, '.');
        json_t *pair = json_array();
        if (pair && dot) {
            json_array_append_new(pair, json_stringn(s, (size_t)(dot - s)));
            json_array_append_new(pair, json_string(dot + 1));
            json_decref(value);
            value = pair;
        } else {
            json_decref(pair);
        }
    }
    json_t *wrapper = json_object();
    if (!wrapper || json_object_set_new(wrapper, key, value) != 0) {
        json_decref(wrapper);
        return NULL;
    }
    return wrapper;
}

/* Puts a finished value into the container on top of the stack (or makes it the root). */
static int attach(yaml_reader *Y, json_t *value, yaml_mark_t mark) {
    if (!value) {
        return fail(Y, mark, SG_ENOMEM, "out of memory");
    }
    if (Y->depth == 0) {
        Y->root = value;
        return SG_OK;
    }
    frame *top = &Y->stack[Y->depth - 1];
    int rc = SG_OK;
    if (json_is_array(top->container)) {
        rc = json_array_append_new(top->container, value) == 0 ? SG_OK : SG_ENOMEM;
    } else {
        rc = json_object_set_new(top->container, top->key, value) == 0 ? SG_OK : SG_ENOMEM;
        free(top->key);
        top->key = NULL;
    }
    Y->pointer[top->pointer_len] = '\0';
    return rc == SG_OK ? SG_OK : fail(Y, mark, rc, "out of memory");
}

/* Before a value: extends the pointer with the array index or the object key. */
static void enter_value(yaml_reader *Y) {
    if (Y->depth == 0) {
        return;
    }
    frame *top = &Y->stack[Y->depth - 1];
    if (json_is_array(top->container)) {
        sgp_json_pointer_push_index(Y->pointer, sizeof Y->pointer, json_array_size(top->container));
    } else {
        sgp_json_pointer_push(Y->pointer, sizeof Y->pointer, top->key);
    }
}

/* A scalar: a key when an object waits for one, else a value. */
static int on_scalar(yaml_reader *Y, yaml_event_t *event) {
    const char *text = (const char *)event->data.scalar.value;
    size_t length = event->data.scalar.length;
    yaml_mark_t mark = event->start_mark;
    if (event->data.scalar.anchor) {
        return fail(Y, mark, SG_EUNSUPPORTED, "YAML anchors (&%s) are not supported",
                    (const char *)event->data.scalar.anchor);
    }
    int rc = check_tag(Y, event->data.scalar.tag, mark);
    if (rc != SG_OK) {
        return rc;
    }
    if (memchr(text, '\0', length)) {
        return fail(Y, mark, SG_EINVALID, "a NUL character in a YAML scalar");
    }
    frame *top = Y->depth ? &Y->stack[Y->depth - 1] : NULL;
    if (top && json_is_object(top->container) && !top->key) {
        if (event->data.scalar.tag && long_form((const char *)event->data.scalar.tag)) {
            return fail(Y, mark, SG_EINVALID, "a tagged value cannot be a mapping key");
        }
        if (json_object_get(top->container, text)) {
            return fail(Y, mark, SG_EINVALID, "duplicate key \"%s\" in a mapping", text);
        }
        top->key = sgp_strdup(text);
        return top->key ? SG_OK : fail(Y, mark, SG_ENOMEM, "out of memory");
    }
    enter_value(Y);
    if (!remember(Y->positions, Y->pointer, mark)) {
        return fail(Y, mark, SG_ENOMEM, "out of memory");
    }
    bool plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    json_t *value;
    if (plain && !event->data.scalar.tag &&
        (length == 0 || strcmp(text, "~") == 0 || strcasecmp(text, "null") == 0)) {
        value = json_null();
    } else {
        value = json_stringn(text, length);
    }
    return attach(Y, apply_tag((const char *)event->data.scalar.tag, value), mark);
}

static int on_start(yaml_reader *Y, yaml_event_t *event, bool is_map) {
    yaml_mark_t mark = event->start_mark;
    const yaml_char_t *anchor =
        is_map ? event->data.mapping_start.anchor : event->data.sequence_start.anchor;
    const yaml_char_t *tag =
        is_map ? event->data.mapping_start.tag : event->data.sequence_start.tag;
    if (anchor) {
        return fail(Y, mark, SG_EUNSUPPORTED, "YAML anchors (&%s) are not supported",
                    (const char *)anchor);
    }
    int rc = check_tag(Y, tag, mark);
    if (rc != SG_OK) {
        return rc;
    }
    frame *top = Y->depth ? &Y->stack[Y->depth - 1] : NULL;
    if (top && json_is_object(top->container) && !top->key) {
        return fail(Y, mark, SG_EUNSUPPORTED, "only plain scalars can be mapping keys");
    }
    if (Y->depth >= SG_MAX_JSON_DEPTH) {
        return fail(Y, mark, SG_ELIMIT, "YAML nested deeper than %d levels", SG_MAX_JSON_DEPTH);
    }
    enter_value(Y);
    if (!remember(Y->positions, Y->pointer, mark)) {
        return fail(Y, mark, SG_ENOMEM, "out of memory");
    }
    frame *f = &Y->stack[Y->depth++];
    memset(f, 0, sizeof *f);
    f->container = is_map ? json_object() : json_array();
    f->tag = tag ? sgp_strdup((const char *)tag) : NULL;
    /* The container's own pointer; its values extend it and attach() cuts back to it. */
    f->pointer_len = strlen(Y->pointer);
    return f->container ? SG_OK : fail(Y, mark, SG_ENOMEM, "out of memory");
}

static int on_end(yaml_reader *Y, yaml_event_t *event) {
    frame f = Y->stack[--Y->depth];
    free(f.key);
    json_t *value = apply_tag(f.tag, f.container);
    free(f.tag);
    return attach(Y, value, event->start_mark);
}

static void free_stack(yaml_reader *Y) {
    while (Y->depth > 0) {
        frame *f = &Y->stack[--Y->depth];
        json_decref(f->container);
        free(f->key);
        free(f->tag);
    }
}

json_t *sgp_yaml_to_json(const char *text, size_t length, const char *source,
                         sgp_yaml_positions **positions, sg_error *err) {
    if (positions) {
        *positions = NULL;
    }
    yaml_reader Y;
    memset(&Y, 0, sizeof Y);
    Y.source = source;
    Y.err = err;
    if (positions && !(Y.positions = calloc(1, sizeof *Y.positions))) {
        sgp_error_nomem(err);
        return NULL;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        sgp_yaml_positions_free(Y.positions);
        sgp_error_nomem(err);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
    int rc = SG_OK;
    int documents = 0;
    bool done = false;
    while (rc == SG_OK && !done) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            rc = sgp_error(err, SG_EPARSE, source, NULL, (int)parser.problem_mark.line + 1,
                           (int)parser.problem_mark.column + 1, "invalid YAML: %s%s%s",
                           parser.problem ? parser.problem : "syntax error",
                           parser.context ? " " : "", parser.context ? parser.context : "");
            break;
        }
        switch (event.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                rc = fail(&Y, event.start_mark, SG_EUNSUPPORTED,
                          "several YAML documents in one file; a template is one document");
            }
            break;
        case YAML_ALIAS_EVENT:
            rc = fail(&Y, event.start_mark, SG_EUNSUPPORTED, "YAML aliases (*%s) are not supported",
                      (const char *)event.data.alias.anchor);
            break;
        case YAML_SCALAR_EVENT:
            rc = on_scalar(&Y, &event);
            break;
        case YAML_SEQUENCE_START_EVENT:
            rc = on_start(&Y, &event, false);
            break;
        case YAML_MAPPING_START_EVENT:
            rc = on_start(&Y, &event, true);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            rc = on_end(&Y, &event);
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    free_stack(&Y);
    if (rc == SG_OK && !Y.root) {
        rc = sgp_error(err, SG_EPARSE, source, NULL, 0, 0, "empty input: no YAML document");
    }
    if (rc != SG_OK) {
        json_decref(Y.root);
        sgp_yaml_positions_free(Y.positions);
        return NULL;
    }
    if (positions) {
        *positions = Y.positions;
    }
    return Y.root;
}

/* Writing ------------------------------------------------------------------------------------- */

static int write_handler(void *data, unsigned char *buffer, size_t size) {
    sgp_buf *buf = data;
    sgp_buf_append(buf, (const char *)buffer, size);
    return !buf->failed;
}

/* Strings a YAML reader would take for something else (true, 1.5, null) get quotes. */
static bool looks_typed(const char *s) {
    static const char *const words[] = {"true", "false", "yes", "no", "on",
                                        "off",  "null",  "~",   "y",  "n"};
    if (!*s) {
        return true;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcasecmp(s, words[i]) == 0) {
            return true;
        }
    }
    if ((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.') {
        return true; /* numbers, dates (2010-09-09), versions: keep them strings */
    }
    return false;
}

static const char *short_form(const char *key) {
    static const char *const tags[] = {
        "!Ref",   "!Condition", "!Sub",    "!GetAtt",    "!Join",   "!If",          "!Select",
        "!Split", "!FindInMap", "!Base64", "!Cidr",      "!GetAZs", "!ImportValue", "!Equals",
        "!And",   "!Or",        "!Not",    "!Transform", "!Length", "!ToJsonString"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        const char *lf = long_form(tags[i]);
        if (lf && strcmp(lf, key) == 0) {
            return tags[i];
        }
    }
    return NULL;
}

static bool emit_value(yaml_emitter_t *emitter, const json_t *value, const char *tag, int depth);

static bool emit_scalar(yaml_emitter_t *emitter, const char *text, const char *tag,
                        bool force_quotes) {
    yaml_event_t event;
    yaml_scalar_style_t style =
        force_quotes ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
    if (strchr(text, '\n')) {
        style = YAML_LITERAL_SCALAR_STYLE;
    }
    return yaml_scalar_event_initialize(&event, NULL, (yaml_char_t *)tag, (yaml_char_t *)text,
                                        (int)strlen(text), tag == NULL, tag == NULL, style) &&
           yaml_emitter_emit(emitter, &event);
}

static bool emit_value(yaml_emitter_t *emitter, const json_t *value, const char *tag, int depth) {
    yaml_event_t event;
    if (depth > SG_MAX_JSON_DEPTH) {
        return false;
    }
    if (json_is_object(value) && json_object_size(value) == 1 && !tag) {
        const char *key = json_object_iter_key(json_object_iter((json_t *)value));
        const char *short_tag = short_form(key);
        json_t *inner = json_object_get(value, key);
        if (short_tag && strcmp(short_tag, "!GetAtt") == 0 && json_is_array(inner) &&
            json_array_size(inner) == 2 && json_is_string(json_array_get(inner, 0)) &&
            json_is_string(json_array_get(inner, 1))) {
            char joined[1024];
            snprintf(joined, sizeof joined, "%s.%s", json_string_value(json_array_get(inner, 0)),
                     json_string_value(json_array_get(inner, 1)));
            return emit_scalar(emitter, joined, short_tag, false);
        }
        if (short_tag) {
            return emit_value(emitter, inner, short_tag, depth + 1);
        }
    }
    switch (json_typeof(value)) {
    case JSON_OBJECT: {
        if (!yaml_mapping_start_event_initialize(&event, NULL, (yaml_char_t *)tag, tag == NULL,
                                                 YAML_BLOCK_MAPPING_STYLE) ||
            !yaml_emitter_emit(emitter, &event)) {
            return false;
        }
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)value, key, item) {
            if (!emit_scalar(emitter, key, NULL, looks_typed(key)) ||
                !emit_value(emitter, item, NULL, depth + 1)) {
                return false;
            }
        }
        return yaml_mapping_end_event_initialize(&event) && yaml_emitter_emit(emitter, &event);
    }
    case JSON_ARRAY: {
        if (!yaml_sequence_start_event_initialize(&event, NULL, (yaml_char_t *)tag, tag == NULL,
                                                  YAML_BLOCK_SEQUENCE_STYLE) ||
            !yaml_emitter_emit(emitter, &event)) {
            return false;
        }
        size_t i;
        json_t *item;
        json_array_foreach(value, i, item) {
            if (!emit_value(emitter, item, NULL, depth + 1)) {
                return false;
            }
        }
        return yaml_sequence_end_event_initialize(&event) && yaml_emitter_emit(emitter, &event);
    }
    case JSON_STRING:
        return emit_scalar(emitter, json_string_value(value), tag,
                           !tag && looks_typed(json_string_value(value)));
    case JSON_INTEGER: {
        char number[32];
        snprintf(number, sizeof number, "%lld", (long long)json_integer_value(value));
        return emit_scalar(emitter, number, tag, false);
    }
    case JSON_REAL: {
        char number[64];
        snprintf(number, sizeof number, "%.17g", json_real_value(value));
        return emit_scalar(emitter, number, tag, false);
    }
    case JSON_TRUE:
        return emit_scalar(emitter, "true", tag, false);
    case JSON_FALSE:
        return emit_scalar(emitter, "false", tag, false);
    case JSON_NULL:
        return emit_scalar(emitter, "null", tag, false);
    }
    return false;
}

char *sgp_json_to_yaml(const json_t *value) {
    yaml_emitter_t emitter;
    sgp_buf buf = SGP_BUF_INIT;
    if (!yaml_emitter_initialize(&emitter)) {
        return NULL;
    }
    yaml_emitter_set_output(&emitter, write_handler, &buf);
    yaml_emitter_set_unicode(&emitter, 1);
    yaml_emitter_set_indent(&emitter, 2);
    yaml_emitter_set_width(&emitter, 100);
    yaml_event_t event;
    bool ok = yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING) &&
              yaml_emitter_emit(&emitter, &event) &&
              yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1) &&
              yaml_emitter_emit(&emitter, &event) && emit_value(&emitter, value, NULL, 0) &&
              yaml_document_end_event_initialize(&event, 1) &&
              yaml_emitter_emit(&emitter, &event) && yaml_stream_end_event_initialize(&event) &&
              yaml_emitter_emit(&emitter, &event);
    yaml_emitter_delete(&emitter);
    if (!ok) {
        sgp_buf_free(&buf);
        return NULL;
    }
    return sgp_buf_take(&buf);
}

/*
 * remote/xml.h: a small, strict XML 1.0 reader for the bodies of S3 REST responses. It parses a
 * whole UTF-8 document held in memory into a read-only element tree: local names, text and
 * children. It is not a general XML library: attributes are checked for well-formedness and then
 * dropped, namespaces are reduced to local names, and anything a DTD could do (DOCTYPE, entity
 * declarations, external entities) is refused, so no input can make it read a file, open a
 * connection or expand entities exponentially. Private names use the sgp_ prefix.
 *
 * What is accepted: an XML declaration (version 1.x, encoding UTF-8 or US-ASCII), a UTF-8 byte
 * order mark, comments, processing instructions, CDATA sections, whitespace around the root, the
 * five predefined entities and character references (&#NN; &#xHH;) written as UTF-8. Line ends
 * in text are normalised as XML requires (CR LF and CR become LF; &#13; stays a CR).
 *
 * What is refused, with SG_EPARSE and the line and column (in characters) of the culprit: a
 * DOCTYPE, unknown entities, malformed or invalid character references (NUL, surrogates, above
 * U+10FFFF, U+FFFE, U+FFFF), mismatched or unclosed tags, text or a second element outside the
 * root, bytes that are not UTF-8, NUL bytes and the other C0 controls XML 1.0 forbids (tab, LF and
 * CR are fine). References to C0 controls (&#x1;) are accepted, as XML 1.1 allows, because they
 * are the only way such characters can appear and S3 keys may hold them. Beyond
 * SG_XML_MAX_BYTES of input, SG_XML_MAX_DEPTH levels or SG_XML_MAX_ELEMENTS elements: SG_ELIMIT.
 *
 * Not checked: duplicate attribute names, and names against XML's tables of non-ASCII name
 * characters (any non-ASCII character is taken as a name character).
 */
#ifndef SG_REMOTE_XML_H
#define SG_REMOTE_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "schemagate/common.h"

typedef struct sgp_xml_node sgp_xml_node;

/*
 * Parses data (length bytes; it need not be NUL-terminated) into a tree whose root element is
 * returned in *out (free with sgp_xml_free). source names the input in errors (may be NULL). On
 * failure *out is NULL and err says where and why.
 */
int sgp_xml_parse(sgp_xml_node **out, const char *data, size_t length, const char *source,
                  sg_error *err);

/* Frees a tree returned by sgp_xml_parse: only the root may be passed. NULL is allowed. */
void sgp_xml_free(sgp_xml_node *root);

/* The element's local name: "Key" for both <Key> and <s3:Key>. */
const char *sgp_xml_name(const sgp_xml_node *node);

/*
 * The element's own character data (text and CDATA, entity-decoded, in document order; not the
 * text of its children), "" when it has none. Never holds a NUL, so the length is strlen's.
 */
const char *sgp_xml_text(const sgp_xml_node *node);
size_t sgp_xml_text_length(const sgp_xml_node *node);

/* Child elements in document order. */
size_t sgp_xml_child_count(const sgp_xml_node *node);
/* The i-th child, NULL when i is out of range. */
const sgp_xml_node *sgp_xml_child_at(const sgp_xml_node *node, size_t i);
/* The first child with the given local name, or NULL. */
const sgp_xml_node *sgp_xml_child(const sgp_xml_node *node, const char *name);
/*
 * The next sibling after node with the same local name, or NULL. With sgp_xml_child it walks
 * the children of one name in time proportional to the children skipped:
 *     for (c = sgp_xml_child(list, "Contents"); c; c = sgp_xml_next_named(c)) ...
 */
const sgp_xml_node *sgp_xml_next_named(const sgp_xml_node *node);
/* Number of children with the given local name. */
size_t sgp_xml_count_named(const sgp_xml_node *node, const char *name);

#endif

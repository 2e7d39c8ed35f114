/*
 * remote/s3_xml.h: the S3 REST response bodies schemagate reads, decoded from XML (remote/xml.h):
 * one page of a ListObjectsV2 listing and the <Error> document of a failed request. Pure
 * decoding, no I/O. Private names use the sgp_ prefix.
 */
#ifndef SG_REMOTE_S3_XML_H
#define SG_REMOTE_S3_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemagate/common.h"

typedef struct sgp_s3_object_entry {
    char *key; /* decoded (see sgp_s3_parse_list_page) */
    uint64_t size;
    /* Exactly as sent, quotes included ("\"9b2cf5...\""), or NULL when the entry has none: it is
     * compared byte for byte with the ETag of a later request, never interpreted. */
    char *etag;
} sgp_s3_object_entry;

typedef struct sgp_s3_list_page {
    sgp_s3_object_entry *objects;
    size_t object_count;
    char **common_prefixes; /* decoded, like keys */
    size_t prefix_count;
    bool truncated;
    char *next_continuation_token; /* NULL when not truncated; never URL-decoded */
} sgp_s3_list_page;

/*
 * Decodes one ListObjectsV2 response: the root must be ListBucketResult in any namespace (AWS and
 * moto use http://s3.amazonaws.com/doc/2006-03-01/, s3rver
 * http://doc.s3.amazonaws.com/2006-03-01/). With <EncodingType>url</EncodingType>, keys and common
 * prefixes are URL-decoded as S3 encodes them: %XX is a byte and '+' a space (a literal '+' arrives
 * as %2B); a malformed escape, an escaped NUL or a result that is not UTF-8 is SG_EINVALID. The
 * continuation token is opaque and passed on unchanged.
 *
 * Every entry needs one Key and one Size (a decimal uint64); IsTruncated (true/false/1/0) is
 * required, and a truncated page without a non-empty NextContinuationToken is SG_EINVALID (a
 * client following it would list the first page forever). Another EncodingType is
 * SG_EUNSUPPORTED. XML errors come from sgp_xml_parse. On failure *out is all zero and err's path
 * names the element (ListBucketResult/Contents[3]/Size). Free with sgp_s3_list_page_free.
 */
int sgp_s3_parse_list_page(sgp_s3_list_page *out, const char *xml, size_t length,
                           const char *source, sg_error *err);
/* Frees what the page holds and zeroes it. NULL is allowed. */
void sgp_s3_list_page_free(sgp_s3_list_page *page);

typedef struct sgp_s3_error_info {
    char code[64];
    char message[256];
    char request_id[128];
} sgp_s3_error_info;

/*
 * Fills what it finds in an S3 <Error> body, or an <ErrorResponse> of the query protocol
 * (Code, Message, RequestId; each "" when absent and cut at a character boundary when too
 * long); returns false, with *out all empty, if the body is not well-formed XML with such an
 * error (an HTML page from a proxy, an empty body).
 */
bool sgp_s3_parse_error(sgp_s3_error_info *out, const char *xml, size_t length);

#endif

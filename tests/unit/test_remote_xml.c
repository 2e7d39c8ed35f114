/* tests/unit/test_remote_xml.c: the strict XML reader (remote/xml.c) and the S3 response
 * decoding on top of it (remote/s3_xml.c): listings shaped as AWS, moto and s3rver send them,
 * URL-encoded keys, truncated pages, error documents, every refusal with its location, the
 * limits, and every truncation and some byte mutations of a listing (clean errors only). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remote/s3_xml.h"
#include "remote/xml.h"
#include "util/limits.h"
#include "util/util.h"

/* Parses doc (length n) expecting failure with code at line:column and needle in the message. */
static void expect_fail_n(const char *doc, size_t n, int code, int line, int column,
                          const char *needle) {
    sg_error err;
    sg_error_clear(&err);
    sgp_xml_node *root = (sgp_xml_node *)1;
    int rc = sgp_xml_parse(&root, doc, n, "t.xml", &err);
    ck_assert_msg(rc == code, "%s: code %d, expected %d (%s)", doc, rc, code, err.message);
    ck_assert_ptr_null(root);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.source, "t.xml");
    ck_assert_msg(err.line == line && err.column == column, "%s: at %d:%d, expected %d:%d (%s)",
                  doc, err.line, err.column, line, column, err.message);
    ck_assert_msg(strstr(err.message, needle) != NULL, "%s: message \"%s\" lacks \"%s\"", doc,
                  err.message, needle);
}

static void expect_fail(const char *doc, int code, int line, int column, const char *needle) {
    expect_fail_n(doc, strlen(doc), code, line, column, needle);
}

static sgp_xml_node *parse_ok(const char *doc) {
    sg_error err;
    sgp_xml_node *root = NULL;
    int rc = sgp_xml_parse(&root, doc, strlen(doc), "t.xml", &err);
    ck_assert_msg(rc == SG_OK, "%s: %s", doc, err.message);
    ck_assert_ptr_nonnull(root);
    return root;
}

/* The text of the only child called name. */
static const char *text_of(const sgp_xml_node *node, const char *name) {
    const sgp_xml_node *c = sgp_xml_child(node, name);
    ck_assert_msg(c != NULL, "no <%s>", name);
    return sgp_xml_text(c);
}

/* ---- Sample responses ---- */

/* The shape of the ListObjectsV2 example in the S3 API reference: pretty-printed, ETags in
 * &quot; (as S3 sends them), optional elements S3 adds. */
static const char aws_page[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n"
    "    <Name>example-bucket</Name>\n"
    "    <Prefix>tables/orders/</Prefix>\n"
    "    <KeyCount>2</KeyCount>\n"
    "    <MaxKeys>1000</MaxKeys>\n"
    "    <IsTruncated>false</IsTruncated>\n"
    "    <Contents>\n"
    "        <Key>tables/orders/part-00000.parquet</Key>\n"
    "        <LastModified>2024-10-12T17:50:30.000Z</LastModified>\n"
    "        <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>\n"
    "        <ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>\n"
    "        <Size>434234</Size>\n"
    "        <StorageClass>STANDARD</StorageClass>\n"
    "    </Contents>\n"
    "    <Contents>\n"
    "        <Key>tables/orders/part-00001.parquet</Key>\n"
    "        <LastModified>2024-10-12T17:50:31.000Z</LastModified>\n"
    "        <ETag>\"0b3e0f5c1a2d3e4f5a6b7c8d9e0f1a2b-3\"</ETag>\n"
    "        <Size>0</Size>\n"
    "        <Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>"
    "<DisplayName>owner</DisplayName></Owner>\n"
    "        <StorageClass>STANDARD</StorageClass>\n"
    "    </Contents>\n"
    "</ListBucketResult>\n";

/* moto: one line, delimiter listing with common prefixes. */
static const char moto_page[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
    "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bucket</Name><Prefix>data/</Prefix>"
    "<MaxKeys>1000</MaxKeys><KeyCount>3</KeyCount><Delimiter>/</Delimiter>"
    "<IsTruncated>false</IsTruncated><Contents><Key>data/readme.txt</Key>"
    "<LastModified>2024-01-01T00:00:00.000Z</"
    "LastModified><ETag>&#34;d41d8cd98f00b204e9800998ecf8427e"
    "&#34;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents><CommonPrefixes>"
    "<Prefix>data/year=2023/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>data/year=2024/"
    "</Prefix></CommonPrefixes></ListBucketResult>";

/* s3rver: its own namespace URI, Owner, a truncated page with a token. */
static const char s3rver_page[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ListBucketResult xmlns=\"http://doc.s3.amazonaws.com/2006-03-01/\">"
    "<IsTruncated>true</IsTruncated><Name>bucket</Name><Prefix></Prefix><MaxKeys>1</MaxKeys>"
    "<ContinuationToken>MQ==</ContinuationToken><NextContinuationToken>Mg==</NextContinuationToken>"
    "<KeyCount>1</KeyCount><Contents><Key>k&amp;1 &lt;x&gt;</Key><LastModified>"
    "2024-01-01T00:00:00.000Z</LastModified><ETag>\"abc\"</ETag><Size>17</Size><StorageClass>"
    "STANDARD</StorageClass><Owner><ID>123456789000</ID><DisplayName>S3rver</DisplayName></Owner>"
    "</Contents></ListBucketResult>";

/* ---- The XML reader ---- */

START_TEST(xml_tree_and_accessors) {
    sgp_xml_node *root = parse_ok("<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n"
                                  "<!-- before --><?pi data?>\n"
                                  "<r a=\"1\" b='&lt;&#65;'>x<c>one</c>y<d/><c>two</c>z"
                                  "<!-- inside --><?inside?></r>\n<!-- after -->\n");
    ck_assert_str_eq(sgp_xml_name(root), "r");
    ck_assert_str_eq(sgp_xml_text(root), "xyz");
    ck_assert_uint_eq(sgp_xml_text_length(root), 3);
    ck_assert_uint_eq(sgp_xml_child_count(root), 3);
    ck_assert_str_eq(sgp_xml_name(sgp_xml_child_at(root, 1)), "d");
    ck_assert_str_eq(sgp_xml_text(sgp_xml_child_at(root, 1)), "");
    ck_assert_uint_eq(sgp_xml_child_count(sgp_xml_child_at(root, 1)), 0);
    ck_assert_ptr_null(sgp_xml_child_at(root, 3));
    ck_assert_ptr_null(sgp_xml_child(root, "missing"));
    ck_assert_str_eq(text_of(root, "c"), "one");
    const sgp_xml_node *c = sgp_xml_child(root, "c");
    ck_assert_str_eq(sgp_xml_text(c), "one");
    c = sgp_xml_next_named(c);
    ck_assert_str_eq(sgp_xml_text(c), "two");
    ck_assert_ptr_null(sgp_xml_next_named(c));
    ck_assert_uint_eq(sgp_xml_count_named(root, "c"), 2);
    sgp_xml_free(root);
    sgp_xml_free(NULL);
}
END_TEST

START_TEST(xml_namespaces_reduced_to_local_names) {
    sgp_xml_node *root = parse_ok("<s3:ListBucketResult xmlns:s3=\"urn:x\" xmlns=\"urn:y\">"
                                  "<s3:Key>k</s3:Key><Key>j</Key></s3:ListBucketResult>");
    ck_assert_str_eq(sgp_xml_name(root), "ListBucketResult");
    ck_assert_uint_eq(sgp_xml_count_named(root, "Key"), 2);
    ck_assert_str_eq(sgp_xml_text(sgp_xml_next_named(sgp_xml_child(root, "Key"))), "j");
    sgp_xml_free(root);
    /* The end tag must repeat the prefix as written. */
    expect_fail("<s3:a xmlns:s3='u'></a>", SG_EPARSE, 1, 20, "does not match <s3:a>");
    expect_fail("<a:b:c/>", SG_EPARSE, 1, 2, "invalid element name");
    expect_fail("<a:/>", SG_EPARSE, 1, 2, "invalid element name");
    expect_fail("<:a/>", SG_EPARSE, 1, 2, "invalid element name");
}
END_TEST

START_TEST(xml_entities_and_character_references) {
    sgp_xml_node *root =
        parse_ok("<r>&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#0067;&#x000044; &#xe9;&#x20AC;"
                 "&#x1F600;&#128512; &#x1;&#9;</r>");
    ck_assert_str_eq(sgp_xml_text(root), "<>&'\" ABCD \xC3\xA9\xE2\x82\xAC"
                                         "\xF0\x9F\x98\x80\xF0\x9F\x98\x80 \x01\t");
    sgp_xml_free(root);
    expect_fail("<r>\n  a &x; b</r>", SG_EPARSE, 2, 5, "unknown entity &x;");
    expect_fail("<r>&nbsp;</r>", SG_EPARSE, 1, 4, "unknown entity &nbsp;");
    expect_fail("<r>AT&T</r>", SG_EPARSE, 1, 6, "'&' must start");
    expect_fail("<r>&lt</r>", SG_EPARSE, 1, 4, "'&' must start");
    expect_fail("<r>&#0;</r>", SG_EPARSE, 1, 4, "&#0; does not name an allowed character");
    expect_fail("<r>&#xD800;</r>", SG_EPARSE, 1, 4, "&#xD800;");
    expect_fail("<r>&#xDFFF;</r>", SG_EPARSE, 1, 4, "&#xDFFF;");
    expect_fail("<r>&#x110000;</r>", SG_EPARSE, 1, 4, "&#x110000;");
    expect_fail("<r>&#xFFFE;</r>", SG_EPARSE, 1, 4, "&#xFFFE;");
    expect_fail("<r>&#99999999999999999999999;</r>", SG_EPARSE, 1, 4, "not name an allowed");
    expect_fail("<r>&#X41;</r>", SG_EPARSE, 1, 4, "malformed character reference");
    expect_fail("<r>&#x;</r>", SG_EPARSE, 1, 4, "malformed character reference");
    expect_fail("<r>&#12a;</r>", SG_EPARSE, 1, 4, "malformed character reference");
    expect_fail("<r>&#x41</r>", SG_EPARSE, 1, 4, "malformed character reference");
    /* References are checked in attribute values too, though the values are dropped. */
    expect_fail("<r a='&x;'/>", SG_EPARSE, 1, 7, "unknown entity");
    /* No entity is expanded outside an element. */
    expect_fail("&amp;<r/>", SG_EPARSE, 1, 1, "text before the root element");
}
END_TEST

START_TEST(xml_cdata_and_line_ends) {
    sgp_xml_node *root = parse_ok("<r>a<![CDATA[<b>&amp;]]]]><![CDATA[>]]>z</r>");
    ck_assert_str_eq(sgp_xml_text(root), "a<b>&amp;]]>z");
    ck_assert_uint_eq(sgp_xml_child_count(root), 0);
    sgp_xml_free(root);
    root = parse_ok("<r>x\r\ny\rz&#13;<![CDATA[\r\n]]></r>");
    ck_assert_str_eq(sgp_xml_text(root), "x\ny\nz\r\n");
    sgp_xml_free(root);
    expect_fail("<r><![CDATA[abc</r>", SG_EPARSE, 1, 20, "inside a CDATA section");
    expect_fail("<![CDATA[x]]><r/>", SG_EPARSE, 1, 1, "CDATA section outside the root");
    expect_fail("<r>a]]>b</r>", SG_EPARSE, 1, 5, "']]>' is not allowed");
    /* CR LF counts as one line end, a lone CR as one too. */
    expect_fail("<r>\r\n\r\r\n  &bad;</r>", SG_EPARSE, 4, 3, "unknown entity");
}
END_TEST

START_TEST(xml_comments_pis_declaration) {
    expect_fail("<r><!-- a -- b --></r>", SG_EPARSE, 1, 11, "'--' is not allowed");
    expect_fail("<r><!-- a ", SG_EPARSE, 1, 11, "inside a comment");
    expect_fail("<r><?pi x", SG_EPARSE, 1, 10, "inside a processing instruction");
    expect_fail("<r><?xml version='1.0'?></r>", SG_EPARSE, 1, 4, "only at the start");
    expect_fail("\n<?xml version='1.0'?><r/>", SG_EPARSE, 2, 1, "only at the start");
    expect_fail("<?xml encoding='UTF-8'?><r/>", SG_EPARSE, 1, 7, "malformed XML declaration");
    expect_fail("<?xml?><r/>", SG_EPARSE, 1, 1, "has no version");
    expect_fail("<?xml version='2.0'?><r/>", SG_EPARSE, 1, 16, "bad version value");
    expect_fail("<?xml version='1.0' standalone='maybe'?><r/>", SG_EPARSE, 1, 33,
                "bad standalone value");
    expect_fail("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>", SG_EUNSUPPORTED, 1, 31,
                "encoding \"ISO-8859-1\" is not supported");
    expect_fail("<?xml version='1.0'", SG_EPARSE, 1, 20, "inside the XML declaration");
    /* A byte order mark is skipped and takes no column. */
    sgp_xml_node *root = parse_ok("\xEF\xBB\xBF<?xml version=\"1.1\"?><r/>");
    sgp_xml_free(root);
    expect_fail("\xEF\xBB\xBF<r>&q;</r>", SG_EPARSE, 1, 4, "unknown entity");
}
END_TEST

START_TEST(xml_doctype_refused) {
    /* The classic XXE and billion-laughs shapes fail at the DOCTYPE, before any entity. */
    expect_fail("<?xml version=\"1.0\"?>\n"
                "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>",
                SG_EPARSE, 2, 1, "DOCTYPE is not allowed");
    expect_fail("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>"
                "<lolz>&lol2;</lolz>",
                SG_EPARSE, 1, 1, "DOCTYPE is not allowed");
    expect_fail("<r><!DOCTYPE r></r>", SG_EPARSE, 1, 4, "DOCTYPE is not allowed");
    expect_fail("<r><!ENTITY x 'y'></r>", SG_EPARSE, 1, 4, "unexpected '<!'");
}
END_TEST

START_TEST(xml_tags_refused) {
    expect_fail("<a>\n<b></a>", SG_EPARSE, 2, 4,
                "end tag </a> does not match <b> (opened at line 2, column 1)");
    expect_fail("<a>\n<b></b>\n", SG_EPARSE, 3, 1,
                "unexpected end of input: <a> (line 1, column 1) is not closed");
    expect_fail("<a><b>text", SG_EPARSE, 1, 11, "<b> (line 1, column 4) is not closed");
    expect_fail("<a", SG_EPARSE, 1, 3, "inside a start tag");
    expect_fail("<a x='1'", SG_EPARSE, 1, 9, "inside a start tag");
    expect_fail("<a></a", SG_EPARSE, 1, 7, "inside an end tag");
    expect_fail("<a x='1", SG_EPARSE, 1, 8, "inside an attribute value");
    expect_fail("<a x='<'/>", SG_EPARSE, 1, 7, "'<' is not allowed in an attribute value");
    expect_fail("<a x=1/>", SG_EPARSE, 1, 6, "must be quoted");
    expect_fail("<a x/>", SG_EPARSE, 1, 5, "expected '='");
    expect_fail("<a x='1'y='2'/>", SG_EPARSE, 1, 9, "expected an attribute");
    expect_fail("<a / >", SG_EPARSE, 1, 4, "expected '>' after '/'");
    expect_fail("<a></ a>", SG_EPARSE, 1, 4, "expected a name after '</'");
    expect_fail("<a></a x>", SG_EPARSE, 1, 8, "expected '>' to end </a>");
    expect_fail("<a>1 < 2</a>", SG_EPARSE, 1, 6, "'<' must start a tag");
    expect_fail("</a>", SG_EPARSE, 1, 1, "end tag without a matching start tag");
    sgp_xml_node *root = parse_ok("<a  x = '1'\n\ty=\"2\" ></a >");
    sgp_xml_free(root);
}
END_TEST

START_TEST(xml_outside_root_refused) {
    expect_fail("<a/>x", SG_EPARSE, 1, 5, "text after the root element");
    expect_fail("x<a/>", SG_EPARSE, 1, 1, "text before the root element");
    expect_fail("<a/>\n<b/>", SG_EPARSE, 2, 1, "a second element after the root");
    expect_fail("<a/></a>", SG_EPARSE, 1, 5, "end tag without a matching start tag");
    expect_fail("", SG_EPARSE, 1, 1, "no root element");
    expect_fail("  \n ", SG_EPARSE, 2, 2, "no root element");
    expect_fail("<?xml version='1.0'?><!-- only a comment -->", SG_EPARSE, 1, 45,
                "no root element");
    sgp_xml_node *root = parse_ok("\n\t <a/> \r\n<!-- c --> <?p?>\n");
    sgp_xml_free(root);
}
END_TEST

START_TEST(xml_encoding_refused) {
    expect_fail_n("<a>x\0</a>", 9, SG_EPARSE, 1, 5, "NUL byte");
    expect_fail("<a>\xC3\x28</a>", SG_EPARSE, 1, 4, "invalid UTF-8 (byte 0xC3)");
    /* Columns count characters: é is one. */
    expect_fail("<a>\xC3\xA9\xFF</a>", SG_EPARSE, 1, 5, "invalid UTF-8 (byte 0xFF)");
    expect_fail("<a>\xC0\xAF</a>", SG_EPARSE, 1, 4, "invalid UTF-8");         /* overlong */
    expect_fail("<a>\xED\xA0\x80</a>", SG_EPARSE, 1, 4, "invalid UTF-8");     /* surrogate */
    expect_fail("<a>\xF4\x90\x80\x80</a>", SG_EPARSE, 1, 4, "invalid UTF-8"); /* > U+10FFFF */
    expect_fail("<a>\xE2\x82</a>", SG_EPARSE, 1, 4, "invalid UTF-8");         /* cut short */
    expect_fail("<a>\n\x01</a>", SG_EPARSE, 2, 1, "control character U+0001");
    expect_fail("<a>\x1b[31m</a>", SG_EPARSE, 1, 4, "control character U+001B");
    expect_fail("<a>\xEF\xBF\xBF</a>", SG_EPARSE, 1, 4, "U+FFFF is not allowed");
    /* Names may hold non-ASCII characters. */
    sgp_xml_node *root = parse_ok("<\xC3\xA9t\xC3\xA9>\xE2\x82\xAC</\xC3\xA9t\xC3\xA9>");
    ck_assert_str_eq(sgp_xml_name(root), "\xC3\xA9t\xC3\xA9");
    sgp_xml_free(root);
}
END_TEST

START_TEST(xml_depth_limit) {
    char doc[512] = "";
    for (int i = 0; i < SG_XML_MAX_DEPTH; i++) {
        strcat(doc, "<a>");
    }
    for (int i = 0; i < SG_XML_MAX_DEPTH; i++) {
        strcat(doc, "</a>");
    }
    sgp_xml_node *root = parse_ok(doc);
    const sgp_xml_node *n = root;
    int depth = 1;
    while (sgp_xml_child_count(n) == 1) {
        n = sgp_xml_child_at(n, 0);
        depth++;
    }
    ck_assert_int_eq(depth, SG_XML_MAX_DEPTH);
    sgp_xml_free(root);
    doc[0] = '\0';
    for (int i = 0; i <= SG_XML_MAX_DEPTH; i++) {
        strcat(doc, "<a>");
    }
    expect_fail(doc, SG_ELIMIT, 1, 3 * SG_XML_MAX_DEPTH + 1, "deeper than the limit of 32");
}
END_TEST

START_TEST(xml_size_limit) {
    size_t n = SG_XML_MAX_BYTES;
    char *doc = malloc(n + 1);
    ck_assert_ptr_nonnull(doc);
    memset(doc, ' ', n + 1);
    memcpy(doc, "<a>", 3);
    memcpy(doc + n - 4, "</a>", 4);
    sg_error err;
    sgp_xml_node *root = NULL;
    ck_assert_int_eq(sgp_xml_parse(&root, doc, n, "big.xml", &err), SG_OK);
    ck_assert_uint_eq(sgp_xml_text_length(root), n - 7);
    sgp_xml_free(root);
    memcpy(doc + n - 3, "</a>", 4);
    ck_assert_int_eq(sgp_xml_parse(&root, doc, n + 1, "big.xml", &err), SG_ELIMIT);
    ck_assert_ptr_null(root);
    ck_assert_ptr_nonnull(strstr(err.message, "larger than the limit of 16777216 bytes"));
    free(doc);
}
END_TEST

START_TEST(xml_element_limit) {
    /* The root and SG_XML_MAX_ELEMENTS - 1 children pass; one more child does not. */
    size_t children = SG_XML_MAX_ELEMENTS;
    size_t n = 3 + 4 * children + 4;
    char *doc = malloc(n + 1);
    ck_assert_ptr_nonnull(doc);
    memcpy(doc, "<r>", 3);
    for (size_t i = 0; i < children; i++) {
        memcpy(doc + 3 + 4 * i, "<a/>", 4);
    }
    memcpy(doc + n - 4, "</r>", 5);
    sg_error err;
    sgp_xml_node *root = NULL;
    ck_assert_int_eq(sgp_xml_parse(&root, doc, n, "many.xml", &err), SG_ELIMIT);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.column, (int)(n - 4 - 4 + 1));
    ck_assert_ptr_nonnull(strstr(err.message, "more elements than the limit of 1000000"));
    memmove(doc + n - 8, "</r>", 5);
    ck_assert_int_eq(sgp_xml_parse(&root, doc, n - 4, "many.xml", &err), SG_OK);
    ck_assert_uint_eq(sgp_xml_child_count(root), SG_XML_MAX_ELEMENTS - 1);
    ck_assert_uint_eq(sgp_xml_count_named(root, "a"), SG_XML_MAX_ELEMENTS - 1);
    sgp_xml_free(root);
    free(doc);
}
END_TEST

START_TEST(xml_usage_errors) {
    sg_error err;
    ck_assert_int_eq(sgp_xml_parse(NULL, "<a/>", 4, NULL, &err), SG_EUSAGE);
    sgp_xml_node *root;
    ck_assert_int_eq(sgp_xml_parse(&root, NULL, 4, NULL, &err), SG_EUSAGE);
    ck_assert_int_eq(sgp_xml_parse(&root, NULL, 0, NULL, &err), SG_EPARSE);
    ck_assert_str_eq(err.source, "");
    /* The input need not be NUL-terminated: only length bytes are read. */
    ck_assert_int_eq(sgp_xml_parse(&root, "<a/>garbage", 4, NULL, NULL), SG_OK);
    sgp_xml_free(root);
}
END_TEST

/* ---- ListObjectsV2 ---- */

static void parse_page(sgp_s3_list_page *page, const char *xml) {
    sg_error err;
    int rc = sgp_s3_parse_list_page(page, xml, strlen(xml), "list.xml", &err);
    ck_assert_msg(rc == SG_OK, "%s", err.message);
}

static void expect_page_fail(const char *xml, int code, const char *path, const char *needle) {
    sg_error err;
    sgp_s3_list_page page;
    int rc = sgp_s3_parse_list_page(&page, xml, strlen(xml), "list.xml", &err);
    ck_assert_msg(rc == code, "%s: code %d, expected %d (%s)", xml, rc, code, err.message);
    ck_assert_ptr_null(page.objects);
    ck_assert_ptr_null(page.common_prefixes);
    ck_assert_ptr_null(page.next_continuation_token);
    ck_assert_uint_eq(page.object_count, 0);
    ck_assert_str_eq(err.path, path);
    ck_assert_msg(strstr(err.message, needle) != NULL, "message \"%s\" lacks \"%s\"", err.message,
                  needle);
}

START_TEST(s3_aws_page) {
    sgp_s3_list_page page;
    parse_page(&page, aws_page);
    ck_assert_uint_eq(page.object_count, 2);
    ck_assert_str_eq(page.objects[0].key, "tables/orders/part-00000.parquet");
    ck_assert(page.objects[0].size == 434234);
    /* ETags keep their quotes: they are compared byte for byte. */
    ck_assert_str_eq(page.objects[0].etag, "\"fba9dede5f27731c9771645a39863328\"");
    ck_assert_str_eq(page.objects[1].key, "tables/orders/part-00001.parquet");
    ck_assert(page.objects[1].size == 0);
    ck_assert_str_eq(page.objects[1].etag, "\"0b3e0f5c1a2d3e4f5a6b7c8d9e0f1a2b-3\"");
    ck_assert_uint_eq(page.prefix_count, 0);
    ck_assert(!page.truncated);
    ck_assert_ptr_null(page.next_continuation_token);
    sgp_s3_list_page_free(&page);
    ck_assert_ptr_null(page.objects);
    sgp_s3_list_page_free(&page);
    sgp_s3_list_page_free(NULL);
}
END_TEST

START_TEST(s3_moto_and_s3rver_pages) {
    sgp_s3_list_page page;
    parse_page(&page, moto_page);
    ck_assert_uint_eq(page.object_count, 1);
    ck_assert_str_eq(page.objects[0].key, "data/readme.txt");
    ck_assert_str_eq(page.objects[0].etag, "\"d41d8cd98f00b204e9800998ecf8427e\"");
    ck_assert_uint_eq(page.prefix_count, 2);
    ck_assert_str_eq(page.common_prefixes[0], "data/year=2023/");
    ck_assert_str_eq(page.common_prefixes[1], "data/year=2024/");
    ck_assert(!page.truncated);
    sgp_s3_list_page_free(&page);

    parse_page(&page, s3rver_page);
    ck_assert_uint_eq(page.object_count, 1);
    ck_assert_str_eq(page.objects[0].key, "k&1 <x>");
    ck_assert(page.objects[0].size == 17);
    ck_assert_str_eq(page.objects[0].etag, "\"abc\"");
    ck_assert(page.truncated);
    ck_assert_str_eq(page.next_continuation_token, "Mg==");
    sgp_s3_list_page_free(&page);

    /* A prefixed namespace, an empty listing, no ETag. */
    parse_page(&page, "<s3:ListBucketResult xmlns:s3='http://s3.amazonaws.com/doc/2006-03-01/'>"
                      "<s3:IsTruncated>false</s3:IsTruncated><s3:Contents><s3:Key>k</s3:Key>"
                      "<s3:Size>1</s3:Size></s3:Contents></s3:ListBucketResult>");
    ck_assert_uint_eq(page.object_count, 1);
    ck_assert_ptr_null(page.objects[0].etag);
    sgp_s3_list_page_free(&page);
    parse_page(&page, "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount>"
                      "</ListBucketResult>");
    ck_assert_uint_eq(page.object_count, 0);
    ck_assert_ptr_null(page.objects);
    sgp_s3_list_page_free(&page);
}
END_TEST

START_TEST(s3_url_encoding) {
    sgp_s3_list_page page;
    parse_page(&page,
               "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
               "<Prefix>my+dir%2F</Prefix><EncodingType>url</EncodingType>"
               "<IsTruncated>true</IsTruncated>"
               "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM%2B+=="
               "</NextContinuationToken>"
               "<Contents><Key>my+dir%2Fa%20b%2Bc%C3%A9%E2%82%AC%01%3C.csv</Key><Size>5</Size>"
               "</Contents><Contents><Key>plain/key.csv</Key><Size>6</Size></Contents>"
               "<CommonPrefixes><Prefix>my+dir%2Fyear%3D2024%2F</Prefix></CommonPrefixes>"
               "</ListBucketResult>");
    ck_assert_uint_eq(page.object_count, 2);
    ck_assert_str_eq(page.objects[0].key, "my dir/a b+c\xC3\xA9\xE2\x82\xAC\x01<.csv");
    ck_assert_str_eq(page.objects[1].key, "plain/key.csv");
    ck_assert_str_eq(page.common_prefixes[0], "my dir/year=2024/");
    /* Continuation tokens are opaque: never decoded. */
    ck_assert_str_eq(page.next_continuation_token,
                     "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM%2B+==");
    sgp_s3_list_page_free(&page);

    /* Without EncodingType nothing is decoded. */
    parse_page(&page, "<ListBucketResult><IsTruncated>false</IsTruncated><Contents>"
                      "<Key>a+b%20c</Key><Size>1</Size></Contents></ListBucketResult>");
    ck_assert_str_eq(page.objects[0].key, "a+b%20c");
    sgp_s3_list_page_free(&page);

#define URL_PAGE(key)                                                                              \
    "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"           \
    "<Contents><Key>ok</Key><Size>1</Size></Contents><Contents><Key>" key "</Key><Size>1</Size>"   \
    "</Contents></ListBucketResult>"
    expect_page_fail(URL_PAGE("bad%4"), SG_EINVALID, "ListBucketResult/Contents[1]",
                     "malformed %XX escape in the URL-encoded value \"bad%4\"");
    expect_page_fail(URL_PAGE("bad%zz"), SG_EINVALID, "ListBucketResult/Contents[1]",
                     "malformed %XX escape");
    expect_page_fail(URL_PAGE("bad%"), SG_EINVALID, "ListBucketResult/Contents[1]",
                     "malformed %XX escape");
    expect_page_fail(URL_PAGE("nul%00"), SG_EINVALID, "ListBucketResult/Contents[1]",
                     "escaped NUL");
    expect_page_fail(URL_PAGE("latin1%E9"), SG_EINVALID, "ListBucketResult/Contents[1]",
                     "does not decode to UTF-8");
    expect_page_fail("<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false"
                     "</IsTruncated><CommonPrefixes><Prefix>%G0</Prefix></CommonPrefixes>"
                     "</ListBucketResult>",
                     SG_EINVALID, "ListBucketResult/CommonPrefixes[0]", "malformed %XX escape");
    expect_page_fail("<ListBucketResult><EncodingType>base64</EncodingType><IsTruncated>false"
                     "</IsTruncated></ListBucketResult>",
                     SG_EUNSUPPORTED, "ListBucketResult", "EncodingType \"base64\"");
}
END_TEST

START_TEST(s3_truncated_pages) {
    sgp_s3_list_page page;
    parse_page(&page, "<ListBucketResult><IsTruncated> 1 </IsTruncated><NextContinuationToken>"
                      "t&amp;k</NextContinuationToken></ListBucketResult>");
    ck_assert(page.truncated);
    ck_assert_str_eq(page.next_continuation_token, "t&k");
    sgp_s3_list_page_free(&page);
    /* Not truncated: a token, if any, is ignored. */
    parse_page(&page, "<ListBucketResult><IsTruncated>false</IsTruncated><NextContinuationToken>"
                      "t</NextContinuationToken></ListBucketResult>");
    ck_assert(!page.truncated);
    ck_assert_ptr_null(page.next_continuation_token);
    sgp_s3_list_page_free(&page);
    expect_page_fail("<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>k</Key>"
                     "<Size>1</Size></Contents></ListBucketResult>",
                     SG_EINVALID, "ListBucketResult", "no NextContinuationToken");
    expect_page_fail("<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken/>"
                     "</ListBucketResult>",
                     SG_EINVALID, "ListBucketResult", "no NextContinuationToken");
    expect_page_fail("<ListBucketResult><IsTruncated>yes</IsTruncated></ListBucketResult>",
                     SG_EINVALID, "ListBucketResult", "IsTruncated must be true or false");
    expect_page_fail("<ListBucketResult><KeyCount>0</KeyCount></ListBucketResult>", SG_EINVALID,
                     "ListBucketResult", "missing <IsTruncated>");
    expect_page_fail("<ListBucketResult><IsTruncated>true</IsTruncated><IsTruncated>false"
                     "</IsTruncated></ListBucketResult>",
                     SG_EINVALID, "ListBucketResult", "more than one <IsTruncated>");
}
END_TEST

START_TEST(s3_sizes_and_entries) {
#define SIZE_PAGE(size)                                                                            \
    "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a/b c.csv</Key>"             \
    "<Size>" size "</Size></Contents></ListBucketResult>"
    sgp_s3_list_page page;
    parse_page(&page, SIZE_PAGE("18446744073709551615"));
    ck_assert(page.objects[0].size == UINT64_MAX);
    sgp_s3_list_page_free(&page);
    parse_page(&page, SIZE_PAGE("\n 0042\t"));
    ck_assert(page.objects[0].size == 42);
    sgp_s3_list_page_free(&page);
    const char *bad[] = {SIZE_PAGE("18446744073709551616"),
                         SIZE_PAGE("-1"),
                         SIZE_PAGE("+1"),
                         SIZE_PAGE(""),
                         SIZE_PAGE("12a"),
                         SIZE_PAGE("1.0"),
                         SIZE_PAGE("1 2"),
                         SIZE_PAGE("0x10")};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expect_page_fail(bad[i], SG_EINVALID, "ListBucketResult/Contents[0]",
                         "the Size of \"a/b c.csv\" is not a decimal unsigned 64-bit integer");
    }
    expect_page_fail("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Size>1</Size>"
                     "</Contents></ListBucketResult>",
                     SG_EINVALID, "ListBucketResult/Contents[0]", "missing <Key>");
    expect_page_fail("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key>"
                     "<Size>1</Size></Contents><Contents><Key>b</Key></Contents>"
                     "</ListBucketResult>",
                     SG_EINVALID, "ListBucketResult/Contents[1]", "missing <Size>");
    expect_page_fail("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key>"
                     "<Key>b</Key><Size>1</Size></Contents></ListBucketResult>",
                     SG_EINVALID, "ListBucketResult/Contents[0]", "more than one <Key>");
    expect_page_fail("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key></Key>"
                     "<Size>1</Size></Contents></ListBucketResult>",
                     SG_EINVALID, "ListBucketResult/Contents[0]", "empty <Key>");
    expect_page_fail("<ListBucketResult><IsTruncated>false</IsTruncated><CommonPrefixes/>"
                     "</ListBucketResult>",
                     SG_EINVALID, "ListBucketResult/CommonPrefixes[0]", "missing <Prefix>");
}
END_TEST

START_TEST(s3_wrong_documents) {
    expect_page_fail("<ListAllMyBucketsResult/>", SG_EINVALID, "",
                     "expected a ListBucketResult document, not <ListAllMyBucketsResult>");
    expect_page_fail("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not "
                     "exist</Message></Error>",
                     SG_EINVALID, "",
                     "the response is an S3 error, not a listing: NoSuchBucket: The specified "
                     "bucket does not exist");
    /* XML errors come through with their location. */
    sg_error err;
    sgp_s3_list_page page;
    const char *broken = "<ListBucketResult>\n<IsTruncated>false</IsTruncated>\n<Contents>";
    ck_assert_int_eq(sgp_s3_parse_list_page(&page, broken, strlen(broken), "l.xml", &err),
                     SG_EPARSE);
    ck_assert_int_eq(err.line, 3);
    ck_assert_int_eq(err.column, 11);
    ck_assert_str_eq(err.source, "l.xml");
    ck_assert_ptr_null(page.objects);
}
END_TEST

START_TEST(s3_thousand_entries) {
    sgp_buf b = SGP_BUF_INIT;
    sgp_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns="
                     "\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>");
    for (int i = 0; i < 1000; i++) {
        sgp_buf_printf(&b,
                       "<Contents><Key>k/%04d.parquet</Key><LastModified>2024-01-01T00:00:00.000Z"
                       "</LastModified><ETag>&quot;%032x&quot;</ETag><Size>%d</Size>"
                       "<StorageClass>STANDARD</StorageClass></Contents>\n",
                       i, i, i * 1000);
        if (i % 100 == 0) {
            sgp_buf_printf(&b, "<CommonPrefixes><Prefix>p%d/</Prefix></CommonPrefixes>", i);
        }
    }
    sgp_buf_puts(&b, "<IsTruncated>true</IsTruncated><NextContinuationToken>next"
                     "</NextContinuationToken></ListBucketResult>");
    ck_assert(!b.failed);
    sgp_s3_list_page page;
    parse_page(&page, b.data);
    ck_assert_uint_eq(page.object_count, 1000);
    ck_assert_uint_eq(page.prefix_count, 10);
    char expected[64];
    for (int i = 0; i < 1000; i++) {
        snprintf(expected, sizeof expected, "k/%04d.parquet", i);
        ck_assert_str_eq(page.objects[i].key, expected);
        ck_assert(page.objects[i].size == (uint64_t)i * 1000);
        snprintf(expected, sizeof expected, "\"%032x\"", i);
        ck_assert_str_eq(page.objects[i].etag, expected);
    }
    ck_assert_str_eq(page.common_prefixes[9], "p900/");
    ck_assert_str_eq(page.next_continuation_token, "next");
    sgp_s3_list_page_free(&page);
    sgp_buf_free(&b);
}
END_TEST

/* Every truncation of a listing, and every byte replaced by a few troublesome ones, either
 * parses or fails with a code, a message and (for XML errors) a location: never a crash, an
 * over-read or a leak (the ASan build runs this too). Each truncation is copied into a buffer of
 * its exact size so that reading past the end is caught. */
START_TEST(s3_truncations_and_mutations) {
    const char *docs[] = {aws_page, moto_page, s3rver_page,
                          "<?xml version='1.0'?><ListBucketResult><EncodingType>url</EncodingType>"
                          "<IsTruncated>true</IsTruncated><NextContinuationToken>a%2B"
                          "</NextContinuationToken><Contents><Key>a%20b+c</Key><Size>1</Size>"
                          "<ETag><![CDATA[\"e\"]]></ETag></Contents><!-- c --><?p x?>"
                          "<CommonPrefixes><Prefix>p&#x2F;&amp;</Prefix></CommonPrefixes>"
                          "</ListBucketResult>"};
    size_t ok = 0, failed = 0;
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        size_t n = strlen(docs[d]);
        for (size_t cut = 0; cut <= n; cut++) {
            char *copy = malloc(cut ? cut : 1);
            ck_assert_ptr_nonnull(copy);
            memcpy(copy, docs[d], cut);
            sg_error err;
            sgp_s3_list_page page;
            int rc = sgp_s3_parse_list_page(&page, copy, cut, "cut.xml", &err);
            if (rc == SG_OK) {
                ok++;
                sgp_s3_list_page_free(&page);
            } else {
                failed++;
                ck_assert_int_eq(err.code, rc);
                ck_assert(err.message[0] != '\0');
                if (rc == SG_EPARSE) {
                    ck_assert_int_ge(err.line, 1);
                    ck_assert_int_ge(err.column, 1);
                }
            }
            sgp_s3_error_info info;
            (void)sgp_s3_parse_error(&info, copy, cut);
            free(copy);
        }
        static const char replacements[] = {'<', '>',  '&',    '\0',   '"', '/',
                                            ']', '\r', '\xFF', '\xC3', ';', '#'};
        char *copy = malloc(n);
        ck_assert_ptr_nonnull(copy);
        for (size_t i = 0; i < n; i++) {
            for (size_t r = 0; r < sizeof replacements; r++) {
                memcpy(copy, docs[d], n);
                copy[i] = replacements[r];
                sg_error err;
                sgp_s3_list_page page;
                int rc = sgp_s3_parse_list_page(&page, copy, n, "mut.xml", &err);
                if (rc == SG_OK) {
                    sgp_s3_list_page_free(&page);
                } else {
                    ck_assert(err.message[0] != '\0');
                }
            }
        }
        free(copy);
    }
    /* Only the complete documents (and cuts in their trailing newline) parse. */
    ck_assert_uint_ge(ok, 4);
    ck_assert_uint_le(ok, 8);
    ck_assert_uint_gt(failed, 1000);
}
END_TEST

/* ---- Error documents ---- */

START_TEST(s3_error_documents) {
    static const struct {
        const char *xml;
        const char *code, *message, *request_id;
    } cases[] = {
        {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The "
         "specified key does not exist.</Message><Key>tables/orders/part-0.parquet</Key>"
         "<RequestId>4442587FB7D0A2F9</RequestId><HostId>ZCH7Lo0Vq4yq3OJHQ9PQMkOiQYKSNw0jzk8Jc"
         "Jq4tR1Y5mx+ZpgEoUi4gQg=</HostId></Error>",
         "NoSuchKey", "The specified key does not exist.", "4442587FB7D0A2F9"},
        {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>NoSuchBucket</Code>\n"
         "  <Message>The specified bucket does not exist</Message>\n"
         "  <BucketName>missing-bucket</BucketName>\n  <RequestId>TX1234567890</RequestId>\n"
         "  <HostId>h</HostId>\n</Error>\n",
         "NoSuchBucket", "The specified bucket does not exist", "TX1234567890"},
        {"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
         "<RequestId>8EE3SLOWDOWN</RequestId><HostId>h</HostId></Error>",
         "SlowDown", "Please reduce your request rate.", "8EE3SLOWDOWN"},
        {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
         "<Message>The request signature we calculated does not match the signature you "
         "provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIDEXAMPLE"
         "</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/"
         "s3/aws4_request\nabc</StringToSign><SignatureProvided>00ff</SignatureProvided>"
         "<StringToSignBytes>41 57 53 34</StringToSignBytes><CanonicalRequest>GET\n/\n\nhost:x"
         "</CanonicalRequest><CanonicalRequestBytes>47 45 54</CanonicalRequestBytes>"
         "<RequestId>SIGREQ1</RequestId><HostId>h</HostId></Error>",
         "SignatureDoesNotMatch",
         "The request signature we calculated does not match the signature you provided. "
         "Check your key and signing method.",
         "SIGREQ1"},
        {"<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
         "<RequestId>ADREQ</RequestId><HostId>h</HostId></Error>",
         "AccessDenied", "Access Denied", "ADREQ"},
        /* s3rver and MinIO put a namespace or more fields; the reader does not mind. */
        {"<Error xmlns=\"http://doc.s3.amazonaws.com/2006-03-01/\"><Code>NoSuchKey</Code>"
         "<Message>The specified key does not exist.</Message><Key>k</Key></Error>",
         "NoSuchKey", "The specified key does not exist.", ""},
        {"<Error/>", "", "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sgp_s3_error_info info;
        ck_assert(sgp_s3_parse_error(&info, cases[i].xml, strlen(cases[i].xml)));
        ck_assert_str_eq(info.code, cases[i].code);
        ck_assert_str_eq(info.message, cases[i].message);
        ck_assert_str_eq(info.request_id, cases[i].request_id);
    }
}
END_TEST

START_TEST(s3_error_fields_cut_and_non_errors) {
    /* A long message is cut at a character boundary: 127 'x' then 'é' (2 bytes) ... */
    sgp_buf b = SGP_BUF_INIT;
    sgp_buf_puts(&b, "<Error><Code>");
    for (int i = 0; i < 62; i++) {
        sgp_buf_puts(&b, "C");
    }
    sgp_buf_puts(&b, "\xC3\xA9</Code><Message>");
    for (int i = 0; i < 300; i++) {
        sgp_buf_puts(&b, "m");
    }
    sgp_buf_puts(&b, "</Message></Error>");
    sgp_s3_error_info info;
    ck_assert(sgp_s3_parse_error(&info, b.data, b.len));
    ck_assert_uint_eq(strlen(info.code), 62); /* the 2-byte é does not fit in the last byte */
    ck_assert_uint_eq(strlen(info.message), 255);
    sgp_buf_free(&b);

    /* The query protocol's error shapes (Glue answers them through moto). */
    const char *query_errors[] = {
        "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>",
        "<ErrorResponse><Errors><Error><Code>Throttling</Code></Error></Errors></ErrorResponse>",
    };
    for (size_t i = 0; i < 2; i++) {
        ck_assert(sgp_s3_parse_error(&info, query_errors[i], strlen(query_errors[i])));
        ck_assert_str_eq(info.code, "Throttling");
    }

    const char *not_errors[] = {
        "",
        "<html><head><title>502 Bad Gateway</title></head><body>502</body></html>",
        "<!DOCTYPE html><html><body>Service Unavailable</body></html>",
        "<Error><Code>NoSuchKey</Code>",
        "{\"message\": \"Internal Server Error\"}",
        aws_page,
        "<ErrorResponse><Message>no Error element</Message></ErrorResponse>",
    };
    for (size_t i = 0; i < sizeof not_errors / sizeof not_errors[0]; i++) {
        memset(&info, 'x', sizeof info);
        ck_assert_msg(!sgp_s3_parse_error(&info, not_errors[i], strlen(not_errors[i])), "%zu", i);
        ck_assert_str_eq(info.code, "");
        ck_assert_str_eq(info.message, "");
        ck_assert_str_eq(info.request_id, "");
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("remote_xml");
    TCase *tc = tcase_create("remote_xml");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, xml_tree_and_accessors);
    tcase_add_test(tc, xml_namespaces_reduced_to_local_names);
    tcase_add_test(tc, xml_entities_and_character_references);
    tcase_add_test(tc, xml_cdata_and_line_ends);
    tcase_add_test(tc, xml_comments_pis_declaration);
    tcase_add_test(tc, xml_doctype_refused);
    tcase_add_test(tc, xml_tags_refused);
    tcase_add_test(tc, xml_outside_root_refused);
    tcase_add_test(tc, xml_encoding_refused);
    tcase_add_test(tc, xml_depth_limit);
    tcase_add_test(tc, xml_size_limit);
    tcase_add_test(tc, xml_element_limit);
    tcase_add_test(tc, xml_usage_errors);
    tcase_add_test(tc, s3_aws_page);
    tcase_add_test(tc, s3_moto_and_s3rver_pages);
    tcase_add_test(tc, s3_url_encoding);
    tcase_add_test(tc, s3_truncated_pages);
    tcase_add_test(tc, s3_sizes_and_entries);
    tcase_add_test(tc, s3_wrong_documents);
    tcase_add_test(tc, s3_thousand_entries);
    tcase_add_test(tc, s3_truncations_and_mutations);
    tcase_add_test(tc, s3_error_documents);
    tcase_add_test(tc, s3_error_fields_cut_and_non_errors);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

/*
 * util/limits.h: every safety limit of the library in one place, each with the reason for its
 * value. Inputs beyond a limit fail with SG_ELIMIT and a message naming the limit.
 */
#ifndef SG_UTIL_LIMITS_H
#define SG_UTIL_LIMITS_H

/*
 * Nesting depth of a schema tree (struct in list in map ...). Loaders and writers recurse once
 * per level, so this bounds stack use; real schemas seldom pass 20 levels, and Spark's own
 * StructType printing struggles long before 128.
 */
#define SG_MAX_DEPTH 128

/*
 * Longest name (field, type, namespace, symbol) in bytes. Avro sets no limit; Glue caps column
 * names at 255 and Hive type strings at 131072 characters, so 4096 admits every real name while
 * keeping error messages printable.
 */
#define SG_MAX_NAME_BYTES 4096

/*
 * Most type nodes one schema may have once every reference to a named type is expanded. The
 * model holds a copy of a named type at each place it is used, so a few KB of Avro whose records
 * each use the previous one ten times would otherwise expand to billions of nodes (gigabytes and
 * minutes). The widest real schemas have tens of thousands of columns; a million nodes is about
 * 500 MB of model and about a second of copying at most.
 */
#define SG_MAX_TYPE_NODES 1000000

/* Nesting depth of JSON documents; jansson's own limit is 2048, we stop earlier (see above). */
#define SG_MAX_JSON_DEPTH (2 * SG_MAX_DEPTH + 8)

/*
 * Nesting depth of a model document (schemagate's own JSON form). It spends up to three JSON
 * levels on each level of the tree ("fields", the field, its "type"), and a metadata value
 * read from Avro or Spark JSON may itself be SG_MAX_JSON_DEPTH deep, so the model of any schema
 * that loads from another format must fit: a 100-level Hive struct is 300 levels of JSON.
 */
#define SG_MAX_MODEL_JSON_DEPTH (3 * SG_MAX_DEPTH + SG_MAX_JSON_DEPTH + 8)

/*
 * Largest CSV record, in bytes of field content. The CSV reader holds one record in memory at a
 * time, so this bounds its memory. Spark's own per-value cap (maxCharsPerColumn) is unlimited by
 * default and Hive has none, but a 16 MiB row in a data lake is a corrupt file (a quote that is
 * never closed swallows the rest of the file) far more often than real data.
 */
#define SG_MAX_CSV_RECORD_BYTES (16u * 1024u * 1024u)

/*
 * Most fields in one CSV record. Spark's CSV reader stops at maxColumns = 20480 by default and
 * Glue tables are limited by the size of their definition long before that; 16384 keeps the
 * per-record field table (and per-column inference state) small while admitting real files.
 */
#define SG_MAX_CSV_COLUMNS 16384

/*
 * Nesting depth of a registry config (schemagate.yaml). The config itself needs four levels
 * (subjects > orders > versions > item); the limit bounds what an `x-` extension key may hold
 * (its value is skipped, however it is built) while leaving room for real annotations.
 */
#define SG_MAX_CONFIG_DEPTH 16

/*
 * Subjects in one registry and versions of one subject. A registry is read whole, each version
 * loaded into memory for the checks; 10000 of either is far beyond a real registry (Confluent's
 * own default cap is 1000 versions per subject) and keeps a runaway folder from exhausting
 * memory.
 */
#define SG_MAX_SUBJECTS 10000
#define SG_MAX_VERSIONS 10000

/*
 * The largest output read from one git command (a file at a revision, a folder listing): the
 * schema files themselves are capped at SG_MAX_SCHEMA_BYTES, listings are far smaller.
 */
#define SG_MAX_GIT_OUTPUT (SG_MAX_SCHEMA_BYTES + 4096u)

/*
 * Parquet footer (Thrift FileMetaData) size. The reader holds the whole footer in memory and
 * decodes it at once; footers of real files are kilobytes to a few MB (Arrow warns past its
 * 16 MiB default), and tens of thousands of columns in many row groups stay under 64 MiB.
 */
#define SG_PQ_MAX_FOOTER_BYTES (64u * 1024u * 1024u)

/* Longest Thrift binary/string (Arrow's and parquet-java's default string limit, 100 MB). */
#define SG_PQ_MAX_THRIFT_STRING 100000000u

/*
 * Most elements in one Thrift list, set or map (Arrow's container limit). Counts are also bounded
 * by the bytes left, so a short input can never make the decoder allocate much.
 */
#define SG_PQ_MAX_THRIFT_CONTAINER 1000000u

/*
 * Nesting of Thrift structs and containers. Parquet's own metadata nests about 6 deep
 * (FileMetaData > RowGroup > ColumnChunk > ColumnMetaData > Statistics); skipping unknown fields
 * recurses once per level, so 64 bounds the stack against crafted input.
 */
#define SG_PQ_MAX_THRIFT_DEPTH 64

/* Bytes of a varint: ceil(64 / 7); longer encodings are malformed. */
#define SG_PQ_MAX_VARINT_BYTES 10u

/* A page header (Arrow's default limit is 16 MiB; real ones are tens of bytes plus statistics). */
#define SG_PQ_MAX_PAGE_HEADER_BYTES (16u * 1024u * 1024u)

/*
 * A page's stored and decompressed size. Writers aim at 1 MiB (parquet-java, Spark) to a few
 * MiB; 256 MiB stops a crafted header from making the reader allocate or inflate gigabytes.
 */
#define SG_PQ_MAX_PAGE_BYTES (256u * 1024u * 1024u)

/*
 * Values (levels) in one page. RLE lets a few bytes claim billions of nulls; parquet-java caps
 * pages at 20,000 rows and Arrow at 1 MiB of data, so 2^24 leaves wide headroom while bounding
 * the level and value arrays to 64 MiB each.
 */
#define SG_PQ_MAX_PAGE_VALUES (1u << 24)

/*
 * Digits of a Parquet DECIMAL. A BYTE_ARRAY decimal (or a wide FIXED one) has no bound of its
 * own, yet its scale says how many digits each value prints: DECIMAL(2^31-1, 2^31-1) would
 * print 2 GB per value. Arrow stops at 76 digits (Decimal256), Spark at 38; 616 is what 256
 * bytes of two's complement hold, the longest unscaled value the renderer converts.
 */
#define SG_PQ_MAX_DECIMAL_DIGITS 616

/* Bytes read from the source at once when walking a column chunk's pages. */
#define SG_PQ_READ_AHEAD (256u * 1024u)

/*
 * XML bodies of S3 responses (remote/xml.c). A ListObjectsV2 page of 1000 keys of 1024 bytes
 * each, with their metadata, stays under 2 MiB and nests 4 levels deep; the limits leave wide
 * room while bounding memory, stack and time against a hostile or broken endpoint.
 */
#define SG_XML_MAX_BYTES    (16u * 1024u * 1024u)
#define SG_XML_MAX_DEPTH    32
#define SG_XML_MAX_ELEMENTS 1000000u

#endif

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

/* Nesting depth of JSON documents; jansson's own limit is 2048, we stop earlier (see above). */
#define SG_MAX_JSON_DEPTH (2 * SG_MAX_DEPTH + 8)

#endif

/*
 * util/strmap.h: a hash table from strings to indexes (open addressing, linear probing), for
 * the duplicate and name checks that would otherwise compare each new name with every earlier
 * one. Keys are borrowed: each must stay unchanged at the same address while the map holds it.
 */
#ifndef SG_UTIL_STRMAP_H
#define SG_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sgp_strmap_slot {
    const char *key; /* NULL: empty */
    size_t hash;
    size_t value;
} sgp_strmap_slot;

typedef struct sgp_strmap {
    sgp_strmap_slot *slots;
    size_t cap; /* 0 or a power of two */
    size_t count;
} sgp_strmap;

#define SGP_STRMAP_INIT                                                                            \
    { NULL, 0, 0 }

/* True when key is in the map; then *value (if not NULL) is its value. */
bool sgp_strmap_get(const sgp_strmap *map, const char *key, size_t *value);

/*
 * Adds key with value. Returns SG_OK; SG_EINVALID when key is already there, leaving the map
 * unchanged and setting *existing (if not NULL) to its value; SG_ENOMEM.
 */
int sgp_strmap_add(sgp_strmap *map, const char *key, size_t value, size_t *existing);

/* Frees the table (not the keys) and empties the map. */
void sgp_strmap_free(sgp_strmap *map);

/* A set of names compared ASCII-case-insensitively (Glue, Hive and SQL column names). It owns
 * lowercased copies of what it holds. Zero-initialise, or SGP_CI_NAMES_INIT. */
typedef struct sgp_ci_names {
    sgp_strmap map;
    char **keys;
    size_t count;
    size_t cap;
} sgp_ci_names;

#define SGP_CI_NAMES_INIT                                                                          \
    { SGP_STRMAP_INIT, NULL, 0, 0 }

/* Adds name: SG_OK; SG_EINVALID when a name equal but for ASCII case is there; SG_ENOMEM. */
int sgp_ci_names_add(sgp_ci_names *set, const char *name);
void sgp_ci_names_free(sgp_ci_names *set);

#endif

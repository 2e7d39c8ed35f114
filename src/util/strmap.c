/* util/strmap.c: the string-to-index hash table of strmap.h. */
#include "util/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schemagate/common.h"
#include "util/util.h"

/* FNV-1a, then a final mix so that the low bits (the slot) depend on every byte. */
static size_t hash_string(const char *s) {
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211u;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return (size_t)h;
}

/* The slot holding key, or the empty slot where it would go. */
static sgp_strmap_slot *find_slot(const sgp_strmap *map, const char *key, size_t hash) {
    size_t mask = map->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        sgp_strmap_slot *slot = &map->slots[i];
        if (!slot->key || (slot->hash == hash && strcmp(slot->key, key) == 0)) {
            return slot;
        }
    }
}

bool sgp_strmap_get(const sgp_strmap *map, const char *key, size_t *value) {
    if (map->count == 0 || !key) {
        return false;
    }
    const sgp_strmap_slot *slot = find_slot(map, key, hash_string(key));
    if (!slot->key) {
        return false;
    }
    if (value) {
        *value = slot->value;
    }
    return true;
}

/* Doubles the table (or makes the first one), keeping it at most half full. */
static bool grow(sgp_strmap *map) {
    size_t cap = map->cap ? map->cap * 2 : 16;
    if (cap < map->cap || cap > SIZE_MAX / sizeof(sgp_strmap_slot)) {
        return false;
    }
    sgp_strmap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots) {
        return false;
    }
    sgp_strmap bigger = {slots, cap, map->count};
    for (size_t i = 0; i < map->cap; i++) {
        if (map->slots[i].key) {
            *find_slot(&bigger, map->slots[i].key, map->slots[i].hash) = map->slots[i];
        }
    }
    free(map->slots);
    *map = bigger;
    return true;
}

int sgp_strmap_add(sgp_strmap *map, const char *key, size_t value, size_t *existing) {
    if (!key) {
        return SG_EUSAGE;
    }
    size_t hash = hash_string(key);
    if (map->count > 0) {
        const sgp_strmap_slot *slot = find_slot(map, key, hash);
        if (slot->key) {
            if (existing) {
                *existing = slot->value;
            }
            return SG_EINVALID;
        }
    }
    if ((map->count + 1) * 2 > map->cap && !grow(map)) {
        return SG_ENOMEM;
    }
    sgp_strmap_slot *slot = find_slot(map, key, hash);
    slot->key = key;
    slot->hash = hash;
    slot->value = value;
    map->count++;
    return SG_OK;
}

void sgp_strmap_free(sgp_strmap *map) {
    free(map->slots);
    map->slots = NULL;
    map->cap = map->count = 0;
}

int sgp_ci_names_add(sgp_ci_names *set, const char *name) {
    if (!name) {
        return SG_EUSAGE;
    }
    char *lower = sgp_strdup(name);
    if (!lower || !sgp_reserve((void **)&set->keys, &set->cap, set->count + 1, sizeof(char *))) {
        free(lower);
        return SG_ENOMEM;
    }
    for (char *p = lower; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            *p = (char)(*p - 'A' + 'a');
        }
    }
    int rc = sgp_strmap_add(&set->map, lower, set->count, NULL);
    if (rc != SG_OK) {
        free(lower);
        return rc;
    }
    set->keys[set->count++] = lower;
    return SG_OK;
}

void sgp_ci_names_free(sgp_ci_names *set) {
    for (size_t i = 0; i < set->count; i++) {
        free(set->keys[i]);
    }
    free(set->keys);
    sgp_strmap_free(&set->map);
    set->keys = NULL;
    set->count = set->cap = 0;
}

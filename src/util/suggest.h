/*
 * util/suggest.h: "did you mean" suggestions for misspelt names (configuration keys, format and
 * mode names), by the optimal-string-alignment edit distance: insertions, deletions,
 * substitutions and swaps of two neighbouring characters each count 1, case is ignored.
 */
#ifndef SG_UTIL_SUGGEST_H
#define SG_UTIL_SUGGEST_H

#include <stddef.h>

/* Case-insensitive OSA distance between a and b; computed up to cap (returns cap when the
 * distance is at least cap, or when either string is longer than 64 bytes). */
size_t sgp_edit_distance(const char *a, const char *b, size_t cap);

/*
 * The candidate nearest to word when it is close enough to be a likely typo: distance 1 for
 * words of up to 4 characters, else at most 2 (and never the whole word). NULL when none is,
 * or when two candidates are equally near. candidates is a NULL-terminated list.
 */
const char *sgp_suggest(const char *word, const char *const *candidates);

#endif

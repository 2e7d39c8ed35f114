/* util/suggest.c: edit distance and "did you mean" (see suggest.h). */
#include "util/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAX_WORD 64

size_t sgp_edit_distance(const char *a, const char *b, size_t cap) {
    size_t n = strlen(a), m = strlen(b);
    if (n > MAX_WORD || m > MAX_WORD) {
        return cap;
    }
    if ((n > m ? n - m : m - n) >= cap) {
        return cap;
    }
    /* Three rows of the dynamic-programming table: two back (for swaps), previous, current. */
    size_t rows[3][MAX_WORD + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++) {
        prev[j] = j;
    }
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= m; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            size_t cost = ca == cb ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best) {
                best = prev[j] + 1;
            }
            if (cur[j - 1] + 1 < best) {
                best = cur[j - 1] + 1;
            }
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && before[j - 2] + 1 < best) {
                best = before[j - 2] + 1;
            }
            cur[j] = best;
            if (best < row_min) {
                row_min = best;
            }
        }
        if (row_min >= cap) {
            return cap;
        }
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[m] < cap ? prev[m] : cap;
}

const char *sgp_suggest(const char *word, const char *const *candidates) {
    size_t length = strlen(word);
    size_t limit = length <= 4 ? 1 : 2;
    if (limit >= length) {
        limit = length > 0 ? length - 1 : 0;
    }
    const char *best = NULL;
    size_t best_distance = limit + 1;
    int ties = 0;
    for (size_t i = 0; candidates && candidates[i]; i++) {
        size_t d = sgp_edit_distance(word, candidates[i], limit + 1);
        if (d < best_distance) {
            best_distance = d;
            best = candidates[i];
            ties = 0;
        } else if (d == best_distance && best) {
            ties++;
        }
    }
    return ties == 0 ? best : NULL;
}

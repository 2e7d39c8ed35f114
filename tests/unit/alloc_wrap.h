/* tests/unit/alloc_wrap.h: allocations counted and failed on demand, for suites linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc (alloc_wrap.c defines the wrappers). jansson is
 * a shared library, so its allocations go through alloc_json_malloc once a suite installs it
 * with json_set_alloc_funcs(alloc_json_malloc, free). */
#ifndef SG_TESTS_ALLOC_WRAP_H
#define SG_TESTS_ALLOC_WRAP_H

#include <stdbool.h>
#include <stddef.h>

extern long alloc_count;      /* every allocation through the wrappers */
extern long alloc_countdown;  /* allocations left before failing; -1: never fail */
extern bool alloc_failed;     /* whether an allocation failed since the countdown was set */
extern bool alloc_json_fails; /* whether jansson's allocations count and fail too (default) */

/* Fails the allocation after n more (n = 0: the next) and clears alloc_failed; -1 stops
 * failing and leaves alloc_failed as it is. */
void alloc_fail_after(long n);

void *alloc_json_malloc(size_t size);

/* The real allocators, for a suite's own buffers that must never fail. */
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);

#endif

/* tests/unit/alloc_wrap.c: the malloc, calloc and realloc wrappers of alloc_wrap.h. */
#include "alloc_wrap.h"

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t size);

long alloc_count;
long alloc_countdown = -1;
bool alloc_failed;
bool alloc_json_fails = true;

void alloc_fail_after(long n) {
    if (n >= 0) {
        alloc_failed = false;
    }
    alloc_countdown = n;
}

static bool give_out(void) {
    alloc_count++;
    if (alloc_countdown < 0) {
        return true;
    }
    if (alloc_countdown == 0) {
        alloc_failed = true;
        return false;
    }
    alloc_countdown--;
    return true;
}

void *__wrap_malloc(size_t size) {
    return give_out() ? __real_malloc(size) : NULL;
}

void *__wrap_calloc(size_t count, size_t size) {
    return give_out() ? __real_calloc(count, size) : NULL;
}

void *__wrap_realloc(void *p, size_t size) {
    return give_out() ? __real_realloc(p, size) : NULL;
}

void *alloc_json_malloc(size_t size) {
    if (!alloc_json_fails) {
        return __real_malloc(size);
    }
    return give_out() ? __real_malloc(size) : NULL;
}

/* tests/support.h: file helpers shared by the data-driven test programs (case_runner,
 * robustness): reading a file, listing case folders, finding a case's input file. */
#ifndef SG_TESTS_SUPPORT_H
#define SG_TESTS_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

/* The whole file as a NUL-terminated string; NULL if it cannot be read. Caller frees. */
char *read_text(const char *path);

/* The sorted names of the sub-folders of dir (caller frees each and the array). */
char **list_cases(const char *dir, size_t *count);

/* The case's input file: the first of input.* or template.* in dir, written to path. */
bool find_input(const char *dir, char *path, size_t size);

#endif

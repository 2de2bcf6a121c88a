/* t.h: the smallest test runner that does the job.
 * Each test file defines TESTS(...) entries; tests/unit/main.c runs them all
 * and prints the one closing line the CI reads: "N passed, N failed". */
#ifndef T_H
#define T_H
#include <stdio.h>
#include <string.h>

extern int t_failed_checks;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",     \
				__FILE__, __LINE__, #cond);                \
			t_failed_checks++;                                 \
		}                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *a_ = (a), *b_ = (b);                           \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                   \
			fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n",     \
				__FILE__, __LINE__, a_ ? a_ : "(null)",    \
				b_ ? b_ : "(null)");                       \
			t_failed_checks++;                                 \
		}                                                          \
	} while (0)

struct t_case {
	const char *name;
	void (*fn)(void);
};

void t_register(const char *suite, const struct t_case *cases);

/* A test file ends with: T_SUITE(seal) = { {"name", fn}, ..., {0} };
 * A constructor registers the suite, so adding a file is all it takes. */
#define T_SUITE(name)                                                      \
	static const struct t_case t_cases_##name[];                       \
	__attribute__((constructor)) static void t_reg_##name(void)        \
	{                                                                  \
		t_register(#name, t_cases_##name);                         \
	}                                                                  \
	static const struct t_case t_cases_##name[]
#endif

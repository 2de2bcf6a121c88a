/* t.h: the smallest test runner that does the job.
 * Each test file defines its cases with T_SUITE (or T_SUITE_SERVERS);
 * tests/unit/main.c runs them and speaks TAP, so prove runs the suites. */
#ifndef T_H
#define T_H
#include <stdio.h>
#include <string.h>

extern int t_failed_checks;

/* Marks the running case failed and prints why as a TAP comment
 * ("# file:line: ..."); CHECK and CHECK_STR use it, and so can a test whose
 * condition needs its own message. */
void t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define T_FAIL(...) t_fail(__FILE__, __LINE__, __VA_ARGS__)

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond))                                               \
			T_FAIL("CHECK(%s) failed", #cond);                 \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *a_ = (a), *b_ = (b);                           \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                     \
			T_FAIL("\"%s\" != \"%s\"", a_ ? a_ : "(null)",     \
			       b_ ? b_ : "(null)");                        \
	} while (0)

struct t_case {
	const char *name;
	void (*fn)(void);
};

void t_register(const char *suite, const struct t_case *cases, int servers);

/* A test file ends with: T_SUITE(seal) = { {"name", fn}, ..., {0} };
 * A constructor registers the suite, so adding a file is all it takes.
 * A suite that talks to the fixture servers (tests/lib/servers.sh, ports
 * in ONRAMP_T_*) uses T_SUITE_SERVERS instead, and tests/unit/suite.sh
 * starts them for it. */
#define T_SUITE_(name, servers)                                            \
	static const struct t_case t_cases_##name[];                       \
	__attribute__((constructor)) static void t_reg_##name(void)        \
	{                                                                  \
		t_register(#name, t_cases_##name, servers);                \
	}                                                                  \
	static const struct t_case t_cases_##name[]
#define T_SUITE(name) T_SUITE_(name, 0)
#define T_SUITE_SERVERS(name) T_SUITE_(name, 1)
#endif

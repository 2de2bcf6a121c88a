#include "error.h"
#include "util.h"
#include <string.h>

void error_clear(struct onr_error *err)
{
	memset(err, 0, sizeof(*err));
}

void error_set(struct onr_error *err, int exit, const char *stage,
	       const char *code, const char *message, const char *hint,
	       const char *field)
{
	error_clear(err);
	err->exit = exit;
	str_copy(err->stage, sizeof(err->stage), stage);
	str_copy(err->code, sizeof(err->code), code);
	str_copy(err->message, sizeof(err->message), message);
	str_copy(err->hint, sizeof(err->hint), hint);
	str_copy(err->field, sizeof(err->field), field);
}

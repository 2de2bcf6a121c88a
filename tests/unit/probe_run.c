#include "probe_run.h"
#include "t.h"
#include "util.h"
#include <stdlib.h>
#include <unistd.h>

struct result probe_run(const struct form *f, const struct probe_opts *opts, bool want_trace)
{
	struct loop *l = loop_new();
	struct probe_opts o = opts ? *opts : (struct probe_opts){0};
	char path[] = "/tmp/onramp-probe-trace-XXXXXX";
	int fd = want_trace ? mkstemp(path) : -1;
	if (fd >= 0)
		o.trace = fdopen(fd, "w+");
	struct probe *p = probe_start(l, f->sys, f, &o, NULL, NULL);
	struct result r = {0};
	long long deadline = now_ms() + 20000;
	while (!probe_done(p) && now_ms() < deadline)
		loop_once(l, 200);
	CHECK(probe_done(p));
	r.ok = probe_ok(p);
	str_copy(r.code, sizeof(r.code), probe_error(p)->code);
	str_copy(r.field, sizeof(r.field), probe_error(p)->field);
	str_copy(r.hint, sizeof(r.hint), probe_error(p)->hint);
	str_copy(r.tech, sizeof(r.tech), probe_error(p)->tech);
	str_copy(r.identity, sizeof(r.identity), probe_identity(p));
	str_copy(r.detail, sizeof(r.detail), probe_stage(p, STAGE_AUTH)->detail);
	for (int i = 0; i < STAGE_COUNT; i++)
		r.st[i] = probe_stage(p, (enum stage_id)i)->status;
	probe_free(p);
	loop_free(l);
	if (o.trace) {
		fclose(o.trace);
		r.trace = file_read(path, NULL);
		unlink(path);
	}
	return r;
}

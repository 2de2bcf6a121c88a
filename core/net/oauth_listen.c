#include "oauth_listen.h"
#include "i18n.h"
#include "oauth_flow.h"
#include "util.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

/* Browsers open spare connections ahead of time, so a few are read at
 * once; the oldest is dropped when all are busy. */
#define CONNS 4
#define REQ_MAX 8192

/* One browser connection to the callback address, read until its request
 * line and headers are in. (store.h's struct conn is a stored connection.) */
struct callback_conn {
	int fd;
	size_t len;
	char buf[REQ_MAX];
};

struct oauth_listener {
	struct loop *loop;
	struct oauth_flow *flow;
	int fd;
	char path[256];
	struct callback_conn c[CONNS];
	int next; /* the slot to reuse when all are busy */
};

/* Splits "http://127.0.0.1:8976/callback" into port and path; only
 * loopback hosts, because anything else is not this computer. */
static bool loopback_target(const char *uri, int *port, char *path, size_t plen)
{
	static const char *const hosts[] = {"http://127.0.0.1:", "http://localhost:", NULL};
	const char *p = NULL;
	char *end;
	for (int i = 0; hosts[i] && !p; i++)
		if (!strncmp(uri, hosts[i], strlen(hosts[i])))
			p = uri + strlen(hosts[i]);
	if (!p)
		return false;
	long n = strtol(p, &end, 10);
	if (end == p || n < 1 || n > 65535 || (*end && *end != '/'))
		return false;
	*port = (int)n;
	str_copy(path, plen, *end ? end : "/");
	return true;
}

static void callback_close(struct oauth_listener *ls, struct callback_conn *c)
{
	if (c->fd < 0)
		return;
	loop_watch(ls->loop, c->fd, 0, NULL, NULL);
	close(c->fd);
	c->fd = -1;
	sodium_memzero(c->buf, c->len);
	c->len = 0;
}

/* Writes s with <, >, & and " escaped: the page may quote a server's
 * error text. */
static void html_escaped(char *out, size_t size, const char *s)
{
	size_t o = 0;
	for (; *s && o + 7 < size; s++) {
		const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" : *s == '"' ? "&quot;" : NULL;
		if (e)
			o += (size_t)snprintf(out + o, size - o, "%s", e);
		else
			out[o++] = *s;
	}
	out[o] = 0;
}

static void reply(int fd, int status, const char *text)
{
	char body[700], esc[600], msg[1024];
	html_escaped(esc, sizeof(esc), text);
	int blen = snprintf(body, sizeof(body),
			    "<!doctype html><meta charset=\"utf-8\"><title>onramp</title><p style=\"font:1.2em sans-serif\">%s</p>\n",
			    esc);
	int n = snprintf(msg, sizeof(msg),
			 "HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
			 "Cache-Control: no-store\r\nConnection: close\r\n\r\n%s",
			 status, status == 200 ? "OK" : "Not Found", blen, body);
	/* a fresh socket's send buffer holds this; a browser that does not
	 * read it loses only the page, not the sign-in */
	if (write(fd, msg, (size_t)n) < 0)
		return;
}

const char *oauth_listen_query(char *head, const char *path, bool *ours)
{
	char *sp, *target = NULL, *q;
	if (!strncmp(head, "GET ", 4) && (sp = strchr(head + 4, ' ')))
		*sp = 0, target = head + 4;
	q = target ? strchr(target, '?') : NULL;
	size_t plen = q ? (size_t)(q - target) : target ? strlen(target) : 0;
	*ours = target && plen == strlen(path) && !memcmp(target, path, plen);
	return *ours && q ? q + 1 : NULL;
}

/* One whole request head arrived: answer it, and pass a good code on. */
static void handle(struct oauth_listener *ls, struct callback_conn *c)
{
	const char *q;
	struct oauth_flow *f = ls->flow;
	bool ok = false, ours;
	c->buf[c->len] = 0;
	q = oauth_listen_query(c->buf, ls->path, &ours);
	if (!ours) {
		reply(c->fd, 404, _("Not found."));
		q = NULL;
	} else if (!q || !oauth_flow_state_ok(f, q, strlen(q))) {
		/* not this attempt's answer (another page, another process):
		 * the screen is left as it was */
		reply(c->fd, 400, _("This answer belongs to another sign-in attempt."));
		q = NULL;
	} else {
		ok = oauth_flow_answer(f, q, strlen(q));
		reply(c->fd, 200, ok ? _("Signed in. You can close this tab and go back to onramp.")
				     : f->problem[0] ? f->problem : _("The sign-in did not come back with a code."));
	}
	callback_close(ls, c);
	/* good code or a problem to show; may stop this listener, so
	 * nothing touches ls after this */
	if (q && f->on_answer)
		f->on_answer(f->arg);
}

static void on_conn(void *arg, int fd, short revents)
{
	struct oauth_listener *ls = arg;
	struct callback_conn *c = NULL;
	(void)revents;
	for (int i = 0; i < CONNS; i++)
		if (ls->c[i].fd == fd)
			c = &ls->c[i];
	if (!c)
		return;
	ssize_t n = read(fd, c->buf + c->len, REQ_MAX - 1 - c->len);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			callback_close(ls, c);
		return;
	}
	c->len += (size_t)n;
	c->buf[c->len] = 0;
	if (strstr(c->buf, "\r\n\r\n") || c->len >= REQ_MAX - 1)
		handle(ls, c);
}

static void on_accept(void *arg, int fd, short revents)
{
	struct oauth_listener *ls = arg;
	int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct callback_conn *c = NULL;
	(void)revents;
	if (cfd < 0)
		return;
	for (int i = 0; i < CONNS && !c; i++)
		if (ls->c[i].fd < 0)
			c = &ls->c[i];
	if (!c) {
		c = &ls->c[ls->next];
		ls->next = (ls->next + 1) % CONNS;
		callback_close(ls, c);
	}
	c->fd = cfd;
	c->len = 0;
	loop_watch(ls->loop, cfd, POLLIN, on_conn, ls);
}

static int listen_on(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, CONNS) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

struct oauth_listener *oauth_listen_start(struct loop *l, struct oauth_flow *f, char *note, size_t notelen)
{
	int port;
	char path[256];
	if (!loopback_target(f->grant.redirect_uri, &port, path, sizeof(path))) {
		str_copy(note, notelen, _("The redirect address is not on this computer, so paste the address the browser ends on."));
		return NULL;
	}
	int fd = listen_on(port);
	if (fd < 0) {
		str_fmt(note, notelen, _("Port %d on this computer is %s, so paste the address the browser ends on."), port,
			errno == EADDRINUSE ? _("in use by another program") : _("not available"));
		return NULL;
	}
	struct oauth_listener *ls = xcalloc(1, sizeof(*ls));
	ls->loop = l;
	ls->flow = f;
	ls->fd = fd;
	str_copy(ls->path, sizeof(ls->path), path);
	for (int i = 0; i < CONNS; i++)
		ls->c[i].fd = -1;
	loop_watch(l, fd, POLLIN, on_accept, ls);
	str_fmt(note, notelen, _("Waiting for the browser on port %d of this computer."), port);
	return ls;
}

void oauth_listen_stop(struct oauth_listener *ls)
{
	if (!ls)
		return;
	for (int i = 0; i < CONNS; i++)
		callback_close(ls, &ls->c[i]);
	loop_watch(ls->loop, ls->fd, 0, NULL, NULL);
	close(ls->fd);
	free(ls);
}

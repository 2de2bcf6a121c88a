/* loop.h: the one poll() event loop. The terminal, libcurl's sockets and a
 * signal pipe are all file descriptors here; timers are deadlines. Nothing
 * else in onramp blocks. */
#ifndef ONRAMP_LOOP_H
#define ONRAMP_LOOP_H
#include <poll.h>
#include <stdbool.h>

struct loop;
typedef void (*loop_fd_fn)(void *arg, int fd, short revents);
typedef void (*loop_timer_fn)(void *arg);
typedef void (*loop_signal_fn)(void *arg, int signo);

struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watches fd for events (POLLIN/POLLOUT); events == 0 stops watching. */
void loop_watch(struct loop *l, int fd, short events, loop_fd_fn fn, void *arg);
/* Calls fn once after ms milliseconds; returns an id for loop_cancel. */
int loop_after(struct loop *l, long ms, loop_timer_fn fn, void *arg);
void loop_cancel(struct loop *l, int id);
/* Routes signo through the self-pipe to fn, inside the loop. */
void loop_on_signal(struct loop *l, int signo, loop_signal_fn fn, void *arg);
/* Waits at most max_ms (-1: until something happens) and dispatches. */
void loop_once(struct loop *l, int max_ms);
#endif

/*
 * berth-portd: the guest end of Berth's port forwarder.
 *
 * The host reaches it through one QEMU user-mode forward (127.0.0.1:<port> on
 * the host -> <listen port> in the guest). Each connection starts with a
 * 40-byte header and is then carried to a published port on the guest's
 * loopback, where Docker's proxy answers for the container:
 *
 *   "BPD1" | secret (32 bytes) | proto 't' or 'u' | family 4 or 6 | port (u16, big endian)
 *
 * and the agent answers one status byte: 0 when connected, else an errno
 * (ECONNREFUSED: nothing listens on that port in the guest).
 * - 't': a TCP stream, relayed both ways with half-close kept (EOF becomes
 *   shutdown(SHUT_WR)) and resets passed on (a reset on one side closes the
 *   other with SO_LINGER 0, which sends RST).
 * - 'u': UDP datagrams, each framed on the stream as u16 length + payload, both
 *   ways, through one connected UDP socket (one flow per host client).
 *
 * Containers can reach the guest's address too, so every connection must
 * present the per-boot secret, which the host writes as 64 hex digits on
 * stdin. stdin is the SSH session that started the agent: when it closes
 * (the host went away), the agent exits, so a stale agent never outlives
 * the Berth that started it.
 *
 * Plain blocking I/O with two threads per TCP connection: simple, and the
 * kernel's socket buffers give back-pressure for free (a slow reader stops
 * the relay thread, which stops reading the other side).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAGIC "BPD1"
#define SECRET_LEN 32
#define HEADER_LEN (4 + SECRET_LEN + 4)
#define RELAY_BUFFER (128 * 1024)
#define MAX_DATAGRAM 65535

static unsigned char secret[SECRET_LEN];

struct relay {
  int from, to;
  struct connection *conn;
};

struct connection {
  int client, target;
  int refs;
  int reset_client, reset_target;
  pthread_mutex_t mu;
};

static void set_linger_zero(int fd) {
  struct linger lg = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
}

static void release(struct connection *c) {
  pthread_mutex_lock(&c->mu);
  int left = --c->refs;
  pthread_mutex_unlock(&c->mu);
  if (left > 0) return;
  if (c->reset_client) set_linger_zero(c->client);
  if (c->reset_target) set_linger_zero(c->target);
  close(c->client);
  close(c->target);
  pthread_mutex_destroy(&c->mu);
  free(c);
}

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* read(), not recv(): stdin is a pipe when sshd starts the agent. */
static int read_all(int fd, unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r == 0) return 0;
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += r;
    n -= (size_t)r;
  }
  return 1;
}

/* Marks `fd`'s side for a reset and wakes the thread blocked reading it. */
static void reset_side(struct connection *c, int fd) {
  pthread_mutex_lock(&c->mu);
  if (fd == c->client) c->reset_client = 1; else c->reset_target = 1;
  pthread_mutex_unlock(&c->mu);
  shutdown(fd, SHUT_RD);
}

/*
 * Moves bytes from one socket to the other through a pipe with splice(2), so
 * they are never copied into this process. Returns 1 at an orderly end of
 * input, -1 when the sender reset (errno set), -2 when the receiver failed,
 * 0 when splice is not available here (the caller falls back to copying).
 */
static int splice_one_way(int from, int to) {
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) < 0) return 0;
  fcntl(pipefd[1], F_SETPIPE_SZ, RELAY_BUFFER * 8);
  int result = 0;
  for (;;) {
    ssize_t n = splice(from, NULL, pipefd[1], NULL, RELAY_BUFFER * 8, SPLICE_F_MOVE);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && result == 0 && (errno == EINVAL || errno == ENOSYS)) break; /* no splice for these fds */
    if (n == 0) { result = 1; break; }
    if (n < 0) { result = -1; break; }
    result = 2; /* spliced at least once: no fallback from here on */
    while (n > 0) {
      ssize_t w = splice(pipefd[0], NULL, to, NULL, (size_t)n, SPLICE_F_MOVE); /* no SPLICE_F_MORE: it corks small replies */
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) { result = -2; goto done; }
      n -= w;
    }
  }
done:
  close(pipefd[0]);
  close(pipefd[1]);
  return result;
}

static void *relay_one_way(void *arg) {
  struct relay *r = arg;
  int spliced = splice_one_way(r->from, r->to);
  if (spliced != 0) {
    if (spliced == 1) shutdown(r->to, SHUT_WR);
    else if (spliced == -1) reset_side(r->conn, r->to);
    else reset_side(r->conn, r->from);
    release(r->conn);
    free(r);
    return NULL;
  }
  unsigned char *buffer = malloc(RELAY_BUFFER);
  for (;;) {
    if (!buffer) break;
    ssize_t n = recv(r->from, buffer, RELAY_BUFFER, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) { /* orderly end: pass the half-close on */
      shutdown(r->to, SHUT_WR);
      break;
    }
    if (n < 0) { /* the sender reset: reset the receiver too */
      reset_side(r->conn, r->to);
      break;
    }
    if (write_all(r->to, buffer, (size_t)n) < 0) { /* the receiver reset */
      reset_side(r->conn, r->from);
      break;
    }
  }
  free(buffer);
  release(r->conn);
  free(r);
  return NULL;
}

static int spawn(void *(*fn)(void *), void *arg) {
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  int rc = pthread_create(&t, &attr, fn, arg);
  pthread_attr_destroy(&attr);
  return rc;
}

static void relay_tcp(int client, int target) {
  struct connection *c = calloc(1, sizeof *c);
  struct relay *up = calloc(1, sizeof *up), *down = calloc(1, sizeof *down);
  if (!c || !up || !down) {
    free(c); free(up); free(down);
    close(client); close(target);
    return;
  }
  c->client = client;
  c->target = target;
  c->refs = 2;
  pthread_mutex_init(&c->mu, NULL);
  *up = (struct relay){client, target, c};
  *down = (struct relay){target, client, c};
  if (spawn(relay_one_way, up) != 0) {
    free(up); free(down); c->refs = 0;
    release(c);
    return;
  }
  relay_one_way(down); /* this thread carries the other direction */
}

/* UDP: frames from the stream go out as datagrams, datagrams come back framed. */
static void relay_udp(int stream, int udp) {
  unsigned char *datagram = malloc(MAX_DATAGRAM + 2);
  unsigned char *frame = malloc(MAX_DATAGRAM + 2);
  size_t have = 0;
  struct pollfd fds[2] = {{stream, POLLIN, 0}, {udp, POLLIN, 0}};
  while (datagram && frame) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = recv(stream, frame + have, MAX_DATAGRAM + 2 - have, 0);
      if (n <= 0 && !(n < 0 && errno == EINTR)) break;
      if (n > 0) have += (size_t)n;
      for (;;) { /* send every whole frame received so far */
        if (have < 2) break;
        size_t len = ((size_t)frame[0] << 8) | frame[1];
        if (have < 2 + len) break;
        send(udp, frame + 2, len, MSG_NOSIGNAL); /* a lost datagram is UDP's to lose */
        memmove(frame, frame + 2 + len, have - 2 - len);
        have -= 2 + len;
      }
    }
    if (fds[1].revents & POLLIN) {
      ssize_t n = recv(udp, datagram + 2, MAX_DATAGRAM, 0);
      if (n < 0) continue; /* ECONNREFUSED from an ICMP error: the flow stays */
      datagram[0] = (unsigned char)(n >> 8);
      datagram[1] = (unsigned char)n;
      if (write_all(stream, datagram, (size_t)n + 2) < 0) break;
    }
  }
  free(datagram);
  free(frame);
  close(stream);
  close(udp);
}

static int connect_target(unsigned char proto, unsigned char family, uint16_t port, int *error) {
  int type = proto == 't' ? SOCK_STREAM : SOCK_DGRAM;
  int fd;
  int rc;
  if (family == 6) {
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    fd = socket(AF_INET6, type | SOCK_CLOEXEC, 0);
    rc = fd < 0 ? -1 : connect(fd, (struct sockaddr *)&a, sizeof a);
  } else {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    rc = fd < 0 ? -1 : connect(fd, (struct sockaddr *)&a, sizeof a);
  }
  if (rc < 0) {
    *error = errno;
    if (fd >= 0) close(fd);
    return -1;
  }
  if (type == SOCK_STREAM) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  return fd;
}

static int secret_matches(const unsigned char *given) {
  unsigned char diff = 0;
  for (int i = 0; i < SECRET_LEN; i++) diff |= given[i] ^ secret[i];
  return diff == 0;
}

static void *serve(void *arg) {
  int client = (int)(intptr_t)arg;
  unsigned char header[HEADER_LEN];
  struct timeval five = {5, 0}, none = {0, 0};
  /* An unauthenticated peer gets five seconds to say who it is. */
  setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five);
  if (read_all(client, header, HEADER_LEN) != 1 || memcmp(header, MAGIC, 4) != 0 || !secret_matches(header + 4)) {
    set_linger_zero(client);
    close(client);
    return NULL;
  }
  setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none);
  unsigned char proto = header[4 + SECRET_LEN], family = header[5 + SECRET_LEN];
  uint16_t port = (uint16_t)((header[6 + SECRET_LEN] << 8) | header[7 + SECRET_LEN]);
  int error = 0;
  int target = (proto == 't' || proto == 'u') && (family == 4 || family == 6) && port != 0
                   ? connect_target(proto, family, port, &error)
                   : (error = EINVAL, -1);
  unsigned char status = target < 0 ? (unsigned char)(error > 0 && error < 256 ? error : EIO) : 0;
  if (write_all(client, &status, 1) < 0 || target < 0) {
    if (target >= 0) close(target);
    close(client);
    return NULL;
  }
  if (proto == 't') relay_tcp(client, target);
  else relay_udp(client, target);
  return NULL;
}

static int hex_value(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

static void *exit_when_stdin_closes(void *arg) {
  (void)arg;
  char sink[256];
  while (read(0, sink, sizeof sink) > 0) {}
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc != 2 || atoi(argv[1]) <= 0 || atoi(argv[1]) > 65535) {
    fprintf(stderr, "usage: berth-portd PORT  (the secret, 64 hex digits, on stdin)\n");
    return 2;
  }
  char line[SECRET_LEN * 2 + 2];
  if (read_all(0, (unsigned char *)line, SECRET_LEN * 2 + 1) != 1 || line[SECRET_LEN * 2] != '\n') {
    fprintf(stderr, "berth-portd: expected 64 hex digits and a newline on stdin\n");
    return 2;
  }
  for (int i = 0; i < SECRET_LEN; i++) {
    int hi = hex_value(line[2 * i]), lo = hex_value(line[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      fprintf(stderr, "berth-portd: the secret must be hex\n");
      return 2;
    }
    secret[i] = (unsigned char)(hi << 4 | lo);
  }
  signal(SIGPIPE, SIG_IGN);

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_ANY)};
  if (bind(listener, (struct sockaddr *)&a, sizeof a) < 0 || listen(listener, 512) < 0) {
    fprintf(stderr, "berth-portd: cannot listen on port %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  if (spawn(exit_when_stdin_closes, NULL) != 0) return 1;
  printf("BERTH-PORTD-READY\n");
  fflush(stdout);
  for (;;) {
    int client = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (client < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) {
        if (errno == EMFILE || errno == ENFILE) usleep(10000);
        continue;
      }
      perror("berth-portd: accept");
      return 1;
    }
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (spawn(serve, (void *)(intptr_t)client) != 0) close(client);
  }
}

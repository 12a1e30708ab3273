/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http-echo: the workload of the Kubernetes seccomp tutorial
 * (hashicorp/http-echo), in C.  Answers every HTTP request with the text
 * given by -text and a newline.
 *
 *   http-echo [-listen=[HOST]:PORT] [-text=TEXT] [--once] [--port-file=F]
 *
 * The tutorial's fine-grained.json lists the syscalls of the Go binary, so
 * the server deliberately sticks to calls in that list: socket, setsockopt,
 * bind, listen, accept4, epoll_create1/epoll_ctl/epoll_pwait, read, write,
 * close, getsockname, exit_group.  (A dynamically linked build also needs
 * the dynamic loader's calls, which the Go list lacks: build it -static to
 * run under fine-grained.json, as the Go binary is.)
 *
 * --once serves a single request and exits 0 (for tests); --port-file
 * writes the bound port (useful with -listen=:0).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *usage_text =
        "Usage: http-echo [-listen=[HOST]:PORT] [-text=TEXT] [--once] "
        "[--port-file=FILE]\n"
        "\n"
        "A tiny HTTP server that answers every request with TEXT.\n"
        "\n"
        "  -listen=ADDR      address to listen on (default :5678)\n"
        "  -text=TEXT        text to answer with (default \"hello-world\")\n"
        "  --once            serve one request, then exit 0\n"
        "  --port-file=FILE  write the bound TCP port to FILE\n";

static int write_all(int fd, const char *buf, size_t len)
{
        while (len > 0) {
                ssize_t n = write(fd, buf, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                buf += n;
                len -= (size_t)n;
        }
        return 0;
}

/* Accept "-opt=value", "--opt=value", "-opt value", "--opt value". */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
        const char *a = argv[*i];
        while (*a == '-')
                a++;
        size_t n = strlen(name);
        if (strncmp(a, name, n) != 0)
                return NULL;
        if (a[n] == '=')
                return a + n + 1;
        if (a[n] == '\0' && *i + 1 < argc)
                return argv[++*i];
        return NULL;
}

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
        const char *colon = strrchr(s, ':');
        const char *port = colon ? colon + 1 : s;
        char host[64] = "";
        char *end;

        memset(sa, 0, sizeof(*sa));
        sa->sin_family = AF_INET;
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
        if (colon && colon != s) {
                size_t n = (size_t)(colon - s);
                if (n >= sizeof(host))
                        return -EINVAL;
                memcpy(host, s, n);
                host[n] = '\0';
                if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
                        return -EINVAL;
        }
        errno = 0;
        unsigned long p = strtoul(port, &end, 10);
        if (errno || *port == '\0' || *end != '\0' || p > 65535)
                return -EINVAL;
        sa->sin_port = htons((uint16_t)p);
        return 0;
}

/* Read the request head (up to the blank line or 8 KiB) and answer. */
static void serve(int c, const char *text)
{
        char req[8192];
        size_t len = 0;

        while (len < sizeof(req) - 1) {
                ssize_t n = read(c, req + len, sizeof(req) - 1 - len);
                if (n <= 0)
                        break;
                len += (size_t)n;
                req[len] = '\0';
                if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
                        break;
        }
        char head[256];
        size_t body = strlen(text) + 1;
        int hn = snprintf(head, sizeof(head),
                          "HTTP/1.1 200 OK\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Length: %zu\r\n"
                          "Connection: close\r\n\r\n",
                          body);
        if (write_all(c, head, (size_t)hn) == 0 &&
            write_all(c, text, body - 1) == 0)
                (void)write_all(c, "\n", 1);
}

int main(int argc, char **argv)
{
        const char *listen_addr = ":5678", *text = "hello-world";
        const char *port_file = NULL;
        bool once = false;

        for (int i = 1; i < argc; i++) {
                const char *v;
                if ((v = opt_value(argc, argv, &i, "listen")))
                        listen_addr = v;
                else if ((v = opt_value(argc, argv, &i, "text")))
                        text = v;
                else if ((v = opt_value(argc, argv, &i, "port-file")))
                        port_file = v;
                else if (strcmp(argv[i], "--once") == 0 ||
                         strcmp(argv[i], "-once") == 0)
                        once = true;
                else if (strcmp(argv[i], "--help") == 0 ||
                         strcmp(argv[i], "-h") == 0) {
                        fputs(usage_text, stdout);
                        return 0;
                } else {
                        fprintf(stderr, "http-echo: unknown argument '%s'\n%s",
                                argv[i], usage_text);
                        return 2;
                }
        }

        struct sockaddr_in sa;
        if (parse_listen(listen_addr, &sa) < 0) {
                fprintf(stderr, "http-echo: bad -listen address '%s'\n",
                        listen_addr);
                return 2;
        }
        int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0) {
                fprintf(stderr, "http-echo: socket: %s\n", strerror(errno));
                return 1;
        }
        int one = 1;
        if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
            bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
            listen(s, 64) < 0) {
                fprintf(stderr, "http-echo: listen on %s: %s\n", listen_addr,
                        strerror(errno));
                return 1;
        }
        if (port_file) {
                socklen_t sl = sizeof(sa);
                if (getsockname(s, (struct sockaddr *)&sa, &sl) < 0) {
                        fprintf(stderr, "http-echo: getsockname: %s\n",
                                strerror(errno));
                        return 1;
                }
                /* Written via the same fd-level calls the profile allows;
                 * a temporary name then rename() would need renameat. */
                int fd = open(port_file, O_WRONLY | O_CREAT | O_TRUNC |
                                                 O_CLOEXEC, 0644);
                char num[16];
                int n = snprintf(num, sizeof(num), "%u\n", ntohs(sa.sin_port));
                if (fd < 0 || write_all(fd, num, (size_t)n) < 0) {
                        fprintf(stderr, "http-echo: %s: %s\n", port_file,
                                strerror(errno));
                        return 1;
                }
                close(fd);
        }

        int ep = epoll_create1(EPOLL_CLOEXEC);
        if (ep < 0) {
                fprintf(stderr, "http-echo: epoll_create1: %s\n",
                        strerror(errno));
                return 1;
        }
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = s };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) < 0) {
                fprintf(stderr, "http-echo: epoll_ctl: %s\n", strerror(errno));
                return 1;
        }
        fprintf(stderr, "http-echo: listening on %s\n", listen_addr);
        for (;;) {
                struct epoll_event out;
                int n = epoll_pwait(ep, &out, 1, -1, NULL);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        fprintf(stderr, "http-echo: epoll_pwait: %s\n",
                                strerror(errno));
                        return 1;
                }
                if (n == 0)
                        continue;
                int c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
                if (c < 0) {
                        if (errno == EINTR || errno == EAGAIN)
                                continue;
                        fprintf(stderr, "http-echo: accept4: %s\n",
                                strerror(errno));
                        return 1;
                }
                serve(c, text);
                close(c);
                if (once)
                        return 0;
        }
}

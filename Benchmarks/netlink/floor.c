// floor.c - the floor for the netlink benchmark: the same work as the Swift benchmark's
// in-process run, with the same system calls and nothing else (no library, no allocation in the
// loop). Usage: floor NS_A NS_B; prints the nanoseconds the work took.
//
// Work (timed): open and check both namespaces (open, fstatfs, NS_GET_NSTYPE), open a netlink
// socket inside each on its own thread (setns, socket, two setsockopt, bind, getsockname), then
// with NLM_F_ACK on every request: create veth eth0 in A with peer veth-host in B, look both up,
// add IPv4 and IPv6 addresses, set both up, add two routes on each side.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#define NS_GET_NSTYPE 0xb703

static void die(const char *what) { fprintf(stderr, "floor: %s: %s\n", what, strerror(errno)); exit(1); }

struct sock { int fd; const char *ns_path; int ns_fd; uint32_t seq; };
static unsigned char rx[65536];

static void *open_inside(void *arg) {
    struct sock *s = arg;
    if (setns(s->ns_fd, CLONE_NEWNET) != 0) die("setns");
    s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (s->fd < 0) die("socket");
    int one = 1;
    setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    struct sockaddr_nl address = { .nl_family = AF_NETLINK };
    if (bind(s->fd, (struct sockaddr *)&address, sizeof address) != 0) die("bind");
    socklen_t length = sizeof address;
    if (getsockname(s->fd, (struct sockaddr *)&address, &length) != 0) die("getsockname");
    return NULL;
}

static int open_namespace(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open namespace");
    struct statfs info;
    if (fstatfs(fd, &info) != 0) die("fstatfs");
    if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) die("not a network namespace");
    return fd;
}

// A request under construction.
struct req { unsigned char buf[512]; size_t len; };
static void *put(struct req *r, const void *data, size_t n) {
    void *at = r->buf + r->len;
    memcpy(at, data, n);
    r->len += NLMSG_ALIGN(n);
    return at;
}
static struct nlattr *attr(struct req *r, uint16_t type, const void *data, size_t n) {
    struct nlattr *a = (struct nlattr *)(r->buf + r->len);
    a->nla_type = type;
    a->nla_len = NLA_HDRLEN + n;
    memcpy((unsigned char *)a + NLA_HDRLEN, data, n);
    memset((unsigned char *)a + NLA_HDRLEN + n, 0, NLA_ALIGN(n) - n);
    r->len += NLA_ALIGN(a->nla_len);
    return a;
}
static struct nlattr *nest(struct req *r, uint16_t type) { return attr(r, type, NULL, 0); }
static void end(struct req *r, struct nlattr *a) { a->nla_len = (r->buf + r->len) - (unsigned char *)a; }
static struct nlmsghdr *begin(struct req *r, uint16_t type, uint16_t flags) {
    memset(r, 0, sizeof *r);
    struct nlmsghdr *h = (struct nlmsghdr *)r->buf;
    h->nlmsg_type = type;
    h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    r->len = NLMSG_HDRLEN;
    return h;
}

// Sends and waits for the acknowledgement; returns the index in a RTM_NEWLINK reply, if any.
static int transact(struct sock *s, struct req *r) {
    struct nlmsghdr *h = (struct nlmsghdr *)r->buf;
    h->nlmsg_len = r->len;
    h->nlmsg_seq = ++s->seq;
    if (send(s->fd, r->buf, r->len, 0) != (ssize_t)r->len) die("send");
    int index = 0;
    for (;;) {
        ssize_t n = recv(s->fd, rx, sizeof rx, MSG_TRUNC);
        if (n < 0) die("recv");
        for (struct nlmsghdr *m = (struct nlmsghdr *)rx; NLMSG_OK(m, n); m = NLMSG_NEXT(m, n)) {
            if (m->nlmsg_seq != s->seq) continue;
            if (m->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = NLMSG_DATA(m);
                if (e->error) { errno = -e->error; die("request"); }
                return index;
            }
            if (m->nlmsg_type == RTM_NEWLINK) index = ((struct ifinfomsg *)NLMSG_DATA(m))->ifi_index;
        }
    }
}

static int link_index(struct sock *s, const char *name) {
    struct req r;
    begin(&r, RTM_GETLINK, 0);
    struct ifinfomsg ifi = { 0 };
    put(&r, &ifi, sizeof ifi);
    attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
    return transact(s, &r);
}

static void add_address(struct sock *s, int index, int family, const char *text, int prefix, uint32_t flags) {
    struct req r;
    begin(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    struct ifaddrmsg ifa = { .ifa_family = family, .ifa_prefixlen = prefix, .ifa_index = index };
    if (flags <= 0xff) ifa.ifa_flags = flags;
    put(&r, &ifa, sizeof ifa);
    unsigned char address[16];
    inet_pton(family, text, address);
    size_t size = family == AF_INET ? 4 : 16;
    attr(&r, IFA_LOCAL, address, size);
    if (flags > 0xff) attr(&r, IFA_FLAGS, &flags, 4);
    attr(&r, IFA_ADDRESS, address, size);
    transact(s, &r);
}

static void set_up(struct sock *s, int index) {
    struct req r;
    begin(&r, RTM_NEWLINK, 0);
    struct ifinfomsg ifi = { .ifi_index = index, .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
    put(&r, &ifi, sizeof ifi);
    transact(s, &r);
}

static void add_route(struct sock *s, int family, const char *destination, int prefix, const char *gateway, int index) {
    struct req r;
    begin(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    struct rtmsg rtm = { .rtm_family = family, .rtm_dst_len = prefix, .rtm_table = RT_TABLE_MAIN,
                         .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST };
    put(&r, &rtm, sizeof rtm);
    size_t size = family == AF_INET ? 4 : 16;
    unsigned char address[16];
    if (prefix > 0) { inet_pton(family, destination, address); attr(&r, RTA_DST, address, size); }
    inet_pton(family, gateway, address);
    attr(&r, RTA_GATEWAY, address, size);
    attr(&r, RTA_OIF, &index, 4);
    transact(s, &r);
}

static void *nothing(void *arg) { return arg; }

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: floor NS_A NS_B\n"); return 2; }
    // Warm up what a long-running process has warm (the Swift side runs in one): the first
    // thread's stack and the socket path. Symbols are bound at load time (-Wl,-z,now).
    pthread_t warm;
    pthread_create(&warm, NULL, nothing, NULL);
    pthread_join(warm, NULL);
    close(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    struct timespec start, stop;
    clock_gettime(CLOCK_MONOTONIC, &start);

    struct sock a = { .ns_path = argv[1] }, b = { .ns_path = argv[2] };
    a.ns_fd = open_namespace(a.ns_path);
    b.ns_fd = open_namespace(b.ns_path);
    pthread_t thread;
    pthread_create(&thread, NULL, open_inside, &a);
    pthread_join(thread, NULL);
    pthread_create(&thread, NULL, open_inside, &b);
    pthread_join(thread, NULL);

    // ip link add eth0 type veth peer name veth-host netns B
    struct req r;
    begin(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    struct ifinfomsg ifi = { 0 };
    put(&r, &ifi, sizeof ifi);
    attr(&r, IFLA_IFNAME, "eth0", 5);
    struct nlattr *info = nest(&r, IFLA_LINKINFO);
    attr(&r, IFLA_INFO_KIND, "veth", 4);
    struct nlattr *data = nest(&r, IFLA_INFO_DATA);
    struct nlattr *peer = nest(&r, VETH_INFO_PEER);
    put(&r, &ifi, sizeof ifi);
    attr(&r, IFLA_NET_NS_FD, &b.ns_fd, 4);
    attr(&r, IFLA_IFNAME, "veth-host", 10);
    end(&r, peer);
    end(&r, data);
    end(&r, info);
    transact(&a, &r);

    int eth0 = link_index(&a, "eth0");
    int host = link_index(&b, "veth-host");
    add_address(&a, eth0, AF_INET, "10.250.100.2", 24, 0);
    add_address(&a, eth0, AF_INET6, "fd00:250:100::2", 64, IFA_F_NODAD);
    set_up(&a, eth0);
    add_route(&a, AF_INET, NULL, 0, "10.250.100.1", eth0);
    add_route(&a, AF_INET6, NULL, 0, "fd00:250:100::1", eth0);
    add_address(&b, host, AF_INET, "10.250.100.1", 24, 0);
    add_address(&b, host, AF_INET6, "fd00:250:100::1", 64, IFA_F_NODAD);
    set_up(&b, host);
    add_route(&b, AF_INET, "10.250.101.0", 24, "10.250.100.2", host);
    add_route(&b, AF_INET6, "fd00:250:101::", 64, "fd00:250:100::2", host);

    close(a.fd);
    close(b.fd);
    close(a.ns_fd);
    close(b.ns_fd);
    clock_gettime(CLOCK_MONOTONIC, &stop);
    printf("%lld\n", (long long)(stop.tv_sec - start.tv_sec) * 1000000000LL + (stop.tv_nsec - start.tv_nsec));
    return 0;
}

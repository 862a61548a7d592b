#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CLinuxShims.h"

int cni_setns(int fd, int nstype) { return setns(fd, nstype); }

int cni_unshare(int flags) { return unshare(flags); }

int cni_gettid(void) { return (int)syscall(SYS_gettid); }

long cni_fstatfs_type(int fd) {
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return -1;
    return (long)info.f_type;
}

int cni_open_anonymous_file(const char *directory, unsigned int mode) {
    return open(directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, (mode_t)mode);
}

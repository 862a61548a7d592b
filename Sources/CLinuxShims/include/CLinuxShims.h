// The few Linux calls Swift's Glibc module does not import: glibc declares them only under
// _GNU_SOURCE, which the module is built without. These forward to glibc and nothing else.
#ifndef CLINUXSHIMS_H
#define CLINUXSHIMS_H

/// CLONE_NEWNET from <sched.h>.
static const int CNI_CLONE_NEWNET = 0x40000000;
/// CLONE_NEWNS (mount namespace) from <sched.h>.
static const int CNI_CLONE_NEWNS = 0x00020000;

/// POSIX_SPAWN_SETSID from <spawn.h> (glibc 2.26): the child starts a new session.
static const int CNI_POSIX_SPAWN_SETSID = 0x80;

/// setns(2).
int cni_setns(int fd, int nstype);
/// unshare(2).
int cni_unshare(int flags);
/// gettid(2): the calling thread's ID.
int cni_gettid(void);
/// fstatfs(2), returning only the file system type (f_type), or -1 with errno set.
long cni_fstatfs_type(int fd);
/// open(2) with O_TMPFILE | O_WRONLY | O_CLOEXEC: a file without a name in `directory`, until
/// linkat(2) gives it one; -1 with errno set (EOPNOTSUPP, EISDIR, EINVAL) where the kernel or the
/// file system cannot.
int cni_open_anonymous_file(const char *directory, unsigned int mode);

#endif

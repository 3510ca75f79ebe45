#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

/* close() interposed (LD_PRELOAD): a close of a descriptor >= 0 that fails with EBADF is
   logged with its backtrace to $FDCHECK_DIR/ebadf-<pid>.log. See run.sh. */
static int (*real_close)(int);
int close(int fd) {
    if (!real_close) real_close = dlsym(RTLD_NEXT, "close");
    int r = real_close(fd);
    if (r == -1 && errno == EBADF && fd >= 0) {
        int saved = errno;
        char name[4096];
        const char *dir = getenv("FDCHECK_DIR");
        snprintf(name, sizeof name, "%s/ebadf-%d.log", dir ? dir : "/tmp", getpid());
        int log = open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (log >= 0) {
            char line[64];
            int n = snprintf(line, sizeof line, "close(%d) EBADF\n", fd);
            write(log, line, n);
            void *frames[48];
            int count = backtrace(frames, 48);
            backtrace_symbols_fd(frames, count, log);
            write(log, "----\n", 5);
            real_close(log);
        }
        errno = saved;
    }
    return r;
}

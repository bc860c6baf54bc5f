/**
 * The only package with native calls (FFM): Linux system calls berth needs and the JDK does not
 * offer.
 *
 * <p>Files: {@link io.berth.os.FileDescriptors}, {@link io.berth.os.FileNodes}, {@link
 * io.berth.os.Inodes}, {@link io.berth.os.Xattrs}, {@link io.berth.os.FileTrees}, {@link
 * io.berth.os.RootedFiles} (openat2 inside a rootfs), {@link io.berth.os.Pipes} (FIFOs, pipe2).
 *
 * <p>Processes: {@link io.berth.os.Subreaper}, {@link io.berth.os.Spawner} (posix_spawn), {@link
 * io.berth.os.PidFd}, {@link io.berth.os.Processes} (kill, waitid by pid), {@link
 * io.berth.os.EventLoop} (epoll), {@link io.berth.os.Reaper} (pidfd reaping), {@link
 * io.berth.os.OrphanReaper}, {@link io.berth.os.Signals}, {@link io.berth.os.ResourceLimits}.
 *
 * <p>Mounts: {@link io.berth.os.Mounts}, {@link io.berth.os.Overlay}, {@link
 * io.berth.os.MountTable}.
 *
 * <p>Failures of system calls are {@link io.berth.os.ErrnoException}s naming the call, the errno
 * and what it was about; bad arguments are {@link IllegalArgumentException}s.
 *
 * <p>May depend on: nothing else in berth.
 */
package io.berth.os;

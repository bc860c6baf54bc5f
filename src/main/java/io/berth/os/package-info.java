/**
 * The only package with native calls (FFM): Linux system calls berth needs and the JDK does not
 * offer: prctl, waitid, pidfd_open, mount, umount2, mknod, lchown, xattrs, posix_spawn, epoll.
 *
 * <p>May depend on: nothing else in berth.
 */
package io.berth.os;

package io.berth.os;

/** Linux errno values berth reacts to, with their names and descriptions. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int ENXIO = 6;
  public static final int E2BIG = 7;
  public static final int ENOEXEC = 8;
  public static final int EBADF = 9;
  public static final int ECHILD = 10;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENODEV = 19;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int ENFILE = 23;
  public static final int EMFILE = 24;
  public static final int ENOTTY = 25;
  public static final int ETXTBSY = 26;
  public static final int ENOSPC = 28;
  public static final int ESPIPE = 29;
  public static final int EROFS = 30;
  public static final int EPIPE = 32;
  public static final int ERANGE = 34;
  public static final int ENAMETOOLONG = 36;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;
  public static final int ENODATA = 61;
  public static final int EOPNOTSUPP = 95;

  private Errno() {}

  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case ESRCH -> "ESRCH";
      case EINTR -> "EINTR";
      case EIO -> "EIO";
      case ENXIO -> "ENXIO";
      case E2BIG -> "E2BIG";
      case ENOEXEC -> "ENOEXEC";
      case EBADF -> "EBADF";
      case ECHILD -> "ECHILD";
      case EAGAIN -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EACCES -> "EACCES";
      case EFAULT -> "EFAULT";
      case EBUSY -> "EBUSY";
      case EEXIST -> "EEXIST";
      case EXDEV -> "EXDEV";
      case ENODEV -> "ENODEV";
      case ENOTDIR -> "ENOTDIR";
      case EISDIR -> "EISDIR";
      case EINVAL -> "EINVAL";
      case ENFILE -> "ENFILE";
      case EMFILE -> "EMFILE";
      case ENOTTY -> "ENOTTY";
      case ETXTBSY -> "ETXTBSY";
      case ENOSPC -> "ENOSPC";
      case ESPIPE -> "ESPIPE";
      case EROFS -> "EROFS";
      case EPIPE -> "EPIPE";
      case ERANGE -> "ERANGE";
      case ENAMETOOLONG -> "ENAMETOOLONG";
      case ENOSYS -> "ENOSYS";
      case ENOTEMPTY -> "ENOTEMPTY";
      case ELOOP -> "ELOOP";
      case ENODATA -> "ENODATA";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      default -> "errno " + errno;
    };
  }

  public static String describe(int errno) {
    return switch (errno) {
      case EPERM -> "operation not permitted";
      case ENOENT -> "no such file or directory";
      case ESRCH -> "no such process";
      case EINTR -> "interrupted system call";
      case EIO -> "input/output error";
      case ENXIO -> "no such device or address";
      case E2BIG -> "argument list too long";
      case ENOEXEC -> "exec format error";
      case EBADF -> "bad file descriptor";
      case ECHILD -> "no child processes";
      case EAGAIN -> "resource temporarily unavailable";
      case ENOMEM -> "cannot allocate memory";
      case EACCES -> "permission denied";
      case EFAULT -> "bad address";
      case EBUSY -> "device or resource busy";
      case EEXIST -> "file exists";
      case EXDEV -> "invalid cross-device link";
      case ENODEV -> "no such device";
      case ENOTDIR -> "not a directory";
      case EISDIR -> "is a directory";
      case EINVAL -> "invalid argument";
      case ENFILE -> "too many open files in system";
      case EMFILE -> "too many open files";
      case ENOTTY -> "inappropriate ioctl for device";
      case ETXTBSY -> "text file busy";
      case ENOSPC -> "no space left on device";
      case ESPIPE -> "illegal seek";
      case EROFS -> "read-only file system";
      case EPIPE -> "broken pipe";
      case ERANGE -> "result out of range";
      case ENAMETOOLONG -> "file name too long";
      case ENOSYS -> "function not implemented";
      case ENOTEMPTY -> "directory not empty";
      case ELOOP -> "too many levels of symbolic links";
      case ENODATA -> "no data available";
      case EOPNOTSUPP -> "operation not supported";
      default -> "error";
    };
  }
}

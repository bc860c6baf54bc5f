package io.berth.os;

/**
 * The two ends of a pipe made by {@link Pipes#pipe}. {@link #close} closes both; close one end
 * alone with {@link FileDescriptors#close}.
 */
public record Pipe(int readFd, int writeFd) implements AutoCloseable {
  @Override
  public void close() throws ErrnoException {
    try {
      FileDescriptors.close(readFd);
    } finally {
      FileDescriptors.close(writeFd);
    }
  }
}

package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipesTest {
  private Path dir;
  private long openBefore;

  @BeforeEach
  void createDirectory() throws Exception {
    dir = Files.createTempDirectory("berth-pipes");
    openBefore = OpenFiles.ours(dir);
  }

  @AfterEach
  void removeDirectory() throws Exception {
    assertThat(OpenFiles.ours(dir)).as("descriptors left open").isEqualTo(openBefore);
    FileTrees.delete(dir);
  }

  @Test
  void fifo_openedReadWriteWithoutAWriter_neitherOpenBlocksAndReadWouldBlock() throws Exception {
    Path fifo = dir.resolve("out");
    Pipes.makeFifo(fifo, 0600);
    assertThat(Inodes.status(Fcntl.AT_FDCWD, fifo.toString(), 0).type())
        .isEqualTo(FileStatus.S_IFIFO);

    int reader = Pipes.openReadEnd(fifo);
    int writer = Pipes.openWriteEnd(fifo);
    try {
      byte[] buffer = new byte[16];
      assertThat(FileDescriptors.read(reader, buffer, 0, 16))
          .isEqualTo(FileDescriptors.WOULD_BLOCK);

      byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
      assertThat(FileDescriptors.write(writer, hello, 0, hello.length)).isEqualTo(5);
      assertThat(FileDescriptors.read(reader, buffer, 2, 14)).isEqualTo(5);
      assertThat(new String(buffer, 2, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
    } finally {
      FileDescriptors.close(writer);
      FileDescriptors.close(reader);
    }
  }

  @Test
  void fifo_lastWriterClosed_readerOpenedReadWriteSeesNoEndOfFile() throws Exception {
    Path fifo = dir.resolve("out");
    Pipes.makeFifo(fifo, 0600);
    int reader = Pipes.openReadEnd(fifo);
    try {
      int writer = Pipes.openWriteEnd(fifo);
      FileDescriptors.close(writer);

      // the reader is a writer too: no end of file, only "nothing yet"
      assertThat(FileDescriptors.read(reader, new byte[4], 0, 4))
          .isEqualTo(FileDescriptors.WOULD_BLOCK);
    } finally {
      FileDescriptors.close(reader);
    }
  }

  @Test
  void makeFifo_existingName_failsWithEEXIST() throws Exception {
    Pipes.makeFifo(dir.resolve("f"), 0600);

    assertThatThrownBy(() -> Pipes.makeFifo(dir.resolve("f"), 0600))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
        .hasMessageContaining("mkfifo(" + dir.resolve("f") + ")");
  }

  @Test
  void pipe_writerClosed_readerSeesEndOfFile() throws Exception {
    try (Pipe pipe = Pipes.pipe(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) {
      byte[] buffer = new byte[8];
      assertThat(FileDescriptors.read(pipe.readFd(), buffer, 0, 8))
          .isEqualTo(FileDescriptors.WOULD_BLOCK);

      FileDescriptors.write(pipe.writeFd(), new byte[] {1, 2, 3}, 0, 3);
      try (Pipe other = Pipes.pipe(Fcntl.O_CLOEXEC)) {
        assertThat(other.readFd()).isNotEqualTo(pipe.readFd());
      }
      assertThat(FileDescriptors.read(pipe.readFd(), buffer, 0, 8)).isEqualTo(3);
    }
  }

  @Test
  void pipe_emptyAfterWriterClosed_readsZero() throws Exception {
    Pipe pipe = Pipes.pipe(Fcntl.O_CLOEXEC);
    try {
      FileDescriptors.close(pipe.writeFd());
      assertThat(FileDescriptors.read(pipe.readFd(), new byte[1], 0, 1)).isZero();
    } finally {
      FileDescriptors.close(pipe.readFd());
    }
  }

  @Test
  void pipe_fullAndNonBlocking_writeWouldBlock() throws Exception {
    try (Pipe pipe = Pipes.pipe(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) {
      int size = Pipes.bufferSize(pipe.writeFd());
      byte[] block = new byte[size];
      assertThat(FileDescriptors.write(pipe.writeFd(), block, 0, size)).isEqualTo(size);

      assertThat(FileDescriptors.write(pipe.writeFd(), block, 0, 1))
          .isEqualTo(FileDescriptors.WOULD_BLOCK);
    }
  }

  @Test
  void setBufferSize_upToPipeMaxSize_enlargesTheFifo() throws Exception {
    Path fifo = dir.resolve("big");
    Pipes.makeFifo(fifo, 0600);
    int fd = Pipes.openReadEnd(fifo);
    try {
      int max = Pipes.maxBufferSize();
      assertThat(Pipes.bufferSize(fd)).isEqualTo(65536);

      int set = Pipes.setBufferSize(fd, max);

      assertThat(set).isEqualTo(max);
      assertThat(Pipes.bufferSize(fd)).isEqualTo(max);
      assertThat(Pipes.setBufferSize(fd, 100_000)).isEqualTo(131072); // whole pages, power of 2
    } finally {
      FileDescriptors.close(fd);
    }
  }

  @Test
  void openDevNull_readsEndOfFileAndSwallowsWrites() throws Exception {
    int fd = FileDescriptors.openDevNull();
    try {
      assertThat(FileDescriptors.write(fd, new byte[10], 0, 10)).isEqualTo(10);
      assertThat(FileDescriptors.read(fd, new byte[10], 0, 10)).isZero();
    } finally {
      FileDescriptors.close(fd);
    }
  }
}

package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChunkedInputStreamTest {

  @Test
  void chunks_areJoined_extensionsAndTrailersIgnored() throws IOException {
    InputStream in = chunked("5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");

    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void connectionEndingBeforeTheLastChunk_isAnError_notAShortBody() {
    InputStream in = chunked("5\r\nhello\r\n");

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(EOFException.class)
        .hasMessage("the connection ended before the response did");
  }

  @Test
  void chunkLongerThanItsSize_isAnError() {
    InputStream in = chunked("2\r\nhello\r\n0\r\n\r\n");

    assertThatThrownBy(in::readAllBytes).hasMessage("a chunk is longer than its size says");
  }

  @Test
  void malformedSize_isAnError() {
    assertThatThrownBy(() -> chunked("zz\r\n").read()).hasMessage("malformed chunk size: zz");
  }

  @Test
  void read_returnsWhatTheCurrentChunkHolds_withoutWaitingForTheNext() throws Exception {
    PipedOutputStream server = new PipedOutputStream();
    InputStream in = new ChunkedInputStream(new PipedInputStream(server));
    server.write("4\r\nline\r\n".getBytes(StandardCharsets.US_ASCII));
    server.flush();

    byte[] buffer = new byte[100];
    int n = in.read(buffer);

    assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).isEqualTo("line");
    server.close();
  }

  @Test
  void bodyLine_splitsOnNewlines_andKeepsALastLineWithoutOne() throws IOException {
    InputStream in = new ByteArrayInputStream("one\n\ntwo".getBytes(StandardCharsets.UTF_8));

    assertThat(Http1.bodyLine(in, 100)).asString(StandardCharsets.UTF_8).isEqualTo("one");
    assertThat(Http1.bodyLine(in, 100)).isEmpty();
    assertThat(Http1.bodyLine(in, 100)).asString(StandardCharsets.UTF_8).isEqualTo("two");
    assertThat(Http1.bodyLine(in, 100)).isNull();
  }

  @Test
  void bodyLine_longerThanTheLimit_isAnError() {
    InputStream in = new ByteArrayInputStream("x".repeat(20).getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> Http1.bodyLine(in, 10))
        .hasMessage("a streamed line is longer than 10 bytes");
  }

  private static InputStream chunked(String body) {
    return new ChunkedInputStream(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
  }
}

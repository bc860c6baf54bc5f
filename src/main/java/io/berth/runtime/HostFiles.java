package io.berth.runtime;

import io.berth.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The /etc/hosts, /etc/hostname and /etc/resolv.conf a container sees. On the host network they
 * follow the host's; in a namespace of its own, hosts knows localhost and the container's name, and
 * resolv.conf is the host's without loopback name servers, which the container cannot reach.
 */
final class HostFiles {
  private HostFiles() {}

  static void write(Path dir, ContainerSpec.Network network, String hostname) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("hostname"), hostname + "\n");
    String hosts;
    if (network == ContainerSpec.Network.HOST) {
      hosts = readOr(Path.of("/etc/hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost\n");
    } else {
      hosts =
          "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t"
              + hostname
              + "\n";
    }
    Files.writeString(dir.resolve("hosts"), hosts);
    String resolv = readOr(Path.of("/etc/resolv.conf"), "");
    if (network != ContainerSpec.Network.HOST) {
      resolv =
          resolv
              .lines()
              .filter(l -> !isLoopbackNameserver(l))
              .collect(Collectors.joining("\n", "", "\n"));
    }
    Files.writeString(dir.resolve("resolv.conf"), resolv);
  }

  private static boolean isLoopbackNameserver(String line) {
    List<String> words = List.of(line.strip().split("\\s+"));
    return words.size() >= 2
        && words.get(0).equals("nameserver")
        && (words.get(1).startsWith("127.") || words.get(1).equals("::1"));
  }

  private static String readOr(Path file, String otherwise) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return otherwise;
    }
  }
}

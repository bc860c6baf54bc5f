package io.berth.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A network interface and its addresses, in ContainerPilot's order: addresses by their bytes, an
 * IPv4 address compared as its IPv4-mapped IPv6 form (so {@code ::1} comes before {@code
 * 127.0.0.1}).
 */
public record HostInterface(String name, List<InetAddress> addresses) {
  /** Interfaces by name. */
  public static final Comparator<HostInterface> BY_NAME = Comparator.comparing(HostInterface::name);

  /** Addresses as ContainerPilot orders them. */
  public static final Comparator<InetAddress> BY_BYTES =
      (a, b) -> Arrays.compareUnsigned(mapped(a), mapped(b));

  public HostInterface {
    List<InetAddress> sorted = new ArrayList<>(addresses);
    sorted.sort(BY_BYTES);
    addresses = List.copyOf(sorted);
  }

  /** An interface with these address literals, in any order. */
  public static HostInterface of(String name, String... addresses) {
    return new HostInterface(name, Arrays.stream(addresses).map(InetAddress::ofLiteral).toList());
  }

  /** This host's interfaces that are up, by name. */
  public static List<HostInterface> host() {
    List<HostInterface> found = new ArrayList<>();
    try {
      for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
        if (nic.isUp()) {
          found.add(
              new HostInterface(
                  nic.getName(), nic.inetAddresses().map(HostInterface::unscoped).toList()));
        }
      }
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list the host's interfaces: " + e.getMessage(), e);
    }
    found.sort(BY_NAME);
    return found;
  }

  /** The address without its IPv6 scope ({@code %eth0}), which means nothing to another host. */
  private static InetAddress unscoped(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] mapped(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      byte[] v6 = new byte[16];
      v6[10] = (byte) 0xff;
      v6[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, v6, 12, 4);
      return v6;
    }
    return bytes;
  }
}

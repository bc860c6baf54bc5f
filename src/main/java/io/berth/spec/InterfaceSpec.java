package io.berth.spec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service's advertised address comes from, as ContainerPilot's interface specifications
 * say: {@code eth0} (its first IPv4 address, the same as {@code eth0:inet}), {@code eth0:inet6},
 * {@code eth0[1]} (its second address, counting from 0), a network such as {@code 10.0.0.0/8} or
 * {@code fdc6:238c:c4bc::/48}, {@code inet} or {@code inet6} (the first address of that family on
 * any interface, loopback excluded), or {@code static:1.2.3.4}.
 */
public sealed interface InterfaceSpec {
  /** An address family. */
  enum Family {
    INET,
    INET6;

    /** True when {@code address} is of this family. */
    public boolean matches(InetAddress address) {
      return (address instanceof Inet4Address) == (this == INET);
    }
  }

  /** The first address of {@code family} on interface {@code name}. */
  record Named(String name, Family family) implements InterfaceSpec {}

  /** The address at {@code index} (from 0) on interface {@code name}, of either family. */
  record Indexed(String name, int index) implements InterfaceSpec {}

  /** The first address inside {@code network}/{@code prefixLength}. */
  record Network(InetAddress network, int prefixLength) implements InterfaceSpec {
    /** True when {@code address} is in this network. */
    public boolean contains(InetAddress address) {
      byte[] net = network.getAddress();
      byte[] other = address.getAddress();
      if (net.length != other.length) {
        return false;
      }
      for (int bit = 0; bit < prefixLength; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((net[bit / 8] & mask) != (other[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The first address of {@code family} on any interface, loopback excluded. */
  record Any(Family family) implements InterfaceSpec {}

  /** This address, whatever the interfaces have. */
  record Static(InetAddress address) implements InterfaceSpec {}

  Pattern NAMED = Pattern.compile("([A-Za-z0-9_.@-]{1,15})(?::(inet|inet6)|\\[(\\d{1,3})])?");

  /**
   * Parses one specification.
   *
   * @throws IllegalArgumentException it is none of the forms, with the forms listed
   */
  static InterfaceSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected an interface specification, got nothing");
    }
    String spec = text.strip();
    String lower = spec.toLowerCase(Locale.ROOT);
    if (lower.equals("inet")) {
      return new Any(Family.INET);
    }
    if (lower.equals("inet6")) {
      return new Any(Family.INET6);
    }
    if (lower.startsWith("static:")) {
      return new Static(literal(spec.substring("static:".length()), spec));
    }
    int slash = spec.indexOf('/');
    if (slash > 0) {
      return network(spec, slash);
    }
    Matcher m = NAMED.matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          ("'%s' is not an interface specification: expected eth0, eth0:inet6, eth0[1],"
                  + " a network such as 10.0.0.0/8, inet, inet6 or static:1.2.3.4")
              .formatted(text));
    }
    if (m.group(3) != null) {
      return new Indexed(m.group(1), Integer.parseInt(m.group(3)));
    }
    return new Named(m.group(1), "inet6".equals(m.group(2)) ? Family.INET6 : Family.INET);
  }

  private static Network network(String spec, int slash) {
    InetAddress address = literal(spec.substring(0, slash), spec);
    int bits = address.getAddress().length * 8;
    int prefix;
    try {
      prefix = Integer.parseInt(spec.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException(
          "'%s': a network's prefix length is 0 to %d".formatted(spec, bits));
    }
    return new Network(address, prefix);
  }

  /** An IP address literal; never a name, so that parsing does no DNS lookup. */
  private static InetAddress literal(String text, String spec) {
    try {
      return InetAddress.ofLiteral(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'%s': '%s' is not an IP address".formatted(spec, text), e);
    }
  }
}

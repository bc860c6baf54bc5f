/** The floor: a JVM that starts and exits. */
public final class Empty {
  public static void main(String[] args) {}
}

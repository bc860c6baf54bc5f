package io.berth.cli;

/** Entry point of the berth command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("berth");
  }
}

package io.berth.template;

/**
 * The value of a field that is not there. It travels like a value so that the place that uses it
 * decides: printed, it is nothing (or an error in strict mode); as a condition it is false; as an
 * argument of {@code default} it is empty.
 *
 * @param text the field as written, such as {@code .DB_HOST}
 * @param pos where it was read
 */
record Missing(String text, Pos pos) {}

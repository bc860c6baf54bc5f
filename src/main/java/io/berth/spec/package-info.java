/**
 * Pure data: value records, parsing and validation. No I/O beyond reading what it is given.
 *
 * <p>May depend on: nothing else in berth.
 */
package io.berth.spec;

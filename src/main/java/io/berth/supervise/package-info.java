/**
 * Services: desired state reconciled against what runs, restart and update policies, upgrades and
 * rollbacks, their history.
 *
 * <p>May depend on: {@code runtime}, {@code image}, {@code image.oci}, {@code store}, {@code
 * events}, {@code os}, {@code spec}, {@code template}, and {@code api} for its plain records (log
 * lines), as {@code runtime} does.
 */
package io.berth.supervise;

/**
 * The hierarchical configuration store: JSON values at paths such as {@code
 * /org/myorg/app/db/password}, each write a new revision, compare-and-set, watches, dumps as a JSON
 * tree or in dconf's format, and secret keys encrypted at rest. {@link io.berth.kv.ConfigStore} is
 * the interface; {@link io.berth.kv.ConfigStores} opens one on a {@link
 * io.berth.coord.KeyValueStore}, embedded or etcd.
 *
 * <p>May depend on: {@code coord}, {@code spec}.
 */
package io.berth.kv;

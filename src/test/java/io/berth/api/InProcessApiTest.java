package io.berth.api;

/** The contract, with the fake called directly: what the API means. */
class InProcessApiTest extends ApiContract {
  @Override
  Berth serve(FakeBerth fake) {
    return fake;
  }
}

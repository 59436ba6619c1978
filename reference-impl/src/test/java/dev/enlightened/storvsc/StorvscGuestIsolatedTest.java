package dev.enlightened.storvsc;

/**
 * Every case of {@link StorvscGuestTest} (each bad handshake completion a typed {@link StorvscError}, the random
 * completion property, a correct host reaching Ready) with the guest reading its ring as an isolated (confidential)
 * guest reads it: each packet copied out of shared memory before it is parsed (Linux {@code hv_pkt_iter_first} in a
 * CoCo VM). The outcomes are the same (issue 12: the tests run in both modes).
 */
class StorvscGuestIsolatedTest extends StorvscGuestTest {

    @Override
    boolean isolated() {
        return true;
    }
}

package dev.enlightened.storvsc;

/**
 * Every case of {@link StorvscIoTest} (the byte vectors, outstanding requests matched by trans_id, back-pressure)
 * with the storvsc guest reading its rings as an isolated (confidential) guest reads them: each packet copied out of
 * shared memory before it is parsed (Linux {@code hv_pkt_iter_first} in a CoCo VM). The outcomes are the same
 * (issue 12: the tests run in both modes).
 */
class StorvscIoIsolatedTest extends StorvscIoTest {

    @Override
    boolean isolated() {
        return true;
    }
}

package dev.enlightened.netvsc;

/**
 * Every case of {@link GuestDataPathTest} (RNDIS bring-up, send and receive, the RNDIS timeouts) with the netvsc
 * guest reading its rings as an isolated (confidential) guest reads them: each packet copied out of shared memory
 * before it is parsed (Linux {@code hv_pkt_iter_first} in a CoCo VM). The outcomes are the same (issue 12: the
 * tests run in both modes).
 */
class GuestDataPathIsolatedTest extends GuestDataPathTest {

    @Override
    boolean isolated() {
        return true;
    }
}

package dev.enlightened.ring.scenario;

import dev.enlightened.signal.Doorbell;

/** A party's doorbell in a stepped run: ringing sets the peer's latch; awaiting sleeps without the baton. */
final class BatonDoorbell implements Doorbell {
    private final BatonParty self;
    private final BatonParty peer;
    private long rings;

    BatonDoorbell(BatonParty self, BatonParty peer) {
        this.self = self;
        this.peer = peer;
    }

    /** Sets the peer's latch and ends the signal's step (its event is already logged): see the runner. */
    @Override
    public void ring() {
        rings++;
        peer.ring();
        self.yieldStep();
    }

    /** Waits for the peer whatever the timeout: in a stepped run time does not pass, only steps do. */
    @Override
    public boolean await(long timeoutNanos) {
        self.awaitDoorbell();
        return true;
    }

    @Override
    public long rings() {
        return rings;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

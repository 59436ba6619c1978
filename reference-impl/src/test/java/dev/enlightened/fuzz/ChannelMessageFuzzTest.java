package dev.enlightened.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.enlightened.channel.ChannelDriver;
import dev.enlightened.channel.ChannelManager;
import dev.enlightened.channel.GuestChannel;
import dev.enlightened.channel.GuestConfig;
import dev.enlightened.medium.SubChannelDevice;
import dev.enlightened.medium.Transport;
import dev.enlightened.bounded.ErrorLog;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.Guid;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.VersionResponse;
import java.util.List;
import java.util.Set;

/**
 * Channel messages from the host: the decoder, and the guest's message-dispatch context (with its driver contexts
 * stepping) over any sequence of host messages.
 */
class ChannelMessageFuzzTest {
    /**
     * The guest's WARNING lines, off: each input makes a new guest whose rate limit starts afresh, and writing
     * them to the console dominated the execution rate (50 exec/s). Held here so the logger is not collected.
     */
    private static final java.util.logging.Logger GUEST_LOG = quiet();

    /** Host messages per input: enough for offer, GPADL, open, rescind interleavings. */
    private static final int MAX_MESSAGES = 64;

    /**
     * Any bytes decode to a typed result, and a decoded message re-encodes to bytes that decode to it again (the
     * decoder invents nothing the encoder cannot say).
     */
    @FuzzTest
    void anyBytesDecodeToATypedResultThatRoundTrips(byte[] bytes) {
        DecodeResult r = FuzzRules.holds(bytes.length, () -> ChannelMessageCodec.decodeFrom(Direction.HOST_TO_GUEST,
                bytes));
        if (r instanceof DecodeResult.Decoded d) {
            ChannelMessage m = d.message();
            DecodeResult again = ChannelMessageCodec.decode(ChannelMessageCodec.encode(m));
            if (!(again instanceof DecodeResult.Decoded d2) || !d2.message().equals(m)) {
                throw new AssertionError("round trip changed the message: " + m + " -> " + again);
            }
        }
        FuzzRules.holds(bytes.length, () -> ChannelMessageCodec.decode(bytes));
    }

    /**
     * The guest, connected, takes any sequence of host messages: nothing escapes, its records stay bounded and
     * its relid table holds only relids below MAX_CHANNEL_RELIDS.
     */
    @FuzzTest
    void theGuestSurvivesAnySequenceOfHostMessages(FuzzedDataProvider data) {
        Transport transport = new Transport();
        SubChannelDevice devices = new SubChannelDevice() {
            @Override
            public void requestSubChannels(Guid device) {
            }

            @Override
            public boolean subChannelRequestCompleted(Guid device) {
                return true;
            }
        };
        ChannelManager guest = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3,
                ProtocolVersion.WIN10_V5_2), 16, Set.of()), transport, devices, TraceSink.OFF);
        ChannelDriver driver = new ChannelDriver(guest);
        guest.sendInitiateContact();
        transport.sendToGuest(ChannelMessageCodec.encode(VersionResponse.of(true, 1)));
        guest.dispatchOne();
        guest.wakeFromVersionResponse();
        guest.sendRequestOffers();
        int sent = 0;
        for (int i = 0; i < MAX_MESSAGES && data.remainingBytes() > 0; i++) {
            byte[] m = data.consumeBytes(data.consumeInt(0, 240));
            sent += m.length;
            transport.sendToGuest(m);
            FuzzRules.holds(m.length, guest::dispatchOne);
            for (GuestChannel c : guest.channels()) {
                if (c.live() && driver.canStartOpen(c) && data.consumeBoolean()) {
                    driver.startOpen(c);
                }
                for (int step = 0; step < 8 && driver.canProgress(c); step++) {
                    driver.progress(c);
                }
            }
            while (transport.takeForHost().isPresent()) {
                // the host reads and ignores what the guest posts
            }
        }
        if (guest.errors().size() > ErrorLog.DEFAULT_KEEP) {
            throw new AssertionError("error records unbounded: " + guest.errors().size() + " after " + sent);
        }
        for (GuestChannel c : guest.channels()) {
            if (Integer.toUnsignedLong(c.relid()) >= ChannelManager.MAX_CHANNEL_RELIDS) {
                throw new AssertionError("relid outside the table mapped: " + c);
            }
        }
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(ChannelManager.class.getName());
        l.setLevel(java.util.logging.Level.OFF);
        return l;
    }
}

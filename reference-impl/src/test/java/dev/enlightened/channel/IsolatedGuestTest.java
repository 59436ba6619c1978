package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.VersionResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An isolated (confidential) guest needs {@code Feature.ISOLATED_GUESTS}: Linux {@code vmbus_connect} fails the
 * connection when the version agreed is below 5.2 in a VM with isolation, whatever the host said.
 */
class IsolatedGuestTest {

    @ParameterizedTest(name = "isolated={0} version={1}")
    @CsvSource({"false,WIN10_V5_1,CONNECTED", "true,WIN10_V5_1,FAILED", "false,WIN10_V5_2,CONNECTED",
        "true,WIN10_V5_2,CONNECTED", "true,WIN10_V5_3,CONNECTED"})
    void anIsolatedGuestRefusesAnAgreedVersionWithoutIsolatedGuestSupport(boolean isolated, ProtocolVersion v,
                                                                          ConnectionState expected) {
        Transport transport = new Transport();
        ChannelManager g = new ChannelManager(new GuestConfig(List.of(v), 16, Set.of(), GuestTimeouts.DEFAULT,
                isolated), transport, null, TraceSink.OFF);
        g.sendInitiateContact();
        transport.takeForHost();
        transport.sendToGuest(ChannelMessageCodec.encode(VersionResponse.of(true, 1)));
        g.dispatchOne();
        g.wakeFromVersionResponse();
        assertEquals(expected, g.connection());
        assertEquals(expected == ConnectionState.CONNECTED, g.agreedVersion().isPresent());
        assertTrue(transport.takeForHost().isEmpty(), "no other version was proposed");
    }
}

package dev.enlightened.synic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;

/**
 * Writes each slot step as an {@code enlightened-trace/1} event for {@code TraceSynicMessageSlot}: action = spec
 * action name, actor {@code "host"} or {@code "guest"}, params {@code HostDeliversMessage {msg}},
 * {@code GuestReadsMessage {msg}}, {@code GuestReadsMessagePending {pending}}, and in {@code post} the spec slot
 * variables a step sets ({@code slotMsg}, {@code msgPending}). Host and guest call it inside their (locked) steps, so
 * the sink's sequence number is taken inside the step.
 *
 * <p>Spec messages are the numbers {@code 1..MsgCount} in queue order; {@code messageId} maps a Java message to
 * its number. A corrupt read (a case the spec, with its trusted hypervisor, does not have) is logged as
 * {@code GuestReadsMessage {corruptPayloadSize}}, which validation must reject.
 */
public final class SynicTraceObserver implements SynicSlotObserver {
    /** The Trace module that validates these traces. */
    public static final String SPEC = "TraceSynicMessageSlot";
    /** Spec value of an empty slot ({@code HvMsgNone}). */
    public static final long HV_MSG_NONE = 0;

    private final TraceSink sink;
    private final ToLongFunction<SynicMessage> messageId;

    /**
     * @param sink      where events go
     * @param messageId spec number ({@code 1..MsgCount}) of a message
     */
    public SynicTraceObserver(TraceSink sink, ToLongFunction<SynicMessage> messageId) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
    }

    /**
     * @param msgCount messages the run posts (spec {@code MsgCount})
     * @param protocol the protocol host and guest follow
     * @param seed     scheduler seed, or -1 for a real-thread run
     * @param producer what wrote the trace
     * @return the header line for such a run
     */
    public static TraceHeader header(int msgCount, SynicProtocol protocol, long seed, String producer) {
        Map<String, Object> constants = new LinkedHashMap<>();
        constants.put("MsgCount", msgCount);
        constants.putAll(protocol.specConstants());
        return new TraceHeader(SPEC, constants, seed, producer);
    }

    @Override
    public void hostSetsMessagePending() {
        sink.emit("host", "HostSetsMessagePending", Map.of(), Fields.of("msgPending", true));
    }

    @Override
    public void hostDeliversMessage(SynicMessage message) {
        long msg = messageId.applyAsLong(message);
        sink.emit("host", "HostDeliversMessage", Fields.of("msg", msg), Fields.of("slotMsg", msg, "msgPending", false));
    }

    @Override
    public void hostFindsSlotFull() {
        sink.emit("host", "HostFindsSlotFull", Map.of(), Map.of());
    }

    @Override
    public void guestReadsMessage(SlotRead read) {
        Map<String, Object> params = read instanceof SlotRead.Received r
                ? Fields.of("msg", messageId.applyAsLong(r.message()))
                : Fields.of("corruptPayloadSize", ((SlotRead.Corrupt) read).payloadSize());
        sink.emit("guest", "GuestReadsMessage", params, Map.of());
    }

    @Override
    public void guestClearsSlot() {
        sink.emit("guest", "GuestClearsSlot", Map.of(), Fields.of("slotMsg", HV_MSG_NONE));
    }

    @Override
    public void guestReadsMessagePending(boolean msgPending) {
        sink.emit("guest", "GuestReadsMessagePending", Fields.of("pending", msgPending), Map.of());
    }

    @Override
    public void guestWritesEom() {
        sink.emit("guest", "GuestWritesEom", Map.of(), Map.of());
    }
}

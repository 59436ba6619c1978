package dev.enlightened.identity;

import dev.enlightened.trace.ViewTrace;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest side of the identity run (Linux channel_mgmt.c): {@code vmbus_onoffer} creates a channel object and maps
 * its relid ({@code relid2channel}); the driver that binds to the device holds the object (a local user) until its
 * release; {@code vmbus_onoffer_rescind} finds the object by relid, as the wire has it, and marks it;
 * {@code hv_process_channel_removal} unmaps the relid and sends RELID_RELEASED last, after the last user. The guest
 * never reads the ghost instance a message carries; it knows objects by the order it created them, which is the
 * host's instance order because delivery is in order.
 */
final class IdentityGuest {
    /** One channel object: the spec's gCh[i]. */
    private static final class ChannelObject {
        String state = "Mapped";
        final int relid;
        int users;

        ChannelObject(int relid) {
            this.relid = relid;
        }
    }

    private final Deque<IdentityMessage> fromHost;
    private final Deque<Integer> toHost;
    private final ViewTrace trace;
    private final int maxObjects;
    /** Objects by creation number (1, 2, ...): the instance order. */
    private final List<ChannelObject> objects = new ArrayList<>();
    /** The relid map: relid -> object number, while mapped (Mapped or Rescinded). */
    private final Map<Integer, Integer> relidMap = new HashMap<>();
    private final List<String> errors = new ArrayList<>();

    IdentityGuest(int maxObjects, Deque<IdentityMessage> fromHost, Deque<Integer> toHost, ViewTrace trace) {
        this.maxObjects = maxObjects;
        this.fromHost = fromHost;
        this.toHost = toHost;
        this.trace = trace;
    }

    // ---------------------------------------------------------------- dispatch: vmbus_on_msg_dpc

    boolean canDispatch() {
        return !fromHost.isEmpty();
    }

    /** GuestReceivesOffer or GuestReceivesRescind: one host message, looked up by relid only. */
    void dispatch() {
        IdentityMessage m = fromHost.removeFirst();
        int relid = m.relid();
        if (m.rescind()) {
            // vmbus_onoffer_rescind: relid2channel; a relid mapped to nothing, or to an object already rescinded,
            // is dropped (rescind_ref, Linux e4d221b42354).
            Integer i = relidMap.get(relid);
            if (i != null && objects.get(i - 1).state.equals("Mapped")) {
                objects.get(i - 1).state = "Rescinded";
            }
            trace.emit("guest-dispatch", "GuestReceivesRescind", Map.of("relid", relid));
            return;
        }
        if (relidMap.containsKey(relid) || objects.size() >= maxObjects) {
            // An untrusted host offering a relid still mapped (vmbus_channel_map_relid would overwrite a live
            // object): refused, counted. The correct host never does (RELID_RELEASED comes after the unmap).
            errors.add("offer of a mapped relid or beyond the run's instances: relid=" + relid);
            return;
        }
        objects.add(new ChannelObject(relid));
        relidMap.put(relid, objects.size());
        trace.emit("guest-dispatch", "GuestReceivesOffer", Map.of("relid", relid, "inst", objects.size()));
    }

    // ---------------------------------------------------------------- driver: probe, remove, channel removal

    private int driverWork() {
        for (int i = 1; i <= objects.size(); i++) {
            ChannelObject c = objects.get(i - 1);
            if (c.state.equals("Mapped") && c.users == 0 || c.state.equals("Rescinded")) {
                return i;
            }
        }
        return 0;
    }

    boolean canDrive() {
        return driverWork() != 0;
    }

    /**
     * GuestDriverBinds(i) (vmbus_probe: the driver holds the object), GuestDriverReleases(i) (the device's release
     * after the rescind), GuestSendsRelidReleased(i) (hv_process_channel_removal: unmap, then RELID_RELEASED, only
     * once no local user holds the object).
     */
    void drive() {
        int i = driverWork();
        ChannelObject c = objects.get(i - 1);
        if (c.state.equals("Mapped")) {
            c.users = 1;
            trace.emit("guest-driver", "GuestDriverBinds", Map.of("inst", i));
        } else if (c.users == 1) {
            c.users = 0;
            trace.emit("guest-driver", "GuestDriverReleases", Map.of("inst", i));
        } else {
            c.state = "Unmapped";
            relidMap.remove(c.relid);
            toHost.addLast(c.relid);
            trace.emit("guest-driver", "GuestSendsRelidReleased", Map.of("inst", i, "relid", c.relid));
        }
    }

    // ---------------------------------------------------------------- view

    /** @return gCh[i].st for i in 1..maxObjects ("None" for objects not yet created) */
    List<String> objectStates() {
        List<String> l = new ArrayList<>();
        for (int i = 1; i <= maxObjects; i++) {
            l.add(i <= objects.size() ? objects.get(i - 1).state : "None");
        }
        return l;
    }

    /** @return gCh[i].users for i in 1..maxObjects */
    List<Integer> objectUsers() {
        List<Integer> l = new ArrayList<>();
        for (int i = 1; i <= maxObjects; i++) {
            l.add(i <= objects.size() ? objects.get(i - 1).users : 0);
        }
        return l;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}

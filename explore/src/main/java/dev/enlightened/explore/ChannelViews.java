package dev.enlightened.explore;

import dev.enlightened.contexts.ContextsFault;
import dev.enlightened.contexts.ContextsResult;
import dev.enlightened.contexts.ContextsRunner;
import dev.enlightened.contexts.ContextsScenario;
import dev.enlightened.identity.IdentityFault;
import dev.enlightened.identity.IdentityResult;
import dev.enlightened.identity.IdentityRunner;
import dev.enlightened.identity.IdentityScenario;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.vp.VpFault;
import dev.enlightened.vp.VpResult;
import dev.enlightened.vp.VpRunner;
import dev.enlightened.vp.VpScenario;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The three runs of {@code enlightened run channels} that are not channel management, as targets of
 * {@code explore channels}: {@code --vps N} (per-VP delivery, MODIFYCHANNEL and CPU offline; reference-impl
 * {@code vp}, traced for TraceVpDelivery), {@code --contexts} (the guest's execution contexts; {@code contexts},
 * TraceExecContexts) and {@code --identity} (offer instances and the owner's revokes; {@code identity},
 * TraceChannelIdentity). Each run's every decision (which context steps, the host's and the administrator's
 * choices) goes through the explorer's chooser, and its trace is validated online against the module {@code run}
 * writes it for. A fault of one of these runs selects it, with explore's defaults, as an I/O fault selects
 * storvsc's {@code --io}.
 */
final class ChannelViews {
    private ChannelViews() {
    }

    /** One of the runs, with its options (those of {@code run channels}) and explore's defaults for them. */
    enum View {
        /** {@code --vps N --retargets M [--panic]}: two VPs and two retargets are where both faults show. */
        VPS("--vps", defaults("vps", "2", "retargets", "2", "panic", "false", "seed", "1"),
                names(VpFault.values())),
        /** {@code --contexts --rescinds N}: one device, its primary and sub-channel, both rescinded. */
        CONTEXTS("--contexts", defaults("contexts", "true", "rescinds", "2", "seed", "1"),
                names(ContextsFault.values())),
        /** {@code --identity --instances N}: one OfferId slot, two relids, two instances (reuse is forced). */
        IDENTITY("--identity", defaults("identity", "true", "instances", "2", "seed", "1"),
                names(IdentityFault.values()));

        final String flag;
        final Map<String, String> defaults;
        final List<String> faults;

        View(String flag, Map<String, String> defaults, List<String> faults) {
            this.flag = flag;
            this.defaults = defaults;
            this.faults = faults;
        }
    }

    private static Map<String, String> defaults(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The command-line name of a switch: its constant in lower case, words joined by '-' (FaultRegistry's). */
    private static List<String> names(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> e : values) {
            out.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return List.copyOf(out);
    }

    /** @return every fault of the three runs, in the order of {@link View} */
    static List<String> faults() {
        List<String> all = new ArrayList<>();
        for (View v : View.values()) {
            all.addAll(v.faults);
        }
        return List.copyOf(all);
    }

    /**
     * @param options scenario options given to {@code explore channels}
     * @param fault   faults given
     * @return the run these select (an option only it has, or a fault of it), or null: channel management
     * @throws BadInput when they select more than one
     */
    static View selected(Map<String, String> options, List<String> fault) {
        Set<View> named = new LinkedHashSet<>();
        for (View v : View.values()) {
            for (String k : options.keySet()) {
                if (v.defaults.containsKey(k) && !k.equals("seed") && !k.equals("rescinds")) {
                    named.add(v); // --rescinds is channel management's too; it alone selects nothing
                }
            }
            for (String f : fault) {
                if (v.faults.stream().anyMatch(n -> n.equalsIgnoreCase(f))) {
                    named.add(v);
                }
            }
        }
        if (named.size() > 1) {
            throw new BadInput("--vps, --contexts and --identity are runs of their own, one at a time (these options "
                    + "and faults select " + named.stream().map(v -> v.flag).toList() + ")");
        }
        return named.isEmpty() ? null : named.iterator().next();
    }

    /**
     * @return the configured run
     * @throws BadInput for an option or fault not of this run, or a value out of range
     */
    static Target target(View view, Map<String, String> options, List<String> fault) {
        for (String k : options.keySet()) {
            if (!view.defaults.containsKey(k)) {
                throw new BadInput("unknown option --" + k + " for explore channels " + view.flag + " (options: "
                        + String.join(", ", view.defaults.keySet()) + ")");
            }
        }
        for (String f : fault) {
            if (view.faults.stream().noneMatch(n -> n.equalsIgnoreCase(f))) {
                throw new BadInput("unknown fault: " + f + " for explore channels " + view.flag + " (known: "
                        + String.join(", ", view.faults) + ")");
            }
        }
        Map<String, String> o = new LinkedHashMap<>(view.defaults);
        o.putAll(options);
        try {
            long seed = Long.parseLong(o.get("seed"));
            return switch (view) {
                case VPS -> vps(o, fault, seed);
                case CONTEXTS -> contexts(o, fault, seed);
                case IDENTITY -> identity(o, fault, seed);
            };
        } catch (NumberFormatException e) {
            throw new BadInput("an option of explore channels " + view.flag + " is not a number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    private static <E extends Enum<E>> Set<E> on(Class<E> type, List<String> fault) {
        Set<E> on = EnumSet.noneOf(type);
        for (String f : fault) {
            on.add(Enum.valueOf(type, f.toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        return on;
    }

    private static boolean flag(Map<String, String> o, String k) {
        String v = o.get(k);
        if (!v.equals("true") && !v.equals("false")) {
            throw new BadInput("--" + k + " is a flag: value=" + v);
        }
        return v.equals("true");
    }

    private static Target vps(Map<String, String> o, List<String> fault, long seed) {
        int vps = Integer.parseInt(o.get("vps"));
        int retargets = Integer.parseInt(o.get("retargets"));
        boolean panic = flag(o, "panic");
        // run channels --vps takes these ranges (VpRun): the same here, one line each.
        if (vps < 2 || vps > 64) {
            throw new BadInput("--vps must be in 2..64: value=" + vps);
        }
        if (retargets < 0 || retargets > 100) {
            throw new BadInput("--retargets must be in 0..100: value=" + retargets);
        }
        VpScenario s = VpScenario.basic(vps, retargets, seed).withPanic(panic).withFaults(on(VpFault.class, fault));
        TraceHeader header = VpRunner.header(s);
        String args = "channels --vps " + vps + " --retargets " + retargets + (panic ? " --panic" : "") + " --seed "
                + seed + Family.faultArgs(fault);
        return Target.of(header, args, (chooser, sink) -> {
            VpResult r = VpRunner.run(s, sink, chooser);
            if (!r.guestErrors().isEmpty()) {
                return "guest rejected: " + r.guestErrors().get(0).describe();
            }
            if (!r.hostErrors().isEmpty()) {
                return "host rejected: " + r.hostErrors().get(0).describe();
            }
            return r.completed() ? null : "did not finish: " + (r.stuck().isEmpty() ? "step budget exhausted"
                    : "blocked forever: " + r.stuck());
        });
    }

    private static Target contexts(Map<String, String> o, List<String> fault, long seed) {
        flag(o, "contexts");
        int rescinds = Integer.parseInt(o.get("rescinds"));
        if (rescinds < 0 || rescinds > 2) {
            throw new BadInput("--rescinds must be in 0..2 with --contexts: value=" + rescinds);
        }
        ContextsScenario s = new ContextsScenario(seed, rescinds, on(ContextsFault.class, fault));
        TraceHeader header = ContextsRunner.header(s);
        String args = "channels --contexts --rescinds " + rescinds + " --seed " + seed + Family.faultArgs(fault);
        return Target.of(header, args, (chooser, sink) -> {
            ContextsResult r = ContextsRunner.run(s, sink, chooser);
            return r.completed() ? null : "did not finish: " + (r.stuck().isEmpty() ? "step budget exhausted"
                    : "blocked forever: " + r.stuck());
        });
    }

    private static Target identity(Map<String, String> o, List<String> fault, long seed) {
        flag(o, "identity");
        int instances = Integer.parseInt(o.get("instances"));
        if (instances < 1 || instances > 32) {
            throw new BadInput("--instances must be in 1..32: value=" + instances);
        }
        IdentityScenario s = IdentityScenario.basic(seed, instances).withFaults(on(IdentityFault.class, fault));
        TraceHeader header = IdentityRunner.header(s);
        String args = "channels --identity --instances " + instances + " --seed " + seed + Family.faultArgs(fault);
        return Target.of(header, args, (chooser, sink) -> {
            IdentityResult r = IdentityRunner.run(s, sink, chooser);
            if (!r.guestErrors().isEmpty()) {
                return "guest rejected: " + r.guestErrors().get(0);
            }
            if (!r.revokedUnrequested().isEmpty()) {
                return "revoked instances their owner never asked about: " + r.revokedUnrequested();
            }
            return r.completed() ? null : "did not finish (blocked, or the step budget exhausted)";
        });
    }
}

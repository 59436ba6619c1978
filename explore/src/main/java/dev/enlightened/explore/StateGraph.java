package dev.enlightened.explore;

import dev.enlightened.validation.engine.OnlineSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The explored part of a scenario's step-boundary graph, for the DFS strategy's graph search ({@link Explorer}): a
 * node per key (matched spec states, implementation digest, actor that stepped last: the state table's key, which
 * determines the future, docs/exploring.md point 1), the fewest preemptions it is known to be reached with, and per
 * option (ready actor) whether it was taken and the node it led to; a step that takes a branching choice inside (a
 * packet's length under {@code --vary-lengths}) has an edge per (actor, choices of the step), held as a trie
 * ({@link Branch}), so that every option of the choice is a transition of its own.
 *
 * <p>The stateless search re-executes a schedule's whole prefix from the root for every alternative, because the
 * implementation's state cannot be restored (the stepped ring's party threads are parked mid-protocol). The graph
 * search keeps the run that reached a known node going instead of cutting it: from a known node it takes an option
 * not yet taken there, or walks taken edges to the nearest node that has one; only when nothing is left forward does a
 * new run start from the root, replaying the decisions that first reached the node it heads for. So every
 * transition of the bounded space is executed once, plus the walks and the replayed prefixes.
 *
 * <p>The bound is kept per node: a node reached with p preemptions offers the options that cost at most the bound
 * minus p (a switch away from the last actor while it could go on costs one, as in the DFS). Reached later with fewer
 * preemptions, it offers more, and the decrease is carried along every taken edge to the nodes behind it
 * ({@link #improve}). So the explored space is the DFS's: every node reachable within the bound, every option within
 * it from each.
 */
final class StateGraph {
    /**
     * What one option (ready actor) of a node led to: a trie over the branching choices its step took inside (a
     * packet's length, a host's choice), so that an edge is an (actor, choices of the step) pair. A step without such
     * a choice is a leaf at once ({@code sub} null); a step that chose among k options has k children, each null until
     * a run took it.
     */
    static final class Branch {
        /** Per option of the step's next branching choice, once a run met it; null: no choice (yet). */
        Branch[] sub;
        /** Where the step led ({@link #END}: the run ended), once a run took it through to the next boundary. */
        Node next;

        /** @return whether some choice below is still to take (a branch never taken is one) */
        static boolean open(Branch b) {
            if (b == null) {
                return true;
            }
            if (b.sub != null) {
                for (Branch c : b.sub) {
                    if (open(c)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** @return the first option of this branch's choice with something still to take, or -1 */
        int openChoice() {
            for (int i = 0; i < sub.length; i++) {
                if (open(sub[i])) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** One step boundary. */
    static final class Node {
        final long key;
        final int id;
        /** The decisions of the run that first reached this node: a new run replays them to get here. */
        final int[] path;
        /** The online session's position there (the replayed prefix is restored, not validated again). */
        final OnlineSession.Mark mark;
        /** Index of the actor that stepped last among the ready ones, or -1 (it cannot go on: any switch is free). */
        final int previous;
        /** Per option: what its step led to, or null (not taken). */
        final Branch[] steps;
        int preemptions;
        boolean pending;

        Node(long key, int id, int[] path, OnlineSession.Mark mark, int previous, int options, int preemptions) {
            this.key = key;
            this.id = id;
            this.path = path;
            this.mark = mark;
            this.previous = previous;
            this.steps = new Branch[options];
            this.preemptions = preemptions;
        }

        int cost(int option) {
            return previous >= 0 && option != previous ? 1 : 0;
        }

        /** Calls {@code f} with (option, choices inside the step, node led to) for every step taken to its end. */
        void forEachEdge(EdgeVisitor f) {
            for (int o = 0; o < steps.length; o++) {
                leaves(steps[o], o, new int[0], f);
            }
        }

        private static void leaves(Branch b, int option, int[] choices, EdgeVisitor f) {
            if (b == null) {
                return;
            }
            if (b.next != null) {
                f.edge(option, choices, b.next);
            }
            if (b.sub != null) {
                for (int i = 0; i < b.sub.length; i++) {
                    int[] c = java.util.Arrays.copyOf(choices, choices.length + 1);
                    c[choices.length] = i;
                    leaves(b.sub[i], option, c, f);
                }
            }
        }
    }

    /** A visitor of a node's edges. */
    @FunctionalInterface
    interface EdgeVisitor {
        void edge(int option, int[] choices, Node to);
    }

    /** Where a run that ended went. */
    static final Node END = new Node(0, -1, new int[0], null, -1, 0, 0);

    /** One move of a walk: at {@code node}, take {@code option}, and inside its step the {@code choices}. */
    record Move(Node node, int option, int[] choices) {
    }

    private final int bound;
    private final Map<Long, Node> nodes = new HashMap<>();
    /** Nodes with an option left within the bound: fewest preemptions first, then shortest path (cheapest to reach). */
    private final TreeSet<Node> open = new TreeSet<>(Comparator.<Node>comparingInt(n -> n.preemptions)
            .thenComparingInt(n -> n.path.length).thenComparingInt(n -> n.id));
    private long edges;
    private long mismatches;

    StateGraph(int bound) {
        this.bound = bound;
    }

    /**
     * @return the node of {@code key}, created with what the run there says if it is new; null if the key is known
     *         with other ready actors (counted as a mismatch: the caller ends the run)
     */
    Node at(long key, int[] path, OnlineSession.Mark mark, int previous, int options, int preemptions) {
        Node n = nodes.get(key);
        if (n == null) {
            n = new Node(key, nodes.size(), path, mark, previous, options, preemptions);
            nodes.put(key, n);
            refresh(n);
        } else if (n.steps.length != options || n.previous != previous) {
            // The same key with other ready actors: the key did not determine the state (a digest collision or a
            // field the digest misses). Counted and reported; the run goes on from what it found.
            mismatches++;
            return null;
        }
        return n;
    }

    /** The run took the step ending at {@code leaf} (an option of {@code from}) and reached {@code to} (or END). */
    void arrive(Node from, int option, Branch leaf, Node to) {
        if (leaf.sub != null) {
            mismatches++; // this step chose inside before, and not this time: reported, must be 0
            return;
        }
        if (leaf.next == null) {
            leaf.next = to;
            edges++;
        } else if (leaf.next != to) {
            mismatches++; // the same step from the same key led elsewhere: reported, must be 0
            return;
        }
        if (to != END) {
            improve(to, from.preemptions + from.cost(option));
        }
    }

    /** @return an option of {@code n} with something left to take, within the bound ({@code preferred} first), or -1 */
    int pendingOption(Node n, int preferred) {
        if (preferred >= 0 && preferred < n.steps.length && allowed(n, preferred)) {
            return preferred;
        }
        for (int o = 0; o < n.steps.length; o++) {
            if (allowed(n, o)) {
                return o;
            }
        }
        return -1;
    }

    private boolean allowed(Node n, int o) {
        return Branch.open(n.steps[o]) && n.preemptions + n.cost(o) <= bound;
    }

    /** Starts {@code option} of {@code n}: @return the branch of its step (new when it was never taken) */
    Branch take(Node n, int option) {
        if (n.steps[option] == null) {
            n.steps[option] = new Branch();
        }
        refresh(n);
        return n.steps[option];
    }

    /**
     * Inside the step of {@code at} (an option of {@code n}), a branching choice of {@code options}: @return the
     * branch of option {@code x}, made when new ({@code x} < 0: the first option with something left, else 0)
     *
     * @return null if the step chose among another number of options before (a mismatch, counted)
     */
    Branch choose(Node n, Branch at, int options, int[] x) {
        if (at.sub == null) {
            if (at.next != null) {
                mismatches++; // the step ended without a choice before
                return null;
            }
            at.sub = new Branch[options];
        } else if (at.sub.length != options) {
            mismatches++;
            return null;
        }
        if (x[0] < 0) {
            int c = at.openChoice();
            x[0] = c < 0 ? 0 : c;
        }
        if (at.sub[x[0]] == null) {
            at.sub[x[0]] = new Branch();
        }
        refresh(n);
        return at.sub[x[0]];
    }

    /**
     * Lowers a node's preemptions and carries the decrease along its taken edges: options it could not afford are
     * open now, and so are those of the nodes behind it.
     */
    private void improve(Node start, int p) {
        if (p >= start.preemptions) {
            return;
        }
        ArrayDeque<Node> work = new ArrayDeque<>();
        setPreemptions(start, p);
        work.add(start);
        while (!work.isEmpty()) {
            Node n = work.poll();
            n.forEachEdge((o, choices, m) -> {
                if (m != END && n.preemptions + n.cost(o) < m.preemptions) {
                    setPreemptions(m, n.preemptions + n.cost(o));
                    work.add(m);
                }
            });
        }
    }

    private void setPreemptions(Node n, int p) {
        if (n.pending) {
            open.remove(n);
            n.pending = false;
        }
        n.preemptions = p;
        refresh(n);
    }

    private void refresh(Node n) {
        boolean any = pendingOption(n, -1) >= 0;
        if (any != n.pending) {
            if (any) {
                open.add(n);
            } else {
                open.remove(n);
            }
            n.pending = any;
        }
    }

    /**
     * @return the moves along taken edges from {@code from} to the nearest node with an option left (breadth first),
     *         or null when none is reachable from here
     */
    List<Move> walk(Node from) {
        Map<Node, Move> via = new HashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        queue.add(from);
        via.put(from, null);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (n.pending && n != from) {
                List<Move> moves = new ArrayList<>();
                for (Node m = n; via.get(m) != null; m = via.get(m).node()) {
                    moves.add(via.get(m));
                }
                java.util.Collections.reverse(moves);
                return moves;
            }
            n.forEachEdge((o, choices, m) -> {
                if (m != END && !via.containsKey(m)) {
                    via.put(m, new Move(n, o, choices));
                    queue.add(m);
                }
            });
        }
        return null;
    }

    /** @return the open node a new run heads for (fewest preemptions, then the shortest path), or null: all explored */
    Node next() {
        return open.isEmpty() ? null : open.first();
    }

    /** @return nodes reached */
    int size() {
        return nodes.size();
    }

    /** @return transitions ((node, actor, choices inside the step) edges) executed for the first time */
    long edges() {
        return edges;
    }

    /** Counts a key that did not lead where it led before (found by the caller). */
    void mismatch() {
        mismatches++;
    }

    /** @return times a known key led somewhere else than before (0 when the key determines the future) */
    long mismatches() {
        return mismatches;
    }
}

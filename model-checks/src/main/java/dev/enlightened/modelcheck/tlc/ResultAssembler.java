package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.result.Counterexample;
import dev.enlightened.modelcheck.result.Outcome;
import dev.enlightened.modelcheck.result.RunStats;
import dev.enlightened.modelcheck.result.TraceState;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.enlightened.modelcheck.tlc.MessageCodes.*;

/**
 * Collects TLC's {@code -tool} messages and plain lines of one run and decides the typed outcome. The first
 * message that ends checking wins; the trace states that follow it form the counterexample.
 */
public final class ResultAssembler implements ToolOutputReader.Sink {
    private static final Pattern STATS_LINE = Pattern.compile(
            "([\\d,]+) states generated.*?, ([\\d,-]+) distinct states found");
    private static final Pattern RATE = Pattern.compile("\\(([\\d,]+) s/min\\)");
    private static final Pattern SIMULATION_STATES = Pattern.compile("number of states generated: ([\\d,]+)");
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is ([\\d,]+)");
    private static final Pattern NAMED =
            Pattern.compile("(?:Invariant|property) (\\S+) is violated", Pattern.CASE_INSENSITIVE);
    private static final Pattern CFG_LINE = Pattern.compile("configuration file at line (\\d+)");
    private static final Pattern CFG_NAME =
            Pattern.compile("^The \\S+(?: \\S+)? (\\S+) specified in the configuration");

    private final Path module;
    private final Path cfg;
    private final List<String> plain = new ArrayList<>();
    private final List<TraceState> states = new ArrayList<>();
    private Outcome outcome;
    private boolean success;
    private long generated;
    private long statesPerMinute;
    private OptionalLong distinct = OptionalLong.empty();
    private OptionalLong depth = OptionalLong.empty();
    private OptionalInt loopsBackTo = OptionalInt.empty();
    private String loopAction = "";
    private boolean stutters;
    private boolean unexplainedBehavior;
    private boolean finished;
    private List<String> unattributed = List.of();

    /** An assembler for a run of {@code module} with {@code cfg} (used to name files in errors). */
    public ResultAssembler(Path module, Path cfg) {
        this.module = module;
        this.cfg = cfg;
    }

    @Override
    public synchronized void plain(String line) {
        plain.add(line);
    }

    @Override
    public synchronized void message(ToolMessage message) {
        switch (message.code()) {
            case STATE_PRINT1, STATE_PRINT2 -> StateParser.parse(message.body()).ifPresent(states::add);
            case BACK_TO_STATE -> StateParser.backTo(message.body()).ifPresent(back -> {
                loopsBackTo = OptionalInt.of(back.getKey());
                loopAction = back.getValue();
            });
            case STATE_PRINT3_STUTTERING -> stutters = true;
            case STATS, PROGRESS_STATS, PROGRESS_SIMULATION -> readStats(message.body());
            case STATS_SIMULATION -> find(SIMULATION_STATES, message.body()).ifPresent(n -> generated = n);
            case SEARCH_DEPTH -> depth = optional(find(DEPTH, message.body()));
            case SUCCESS -> success = true;
            case FINISHED -> finished = true;
            default -> decide(message);
        }
    }

    /** The outcome, given how the process ended. */
    public Outcome outcome(int exitCode, Optional<Duration> timedOut) {
        if (timedOut.isPresent()) {
            return new Outcome.TimedOut(timedOut.get());
        }
        if (outcome != null) {
            return outcome;
        }
        if (unexplainedBehavior && !success) {
            // Seen with distributed TLC 2.18: a worker's error (an invariant violation, or any state without
            // successors even under CHECK_DEADLOCK FALSE) arrives as a bare, truncated trace and exit code 0.
            return new Outcome.TlcFailure("TLC printed an error trace without saying which check failed "
                    + "(distributed TLC 2.18 does this for invariant violations and for states without successors, "
                    + "ignoring CHECK_DEADLOCK FALSE)");
        }
        // Simulation prints no success message: there, a clean exit after TLC's "Finished" is the verdict.
        if (success || exitCode == 0 && finished) {
            return new Outcome.Ok();
        }
        return new Outcome.TlcFailure("TLC exited with code " + exitCode + lastWords());
    }

    /** States, distinct states and depth as reported, with the measured wall time. */
    public RunStats stats(Duration wallTime) {
        return new RunStats(generated, distinct, depth, wallTime);
    }

    /** States, distinct states and depth as reported, with the measured wall and CPU time. */
    public RunStats stats(Duration wallTime, Optional<Duration> cpuTime) {
        return new RunStats(generated, distinct, depth, wallTime, cpuTime);
    }

    /** The figures of TLC's last progress report, for a live display. */
    public synchronized Progress progress(String modelId, Duration elapsed) {
        return new Progress(modelId, generated, distinct, statesPerMinute, elapsed);
    }

    /** The trace TLC printed, if it printed one. */
    public Optional<Counterexample> counterexample() {
        if (states.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Counterexample(states, loopsBackTo, loopAction, stutters));
    }

    private void decide(ToolMessage message) {
        if (outcome != null) {
            return;
        }
        if (message.code() == BEHAVIOR_UP_TO_THIS_POINT || message.code() == COUNTER_EXAMPLE) {
            unexplainedBehavior = true;
            return;
        }
        String text = message.fullText();
        switch (message.code()) {
            case INVARIANT_VIOLATED_INITIAL, INVARIANT_VIOLATED_BEHAVIOR ->
                    outcome = new Outcome.InvariantViolated(find(NAMED, text, "?"));
            case PROPERTY_VIOLATED_INITIAL, ACTION_PROPERTY_VIOLATED_BEHAVIOR ->
                    outcome = new Outcome.PropertyViolated(NAMED.matcher(text).find()
                            ? find(NAMED, text, "?") : temporalPropertyName());
            case TEMPORAL_PROPERTY_VIOLATED -> outcome = new Outcome.PropertyViolated(temporalPropertyName());
            case DEADLOCK_REACHED -> outcome = new Outcome.Deadlock();
            case ASSUMPTION_FALSE -> outcome = new Outcome.AssumptionFailed(
                    text.replaceFirst("^Assumption ", "").replaceFirst(" is false\\.?$", ""));
            case PARSING_FAILED, PARSING_FAILED2 -> outcome = SanyErrors.find(plain, module)
                    .orElse(new Outcome.ParseError(module.toString(), 0, 0, "SANY failed" + lastWords()));
            default -> decideFailure(message, text);
        }
    }

    private void decideFailure(ToolMessage message, String text) {
        Optional<ToolMessage> cfgError = configError(message);
        if (cfgError.isPresent()) {
            outcome = configParseError(cfgError.get());
        } else if (message.severity() == SEVERITY_ERROR || message.code() == GENERAL
                || message.code() == ASSUMPTION_EVALUATION_ERROR || message.code() == NO_STATES_SATISFYING_INIT
                || message.code() == INVARIANT_EVALUATION_FAILED) {
            outcome = new Outcome.TlcFailure(oneParagraph(text));
        }
    }

    private static Optional<ToolMessage> configError(ToolMessage message) {
        if (CONFIG_ERRORS.contains(message.code())) {
            return Optional.of(message);
        }
        return message.nested().stream().filter(n -> CONFIG_ERRORS.contains(n.code())).findFirst();
    }

    private Outcome configParseError(ToolMessage error) {
        String text = error.body();
        Matcher line = CFG_LINE.matcher(text);
        if (line.find()) {
            String rest = text.substring(line.end()).strip();
            return new Outcome.ParseError(cfg.toString(), Integer.parseInt(line.group(1)), 0,
                    oneParagraph(rest.isEmpty() ? text : rest));
        }
        Matcher named = CFG_NAME.matcher(text);
        if (named.find()) {
            Optional<int[]> at = ConfigFile.read(cfg).positionOf(named.group(1));
            if (at.isPresent()) {
                return new Outcome.ParseError(cfg.toString(), at.get()[0], at.get()[1], oneParagraph(text));
            }
        }
        return new Outcome.ParseError(cfg.toString(), 0, 0, oneParagraph(text));
    }

    /** TLC 2.18 prints "Temporal properties were violated" without a name; the cfg knows when there is one. */
    private String temporalPropertyName() {
        List<String> properties = ConfigFile.read(cfg).properties();
        if (properties.size() > 1) {
            unattributed = properties;
        }
        return properties.size() == 1 ? properties.get(0) : "one of " + properties;
    }

    /**
     * The cfg's properties when TLC reported a temporal violation without saying which of several failed; empty
     * otherwise. {@link TlcRunner} then checks each alone to name it.
     */
    public List<String> unattributedProperties() {
        return unattributed;
    }

    private void readStats(String body) {
        Matcher m = STATS_LINE.matcher(body);
        if (m.find()) {
            generated = number(m.group(1));
            long found = number(m.group(2));
            distinct = found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
        }
        find(RATE, body).ifPresent(rate -> statesPerMinute = rate);
    }

    private String lastWords() {
        List<String> tail = plain.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return tail.isEmpty() ? "" : ": " + tail.get(tail.size() - 1);
    }

    static String oneParagraph(String text) {
        return text.strip().replaceAll("\\s*\n\\s*", " ");
    }

    private static OptionalLong optional(Optional<Long> value) {
        return value.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static Optional<Long> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(number(m.group(1))) : Optional.empty();
    }

    private static String find(Pattern pattern, String text, String otherwise) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}

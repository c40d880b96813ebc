package community.arrakis.gatewayproxy.simulator.load;

import java.time.Duration;
import java.util.List;

/** Stages run one after another, each emitting {@code ratePerSecond} interactions for {@code duration}. */
public record LoadProfile(List<Stage> stages) {
    public LoadProfile {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a load profile needs at least one stage");
        }
    }

    public record Stage(int ratePerSecond, Duration duration) {
        public Stage {
            if (ratePerSecond <= 0) {
                throw new IllegalArgumentException("stage rate must be positive, was " + ratePerSecond);
            }
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("stage duration must be positive, was " + duration);
            }
        }
    }

    public static LoadProfile constant(int ratePerSecond, Duration duration) {
        return new LoadProfile(List.of(new Stage(ratePerSecond, duration)));
    }

    public Duration totalDuration() {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }
}

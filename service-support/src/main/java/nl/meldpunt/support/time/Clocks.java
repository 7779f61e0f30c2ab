package nl.meldpunt.support.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The one clock of a service: its domain times (reported, triaged, due, ...) and the event log's
 * {@code occurred_at}, which is the CloudEvents {@code ce_time}, read it. So an event never says
 * it happened at another time than the state change it records. A test replaces it by declaring
 * its own {@code Clock} bean, which wins over this default.
 */
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock systemClock() {
        return Clock.systemUTC();
    }
}

package nl.meldpunt.incident;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import nl.meldpunt.localstack.MeldpuntStackResource;

/** Every test of incident-service runs against the real Kafka and PostgreSQL of local-stack. */
@QuarkusTestResource(value = MeldpuntStackResource.class,
        initArgs = @ResourceArg(name = "database", value = "incident"))
public final class IncidentStack {

    private IncidentStack() {
    }
}

package nl.meldpunt.investigation;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import nl.meldpunt.localstack.MeldpuntStackResource;

/** Every test of investigation-service runs against the real Kafka and PostgreSQL of local-stack. */
@QuarkusTestResource(value = MeldpuntStackResource.class,
        initArgs = @ResourceArg(name = "database", value = "investigation"))
public final class InvestigationStack {

    private InvestigationStack() {
    }
}

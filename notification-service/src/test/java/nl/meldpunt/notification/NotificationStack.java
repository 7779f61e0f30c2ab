package nl.meldpunt.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import nl.meldpunt.localstack.MeldpuntStackResource;

/** Every test of notification-service runs against the real Kafka and PostgreSQL of local-stack. */
@QuarkusTestResource(value = MeldpuntStackResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
public final class NotificationStack {

    private NotificationStack() {
    }
}

package dev.tenantry.testing.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.core.spi.context.Context;
import org.junit.jupiter.api.Test;

class PayaraServletFixTest {

    @Test
    void aTestServletTheConnectorMissedIsAddedAtTheDeploymentsContextRoot() {
        HTTPContext missed = new HTTPContext("localhost", 8080);
        missed.add(new Servlet("default", "/shop"));
        ProtocolMetaData metaData = new ProtocolMetaData().addContext(missed);

        PayaraServletFix.withTestServlet(metaData, "shop.war");

        Servlet servlet = missed.getServletByName(PayaraServletFix.TEST_SERVLET);
        assertThat(servlet).isNotNull();
        assertThat(servlet.getContextRoot()).isEqualTo("/shop");
        assertThat(servlet.getBaseURI().toString()).isEqualTo("http://localhost:8080/shop/");
    }

    @Test
    void aTestServletTheConnectorFoundIsLeftAsItIs() {
        HTTPContext found = new HTTPContext("localhost", 8080);
        found.add(new Servlet(PayaraServletFix.TEST_SERVLET, "/elsewhere"));

        PayaraServletFix.withTestServlet(new ProtocolMetaData().addContext(found), "shop.war");

        assertThat(found.getServlets()).hasSize(1);
        assertThat(found.getServletByName(PayaraServletFix.TEST_SERVLET).getContextRoot()).isEqualTo("/elsewhere");
    }

    @Test
    void itReplacesPayarasConnectorWhenThatIsOnTheClassPath() {
        List<String> overrides = new ArrayList<>();
        new PayaraServletFix().register(new LoadableExtension.ExtensionBuilder() {
            @Override
            public <T> LoadableExtension.ExtensionBuilder service(Class<T> service, Class<? extends T> impl) {
                return this;
            }

            @Override
            public <T> LoadableExtension.ExtensionBuilder override(Class<T> service, Class<? extends T> old,
                                                                  Class<? extends T> replacement) {
                overrides.add(service.getSimpleName() + ": " + old.getSimpleName() + " -> " + replacement.getName());
                return this;
            }

            @Override
            public LoadableExtension.ExtensionBuilder observer(Class<?> handler) {
                return this;
            }

            @Override
            public LoadableExtension.ExtensionBuilder context(Class<? extends Context> context) {
                return this;
            }
        });
        assertThat(overrides).containsExactly(DeployableContainer.class.getSimpleName() + ": "
                + PayaraMicroDeployableContainer.class.getSimpleName() + " -> " + PayaraServletFix.Connector.class.getName());
    }
}

package annals.neo4j;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.neo4j.bolt.BoltServer;
import org.neo4j.bolt.protocol.common.connector.Connector;
import org.neo4j.bolt.protocol.common.connector.connection.Connection;
import org.neo4j.bolt.protocol.common.connector.connection.listener.ConnectionListener;
import org.neo4j.bolt.protocol.common.connector.listener.ConnectorListener;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j 5 Bolt answers an HTTP GET on its port with a WebSocket upgrade, whatever the Origin, and
 * 5.26 has no setting to turn that off: any web page the local user opens could then talk to the
 * database. This handler sits first in every Bolt connection's pipeline and lets a connection
 * through only when its first four bytes are the Bolt preamble (TLS is off on loopback); anything
 * else, an HTTP request included, is closed before Neo4j's transport selection sees it. It can only
 * be installed once the DBMS is built, so a connection in the first instant is not covered; it
 * still meets auth, and the launcher announces readiness only after this is in place.
 */
final class BoltOnly extends ByteToMessageDecoder {
  private static final int BOLT_PREAMBLE = 0x6060B017;

  /** Puts the handler in front of every connection the Bolt connectors accept from now on. */
  static void install(DatabaseManagementService dbms) {
    GraphDatabaseService system = dbms.database("system");
    BoltServer bolt = ((GraphDatabaseAPI) system).getDependencyResolver().resolveDependency(BoltServer.class);
    ConnectorListener listener = new ConnectorListener() {
      @Override
      public void onConnectionCreated(Connection connection) {
        connection.registerListener(new ConnectionListener() {
          @Override
          public void onNetworkPipelineInitialized(ChannelPipeline pipeline) {
            pipeline.addFirst("annals-bolt-only", new BoltOnly());
          }
        });
      }
    };
    for (Connector<?> connector : bolt.getConnectors()) {
      connector.registerListener(listener);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    if (in.getInt(in.readerIndex()) == BOLT_PREAMBLE) {
      // Removing a ByteToMessageDecoder hands the bytes read so far on to the next handler.
      ctx.pipeline().remove(this);
    } else {
      in.skipBytes(in.readableBytes());
      ctx.close();
    }
  }
}

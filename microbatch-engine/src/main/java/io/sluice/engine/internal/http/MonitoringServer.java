package io.sluice.engine.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The monitoring HTTP server (Netty): {@code GET /metrics} (Prometheus text format),
 * {@code GET /health} (200 while every query is healthy, 503 with a JSON reason otherwise),
 * {@code GET /api/queries} (status and recent progress as JSON). Unknown paths get 404, other
 * methods 405, malformed requests 400.
 */
public final class MonitoringServer implements AutoCloseable {
  /** What the endpoints serve. */
  public interface Content {
    /** @return Prometheus text exposition */
    String metrics();

    /** @return null when healthy, else the JSON reason */
    String unhealthyReason();

    /** @return the JSON of {@code /api/queries} */
    String queriesJson();
  }

  private final EventLoopGroup boss = new NioEventLoopGroup(1, daemon("sluice-http-boss"));
  private final EventLoopGroup workers = new NioEventLoopGroup(1, daemon("sluice-http"));
  private final Channel channel;

  /**
   * Binds and starts serving.
   *
   * @param host the address to bind
   * @param port the port, 0 for any free one
   * @param content what to serve
   * @throws IllegalStateException if the port cannot be bound
   */
  public MonitoringServer(String host, int port, Content content) {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(8192, 16384, 16384));
            ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
            ch.pipeline().addLast(new Handler(content));
          }
        });
    try {
      channel = b.bind(host, port).sync().channel();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("Cannot start the monitoring HTTP server on " + host + ":" + port
          + ": " + e.getMessage() + ". Set sluice.http.port to a free port, or -1 to disable it.", e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** @return the bound port */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly();
    }
    boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Content content;

    Handler(Content content) {
      this.content = content;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (!req.decoderResult().isSuccess()) {
        send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain", "Bad request\n", false);
        return;
      }
      String path = new QueryStringDecoder(req.uri()).path();
      boolean known = path.equals("/metrics") || path.equals("/health") || path.equals("/api/queries");
      if (!known) {
        send(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain",
            "Not found: " + path + ". Try /metrics, /health or /api/queries\n", true);
        return;
      }
      if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        FullHttpResponse r = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain",
            "Only GET is allowed on " + path + "\n");
        r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        write(ctx, req, r, true);
        return;
      }
      try {
        switch (path) {
          case "/metrics":
            send(ctx, req, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", content.metrics(), true);
            break;
          case "/health": {
            String reason = content.unhealthyReason();
            if (reason == null) {
              send(ctx, req, HttpResponseStatus.OK, "application/json", "{\"status\":\"UP\"}\n", true);
            } else {
              send(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json", reason + "\n", true);
            }
            break;
          }
          default:
            send(ctx, req, HttpResponseStatus.OK, "application/json", content.queriesJson() + "\n", true);
        }
      } catch (RuntimeException e) {
        send(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", "Error: " + e + "\n", true);
      }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
      FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
      return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
        String type, String body, boolean keepAliveAllowed) {
      write(ctx, req, response(status, type, body), keepAliveAllowed);
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r,
        boolean keepAliveAllowed) {
      if (req.method().equals(HttpMethod.HEAD)) {
        r.content().clear();
      }
      boolean keepAlive = keepAliveAllowed && HttpUtil.isKeepAlive(req);
      if (keepAlive) {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(r);
      } else {
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}

import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { boundedForLog } from '../platform/log-strings.js';

/** What graphql-ws hands the gateway's hooks about each connection. */
export interface WsExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

/**
 * graphql-ws's protocol over a `ws` server: graphql-ws's own `makeServer`, wired to the sockets as its
 * `use/ws` adapter does (subprotocol choice, keep-alive pings, messages in, close), except for errors.
 * `use/ws` writes every socket error to the console with its stack, so a client sending oversized frames
 * (closed with 1009 by `ws`) would write to stderr without bound; here each goes to the log once, at
 * debug, with a bounded message, and the socket is closed.
 */
export function serveGraphqlWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, WsExtra>,
  wsServer: WebSocketServer,
  settings: { keepAliveMs: number; logger: Logger },
): { dispose: () => Promise<void> } {
  const { keepAliveMs, logger } = settings;
  const server = makeServer<P, WsExtra>(options);
  wsServer.options.handleProtocols = handleProtocols;
  wsServer.on('connection', (socket, request) => {
    socket.once('error', (error) => {
      logger.debug({ wsError: boundedForLog(error.message) }, 'WebSocket closed after a protocol error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    // A client that stops answering pings is gone: end its socket (and its subscriptions).
    let pongWait: NodeJS.Timeout | undefined;
    const pinger = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, keepAliveMs);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              logger.error({ err: error }, 'unexpected error while handling a WebSocket message');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pinger);
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) => wsServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

'use strict';
// The Tiketi conformance fixture on real socket.io 4.8: the reference that tests/compat is
// validated against and the Node.js peer that loadtests/ compares Tiketi with. Keep it
// behaviourally identical to tests/Tiketi.Conformance (see loadtests/README.md).
//
// Environment:
//   PORT                    listen port (default 3100); HOST (default 127.0.0.1)
//   TIKETI_PING_INTERVAL    Engine.IO pingInterval ms (default 25000; compat tests use 300)
//   TIKETI_PING_TIMEOUT     Engine.IO pingTimeout ms (default 20000; compat tests use 200)
//   REDIS_URL               when set, use @socket.io/redis-adapter on that server
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3100);
const host = process.env.HOST || '127.0.0.1';
const pingInterval = Number(process.env.TIKETI_PING_INTERVAL || 25000);
const pingTimeout = Number(process.env.TIKETI_PING_TIMEOUT || 20000);

const httpServer = http.createServer((req, res) => {
  res.writeHead(404).end();
});
// Benchmarks open tens of thousands of sockets; the default backlog (511) drops SYNs in bursts.
httpServer.maxConnections = Infinity;

const io = new Server(httpServer, {
  path: '/socket.io/',
  pingInterval,
  pingTimeout,
  maxHttpBufferSize: 1e6,
  transports: ['polling', 'websocket'],
  serveClient: false,
  cors: { origin: true, credentials: true },
});

// A string `reject` in the CONNECT auth payload refuses the connection with that message.
function rejectMiddleware(socket, next) {
  const reject = socket.handshake.auth && socket.handshake.auth.reject;
  if (typeof reject === 'string') {
    next(new Error(reject));
    return;
  }
  next();
}

function lastIsFunction(args) {
  return args.length > 0 && typeof args[args.length - 1] === 'function';
}

function registerFixtureEvents(socket) {
  socket.on('message', (...args) => {
    socket.emit('message-back', ...args);
  });

  socket.on('message-with-ack', (...args) => {
    if (!lastIsFunction(args)) return;
    const ack = args.pop();
    ack(...args);
  });

  socket.on('join', (room, ack) => {
    socket.join(String(room));
    if (typeof ack === 'function') ack(true);
  });

  socket.on('leave', (room, ack) => {
    socket.leave(String(room));
    if (typeof ack === 'function') ack(true);
  });

  socket.on('broadcast', (room, eventName, ...args) => {
    if (typeof eventName !== 'string') return;
    socket.nsp.to(String(room)).emit(eventName, ...args);
  });

  socket.on('request-ack', (eventName, ...args) => {
    if (typeof eventName !== 'string' || !lastIsFunction(args)) return;
    const ack = args.pop();
    socket.timeout(5000).emit(eventName, ...args, (err, ...resp) => {
      ack(err ? { error: 'timeout' } : resp);
    });
  });
}

// The extras (reject, join, leave, broadcast, request-ack) live on "/" only, as in the C# host.
io.of('/').use(rejectMiddleware);
io.of('/').on('connection', (socket) => {
  socket.emit('auth', socket.handshake.auth || {});
  registerFixtureEvents(socket);
});
io.of('/custom').on('connection', (socket) => {
  socket.emit('auth', socket.handshake.auth || {});
});

async function attachRedisAdapter(url) {
  const { createClient } = require('redis');
  const { createAdapter } = require('@socket.io/redis-adapter');
  const pub = createClient({ url });
  const sub = pub.duplicate();
  pub.on('error', (err) => console.error('redis pub error:', err.message));
  sub.on('error', (err) => console.error('redis sub error:', err.message));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  return [pub, sub];
}

async function main() {
  let redisClients = []; // kept so the adapter's connections live as long as the server
  if (process.env.REDIS_URL) {
    redisClients = await attachRedisAdapter(process.env.REDIS_URL);
  }
  httpServer.listen({ port, host, backlog: 65535 }, () => {
    console.log(`peer listening on http://${host}:${port} (pingInterval ${pingInterval}, pingTimeout ${pingTimeout}, redis ${redisClients.length ? 'on' : 'off'})`);
  });
  // Exit at once: closing tens of thousands of sockets one by one (io.close()) takes seconds
  // on a busy core, and the kernel closes them anyway.
  const shutdown = () => process.exit(0);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

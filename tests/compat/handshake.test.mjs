// Connecting the way real clients do: direct WebSocket (the React client's options),
// long-polling only, polling upgraded to WebSocket; connect auth; namespaces.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { ClientPool, connected, EVENT_TIMEOUT_MS, existingClientOptions, nextEvent } from './support/client.mjs';
import { serveFixture, targetName } from './support/target.mjs';

describe(`handshake (${targetName})`, { timeout: 120_000 }, () => {
  const server = serveFixture();
  let pool;

  afterEach(() => pool?.closeAll());

  it('accepts the existing client: direct WebSocket with its exact options, auth {token} echoed', async () => {
    pool = new ClientPool(server.target.url);
    const { socket, auth } = await pool.connect('/', { ...existingClientOptions, auth: { token: 'header.payload.signature' } });
    assert.deepEqual(auth, { token: 'header.payload.signature' });
    assert.equal(socket.io.engine.transport.name, 'websocket');
    assert.equal(typeof socket.id, 'string');
    assert.ok(socket.id.length > 0);
  });

  it('works over long-polling only', async () => {
    pool = new ClientPool(server.target.url);
    const { socket, auth } = await pool.connect('/', { transports: ['polling'], auth: { token: 'polling-token' } });
    assert.deepEqual(auth, { token: 'polling-token' });
    assert.equal(socket.io.engine.transport.name, 'polling');
    const back = nextEvent(socket, 'message-back');
    socket.emit('message', 'over polling', { n: 1 });
    assert.deepEqual(await back, ['over polling', { n: 1 }]);
    assert.equal(socket.io.engine.transport.name, 'polling');
  });

  it('upgrades the default polling connection to WebSocket and keeps working', async () => {
    pool = new ClientPool(server.target.url);
    const { socket } = await pool.connect('/');
    const engine = socket.io.engine;
    if (engine.transport.name !== 'websocket') {
      const [transport] = await nextEvent(engine, 'upgrade');
      assert.equal(transport.name, 'websocket');
    }
    assert.equal(engine.transport.name, 'websocket');
    const back = nextEvent(socket, 'message-back');
    socket.emit('message', 'after upgrade');
    assert.deepEqual(await back, ['after upgrade']);
  });

  it('echoes an empty object when the client sends no auth', async () => {
    pool = new ClientPool(server.target.url);
    const { auth } = await pool.connect('/', { transports: ['websocket'] });
    assert.deepEqual(auth, {});
  });

  it('refuses a connection rejected by middleware with the exact message and no retry', async () => {
    pool = new ClientPool(server.target.url);
    const message = 'Invalid authentication token — 토큰 거부';
    const socket = pool.open('/', { ...existingClientOptions, auth: { reject: message } });
    const [err] = await nextEvent(socket, 'connect_error');
    assert.equal(err.message, message);
    assert.equal(socket.connected, false);
    // A middleware refusal (CONNECT_ERROR packet) stops the client; a transport failure would retry.
    assert.equal(socket.active, false);
  });

  it('refuses over long-polling too', async () => {
    pool = new ClientPool(server.target.url);
    const socket = pool.open('/', { transports: ['polling'], auth: { reject: 'Authentication required' } });
    const [err] = await nextEvent(socket, 'connect_error');
    assert.equal(err.message, 'Authentication required');
    assert.equal(socket.active, false);
  });

  it('connects to the /custom namespace with its own auth', async () => {
    pool = new ClientPool(server.target.url);
    const { socket, auth } = await pool.connect('/custom', { transports: ['websocket'], auth: { room: 'x', n: 2 } });
    assert.deepEqual(auth, { room: 'x', n: 2 });
    assert.equal(socket.nsp, '/custom');
  });

  it('multiplexes / and /custom over one Engine.IO connection', async () => {
    pool = new ClientPool(server.target.url);
    const main = pool.open('/', { transports: ['websocket'], auth: { which: 'main' } });
    // Same Manager, second namespace: socket.io-client sends a second CONNECT on the same engine.
    const custom = main.io.socket('/custom', { auth: { which: 'custom' } });
    pool.sockets.push(custom);
    const mainAuth = nextEvent(main, 'auth');
    const customAuth = nextEvent(custom, 'auth');
    await Promise.all([connected(main), connected(custom)]);
    assert.deepEqual(await mainAuth, [{ which: 'main' }]);
    assert.deepEqual(await customAuth, [{ which: 'custom' }]);
    assert.equal(main.io, custom.io);
    assert.notEqual(main.id, custom.id);
  });

  it('refuses an unknown namespace with "Invalid namespace"', async () => {
    pool = new ClientPool(server.target.url);
    const socket = pool.open('/no-such-namespace', { transports: ['websocket'] });
    const [err] = await nextEvent(socket, 'connect_error');
    assert.equal(err.message, 'Invalid namespace');
    assert.equal(socket.active, false);
  });

  it('refuses one namespace connection by middleware without disturbing another on the same Engine.IO connection', async () => {
    pool = new ClientPool(server.target.url);
    const { socket: custom } = await pool.connect('/custom', { transports: ['websocket'] });
    const engineId = custom.io.engine.id;
    const main = custom.io.socket('/', { auth: { reject: 'main says no' } });
    pool.sockets.push(main);
    const refused = nextEvent(main, 'connect_error');
    const [err] = await refused;
    assert.equal(err.message, 'main says no');
    assert.equal(custom.connected, true);

    // The same Socket, now with acceptable auth, connects over the very same Engine.IO session.
    main.auth = { token: 'second try' };
    const authEcho = nextEvent(main, 'auth');
    main.connect();
    await connected(main);
    assert.deepEqual(await authEcho, [{ token: 'second try' }]);
    const back = nextEvent(main, 'message-back');
    main.emit('message', 'still here');
    assert.deepEqual(await back, ['still here']);
    assert.equal(custom.connected, true);
    assert.equal(main.io.engine.id, engineId);
  });

  it('answers an unknown session id with HTTP 400, not a crash', async () => {
    const res = await fetch(`${server.target.url}/socket.io/?EIO=4&transport=polling&sid=does-not-exist`, {
      signal: AbortSignal.timeout(EVENT_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    assert.equal(res.status, 400);
  });

  it('answers an unknown transport with HTTP 400', async () => {
    const res = await fetch(`${server.target.url}/socket.io/?EIO=4&transport=carrier-pigeon`, {
      signal: AbortSignal.timeout(EVENT_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    assert.equal(res.status, 400);
  });

  it('keeps serving new clients after all of the above', async () => {
    const socket = io(server.target.url, { forceNew: true, transports: ['websocket'] });
    pool = new ClientPool(server.target.url);
    pool.sockets.push(socket);
    await connected(socket);
    assert.equal(socket.connected, true);
  });
});

// Failure handling: a restarted server is found again by the unchanged client on its own;
// malformed or oversized input closes only the offending connection.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import WebSocket from 'ws';
import { ClientPool, existingClientOptions, nextEvent, within } from './support/client.mjs';
import { serveFixture, targetName } from './support/target.mjs';

/**
 * A hand-driven Engine.IO/Socket.IO WebSocket client: completes the handshake, answers pings
 * (so a close can only come from what the test sends) and records text messages.
 */
const openRawSockets = new Set();

async function rawClient(target, { answerPings = true } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${target.port}/socket.io/?EIO=4&transport=websocket`);
  openRawSockets.add(ws);
  ws.once('close', () => openRawSockets.delete(ws));
  const messages = [];
  const waiters = [];
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? null : data.toString();
    if (text === '2') {
      if (answerPings) ws.send('3');
      return;
    }
    messages.push(text);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  const opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  /** Resolves with the first recorded message matching `predicate`. */
  const expect = (predicate, what) => within(new Promise((resolve) => {
    const check = () => {
      const hit = messages.find((m) => m !== null && predicate(m));
      if (hit !== undefined) resolve(hit);
      else waiters.push(check);
    };
    check();
  }), what);
  await within(opened, 'raw WebSocket open');
  const open = await expect((m) => m.startsWith('0'), 'Engine.IO open packet');
  assert.ok(JSON.parse(open.slice(1)).sid, 'open packet carries a sid');
  ws.send('40');
  await expect((m) => m.startsWith('40'), 'Socket.IO CONNECT ack');
  return { ws, messages, expect, closed };
}

const malformed = [
  ['an unterminated JSON event', (ws) => ws.send('42["message", "unterminated')],
  ['an unknown Engine.IO packet type', (ws) => ws.send('9hello')],
  ['an unknown Socket.IO packet type', (ws) => ws.send('4Z["message"]')],
  ['an event payload that is not an array', (ws) => ws.send('42{"not":"an array"}')],
  ['a binary frame nobody announced', (ws) => ws.send(Buffer.from([1, 2, 3]))],
  ['a frame above maxPayload (1 MB)', (ws) => ws.send('42["message","' + 'x'.repeat(1_100_000) + '"]')],
];

describe(`resilience (${targetName})`, { timeout: 180_000 }, () => {
  const server = serveFixture();
  let pool;

  afterEach(() => {
    pool?.closeAll();
    for (const ws of openRawSockets) ws.terminate();
  });

  for (const [what, send] of malformed) {
    it(`closes only the connection that sent ${what}`, async () => {
      pool = new ClientPool(server.target.url);
      const { socket: good } = await pool.connect('/', { transports: ['websocket'] });
      const goodDisconnects = [];
      good.on('disconnect', (reason) => goodDisconnects.push(reason));

      const raw = await rawClient(server.target);
      raw.ws.send('42["message","raw works"]');
      await raw.expect((m) => m === '42["message-back","raw works"]', 'raw echo before the bad packet');

      send(raw.ws);
      await within(raw.closed, 'the offending connection to close');

      const back = nextEvent(good, 'message-back');
      good.emit('message', 'still fine');
      assert.deepEqual(await back, ['still fine']);
      assert.deepEqual(goodDisconnects, []);
      assert.equal(good.connected, true);
    });
  }

  it('drops a client that stops answering pings and keeps one that answers', async () => {
    pool = new ClientPool(server.target.url);
    const { socket: good } = await pool.connect('/', { transports: ['websocket'] });
    const silent = await rawClient(server.target, { answerPings: false });
    // The suite runs the server with a short heartbeat (support/target.mjs): this takes a few seconds.
    await within(silent.closed, 'the silent client to be dropped by the server heartbeat', 15_000);
    for (let i = 0; i < 3; i++) await nextEvent(good.io.engine, 'ping');
    assert.equal(good.connected, true);
    const back = nextEvent(good, 'message-back');
    good.emit('message', 'after three heartbeats');
    assert.deepEqual(await back, ['after three heartbeats']);
  });

  for (const [name, transports] of [
    ['websocket', existingClientOptions.transports],
    ['polling', ['polling']],
  ]) {
    it(`reconnects by itself after the server restarts on the same port (${name})`, { timeout: 60_000 }, async () => {
      pool = new ClientPool(server.target.url);
      const { socket, auth } = await pool.connect('/', { ...existingClientOptions, transports, auth: { token: 'before-restart' } });
      assert.deepEqual(auth, { token: 'before-restart' });
      const firstId = socket.id;

      const disconnected = nextEvent(socket, 'disconnect', 10_000);
      await server.target.stop('SIGKILL');
      const [reason] = await disconnected;
      assert.ok(['transport close', 'transport error', 'ping timeout'].includes(reason), `auto-reconnecting reason, got '${reason}'`);
      assert.equal(socket.active, true, 'the client keeps trying');

      const reconnected = nextEvent(socket, 'connect', 30_000);
      const authAgain = nextEvent(socket, 'auth', 30_000);
      await server.target.start();
      await reconnected;
      assert.deepEqual(await authAgain, [{ token: 'before-restart' }]);
      assert.notEqual(socket.id, firstId, 'a new server session');

      const back = nextEvent(socket, 'message-back');
      socket.emit('message', 'after restart');
      assert.deepEqual(await back, ['after restart']);
    });
  }
});

// Events, acknowledgements in both directions and binary payloads, over both transports.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ClientPool, EVENT_TIMEOUT_MS, emitWithAckArgs, nextEvent, within } from './support/client.mjs';
import { serveFixture, targetName } from './support/target.mjs';

const transports = [
  ['websocket', { transports: ['websocket'] }],
  ['polling', { transports: ['polling'] }],
];

describe(`messaging (${targetName})`, { timeout: 120_000 }, () => {
  const server = serveFixture();
  let pool;

  afterEach(() => pool?.closeAll());

  for (const [name, options] of transports) {
    describe(name, () => {
      it('echoes an event with several JSON arguments, unicode included', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const back = nextEvent(socket, 'message-back');
        const args = ['좌석 A-12', 42, { nested: { list: [1, 'two', null, true] } }, [], 'emoji 🎫'];
        socket.emit('message', ...args);
        assert.deepEqual(await back, args);
      });

      it('keeps the order of many events from one client', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const received = [];
        const all = new Promise((resolve) => {
          socket.on('message-back', (n) => {
            received.push(n);
            if (received.length === 200) resolve();
          });
        });
        for (let i = 0; i < 200; i++) socket.emit('message', i);
        await within(all, '200 echoes', 10_000);
        assert.deepEqual(received, Array.from({ length: 200 }, (_, i) => i));
      });

      it('acknowledges a client emit with the same arguments', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const response = await emitWithAckArgs(socket, 'message-with-ack', 1, 'two', { three: [3] });
        assert.deepEqual(response, [1, 'two', { three: [3] }]);
      });

      it('emitWithAck resolves with the first acknowledged argument', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const first = await socket.timeout(EVENT_TIMEOUT_MS).emitWithAck('message-with-ack', { ok: true }, 'ignored');
        assert.deepEqual(first, { ok: true });
      });

      it('delivers a server emit that asks for an ack and returns the client answer to the server', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        socket.on('server-asks', (a, b, callback) => callback('answer', a, b));
        const [response] = await emitWithAckArgs(socket, 'request-ack', 'server-asks', 7, { q: 'why' });
        assert.deepEqual(response, ['answer', 7, { q: 'why' }]);
      });

      it('round-trips binary in an event, nested in objects and arrays', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const back = nextEvent(socket, 'message-back');
        const raw = Buffer.from([0, 1, 2, 127, 128, 254, 255]);
        const nested = { name: 'seat-map', data: Buffer.from('바이너리', 'utf8'), parts: [Buffer.alloc(0), Buffer.from([9])] };
        socket.emit('message', raw, nested);
        const [gotRaw, gotNested] = await back;
        assert.ok(Buffer.isBuffer(gotRaw), 'top-level binary arrives as a Buffer');
        assert.ok(gotRaw.equals(raw));
        assert.equal(gotNested.name, 'seat-map');
        assert.ok(Buffer.from(gotNested.data).equals(nested.data));
        assert.equal(gotNested.parts.length, 2);
        assert.equal(Buffer.from(gotNested.parts[0]).length, 0);
        assert.ok(Buffer.from(gotNested.parts[1]).equals(Buffer.from([9])));
      });

      it('round-trips a 200 kB binary payload', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const big = Buffer.alloc(200_000);
        for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
        const back = nextEvent(socket, 'message-back');
        socket.emit('message', big);
        const [got] = await back;
        assert.ok(Buffer.from(got).equals(big));
      });

      it('acknowledges with binary arguments', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const payload = Buffer.from([222, 173, 190, 239]);
        const response = await emitWithAckArgs(socket, 'message-with-ack', 'bin', payload, { inner: payload });
        assert.equal(response[0], 'bin');
        assert.ok(Buffer.from(response[1]).equals(payload));
        assert.ok(Buffer.from(response[2].inner).equals(payload));
      });

      it('carries binary in a server-requested ack in both directions', async () => {
        pool = new ClientPool(server.target.url);
        const { socket } = await pool.connect('/', options);
        const toClient = Buffer.from([1, 2, 3]);
        const fromClient = Buffer.from([4, 5, 6, 0]);
        socket.on('server-asks-binary', (data, callback) => {
          callback(Buffer.isBuffer(data) && data.equals(toClient) ? fromClient : 'wrong input');
        });
        const [response] = await emitWithAckArgs(socket, 'request-ack', 'server-asks-binary', toClient);
        assert.equal(response.length, 1);
        assert.ok(Buffer.from(response[0]).equals(fromClient));
      });
    });
  }

  it('times out a server ack the client never answers (server-side timeout, not a hang)', { timeout: 20_000 }, async () => {
    pool = new ClientPool(server.target.url);
    const { socket } = await pool.connect('/', { transports: ['websocket'] });
    const asked = nextEvent(socket, 'silent-question');
    const response = new Promise((resolve) => {
      socket.timeout(15_000).emit('request-ack', 'silent-question', 'hello?', (err, answer) => resolve(err ?? answer));
    });
    const [question] = await asked;
    assert.equal(question, 'hello?');
    assert.deepEqual(await response, { error: 'timeout' });
  });
});

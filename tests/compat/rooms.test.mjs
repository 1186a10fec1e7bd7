// Room broadcasts reach exactly the members. Absence is proven by ordering, not by waiting:
// every client also sits in a control room, and a control broadcast sent after the room
// broadcast must be the first thing a non-member sees (per-connection delivery is ordered).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ClientPool, emitWithAckArgs, nextEvent, within } from './support/client.mjs';
import { serveFixture, targetName } from './support/target.mjs';

/** Records every event a socket receives, in order, and awaits a named one. */
function recorder(socket) {
  const seen = [];
  socket.onAny((event, ...args) => {
    if (event !== 'auth') seen.push([event, ...args]);
  });
  return seen;
}

async function join(socket, room) {
  assert.deepEqual(await emitWithAckArgs(socket, 'join', room), [true]);
}

async function leave(socket, room) {
  assert.deepEqual(await emitWithAckArgs(socket, 'leave', room), [true]);
}

describe(`rooms (${targetName})`, { timeout: 120_000 }, () => {
  const server = serveFixture();
  let pool;

  afterEach(() => pool?.closeAll());

  for (const [name, options] of [
    ['websocket', { transports: ['websocket'] }],
    ['polling', { transports: ['polling'] }],
  ]) {
    it(`delivers a room broadcast to members only, sender included (${name})`, async () => {
      pool = new ClientPool(server.target.url);
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => pool.connect('/', options).then((r) => r.socket)));
      const [seenA, seenB, seenC] = [a, b, c].map(recorder);
      await Promise.all([join(a, 'event:42'), join(b, 'event:42')]);
      await Promise.all([a, b, c].map((s) => join(s, 'control')));

      const newsA = nextEvent(a, 'news');
      const newsB = nextEvent(b, 'news');
      a.emit('broadcast', 'event:42', 'news', { seat: 'A-1' }, 2);
      assert.deepEqual(await newsA, [{ seat: 'A-1' }, 2]);
      assert.deepEqual(await newsB, [{ seat: 'A-1' }, 2]);

      const controls = [a, b, c].map((s) => nextEvent(s, 'control-1'));
      a.emit('broadcast', 'control', 'control-1');
      await Promise.all(controls);

      assert.deepEqual(seenC, [['control-1']], 'the non-member saw only the control message');
      assert.deepEqual(seenA, [['news', { seat: 'A-1' }, 2], ['control-1']]);
      assert.deepEqual(seenB, [['news', { seat: 'A-1' }, 2], ['control-1']]);
    });
  }

  it('stops delivering to a socket after it leaves the room', async () => {
    pool = new ClientPool(server.target.url);
    const [a, b] = await Promise.all([1, 2].map(() => pool.connect('/', { transports: ['websocket'] }).then((r) => r.socket)));
    const seenB = recorder(b);
    await Promise.all([join(a, 'seats:7'), join(b, 'seats:7'), join(a, 'control'), join(b, 'control')]);
    await leave(b, 'seats:7');

    const newsA = nextEvent(a, 'seat-released');
    a.emit('broadcast', 'seats:7', 'seat-released', { seatId: 's1', status: 'available' });
    assert.deepEqual(await newsA, [{ seatId: 's1', status: 'available' }]);
    const controlB = nextEvent(b, 'control-2');
    a.emit('broadcast', 'control', 'control-2');
    await controlB;
    assert.deepEqual(seenB, [['control-2']]);
  });

  it('broadcasts from a non-member reach the members but not the sender', async () => {
    pool = new ClientPool(server.target.url);
    const [a, b] = await Promise.all([1, 2].map(() => pool.connect('/', { transports: ['websocket'] }).then((r) => r.socket)));
    const seenA = recorder(a);
    await Promise.all([join(b, 'queue:9'), join(a, 'control'), join(b, 'control')]);
    const got = nextEvent(b, 'queue-updated');
    a.emit('broadcast', 'queue:9', 'queue-updated', { queueSize: 340 });
    assert.deepEqual(await got, [{ queueSize: 340 }]);
    const controlA = nextEvent(a, 'control-3');
    a.emit('broadcast', 'control', 'control-3');
    await controlA;
    assert.deepEqual(seenA, [['control-3']]);
  });

  it('broadcasts binary to members on both transports alike', async () => {
    pool = new ClientPool(server.target.url);
    const ws = (await pool.connect('/', { transports: ['websocket'] })).socket;
    const polling = (await pool.connect('/', { transports: ['polling'] })).socket;
    await Promise.all([join(ws, 'bin'), join(polling, 'bin')]);
    const blob = Buffer.from([0, 255, 10, 13, 34]);
    const gotWs = nextEvent(ws, 'blob');
    const gotPolling = nextEvent(polling, 'blob');
    polling.emit('broadcast', 'bin', 'blob', { data: blob }, 'tail');
    for (const [payload, tail] of [await gotWs, await gotPolling]) {
      assert.ok(Buffer.from(payload.data).equals(blob));
      assert.equal(tail, 'tail');
    }
  });

  it('delivers every broadcast of a burst, in order, to every member', async () => {
    pool = new ClientPool(server.target.url);
    const members = await Promise.all([1, 2, 3, 4].map(() => pool.connect('/', { transports: ['websocket'] }).then((r) => r.socket)));
    await Promise.all(members.map((s) => join(s, 'burst')));
    const received = members.map(() => []);
    const done = members.map((s, i) => new Promise((resolve) => {
      s.on('tick', (n) => {
        received[i].push(n);
        if (n === 99) resolve();
      });
    }));
    for (let n = 0; n < 100; n++) members[0].emit('broadcast', 'burst', 'tick', n);
    await within(Promise.all(done), 'all 100 ticks at every member', 10_000);
    const expected = Array.from({ length: 100 }, (_, n) => n);
    for (const r of received) assert.deepEqual(r, expected);
  });
});

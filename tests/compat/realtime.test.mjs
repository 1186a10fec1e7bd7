// Tiketi's realtime contract (REALTIME.md §2, §6–§8) on one edge process with real PostgreSQL and
// Redis, driven by the official socket.io-client 4.8 with the unchanged client's options, and
// server events triggered through the REST API.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  Edge, Postgres, Redis, TIMESTAMP, connect, connected, createEvent, createUser, emitAck, mintToken, record, waitFor,
} from './support/realtime-cluster.mjs';

let pg;
let redis;
let edge;
const sockets = [];
const track = (s) => { sockets.push(s); return s; };

before(async () => {
  pg = await Postgres.start();
  redis = await Redis.start();
  edge = await Edge.start(pg, redis);
});

after(async () => {
  for (const s of sockets) s.close();
  await edge?.stop();
  await redis?.stop();
  pg?.stop();
});

describe('socket authentication', () => {
  test('a valid token connects', async () => {
    const user = createUser(pg);
    const s = track(await connected(edge.url, user.token));
    assert.equal(s.connected, true);
  });

  test('no token is refused with "Authentication required"', async () => {
    const s = track(connect(edge.url, undefined));
    const err = await waitFor(s, 'connect_error');
    assert.equal(err.message, 'Authentication required');
  });

  test('a forged token is refused with "Invalid authentication token"', async () => {
    const user = createUser(pg);
    const s = track(connect(edge.url, mintToken(user, { secret: 'another-secret-another-secret-another-secret' })));
    const err = await waitFor(s, 'connect_error');
    assert.equal(err.message, 'Invalid authentication token');
  });

  test('a token that is not valid text (lone surrogate) is refused with "Invalid authentication token"', async () => {
    const s = track(connect(edge.url, '\ud800'));
    const err = await waitFor(s, 'connect_error');
    assert.equal(err.message, 'Invalid authentication token');
  });

  test('an expired token is refused with "Invalid authentication token"', async () => {
    const user = createUser(pg);
    const s = track(connect(edge.url, mintToken(user, { lifetimeSeconds: -3600 })));
    const err = await waitFor(s, 'connect_error');
    assert.equal(err.message, 'Invalid authentication token');
  });

  test('a token of a deleted user is refused with a message containing "authentication"', async () => {
    const user = createUser(pg);
    pg.sql(`DELETE FROM users WHERE id = '${user.id}'`);
    const s = track(connect(edge.url, user.token));
    const err = await waitFor(s, 'connect_error');
    assert.match(err.message, /authentication/);
  });

  test('a token that expires on a live socket closes the transport; the reconnect is refused', async () => {
    const user = createUser(pg);
    // exp 28 s ago: still inside the verifier's 30 s clock skew, so it expires ~2 s from now.
    const s = track(connect(edge.url, mintToken(user, { lifetimeSeconds: -28 })));
    await waitFor(s, 'connect');
    const reason = await waitFor(s, 'disconnect', () => true, 15_000);
    assert.equal(reason, 'transport close'); // never "io server disconnect" (41), so the client retries
    const err = await waitFor(s, 'connect_error', () => true, 15_000);
    assert.equal(err.message, 'Invalid authentication token');
  });
});

describe('client events', () => {
  test('join-event sent right after the CONNECT ack answers room-info with the event id as sent', async () => {
    const user = createUser(pg);
    const { eventId } = createEvent(pg);
    const s = track(connect(edge.url, user.token));
    s.on('connect', () => s.emit('join-event', { eventId })); // exactly what useSocket does
    const info = await waitFor(s, 'room-info');
    assert.deepEqual(info, { eventId, userCount: 1 });
  });

  test('room-info counts every member and is sent to the whole room on join and leave', async () => {
    const { eventId } = createEvent(pg);
    const a = track(await connected(edge.url, createUser(pg).token));
    const b = track(await connected(edge.url, createUser(pg).token));
    assert.deepEqual(await emitAck(a, 'join-event', { eventId }), { ok: true });
    const seenByA = waitFor(a, 'room-info', (p) => p.userCount === 2);
    b.emit('join-event', { eventId });
    assert.deepEqual(await seenByA, { eventId, userCount: 2 });
    const afterLeave = waitFor(a, 'room-info', (p) => p.userCount === 1);
    assert.deepEqual(await emitAck(b, 'leave-event', { eventId }), { ok: true });
    assert.deepEqual(await afterLeave, { eventId, userCount: 1 });
  });

  for (const [name, payload, error] of [
    ['a string payload', 'not-an-object', 'payload must be an object'],
    ['a null payload', null, 'payload must be an object'],
    ['an array payload', [1, 2], 'payload must be an object'],
    ['a missing eventId', {}, 'eventId is required'],
    ['a numeric eventId', { eventId: 42 }, 'eventId is required'],
    ['a malformed eventId', { eventId: 'event-1' }, 'eventId must be a UUID'],
    ['an eventId that is not valid text (lone surrogate)', { eventId: '\ud800' }, 'eventId must be a UUID'],
    ['an unknown event', { eventId: '00000000-0000-4000-8000-000000000000' }, 'unknown event'],
  ]) {
    test(`join-event with ${name} is refused in the ack and changes nothing`, async () => {
      const s = track(await connected(edge.url, createUser(pg).token));
      const infos = record(s, 'room-info');
      assert.deepEqual(await emitAck(s, 'join-event', payload), { ok: false, error });
      for (const eventName of ['join-queue', 'join-seat-selection', 'leave-event']) {
        const ack = await emitAck(s, eventName, payload);
        assert.equal(ack.ok, false, `${eventName} accepted ${JSON.stringify(payload)}`);
      }
      // The connection is intact and still works.
      const { eventId } = createEvent(pg);
      assert.deepEqual(await emitAck(s, 'join-event', { eventId }), { ok: true });
      assert.deepEqual(infos, [{ eventId, userCount: 1 }]);
    });
  }

  test('a join while the event lookup fails goes through (the page never joins again), a few per socket', async () => {
    const user = createUser(pg);
    const buyer = createUser(pg);
    const { eventId, seats } = createEvent(pg);
    const s = track(await connected(edge.url, user.token));
    pg.sql('ALTER TABLE events RENAME TO events_away'); // every event lookup fails until renamed back
    let acks;
    try {
      acks = [
        await emitAck(s, 'join-seat-selection', { eventId }),
        await emitAck(s, 'join-event', { eventId: randomUUID() }),
        await emitAck(s, 'join-event', { eventId: randomUUID() }),
      ];
    } finally {
      pg.sql('ALTER TABLE events_away RENAME TO events');
    }

    assert.deepEqual(acks, [{ ok: true }, { ok: true }, { ok: false, error: 'event lookup unavailable' }]);
    const held = waitFor(s, 'seat-selected', (p) => p.seatId === seats[0]);
    assert.equal((await edge.request('POST', '/api/seats/reserve', buyer.token, { eventId, seatIds: [seats[0]] })).status, 201);
    assert.equal((await held).status, 'locked');
  });

  test('bad payloads without an ack, missing payloads and unknown events are ignored without closing', async () => {
    const s = track(await connected(edge.url, createUser(pg).token));
    const disconnects = record(s, 'disconnect');
    s.emit('join-event');
    s.emit('join-event', null);
    s.emit('join-queue', 'x');
    s.emit('seat-selection-changed', { eventId: randomUUID(), seats: 'nope' });
    s.emit('no-such-event', { eventId: randomUUID() });
    const { eventId } = createEvent(pg);
    assert.deepEqual(await emitAck(s, 'join-event', { eventId }), { ok: true });
    assert.deepEqual(disconnects, []);
  });

  test('a socket that floods client events is refused past its budget, and its room hears a bounded share', async () => {
    const { eventId } = createEvent(pg);
    const watcher = track(await connected(edge.url, createUser(pg).token));
    assert.deepEqual(await emitAck(watcher, 'join-event', { eventId }), { ok: true });
    const infos = record(watcher, 'room-info');
    const flooder = track(await connected(edge.url, createUser(pg).token));

    // 60 join/leave events sent at once: a budget of 20 plus 10/s could only all pass if handling them took > 4 s.
    const acks = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      emitAck(flooder, i % 2 === 0 ? 'join-event' : 'leave-event', { eventId })));

    const refused = acks.filter((a) => !a.ok);
    assert.ok(refused.length > 0, 'no event was refused');
    assert.ok(refused.every((a) => a.error === 'too many events'), JSON.stringify(refused[0]));
    // The watcher still works, and heard at most one room-info per accepted event.
    assert.deepEqual(await emitAck(watcher, 'leave-event', { eventId }), { ok: true });
    assert.ok(infos.length <= 60 - refused.length, `${infos.length} room-info for ${60 - refused.length} accepted events`);
  });

  test('seat-selection-changed validates its seats', async () => {
    const s = track(await connected(edge.url, createUser(pg).token));
    const { eventId, seats } = createEvent(pg);
    assert.deepEqual(await emitAck(s, 'seat-selection-changed', { eventId, seats: 'x' }), { ok: false, error: 'seats must be an array' });
    assert.deepEqual(await emitAck(s, 'seat-selection-changed', { eventId, seats: ['x'] }), { ok: false, error: 'seats must be UUIDs' });
    assert.deepEqual(await emitAck(s, 'seat-selection-changed', { eventId, seats: Array(21).fill(seats[0]) }), { ok: false, error: 'too many seats' });
    assert.deepEqual(await emitAck(s, 'seat-selection-changed', { eventId, seats: [seats[0]] }), { ok: true });
  });
});

describe('server events from REST changes', () => {
  async function seatWatcher(eventId) {
    const s = track(connect(edge.url, createUser(pg).token));
    s.on('connect', () => s.emit('join-seat-selection', { eventId }));
    await waitFor(s, 'connect');
    assert.deepEqual(await emitAck(s, 'join-seat-selection', { eventId }), { ok: true });
    return s;
  }

  test('a hold sends seat-selected and seat-locked (locked, no userId); payment sends seat-selected reserved', async () => {
    const { eventId, seats } = createEvent(pg);
    const watcher = await seatWatcher(eventId);
    const buyer = createUser(pg);
    const selected = waitFor(watcher, 'seat-selected', (p) => p.seatId === seats[0] && p.status === 'locked');
    const locked = waitFor(watcher, 'seat-locked', (p) => p.seatId === seats[0]);
    const hold = await edge.request('POST', '/api/seats/reserve', buyer.token, { eventId, seatIds: [seats[0]] });
    assert.equal(hold.status, 201, JSON.stringify(hold.body));
    for (const payload of [await selected, await locked]) {
      assert.deepEqual(Object.keys(payload).sort(), ['seatId', 'status', 'timestamp']);
      assert.equal(payload.status, 'locked');
      assert.match(payload.timestamp, TIMESTAMP);
    }

    const reserved = waitFor(watcher, 'seat-selected', (p) => p.seatId === seats[0] && p.status === 'reserved');
    const paid = await edge.request('POST', '/api/payments/process', buyer.token, { reservationId: hold.body.reservation.id, paymentMethod: 'naver_pay' });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    const payload = await reserved;
    assert.deepEqual(Object.keys(payload).sort(), ['seatId', 'status', 'timestamp']);
    assert.match(payload.timestamp, TIMESTAMP);
  });

  test('a user cancel sends seat-released available', async () => {
    const { eventId, seats } = createEvent(pg);
    const watcher = await seatWatcher(eventId);
    const buyer = createUser(pg);
    const hold = await edge.request('POST', '/api/seats/reserve', buyer.token, { eventId, seatIds: [seats[1]] });
    assert.equal(hold.status, 201);
    const released = waitFor(watcher, 'seat-released', (p) => p.seatId === seats[1]);
    const cancel = await edge.request('POST', `/api/reservations/${hold.body.reservation.id}/cancel`, buyer.token, {});
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    const payload = await released;
    assert.deepEqual(Object.keys(payload).sort(), ['seatId', 'status', 'timestamp']);
    assert.equal(payload.status, 'available');
    assert.match(payload.timestamp, TIMESTAMP);
  });

  test('an expired hold sends seat-released available', async () => {
    const { eventId, seats } = createEvent(pg);
    const watcher = await seatWatcher(eventId);
    const buyer = createUser(pg);
    const released = waitFor(watcher, 'seat-released', (p) => p.seatId === seats[2], 20_000);
    const hold = await edge.request('POST', '/api/seats/reserve', buyer.token, { eventId, seatIds: [seats[2]] });
    assert.equal(hold.status, 201);
    assert.equal((await released).status, 'available'); // the edges run with a 3 s hold time
  });

  test('a quantity purchase and its cancellation send ticket-updated to the event room', async () => {
    const { eventId, ticketTypeId } = createEvent(pg, { quantity: 100 });
    const viewer = track(connect(edge.url, createUser(pg).token));
    viewer.on('connect', () => viewer.emit('join-event', { eventId }));
    await waitFor(viewer, 'room-info');
    const buyer = createUser(pg);
    const bought = waitFor(viewer, 'ticket-updated', (p) => p.availableQuantity === 97);
    const purchase = await edge.request('POST', '/api/reservations', buyer.token, { eventId, items: [{ ticketTypeId, quantity: 3 }] });
    assert.equal(purchase.status, 201, JSON.stringify(purchase.body));
    const payload = await bought;
    assert.deepEqual(Object.keys(payload).sort(), ['availableQuantity', 'ticketTypeId', 'timestamp', 'totalQuantity']);
    assert.equal(payload.ticketTypeId, ticketTypeId);
    assert.equal(payload.totalQuantity, 100);
    assert.match(payload.timestamp, TIMESTAMP);

    const restored = waitFor(viewer, 'ticket-updated', (p) => p.availableQuantity === 100);
    const cancel = await edge.request('POST', `/api/reservations/${purchase.body.reservation.id}/cancel`, buyer.token, {});
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    assert.equal((await restored).ticketTypeId, ticketTypeId);
  });

  test('seat events reach only the seat room of that event', async () => {
    const first = createEvent(pg);
    const second = createEvent(pg);
    const watcher = await seatWatcher(second.eventId);
    const viewerOfFirst = track(connect(edge.url, createUser(pg).token));
    viewerOfFirst.on('connect', () => viewerOfFirst.emit('join-event', { eventId: first.eventId }));
    await waitFor(viewerOfFirst, 'room-info');
    const stray = record(viewerOfFirst, 'seat-selected');
    const strayOnWatcher = record(watcher, 'seat-selected');
    const buyer = createUser(pg);
    const own = waitFor(watcher, 'seat-selected', (p) => p.seatId === second.seats[0]);
    assert.equal((await edge.request('POST', '/api/seats/reserve', buyer.token, { eventId: first.eventId, seatIds: [first.seats[0]] })).status, 201);
    assert.equal((await edge.request('POST', '/api/seats/reserve', buyer.token, { eventId: second.eventId, seatIds: [second.seats[0]] })).status, 201);
    await own; // published after the first hold's events, so those would have arrived by now
    assert.deepEqual(stray, []);
    assert.deepEqual(strayOnWatcher.map((p) => p.seatId), [second.seats[0]]);
  });
});

describe('session restore', () => {
  test('a reconnect receives session-restored and is back in the rooms without joining', async () => {
    const user = createUser(pg);
    const { eventId, seats } = createEvent(pg);
    const first = track(await connected(edge.url, user.token));
    assert.deepEqual(await emitAck(first, 'join-event', { eventId }), { ok: true });
    assert.deepEqual(await emitAck(first, 'join-seat-selection', { eventId }), { ok: true });
    assert.deepEqual(await emitAck(first, 'seat-selection-changed', { eventId, seats: [seats[3]] }), { ok: true });
    first.close();

    const second = track(connect(edge.url, user.token));
    const restored = await waitFor(second, 'session-restored');
    assert.deepEqual(restored, { eventId, seatEventId: eventId, selectedSeats: [seats[3]] });
    const held = waitFor(second, 'seat-selected', (p) => p.seatId === seats[3]);
    const buyer = createUser(pg);
    assert.equal((await edge.request('POST', '/api/seats/reserve', buyer.token, { eventId, seatIds: [seats[3]] })).status, 201);
    assert.equal((await held).status, 'locked');
  });

  test('a session is scoped to one event: joining another event replaces it', async () => {
    const user = createUser(pg);
    const a = createEvent(pg);
    const b = createEvent(pg);
    const first = track(await connected(edge.url, user.token));
    assert.deepEqual(await emitAck(first, 'join-event', { eventId: a.eventId }), { ok: true });
    assert.deepEqual(await emitAck(first, 'join-queue', { eventId: b.eventId }), { ok: true });
    first.close();
    const second = track(connect(edge.url, user.token));
    assert.deepEqual(await waitFor(second, 'session-restored'), { queueEventId: b.eventId });
  });

  test('leave-event removes the event from the session', async () => {
    const user = createUser(pg);
    const { eventId } = createEvent(pg);
    const first = track(await connected(edge.url, user.token));
    assert.deepEqual(await emitAck(first, 'join-seat-selection', { eventId }), { ok: true });
    assert.deepEqual(await emitAck(first, 'join-event', { eventId }), { ok: true });
    assert.deepEqual(await emitAck(first, 'leave-event', { eventId }), { ok: true });
    first.close();
    const second = track(connect(edge.url, user.token));
    assert.deepEqual(await waitFor(second, 'session-restored'), { seatEventId: eventId });
  });

  test('a page\'s own join replaces the restored rooms: another tab\'s event never reaches it', async () => {
    // Two tabs of one user wait in two queues (REALTIME.md §8: restoring queue:A into B's modal would show A's
    // queue-cleared alert there). Tab A's socket made the session; tab B's new socket is restored into A's rooms,
    // then joins B's queue itself.
    const user = createUser(pg);
    const admin = createUser(pg, 'admin');
    const a = createEvent(pg);
    const b = createEvent(pg);
    const tabA = track(await connected(edge.url, user.token));
    assert.deepEqual(await emitAck(tabA, 'join-queue', { eventId: a.eventId }), { ok: true });
    const tabB = track(connect(edge.url, user.token));
    assert.deepEqual(await waitFor(tabB, 'session-restored'), { queueEventId: a.eventId });
    assert.deepEqual(await emitAck(tabB, 'join-queue', { eventId: b.eventId }), { ok: true });
    const seenByB = record(tabB, 'queue-cleared');

    const clearedA = waitFor(tabA, 'queue-cleared');
    assert.equal((await edge.request('POST', `/api/queue/admin/clear/${a.eventId}`, admin.token, {})).status, 200);
    await clearedA;
    // B's own queue's clear comes after A's on the same server: once B has it, A's would have arrived before.
    const clearedB = waitFor(tabB, 'queue-cleared');
    assert.equal((await edge.request('POST', `/api/queue/admin/clear/${b.eventId}`, admin.token, {})).status, 200);
    await clearedB;
    assert.equal(seenByB.length, 1);
  });

  test('a waiting-room socket that joins its queue on connect gets session-restored without the queue', async () => {
    // The modal re-opens its socket about every second and fetches its status each time; a notice naming the queue
    // would make it fetch twice (REALTIME.md §9). Other pages' sockets get the whole notice (tests above).
    const user = createUser(pg);
    const { eventId } = createEvent(pg);
    const first = track(await connected(edge.url, user.token));
    assert.deepEqual(await emitAck(first, 'join-event', { eventId }), { ok: true });
    assert.deepEqual(await emitAck(first, 'join-queue', { eventId }), { ok: true });
    first.close();

    const modal = track(connect(edge.url, user.token));
    const restored = waitFor(modal, 'session-restored');
    modal.on('connect', () => modal.emit('join-queue', { eventId })); // as useQueueUpdates does

    assert.deepEqual(await restored, { eventId });
  });

  test('a user without a session gets no session-restored', async () => {
    const user = createUser(pg);
    const s = track(connect(edge.url, user.token));
    const restored = record(s, 'session-restored');
    await waitFor(s, 'connect');
    const { eventId } = createEvent(pg);
    assert.deepEqual(await emitAck(s, 'join-event', { eventId }), { ok: true }); // processed after the restore step
    assert.deepEqual(restored, []);
    const ttl = Number(redis.cli('TTL', `socket:session:${user.id}`));
    assert.ok(ttl > 3500 && ttl <= 3600, `session TTL ${ttl}`);
  });
});

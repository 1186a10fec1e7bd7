// Several Tiketi edge processes on one PostgreSQL and one Redis (DESIGN.md "Realtime, across
// instances"): broadcasts relayed between instances, cluster-wide room-info counts, sessions
// restored on another instance, a crashed instance's counts vanishing, Redis restarts, and
// graceful shutdown — all with the official socket.io-client.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Edge, Postgres, Redis, TIMESTAMP, connect, connected, createEvent, createUser, emitAck, eventually, record, waitFor,
} from './support/realtime-cluster.mjs';

let pg;
let redis;
let edges = [];
const sockets = [];
const track = (s) => { sockets.push(s); return s; };

before(async () => {
  pg = await Postgres.start();
  redis = await Redis.start();
  edges = await Promise.all([Edge.start(pg, redis), Edge.start(pg, redis), Edge.start(pg, redis)]);
});

after(async () => {
  for (const s of sockets) s.close();
  await Promise.all(edges.map((e) => e.stop()));
  await redis?.stop();
  pg?.stop();
});

async function seatWatcher(edge, eventId) {
  const s = track(await connected(edge.url, createUser(pg).token));
  assert.deepEqual(await emitAck(s, 'join-seat-selection', { eventId }), { ok: true });
  return s;
}

async function eventViewer(edge, eventId, user = createUser(pg)) {
  const s = track(await connected(edge.url, user.token));
  assert.deepEqual(await emitAck(s, 'join-event', { eventId }), { ok: true });
  return s;
}

describe('relay between instances', () => {
  test('a watcher on instance 1 receives seat-selected for a hold made through instance 2', async () => {
    const [one, two] = edges;
    const { eventId, seats } = createEvent(pg);
    const watcher = await seatWatcher(one, eventId);
    const held = waitFor(watcher, 'seat-selected', (p) => p.seatId === seats[0]);
    const hold = await two.request('POST', '/api/seats/reserve', createUser(pg).token, { eventId, seatIds: [seats[0]] });
    assert.equal(hold.status, 201, JSON.stringify(hold.body));
    const payload = await held;
    assert.equal(payload.status, 'locked');
    assert.equal(payload.userId, undefined);
  });

  test('each instance delivers a relayed broadcast exactly once to each local member', async () => {
    const [one, two, three] = edges;
    const { eventId, seats } = createEvent(pg);
    const watchers = [await seatWatcher(one, eventId), await seatWatcher(two, eventId), await seatWatcher(three, eventId)];
    const seen = watchers.map((w) => record(w, 'seat-locked'));
    const last = watchers.map((w) => waitFor(w, 'seat-locked', (p) => p.seatId === seats[1]));
    assert.equal((await three.request('POST', '/api/seats/reserve', createUser(pg).token, { eventId, seatIds: [seats[0]] })).status, 201);
    assert.equal((await three.request('POST', '/api/seats/reserve', createUser(pg).token, { eventId, seatIds: [seats[1]] })).status, 201);
    await Promise.all(last); // relayed in order after the first hold's events
    for (const events of seen) {
      assert.deepEqual(events.map((p) => p.seatId), [seats[0], seats[1]]);
    }
  });

  test('room-info counts members on every instance', async () => {
    const [one, two, three] = edges;
    const { eventId } = createEvent(pg);
    const a = await eventViewer(one, eventId);
    const seesTwo = waitFor(a, 'room-info', (p) => p.userCount === 2);
    const b = await eventViewer(two, eventId);
    assert.deepEqual(await seesTwo, { eventId, userCount: 2 });
    const seesThree = [a, b].map((s) => waitFor(s, 'room-info', (p) => p.userCount === 3));
    await eventViewer(three, eventId);
    assert.deepEqual(await Promise.all(seesThree), [{ eventId, userCount: 3 }, { eventId, userCount: 3 }]);
    const seesTwoAgain = waitFor(a, 'room-info', (p) => p.userCount === 2);
    assert.deepEqual(await emitAck(b, 'leave-event', { eventId }), { ok: true });
    assert.deepEqual(await seesTwoAgain, { eventId, userCount: 2 });
  });

  test('the admin dashboard counts an event\'s viewers and seat-map watchers on every instance', async () => {
    const [one, two, three] = edges;
    const { eventId } = createEvent(pg);
    const admin = createUser(pg, 'admin');
    await seatWatcher(one, eventId);
    await eventViewer(two, eventId);
    const figures = await eventually(async () => {
      const res = await three.request('GET', '/api/admin/dashboard/stats', admin.token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const entry = res.body.live.events.find((e) => e.id === eventId);
      return entry && entry.connectedUsers === 2 ? entry : undefined;
    }, { what: 'connectedUsers = 2 on the dashboard of a third instance' });
    assert.equal(figures.connectedUsers, 2);
  });

  test('a session saved on one instance is restored on another', async () => {
    const [one, two] = edges;
    const user = createUser(pg);
    const { eventId, seats } = createEvent(pg);
    const first = track(await connected(one.url, user.token));
    assert.deepEqual(await emitAck(first, 'join-seat-selection', { eventId }), { ok: true });
    assert.deepEqual(await emitAck(first, 'join-queue', { eventId }), { ok: true });
    first.close();
    const second = track(connect(two.url, user.token));
    assert.deepEqual(await waitFor(second, 'session-restored'), { queueEventId: eventId, seatEventId: eventId });
    const held = waitFor(second, 'seat-selected', (p) => p.seatId === seats[2]);
    assert.equal((await one.request('POST', '/api/seats/reserve', createUser(pg).token, { eventId, seatIds: [seats[2]] })).status, 201);
    assert.equal((await held).status, 'locked');
  });
});

describe('waiting room', () => {
  test('queue-entry-allowed reaches only the admitted user, on every instance; queue-updated (with each waiting user\'s own position) and queue-cleared reach the room', async () => {
    const [one, two] = edges;
    const { eventId } = createEvent(pg);
    const admin = createUser(pg, 'admin');
    const settings = await one.request('PUT', `/api/admin/events/${eventId}/queue`, admin.token, { capacity: 1 });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    const [first, second, third, fourth] = [createUser(pg), createUser(pg), createUser(pg), createUser(pg)];
    assert.equal((await one.request('POST', `/api/queue/check/${eventId}`, first.token, {})).body.queued, false);
    assert.equal((await two.request('POST', `/api/queue/check/${eventId}`, second.token, {})).body.queued, true);
    assert.equal((await one.request('POST', `/api/queue/check/${eventId}`, third.token, {})).body.queued, true);
    assert.equal((await two.request('POST', `/api/queue/check/${eventId}`, fourth.token, {})).body.queued, true);

    // The second user waits with a modal on each instance (two tabs); the third on instance 1, the fourth on 2.
    const modals = [await connected(one.url, second.token), await connected(two.url, second.token)].map(track);
    const other = track(await connected(one.url, third.token));
    const last = track(await connected(two.url, fourth.token));
    for (const s of [...modals, other, last]) assert.deepEqual(await emitAck(s, 'join-queue', { eventId }), { ok: true });
    const strays = record(other, 'queue-entry-allowed');

    const allowed = modals.map((s) => waitFor(s, 'queue-entry-allowed'));
    // After the admission each waiting socket hears its own new place, on whichever instance it is.
    const updated = waitFor(other, 'queue-updated', (p) => p.position === 1);
    const updatedLast = waitFor(last, 'queue-updated', (p) => p.position === 2);
    const updatedAdmitted = waitFor(modals[1], 'queue-updated', (p) => !('position' in p));
    assert.equal((await two.request('POST', `/api/queue/leave/${eventId}`, first.token, {})).status, 200);
    for (const payload of await Promise.all(allowed)) {
      assert.deepEqual(payload, { userId: second.id, message: '입장이 허용되었습니다. 잠시 후 자동으로 이동합니다.' });
    }

    const update = await updated;
    assert.deepEqual(Object.keys(update).sort(), ['estimatedWait', 'position', 'queueSize', 'timestamp']);
    assert.equal(update.queueSize, 2);
    assert.match(update.timestamp, TIMESTAMP);
    assert.ok(Number.isInteger(update.estimatedWait) && update.estimatedWait >= 1, JSON.stringify(update));
    assert.equal((await updatedLast).queueSize, 2);
    // An admitted user's socket still in the room gets the contract's payload, nothing more.
    assert.deepEqual(Object.keys(await updatedAdmitted).sort(), ['queueSize', 'timestamp']);

    const cleared = [other, last, ...modals].map((s) => waitFor(s, 'queue-cleared'));
    assert.equal((await two.request('POST', `/api/queue/admin/clear/${eventId}`, admin.token, {})).status, 200);
    for (const payload of await Promise.all(cleared)) {
      assert.deepEqual(payload, { message: '관리자가 대기열을 초기화했습니다.' });
    }

    assert.deepEqual(strays, []); // the third user was never admitted, on any instance
  });
});

describe('failures', () => {
  test('kill -9 of an instance: its counts vanish within the heartbeat window and the others keep serving', async () => {
    const [one, two] = edges;
    const victim = await Edge.start(pg, redis);
    edges.push(victim);
    const { eventId, seats } = createEvent(pg);
    const observer = await eventViewer(one, eventId);
    await eventViewer(victim, eventId);
    await eventViewer(victim, eventId);
    const counted = await eventually(async () => {
      const info = waitFor(observer, 'room-info', () => true, 5000);
      observer.emit('join-event', { eventId });
      return (await info).userCount === 3;
    }, { what: 'three members' });
    assert.equal(counted, true);

    await victim.stop('SIGKILL');
    // The cluster TTL is 2 s here: the dead instance's two members stop counting.
    await eventually(async () => {
      const info = waitFor(observer, 'room-info', () => true, 5000);
      observer.emit('join-event', { eventId });
      return (await info).userCount === 1;
    }, { timeoutMs: 10_000, what: 'the dead instance to stop counting' });

    const watcher = await seatWatcher(one, eventId);
    const held = waitFor(watcher, 'seat-selected', (p) => p.seatId === seats[0]);
    assert.equal((await two.request('POST', '/api/seats/reserve', createUser(pg).token, { eventId, seatIds: [seats[0]] })).status, 201);
    assert.equal((await held).status, 'locked');
  });

  test('Redis outage: local delivery continues and nothing crashes; after a restart relayed broadcasts resume and counts are rebuilt', async () => {
    const [one, two] = edges;
    const { eventId, ticketTypeId } = createEvent(pg, { quantity: 1000 });
    const viewer = await eventViewer(one, eventId);
    const otherViewer = await eventViewer(two, eventId);
    const localOnly = record(viewer, 'ticket-updated');

    await redis.stop();
    // Sockets still connect (auth needs only PostgreSQL) and local broadcasts still arrive; the
    // count falls back to this instance's members.
    const neighbour = track(await connected(one.url, createUser(pg).token));
    const seen = waitFor(viewer, 'room-info', (p) => p.userCount === 2);
    neighbour.emit('join-event', { eventId });
    assert.deepEqual(await seen, { eventId, userCount: 2 });
    for (const edge of [one, two]) assert.equal((await fetch(`${edge.url}/health`)).status, 200);

    await redis.launch();
    const buyer = createUser(pg);
    await eventually(async () => {
      const r = await two.request('POST', '/api/reservations', buyer.token, { eventId, items: [{ ticketTypeId, quantity: 1 }] });
      if (r.status !== 201) return false; // Core's own Redis connection may still be reconnecting
      return eventually(() => localOnly.length > 0, { timeoutMs: 1500, intervalMs: 50 }).then(() => true, () => false);
    }, { timeoutMs: 30_000, intervalMs: 250, what: 'a relayed ticket-updated after the Redis restart' });

    // Counts were lost with Redis' data and come back from the heartbeats.
    await eventually(async () => {
      const info = waitFor(viewer, 'room-info', () => true, 5000);
      otherViewer.emit('join-event', { eventId });
      return (await info).userCount === 3;
    }, { timeoutMs: 15_000, what: 'cluster count of 3 after the restart' });
  });

  test('SIGTERM: sockets see a transport close (they reconnect), in-flight requests finish, the process exits 0', async () => {
    const slow = await Edge.start(pg, redis, {
      Tiketi__Payments__Simulated__MinLatency: '00:00:01.500',
      Tiketi__Payments__Simulated__MaxLatency: '00:00:01.600',
    });
    const { eventId, seats } = createEvent(pg);
    const buyer = createUser(pg);
    const hold = await slow.request('POST', '/api/seats/reserve', buyer.token, { eventId, seatIds: [seats[0]] });
    assert.equal(hold.status, 201);
    const s = track(await connected(slow.url, createUser(pg).token));
    const disconnected = waitFor(s, 'disconnect');
    const payment = slow.request('POST', '/api/payments/process', buyer.token, { reservationId: hold.body.reservation.id, paymentMethod: 'kakao_pay' });
    // SIGTERM only once the payment is in flight (claimed, waiting for the provider).
    await eventually(() => pg.sql(`SELECT payment_claimed_at IS NOT NULL FROM reservations WHERE id = '${hold.body.reservation.id}'`) === 't',
      { intervalMs: 20, what: 'the payment to be in flight' });
    const exited = slow.stop('SIGTERM');
    assert.equal(await disconnected, 'transport close');
    assert.equal((await payment).status, 200);
    assert.deepEqual(await exited, { code: 0, signal: null });
  });
});

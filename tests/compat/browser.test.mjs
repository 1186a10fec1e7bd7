// Tiketi from a real browser, as the unchanged React client meets it: a page on its own origin (the client's dev
// server is :3000, the API :3001 — REST.md §1.1) calls the REST API cross-origin with fetch (axios' requests:
// JSON bodies and Bearer headers, so every call is preflighted) and opens sockets with socket.io-client's own
// browser bundle. Headless Debian Chromium, driven by playwright-core; real PostgreSQL, Redis and edge process.
// Skipped (with a note) only when /usr/bin/chromium is absent; `./tiketi deps` installs it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Edge, Postgres, Redis, createEvent, createUser } from './support/realtime-cluster.mjs';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const bundle = readFileSync(new URL('./node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url));

let pg;
let redis;
let edge;
let site;
let browser;
let page;

/** Serves the page and the socket.io-client browser bundle on a free port; resolves with the server. */
function startSite() {
  const server = createServer((req, res) => {
    if (req.url === '/socket.io.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><meta charset="utf-8"><title>tiketi browser test</title><script src="/socket.io.min.js"></script>');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  if (!haveChromium) return;
  site = await startSite();
  const origin = `http://localhost:${site.address().port}`;
  pg = await Postgres.start();
  redis = await Redis.start();
  edge = await Edge.start(pg, redis, { FRONTEND_URL: origin, TIKETI_RATE_LIMITS: 'off' });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  await page.addInitScript(pageHelpers);
  await page.goto(origin);
});

after(async () => {
  await browser?.close();
  await edge?.stop();
  await redis?.stop();
  pg?.stop();
  site?.close();
});

/**
 * Installed in every page before its own scripts (page.addInitScript): `window.tiketi.api` makes the REST calls the
 * client makes through axios (JSON in and out, Bearer when logged in); `bare` is axios without a body, which drops
 * Content-Type (REST.md §1.1: cancel, admin cancel and delete); `within` gives an awaited event a deadline.
 */
function pageHelpers() {
  const read = async (res) => {
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  window.tiketi = {
    api: async (base, method, path, token, body) => {
      const headers = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = 'Bearer ' + token;
      return read(await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
    },
    bare: async (base, method, path, token) => read(await fetch(base + path, { method, headers: { Authorization: 'Bearer ' + token } })),
    within: (promise, what) => Promise.race([promise,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out: ' + what)), 10000))]),
  };
}

/** Registers a user from the page; resolves with { token, user }. */
async function registerInPage() {
  const email = `${randomUUID()}@browser.tiketi`;
  const result = await page.evaluate(({ base, email }) =>
    window.tiketi.api(base, 'POST', '/api/auth/register', null, { email, password: 'secret1', name: '브라우저', phone: '' }),
  { base: edge.url, email });
  assert.equal(result.status, 201, JSON.stringify(result.body));
  return result.body;
}

describe('the browser client', { skip: haveChromium ? false : `${CHROMIUM} not installed (./tiketi deps)` }, () => {
  test('calls the REST API cross-origin: preflighted JSON and Bearer requests get through', async () => {
    const { token, user } = await registerInPage();
    const result = await page.evaluate(async ({ base, token, email }) => {
      const { api: call } = window.tiketi;
      const login = await call(base, 'POST', '/api/auth/login', null, { email, password: 'secret1' });
      const mine = await call(base, 'GET', '/api/reservations/my', token);
      const events = await call(base, 'GET', '/api/events?status=on_sale', null);
      const anonymous = await call(base, 'GET', '/api/reservations/my', null);
      // The client sends its stored token on public endpoints too; a stale one must not log it out there.
      const stale = await call(base, 'GET', '/api/events', 'stale.token.value');
      return { login, mine, events: events.status, anonymous: anonymous.status, stale: stale.status };
    }, { base: edge.url, token, email: user.email });

    assert.equal(result.login.status, 200, JSON.stringify(result.login.body));
    assert.equal(result.login.body.user.email, user.email);
    assert.equal(result.login.body.user.id, user.id);
    assert.equal(result.mine.status, 200, JSON.stringify(result.mine.body));
    assert.deepEqual(result.mine.body.reservations, []);
    assert.equal(result.events, 200);
    assert.equal(result.anonymous, 401); // readable cross-origin, so the client can log out
    assert.equal(result.stale, 200);
  });

  test('body-less cancel and admin delete, as axios sends them, get through their preflights', async () => {
    const { token } = await registerInPage();
    const admin = createUser(pg, 'admin');
    const { eventId, seats } = createEvent(pg);
    const doomed = createEvent(pg, { seatCount: 0 });
    const result = await page.evaluate(async ({ base, token, adminToken, eventId, seatId, doomedId }) => {
      const { api: call, bare: send } = window.tiketi;
      const hold = await call(base, 'POST', '/api/seats/reserve', token, { eventId, seatIds: [seatId] });
      const cancel = await send(base, 'POST', `/api/reservations/${hold.body.reservation.id}/cancel`, token);
      const removed = await send(base, 'DELETE', `/api/admin/events/${doomedId}`, adminToken);
      return { hold: hold.status, cancel, removed };
    }, { base: edge.url, token, adminToken: admin.token, eventId, seatId: seats[0], doomedId: doomed.eventId });

    assert.equal(result.hold, 201);
    assert.equal(result.cancel.status, 200, JSON.stringify(result.cancel.body));
    assert.equal(result.removed.status, 200, JSON.stringify(result.removed.body));
    assert.equal(pg.sql(`SELECT count(*) FROM events WHERE id = '${doomed.eventId}'`).trim(), '0');
  });

  for (const transports of [['websocket', 'polling'], ['polling']]) {
    test(`socket.io-client's browser bundle over ${transports[0]} sees a hold made from the page turn its seat orange`, async () => {
      const { token } = await registerInPage();
      const { eventId, seats } = createEvent(pg);
      const result = await page.evaluate(async ({ base, token, eventId, seatId, transports }) => {
        const { api: call, within } = window.tiketi;
        const socket = window.io(base, {
          // The client's own options (REALTIME.md §3); the polling-only run also sends cookies, which the contract's
          // Socket.IO CORS (credentials: true) must allow.
          auth: { token }, transports, withCredentials: transports.length === 1,
          reconnection: true, reconnectionDelay: 1000, reconnectionDelayMax: 5000, reconnectionAttempts: 5,
        });
        try {
          await within(new Promise((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('connect_error', (e) => reject(new Error('connect_error: ' + e.message)));
          }), 'connect');
          const selected = within(new Promise((resolve) => socket.on('seat-selected', (p) => { if (p.seatId === seatId) resolve(p); })), 'seat-selected');
          const locked = within(new Promise((resolve) => socket.on('seat-locked', (p) => { if (p.seatId === seatId) resolve(p); })), 'seat-locked');
          // The client emits without an ack; asking for one here only tells when the join is done.
          const joined = await within(socket.emitWithAck('join-seat-selection', { eventId }), 'join ack');
          if (!joined?.ok) throw new Error('join refused: ' + JSON.stringify(joined));
          const hold = await call(base, 'POST', '/api/seats/reserve', token, { eventId, seatIds: [seatId] });
          return {
            transport: socket.io.engine.transport.name,
            hold: hold.status,
            selected: await selected,
            locked: await locked,
          };
        } finally {
          socket.close();
        }
      }, { base: edge.url, token, eventId, seatId: seats[0], transports });

      assert.equal(result.transport, transports[0]);
      assert.equal(result.hold, 201);
      assert.deepEqual(Object.keys(result.selected).sort(), ['seatId', 'status', 'timestamp']);
      assert.equal(result.selected.status, 'locked');
      assert.deepEqual(Object.keys(result.locked).sort(), ['seatId', 'status', 'timestamp']);
    });
  }

  test('the waiting room from the browser: check, the modal\'s doubled-prefix status, and queue-entry-allowed on the socket', async () => {
    const admin = createUser(pg, 'admin');
    const first = createUser(pg);
    const { eventId } = createEvent(pg);
    assert.equal((await edge.request('PUT', `/api/admin/events/${eventId}/queue`, admin.token, { capacity: 1 })).status, 200);
    assert.equal((await edge.request('POST', `/api/queue/check/${eventId}`, first.token, {})).body.queued, false);
    const { token, user } = await registerInPage();

    const waiting = await page.evaluate(async ({ base, token, eventId }) => {
      const { api: call } = window.tiketi;
      const check = await call(base, 'POST', `/api/queue/check/${eventId}`, token, {});
      const status = await call(base, 'GET', `/api/api/queue/status/${eventId}`, token);
      const socket = window.io(base, { auth: { token }, transports: ['websocket', 'polling'] });
      window.tiketiQueueSocket = socket;
      window.tiketiAllowed = new Promise((resolve) => socket.on('queue-entry-allowed', resolve));
      const joined = await socket.emitWithAck('join-queue', { eventId });
      return { check, status, joined };
    }, { base: edge.url, token, eventId });
    assert.equal(waiting.check.status, 200, JSON.stringify(waiting.check.body));
    assert.equal(waiting.check.body.queued, true);
    assert.equal(waiting.status.status, 200, JSON.stringify(waiting.status.body));
    assert.equal(waiting.status.body.position, 1);
    assert.deepEqual(waiting.joined, { ok: true });

    // The admitted user leaves: the browser user is next.
    assert.equal((await edge.request('POST', `/api/queue/leave/${eventId}`, first.token, {})).status, 200);
    const allowed = await page.evaluate(async () => {
      try {
        return await window.tiketi.within(window.tiketiAllowed, 'queue-entry-allowed');
      } finally {
        window.tiketiQueueSocket.close();
      }
    });
    assert.deepEqual(allowed, { userId: user.id, message: '입장이 허용되었습니다. 잠시 후 자동으로 이동합니다.' });
  });

  test('a client built into TIKETI_FRONTEND_DIR is served by the edge itself: its routes, same-origin REST and socket', async () => {
    const site = mkdtempSync(join(tmpdir(), 'tiketi-site-'));
    writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>client</title><script src="/socket.io.min.js"></script>');
    writeFileSync(join(site, 'socket.io.min.js'), bundle);
    const served = await Edge.start(pg, redis, { TIKETI_FRONTEND_DIR: site });
    const own = await browser.newPage();
    await own.addInitScript(pageHelpers);
    try {
      const { token } = await registerInPage();
      const { eventId } = createEvent(pg);
      // A deep link to a client-side route loads the app, as a reload on /events/:id does.
      const response = await own.goto(`${served.url}/events/${eventId}`);
      assert.equal(response.status(), 200);
      assert.equal(await own.title(), 'client');
      const result = await own.evaluate(async ({ token, eventId }) => {
        const detail = await fetch(`/api/events/${eventId}`, { headers: { Authorization: 'Bearer ' + token } });
        const socket = window.io({ auth: { token }, transports: ['websocket', 'polling'] });
        try {
          const joined = await window.tiketi.within(new Promise((resolve, reject) => {
            socket.once('connect', () => socket.emitWithAck('join-event', { eventId }).then(resolve, reject));
            socket.once('connect_error', (e) => reject(new Error('connect_error: ' + e.message)));
          }), 'join-event');
          return { detail: detail.status, joined };
        } finally {
          socket.close();
        }
      }, { token, eventId });
      assert.equal(result.detail, 200);
      assert.deepEqual(result.joined, { ok: true });
    } finally {
      await own.close();
      await served.stop();
      rmSync(site, { recursive: true, force: true });
    }
  });

  test('a socket without a token is refused in the browser with the contract\'s message', async () => {
    const message = await page.evaluate(async ({ base }) => {
      const socket = window.io(base, { transports: ['websocket', 'polling'], reconnection: false });
      try {
        return await window.tiketi.within(new Promise((resolve, reject) => {
          socket.once('connect_error', (e) => resolve(e.message));
          socket.once('connect', () => reject(new Error('connected without a token')));
        }), 'connect_error');
      } finally {
        socket.close();
      }
    }, { base: edge.url });
    assert.equal(message, 'Authentication required');
  });
});

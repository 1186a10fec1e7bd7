// Three edges behind nginx configured from deploy/nginx/tiketi.conf.template (what
// `./tiketi up --instances 3` runs): long-polling sessions stick to their edge through the
// balancer's cookie, and a SIGTERM'd edge's clients reconnect through the balancer to another
// edge and get their session back.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { freePort } from './support/target.mjs';
import {
  Edge, Postgres, Redis, connect, createEvent, createUser, emitAck, eventually, waitFor, whenConnected,
} from './support/realtime-cluster.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const template = path.resolve(here, '../../deploy/nginx/tiketi.conf.template');
const nginxBin = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p))
  ?? (spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim() || null);

let pg;
let redis;
let edges = [];
let nginx;
let prefix;
let lbUrl;
const sockets = [];
const track = (s) => { sockets.push(s); return s; };

async function startNginx(ports) {
  prefix = mkdtempSync(path.join(os.tmpdir(), 'tiketi-rt-nginx-'));
  chmodSync(prefix, 0o755); // nginx workers run as an unprivileged user
  mkdirSync(path.join(prefix, 'tmp'));
  const listen = await freePort();
  const upstreams = ports.map((p) => `        server 127.0.0.1:${p} max_fails=0;`).join('\n');
  const conf = readFileSync(template, 'utf8')
    .replaceAll('__PREFIX__', prefix).replaceAll('__LISTEN__', `127.0.0.1:${listen}`).replaceAll('__UPSTREAMS__', upstreams);
  writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  nginx = spawn(nginxBin, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'error.log')], { stdio: 'ignore' });
  lbUrl = `http://127.0.0.1:${listen}`;
  await eventually(async () => {
    try { return (await fetch(`${lbUrl}/health`)).status === 200; } catch { return false; }
  }, { what: 'nginx to serve' });
}

describe('behind the nginx balancer', { skip: nginxBin ? false : 'nginx is not installed (./tiketi deps installs it)' }, () => {
  before(async () => {
    pg = await Postgres.start();
    redis = await Redis.start();
    // Only the first edge runs while the first clients connect, so they all land on it.
    edges = [await Edge.start(pg, redis)];
    await startNginx([edges[0].port, await freePort(), await freePort()]);
  });

  after(async () => {
    for (const s of sockets) s.close();
    nginx?.kill('SIGTERM');
    await Promise.all(edges.map((e) => e.stop()));
    await redis?.stop();
    pg?.stop();
    if (prefix && !process.env.KEEP_NGINX) rmSync(prefix, { recursive: true, force: true });
  });

  test('a SIGTERM\'d edge\'s WebSocket clients reconnect through the balancer and get their session back', async () => {
    const { eventId, seats } = createEvent(pg);
    const users = [createUser(pg), createUser(pg), createUser(pg)];
    const clients = users.map((u) => track(connect(lbUrl, u.token)));
    for (const c of clients) {
      await whenConnected(c);
      assert.deepEqual(await emitAck(c, 'join-seat-selection', { eventId }), { ok: true });
    }

    // Bring up two more edges on the balancer's other upstream ports, then stop the first.
    const upstreamPorts = readFileSync(path.join(prefix, 'nginx.conf'), 'utf8').match(/server 127\.0\.0\.1:(\d+)/g).map((s) => Number(s.split(':')[1]));
    for (const port of upstreamPorts.slice(1)) {
      const edge = new Edge({ ...edges[0].env }, port);
      await edge.launch();
      edges.push(edge);
    }

    const reasons = clients.map((c) => waitFor(c, 'disconnect'));
    const restored = clients.map((c) => waitFor(c, 'session-restored', () => true, 20_000));
    const exit = await edges[0].stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual(await Promise.all(reasons), ['transport close', 'transport close', 'transport close']);
    for (const payload of await Promise.all(restored)) {
      assert.deepEqual(payload, { seatEventId: eventId });
    }

    // Back in seats:{eventId} on the surviving edges without re-joining.
    const held = clients.map((c) => waitFor(c, 'seat-selected', (p) => p.seatId === seats[0]));
    const hold = await edges[1].request('POST', '/api/seats/reserve', createUser(pg).token, { eventId, seatIds: [seats[0]] });
    assert.equal(hold.status, 201);
    await Promise.all(held);

    await edges[0].launch(); // all three upstreams alive again for the next test
  });

  test('login and register are routed by client address (their own upstream) and answer through the balancer', async () => {
    // Each edge keeps its login limits in memory; nginx sends one client's attempts to one edge so they add up.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${lbUrl}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `nobody${i}@test.tiketi`, password: 'wrong-password' }),
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { error: '이메일 또는 비밀번호가 일치하지 않습니다.' });
    }
  });

  test('long-polling requests stick to their edge through the balancer cookie (three live edges)', async () => {
    // Raw Engine.IO long-polling through nginx: handshake, CONNECT, then several POST/GET round
    // trips of one session. Without stickiness each request would reach the session's edge with
    // probability 1/3, and a miss answers 400 "Session ID unknown".
    const user = createUser(pg);
    const { eventId } = createEvent(pg);
    for (let session = 0; session < 3; session++) {
      const handshake = await fetch(`${lbUrl}/socket.io/?EIO=4&transport=polling`);
      assert.equal(handshake.status, 200);
      const cookie = handshake.headers.get('set-cookie').split(';')[0];
      assert.match(cookie, /^tiketi_edge=\w+$/);
      const { sid } = JSON.parse((await handshake.text()).slice(1));
      const url = `${lbUrl}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
      const post = async (body) => {
        const res = await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'text/plain;charset=UTF-8' }, body });
        assert.equal(res.status, 200, await res.text());
        await res.arrayBuffer().catch(() => {});
      };
      const poll = async () => {
        const res = await fetch(url, { headers: { cookie } });
        const text = await res.text();
        assert.equal(res.status, 200, text);
        return text;
      };
      await post(`40${JSON.stringify({ token: user.token })}`);
      assert.match(await poll(), /^40\{"sid":"[^"]+"\}/);
      for (let i = 0; i < 4; i++) {
        await post(`42${i}["join-event",${JSON.stringify({ eventId })}]`);
        let answer = '';
        while (!answer.includes(`43${i}[`)) answer += await poll(); // the ack, maybe after room-info
        assert.ok(answer.includes(`43${i}[{"ok":true}]`), answer);
      }
    }
  });
});

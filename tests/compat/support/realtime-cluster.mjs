// Real infrastructure for the realtime tests: a throwaway PostgreSQL and Redis on free loopback
// ports, and Tiketi edge processes (the built src/Tiketi.Edge dll) on one database and one Redis.
// Seeds users/events/seats with psql and mints contract JWTs (HS256) with the edges' secret.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { freePort } from './target.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const edgeProject = path.join(repoRoot, 'src/Tiketi.Edge');
const edgeDll = path.join(edgeProject, 'bin/Release/net10.0/Tiketi.Edge.dll');
const isRoot = process.getuid?.() === 0;

export const JWT_SECRET = 'realtime-tests-secret-that-is-long-enough-0123456789';

function pgBin() {
  for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) {
    const d = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(`${d}/pg_ctl`)) return d;
  }
  throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
}

function run(cmd, args, { asPostgres = false, input } = {}) {
  const [c, a] = asPostgres && isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A throwaway PostgreSQL cluster with database `tiketi`. */
export class Postgres {
  static async start() {
    const pg = new Postgres();
    pg.bin = pgBin();
    pg.root = mkdtempSync(path.join(os.tmpdir(), 'tiketi-rt-pg-'));
    if (isRoot) { chmodSync(pg.root, 0o777); run('chown', ['postgres', pg.root]); }
    pg.data = path.join(pg.root, 'data');
    run(`${pg.bin}/initdb`, ['-D', pg.data, '-U', 'tiketi', '--auth=trust', '-E', 'UTF8', '--no-sync'], { asPostgres: true });
    pg.port = await freePort();
    run(`${pg.bin}/pg_ctl`, ['-D', pg.data, '-l', path.join(pg.root, 'log'), '-w', '-t', '60', '-o',
      `-c listen_addresses=127.0.0.1 -p ${pg.port} -k ${pg.root} -c fsync=off -c synchronous_commit=off -c max_connections=300`, 'start'], { asPostgres: true });
    run(`${pg.bin}/psql`, ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'tiketi', '-d', 'postgres', '-qc', 'CREATE DATABASE tiketi']);
    pg.url = `postgres://tiketi@127.0.0.1:${pg.port}/tiketi`;
    return pg;
  }

  /** Runs SQL; returns the unaligned tuples-only output. */
  sql(query) {
    return run(`${this.bin}/psql`, ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'tiketi', '-d', 'tiketi', '-v', 'ON_ERROR_STOP=1', '-tAq', '-f', '-'], { input: query }).trim();
  }

  stop() {
    try { run(`${this.bin}/pg_ctl`, ['-D', this.data, '-m', 'immediate', 'stop'], { asPostgres: true }); } catch { /* already gone */ }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A throwaway Redis; `restart()` brings it back on the same port (empty). */
export class Redis {
  static async start() {
    const r = new Redis();
    r.port = await freePort();
    r.url = `redis://127.0.0.1:${r.port}`;
    await r.launch();
    return r;
  }

  async launch() {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG') {
      if (Date.now() > deadline) throw new Error('redis did not start');
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  cli(...args) {
    return spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' }).stdout.trim();
  }

  async stop() {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((res) => proc.once('exit', res));
    proc.kill('SIGKILL');
    await exited;
  }

  async restart() {
    await this.stop();
    await this.launch();
  }
}

export function ensureEdgeBuilt() {
  if (existsSync(edgeDll) && !process.env.TIKETI_REBUILD) return;
  const r = spawnSync('dotnet', ['build', edgeProject, '-c', 'Release', '-v', 'q', '-nologo'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('dotnet build src/Tiketi.Edge failed');
}

/** Settings that make holds expire and the cluster heartbeat fast enough for a test. */
export const fastSettings = {
  Tiketi__Holds__HoldTime: '00:00:03',
  Tiketi__Holds__ExpiryInterval: '00:00:00.300',
  Tiketi__Payments__Simulated__MinLatency: '00:00:00',
  Tiketi__Payments__Simulated__MaxLatency: '00:00:00.010',
  Tiketi__Cluster__HeartbeatInterval: '00:00:00.500',
  Tiketi__Cluster__InstanceTtl: '00:00:02',
  // session-restored waits this long for the socket's own first join; long enough that a stalled CI machine never
  // sends it before a join the test emitted on connect.
  Tiketi__Realtime__RestoreNoticeDelayMs: '2500',
};

/** One Tiketi.Edge process. */
export class Edge {
  constructor(env, port) {
    this.env = env;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.output = [];
  }

  static async start(pg, redis, extraEnv = {}) {
    ensureEdgeBuilt();
    const edge = new Edge({
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      JWT_SECRET,
      ASPNETCORE_ENVIRONMENT: 'Production',
      DOTNET_NOLOGO: '1',
      Logging__LogLevel__Default: 'Warning',
      ...fastSettings,
      ...extraEnv,
    }, await freePort());
    await edge.launch();
    return edge;
  }

  async launch() {
    this.output = [];
    const proc = spawn('dotnet', [edgeDll, '--urls', this.url], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => { this.output.push(chunk.toString()); if (this.output.length > 300) this.output.shift(); };
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
    this.proc = proc;
    this.exited = new Promise((res) => proc.once('exit', (code, signal) => res({ code, signal })));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`edge exited early:\n${this.output.join('')}`);
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch { /* not yet listening */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`edge not ready:\n${this.output.join('')}`);
  }

  /** Stops the process (SIGKILL = crash); resolves with how it exited. */
  async stop(signal = 'SIGTERM') {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return this.exited;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  async request(method, route, token, body) {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A contract access token (REST.md §1.3), valid for `lifetimeSeconds` from now (negative: already expired). */
export function mintToken(user, { lifetimeSeconds = 3600, secret = JWT_SECRET } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const payload = b64url({ userId: user.id, email: user.email, role: user.role ?? 'user', iat: now, exp: now + lifetimeSeconds });
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Inserts a user; returns { id, email, role, token }. */
export function createUser(pg, role = 'user') {
  const id = randomUUID();
  const email = `${id}@test.tiketi`;
  pg.sql(`INSERT INTO users (id, email, password_hash, name, role) VALUES ('${id}', '${email}', 'x', 'Tester', '${role}');`);
  const user = { id, email, role };
  user.token = mintToken(user);
  return user;
}

/** Inserts an on-sale event with a seat layout, `seatCount` seats and one ticket type. */
export function createEvent(pg, { seatCount = 4, quantity = 100 } = {}) {
  const eventId = randomUUID();
  const layoutId = randomUUID();
  const ticketTypeId = randomUUID();
  const seats = Array.from({ length: seatCount }, () => randomUUID());
  pg.sql(`
    INSERT INTO seat_layouts (id, name, total_seats, layout_config) VALUES ('${layoutId}', 'layout-${layoutId}', ${seatCount}, '{"sections":[]}');
    INSERT INTO events (id, title, venue, event_date, sale_start_date, sale_end_date, status, seat_layout_id)
      VALUES ('${eventId}', 'Realtime test', 'Hall', now() + interval '30 days', now() - interval '1 day', now() + interval '10 days', 'on_sale', '${layoutId}');
    INSERT INTO ticket_types (id, event_id, name, price, total_quantity, available_quantity)
      VALUES ('${ticketTypeId}', '${eventId}', 'R', 1000, ${quantity}, ${quantity});
    ${seats.map((s, i) => `INSERT INTO seats (id, event_id, section, row_number, seat_number, seat_label, price) VALUES ('${s}', '${eventId}', 'A', 1, ${i + 1}, 'A-1-${i + 1}', 5000);`).join('\n')}
  `);
  return { eventId, ticketTypeId, seats };
}

/** A socket.io-client socket with the unchanged client's options (REALTIME.md §3). */
export function connect(url, token, options = {}) {
  return io(url, {
    auth: token === undefined ? undefined : { token },
    transports: ['websocket', 'polling'],
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    reconnectionAttempts: 50,
    forceNew: true,
    ...options,
  });
}

/** Resolves with the first `eventName` payload that satisfies `predicate`; rejects after `timeoutMs`. */
export function waitFor(socket, eventName, predicate = () => true, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(eventName, handler);
      reject(new Error(`timed out waiting for ${eventName}`));
    }, timeoutMs);
    function handler(...args) {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(eventName, handler);
      resolve(args[0]);
    }
    socket.on(eventName, handler);
  });
}

/** Resolves once `socket` is connected (at once if it already is). */
export function whenConnected(socket, timeoutMs = 10_000) {
  return socket.connected ? Promise.resolve() : waitFor(socket, 'connect', () => true, timeoutMs);
}

/** Connects and resolves once the CONNECT ack arrived. */
export async function connected(url, token, options) {
  const socket = connect(url, token, options);
  await waitFor(socket, 'connect');
  return socket;
}

/** Emits with an acknowledgement and resolves with the ack payload. */
export function emitAck(socket, eventName, payload, timeoutMs = 10_000) {
  return socket.timeout(timeoutMs).emitWithAck(eventName, payload);
}

/** Collects every payload of `eventName` into an array (for "nothing else arrived" checks). */
export function record(socket, eventName) {
  const seen = [];
  socket.on(eventName, (payload) => seen.push(payload));
  return seen;
}

/** Retries `probe` until it returns a truthy value (awaiting a condition, not sleeping blindly). */
export async function eventually(probe, { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// Starts the server under test on a loopback port: Tiketi's conformance host (default) or the
// Node.js socket.io 4.8 peer (COMPAT_TARGET=peer), both implementing the same fixture
// (loadtests/README.md, "The fixture"). The suite is validated against the peer first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { after, before, beforeEach } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const conformanceProject = path.join(repoRoot, 'tests/Tiketi.Conformance');
const conformanceDll = path.join(conformanceProject, 'bin/Release/net10.0/Tiketi.Conformance.dll');
const peerDir = path.join(repoRoot, 'loadtests/peer');

/** Which server the suite talks to: 'tiketi' (default) or 'peer'. */
export const targetName = process.env.COMPAT_TARGET === 'peer' ? 'peer' : 'tiketi';

/**
 * The heartbeat the suite asks for: short, so a dead connection is noticed within a test, but
 * not the fixture's bare 300/200 ms, which a loaded shared CI machine can miss (a stalled
 * event loop for 200 ms drops a healthy polling client). Override with COMPAT_PING_INTERVAL /
 * COMPAT_PING_TIMEOUT.
 */
const fixtureEnv = {
  TIKETI_PING_INTERVAL: process.env.COMPAT_PING_INTERVAL || '1000',
  TIKETI_PING_TIMEOUT: process.env.COMPAT_PING_TIMEOUT || '2000',
};

/** A free loopback TCP port (the OS picks it; we close the probe before the server binds). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function ensureBuilt() {
  if (targetName === 'peer') {
    if (!existsSync(path.join(peerDir, 'node_modules/socket.io'))) {
      const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: peerDir, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('npm ci in loadtests/peer failed');
    }
    return;
  }
  if (!existsSync(conformanceDll)) {
    const r = spawnSync('dotnet', ['build', conformanceProject, '-c', 'Release', '-v', 'q', '-nologo'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('dotnet build tests/Tiketi.Conformance failed');
  }
}

function commandFor(port) {
  if (targetName === 'peer') {
    return { cmd: process.execPath, args: [path.join(peerDir, 'server.js')], env: { PORT: String(port), HOST: '127.0.0.1' } };
  }
  return {
    cmd: 'dotnet',
    args: [conformanceDll, '--urls', `http://127.0.0.1:${port}`],
    env: { ASPNETCORE_ENVIRONMENT: 'Development', DOTNET_NOLOGO: '1', Logging__LogLevel__Default: 'Warning' },
  };
}

/** Resolves once an Engine.IO polling handshake answers 200, i.e. the server is really serving. */
async function awaitReady(port, proc, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  const onExit = (code, signal) => { exited = { code, signal }; };
  proc.once('exit', onExit);
  try {
    while (Date.now() < deadline) {
      if (exited) throw new Error(`server exited early (${JSON.stringify(exited)}):\n${output.join('')}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
        if (res.status === 404) {
          throw new Error(`the server on port ${port} has no Socket.IO endpoint at /socket.io/ (HTTP 404)`);
        }
      } catch (err) {
        if (err.message.includes('no Socket.IO endpoint')) throw err;
        // not listening yet: retry until the deadline
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server on port ${port} not ready within ${timeoutMs} ms:\n${output.join('')}`);
  } finally {
    proc.off('exit', onExit);
  }
}

/** A running server under test. `restart()` starts it again on the same port. */
export class Target {
  constructor(port) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.proc = null;
    this.output = [];
  }

  async start() {
    const { cmd, args, env } = commandFor(this.port);
    this.output = [];
    const proc = spawn(cmd, args, { env: { ...process.env, ...fixtureEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
    this.proc = proc;
    try {
      await awaitReady(this.port, proc, this.output, 60_000);
    } catch (err) {
      // A child left running would keep this test file's process alive forever.
      await this.stop('SIGKILL');
      throw err;
    }
    return this;
  }

  /** Stops the process: SIGKILL is a crash (no goodbye to clients); SIGTERM gets 5 s to exit. */
  async stop(signal = 'SIGTERM') {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Builds if needed, then starts the target on a free port (or the given one). */
export async function startTarget(port) {
  ensureBuilt();
  const target = new Target(port ?? (await freePort()));
  return target.start();
}

/**
 * Registers hooks that start the target once for the enclosing describe and stop it after.
 * A failed start fails every test (through beforeEach) rather than cancelling them, so a
 * missing or broken server shows up in the fail count that `./tiketi test` reads.
 */
export function serveFixture() {
  const handle = { target: null, error: null };
  before(async () => {
    try {
      handle.target = await startTarget();
    } catch (err) {
      handle.error = err;
    }
  }, { timeout: 300_000 });
  beforeEach(() => {
    if (handle.error) throw handle.error;
  });
  after(async () => {
    await handle.target?.stop();
  });
  return handle;
}

// Small awaitables around socket.io-client: every wait has a deadline, nothing sleeps.
import { io } from 'socket.io-client';

/**
 * Default deadline for one awaited event. Generous: on a starved machine a server that keeps
 * the fixture's 300/200 ms heartbeat (instead of the suite's TIKETI_PING_* values) can drop a
 * healthy client, which then reconnects and only later delivers what it buffered.
 */
export const EVENT_TIMEOUT_MS = 10_000;

/** The options the existing React client passes in every hook (REALTIME.md §3). */
export const existingClientOptions = {
  transports: ['websocket', 'polling'],
  reconnection: true,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  reconnectionAttempts: 5,
};

/**
 * Resolves with the arguments of the next `event` on `emitter` (an array), or rejects after
 * `timeoutMs`. Works for Socket, Manager (`socket.io`) and the Engine.IO socket alike.
 */
export function nextEvent(emitter, event, timeoutMs = EVENT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const listener = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.once(event, listener);
  });
}

/** Emits with an acknowledgement and resolves with all the ack's arguments. */
export function emitWithAckArgs(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(EVENT_TIMEOUT_MS).emit(event, ...args, (err, ...response) => {
      if (err) reject(new Error(`no ack for '${event}' within ${EVENT_TIMEOUT_MS} ms`));
      else resolve(response);
    });
  });
}

/**
 * Opens sockets for one test and closes them all at the end. Each `open` gets its own
 * Engine.IO connection (forceNew) unless `shareWith` names a socket whose Manager to reuse.
 */
export class ClientPool {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.sockets = [];
  }

  /** Creates a socket without waiting; listeners can be attached before `connect`. */
  open(nsp = '/', options = {}) {
    const socket = io(this.baseUrl + (nsp === '/' ? '' : nsp), { forceNew: true, ...options });
    this.sockets.push(socket);
    return socket;
  }

  /**
   * Opens a socket and resolves once it is connected and the fixture's `auth` echo has arrived,
   * with `{ socket, auth }`.
   */
  async connect(nsp = '/', options = {}) {
    const socket = this.open(nsp, options);
    const authEcho = nextEvent(socket, 'auth');
    await connected(socket);
    const [auth] = await authEcho;
    return { socket, auth };
  }

  closeAll() {
    for (const socket of this.sockets) {
      socket.io.opts.reconnection = false;
      socket.disconnect();
      // A socket on a forced-new Manager owns its engine: close it so no handle outlives the test.
      socket.io.engine?.close();
    }
    this.sockets = [];
  }
}

/** Resolves on the socket's next `connect`; rejects on `connect_error` or after the deadline. */
export function connected(socket, timeoutMs = EVENT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const done = (err) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (err) reject(err);
      else resolve(socket);
    };
    const onConnect = () => done();
    const onError = (err) => done(new Error(`connect_error: ${err && err.message}`));
    const timer = setTimeout(() => done(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** `promise`, or a rejection naming `what` if it has not settled within `timeoutMs`. */
export function within(promise, what, timeoutMs = EVENT_TIMEOUT_MS) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// Emscripten (both wasm builds) adds process 'uncaughtException' / 'unhandledRejection' listeners when
// a module starts, and its dispose wrapper is meant to remove only those. A precedence bug in
// tfjs-backend-wasm's post.js (`!list.indexOf(l) > -1` is always true) makes it remove *every*
// listener of both events, including the application's and Jest's. These helpers record which
// listeners a module start added, and put back the others after a dispose.
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
type Event = (typeof EVENTS)[number];
type Listener = (...args: unknown[]) => void;

const added = new WeakSet<Listener>();

// process.listeners/on are typed per event name; this view treats the two events alike.
const emitter = process as unknown as {
  listeners(event: Event): Listener[];
  on(event: Event, listener: Listener): unknown;
};

function snapshot(): Record<Event, Listener[]> {
  return { uncaughtException: emitter.listeners('uncaughtException'), unhandledRejection: emitter.listeners('unhandledRejection') };
}

/** Runs `start` and remembers the listeners it added as the wasm module's own. */
export async function recordingModuleListeners<T>(start: () => Promise<T>): Promise<T> {
  const before = snapshot();
  try {
    return await start();
  } finally {
    const after = snapshot();
    for (const event of EVENTS) {
      for (const listener of after[event]) if (!before[event].includes(listener)) added.add(listener);
    }
  }
}

/** Runs `dispose` and re-adds every listener it removed that a wasm module start did not add. */
export function preservingForeignListeners<T>(dispose: () => T): T {
  const before = snapshot();
  try {
    return dispose();
  } finally {
    for (const event of EVENTS) {
      const now = emitter.listeners(event);
      for (const listener of before[event]) {
        if (!added.has(listener) && !now.includes(listener)) emitter.on(event, listener);
      }
    }
  }
}

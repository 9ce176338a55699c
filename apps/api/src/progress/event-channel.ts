/**
 * A push-to-pull bridge: producers push events, one GraphQL subscription pulls them as an async iterator.
 * `onClose` runs once, whether the consumer stops (client unsubscribed) or the producer ends the stream.
 */
export class EventChannel<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private readonly pulls: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  private closed = false;
  private failure: { error: unknown } | null = null;

  constructor(private readonly onClose: () => void = () => undefined) {}

  push(value: T): void {
    if (this.closed) return;
    const pull = this.pulls.shift();
    if (pull) pull.resolve({ value, done: false });
    else this.buffered.push(value);
  }

  /** Delivers what is buffered, then completes. */
  end(): void {
    if (this.closed) return;
    this.close();
    for (const pull of this.pulls.splice(0)) pull.resolve({ value: undefined, done: true });
  }

  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.close();
    for (const pull of this.pulls.splice(0)) pull.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift() as T, done: false });
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.pulls.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.buffered.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private close(): void {
    this.closed = true;
    this.onClose();
  }
}

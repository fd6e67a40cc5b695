/**
 * A push-to-pull bridge for one subscriber: the hub pushes, GraphQL's subscription executor pulls.
 * Bounded: a consumer that falls `maxBuffered` messages behind is ended with `SlowConsumerError`
 * instead of letting its backlog grow without limit.
 */
export class SlowConsumerError extends Error {
  constructor(maxBuffered: number) {
    super(`Subscriber fell more than ${maxBuffered} messages behind and was dropped; resubscribe to get the current state.`);
    this.name = 'SlowConsumerError';
  }
}

export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private readonly waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  private failure: unknown = null;
  private done = false;

  constructor(
    private readonly maxBuffered: number,
    private readonly onClose: () => void,
  ) {}

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) return waiter.resolve({ value, done: false });
    if (this.buffered.length >= this.maxBuffered) return this.fail(new SlowConsumerError(this.maxBuffered));
    this.buffered.push(value);
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.finish();
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift()!, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure instanceof Error ? failure : new Error(String(failure)));
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    this.buffered.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
  }
}

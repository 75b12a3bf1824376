/**
 * The request bookkeeping of the Parquet decode workers (Node worker thread and renderer Web
 * Worker): each request gets an id; the worker answers `{ id, ipc }` or `{ id, error }`.
 */
export interface WorkerAnswer {
  id: number;
  ipc?: Uint8Array;
  error?: string;
}

export class PendingAnswers {
  private readonly pending = new Map<number, { resolve: (ipc: Uint8Array) => void; reject: (e: Error) => void }>();
  private seq = 0;

  /** `busy(true)` when the first request goes out, `busy(false)` when none is left open. */
  constructor(private readonly busy: (busy: boolean) => void = () => {}) {}

  /** A new request: `send` posts it to the worker with its id. */
  ask(send: (id: number) => void): Promise<Uint8Array> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.busy(true);
      this.pending.set(id, { resolve, reject });
      send(id);
    });
  }

  answer(m: WorkerAnswer): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.busy(false);
    if (m.ipc) p.resolve(m.ipc);
    else p.reject(new Error(m.error ?? 'no data'));
  }

  /** The worker failed or stopped: every open request fails with `e`. */
  failAll(e: Error): void {
    const open = [...this.pending.values()];
    this.pending.clear();
    if (open.length) this.busy(false);
    for (const p of open) p.reject(e);
  }
}

/**
 * A long-lived decode worker shared by every Parquet file (Node worker thread or renderer Web
 * Worker): files are opened by id, row groups decoded in the order asked, and the worker's
 * parquet-wasm stays compiled and warm between loads. `post` sends a message to the worker; the
 * owner routes the worker's answers to `answer` and its failure to `failAll`, and may use `busy`
 * to keep the process alive only while a request is open (Node).
 */
export class SharedDecodeWorker extends PendingAnswers {
  private nextFile = 0;

  constructor(
    private readonly post: (message: object) => void,
    busy?: (busy: boolean) => void,
  ) {
    super(busy);
  }

  /** Opens a file in the worker (`source`: { path } in Node, { blob, wasm } in the renderer). */
  open(source: object): { decode(group: number, batchSize: number): Promise<Uint8Array>; close(): void } {
    const file = ++this.nextFile;
    this.post({ open: file, ...source });
    return {
      decode: (group, batchSize) => this.ask((id) => this.post({ id, file, group, batchSize })),
      close: () => this.post({ close: file }),
    };
  }
}

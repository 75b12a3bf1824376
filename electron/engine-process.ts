/**
 * The native engine in an Electron utility process (src/engine-host/node-utility-entry.ts,
 * bundled to engine-utility.mjs): forked on the first window that asks, handed one end of a
 * MessageChannelMain per page (the renderer gets the other through the preload), and told every
 * path the PathGuard grants, so the engine reads only files the user chose. The renderer talks to
 * it directly (src/engine-host/port-transport.ts); Arrow results never pass through main.
 */
import { ENGINE_PORT_CHANNEL, type EngineControl } from '../src/host/engine-port.js';

/** What this module needs of Electron's UtilityProcess (tests pass a fake). */
export interface UtilityLike<P = unknown> {
  postMessage(message: EngineControl, transfer?: P[]): void;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** What it needs of a WebContents: Electron's postMessage with transferred ports. */
export interface PortReceiver<P = unknown> {
  postMessage(channel: string, message: unknown, transfer: P[]): void;
}

export interface EngineProcessDeps<P> {
  /** utilityProcess.fork(entry, [], { serviceName }) */
  fork(entry: string): UtilityLike<P>;
  /** new MessageChannelMain() */
  channel(): { port1: P; port2: P };
}

/** P: the port type (Electron's MessagePortMain). */
export class EngineProcess<P = unknown> {
  private child: UtilityLike<P> | null = null;
  private readonly granted = new Set<string>();

  constructor(
    private readonly deps: EngineProcessDeps<P>,
    private readonly entry: string,
  ) {}

  private process(): UtilityLike<P> {
    if (!this.child) {
      const child = this.deps.fork(this.entry);
      child.on('exit', () => {
        if (this.child === child) this.child = null;
      });
      // A restarted engine learns again what the user chose.
      for (const path of this.granted) child.postMessage({ type: 'grant', path });
      this.child = child;
    }
    return this.child;
  }

  /** Pairs `contents` with the engine: one port each (the preload passes the page's on). */
  connect(contents: PortReceiver<P>): void {
    const { port1, port2 } = this.deps.channel();
    this.process().postMessage({ type: 'engine-port' }, [port1]);
    contents.postMessage(ENGINE_PORT_CHANNEL, null, [port2]);
  }

  /** A path the PathGuard granted (canonical): the engine may read it. */
  grant(path: string): void {
    this.granted.add(path);
    this.child?.postMessage({ type: 'grant', path });
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
  }
}
